#!/usr/bin/env bash
# How late a distributed JMeter run's results reach the controller, per JMeter sample sender mode: two
# jmeter-server engines and a controller on loopback run it-thresholds' tail.jmx, and k6bridge's
# k6bridge_relay_lag (each engine's worst delay of each second, ms) is read from the k6 JSON output.
# Needs a JMeter home with k6bridge in lib/ext (./mvnw -pl it-thresholds verify makes one) and a target
# answering on TARGET_PORT (io.k6bridge.testplans.LoopbackTarget). Usage:
#   JMETER_HOME=... TARGET_PORT=... benchmarks/distributed/relay-lag.sh [mode ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
modes=("${@:-StrippedBatch StrippedAsynch Stripped}")
plan=it-thresholds/src/test/jmeter/tail.jmx
out=$(mktemp -d)
jmeter() { java -Xmx256m -jar "$JMETER_HOME"/bin/ApacheJMeter*.jar "$@"; }
for mode in ${modes[@]}; do
  pids=()
  for port in 47101 47103; do
    jmeter -s -Jserver_port=$port -Jserver.rmi.localport=$((port + 1)) -Jserver.rmi.ssl.disable=true \
      -Jmode=$mode -Djava.rmi.server.hostname=127.0.0.1 -j "$out/engine-$port.log" > "$out/engine-$port.out" 2>&1 &
    pids+=($!)
  done
  sleep 8
  jmeter -n -t "$plan" -R 127.0.0.1:47101,127.0.0.1:47103 -X -Jserver.rmi.ssl.disable=true -Jmode=$mode \
    -Gtarget.port="$TARGET_PORT" -Gthreads=4 -Gloops=3000 -Jresults.dir="$out" -JK6_THRESHOLDS={} \
    -JK6_OUT=json="$out/$mode.json" -l "$out/$mode.jtl" -j "$out/$mode.log" > "$out/$mode.out" 2>&1 || true
  wait "${pids[@]}" 2>/dev/null || true
  python3 - "$out/$mode.json" "$mode" <<'PY'
import json, sys, statistics
from datetime import datetime
lags, ends = [], []
for line in open(sys.argv[1]):
    if '"Point"' not in line:
        continue
    r = json.loads(line)
    if r["metric"] == "k6bridge_relay_lag":
        lags.append(r["data"]["value"])
    elif r["metric"] == "http_reqs":
        ends.append(datetime.fromisoformat(r["data"]["time"][:26].rstrip("Z")).timestamp())
lags.sort()
print(f"{sys.argv[2]:15} {len(ends):6} requests at {len(ends) / (max(ends) - min(ends)):6.0f}/s;"
      f" relay lag over {len(lags)} readings: median {statistics.median(lags):4.0f} ms,"
      f" p90 {lags[int(len(lags) * 0.9)]:4.0f} ms, max {lags[-1]:4.0f} ms")
PY
done
