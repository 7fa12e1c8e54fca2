#!/usr/bin/env bash
# cli_test.sh ECSC EXAMPLES WORK - the command line: options, exit codes,
# -D parameters, I/O errors, and the promise that a failed run leaves the
# output folder exactly as it was.
set -u
ecsc=$1 examples=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
pass=0 fail=0
check() {   # check NAME EXPECTED_RC GREP_PATTERN -- command...
  local name=$1 want=$2 pat=$3; shift 4
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; cat "$work/err.txt"; fail=$((fail + 1)); return
  fi
  if [ -n "$pat" ] && ! grep -qE -- "$pat" "$work/out.txt" "$work/err.txt"; then
    echo "FAIL $name: output lacks /$pat/"; cat "$work/out.txt" "$work/err.txt"; fail=$((fail + 1)); return
  fi
  pass=$((pass + 1))
}

check version 0 '^ecsc [0-9]+\.[0-9]+\.[0-9]+$' -- "$ecsc" --version
check help 0 'usage: ecsc' -- "$ecsc" --help
check no-input 2 'no input file' -- "$ecsc"
check unknown-option 2 "unknown option '?--frobnicate" -- "$ecsc" --frobnicate x.ecs
check two-inputs 2 'one input file' -- "$ecsc" a.ecs b.ecs --check
check missing-file 2 "cannot open 'nope.ecs'" -- "$ecsc" --check nope.ecs
check directory 2 'is a directory' -- "$ecsc" --check "$work"
check no-output 2 'say where to write' -- "$ecsc" "$examples/shop.ecs"
check bad-define 2 'NAME=VALUE' -- "$ecsc" -D account "$examples/shop.ecs" --check
check bad-color 2 'auto, always or never' -- "$ecsc" --color=sometimes "$examples/shop.ecs" --check
check check-only 0 '' -- "$ecsc" --check "$examples/shop.ecs"
[ -e out ] && { echo "FAIL check-only wrote output"; fail=$((fail + 1)); }

# -D supplies what the app block lacks, and overrides it.
cat >"$work/d.ecs" <<'ECS'
app demo { region "eu-west-1" }
task api {
  launch fargate
  cpu 256
  memory 512 MiB
  container api { image "nginx:1.25" }
}
ECS
check needs-account 1 'error\[E0201\]' -- "$ecsc" --check "$work/d.ecs"
check define-account 0 '' -- "$ecsc" -D account=210987654321 -Dregion=us-east-2 "$work/d.ecs" -o "$work/d-out"
grep -q 'arn:aws:iam::210987654321:role/demo-api-execution' "$work/d-out/taskdefs/demo-api.json" &&
  grep -q '"awslogs-region": "us-east-2"' "$work/d-out/taskdefs/demo-api.json" &&
  pass=$((pass + 1)) || { echo "FAIL define-account: -D values not used"; fail=$((fail + 1)); }

# --params FILE: NAME=VALUE lines, comments and blank lines ignored; -D after it wins.
printf '# deploy-time values\naccount=210987654321\n\nregion=eu-central-1\n' >"$work/p.txt"
check params-file 0 '' -- "$ecsc" --params "$work/p.txt" -D region=us-east-2 "$work/d.ecs" -o "$work/p-out"
grep -q 'arn:aws:iam::210987654321:role/demo-api-execution' "$work/p-out/taskdefs/demo-api.json" &&
  grep -q '"awslogs-region": "us-east-2"' "$work/p-out/taskdefs/demo-api.json" &&
  pass=$((pass + 1)) || { echo "FAIL params-file: values not used"; fail=$((fail + 1)); }
printf 'account\n' >"$work/bad-params.txt"
check params-bad-line 2 'bad-params.txt:1: expected NAME=VALUE' -- "$ecsc" --params "$work/bad-params.txt" --check "$work/d.ecs"
check params-missing 2 'cannot open params file' -- "$ecsc" --params "$work/none.txt" --check "$work/d.ecs"

