/* parse_ctx.h - state shared by the lexer and the parser of one file. */
#ifndef ECSC_SYNTAX_PARSE_CTX_H
#define ECSC_SYNTAX_PARSE_CTX_H

#include "base/strbuf.h"
#include "diag/diag.h"
#include "syntax/ast.h"

enum { PARSE_MAX_DEPTH = 64 };      /* nesting of { } and [ ] */

typedef struct ParseCtx {
    Arena *arena;
    DiagEngine *diag;
    uint32_t file;
    const char *text;
    uint32_t len;
    uint32_t offset;                /* lexer: byte offset of the next token */
    StrBuf sbuf;                    /* lexer: string literal being read */
    uint32_t str_start;
    char nest[PARSE_MAX_DEPTH];     /* lexer: open brackets, '{' or '[' */
    Span nest_span[PARSE_MAX_DEPTH];/* lexer: where each was opened */
    uint32_t bad_offset;            /* first invalid byte (already reported), or UINT32_MAX */
    int depth;
    bool too_deep;
    bool pending_sep;               /* lexer: a newline seen, not yet returned */
    AstFile *result;
} ParseCtx;

#endif
