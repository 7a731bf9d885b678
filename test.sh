#!/usr/bin/env bash
# The test command (README, "Build and test"). It prepares what the Maven build cannot bring itself,
# then runs `./mvnw -B verify` with any arguments given here. Everything else the tests need comes
# from Maven Central: DynamoDB Local, S3Proxy, Helm, and an embedded PostgreSQL where no server runs.
#
# The things prepared here: Debian's Chromium and its chromedriver, which the dashboard's browser
# tests drive (demo, DashboardBrowserTest), and tmux, the terminal in which the command line's
# progress bar and Ctrl-C are tested (cli, TerminalIT); those tests fail, never skip, without them.
# As root with apt-get they are installed; otherwise the script stops with one line naming what to install.
set -euo pipefail
cd "$(dirname "$0")"

say() {
  echo "test.sh: $*"
}

if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
  say "stopping: no Java found; install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && [ -x /usr/bin/tmux ]; then
  say "Chromium and chromedriver for the browser tests, tmux for the terminal test: found in /usr/bin"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "installing Debian's chromium and chromium-driver for the browser tests and tmux for the terminal test (apt-get update, apt-get install)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver tmux
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/tmux ]; then
    say "stopping: apt-get installed chromium, chromium-driver and tmux, but /usr/bin/chromium, /usr/bin/chromedriver or /usr/bin/tmux is still missing" >&2
    exit 1
  fi
else
  say "stopping: the browser tests need /usr/bin/chromium and /usr/bin/chromedriver, and the terminal test /usr/bin/tmux; install Debian's packages chromium, chromium-driver and tmux (as root: apt-get install chromium chromium-driver tmux), then run ./test.sh again" >&2
  exit 1
fi

say "running ./mvnw -B verify${*:+ $*} (PostgreSQL for the tests: REHEARSAL_TEST_POSTGRES_URL, else 127.0.0.1:5432, else Testcontainers, else an embedded one)"
exec ./mvnw -B verify "$@"