# Unchanged outputs are not rewritten: the modification time stays.
touch -d '2000-01-01' "$work/d-out/taskdefs/demo-api.json"
"$ecsc" -D account=210987654321 -D region=us-east-2 "$work/d.ecs" -o "$work/d-out" 2>/dev/null
[ "$(date -r "$work/d-out/taskdefs/demo-api.json" +%Y)" = 2000 ] && pass=$((pass + 1)) ||
  { echo "FAIL unchanged output was rewritten"; fail=$((fail + 1)); }

# An output path that cannot be a folder: I/O error, exit 2, nothing created.
touch "$work/file"
check output-not-folder 2 "is not a folder|cannot create" -- "$ecsc" "$examples/shop.ecs" -o "$work/file/sub"

# A broken input leaves an existing output folder untouched (bytes and times).
mkdir -p "$work/keep/taskdefs" && echo old >"$work/keep/taskdefs/shop-web.json"
touch -d '2000-01-01' "$work/keep/taskdefs/shop-web.json"
printf 'task web {\n  launch fargat\n}\n' >"$work/broken.ecs"
check broken-input 1 'error\[E0107\]' -- "$ecsc" "$work/broken.ecs" -o "$work/keep"
if [ "$(cat "$work/keep/taskdefs/shop-web.json")" = old ] &&
   [ "$(date -r "$work/keep/taskdefs/shop-web.json" +%Y)" = 2000 ] &&
   [ "$(find "$work/keep" -type f | wc -l)" -eq 1 ]; then
  pass=$((pass + 1))
else
  echo "FAIL broken input changed the output folder"; fail=$((fail + 1))
fi

# Colour only when asked (or on a terminal).
check color-always 1 $'\033\\[' -- "$ecsc" --color=always --check "$work/broken.ecs"
check color-never 1 '' -- "$ecsc" --color=never --check "$work/broken.ecs"
grep -q $'\033' "$work/err.txt" && { echo "FAIL colour without a terminal"; fail=$((fail + 1)); }

# --max-errors stops reporting and says so.
for i in 1 2 3 4 5; do printf 'bogus%d x {}\n' "$i"; done >"$work/many.ecs"
check max-errors 1 'too many errors' -- "$ecsc" --max-errors=2 --check "$work/many.ecs"
[ "$(grep -c 'error\[' "$work/err.txt")" -eq 2 ] && pass=$((pass + 1)) ||
  { echo "FAIL --max-errors=2 showed $(grep -c 'error\[' "$work/err.txt") errors"; fail=$((fail + 1)); }

# -Werror turns warnings into errors.
cat >"$work/w.ecs" <<'ECS'
app demo { region "eu-west-1"; account "123456789012" }
task api {
  launch fargate
  cpu 256
  memory 512 MiB
  container api {
    image "nginx:1.25"
    env { API_TOKEN = "hunter2" }
  }
}
ECS
check warning 0 'warning\[W0001\]' -- "$ecsc" --check "$work/w.ecs"
check werror 1 'error\[W0001\]' -- "$ecsc" -Werror --check "$work/w.ecs"

# AWS quotas are warnings that name the quota, so every size compiles:
# 101 services on one load balancer (100 rules) and a stack over 500 resources.
{
  printf 'app big { region "eu-west-1"; account "123456789012" }\n'
  printf 'param vpc vpc_id\nparam subnets [subnet_id]\n'
  printf 'load_balancer public { vpc vpc; subnets subnets; listen 80 http }\n'
  for i in $(seq 1 101); do
    printf 'task t%d { launch fargate; cpu 256; memory 512 MiB\n  container app { image "nginx:1.25"; port 80 } }\n' "$i"
    printf 'service s%d { task t%d; subnets subnets; route public "/s%d/*" priority %d to app:80 }\n' "$i" "$i" "$i" "$i"
  done
} >"$work/big.ecs"
check quotas 0 'warning\[W0055\].*101 listener rules' -- "$ecsc" --emit=taskdefs,cfn "$work/big.ecs" -o "$work/big-out"
grep -q 'warning\[W0056\].*resources; CloudFormation' "$work/err.txt" && pass=$((pass + 1)) ||
  { echo "FAIL no W0056 for a stack over 500 resources"; cat "$work/err.txt"; fail=$((fail + 1)); }
