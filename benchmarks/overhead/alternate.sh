#!/usr/bin/env bash
# End-to-end overhead of a Backend Listener with the machine's drift taken out. run.sh runs one configuration at
# a time; on a VM whose speed moves by more than the effect within a minute, each round's ratio then measures the
# VM as much as the listener. Here every configuration of a round runs at once, each JMeter (THREADS threads,
# keep-alive GETs) with its own loopback nginx, and they take turns: every SLICE seconds the running JMeter is stopped
# (SIGSTOP) and the next one continued, so each has the whole machine for its turn, as in run.sh, and a slow-down
# of the host falls on all of them alike. Throughput is the requests its nginx served per second of its
# own turns, over MEASURE seconds of turns that start after WARMUP seconds of turns; each round's ratio is a
# configuration's throughput over the no-listener one's of the same round. Timers inside JMeter and the listener
# run on wall time, which is longer than a JMeter's turns (by the number of configurations): the listener's
# periodic work (pushes, dashboard periods, telemetry) is counted that many times over, against the listener.
#
#   CONFIGS="none k6-aggregating" ROUNDS=12 benchmarks/overhead/alternate.sh
#     # WARMUP=25 MEASURE=20 SLICE=0.5 THREADS=2 PORT=18081 (and up, one port a configuration) NICE=0
#     # EVENTS=instructions,cycles by default
#
# Needs what run.sh needs. Writes benchmarks/results/alternate-<UTC time>.txt.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(dirname "$here")
ROUNDS=${ROUNDS:-6}
WARMUP=${WARMUP:-25}
MEASURE=${MEASURE:-20}
SLICE=${SLICE:-0.5}
THREADS=${THREADS:-2}
PORT=${PORT:-18081}
INFLUXDB_PORT=${INFLUXDB_PORT:-9}
CONFIGS=${CONFIGS:-"none k6-aggregating"}
NICE=${NICE:-0}
# Two perf events counted per thread in the window; EVENTS=instructions:u,instructions:k splits user and kernel.
EVENTS=${EVENTS:-instructions,cycles}
IFS=, read -r event1 event2 <<< "$EVENTS"
work="$module/target/alternate"
# shellcheck source=common.sh
source "$here/common.sh"
read -r -a configs <<< "$CONFIGS"
n=${#configs[@]}
[[ ${configs[0]} == none ]] || { echo "CONFIGS must start with none, the baseline" >&2; exit 2; }
# The plans' own duration only bounds a run that goes wrong: each JMeter is stopped once its window is measured.
DURATION=$((n * (WARMUP + MEASURE) + 120))

summarize() { # appends each configuration's medians to $out
  local c col ratio line
  for c in "${configs[@]}"; do
    line="$(printf '%-18s' "$c")"
    # Columns: 4 req/s, 6 the first event per request, 8 the second; each round's value over the same
    # round's none's, in %.
    for col in 4 6 8; do
      ratio=$(awk -v c="$c" -v col="$col" '$1 ~ /^[0-9]+$/ && $2 == "none" {b[$1] = $col}
        $1 ~ /^[0-9]+$/ && $2 == c {v[$1] = $col}
        END {for (r in v) if (b[r] > 0 && v[r] > 0) print (col == 4 ? 100 * v[r] / b[r] : 100 * b[r] / v[r])}' "$out")
      line+=$(printf ' | %6.1f %% [%s]' "$(median <<< "$ratio")" "$(interval <<< "$ratio")")
    done
    echo "$line" | tee -a "$out"
  done
}

summarize_finished

command -v perf >/dev/null && perf stat -e instructions true >/dev/null 2>&1 ||
  { echo "perf with hardware counters is needed (apt-get install -y linux-perf)" >&2; exit 2; }
find_jmeter
rm -rf "$work"
mkdir -p "$work/logs" "$module/results"
prepare_listeners
workers=()
for ((i = 0; i < n; i++)); do
  write_plans "$work/plans-$i" "$((PORT + i))"
  workers[i]=$(start_nginx "$work/nginx-$i" "$((PORT + i))")
done
stop_all() {
  for ((i = 0; i < n; i++)); do
    [[ -f $work/nginx-$i/nginx.pid ]] && kill "$(cat "$work/nginx-$i/nginx.pid")" 2>/dev/null || true
  done
  pkill -CONT -f "$work/plans-" 2>/dev/null || true
  pkill -KILL -f "$work/plans-" 2>/dev/null || true
}
trap stop_all EXIT

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$module/results/alternate-$stamp.txt"
{
  echo "# k6bridge end-to-end overhead, configurations taking turns, $(date -u +%FT%TZ)"
  echo "# rounds=$ROUNDS threads=$THREADS slice=${SLICE}s nice=$NICE events=$EVENTS configs: $CONFIGS"
  header_facts
  echo "# warm-up ${WARMUP}s and window ${MEASURE}s of each JMeter's own turns"
  echo "# columns: round config turns_s req/s(served per second of turns) cores(JMeter and its nginx, CPU per second"
  echo "#          of turns) $event1 per request (perf, thousands) by-thread(s: sampler threads, o: the"
  echo "#          listener's own, n: nginx, j: JIT compilers, g: GC, r: the rest) $event2 per request by-thread"
  echo "#          | k6bridge end-of-run line"
} > "$out"

ticks=$(getconf CLK_TCK)
now_ms() { echo $(($(date +%s%N) / 1000000)); }

run_round() {
  local round=$1 i c plan k6out q turns cores udp first second k6line
  local order=() pids=() ports=() active=() state=() q0=() polls=() c0=() w0=() perfs=()
  for ((i = 0; i < n; i++)); do order[i]=${configs[$(((i + round - 1) % n))]}; done
  for ((i = 0; i < n; i++)); do
    c=${order[i]} ports[i]=$((PORT + i))
    listener_args "$c" "${ports[i]}" "$work/out-$i"
    (jmeter_command "$work/plans-$i/$plan.jmx" "$work/logs/$round-$c.log" "${k6out[@]}" \
      > "$work/logs/$round-$c.out" 2>&1) &
    pids[i]=$!
    ((i == 0)) || kill -STOP "${pids[i]}"
    active[i]=0 state[i]=warm polls[i]=0
  done
  local cur=0 next since left=$n
  since=$(now_ms)
  while ((left > 0)); do
    sleep "$SLICE"
    kill -STOP "${pids[cur]}" 2>/dev/null || true
    active[cur]=$((active[cur] + $(now_ms) - since))
    next=$cur
    for ((i = 1; i <= n; i++)); do
      next=$(((cur + i) % n))
      [[ ${state[next]} == done ]] || break
    done
    kill -CONT "${pids[next]}" 2>/dev/null || true
    since=$(now_ms)
    # The stopped one's books, while the next one has the machine.
    if [[ ${state[cur]} == warm && ${active[cur]} -ge $((WARMUP * 1000)) ]]; then
      q0[cur]=$(served "${ports[cur]}") polls[cur]=0 w0[cur]=${active[cur]}
      c0[cur]=$(($(cpu_ticks "${pids[cur]}") + $(cpu_ticks "${workers[cur]}")))
      perf stat --per-thread -x, -e "$EVENTS" -p "${pids[cur]},${workers[cur]}" \
        -o "$work/perf-$cur" 2>/dev/null &
      perfs[cur]=$!
      state[cur]=measure
    elif [[ ${state[cur]} == measure ]]; then
      polls[cur]=$((polls[cur] + 1))
      if ((active[cur] >= (WARMUP + MEASURE) * 1000)); then
        kill -INT "${perfs[cur]}"; wait "${perfs[cur]}" || true
        q=$(($(served "${ports[cur]}") - q0[cur] - polls[cur]))
        turns=$((active[cur] - w0[cur]))
        cores=$(awk -v t=$(($(cpu_ticks "${pids[cur]}") + $(cpu_ticks "${workers[cur]}") - c0[cur])) -v hz="$ticks" \
          -v ms="$turns" 'BEGIN {printf "%.2f", t / hz / (ms / 1000)}')
        echo "${order[cur]} $q $turns $cores" > "$work/window-$cur"
        state[cur]=done left=$((left - 1))
      fi
    fi
    cur=$next
  done
  # Every window is measured: end the runs as JMeter's shutdown client would, all at once.
  for ((i = 0; i < n; i++)); do kill -CONT "${pids[i]}" 2>/dev/null || true; done
  for ((i = 0; i < n; i++)); do
    c=${order[i]}
    udp=$(sed -n 's/.*Shutdown.*message on port \([0-9]*\).*/\1/p' "$work/logs/$round-$c.out" | head -1)
    [[ -z $udp ]] || echo -n StopTestNow > "/dev/udp/127.0.0.1/$udp" || true
  done
  for ((i = 0; i < n; i++)); do
    timeout 60 tail --pid="${pids[i]}" -f /dev/null || kill -KILL "${pids[i]}" 2>/dev/null || true
  done
  for ((i = 0; i < n; i++)); do
    read -r c q turns cores < "$work/window-$i"
    first=$(perf_parts "$work/perf-$i" "$q" "$event1")
    second=$(perf_parts "$work/perf-$i" "$q" "$event2")
    k6line=$(grep -o 'k6bridge: [0-9]* samples delivered.*' "$work/logs/$round-$c.log" | tail -1 || true)
    echo "$round $c $(awk -v t="$turns" 'BEGIN {printf "%.2f", t / 1000}') $(awk -v q="$q" -v t="$turns" \
      'BEGIN {printf "%.0f", 1000 * q / t}') $cores $first $second | $k6line" | tee -a "$out"
  done
  rm -f "$work"/out-* "$work"/window-* "$work"/perf-*
}

for ((round = 1; round <= ROUNDS; round++)); do
  run_round "$round"
done
{
  echo "# config  median of each round's ratio to that round's none [95 % CI]: throughput (req/s) | $event1 per"
  echo "#   request, none's over this one's | $event2 per request, none's over this one's"
} >> "$out"
summarize
echo "results: $out"
