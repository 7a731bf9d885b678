#!/usr/bin/env bash
# Microbenchmarks (JMH) of the per-item path of a DynamoDB backup and restore against their floors:
# zstd at the same level plus SHA-256 over the same bytes. Builds bench/ with the "jmh" profile
# (never part of the normal build), runs PipelineCost on this machine, and prints MiB/s per core.
#
#   bench/run-jmh.sh [--kinds orders,payload] [--warmup N] [--iterations N] [--seconds S] [--forks F] [--only REGEX]
#
# Results go to bench/results/jmh-<time>/ (ignored by git): results.md and JMH's jmh.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

echo "== Building the harness with the jmh profile"
./mvnw -B -q -DskipTests -Pjmh -pl bench -am package
results="bench/results/jmh-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
uptime | tee "$results/uptime.log"
"$java" -cp "bench/target/jmh/classes:$(cat bench/target/jmh/classpath.txt)" dev.rehearsal.bench.jmh.PipelineCost \
    --results "$results" "$@" | tee "$results/run.log"
uptime | tee -a "$results/uptime.log"
