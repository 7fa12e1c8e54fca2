/* index.c - declarations and references by name (index.h). */
#include "lsp/index.h"

#include <string.h>

static const char *const kind_names[SYM_NKINDS] = {
    "app", "role", "task", "param", "load_balancer", "service", "capacity",
    "template", "constant", "container", "volume",
};

const char *sym_kind_name(SymKind k)
{
    return k < SYM_NKINDS ? kind_names[k] : "?";
}

/* The kind a top-level statement head declares, or SYM_NKINDS. */
static SymKind decl_kind(const char *head)
{
    for (int k = 0; k < SYM_CONSTANT; k++)
        if (strcmp(kind_names[k], head) == 0)
            return (SymKind)k;
    return SYM_NKINDS;
}

SymKind index_ref_kind(const char *head, SymKind in, const char *prev_word)
{
    if (in == SYM_TEMPLATE)     /* a template's lines may land in any block */
        in = strcmp(head, "task") == 0 || strcmp(head, "capacity") == 0 ? SYM_SERVICE : SYM_TASK;
    if (prev_word && (strcmp(prev_word, "from") == 0))
        return SYM_TEMPLATE;
    if (prev_word && strcmp(prev_word, "to") == 0 && in == SYM_SERVICE)
        return SYM_CONTAINER;
    if (strcmp(head, "use") == 0)
        return SYM_TEMPLATE;
    if (strcmp(head, "role") == 0 || strcmp(head, "execution_role") == 0)
        return in == SYM_TASK ? SYM_ROLE : SYM_NKINDS;
    if (strcmp(head, "task") == 0)
        return in == SYM_SERVICE ? SYM_TASK : SYM_NKINDS;
    if (strcmp(head, "depends_on") == 0 || strcmp(head, "volumes_from") == 0 ||
        strcmp(head, "links") == 0)
        return SYM_CONTAINER;
    if (strcmp(head, "proxy") == 0)
        return in == SYM_TASK ? SYM_CONTAINER : SYM_NKINDS;
    if (strcmp(head, "mount") == 0)
        return SYM_VOLUME;
    if (strcmp(head, "subnets") == 0 || strcmp(head, "vpc") == 0 ||
        strcmp(head, "security_groups") == 0 || strcmp(head, "cert") == 0 ||
        (prev_word && strcmp(prev_word, "cert") == 0))
        return SYM_PARAM;
    if (strcmp(head, "capacity") == 0 && in == SYM_SERVICE)
        return SYM_CAPACITY;
    if (strcmp(head, "route") == 0 && !prev_word)
        return SYM_LB;
    return SYM_NKINDS;
}

typedef struct Builder {
    Index *ix;
    Analysis *an;
    Map top;                /* "kind name" of top-level declarations, per module: see key() */
} Builder;

static const char *key(Builder *b, const Module *m, SymKind k, const char *name, const Sym *task)
{
    return arena_printf(b->ix->arena, "%p %d %p %s", (const void *)m, (int)k, (const void *)task,
                        name);
}

static Sym *add_sym(Builder *b, const Module *m, SymKind k, const AstStmt *s, const AstNode *name,
                    const Sym *parent)
{
    Sym *y = ARENA_NEW(b->ix->arena, Sym);
    y->kind = k;
    y->name = name ? name->text : s->head;
    y->name_span = name ? name->span : s->head_span;
    y->span = s->span;
    y->parent = parent;
    y->module = m;
    y->stmt = s;
    vec_push(b->ix->arena, &b->ix->syms, y);
    map_put(&b->top, key(b, m, k, y->name, parent), y);
    Ref *r = ARENA_NEW(b->ix->arena, Ref);
    r->span = y->name_span;
    r->sym = y;
    vec_push(b->ix->arena, &b->ix->refs, r);
    return y;
}

static const AstNode *block_of(const AstStmt *s)
{
    const AstNode *last = s->args.len ? s->args.items[s->args.len - 1] : NULL;
    return last && last->kind == AST_BLOCK ? last : NULL;
}

static const AstNode *name_of(const AstStmt *s)
{
    const AstNode *n = s->args.len ? s->args.items[0] : NULL;
    return n && n->kind == AST_WORD ? n : NULL;
}

/* Declarations: pass 1. */
static void collect_task(Builder *b, const Module *m, const Sym *task, const AstNode *blk)
{
    for (int i = 0; blk && i < blk->items.len; i++) {
        const AstStmt *s = blk->items.items[i];
        const AstNode *n = name_of(s);
        if (s->is_assign || !n)
            continue;
        if (strcmp(s->head, "container") == 0)
            add_sym(b, m, SYM_CONTAINER, s, n, task);
        else if (strcmp(s->head, "volume") == 0)
            add_sym(b, m, SYM_VOLUME, s, n, task);
    }
}

