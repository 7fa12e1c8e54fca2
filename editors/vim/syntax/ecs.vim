" Vim syntax file
" Language: ECS (.ecs files, the language of the ecsc compiler)
"
" Keywords are not reserved in the language: a word is a keyword by where
" it stands. So a declaration (task, service, ...) is highlighted at the
" start of a top-level statement (or of a statement in an environment
" block), a field (image, port, ...) at the start of a statement inside a
" block, and an option word (fargate, every, ...) among the arguments.
"
" The s:kw_* lists are generated from the compiler's tables by ecsc-vocab
" (tools/vocab.c): `cmake --build build --target editors` rewrites them.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" ---- the words of the language (generated: do not edit the lists) ----
let s:kw_declaration = [
      \ 'app', 'capacity', 'cluster', 'environment', 'import', 'load_balancer',
      \ 'param', 'role', 'schedule', 'service', 'task', 'template']
let s:kw_field = [
      \ 'accelerator', 'accept', 'access_logs', 'access_point', 'account',
      \ 'add', 'agent', 'allow', 'ami', 'arch', 'arn', 'autoprovision',
      \ 'az_rebalancing', 'blue_green', 'cap_add', 'cap_drop', 'capacity',
      \ 'command', 'connect', 'constraint', 'container', 'cooldown', 'count',
      \ 'cpu', 'credential_spec', 'credentials', 'daemon', 'default', 'deny',
      \ 'depends_on', 'desired', 'device', 'disable_networking', 'discovery',
      \ 'disk', 'dns', 'dns_search', 'driver', 'enabled', 'entrypoint', 'env',
      \ 'env_file', 'essential', 'exec', 'execution_role', 'existing',
      \ 'extra_host', 'family', 'fault_injection', 'firelens', 'gpu', 'grace',
      \ 'health', 'hostname', 'iam', 'idle_timeout', 'image', 'init',
      \ 'insights', 'instance', 'interactive', 'internal', 'internet_facing',
      \ 'ipc', 'key_pair', 'labels', 'launch', 'links', 'listen', 'logs',
      \ 'managed', 'managed_tags', 'max', 'memory', 'memory_reservation',
      \ 'min', 'mount', 'namespace', 'network', 'notify', 'on', 'options',
      \ 'param', 'pid', 'placement', 'platform', 'platform_version', 'port',
      \ 'priorities', 'privileged', 'propagate_tags', 'protect', 'proxy',
      \ 'public_ip', 'raw', 'readonly_root', 'region', 'remove', 'restart',
      \ 'retain', 'role', 'rolling', 'root', 'route', 'run', 'scale',
      \ 'schedule', 'scope', 'secret', 'security_group', 'security_groups',
      \ 'security_opt', 'shm', 'spot', 'start_timeout', 'step', 'stop_timeout',
      \ 'storage', 'subnets', 'swap', 'sysctl', 'tags', 'target', 'task',
      \ 'timezone', 'tmpfs', 'transit_encryption', 'transit_port', 'tty',
      \ 'ulimit', 'use', 'user', 'user_data', 'version_consistency', 'volume',
      \ 'volumes_from', 'vpc', 'workdir']
