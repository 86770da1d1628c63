#!/usr/bin/env bash
# End-to-end overhead of a Backend Listener, as a user feels it: real JMeter 5.6.3, 2 threads sending keep-alive
# GETs to a loopback nginx for 10 s, once per configuration, configurations interleaved in rounds (the order
# rotates each round). Throughput is the requests nginx served during the run (its stub_status counter, so it does
# not depend on anything inside JMeter) divided by the run's duration; each configuration is reported as the
# median of its rounds, relative to the no-listener median.
#
#   benchmarks/overhead/run.sh            # ROUNDS=3 DURATION=10 THREADS=2 PORT=18081 by default
#
# Needs nginx (Debian: apt-get install -y nginx-light) and the JMeter home that
# `./mvnw -q -pl benchmarks -am install -DskipTests -Poverhead` builds from Maven Central.
# Writes benchmarks/results/overhead-<UTC time>.txt; scratch files go to benchmarks/target/overhead.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
PORT=${PORT:-18081}
INFLUXDB_PORT=${INFLUXDB_PORT:-9} # discard: nothing listens on loopback
CONFIGS=${CONFIGS:-"none k6-engine k6-json k6-csv k6-jsongz influxdb"}

command -v nginx >/dev/null || { echo "nginx is missing: apt-get install -y nginx-light" >&2; exit 2; }
config_json="$module/target/config.json"
[[ -f $config_json ]] || { echo "no JMeter home: run ./mvnw -q -pl benchmarks -am install -DskipTests -Poverhead" >&2; exit 2; }
jmeter_home=$(sed -n 's/.*"jmeterDirectoryPath":"\([^"]*\)".*/\1/p' "$config_json")
jmeter_jar=$(ls "$jmeter_home"/bin/ApacheJMeter*.jar | head -1)
[[ -f $jmeter_home/lib/ext/k6bridge-jmeter-0.1.0.jar ]] || { echo "k6bridge jar missing in $jmeter_home/lib/ext" >&2; exit 2; }

work="$module/target/overhead"
rm -rf "$work"
mkdir -p "$work/nginx/tmp" "$work/www" "$work/plans" "$work/logs" "$module/results"
# A small static body, about the size of a small JSON API response.
head -c 256 /dev/zero | tr '\0' 'k' > "$work/www/index.html"

# One plan per listener, from the template.
values=(-e "s#@THREADS@#$THREADS#" -e "s#@DURATION@#$DURATION#" -e "s#@PORT@#$PORT#" -e "s#@INFLUXDB_PORT@#$INFLUXDB_PORT#")
for listener in none k6bridge influxdb; do
  if [[ $listener == none ]]; then
    sed '/<!--LISTENER-->/d' "$here/plan.jmx"
  else
    sed -e "/<!--LISTENER-->/r $here/listener-$listener.xml" -e '/<!--LISTENER-->/d' "$here/plan.jmx"
  fi | sed "${values[@]}" > "$work/plans/$listener.jmx"
done

sed -e "s#@PORT@#$PORT#" -e "s#@ROOT@#$work/www#" "$here/nginx.conf.template" > "$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" -g 'daemon on;'
stop_nginx() { [[ -f $work/nginx/nginx.pid ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; }
trap stop_nginx EXIT
served() { curl -s "http://127.0.0.1:$PORT/nginx_status" | awk 'NR==3 {print $3}'; }
for _ in $(seq 50); do served >/dev/null 2>&1 && [[ -n $(served) ]] && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$PORT/index.html" >/dev/null

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$module/results/overhead-$stamp.txt"
{
  echo "# k6bridge end-to-end overhead, $(date -u +%FT%TZ)"
  echo "# rounds=$ROUNDS duration=${DURATION}s threads=$THREADS configs: $CONFIGS"
  echo "# machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(nginx -v 2>&1)"
  echo "# JMeter: $(basename "$jmeter_jar"), heap -Xms1g -Xmx1g, httpclient.reset_state_on_thread_group_iteration=false"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# round config requests req/s summariser_req/s load1 | k6bridge end-of-run line"
} > "$out"

run_one() { # round config
  local round=$1 config=$2 plan k6out=() before after requests rate log summ
  case $config in
    none) plan=none ;;
    influxdb) plan=influxdb ;;
    k6-engine) plan=k6bridge; k6out=(-JK6_OUT=) ;;
    k6-json) plan=k6bridge; k6out=("-JK6_OUT=json=$work/out.json") ;;
    k6-csv) plan=k6bridge; k6out=("-JK6_OUT=csv=$work/out.csv") ;;
    k6-jsongz) plan=k6bridge; k6out=("-JK6_OUT=json=$work/out.json.gz") ;;
    *) echo "unknown config $config" >&2; exit 2 ;;
  esac
  log="$work/logs/$round-$config.log"
  local load1; load1=$(cut -d' ' -f1 /proc/loadavg)
  before=$(served)
  (cd "$jmeter_home/bin" && env -u K6_OUT java -Xms1g -Xmx1g -XX:MaxMetaspaceSize=256m -jar "$jmeter_jar" -n \
      -t "$work/plans/$plan.jmx" -j "$log" -Jhttpclient.reset_state_on_thread_group_iteration=false \
      "${k6out[@]}" > "$work/logs/$round-$config.out" 2>&1)
  after=$(served)
  requests=$((after - before - 1)) # less our own status request
  rate=$(awk -v n="$requests" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
  summ=$(grep -o 'summary = .*' "$work/logs/$round-$config.out" | tail -1 | sed -n 's#.*= *\([0-9.]*\)/s.*#\1#p')
  local k6line; k6line=$(grep -o 'k6bridge: [0-9]* samples delivered.*' "$log" | tail -1 || true)
  local size=""
  for f in "$work"/out.*; do [[ -f $f ]] && size="$size $(basename "$f")=$(stat -c %s "$f")B"; done
  rm -f "$work"/out.*
  echo "$round $config $requests $rate ${summ:-?} $load1 | ${k6line}${size}" | tee -a "$out"
}

read -r -a configs <<< "$CONFIGS"
n=${#configs[@]}
for ((round = 1; round <= ROUNDS; round++)); do
  for ((i = 0; i < n; i++)); do
    run_one "$round" "${configs[$(((i + round - 1) % n))]}"
  done
done

{
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# config  median req/s  vs none  (rounds)"
} >> "$out"
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
base=$(awk '$2 == "none" {print $4}' "$out" | median)
for c in "${configs[@]}"; do
  m=$(awk -v c="$c" '$2 == c {print $4}' "$out" | median)
  all=$(awk -v c="$c" '$2 == c {printf "%s ", $4}' "$out")
  awk -v c="$c" -v m="$m" -v b="$base" -v all="$all" \
    'BEGIN {printf "%-10s %8d  %6.1f %%  (%s)\n", c, m, b ? 100 * m / b : 0, all}' | tee -a "$out"
done
echo "results: $out"
