#!/usr/bin/env bash
# A tour of mlctl in a throwaway Git repository. Builds mlctl first if needed, then prints each
# command before it runs it. Needs Java 17+, Maven and Git (curl, when present, talks to the
# server; without it, examples/Curl.java does the same few requests).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
mlctl_bin="$here/mlctl-cli/target/dist/bin/mlctl"
if [ ! -x "$mlctl_bin" ]; then
  echo "# building mlctl (mvn -B -q package -DskipTests)"
  (cd "$here" && mvn -B -q package -DskipTests)
fi
export PATH="$(dirname "$mlctl_bin"):$PATH"
if [ -n "${QUICKSTART_NO_CURL:-}" ] || ! command -v curl >/dev/null 2>&1; then
  eval "curl() { java '$here/examples/Curl.java' \"\$@\"; }"
  export -f curl
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mlctl-quickstart.XXXXXX")
server_pid=
# Whatever happens (a failed step, Ctrl-C), a server this script started does not outlive it.
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  chmod -R u+w "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir "$work/repo"
cd "$work/repo"

run() {
  printf '\n$ %s\n' "$*"
  "$@"
}

step() {
  printf '\n# %s\n' "$*"
}

step "A Git repository with an mlctl project in it"
run git init -q -b main .
git config user.email "quickstart@example.com"
git config user.name "mlctl quickstart"
run mlctl init
run mlctl config set core.lock_wait 30
run mlctl config list
run mlctl status
run git add .mlctl/config.yaml .mlctl/.gitignore
run git commit -q -m "Initialise mlctl"

step "Track a data file: its bytes go to the cache, a small pointer goes to Git"
mkdir -p data
printf 'sepal_length,species\n5.1,setosa\n7.0,versicolor\n' > data/iris.csv
run mlctl add data/iris.csv
run cat data/iris.csv.mlctl
run git add data/iris.csv.mlctl data/.gitignore
run git commit -q -m "Track iris data v1"

step "Change it: status shows what differs from the pointer"
printf '6.3,virginica\n' >> data/iris.csv
run mlctl status
run mlctl status --json
run mlctl diff
run mlctl add data/iris.csv
run git commit -q -am "iris data v2"

step "Go back to the first version: git checks out the pointer, mlctl the data"
run git checkout -q HEAD~1
run mlctl checkout
run cat data/iris.csv
run git checkout -q main
run mlctl checkout
run mlctl diff HEAD~1 HEAD
run mlctl ls
run mlctl fsck

step "Share the data through a remote (a folder here; s3://bucket/prefix works the same)"
run mlctl remote add origin "$work/remote"
run git add .mlctl/config.yaml
run git commit -q -m "Add a data remote"
run mlctl status --remote origin
run mlctl push
run mlctl status --remote origin

step "A teammate clones the repository and pulls the data"
run git clone -q "$work/repo" "$work/clone"
cd "$work/clone"
run mlctl status
run mlctl pull
run cat data/iris.csv
cd "$work/repo"

step "A three-stage pipeline: mlctl.yaml declares it, mlctl.lock records what each stage saw"
cat > params.yaml <<'YAML'
filter:
  min_length: 6.0
YAML
cat > mlctl.yaml <<'YAML'
stages:
  clean:
    cmd: grep -v '^$' data/iris.csv > data/clean.csv
    deps: [data/iris.csv]
    outs: [data/clean.csv]
  filter:
    cmd: awk -F, -v min=${filter.min_length} 'NR == 1 || $1 >= min' data/clean.csv > data/long.csv
    deps: [data/clean.csv]
    params: [filter.min_length]
    outs: [data/long.csv]
  report:
    cmd: 'mkdir -p metrics && printf "{\"rows\": %d}\n" $(($(wc -l < data/long.csv) - 1)) > metrics/report.json && mlctl log metric rows $(($(wc -l < data/long.csv) - 1))'
    deps: [data/long.csv]
    metrics: [{metrics/report.json: {cache: false}}]
YAML
run cat mlctl.yaml
run mlctl dag
run mlctl repro
run cat metrics/report.json
run mlctl repro
run mlctl status

step "Change a parameter: only the stages it reaches run again"
run sed -i 's/min_length: 6.0/min_length: 5.0/' params.yaml
run mlctl status
run mlctl repro
run cat metrics/report.json
run git add mlctl.yaml mlctl.lock params.yaml data/.gitignore metrics
run git commit -q -m "Pipeline"

