/* context.c - the cursor's surroundings in the text (context.h). */
#include "lsp/context.h"

#include <string.h>

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.' || (unsigned char)c >= 0x80;
}

static void push_word(CtxStmt *st, const char *w, size_t n)
{
    if (st->nwords == CTX_MAX_WORDS)
        return;
    if (n >= CTX_WORD)
        n = CTX_WORD - 1;
    memcpy(st->words[st->nwords], w, n);
    st->words[st->nwords][n] = '\0';
    st->nwords++;
}

void context_at(const char *text, uint32_t len, uint32_t offset, Context *cx)
{
    memset(cx, 0, sizeof *cx);
    if (offset > len)
        offset = len;
    int nest = 0;       /* open [ and ( within the current statement */
    int skipped = 0;    /* blocks deeper than CTX_MAX_DEPTH */
    uint32_t i = 0;
    while (i < offset) {
        char c = text[i];
        if (c == '#') {
            while (i < offset && text[i] != '\n')
                i++;
            continue;
        }
        if (c == '"') {
            uint32_t lo = i++;
            while (i < offset && text[i] != '"' && text[i] != '\n')
                i += text[i] == '\\' && i + 1 < offset ? 2 : 1;
            if (i >= offset) {
                cx->in_string = true;
                cx->word_lo = lo + 1;
                cx->word_hi = offset;
                return;
            }
            if (text[i] == '"')
                i++;
            push_word(&cx->cur, "\"", 1);   /* a value, not a word */
            continue;
        }
        if (word_char(c)) {
            uint32_t lo = i;
            while (i < len && word_char(text[i]))
                i++;
            if (i >= offset) {          /* the word under the cursor */
                cx->word_lo = lo;
                cx->word_hi = i;
                return;
            }
            push_word(&cx->cur, text + lo, i - lo);
            continue;
        }
        if ((c == '\n' || c == ';') && nest == 0) {
            cx->cur.nwords = 0;
            cx->after_eq = false;
        } else if (c == '[' || c == '(') {
            nest++;
        } else if ((c == ']' || c == ')') && nest > 0) {
            nest--;
        } else if (c == '=') {
            cx->after_eq = true;
        } else if (c == '{') {
            if (cx->depth < CTX_MAX_DEPTH)
                cx->open[cx->depth++] = cx->cur;
            else
                skipped++;
            cx->cur.nwords = 0;
            cx->after_eq = false;
            nest = 0;
        } else if (c == '}') {
            if (skipped)
                skipped--;
            else if (cx->depth)
                cx->depth--;
            cx->cur.nwords = 0;
            cx->after_eq = false;
            nest = 0;
        }
        i++;
    }
    /* the cursor at the start of a word */
    uint32_t hi = offset;
    while (hi < len && word_char(text[hi]))
        hi++;
    cx->word_lo = offset;
    cx->word_hi = hi;
}

static const BlockDef *block_named(const char *name)
{
    for (size_t b = 0; b < decode_nblocks; b++)
        if (strcmp(decode_blocks[b]->name, name) == 0)
            return decode_blocks[b];
    return NULL;
}

/* The block a statement opens, from its words. */
static const BlockDef *opened_by(const CtxStmt *st, const BlockDef *outer)
{
    if (st->nwords == 0)
        return NULL;
    const char *h = st->words[0];
    if (strcmp(h, "add") == 0 && st->nwords > 1)
        h = st->words[1];
    if (strcmp(h, "volume") == 0) {
        for (int i = 1; i < st->nwords; i++) {
            if (strcmp(st->words[i], "docker") == 0)
                return &decode_docker_block;
            if (strcmp(st->words[i], "efs") == 0)
                return &decode_efs_block;
        }
        return NULL;
    }
    if (outer) {
        /* a field whose value is a block (env { … }) opens no block of fields,
           except container in a task */
        if (outer == &decode_task_block && strcmp(h, "container") == 0)
            return &decode_container_block;
        return NULL;
    }
    if (strcmp(h, "container") == 0)
        return &decode_container_block;
    return block_named(h);
}

const BlockDef *context_block(const Context *cx, bool *top, bool *templ)
{
    const BlockDef *b = NULL;
    *top = true;
    *templ = false;
    for (int i = 0; i < cx->depth; i++) {
        const CtxStmt *st = &cx->open[i];
        const char *h = st->nwords ? st->words[0] : "";
        if (*top && strcmp(h, "environment") == 0)
            continue;           /* its statements are top-level ones */
        if (*top && strcmp(h, "template") == 0) {
            *templ = true;
            *top = false;
            continue;
        }
        b = opened_by(st, *templ && !b ? NULL : b);
        *top = false;
        if (!b && !*templ)
            return NULL;
    }
    return b;
}

const FieldDef *context_field(const BlockDef *block, const char *head)
{
    for (size_t i = 0; block && i < block->nfields; i++)
        if (strcmp(block->fields[i].name, head) == 0)
            return &block->fields[i];
    return NULL;
}

const DeclDef *context_decl(const char *head)
{
    for (size_t i = 0; i < decode_ndecls; i++)
        if (strcmp(decode_decls[i].name, head) == 0)
            return &decode_decls[i];
    return NULL;
}
