#!/bin/bash
# import_test.sh ECSC SRC WORK [--sanitized] - the command line of `ecsc import`: stdin,
# -o (written whole, left alone on error), exit statuses, describe output,
# and hostile input (huge, deep, not UTF-8, NUL, wrong types), each within
# a time and memory limit.  Then the inputs of tests/import/cases: each
# imports to exactly its .ecs and that compiles (with its .args).
ecsc=$(realpath "$1") src=$2 work=$3
vmem=1048576 limit=10
[ "$4" = --sanitized ] && vmem=unlimited limit=120   # ASan reserves terabytes of address space, and is slow
rm -rf "$work" && mkdir -p "$work" || exit 2
fail=0 pass=0

# check NAME STATUS REGEX -- COMMAND...: the exit status, and REGEX in stderr
# (an empty REGEX: stderr must be empty).  10 s and 1 GiB at most (under
# ASan: 120 s and no memory limit).
check() {
  local name=$1 want=$2 re=$3
  shift 4
  local err rc
  err=$( (ulimit -v "$vmem"; timeout "$limit" "$@") 2>&1 >"$work/$name.out")
  rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; echo "$err" | head -5; fail=$((fail + 1)); return
  fi
  if { [ -z "$re" ] && [ -n "$err" ]; } || { [ -n "$re" ] && ! grep -Eq "$re" <<<"$err"; }; then
    echo "FAIL $name: stderr does not match '$re':"; echo "$err" | head -5; fail=$((fail + 1)); return
  fi
  pass=$((pass + 1))
}

td='{"family":"web","containerDefinitions":[{"name":"app","image":"nginx:1.27","memory":256}]}'
printf '%s\n' "$td" >"$work/td.json"

check help 0 '' -- "$ecsc" import --help
check no-input 2 'no input file' -- "$ecsc" import
check bad-option 2 'unknown option --bogus' -- "$ecsc" import --bogus "$work/td.json"
check missing 2 'cannot read .*nope.json' -- "$ecsc" import "$work/nope.json"
check folder 2 'cannot read' -- "$ecsc" import "$work"
check bad-app 2 'not a name' -- "$ecsc" import --app 'a b' "$work/td.json"
check ecs-params-no-value 2 '\-\-ecs-params needs a value' -- "$ecsc" import "$work/td.json" --ecs-params
check compose-tasks-bad 2 'say --compose-tasks=one or --compose-tasks=each' -- "$ecsc" import --compose-tasks=all "$work/td.json"
check stdout 0 '' -- "$ecsc" import "$work/td.json"
grep -q '^task web {' "$work/stdout.out" || { echo "FAIL stdout: no task"; fail=$((fail + 1)); }
check stdin 0 '' -- bash -c "printf '%s' '$td' | \"\$0\" import -" "$ecsc"
cmp -s "$work/stdout.out" <(sed 's/from .*td.json\./from <stdin>./' "$work/stdin.out") ||
  grep -q 'from <stdin>' "$work/stdin.out" || { echo "FAIL stdin output"; fail=$((fail + 1)); }

# -o writes the file whole; an error leaves an existing file as it was.
check out 0 '' -- "$ecsc" import "$work/td.json" -o "$work/app.ecs"
check compiles 0 'warning\[W0002\]' -- "$ecsc" --check "$work/app.ecs"
cp "$work/app.ecs" "$work/app.before"
printf '{"family": 1, "containerDefinitions": [{"name": "a", "image": "b"}]}' >"$work/bad.json"
check no-family 1 'error\[E0042\]: .*"family"' -- "$ecsc" import "$work/td.json" "$work/bad.json" -o "$work/app.ecs"
cmp -s "$work/app.ecs" "$work/app.before" || { echo "FAIL an error changed -o's file"; fail=$((fail + 1)); }
ls "$work" | grep -q 'ecsc-tmp' && { echo "FAIL a temporary file was left"; fail=$((fail + 1)); }
# -o through a symbolic link replaces the link, never writes its target.
echo keep >"$work/target"
ln -s "$work/target" "$work/link.ecs"
check out-link 0 '' -- "$ecsc" import "$work/td.json" -o "$work/link.ecs"
[ "$(cat "$work/target")" = keep ] || { echo "FAIL -o wrote through a link"; fail=$((fail + 1)); }
# -o never replaces what is not a regular file (a device, a FIFO, a folder).
mkfifo "$work/fifo"
check out-fifo 2 'cannot write .*fifo: not a regular file' -- "$ecsc" import "$work/td.json" -o "$work/fifo"
[ -p "$work/fifo" ] || { echo "FAIL -o replaced a FIFO"; fail=$((fail + 1)); }
mkdir "$work/folder.ecs"
check out-folder 2 'cannot write .*folder.ecs' -- "$ecsc" import "$work/td.json" -o "$work/folder.ecs"
# The same input gives the same bytes.
"$ecsc" import "$work/td.json" -o "$work/again.ecs" && cmp -s "$work/app.before" "$work/again.ecs" ||
  { echo "FAIL not deterministic"; fail=$((fail + 1)); }

