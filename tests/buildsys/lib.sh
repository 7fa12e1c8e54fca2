# lib.sh - shared by the build-system tests: counters, checks, file times.
# Each script ends with `finish`, which prints "N passed, M failed".
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
# expect NAME COMMAND...: passes when the command succeeds.
expect() {
  local name=$1; shift
  if "$@"; then ok; else bad "$name"; fi
}
# The modification time with nanoseconds, or "missing".
mtime() { stat -c %y "$1" 2>/dev/null || echo missing; }
# Linux stamps files from a coarse clock (a few ms): wait a tick between a
# change and the build that must see it.
tick() { sleep 0.05; }
same() { [ "$1" = "$2" ]; }
differ() { [ "$1" != "$2" ]; }
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
