#!/usr/bin/env bash
# Times `mlctl validate` of a CSV file of 1,000,000 rows x 22 columns (20 numeric, 2 categorical)
# against its inferred schema, paired with `pandas.read_csv` of the same file (reading only, no
# checks). Goal: mlctl's wall time at most pandas' (ratio <= 1.0), median of BENCH_RUNS paired runs.
#
#   bash bench/validate.sh
#   BENCH_QUICK=1 bash bench/validate.sh   # 100,000 rows, for a smoke run (ratios mean little)
#
# Environment:
#   BENCH_DIR   parent of the scratch folder (default /tmp); removed at the end unless BENCH_KEEP=1
#   BENCH_RUNS  paired runs (default 3; the median of each side is reported)
#   BENCH_ROWS  rows of the file (default 1000000)
#   MLCTL       the mlctl launcher to measure (default: this checkout's build, built if missing)
#
# Exit status: 0 when the goal is met, 1 when it is missed, 2 on a setup failure.
# Records the goal row in bench/results/validate.tsv (bench/lib.sh) for bench/report.py; a
# BENCH_QUICK=1 run records nothing unless BENCH_RESULTS names a folder.
set -euo pipefail
{
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
. "$here/lib.sh"

die() {
  printf 'bench/validate.sh: %s\n' "$*" >&2
  exit 2
}
log() {
  printf '[%s] %s\n' "$(date +%T)" "$*" >&2
}

# Debian's Python with pandas (the python3 on PATH may be another interpreter)
PY=/usr/bin/python3
if ! { [ -x "$PY" ] && "$PY" -c 'import pandas' 2>/dev/null; }; then
  sudo=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing python3-pandas and not root (install it with apt-get)"
    sudo=sudo
  fi
  log "installing python3-pandas"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q python3-pandas >&2
fi

MLCTL=${MLCTL:-$root/mlctl-cli/target/dist/bin/mlctl}
if [ ! -x "$MLCTL" ]; then
  log "building mlctl (mvn -B -q package -DskipTests)"
  (cd "$root" && mvn -B -q package -DskipTests) >&2 || die "the build failed"
  [ -x "$MLCTL" ] || die "no launcher at $MLCTL after the build"
fi

RUNS=${BENCH_RUNS:-3}
ROWS=${BENCH_ROWS:-1000000}
[ "${BENCH_QUICK:-0}" = 1 ] && ROWS=${BENCH_ROWS:-100000}

[ "${BENCH_QUICK:-0}" != 1 ] || [ -n "${BENCH_RESULTS:-}" ] || export BENCH_RECORD=0
bench_begin validate
work=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-validate.XXXXXX")
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
csv=$work/data.csv
log "writing $ROWS rows x 22 columns"
"$PY" "$here/gen_table.py" "$csv" "$ROWS"
"$MLCTL" schema infer "$csv" -o "$work/schema.yaml" -q

now() {
  date +%s.%N
}
mlctl_s=()
pandas_s=()
for i in $(seq 1 "$RUNS"); do
  t0=$(now)
  "$MLCTL" validate "$csv" --schema "$work/schema.yaml" -q || die "mlctl validate failed (exit $?)"
  t1=$(now)
  "$PY" -c 'import sys, pandas; pandas.read_csv(sys.argv[1])' "$csv"
  t2=$(now)
  mlctl_s+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
  pandas_s+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.3f", b - a }')")
  log "run $i: mlctl validate ${mlctl_s[-1]} s, pandas.read_csv ${pandas_s[-1]} s"
done

rc=0
"$PY" - "${mlctl_s[*]}" "${pandas_s[*]}" "$(stat -c %s "$csv")" "$ROWS" "$work/figures" <<'PYEOF' || rc=$?
import statistics, sys
m = [float(x) for x in sys.argv[1].split()]
p = [float(x) for x in sys.argv[2].split()]
mm, pm = statistics.median(m), statistics.median(p)
ratio = mm / pm
print(f"file: {int(sys.argv[4]):,} rows x 22 columns, {int(sys.argv[3]) / 1e6:.1f} MB")
print("| step | median | runs |")
print("| --- | --- | --- |")
print(f"| mlctl validate (inferred schema) | {mm:.2f} s | {', '.join(f'{x:.2f}' for x in m)} |")
print(f"| pandas.read_csv | {pm:.2f} s | {', '.join(f'{x:.2f}' for x in p)} |")
print(f"| ratio | **{ratio:.2f}x** (goal <= 1.0: {'met' if ratio <= 1.0 else 'missed'}) | |")
with open(sys.argv[5], "w") as f:
    f.write(f"{mm:.2f} {pm:.2f} {ratio:.2f} {'PASS' if ratio <= 1.0 else 'FAIL'}\n")
sys.exit(0 if ratio <= 1.0 else 1)
PYEOF
if [ -f "$work/figures" ]; then
  read -r m_med p_med ratio verdict <"$work/figures"
  bench_row "mlctl validate, $(bench_thousands "$ROWS") rows x 22 columns, inferred schema (median of $RUNS)" "$m_med s" \
    "pandas.read_csv" "$p_med s" "$ratio" "<= 1.0" "$verdict"
fi
exit $rc
}
