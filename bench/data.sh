#!/usr/bin/env bash
# Benchmarks mlctl's data commands (add, status, checkout) against openssl, Git, git-annex and
# Git LFS on the same bytes, with the page cache warm for every contender.
#
#   bash bench/data.sh                 # cases A and B at full size
#   BENCH_MILLION=1 bash bench/data.sh # also case C: one million tiny files under -Xmx512m
#   BENCH_QUICK=1 bash bench/data.sh   # small sizes, for a smoke run (ratios mean little)
#
# Environment:
#   BENCH_DIR      parent of the scratch folder (default /tmp); a fresh folder is made inside it
#                  and removed at the end (BENCH_KEEP=1 keeps it)
#   BENCH_QUICK=1  shrink every case
#   BENCH_MILLION=1  run case C
#   BENCH_CASES    which cases to run, e.g. "C" (default "A B", plus C with BENCH_MILLION=1)
#   BENCH_RUNS     repetitions of each timed step (default 3; the median is reported)
#   BENCH_ANNEX_RUNS  repetitions of git annex add of the small-file tree (default 1 at full size,
#                  where one run takes six to nine minutes; BENCH_RUNS with BENCH_QUICK=1; 0 skips
#                  that row and its goal)
#   BENCH_C_JAVA_OPTS  more JVM options for case C (e.g. -Xlog:gc:file=/tmp/c-gc.log)
#   MLCTL          the mlctl launcher to measure (default: this checkout's build, built if missing)
#
# Exit status: 0 when every goal is met, 1 when one is missed, 2 on a setup failure.
# Records every row of the table in bench/results/data.tsv (bench/lib.sh) for bench/report.py; a
# BENCH_QUICK=1 run records nothing unless BENCH_RESULTS names a folder.
set -euo pipefail
# The whole script is one compound command, read before any of it runs.
{

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
. "$here/lib.sh"

die() {
  printf 'bench/data.sh: %s\n' "$*" >&2
  exit 2
}
log() {
  printf '[%s] %s\n' "$(date +%T)" "$*" >&2
}

# ---------------------------------------------------------------------------------------------
# Tools: Debian packages, installed only when missing (one apt-get update at most).
need=()
command -v git >/dev/null 2>&1 || need+=(git)
{ command -v git-annex >/dev/null 2>&1 && git annex version >/dev/null 2>&1; } || need+=(git-annex)
{ command -v git-lfs >/dev/null 2>&1 && git lfs version >/dev/null 2>&1; } || need+=(git-lfs)
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  sudo=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing ${need[*]} and not root (install them with apt-get)"
    sudo=sudo
  fi
  log "installing ${need[*]}"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}" >&2
fi

MLCTL=${MLCTL:-$root/mlctl-cli/target/dist/bin/mlctl}
if [ ! -x "$MLCTL" ]; then
  log "building mlctl (mvn -B -q package -DskipTests)"
  (cd "$root" && mvn -B -q package -DskipTests) >&2 || die "the build failed"
  [ -x "$MLCTL" ] || die "no launcher at $MLCTL after the build"
fi

# ---------------------------------------------------------------------------------------------
# Sizes
RUNS=${BENCH_RUNS:-3}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  ANNEX_RUNS=${BENCH_ANNEX_RUNS:-$RUNS}
  BIG_MIB=64
  B_DIRS=10 B_FILES=200
  C_DIRS=20 C_FILES=1000
else
  ANNEX_RUNS=${BENCH_ANNEX_RUNS:-1}
  BIG_MIB=1024
  B_DIRS=70 B_FILES=1000
  C_DIRS=1000 C_FILES=1000
fi
[ "${BENCH_QUICK:-0}" != 1 ] || [ -n "${BENCH_RESULTS:-}" ] || export BENCH_RECORD=0
HF_RUNS=${BENCH_HF_RUNS:-10}
CASES=${BENCH_CASES:-A B}
if [ "${BENCH_MILLION:-0}" = 1 ] && [ -z "${BENCH_CASES:-}" ]; then
  CASES="A B C"
