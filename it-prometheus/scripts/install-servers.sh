#!/bin/sh
# Installs Prometheus, VictoriaMetrics and InfluxDB 1.x from Debian when missing, without letting Debian start its
# own services (the tests start their own instances on free loopback ports with temp data dirs).
set -eu
need=""
command -v prometheus >/dev/null 2>&1 || need="$need prometheus"
command -v victoria-metrics >/dev/null 2>&1 || need="$need victoria-metrics"
command -v influxd >/dev/null 2>&1 || need="$need influxdb"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-servers: missing$need and not root; install them with apt-get" >&2
  exit 1
fi
# policy-rc.d exit 101 forbids invoke-rc.d from starting services during the install.
created=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  created=yes
fi
trap '[ -n "$created" ] && rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends $need
# Under systemd the packaged units may still be running: stop them so ports 9090/8428/8086 stay free.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl stop prometheus victoria-metrics influxdb 2>/dev/null || true
  systemctl disable prometheus victoria-metrics influxdb 2>/dev/null || true
fi
