/* compiler.c - the pipeline. */
#include "driver/compiler.h"

#include "base/strbuf.h"
#include "emit.h"
#include "sema/sema.h"
#include "syntax/parse.h"
#include "driver/modules.h"
#include "sema/expand.h"

#include <assert.h>

#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

void compiler_init(Compiler *c)
{
    memset(c, 0, sizeof *c);
    arena_init(&c->arena);
    source_map_init(&c->sources, &c->arena);
    diag_init(&c->diag, &c->arena);
    c->emit = EMIT_ALL;
}

void compiler_free(Compiler *c)
{
    arena_free(&c->arena);
    memset(c, 0, sizeof *c);
}

bool compiler_define(Compiler *c, const char *spec)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec)
        return false;
    Define *d = ARENA_NEW(&c->arena, Define);
    d->name = arena_strndup(&c->arena, spec, (size_t)(eq - spec));
    d->value = arena_strdup(&c->arena, eq + 1);
    vec_push(&c->arena, &c->defines, d);
    if (!c->define_map.arena)
        map_init(&c->define_map, &c->arena);
    Define *prev = map_put(&c->define_map, d->name, d);
    if (prev)
        prev->value = d->value;     /* the last -D of a name wins */
    return true;
}

bool compiler_load_params(Compiler *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open params file '%s': %s", path, strerror(errno));
        return false;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int lineno = 0;
    bool ok = true;
    while (ok && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#')
            continue;
        if (!compiler_define(c, p)) {
            snprintf(err, errlen, "%s:%d: expected NAME=VALUE", path, lineno);
            ok = false;
        }
    }
    free(line);
    fclose(f);
    return ok;
}

static uint32_t add_root(Compiler *c, const char *name, const char *text, size_t len)
{
    uint32_t id = source_add(&c->sources, name, text, len);
    vec_push(&c->arena, &c->files, (void *)(uintptr_t)id);
    return id;
}

/* A file over ECSC_MAX_SOURCE_BYTES is an error in the input (E0007, exit
   status 1), not an I/O problem; it joins the compilation empty, so spans
   into it stay valid.  `size` is 0 when unknown (a pipe). */
static uint32_t add_too_large(Compiler *c, const char *name, size_t size)
{
    enum { MIB = 1024 * 1024 };
    if (size)
        diag_error(&c->diag, SPAN_NONE, "E0007",
                   "'%s' has %zu bytes, more than the %d MiB a source file may have",
                   name, size, ECSC_MAX_SOURCE_BYTES / MIB);
    else
        diag_error(&c->diag, SPAN_NONE, "E0007",
                   "'%s' has more than the %d MiB a source file may have",
                   name, ECSC_MAX_SOURCE_BYTES / MIB);
    return source_add(&c->sources, name, "", 0);
}

uint32_t compiler_add_source(Compiler *c, const char *name, const char *text, size_t len)
{
    if (len > ECSC_MAX_SOURCE_BYTES) {
        uint32_t id = add_too_large(c, name, len);
        vec_push(&c->arena, &c->files, (void *)(uintptr_t)id);
        return id;
    }
    return add_root(c, name, text, len);
}

uint32_t compiler_load_file(Compiler *c, const char *path, char *err, size_t errlen)
{
    uint32_t id = compiler_read_source(c, path, err, errlen);
    if (id)
        vec_push(&c->arena, &c->files, (void *)(uintptr_t)id);
    return id;
}

uint32_t compiler_read_source(Compiler *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return 0;
    }
    struct stat st;
    bool have_st = fstat(fileno(f), &st) == 0;
    if (have_st && S_ISDIR(st.st_mode)) {
        fclose(f);
        snprintf(err, errlen, "'%s' is a directory, not a .ecs file", path);
        return 0;
    }
    if (have_st && S_ISREG(st.st_mode) && st.st_size > ECSC_MAX_SOURCE_BYTES) {
        fclose(f);      /* not read at all */
        return add_too_large(c, path, (size_t)st.st_size);
    }
    /* Pipes and files that grow while read are capped as they are read. */
    StrBuf b = {0};
    char chunk[65536];
    size_t n;
    bool too_big = false;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > ECSC_MAX_SOURCE_BYTES) {
            too_big = true;
            break;
        }
        strbuf_putn(&b, chunk, n);
    }
    int read_errno = errno;
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        snprintf(err, errlen, "cannot read '%s': %s", path, strerror(read_errno));
        strbuf_free(&b);
        return 0;
    }
    uint32_t id = too_big ? add_too_large(c, path, 0)
                          : source_add(&c->sources, path, b.data ? b.data : "", b.len);
    strbuf_free(&b);
    return id;
}

void compiler_copy_options(Compiler *dst, const Compiler *src)
{
    dst->defines = src->defines;
    dst->define_map = src->define_map;
    dst->include_dirs = src->include_dirs;
    dst->emit = src->emit;
    dst->diag.max_errors = src->diag.max_errors;
    dst->diag.werror = src->diag.werror;
}

bool compiler_environments(Compiler *c, Vec *names)
{
    assert(c->files.len == 1);
    c->modules = (Vec){0};
    modules_load(c, (uint32_t)(uintptr_t)c->files.items[0], &c->modules);
    if (diag_error_count(&c->diag))
        return false;
    sema_environments(&c->arena, &c->modules, names);
    return true;
}

bool compiler_check(Compiler *c)
{
    /* One application per root file; its imports are loaded with it. */
    assert(c->files.len == 1);
    c->modules = (Vec){0};
    modules_load(c, (uint32_t)(uintptr_t)c->files.items[0], &c->modules);
    if (diag_error_count(&c->diag))
        return false;
    Sema s = {&c->arena, &c->diag, &c->defines, c->emit,
              c->define_map.arena ? &c->define_map : NULL};
    const AstFile *tree = sema_expand(&s, &c->modules, c->env);
    if (diag_error_count(&c->diag))
        return false;
    c->model = sema_decode(&s, &tree, 1);
    /* Name resolution copes with a partly decoded model (unset names are
       skipped), so its errors are reported together with decode's. */
    sema_resolve(&s, c->model);
    if (diag_error_count(&c->diag))
        return false;
    sema_infer(&s, c->model);
    if (diag_error_count(&c->diag))
        return false;
    sema_check(&s, c->model);
    return diag_error_count(&c->diag) == 0;
}

/* CloudFormation accepts at most 500 resources per stack by default. */
enum { CFN_RESOURCE_QUOTA = 500 };

void compiler_emit(Compiler *c)
{
    EmitStats st = emit_all(&c->arena, c->model, c->emit, &c->outputs, &c->sink);
    if (st.cfn_resources > CFN_RESOURCE_QUOTA) {
        Diagnostic *dg = diag_warning(&c->diag, c->model->app->name_span, "W0056",
                                      "cfn/template.json has %zu resources; CloudFormation's default "
                                      "quota is %d resources per stack",
                                      st.cfn_resources, CFN_RESOURCE_QUOTA);
        diag_note(dg, SPAN_NONE, "deploy the fragments in cfn/fragments/ as several stacks, or "
                                 "ask AWS to raise the quota");
    }
}

void compiler_dump_ast(Compiler *c, FILE *out)
{
    for (int i = 0; i < c->files.len; i++) {
        uint32_t id = (uint32_t)(uintptr_t)c->files.items[i];
        AstFile *t = parse_file(&c->arena, &c->diag, &c->sources, id);
        StrBuf b = {0};
        ast_dump(t, &b);
        fputs(strbuf_cstr(&b), out);
        strbuf_free(&b);
    }
}
