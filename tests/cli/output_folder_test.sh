#!/usr/bin/env bash
# output_folder_test.sh ECSC WORK SRC - the output folder is a security
# boundary (issue 13): planted folder and file links, FIFOs and device nodes
# where outputs, the manifest or the depfile go, an edited manifest, names
# with Make's special characters in a depfile read by a real `make`, builds
# killed with SIGKILL and SIGTERM at many points while they replace a large
# build (old or new, never a mix; no leftovers after the next run), and two
# builds into one folder at once.  Every ecsc run has a timeout, so a
# regression that blocks fails instead of hanging CI.
set -u
ecsc=$1 work=$2 src=$3
. "$src/tests/buildsys/lib.sh"
rm -rf "$work" && mkdir -p "$work"
cd "$work"
T=20                                    # seconds any one ecsc run may take
run() { timeout -s KILL $T "$ecsc" "$@"; }
# A picture of a folder: every path with its type, and each file's bytes.
snap() { (cd "$1" && find . -printf '%p %y\n' | sort && find . -type f -print0 | sort -z |
          xargs -0r md5sum); }
leftovers() { find "$work" -maxdepth 2 -name '.*.ecsc-*' | grep -q .; }

cp -r "$src/tests/buildsys/project" p
cd p

# --- links planted below OUTDIR -------------------------------------------------------
run app.ecs -o out >/dev/null || bad "first build"
mkdir -p ../victim && echo precious >../victim/demo-web.json
rm -rf out/taskdefs && ln -s ../../victim out/taskdefs
before=$(snap out; snap ../victim)
run app.ecs -o out 2>err.txt
expect "folder link: exit 2" test $? -eq 2
expect "folder link: says so" grep -q "out/taskdefs' is a symbolic link" err.txt
expect "folder link: nothing written through it, nothing changed" same "$before" "$(snap out; snap ../victim)"
rm out/taskdefs && run app.ecs -o out || bad "rebuild"
ln -sf ../../victim/demo-web.json out/taskdefs/demo-worker.json
before=$(snap out; snap ../victim)
run app.ecs -o out 2>err.txt
expect "file link at an output: exit 2" test $? -eq 2
expect "file link at an output: nothing changed" same "$before" "$(snap out; snap ../victim)"
rm out/taskdefs/demo-worker.json && run app.ecs -o out || bad "rebuild"

# A link to a folder elsewhere and a manifest line through it: with the
# task gone from the source, nothing outside is removed.
mkdir -p ../victim/cfn && echo precious >../victim/cfn/x.json
ln -s ../../victim/cfn out/elsewhere
h=$(grep -v '^#' out/.ecsc-manifest | head -1 | cut -d' ' -f1-2)
printf '%s elsewhere/x.json\n' "$h" >>out/.ecsc-manifest
run app.ecs -o out --emit=taskdefs || bad "build with a link beside the outputs"
expect "manifest through a link: the file outside stays" test -f ../victim/cfn/x.json
expect "a link beside the outputs is kept, as a link" test -L out/elsewhere
rm out/elsewhere && run app.ecs -o out || bad "rebuild"

# The output folder named on the command line may be a link: its target
# is written (the user chose it); the link stays a link.
mkdir -p ../real && ln -sfn ../real linked
run app.ecs -o linked || bad "OUTDIR a link: build"
expect "OUTDIR a link: the link stays" test -L linked
expect "OUTDIR a link: written in its target" test -f ../real/taskdefs/demo-web.json

