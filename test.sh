#!/usr/bin/env bash
# The test command (README, "Build and test"). It prepares what the Maven build cannot bring itself,
# then runs `./mvnw -B verify` with any arguments given here. Everything else the tests need comes
# from Maven Central: DynamoDB Local, S3Proxy, Helm, and an embedded PostgreSQL where no server runs.
#
# The one thing prepared here: Debian's Chromium and its chromedriver, which the dashboard's browser
# tests drive (demo, DashboardBrowserTest) and which fail, never skip, without them. As root with
# apt-get they are installed; otherwise the script stops with one line naming what to install.
set -euo pipefail
cd "$(dirname "$0")"

say() {
  echo "test.sh: $*"
}

if ! command -v java >/dev/null && [ -z "${JAVA_HOME:-}" ]; then
  say "stopping: no Java found; install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)" >&2
  exit 1
fi

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  say "Chromium and chromedriver for the browser tests: found in /usr/bin"
elif [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "installing Debian's chromium and chromium-driver for the browser tests (apt-get update, apt-get install)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "stopping: apt-get installed chromium and chromium-driver, but /usr/bin/chromium or /usr/bin/chromedriver is still missing" >&2
    exit 1
  fi
else
  say "stopping: the browser tests need /usr/bin/chromium and /usr/bin/chromedriver; install Debian's packages chromium and chromium-driver (as root: apt-get install chromium chromium-driver), then run ./test.sh again" >&2
  exit 1
fi

say "running ./mvnw -B verify${*:+ $*} (PostgreSQL for the tests: REHEARSAL_TEST_POSTGRES_URL, else 127.0.0.1:5432, else Testcontainers, else an embedded one)"
exec ./mvnw -B verify "$@"
