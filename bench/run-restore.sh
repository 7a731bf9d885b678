#!/usr/bin/env bash
# Restore benchmark: one command builds the harness, starts two DynamoDB Local servers in JVMs of
# their own (a source and a target), loads the source, backs it up once to the filesystem store,
# and measures restores into the target against a raw BatchWriteItem loader and the aws CLI.
#
#   bench/run-restore.sh [--items N] [--item-bytes B] [--repeats R] [--writers W] [--readers R]
#                        [--cli-items N] [--loader-threads T] [--heap SIZE]
#                        [--big-items N] [--big-item-bytes B] [--big-heap SIZE]
#
# Then, in a JVM of its own with a small heap, a restore of a table several times that heap (its
# peak heap and CPU per GiB reported): --big-items 0 skips it.
#
# Results go to bench/results/<time>/ (ignored by git): results.md, run.log and the servers' logs.
set -euo pipefail

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOF'
Flags (defaults in brackets):
  --items N            items in the source table, and so in the backup [200000]
  --item-bytes B       approximate size of each item [200]
  --repeats R          timed runs of each measurement; the median is reported [3]
  --writers W          BatchWriteItem threads of the raw loader and of the restore [16, the restore's default]
  --readers R          data objects the restore reads at once [4, the restore's default]
  --cli-items N        items loaded through the aws CLI, a subset, extrapolated; 0 skips the CLI [2000]
  --loader-threads T   parallel BatchWriteItem callers while filling the source (not measured) [4]
  --heap SIZE          -Xmx of the measuring JVM, which holds the raw loader's items in memory [1g]
  --big-items N        items in the bounded-memory table, restored in a JVM of --big-heap; 0 skips it [200000]
  --big-item-bytes B   approximate size of each of those items [2000]
  --big-heap SIZE      -Xmx of the bounded-memory restore's JVM [128m]
  --repeats 0          skips the throughput rounds (only the bounded-memory restore runs)
EOF
}

items=200000
item_bytes=200
repeats=3
writers=16
readers=4
cli_items=2000
loader_threads=4
heap=1g
big_items=200000
big_item_bytes=2000
big_heap=128m
while [[ $# -gt 0 ]]; do
    case "$1" in
        --items) items="$2"; shift 2 ;;
        --item-bytes) item_bytes="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --writers) writers="$2"; shift 2 ;;
        --readers) readers="$2"; shift 2 ;;
        --cli-items) cli_items="$2"; shift 2 ;;
        --loader-threads) loader_threads="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        --big-items) big_items="$2"; shift 2 ;;
        --big-item-bytes) big_item_bytes="$2"; shift 2 ;;
        --big-heap) big_heap="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-restore.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
command_line="bench/run-restore.sh --items $items --item-bytes $item_bytes --repeats $repeats --writers $writers --readers $readers --cli-items $cli_items --heap $heap --big-items $big_items --big-item-bytes $big_item_bytes --big-heap $big_heap"

cd "$(dirname "$0")/.."
source bench/lib.sh

build_harness
if [[ "$cli_items" -gt 0 ]]; then
    ensure_aws
fi
start_results "bench/results/restore-$(date -u +%Y%m%dT%H%M%SZ)"

start_dynamodb dynamodb-local-source
source_url="$dynamodb_url"
start_dynamodb dynamodb-local-target
target_url="$dynamodb_url"
target_pid=$dynamodb_pid

uptime | tee "$results/uptime.log"
if [[ "$repeats" -gt 0 ]]; then
    echo "== Loading the source"
    "$java" "$logging" -cp "$classpath" dev.rehearsal.bench.Loader --endpoint "$source_url" --table bench-items \
        --items "$items" --item-bytes "$item_bytes" --threads "$loader_threads" | tee "$results/load.log"

    echo "== Measuring (-Xmx$heap)"
    "$java" "-Xmx$heap" "$logging" -cp "$classpath" dev.rehearsal.bench.RestoreBenchmark \
        --source-endpoint "$source_url" --target-endpoint "$target_url" --table bench-items \
        --repeats "$repeats" --writers "$writers" --readers "$readers" --cli-items "$cli_items" --aws "$aws" \
        --results "$results" --target-pid "$target_pid" --clock-ticks "$(getconf CLK_TCK)" --command "$command_line" \
        | tee "$results/run.log"
    uptime | tee -a "$results/uptime.log"
fi

if [[ "$big_items" -gt 0 ]]; then
    echo "== Loading the bounded-memory table"
    "$java" "$logging" -cp "$classpath" dev.rehearsal.bench.Loader --endpoint "$source_url" --table bench-big-items \
        --items "$big_items" --item-bytes "$big_item_bytes" --threads "$loader_threads" | tee -a "$results/load.log"
    echo "== Bounded-memory restore (-Xmx$big_heap)"
    "$java" "-Xmx$big_heap" "$logging" -cp "$classpath" dev.rehearsal.bench.RestoreMemoryBenchmark \
        --source-endpoint "$source_url" --target-endpoint "$target_url" --table bench-big-items \
        --writers "$writers" --readers "$readers" --results "$results" --target-pid "$target_pid" \
        --clock-ticks "$(getconf CLK_TCK)" | tee "$results/run-memory.log"
    uptime | tee -a "$results/uptime.log"
fi
