" Vim indent file
" Language: ECS (.ecs files, the language of the ecsc compiler)
"
" One level (shiftwidth) per open '{', '[' or '(', a level less for each
" '}', ']' or ')' that starts a line. Those inside strings and comments do not
" count.

if exists("b:did_indent")
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetEcsIndent(v:lnum)
setlocal indentkeys=0{,0},0],0),!^F,o,O
setlocal autoindent nolisp nosmartindent nocindent
let b:undo_indent = "setlocal autoindent< cindent< indentexpr< indentkeys< lisp< smartindent<"

if exists("*GetEcsIndent")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

" The line without its strings (which end on their line) and comment.
function! s:Code(line) abort
  let l = substitute(a:line, '"\%([^"\\]\|\\.\)*\%("\|\\\=$\)', '""', 'g')
  return substitute(l, '#.*$', '', '')
endfunction

" The number of '}', ']' and ')' that open the line.
function! s:LeadingClosers(line) abort
  let lead = matchstr(s:Code(a:line), '^\s*\zs[]})]\%(\s*[]})]\)*')
  return len(substitute(lead, '\s', '', 'g'))
endfunction

function! GetEcsIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  " The previous line's own closers at its start were counted on that line.
  let code = substitute(s:Code(getline(prev)), '^\s*[]})]\%(\s*[]})]\)*', '', '')
  let opens = len(substitute(code, '[^{[(]', '', 'g'))
  let closes = len(substitute(code, '[^]})]', '', 'g'))
  let ind = indent(prev) + shiftwidth() * (opens - closes - s:LeadingClosers(getline(a:lnum)))
  return ind < 0 ? 0 : ind
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
