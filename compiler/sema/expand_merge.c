/* expand_merge.c - overrides: a template's use site over its body, an
 * environment over the application (the rules are in expand.c).
 */
#include "sema/expand_internal.h"

#include "base/suggest.h"

#include <stdint.h>
#include <string.h>

/* ---- merging ------------------------------------------------------------------ */

/* The statements of one merge, with indexes so that each override finds
   what it replaces in constant time: a large environment or use site costs
   linear time, not the product of its size and the base's. */
typedef struct Merged {
    Vec stmts;
    Vec from_base;      /* parallel: (void*)1 when the statement came from the base side */
    Vec keys;           /* parallel: ex_stmt_key of each */
    Vec dead;           /* parallel: (void*)1 when replaced by a field of the same head */
    Map by_key;         /* key -> Slots* */
    Map by_head;        /* head -> Slots* */
    int nbase;          /* the base's statements are [0, nbase) */
} Merged;

/* The indexes of statements that share a key or a head, in order, with a
   cursor past those that can no longer match. */
typedef struct Slots {
    Vec at;             /* int indexes, as void* */
    int next;
    bool cleared;       /* by_head: the base's statements of this head are dead */
} Slots;

static Slots *slots(Expander *x, Map *m, const char *name)
{
    Slots *sl = map_get(m, name);
    if (!sl) {
        sl = ARENA_NEW(x->a, Slots);
        map_put(m, name, sl);
    }
    return sl;
}

static int slot(const Slots *sl, int i)
{
    return (int)(intptr_t)sl->at.items[i];
}

static void add(Expander *x, Merged *m, const AstStmt *s, const char *key, bool base)
{
    int i = m->stmts.len;
    vec_push(x->a, &m->stmts, (void *)s);
    vec_push(x->a, &m->from_base, base ? (void *)1 : NULL);
    vec_push(x->a, &m->keys, (void *)key);
    vec_push(x->a, &m->dead, NULL);
    vec_push(x->a, &slots(x, &m->by_key, key)->at, (void *)(intptr_t)i);
    vec_push(x->a, &slots(x, &m->by_head, s->head)->at, (void *)(intptr_t)i);
}

/* The first live statement with key `key`, or -1. */
static int find_key(Merged *m, const char *key)
{
    Slots *sl = map_get(&m->by_key, key);
    if (!sl)
        return -1;
    while (sl->next < sl->at.len && m->dead.items[slot(sl, sl->next)])
        sl->next++;
    return sl->next < sl->at.len ? slot(sl, sl->next) : -1;
}

/* The first statement of the base with head `head` holding only a map,
   not yet overridden, or -1. */
static int find_base_map(Merged *m, const char *head)
{
    Slots *sl = map_get(&m->by_head, head);
    for (; sl && sl->next < sl->at.len; sl->next++) {
        int i = slot(sl, sl->next);
        const AstStmt *bs = m->stmts.items[i];
        if (m->from_base.items[i] && !m->dead.items[i] && bs->args.len == 1 &&
            ex_is_map(ex_block_of(bs)))
            return i;
    }
    return -1;
}

/* A field replaces every statement of its head from the base. */
static void clear_head(Merged *m, const char *head)
{
    Slots *sl = map_get(&m->by_head, head);
    if (!sl || sl->cleared)
        return;
    sl->cleared = true;
    for (int k = 0; k < sl->at.len && slot(sl, k) < m->nbase; k++) {
        int i = slot(sl, k);
        if (m->from_base.items[i] && !((const AstStmt *)m->stmts.items[i])->is_assign)
            m->dead.items[i] = (void *)1;
    }
}

static AstNode *merge_maps(Expander *x, const AstNode *base, const AstNode *over)
{
    AstNode *m = ex_node_copy(x, over);
    m->items = (Vec){0};
    Map keys;
    map_init(&keys, x->a);
    for (int k = 0; k < over->items.len; k++) {
        const AstStmt *e = over->items.items[k];
        map_put(&keys, e->head, (void *)e);
    }
    for (int i = 0; i < base->items.len; i++) {
        const AstStmt *e = base->items.items[i];
        if (!map_get(&keys, e->head))
            vec_push(x->a, &m->items, (void *)e);
    }
    for (int k = 0; k < over->items.len; k++)
        vec_push(x->a, &m->items, over->items.items[k]);
    return m;
}

