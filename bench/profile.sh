#!/usr/bin/env bash
# bench/profile.sh -- callgrind profile of ecsc on shop-N (default N=1000).
#
# N=1000 is the largest practical size: callgrind runs ecsc about 40x slower,
# and at the measured commit shop-1000 already takes ~95 s under callgrind
# (shop-10000 would take hours, see bench/README.md).  The profile build is
# Release (-O3) plus -g, with inlining off (-fno-inline) so that costs are
# charged to the functions that incur them, not to whatever they were inlined
# into; it lives in build-bench-prof/.
#
# Prints the top 15 functions by inclusive cost and by self cost, then the
# callers of the hottest self-cost functions, and keeps callgrind.out in
# $KEEP (default build-bench-prof/callgrind.shop-N.out).
#
# Environment: N=1000, BUILD=build-bench-prof, NO_BUILD=1, KEEP=FILE, TOP=15.
set -eu   # no pipefail: the tables are cut with head

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
N=${N:-1000}
BUILD=${BUILD:-build-bench-prof}
TOP=${TOP:-15}
KEEP=${KEEP:-$ROOT/$BUILD/callgrind.shop-$N.out}

command -v valgrind >/dev/null || { echo "valgrind missing (apt-get install valgrind)" >&2; exit 1; }

if [ -z "${NO_BUILD:-}" ]; then
    echo "building ecsc (Release, -g -fno-inline) in $BUILD/" >&2
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
          -DCMAKE_C_FLAGS="-g -fno-inline -fno-omit-frame-pointer" >/dev/null
    cmake --build "$BUILD" --target ecsc -j"$(nproc)" >/dev/null
fi

WORK=$(mktemp -d /dev/shm/ecsc-prof.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
"$ROOT/bench/gen_shop" "$N" --params "$WORK/shop.params" >"$WORK/shop.ecs"

echo "callgrind: ecsc on shop-$N (this takes a while)" >&2
t0=$SECONDS
valgrind --tool=callgrind --callgrind-out-file="$KEEP" \
    "$ROOT/$BUILD/ecsc" "$WORK/shop.ecs" -o "$WORK/out" --params "$WORK/shop.params" \
    2>"$WORK/vg.log" || { tail -n 20 "$WORK/vg.log" >&2; exit 1; }
echo "callgrind took $((SECONDS - t0)) s; data in $KEEP" >&2

# callgrind_annotate prints "1,234 (12.34%)  file:function [object]" lines
# after a "file:function" header; functable prints just those lines.
functable() {
    (cd "$WORK" && callgrind_annotate --auto=no "$@" "$KEEP" 2>/dev/null) |
        awk '/file:function/{h=1; next} h==1 && /^-+$/{h=2; next} h==2 && !NF{exit} h==2'
}
# Inclusive costs: drop start-up frames and the inner levels of recursive
# functions (callgrind names them f'2, f'3...; their inclusive cost counts
# the recursion several times and exceeds 100%).
table() {
    functable "$@" |
        grep -v -E "\(below main\)|libc-start|ld-linux|0x0000|[a-z_0-9]'[0-9]+ \[" |
        sed -E "s#$ROOT/##; s# \[[^]]*\]\$##" | awk '!seen[$0]++' | head -n "$TOP"
}

total=$(cd "$WORK" && callgrind_annotate "$KEEP" 2>/dev/null | awk '/PROGRAM TOTALS/{print $1; exit}')
echo "## callgrind, ecsc on shop-$N: $total instructions in total"
echo
echo "### Top $TOP functions by inclusive cost"
echo '```'
table --inclusive=yes
echo '```'
echo
echo "### Top $TOP functions by self cost"
echo '```'
table --inclusive=no
echo '```'
echo
echo "### Callers of the six hottest functions (self cost), by cost"
echo '```'
(cd "$WORK" && callgrind_annotate --auto=no --tree=caller "$KEEP" 2>/dev/null) >"$WORK/caller.txt"
functable --inclusive=no | head -n 6 |
    sed -E 's/^ *[0-9,]+ \([ 0-9.]+%\) +//; s/ \[[^]]*\]$//' >"$WORK/hot.txt"
python3 - "$WORK/caller.txt" "$WORK/hot.txt" "$ROOT/" <<'PY'
import sys
root = sys.argv[3]
norm = lambda s: s.replace(root, "").split(" [")[0]
blocks = open(sys.argv[1]).read().split("\n\n")
done = set()
for fn in [norm(l.strip()) for l in open(sys.argv[2]) if l.strip()]:
    if fn in done:
        continue
    done.add(fn)
    head, callers = None, {}
    for b in blocks:
        lines = b.strip("\n").split("\n")
        star = [l for l in lines if "*  " in l and norm(l.split("*  ", 1)[1]) == fn]
        if not star:
            continue
        head = head or norm(star[0]).replace("*  ", "")
        for l in lines:
            if "  < " in l:
                callers.setdefault(norm(l), int(l.split()[0].replace(",", "")))
    if head:
        print(head)
        for c, _ in sorted(callers.items(), key=lambda kv: -kv[1])[:4]:
            print("    " + c)
PY
echo '```'