let s:kw_word = [
      \ 'a', 'above', 'add', 'al2', 'al2023', 'alarms', 'all_at_once', 'any',
      \ 'appmesh', 'arm64', 'as', 'at', 'awsfirelens', 'awslogs', 'awsvpc',
      \ 'az', 'bake', 'base', 'below', 'binpack', 'blocking', 'bool',
      \ 'bottlerocket', 'bridge', 'canary', 'capacity_optimized',
      \ 'capacity_optimized_prioritized', 'capacity_provider', 'cert',
      \ 'certificate', 'circuit_breaker', 'cmd', 'codedeploy', 'codes',
      \ 'complete', 'core', 'cpu', 'create', 'create_group', 'cron', 'data',
      \ 'default', 'deregistration', 'device', 'disabled', 'discovery',
      \ 'distinct_instance', 'docker', 'duration', 'dynamic', 'ebs', 'ec2',
      \ 'ecs', 'efs', 'enabled', 'every', 'exec', 'existing', 'external',
      \ 'fargate', 'fargate_spot', 'firelens', 'fixed', 'fluentbit', 'fluentd',
      \ 'for', 'forward', 'from', 'fsize', 'full', 'gelf', 'gp2', 'gp3', 'gpu',
      \ 'group', 'grpc', 'header', 'health', 'healthy', 'host', 'http',
      \ 'http2', 'https', 'ignore', 'in', 'instance', 'io1', 'io2', 'journald',
      \ 'json-file', 'key', 'kms', 'latest', 'launch_template', 'linear',
      \ 'linux', 'list', 'listener', 'listener_rule', 'locks', 'lowest_price',
      \ 'managed_instances', 'map', 'max', 'memlock', 'memory', 'method',
      \ 'min', 'mknod', 'mode', 'msgqueue', 'name', 'nice', 'nofile',
      \ 'non-blocking', 'none', 'nproc', 'number', 'on', 'on_demand', 'only',
      \ 'options', 'out', 'percent', 'period', 'port', 'prefix',
      \ 'price_capacity_optimized', 'priority', 'query', 'queue', 'random',
      \ 'read', 'readonly', 'redirect', 'remove', 'requests', 'retain',
      \ 'retries', 'rollback', 'rss', 'rtprio', 'rttime', 'secretsmanager',
      \ 'security_group_id', 'service', 'shared', 'sigpending', 'size',
      \ 'slow_start', 'source', 'splunk', 'spread', 'srv', 'ssm', 'stack',
      \ 'stage', 'standard', 'start', 'sticky', 'strategy', 'string',
      \ 'subnet_id', 'success', 'swappiness', 'syslog', 'target_group', 'task',
      \ 'tcp', 'termination_wait', 'timeout', 'timezone', 'tls', 'to', 'ttl',
      \ 'udp', 'unencrypted', 'unhealthy', 'version', 'via', 'vpc', 'vpc_id',
      \ 'weight', 'windows', 'word', 'write', 'x86_64']
let s:kw_constant = [
      \ 'false', 'true']
let s:kw_unit = [
      \ 'GiB', 'MiB', 'TiB', 'vCPU', 'vcpu', 'vcpus']
let s:kw_duration = [
      \ 'd', 'h', 'm', 's']
let s:kw_percent = [
      \ '%']
" An alternation of the words, longest first.
function! s:Alt(words) abort
  let words = sort(copy(a:words), {a, b -> len(b) - len(a)})
  return '\%(' . join(map(words, 'escape(v:val, ''.\~[]*'')'), '\|') . '\)'
endfunction

let s:word = '[A-Za-z_]\%([A-Za-z0-9_.-]*[A-Za-z0-9_]\)\='
" A word is whole when no word character touches it.
let s:before = '\%([A-Za-z0-9_.-]\)\@<!'
let s:after = '\%([A-Za-z0-9_]\|[.-]\+[A-Za-z0-9_]\)\@!'
" The start of a statement: the line's start, after ';' or ',' (outside
" lists), or after '{'.
let s:top_start = '\%(\%(^\|[;,]\)\s*\)\@<='
let s:block_start = '\%(\%(^\|[;,{]\)\s*\)\@<='
let s:num = '\%([A-Za-z0-9_]\)\@<!-\=\d\+\%(\.\d\+\)\='

" ---- items, lowest priority first: of two items starting at the same
" place, the one defined last wins ----

" any character the lexer rejects outside strings and comments
syn match ecsError "\S"
" a word that is no keyword (a name), taken whole
syn match ecsName "[A-Za-z_]\%([A-Za-z0-9_.-]*[A-Za-z0-9_]\)\="

syn match ecsArith "[-+*/]"
syn match ecsDelimiter "[,;]"
syn match ecsColon ":"
syn match ecsOperator "="
syn match ecsArrow "->"
syn match ecsRange "\.\."

" numbers; the unit of a size, a duration or a percentage is highlighted as
" a unit, another suffix (20H2) as part of the number
exe 'syn match ecsNumber "' . s:num . '\%([A-Za-z%][A-Za-z0-9]*\)\="'
exe 'syn match ecsSize "' . s:num . '\%(\s\+' . s:Alt(s:kw_unit) . '\%([A-Za-z0-9_]\)\@!\|'
      \ . s:Alt(s:kw_unit) . '\%([A-Za-z0-9]\)\@!\)" contains=ecsUnit'
exe 'syn match ecsDuration "' . s:num . s:Alt(s:kw_duration) . '\%([A-Za-z0-9]\)\@!" contains=ecsUnit'
exe 'syn match ecsPercent "' . s:num . s:Alt(s:kw_percent) . '\%([A-Za-z0-9]\)\@!" contains=ecsUnit'
syn match ecsUnit "\%(\d\s*\)\@<=[A-Za-z%][A-Za-z0-9]*" contained