fi
want() {
  case " $CASES " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

# ---------------------------------------------------------------------------------------------
# Scratch space, removed on exit. git-annex leaves read-only folders behind: make them writable.
parent=${BENCH_DIR:-/tmp}
mkdir -p "$parent"
W=$(mktemp -d "$parent/mlctl-bench.XXXXXX")
cleanup() {
  # A file-system monitor still running (the script stopped early) goes first.
  [ -z "${B:-}" ] || [ ! -d "$B/ml/.mlctl" ] || "$MLCTL" -C "$B/ml" -q fsmonitor stop >/dev/null 2>&1 || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $W"
    return
  fi
  chmod -R u+w "$W" 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Git sees only this configuration: no user hooks, filters or aliases change what is measured.
cat >"$W/gitconfig" <<'EOF'
[user]
	name = mlctl bench
	email = bench@example.invalid
[init]
	defaultBranch = main
[advice]
	detachedHead = false
[annex]
	autocommit = false
EOF
export GIT_CONFIG_GLOBAL=$W/gitconfig GIT_CONFIG_NOSYSTEM=1
export CI=true NO_COLOR=1
unset MLCTL_JAVA_OPTS

# ---------------------------------------------------------------------------------------------
# Timing: wall-clock milliseconds of one run; medians of several.
ms_now() {
  date +%s%N | cut -c1-13
}

# timed CMD...: runs CMD (output to a log) and prints its wall time in ms; dies if it fails.
timed() {
  local t0 t1 rc=0
  t0=$(ms_now)
  "$@" >"$W/last.out" 2>"$W/last.err" || rc=$?
  t1=$(ms_now)
  if [ "$rc" != 0 ]; then
    printf 'command failed (exit %s): %s\n' "$rc" "$*" >&2
    tail -n 20 "$W/last.out" "$W/last.err" >&2
    exit 2
  fi
  echo $((t1 - t0))
}

median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'
}

# Share of all cores busy over one second (from /proc/stat), in percent. Another
# build or test run on the machine skews every figure: each timed group logs it, and the table
# notes the highest reading.
BUSY_MAX=0
busy() {
  local a b
  a=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  sleep 1
  b=$(awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; printf "%d", (t > 0 ? 100 * (y[1] - x[1]) / t : 0)}'
}
check_idle() {
  local pct
  pct=$(busy)
  if [ "$pct" -gt "$BUSY_MAX" ]; then
    BUSY_MAX=$pct
  fi
  if [ "$pct" -gt 20 ]; then
    log "  warning: the machine was ${pct}% busy before '$1' (another job?): figures will be skewed"
  fi
}

declare -A MS=()   # measurement name -> median ms
declare -A ALL=()  # measurement name -> every run, for the log

# bench NAME RUNS PREP CMD...: runs PREP (untimed), then CMD (timed), RUNS times.
bench() {
  local name=$1 runs=$2 prep=$3 i t
  shift 3
  local times=()
  check_idle "$name"
  for ((i = 1; i <= runs; i++)); do
    "$prep"
    sync
    t=$(timed "$@")
    times+=("$t")
    log "  $name run $i: ${t} ms"
  done
  MS[$name]=$(median "${times[@]}")
  ALL[$name]="${times[*]}"
}

# hf NAME DIR CMD...: a short command timed by hyperfine in DIR (warm-up 2, median of HF_RUNS).
hf() {
  local name=$1 dir=$2
  shift 2
  local cmd
  cmd=$(printf '%q ' "$@")
  check_idle "$name"
  (cd "$dir" && hyperfine -N --style none --warmup 2 --runs "$HF_RUNS" \
    --export-json "$W/hf.json" "$cmd" >"$W/last.out" 2>"$W/last.err") \
    || { tail -n 20 "$W/last.out" "$W/last.err" >&2; die "hyperfine failed: $*"; }
  MS[$name]=$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$W/hf.json")
  ALL[$name]=$(python3 -c 'import json,sys; print(" ".join(str(round(t*1000)) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' "$W/hf.json")
  log "  $name: median ${MS[$name]} ms of $HF_RUNS (${ALL[$name]})"
}

ROWS=()
FAILED=0
# goal CASE MEASURED BASELINE MAX_RATIO: one table row; a ratio above MAX_RATIO fails.
goal() {
  local case=$1 a=$2 b=$3 max=$4 ratio verdict
  ratio=$(awk -v a="${MS[$a]}" -v b="${MS[$b]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 999)}')
  if awk -v r="$ratio" -v m="$max" 'BEGIN {exit !(r <= m)}'; then
    verdict=PASS
  else
    verdict=FAIL
    FAILED=1
  fi
  ROWS+=("| $case | $a | $(secs "${MS[$a]}") | $b | $(secs "${MS[$b]}") | ${ratio}x | <= ${max}x | $verdict |")
  bench_row "$case: ${a#"$case "}" "$(secs "${MS[$a]}")" "${b#"$case "}" "$(secs "${MS[$b]}")" "$ratio" "<= $max" "$verdict"
}

# info CASE MEASURED BASELINE: a row without a goal, for comparison.
info() {
  local case=$1 a=$2 b=$3 ratio
  ratio=$(awk -v a="${MS[$a]}" -v b="${MS[$b]}" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 999)}')
  ROWS+=("| $case | $a | $(secs "${MS[$a]}") | $b | $(secs "${MS[$b]}") | ${ratio}x | (none) | - |")
  bench_row "$case: ${a#"$case "}" "$(secs "${MS[$a]}")" "${b#"$case "}" "$(secs "${MS[$b]}")" "$ratio" - -
}

secs() {
  awk -v m="$1" 'BEGIN {printf "%.3f s", m / 1000}'
}

mlctl() {
  "$MLCTL" "$@"
}

# Between repetitions, old trees are moved aside, not deleted: ext4 skips inodes freed in the
# last minutes when it allocates new ones, so deleting 70,000 files just before a timed step makes
# that step's file creation slower, and slower again at every repetition. The trash is emptied
# outside the timed steps, after each case.
TRASH=$W/trash
mkdir -p "$TRASH"
discard() {
  [ -e "$1" ] || return 0
  mv "$1" "$TRASH/$(date +%s%N)"
}
empty_trash() {
  chmod -R u+w "$TRASH" 2>/dev/null || true
  rm -rf "$TRASH"
  mkdir -p "$TRASH"
}

# Large files are the opposite case: on this kind of virtual machine, page-cache pages that were
# never used (or were handed back to the host) cost far more to fill than pages just freed, so a
# 1 GiB copy into the cache took 3.2 s when the previous repetition's copy was kept and 1.6 s when
# it was deleted. Case A deletes (a few inodes only); case B moves aside.
DELETE_OLD=0

# A fresh Git repository at $1 (the old one deleted or moved aside), plus what "$2" sets up in it.
fresh_repo() {
  local dir=$1 kind=$2
  if [ "$DELETE_OLD" = 1 ] && [ -e "$dir" ]; then
    chmod -R u+w "$dir" 2>/dev/null || true
    rm -rf "$dir"
  fi
  discard "$dir"
  mkdir -p "$dir"
  git -C "$dir" init -q
  case $kind in
    git) ;;
    mlctl) (cd "$dir" && mlctl -q init >/dev/null) ;;
    annex) git -C "$dir" annex init -q bench >/dev/null 2>&1 ;;
    lfs) git -C "$dir" lfs install --local >/dev/null ;;
    *) die "unknown repo kind $kind" ;;
  esac
}

