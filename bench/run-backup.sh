#!/usr/bin/env bash
# Backup benchmark: one command builds the harness, starts DynamoDB Local and S3Proxy in JVMs of their
# own, loads the tables, and measures in a JVM with a 128 MiB heap. See docs/BENCHMARKS.md.
#
#   bench/run-backup.sh [--items N] [--item-bytes B] [--big-items N] [--big-item-bytes B]
#                       [--repeats R] [--segments S] [--big-segments S] [--loader-threads T] [--heap SIZE]
#
# Results go to bench/results/<time>/ (ignored by git): results.md, run.log and the servers' logs.
set -euo pipefail

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'
Flags (defaults in brackets):
  --items N            items in the throughput table [200000]
  --item-bytes B       approximate size of each of those items [200]
  --big-items N        items in the bounded-memory table; 0 skips it [200000]
  --big-item-bytes B   approximate size of each of those items [2000]
  --repeats R          timed runs of each measurement; the median is reported [3]
  --segments S         scan segments for the throughput table; 0 lets the backup choose [0]
  --big-segments S     scan segments for the bounded-memory table; 0 lets the backup choose [0]
  --loader-threads T   parallel BatchWriteItem callers while loading [4]
  --heap SIZE          -Xmx of the measuring JVM [128m]
EOF
}

items=200000
item_bytes=200
big_items=200000
big_item_bytes=2000
repeats=3
segments=0
big_segments=0
loader_threads=4
heap=128m
while [[ $# -gt 0 ]]; do
    case "$1" in
        --items) items="$2"; shift 2 ;;
        --item-bytes) item_bytes="$2"; shift 2 ;;
        --big-items) big_items="$2"; shift 2 ;;
        --big-item-bytes) big_item_bytes="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --segments) segments="$2"; shift 2 ;;
        --big-segments) big_segments="$2"; shift 2 ;;
        --loader-threads) loader_threads="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-backup.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
command_line="bench/run-backup.sh --items $items --item-bytes $item_bytes --big-items $big_items --big-item-bytes $big_item_bytes --repeats $repeats --segments $segments --big-segments $big_segments --heap $heap"

cd "$(dirname "$0")/.."
source bench/lib.sh

build_harness
ensure_aws
start_results "bench/results/$(date -u +%Y%m%dT%H%M%SZ)"

start_dynamodb dynamodb-local
dynamodb="$dynamodb_url"

s3_port=$(free_port)
s3="http://127.0.0.1:$s3_port"
echo "== Starting S3Proxy on $s3 (own JVM, default heap, objects in $results/s3proxy-data)"
start_server s3proxy "$s3_port" "$java" "$logging" -cp "$classpath" dev.rehearsal.bench.S3ProxyServer \
    --port "$s3_port" --dir "$results/s3proxy-data"
s3_pid=$server_pid

echo "== Loading"
"$java" "$logging" -cp "$classpath" dev.rehearsal.bench.Loader --endpoint "$dynamodb" --table bench-items \
    --items "$items" --item-bytes "$item_bytes" --threads "$loader_threads" | tee "$results/load.log"
big_table_flag=()
if [[ "$big_items" -gt 0 ]]; then
    "$java" "$logging" -cp "$classpath" dev.rehearsal.bench.Loader --endpoint "$dynamodb" --table bench-big-items \
        --items "$big_items" --item-bytes "$big_item_bytes" --threads "$loader_threads" | tee -a "$results/load.log"
    big_table_flag=(--big-table bench-big-items)
fi

uptime | tee "$results/uptime.log"
echo "== Measuring (-Xmx$heap)"
"$java" "-Xmx$heap" "$logging" -cp "$classpath" dev.rehearsal.bench.BackupBenchmark \
    --endpoint "$dynamodb" --s3-endpoint "$s3" --table bench-items "${big_table_flag[@]}" \
    --repeats "$repeats" --segments "$segments" --big-segments "$big_segments" --aws "$aws" --results "$results" \
    --dynamodb-pid "$dynamodb_pid" --s3-pid "$s3_pid" --clock-ticks "$(getconf CLK_TCK)" --command "$command_line" \
    | tee "$results/run.log"
uptime | tee -a "$results/uptime.log"
