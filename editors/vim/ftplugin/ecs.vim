" Vim filetype plugin
" Language: ECS (.ecs files, the language of the ecsc compiler)

if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

setlocal commentstring=#\ %s
setlocal comments=:#
setlocal formatoptions-=t formatoptions+=croql
" words of the language contain '-' (log-router, json-file)
setlocal iskeyword+=-
let b:undo_ftplugin = "setlocal commentstring< comments< formatoptions< iskeyword<"

" The style of the examples: two spaces, no tabs (g:ecs_recommended_style = 0
" to keep your own).
if get(g:, 'ecs_recommended_style', 1)
  setlocal expandtab shiftwidth=2 softtabstop=2
  let b:undo_ftplugin .= " expandtab< shiftwidth< softtabstop<"
endif

let &cpo = s:cpo_save
unlet s:cpo_save
