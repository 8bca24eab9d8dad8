#!/usr/bin/env bash
# Benchmarks mlctl's pipeline overhead: 100 trivial stages from scratch against the same commands
# run by `sh -c` in a loop (plus one JVM start), a no-op repro over 10,000 dependency files
# against `mlctl --version`, and -j 2 against -j 1 on two independent sleeping stages.
# Usage: bench/pipeline.sh   (BENCH_DIR picks the scratch disk)
# Records each goal row in bench/results/pipeline.tsv (bench/lib.sh) for bench/report.py.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
mlctl="$top/mlctl-cli/target/dist/bin/mlctl"
[ -x "$mlctl" ] || (cd "$top" && mvn -B -q package -DskipTests)
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

bench_begin pipeline
base=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-bench-pipeline.XXXXXX")
trap 'chmod -R u+w "$base" 2>/dev/null; rm -rf "$base"' EXIT
results=()
fail=0
median() { # hyperfine json -> median seconds of command $2
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"
}
record() { # name mlctl other goal other_name
  local ratio pass=PASS
  ratio=$(python3 -c "print(f'{$2 / $3:.2f}')")
  python3 -c "import sys; sys.exit(0 if $2 / $3 <= $4 else 1)" || { pass=FAIL; fail=1; }
  results+=("$(printf '| %s | %.3f s | %.3f s (%s) | %s | <= %s | %s |' "$1" "$2" "$3" "$5" "$ratio" "$4" "$pass")")
  bench_row "$1" "$(printf '%.3f s' "$2")" "$5" "$(printf '%.3f s' "$3")" "$ratio" "<= $4" "$pass"
}

# 100 stages of `true`, each depending on its own folder of 100 files: 10,000 dependency files.
p="$base/p"
mkdir -p "$p"
cd "$p"
git init -q && "$mlctl" init -q
python3 - <<'PY'
import os
lines = ["stages:"]
for i in range(100):
    d = f"deps/{i:03d}"
    os.makedirs(d, exist_ok=True)
    for j in range(100):
        with open(f"{d}/{j:03d}.txt", "w") as f:
            f.write(f"{i} {j}\n")
    lines += [f"  s{i:03d}:", "    cmd: 'true'", f"    deps: [{d}]"]
open("mlctl.yaml", "w").write("\n".join(lines) + "\n")
PY
sleep 1

echo "# 100 trivial stages from scratch"
hyperfine -N -w 1 -r 5 --export-json "$base/scratch.json" \
  --prepare "rm -f $p/mlctl.lock" -n 'mlctl repro' "$mlctl -C $p repro -q" \
  -n 'sh loop + mlctl --version' "bash -c 'for i in \$(seq 100); do sh -c true; done; $mlctl --version >/dev/null'" >/dev/null
record "repro of 100 trivial stages" "$(median "$base/scratch.json" 0)" "$(median "$base/scratch.json" 1)" 2 "100 x sh -c + mlctl --version"

echo "# no-op repro over 10,000 dependency files"
"$mlctl" -C "$p" repro -q
hyperfine -N -w 2 -r 10 --export-json "$base/noop.json" \
  -n 'mlctl repro (no-op)' "$mlctl -C $p repro -q" -n 'mlctl --version' "$mlctl --version" >/dev/null
record "no-op repro, 100 stages, 10,000 deps" "$(median "$base/noop.json" 0)" "$(median "$base/noop.json" 1)" 3 "mlctl --version"

echo "# -j 2 vs -j 1 on two independent 2 s stages"
q="$base/q"
mkdir -p "$q" && cd "$q" && git init -q && "$mlctl" init -q
printf 'stages:\n  a:\n    cmd: sleep 2\n    always_changed: true\n  b:\n    cmd: sleep 2\n    always_changed: true\n' > mlctl.yaml
hyperfine -N -w 0 -r 3 --export-json "$base/j.json" \
  -n 'repro -j 2' "$mlctl -C $q repro -q -j 2" -n 'repro -j 1' "$mlctl -C $q repro -q -j 1" >/dev/null
record "repro -j 2 of two 2 s stages" "$(median "$base/j.json" 0)" "$(median "$base/j.json" 1)" 0.75 "repro -j 1"

echo
echo "| measurement | mlctl | other | ratio | goal | result |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${results[@]}"
exit $fail
