/* expand_templates.c - templates: parameters and their kinds, `use`,
 * `KIND NAME from TEMPLATE`, and the limits on uses (E0912, E0913).
 */
#include "sema/expand_internal.h"

#include "base/suggest.h"

#include <string.h>

/* ---- templates ------------------------------------------------------------------ */

static const char *const param_kinds[] = {
    "string", "number", "size", "cpu", "duration", "percent", "bool", "word", "list", "map", "any",
    "vpc_id", "subnet_id", "security_group_id", "certificate", NULL,
};

static bool fits(const char *kind, const AstNode *v)
{
    Quantity q;
    if (strcmp(kind, "any") == 0)
        return true;
    if (strcmp(kind, "string") == 0 || strcmp(kind, "vpc_id") == 0 || strcmp(kind, "subnet_id") == 0 ||
        strcmp(kind, "security_group_id") == 0 || strcmp(kind, "certificate") == 0)
        return v->kind == AST_STRING;
    if (strcmp(kind, "word") == 0)
        return v->kind == AST_WORD;
    if (strcmp(kind, "bool") == 0)
        return ex_is_word(v, "true") || ex_is_word(v, "false");
    if (strcmp(kind, "list") == 0)
        return v->kind == AST_LIST;
    if (strcmp(kind, "map") == 0)
        return v->kind == AST_BLOCK;
    if (!ex_quantity(v, &q))
        return false;
    if (strcmp(kind, "number") == 0)
        return !q.dim[0];
    if (strcmp(kind, "size") == 0)
        return !q.dim[0] || strcmp(q.dim, "MiB") == 0;
    if (strcmp(kind, "cpu") == 0)
        return !q.dim[0] || strcmp(q.dim, "cpu") == 0;
    if (strcmp(kind, "duration") == 0)
        return strcmp(q.dim, "s") == 0;
    if (strcmp(kind, "percent") == 0)
        return strcmp(q.dim, "%") == 0;
    return false;
}

static const char *describe(const AstNode *v)
{
    if (v->kind == AST_NUMBER && v->unit[0])
        return "a number with a unit";
    if (ex_is_word(v, "true") || ex_is_word(v, "false"))
        return "a bool";
    return ast_kind_name(v->kind);
}

typedef struct TParam {
    const char *name, *kind;
    const AstNode *deflt;
    Span span;
} TParam;

/* `param NAME KIND [default VALUE]` inside a template. */
static bool template_param(Expander *x, const AstStmt *s, TParam *p)
{
    const AstNode *n = s->args.len > 0 ? s->args.items[0] : NULL;
    const AstNode *k = s->args.len > 1 ? s->args.items[1] : NULL;
    if (!n || n->kind != AST_WORD || !k || k->kind != AST_WORD ||
        (s->args.len != 2 && !(s->args.len == 4 && ex_is_word(s->args.items[2], "default")))) {
        Diagnostic *dg = diag_error(x->diag, s->span, "E0906",
                                    "a template parameter reads `param NAME KIND [default VALUE]`");
        diag_note(dg, SPAN_NONE, "KIND is string, number, size, cpu, duration, percent, bool, "
                                 "word, list, map or any");
        return false;
    }
    size_t i = 0;
    while (param_kinds[i] && strcmp(param_kinds[i], k->text) != 0)
        i++;
    if (!param_kinds[i]) {
        Diagnostic *dg = diag_error(x->diag, k->span, "E0906", "unknown parameter kind '%s'", k->text);
        const char *best = suggest_best(k->text, param_kinds, sizeof param_kinds / sizeof *param_kinds - 1);
        if (best)
            diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
        return false;
    }
    p->name = n->text;
    p->kind = param_kinds[i];
    p->span = n->span;
    p->deflt = s->args.len == 4 ? s->args.items[3] : NULL;
    if (p->deflt && p->deflt->kind != AST_VAR && p->deflt->kind != AST_EXPR &&
        !(p->deflt->kind == AST_STRING && p->deflt->items.len) && !fits(p->kind, p->deflt)) {
        diag_error(x->diag, p->deflt->span, "E0908", "the default of '%s' is %s, not a %s",
                   p->name, describe(p->deflt), p->kind);
        return false;
    }
    return true;
}

