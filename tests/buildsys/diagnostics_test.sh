#!/usr/bin/env bash
# diagnostics_test.sh ECSC WORK - --diagnostics-format: json lines parse and
# carry the documented keys; the SARIF log validates against the SARIF 2.1.0
# JSON schema (npm packages pinned in tests/buildsys/package-lock.json,
# installed by tests/buildsys/setup.sh) and says what the text says.
set -u
ecsc=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
rm -rf "$work" && mkdir -p "$work/lib"
if ! sh "$here/setup.sh"; then bad "setup.sh"; finish; exit; fi
check() { node "$here/check_diagnostics.mjs" "$@"; }
cd "$work"

# Errors in two files, with notes (placed and not); then a warning.
cat >lib/common.ecs <<'ECS'
registry = "example.com"
task broken {
  launch fargate
  cpu 256
  memory 512 MiB
  container x { image "x:1"; imag "y" }
}
ECS
cat >app.ecs <<'ECS'
import "./lib/common.ecs"
app demo { region "eu-west-1"; account "123456789012" }
task web {
  launch fargat
  cpu 256
  memory 512 MiB
  container web { image "nginx:1" }
}
ECS
cat >"my warn.ecs" <<'ECS'
app demo { region "eu-west-1"; account "123456789012" }
task web {
  launch fargate
  cpu 256
  memory 512 MiB
  container web { image "nginx:1"; env { DB_PASSWORD = "hunter2" } }
}
ECS

"$ecsc" --check --color=never app.ecs 2>text.txt
ntext=$(grep -cE '^[^ ].*: (error|warning)\[' text.txt)
"$ecsc" --check --diagnostics-format=json app.ecs 2>json.txt
expect "json: exit 1" test $? -eq 1
njson=$(check json json.txt) || bad "json: lines check"
expect "json: one line per diagnostic ($njson, text has $ntext)" test "${njson:-0}" -eq "$ntext" -a "$ntext" -ge 2
expect "json: the error in the imported file" grep -q '"file":"lib/common.ecs","range":{"start":{"line":6,"column":30}' json.txt
expect "json: exact first object" eval "grep -qF '{\"file\":\"app.ecs\",\"range\":{\"start\":{\"line\":4,\"column\":10},\"end\":{\"line\":4,\"column\":16}},\"severity\":\"error\",\"code\":\"E0107\",\"message\":\"unknown launch type '\\''fargat'\\''\",\"notes\":[{\"file\":null,\"range\":null,\"message\":\"did you mean' json.txt"
"$ecsc" --check --diagnostics-format=json "my warn.ecs" 2>warn.txt
expect "json: a warning, exit 0" test $? -eq 0
n=$(check json warn.txt) || bad "json warning: lines check"
expect "json: the warning" grep -q '"severity":"warning","code":"W0001"' warn.txt

"$ecsc" --check --diagnostics-format sarif app.ecs 2>sarif.json
expect "sarif: exit 1" test $? -eq 1
nsarif=$(check sarif sarif.json) || bad "sarif: schema check"
expect "sarif: one result per diagnostic ($nsarif)" test "${nsarif:-0}" -eq "$ntext"
expect "sarif: region of the first error" grep -qF '"region":{"startLine":4,"startColumn":10,"endLine":4,"endColumn":16}' sarif.json
expect "sarif: a note as a related location" grep -qF '"relatedLocations":[{"id":0,"message":{"text":"did you mean' sarif.json
"$ecsc" --check --diagnostics-format=sarif "my warn.ecs" 2>warn.json
n=$(check sarif warn.json) || bad "sarif warning: schema check"
expect "sarif: the warning" grep -qF '"ruleId":"W0001","ruleIndex":0,"level":"warning"' warn.json
expect "sarif: a file name with a space is a URI" grep -q '"uri":"my%20warn.ecs"' warn.json
"$ecsc" --check --diagnostics-format=sarif -Werror "my warn.ecs" 2>werror.json
expect "sarif -Werror: exit 1" test $? -eq 1
n=$(check sarif werror.json) || bad "sarif -Werror: schema check"
expect "sarif -Werror: the warning is an error" grep -qF '"ruleId":"W0001","ruleIndex":0,"level":"error"' werror.json

# Nothing to report: still one valid log, exit 0.
cat >ok.ecs <<'ECS'
import "std/sizes"
app demo { region "eu-west-1"; account "123456789012" }
task web {
  launch fargate
  cpu 256
  memory 512 MiB
  container web { image "nginx:1" }
}
ECS
"$ecsc" --diagnostics-format=sarif ok.ecs -o out 2>clean.json
expect "sarif clean: exit 0" test $? -eq 0
expect "sarif clean: valid, no results" test "$(check sarif clean.json)" = 0
"$ecsc" --diagnostics-format=json ok.ecs -o out 2>clean.txt
expect "json clean: nothing written" test ! -s clean.txt
ex=$here/../../examples
"$ecsc" $(cat "$ex/payments.args") --diagnostics-format=sarif "$ex/payments.ecs" -o envs 2>envs.json
expect "sarif --all-envs: one valid log" test "$(check sarif envs.json)" = 0
"$ecsc" --check --diagnostics-format=xml ok.ecs 2>/dev/null
expect "bad format: exit 2" test $? -eq 2
finish
