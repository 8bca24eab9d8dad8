#!/usr/bin/env bash
# Benchmarks mlctl push and pull against `cp -r` (folder remote) and `aws s3 sync` (an S3 server,
# s3proxy, on loopback), and counts the requests of a no-op push of 70,000 objects.
# Usage: bench/remote.sh            (BENCH_QUICK=1 for a small smoke run; BENCH_DIR to pick the disk)
# Records each goal row in bench/results/remote.tsv (bench/lib.sh) for bench/report.py.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
mlctl="$top/mlctl-cli/target/dist/bin/mlctl"
[ -x "$mlctl" ] || (cd "$top" && mvn -B -q package -DskipTests)
if ! [ -x /usr/bin/aws ]; then
  apt-get update -qq && apt-get install -y -qq awscli >/dev/null
fi
jar="$top/mlctl-core/target/s3proxy/s3proxy.jar"
if [ ! -f "$jar" ]; then
  (cd "$top" && mvn -B -q dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
     -DoutputDirectory="$top/mlctl-core/target/s3proxy" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true)
  mv "$top/mlctl-core/target/s3proxy/"s3proxy*.jar "$jar" 2>/dev/null || true
fi

files=${FILES:-1000}
size_kib=${SIZE_KIB:-1024}
small=${SMALL_FILES:-70000}
if [ "${BENCH_QUICK:-0}" = 1 ]; then files=50; size_kib=256; small=2000; fi

# A smoke run's figures mean little: it records nothing unless BENCH_RESULTS names a folder.
[ "${BENCH_QUICK:-0}" != 1 ] || [ -n "${BENCH_RESULTS:-}" ] || export BENCH_RECORD=0
bench_begin remote
base=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-bench-remote.XXXXXX")
s3pid=
cleanup() {
  [ -n "$s3pid" ] && kill "$s3pid" 2>/dev/null || true
  chmod -R u+w "$base" 2>/dev/null || true
  rm -rf "$base"
}
trap cleanup EXIT

# Every timed step starts with `sync`, so no step pays for the writeback of the one before.
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
results=()
fail=0
record() { # name mlctl_secs other_secs goal other_name
  local ratio pass=PASS
  ratio=$(echo "scale=2; $2 / $3" | bc)
  if [ "$(echo "$ratio > $4" | bc)" = 1 ]; then pass=FAIL; fail=1; fi
  results+=("$(printf '| %s | %.2f s | %.2f s (%s) | %s | <= %s | %s |' "$1" "$2" "$3" "$5" "$ratio" "$4" "$pass")")
  bench_row "$1" "$(printf '%.2f s' "$2")" "$5" "$(printf '%.2f s' "$3")" "$(printf '%.2f' "$ratio")" "<= $4" "$pass"
}

echo "# data: $files files of $size_kib KiB"
mkdir -p "$base/src/data"
python3 - "$base/src/data" "$files" "$size_kib" <<'PY'
import os, sys
d, n, kib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    sub = os.path.join(d, f"{i // 100:02d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i:05d}.bin"), "wb") as f:
        f.write(os.urandom(kib * 1024))