step "Experiments: set a parameter with -S, run, and compare the runs"
run mlctl exp run -n long-only --tag kind=filter -S filter.min_length=6.5
run mlctl exp run -n all-lengths --tag kind=filter --note "keep every flower" -S filter.min_length=4.0
# The repro runs above logged a metric, so they are runs too (with generated names).
run mlctl exp show
run mlctl exp show --tag kind=filter --md --sort-by rows --sort-order desc
run mlctl exp diff long-only all-lengths
# A run's record is plain JSON in .mlctl/runs/, named by its id
id=$(mlctl exp show --csv --all | grep '^all-lengths,' | cut -d, -f2)
run cat ".mlctl/runs/$id.json"

step "Bring the first run back: its parameters, lock and outputs come from the cache"
run mlctl exp apply long-only
run cat params.yaml
run mlctl status

step "Metrics and parameters against the last commit (what a CI job would post on a pull request)"
run mlctl metrics show
run mlctl metrics diff --md
run mlctl params diff

step "Everything as one self-contained HTML page"
run mlctl plots show -o "$work/plots.html"
run grep -c '<svg' "$work/plots.html"

step "Models: split a CSV, train with Tribuo, evaluate, register and promote behind a gate"
# 300 points; the class is whether x + y > 10, with a little noise from a fixed-seed generator.
awk 'BEGIN {
  s = 12345; print "x,y,region,label"
  for (i = 0; i < 300; i++) {
    s = (s * 1103515245 + 12345) % 2147483648; x = (int(s / 65536) % 10000) / 1000
    s = (s * 1103515245 + 12345) % 2147483648; y = (int(s / 65536) % 10000) / 1000
    s = (s * 1103515245 + 12345) % 2147483648; r = (int(s / 65536) % 2) ? "north" : "south"
    s = (s * 1103515245 + 12345) % 2147483648; noise = (int(s / 65536) % 100) < 5
    label = ((x + y > 10) != noise) ? "high" : "low"
    printf "%.3f,%.3f,%s,%s\n", x, y, r, label
  }
}' > data/points.csv
run mlctl add data/points.csv
run mlctl data split data/points.csv --train data/train.csv --test data/test.csv --ratio 0.8 --seed 1 --stratify label
run mlctl train --data data/train.csv --label label --algorithm logistic --param c=1.0 --out models/points.model --metrics metrics/train.json
run head -c 400 models/points.model.card.json
echo
run mlctl evaluate --model models/points.model --data data/test.csv --metrics metrics/eval.json --slice region
run mlctl models register points models/points.model --metrics metrics/eval.json \
  --description "Flags points above the x + y = 10 line" --tag team=quickstart
run mlctl models promote points v1 --to production --require 'accuracy>=0.8' --require 'slice.min.accuracy>=0.75' \
  --require 'fairness.demographic_parity_difference<=0.3'
run mlctl models show points@v1
step "Explain two predictions: the features that moved each one most (LIME, seeded)"
run mlctl explain --model points@production --input data/test.csv --rows 1,2 --top 3
step "A gate the model does not meet: exit 1 and the alias stays where it was"
set +e
run mlctl models promote points v1 --to gold --require 'accuracy>=0.999'
echo "(exit $?)"
set -e
run mlctl predict --model points@production --input data/test.csv --output predictions.csv --proba
run head -3 predictions.csv

step "Validation: infer a schema from the data, then catch a batch that breaks it"
run mlctl schema infer data/points.csv -o schema.yaml
run cat schema.yaml
run mlctl validate data/train.csv --schema schema.yaml
# an unknown region and an x out of range, in a batch too small for the schema's row count
{ head -1 data/points.csv; echo "12.500,3.100,east,low"; sed -n 2,5p data/points.csv; } > data/batch.csv
set +e
run mlctl validate data/batch.csv --schema schema.yaml
code=$?
set -e
if [ "$code" != 1 ]; then
  echo "quickstart: expected mlctl validate to exit 1 on data/batch.csv, it exited $code" >&2
  exit 1
fi
echo "(exit 1, as expected: a stage running mlctl validate would stop here)"
step "Drift: the production model's training data against a batch whose x moved"
# the test rows with x shifted by +3: x drifts, y and region do not
awk -F, 'NR == 1 { print; next } { printf "%.3f,%s,%s,%s\n", $1 + 3, $2, $3, $4 }' data/test.csv > data/shifted.csv
run mlctl drift --reference points@production --current data/shifted.csv --html "$work/drift.html"
run grep -c '<svg' "$work/drift.html"
set +e
run mlctl drift --reference data/train.csv --current data/shifted.csv --columns x,y --fail-on-drift -q
code=$?
set -e
if [ "$code" != 1 ]; then
  echo "quickstart: expected mlctl drift --fail-on-drift to exit 1 on data/shifted.csv, it exited $code" >&2
  exit 1