# describe-task-definition output: unwrapped, read-only keys named.
printf '{"taskDefinition":{"family":"web","revision":3,"status":"ACTIVE","taskDefinitionArn":"arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3","containerDefinitions":[{"name":"app","image":"nginx","memory":128}]},"tags":[{"key":"team","value":"web"}]}' >"$work/described.json"
check described 0 'warning\[W0040\]: read-only keys .*: taskDefinitionArn, revision, status' -- \
  "$ecsc" import "$work/described.json" -o "$work/described.ecs"
grep -q 'tags { team = "web" }' "$work/described.ecs" || { echo "FAIL described: tags"; fail=$((fail + 1)); }

# A service whose task definition is not among the inputs names it (the
# family outlives the JSON it was read from).
printf '{"cluster":"shop","serviceName":"shop-api","taskDefinition":"web","desiredCount":1}' >"$work/svc.json"
check service-alone 0 "warning\[W0043\]: task definition 'web' was not among the inputs" -- \
  "$ecsc" import "$work/svc.json" -o "$work/svc.ecs"

# Hostile input.
check not-json 1 'error\[E0040\]: 1:12: this is not valid JSON' -- bash -c 'printf "{\"family\": x}" | "$0" import -' "$ecsc"
check not-format 1 'error\[E0041\]' -- bash -c 'echo "{\"cluster\": \"prod\"}" | "$0" import -' "$ecsc"
check yaml 0 '' -- bash -c 'printf "services:\n  web:\n    image: nginx\n" | "$0" import -' "$ecsc"
check yaml-other 1 'error\[E0041\]' -- bash -c 'printf "key: value\n" | "$0" import -' "$ecsc"
check empty 1 'error\[E0041\]' -- "$ecsc" import /dev/null
printf '[' >"$work/huge.json" && truncate -s 17M "$work/huge.json"
check huge 1 'error\[E0040\]: the input is 4194305 bytes; at most 4194304 are read' -- "$ecsc" import "$work/huge.json"
python3 -c 'print("[" * 200000 + "]" * 200000)' >"$work/deep.json"
check deep 1 'error\[E0040\]: .*more than 64 deep' -- "$ecsc" import "$work/deep.json"
printf '{"family":"w\xff","containerDefinitions":[]}' >"$work/latin1.json"
check not-utf8 1 'error\[E0040\]: 1:13: the input is not UTF-8 \(byte 0xff\)' -- "$ecsc" import "$work/latin1.json"
printf '{"family":"w"}\0' >"$work/nul.json"
check nul 1 'error\[E0040\]: the input holds a NUL byte' -- "$ecsc" import "$work/nul.json"
check containers-string 1 'error\[E0042\]: containerDefinitions is a string, not a list' -- \
  bash -c 'echo "{\"family\":\"w\",\"containerDefinitions\":\"app\"}" | "$0" import -' "$ecsc"
check env-object 1 'error\[E0042\]: containerDefinitions\[0\].environment is an object, not a list' -- \
  bash -c 'echo "{\"family\":\"w\",\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"b\",\"environment\":{\"A\":\"1\"}}]}" | "$0" import -' "$ecsc"
check no-containers 1 'error\[E0042\]: .*non-empty list' -- \
  bash -c 'echo "{\"family\":\"w\",\"containerDefinitions\":[]}" | "$0" import -' "$ecsc"
