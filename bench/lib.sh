# Records a benchmark's figures for bench/report.py. Sourced by the scripts in bench/:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   bench_begin AREA                      # at the start: bench/results/AREA.tsv, header lines
#   bench_row FIGURE MLCTL PEER PEER_VALUE RATIO GOAL VERDICT
#
# One TSV file per area, rewritten by every run of its script: lines starting with `#` hold the
# run (`# key<TAB>value`: area, date, nproc, cpu, load, jdk, build, script, env), then one line of
# column names, then one line per figure. RATIO is a number (`2.92`, or `1/17.8` for a fraction);
# for a goal without a peer it is the number compared with the goal (`0.47` for `<= 1.5 s`).
# GOAL is `<= N`, `>= N`, `= N` with an optional unit, or `-` for a figure shown for comparison
# only; VERDICT is PASS, FAIL or `-`. Tabs and newlines inside a field become spaces.
#
# Environment: BENCH_RESULTS, the folder of the TSV files (default bench/results of this checkout);
# BENCH_RECORD=0 records nothing.

bench_lib_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BENCH_FILE=

bench_field() { # VALUE: one TSV field
  local v=${1//$'\t'/ }
  v=${v//$'\r'/ }
  printf '%s' "${v//$'\n'/ }"
}

bench_begin() { # AREA
  local area=$1 dir java runtime build env v
  BENCH_FILE=
  [ "${BENCH_RECORD:-1}" != 0 ] || return 0
  dir=${BENCH_RESULTS:-$bench_lib_root/bench/results}
  mkdir -p "$dir"
  BENCH_FILE=$dir/$area.tsv
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java; else java=$(command -v java || true); fi
  runtime=
  [ -z "$java" ] || runtime=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p' | head -n 1)
  build=$(git -C "$bench_lib_root" describe --always --dirty 2>/dev/null || echo unknown)
  env=
  for v in $(compgen -e | grep -E '^(BENCH_|MLCTL_JAVA_OPTS$|JAVA_HOME$|FILES$|SIZE_KIB$|SMALL_FILES$|ROWS$)' | grep -vE '^BENCH_(RESULTS|RECORD)$' | sort); do
    env+="${env:+ }$v=${!v}"
  done
  {
    printf '# area\t%s\n' "$(bench_field "$area")"
    printf '# date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf '# nproc\t%s\n' "$(nproc)"
    printf '# cpu\t%s\n' "$(bench_field "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)")"
    printf '# load\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf '# jdk\t%s\n' "$(bench_field "${runtime:-unknown}")"
    printf '# build\t%s\n' "$(bench_field "$build")"
    printf '# script\tbench/%s\n' "$(basename "${BASH_SOURCE[1]:-$0}")"
    [ -z "$env" ] || printf '# env\t%s\n' "$(bench_field "$env")"
    printf 'figure\tmlctl\tpeer\tpeer_value\tratio\tgoal\tverdict\n'
  } >"$BENCH_FILE"
}

bench_row() { # FIGURE MLCTL_VALUE PEER_NAME PEER_VALUE RATIO GOAL VERDICT
  [ -n "$BENCH_FILE" ] || return 0
  if [ $# -ne 7 ]; then
    printf 'bench_row: 7 fields wanted, %d given: %s\n' $# "$*" >&2
    return 2
  fi
  local line= f
  for f in "$@"; do
    line+="${line:+$'\t'}$(bench_field "${f:--}")"
  done
  printf '%s\n' "$line" >>"$BENCH_FILE"
}

bench_thousands() { # N: N with a comma every three digits (1000000 -> 1,000,000)
  printf '%s' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'
}