static AstStmt *merge_stmt(Expander *x, const AstStmt *base, const AstStmt *over, bool strict)
{
    const AstNode *bb = ex_block_of(base), *ob = ex_block_of(over);
    if (!bb || !ob)
        return (AstStmt *)over;
    AstStmt *c = ex_stmt_copy(x, over);
    for (int i = 0; i + 1 < over->args.len; i++)
        vec_push(x->a, &c->args, over->args.items[i]);
    if (over->args.len == 1 && base->args.len > 1) {
        /* `task web { … }` in an environment keeps `task web from t` etc. */
        for (int i = 0; i + 1 < base->args.len; i++)
            vec_push(x->a, &c->args, base->args.items[i]);
    }
    AstNode *blk = ex_node_copy(x, ob);
    const char *what = arena_printf(x->a, "%s%s%s", base->head,
                                    base->args.len > 1 ? " " : "",
                                    base->args.len > 1 ? ((const AstNode *)base->args.items[0])->text : "");
    blk->items = ex_merge(x, &bb->items, &ob->items, strict, false, what);
    vec_push(x->a, &c->args, blk);
    return c;
}

/* `add KIND NAME …` in an environment: a declaration the base lacks. */
static AstStmt *strip_add(Expander *x, const AstStmt *s)
{
    if (s->is_assign || strcmp(s->head, "add") != 0 || s->args.len < 1)
        return NULL;
    const AstNode *kind = s->args.items[0];
    if (kind->kind != AST_WORD)
        return NULL;
    AstStmt *c = ex_stmt_copy(x, s);
    c->head = kind->text;
    c->head_span = kind->span;
    for (int i = 1; i < s->args.len; i++)
        vec_push(x->a, &c->args, s->args.items[i]);
    return c;
}

/* E0910: an environment overrides `key`, which the base lacks. */
static void missing(Expander *x, const Merged *m, const AstStmt *o, const char *key, const char *what)
{
    Diagnostic *dg = diag_error(x->diag, o->head_span, "E0910",
                                "the environment overrides %s, which %s does not have", key, what);
    if (!diag_is_shown(dg))
        return;         /* past --max-errors: no suggestion to compute */
    Vec cands = {0};
    const Slots *sl = map_get(&m->by_head, o->head);
    size_t skip = strlen(o->head) + 1;
    for (int k = 0; sl && k < sl->at.len; k++) {
        int i = slot(sl, k);
        const char *k2 = m->keys.items[i];
        if (!m->dead.items[i] && strchr(k2, ' '))
            vec_push(x->a, &cands, (void *)(k2 + skip));
    }
    const AstNode *n0 = o->args.items[0];
    const char *best = suggest_best(n0->text, (const char *const *)cands.items, (size_t)cands.len);
    if (best)
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    else
        diag_note(dg, SPAN_NONE, "to declare it in this environment only, write `add %s`", key);
}

/* Whether two argument nodes are written alike (words, strings and
   numbers by their text, lists item by item). */
static bool same_arg(const AstNode *a, const AstNode *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == AST_LIST) {
        if (a->items.len != b->items.len)
            return false;
        for (int i = 0; i < a->items.len; i++)
            if (!same_arg(a->items.items[i], b->items.items[i]))
                return false;
        return true;
    }
    return a->text && b->text && strcmp(a->text, b->text) == 0 &&
           (a->kind != AST_NUMBER || strcmp(a->unit, b->unit) == 0);
}

/* Whether statement `s` starts with the arguments of `remove HEAD ARGS…`
   (`o`'s arguments from the second on). */
static bool removal_matches(const AstStmt *o, const AstStmt *s)
{
    int n = o->args.len - 1;
    if (n > s->args.len)
        return false;
    for (int i = 0; i < n; i++) {
        const AstNode *want = o->args.items[i + 1], *got = s->args.items[i];
        if (got->kind == AST_BLOCK || !same_arg(want, got))
            return false;
    }
    return true;
}

/* The first `n` arguments of `s` from `from` on, as written (`public
   "/old/"`); lists as "[…]". */
static const char *args_text(Expander *x, const AstStmt *s, int from, int n)
{
    const char *out = "";
    for (int i = from; i < s->args.len && i < from + n; i++) {
        const AstNode *a = s->args.items[i];
        const char *t = a->kind == AST_STRING ? arena_printf(x->a, "\"%s\"", a->text)
                        : a->kind == AST_NUMBER ? arena_printf(x->a, "%s%s", a->text, a->unit)
                        : a->text ? a->text : "[…]";
        out = *out ? arena_printf(x->a, "%s %s", out, t) : t;
    }
    return out;
}

/* `remove HEAD [ARGS…]`: every live statement of HEAD that starts with
   ARGS is dropped; none is E0769, with what there is. */