static Symbol *find_template(Expander *x, const ModScope *sc, const AstNode *name)
{
    Symbol *sym = ex_scope_lookup(sc, name->text);
    if (sym && sym->kind == SYM_TEMPLATE)
        return sym;
    Diagnostic *dg = diag_error(x->diag, name->span, "E0904", "no template named '%s'", name->text);
    if (!diag_is_shown(dg))
        return NULL;    /* said already (a template used many times), or past --max-errors */
    Vec cands = {0};
    for (int i = 0; sc && i < sc->all.len; i++) {
        const Symbol *t = map_get(&sc->names, sc->all.items[i]);
        if (t->kind == SYM_TEMPLATE)
            vec_push(x->a, &cands, sc->all.items[i]);
    }
    const char *best = suggest_best(name->text, (const char *const *)cands.items, (size_t)cands.len);
    if (best)
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    else if (strchr(name->text, '.') == NULL)
        diag_note(dg, SPAN_NONE, "templates of another file need `import \"FILE\"` in this one");
    return NULL;
}

/* The statements template `name` yields with `args` (assignments). */
static bool instantiate(Expander *x, const AstNode *name, const AstNode *args, Span use_span,
                        const Bindings *b, const ModScope *sc, Vec *out)
{
    Symbol *t = find_template(x, sc, name);
    if (!t)
        return false;
    if (t->expanding) {
        /* A cycle: reported once, at the first use that closes it, and
           never expanded, since each turn would multiply the statements. */
        if (!t->cycle_reported) {
            t->cycle_reported = true;
            Diagnostic *dg = diag_error(x->diag, name->span, "E0912", "template '%s' uses itself",
                                        t->name);
            int from = x->depth;
            while (from > 0 && x->active[from - 1] != t)
                from--;
            for (int i = from; i < x->depth; i++)
                diag_note(dg, x->active[i]->def->head_span, "through template '%s'",
                          x->active[i]->name);
            diag_note(dg, t->def->head_span, "template '%s' is defined here", t->name);
        }
        return false;
    }
    if (x->depth >= MAX_TEMPLATE_DEPTH) {
        Diagnostic *dg = diag_error(x->diag, name->span, "E0912",
                                    "templates nest deeper than %d levels", MAX_TEMPLATE_DEPTH);
        diag_note(dg, t->def->head_span, "template '%s' is the one too deep", t->name);
        return false;
    }
    if (x->uses >= MAX_TEMPLATE_USES) {
        if (!x->too_many_uses) {
            x->too_many_uses = true;
            Diagnostic *dg = diag_error(
                x->diag, name->span, "E0913",
                "templates are used more than %d times in all; the rest are not expanded",
                MAX_TEMPLATE_USES);
            diag_note(dg, SPAN_NONE, "each use expands a template's whole body again: templates "
                                     "that each use another several times multiply");
        }
        return false;
    }
    x->uses++;
    const ModScope *tsc = map_get(&x->scopes, t->module->key);
    const AstNode *body = ex_block_of(t->def);
    if (body && !ex_grow(x, body->span.hi - body->span.lo, use_span))
        return false;
    Bindings nb = {.up = NULL, .scope = tsc};
    map_init(&nb.vars, x->a);
    map_init(&nb.unbound, x->a);
    bool ok = true;
    /* the template's parameters, then the arguments given */
    Vec params = {0};
    Vec stmts = {0};
    for (int i = 0; body && i < body->items.len; i++) {
        const AstStmt *s = body->items.items[i];
        if (!s->is_assign && strcmp(s->head, "param") == 0) {
            TParam *p = ARENA_NEW(x->a, TParam);
            if (template_param(x, s, p))
                vec_push(x->a, &params, p);
            else
                ok = false;
        } else {
            vec_push(x->a, &stmts, (void *)s);
        }
    }
    Map given;
    map_init(&given, x->a);
    for (int i = 0; args && i < args->items.len; i++) {
        const AstStmt *s = args->items.items[i];
        const TParam *p = NULL;
        for (int k = 0; k < params.len && !p; k++)
            if (strcmp(((const TParam *)params.items[k])->name, s->head) == 0)
                p = params.items[k];
        if (!p) {
            Diagnostic *dg = diag_error(x->diag, s->head_span, "E0906",
                                        "template '%s' has no parameter '%s'", t->name, s->head);
            ok = false;
            if (!diag_is_shown(dg))
                continue;
            Vec cands = {0};
            for (int k = 0; k < params.len; k++)
                vec_push(x->a, &cands, (void *)((const TParam *)params.items[k])->name);
            const char *best = suggest_best(s->head, (const char *const *)cands.items, (size_t)cands.len);
            if (best)
                diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
            diag_note(dg, t->def->head_span, "template '%s' is defined here", t->name);
            ok = false;
            continue;
        }
        const AstNode *v = ex_subst(x, s->args.items[0], b, sc);
        if (!v) {
            map_put(&given, p->name, s->args.items[0]);   /* reported already */
            ok = false;
            continue;
        }
        if (!fits(p->kind, v)) {
            map_put(&given, p->name, (void *)v);     /* given, if wrong: no E0907 besides */
            Diagnostic *dg = diag_error(x->diag, v->span, "E0908",
                                        "'%s' of template '%s' is a %s, found %s", p->name, t->name,
                                        p->kind, describe(v));
            diag_note(dg, p->span, "the parameter is declared here");
            ok = false;
            continue;
        }
        map_put(&given, p->name, (void *)v);
    }
    for (int k = 0; k < params.len; k++) {
        const TParam *p = params.items[k];
        UnboundParam *u = ARENA_NEW(x->a, UnboundParam);
        u->decl = p->span;
        map_put(&nb.unbound, p->name, u);
    }
    for (int k = 0; k < params.len; k++) {
        const TParam *p = params.items[k];
        const AstNode *v = map_get(&given, p->name);
        if (!v && p->deflt)
            v = ex_subst(x, p->deflt, &nb, tsc);    /* defaults may use earlier parameters */
        if (!v) {
            ((UnboundParam *)map_get(&nb.unbound, p->name))->reported = true;
            if (!map_get(&given, p->name) && !p->deflt) {
                Diagnostic *dg = diag_error(x->diag, use_span, "E0907",
                                            "template '%s' needs a value for '%s'", t->name, p->name);
                diag_note(dg, p->span, "'%s' (%s) is declared here without a default", p->name, p->kind);
                diag_note(dg, SPAN_NONE, "pass it at the use site: %s = …", p->name);
            }
            ok = false;
            continue;
        }
        map_put(&nb.vars, p->name, (void *)v);
        ((UnboundParam *)map_get(&nb.unbound, p->name))->bound = true;
        vec_push(x->a, &nb.names, (void *)p->name);
    }
    if (!ok)
        return false;
    diag_add_expansion(x->diag, body ? body->span : t->def->span, use_span, t->name);
    x->active[x->depth++] = t;
    t->expanding = true;
    Vec expanded = ex_expand_block(x, &stmts, &nb, tsc, false);
    t->expanding = false;
    x->depth--;
    for (int i = 0; i < expanded.len; i++)
        vec_push(x->a, out, expanded.items[i]);
    return true;
}

