/* expand_values.c - values: constants (resolved after the constants they
 * name, with the path on the heap), $NAME and ${NAME} substitution,
 * ( arithmetic ), and the budget that bounds what expansion may create
 * (E0020, E0021).
 */
#include "sema/expand_internal.h"
#include "model/param_text.h"

#include "base/strbuf.h"
#include "base/suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- values ---------------------------------------------------------------- */

const char *ex_value_text(Expander *x, const AstNode *v)
{
    switch (v->kind) {
    case AST_STRING:
    case AST_WORD:
        return v->text;
    case AST_NUMBER:
        if (!v->unit[0])
            return v->text;
        /* sizes and CPU read with a space, durations and percentages without */
        return arena_printf(x->a, strlen(v->unit) > 1 && strcmp(v->unit, "ms") != 0 ? "%s %s" : "%s%s",
                            v->text, v->unit);
    case AST_LIST: {
        StrBuf b = {0};
        for (int i = 0; i < v->items.len; i++)
            strbuf_printf(&b, "%s%s", i ? "," : "", ex_value_text(x, v->items.items[i]));
        const char *t = arena_strdup(x->a, strbuf_cstr(&b));
        strbuf_free(&b);
        return t;
    }
    default:
        return NULL;
    }
}

Symbol *ex_scope_lookup(const ModScope *sc, const char *name)
{
    return sc ? map_get(&sc->names, name) : NULL;
}


/* ---- the size budget (E0020, E0021) ------------------------------------------ */

/* Adds `n` bytes to what expansion made, at `at`; false (E0020, said once)
   past MAX_EXPANDED_BYTES. */
bool ex_grow(Expander *x, size_t n, Span at)
{
    if (!x->too_big && n <= MAX_EXPANDED_BYTES - x->grown) {
        x->grown += n;
        return true;
    }
    if (!x->too_big) {
        Diagnostic *dg = diag_error(x->diag, at, "E0020",
                                    "templates and values expand to more than %d MiB in all",
                                    MAX_EXPANDED_BYTES / (1024 * 1024));
        diag_note(dg, SPAN_NONE, "each use of a template adds its body again, each $NAME its "
                                 "whole value and each \"${…}\" string its text; %zu bytes were "
                                 "added before this one", x->grown);
        diag_note(dg, SPAN_NONE, "the outputs grow with the expansion: split the application "
                                 "into several, or make the values and templates smaller");
    }
    x->too_big = true;
    return false;
}

typedef struct Measure {
    size_t bytes, room;     /* counted so far; stop past `room` */
    bool too_deep;
} Measure;

/* The bytes value `n` stands for, as the outputs copy it (a value shared
   by reference counts at each place), stopping early past m->room or
   MAX_VALUE_DEPTH levels, so the walk is bounded too. */
static bool measure(const AstNode *n, int depth, Measure *m)
{
    if (depth > MAX_VALUE_DEPTH) {
        m->too_deep = true;
        return false;
    }
    m->bytes += NODE_BYTES + (n->text ? strlen(n->text) : 0);
    if (m->bytes > m->room)
        return false;
    for (int i = 0; i < n->items.len; i++) {
        if (n->kind != AST_BLOCK) {
            if (!measure(n->items.items[i], depth + 1, m))
                return false;
            continue;
        }
        const AstStmt *st = n->items.items[i];
        m->bytes += NODE_BYTES + strlen(st->head);
        for (int k = 0; k < st->args.len; k++)
            if (!measure(st->args.items[k], depth + 1, m))
                return false;
    }
    return true;
}

