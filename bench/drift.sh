#!/usr/bin/env bash
# Benchmarks `mlctl drift` against the same statistics in Python: pandas.read_csv of both files,
# then per column what mlctl's auto rules pick for over 1,000 rows (scipy's wasserstein_distance
# over the reference's standard deviation for numeric columns, scipy's jensenshannon on the
# category shares for categorical ones) and PSI on 10 reference-decile bins. Two CSV files of
# 1,000,000 rows x 20 numeric + 2 categorical columns; the current one is shifted in 5 columns.
# mlctl runs with at most 1 GiB of heap. Three paired runs (mlctl, then Python); the medians and
# their ratio are printed as a Markdown table row. Goal: mlctl <= 0.5x Python.
# Usage: bench/drift.sh   (BENCH_DIR picks the scratch disk; ROWS overrides 1000000)
# Records the goal row in bench/results/drift.tsv (bench/lib.sh) for bench/report.py.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
mlctl="$top/mlctl-cli/target/dist/bin/mlctl"
[ -x "$mlctl" ] || (cd "$top" && mvn -B -q package -DskipTests)
py=/usr/bin/python3
if ! "$py" -c 'import scipy, pandas' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas python3-scipy >/dev/null
fi
rows=${ROWS:-1000000}

bench_begin drift
base=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-bench-drift.XXXXXX")
trap 'rm -rf "$base"' EXIT
cd "$base"

ROWS=$rows "$py" - <<'PY'
import os
import numpy as np, pandas as pd
n = int(os.environ["ROWS"])
def frame(seed, shift):
    rng = np.random.default_rng(seed)
    d = {f"x{i}": rng.normal(shift if i < 5 else 0.0, 1.0 + i / 10, n).round(5) for i in range(20)}
    d["city"] = rng.choice(["paris", "lyon", "nice", "lille", "brest"], n, p=[0.4, 0.2, 0.2, 0.1, 0.1] if shift == 0 else [0.3, 0.3, 0.2, 0.1, 0.1])
    d["plan"] = rng.choice(["free", "pro"], n)
    return pd.DataFrame(d)
frame(1, 0.0).to_csv("reference.csv", index=False)
frame(2, 0.2).to_csv("current.csv", index=False)
PY

cat > peer.py <<'PY'
import json, sys
import numpy as np, pandas as pd
from scipy import stats
from scipy.spatial import distance
ref, cur = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2])
def fill(p):
    nz = p[p != 0]
    return np.where(p == 0, nz.min() / 1e6 if nz.min() <= 1e-4 else 1e-4, p)
out = {}
for c in ref.columns:
    r, k = ref[c].dropna(), cur[c].dropna()
    if pd.api.types.is_numeric_dtype(r):
        score = stats.wasserstein_distance(r, k) / max(np.std(r), 0.001)
        edges = np.unique(np.quantile(r, [i / 10 for i in range(1, 10)]))
        rb = np.bincount(np.searchsorted(edges, r, side="left"), minlength=len(edges) + 1) / len(r)
        cb = np.bincount(np.searchsorted(edges, k, side="left"), minlength=len(edges) + 1) / len(k)
    else:
        keys = sorted(set(r.unique()) | set(k.unique()))
        rv, kv = r.value_counts(), k.value_counts()
        rb = np.array([rv.get(x, 0) / len(r) for x in keys])
        cb = np.array([kv.get(x, 0) / len(k) for x in keys])
        score = distance.jensenshannon(rb, cb)
    rb, cb = fill(rb), fill(cb)
    out[c] = {"score": float(score), "psi": float(np.sum((rb - cb) * np.log(rb / cb)))}
json.dump(out, open(sys.argv[3], "w"))
PY

now() { date +%s.%N; }
mt=(); pt=()
for run in 1 2 3; do
  t0=$(now)
  MLCTL_JAVA_OPTS="-Xmx1g" "$mlctl" drift --reference reference.csv --current current.csv --json > mlctl.json
  t1=$(now)
  "$py" peer.py reference.csv current.csv peer.json
  t2=$(now)
  mt+=("$("$py" -c "print($t1 - $t0)")"); pt+=("$("$py" -c "print($t2 - $t1)")")
  echo "run $run: mlctl ${mt[-1]} s, python ${pt[-1]} s" >&2
done

# Same numbers, or the timing compares different work.
"$py" - <<'PY'
import json
m = {c["name"]: c for c in json.load(open("mlctl.json"))["columns"]}
p = json.load(open("peer.json"))
for name, v in p.items():
    assert abs(m[name]["statistic"] - v["score"]) <= 1e-9 * max(1, abs(v["score"])), (name, m[name]["statistic"], v["score"])
    assert abs(m[name]["psi"] - v["psi"]) <= 1e-6 * max(1e-3, abs(v["psi"])), (name, m[name]["psi"], v["psi"])
print("scores and PSI agree with scipy on all", len(p), "columns", file=__import__("sys").stderr)
PY

med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
a=$(med "${mt[@]}"); b=$(med "${pt[@]}")
ratio=$("$py" -c "print(f'{$a / $b:.2f}')")
verdict=$("$py" -c "print('PASS' if $a / $b <= 0.5 else 'FAIL')")
echo "| figure | mlctl | peer | ratio | goal | result | command |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '| drift, %s rows x 22 columns, median of 3 | %.2f s | pandas.read_csv + scipy: %.2f s | %sx | <= 0.5x | %s | `MLCTL_JAVA_OPTS=-Xmx1g mlctl drift --reference reference.csv --current current.csv --json` |\n' \
  "$rows" "$a" "$b" "$ratio" "$verdict"
bench_row "drift, $(bench_thousands "$rows") rows x 22 columns, 2 files (median of 3)" "$(printf '%.2f s' "$a")" \
  "pandas.read_csv + scipy" "$(printf '%.2f s' "$b")" "$ratio" "<= 0.5" "$verdict"
