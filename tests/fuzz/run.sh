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
# fuzz_modules reads several files from one input (split at "%%" lines):
# seed it with the golden cases that import, joined with what they import.
max_len=8192
if [ "$(basename "$fuzzer")" = fuzz_modules ]; then
    max_len=65536
    for f in "$src"/tests/golden/errors/module_*.ecs "$src"/tests/golden/ecs/*.ecs; do
        grep -q '^import "\./' "$f" 2>/dev/null || continue
        {
            cat "$f"
            grep -o '^import "\./[^"]*"' "$f" | sed 's/^import "//; s/"$//' | while read -r rel; do
                p="$(dirname "$f")/$rel"
                [ -f "$p" ] || p="$p.ecs"
                if [ -f "$p" ]; then printf '\n%%%%\n'; cat "$p"; fi
            done
        } > "$work/seeds/$(printf '%04d' $i)-joined-$(basename "$f")"
        i=$((i + 1))
    done
    echo "seeded $i files with the joined imports"
fi
# fuzz_import reads what `ecsc import` reads: compose files (with an
# ecs-params.yml after a "%%" line), Copilot manifests, ECS JSON.
dict=ecs.dict
if [ "$(basename "$fuzzer")" = fuzz_import ]; then
    max_len=65536 dict=import.dict
    rm -f "$work"/seeds/*
    i=0
    while IFS= read -r -d '' f; do
        cp "$f" "$work/seeds/$(printf '%04d' $i)-$(basename "$(dirname "$f")")-$(basename "$f")"
        i=$((i + 1))
    done < <(find "$src/tests/import/data" "$src/tests/import" "$src/tests/fuzz/import-seeds" \
                  "$src/tests/fuzz/regressions/import" -maxdepth 3 -type f \
                  \( -name '*.yml' -o -name '*.yaml' -o -name '*.json' \) ! -name '*.services.json' \
                  -print0 2>/dev/null | sort -z)
    for d in "$src"/tests/import/data/compose/*/; do
        [ -f "$d/ecs-params.yml" ] || continue
        { cat "$d"/*compose*.y*ml; printf '%%%%\n'; cat "$d/ecs-params.yml"; } \
            > "$work/seeds/$(printf '%04d' $i)-joined-$(basename "$d").yml"
        i=$((i + 1))
    done
    echo "seeded $i import files"
fi
exec "$fuzzer" -dict="$src/tests/fuzz/$dict" -max_len=$max_len -timeout=5 -rss_limit_mb=2048 \
     -max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
     "$@" "$work/corpus" "$work/seeds"
