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
 *
 * The pass is in four files (expand_internal.h): this one has the AST
 * helpers, scopes, environments and the pass itself.
 */
#include "sema/expand_internal.h"
#include "model/param_text.h"

#include "base/strbuf.h"
#include "base/suggest.h"
#include "sema/vocab.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small AST helpers ---------------------------------------------------- */

AstNode *ex_node_copy(Expander *x, const AstNode *n)
{
    AstNode *c = ARENA_NEW(x->a, AstNode);
    *c = *n;
    return c;
}

AstStmt *ex_stmt_copy(Expander *x, const AstStmt *s)
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

const AstNode *ex_block_of(const AstStmt *s)
{
    const AstNode *n = last_arg(s);
    return n && n->kind == AST_BLOCK ? n : NULL;
}

bool ex_is_word(const AstNode *n, const char *w)
{
    return n && n->kind == AST_WORD && strcmp(n->text, w) == 0;
}

bool ex_is_map(const AstNode *b)
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

bool ex_repeated_head(const char *head)
{
    return vocab_adds_lines(head);
}

const char *ex_stmt_key(Expander *x, const AstStmt *s, bool top)
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
            if (!n || n->kind != AST_WORD || s->args.len != 2 || !ex_block_of(s)) {
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
    AstNode *n = ex_node_copy(x, v);
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
        const AstNode *b = ex_block_of(s);
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
            const AstNode *b = ex_block_of(st);
            for (int j = 0; b && j < b->items.len; j++) {
                const AstStmt *e = b->items.items[j];
                if (!e->is_assign) {
                    vec_push(x.a, &env_decls, (void *)e);
                    continue;
                }
                Symbol *sym = (Symbol *)ex_scope_lookup(sc, e->head);
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
        decls = ex_merge(&x, &decls, &env_decls, true, true, "the application");

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
            if (ex_is_word(st->args.items[k], "default")) {
                const AstNode *v = st->args.items[k + 1];
                d = ex_value_text(&x, v);
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
        Vec e = ex_expand_block(&x, &one, NULL, sc, false);
        for (int k = 0; k < e.len; k++)
            vec_push(x.a, &out->stmts, e.items[k]);
    }
    s->param_strings = x.param_strings;
    return out;
}

