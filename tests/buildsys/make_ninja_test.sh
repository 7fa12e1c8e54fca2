#!/usr/bin/env bash
# make_ninja_test.sh ECSC WORK - ecsc's --depfile in a plain Makefile
# (make-project/Makefile, `-include app.d`) and in a hand-written build.ninja
# (ninja-project/, `depfile =` + `deps = gcc`): ecsc runs when the root file,
# an imported file or ecsc itself changes, and not otherwise; an output left
# unchanged does not re-run the step that reads it; a changed one does.
set -u
ecsc=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work" && mkdir -p "$work/bin"
# A copy, which the test may touch; ninja-project runs `ecsc` from PATH.
cp "$ecsc" "$work/bin/ecsc" && ecsc=$work/bin/ecsc
export PATH="$work/bin:$PATH"

# The depfile itself: every output as a target, the files read as prerequisites.
mkdir -p "$work/dep" && cp -r "$here/project/." "$work/dep/"
(cd "$work/dep" && ecsc app.ecs -o "my out" --depfile app.d)
expect "depfile: written" test -f "$work/dep/app.d"
expect "depfile: manifest is the first target" eval "head -1 '$work/dep/app.d' | grep -q '^my\\\\ out/.ecsc-manifest '"
for f in $(cd "$work/dep" && ecsc app.ecs --list-outputs -o out); do
  expect "depfile: target $f" grep -q "^ *my\\\\ out/${f#out/}" "$work/dep/app.d"
done
expect "depfile: root file" grep -qx ' app.ecs \\' "$work/dep/app.d"
expect "depfile: imported file" grep -qx ' lib/common.ecs' "$work/dep/app.d"
expect "depfile: ecsc itself for std/" grep -qxF " $ecsc \\" "$work/dep/app.d"
(cd "$work/dep" && ecsc app.ecs -o out --depfile app2.d --depfile-target stamp)
expect "depfile: --depfile-target" eval "head -1 '$work/dep/app2.d' | grep -qx 'stamp: \\\\'"
rm -f "$work/dep/bad.d"
printf 'task web {\n  launch fargat\n}\n' >"$work/dep/bad.ecs"
(cd "$work/dep" && ecsc bad.ecs -o out2 --depfile bad.d 2>/dev/null)
expect "depfile: not written on failure" test ! -e "$work/dep/bad.d" -a ! -e "$work/dep/out2"

for tool in make ninja; do
  if ! command -v "$tool" >/dev/null; then bad "$tool not installed"; continue; fi
  d=$work/$tool
  mkdir -p "$d" && cp -r "$here/project/." "$d/"
  if [ "$tool" = make ]; then
    cp "$here/make-project/Makefile" "$d/"
    run() { make -C "$d" ECSC="$ecsc" >"$d.log" 2>&1; }
  else
    cp "$here/ninja-project/build.ninja" "$d/"
    run() { ninja -C "$d" >"$d.log" 2>&1; }
  fi
  ran() { grep -q 'app.ecs' "$d.log"; }      # make echoes the command, ninja "ECSC app.ecs"
  expect "$tool: first build" run
  expect "$tool: outputs written" test -f "$d/out/taskdefs/demo-web.json" -a -f "$d/web.copy"
  web=$(mtime "$d/out/taskdefs/demo-web.json") copy=$(mtime "$d/web.copy")
  tick; run
  expect "$tool: nothing touched, ecsc does not run" eval '! ran'
  tick; touch "$d/lib/common.ecs"; tick; run
  expect "$tool: touched import, ecsc runs" ran
  expect "$tool: touched import, unchanged output keeps its time" same "$web" "$(mtime "$d/out/taskdefs/demo-web.json")"
  expect "$tool: touched import, the step reading it does not re-run" same "$copy" "$(mtime "$d/web.copy")"
  tick; run
  expect "$tool: then nothing touched, ecsc does not run" eval '! ran'
  tick; touch "$d/app.ecs"; tick; run
  expect "$tool: touched root file, ecsc runs" ran
  tick; touch "$ecsc"; tick; run
  expect "$tool: touched ecsc (the embedded stdlib), ecsc runs" ran
  tick; sed -i 's/eu-west-1/eu-west-2/' "$d/lib/common.ecs"; tick; run
  expect "$tool: changed import, output follows" grep -q 'eu-west-2.amazonaws.com/web' "$d/out/taskdefs/demo-web.json"
  expect "$tool: changed import, the step reading it re-runs" grep -q 'eu-west-2.amazonaws.com/web' "$d/web.copy"
  tick; run
  expect "$tool: finally nothing to do" eval '! ran'
done
finish