static void remove_stmts(Expander *x, Merged *m, const AstStmt *o, const char *what, bool top)
{
    if (top)    /* for resolve: a reference to it says where it went */
        vec_push(x->a, &x->s->removed, (void *)o);
    const char *head = ((const AstNode *)o->args.items[0])->text;
    int n = o->args.len - 1;
    Slots *sl = map_get(&m->by_head, head);
    int removed = 0;
    Vec names = {0}, written = {0};
    for (int k = 0; sl && k < sl->at.len; k++) {
        int i = slot(sl, k);
        const AstStmt *s = m->stmts.items[i];
        if (m->dead.items[i])
            continue;
        if (removal_matches(o, s)) {
            m->dead.items[i] = (void *)1;
            removed++;
            continue;
        }
        if (s->args.len && ((const AstNode *)s->args.items[0])->text)
            vec_push(x->a, &names, (void *)((const AstNode *)s->args.items[0])->text);
        vec_push(x->a, &written, (void *)args_text(x, s, 0, n ? n : 1));
    }
    if (removed)
        return;
    const char *target = n ? arena_printf(x->a, "%s %s", head, args_text(x, o, 1, n)) : head;
    Diagnostic *dg = diag_error(x->diag, o->span, "E0769",
                                "the environment removes `%s`, which %s does not have", target, what);
    if (!diag_is_shown(dg))
        return;
    const AstNode *n1 = n ? o->args.items[1] : NULL;
    const char *best = n == 1 && n1->text
        ? suggest_best(n1->text, (const char *const *)names.items, (size_t)names.len) : NULL;
    if (best) {
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    } else if (!written.len) {
        diag_note(dg, SPAN_NONE, "%s has no `%s` at all", what, head);
    } else {
        const char *list = "";
        VEC_EACH(const char *, w, written)
            list = *list ? arena_printf(x->a, "%s, `%s %s`", list, head, w)
                         : arena_printf(x->a, "`%s %s`", head, w);
        diag_note(dg, SPAN_NONE, "%s has %s: `remove` names one by its first words as written "
                                 "there", what, list);
    }
}

static bool is_removal(const AstStmt *s)
{
    const AstNode *n = s->args.len ? s->args.items[0] : NULL;
    return !s->is_assign && strcmp(s->head, "remove") == 0 && n && n->kind == AST_WORD;
}

Vec ex_merge(Expander *x, const Vec *base, const Vec *over, bool strict, bool top, const char *what)
{
    Merged m = {.nbase = base->len};
    map_init(&m.by_key, x->a);
    map_init(&m.by_head, x->a);
    for (int i = 0; i < base->len; i++)
        add(x, &m, base->items[i], ex_stmt_key(x, base->items[i], top), true);
    for (int k = 0; k < over->len; k++) {
        const AstStmt *o = over->items[k];
        if (strict && is_removal(o)) {
            remove_stmts(x, &m, o, what, top);
            continue;
        }
        const AstStmt *added = strip_add(x, o);
        if (added)
            o = added;
        const char *key = ex_stmt_key(x, o, top);
        bool named = strchr(key, ' ') != NULL || o->is_assign;
        int found = named ? find_key(&m, key) : -1;
        if (found >= 0) {
            if (added) {
                Diagnostic *dg = diag_error(x->diag, o->span, "E0910",
                                            "'add %s' names something that exists already", key);
                diag_note(dg, ((const AstStmt *)m.stmts.items[found])->span, "it is declared here");
                continue;
            }
            m.stmts.items[found] = merge_stmt(x, m.stmts.items[found], o, strict);
            m.from_base.items[found] = NULL;
            continue;
        }
        if (named && strict && !added && strcmp(o->head, "port") != 0) {
            missing(x, &m, o, key, what);
            continue;
        }
        /* Maps merge key by key with the base's map of the same field. */
        const AstNode *ob = ex_block_of(o);
        if (!named && o->args.len == 1 && ex_is_map(ob)) {
            int j = find_base_map(&m, o->head);
            if (j >= 0) {
                const AstStmt *bs = m.stmts.items[j];
                AstStmt *c = ex_stmt_copy(x, o);
                vec_push(x->a, &c->args, merge_maps(x, ex_block_of(bs), ob));
                m.stmts.items[j] = c;
                m.from_base.items[j] = NULL;
                continue;
            }
        }
        /* A field replaces every statement of the same head from the base
           (at a use site, a repeated field adds to the template's). */
        if (!named && !(!strict && ex_repeated_head(o->head)))
            clear_head(&m, o->head);
        add(x, &m, o, key, false);
    }
    Vec out = {0};
    for (int i = 0; i < m.stmts.len; i++)
        if (!m.dead.items[i])
            vec_push(x->a, &out, m.stmts.items[i]);
    return out;
}
