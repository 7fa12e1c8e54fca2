#!/usr/bin/env bash
# bench/run.sh -- the shop-N benchmark: ecsc against the cJSON floor, in one run.
#
# Builds ecsc (Release, in build-bench/) and ../shared/bench/floor.c, then for
# each N generates shop-N with bench/gen_shop and runs ecsc and the floor R
# times each, interleaved, every run writing into a fresh directory on tmpfs
# (/dev/shm).  Prints a Markdown table: median wall time, peak RSS, input and
# output sizes, time per service, ratio to the floor; then the median wall
# time of one small example (examples/shop.ecs), start-up included.
#
# Environment (all optional):
#   NS="1 10 100 1000 10000"  sizes to run
#   R=5                       runs per size and tool
#   R_BIG=1                   runs for sizes >= BIG
#   BIG=10000                 what counts as a big size
#   TMO=300                   per-run timeout in seconds; a size that times out
#                             is reported as "> TMO" and larger sizes are skipped
#   SMALL_RUNS=200            runs of the small example
#   SHM=/dev/shm              where inputs and outputs go (tmpfs)
#   BUILD=build-bench         ecsc build directory (relative to the repo)
#   NO_BUILD=1                reuse the existing build
#   MD_OUT=FILE               also write the Markdown report to FILE
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

NS=${NS:-"1 10 100 1000 10000"}
R=${R:-5}
R_BIG=${R_BIG:-1}
BIG=${BIG:-10000}
TMO=${TMO:-300}
SMALL_RUNS=${SMALL_RUNS:-200}
SHM=${SHM:-/dev/shm}
BUILD=${BUILD:-build-bench}
FLOOR_SRC=${FLOOR_SRC:-$ROOT/../shared/bench/floor.c}

log() { printf '%s\n' "$*" >&2; }

# --- tools --------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    log "GNU time missing: installing the 'time' package"
    if [ "$(id -u)" = 0 ]; then apt-get install -y time >/dev/null; else sudo apt-get install -y time >/dev/null; fi
fi

ECSC=$ROOT/$BUILD/ecsc
if [ -z "${NO_BUILD:-}" ]; then
    log "building ecsc (Release) in $BUILD/"
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" --target ecsc -j"$(nproc)" >/dev/null
fi
[ -x "$ECSC" ] || { log "no ecsc at $ECSC"; exit 1; }

FLOOR=
if [ -f "$FLOOR_SRC" ]; then
    FLOOR=$ROOT/$BUILD/floor
    if [ -z "${NO_BUILD:-}" ] || [ ! -x "$FLOOR" ]; then
        log "building the floor from $FLOOR_SRC"
        cc -O2 -o "$FLOOR" "$FLOOR_SRC" -lcjson
    fi
else
    log "no $FLOOR_SRC (../shared absent): the floor is skipped"