static void collect(Builder *b, const Module *m)
{
    VEC_EACH(const AstStmt *, s, m->ast->stmts) {
        if (s->is_assign) {
            add_sym(b, m, SYM_CONSTANT, s, NULL, NULL);
            continue;
        }
        SymKind k = decl_kind(s->head);
        const AstNode *n = name_of(s);
        if (k == SYM_NKINDS || !n)
            continue;
        Sym *y = add_sym(b, m, k, s, n, NULL);
        if (k == SYM_TASK || k == SYM_TEMPLATE)
            collect_task(b, m, y, block_of(s));
    }
}

/* The declaration of kind `k` named `name` as seen from module `m`: its
   own, then those of the modules it imports without `as`, `alias.name` in
   the module imported `as alias` (imports are not transitive: §18.1). */
static const Sym *lookup_in(Builder *b, const Module *m, SymKind k, const char *name,
                            const Sym *task, int depth)
{
    const Sym *y = map_get(&b->top, key(b, m, k, name, task));
    if (y || task || depth > 0)
        return y;
    const char *dot = strchr(name, '.');
    VEC_EACH(const ModuleImport *, im, m->imports) {
        if (dot && im->alias && strlen(im->alias) == (size_t)(dot - name) &&
            strncmp(im->alias, name, (size_t)(dot - name)) == 0)
            return lookup_in(b, im->module, k, dot + 1, NULL, depth + 1);
        if (!dot && !im->alias && (y = lookup_in(b, im->module, k, name, NULL, depth + 1)))
            return y;
    }
    return NULL;
}

static void add_ref(Builder *b, Span sp, const Sym *y)
{
    Ref *r = ARENA_NEW(b->ix->arena, Ref);
    r->span = sp;
    r->sym = y;
    vec_push(b->ix->arena, &b->ix->refs, r);
}

/* The task a service runs (its `task NAME` line), for `to CONTAINER`. */
static const Sym *service_task(Builder *b, const Module *m, const AstNode *blk)
{
    for (int i = 0; blk && i < blk->items.len; i++) {
        const AstStmt *s = blk->items.items[i];
        const AstNode *n = name_of(s);
        if (!s->is_assign && n && strcmp(s->head, "task") == 0)
            return lookup_in(b, m, SYM_TASK, n->text, NULL, 0);
    }
    return NULL;
}

typedef struct Scope {
    const Module *m;
    SymKind in;             /* the declaration whose block this is */
    const Sym *task;        /* for containers and volumes */
} Scope;

static void refs_in_node(Builder *b, const Scope *sc, const AstNode *n);
static void refs_in_block(Builder *b, const Scope *sc, const AstNode *blk);

static void refs_in_stmt(Builder *b, const Scope *sc, const AstStmt *s, int first_arg)
{
    const char *prev = NULL;
    for (int i = 0; i < s->args.len; i++) {
        const AstNode *n = s->args.items[i];
        if (n->kind == AST_WORD && i >= first_arg && !s->is_assign) {
            SymKind k = index_ref_kind(s->head, sc->in, prev);
            const Sym *task = k == SYM_CONTAINER || k == SYM_VOLUME ? sc->task : NULL;
            const Sym *y = NULL;
            if (k == SYM_CONTAINER || k == SYM_VOLUME)
                y = task ? lookup_in(b, task->module, k, n->text, task, 0) : NULL;
            else if (k != SYM_NKINDS)
                y = lookup_in(b, sc->m, k, n->text, NULL, 0);
            if (y)
                add_ref(b, n->span, y);
            prev = n->text;
        } else {
            refs_in_node(b, sc, n);
            prev = n->kind == AST_PUNCT ? prev : NULL;
        }
    }
}

static void refs_in_node(Builder *b, const Scope *sc, const AstNode *n)
{
    if (n->kind == AST_VAR) {
        const Sym *y = lookup_in(b, sc->m, SYM_CONSTANT, n->text, NULL, 0);
        const SourceFile *f = source_get(&b->an->c.sources, n->span.file);
        bool dollar = f && n->span.lo < f->len && f->text[n->span.lo] == '$';
        if (y)  /* `$name`, or `name` inside "${name}" */
            add_ref(b, span_make(n->span.file, n->span.lo + dollar, n->span.hi), y);
        return;
    }
    if (n->kind == AST_BLOCK) {
        refs_in_block(b, sc, n);
        return;
    }
    VEC_EACH(const AstNode *, k, n->items) {
        refs_in_node(b, sc, k);
    }
}