/* Charges value `v`, put in for `name` at `at`, to the budget. */
static bool charge_value(Expander *x, const AstNode *v, const char *name, Span at)
{
    if (x->too_big)
        return false;
    Measure m = {0, MAX_EXPANDED_BYTES - x->grown + 1, false};
    if (!measure(v, 0, &m) && m.too_deep) {
        Diagnostic *dg = diag_error(x->diag, at, "E0021",
                                    "the value of '%s' nests lists and blocks deeper than %d levels",
                                    name, MAX_VALUE_DEPTH);
        diag_note(dg, SPAN_NONE, "a constant whose value holds another constant's value nests "
                                 "one level deeper than it");
        return false;
    }
    return ex_grow(x, m.bytes, at);
}

/* The constants `n` names in scope `sc` (with duplicates), appended to
   `out`.  The walk follows the tree's nesting, which the parser bounds. */
static void const_deps(Expander *x, const AstNode *n, const ModScope *sc, Vec *out)
{
    if (n->kind == AST_VAR) {
        Symbol *sym = ex_scope_lookup(sc, n->text);
        if (sym && sym->kind == SYM_CONST)
            vec_push(x->a, out, sym);
        return;
    }
    for (int i = 0; i < n->items.len; i++) {
        if (n->kind != AST_BLOCK) {
            const_deps(x, n->items.items[i], sc, out);
            continue;
        }
        const AstStmt *st = n->items.items[i];
        for (int k = 0; k < st->args.len; k++)
            const_deps(x, st->args.items[k], sc, out);
    }
}

/* One constant's value, with its own $names, ${names} and ( ) resolved in
   the scope of the file that defines it. */
static void resolve_one(Expander *x, Symbol *sym)
{
    sym->resolving = true;
    const AstNode *v = ex_subst(x, sym->value, NULL, map_get(&x->scopes, sym->module->key));
    sym->resolving = false;
    sym->resolved = true;
    if (v)
        sym->value = v;
}

/* A constant being resolved, depth first: what it names, and the next. */
typedef struct ConstFrame {
    Symbol *sym;
    Vec deps;
    int next;
} ConstFrame;

static void push_const(Expander *x, Vec *frames, Symbol *sym)
{
    ConstFrame *f = ARENA_NEW(x->a, ConstFrame);
    f->sym = sym;
    sym->resolving = true;
    const_deps(x, sym->value, map_get(&x->scopes, sym->module->key), &f->deps);
    vec_push(x->a, frames, f);
}

/* Resolves `root` after the constants it names, and those before the ones
   they name, with the path on the heap: a chain of 50,000 constants, each
   naming the one before, resolves without 50,000 frames on the C stack.
   A constant on the path is skipped here, so its use is reported as a
   cycle (E0909) when the constant that closes it is substituted. */
static void resolve_consts(Expander *x, Symbol *root)
{
    Vec frames = {0};
    push_const(x, &frames, root);
    while (frames.len) {
        ConstFrame *f = frames.items[frames.len - 1];
        if (f->next < f->deps.len) {
            Symbol *d = f->deps.items[f->next++];
            if (!d->resolved && !d->resolving)
                push_const(x, &frames, d);
            continue;
        }
        frames.len--;
        f->sym->resolving = false;
        resolve_one(x, f->sym);
    }
}

/* A constant's value, resolved on first use. */
static const AstNode *const_value(Expander *x, Symbol *sym, const AstNode *at)
{
    if (sym->resolved)
        return sym->value;
    if (sym->resolving) {
        Diagnostic *dg = diag_error(x->diag, at->span, "E0909", "the value of '%s' uses '%s' itself",
                                    sym->name, sym->name);
        diag_note(dg, sym->def->span, "'%s' is defined here", sym->name);
        AstNode *none = ARENA_NEW(x->a, AstNode);   /* reported: no error besides */
        none->kind = AST_STRING;
        none->span = at->span;
        none->text = none->unit = "";
        return none;
    }
    resolve_consts(x, sym);
    return sym->value;
}

