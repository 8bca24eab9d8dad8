#!/usr/bin/env bash
# Times shell completion as a user meets it: the bash script mlctl ships (completions/mlctl.bash),
# asked for stage names, remote names, run names and paths in a project with 100 stages, 20
# remotes and 200 recorded runs. Each completion reads the project's files at the Tab without
# starting Java. Goal: under 150 ms a completion (median of 50 of each kind).
# Usage: bash bench/completion.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
top=$(cd "$here/.." && pwd -P)
. "$here/lib.sh"
mlctl="$top/mlctl-cli/target/dist/bin/mlctl"
[ -x "$mlctl" ] || (cd "$top" && mvn -B -q package -DskipTests)

base=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-bench-completion.XXXXXX")
trap 'rm -rf "$base"' EXIT
p="$base/p"
mkdir -p "$p/data"
cd "$p"
git init -q && "$mlctl" init -q
{
  echo "stages:"
  for i in $(seq -w 0 99); do printf '  stage%s:\n    cmd: echo %s > out%s.txt\n    outs: [out%s.txt]\n' "$i" "$i" "$i" "$i"; done
} > mlctl.yaml
for i in $(seq -w 0 19); do "$mlctl" remote add -q "store$i" "$base/remote$i"; done
mkdir -p .mlctl/runs
for i in $(seq -w 0 199); do
  printf '{\n  "id" : "20261206T1000%s-abcdef",\n  "name" : "run-%s",\n  "status" : "success"\n}\n' "$i" "$i" > ".mlctl/runs/20261206T1000$i-abcdef.json"
done
for i in $(seq 1 50); do touch "data/file$i.csv"; done

bench_begin completion
# median_ms WORDS...: the median over 50 completions of the last word after the others
median_ms() {
  bash -c '
    source "$1"; shift
    fn=$(complete -p mlctl | sed -E "s/.*-F ([^ ]+).*/\1/")
    words=("$@")
    times=()
    for i in $(seq 1 50); do
      COMP_WORDS=("${words[@]}"); COMP_CWORD=$((${#words[@]} - 1))
      COMP_LINE="${words[*]}"; COMP_POINT=${#COMP_LINE}
      t0=$(date +%s%N)
      "$fn" mlctl "${words[-1]}" "${words[-2]}"
      t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000 )))
    done
    [ ${#COMPREPLY[@]} -gt 0 ] || { echo "no completion for: ${words[*]}" >&2; exit 1; }
    printf "%s\n" "${times[@]}" | sort -n | sed -n 25p
  ' _ "$top/completions/mlctl.bash" "$@"
}
fail=0
for case in "repro stage" "push -r store" "exp diff run-" "add data/fi"; do
  read -r -a words <<< "mlctl $case"
  us=$(median_ms "${words[@]}")
  ms=$(awk -v u="$us" 'BEGIN { printf "%.1f", u / 1000 }')
  verdict=$(awk -v m="$ms" 'BEGIN { print (m <= 150 ? "PASS" : "FAIL") }')
  [ "$verdict" = PASS ] || fail=1
  printf '| mlctl %s, then Tab | %s ms | <= 150 ms | %s |\n' "$case" "$ms" "$verdict"
  bench_row "bash completion: mlctl $case, then Tab (median of 50)" "$ms ms" - - "$ms" "<= 150 ms" "$verdict"
done
exit $fail
