/* parse_ctx.h - state shared by the lexer and the parser of one file. */
#ifndef ECSC_SYNTAX_PARSE_CTX_H
#define ECSC_SYNTAX_PARSE_CTX_H

#include "base/strbuf.h"
#include "diag/diag.h"
#include "syntax/ast.h"

/* Limits of one source file; each has its own diagnostic (docs/diagnostics.md,
   "Limits").  The file size itself is checked by the driver (E0007). */
enum {
    PARSE_MAX_DEPTH = 64,           /* nesting of { } and [ ] (E0005) */
    PARSE_MAX_STRING = 64 * 1024,   /* bytes of one string literal (E0008) */
    PARSE_MAX_DECLS = 100000,       /* top-level statements of one file (E0009) */
};

typedef struct ParseCtx {
    Arena *arena;
    DiagEngine *diag;
    uint32_t file;
    const char *text;
    uint32_t len;
    uint32_t offset;                /* lexer: byte offset of the next token */
    StrBuf sbuf;                    /* lexer: string literal being read */
    uint32_t str_start;
    Vec str_parts;                  /* lexer: pieces and ${…} holes of the string */
    size_t piece_from;              /* lexer: where the current literal piece starts in sbuf */
    char nest[PARSE_MAX_DEPTH];     /* lexer: open brackets, '{' or '[' */
    Span nest_span[PARSE_MAX_DEPTH];/* lexer: where each was opened */
    uint32_t bad_offset;            /* first invalid byte (already reported), or UINT32_MAX */
    int depth;
    bool too_deep;
    bool pending_sep;               /* lexer: a newline seen, not yet returned */
    bool stmt_start;                /* lexer: the next token starts a statement */
    bool cut;                       /* lexer: PARSE_MAX_DECLS passed; read no further */
    uint32_t decls;                 /* lexer: top-level statements so far */
    AstFile *result;
} ParseCtx;

#endif