fi
echo "(exit 1, as expected: a CI job gating on drift would stop here)"
run mlctl models list
run mlctl models audit --verify
run git add data/points.csv.mlctl data/.gitignore .mlctl/registry metrics
run git commit -q -m "points model v1 in production"

step "Lineage: where the production model came from, each link checked against the cache and Git"
run mlctl lineage points@production --verify
run mlctl lineage points@production --mermaid

step "The model's technical documentation as one self-contained HTML page"
run mlctl models report points@production -o "$work/points-report.html"
run grep -c '<h2>' "$work/points-report.html"
run mlctl push

step "Serve the production model: KServe V1, MLflow and the Open Inference Protocol in one server"
# --port 0 takes a free port; the start-up line says which.
mlctl serve points@production --port 0 > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 300); do
  url=$(sed -n 's/^Serving .* at \(http:[^ ]*\).*/\1/p' "$work/serve.out")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "mlctl serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
run cat "$work/serve.out"
run curl -fsS "$url/health"
echo
run curl -fsS -H 'Content-Type: application/json' -H 'X-Request-Id: quickstart-1' "$url/v1/models/points:predict" \
  -d '{"instances": [{"x": 2.5, "y": 9.1, "region": "north"}, {"x": 1.0, "y": 2.0, "region": "south"}]}'
echo
run curl -fsS -H 'Content-Type: application/json' "$url/v1/models/points:explain?top=2" \
  -d '{"instances": [{"x": 2.5, "y": 9.1, "region": "north"}]}'
echo
run curl -fsS -H 'Content-Type: application/json' "$url/invocations" \
  -d '{"dataframe_split": {"columns": ["x", "y", "region"], "data": [[2.5, 9.1, "north"]]}}'
echo
run curl -fsS -H 'Content-Type: text/csv' "$url/invocations" --data-binary $'x,y,region\n1.0,2.0,south\n'
echo
run curl -fsS -H 'Content-Type: application/json' "$url/v2/models/points/infer" -d '{"inputs": [
  {"name": "x", "datatype": "FP64", "shape": [1], "data": [2.5]},
  {"name": "y", "datatype": "FP64", "shape": [1], "data": [9.1]},
  {"name": "region", "datatype": "BYTES", "shape": [1], "data": ["north"]}]}'
echo
step "A bad request gets a JSON error naming the feature and the instance"
run curl -sS -H 'Content-Type: application/json' "$url/v1/models/points:predict" -d '{"instances": [{"x": 2.5, "region": "north"}]}'
echo
run bash -c "curl -fsS '$url/metrics' | grep '^mlctl_requests_total'"
step "Drift of the traffic served so far against the data the model was trained on (JSON, or an HTML page)"
run curl -fsS -o "$work/served-drift.json" "$url/v1/models/points/drift"
run grep -o '"dataset_drift":[a-z]*' "$work/served-drift.json"
run curl -fsS -o "$work/served-drift.html" "$url/v1/models/points/drift?format=html&slice=region"
run grep -c '<svg' "$work/served-drift.html"
run bash -c "curl -fsS '$url/metrics' | grep '^mlctl_drift_score'"
step "Stop the server (SIGTERM): it finishes what is in flight, writes out the request log, exits 0"
run kill -TERM "$server_pid"
run wait "$server_pid"
server_pid=
run tail -n 1 .mlctl/serve/requests.jsonl

step "An auditor's question: where did served prediction 'quickstart-1' come from? Every link checked"
run mlctl lineage quickstart-1 --verify

step "Is this machine ready? Versions, the cache link types that work here, the remote, the lock"
run mlctl doctor

step "Coming from DVC: a DVC project (a .dvc file and the data it names) becomes an mlctl one in place"
mkdir -p "$work/dvc-project/.dvc" && cd "$work/dvc-project"
git init -q -b main .
printf 'city,rent\nLyon,820\nLille,640\n' > rents.csv
md5=$(md5sum rents.csv | cut -c1-32)
printf 'outs:\n- md5: %s\n  size: %s\n  hash: md5\n  path: rents.csv\n' "$md5" "$(wc -c < rents.csv)" > rents.csv.dvc
printf '[core]\n' > .dvc/config
run cat rents.csv.dvc
run mlctl import-dvc
run cat rents.csv.mlctl
run mlctl status

printf '\nDone: the repository was %s (removed now).\n' "$work"
