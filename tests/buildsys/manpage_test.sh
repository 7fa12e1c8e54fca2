#!/usr/bin/env bash
# manpage_test.sh ECSC MANPAGE - docs/ecsc.1 documents every option that
# `ecsc --help` lists and every exit status, and renders without warnings.
set -u
ecsc=$1 page=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
# roff writes '-' as '\-'.
text=$(sed 's/\\-/-/g' "$page")
for opt in $("$ecsc" --help | grep -oE '^  +-[-A-Za-z]+' | sort -u); do
  expect "man page documents $opt" grep -qF -- "$opt" <<<"$text"
done
for status in 0 1 2 70; do
  expect "man page documents exit status $status" grep -qx "\.B $status" "$page"
done
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
  expect "man page renders cleanly${warnings:+: $warnings}" test -z "$warnings"
fi
finish
