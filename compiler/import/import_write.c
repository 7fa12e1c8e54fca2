/* import_write.c - printing the tree of `ecsc import` (import.h) as .ecs
   in the canonical layout of the examples: two-space indents; in a run of
   one-line statements the values start in one column (and in a map the
   `=` signs line up); a map block that fits on a line is written inline
   (`env { A = "1", B = "2" }`); a blank line before each top-level
   declaration. */
#include "import/import.h"

#include <string.h>

#define INLINE_WIDTH 100        /* longest line an inline block may make */

static void indent(StrBuf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        strbuf_puts(out, "  ");
}

/* `# TEXT`: a comment ends at the end of its line, so a control character
   of the text (a newline in a JSON key that a note quotes) is written as
   an escape (\n, \x01). */
static void put_comment(StrBuf *out, const char *text)
{
    strbuf_puts(out, "# ");
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p >= 0x20 && *p != 0x7f)
            strbuf_putc(out, (char)*p);
        else if (*p == '\n')
            strbuf_puts(out, "\\n");
        else if (*p == '\t')
            strbuf_puts(out, "\\t");
        else
            strbuf_printf(out, "\\x%02x", *p);
    }
}

static void put_comments(const Vec *comments, int depth, StrBuf *out)
{
    VEC_EACH(const char *, c, *comments) {
        indent(out, depth);
        put_comment(out, c);
        strbuf_putc(out, '\n');
    }
}

/* The arguments after the head, each preceded by a space. */
static size_t args_width(const ImportNode *n)
{
    size_t w = 0;
    VEC_EACH(const char *, a, n->args)
        w += 1 + strlen(a);
    return w;
}

/* Whether a block can be written inline: `{ A = "1", B = "2" }` (a map)
   or `cluster { existing "x"; insights false }` (app and cluster, at most
   three fields), with no
   comments and no blocks inside. */
static bool block_inlinable(const ImportNode *n)
{
    if (!n->has_block)
        return false;
    bool fields = false;
    VEC_EACH(const ImportNode *, c, n->children) {
        if (c->comments.len || c->trailing || c->has_block)
            return false;
        fields = fields || !c->assign;
    }
    /* fields inline only in the small blocks the examples write so */
    return !fields || (n->children.len <= 3 && strcmp(n->head, "app") == 0);
}

static size_t inline_block_width(const ImportNode *n)
{
    if (n->children.len == 0)
        return 3;               /* " {}" */
    size_t w = 4;               /* " { " ... " }" */
    VEC_EACH(const ImportNode *, c, n->children)
        w += strlen(c->head) + (c->assign ? 3 : 0) + args_width(c) + 2;
    return w;
}

static void put_inline_block(const ImportNode *n, StrBuf *out)
{
    if (n->children.len == 0) {
        strbuf_puts(out, " {}");
        return;
    }
    strbuf_puts(out, " { ");
    int i = 0;
    VEC_EACH(const ImportNode *, c, n->children) {
        strbuf_printf(out, "%s%s", i++ ? (c->assign ? ", " : "; ") : "", c->head);
        if (c->assign)
            strbuf_printf(out, " = %s", (const char *)c->args.items[0]);
        else
            VEC_EACH(const char *, a, c->args)
                strbuf_printf(out, " %s", a);
    }
    strbuf_puts(out, " }");
}

/* Whether `n` is written on one line at this depth. */
static bool one_line(const ImportNode *n, int depth)
{
    if (!n->has_block)
        return true;
    return block_inlinable(n)
        && (size_t)depth * 2 + strlen(n->head) + args_width(n) + inline_block_width(n) <= INLINE_WIDTH;
}

static void put_block(const ImportNode *block, int depth, StrBuf *out);

static void put_stmt(const ImportNode *n, int depth, size_t pad, StrBuf *out)
{
    put_comments(&n->comments, depth, out);
    indent(out, depth);
    strbuf_puts(out, n->head);
    if (n->assign) {
        for (size_t w = strlen(n->head); w < pad; w++)
            strbuf_putc(out, ' ');
        strbuf_printf(out, " = %s", (const char *)n->args.items[0]);
    } else {
        if (n->args.len || n->has_block)
            for (size_t w = strlen(n->head); w < pad; w++)
                strbuf_putc(out, ' ');
        VEC_EACH(const char *, a, n->args)
            strbuf_printf(out, " %s", a);
    }
    if (n->has_block) {
        if (one_line(n, depth)) {
            put_inline_block(n, out);
        } else {
            strbuf_puts(out, " {\n");
            put_block(n, depth + 1, out);
            indent(out, depth);
            strbuf_putc(out, '}');
        }
    }
    if (n->trailing) {
        strbuf_puts(out, "  ");
        put_comment(out, n->trailing);
    }
    strbuf_putc(out, '\n');
}

/* The statements of a block; each run of one-line statements (of one
   kind: assignments or fields) aligns its values. */
static void put_block(const ImportNode *block, int depth, StrBuf *out)
{
    const Vec *v = &block->children;
    for (int i = 0; i < v->len;) {
        const ImportNode *first = v->items[i];
        int end = i;
        size_t pad = 0;
        if (one_line(first, depth)) {
            while (end < v->len) {
                const ImportNode *n = v->items[end];
                if (!one_line(n, depth) || n->assign != first->assign
                    || (end > i && n->blank_before))
                    break;
                if ((n->args.len || n->has_block) && strlen(n->head) > pad)
                    pad = strlen(n->head);
                end++;
            }
        } else {
            end = i + 1;
        }
        for (int k = i; k < end; k++) {
            const ImportNode *n = v->items[k];
            if (n->blank_before && k > 0)
                strbuf_putc(out, '\n');
            put_stmt(n, depth, pad, out);
        }
        i = end;
    }
}

void import_write(const ImportDoc *doc, StrBuf *out)
{
    put_comments(&doc->header, 0, out);
    if (doc->header.len && (doc->params.len || doc->root.children.len))
        strbuf_putc(out, '\n');
    /* The app block comes first, then the params, then the rest. */
    const Vec *top = &doc->root.children;
    int first = 0;
    if (top->len && strcmp(((const ImportNode *)top->items[0])->head, "app") == 0) {
        put_stmt(top->items[0], 0, 0, out);
        first = 1;
        if (doc->params.len)
            strbuf_putc(out, '\n');
    }
    size_t pad = 0;
    VEC_EACH(const ImportNode *, p, doc->params)
        if (strlen((const char *)p->args.items[0]) > pad)
            pad = strlen((const char *)p->args.items[0]);
    /* `param NAME string`: align the types (the head is always `param`). */
    VEC_EACH(const ImportNode *, p, doc->params) {
        put_comments(&p->comments, 0, out);
        const char *name = p->args.items[0];
        strbuf_printf(out, "param %s", name);
        for (size_t w = strlen(name); w < pad; w++)
            strbuf_putc(out, ' ');
        for (int i = 1; i < p->args.len; i++)
            strbuf_printf(out, " %s", (const char *)p->args.items[i]);
        if (p->trailing) {
            strbuf_puts(out, "  ");
            put_comment(out, p->trailing);
        }
        strbuf_putc(out, '\n');
    }
    for (int i = first; i < top->len; i++) {
        const ImportNode *n = top->items[i];
        if (i > 0 || doc->params.len)
            strbuf_putc(out, '\n');
        put_stmt(n, 0, 0, out);
    }
}
