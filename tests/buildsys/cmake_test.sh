#!/usr/bin/env bash
# cmake_test.sh ECSC_BUILD_DIR WORK - installs ecsc from its build tree into
# WORK/prefix, then builds tests/buildsys/cmake-project (find_package(ecsc),
# ecsc_generate) with Ninja and with Unix Makefiles: ecsc runs when the root
# file or an imported file changes and not otherwise, unchanged outputs keep
# their time (so the step reading one does not re-run), the declared outputs
# follow the source, and a broken source fails the build without touching
# the outputs.
set -u
build=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work" && mkdir -p "$work"

if ! cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1; then
  cat "$work/install.log"; bad "cmake --install"; finish; exit
fi
p=$work/prefix
for f in bin/ecsc share/man/man1/ecsc.1 share/ecsc/stdlib/sizes.ecs lib/cmake/ecsc/ecscConfig.cmake \
         lib/cmake/ecsc/ecscConfigVersion.cmake lib/cmake/ecsc/ecscGenerate.cmake; do
  expect "installed $f" test -f "$p/$f"
done
expect "installed share/ecsc/editors/" test -d "$p/share/ecsc/editors"
for d in "$here"/../../editors/*/; do
  expect "installed editors/$(basename "$d")" test -d "$p/share/ecsc/editors/$(basename "$d")"
done

for gen in Ninja "Unix Makefiles"; do
  if [ "$gen" = Ninja ] && ! command -v ninja >/dev/null; then bad "ninja not installed"; continue; fi
  tag=${gen// /-}
  src=$work/$tag/src b=$work/$tag/build
  mkdir -p "$src"
  cp -r "$here/project/." "$here/cmake-project/CMakeLists.txt" "$src/"
  run() { cmake --build "$b" >"$work/$tag/build.log" 2>&1; }
  ran() { grep -q 'ecsc: generating app' "$work/$tag/build.log"; }
  if ! cmake -S "$src" -B "$b" -G "$gen" -DCMAKE_PREFIX_PATH="$p" >"$work/$tag/configure.log" 2>&1; then
    cat "$work/$tag/configure.log"; bad "$tag: configure"; continue
  fi
  expect "$tag: first build" run
  expect "$tag: ecsc ran" ran
  expect "$tag: outputs written" test -f "$b/gen/taskdefs/demo-web.json" -a -f "$b/gen/cfn/template.json"
  (cd "$src" && "$p/bin/ecsc" --emit=taskdefs,cfn --list-outputs -o "$b/gen" app.ecs) >"$work/$tag/listed.txt"
  expect "$tag: declared outputs = --list-outputs" cmp -s "$work/$tag/listed.txt" "$b/declared-outputs.txt"

  manifest=$(mtime "$b/gen/.ecsc-manifest") web=$(mtime "$b/gen/taskdefs/demo-web.json")
  copy=$(mtime "$b/web.copy")
  tick; run
  expect "$tag: nothing touched, ecsc does not run" eval '! ran'
  expect "$tag: nothing touched, manifest kept" same "$manifest" "$(mtime "$b/gen/.ecsc-manifest")"

  tick; touch "$src/lib/common.ecs"; tick
  expect "$tag: build after touching the import" run
  expect "$tag: touched import, ecsc runs" ran
  expect "$tag: touched import, manifest renewed" differ "$manifest" "$(mtime "$b/gen/.ecsc-manifest")"
  expect "$tag: touched import, unchanged output keeps its time" same "$web" "$(mtime "$b/gen/taskdefs/demo-web.json")"
  expect "$tag: touched import, the step reading it does not re-run" same "$copy" "$(mtime "$b/web.copy")"
  tick; run
  expect "$tag: then nothing touched, ecsc does not run" eval '! ran'

  tick; touch "$src/app.ecs"; tick; run
  expect "$tag: touched root file, ecsc runs" ran

  tick; sed -i 's/eu-west-1/eu-west-2/' "$src/lib/common.ecs"; tick
  expect "$tag: build after changing the import" run
  expect "$tag: changed import, output follows" grep -q 'eu-west-2.amazonaws.com/web' "$b/gen/taskdefs/demo-web.json"
  expect "$tag: changed import, the step reading it re-runs" grep -q 'eu-west-2.amazonaws.com/web' "$b/web.copy"

  # A new task is a new output: CMake re-runs and declares it; removing the
  # task removes the file.
  tick; printf '\ntask extra {\n  launch fargate\n  cpu 256\n  memory 512 MiB\n  container x { image "busybox:1" }\n}\n' >>"$src/app.ecs"; tick
  expect "$tag: build with a new task" run
  expect "$tag: new task written" test -f "$b/gen/taskdefs/demo-extra.json"
  expect "$tag: new task declared" grep -q 'gen/taskdefs/demo-extra.json$' "$b/declared-outputs.txt"
  tick; sed -i '/^task extra {/,$d' "$src/app.ecs"; tick
  expect "$tag: build without the task" run
  expect "$tag: removed task's output is gone" test ! -e "$b/gen/taskdefs/demo-extra.json"
  expect "$tag: removed task no longer declared" eval "! grep -q demo-extra '$b/declared-outputs.txt'"

  # A broken source fails the build and leaves the outputs as they were.
  cp "$src/app.ecs" "$work/$tag/app.ecs.good"
  web=$(mtime "$b/gen/taskdefs/demo-web.json")
  tick; sed -i 's/launch fargate/launch fargat/' "$src/app.ecs"; tick
  expect "$tag: broken source fails the build" eval '! run'
  expect "$tag: broken source names the error" grep -q 'E0107' "$work/$tag/build.log"
  expect "$tag: broken source leaves outputs" same "$web" "$(mtime "$b/gen/taskdefs/demo-web.json")"
  tick; cp "$work/$tag/app.ecs.good" "$src/app.ecs"; tick
  expect "$tag: fixed source builds again" run
done
finish