PY
cat "$base"/src/data/*/* > /dev/null

# A project with the data added, as the pushing side.
proj="$base/proj"
mkdir -p "$proj"
cp -r "$base/src/data" "$proj/data"
(cd "$proj" && git init -q && "$mlctl" init -q && "$mlctl" add -q data)

echo "# folder remote"
(cd "$proj" && "$mlctl" remote add -q folder "$base/folder-remote" && "$mlctl" push -q -r folder)

# Pulls under the link types, each timed to the end of a sync (so written-back data counts),
# medians of BENCH_RUNS paired runs. Every object is still hashed as it arrives; under hardlink
# the work tree links to the verified object instead of holding a second copy, so the goal is one
# copy; in copy mode the goal is two copies (remote to cache, cache to work tree).
runs=${BENCH_RUNS:-3}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
pull_once() { # cache.type -> seconds of mlctl pull into a fresh clone, synced
  local c="$base/clone-$1-$RANDOM" t s
  mkdir -p "$c" && cp "$proj"/data.mlctl "$c"/ && cp -r "$proj/.mlctl" "$c/.mlctl" && rm -rf "$c/.mlctl/cache" "$c/.mlctl/state"
  (cd "$c" && git init -q && "$mlctl" config set cache.type "$1")
  sync; t=$(now); (cd "$c" && "$mlctl" pull -q -r folder); sync; s=$(elapsed "$t")
  [ "$1" != hardlink ] || [ "$(find "$c/data" -type f -links 1 | wc -l)" = 0 ] \
    || { echo "pull under hardlink left files that are not links into the cache" >&2; exit 1; }
  chmod -R u+w "$c"; rm -rf "$c"
  echo "$s"
}
copies_once() { # n -> seconds of n chained cp -r of the remote's files, synced
  local src="$base/folder-remote" t s i
  sync; t=$(now)
  for ((i = 1; i <= $1; i++)); do cp -r "$src" "$base/cpx-$i"; src="$base/cpx-$i"; done
  sync; s=$(elapsed "$t")
  for ((i = 1; i <= $1; i++)); do rm -rf "$base/cpx-$i"; done
  echo "$s"
}
push_once() { # -> seconds of mlctl push of everything to a new folder remote, synced
  local r="$base/push-$RANDOM" t s
  (cd "$proj" && "$mlctl" remote add -q pushbench "$r")
  sync; t=$(now); (cd "$proj" && "$mlctl" push -q -r pushbench); sync; s=$(elapsed "$t")
  (cd "$proj" && "$mlctl" remote remove -q pushbench)
  chmod -R u+w "$r"; rm -rf "$r"
  echo "$s"
}
src_copy_once() { # -> seconds of cp -r of the source data, synced
  local t s
  sync; t=$(now); cp -r "$base/src/data" "$base/cp-src"; sync; s=$(elapsed "$t")
  rm -rf "$base/cp-src"
  echo "$s"
}
hard=(); copy=(); one=(); two=(); push=(); cpsrc=(); dflt=(); one2=()
for ((r = 1; r <= runs; r++)); do
  cpsrc+=("$(src_copy_once)"); push+=("$(push_once)")
  one+=("$(copies_once 1)"); hard+=("$(pull_once hardlink)")
  two+=("$(copies_once 2)"); copy+=("$(pull_once copy)")
  one2+=("$(copies_once 1)"); dflt+=("$(pull_once reflink,copy)")
  echo "# run $r: push ${push[-1]} s, cp -r ${cpsrc[-1]} s; pull hardlink ${hard[-1]} s, cp -r ${one[-1]} s;" \
    "pull copy ${copy[-1]} s, two cp -r ${two[-1]} s; pull default ${dflt[-1]} s, cp -r ${one2[-1]} s"
done
record "push to folder (synced, median of $runs)" "$(median "${push[@]}")" "$(median "${cpsrc[@]}")" 1.3 "cp -r"
record "pull from folder, default cache.type (synced, median of $runs)" "$(median "${dflt[@]}")" "$(median "${one2[@]}")" 1.3 "cp -r"
record "pull from folder, cache.type hardlink (synced, median of $runs)" "$(median "${hard[@]}")" "$(median "${one[@]}")" 1.3 "cp -r"
record "pull from folder, cache.type copy (synced, median of $runs)" "$(median "${copy[@]}")" "$(median "${two[@]}")" 1.3 "two cp -r"

echo "# S3 (s3proxy on loopback)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$base/s3data"
cat > "$base/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=benchkey
s3proxy.credential=benchsecret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$base/s3data
CONF
java -jar "$jar" --properties "$base/s3proxy.conf" > "$base/s3proxy.log" 2>&1 &
s3pid=$!
for _ in $(seq 1 60); do
  (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.5
done
export AWS_ACCESS_KEY_ID=benchkey AWS_SECRET_ACCESS_KEY=benchsecret AWS_DEFAULT_REGION=us-east-1
aws_s3() { aws --endpoint-url "http://127.0.0.1:$port" s3 "$@"; }
aws_s3 mb s3://bench >/dev/null

# Paired runs as for the folder, each step timed to the end of a sync, each into a new prefix or folder.
(cd "$proj" && "$mlctl" remote add -q s3 s3://bench/mlctl \
  && "$mlctl" remote modify s3 endpoint "http://127.0.0.1:$port" && "$mlctl" remote modify s3 path_style true)
s3push=(); awsup=(); s3pull=(); awsdown=()
for ((r = 1; r <= runs; r++)); do
  sync; t=$(now); aws_s3 sync --quiet "$base/src/data" "s3://bench/aws$r/"; sync; awsup+=("$(elapsed "$t")")
  (cd "$proj" && "$mlctl" remote modify s3 url "s3://bench/mlctl$r")
  sync; t=$(now); (cd "$proj" && "$mlctl" push -q -r s3); sync; s3push+=("$(elapsed "$t")")
  sync; t=$(now); aws_s3 sync --quiet "s3://bench/aws$r/" "$base/aws-down"; sync; awsdown+=("$(elapsed "$t")")
  rm -rf "$base/aws-down"
  clone="$base/clone-s3-$r"
  mkdir -p "$clone" && cp "$proj"/data.mlctl "$clone"/ && cp -r "$proj/.mlctl" "$clone/.mlctl" \
    && rm -rf "$clone/.mlctl/cache" "$clone/.mlctl/state"
  (cd "$clone" && git init -q)
  sync; t=$(now); (cd "$clone" && "$mlctl" pull -q -r s3); sync; s3pull+=("$(elapsed "$t")")
  chmod -R u+w "$clone"; rm -rf "$clone"
  aws_s3 rm --quiet --recursive "s3://bench/aws$r/"; aws_s3 rm --quiet --recursive "s3://bench/mlctl$r/"
  echo "# run $r: push ${s3push[-1]} s, aws up ${awsup[-1]} s; pull ${s3pull[-1]} s, aws down ${awsdown[-1]} s"
done
record "push to S3 (synced, median of $runs)" "$(median "${s3push[@]}")" "$(median "${awsup[@]}")" 1.0 "aws s3 sync"
record "pull from S3 (synced, median of $runs)" "$(median "${s3pull[@]}")" "$(median "${awsdown[@]}")" 1.0 "aws s3 sync"

echo "# no-op push of $small objects"
np="$base/noop"
mkdir -p "$np"
python3 - "$np/data" "$small" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    sub = os.path.join(d, f"{i // 1000:02d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{i:05d}.txt"), "w") as f:
        f.write(f"object {i}\n")
PY
(cd "$np" && git init -q && "$mlctl" init -q && "$mlctl" add -q data \
  && "$mlctl" remote add -q s3 s3://bench/noop && "$mlctl" remote modify s3 endpoint "http://127.0.0.1:$port" \
  && "$mlctl" remote modify s3 path_style true && "$mlctl" push -q)
requests=$(cd "$np" && "$mlctl" push --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
pass=PASS; [ "$requests" -le 100 ] || { pass=FAIL; fail=1; }
results+=("| no-op push of $small objects to S3 | $requests requests | | | <= 100 requests | $pass |")
bench_row "no-op push of $(bench_thousands "$small") objects to S3: requests" "$requests requests" - - "$requests" "<= 100 requests" "$pass"

echo
echo "| measurement | mlctl | other | ratio | goal | result |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${results[@]}"
exit $fail
