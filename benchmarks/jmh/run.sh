#!/usr/bin/env bash
# Runs ListenerBenchmark and BackendListenerBenchmark (JMH's pattern ListenerBenchmark matches both; 2 forks x 3
# warm-up x 3 measured iterations of 2 s each, set in the classes) with JMH's allocation profiler and keeps the log under benchmarks/results/jmh-<UTC time>.txt.
# Build first: ./mvnw -q -pl benchmarks -am install -DskipTests. NICE=-15 (as root) puts the run ahead of other
# work on a shared machine.
set -euo pipefail
module=$(cd "$(dirname "$0")/.." && pwd)
# A private copy, so a rebuild during the run cannot change the jar under the forked JVMs.
jar="$module/target/jmh-run/benchmarks.jar"
mkdir -p "$(dirname "$jar")" "$module/results"
cp "$module/target/benchmarks.jar" "$jar"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$module/results/jmh-$stamp.txt"
{
  echo "# date: $(date -u +%FT%TZ)"
  echo "# machine: $(nproc) cores; $(java -version 2>&1 | head -1); nice ${NICE:-0}"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# command: java -jar benchmarks/target/benchmarks.jar ListenerBenchmark -prof gc $*"
} > "$out"
nice -n "${NICE:-0}" java -jar "$jar" ListenerBenchmark -prof gc "$@" >> "$out" 2>&1
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
echo "$out"