fi

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
DIRTY=$(git -C "$ROOT" status --porcelain -- compiler emit grammar CMakeLists.txt 2>/dev/null | wc -l)
[ "$DIRTY" = 0 ] && DIRTY=
WORK=$(mktemp -d "$SHM/ecsc-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- helpers ------------------------------------------------------------------
now_us() { local t=${EPOCHREALTIME/[.,]/}; printf '%s' "$t"; }

# median of numbers on stdin (one per line); with an even count, the mean of
# the two middle values
median() { sort -n | awk '{v[NR]=$1} END{if(NR==0){print "";exit} if(NR%2)print v[(NR+1)/2]; else printf "%.0f\n",(v[NR/2]+v[NR/2+1])/2}'; }

# run_one TOOL N RUN -> sets WALL_US, RSS_KB, RC; output in $OUT
run_one() {
    local tool=$1 n=$2 run=$3
    OUT=$WORK/out-$tool-$n-$run
    rm -rf "$OUT"
    local rssf=$WORK/rss
    local errf=$WORK/err-$tool-$n
    local t0 t1
    if [ "$tool" = ecsc ]; then
        t0=$(now_us)
        set +e
        /usr/bin/time -f %M -o "$rssf" timeout "$TMO" "$ECSC" "$WORK/shop-$n.ecs" -o "$OUT" \
            --params "$WORK/shop-$n.params" 2>"$errf"
        RC=$?
        set -e
        t1=$(now_us)
    else
        mkdir -p "$OUT"
        t0=$(now_us)
        set +e
        /usr/bin/time -f %M -o "$rssf" timeout "$TMO" "$FLOOR" "$n" "$OUT" 2>"$errf"
        RC=$?
        set -e
        t1=$(now_us)
    fi
    WALL_US=$((t1 - t0))
    RSS_KB=$(tail -n 1 "$rssf" 2>/dev/null || echo 0)
    [[ $RSS_KB =~ ^[0-9]+$ ]] || RSS_KB=0
}

out_stats() { # dir -> "bytes files"
    find "$1" -type f -printf '%s\n' | awk '{b+=$1; f++} END{printf "%d %d\n", b, f}'
}

fmt_s() { awk -v u="$1" 'BEGIN{ if (u < 10000) printf "%.2f ms", u/1000; else printf "%.3f s", u/1e6 }'; }
fmt_mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
fmt_mb() { awk -v b="$1" 'BEGIN{ if (b < 1e6) printf "%.1f kB", b/1e3; else printf "%.1f MB", b/1e6 }'; }

# sanity: the full output set of shop-N
check_ecsc_out() {
    local dir=$1 n=$2 problems=""
    [ -f "$dir/cfn/template.json" ] || problems+=" no cfn/template.json;"
    local td sv fr
    td=$(find "$dir/taskdefs" -name '*.json' 2>/dev/null | wc -l)
    sv=$(find "$dir/services" -name '*.json' 2>/dev/null | wc -l)
    fr=$(find "$dir/cfn/fragments" -name '*.json' 2>/dev/null | wc -l)
    [ "$td" = "$n" ] || problems+=" $td taskdefs (want $n);"
    [ "$sv" = "$n" ] || problems+=" $sv services (want $n);"
    [ "$fr" = "$((3 * n + 2))" ] || problems+=" $fr fragments (want $((3 * n + 2)));"
    if [ "$n" -le 1000 ] && command -v python3 >/dev/null; then
        python3 - "$dir" "$n" <<'EOF' || problems+=" template check failed;"
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
t = json.load(open(d + "/cfn/template.json"))
r = t["Resources"]
svc = [k for k, v in r.items() if v["Type"] == "AWS::ECS::Service"]
rules = sorted(v["Properties"]["Priority"] for v in r.values()
               if v["Type"] == "AWS::ElasticLoadBalancingV2::ListenerRule")
assert len(svc) == n, len(svc)
assert rules == list(range(1, n + 1)), rules[:5]
EOF
    fi
    printf '%s' "$problems"
}

# --- the sizes ----------------------------------------------------------------
declare -A ROW
REPORT=$WORK/report.md
{
    echo "| N | input | ecsc median | ecsc per service | ecsc peak RSS | ecsc output (files) | floor median | floor peak RSS | floor output (files) | ecsc / floor |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$REPORT"

ecsc_dead=""
floor_dead=""
for n in $NS; do
    "$ROOT/bench/gen_shop" "$n" --params "$WORK/shop-$n.params" >"$WORK/shop-$n.ecs"
    in_bytes=$(stat -c %s "$WORK/shop-$n.ecs")
    runs=$R
    [ "$n" -ge "$BIG" ] && runs=$R_BIG
    log "shop-$n: $in_bytes input bytes, $runs run(s) each"
    e_times=() f_times=() e_rss=0 f_rss=0 e_out="" f_out="" e_note="" f_note=""
    for ((r = 1; r <= runs; r++)); do
        if [ -z "$ecsc_dead" ]; then
            run_one ecsc "$n" "$r"
            if [ "$RC" = 124 ]; then
                e_note="> ${TMO} s (timeout)"; ecsc_dead=$n
                log "  ecsc run $r: timed out after $TMO s (peak RSS $(fmt_mib "$RSS_KB") MiB)"
                [ "$RSS_KB" -gt "$e_rss" ] && e_rss=$RSS_KB
            elif [ "$RC" != 0 ]; then
                log "  ecsc run $r: exit $RC"; sed -n 1,20p "$WORK/err-ecsc-$n" >&2; exit 1
            else
                e_times+=("$WALL_US")
                [ "$RSS_KB" -gt "$e_rss" ] && e_rss=$RSS_KB
                if [ "$r" = 1 ]; then
                    e_out=$(out_stats "$OUT")
                    bad=$(check_ecsc_out "$OUT" "$n")
                    nwarn=$(grep -c 'warning\[' "$WORK/err-ecsc-$n" || true)
                    [ -n "$bad" ] && { log "  ecsc output looks wrong:$bad"; exit 1; }
                    log "  ecsc output: $e_out (bytes files), $nwarn warning(s)"
                fi
                log "  ecsc  run $r: $(fmt_s "$WALL_US"), $(fmt_mib "$RSS_KB") MiB"
            fi
            rm -rf "$OUT"
        fi
        if [ -n "$FLOOR" ] && [ -z "$floor_dead" ]; then
            run_one floor "$n" "$r"
            if [ "$RC" = 124 ]; then
                f_note="> ${TMO} s (timeout)"; floor_dead=$n
            elif [ "$RC" != 0 ]; then
                log "  floor run $r: exit $RC"; exit 1
            else
                f_times+=("$WALL_US")
                [ "$RSS_KB" -gt "$f_rss" ] && f_rss=$RSS_KB
                [ "$r" = 1 ] && f_out=$(out_stats "$OUT")
                log "  floor run $r: $(fmt_s "$WALL_US"), $(fmt_mib "$RSS_KB") MiB"
            fi
            rm -rf "$OUT"
        fi
    done
    e_med=$(printf '%s\n' "${e_times[@]}" | grep . | median || true)
    f_med=$(printf '%s\n' "${f_times[@]}" | grep . | median || true)
    if [ -n "$e_med" ]; then
        e_cell="$(fmt_s "$e_med") (${#e_times[@]} run$([ ${#e_times[@]} = 1 ] || echo s))"
        per=$(awk -v u="$e_med" -v n="$n" 'BEGIN{printf "%.1f µs", u/n}')
        read -r eb ef <<<"$e_out"
        e_outc="$(fmt_mb "$eb") ($ef)"
    else
        e_cell=${e_note:-skipped}; per="—"; e_outc="—"
    fi
    e_rssc=$([ "$e_rss" -gt 0 ] && echo "$(fmt_mib "$e_rss") MiB" || echo "—")
    if [ -n "$f_med" ]; then
        f_cell="$(fmt_s "$f_med") (${#f_times[@]} run$([ ${#f_times[@]} = 1 ] || echo s))"
        read -r fb ff <<<"$f_out"
        f_outc="$(fmt_mb "$fb") ($ff)"
        f_rssc="$(fmt_mib "$f_rss") MiB"
    else
        f_cell=${f_note:-skipped}; f_outc="—"; f_rssc="—"
    fi
    if [ -n "$e_med" ] && [ -n "$f_med" ]; then
        ratio=$(awk -v a="$e_med" -v b="$f_med" 'BEGIN{printf "%.2f×", a/b}')
    else
        ratio="—"
    fi
    echo "| $n | $(fmt_mb "$in_bytes") | $e_cell | $per | $e_rssc | $e_outc | $f_cell | $f_rssc | $f_outc | $ratio |" >>"$REPORT"
done

# --- one small example ------------------------------------------------------------
log "examples/shop.ecs: $SMALL_RUNS runs"
small=()
for ((r = 1; r <= SMALL_RUNS; r++)); do
    OUT=$WORK/small-$r
    t0=$(now_us)
    "$ECSC" examples/shop.ecs -o "$OUT" 2>/dev/null
    t1=$(now_us)
    small+=($((t1 - t0)))
    rm -rf "$OUT"
done
s_med=$(printf '%s\n' "${small[@]}" | median)
s_min=$(printf '%s\n' "${small[@]}" | sort -n | head -n 1)
/usr/bin/time -f %M -o "$WORK/rss" "$ECSC" examples/shop.ecs -o "$WORK/small-rss" 2>/dev/null
s_rss=$(tail -n 1 "$WORK/rss")

{
    echo
    echo "Small example (examples/shop.ecs, $SMALL_RUNS runs, fresh output directory each, start-up included):"
    echo "median $(fmt_s "$s_med"), min $(fmt_s "$s_min"), peak RSS $(fmt_mib "$s_rss") MiB."
    echo
    echo "ecsc built at commit $COMMIT$([ -n "$DIRTY" ] && echo ' (plus uncommitted changes in compiler/, emit/, grammar/ or CMakeLists.txt)'),"\
         "$(nproc) CPUs, load average at the end $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r), outputs on $SHM."
    echo "Wall times include the /usr/bin/time and timeout wrappers (about 1-2 ms per run)."
} >>"$REPORT"

cat "$REPORT"
[ -n "${MD_OUT:-}" ] && cp "$REPORT" "$MD_OUT"
exit 0
