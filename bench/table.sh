#!/usr/bin/env bash
# Times reading one CSV file of 1,000,000 rows x 22 columns (20 numeric, 2 categorical) with
# mlctl's table reader, FastCSV 4.1.0 and jackson-dataformat-csv 2.22.4, to String[] rows and
# then with every number parsed; median of BENCH_RUNS rounds (default 3), readers interleaved.
#
#   bash bench/table.sh
#
# Environment: BENCH_ROWS (default 1000000), BENCH_RUNS (default 3), BENCH_DIR (default /tmp).
# Needs java, mvn (the two libraries are fetched into ~/.m2 for the measurement only; mlctl does
# not depend on them) and python3 for the data.
# Records mlctl's reader against each library in bench/results/table.tsv (bench/lib.sh) for
# bench/report.py, for comparison: there is no goal (ratio = mlctl's median / the library's).
set -euo pipefail
{
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd "$here/.." && pwd -P)
. "$here/lib.sh"
rows=${BENCH_ROWS:-1000000}
runs=${BENCH_RUNS:-3}
dir=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-table.XXXXXX")
trap 'rm -rf "$dir"' EXIT
repo=${MAVEN_REPO:-$HOME/.m2/repository}
jackson=2.22.4
for a in de.siegmar:fastcsv:4.1.0 com.fasterxml.jackson.dataformat:jackson-dataformat-csv:$jackson \
    com.fasterxml.jackson.core:jackson-databind:$jackson; do
  mvn -B -q dependency:get -Dartifact="$a" >&2
done
[ -d "$root/mlctl-core/target/classes/io/mlctl/core/table" ] || (cd "$root" && mvn -B -q -pl mlctl-core compile >&2)
cp="$root/mlctl-core/target/classes"
cp+=":$repo/de/siegmar/fastcsv/4.1.0/fastcsv-4.1.0.jar"
cp+=":$repo/com/fasterxml/jackson/dataformat/jackson-dataformat-csv/$jackson/jackson-dataformat-csv-$jackson.jar"
cp+=":$repo/com/fasterxml/jackson/core/jackson-databind/$jackson/jackson-databind-$jackson.jar"
cp+=":$repo/com/fasterxml/jackson/core/jackson-core/$jackson/jackson-core-$jackson.jar"
cp+=":$(ls "$repo"/com/fasterxml/jackson/core/jackson-annotations/*/jackson-annotations-*.jar | sort -V | tail -1)"
bench_begin table
python3 "$here/gen_table.py" "$dir/t.csv" "$rows"
java -Xmx1g -cp "$cp" "$here/TableRead.java" "$dir/t.csv" "$runs" | tee "$dir/out.txt"
# | WORK | READER | MEDIAN ms | [ROUNDS] |: mlctl's median against each other reader's, per work
for work in "rows" "rows + numbers parsed"; do
  mine=$(awk -F' [|] ' -v w="| $work" '$1 == w && $2 ~ /^mlctl/ { print $3 + 0 }' "$dir/out.txt")
  while IFS=$'\t' read -r name ms; do
    bench_row "$work, $(bench_thousands "$rows") x 22: mlctl reader" "$mine ms" "$name" "$ms ms" \
      "$(awk -v a="$mine" -v b="$ms" 'BEGIN { printf "%.2f", a / b }')" - -
  done < <(awk -F' [|] ' -v w="| $work" '$1 == w && $2 !~ /^mlctl/ { print $2 "\t" $3 + 0 }' "$dir/out.txt")
done
exit 0
}
