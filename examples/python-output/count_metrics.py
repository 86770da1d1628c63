#!/usr/bin/env python3
"""k6bridge output plug-in in Python, standard library only.

Run by the exec output:  K6_OUT="exec=python3 examples/python-output/count_metrics.py counts.json"
It reads k6's --out json lines on standard input (a "Metric" record before each metric's first
"Point"), counts points and sums values per metric, and writes them as JSON when its input ends,
which is when the test has ended and k6bridge closed the pipe.
"""
import json
import sys


def main(path):
    counts, sums, kinds = {}, {}, {}
    for line in sys.stdin:
        record = json.loads(line)
        metric = record["metric"]
        if record["type"] == "Metric":
            kinds[metric] = record["data"]["type"]
            continue
        counts[metric] = counts.get(metric, 0) + 1
        sums[metric] = sums.get(metric, 0.0) + record["data"]["value"]
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"counts": counts, "sums": sums, "types": kinds}, out, indent=2, sort_keys=True)
    print(f"count_metrics.py: {sum(counts.values())} points of {len(counts)} metrics -> {path}",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "counts.json")