# -Werror also applies to the warning raised while the template is built.
{
  printf 'app big { region "eu-west-1"; account "123456789012" }\nparam subnets [subnet_id]\n'
  for i in $(seq 1 130); do
    printf 'task t%d { launch fargate; cpu 256; memory 512 MiB\n  container app { image "nginx:1.25" } }\n' "$i"
    printf 'service s%d { task t%d; subnets subnets }\n' "$i" "$i"
  done
} >"$work/wide.ecs"
check quotas-werror 1 'error\[W0056\]' -- "$ecsc" -Werror --emit=taskdefs,cfn "$work/wide.ecs" -o "$work/wide-werror"
[ -e "$work/wide-werror" ] && { echo "FAIL -Werror on an emit warning wrote output"; fail=$((fail + 1)); }

# Limits (docs/diagnostics.md "Limits").  An unreadable input is an I/O
# problem, exit 2; /proc/self/mem opens but cannot be read, even by root.
check unreadable 2 "cannot read '/proc/self/mem'" -- "$ecsc" --check /proc/self/mem
# An empty file compiles to nothing: exit 0, no output (at most ecsc's manifest).
: >"$work/empty.ecs"
check empty-file 0 '' -- "$ecsc" "$work/empty.ecs" -o "$work/empty-out"
[ -n "$(find "$work/empty-out" -type f ! -name .ecsc-manifest 2>/dev/null)" ] &&
  { echo "FAIL empty file produced output"; fail=$((fail + 1)); }
# Over 16 MiB: E0007 and exit 1, without reading it (a sparse file).
truncate -s 17M "$work/huge.ecs"
check too-large 1 "error\[E0007\]: '.*huge.ecs' has 17825792 bytes" -- "$ecsc" --check "$work/huge.ecs"
# The disk fills up halfway (a file-size limit, which stops root too): exit
# 2, and the folder is exactly as before: the same names, and files with the
# same sizes, inodes and times (a folder's own time shows the temporary file).
"$ecsc" "$examples/shop.ecs" -o "$work/fsz" 2>/dev/null
snap() { find "$work/fsz" \( -type f -printf '%P %i %s %T@\n' \) -o -printf '%P/\n' | sort; }
snap >"$work/fsz.before"
check disk-full 2 'cannot write .*File too large' -- bash -c 'ulimit -f 1; exec "$0" "$@"' \
    "$ecsc" -D account=210987654321 "$examples/shop.ecs" -o "$work/fsz"
snap >"$work/fsz.after"
cmp -s "$work/fsz.before" "$work/fsz.after" ||
  { echo "FAIL disk-full changed the output folder"; diff "$work/fsz.before" "$work/fsz.after"; fail=$((fail + 1)); }

# A large build (about 8 MB: more than the writer thread's 4 MiB ring, so
# the ring wraps and the compiler's thread writes files too) is written
# whole, the same on every run, and a file-size limit reached in the middle
# of it (the template) leaves nothing behind, the new folders' twins included.
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/../../bench/gen_shop" 220 --params "$work/shop.params" >"$work/shop.ecs"
big=(-D account=123456789012 --params "$work/shop.params" "$work/shop.ecs")
check large 0 '' -- "$ecsc" "${big[@]}" -o "$work/large/a"
check large-again 0 '' -- "$ecsc" "${big[@]}" -o "$work/large/b"
check large-taskdefs 0 '' -- "$ecsc" --emit=taskdefs "${big[@]}" -o "$work/large/t"
check large-services 0 '' -- "$ecsc" --emit=services "${big[@]}" -o "$work/large/s"
diff -r "$work/large/a" "$work/large/b" >/dev/null && pass=$((pass + 1)) ||
  { echo "FAIL two runs of the large build differ"; fail=$((fail + 1)); }
check large-whole 0 'files whole' -- python3 "$here/check_large_output.py" \
    "$work/large/a" "$work/large/t" "$work/large/s"
mkdir -p "$work/large/full"
check large-disk-full 2 'cannot write .*template.json.*File too large' -- \
    bash -c 'ulimit -f 1024; exec "$0" "$@"' "$ecsc" "${big[@]}" -o "$work/large/full/out"
[ -z "$(ls -A "$work/large/full" 2>/dev/null)" ] ||
  { echo "FAIL a failed large build left:"; ls -A "$work/large/full"; fail=$((fail + 1)); }

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
