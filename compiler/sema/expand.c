/* expand.c - templates, constants, imports' scopes and environments.
 *
 * Scoping rules (docs/language.md, "Modules"):
 *  - a module sees its own templates and constants and those of the modules
 *    it imports directly; `import "x" as n` makes them `n.NAME` instead;
 *  - the same name reaching a module from two places is an error (E0905)
 *    that points at both definitions: nothing shadows silently;
 *  - declarations (task, service, role, …) of every module belong to the one
 *    application, whose names decode and resolve check as before.
 *
 * Merging (templates' use sites and environments): a statement of the
 * overriding side replaces every statement with the same head on the base
 * side; statements that name something (container app, volume data,
 * secret DB, port 8080, …) replace or, for blocks, merge with the one of the
 * same name; maps (env { … }, tags { … }) merge key by key.
 */
#include "sema/expand.h"
#include "model/param_text.h"

#include "base/map.h"
#include "base/strbuf.h"
#include "base/suggest.h"
#include "sema/vocab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_TEMPLATE_DEPTH = 16,
    MAX_TEMPLATE_USES = 100000,     /* instantiations per compilation (E0913) */
    /* What expansion may add to the application in all (E0020): each use
       of a template its body's bytes, each $NAME its value's, each ${…}
       string its text.  Outputs grow with it, so it bounds them too. */
    MAX_EXPANDED_BYTES = 8 * 1024 * 1024,
    MAX_VALUE_DEPTH = 64,           /* nesting of a value put in by $NAME (E0021) */
    NODE_BYTES = 16,                /* what a value's node counts besides its text */
};

typedef enum SymKind { SYM_TEMPLATE, SYM_CONST } SymKind;

typedef struct Symbol {
    SymKind kind;
    const char *name;
    const AstStmt *def;         /* template NAME {…} or NAME = value */
    Module *module;             /* where it is defined */
    const AstNode *value;       /* SYM_CONST: the effective value */
    bool resolving, resolved;   /* SYM_CONST: its value's $names and ( ) computed */
    bool expanding;             /* SYM_TEMPLATE: being instantiated (a use now is a cycle) */
    bool cycle_reported;        /* SYM_TEMPLATE: E0912 said once */
} Symbol;

typedef struct ModScope {
    Module *module;
    Map names;                  /* visible name -> Symbol* */
    Vec all;                    /* const char* visible names, for suggestions */
} ModScope;

/* Template arguments bound for one instantiation; `up` is the enclosing one. */
typedef struct Bindings {
    const struct Bindings *up;
    Map vars;                   /* name -> const AstNode* */
    Vec names;
    const ModScope *scope;      /* the template's module */
} Bindings;

typedef struct Expander {
    Sema *s;
    Arena *a;
    DiagEngine *diag;
    const Vec *modules;
    Map scopes;                 /* Module key -> ModScope* */
    Map consts;                 /* Symbol* of every constant, by (module key + name) */
    Map params;                 /* top-level param name -> compile-time value node or NULL */
    Map param_names;            /* every top-level param's name -> its marker (param_text.h) */
    bool param_strings;         /* a marker was written */
    const char *env;
    Map builtins;               /* app, env, region, account -> AstNode* */
    int depth;
    const Symbol *active[MAX_TEMPLATE_DEPTH];   /* the templates being instantiated */
    long uses;                  /* instantiations so far */
    bool too_many_uses;         /* E0913 said */
    size_t grown;               /* bytes expansion added so far (MAX_EXPANDED_BYTES) */
    bool too_big;               /* E0020 said: nothing more is expanded */
} Expander;

/* ---- small AST helpers ---------------------------------------------------- */

static AstNode *node_copy(Expander *x, const AstNode *n)
{
    AstNode *c = ARENA_NEW(x->a, AstNode);
    *c = *n;
    return c;
}

static AstStmt *stmt_copy(Expander *x, const AstStmt *s)
{
    AstStmt *c = ARENA_NEW(x->a, AstStmt);
    *c = *s;
    c->args = (Vec){0};
    return c;
}

static const AstNode *last_arg(const AstStmt *s)
{
    return s->args.len ? s->args.items[s->args.len - 1] : NULL;
}

