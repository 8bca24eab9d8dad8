#!/usr/bin/env bash
# The monitoring story, end to end: train, register, promote behind a gate, serve, send shifted
# traffic, read the drift report, retrain, promote again, roll back. Prints each command before it
# runs it and stops at the first that fails.
#
#   ./run.sh [DIR]
#
# Copies this example into DIR (default: a new temporary folder), makes it a Git repository with
# an mlctl project, and leaves it there for a look afterwards. Uses the mlctl on PATH; without
# one, the mlctl built in this checkout (building it first if needed). Needs Java 17+ and Git
# (curl, when present, talks to the server; without it, examples/Curl.java does).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if ! command -v mlctl >/dev/null 2>&1; then
  checkout=$(cd "$here/../.." && pwd)
  mlctl_bin="$checkout/mlctl-cli/target/dist/bin/mlctl"
  if [ ! -x "$mlctl_bin" ]; then
    [ -f "$checkout/pom.xml" ] || { echo "run.sh: no mlctl on PATH and no mlctl checkout around $here" >&2; exit 2; }
    echo "# building mlctl (mvn -B -q package -DskipTests)"
    (cd "$checkout" && mvn -B -q package -DskipTests)
  fi
  export PATH="$(dirname "$mlctl_bin"):$PATH"
fi
if [ -n "${MONITORING_NO_CURL:-}" ] || ! command -v curl >/dev/null 2>&1; then
  [ -f "$here/../Curl.java" ] || { echo "run.sh: needs curl, or examples/Curl.java beside this example" >&2; exit 2; }
  eval "curl() { java '$here/../Curl.java' \"\$@\"; }"
  export -f curl
fi

work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/mlctl-monitoring.XXXXXX")}
if [ -e "$work" ] && [ -n "$(ls -A "$work")" ]; then
  echo "run.sh: $work is not empty; name a new or empty folder" >&2
  exit 2
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)

server_pid=
# Whatever happens (a failed step, Ctrl-C), a server this script started does not outlive it.
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run() {
  printf '\n$ %s\n' "$*"
  "$@"
}

step() {
  printf '\n# %s\n' "$*"
}

# Fails the script unless FILE holds TEXT: each claim the story makes is checked as it goes.
expect() {
  grep -q -- "$2" "$1" || { echo "run.sh: expected $1 to hold $2; it holds:" >&2; cat "$1" >&2; exit 1; }
}

# Waits until the server answers with VERSION for the pumps model (it polls the registry each second).
await_version() {
  for _ in $(seq 1 300); do
    curl -fsS -o served/model.json "$url/v1/models/pumps"
    grep -q "\"version\" *: *\"$1\"" served/model.json && return 0
    sleep 0.1
  done
  echo "run.sh: the server did not move to $1" >&2
  exit 1
}

step "A Git repository with this example in it, and an mlctl project"
cp -R "$here/." "$work/"
rm -f "$work/run.sh"
cd "$work"
mkdir -p served
run git init -q -b main .
git config user.email "monitoring@example.com"
git config user.name "mlctl monitoring example"
run mlctl init
run git add .
run git commit -q -m "Pump failure monitoring example"

step "Week 1: generate the readings, split them, train, and score on held-out rows"
run mlctl repro evaluate@1-1
run cat metrics/model1-week1.json

step "Register the week-1 model and promote it behind a gate"
run mlctl models register pumps models/week1/pumps.model --metrics metrics/model1-week1.json \
  --description "Predicts pump failures from load, temperature and vibration" --tag trained_on=week1
run mlctl models promote pumps v1 --to production --require 'accuracy>=0.95' --require 'f1_macro>=0.9'
run mlctl models show pumps@production
run git add -A
run git commit -q -m "pumps v1 in production"

step "Serve the production model on a free loopback port"
mlctl serve pumps@production --port 0 > served/serve.out 2> served/serve.err &
server_pid=$!
url=
for _ in $(seq 1 300); do
  url=$(sed -n 's/^Serving .* at \(http:[^ ]*\).*/\1/p' served/serve.out)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat served/serve.err >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "mlctl serve did not start" >&2; cat served/serve.err >&2; exit 1; }
run cat served/serve.out
run curl -fsS "$url/health"
echo

step "Week 2: a new sensor kit reads hotter and shakier, and a heat wave raises the load"
run mlctl repro split@2
# Four requests of 250 rows each; the server ignores the status column, as predict does.
for part in 0 1 2 3; do
  awk -v part=$part 'NR == 1 || (NR - 2) % 4 == part' data/week2.csv > served/batch$part.csv
  run curl -fsS -o served/predictions$part.json -H 'Content-Type: text/csv' \
    --data-binary @served/batch$part.csv "$url/invocations"
done
run head -c 300 served/predictions0.json
echo

step "The drift report on what the server saw: the data set drifted"
run curl -fsS -o served/drift.json "$url/v1/models/pumps/drift"
run grep -o '"dataset_drift" *: *[a-z]*' served/drift.json
expect served/drift.json '"dataset_drift" *: *true'
run curl -fsS -o served/drift.html "$url/v1/models/pumps/drift?format=html"
run bash -c "curl -fsS '$url/metrics' | grep '^mlctl_drift_score'"
# The same check as a CI job would run it: exit 1 when the data set drifted.
set +e
run mlctl drift --reference pumps@production --current data/week2.csv --fail-on-drift
code=$?
set -e
[ "$code" = 1 ] || { echo "run.sh: expected mlctl drift --fail-on-drift to exit 1, it exited $code" >&2; exit 1; }
echo "(exit 1, as expected)"

step "Week 2's failures are in: the production model gets most of them wrong"
run mlctl repro evaluate@1-2
run cat metrics/model1-week2.json

step "Retrain on week 2 and score the new model on week 2's held-out rows"
run mlctl repro
run mlctl metrics show
run git add -A
run git commit -q -m "Retrain on week 2"

step "Register the week-2 model and promote it behind the same gate"
run mlctl models register pumps models/week2/pumps.model --metrics metrics/model2-week2.json \
  --description "Predicts pump failures from the new sensor kit's readings" --tag trained_on=week2
run mlctl models promote pumps v2 --to production --require 'accuracy>=0.95' --require 'f1_macro>=0.9'
step "The server moves to v2 by itself, without a restart or a dropped request"
await_version v2
run grep -o '"version" *: *"v[0-9]*"' served/model.json
run curl -fsS -H 'Content-Type: text/csv' --data-binary @served/batch0.csv "$url/invocations" -o served/after-v2.json
run head -c 200 served/after-v2.json
echo

step "Roll back: production goes back to the version it held before"
run mlctl models rollback pumps --alias production
run mlctl models show pumps@production
await_version v1
run grep -o '"version" *: *"v[0-9]*"' served/model.json

step "Stop the server: it finishes what is in flight and writes out the request log"
run kill -TERM "$server_pid"
run wait "$server_pid"
server_pid=
run mlctl models list
run mlctl models audit --verify
run git add -A
run git commit -q -m "pumps: v2 promoted, then rolled back to v1"

printf '\nDone: the project is in %s\n' "$work"
