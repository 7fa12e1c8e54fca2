#!/usr/bin/env bash
# build.sh - builds the libFuzzer harness by hand, without CMake.
#   tests/fuzz/build.sh OUTDIR        (default: build-fuzz)
# Needs clang (with its libFuzzer runtime), bison, flex, cmake, libcjson-dev and libyaml-dev
# (the import code, compiler/import/, reads YAML).
# The CMake option ECSC_FUZZ does the same inside a normal build tree.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-build-fuzz}
mkdir -p "$out"
out=$(cd "$out" && pwd)
CC=${CC:-clang}
bison -Wall -o "$out/parser.c" --defines="$out/parser.h" "$src/grammar/parser.y"
flex -o "$out/lexer.c" --header-file="$out/lexer.h" "$src/grammar/lexer.l"
gen=(parser lexer)
if [ -f "$src/stdlib/embed.cmake" ]; then     # the embedded standard library
    cmake -DSRC="$src/stdlib" -DOUT="$out/stdlib_blob.c" -P "$src/stdlib/embed.cmake"
    gen+=(stdlib_blob)
fi
core=$(cd "$src" && ls compiler/*/*.c emit/*.c | grep -v 'driver/main\.c$')
flags=(-std=c17 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700 -DECSC_VERSION='"fuzz"' -g -O1
       -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=all -I"$src/compiler" -I"$src/emit" -I"$out")
objs=()
for f in $core; do
    o="$out/obj/${f//\//_}.o"
    mkdir -p "$out/obj"
    "$CC" "${flags[@]}" -c "$src/$f" -o "$o"
    objs+=("$o")
done
for f in "${gen[@]}"; do
    "$CC" "${flags[@]}" -w -c "$out/$f.c" -o "$out/obj/$f.o"
    objs+=("$out/obj/$f.o")
done
for h in fuzz_compile fuzz_modules fuzz_fmt fuzz_import; do
    "$CC" "${flags[@]}" "$src/tests/fuzz/$h.c" "${objs[@]}" -lcjson -lyaml -lm -o "$out/$h"
    echo "built $out/$h"
done
