#!/bin/sh
# Makes mlctl's class-data sharing archive for one JVM: usage make-cds.sh JAVA MAJOR OUT
# Java 25+: an AOT cache (-XX:AOTCacheOutput). Java 17-24: a static AppCDS archive from a class list
# (a static one, because picocli's Java 5 class files are left out of dynamic archives).
# The training run exercises the short commands (io.mlctl.cli.CdsTraining). The archive is written
# to a temporary name and renamed, so a concurrent run never maps half an archive.
set -e
java=$1
major=$2
out=$3
lib=$(cd "$(dirname "$0")" && pwd -P)
tmp=$out.tmp.$$
trap 'rm -f "$tmp" "$tmp.lst"' EXIT
if [ "$major" -ge 25 ]; then
  "$java" -XX:AOTCacheOutput="$tmp" -Xlog:disable -cp "$lib/mlctl.jar" io.mlctl.cli.CdsTraining >/dev/null 2>&1
else
  "$java" -Xshare:off -XX:DumpLoadedClassList="$tmp.lst" -cp "$lib/mlctl.jar" io.mlctl.cli.CdsTraining >/dev/null 2>&1
  "$java" -Xshare:dump -XX:SharedClassListFile="$tmp.lst" -XX:SharedArchiveFile="$tmp" -Xlog:disable \
    -cp "$lib/mlctl.jar" >/dev/null 2>&1
fi
mv -f "$tmp" "$out"
