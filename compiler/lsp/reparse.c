/* reparse.c - parsing an edited document again without parsing all of it.
 *
 * After an edit, the top-level statements that lie wholly before or after
 * the changed bytes are the same as in the last parse: they are reused from
 * its tree (those after it moved by the edit's change in length), and only
 * the lines in between are parsed, as a file of their own.  This is taken
 * only when it gives the tree a whole parse would: the last parse raised no
 * diagnostic, the lines in between parse without one, and the reused
 * statements each start and end a line (so no `;` or brace joins them to
 * the lines parsed again).  Otherwise the whole file is parsed.
 *
 * The statements live in the document's DocTree, not in an analysis's
 * arena, so that they are reused in place, not copied: the new analysis
 * shares them with the last one, which is freed before the next, and the
 * spans of those after the edit are moved where they are (the last
 * analysis, whose text they described, is not used again).  An analysis's
 * tree is always in the tree's current arena; a whole parse or a
 * compaction (copying the live statements once the replaced ones take as
 * much room) starts the other arena, after freeing it: only the analysis
 * before the last could point into it, and that one is freed by then.
 */
#include "lsp/lsp_int.h"

#include "syntax/parse.h"
#include "syntax/parse_ctx.h"

#include <assert.h>
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

/* The length of the common start of a[0, na) and b[0, nb): compared a
   block at a time with memcmp, then byte by byte in the first block that
   differs. */
