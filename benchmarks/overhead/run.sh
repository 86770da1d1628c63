#!/usr/bin/env bash
# End-to-end overhead of a Backend Listener, as a user feels it: real JMeter 5.6.3, 2 threads sending keep-alive
# GETs to a loopback nginx, once per configuration, configurations interleaved in rounds (the order rotates each
# round). Throughput is the requests nginx served (its stub_status counter, so it does not depend on anything inside
# JMeter) in a window of MEASURE seconds that starts WARMUP seconds into the load, as a test of some minutes would
# see it; each configuration is reported as the median of its rounds, relative to the no-listener median, and as
# the median of each round's ratio to that round's no-listener run.
#
#   benchmarks/overhead/run.sh    # ROUNDS=3 WARMUP=15 MEASURE=20 THREADS=2 PORT=18081 NICE=0 by default
#
# Needs nginx (Debian: apt-get install -y nginx-light) and the JMeter home that
# `./mvnw -q -pl benchmarks -am install -DskipTests -Poverhead` builds from Maven Central.
# Writes benchmarks/results/overhead-<UTC time>.txt; scratch files go to benchmarks/target/overhead.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15}
MEASURE=${MEASURE:-20}
DURATION=$((WARMUP + MEASURE + 3)) # the plan's load: the window plus a margin for the last poll
THREADS=${THREADS:-2}
PORT=${PORT:-18081}
INFLUXDB_PORT=${INFLUXDB_PORT:-9} # discard: nothing listens on loopback
CONFIGS=${CONFIGS:-"none noop-listener k6-engine k6-aggregating k6-aggregating-gui k6-prw k6-dashboard k6-json k6-csv k6-jsongz influxdb"}
# On a shared machine, NICE=-15 (as root) gives nginx and JMeter the cores ahead of other work, which approaches
# an otherwise idle machine; every configuration runs at the same priority.
NICE=${NICE:-0}
work="$module/target/overhead"
# shellcheck source=common.sh
source "$here/common.sh"

summarize() { # appends the per-configuration medians to $out
  local c m cm om im sm ow all pr ratios ci base cbase ibase=0
  rows() { awk -v c="$1" -v col="$2" '$2 == c && $col != "?" {print $col}' "$out"; }
  base=$(rows none 7 | median)
  cbase=$(rows none 8 | median)
  # Files written before column 10 held instructions have load1 there.
  grep -q 'kinstr/req' "$out" && ibase=$(rows none 10 | median)
  for c in "${configs[@]}"; do
    m=$(rows "$c" 7 | median)
    cm=$(rows "$c" 8 | median)
    om=$(rows "$c" 9 | median)
    im=0
    [[ ${ibase:-0} == 0 ]] || im=$(rows "$c" 10 | median)
    # Sampler threads' and the listener's own threads' instructions, from column 11 where it has them.
    sm=$(awk -v c="$c" '$2 == c && $11 ~ /^s[0-9]/ {split(substr($11, 2), p, "/"); print p[1]}' "$out" | median)
    ow=$(awk -v c="$c" '$2 == c && $11 ~ /^s[0-9]/ {split($11, p, "/"); print substr(p[2], 2)}' "$out" | median)
    all=$(rows "$c" 7 | tr '\n' ' ')
    ratios=$(awk -v c="$c" '$1 ~ /^[0-9]+$/ && $2 == "none" && $7 != "?" {n[$1] = $7}
      $1 ~ /^[0-9]+$/ && $2 == c && $7 != "?" {v[$1] = $7}
      END {for (r in v) if (n[r] > 0) print 100 * v[r] / n[r]}' "$out")
    pr=$(median <<< "$ratios")
    ci=$(interval <<< "$ratios")
    awk -v c="$c" -v m="$m" -v b="$base" -v all="$all" -v cm="$cm" -v cb="$cbase" -v pr="$pr" -v ci="$ci" -v om="$om" \
      -v im="${im:-0}" -v ib="${ibase:-0}" -v sm="$sm" -v ow="$ow" 'BEGIN {printf "%-18s %8d  %6.1f %%  (%s) | %6.1f us/req  %6.1f %% | %6.1f %% [%s] | %5.2f us/req", \
      c, m, b ? 100 * m / b : 0, all, cm, cm ? 100 * cb / cm : 0, pr, ci, om
      if (im > 0 && ib > 0) printf " | %7.1f kinstr/req  %6.1f %%", im, 100 * ib / im
      if (sm != "") printf " | sampler %6.1f, own %4.1f kinstr/req", sm, ow
      printf "\n"}' \
      | tee -a "$out"
  done
}

