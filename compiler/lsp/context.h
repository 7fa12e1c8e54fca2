/* context.h - what the cursor is in, read from the text before it: the
 * chain of blocks (by the statements that open them), the statement's
 * words so far and the word under the cursor.  Read from the text, not
 * the syntax tree, because while typing the statement is rarely
 * complete. */
#ifndef ECSC_LSP_CONTEXT_H
#define ECSC_LSP_CONTEXT_H

#include "sema/decode.h"

#include <stdbool.h>
#include <stdint.h>

enum { CTX_MAX_DEPTH = 8, CTX_MAX_WORDS = 8, CTX_WORD = 128 };

typedef struct CtxStmt {
    int nwords;
    char words[CTX_MAX_WORDS][CTX_WORD];    /* the leading words of a statement */
} CtxStmt;

typedef struct Context {
    int depth;                      /* open blocks */
    CtxStmt open[CTX_MAX_DEPTH];    /* the statement that opened each (the innermost last) */
    CtxStmt cur;                    /* the current statement's complete words before the cursor */
    bool in_string;                 /* inside "…" */
    bool after_eq;                  /* after `=` (an assignment's value) */
    uint32_t word_lo, word_hi;      /* the word (or string) around the cursor */
} Context;

/* The context at byte `offset` of `text`. */
void context_at(const char *text, uint32_t len, uint32_t offset, Context *cx);

/* The block the cursor is in: its table, or NULL at the top level, in a
   map (`env { … }`), a template or an environment; *top is true at the
   top level (also directly inside `environment`). */
const BlockDef *context_block(const Context *cx, bool *top, bool *templ);

/* The table of the field or declaration `head` in `block` (NULL: top). */
const FieldDef *context_field(const BlockDef *block, const char *head);
const DeclDef *context_decl(const char *head);

#endif