static void refs_in_block(Builder *b, const Scope *sc, const AstNode *blk)
{
    VEC_EACH(const AstStmt *, s, blk->items) {
        int first = 0;
        Scope inner = *sc;
        if (!s->is_assign && strcmp(s->head, "container") == 0 && sc->in == SYM_TASK) {
            first = 1;
            inner.in = SYM_CONTAINER;
        }
        if (!s->is_assign && strcmp(s->head, "volume") == 0 && sc->in == SYM_TASK)
            first = 1;
        refs_in_stmt(b, &inner, s, first);
    }
}

/* An `environment` block: its constants and declarations change those of
   the base, so they refer to them (as `remove KIND NAME` does); `add KIND
   NAME` declares nothing the base has. */
static void refs_env(Builder *b, const Module *m, const AstStmt *env)
{
    const AstNode *blk = block_of(env);
    for (int i = 0; blk && i < blk->items.len; i++) {
        const AstStmt *s = blk->items.items[i];
        if (s->is_assign) {
            const Sym *y = lookup_in(b, m, SYM_CONSTANT, s->head, NULL, 0);
            if (y)
                add_ref(b, s->head_span, y);
            Scope sc = {m, SYM_CONSTANT, NULL};
            refs_in_stmt(b, &sc, s, 0);
            continue;
        }
        /* `add KIND NAME …` and `remove KIND NAME`: the kind is a word */
        bool add = strcmp(s->head, "add") == 0, kinded = add || strcmp(s->head, "remove") == 0;
        const AstNode *kw = kinded && s->args.len ? s->args.items[0] : NULL;
        SymKind k = decl_kind(kinded ? (kw && kw->kind == AST_WORD ? kw->text : "") : s->head);
        const AstNode *n = s->args.len > (kinded ? 1 : 0) ? s->args.items[kinded ? 1 : 0] : NULL;
        const Sym *y = n && n->kind == AST_WORD && k != SYM_NKINDS
                           ? lookup_in(b, m, k, n->text, NULL, 0) : NULL;
        if (y && !add)
            add_ref(b, n->span, y);
        Scope sc = {m, k, k == SYM_TASK ? y : NULL};
        if (k == SYM_SERVICE)
            sc.task = service_task(b, m, block_of(s));
        refs_in_stmt(b, &sc, s, kinded ? 2 : 1);
    }
}

static void refs(Builder *b, const Module *m)
{
    VEC_EACH(const AstStmt *, s, m->ast->stmts) {
        SymKind k = s->is_assign ? SYM_CONSTANT : decl_kind(s->head);
        const AstNode *n = name_of(s);
        Scope sc = {m, k, NULL};
        if (k == SYM_TASK || k == SYM_TEMPLATE)
            sc.task = n ? map_get(&b->top, key(b, m, k, n->text, NULL)) : NULL;
        if (k == SYM_SERVICE)
            sc.task = service_task(b, m, block_of(s));
        if (!s->is_assign && strcmp(s->head, "environment") == 0) {
            refs_env(b, m, s);
            continue;
        }
        refs_in_stmt(b, &sc, s, k == SYM_NKINDS || k == SYM_CONSTANT ? 0 : 1);
    }
}

void index_build(Index *ix, Analysis *an)
{
    memset(ix, 0, sizeof *ix);
    ix->arena = &an->c.arena;
    Builder b = {ix, an, {0}};
    map_init(&b.top, ix->arena);
    VEC_EACH(const Module *, m, an->c.modules) {
        if (m->ast)
            collect(&b, m);
    }
    VEC_EACH(const Module *, m, an->c.modules) {
        if (m->ast)
            refs(&b, m);
    }
}

const Sym *index_at(const Index *ix, uint32_t file, uint32_t offset, Span *at)
{
    VEC_EACH(const Ref *, r, ix->refs) {
        if (r->span.file == file && r->span.lo <= offset && offset <= r->span.hi) {
            if (at)
                *at = r->span;
            return r->sym;
        }
    }
    return NULL;
}

static bool sees(const Module *from, const Module *m)
{
    if (from == m)
        return true;
    VEC_EACH(const ModuleImport *, im, from->imports) {
        if (!im->alias && im->module == m)
            return true;
    }
    return false;
}

void index_visible(const Index *ix, const Module *m, SymKind k, const Sym *task, Vec *out)
{
    VEC_EACH(const Sym *, y, ix->syms) {
        if (y->kind != k)
            continue;
        if (k == SYM_CONTAINER || k == SYM_VOLUME ? y->parent == task : sees(m, y->module))
            vec_push(ix->arena, out, (void *)y);
    }
}