static const AstNode *lookup_var(Expander *x, const Bindings *b, const ModScope *sc,
                                 const char *name)
{
    for (const Bindings *e = b; e; e = e->up) {
        const AstNode *v = map_get(&e->vars, name);
        if (v)
            return v;
    }
    const Symbol *sym = ex_scope_lookup(sc, name);
    if (sym && sym->kind == SYM_CONST)
        return const_value(x, (Symbol *)sym, sym->value);
    const AstNode *v = map_get(&x->params, name);
    if (v)
        return v;
    return map_get(&x->builtins, name);
}

/* The marker of `name` when it names a top-level param (not a template
   parameter or constant, which come first): its value is deploy-time. */
static const char *param_marker(Expander *x, const Bindings *b, const ModScope *sc,
                                const char *name)
{
    for (const Bindings *e = b; e; e = e->up)
        if (map_get(&e->vars, name))
            return NULL;
    const Symbol *sym = ex_scope_lookup(sc, name);
    if (sym && sym->kind == SYM_CONST)
        return NULL;
    return map_get(&x->param_names, name);
}

static void unknown_var(Expander *x, const Bindings *b, const ModScope *sc, const AstNode *at,
                        const char *name)
{
    const UnboundParam *u = b ? map_get(&b->unbound, name) : NULL;
    if (u && u->bound)
        u = NULL;
    if (u && u->reported)
        return;     /* a declared parameter whose value has an error of its own */
    if (u) {
        Diagnostic *dg = diag_error(x->diag, at->span, "E0909",
                                    "'%s' is a parameter declared after this default", name);
        diag_note(dg, u->decl, "'%s' is declared here", name);
        diag_note(dg, SPAN_NONE, "a default uses only the parameters declared before it: move "
                                 "`param %s` above this one", name);
        return;
    }
    Diagnostic *dg = diag_error(x->diag, at->span, "E0909", "no value named '%s'", name);
    if (!diag_is_shown(dg))
        return;         /* said already (in a template used many times), or past --max-errors */
    Vec cands = {0};
    for (const Bindings *e = b; e; e = e->up)
        for (int i = 0; i < e->names.len; i++)
            vec_push(x->a, &cands, e->names.items[i]);
    if (sc)
        for (int i = 0; i < sc->all.len; i++)
            vec_push(x->a, &cands, sc->all.items[i]);
    static const char *const builtin_names[] = {"app", "env", "region", "account"};
    for (size_t i = 0; i < 4; i++)
        vec_push(x->a, &cands, (void *)builtin_names[i]);
    const char *best = suggest_best(name, (const char *const *)cands.items, (size_t)cands.len);
    if (best)
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    else
        diag_note(dg, SPAN_NONE, "a value is a template parameter, a constant (`NAME = value` "
                                 "at the top level), a param given with -D, or app, env, region, "
                                 "account");
}

/* ---- arithmetic ------------------------------------------------------------- */