/* `KIND NAME from TEMPLATE { args and fields }` -> `KIND NAME { use TEMPLATE {args}; fields }` */
static const AstStmt *desugar_from(Expander *x, const AstStmt *s)
{
    if (s->is_assign || s->args.len < 3)
        return s;
    const AstNode *name = s->args.items[0], *from = s->args.items[1], *tname = s->args.items[2];
    if (name->kind != AST_WORD || !ex_is_word(from, "from") || tname->kind != AST_WORD)
        return s;
    const AstNode *blk = s->args.len > 3 ? s->args.items[3] : NULL;
    if (s->args.len > 4 || (blk && blk->kind != AST_BLOCK))
        return s;
    AstNode *args = ARENA_NEW(x->a, AstNode);
    args->kind = AST_BLOCK;
    args->span = blk ? blk->span : tname->span;
    args->text = args->unit = "";
    AstNode *body = ARENA_NEW(x->a, AstNode);
    *body = *args;
    body->items = (Vec){0};
    AstStmt *use = ARENA_NEW(x->a, AstStmt);
    use->span = span_join(from->span, tname->span);
    use->head = "use";
    use->head_span = from->span;
    vec_push(x->a, &use->args, (void *)tname);
    for (int i = 0; blk && i < blk->items.len; i++) {
        const AstStmt *it = blk->items.items[i];
        vec_push(x->a, it->is_assign ? &args->items : &body->items, (void *)it);
    }
    vec_push(x->a, &use->args, args);
    Vec items = {0};
    vec_push(x->a, &items, use);
    for (int i = 0; i < body->items.len; i++)
        vec_push(x->a, &items, body->items.items[i]);
    body->items = items;
    AstStmt *c = ex_stmt_copy(x, s);
    vec_push(x->a, &c->args, (void *)name);
    vec_push(x->a, &c->args, body);
    return c;
}

