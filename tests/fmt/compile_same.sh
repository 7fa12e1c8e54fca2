#!/bin/bash
# compile_same.sh ECSC SRC WORK - formatting never changes meaning: every
# example, golden input, corpus and fuzz-regression file is compiled as it
# is and formatted (`ecsc fmt -w` on a copy of its folder, with its .args);
# the exit status, the output folders (byte for byte) and the codes of the
# diagnostics (files that fail to compile) must be the same.  Prints counts.
set -u
ecsc=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
dirs="examples tests/golden/ecs tests/golden/errors tests/golden/parse tests/corpus/ecs
      tests/fuzz/regressions tests/fuzz/regressions/modules"
identical=0 same_errors=0 unchanged=0 unparsed=0 failed=0
codes() { grep -o '\(error\|warning\)\[[EW][0-9]*\]' "$1" | sort | uniq -c; }
for d in $dirs; do
    mkdir -p "$work/fmt/$d"
    cp -a "$src/$d/." "$work/fmt/$d/"
    # one process per folder; files with syntax errors stay as they are
    "$ecsc" fmt -w "$work/fmt/$d"/*.ecs 2>/dev/null
    for f in "$src/$d"/*.ecs; do
        name=$(basename "$f" .ecs)
        args=()
        [ -f "$src/$d/$name.args" ] && mapfile -t args < "$src/$d/$name.args"
        if ! "$ecsc" fmt --check "$work/fmt/$d/$name.ecs" >/dev/null 2>&1; then
            unparsed=$((unparsed + 1))     # a syntax error: not formatted
            continue
        fi
        if cmp -s "$f" "$work/fmt/$d/$name.ecs"; then
            unchanged=$((unchanged + 1))    # already formatted: nothing to compare
            continue
        fi
        a="$work/out-a/$d/$name" b="$work/out-b/$d/$name"
        mkdir -p "$work/out-a/$d" "$work/out-b/$d"
        (cd "$src/$d" && "$ecsc" --color=never "${args[@]}" "$name.ecs" -o "$a" >/dev/null 2>"$a.err")
        rca=$?
        (cd "$work/fmt/$d" && "$ecsc" --color=never "${args[@]}" "$name.ecs" -o "$b" >/dev/null 2>"$b.err")
        rcb=$?
        if [ $rca != $rcb ]; then
            echo "FAIL $d/$name.ecs: exit status $rca, formatted $rcb" >&2
            failed=$((failed + 1))
        elif [ $rca = 0 ] && ! diff -r -x .ecsc-manifest "$a" "$b" >&2; then
            echo "FAIL $d/$name.ecs: the outputs differ" >&2
            failed=$((failed + 1))
        elif [ "$(codes "$a.err")" != "$(codes "$b.err")" ]; then
            echo "FAIL $d/$name.ecs: other diagnostics" >&2
            diff <(codes "$a.err") <(codes "$b.err") >&2
            failed=$((failed + 1))
        elif [ $rca = 0 ]; then
            identical=$((identical + 1))
        else
            same_errors=$((same_errors + 1))
        fi
    done
done
echo "compile_same: of the files formatting changes, $identical compile to byte-identical" \
     "outputs and $same_errors fail with the same diagnostics; $unchanged were formatted" \
     "already, $unparsed have syntax errors (not formatted); $failed failed"
[ $failed = 0 ] && [ $identical -gt 0 ]