bench_begin data
log "mlctl: $MLCTL"
log "scratch: $W"
log "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"

# ---------------------------------------------------------------------------------------------
# Case A: one large file of random bytes.
if want A; then
A=$W/a
mkdir -p "$A"
log "case A: writing ${BIG_MIB} MiB of random bytes"
head -c $((BIG_MIB * 1024 * 1024)) /dev/urandom >"$A/big.bin"
cat "$A/big.bin" >/dev/null # page cache warm

# Every repetition adds the same inode (a hard link) in a fresh repository: no copy pollutes the
# page cache, and every run really adds. git-annex moves the link into its object store.
prep_a() {
  DELETE_OLD=1
  fresh_repo "$A/repo" "$1"
  DELETE_OLD=0
  ln "$A/big.bin" "$A/repo/big.bin"
}
prep_a_none() { :; }
prep_a_mlctl() { prep_a mlctl; }
prep_a_annex() { prep_a annex; }
prep_a_lfs() { prep_a lfs; }

log "case A: openssl dgst -sha256"
bench "A openssl dgst -sha256" "$RUNS" prep_a_none openssl dgst -sha256 "$A/big.bin"
log "case A: mlctl add"
bench "A mlctl add" "$RUNS" prep_a_mlctl bash -c 'cd "$1" && "$2" add big.bin' _ "$A/repo" "$MLCTL"
# Under cache.type hardlink, add moves the file into the cache (its inode becomes the object):
# one read to hash it, as git-annex does.
prep_a_mlctl_hard() {
  prep_a mlctl
  (cd "$A/repo" && mlctl config set cache.type hardlink)
}
log "case A: mlctl add under cache.type hardlink"
bench "A mlctl add (cache.type hardlink)" "$RUNS" prep_a_mlctl_hard bash -c 'cd "$1" && "$2" add big.bin' _ "$A/repo" "$MLCTL"
a_hash=$(sha256sum "$A/big.bin" | cut -c1-64)
[ "$(stat -c %i "$A/repo/big.bin")" = "$(stat -c %i "$A/repo/.mlctl/cache/sha256/${a_hash:0:2}/${a_hash:2}")" ] \
  || die "after add under hardlink, big.bin is not the cache object's inode"
