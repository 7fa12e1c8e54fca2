/* expand_merge.c - overrides: a template's use site over its body, an
 * environment over the application (the rules are in expand.c).
 */
#include "sema/expand_internal.h"

#include "base/suggest.h"

#include <string.h>

/* ---- merging ------------------------------------------------------------------ */

typedef struct Merged {
    Vec stmts;
    Vec from_base;      /* parallel: (void*)1 when the statement came from the base side */
} Merged;

static AstNode *merge_maps(Expander *x, const AstNode *base, const AstNode *over)
{
    AstNode *m = ex_node_copy(x, over);
    m->items = (Vec){0};
    for (int i = 0; i < base->items.len; i++) {
        const AstStmt *e = base->items.items[i];
        bool replaced = false;
        for (int k = 0; k < over->items.len && !replaced; k++)
            replaced = strcmp(((const AstStmt *)over->items.items[k])->head, e->head) == 0;
        if (!replaced)
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

Vec ex_merge(Expander *x, const Vec *base, const Vec *over, bool strict, bool top, const char *what)
{
    Merged m = {0};
    for (int i = 0; i < base->len; i++) {
        vec_push(x->a, &m.stmts, base->items[i]);
        vec_push(x->a, &m.from_base, (void *)1);
    }
    for (int k = 0; k < over->len; k++) {
        const AstStmt *o = over->items[k];
        const AstStmt *added = strip_add(x, o);
        if (added)
            o = added;
        const char *key = ex_stmt_key(x, o, top);
        bool named = strchr(key, ' ') != NULL || o->is_assign;
        int found = -1;
        for (int i = 0; i < m.stmts.len && found < 0; i++)
            if (strcmp(ex_stmt_key(x, m.stmts.items[i], top), key) == 0)
                found = i;
        if (named && found >= 0) {
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
            Diagnostic *dg = diag_error(x->diag, o->head_span, "E0910",
                                        "the environment overrides %s, which %s does not have",
                                        key, what);
            Vec cands = {0};
            const char *head_prefix = arena_printf(x->a, "%s ", o->head);
            for (int i = 0; i < m.stmts.len; i++) {
                const char *k2 = ex_stmt_key(x, m.stmts.items[i], top);
                if (strncmp(k2, head_prefix, strlen(head_prefix)) == 0)
                    vec_push(x->a, &cands, (void *)(k2 + strlen(head_prefix)));
            }
            const AstNode *n0 = o->args.items[0];
            const char *best = suggest_best(n0->text, (const char *const *)cands.items, (size_t)cands.len);
            if (best)
                diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
            else
                diag_note(dg, SPAN_NONE, "to declare it in this environment only, write `add %s`", key);
            continue;
        }
        /* Maps merge key by key with the base's map of the same field. */
        const AstNode *ob = ex_block_of(o);
        if (!named && o->args.len == 1 && ex_is_map(ob)) {
            int j = -1;
            for (int i = 0; i < m.stmts.len && j < 0; i++) {
                const AstStmt *bs = m.stmts.items[i];
                if (m.from_base.items[i] && strcmp(bs->head, o->head) == 0 && bs->args.len == 1 &&
                    ex_is_map(ex_block_of(bs)))
                    j = i;
            }
            if (j >= 0) {
                const AstStmt *bs = m.stmts.items[j];
                AstStmt *c = ex_stmt_copy(x, o);
                vec_push(x->a, &c->args, merge_maps(x, ex_block_of(bs), ob));
                m.stmts.items[j] = c;
                m.from_base.items[j] = NULL;
                continue;
            }
        }
        if (!named && !(!strict && ex_repeated_head(o->head))) {
            /* A field replaces every statement of the same head from the base
               (at a use site, a repeated field adds to the template's). */
            int w = 0;
            for (int i = 0; i < m.stmts.len; i++) {
                const AstStmt *bs = m.stmts.items[i];
                if (m.from_base.items[i] && !bs->is_assign && strcmp(bs->head, o->head) == 0)
                    continue;
                m.stmts.items[w] = m.stmts.items[i];
                m.from_base.items[w++] = m.from_base.items[i];
            }
            m.stmts.len = m.from_base.len = w;
        }
        vec_push(x->a, &m.stmts, (void *)o);
        vec_push(x->a, &m.from_base, NULL);
    }
    return m.stmts;
}

