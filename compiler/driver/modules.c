/* modules.c - import resolution: search path, the embedded stdlib, read
 * once, cycles reported with the whole cycle. */
#include "driver/modules.h"

#include "base/map.h"
#include "base/strbuf.h"
#include "driver/stdlib.h"
#include "syntax/parse.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Loader {
    Compiler *c;
    Map by_key;             /* key -> Module* */
    Vec stack;              /* ModuleImport* being followed, for cycles */
    Vec *out;
    bool ok;
} Loader;

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char *dir_of(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

static const char *with_ext(Arena *a, const char *p)
{
    size_t n = strlen(p);
    return n > 4 && strcmp(p + n - 4, ".ecs") == 0 ? p : arena_printf(a, "%s.ecs", p);
}

/* The file an import names, or NULL; `tried` collects the places looked at. */
static const char *resolve(Loader *l, const char *from_dir, const char *spec, StrBuf *tried)
{
    Arena *a = &l->c->arena;
    const char *rel = with_ext(a, spec);
    if (spec[0] == '/' || strncmp(spec, "./", 2) == 0 || strncmp(spec, "../", 3) == 0) {
        while (strncmp(rel, "./", 2) == 0)
            rel += 2;           /* "././lib/x.ecs" reads badly in messages */
        const char *p = spec[0] == '/' || strcmp(from_dir, ".") == 0
                            ? rel : arena_printf(a, "%s/%s", from_dir, rel);
        strbuf_printf(tried, "\n  %s", p);
        return is_file(p) ? p : NULL;
    }
    for (int i = 0; i < l->c->include_dirs.len; i++) {
        const char *p = arena_printf(a, "%s/%s", (const char *)l->c->include_dirs.items[i], rel);
        strbuf_printf(tried, "\n  %s", p);
        if (is_file(p))
            return p;
    }
    return NULL;
}

static Module *new_module(Loader *l, const char *key, const char *name, uint32_t file,
                          bool is_stdlib)
{
    Module *m = ARENA_NEW(&l->c->arena, Module);
    m->key = key;
    m->name = name;
    m->file = file;
    m->is_stdlib = is_stdlib;
    m->ast = l->c->tree ? l->c->tree(l->c->overlay_ctx, l->c, file) : NULL;
    if (!m->ast)
        m->ast = parse_file(&l->c->arena, &l->c->diag, &l->c->sources, file);
    map_put(&l->by_key, key, m);
    return m;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The offset just past the first line of `f` that holds more than blanks
   and a comment. */
static uint32_t first_line_end(const SourceFile *f)
{
    uint32_t i = 0;
    while (i < f->len) {
        while (i < f->len && (f->text[i] == ' ' || f->text[i] == '\t' || f->text[i] == '\r'))
            i++;
        bool empty = i == f->len || f->text[i] == '\n' || f->text[i] == '#';
        while (i < f->len && f->text[i] != '\n')
            i++;
        if (!empty)
            return i;
        i++;
    }
    return f->len;
}

/* An imported file that does not look like .ecs source shows no lines in
   diagnostics, only places: an import can be a symlink to any file the
   build can read (a key, a credentials file), and diagnostics end up in
   CI logs.  It does not look like source when its real path does not end
   in .ecs, or when parsing it failed on its first line or on a byte that
   is not text (E0006).  The first of its diagnostics says why. */
static void screen_source(Loader *l, const Module *m, int diags_before)
{
    static const char not_text[] = "E0006";     /* a NUL byte or invalid UTF-8 */
    DiagEngine *d = &l->c->diag;
    const SourceFile *f = source_get(&l->c->sources, m->file);
    const char *why = NULL;
    if (!ends_with(m->key, ".ecs")) {
        why = "its real path does not end in .ecs";
    } else {
        uint32_t first = first_line_end(f);
        for (int i = diags_before; i < d->diags.len && !why; i++) {
            const Diagnostic *dg = d->diags.items[i];
            if (dg->severity != DIAG_ERROR || dg->span.file != m->file)
                continue;
            if (strcmp(dg->code, not_text) == 0)
                why = "it is not UTF-8 text";
            else if (dg->span.lo <= first)
                why = "it fails to parse from its first line";
        }
    }
    if (!why)
        return;
    diag_hide_source(d, m->file);
    for (int i = diags_before; i < d->diags.len; i++) {
        Diagnostic *dg = d->diags.items[i];
        if (dg->span.file == m->file) {
            diag_note(dg, SPAN_NONE, "'%s' does not look like .ecs source (%s), so its lines are "
                                     "not shown", f->name, why);
            break;
        }
    }
}

static void cycle_error(Loader *l, const ModuleImport *closing, const Module *target)
{
    /* The stack holds the imports followed from the root; the cycle starts
       at the import of `target`. */
    int start = 0;
    for (int i = 0; i < l->stack.len; i++) {
        const ModuleImport *im = l->stack.items[i];
        if (im->module == target)
            start = i + 1;
    }
    StrBuf path = {0};
    strbuf_puts(&path, target->name);
    for (int i = start; i < l->stack.len; i++)
        strbuf_printf(&path, " -> %s", ((const ModuleImport *)l->stack.items[i])->module->name);
    strbuf_printf(&path, " -> %s", target->name);
    Diagnostic *dg = diag_error(&l->c->diag, closing->span, "E0902", "import cycle: %s",
                                strbuf_cstr(&path));
    for (int i = start; i < l->stack.len; i++) {
        const ModuleImport *im = l->stack.items[i];
        diag_note(dg, im->span, "%s is imported here", im->module->name);
    }
    diag_note(dg, SPAN_NONE, "move what both files need into a third file that neither imports");
    strbuf_free(&path);
    l->ok = false;
}

/* Resolves and reads the module `s` imports; returns the import when that
   module is new and must be read next, NULL otherwise (read already, or
   an error). */
static ModuleImport *follow(Loader *l, Module *from, const AstStmt *s)
{
    Compiler *c = l->c;
    Arena *a = &c->arena;
    const AstNode *spec = s->args.len ? s->args.items[0] : NULL;
    const char *alias = NULL;
    bool shape = spec && spec->kind == AST_STRING && spec->items.len == 0;
    if (shape && s->args.len == 3) {
        const AstNode *as = s->args.items[1], *name = s->args.items[2];
        shape = as->kind == AST_WORD && strcmp(as->text, "as") == 0 && name->kind == AST_WORD;
        alias = shape ? name->text : NULL;
    } else if (shape && s->args.len != 1) {
        shape = false;
    }
    if (!shape) {
        Diagnostic *dg = diag_error(&c->diag, s->span, "E0901",
                                    "an import names a file: import \"./common.ecs\" [as NAME]");
        diag_note(dg, SPAN_NONE, "the standard library is import \"std/NAME\"");
        l->ok = false;
        return NULL;
    }
    Module *target = NULL;
    if (strncmp(spec->text, "std/", 4) == 0) {
        const char *key = arena_strdup(a, spec->text);
        target = map_get(&l->by_key, key);
        if (!target) {
            const StdlibFile *f = stdlib_find(spec->text + 4);
            if (!f) {
                StrBuf names = {0};
                for (const StdlibFile *e = stdlib_files; e->name; e++)
                    strbuf_printf(&names, "%sstd/%s", e == stdlib_files ? "" : ", ", e->name);
                Diagnostic *dg = diag_error(&c->diag, spec->span, "E0901",
                                            "no module '%s' in the standard library", spec->text);
                diag_note(dg, SPAN_NONE, "the standard library has %s", strbuf_cstr(&names));
                strbuf_free(&names);
                l->ok = false;
                return NULL;
            }
            uint32_t id = source_add(&c->sources, arena_printf(a, "<%s>", key), f->text, f->len);
            target = new_module(l, key, key, id, true);
        }
    } else {
        const SourceFile *sf = source_get(&c->sources, from->file);
        StrBuf tried = {0};
        const char *path = resolve(l, from->is_stdlib ? "." : dir_of(a, sf->name), spec->text, &tried);
        if (!path) {
            Diagnostic *dg = diag_error(&c->diag, spec->span, "E0901", "cannot find '%s' to import",
                                        spec->text);
            diag_note(dg, SPAN_NONE, "looked for:%s", tried.len ? strbuf_cstr(&tried) : " (no -I folder given)");
            diag_note(dg, SPAN_NONE, "\"./x.ecs\" is relative to this file; other names are looked up "
                                     "in the -I folders and ECSC_PATH");
            strbuf_free(&tried);
            l->ok = false;
            return NULL;
        }
        strbuf_free(&tried);
        char real[PATH_MAX];
        const char *key = arena_strdup(a, realpath(path, real) ? real : path);
        target = map_get(&l->by_key, key);
        if (!target) {
            char err[512];
            uint32_t id = compiler_read_source(c, path, err, sizeof err);
            if (!id) {
                diag_error(&c->diag, spec->span, "E0901", "%s", err);
                l->ok = false;
                return NULL;
            }
            int before = c->diag.diags.len;
            target = new_module(l, key, path, id, false);   /* as messages name the file */
            screen_source(l, target, before);
        }
    }
    ModuleImport *im = ARENA_NEW(a, ModuleImport);
    im->module = target;
    im->alias = alias;
    im->span = s->span;
    if (target->state == 1) {
        cycle_error(l, im, target);
        return NULL;
    }
    vec_push(a, &from->imports, im);
    return target->state == 0 ? im : NULL;
}

/* A module being read: the index of its next statement. */
typedef struct Frame {
    Module *m;
    int next;
} Frame;

static void enter(Loader *l, Vec *frames, Module *m)
{
    Frame *f = ARENA_NEW(&l->c->arena, Frame);
    f->m = m;
    m->state = 1;
    vec_push(&l->c->arena, l->out, m);
    vec_push(&l->c->arena, frames, f);
}

/* Depth first, with the path in `frames` and `l->stack` rather than on the
   C stack: a chain of thousands of files, each importing the next, is
   only as deep as the heap allows. */
static void load(Loader *l, Module *root)
{
    Vec frames = {0};
    enter(l, &frames, root);
    while (frames.len) {
        Frame *f = frames.items[frames.len - 1];
        if (f->next == f->m->ast->stmts.len) {
            f->m->state = 2;
            frames.len--;
            if (l->stack.len)
                l->stack.len--;     /* the import that led here */
            continue;
        }
        const AstStmt *s = f->m->ast->stmts.items[f->next++];
        if (s->is_assign || strcmp(s->head, "import") != 0)
            continue;
        ModuleImport *im = follow(l, f->m, s);
        if (im) {
            vec_push(&l->c->arena, &l->stack, im);
            enter(l, &frames, im->module);
        }
    }
}

bool modules_load(Compiler *c, uint32_t root, Vec *out)
{
    Loader l = {.c = c, .out = out, .ok = true};
    map_init(&l.by_key, &c->arena);
    const SourceFile *f = source_get(&c->sources, root);
    char real[PATH_MAX];
    const char *key = arena_strdup(&c->arena, realpath(f->name, real) ? real : f->name);
    Module *m = new_module(&l, key, f->name, root, false);
    load(&l, m);
    return l.ok;
}
