#!/usr/bin/env bash
# Checks and times cache.type reflink on a file system that clones: an XFS image (reflink=1)
# mounted through a loop device. `mlctl add` and `mlctl checkout` of one big file must leave the
# disk usage where it was (the cache and the work tree share the blocks), the work-tree file must
# be writable without touching the cache, and fsck must find the object intact. Also times both
# against `cp --reflink=always` and a plain `cp` of the same file.
# Needs root (mount) and installs xfsprogs. Usage: bench/reflink.sh   (SIZE_MIB, default 1024)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
mlctl="$top/mlctl-cli/target/dist/bin/mlctl"
[ -x "$mlctl" ] || (cd "$top" && mvn -B -q package -DskipTests)
command -v mkfs.xfs >/dev/null || { apt-get update -qq && apt-get install -y -qq xfsprogs >/dev/null; }
[ "$(id -u)" = 0 ] || { echo "bench/reflink.sh needs root to mount a loop device" >&2; exit 2; }

size_mib=${SIZE_MIB:-1024}
base=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-bench-reflink.XXXXXX")
mnt="$base/mnt"
cleanup() {
  cd /
  mountpoint -q "$mnt" && umount "$mnt"
  rm -rf "$base"
}
trap cleanup EXIT
truncate -s $((size_mib * 3 + 512))M "$base/xfs.img"
mkfs.xfs -q -m reflink=1 "$base/xfs.img"
mkdir -p "$mnt"
mount -o loop "$base/xfs.img" "$mnt"

used() { df --output=used -m "$mnt" | tail -n 1 | tr -d ' '; }
secs() { # run a command, print its wall time in seconds
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
fail=0
check() { # description, condition result (0 = ok)
  if [ "$2" = 0 ]; then echo "ok: $1"; else echo "FAILED: $1"; fail=1; fi
}

cd "$mnt"
git init -q p && cd p
"$mlctl" init -q
head -c $((size_mib << 20)) /dev/urandom > big.bin
sync
before=$(used)
t_add=$(secs "$mlctl" add -q big.bin)
sync
after_add=$(used)
check "add keeps disk usage (${before} MiB before, ${after_add} MiB after)" $((after_add - before > 16))
rm big.bin
t_checkout=$(secs "$mlctl" checkout -q)
sync
after_checkout=$(used)
check "checkout keeps disk usage (${after_checkout} MiB)" $((after_checkout - before > 16))
w=0; [ -w big.bin ] || w=1
check "the checked-out file is writable" $w
echo "edited" >> big.bin
intact=0; "$mlctl" fsck -q >/dev/null || intact=1
check "editing the work-tree file leaves the cache object intact (fsck)" $intact
t_cp_reflink=$(secs cp --reflink=always big.bin clone.bin)
t_cp=$(secs cp --reflink=never big.bin copy.bin)

echo
echo "| step (${size_mib} MiB, XFS reflink=1 on a loop device) | time |"
echo "| --- | --- |"
echo "| mlctl add (clone into the cache, hash the clone) | $t_add s |"
echo "| mlctl checkout (clone out of the cache, hash the clone) | $t_checkout s |"
echo "| cp --reflink=always | $t_cp_reflink s |"
echo "| cp --reflink=never | $t_cp s |"
exit $fail
