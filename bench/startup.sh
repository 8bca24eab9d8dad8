#!/usr/bin/env bash
# Start-up benchmark of the built mlctl launcher, with an integration check of the launcher first.
#
#   bench/startup.sh                                         # the java on PATH (or JAVA_HOME)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup.sh
#
# Builds mlctl-cli/target/dist if it is missing, installs hyperfine with apt-get if it is missing,
# checks that the launcher runs (through a symlink, from another folder, with the contract's exit
# codes), then times `java -version`, `mlctl --version` and `mlctl status` (in a fresh Git repository
# with `mlctl init`) with hyperfine and compares the medians:
#
#   mlctl --version / java -version   goal <= 3.5
#   mlctl status    / java -version   goal <= 4.5
#
# Exits 1 when the launcher check fails or a goal is missed. Environment:
#   JAVA_HOME           the JDK to run on, as the launcher itself uses it (else java on PATH)
#   MLCTL_BENCH_RUNS    hyperfine runs per command (default 40)
#   MLCTL_BENCH_WARMUP  hyperfine warm-up runs per command (default 5)
#   MLCTL_BENCH_OUT     folder for hyperfine's JSON (default mlctl-cli/target/bench)
# Records the two ratios in bench/results/startup-jdkMAJOR.tsv (bench/lib.sh) for bench/report.py.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
. "$root/bench/lib.sh"
mlctl=$root/mlctl-cli/target/dist/bin/mlctl
runs=${MLCTL_BENCH_RUNS:-40}
warmup=${MLCTL_BENCH_WARMUP:-5}
out_dir=${MLCTL_BENCH_OUT:-$root/mlctl-cli/target/bench}

say() { printf '%s\n' "$*" >&2; }
fail() { say "startup.sh: $*"; exit 1; }

# --- the build and the tools ---------------------------------------------------------------------
if [ ! -x "$mlctl" ]; then
  say "Building mlctl (mvn -B -q package -DskipTests)..."
  (cd "$root" && mvn -B -q package -DskipTests)
fi
[ -x "$mlctl" ] || fail "the build did not produce $mlctl"

if ! command -v hyperfine >/dev/null 2>&1; then
  say "Installing hyperfine with apt-get..."
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update && $sudo apt-get install -y hyperfine
fi

# The java the launcher will use: JAVA_HOME if set, else the one on PATH.
if [ -n "${JAVA_HOME:-}" ]; then
  java=$JAVA_HOME/bin/java
  java_home=$JAVA_HOME
else
  java=$(command -v java) || fail "no java on PATH and JAVA_HOME is not set"
  java_home=$(dirname "$(dirname "$(readlink -f "$java")")")
fi
[ -x "$java" ] || fail "$java is not executable"
runtime=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$java_home/release" 2>/dev/null || true)
[ -n "$runtime" ] || runtime=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')

