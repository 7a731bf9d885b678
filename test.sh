#!/usr/bin/env bash
# The test command (README, "Build and test"). It prepares what the Maven build cannot bring itself,
# then runs `./mvnw -B verify` with any arguments given here. Everything else the tests need comes
# from Maven Central: DynamoDB Local, S3Proxy, Helm, and an embedded PostgreSQL where no server runs.
#
# Prepared here: Debian's Chromium and its chromedriver, which the dashboard's browser tests drive
# (demo, DashboardBrowserTest), and tmux, in which the command-line client's progress bar is tested;
# the tests fail, never skip, without them. As root with apt-get they are installed; otherwise the
# script stops with one line naming what to install. The local MariaDB that the MySQL engine's
# tests use is started if it is installed and stopped (as root), as are PostgreSQL and RabbitMQ.
set -euo pipefail
cd "$(dirname "$0")"

say() {
  echo "test.sh: $*"
}

if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
  say "stopping: no Java found; install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && command -v tmux >/dev/null; then
  say "Chromium, chromedriver and tmux for the browser and terminal tests: found"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "installing Debian's chromium, chromium-driver and tmux for the browser and terminal tests (apt-get update, apt-get install)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver tmux
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! command -v tmux >/dev/null; then
    say "stopping: apt-get installed chromium, chromium-driver and tmux, but /usr/bin/chromium, /usr/bin/chromedriver or tmux is still missing" >&2
    exit 1
  fi
else
  say "stopping: the browser and terminal tests need /usr/bin/chromium, /usr/bin/chromedriver and tmux; install Debian's packages chromium, chromium-driver and tmux (as root: apt-get install chromium chromium-driver tmux), then run ./test.sh again" >&2
  exit 1
fi

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_if_stopped NAME PORT BINARY COMMAND...: runs COMMAND as root when BINARY is installed and
# nothing listens on PORT yet; waits up to 30 s for the port. Never stops or reconfigures a service.
start_if_stopped() {
  local name="$1" port="$2" binary="$3"
  shift 3
  if listening "$port"; then
    return
  fi
  if [ "$(id -u)" -ne 0 ] || [ ! -x "$binary" ]; then
    say "$name: nothing listens on 127.0.0.1:$port and it cannot be started here; its tests will say what they miss"
    return
  fi
  say "$name: starting it (nothing listened on 127.0.0.1:$port)"
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq 30); do
    if listening "$port"; then
      return
    fi
    sleep 1
  done
  say "$name: started, but 127.0.0.1:$port still does not answer after 30 s"
}

start_if_stopped PostgreSQL 5432 /usr/bin/pg_ctlcluster pg_ctlcluster --skip-systemctl-redirect 15 main start
start_if_stopped MariaDB 3306 /usr/sbin/mariadbd start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
start_if_stopped RabbitMQ 5672 /usr/sbin/rabbitmq-server rabbitmq-server -detached

say "running ./mvnw -B verify${*:+ $*} (PostgreSQL for the tests: REHEARSAL_TEST_POSTGRES_URL, else 127.0.0.1:5432, else Testcontainers, else an embedded one)"
exec ./mvnw -B verify "$@"
