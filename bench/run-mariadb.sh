#!/usr/bin/env bash
# MariaDB benchmark: one command builds the harness, fills a table on the local MariaDB (once; a later
# run reuses it), and measures in a JVM with a bounded heap: a Rehearsal backup to the filesystem
# store against mysqldump --single-transaction and mydumper -t N, and a Rehearsal restore into a
# sandbox database against mysql < dump.sql and myloader -t N, each into a fresh database. One
# thread count N for every tool that runs in parallel, Rehearsal included. See docs/BENCHMARKS.md.
#
#   bench/run-mariadb.sh [--rows N] [--repeats R] [--threads T] [--chunk-rows C] [--heap SIZE]
#                        [--host H] [--port P] [--user U]
#
# Results go to bench/results/mariadb-<time>/ (ignored by git): results.md, run.log, uptime.log and the
# tools' logs. The machine may be shared: `uptime` is recorded before and after the run, and the
# harness records the load average before every measurement. The password, if the server wants one,
# is read from MYSQL_PWD.
set -euo pipefail

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    cat <<'EOT'
Flags (defaults in brackets):
  --rows N         rows of about 200 bytes in the table [1000000]
  --repeats R      timed runs of each measurement; the median is reported [3]
  --threads T      Rehearsal's scan segments, readers, restore writers and load connections;
                   mydumper's and myloader's threads [4]
  --chunk-rows C   rows of one mydumper chunk; 0 gives each thread four chunks [0]
  --heap SIZE      -Xmx of the measuring JVM [128m]
  --host H, --port P, --user U   the server [127.0.0.1, 3306, root]
EOT
}

rows=1000000
repeats=3
threads=4
chunk_rows=0
heap=128m
host=127.0.0.1
port=3306
user=root
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) rows="$2"; shift 2 ;;
        --repeats) repeats="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --chunk-rows) chunk_rows="$2"; shift 2 ;;
        --heap) heap="$2"; shift 2 ;;
        --host) host="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --user) user="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run-mariadb.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
done
command_line="bench/run-mariadb.sh --rows $rows --repeats $repeats --threads $threads --chunk-rows $chunk_rows --heap $heap"

cd "$(dirname "$0")/.."
source bench/lib.sh

missing=()
for tool in mysql mysqldump mydumper myloader; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "run-mariadb.sh: missing ${missing[*]}; install Debian's mariadb-client and mydumper" \
        "(as root: apt-get install -y mariadb-client mydumper)" >&2
    exit 1
fi
if ! mysql -h "$host" -P "$port" -u "$user" -e 'SELECT 1' >/dev/null 2>&1; then
    echo "run-mariadb.sh: no MariaDB or MySQL accepting user '$user' at $host:$port" >&2
    exit 1
fi

build_harness
start_results "bench/results/mariadb-$(date -u +%Y%m%dT%H%M%SZ)"
echo "before: $(uptime)" | tee "$results/uptime.log"

echo "== Measuring (-Xmx$heap)"
"$java" "-Xmx$heap" "$logging" -cp "$classpath" dev.rehearsal.bench.MariaDbBenchmark \
    --host "$host" --port "$port" --user "$user" --password "${MYSQL_PWD:-}" \
    --rows "$rows" --repeats "$repeats" --threads "$threads" --chunk-rows "$chunk_rows" \
    --mysqldump "$(command -v mysqldump)" --mysql "$(command -v mysql)" \
    --mydumper "$(command -v mydumper)" --myloader "$(command -v myloader)" \
    --results "$results" --clock-ticks "$(getconf CLK_TCK)" --command "$command_line" \
    | tee "$results/run.log"
echo "after: $(uptime)" | tee -a "$results/uptime.log"