# --- FIFOs and devices --------------------------------------------------------------------
before=$(snap out)
mkfifo out/taskdefs/demo-new.json 2>/dev/null
rm out/taskdefs/demo-new.json
rm out/taskdefs/demo-web.json && mkfifo out/taskdefs/demo-web.json
before=$(snap out)
run app.ecs -o out 2>err.txt
expect "FIFO at an output: exit 2 (no hang)" test $? -eq 2
expect "FIFO at an output: says so" grep -q "is a FIFO" err.txt
expect "FIFO at an output: left alone" test -p out/taskdefs/demo-web.json
expect "FIFO at an output: nothing changed" same "$before" "$(snap out)"
rm out/taskdefs/demo-web.json
mv out/.ecsc-manifest manifest.keep && mkfifo out/.ecsc-manifest
run app.ecs -o out 2>err.txt
expect "FIFO as the manifest: exit 2 (no hang)" test $? -eq 2
expect "FIFO as the manifest: left alone" test -p out/.ecsc-manifest
rm out/.ecsc-manifest && mv manifest.keep out/.ecsc-manifest
mkfifo dep.fifo
run app.ecs -o out --depfile dep.fifo 2>err.txt
expect "FIFO as --depfile: exit 2 (no hang)" test $? -eq 2
expect "FIFO as --depfile: left alone" test -p dep.fifo
run app.ecs -o out --list-outputs --depfile dep.fifo >/dev/null 2>err.txt
expect "FIFO as --depfile with --list-outputs: exit 2" test $? -eq 2
run app.ecs -o out --depfile /dev/null 2>err.txt
expect "/dev/null as --depfile: exit 2" test $? -eq 2
expect "/dev/null as --depfile: says so" grep -q "'/dev/null' is a character device" err.txt
expect "/dev/null is still a device" test -c /dev/null
run app.ecs -o out --list-outputs --depfile /dev/null >/dev/null 2>&1
expect "/dev/null as --depfile with --list-outputs: exit 2" test $? -eq 2
expect "/dev/null is still a device (2)" test -c /dev/null
if [ "$(id -u)" = 0 ]; then
  rm -f out/taskdefs/demo-web.json && mknod out/taskdefs/demo-web.json c 1 3
  run app.ecs -o out 2>err.txt
  expect "device node at an output: exit 2" test $? -eq 2
  expect "device node at an output: left alone" test -c out/taskdefs/demo-web.json
  rm out/taskdefs/demo-web.json
fi
run app.ecs -o out || bad "rebuild after the special files"
expect "nothing left beside the folder" eval '! leftovers'

# --- the manifest is input, not trust -------------------------------------------------
echo mine >out/notes.txt
echo mine >out/taskdefs/mine.json
worker=$(grep ' taskdefs/demo-worker.json$' out/.ecsc-manifest | cut -d' ' -f1-2)
{ echo "0123456789abcdef 5 notes.txt"          # a guess at the user's file
  echo "taskdefs/mine.json"                    # an older manifest's line
  echo "$worker taskdefs/mine.json"            # another file's hash and size
} >>out/.ecsc-manifest
echo edited >>out/cfn/fragments/task-worker.json    # ecsc's, then edited
sed '/^task worker {/,/^}/d' app.ecs >app2.ecs
run app2.ecs -o out || bad "build without worker"
expect "edited manifest: the user's file stays" test -f out/notes.txt
expect "edited manifest: the user's file among outputs stays" test -f out/taskdefs/mine.json
expect "stale and unchanged: removed" test ! -e out/taskdefs/demo-worker.json
expect "stale but edited: kept" grep -q edited out/cfn/fragments/task-worker.json
expect "the edited lines are gone from the new manifest" eval '! grep -q "mine\|notes" out/.ecsc-manifest'
rm out/notes.txt out/taskdefs/mine.json out/cfn/fragments/task-worker.json

# --- the depfile, read by make ---------------------------------------------------------
cd "$work" && mkdir -p mk && cp -r "$src/tests/buildsys/project/." mk/ && cd mk
odd='lib/odd name #1 $x:y%.ecs'
mv lib/common.ecs "$odd"
sed -i "s|\"./lib/common.ecs\"|\"./$odd\"|" app.ecs
printf -- '-include app.d\nout/.ecsc-manifest: app.ecs\n\t%s app.ecs -o out --depfile app.d\n' \
  "$ecsc" >Makefile
if command -v make >/dev/null; then
  timeout $T make -s >make.log 2>&1
  expect "make: first build" test $? -eq 0 -a -f out/taskdefs/demo-web.json
  timeout $T make -s >make.log 2>&1
  expect "make: then nothing to do" eval '! grep -q ecsc make.log && ! test -s make.log'
  tick; touch "$odd"; tick
  timeout $T make >make.log 2>&1
  expect "make: the odd import changed, ecsc runs" grep -q 'ecsc' make.log
  timeout $T make -pq 2>/dev/null | grep -F 'odd name' >prereq.txt
  expect "make: reads the odd name whole" grep -qF "$PWD/$odd" prereq.txt -e "$odd"
else
  bad "make is not installed"