bool ex_quantity(const AstNode *n, Quantity *q)
{
    if (n->kind != AST_NUMBER)
        return false;
    static const struct {
        const char *unit, *dim;
        double mult;
    } units[] = {
        {"", "", 1}, {"MiB", "MiB", 1}, {"GiB", "MiB", 1024}, {"TiB", "MiB", 1024 * 1024},
        {"s", "s", 1}, {"m", "s", 60}, {"h", "s", 3600}, {"d", "s", 86400},
        {"vcpu", "cpu", 1024}, {"vCPU", "cpu", 1024}, {"vcpus", "cpu", 1024}, {"%", "%", 1},
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (strcmp(units[i].unit, n->unit) == 0) {
            q->v = n->dval * units[i].mult;
            q->dim = units[i].dim;
            return true;
        }
    return false;
}

static AstNode *number_node(Expander *x, Span sp, Quantity q)
{
    AstNode *n = ARENA_NEW(x->a, AstNode);
    n->kind = AST_NUMBER;
    n->span = sp;
    const char *unit = strcmp(q.dim, "cpu") == 0 ? "" : q.dim;   /* CPU in units */
    n->is_int = q.v == floor(q.v);
    n->dval = q.v;
    n->ival = (int64_t)q.v;
    n->overflow = !isfinite(q.v) || fabs(q.v) > 9.0e15;
    n->text = n->is_int ? arena_printf(x->a, "%lld", (long long)q.v) : arena_printf(x->a, "%g", q.v);
    n->unit = arena_strdup(x->a, unit);
    return n;
}

/* ( a op b op c … ): * and / before + and -, left to right. */
static AstNode *evaluate(Expander *x, const AstNode *e)
{
    int n = e->items.len;
    Quantity vals[64] = {{0, ""}};
    char ops[64];
    int nv = 0, no = 0;
    if (n % 2 == 0 || n > 127) {
        diag_error(x->diag, e->span, "E0911", "an expression alternates values and operators");
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const AstNode *it = e->items.items[i];
        if (i % 2 == 1) {
            if (it->kind != AST_PUNCT || !strchr("+-*/", it->text[0]) || it->text[1]) {
                diag_error(x->diag, it->span, "E0911", "expected +, -, * or / in an expression");
                return NULL;
            }
            ops[no++] = it->text[0];
            continue;
        }
        if (!ex_quantity(it, &vals[nv])) {
            diag_error(x->diag, it->span, "E0911", "expected a number in an expression, found %s",
                       ast_kind_name(it->kind));
            return NULL;
        }
        nv++;
    }
    /* first pass: * and / */
    Quantity acc[64];
    char accops[64];
    int na = 0, nao = 0;
    acc[na++] = vals[0];
    for (int i = 0; i < no; i++) {
        Quantity r = vals[i + 1];
        const AstNode *at = e->items.items[2 * i + 2];
        if (ops[i] == '*' || ops[i] == '/') {
            Quantity *l = &acc[na - 1];
            if (l->dim[0] && r.dim[0]) {
                diag_error(x->diag, at->span, "E0911", "cannot %s two quantities with units",
                           ops[i] == '*' ? "multiply" : "divide");
                return NULL;
            }
            if (ops[i] == '/' && r.v == 0) {
                diag_error(x->diag, at->span, "E0911", "division by zero");
                return NULL;
            }
            if (ops[i] == '/' && r.dim[0]) {
                diag_error(x->diag, at->span, "E0911", "cannot divide by a quantity with a unit");
                return NULL;
            }
            l->v = ops[i] == '*' ? l->v * r.v : l->v / r.v;
            if (!l->dim[0])
                l->dim = r.dim;
        } else {
            accops[nao++] = ops[i];
            acc[na++] = r;
        }
    }
    Quantity res = acc[0];
    for (int i = 0; i < nao; i++) {
        if (strcmp(res.dim, acc[i + 1].dim) != 0) {
            diag_error(x->diag, e->span, "E0911", "cannot add or subtract %s and %s",
                       res.dim[0] ? res.dim : "a plain number",
                       acc[i + 1].dim[0] ? acc[i + 1].dim : "a plain number");
            return NULL;
        }
        res.v = accops[i] == '+' ? res.v + acc[i + 1].v : res.v - acc[i + 1].v;
    }
    return number_node(x, e->span, res);
}

/* ---- substitution ------------------------------------------------------------ */

AstNode *ex_subst(Expander *x, const AstNode *n, const Bindings *b, const ModScope *sc)
{
    switch (n->kind) {
    case AST_VAR: {
        const char *marker = param_marker(x, b, sc, n->text);
        const AstNode *pv = marker ? map_get(&x->params, n->text) : NULL;
        if (marker && (!pv || pv->kind == AST_STRING)) {
            x->param_strings = true;
            AstNode *c = ex_node_copy(x, n);     /* a string param stays deploy-time */
            c->kind = AST_STRING;
            c->text = marker;
            c->items = (Vec){0};
            return c;
        }
        const AstNode *v = lookup_var(x, b, sc, n->text);
        if (!v) {
            unknown_var(x, b, sc, n, n->text);
            return NULL;
        }
        return charge_value(x, v, n->text, n->span) ? (AstNode *)v : NULL;
    }
    case AST_STRING: {
        if (!n->items.len)
            return (AstNode *)n;
        StrBuf buf = {0};
        bool ok = true;
        for (int i = 0; i < n->items.len; i++) {
            const AstNode *part = n->items.items[i];
            if (part->kind != AST_VAR) {
                strbuf_puts(&buf, part->text);
                continue;
            }
            const char *marker = param_marker(x, b, sc, part->text);
            if (marker) {       /* deploy-time: the template keeps the param */
                strbuf_puts(&buf, marker);
                x->param_strings = true;
                continue;
            }
            const AstNode *v = lookup_var(x, b, sc, part->text);
            if (v && !charge_value(x, v, part->text, part->span)) {
                strbuf_free(&buf);
                return NULL;
            }
            const char *t = v ? ex_value_text(x, v) : NULL;
            if (!v) {
                unknown_var(x, b, sc, part, part->text);
                ok = false;
            } else if (!t) {
                diag_error(x->diag, part->span, "E0908", "'%s' is %s, which has no text to put in a string",
                           part->text, ast_kind_name(v->kind));
                ok = false;
            } else if (!ex_grow(x, strlen(t), part->span)) {
                strbuf_free(&buf);
                return NULL;
            } else {
                strbuf_puts(&buf, t);
            }
        }
        AstNode *c = ex_node_copy(x, n);
        c->text = arena_strdup(x->a, strbuf_cstr(&buf));
        c->items = (Vec){0};
        strbuf_free(&buf);
        return ok ? c : NULL;
    }
    case AST_EXPR: {
        AstNode *c = ex_node_copy(x, n);
        c->items = (Vec){0};
        for (int i = 0; i < n->items.len; i++) {
            AstNode *it = ex_subst(x, n->items.items[i], b, sc);
            if (!it)
                return NULL;
            vec_push(x->a, &c->items, it);
        }
        return evaluate(x, c);
    }
    case AST_LIST: {
        /* Copied only from the first item that changes. */
        AstNode *c = NULL;
        for (int i = 0; i < n->items.len; i++) {
            AstNode *it = ex_subst(x, n->items.items[i], b, sc);
            if (!it)
                return NULL;
            if (!c && it == n->items.items[i])
                continue;
            if (!c) {
                c = ex_node_copy(x, n);
                c->items = (Vec){0};
                for (int k = 0; k < i; k++)
                    vec_push(x->a, &c->items, n->items.items[k]);
            }
            vec_push(x->a, &c->items, it);
        }
        return c ? c : (AstNode *)n;
    }
    case AST_BLOCK: {
        Vec items = ex_expand_block(x, &n->items, b, sc, false);
        if (items.items == n->items.items && items.len == n->items.len)
            return (AstNode *)n;
        AstNode *c = ex_node_copy(x, n);
        c->items = items;
        return c;
    }
    default:
        return (AstNode *)n;
    }
}

/* `s` with its values substituted: `s` itself when none changes (nothing
   after expand writes to the tree, so an unchanged statement is shared,
   not copied). */
AstStmt *ex_subst_stmt(Expander *x, const AstStmt *s, const Bindings *b, const ModScope *sc)
{
    AstStmt *c = NULL;
    bool ok = true;
    for (int i = 0; i < s->args.len; i++) {
        AstNode *v = ex_subst(x, s->args.items[i], b, sc);
        if (!v) {
            ok = false;
            continue;
        }
        if (!c && v == s->args.items[i])
            continue;
        if (!c) {
            c = ex_stmt_copy(x, s);
            for (int k = 0; k < i; k++)
                vec_push(x->a, &c->args, s->args.items[k]);
        }
        vec_push(x->a, &c->args, v);
    }
    if (!ok)
        return NULL;
    return c ? c : (AstStmt *)s;
}

