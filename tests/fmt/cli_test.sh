#!/bin/bash
# cli_test.sh ECSC WORK - `ecsc fmt`: printing, -, --check, -w (mode kept,
# unchanged files untouched, symlinks, FIFOs and folders refused without
# waiting), syntax errors (exit 1, the file as it was) and usage errors.
set -u
ecsc=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 2
fails=0
check() {   # check NAME 'SHELL CONDITION'
    if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails + 1)); fi
}

printf 'app shop {\n region "eu-west-1"\n  account   "123456789012"   # the account\n}\n\n\n\nparam vpc vpc_id\nparam subnets [subnet_id]\n' > messy.ecs
cat > tidy.ecs <<'ECS'
app shop {
  region  "eu-west-1"
  account "123456789012"  # the account
}

param vpc     vpc_id
param subnets [subnet_id]
ECS
cp messy.ecs messy.orig
printf 'app shop {\n  region "eu-west-1"\n' > broken.ecs
cp broken.ecs broken.orig

"$ecsc" fmt messy.ecs > out.txt 2> err.txt; rc=$?
check "prints the formatted file" '[ $rc = 0 ]'
check "  the text is canonical" 'cmp -s out.txt tidy.ecs'
check "  the file is untouched" 'cmp -s messy.ecs messy.orig'
"$ecsc" fmt - < messy.ecs > out2.txt; rc=$?
check "- reads standard input" '[ $rc = 0 ]'
check "  the same text" 'cmp -s out2.txt tidy.ecs'
"$ecsc" fmt tidy.ecs messy.ecs > out3.txt
check "several files are printed one after another" 'cmp -s out3.txt <(cat tidy.ecs tidy.ecs)'
"$ecsc" fmt out.txt > out4.txt
check "formatting is idempotent" 'cmp -s out4.txt out.txt'

"$ecsc" fmt --check tidy.ecs messy.ecs > list.txt; rc=$?
check "--check: exit 1 when a file is not formatted" '[ $rc = 1 ]'
check "  lists that file only" '[ "$(cat list.txt)" = "messy.ecs" ]'
"$ecsc" fmt --check tidy.ecs > list2.txt; rc=$?
check "--check: exit 0 and silent when all are formatted" '[ $rc = 0 ] && [ ! -s list2.txt ]'
"$ecsc" fmt --check - < messy.ecs > list3.txt; rc=$?
check "--check on standard input names <stdin>" '[ $rc = 1 ] && [ "$(cat list3.txt)" = "<stdin>" ]'

chmod 640 messy.ecs
cp tidy.ecs tidy.copy
touch -d '2001-01-01' tidy.copy
"$ecsc" fmt -w messy.ecs tidy.copy > wout.txt; rc=$?
check "-w rewrites in place" '[ $rc = 0 ] && cmp -s messy.ecs tidy.ecs && [ ! -s wout.txt ]'
check "  keeps the file's mode" '[ "$(stat -c %a messy.ecs)" = 640 ]'
check "  leaves a formatted file alone (mtime)" '[ "$(stat -c %Y tidy.copy)" = "$(date -d 2001-01-01 +%s)" ]'
check "  leaves no temporary file" '[ -z "$(ls -A | grep '\''\.fmt-'\'')" ]'

"$ecsc" fmt broken.ecs > bout.txt 2> berr.txt; rc=$?
check "a syntax error: exit 1" '[ $rc = 1 ]'
check "  the compiler's diagnostic" 'grep -q '\''broken.ecs:3:1: error\[E0001\]'\'' berr.txt'
check "  nothing printed" '[ ! -s bout.txt ]'
"$ecsc" fmt -w broken.ecs 2> /dev/null; rc=$?
check "-w with a syntax error: exit 1, the file as it was" '[ $rc = 1 ] && cmp -s broken.ecs broken.orig'
"$ecsc" fmt -w broken.ecs messy.orig 2> /dev/null; rc=$?
check "  the other files are still formatted" '[ $rc = 1 ] && cmp -s messy.orig tidy.ecs'

cp messy.ecs target.ecs
printf 'app x {\nregion "a"\n}\n' > target.ecs
cp target.ecs target.orig
ln -s target.ecs link.ecs
"$ecsc" fmt -w link.ecs 2> lerr.txt; rc=$?
check "-w refuses a symbolic link (exit 2)" '[ $rc = 2 ] && grep -q '\''symbolic link'\'' lerr.txt'
check "  the link and its target are untouched" '[ -L link.ecs ] && cmp -s target.ecs target.orig'
"$ecsc" fmt link.ecs > lout.txt; rc=$?
check "  printing follows it" '[ $rc = 0 ] && [ -s lout.txt ]'

mkfifo pipe.ecs
timeout 10 "$ecsc" fmt -w pipe.ecs 2> perr.txt; rc=$?
check "-w refuses a FIFO without waiting for a writer (exit 2)" '[ $rc = 2 ] && grep -q '\''not a regular file'\'' perr.txt'
mkdir folder.ecs
"$ecsc" fmt folder.ecs 2> /dev/null; rc=$?
check "a folder: exit 2" '[ $rc = 2 ]'
"$ecsc" fmt missing.ecs 2> /dev/null; rc=$?
check "a missing file: exit 2" '[ $rc = 2 ]'

"$ecsc" fmt -w --check tidy.ecs 2> /dev/null; rc=$?
check "-w with --check: usage error" '[ $rc = 2 ]'
"$ecsc" fmt 2> /dev/null; rc=$?
check "no file: usage error" '[ $rc = 2 ]'
"$ecsc" fmt -w - < tidy.ecs 2> /dev/null; rc=$?
check "-w with -: usage error" '[ $rc = 2 ]'
"$ecsc" fmt --bogus tidy.ecs 2> /dev/null; rc=$?
check "an unknown option: usage error" '[ $rc = 2 ]'
"$ecsc" fmt --help > help.txt; rc=$?
check "--help" '[ $rc = 0 ] && grep -q -- '\''--check'\'' help.txt'
cp tidy.ecs ./-dash.ecs
"$ecsc" fmt -- -dash.ecs > dout.txt; rc=$?
check "-- ends the options" '[ $rc = 0 ] && cmp -s dout.txt tidy.ecs'
"$ecsc" --help | grep -q 'ecsc fmt'
check "ecsc --help lists fmt" '[ $? = 0 ]'

echo "$fails failed"
[ $fails = 0 ]