summarize_finished

find_jmeter
rm -rf "$work"
mkdir -p "$work/logs" "$module/results"
prepare_listeners
write_plans "$work/plans" "$PORT"
nginx_worker=$(start_nginx "$work/nginx" "$PORT")
stop_nginx() { [[ -f $work/nginx/nginx.pid ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; }
trap stop_nginx EXIT

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$module/results/overhead-$stamp.txt"
{
  echo "# k6bridge end-to-end overhead, $(date -u +%FT%TZ)"
  echo "# rounds=$ROUNDS duration=${DURATION}s threads=$THREADS nice=$NICE configs: $CONFIGS"
  header_facts
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# warm-up ${WARMUP}s, measured window ${MEASURE}s"
  echo "# columns: round config requests req/s(requests/duration) summariser_req/s window_s window_req/s"
  echo "#          cpu_us/req(JMeter+nginx CPU in the window per request) own_us/req(of it, the CPU of the"
  echo "#          listener's own threads: k6bridge-*, OkHttp) kinstr/req(thousands of instructions JMeter and nginx"
  echo "#          retired in the window per request, from perf stat; '?' without perf) kinstr/req by thread (s: the"
  echo "#          sampler threads, o: the listener's own threads, n: nginx, j: the JIT compilers, g: GC, r: the rest)"
  echo "#          load1 | k6bridge end-of-run"
  echo "#          line, file sizes"
} > "$out"

ticks=$(getconf CLK_TCK)
# Instructions retired per request move far less when the host slows the machine down than wall time and CPU time
# do (seen here: the no-listener CPU per request doubled within one run), so they are counted where perf can.
count_instructions=no
perf stat -e instructions true >/dev/null 2>&1 && count_instructions=yes
# Per thread of ours (k6bridge-*) or of our HTTP client (OkHttp *): "tid utime+stime". The listener's work off the
# sampler threads is the growth between two of these; a thread started in between counts from zero, and one that
# ended in between is missed (none of ours does during load).
own_threads() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '/\((k6bridge|OkHttp)/ {tid = $1; sub(/.*\) /, ""); print tid, $12 + $13}'
}
own_growth() { # before-file after-file
  awk 'NR == FNR {b[$1] = $2; next} {g += $2 - ($1 in b ? b[$1] : 0)} END {print g + 0}' "$1" "$2"
}

run_one() { # round config
  local round=$1 config=$2 plan k6out
  listener_args "$config" "$PORT" "$work/out"
  local log="$work/logs/$round-$config.log" load1 before now prev polls=1 pid
  local t0="" t1="" j0=0 j1=0 n0=0 n1=0 r0=0 r1=0 p0=0 p1=0
  load1=$(cut -d' ' -f1 /proc/loadavg)
  before=$(served "$PORT"); prev=$before
  (jmeter_command "$work/plans/$plan.jmx" "$log" "${k6out[@]}" > "$work/logs/$round-$config.out" 2>&1) &
  pid=$!
  # The measured window: MEASURE seconds of load starting WARMUP seconds after requests start flowing, so JMeter's
  # start-up, the JIT compiling either configuration's code, and the shutdown are left out. Requests (nginx's
  # counter) and CPU time of JMeter, of the nginx worker and of the listener's own threads are read at both ends.
  local flowing="" since perf_pid=""
  rm -f "$work/perf"
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.25
    now=$(served "$PORT"); polls=$((polls + 1))
    if [[ -z $flowing && $((now - prev)) -gt 1 ]]; then
      flowing=$(date +%s.%N)
    elif [[ -n $flowing && -z $t1 ]]; then
      since=$(awk -v a="$flowing" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')
      if [[ -z $t0 ]] && awk -v s="$since" -v w="$WARMUP" 'BEGIN {exit !(s >= w)}'; then
        t0=$(date +%s.%N); j0=$(cpu_ticks "$pid"); n0=$(cpu_ticks "$nginx_worker"); own_threads "$pid" > "$work/own0"; r0=$now; p0=$polls
        if [[ $count_instructions == yes ]]; then
          perf stat --per-thread -x, -e instructions -p "$pid,$nginx_worker" -o "$work/perf" 2>/dev/null &
          perf_pid=$!
        fi
      elif [[ -n $t0 ]] && awk -v s="$since" -v w="$((WARMUP + MEASURE))" 'BEGIN {exit !(s >= w)}'; then
        t1=$(date +%s.%N); j1=$(cpu_ticks "$pid"); n1=$(cpu_ticks "$nginx_worker"); own_threads "$pid" > "$work/own1"; r1=$now; p1=$polls
        # The window must end while requests still flow.
        if [[ $((now - prev)) -gt 1 ]]; then
          [[ -z $perf_pid ]] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; }
        else
          t1=""
        fi
      fi
    fi
    prev=$now
  done
  wait "$pid" || true
  [[ -z $perf_pid || -n $t1 ]] || { kill -INT "$perf_pid"; wait "$perf_pid" || true; rm -f "$work/perf"; }
  now=$(served "$PORT"); polls=$((polls + 1))
  local requests=$((now - before - polls))
  local rate window wreq cpu own instr="?" parts="?"
  rate=$(awk -v n="$requests" -v d="$DURATION" 'BEGIN {printf "%.0f", n / d}')
  if [[ -n $t0 && -n $t1 ]]; then
    read -r window wreq cpu own < <(awk -v t0="$t0" -v t1="$t1" -v q="$((r1 - r0 - (p1 - p0)))" -v j="$((j1 - j0))" \
      -v n="$((n1 - n0))" -v o="$(own_growth "$work/own0" "$work/own1")" -v hz="$ticks" 'BEGIN {w = t1 - t0; \
      printf "%.2f %.0f %.1f %.2f\n", w, q / w, 1e6 * (j + n) / hz / q, 1e6 * o / hz / q}')
    if [[ -f $work/perf ]]; then
      read -r instr parts < <(perf_parts "$work/perf" "$((r1 - r0 - (p1 - p0)))" instructions)
      instr=${instr:-?} parts=${parts:-?}
    fi
  else
    window=? wreq=? cpu=? own=?
  fi
  local summ k6line size=""
  summ=$(grep -o 'summary = .*' "$work/logs/$round-$config.out" | tail -1 | sed -n 's#.*= *\([0-9.]*\)/s.*#\1#p')
  k6line=$(grep -o 'k6bridge: [0-9]* samples delivered.*' "$log" | tail -1 || true)
  for f in "$work"/out.*; do [[ -f $f ]] && size="$size $(basename "$f")=$(stat -c %s "$f")B"; done
  rm -f "$work"/out.*
  echo "$round $config $requests $rate ${summ:-?} $window $wreq $cpu $own $instr $parts $load1 | ${k6line}${size}" | tee -a "$out"
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
  echo "# config  median req/s  vs none  (rounds) | median CPU us/req, none's / this one's (the throughput ratio a"
  echo "#   dedicated 2-core machine would show if JMeter and nginx used both cores fully) | median of each round's"
  echo "#   req/s over the same round's none (robust to load that drifts between rounds) | median CPU of the listener's"
  echo "#   own threads per request (k6bridge-*, OkHttp; the sampler-thread part is what JMH measures) | median"
  echo "#   instructions per request, none's / this one's (the throughput ratio at equal instructions per cycle) | median"
  echo "#   instructions per request of the sampler threads and of the listener's own threads"
} >> "$out"
summarize
echo "results: $out"
