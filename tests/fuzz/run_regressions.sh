#!/usr/bin/env bash
# run_regressions.sh ECSC DIR - every input that ever broke the fuzzer
# (DIR/*.ecs) still gets an answer: exit 0 (compiled) or 1 (diagnostics),
# never a crash, a sanitizer report, a hang or exit 2.  Each file is run
# twice, like the harness: with --check, and compiled to a scratch folder
# with the deploy-time parameters so the emitters run too.  Each must also
# finish in time: 20 s here (the sanitizer build), well under 2 s normally.
set -u
ecsc=$1 dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
run() {     # run FILE WHAT -- command...
    local f=$1 what=$2; shift 3
    timeout 20 "$@" >"$work/out.txt" 2>"$work/err.txt"
    local rc=$?
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
        if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$work/err.txt"; then
            echo "FAIL $(basename "$f") ($what): sanitizer report"; head -20 "$work/err.txt"
            fail=$((fail + 1)); return
        fi
        pass=$((pass + 1))
    else
        echo "FAIL $(basename "$f") ($what): exit $rc"; head -20 "$work/err.txt"
        fail=$((fail + 1))
    fi
}
# DIR/modules/*.ecs are inputs of fuzz_modules: files separated by lines
# that hold only "%%", the first the root, the others m1.ecs, m2.ecs, …
split_files() {     # split_files INPUT FOLDER -> FOLDER/root.ecs, FOLDER/m1.ecs, …
    rm -rf "$2" && mkdir -p "$2"
    awk -v dir="$2" 'BEGIN { n = 0; out = dir "/root.ecs"; printf "" > out }
        $0 == "%%" && n < 7 { n++; out = dir "/m" n ".ecs"; printf "" > out; next }
        { print > out }' "$1"
}
n=0
for f in "$dir"/*.ecs "$dir"/modules/*.ecs; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    src=$f
    if [ "$(basename "$(dirname "$f")")" = modules ]; then
        split_files "$f" "$work/files"
        src=$work/files/root.ecs
    fi
    run "$f" check -- "$ecsc" --color=never --check --max-errors=0 "$src"
    rm -rf "$work/out"
    run "$f" emit -- "$ecsc" --color=never -D account=123456789012 -D region=eu-west-1 "$src" -o "$work/out"
done
echo "fuzz regressions: $pass passed, $fail failed ($n files)"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]