log "  big.bin's inode is the cache object's"

# status, diff and add of a file of half the size whose bytes changed (its size did not): each
# must hash it, at the speed of the CPU's SHA instructions even where the command runs without C2.
log "case A: a changed file of $((BIG_MIB / 2)) MiB"
fresh_repo "$A/srepo" mlctl
head -c $((BIG_MIB / 2 * 1024 * 1024)) /dev/urandom >"$A/srepo/half.bin"
(cd "$A/srepo" && mlctl add -q half.bin && git add half.bin.mlctl .gitignore && git commit -q -m half)
printf 'X' | dd of="$A/srepo/half.bin" bs=1 seek=1000 conv=notrunc status=none
cat "$A/srepo/half.bin" >/dev/null
prep_a_touch() { touch "$A/srepo/half.bin"; } # a new mtime: the hash cache cannot vouch for it
bench "A openssl dgst -sha256 (changed file)" "$RUNS" prep_a_none openssl dgst -sha256 "$A/srepo/half.bin"
bench "A mlctl status (changed file)" "$RUNS" prep_a_touch bash -c 'cd "$1" && "$2" status' _ "$A/srepo" "$MLCTL"
grep -q 'half.bin' "$W/last.out" || die "status did not report the changed half.bin"
bench "A mlctl diff (changed file)" "$RUNS" prep_a_touch bash -c 'cd "$1" && "$2" diff' _ "$A/srepo" "$MLCTL"

log "case A: git annex add"
bench "A git annex add" "$RUNS" prep_a_annex bash -c 'cd "$1" && git annex add --quiet big.bin' _ "$A/repo"
log "case A: git lfs track + git add"
bench "A git lfs track + git add" "$RUNS" prep_a_lfs \
  bash -c 'cd "$1" && git lfs track big.bin >/dev/null && git add .gitattributes big.bin' _ "$A/repo"
# Where the file system cannot clone (ext4), the cache holds a second copy: one plain copy of the
# file is the least any tool that keeps one pays, shown beside openssl for scale.
prep_a_copy() { rm -f "$A/copy.bin"; }
log "case A: cp --reflink=never (one copy of the file)"
bench "A cp --reflink=never big.bin" "$RUNS" prep_a_copy cp --reflink=never "$A/big.bin" "$A/copy.bin"
rm -f "$A/copy.bin"
chmod -R u+w "$A" 2>/dev/null || true
rm -rf "$A"
empty_trash

info A "A cp --reflink=never big.bin" "A openssl dgst -sha256"
info A "A mlctl add" "A cp --reflink=never big.bin"
goal A "A mlctl add" "A openssl dgst -sha256" 1.5
goal A "A mlctl add (cache.type hardlink)" "A openssl dgst -sha256" 1.3
goal A "A mlctl status (changed file)" "A openssl dgst -sha256 (changed file)" 1.5
goal A "A mlctl diff (changed file)" "A openssl dgst -sha256 (changed file)" 1.5
goal A "A mlctl add" "A git annex add" 0.5
goal A "A mlctl add" "A git lfs track + git add" 0.5
fi

