#!/bin/sh
# Installs Debian's Python gRPC (grpcio, protobuf, grpc tools) when missing: the test plug-ins of
# K6_OUT=plugin= serve the xk6-output-plugin protocol with them, as the SDKs do with grpcio.
set -eu
/usr/bin/python3 -c 'import grpc, grpc_tools, google.protobuf' 2>/dev/null && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-python-grpc: missing python3-grpcio python3-protobuf python3-grpc-tools and not root;" \
    "install them with apt-get" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends python3 python3-grpcio python3-protobuf python3-grpc-tools
