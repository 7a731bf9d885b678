#!/usr/bin/env bash
# PostgreSQL benchmark: one command builds the harness, fills a table on the local PostgreSQL (once;
# a later run reuses it), and measures in a JVM with a bounded heap: a Rehearsal backup to the
# filesystem store against pg_dump -Fc and pg_dump -Fd -j N, and a Rehearsal restore into a sandbox
# schema against pg_restore -j N into a fresh database. See docs/BENCHMARKS.md.
#
#   bench/run-postgres.sh [--rows N] [--repeats R] [--jobs J] [--segments S] [--readers R] [--writers W]
#                         [--load-connections C] [--heap SIZE] [--host H] [--port P] [--user U] [--skip-backups]
#
# Results go to bench/results/postgres-<time>/ (ignored by git): results.md, run.log and the tools' logs.
# The password, if the server wants one, is read from PGPASSWORD.
set -euo pipefail

usage() {
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOT'
Flags (defaults in brackets):
  --rows N              rows of about 200 bytes in the table [1000000]
  --repeats R           timed runs of each measurement; the median is reported [3]
  --jobs J              pg_dump -Fd and pg_restore jobs [4]
  --segments S          Rehearsal's scan segments (ctid ranges); 0 lets the backup choose [0]
  --readers R           data objects Rehearsal's restore reads at once [4, the restore's default]
  --writers W           Rehearsal's restore writer threads [16, the restore's default]
  --load-connections C  COPY streams into the sandbox [4, the daemon's default]
  --heap SIZE           -Xmx of the measuring JVM [128m]
  --skip-backups        measure the restores only (the backup and the dump they restore are still taken once)
  --host H, --port P, --user U   the server [127.0.0.1, 5432, postgres]
EOT
}

rows=1000000
repeats=3
jobs=4
segments=0
readers=4
writers=16
load_connections=4
heap=128m
host=127.0.0.1
port=5432
user=postgres
skip_backups=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --segments) segments="$2"; shift 2 ;;
        --readers) readers="$2"; shift 2 ;;
        --writers) writers="$2"; shift 2 ;;
        --load-connections) load_connections="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        --host) host="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --user) user="$2"; shift 2 ;;
        --skip-backups) skip_backups=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-postgres.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
command_line="bench/run-postgres.sh --rows $rows --repeats $repeats --jobs $jobs --segments $segments --readers $readers --writers $writers --load-connections $load_connections --heap $heap$([[ $skip_backups == true ]] && echo ' --skip-backups' || true)"

cd "$(dirname "$0")/.."
source bench/lib.sh

if ! command -v pg_isready >/dev/null || ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
    echo "run-postgres.sh: needs pg_isready, pg_dump and pg_restore (Debian's postgresql-client, of the server's major version)" >&2
    exit 1
fi
if ! pg_isready -q -h "$host" -p "$port"; then
    echo "run-postgres.sh: no PostgreSQL accepting connections at $host:$port" >&2
    exit 1
fi
# pg_dump refuses a server newer than itself, and an older pg_restore may not read a newer dump:
# the tools must be of the server's major version (or newer) for the comparison to mean anything.
server_major=$(psql -h "$host" -p "$port" -U "$user" -d postgres -Atc 'SHOW server_version_num' | cut -c1-2)
tools_major=$(pg_dump --version | sed -E 's/.* ([0-9]+)\..*/\1/')
if [[ "$tools_major" -lt "$server_major" ]]; then
    echo "run-postgres.sh: pg_dump is of major version $tools_major, the server of $server_major; install postgresql-client-$server_major" >&2
    exit 1
fi

build_harness
start_results "bench/results/postgres-$(date -u +%Y%m%dT%H%M%SZ)"

echo "== Measuring (-Xmx$heap); load before: $(uptime)" | tee "$results/load.txt"
"$java" "-Xmx$heap" "$logging" -cp "$classpath" dev.rehearsal.bench.PostgresBenchmark \
    --host "$host" --port "$port" --user "$user" --password "${PGPASSWORD:-}" \
    --rows "$rows" --repeats "$repeats" --jobs "$jobs" --segments "$segments" --readers "$readers" \
    --writers "$writers" --load-connections "$load_connections" --skip-backups "$skip_backups" \
    --pg-dump "$(command -v pg_dump)" --pg-restore "$(command -v pg_restore)" \
    --results "$results" --clock-ticks "$(getconf CLK_TCK)" --command "$command_line" \
    | tee "$results/run.log"
echo "== Load after: $(uptime)" | tee -a "$results/load.txt"