static const AstNode *block_of(const AstStmt *s)
{
    const AstNode *n = last_arg(s);
    return n && n->kind == AST_BLOCK ? n : NULL;
}

static bool is_word(const AstNode *n, const char *w)
{
    return n && n->kind == AST_WORD && strcmp(n->text, w) == 0;
}

static bool is_map(const AstNode *b)
{
    if (!b || b->kind != AST_BLOCK || !b->items.len)
        return false;
    for (int i = 0; i < b->items.len; i++)
        if (!((const AstStmt *)b->items.items[i])->is_assign)
            return false;
    return true;
}

/* Which statements name what they declare (an override replaces or merges
   the one of the same name instead of all of that kind) and which fields
   add a line each: the decoders' tables say it (vocab.h). */

static const char *stmt_key(Expander *x, const AstStmt *s, bool top)
{
    if (s->is_assign)
        return arena_printf(x->a, "=%s", s->head);
    if (vocab_names_entry(s->head, top)) {
        const AstNode *n = s->args.len ? s->args.items[0] : NULL;
        if (n && (n->kind == AST_WORD || n->kind == AST_NUMBER || n->kind == AST_STRING))
            return arena_printf(x->a, "%s %s", s->head, n->text);
    }
    return s->head;
}

/* ---- values ---------------------------------------------------------------- */

static const char *value_text(Expander *x, const AstNode *v)
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
            strbuf_printf(&b, "%s%s", i ? "," : "", value_text(x, v->items.items[i]));
        const char *t = arena_strdup(x->a, strbuf_cstr(&b));
        strbuf_free(&b);
        return t;
    }
    default:
        return NULL;
    }
}

static Symbol *scope_lookup(const ModScope *sc, const char *name)
{
    return sc ? map_get(&sc->names, name) : NULL;
}

static AstNode *subst(Expander *x, const AstNode *n, const Bindings *b, const ModScope *sc);

/* ---- the size budget (E0020, E0021) ------------------------------------------ */

/* Adds `n` bytes to what expansion made, at `at`; false (E0020, said once)
   past MAX_EXPANDED_BYTES. */
static bool grow(Expander *x, size_t n, Span at)
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
    return grow(x, m.bytes, at);
}

/* The constants `n` names in scope `sc` (with duplicates), appended to
   `out`.  The walk follows the tree's nesting, which the parser bounds. */
