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

/* Reads all of `f` (at most `limit` bytes) into `b`; false with a message
   in `err` when it is larger or a read fails. */
static bool read_capped(FILE *f, const char *path, size_t limit, StrBuf *b, char *err,
                        size_t errlen)
{
    enum { CHUNK = 65536 };
    char *chunk = malloc(CHUNK);
    if (!chunk)
        ecsc_oom();
    size_t n;
    bool ok = true;
    while (ok && (n = fread(chunk, 1, CHUNK, f)) > 0) {
        if (b->len + n > limit) {
            snprintf(err, errlen, "params file '%s' has more than the %zu KiB it may have", path,
                     limit / 1024);
            ok = false;
        } else {
            strbuf_putn(b, chunk, n);
        }
    }
    if (ok && ferror(f)) {
        snprintf(err, errlen, "cannot read params file '%s': %s", path, strerror(errno));
        ok = false;
    }
    free(chunk);
    return ok;
}

bool compiler_load_params(Compiler *c, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open params file '%s': %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        snprintf(err, errlen, "params file '%s' is a directory", path);
        return false;
    }
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > ECSC_MAX_PARAMS_BYTES) {
        fclose(f);
        snprintf(err, errlen, "params file '%s' has %lld bytes, more than the %d KiB it may have",
                 path, (long long)st.st_size, ECSC_MAX_PARAMS_BYTES / 1024);
        return false;
    }
    StrBuf b = {0};
    errno = 0;
    bool ok = read_capped(f, path, ECSC_MAX_PARAMS_BYTES, &b, err, errlen);
    fclose(f);
    const char *text = strbuf_cstr(&b);
    if (ok && memchr(text, '\0', b.len)) {
        snprintf(err, errlen, "params file '%s' holds a NUL byte; it is not text", path);
        ok = false;
    }
    int lineno = 0;
    for (const char *p = text; ok && p < text + b.len;) {
        const char *nl = memchr(p, '\n', (size_t)(text + b.len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(text + b.len - p);
        lineno++;
        while (n > 0 && p[n - 1] == '\r')
            n--;
        while (n > 0 && (*p == ' ' || *p == '\t')) {
            p++;
            n--;
        }
        if (n > 0 && *p != '#') {
            char *line = arena_strndup(&c->arena, p, n);
            if (!compiler_define(c, line)) {
                snprintf(err, errlen, "%s:%d: expected NAME=VALUE", path, lineno);
                ok = false;
            }
        }
        p = nl ? nl + 1 : text + b.len;
    }
    strbuf_free(&b);
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

uint32_t compiler_add_source_lines(Compiler *c, const char *name, const char *text, size_t len,
                                   const uint32_t *starts, uint32_t nlines)
{
    if (len > ECSC_MAX_SOURCE_BYTES)
        return compiler_add_source(c, name, text, len);
    uint32_t id = source_add_lines(&c->sources, name, text, len, starts, nlines);
    vec_push(&c->arena, &c->files, (void *)(uintptr_t)id);
    return id;
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
    size_t olen;
    const char *otext = c->overlay ? c->overlay(c->overlay_ctx, path, &olen) : NULL;
    if (otext)
        return olen > ECSC_MAX_SOURCE_BYTES ? add_too_large(c, path, olen)
                                            : source_add(&c->sources, path, otext, olen);
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
    /* Pipes and files that grow while read are capped as they are read.
       The chunk is on the heap: imports are read one after another, but a
       64 KiB frame is too much for a thread's or a small `ulimit -s` stack. */
    enum { CHUNK = 65536 };
    StrBuf b = {0};
    char *chunk = malloc(CHUNK);
    if (!chunk)
        ecsc_oom();
    size_t n;
    bool too_big = false;
    while ((n = fread(chunk, 1, CHUNK, f)) > 0) {
        if (b.len + n > ECSC_MAX_SOURCE_BYTES) {
            too_big = true;
            break;
        }
        strbuf_putn(&b, chunk, n);
    }
    int read_errno = errno;
    bool failed = ferror(f);
    free(chunk);
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
    dst->emit_given = src->emit_given;
    dst->stack_outputs = src->stack_outputs;
    dst->stack_params = src->stack_params;
    dst->stack_file = src->stack_file;
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

static const char *lookup_define(void *ctx, const char *name)
{
    return sema_define(ctx, name);
}

/* The plan of the checked model, its checks, and the deploy-time values
   services/ needs: missing ones are an error only when --emit asked for
   services/, else one warning and those services are not written. */
static void compiler_plan(Compiler *c, Sema *s)
{
    c->plan = plan_build(&c->arena, c->model);
    if (c->emit & EMIT_CFN)
        plan_check(c->plan, &c->diag);
    PlanLookup lk = {lookup_define, s, c->stack_outputs.arena ? &c->stack_outputs : NULL,
                     c->stack_params.arena ? &c->stack_params : NULL};
    plan_values(c->plan, &lk, &c->diag);
    if (!(c->emit & EMIT_SERVICES))
        return;
    const char *stack = c->model->app->name ? c->model->app->name : "NAME";
    const char *next = c->stack_file
        ? arena_printf(&c->arena, "'%s' does not carry them: deploy the current cfn/template.json, "
                       "then run `aws cloudformation describe-stacks --stack-name %s > %s` and "
                       "compile again", c->stack_file, stack, c->stack_file)
        : arena_printf(&c->arena, "deploy cfn/template.json (`aws cloudformation deploy "
                       "--template-file OUT/cfn/template.json --stack-name %s --capabilities "
                       "CAPABILITY_NAMED_IAM`), run `aws cloudformation describe-stacks "
                       "--stack-name %s > stack.json`, and compile again with --stack-outputs "
                       "stack.json; or pass each value with -D NAME=VALUE", stack, stack);
    if (!c->emit_given && diag_error_count(&c->diag))
        return;     /* a value of the wrong shape: that error says what to fix */
    plan_report_missing(c->plan, &c->diag, c->emit_given, next);
}

bool compiler_check(Compiler *c)
{
    /* One application per root file; its imports are loaded with it. */
    assert(c->files.len == 1);
    c->modules = (Vec){0};
    modules_load(c, (uint32_t)(uintptr_t)c->files.items[0], &c->modules);
    if (diag_error_count(&c->diag))
        return false;
    Sema s = {.arena = &c->arena, .diag = &c->diag, .defines = &c->defines,
              .define_map = c->define_map.arena ? &c->define_map : NULL};
    const AstFile *tree = sema_expand(&s, &c->modules, c->env);
    if (diag_error_count(&c->diag))
        return false;
    c->model = sema_decode(&s, &tree, 1);
    c->model->param_strings = s.param_strings;
    /* Name resolution copes with a partly decoded model (unset names are
       skipped), so its errors are reported together with decode's. */
    sema_resolve(&s, c->model);
    if (diag_error_count(&c->diag))
        return false;
    sema_infer(&s, c->model);
    if (diag_error_count(&c->diag))
        return false;
    sema_check(&s, c->model);
    if (diag_error_count(&c->diag))
        return false;
    compiler_plan(c, &s);
    return diag_error_count(&c->diag) == 0;
}

static void compiler_check_sizes(Compiler *c);
static void report_policy_sizes(Compiler *c, const Vec *sizes);

/* The files left out because a param in their strings has no value: an
   error each when --emit asked for them, else one warning. */
static void report_skipped(Compiler *c, const Vec *skipped)
{
    if (!skipped->len)
        return;
    if (c->emit_given) {
        VEC_EACH(const EmitSkip *, sk, *skipped) {
            Diagnostic *dg = diag_error(&c->diag, sk->owner, "E0530",
                                        "%s needs the value of param '%s'", sk->path,
                                        sk->param->name);
            diag_note(dg, sk->param->name_span, "param '%s' is declared here without a default",
                      sk->param->name);
            diag_note(dg, SPAN_NONE, "pass -D %s=VALUE, or --stack-outputs FILE from the deployed "
                                     "stack", sk->param->name);
        }
        return;
    }
    const char *files = NULL, *params = NULL;
    VEC_EACH(const EmitSkip *, sk, *skipped) {
        files = files ? arena_printf(&c->arena, "%s, %s", files, sk->path) : sk->path;
        const char *p = arena_printf(&c->arena, "'%s'", sk->param->name);
        if (!params || !strstr(params, p))
            params = params ? arena_printf(&c->arena, "%s, %s", params, p) : p;
    }
    const EmitSkip *first = skipped->items[0];
    Diagnostic *dg = diag_warning(&c->diag, first->owner, "W0057",
                                  "%s not written: param %s has no value", files, params);
    diag_note(dg, first->param->name_span, "in cfn/template.json it stays a parameter; the API "
                                           "documents need its value");
    diag_note(dg, SPAN_NONE, "pass -D %s=VALUE, or --stack-outputs FILE with the deployed stack's "
                             "parameters", first->param->name);
}

void compiler_emit(Compiler *c)
{
    EmitStats st = emit_all(&c->arena, c->plan, c->emit, &c->outputs, &c->sink);
    report_skipped(c, &st.skipped);
    compiler_check_sizes(c);
    report_policy_sizes(c, &st.policy_sizes);
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

/* Limits on whole documents, known once they are printed: they are staged,
   not committed, so an error here still leaves the output folder as it
   was.  A template too large for one stack is a warning: its fragments
   may deploy as several stacks (as with W0056).  CloudFormation takes a template of at most 51,200 bytes in the
   request and 1 MB from S3; ECS a task definition of at most 64 KiB. */
enum { TEMPLATE_DIRECT = 51200, TEMPLATE_S3 = 1000000, TASKDEF_MAX = 65536 };

static void compiler_check_sizes(Compiler *c)
{
    const IrModel *m = c->model;
    Span app = m->app->span.file ? m->app->name_span : SPAN_NONE;
    VEC_EACH(const OutputFile *, f, c->outputs) {
        if (strcmp(f->path, "cfn/template.json") == 0 && f->len > TEMPLATE_S3) {
            /* as with W0056, its fragments may still deploy: a warning */
            Diagnostic *dg = diag_warning(&c->diag, app, "W0058",
                                          "cfn/template.json has %zu bytes; CloudFormation takes "
                                          "at most %d bytes, even from S3", f->len, TEMPLATE_S3);
            diag_note(dg, SPAN_NONE, "deploy the fragments in cfn/fragments/ as several stacks, "
                                     "or split the application into several files");
        } else if (strcmp(f->path, "cfn/template.json") == 0 && f->len > TEMPLATE_DIRECT) {
            Diagnostic *dg = diag_warning(&c->diag, app, "W0058",
                                          "cfn/template.json has %zu bytes, more than the %d "
                                          "CloudFormation takes in the request itself", f->len,
                                          TEMPLATE_DIRECT);
            diag_note(dg, SPAN_NONE, "deploy it through S3: aws cloudformation deploy "
                                     "--s3-bucket BUCKET … (up to 1 MB)");
        } else if (strncmp(f->path, "taskdefs/", 9) == 0 && f->compact_len > TASKDEF_MAX) {
            VEC_EACH(const IrTask *, t, m->tasks) {
                if (strcmp(f->path + 9, arena_printf(&c->arena, "%s.json", t->family)) != 0)
                    continue;
                Diagnostic *dg = diag_error(&c->diag, t->name_span, "E0566",
                                            "the task definition of task '%s' has %zu bytes (without "
                                            "white space); ECS takes at most %d", t->name,
                                            f->compact_len, TASKDEF_MAX);
                diag_note(dg, SPAN_NONE, "move long values (environment, command lines) into "
                                         "environment files (`env_file`) or secrets");
            }
        }
    }
}

/* IAM's quota on the inline policies of a role: 10,240 characters in all,
   white space not counted (IAM and AWS STS quotas, "Role policy size").
   Measured by emit on the template's own documents (cfn_policy_size.c),
   ecsc's grants included, as the least they resolve to: sema knows no
   output format, and the plan does not build the documents. */
enum { ROLE_POLICY_MAX = 10240 };

static void report_policy_sizes(Compiler *c, const Vec *sizes)
{
    VEC_EACH(const EmitPolicySize *, ps, *sizes) {
        const PlanRes *r = plan_by_id(c->plan, ps->id);
        if (ps->chars <= ROLE_POLICY_MAX || !r)
            continue;
        Diagnostic *dg = diag_error(&c->diag, r->span, "E0561",
                                    "the inline policies of %s have at least %zu characters "
                                    "(%s in cfn/template.json); IAM allows %d per role", r->what,
                                    ps->chars, ps->id, ROLE_POLICY_MAX);
        diag_note(dg, SPAN_NONE, "IAM counts every inline policy of the role, without white "
                                 "space, those ecsc adds included");
        diag_note(dg, SPAN_NONE, "use wildcards in resource ARNs, or attach a managed policy "
                                 "with `managed \"arn:aws:iam::…:policy/NAME\"`");
    }
}
