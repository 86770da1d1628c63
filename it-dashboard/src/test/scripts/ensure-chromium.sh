#!/bin/sh
# Debian's chromium for DashboardIT: installed when missing if we may (root, as in CI containers).
set -e
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "it-dashboard: chromium is not installed and this user cannot install it: run 'sudo apt-get install chromium'" >&2
exit 1
