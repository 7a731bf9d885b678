# Shared by bench/run-*.sh; sourced, never run. Expects to be sourced from the repository root,
# after "set -euo pipefail", and defines:
#   build_harness            builds bench/ and what it depends on
#   ensure_aws               installs Debian's awscli if $aws is missing, and prints its version
#   start_results DIR        creates DIR and sets classpath, natives, logging for the java commands
#   start_dynamodb NAME      starts DynamoDB Local in a JVM of its own on a free port; sets
#                            dynamodb_pid and dynamodb_url; its log is $results/NAME.log
#   start_server NAME PORT CMD...   starts any server, stopped when the script ends
# Servers started here are stopped when the script exits, fails or is interrupted.

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
aws=/usr/bin/aws   # Debian's awscli v2; a pyenv shim earlier on PATH may be v1, so never plain "aws".

build_harness() {
    echo "== Building the harness"
    ./mvnw -B -q -DskipTests -pl bench -am package
}

ensure_aws() {
    if [[ ! -x "$aws" ]]; then
        echo "== Installing Debian's awscli (for $aws)"
        local sudo_cmd=()
        if [[ $(id -u) -ne 0 ]]; then
            command -v sudo >/dev/null || { echo "$0: $aws is missing and there is no sudo to install awscli" >&2; exit 1; }
            sudo_cmd=(sudo)
        fi
        if ! DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y awscli; then
            "${sudo_cmd[@]}" apt-get update
            DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y awscli
        fi
    fi
    "$aws" --version
}

start_results() {
    results="$1"
    mkdir -p "$results"
    classpath="bench/target/classes:$(cat bench/target/classpath.txt)"
    natives="bench/target/native-libs"
    logging="-Dlogback.configurationFile=logback-bench.xml"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

server_pids=()
stop_servers() {
    for pid in "${server_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${server_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

# Waits until process $1 accepts connections on port $2, or fails naming the log $3.
await_port() {
    local pid=$1 port=$2 log=$3
    for _ in $(seq 1 120); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { echo "server exited; see $log" >&2; exit 1; }
        sleep 0.5
    done
    echo "server did not open port $port in 60 s; see $log" >&2
    exit 1
}

# start_server NAME PORT CMD...: runs CMD in the background, logging to $results/NAME.log; sets server_pid.
start_server() {
    local name=$1 port=$2
    shift 2
    "$@" >"$results/$name.log" 2>&1 &
    server_pid=$!
    server_pids+=("$server_pid")
    await_port "$server_pid" "$port" "$results/$name.log"
}

start_dynamodb() {
    local name=$1 port
    port=$(free_port)
    dynamodb_url="http://127.0.0.1:$port"
    echo "== Starting DynamoDB Local '$name' on $dynamodb_url (own JVM, default heap)"
    start_server "$name" "$port" "$java" -Dsqlite4java.library.path="$natives" -cp "$classpath" \
        software.amazon.dynamodb.services.local.main.ServerRunner -inMemory -port "$port" -disableTelemetry
    dynamodb_pid=$server_pid
}