static uint32_t common_prefix(const char *a, uint32_t na, const char *b, uint32_t nb)
{
    enum { BLOCK = 256 };
    uint32_t n = na < nb ? na : nb, i = 0;
    while (n - i >= BLOCK && memcmp(a + i, b + i, BLOCK) == 0)
        i += BLOCK;
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

/* The length of the common end of a[0, na) and b[0, nb). */
static uint32_t common_suffix(const char *a, uint32_t na, const char *b, uint32_t nb)
{
    enum { BLOCK = 256 };
    uint32_t n = na < nb ? na : nb, i = 0;
    while (n - i >= BLOCK && memcmp(a + na - i - BLOCK, b + nb - i - BLOCK, BLOCK) == 0)
        i += BLOCK;
    while (i < n && a[na - 1 - i] == b[nb - 1 - i])
        i++;
    return i;
}

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

/* Parses t1[a, b) alone into `a`; NULL when it raised a diagnostic. */
static AstFile *parse_part(const char *t1, uint32_t lo, uint32_t hi, Arena *a)
{
    Arena tmp;          /* the source map and diagnostics */
    arena_init(&tmp);
    SourceMap sm;
    DiagEngine dg;
    source_map_init(&sm, &tmp);
    diag_init(&dg, &tmp);
    uint32_t id = source_add(&sm, "part", t1 + lo, hi - lo);
    AstFile *f = parse_file(a, &dg, &sm, id);
    bool ok = dg.diags.len == 0;
    arena_free(&tmp);
    return ok ? f : NULL;
}

static void move_stmt(AstStmt *s, uint32_t file, long delta);

/* Moves the spans of `n` and everything in it (each node is in one place
   of the tree: the parser shares none). */
static void move_node(AstNode *n, uint32_t file, long delta)
{
    n->span = moved(n->span, file, delta);
    for (int i = 0; i < n->items.len; i++) {
        if (n->kind == AST_BLOCK) {
            move_stmt(n->items.items[i], file, delta);
        } else {
            AstNode *k = n->items.items[i];
            if (k->items.len)
                move_node(k, file, delta);
            else
                k->span = moved(k->span, file, delta);
        }
    }
}

static void move_stmt(AstStmt *s, uint32_t file, long delta)
{
    s->span = moved(s->span, file, delta);
    s->head_span = moved(s->head_span, file, delta);
    for (int i = 0; i < s->args.len; i++) {
        AstNode *n = s->args.items[i];
        if (n->items.len)
            move_node(n, file, delta);
        else
            n->span = moved(n->span, file, delta);      /* most: a word, number or string */
    }
}

void doc_tree_init(DocTree *t, ArenaPool *pool)
{
    for (int i = 0; i < 2; i++) {
        arena_init(&t->arenas[i]);
        t->arenas[i].pool = pool;
    }
    t->cur = 0;
    t->live = 0;
}

void doc_tree_free(DocTree *t)
{
    arena_free(&t->arenas[0]);
    arena_free(&t->arenas[1]);
}

/* Frees the other arena and makes it the current one. */
static Arena *doc_tree_next(DocTree *t)
{
    t->cur = !t->cur;
    arena_free(&t->arenas[t->cur]);
    return &t->arenas[t->cur];
}

AstFile *doc_tree_parse(DocTree *t, DiagEngine *diag, const SourceMap *sm, uint32_t file)
{
    Arena *a = doc_tree_next(t);
    AstFile *f = parse_file(a, diag, sm, file);
    t->live = a->bytes;
    return f;
}

/* Once the statements edits replaced take as much room as the live ones:
   the live ones copied into the other arena. */
static AstFile *compact(DocTree *t, AstFile *f)
{
    if (t->arenas[t->cur].bytes <= 2 * t->live + 64 * 1024)
        return f;
    Arena *a = doc_tree_next(t);
    AstFile *c = ARENA_NEW(a, AstFile);
    c->file = f->file;
    c->stmts.items = ARENA_ARRAY(a, void *, f->stmts.len ? f->stmts.len : 1);
    c->stmts.len = c->stmts.cap = f->stmts.len;
    for (int i = 0; i < f->stmts.len; i++)
        c->stmts.items[i] = copy_stmt(a, f->stmts.items[i], f->file, 0);
    t->live = a->bytes;
    return c;
}

#ifndef NDEBUG
/* Builds with assertions (the ASan suite) check every reparse against a
   whole parse of the same text: the same statements, at the same places. */
static void check_reparse(const AstFile *f, const SourceFile *now)
{
    Arena tmp;
    arena_init(&tmp);
    SourceMap sm;
    DiagEngine dg;
    source_map_init(&sm, &tmp);
    diag_init(&dg, &tmp);
    uint32_t id = source_add(&sm, "whole", now->text, now->len);
    AstFile *whole = parse_file(&tmp, &dg, &sm, id);
    StrBuf a = {0}, b = {0};
    ast_dump(f, &a);
    ast_dump(whole, &b);
    assert(dg.diags.len == 0 && strcmp(strbuf_cstr(&a), strbuf_cstr(&b)) == 0);
    VEC_EACH(const AstStmt *, s, f->stmts)
        assert(s->span.file == now->id && s->head_span.file == now->id);
    strbuf_free(&a);
    strbuf_free(&b);
    arena_free(&tmp);
}
#endif

AstFile *reparse(DocTree *t, AstFile *old, const char *t0, uint32_t len0, const SourceFile *now)
{
    const char *t1 = now->text;
    uint32_t len1 = now->len;
    uint32_t pre = common_prefix(t0, len0, t1, len1);
    uint32_t suf = common_suffix(t0 + pre, len0 - pre, t1 + pre, len1 - pre);
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
    if (old->file != now->id)
        return NULL;
    Arena *a = &t->arenas[t->cur];
    AstFile *mid = parse_part(t1, from, to, a);
    int total = mid ? nb + mid->stmts.len + (n - na) : 0;
    if (!mid || total > PARSE_MAX_DECLS)
        return NULL;
    AstFile *out = ARENA_NEW(a, AstFile);
    out->file = now->id;
    out->stmts.items = ARENA_ARRAY(a, void *, total ? total : 1);
    out->stmts.len = out->stmts.cap = total;
    void **at = out->stmts.items;
    for (int i = 0; i < nb; i++)
        *at++ = old->stmts.items[i];
    for (int i = 0; i < mid->stmts.len; i++) {
        move_stmt(mid->stmts.items[i], now->id, (long)from);
        *at++ = mid->stmts.items[i];
    }
    for (int i = na; i < n; i++) {
        if (delta)
            move_stmt(old->stmts.items[i], now->id, delta);
        *at++ = old->stmts.items[i];
    }
    out = compact(t, out);
#ifndef NDEBUG
    check_reparse(out, now);
#endif
    return out;
}
