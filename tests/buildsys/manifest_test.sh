#!/usr/bin/env bash
# manifest_test.sh ECSC WORK - OUTDIR/.ecsc-manifest: ecsc removes the files
# it wrote before and no longer produces (and folders left empty), never a
# file it did not write; a failed run changes nothing; --list-outputs writes
# nothing.
set -u
ecsc=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work" && mkdir -p "$work"
cp -r "$here/project/." "$work/"
cd "$work"
# A picture of a folder: every path, and each file's size, time and inode
# (a folder's own time changes with the temporary files of a failed write).
snapshot() { find "$1" \( -type d -printf '%p/\n' \) -o -printf '%p %s %T@ %i\n' | sort; }

"$ecsc" --list-outputs -o out app.ecs >listed.txt
expect "--list-outputs: exit 0" test $? -eq 0
expect "--list-outputs: writes nothing" test ! -e out
expect "--list-outputs: sorted" eval 'sort -c listed.txt'
expect "--list-outputs: the taskdefs" grep -qx 'out/taskdefs/demo-worker.json' listed.txt
expect "--list-outputs: no manifest" eval '! grep -q ecsc-manifest listed.txt'
expect "--list-outputs without -o: relative paths" eval '"$ecsc" --list-outputs app.ecs | grep -qx taskdefs/demo-web.json'
printf 'task web {\n  launch fargat\n}\n' >bad.ecs
"$ecsc" --list-outputs -o out bad.ecs >/dev/null 2>&1
expect "--list-outputs: a broken source exits 1" test $? -eq 1

"$ecsc" app.ecs -o out
expect "first build" test $? -eq 0
sed 's|^out/||' listed.txt >want.txt
# The manifest: comment lines, then "HASH SIZE PATH" for each output.
paths() { grep -v '^#' "$1" | cut -d' ' -f3-; }
expect "manifest: the outputs, sorted" eval 'paths out/.ecsc-manifest | cmp -s want.txt -'
expect "manifest: sizes" eval '[ "$(grep -v "^#" out/.ecsc-manifest | awk "{print \$2}" | head -1)" = "$(stat -c %s out/$(head -1 want.txt))" ]' 

# Files that are the user's: beside the outputs and in their folders.
echo mine >out/notes.txt
echo mine >out/taskdefs/mine.json
mkdir -p out/cfn/fragments/keep && echo mine >out/cfn/fragments/keep/x.json
# A manifest edited by hand may name files outside OUTDIR: never removed.
echo outside >outside.txt
printf '../outside.txt\n/%s/outside.txt\n./notes.txt\nnotes.txt\n' "$work" >>out/.ecsc-manifest
grep -v '^#' out/.ecsc-manifest | head -1 | sed 's| [^ ]*$| notes.txt|' >>out/.ecsc-manifest

# Remove the worker task: its taskdef and fragment go, the rest stays.
sed -i '/^task worker {/,/^}/d' app.ecs
web=$(mtime out/taskdefs/demo-web.json)
"$ecsc" app.ecs -o out
expect "build without worker" test $? -eq 0
expect "stale taskdef removed" test ! -e out/taskdefs/demo-worker.json
expect "stale fragment removed" test ! -e out/cfn/fragments/task-worker.json
expect "produced file kept" test -f out/taskdefs/demo-web.json
expect "unchanged file not rewritten" same "$web" "$(mtime out/taskdefs/demo-web.json)"
expect "user file beside the outputs kept" test -f out/notes.txt
expect "user file among the outputs kept" test -f out/taskdefs/mine.json
expect "user folder kept" test -f out/cfn/fragments/keep/x.json
expect "file outside OUTDIR kept" test -f outside.txt
expect "manifest rewritten" eval '! grep -q worker out/.ecsc-manifest && ! grep -q outside out/.ecsc-manifest'

# --emit=taskdefs: cfn/ goes, folders left empty go; a folder with a user's
# file stays with it.
rm -rf out/cfn/fragments/keep
"$ecsc" --emit=taskdefs app.ecs -o out
expect "emit taskdefs only" test $? -eq 0
expect "empty folders ecsc made are removed" test ! -e out/cfn
expect "taskdefs kept" test -f out/taskdefs/demo-web.json -a -f out/taskdefs/mine.json
"$ecsc" app.ecs -o out && mkdir -p out/cfn/fragments && echo mine >out/cfn/fragments/mine.json
"$ecsc" --emit=taskdefs app.ecs -o out
expect "a folder with a user's file stays" test -f out/cfn/fragments/mine.json -a ! -e out/cfn/template.json
rm -rf out/cfn

# Failed runs change nothing: an error in the source (exit 1), and a write
# that fails (exit 2: a folder where a new output must go) while an old one
# is stale.
"$ecsc" app.ecs -o out
before=$(snapshot out)
cp app.ecs app.good
sed -i 's/launch fargate/launch fargat/' app.ecs
"$ecsc" app.ecs -o out 2>/dev/null
expect "broken source: exit 1" test $? -eq 1
expect "broken source: folder unchanged" same "$before" "$(snapshot out)"
cp app.good app.ecs
sed -i 's/^task web {/task api {/; s/container web {/container api {/' app.ecs
mkdir -p out/taskdefs/demo-api.json
before=$(snapshot out)
"$ecsc" app.ecs -o out 2>err.txt
expect "failed write: exit 2" test $? -eq 2
expect "failed write: folder unchanged (stale file still there)" same "$before" "$(snapshot out)"
rmdir out/taskdefs/demo-api.json
"$ecsc" app.ecs -o out
expect "rename: the new taskdef replaces the old" test -f out/taskdefs/demo-api.json -a ! -e out/taskdefs/demo-web.json

# --all-envs: one manifest over every environment's folder.
ex=$here/../../examples
"$ecsc" $(cat "$ex/payments.args") "$ex/payments.ecs" -o envs
expect "all-envs build" test $? -eq 0
"$ecsc" $(cat "$ex/payments.args") "$ex/payments.ecs" --list-outputs -o envs | sed 's|^envs/||' >want-envs.txt
expect "all-envs: one manifest with every environment" eval 'paths envs/.ecsc-manifest | cmp -s want-envs.txt -'
expect "all-envs: per-environment paths" eval 'paths envs/.ecsc-manifest | grep -qx prod/taskdefs/payments-reconciler.json' 
finish