fi
# A root file with a line break in its name: refused, nothing written, no
# recipe injected.
nl=$'evil\nall:;touch INJECTED\n.ecs'
cp app.ecs "$nl"
run "$nl" -o out2 --depfile nl.d 2>err.txt
expect "line break in a name: exit 2" test $? -eq 2
expect "line break in a name: says so" grep -q 'line break' err.txt
expect "line break in a name: no depfile, no output" test ! -e nl.d -a ! -e out2
cp app.ecs 'semi;colon.ecs'
run 'semi;colon.ecs' -o out2 --depfile nl.d 2>err.txt
expect "';' in a name: exit 2" test $? -eq 2
timeout $T make -s >/dev/null 2>&1
expect "make: no injected recipe ran" test ! -e INJECTED

# --- killed builds ---------------------------------------------------------------------
# A build of 300 services (about 1500 files) replaced by another, killed at
# many points: the folder is the old build or the new one, whole, each time.
cd "$work" && mkdir -p big && cd big
python3 "$src/bench/gen_shop" 300 --params p1.txt >v1.ecs
sed 's/nginx:1\.25/nginx:1.27/; s/8080/8081/g' v1.ecs >v2.ecs
cp p1.txt p2.txt
run v1.ecs -o ref1 --params p1.txt || bad "reference build v1"
run v2.ecs -o ref2 --params p2.txt || bad "reference build v2"
s1=$(snap ref1) s2=$(snap ref2)
expect "the two builds differ" differ "$s1" "$s2"
run v1.ecs -o out --params p1.txt || bad "first big build"
mixed=0 dead=0
for i in $(seq 1 40); do
  v=$(( i % 2 + 1 ))
  "$ecsc" v$v.ecs -o out --params p$v.txt 2>/dev/null &
  pid=$!
  sleep "0.0$(( (i * 37) % 100 ))"          # 0 to 99 ms: before, during and after the swap
  if [ $((i % 4)) = 0 ]; then kill -TERM $pid 2>/dev/null; else kill -KILL $pid 2>/dev/null; fi
  wait $pid 2>/dev/null; rc=$?
  [ $rc -ge 128 ] && dead=$((dead + 1))
  [ $((i % 4)) = 0 ] && [ $rc != 0 ] && [ $rc != 143 ] && bad "SIGTERM at $i: exit $rc, not 143"
  now=$(snap out)
  [ "$now" = "$s1" ] || [ "$now" = "$s2" ] || { mixed=$((mixed + 1)); echo "mixed after kill $i"; }
  if [ $((i % 4)) = 0 ] && [ $rc = 143 ] && [ -e .out.ecsc-new.$pid ]; then
    bad "SIGTERM at $i left its staging folder"
  fi
done
expect "killed builds: old or new every time ($dead of 40 killed)" test $mixed -eq 0
expect "killed builds: most runs were killed" test $dead -ge 20
run v1.ecs -o out --params p1.txt || bad "build after the kills"
expect "the next run removes every leftover" eval '! leftovers'
expect "and writes the whole build" same "$s1" "$(snap out)"

# --- two builds at once ----------------------------------------------------------------
for i in 1 2 3 4 5; do
  run v1.ecs -o out --params p1.txt 2>e1.txt & a=$!
  run v2.ecs -o out --params p2.txt 2>e2.txt & b=$!
  wait $a; ra=$?; wait $b; rb=$?
  expect "concurrent builds $i: both succeed" test $ra -eq 0 -a $rb -eq 0
  now=$(snap out)
  expect "concurrent builds $i: one whole build" eval '[ "$now" = "$s1" ] || [ "$now" = "$s2" ]'
done
expect "concurrent builds: no leftovers" eval '! leftovers'
# The lock is on the folder above OUTDIR: held by someone else, a run waits
# at most ECSC_LOCK_WAIT seconds, then says so (a small build, so that it
# reaches the lock at once even under a sanitizer).
cd "$work/p"
flock -o "$work/p" sleep 4 & holder=$!
sleep 0.3
ECSC_LOCK_WAIT=0.5 run app.ecs -o out 2>err.txt
expect "lock held: exit 2 after the wait" test $? -eq 2
expect "lock held: says so" grep -q 'another ecsc is writing' err.txt
run app.ecs -o out
expect "lock held: a run with the default wait succeeds when it is free" test $? -eq 0
wait $holder
finish