static void const_deps(Expander *x, const AstNode *n, const ModScope *sc, Vec *out)
{
    if (n->kind == AST_VAR) {
        Symbol *sym = scope_lookup(sc, n->text);
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
    const AstNode *v = subst(x, sym->value, NULL, map_get(&x->scopes, sym->module->key));
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
    const Symbol *sym = scope_lookup(sc, name);
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
    const Symbol *sym = scope_lookup(sc, name);
    if (sym && sym->kind == SYM_CONST)
        return NULL;
    return map_get(&x->param_names, name);
}

static void unknown_var(Expander *x, const Bindings *b, const ModScope *sc, const AstNode *at,
                        const char *name)
{
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
    Diagnostic *dg = diag_error(x->diag, at->span, "E0909", "no value named '%s'", name);
    const char *best = suggest_best(name, (const char *const *)cands.items, (size_t)cands.len);
    if (best)
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    else
        diag_note(dg, SPAN_NONE, "a value is a template parameter, a constant (`NAME = value` "
                                 "at the top level), a param given with -D, or app, env, region, "
                                 "account");
}

/* ---- arithmetic ------------------------------------------------------------- */

typedef struct Quantity {
    double v;
    const char *dim;    /* "" plain, "MiB", "s", "cpu", "%" */
} Quantity;

static bool quantity(const AstNode *n, Quantity *q)
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
        if (!quantity(it, &vals[nv])) {
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

static Vec expand_block(Expander *x, const Vec *items, const Bindings *b, const ModScope *sc,
                        bool top);

static AstNode *subst(Expander *x, const AstNode *n, const Bindings *b, const ModScope *sc)
{
    switch (n->kind) {
    case AST_VAR: {
        const char *marker = param_marker(x, b, sc, n->text);
        const AstNode *pv = marker ? map_get(&x->params, n->text) : NULL;
        if (marker && (!pv || pv->kind == AST_STRING)) {
            x->param_strings = true;
            AstNode *c = node_copy(x, n);     /* a string param stays deploy-time */
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
            const char *t = v ? value_text(x, v) : NULL;
            if (!v) {
                unknown_var(x, b, sc, part, part->text);
                ok = false;
            } else if (!t) {
                diag_error(x->diag, part->span, "E0908", "'%s' is %s, which has no text to put in a string",
                           part->text, ast_kind_name(v->kind));
                ok = false;
            } else if (!grow(x, strlen(t), part->span)) {
                strbuf_free(&buf);
                return NULL;
            } else {
                strbuf_puts(&buf, t);
            }
        }
        AstNode *c = node_copy(x, n);
        c->text = arena_strdup(x->a, strbuf_cstr(&buf));
        c->items = (Vec){0};
        strbuf_free(&buf);
        return ok ? c : NULL;
    }
    case AST_EXPR: {
        AstNode *c = node_copy(x, n);
        c->items = (Vec){0};
        for (int i = 0; i < n->items.len; i++) {
            AstNode *it = subst(x, n->items.items[i], b, sc);
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
            AstNode *it = subst(x, n->items.items[i], b, sc);
            if (!it)
                return NULL;
            if (!c && it == n->items.items[i])
                continue;
            if (!c) {
                c = node_copy(x, n);
                c->items = (Vec){0};
                for (int k = 0; k < i; k++)
                    vec_push(x->a, &c->items, n->items.items[k]);
            }
            vec_push(x->a, &c->items, it);
        }
        return c ? c : (AstNode *)n;
    }
    case AST_BLOCK: {
        Vec items = expand_block(x, &n->items, b, sc, false);
        if (items.items == n->items.items && items.len == n->items.len)
            return (AstNode *)n;
        AstNode *c = node_copy(x, n);
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
static AstStmt *subst_stmt(Expander *x, const AstStmt *s, const Bindings *b, const ModScope *sc)
{
    AstStmt *c = NULL;
    bool ok = true;
    for (int i = 0; i < s->args.len; i++) {
        AstNode *v = subst(x, s->args.items[i], b, sc);
        if (!v) {
            ok = false;
            continue;
        }
        if (!c && v == s->args.items[i])
            continue;
        if (!c) {
            c = stmt_copy(x, s);
            for (int k = 0; k < i; k++)
                vec_push(x->a, &c->args, s->args.items[k]);
        }
        vec_push(x->a, &c->args, v);
    }
    if (!ok)
        return NULL;
    return c ? c : (AstStmt *)s;
}

/* ---- merging ------------------------------------------------------------------ */

typedef struct Merged {
    Vec stmts;
    Vec from_base;      /* parallel: (void*)1 when the statement came from the base side */
} Merged;

static AstNode *merge_maps(Expander *x, const AstNode *base, const AstNode *over)
{
    AstNode *m = node_copy(x, over);
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

static Vec merge(Expander *x, const Vec *base, const Vec *over, bool strict, bool top, const char *what);

static AstStmt *merge_stmt(Expander *x, const AstStmt *base, const AstStmt *over, bool strict)
{
    const AstNode *bb = block_of(base), *ob = block_of(over);
    if (!bb || !ob)
        return (AstStmt *)over;
    AstStmt *c = stmt_copy(x, over);
    for (int i = 0; i + 1 < over->args.len; i++)
        vec_push(x->a, &c->args, over->args.items[i]);
    if (over->args.len == 1 && base->args.len > 1) {
        /* `task web { … }` in an environment keeps `task web from t` etc. */
        for (int i = 0; i + 1 < base->args.len; i++)
            vec_push(x->a, &c->args, base->args.items[i]);
    }
    AstNode *blk = node_copy(x, ob);
    const char *what = arena_printf(x->a, "%s%s%s", base->head,
                                    base->args.len > 1 ? " " : "",
                                    base->args.len > 1 ? ((const AstNode *)base->args.items[0])->text : "");
    blk->items = merge(x, &bb->items, &ob->items, strict, false, what);
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
    AstStmt *c = stmt_copy(x, s);
    c->head = kind->text;
    c->head_span = kind->span;
    for (int i = 1; i < s->args.len; i++)
        vec_push(x->a, &c->args, s->args.items[i]);
    return c;
}

static Vec merge(Expander *x, const Vec *base, const Vec *over, bool strict, bool top, const char *what)
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
        const char *key = stmt_key(x, o, top);
        bool named = strchr(key, ' ') != NULL || o->is_assign;
        int found = -1;
        for (int i = 0; i < m.stmts.len && found < 0; i++)
            if (strcmp(stmt_key(x, m.stmts.items[i], top), key) == 0)
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
                const char *k2 = stmt_key(x, m.stmts.items[i], top);
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
        const AstNode *ob = block_of(o);
        if (!named && o->args.len == 1 && is_map(ob)) {
            int j = -1;
            for (int i = 0; i < m.stmts.len && j < 0; i++) {
                const AstStmt *bs = m.stmts.items[i];
                if (m.from_base.items[i] && strcmp(bs->head, o->head) == 0 && bs->args.len == 1 &&
                    is_map(block_of(bs)))
                    j = i;
            }
            if (j >= 0) {
                const AstStmt *bs = m.stmts.items[j];
                AstStmt *c = stmt_copy(x, o);
                vec_push(x->a, &c->args, merge_maps(x, block_of(bs), ob));
                m.stmts.items[j] = c;
                m.from_base.items[j] = NULL;
                continue;
            }
        }
        if (!named && !(!strict && vocab_adds_lines(o->head))) {
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
        return is_word(v, "true") || is_word(v, "false");
    if (strcmp(kind, "list") == 0)
        return v->kind == AST_LIST;
    if (strcmp(kind, "map") == 0)
        return v->kind == AST_BLOCK;
    if (!quantity(v, &q))
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
    if (is_word(v, "true") || is_word(v, "false"))
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
        (s->args.len != 2 && !(s->args.len == 4 && is_word(s->args.items[2], "default")))) {
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
    Symbol *sym = scope_lookup(sc, name->text);
    if (sym && sym->kind == SYM_TEMPLATE)
        return sym;
    Vec cands = {0};
    for (int i = 0; sc && i < sc->all.len; i++) {
        const Symbol *t = map_get(&sc->names, sc->all.items[i]);
        if (t->kind == SYM_TEMPLATE)
            vec_push(x->a, &cands, sc->all.items[i]);
    }
    Diagnostic *dg = diag_error(x->diag, name->span, "E0904", "no template named '%s'", name->text);
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
    const AstNode *body = block_of(t->def);
    if (body && !grow(x, body->span.hi - body->span.lo, use_span))
        return false;
    Bindings nb = {.up = NULL, .scope = tsc};
    map_init(&nb.vars, x->a);
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
        const AstNode *v = subst(x, s->args.items[0], b, sc);
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
        const AstNode *v = map_get(&given, p->name);
        if (!v && p->deflt)
            v = subst(x, p->deflt, &nb, tsc);    /* defaults may use earlier parameters */
        if (!v) {
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
        vec_push(x->a, &nb.names, (void *)p->name);
    }
    if (!ok)
        return false;
    diag_add_expansion(x->diag, body ? body->span : t->def->span, use_span, t->name);
    x->active[x->depth++] = t;
    t->expanding = true;
    Vec expanded = expand_block(x, &stmts, &nb, tsc, false);
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
    if (name->kind != AST_WORD || !is_word(from, "from") || tname->kind != AST_WORD)
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
    AstStmt *c = stmt_copy(x, s);
    vec_push(x->a, &c->args, (void *)name);
    vec_push(x->a, &c->args, body);
    return c;
}

/* Expands one block's statements: `use` splices a template, `from`
   desugars, values are substituted; the block's own statements override
   what its templates yield.  `top`: a module's top level (imports,
   templates, constants and environments are not declarations). */
static Vec expand_block(Expander *x, const Vec *items, const Bindings *b, const ModScope *sc,
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
        AstStmt *e = skip || use ? NULL : subst_stmt(x, desugar_from(x, s), b, sc);
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
                (args && args->kind != AST_BLOCK) || (args && args->items.len && !is_map(args))) {
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
    return merge(x, &base, &own, false, false, "");
}

/* ---- scopes ------------------------------------------------------------------------ */

static void define(Expander *x, ModScope *sc, const char *name, Symbol *sym, Span at)
{
    const Symbol *prev = map_put(&sc->names, name, sym);
    if (!prev) {
        vec_push(x->a, &sc->all, (void *)name);
        return;
    }
    if (prev == sym)
        return;
    Diagnostic *dg = diag_error(x->diag, at, "E0905", "'%s' is defined twice for %s", name,
                                sc->module->name);
    diag_note(dg, prev->def->head_span, "one definition is here");
    diag_note(dg, sym->def->head_span, "the other is here");
    diag_note(dg, SPAN_NONE, "rename one, or import a file `as NAME` to use its names as NAME.x");
}

static Vec own_symbols(Expander *x, Module *m)
{
    Vec out = {0};
    for (int i = 0; i < m->ast->stmts.len; i++) {
        const AstStmt *s = m->ast->stmts.items[i];
        Symbol *sym = NULL;
        if (s->is_assign) {
            sym = ARENA_NEW(x->a, Symbol);
            sym->kind = SYM_CONST;
            sym->name = s->head;
            sym->value = s->args.items[0];
        } else if (strcmp(s->head, "template") == 0) {
            const AstNode *n = s->args.len ? s->args.items[0] : NULL;
            if (!n || n->kind != AST_WORD || s->args.len != 2 || !block_of(s)) {
                diag_error(x->diag, s->span, "E0906", "a template reads `template NAME { … }`");
                continue;
            }
            sym = ARENA_NEW(x->a, Symbol);
            sym->kind = SYM_TEMPLATE;
            sym->name = n->text;
        } else {
            continue;
        }
        sym->def = s;
        sym->module = m;
        vec_push(x->a, &out, sym);
    }
    return out;
}

/* A -D value for a constant, read as the kind of its value in the source. */
static const AstNode *define_value(Expander *x, const Symbol *sym, const char *text)
{
    const AstNode *v = sym->value;
    AstNode *n = node_copy(x, v);
    n->items = (Vec){0};
    if (v->kind == AST_STRING || v->kind == AST_WORD) {
        n->text = text;
        return n;
    }
    if (v->kind == AST_LIST) {
        n->kind = AST_LIST;
        const char *p = text;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            AstNode *it = ARENA_NEW(x->a, AstNode);
            it->kind = AST_STRING;
            it->span = v->span;
            it->text = arena_strndup(x->a, p, len);
            it->unit = "";
            vec_push(x->a, &n->items, it);
            p += len + (comma ? 1 : 0);
        }
        return n;
    }
    if (v->kind == AST_NUMBER) {
        char *end;
        double d = strtod(text, &end);
        while (*end == ' ')
            end++;
        if (end == text || (strcmp(end, v->unit) != 0 && *end)) {
            Diagnostic *dg = diag_error(x->diag, v->span, "E0908",
                                        "-D %s=%s is not a number%s%s like the value in the source",
                                        sym->name, text, v->unit[0] ? " in " : "", v->unit);
            (void)dg;
            return NULL;
        }
        n->dval = d;
        n->ival = (int64_t)d;
        n->is_int = d == floor(d);
        n->text = arena_strndup(x->a, text, (size_t)(end - text));
        while (n->text[0] && n->text[strlen(n->text) - 1] == ' ')
            ((char *)n->text)[strlen(n->text) - 1] = '\0';
        n->unit = *end ? arena_strdup(x->a, end) : v->unit;
        return n;
    }
    return v;
}

static ModScope *build_scope(Expander *x, Module *m)
{
    ModScope *sc = ARENA_NEW(x->a, ModScope);
    sc->module = m;
    map_init(&sc->names, x->a);
    Vec own = own_symbols(x, m);
    for (int i = 0; i < own.len; i++) {
        Symbol *sym = own.items[i];
        define(x, sc, sym->name, sym, sym->def->head_span);
    }
    map_put(&x->scopes, m->key, sc);
    return sc;
}

static void import_names(Expander *x, ModScope *sc)
{
    for (int i = 0; i < sc->module->imports.len; i++) {
        const ModuleImport *im = sc->module->imports.items[i];
        const ModScope *from = map_get(&x->scopes, im->module->key);
        for (int k = 0; from && k < from->all.len; k++) {
            const char *name = from->all.items[k];
            Symbol *sym = map_get(&from->names, name);
            if (sym->module != im->module)
                continue;   /* only what the module defines: imports are not transitive */
            const char *visible = im->alias ? arena_printf(x->a, "%s.%s", im->alias, name) : name;
            define(x, sc, visible, sym, im->span);
        }
    }
}

/* ---- environments --------------------------------------------------------------------- */

void sema_environments(Arena *a, const Vec *modules, Vec *names)
{
    for (int i = 0; i < modules->len; i++) {
        const Module *m = modules->items[i];
        for (int k = 0; k < m->ast->stmts.len; k++) {
            const AstStmt *s = m->ast->stmts.items[k];
            const AstNode *n = s->args.len ? s->args.items[0] : NULL;
            if (s->is_assign || strcmp(s->head, "environment") != 0 || !n || n->kind != AST_WORD)
                continue;
            bool seen = false;
            for (int j = 0; j < names->len && !seen; j++)
                seen = strcmp(names->items[j], n->text) == 0;
            if (!seen)
                vec_push(a, names, (void *)n->text);
        }
    }
}

/* ---- the whole ----------------------------------------------------------------------------- */

static AstNode *string_node(Expander *x, const char *text)
{
    AstNode *n = ARENA_NEW(x->a, AstNode);
    n->kind = AST_STRING;
    n->text = text;
    n->unit = "";
    return n;
}

static const char *app_field(const Vec *decls, const char *field)
{
    for (int i = 0; i < decls->len; i++) {
        const AstStmt *s = decls->items[i];
        const AstNode *b = block_of(s);
        if (s->is_assign || strcmp(s->head, "app") != 0 || !b)
            continue;
        for (int k = 0; k < b->items.len; k++) {
            const AstStmt *f = b->items.items[k];
            const AstNode *v = f->args.len ? f->args.items[0] : NULL;
            if (!f->is_assign && strcmp(f->head, field) == 0 && v && v->kind == AST_STRING && !v->items.len)
                return v->text;
        }
        if (strcmp(field, "name") == 0 && s->args.len == 2 &&
            ((const AstNode *)s->args.items[0])->kind == AST_WORD)
            return ((const AstNode *)s->args.items[0])->text;
    }
    return NULL;
}

AstFile *sema_expand(Sema *s, const Vec *modules, const char *env)
{
    Expander x = {.s = s, .a = s->arena, .diag = s->diag, .modules = modules, .env = env};
    map_init(&x.scopes, x.a);
    map_init(&x.consts, x.a);
    map_init(&x.params, x.a);
    map_init(&x.param_names, x.a);
    map_init(&x.builtins, x.a);

    for (int i = 0; i < modules->len; i++)
        build_scope(&x, modules->items[i]);
    for (int i = 0; i < modules->len; i++)
        import_names(&x, map_get(&x.scopes, ((Module *)modules->items[i])->key));

    /* The declarations of every module, dependencies first. */
    Vec decls = {0};
    for (int i = modules->len - 1; i >= 0; i--) {
        const Module *m = modules->items[i];
        for (int k = 0; k < m->ast->stmts.len; k++) {
            const AstStmt *st = m->ast->stmts.items[k];
            if (st->is_assign || strcmp(st->head, "import") == 0 || strcmp(st->head, "template") == 0 ||
                strcmp(st->head, "environment") == 0)
                continue;
            vec_push(x.a, &decls, (void *)st);
        }
    }

    /* The environment: constants it sets, and overrides of declarations. */
    Vec env_decls = {0};
    bool env_found = env == NULL;
    for (int i = 0; env && i < modules->len; i++) {
        Module *m = modules->items[i];
        ModScope *sc = map_get(&x.scopes, m->key);
        for (int k = 0; k < m->ast->stmts.len; k++) {
            const AstStmt *st = m->ast->stmts.items[k];
            const AstNode *n = st->args.len ? st->args.items[0] : NULL;
            if (st->is_assign || strcmp(st->head, "environment") != 0 || !n || n->kind != AST_WORD ||
                strcmp(n->text, env) != 0)
                continue;
            env_found = true;
            const AstNode *b = block_of(st);
            for (int j = 0; b && j < b->items.len; j++) {
                const AstStmt *e = b->items.items[j];
                if (!e->is_assign) {
                    vec_push(x.a, &env_decls, (void *)e);
                    continue;
                }
                Symbol *sym = (Symbol *)scope_lookup(sc, e->head);
                if (!sym || sym->kind != SYM_CONST) {
                    Diagnostic *dg = diag_error(x.diag, e->head_span, "E0910",
                                                "environment '%s' sets '%s', which is not a constant",
                                                env, e->head);
                    diag_note(dg, SPAN_NONE, "declare it at the top level first: %s = …", e->head);
                    continue;
                }
                sym->value = e->args.items[0];
            }
        }
    }
    if (!env_found) {
        Vec names = {0};
        sema_environments(x.a, modules, &names);
        StrBuf b = {0};
        for (int i = 0; i < names.len; i++)
            strbuf_printf(&b, "%s%s", i ? ", " : "", (const char *)names.items[i]);
        Diagnostic *dg = diag_error(x.diag, SPAN_NONE, "E0910", "no environment named '%s'", env);
        const char *best = suggest_best(env, (const char *const *)names.items, (size_t)names.len);
        if (best)
            diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
        else
            diag_note(dg, SPAN_NONE, names.len ? "the environments are %s" : "the file declares no environment",
                      strbuf_cstr(&b));
        strbuf_free(&b);
        return ARENA_NEW(x.a, AstFile);
    }
    if (env_decls.len)
        decls = merge(&x, &decls, &env_decls, true, true, "the application");

    /* -D overrides constants; builtins; params' compile-time values. */
    for (int i = 0; i < modules->len; i++) {
        const ModScope *sc = map_get(&x.scopes, ((Module *)modules->items[i])->key);
        for (int k = 0; k < sc->all.len; k++) {
            Symbol *sym = map_get(&sc->names, sc->all.items[k]);
            const char *d = sym->kind == SYM_CONST ? sema_define(s, sym->name) : NULL;
            if (d && sym->module == sc->module) {
                const AstNode *v = define_value(&x, sym, d);
                if (v)
                    sym->value = v;
            }
        }
    }
    for (int i = 0; i < decls.len; i++) {
        const AstStmt *st = decls.items[i];
        const AstNode *n = st->args.len ? st->args.items[0] : NULL;
        if (st->is_assign || strcmp(st->head, "param") != 0 || !n || n->kind != AST_WORD)
            continue;
        map_put(&x.param_names, n->text, (void *)param_text_marker(x.a, n->text));
        const char *d = sema_define(s, n->text);
        for (int k = 2; !d && k + 1 < st->args.len; k++)
            if (is_word(st->args.items[k], "default")) {
                const AstNode *v = st->args.items[k + 1];
                d = value_text(&x, v);
            }
        if (d)
            map_put(&x.params, n->text, string_node(&x, d));
    }
    const char *app = app_field(&decls, "name"), *region = app_field(&decls, "region"),
               *account = app_field(&decls, "account");
    if (sema_define(s, "region"))
        region = sema_define(s, "region");
    if (sema_define(s, "account"))
        account = sema_define(s, "account");
    map_put(&x.builtins, "env", string_node(&x, env ? env : "default"));
    if (app)
        map_put(&x.builtins, "app", string_node(&x, app));
    if (region)
        map_put(&x.builtins, "region", string_node(&x, region));
    if (account)
        map_put(&x.builtins, "account", string_node(&x, account));

    /* Each declaration is expanded in the scope of the module it comes from;
       an environment's override statements are written where the
       environment is. */
    AstFile *out = ARENA_NEW(x.a, AstFile);
    for (int i = 0; i < decls.len; i++) {
        const AstStmt *st = decls.items[i];
        const ModScope *sc = NULL;
        for (int k = 0; k < modules->len && !sc; k++) {
            const Module *m = modules->items[k];
            if (m->file == st->span.file)
                sc = map_get(&x.scopes, m->key);
        }
        Vec one = {0};
        vec_push(x.a, &one, (void *)st);
        Vec e = expand_block(&x, &one, NULL, sc, false);
        for (int k = 0; k < e.len; k++)
            vec_push(x.a, &out->stmts, e.items[k]);
    }
    s->param_strings = x.param_strings;
    return out;
}
