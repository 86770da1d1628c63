#!/usr/bin/env bash
# Throughput of one Gatling run with the k6bridge hook against one without: the same ThroughputSimulation
# (closed model, USERS users looping GETs of a 256-byte static file for DURATION s), forked as
# gatling-maven-plugin forks it, against a loopback nginx (one worker, keep-alive), configurations interleaved
# in rounds with the order rotating each round. Throughput is the requests nginx served during the run (its
# stub_status counter, independent of Gatling) divided by DURATION; Gatling's own count is printed beside it.
#
#   test-plans/gatling/throughput.sh        # ROUNDS=5 DURATION=10 USERS=20 PORT=18091 by default
#
# Configurations: none (no hook), k6 (hook, no output: translation, ingest and aggregation for the summary),
# k6-json (hook and --out json to a file). Needs nginx (Debian: apt-get install -y nginx-light) and the module's
# test classes (Gatling 3.15.1): ./mvnw -q -pl test-plans/gatling/gatling-3.15 -am install -DskipTests
# Writes test-plans/gatling/target/throughput/result.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
USERS=${USERS:-20}
PORT=${PORT:-18091}
CONFIGS=${CONFIGS:-"none k6 k6-json"}

work="$here/target/throughput"
rm -rf "$work"
mkdir -p "$work/nginx/tmp" "$work/www" "$work/logs"
head -c 256 /dev/zero | tr '\0' 'k' > "$work/www/index.html"
sed -e "s#@PORT@#$PORT#" -e "s#@ROOT@#$work/www#" "$root/benchmarks/overhead/nginx.conf.template" > "$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" -g 'daemon on;'
stop_nginx() { [[ -f $work/nginx/nginx.pid ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; }
trap stop_nginx EXIT
served() { curl -s "http://127.0.0.1:$PORT/nginx_status" | awk 'NR==3 {print $3}'; }
for _ in $(seq 50); do [[ -n $(served 2>/dev/null) ]] && break; sleep 0.1; done

(cd "$root" && ./mvnw -q -o -pl test-plans/gatling/gatling-3.15 dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$here/gatling-3.15/target/test-classes:$(cat "$work/cp.txt")"

out="$work/result.txt"
{
  echo "# Gatling throughput with and without k6bridge, $(date -u +%FT%TZ)"
  echo "# rounds=$ROUNDS duration=${DURATION}s users=$USERS configs: $CONFIGS"
  echo "# machine: $(nproc) cores, $(uname -sr); $(java -version 2>&1 | head -1); $(nginx -v 2>&1); repo HEAD $(git -C "$root" rev-parse --short HEAD)"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# columns: round config nginx_requests req/s gatling_requests load1"
} > "$out"

configs=($CONFIGS)
for round in $(seq "$ROUNDS"); do
  n=${#configs[@]}
  for i in $(seq 0 $((n - 1))); do
    config=${configs[$(((i + round) % n))]}
    args=()
    case $config in
      none) ;;
      k6) args=(-Dk6bridge.attach=true ) ;;
      k6-json) args=(-Dk6bridge.attach=true "-DK6_OUT=json=$work/out.json") ;;
    esac
    load1=$(cut -d' ' -f1 /proc/loadavg)
    before=$(served)
    # gatling-maven-plugin's own fork options (GatlingConstants.DEFAULT_JVM_OPTIONS_GATLING), logging as in the ITs.
    java -Xms1g -Xmx1g -XX:+HeapDumpOnOutOfMemoryError -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 \
      --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
      "-Dlogback.configurationFile=$here/src/test/resources/logback-gates.xml" -Dgatling.conf.file=throughput.conf -cp "$cp" "-Dthroughput.url=http://127.0.0.1:$PORT/index.html" \
      "-Dthroughput.seconds=$DURATION" "-Dthroughput.users=$USERS" "${args[@]}" \
      io.gatling.app.Gatling -s io.k6bridge.testplans.gatling.ThroughputSimulation \
      --results-folder "$work/results/$round-$config" --no-reports > "$work/logs/$round-$config.log" 2>&1
    after=$(served)
    requests=$((after - before - 1)) # the "after" status request counts itself
    gatling=$(grep -m1 -E "request count" "$work/logs/$round-$config.log" | grep -oE '[0-9]+' | head -1 || echo '?')
    printf '%s %s %s %s %s %s\n' "$round" "$config" "$requests" "$(awk -v r="$requests" -v d="$DURATION" 'BEGIN {printf "%.0f", r / d}')" "$gatling" "$load1" >> "$out"
    rm -f "$work/out.json"
  done
done

echo "# medians (req/s) and ratio to none:" >> "$out"
for config in "${configs[@]}"; do
  awk -v c="$config" '$2 == c {print $4}' "$out" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}' > "$work/median-$config"
done
base=$(cat "$work/median-none" 2>/dev/null || echo 0)
for config in "${configs[@]}"; do
  m=$(cat "$work/median-$config")
  echo "# $config median $m req/s, ratio $(awk -v m="$m" -v b="$base" 'BEGIN {if (b > 0) printf "%.3f", m / b; else print "?"}')" >> "$out"
done
cat "$out"
