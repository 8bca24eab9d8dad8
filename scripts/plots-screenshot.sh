#!/bin/sh
# Renders an mlctl plots page in headless Chromium (Debian's chromium package) and saves a
# screenshot, to look at the page as a browser draws it: legends, the grid of charts, matrices.
#
#   scripts/plots-screenshot.sh [OUT.png] [WIDTH]
#
# Builds a small project in a temporary folder with the mlctl of this build
# (mlctl-cli/target/dist/bin/mlctl, or $MLCTL), records three runs (one of them failing) whose
# stage logs a loss curve and writes a classification metrics file, writes `plots show
# --normalize`, and screenshots it at WIDTH pixels (default 1280).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-plots.png}")
width=${2:-1280}
mlctl=${MLCTL:-$here/mlctl-cli/target/dist/bin/mlctl}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "plots-screenshot: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
[ -x "$mlctl" ] || { echo "plots-screenshot: no $mlctl (mvn -B package builds it)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q . && git config user.email plots@example.com && git config user.name plots
"$mlctl" init -q
cat > params.yaml <<'YAML'
train:
  lr: 0.1
  seed: 1
YAML
cat > mlctl.yaml <<'YAML'
stages:
  train:
    cmd: >-
      awk -v lr=${train.lr} 'BEGIN { for (i = 0; i < 30; i++) printf "{\"metric\": \"loss\", \"value\": %f, \"step\": %d}\n", 1 / (1 + lr * i), i }'
      >> "$MLCTL_LOG_FILE" &&
      test ${train.lr} != 0.5 &&
      printf '{"accuracy": %s, "f1_macro": 0.8, "per_class": {"setosa": {"f1": 1.0}, "versicolor": {"f1": 0.7}},
      "confusion_matrix": {"labels": ["setosa", "versicolor", "virginica"], "matrix": [[10, 0, 0], [0, 8, 2], [0, 3, 7]]}}'
      ${train.lr} > metrics.json
    params: [train.lr, train.seed]
    metrics: [{metrics.json: {cache: false}}]
YAML
git add -A && git commit -qm pipeline
# The failing run first: a stage that fails leaves no metrics file behind, and the page draws
# the work tree's confusion matrix.
"$mlctl" exp run -q -S train.lr=0.5 2>/dev/null || true
"$mlctl" exp run -q -n baseline -S train.lr=0.1
"$mlctl" exp run -q -S train.lr=0.3
"$mlctl" plots show --normalize -o "$work/page.html" >/dev/null
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars --window-size="$width",2400 \
  --screenshot="$out" "file://$work/page.html" >/dev/null 2>&1
echo "$out"