/* Expands one block's statements: `use` splices a template, `from`
   desugars, values are substituted; the block's own statements override
   what its templates yield.  `top`: a module's top level (imports,
   templates, constants and environments are not declarations). */
Vec ex_expand_block(Expander *x, const Vec *items, const Bindings *b, const ModScope *sc,
                        bool top)
{
    Vec base = {0}, own = {0};
    /* `own` is built only from the first statement that is dropped or
       changes; until then it is items[0, same). */
    bool copied = false;
    int same = 0;
    for (int i = 0; i < items->len; i++) {
        const AstStmt *s = items->items[i];
        bool skip = top && (s->is_assign || strcmp(s->head, "import") == 0 ||
                            strcmp(s->head, "template") == 0 || strcmp(s->head, "environment") == 0);
        bool use = !skip && !s->is_assign && strcmp(s->head, "use") == 0;
        AstStmt *e = skip || use ? NULL : ex_subst_stmt(x, desugar_from(x, s), b, sc);
        if (!copied && e == s) {
            same++;
            continue;
        }
        if (!copied) {
            copied = true;
            for (int k = 0; k < same; k++)
                vec_push(x->a, &own, items->items[k]);
        }
        if (skip)
            continue;
        if (use) {
            const AstNode *name = s->args.len ? s->args.items[0] : NULL;
            const AstNode *args = s->args.len > 1 ? s->args.items[1] : NULL;
            if (!name || name->kind != AST_WORD || s->args.len > 2 ||
                (args && args->kind != AST_BLOCK) || (args && args->items.len && !ex_is_map(args))) {
                Diagnostic *dg = diag_error(x->diag, s->span, "E0906",
                                            "`use` reads `use TEMPLATE [{ param = value … }]`");
                (void)dg;
                continue;
            }
            instantiate(x, name, args, s->span, b, sc, &base);
            continue;
        }
        if (e)
            vec_push(x->a, &own, e);
    }
    if (!copied) {
        /* Every statement as it was: the same items, full, so that a
           vec_push on the result reallocates instead of writing into them. */
        own = *items;
        own.cap = own.len;
    }
    if (!base.len)
        return own;
    if (!own.len)
        return base;    /* only uses: nothing overrides (templates that use others) */
    return ex_merge(x, &base, &own, false, false, "");
}

