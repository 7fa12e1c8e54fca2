/* parse.h - source text to syntax tree.  The only module that sees the
   flex and bison types. */
#ifndef ECSC_SYNTAX_PARSE_H
#define ECSC_SYNTAX_PARSE_H

#include "diag/diag.h"
#include "syntax/ast.h"

/* Parses file `file` of `sm`.  Always returns a tree (possibly partial);
   problems are reported to `diag`. */
AstFile *parse_file(Arena *a, DiagEngine *diag, const SourceMap *sm, uint32_t file);

#endif
