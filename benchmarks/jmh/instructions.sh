#!/usr/bin/env bash
# Instructions retired per sample by the sampler (benchmark) thread alone and by the rest of the JVM, ours against
# the built-in InfluxDB listener: ListenerBenchmark's k6bridge (no output) and influxdb, with plain samples and with
# assertions, one fork each with one 30 s measured iteration, and `perf stat --per-thread` attached to the fork for
# 20 s in the middle of it. Instruction counts move far less than JMH's times when other work or the host slows the
# machine down. Samples in the perf window = 20 s / JMH's score (ns per sample, wall time, steady within the
# iteration). Build first, as for run.sh; needs perf (Debian: linux-perf). Keeps the log under
# benchmarks/results/instructions-<UTC time>.txt.
set -euo pipefail
module=$(cd "$(dirname "$0")/.." && pwd)
jar="$module/target/jmh-run/benchmarks.jar"
mkdir -p "$(dirname "$jar")" "$module/results"
cp "$module/target/benchmarks.jar" "$jar"
perf stat -e instructions true >/dev/null 2>&1 || { echo "perf cannot count instructions here" >&2; exit 2; }
WINDOW=20
out="$module/results/instructions-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# date: $(date -u +%FT%TZ); $(nproc) cores; $(java -version 2>&1 | head -1); nice ${NICE:-0}"
  echo "# columns: benchmark samples | JMH ns/sample (wall) | sampler-thread instructions/sample | other threads'"
  echo "#   instructions/sample (ours: the engine thread draining and aggregating; InfluxDB: its sender timer)"
} > "$out"
for bench in k6bridge influxdb; do
  for samples in plain assertions; do
    log=$(mktemp)
    nice -n "${NICE:-0}" java -jar "$jar" "ListenerBenchmark.$bench\$" -p samples="$samples" -p out= \
      -f 1 -wi 3 -w 2 -i 1 -r 30 > "$log" 2>&1 &
    host=$!
    until grep -q '^Iteration   1:' "$log"; do sleep 0.2; kill -0 "$host" 2>/dev/null || { cat "$log" >&2; exit 1; }; done
    sleep 5
    fork=$(pgrep -f 'org.openjdk.jmh.runner.ForkedMain' | head -1)
    counts=$(mktemp)
    perf stat --per-thread -x, -e instructions -p "$fork" -o "$counts" -- sleep "$WINDOW" 2>/dev/null
    wait "$host"
    score=$(awk -v b="$bench" '$1 == "ListenerBenchmark." b && $NF == "ns/op" {print $(NF - 1)}' "$log" | tail -1)
    # perf's per-thread lines: comm-tid,count,unit,event,...; JMH names the worker thread after the benchmark.
    awk -F, -v b="$bench" -v s="$samples" -v score="$score" -v w="$WINDOW" '
      $4 ~ /^instructions/ && $2 ~ /^[0-9]+$/ {if ($1 ~ /^io\.k6bridge\.ben/) mine += $2; else rest += $2}
      END {n = w * 1e9 / score; printf "%-9s %-10s | %7.1f ns | %7.0f | %7.0f\n", b, s, score, mine / n, rest / n}' \
      "$counts" | tee -a "$out"
    rm -f "$log" "$counts"
  done
done
echo "$out"
