#!/usr/bin/env bash
# run.sh - seeds a fresh corpus and runs the harness.
#   tests/fuzz/run.sh FUZZER SECONDS [WORKDIR] [extra libFuzzer flags...]
# The corpus lives in WORKDIR (default /tmp/ecsc-fuzz) and is not committed;
# crashers land in WORKDIR/artifacts/.  Minimise one with
#   FUZZER -minimize_crash=1 -runs=10000 CRASHFILE
# and commit it as tests/fuzz/regressions/<what-it-broke>.ecs.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
fuzzer=$1 secs=$2 work=${3:-/tmp/ecsc-fuzz}
shift $(( $# < 3 ? $# : 3 ))
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
i=0
while IFS= read -r -d '' f; do
    cp "$f" "$work/seeds/$(printf '%04d' $i)-$(basename "$f")"
    i=$((i + 1))
done < <(find "$src/examples" "$src/tests/golden" "$src/tests/corpus/ecs" \
              "$src/tests/fuzz/regressions" -name '*.ecs' -print0 | sort -z)
echo "seeded $i files"
exec "$fuzzer" -dict="$src/tests/fuzz/ecs.dict" -max_len=8192 -timeout=5 -rss_limit_mb=2048 \
     -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
     "$@" "$work/corpus" "$work/seeds"
