/* hover.c - textDocument/hover: a keyword's documentation and the API
 * member it sets (from the decoders' tables, sema/decode.h), what a name
 * refers to, and the value AWS sees for a number with a unit. */
#include "lsp/context.h"
#include "lsp/index.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static Reply reply(cJSON *result)
{
    Reply r = {result, 0, NULL};
    return r;
}

/* The number node of the root's tree at `offset`, and its statement. */
static const AstNode *number_in(const AstNode *n, uint32_t off)
{
    if (off < n->span.lo || off > n->span.hi)
        return NULL;
    if (n->kind == AST_NUMBER)
        return n;
    if (n->kind == AST_BLOCK) {
        VEC_EACH(const AstStmt *, s, n->items) {
            for (int i = 0; i < s->args.len; i++) {
                const AstNode *r = number_in(s->args.items[i], off);
                if (r)
                    return r;
            }
        }
        return NULL;
    }
    VEC_EACH(const AstNode *, k, n->items) {
        const AstNode *r = number_in(k, off);
        if (r)
            return r;
    }
    return NULL;
}

static const AstNode *number_at(const AstFile *f, uint32_t off)
{
    VEC_EACH(const AstStmt *, s, f->stmts) {
        for (int i = 0; i < s->args.len; i++) {
            const AstNode *r = number_in(s->args.items[i], off);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* "`0.5 vcpu` is 512 CPU units" and the like, from the unit tables. */
static bool unit_value(StrBuf *b, const AstNode *n, const char *head)
{
    if (!n->unit || !*n->unit)
        return false;
    bool gib = head && strcmp(head, "storage") == 0;
    for (size_t t = 0; t < decode_nunit_tables; t++) {
        const UnitTable *ut = &decode_unit_tables[t];
        if (strcmp(ut->units[0].name, "GiB") == 0 && !gib)
            continue;
        for (size_t u = 0; u < ut->n; u++) {
            if (strcmp(ut->units[u].name, n->unit) != 0)
                continue;
            double v = n->dval * ut->units[u].mult;
            const char *what = strcmp(ut->category, "duration") == 0 ? "seconds"
                               : strcmp(ut->category, "percent") == 0 ? "percent"
                               : strcmp(ut->units[0].name, "vcpu") == 0 ? "CPU units"
                               : strcmp(ut->units[0].name, "GiB") == 0 ? "GiB" : "MiB";
            if (head && strcmp(head, "retain") == 0 && strcmp(what, "seconds") == 0) {
                v /= 86400;
                what = "days";
            }
            strbuf_printf(b, "`%s%s%s` → AWS sees **%.10g** (%s)", n->text,
                          strcmp(n->unit, "%") == 0 || strcmp(ut->category, "duration") == 0
                              ? "" : " ", n->unit, v, what);
            return true;
        }
    }
    return false;
}

static void field_doc(StrBuf *b, const char *block, const FieldDef *f, const char *shape)
{
    strbuf_printf(b, "**%s** — a field of `%s`\n\n", f->name, block);
    if (f->doc)
        strbuf_printf(b, "%s\n\n", f->doc);
    if (f->api && shape)
        strbuf_printf(b, "AWS: `%s.%s`", shape, f->api);
    else if (f->api)
        strbuf_printf(b, "AWS: `%s`", f->api);
}

static void sym_doc(StrBuf *b, const Analysis *an, const Sym *y)
{
    const SourceFile *f = source_get(&an->c.sources, y->name_span.file);
    uint32_t line, col;
    source_line_col(&an->c.sources, y->name_span.file, y->name_span.lo, &line, &col);
    uint32_t lo = y->span.lo, hi = lo;
    while (hi < f->len && hi < y->span.hi && f->text[hi] != '\n' && f->text[hi] != '{')
        hi++;
    while (hi > lo && (f->text[hi - 1] == ' ' || f->text[hi - 1] == '\t'))
        hi--;
    strbuf_printf(b, "**%s** `%s`", sym_kind_name(y->kind), y->name);
    if (y->parent)
        strbuf_printf(b, " of %s `%s`", sym_kind_name(y->parent->kind), y->parent->name);
    strbuf_printf(b, "\n\n```ecs\n%.*s\n```\n\ndeclared at %s:%u:%u", (int)(hi - lo), f->text + lo,
                  f->name, line, col);
}

Reply lsp_hover(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    uint32_t off;
    if (!d || !params_offset(d, params, &off)) {
        Reply r = {NULL, RPC_INVALID_PARAMS, "no open document at that position"};
        return r;
    }
    Analysis *an = server_analysis(s, d);
    Index ix;
    index_build(&ix, an);
    StrBuf b = {0};
    Span at = {0, off, off};
    Context cx;
    context_at(d->text, d->len, off, &cx);
    const Sym *y = index_at(&ix, an->root, off, &at);
    const Module *root = an->c.modules.len ? an->c.modules.items[0] : NULL;
    const AstNode *num = root && root->ast ? number_at(root->ast, off) : NULL;
    bool top, templ;
    const BlockDef *blk = context_block(&cx, &top, &templ);
    const char *head = cx.cur.nwords ? cx.cur.words[0] : NULL;
    char word[CTX_WORD] = "";
    if (cx.word_hi > cx.word_lo && cx.word_hi - cx.word_lo < CTX_WORD && !cx.in_string)
        snprintf(word, sizeof word, "%.*s", (int)(cx.word_hi - cx.word_lo), d->text + cx.word_lo);
    if (y) {
        sym_doc(&b, an, y);
    } else if (num && unit_value(&b, num, head)) {
        at = num->span;
    } else if (*word && !head && top && context_decl(word)) {
        const DeclDef *dd = context_decl(word);
        strbuf_printf(&b, "**%s** — a declaration\n\n%s", dd->name, dd->doc ? dd->doc : "");
        at = span_make(an->root, cx.word_lo, cx.word_hi);
    } else if (*word && !head && context_field(blk, word)) {
        field_doc(&b, blk->name, context_field(blk, word), blk->shape);
        at = span_make(an->root, cx.word_lo, cx.word_hi);
    } else if (*word && head && !top && context_field(blk, head)) {
        const FieldDef *f = context_field(blk, head);
        for (const char *const *w = f->words; w && *w; w++)
            if (strcmp(*w, word) == 0) {
                strbuf_printf(&b, "`%s` — an option of `%s`\n\n", word, head);
                field_doc(&b, blk->name, f, blk->shape);
                at = span_make(an->root, cx.word_lo, cx.word_hi);
                break;
            }
    }
    if (!b.len) {
        strbuf_free(&b);
        return reply(cJSON_CreateNull());
    }
    cJSON *h = cJSON_CreateObject();
    cJSON *c = cJSON_AddObjectToObject(h, "contents");
    cJSON_AddStringToObject(c, "kind", "markdown");
    cJSON_AddStringToObject(c, "value", strbuf_cstr(&b));
    if (at.hi > at.lo)
        cJSON_AddItemToObject(h, "range", json_range(&d->lines, at.lo, at.hi));
    strbuf_free(&b);
    return reply(h);
}
