/* reparse.c - parsing an edited document again without parsing all of it.
 *
 * After an edit, the top-level statements that lie wholly before or after
 * the changed bytes are the same as in the last parse: they are copied
 * from its tree (those after it moved by the edit's change in length), and
 * only the lines in between are parsed, as a file of their own.  This is
 * taken only when it gives the tree a whole parse would: the last parse
 * raised no diagnostic, the lines in between parse without one, and the
 * reused statements each start and end a line (so no `;` or brace joins
 * them to the lines parsed again).  Otherwise the whole file is parsed.
 */
#include "lsp/lsp_int.h"

#include "syntax/parse.h"
#include "syntax/parse_ctx.h"

#include <string.h>

static const char *dup(Arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static Span moved(Span s, uint32_t file, long delta)
{
    return span_make(file, (uint32_t)((long)s.lo + delta), (uint32_t)((long)s.hi + delta));
}

static AstStmt *copy_stmt(Arena *a, const AstStmt *s, uint32_t file, long delta);

static AstNode *copy_node(Arena *a, const AstNode *n, uint32_t file, long delta)
{
    AstNode *c = ARENA_NEW(a, AstNode);
    *c = *n;
    c->span = moved(n->span, file, delta);
    c->text = dup(a, n->text);
    c->unit = dup(a, n->unit);
    c->items = (Vec){0};
    for (int i = 0; i < n->items.len; i++)
        vec_push(a, &c->items, n->kind == AST_BLOCK
                                   ? (void *)copy_stmt(a, n->items.items[i], file, delta)
                                   : (void *)copy_node(a, n->items.items[i], file, delta));
    return c;
}

static AstStmt *copy_stmt(Arena *a, const AstStmt *s, uint32_t file, long delta)
{
    AstStmt *c = ARENA_NEW(a, AstStmt);
    *c = *s;
    c->span = moved(s->span, file, delta);
    c->head_span = moved(s->head_span, file, delta);
    c->head = dup(a, s->head);
    c->args = (Vec){0};
    for (int i = 0; i < s->args.len; i++)
        vec_push(a, &c->args, copy_node(a, s->args.items[i], file, delta));
    return c;
}

/* Whether text[lo, hi) holds only blanks, and then a comment when
   `comment` (after a statement, to the end of its line). */
static bool blank(const char *t, uint32_t lo, uint32_t hi, bool comment)
{
    for (uint32_t i = lo; i < hi; i++) {
        if (t[i] == '#' && comment)
            return true;
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
            return false;
    }
    return true;
}

/* Where statement `s` (in `t` of length `len`) ends its line: the offset
   after its newline, or 0 if more than a comment follows it there. */
static uint32_t line_after(const char *t, uint32_t len, const AstStmt *s)
{
    const char *nl = memchr(t + s->span.hi, '\n', len - s->span.hi);
    uint32_t end = nl ? (uint32_t)(nl - t) : len;
    if (!blank(t, s->span.hi, end, true))
        return 0;
    return nl ? end + 1 : len;
}

/* The start of the line of statement `s`, or UINT32_MAX if something
   other than blanks comes before it on that line. */
static uint32_t line_before(const char *t, const AstStmt *s)
{
    uint32_t lo = s->span.lo;
    while (lo > 0 && t[lo - 1] != '\n')
        lo--;
    return blank(t, lo, s->span.lo, false) ? lo : UINT32_MAX;
}

/* Parses t1[a, b) alone; NULL when it raised a diagnostic. */
static AstFile *parse_part(const char *t1, uint32_t a, uint32_t b, Arena *tmp)
{
    SourceMap sm;
    DiagEngine dg;
    source_map_init(&sm, tmp);
    diag_init(&dg, tmp);
    uint32_t id = source_add(&sm, "part", t1 + a, b - a);
    AstFile *f = parse_file(tmp, &dg, &sm, id);
    return dg.diags.len ? NULL : f;
}

AstFile *reparse(Arena *a, const AstFile *old, const char *t0, uint32_t len0, const SourceFile *now)
{
    const char *t1 = now->text;
    uint32_t len1 = now->len;
    uint32_t pre = 0, suf = 0;
    while (pre < len0 && pre < len1 && t0[pre] == t1[pre])
        pre++;
    while (suf < len0 - pre && suf < len1 - pre && t0[len0 - 1 - suf] == t1[len1 - 1 - suf])
        suf++;
    long delta = (long)len1 - (long)len0;
    /* statements [0, nb) before the change, [na, n) after it */
    int n = old->stmts.len, nb = 0, na = n;
    uint32_t from = 0, to = len1;      /* the lines parsed again, in t1 */
    while (nb < n) {
        const AstStmt *s = old->stmts.items[nb];
        uint32_t end = line_after(t0, len0, s);
        if (!end || end > pre)
            break;
        from = end;
        nb++;
    }
    while (na > nb) {
        const AstStmt *s = old->stmts.items[na - 1];
        uint32_t lo = line_before(t0, s);
        if (lo == UINT32_MAX || lo <= len0 - suf || !line_after(t0, len0, s))
            break;
        to = (uint32_t)((long)lo + delta);
        na--;
    }
    Arena tmp;
    arena_init(&tmp);
    AstFile *mid = parse_part(t1, from, to, &tmp);
    AstFile *out = NULL;
    if (mid && nb + mid->stmts.len + (n - na) <= PARSE_MAX_DECLS) {
        out = ARENA_NEW(a, AstFile);
        out->file = now->id;
        for (int i = 0; i < nb; i++)
            vec_push(a, &out->stmts, copy_stmt(a, old->stmts.items[i], now->id, 0));
        for (int i = 0; i < mid->stmts.len; i++)
            vec_push(a, &out->stmts, copy_stmt(a, mid->stmts.items[i], now->id, (long)from));
        for (int i = na; i < n; i++)
            vec_push(a, &out->stmts, copy_stmt(a, old->stmts.items[i], now->id, delta));
    }
    arena_free(&tmp);
    return out;
}
