#!/usr/bin/env bash
# Median and minimum of the measured iterations' ns/op per benchmark and parameters, from a jmh/run.sh log. On a
# shared machine the median resists other work's bursts better than JMH's mean does.
set -euo pipefail
awk '
  /^# Benchmark:/ {b = $3; sub(/.*ListenerBenchmark\./, "", b)}
  /^# Parameters:/ {p = $0; sub(/^# Parameters: /, "", p)}
  /^# Warmup Iteration/ {w = 1}
  /^Iteration/ {w = 0}
  /[0-9.]+ ns\/op$/ && !w && !/^ *[0-9.]+ ±/ && b != "" {
    v = $(NF - 1); if (v ~ /^[0-9.]+$/) print b " " p "\t" v
  }
' "$1" | sort -t $'\t' -k1,1 -k2,2n | awk -F '\t' '
  {k = $1; if (k != last && last != "") out(); if (k != last) n = 0; last = k; v[++n] = $2}
  function out() {m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2; printf "%-70s n=%d median %8.1f  min %8.1f ns/sample\n", last, n, m, v[1]}
  END {out()}
'