# ---------------------------------------------------------------------------------------------
# Case B: many small files, like MNIST as PNGs.
gen_tree() { # gen_tree DIR FOLDERS FILES MIN MAX
  python3 - "$@" <<'EOF'
import os, random, sys
root, folders, files, lo, hi = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rnd = random.Random(7)
for d in range(folders):
    sub = os.path.join(root, "%04d" % d)
    os.makedirs(sub, exist_ok=True)
    for f in range(files):
        with open(os.path.join(sub, "%05d.png" % f), "wb") as out:
            out.write(os.urandom(rnd.randint(lo, hi)))
EOF
}
if want B; then
B=$W/b
mkdir -p "$B"
log "case B: writing $((B_DIRS * B_FILES)) files in $B_DIRS folders"
gen_tree "$B/src/data" "$B_DIRS" "$B_FILES" 500 1500
# mlctl's hash cache distrusts files modified < 2 s before they were hashed; real data is older.
sleep 3

# Each repository gets its own copy (mtimes kept): no contender sees another's inodes.
put_data() {
  cp -a "$B/src/data" "$1/data"
}
prep_b_mlctl() { fresh_repo "$B/ml" mlctl; put_data "$B/ml"; }
prep_b_git() { fresh_repo "$B/git" git; put_data "$B/git"; }
prep_b_annex() { fresh_repo "$B/annex" annex; put_data "$B/annex"; }

log "case B: mlctl add data"
bench "B mlctl add data" "$RUNS" prep_b_mlctl bash -c 'cd "$1" && "$2" add data' _ "$B/ml" "$MLCTL"
log "case B: git add data"
bench "B git add data" "$RUNS" prep_b_git git -C "$B/git" add data
git -C "$B/git" commit -q -m data
if [ "$ANNEX_RUNS" -gt 0 ]; then
  log "case B: git annex add data"
  bench "B git annex add data" "$ANNEX_RUNS" prep_b_annex bash -c 'cd "$1" && git annex add --quiet data' _ "$B/annex"
  discard "$B/annex"
fi

# No-op commands on the repositories left by the last repetition.
(cd "$B/ml" && "$MLCTL" add data >/dev/null 2>&1) # the re-add that every later run repeats
log "case B: no-op status and re-add"
hf "B git status (data committed)" "$B/git" git status
hf "B mlctl status (no-op, walking the tree)" "$B/ml" "$MLCTL" status
hf "B mlctl add data (no-op, walking the tree)" "$B/ml" "$MLCTL" add data
# The goal rows run with the file-system monitor on (core.fsmonitor: true, as a user with a large
# tree sets it, like Git's own core.fsmonitor): the first status after its start walks the tree
# once and the monitor vouches for it from then on; hyperfine's warm-ups include that walk.
"$MLCTL" -C "$B/ml" -q config set core.fsmonitor true
"$MLCTL" -C "$B/ml" -q fsmonitor start
hf "B mlctl status (no-op)" "$B/ml" "$MLCTL" status
hf "B mlctl add data (no-op)" "$B/ml" "$MLCTL" add data
hf "B git status (data committed), again" "$B/git" git status
# Still right with the monitor: a change is seen, and undoing it is too.
one=0000/00000.png # gen_tree's first file
cp -p "$B/ml/data/$one" "$W/saved"
printf 'x' >>"$B/ml/data/$one"
"$MLCTL" -C "$B/ml" status | grep -q "modified: *data/$one" || die "the monitored status missed a change"
cp -p "$W/saved" "$B/ml/data/$one"
"$MLCTL" -C "$B/ml" status --check >/dev/null || die "the monitored status did not see the change undone"
"$MLCTL" -C "$B/ml" -q fsmonitor stop
"$MLCTL" -C "$B/ml" -q config set core.fsmonitor false
git -C "$B/ml" status --porcelain >/dev/null

