#!/usr/bin/env bash
# How good is the plan forecast? Starts the demo, lets it back up and drill every table once, then
# drills the demo's recovery plan 'incident' N times in a row through the API. For each drill it
# prints the forecast the daemon gave before the drill started (most likely, and the range) against
# the recovery time it then measured, and at the end what the daemon itself reports about its
# accuracy: the forecast's words and rehearsal_plan_forecast_error_ratio.
#
#   bench/run-plan-forecast.sh [drills]      # default: 10 drills, of the demo at its own size
#
# Needs curl and jq. Run from the repository root on an idle machine; it takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
drills="${1:-10}"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
work=$(mktemp -d /tmp/rehearsal-plan-forecast.XXXXXX)
log="$work/demo.log"

echo "== Building the demo"
./mvnw -B -q -DskipTests -DskipITs -pl demo -am install > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
echo "== Starting the demo on port $port (data in $work)"
(cd "$work" && exec "$OLDPWD/mvnw" -q -f "$OLDPWD/demo/pom.xml" spring-boot:run \
    -Dspring-boot.run.arguments="--server.port=$port --spring.datasource.url=jdbc:h2:mem:plan-forecast;DB_CLOSE_DELAY=-1 --rehearsal.stores.local.path=$work/backups --rehearsal.plans.incident.drill-cron=" \
    > "$log" 2>&1) &
demo=$!
trap 'kill $demo 2>/dev/null; pkill -f "server.port=$port" 2>/dev/null || true' EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
    token=$(grep 'Demo admin token for this run' "$log" 2>/dev/null | grep -o 'rh_[A-Za-z0-9_-]*' | head -n 1 || true)
    [[ -n "$token" ]] && curl -fs "$base/actuator/health" >/dev/null 2>&1 && break
    sleep 1
done
[[ -n "${token:-}" ]] || { echo "the demo did not start; its log: $log" >&2; exit 1; }
api() { curl -fsS -H "Authorization: Bearer $token" "$@"; }

echo "== Waiting until every table of the plan has a passing drill (the demo drills them at start-up)"
for _ in $(seq 1 600); do
    known=$(api "$base/api/v1/plans/incident" | jq -r '.forecast.seconds // empty')
    [[ -n "$known" ]] && break
    sleep 1
done
[[ -n "$known" ]] || { echo "no forecast after 10 minutes; see $log" >&2; exit 1; }

printf '\n| drill | forecast before it (s) | range (s) | measured (s) | error | in range |\n|---:|---:|---|---:|---:|---|\n'
for i in $(seq 1 "$drills"); do
    run=$(api -X POST "$base/api/v1/plans/incident/drills" | jq -r .runId)
    while [[ $(api "$base/api/v1/plan-runs/$run" | jq -r .status) == RUNNING ]]; do sleep 1; done
    api "$base/api/v1/plan-runs/$run/report" | jq -r --arg i "$i" '
        if .forecast == null then "| \($i) | none | | \(.recoveryTimeSeconds) | | |"
        else "| \($i) | \(.forecast.seconds) | \(.forecast.lowSeconds) – \(.forecast.highSeconds) | \(.recoveryTimeSeconds // "not reached") | "
             + (if .recoveryTimeSeconds == null then " | |" else
               "\(((.recoveryTimeSeconds / .forecast.seconds - 1) * 1000 | round) / 10)% | "
               + (if .recoveryTimeSeconds >= .forecast.lowSeconds and .recoveryTimeSeconds <= .forecast.highSeconds
                  then "yes" else "no" end) + " |" end)
        end'
done

echo
echo "== What the daemon reports now"
api "$base/api/v1/plans/incident" | jq -r '"forecast: \(.forecast.seconds) s (\(.forecast.lowSeconds) – \(.forecast.highSeconds) s); \(.forecast.words)"'
curl -fsS "$base/actuator/prometheus" | grep -E '^rehearsal_plan_forecast_error_ratio|^rehearsal_plan_forecast_seconds|^rehearsal_plan_last_recovery_seconds' || true
