#!/usr/bin/env bash
# API load benchmark: one command builds the harness and runs the demo daemon in-process (its
# in-process DynamoDB Local servers and sample tables), waits for a passed drill, starts a backup
# of the largest sample table over the API and, while it runs, has several clients read the tables
# list and a drill report in a bounded loop on loopback. Reports throughput and latency percentiles.
#
#   bench/run-api-load.sh [--scale S] [--clients C] [--requests N] [--heap SIZE]
#
# Results go to bench/results/api-load-<time>/results.md (ignored by git).
set -euo pipefail

scale=0.25
clients=8
requests=8000
heap=1g
while [[ $# -gt 0 ]]; do
    case "$1" in
        --scale) scale="$2"; shift 2 ;;
        --clients) clients="$2"; shift 2 ;;
        --requests) requests="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-api-load.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
command_line="bench/run-api-load.sh --scale $scale --clients $clients --requests $requests --heap $heap"

cd "$(dirname "$0")/.."
source bench/lib.sh

build_harness
start_results "bench/results/api-load-$(date -u +%Y%m%dT%H%M%SZ)"
"$java" "-Xmx$heap" "-Dsqlite4java.library.path=$natives" "$logging" -cp "$classpath" \
    dev.rehearsal.bench.ApiLoadBenchmark --scale "$scale" --clients "$clients" --requests "$requests" \
    --results "$results" --command "$command_line" | tee "$results/run.log"