medians_of() { # FILE: prints the median of each command, in seconds, one a line
  if command -v jq >/dev/null 2>&1; then
    jq -r '.results[].median' "$1"
  else
    python3 -c 'import json,sys; [print(r["median"]) for r in json.load(open(sys.argv[1]))["results"]]' "$1"
  fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/mlctl-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# --- integration check of the launcher -----------------------------------------------------------
say "Checking the launcher ($mlctl) on $java ($runtime)..."
expect() { # CODE DESCRIPTION COMMAND...: runs COMMAND, fails unless it exits CODE
  local want=$1 what=$2 got=0
  shift 2
  "$@" >"$work/out" 2>"$work/err" || got=$?
  if [ "$got" -ne "$want" ]; then
    say "FAIL: $what: exit $got, want $want"
    say "  stdout: $(cat "$work/out")"
    say "  stderr: $(cat "$work/err")"
    exit 1
  fi
}
version=$("$mlctl" --version)
[[ $version =~ ^mlctl\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "mlctl --version printed '$version'"

mkdir -p "$work/bin" "$work/elsewhere" "$work/plain" "$work/repo"
ln -s "$mlctl" "$work/bin/mlctl-real"
ln -s mlctl-real "$work/bin/mlctl" # a chain of links, the last one relative
expect 0 "--version through a symlink chain from another folder" \
  sh -c 'cd "$1" && "$2" --version' sh "$work/elsewhere" "$work/bin/mlctl"
[ "$(cat "$work/out")" = "$version" ] || fail "through a symlink, --version printed '$(cat "$work/out")'"

expect 3 "init outside a Git work tree" "$mlctl" -C "$work/plain" init
grep -q '^mlctl: error: not inside a Git work tree' "$work/err" || fail "init outside Git said: $(cat "$work/err")"
expect 0 "init --no-git" "$mlctl" -C "$work/plain" init --no-git
expect 2 "an unknown command" "$mlctl" frobnicate
expect 2 "an unknown option" "$mlctl" --frobnicate

git init -q "$work/repo"
expect 0 "init in a Git work tree" "$mlctl" -C "$work/repo" init
expect 3 "init twice" "$mlctl" -C "$work/repo" init
expect 0 "status --json" "$mlctl" -C "$work/repo" status --json
[ "$(cat "$work/out")" = '{"changed":[],"stages":[]}' ] || fail "status --json printed '$(cat "$work/out")'"
expect 0 "status --check from a subfolder" sh -c 'mkdir -p "$1/sub/deeper" && cd "$1/sub/deeper" && "$2" status --check' \
  sh "$work/repo" "$mlctl"
say "Launcher OK: $version"

# --- the class-data archive for this JDK ---------------------------------------------------------
# The build makes one for its own JDK in lib/. For any other JDK the launcher makes one in the user's
# cache, in the background, on its first run: wait for it so it is not timed half-made.
lib=$root/mlctl-cli/target/dist/lib
if [ ! -f "$lib/mlctl-$runtime.jsa" ]; then
  # The launcher's name for it: keyed by the lib folder, so other installations' archives differ.
  archive=${XDG_CACHE_HOME:-$HOME/.cache}/mlctl/mlctl-$runtime-$(printf '%s' "$lib" | cksum | cut -d' ' -f1).jsa
  "$mlctl" --version >/dev/null
  for _ in $(seq 1 60); do
    [ -f "$archive" ] && break
    sleep 0.5
  done
  if [ -f "$archive" ]; then
    say "Class-data archive for $runtime: $archive"
    sleep 1 # let the background job's JVM exit before timing
  else
    say "warning: no class-data archive $archive after 30 s; timing without it"
  fi
fi

# --- timing --------------------------------------------------------------------------------------
mkdir -p "$out_dir"
json=$out_dir/startup-$runtime.json
cd "$work/repo"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
bench_begin "startup-jdk${runtime%%[.+-]*}"
say "Timing on $runtime: hyperfine -N -w $warmup -r $runs"
say "Machine: $(nproc) CPUs, $cpu; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  say "warning: the machine is busy; these timings will be noisy and the ratios unreliable"
fi
hyperfine -N -w "$warmup" -r "$runs" --export-json "$json" \
  -n 'java -version' "'$java' -version" \
  -n 'mlctl --version' "'$mlctl' --version" \
  -n 'mlctl status' "'$mlctl' status" >&2

mapfile -t med < <(medians_of "$json")
[ "${#med[@]}" -eq 3 ] || fail "expected three results in $json"
rc=0
awk -v j="${med[0]}" -v v="${med[1]}" -v s="${med[2]}" -v rt="$runtime" -v json="$json" 'BEGIN {
  rv = v / j; rs = s / j
  printf "\nStart-up on Java %s (medians of hyperfine runs; %s)\n", rt, json
  printf "  java -version     %7.1f ms\n", j * 1000
  printf "  mlctl --version   %7.1f ms   ratio %.2f (goal <= 3.5) %s\n", v * 1000, rv, rv <= 3.5 ? "ok" : "MISSED"
  printf "  mlctl status      %7.1f ms   ratio %.2f (goal <= 4.5) %s\n", s * 1000, rs, rs <= 4.5 ? "ok" : "MISSED"
  exit (rv <= 3.5 && rs <= 4.5) ? 0 : 1
}' || rc=$?
ms() { awk -v t="$1" 'BEGIN { printf "%.1f ms", t * 1000 }'; }
record() { # FIGURE MLCTL_SECONDS JAVA_SECONDS GOAL
  local ratio verdict
  ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", a / b }')
  verdict=$(awk -v a="$2" -v b="$3" -v g="$4" 'BEGIN { print (a / b <= g) ? "PASS" : "FAIL" }')
  bench_row "$1" "$(ms "$2")" "java -version" "$(ms "$3")" "$ratio" "<= $4" "$verdict"
}
record "mlctl --version / java -version (medians)" "${med[1]}" "${med[0]}" 3.5
record "mlctl status / java -version (medians)" "${med[2]}" "${med[0]}" 4.5
exit $rc