log "case B: checkout of the whole tree vs cp -r"
prep_b_rm() { discard "$B/ml/data"; }
prep_b_cp() { discard "$B/copy"; }
bench "B mlctl checkout (data removed)" "$RUNS" prep_b_rm bash -c 'cd "$1" && "$2" checkout' _ "$B/ml" "$MLCTL"
bench "B cp -r data" "$RUNS" prep_b_cp cp -r "$B/src/data" "$B/copy"
# The checked-out tree must be the tree that was added.
diff -r -q "$B/src/data" "$B/ml/data" >/dev/null || die "mlctl checkout did not restore the tree"
chmod -R u+w "$B" 2>/dev/null || true
rm -rf "$B"
empty_trash

goal B "B mlctl add data" "B git add data" 1.0
if [ "$ANNEX_RUNS" -gt 0 ]; then
  goal B "B mlctl add data" "B git annex add data" 0.3
fi
goal B "B mlctl status (no-op)" "B git status (data committed)" 2
goal B "B mlctl add data (no-op)" "B git status (data committed)" 2
info B "B mlctl status (no-op, walking the tree)" "B git status (data committed)"
info B "B mlctl add data (no-op, walking the tree)" "B git status (data committed)"
goal B "B mlctl checkout (data removed)" "B cp -r data" 1.5
fi

# ---------------------------------------------------------------------------------------------
# Case C: a million tiny files must fit in a 512 MiB heap.
C_ROW=
if want C; then
  C=$W/c
  log "case C: writing $((C_DIRS * C_FILES)) files of 16 bytes"
  fresh_repo "$C" mlctl
  gen_tree "$C/data" "$C_DIRS" "$C_FILES" 16 16
  sleep 3
  sync
  check_idle "C mlctl add data"
  log "case C: MLCTL_JAVA_OPTS=-Xmx512m mlctl add data"
  rc=0
  (cd "$C" && MLCTL_JAVA_OPTS="-Xmx512m ${BENCH_C_JAVA_OPTS:-}" /usr/bin/time -o "$W/c.time" -f '%e %M' "$MLCTL" add data) \
    >"$W/c.out" 2>"$W/c.err" || rc=$?
  read -r c_secs c_kib < <(tail -n 1 "$W/c.time") || true
  if [ "$rc" = 0 ]; then
    verdict=PASS
  else
    verdict=FAIL
    FAILED=1
    cat "$W/c.time" >&2
    tail -n 20 "$W/c.err" >&2
  fi
  c_mib=$(awk -v k="${c_kib:-0}" 'BEGIN {printf "%.0f", k / 1024}')
  C_ROW="| C | MLCTL_JAVA_OPTS=-Xmx512m mlctl add data ($((C_DIRS * C_FILES)) files) | ${c_secs:-?} s, peak RSS ${c_mib} MiB | | | exit $rc | exit 0 | $verdict |"
  log "case C: exit $rc, ${c_secs:-?} s, peak RSS ${c_mib} MiB"
  bench_row "C: MLCTL_JAVA_OPTS=-Xmx512m mlctl add data ($(bench_thousands $((C_DIRS * C_FILES))) files)" \
    "${c_secs:-?} s, peak RSS ${c_mib} MiB" - - - "exit 0" "$verdict"
  chmod -R u+w "$C" && rm -rf "$C"
fi

# ---------------------------------------------------------------------------------------------
echo
echo "mlctl data benchmark: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "sizes: A ${BIG_MIB} MiB; B $((B_DIRS * B_FILES)) files in $B_DIRS folders; medians of $RUNS runs"\
  "(git annex add of B: $ANNEX_RUNS; no-op rows: hyperfine, $HF_RUNS runs after 2 warm-ups)"
echo "machine load: at most ${BUSY_MAX}% of the cores were busy just before a timed step (above 20% skews the figures)"
echo
echo "| case | mlctl | time | baseline | time | ratio | goal | result |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
[ ${#ROWS[@]} -eq 0 ] || printf '%s\n' "${ROWS[@]}"
[ -z "$C_ROW" ] || echo "$C_ROW"
echo
echo "every run (ms):"
for k in "${!ALL[@]}"; do
  printf '  %-34s %s\n' "$k" "${ALL[$k]}"
done | sort
if [ "$FAILED" = 1 ]; then
  echo "result: a goal was missed"
  exit 1
fi
echo "result: every goal met"
exit 0
}
