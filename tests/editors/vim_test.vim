" vim_test.vim - the Vim mode's tests, run by vim_test.sh in `vim -es` with
" editors/vim first in 'runtimepath'. $ECS_REPO is the repository, $ECS_LOG
" the file that receives the report. Quits with an error status on failure.

let s:repo = $ECS_REPO
let s:log = []
let s:passed = 0
let s:failed = 0

function! s:Check(ok, name, ...) abort
  if a:ok
    let s:passed += 1
    call add(s:log, 'ok   - ' . a:name)
  else
    let s:failed += 1
    call add(s:log, 'FAIL - ' . a:name)
    for l:detail in a:000
      call add(s:log, '         ' . l:detail)
    endfor
  endif
endfunction

function! s:Group(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 1), 'name')
endfunction

" The categories of the shared sample, as Vim syntax groups.
let s:groups = {
      \ 'declaration': ['ecsDeclaration', 'ecsEnvDeclaration'], 'declname': 'ecsDeclName', 'field': 'ecsField',
      \ 'key': 'ecsKey', 'option': 'ecsOption', 'constant': 'ecsBoolean', 'name': 'ecsName',
      \ 'number': 'ecsNumber', 'size': 'ecsSize', 'duration': 'ecsDuration',
      \ 'percent': 'ecsPercent', 'unit': 'ecsUnit', 'string': 'ecsString',
      \ 'escape': 'ecsEscape', 'bad-escape': 'ecsEscapeError',
      \ 'interpolation-delim': 'ecsInterpolationDelim',
      \ 'interpolation-name': 'ecsInterpolationName', 'comment': 'ecsComment',
      \ 'todo': 'ecsTodo', 'arrow': 'ecsArrow', 'range': 'ecsRange', 'colon': 'ecsColon',
      \ 'assign': 'ecsOperator', 'separator': 'ecsDelimiter', 'brace': 'ecsBrace',
      \ 'bracket': 'ecsBracket', 'error': 'ecsError', 'none': '',
      \ 'variable': 'ecsVariable', 'interpolation-error': 'ecsInterpolationError',
      \ 'arith': 'ecsArith', 'paren': 'ecsParens'}