# A wide document: 20000 containers' worth of environment, fast.
python3 -c '
import json
env = [{"name": "V%d" % i, "value": "x" * 50} for i in range(20000)]
print(json.dumps({"family": "w", "containerDefinitions": [{"name": "a", "image": "b", "memory": 64, "environment": env}]}))' >"$work/wide.json"
check wide 0 '' -- "$ecsc" import "$work/wide.json" -o "$work/wide.ecs"
# Control characters in strings, odd numbers, wrong scalar types: warnings, never a crash.
printf '{"family":"w","containerDefinitions":[{"name":"a","image":"b\\u0001c","memory":1e300,"cpu":-1,"essential":"yes","command":["x",1]}]}' >"$work/odd.json"
check odd 0 'warning\[W0042\]: a string holds control characters' -- "$ecsc" import "$work/odd.json" -o "$work/odd.ecs"
# Numbers are spelled as .ecs spells them: no exponent (1e300 is digits).
grep -Eq '^ +memory += 10{300}$' "$work/odd.ecs" || { echo "FAIL odd: 1e300 not spelled in digits"; fail=$((fail + 1)); }

# formatted NAME FILE: what import wrote is in the canonical layout.
formatted() {
  "$ecsc" fmt --check "$2" >/dev/null 2>"$work/fmt.err" ||
    { echo "FAIL $1: the import is not formatted (ecsc fmt --check)"; head -3 "$work/fmt.err"; fail=$((fail + 1)); }
}
for f in stdout.out stdin.out app.ecs described.ecs wide.ecs odd.ecs; do
  formatted "$f" "$work/$f"
done

# The cases: tests/import/cases/NAME.json (or the files NAME.inputs lists)
# import to exactly NAME.ecs, which passes `ecsc fmt --check` and compiles with NAME.args; the services it
# writes are exactly NAME.services.json (rewritten with ECSC_UPDATE_GOLDEN=1).
cases="$src/tests/import/cases"
for want in "$cases"/*.ecs; do
  name=$(basename "$want" .ecs)
  inputs=("$name.json")
  [ -f "$cases/$name.inputs" ] && read -ra inputs <"$cases/$name.inputs"
  if ! (cd "$cases" && "$ecsc" import "${inputs[@]}" -o "$work/$name.ecs" 2>"$work/$name.import.err"); then
    echo "FAIL case $name: import failed"; cat "$work/$name.import.err"; fail=$((fail + 1)); continue
  fi
  [ -n "$ECSC_UPDATE_GOLDEN" ] && cp "$work/$name.ecs" "$want"
  if ! diff -u "$want" "$work/$name.ecs"; then
    echo "FAIL case $name: the import differs from $want"; fail=$((fail + 1)); continue
  fi
  formatted "case $name" "$work/$name.ecs"
  args=()
  [ -f "$cases/$name.args" ] && read -ra args <"$cases/$name.args"
  if ! "$ecsc" --color=never "${args[@]}" "$want" -o "$work/$name.out" 2>"$work/$name.err"; then
    echo "FAIL case $name: does not compile"; cat "$work/$name.err"; fail=$((fail + 1)); continue
  fi
  if [ -d "$work/$name.out/services" ]; then
    cat "$work/$name.out/services/"*.json >"$work/$name.services.json"
    [ -n "$ECSC_UPDATE_GOLDEN" ] && cp "$work/$name.services.json" "$cases/$name.services.json"
    if ! diff -u "$cases/$name.services.json" "$work/$name.services.json"; then
      echo "FAIL case $name: the services differ"; fail=$((fail + 1)); continue
    fi
  fi
  pass=$((pass + 1))
done

# ecsc's own output imports back to itself: each example (those built without
# arguments) compiled, its task definitions imported with the example's app
# name, compiled again: the same task definitions, byte for byte.
for ex in "$src"/examples/*.ecs; do
  name=$(basename "$ex" .ecs)
  [ -f "${ex%.ecs}.args" ] && continue
  app=$(grep -m1 -oE '^app [A-Za-z0-9_-]+' "$ex" | cut -d' ' -f2)
  dir="$work/example-$name"
  if "$ecsc" "$ex" --emit=taskdefs -o "$dir/first" 2>/dev/null &&
     "$ecsc" import ${app:+--app "$app"} "$dir"/first/taskdefs/*.json -o "$dir/back.ecs" 2>"$dir/import.err" &&
     "$ecsc" fmt --check "$dir/back.ecs" >"$dir/fmt.err" 2>&1 &&
     "$ecsc" "$dir/back.ecs" --emit=taskdefs -o "$dir/second" 2>"$dir/second.err" &&
     diff -r "$dir/first/taskdefs" "$dir/second/taskdefs"; then
    pass=$((pass + 1))
  else
    echo "FAIL example $name: import of its task definitions does not compile back to them"
    cat "$dir/import.err" "$dir/second.err" 2>/dev/null | head -10
    fail=$((fail + 1))
  fi
done

echo "import: $pass passed, $fail failed"
[ "$fail" = 0 ]