" $name: a constant, a template parameter or a param
exe 'syn match ecsVariable "\$' . s:word . '"'

" option words and constants, among the arguments
exe 'syn match ecsOption "' . s:before . s:Alt(s:kw_word) . s:after . '"'
exe 'syn match ecsBoolean "' . s:before . s:Alt(s:kw_constant) . s:after . '"'

" fields start statements inside blocks; keys start assignments (in maps,
" and constants at the top level)
exe 'syn match ecsField "' . s:block_start . s:Alt(s:kw_field) . s:after . '" contained'
exe 'syn match ecsKey "' . s:block_start . s:word . '\ze\s*="'

" declarations start top-level statements, with the declared name
exe 'syn match ecsDeclaration "' . s:top_start . s:Alt(s:kw_declaration) . s:after
      \ . '" nextgroup=ecsDeclName skipwhite'
exe 'syn match ecsDeclName "' . s:word . '" contained'
" in an environment block, statements are declarations (or `add` and one)
exe 'syn match ecsEnvDeclaration "\%(\%(^\|[;,{]\)\s*\%(add\s\+\)\=\)\@<=' . s:Alt(s:kw_declaration) . s:after
      \ . '" contained nextgroup=ecsDeclName skipwhite'

" strings end on their line; \n \t \r \" \\ \$ are the escapes; ${name}
" is interpolation, another '${' an error
syn region ecsString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline
      \ contains=ecsEscape,ecsEscapeError,ecsInterpolation,ecsInterpolationError,@Spell
syn match ecsEscapeError +\\\%(.\|$\)+ contained
syn match ecsEscape +\\[ntr"\\$]+ contained
syn match ecsInterpolationError +\${+ contained
exe 'syn match ecsInterpolation "\${' . s:word . '}" contained contains=ecsInterpolationDelim,ecsInterpolationName'
syn match ecsInterpolationDelim "\${\|}" contained
exe 'syn match ecsInterpolationName "\%(\${\)\@<=' . s:word . '" contained'

syn keyword ecsTodo TODO FIXME XXX NOTE contained
syn match ecsComment "#.*$" contains=ecsTodo,@Spell

" blocks, environment blocks, lists and ( arithmetic )
syn cluster ecsValues contains=ecsError,ecsName,ecsArith,ecsDelimiter,ecsColon,ecsOperator,ecsArrow,
      \ecsRange,ecsNumber,ecsSize,ecsDuration,ecsPercent,ecsVariable,ecsOption,ecsBoolean,ecsString,
      \ecsComment,ecsBlock,ecsList,ecsParen
syn region ecsBlock matchgroup=ecsBrace start="{" end="}" contains=@ecsValues,ecsField,ecsKey fold
syn region ecsEnvBlock matchgroup=ecsBrace start="\%(^\s*environment\s\+\S\+\s*\)\@<={" end="}"
      \ contains=@ecsValues,ecsField,ecsKey,ecsEnvDeclaration fold
syn region ecsList matchgroup=ecsBracket start="\[" end="\]" contains=@ecsValues fold
syn region ecsParen matchgroup=ecsParens start="(" end=")" contains=@ecsValues

syn sync minlines=200

hi def link ecsError              Error
hi def link ecsArith              Operator
hi def link ecsDelimiter          Delimiter
hi def link ecsColon              Delimiter
hi def link ecsOperator           Operator
hi def link ecsArrow              Operator
hi def link ecsRange              Operator
hi def link ecsNumber             Number
hi def link ecsSize               Number
hi def link ecsDuration           Number
hi def link ecsPercent            Number
hi def link ecsUnit               Special
hi def link ecsOption             Type
hi def link ecsBoolean            Boolean
hi def link ecsField              Statement
hi def link ecsKey                Identifier
hi def link ecsDeclaration        Structure
hi def link ecsDeclName           Function
hi def link ecsEnvDeclaration     Structure
hi def link ecsVariable           Identifier
hi def link ecsString             String
hi def link ecsEscape             SpecialChar
hi def link ecsEscapeError        Error
hi def link ecsInterpolationDelim Delimiter
hi def link ecsInterpolation      Special
hi def link ecsInterpolationError Error
hi def link ecsInterpolationName  Identifier
hi def link ecsTodo               Todo
hi def link ecsComment            Comment
hi def link ecsBrace              Delimiter
hi def link ecsBracket            Delimiter
hi def link ecsParens             Delimiter

let b:current_syntax = "ecs"

let &cpo = s:cpo_save
unlet s:cpo_save
