#!/usr/bin/env bash
# Runs mlctl's benchmarks side by side with their peers, then rewrites the report.
#
#   bash bench/all.sh                  # every area, in the order below (about an hour)
#   bash bench/all.sh serve drift      # only these areas; the others keep their last figures
#   bash bench/all.sh --dry-run [AREA...]   # say what would run, then rewrite the report only
#   bash bench/all.sh reflink          # the XFS reflink check (root, a loop device): never by default
#
# Areas, run in this order (short, noise-sensitive ones first):
#   startup pipeline table validate drift train data remote serve completion
# Each area's script (bench/AREA.sh) records its figures in bench/results/AREA.tsv through
# bench/lib.sh; then bench/report.py rewrites BENCHMARKS.md, README.md's summary and
# bench/ratios.svg from every results file. A missed goal or a failing script does not stop the
# run. A script that records no figure at all (it failed before measuring) leaves its area's
# previous figures in place. Each script's output is also kept in mlctl-cli/target/bench/AREA.log.
#
# The figures are only as good as the machine is quiet: the script warns before each area when the
# one-minute load average is above half the cores.
#
# Environment (besides each script's own, e.g. BENCH_DIR):
#   BENCH_MILLION             data's case C, a million files under -Xmx512m (default 1; 0 skips it)
#   BENCH_STARTUP_JAVA_HOMES  more JDKs to time start-up on, space-separated (each records
#                             startup-jdkMAJOR), e.g. /usr/lib/jvm/temurin-25-jdk-amd64
#
# Exit status: 0 when every goal of the areas run was met, 1 when one was missed or a script
# failed, 2 on a usage error, 3 when the report could not be written.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
results=${BENCH_RESULTS:-$here/results}
logs=$root/mlctl-cli/target/bench
order=(startup pipeline table validate drift train data remote serve completion)

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

dry=0
areas=()
for arg in "$@"; do
  case $arg in
    --dry-run) dry=1 ;;
    -h | --help) usage ;;
    -*) printf 'all.sh: unknown option %s\n' "$arg" >&2; usage ;;
    *)
      case " ${order[*]} reflink " in
        *" $arg "*) areas+=("$arg") ;;
        *) printf 'all.sh: unknown area %s (known: %s, reflink)\n' "$arg" "${order[*]}" >&2; exit 2 ;;
      esac
      ;;
  esac
done
if [ ${#areas[@]} -eq 0 ]; then
  areas=("${order[@]}")
else # the named areas, in the usual order
  named=" ${areas[*]} "
  areas=()
  for a in "${order[@]}" reflink; do
    case $named in *" $a "*) areas+=("$a") ;; esac
  done
fi

say() { printf '[all.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# rows FILE: figures in a results file; misses FILE: those whose verdict is FAIL
rows() { awk -F'\t' '!/^#/ && NF >= 7 { n++ } END { print (n > 1 ? n - 1 : 0) }' "$1"; }
misses() { awk -F'\t' '!/^#/ && $7 == "FAIL" { n++ } END { print n + 0 }' "$1"; }

check_load() {
  local load cores
  load=$(cut -d' ' -f1 /proc/loadavg)
  cores=$(nproc)
  if awk -v l="$load" -v n="$cores" 'BEGIN { exit !(l > n / 2) }'; then
    say "warning: load average $load on $cores cores (above half of them): other jobs will skew '$1'"
  fi
}

# run AREA LABEL COMMAND...: runs one script, keeps its output, restores the previous figures of an
# area whose results file it left without a figure, and tallies what it recorded.
failed=()
missed=0
run() {
  local area=$1 label=$2 rc=0 before f name n m
  shift 2
  if [ "$dry" = 1 ]; then
    say "would run ($label): $*"
    return 0
  fi
  check_load "$label"
  before=$(mktemp -d)
  cp -p "$results"/*.tsv "$before"/ 2>/dev/null || true
  mkdir -p "$logs"
  say "$label: $*"
  (cd "$root" && "$@") > >(tee "$logs/$area.log") 2> >(tee -a "$logs/$area.log" >&2) || rc=$?
  for f in "$results"/*.tsv; do
    [ -e "$f" ] || continue
    name=$(basename "$f")
    cmp -s "$f" "$before/$name" && continue
    n=$(rows "$f")
    if [ "$n" -eq 0 ]; then
      if [ -e "$before/$name" ]; then
        cp -p "$before/$name" "$f"
        say "$label recorded no figure in $name: the previous figures stay"
      else
        rm -f "$f"
      fi
      continue
    fi
    m=$(misses "$f")
    missed=$((missed + m))
    say "$label: $n figures in $name, $m goals missed"
  done
  rm -rf "$before"
  if [ "$rc" -ne 0 ]; then
    say "$label exited $rc"
    failed+=("$label (exit $rc)")
  fi
}

mkdir -p "$results"
for area in "${areas[@]}"; do
  case $area in
    startup)
      run startup "startup" bash "$here/startup.sh"
      for home in ${BENCH_STARTUP_JAVA_HOMES:-}; do
        run startup "startup on $home" env JAVA_HOME="$home" bash "$here/startup.sh"
      done
      ;;
    data) run data data env BENCH_MILLION="${BENCH_MILLION:-1}" bash "$here/data.sh" ;;
    reflink) run reflink "reflink check" bash "$here/reflink.sh" ;;
    *) run "$area" "$area" bash "$here/$area.sh" ;;
  esac
done

say "writing the report"
rc=0
/usr/bin/python3 "$here/report.py" --root "$root" --results "$results" || rc=$?
if [ "$rc" -ne 0 ]; then
  say "bench/report.py failed (exit $rc)"
  exit 3
fi
[ "$dry" = 0 ] || exit 0
if [ ${#failed[@]} -gt 0 ]; then
  say "scripts that failed or missed a goal: ${failed[*]}"
fi
if [ "$missed" -gt 0 ] || [ ${#failed[@]} -gt 0 ]; then
  say "$missed goals missed in this run"
  exit 1
fi
say "every goal met"
exit 0
