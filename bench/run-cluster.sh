#!/usr/bin/env bash
# Remote partitioning benchmark: one command builds the harness and the daemon's jar, fills a table on
# the local PostgreSQL (once; a later run reuses it), starts the packaged daemon in four setups (cluster
# off; cluster on with 1 process x worker-concurrency 4, 1 x 2, and 2 x 2, over the local RabbitMQ),
# and times the same backup in each, in interleaved rounds. See docs/BENCHMARKS.md.
#
#   bench/run-cluster.sh [--rows N] [--segments S] [--repeats R] [--heap SIZE] [--host H] [--port P] [--user U]
#                        [--rabbitmq-host H] [--rabbitmq-port P]
#
# Results go to bench/results/cluster-<time>/ (ignored by git): results.md, run.log and each daemon's log.
# PGPASSWORD and RABBITMQ_PASSWORD (default guest; RABBITMQ_USER, default guest) are read from the environment.
set -euo pipefail

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOT'
Flags (defaults in brackets):
  --rows N              rows of about 230 bytes in the table [6000000]
  --segments S          scan segments (ctid ranges), each a partition; the policy's segments key [16]
  --repeats R           timed rounds; the median is reported [3]
  --heap SIZE           -Xmx of each daemon [256m, as dashboard's DaemonProcess test helper]
  --host H, --port P, --user U   the PostgreSQL server [127.0.0.1, 5432, postgres]
  --rabbitmq-host H, --rabbitmq-port P   the broker [127.0.0.1, 5672]
EOT
}

rows=6000000
segments=16
repeats=3
heap=256m
host=127.0.0.1
port=5432
user=postgres
rabbitmq_host=127.0.0.1
rabbitmq_port=5672
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --segments) segments="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        --host) host="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --user) user="$2"; shift 2 ;;
        --rabbitmq-host) rabbitmq_host="$2"; shift 2 ;;
        --rabbitmq-port) rabbitmq_port="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-cluster.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
command_line="bench/run-cluster.sh --rows $rows --segments $segments --repeats $repeats --heap $heap"

cd "$(dirname "$0")/.."
source bench/lib.sh

if ! command -v pg_isready >/dev/null || ! pg_isready -q -h "$host" -p "$port"; then
    echo "run-cluster.sh: no PostgreSQL accepting connections at $host:$port (pg_isready, from postgresql-client)" >&2
    exit 1
fi
if ! (exec 3<>"/dev/tcp/$rabbitmq_host/$rabbitmq_port") 2>/dev/null; then
    echo "run-cluster.sh: no RabbitMQ accepting connections at $rabbitmq_host:$rabbitmq_port" >&2
    exit 1
fi
broker_version=$(dpkg-query -W -f '${Version}' rabbitmq-server 2>/dev/null || echo unknown)

# The harness depends on the demo, and so on dashboard, whose package phase makes the -exec jar.
build_harness
jar=$(ls dashboard/target/dashboard-*-exec.jar | head -n 1)
start_results "bench/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)"

echo "== Measuring ($jar, -Xmx$heap a daemon)"
"$java" -Xmx256m "$logging" -cp "$classpath" dev.rehearsal.bench.ClusterBenchmark \
    --host "$host" --port "$port" --user "$user" --password "${PGPASSWORD:-}" \
    --rows "$rows" --segments "$segments" --repeats "$repeats" --heap "$heap" --jar "$jar" \
    --rabbitmq-host "$rabbitmq_host" --rabbitmq-port "$rabbitmq_port" --rabbitmq-user "${RABBITMQ_USER:-guest}" \
    --rabbitmq-password "${RABBITMQ_PASSWORD:-guest}" --broker-version "$broker_version" \
    --results "$results" --clock-ticks "$(getconf CLK_TCK)" --command "$command_line" \
    | tee "$results/run.log"
