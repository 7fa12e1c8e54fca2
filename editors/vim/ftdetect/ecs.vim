" Vim filetype detection: .ecs files, the language of ecsc.
autocmd BufRead,BufNewFile *.ecs setfiletype ecs