" ---- detection and the filetype plugin ----
execute 'edit ' . fnameescape(s:repo . '/tests/editors/sample.ecs')
call s:Check(&filetype ==# 'ecs', 'a .ecs file has filetype ecs', 'filetype: ' . &filetype)
call s:Check(&commentstring ==# '# %s', 'commentstring is "# %s"', 'commentstring: ' . &commentstring)
call s:Check(&indentexpr =~# 'GetEcsIndent', 'indentexpr is GetEcsIndent()', 'indentexpr: ' . &indentexpr)
call s:Check(exists('b:current_syntax') && b:current_syntax ==# 'ecs', 'the ecs syntax is loaded')

" ---- the annotated sample: each caret's group ----
let s:src = 0
for s:lnum in range(1, line('$'))
  let s:line = getline(s:lnum)
  let s:m = matchlist(s:line, '^#\(\s*\)\(\^\+\)\s\+\(\S\+\)\s*$')
  if empty(s:m)
    let s:src = s:lnum
    continue
  endif
  let s:want = get(s:groups, s:m[3], '?' . s:m[3])
  let s:wants = type(s:want) == v:t_list ? s:want : [s:want]
  let s:first = 1 + len(s:m[1]) + 1
  let s:bad = []
  for s:col in range(s:first, s:first + len(s:m[2]) - 1)
    let s:got = s:Group(s:src, s:col)
    if index(s:wants, s:got) < 0
      call add(s:bad, printf('column %d: %s, expected %s', s:col, s:got ==# '' ? '(none)' : s:got, join(map(copy(s:wants), 'v:val ==# "" ? "(none)" : v:val'), ' or ')))
    endif
  endfor
  call s:Check(empty(s:bad), printf('sample.ecs:%d: %s at %d-%d is %s', s:src, string(strpart(getline(s:src), s:first - 1, len(s:m[2]))), s:first, s:first + len(s:m[2]) - 1, s:m[3]),
        \ printf("line %d: %s", s:src, getline(s:src)))
  if !empty(s:bad)
    call extend(s:log, map(s:bad, '"         " . v:val'))
  endif
endfor

" ---- every word of grammar/keywords.def in its place ----
let s:kw = {}
for s:line in readfile(s:repo . '/grammar/keywords.def')
  let s:m = matchlist(s:line, '^KW(\s*\(\w\+\)\s*,\s*"\([^"]\+\)"\s*)')
  if !empty(s:m)
    let s:kw[s:m[1]] = get(s:kw, s:m[1], []) + [s:m[2]]
  endif
endfor
enew!
setfiletype ecs
" lines, and the checks [line, column, group] on them
let s:lines = []
let s:checks = []
for s:w in get(s:kw, 'declaration', [])
  call add(s:lines, s:w . ' name {')
  call add(s:checks, [len(s:lines), 1, 'ecsDeclaration', s:w])
  call add(s:lines, '}')
endfor
call add(s:lines, 'task all {')
for s:w in get(s:kw, 'field', [])
  call add(s:lines, '  ' . s:w)
  call add(s:checks, [len(s:lines), 3, 'ecsField', s:w])
endfor
for [s:cat, s:group] in [['word', 'ecsOption'], ['constant', 'ecsBoolean']]
  for s:w in get(s:kw, s:cat, [])
    call add(s:lines, '  x ' . s:w)
    call add(s:checks, [len(s:lines), 5, s:group, s:w])
  endfor
endfor
for [s:cat, s:group, s:prefixes] in [['unit', 'ecsSize', ['1 ', '12']], ['duration', 'ecsDuration', ['30']], ['percent', 'ecsPercent', ['50']]]
  for s:w in get(s:kw, s:cat, [])
    for s:p in s:prefixes
      call add(s:lines, '  x ' . s:p . s:w)
      call add(s:checks, [len(s:lines), 5, s:group, s:p . s:w])
      call add(s:checks, [len(s:lines), 5 + len(s:p), 'ecsUnit', s:p . s:w])
    endfor
  endfor
endfor
call add(s:lines, '}')
call setline(1, s:lines)
let s:bad = []
for [s:lnum, s:col, s:want, s:w] in s:checks
  let s:got = s:Group(s:lnum, s:col)
  if s:got !=# s:want
    call add(s:bad, printf('%s (line %d, column %d): %s, expected %s', s:w, s:lnum, s:col, s:got ==# '' ? '(none)' : s:got, s:want))
  endif
endfor
call s:Check(!empty(s:checks) && empty(s:bad), printf('every word of keywords.def in its place (%d checks)', len(s:checks)), s:bad[:20]->join("\n         "))

" ---- nothing marked as an error in the files the compiler accepts ----
let s:files = sort(globpath(s:repo . '/examples', '**/*.ecs', 0, 1) + globpath(s:repo . '/stdlib', '*.ecs', 0, 1))
call filter(s:files, 'v:val !~# "/expected/"')
call s:Check(!empty(s:files), 'examples/ and stdlib/ have .ecs files')
for s:file in s:files
  execute 'edit! ' . fnameescape(s:file)
  let s:bad = []
  for s:lnum in range(1, line('$'))
    for s:col in range(1, len(getline(s:lnum)))
      let s:got = s:Group(s:lnum, s:col)
      if s:got =~# 'Error$'
        call add(s:bad, printf('%d:%d: %s', s:lnum, s:col, s:got))
      endif
    endfor
  endfor
  call s:Check(&filetype ==# 'ecs' && empty(s:bad), fnamemodify(s:file, ':s?' . s:repo . '/??') . ': nothing marked as an error', s:bad[:20]->join("\n         "))
endfor

" ---- indentation: indent.ecs, flattened and reindented ----
let s:expected = readfile(s:repo . '/tests/editors/indent.ecs')
enew!
setfiletype ecs
call setline(1, map(copy(s:expected), 'substitute(v:val, "^\\s\\+", "", "")'))
normal! gg=G
let s:got = getline(1, '$')
let s:bad = []
for s:i in range(len(s:expected))
  if get(s:got, s:i, '<missing>') !=# s:expected[s:i]
    call add(s:bad, printf('line %d: got %s, expected %s', s:i + 1, string(get(s:got, s:i, '<missing>')), string(s:expected[s:i])))
  endif
endfor
if len(s:got) != len(s:expected) | call add(s:bad, printf('%d lines, expected %d', len(s:got), len(s:expected))) | endif
call s:Check(empty(s:bad), 'indent.ecs reindents to itself (gg=G)', s:bad[:20]->join("\n         "))

" the indentation of a new line after an opening brace
enew!
setfiletype ecs
call setline(1, ['task web {', '  container app {'])
call s:Check(GetEcsIndent(3) == 4, 'a line after "{" is indented one more level', 'indent: ' . GetEcsIndent(3))

call add(s:log, printf('%d passed, %d failed', s:passed, s:failed))
call writefile(s:log, $ECS_LOG)
if s:failed
  cquit!
endif
qall!
