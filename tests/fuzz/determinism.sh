#!/usr/bin/env bash
# determinism.sh ECSC REPO WORK - the same input gives the same bytes,
# whoever runs it from wherever.
#
# Every examples/*.ecs (with its .args) is compiled several ways, and every
# output folder must be byte-identical to the first:
#   1. from the examples folder, by bare file name;
#   2. from an unrelated folder (WORK/elsewhere), by absolute path;
#   3. from a copy of the examples (imports included) with the file renamed,
#      by a relative path with '..' in it;
#   4. again into the folder of run 1, which must then be left untouched
#      (same inodes and times: unchanged files are not rewritten);
#   5. with the options in a different order (-o first, args last) and a
#      different environment (TZ, LC_ALL, umask).
# ecsc takes one input file per run, so "input files in different orders"
# is covered by compiling the examples in forward and reverse order into
# separate folders and comparing each pair.
set -u
ecsc=$(realpath "$1") repo=$(realpath "$2") work=$3
rm -rf "$work" && mkdir -p "$work/elsewhere" "$work/deep/a/b"
work=$(realpath "$work")
pass=0 fail=0

args_of() { [ -f "$repo/examples/$1.args" ] && cat "$repo/examples/$1.args"; }

same() {    # same NAME DIR1 DIR2
    if diff -r "$2" "$3" >"$work/diff.txt" 2>&1; then
        pass=$((pass + 1))
    else
        echo "FAIL $1: $2 and $3 differ"; head -20 "$work/diff.txt"; fail=$((fail + 1))
    fi
}

# Files with inode and time; the manifest's time is meant to move (it says
# when ecsc last succeeded), so only its bytes count (compared by diff -r).
inodes() { find "$1" -type f ! -name .ecsc-manifest -printf '%P %i %T@\n' | sort; }

names=()
for ex in "$repo"/examples/*.ecs; do names+=("$(basename "$ex" .ecs)"); done

for order in forward reverse; do
    list=("${names[@]}")
    if [ "$order" = reverse ]; then
        list=(); for ((i = ${#names[@]} - 1; i >= 0; i--)); do list+=("${names[i]}"); done
    fi
    for n in "${list[@]}"; do
        # shellcheck disable=SC2046
        (cd "$repo/examples" && "$ecsc" --color=never $(args_of "$n") "$n.ecs" -o "$work/$order/$n") \
            2>"$work/err.txt" || { echo "FAIL $n ($order): ecsc failed"; cat "$work/err.txt"; fail=$((fail + 1)); }
    done
done

for n in "${names[@]}"; do
    a=$(args_of "$n")
    same "$n: forward/reverse" "$work/forward/$n" "$work/reverse/$n"
    # shellcheck disable=SC2086
    (cd "$work/elsewhere" && "$ecsc" $a "$repo/examples/$n.ecs" -o "$work/abs/$n") 2>/dev/null
    same "$n: absolute path" "$work/forward/$n" "$work/abs/$n"
    rm -rf "$work/deep/src" && cp -r "$repo/examples" "$work/deep/src"    # imports come along
    mv "$work/deep/src/$n.ecs" "$work/deep/src/renamed-$n.ecs"
    # shellcheck disable=SC2086
    (cd "$work/deep/a/b" && "$ecsc" $a ../../src/renamed-$n.ecs -o ../../../rel/$n) 2>/dev/null
    same "$n: renamed, relative path" "$work/forward/$n" "$work/rel/$n"
    before=$(inodes "$work/forward/$n")
    # shellcheck disable=SC2086
    (cd / && umask 077 && TZ=Pacific/Chatham LC_ALL=C.UTF-8 \
        "$ecsc" -o "$work/forward/$n" --color=always "$repo/examples/$n.ecs" $a) 2>/dev/null
    after=$(inodes "$work/forward/$n")
    if [ "$before" = "$after" ]; then pass=$((pass + 1)); else
        echo "FAIL $n: a second run into the same folder rewrote files"; fail=$((fail + 1)); fi
    # shellcheck disable=SC2086
    (cd / && umask 077 && TZ=Pacific/Chatham LC_ALL=C.UTF-8 \
        "$ecsc" -o "$work/env/$n" "$repo/examples/$n.ecs" $a) 2>/dev/null
    same "$n: other environment" "$work/forward/$n" "$work/env/$n"
done

echo "determinism: $pass passed, $fail failed (${#names[@]} examples)"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
