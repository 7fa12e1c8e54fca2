/* test_expand.c - modules, templates, constants, expressions and
 * environments (compiler/sema/expand.c, compiler/driver/modules.c).
 *
 * Sources from memory go through tu_compile; imports of real files are
 * written to a temporary folder and compiled with compiler_load_file.
 */
#include "testutil.h"

#include "model/param_text.h"
#include "sema/module.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define APP "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"

/* ---- helpers ------------------------------------------------------------ */

static const IrTask *find_task(const Compiler *c, const char *name)
{
    for (int i = 0; c->model && i < c->model->tasks.len; i++) {
        const IrTask *t = c->model->tasks.items[i];
        if (strcmp(t->name, name) == 0)
            return t;
    }
    fail_msg("no task '%s'", name);
    return NULL;
}

static const IrContainer *find_container(const IrTask *t, const char *name)
{
    for (int i = 0; i < t->containers.len; i++) {
        const IrContainer *k = t->containers.items[i];
        if (strcmp(k->name, name) == 0)
            return k;
    }
    fail_msg("no container '%s' in task '%s'", name, t->name);
    return NULL;
}

static const IrService *find_service(const Compiler *c, const char *name)
{
    for (int i = 0; c->model && i < c->model->services.len; i++) {
        const IrService *s = c->model->services.items[i];
        if (strcmp(s->name, name) == 0)
            return s;
    }
    return NULL;
}

static const IrRole *find_role(const Compiler *c, const char *name)
{
    for (int i = 0; c->model && i < c->model->roles.len; i++) {
        const IrRole *r = c->model->roles.items[i];
        if (strcmp(r->name, name) == 0)
            return r;
    }
    fail_msg("no role '%s'", name);
    return NULL;
}

static const char *env_of(const IrContainer *k, const char *key)
{
    for (int i = 0; i < k->env.len; i++) {
        const IrKV *kv = k->env.items[i];
        if (strcmp(kv->key, key) == 0)
            return kv->value;
    }
    return NULL;
}

/* Whether some diagnostic `code` is at "line:col" and its message contains `text`. */
static bool has_diag(const Compiler *c, const char *code, const char *linecol, const char *text)
{
    for (int i = 0; i < c->diag.diags.len; i++) {
        const Diagnostic *d = c->diag.diags.items[i];
        if (!d->code || strcmp(d->code, code) != 0 || !strstr(d->msg, text))
            continue;
        uint32_t l, col;
        source_line_col(&c->sources, d->span.file, d->span.lo, &l, &col);
        char at[32];
        snprintf(at, sizeof at, "%u:%u", l, col);
        if (strcmp(at, linecol) == 0)
            return true;
    }
    tu_dump(c);
    return false;
}

/* Compiles `src` as environment `env` (NULL: the base) with -D `defs`. */
static bool compile_with(Compiler *c, const char *src, const char *env, const char *const *defs)
{
    compiler_init(c);
    c->diag.max_errors = 0;
    c->env = env;
    for (; defs && *defs; defs++)
        assert_true(compiler_define(c, *defs));
    compiler_add_source(c, "t.ecs", src, strlen(src));
    return compiler_check(c);
}

/* A temporary folder of .ecs files. */
typedef struct Dir {
    char path[64];
    char files[16][128];
    int nfiles;
    char subdirs[4][128];
    int nsubdirs;
} Dir;

static void dir_make(Dir *d)
{
    memset(d, 0, sizeof *d);
    strcpy(d->path, "/tmp/ecsc-expand-XXXXXX");
    assert_non_null(mkdtemp(d->path));
}

static void dir_subdir(Dir *d, const char *name)
{
    char base[sizeof d->path];
    memcpy(base, d->path, sizeof base);     /* snprintf may not read what it writes */
    snprintf(d->subdirs[d->nsubdirs], sizeof d->subdirs[0], "%s/%s", base, name);
    assert_int_equal(mkdir(d->subdirs[d->nsubdirs], 0700), 0);
    d->nsubdirs++;
}

static void dir_write(Dir *d, const char *name, const char *text)
{
    char *p = d->files[d->nfiles++];
    char base[sizeof d->path];
    memcpy(base, d->path, sizeof base);
    snprintf(p, sizeof d->files[0], "%s/%s", base, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void dir_remove(Dir *d)
{
    for (int i = 0; i < d->nfiles; i++)
        unlink(d->files[i]);
    for (int i = d->nsubdirs - 1; i >= 0; i--)
        rmdir(d->subdirs[i]);
    rmdir(d->path);
}

/* Compiles DIR/root with `include` (relative to DIR, or NULL) as -I. */
static bool compile_file(Compiler *c, Dir *d, const char *root, const char *include)
{
    compiler_init(c);
    c->diag.max_errors = 0;
    if (include) {
        const char *inc = arena_printf(&c->arena, "%s/%s", d->path, include);
        vec_push(&c->arena, &c->include_dirs, (void *)inc);
    }
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/%s", d->path, root);
    assert_true(compiler_load_file(c, path, err, sizeof err) != 0);
    return compiler_check(c);
}

static const char *const lib_text =
    "registry = \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\"\n"
    "template small {\n"
    "  launch fargate\n"
    "  cpu    0.5 vcpu\n"
    "  memory 1 GiB\n"
    "}\n";

/* ---- module loading ----------------------------------------------------- */

static void test_import_relative_file(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_write(&d, "lib.ecs", lib_text);
    dir_write(&d, "app.ecs",
              "import \"./lib.ecs\"\n" APP
              "task web { use small; container c { image \"${registry}/web:1\" } }\n");
    Compiler c;
    assert_true(compile_file(&c, &d, "app.ecs", NULL));
    CHECK_CLEAN(&c);
    const IrTask *t = find_task(&c, "web");
    assert_int_equal(t->cpu, 512);
    assert_int_equal(t->memory, 1024);
    assert_string_equal(find_container(t, "c")->image,
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1");
    assert_int_equal(c.modules.len, 2);
    compiler_free(&c);
    dir_remove(&d);
}

/* Two files import a third: it is read and parsed once, and the names it
   reaches the root through both do not clash. */
static void test_import_read_once(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_subdir(&d, "lib");
    dir_write(&d, "lib/common.ecs", lib_text);
    dir_write(&d, "lib/a.ecs", "import \"./common.ecs\"\ntemplate a_size { use small }\n");
    dir_write(&d, "lib/b.ecs", "import \"../lib/common.ecs\"\ntemplate b_size { use small }\n");
    dir_write(&d, "app.ecs",
              "import \"./lib/a.ecs\"\nimport \"./lib/b.ecs\"\nimport \"./lib/common.ecs\"\n" APP
              "task web { use a_size; container c { image \"${registry}/web:1\" } }\n"
              "task api { use b_size; container c { image \"${registry}/api:1\" } }\n");
    Compiler c;
    assert_true(compile_file(&c, &d, "app.ecs", NULL));
    CHECK_CLEAN(&c);
    assert_int_equal(c.modules.len, 4);     /* app, a, common, b */
    int commons = 0;
    for (int i = 0; i < c.modules.len; i++) {
        const Module *m = c.modules.items[i];
        commons += strstr(m->key, "common.ecs") != NULL;
    }
    assert_int_equal(commons, 1);
    compiler_free(&c);
    dir_remove(&d);
}

static void test_import_search_path(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_subdir(&d, "shared");
    dir_write(&d, "shared/platform.ecs", lib_text);
    dir_write(&d, "app.ecs",
              "import \"platform\"\n" APP
              "task web { use small; container c { image \"nginx:1.27\" } }\n");
    Compiler c;
    assert_true(compile_file(&c, &d, "app.ecs", "shared"));      /* -I shared */
    CHECK_CLEAN(&c);
    assert_int_equal(find_task(&c, "web")->cpu, 512);
    compiler_free(&c);

    /* without the folder: E0901 at the import's string, listing nothing */
    assert_false(compile_file(&c, &d, "app.ecs", NULL));
    CHECK_DIAG(&c, "E0901", "1:8", "cannot find 'platform' to import");
    compiler_free(&c);
    dir_remove(&d);
}

static void test_import_missing_and_cycle(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_write(&d, "a.ecs", "import \"./b.ecs\"\ntemplate a_t { cpu 256 }\n");
    dir_write(&d, "b.ecs", "import \"./c.ecs\"\ntemplate b_t { cpu 256 }\n");
    dir_write(&d, "c.ecs", "import \"./a.ecs\"\ntemplate c_t { cpu 256 }\n");
    dir_write(&d, "app.ecs", "import \"./a.ecs\"\nimport \"./nothere.ecs\"\n" APP);
    Compiler c;
    assert_false(compile_file(&c, &d, "app.ecs", NULL));
    CHECK_DIAG(&c, "E0901", "2:8", "cannot find './nothere.ecs' to import");
    const Diagnostic *cy = tu_find(&c, "E0902");
    assert_non_null(cy);
    /* a -> b -> c -> a, however the files are named in messages */
    const char *m = strstr(cy->msg, "import cycle: ");
    assert_non_null(m);
    m = strstr(m, "a.ecs -> ");
    assert_non_null(m);
    m = strstr(m, "b.ecs -> ");
    assert_non_null(m);
    m = strstr(m, "c.ecs -> ");
    assert_non_null(m);
    assert_non_null(strstr(m, "a.ecs"));
    assert_int_equal(tu_count(&c, "E0902"), 1);
    compiler_free(&c);
    dir_remove(&d);
}

static void test_std_import(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, "import \"std/sizes\"\n" APP
                               "task web { use fargate_medium; container c { image \"nginx:1.27\" } }\n"));
    CHECK_CLEAN(&c);
    assert_int_equal(find_task(&c, "web")->cpu, 1024);
    assert_int_equal(find_task(&c, "web")->memory, 2048);
    compiler_free(&c);

    assert_false(tu_compile(&c, "import \"std/size\"\n" APP));
    CHECK_DIAG(&c, "E0901", "1:8", "no module 'std/size' in the standard library");
    compiler_free(&c);

    assert_false(tu_compile(&c, "import sizes\n" APP));
    CHECK_DIAG(&c, "E0901", "1:1", "an import names a file");
    compiler_free(&c);
}

/* ---- scoping --------------------------------------------------------------- */

static void test_scope_alias(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_write(&d, "lib.ecs", lib_text);
    dir_write(&d, "app.ecs",
              "import \"./lib.ecs\" as lib\n" APP
              "registry = \"public.ecr.aws/shop\"\n"     /* no clash: lib's is lib.registry */
              "task web { use lib.small; container c { image \"${lib.registry}/web:1\" } }\n"
              "task api { use lib.small; container c { image \"${registry}/api:1\" } }\n");
    Compiler c;
    assert_true(compile_file(&c, &d, "app.ecs", NULL));
    CHECK_CLEAN(&c);
    assert_string_equal(find_container(find_task(&c, "web"), "c")->image,
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1");
    assert_string_equal(find_container(find_task(&c, "api"), "c")->image, "public.ecr.aws/shop/api:1");
    compiler_free(&c);

    /* the unqualified name is not visible */
    dir_write(&d, "bad.ecs",
              "import \"./lib.ecs\" as lib\n" APP
              "task web { use small; container c { image \"x:1\" } }\n");
    assert_false(compile_file(&c, &d, "bad.ecs", NULL));
    CHECK_DIAG(&c, "E0904", "3:16", "no template named 'small'");
    compiler_free(&c);
    dir_remove(&d);
}

static void test_scope_not_transitive(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_write(&d, "lib.ecs", lib_text);
    dir_write(&d, "mid.ecs", "import \"./lib.ecs\"\ntemplate mid_size { use small }\n");
    dir_write(&d, "app.ecs",
              "import \"./mid.ecs\"\n" APP
              "task a { use mid_size; container c { image \"x:1\" } }\n"    /* fine */
              "task b { use small;    container c { image \"${registry}/x:1\" } }\n");
    Compiler c;
    assert_false(compile_file(&c, &d, "app.ecs", NULL));
    CHECK_DIAG(&c, "E0904", "4:14", "no template named 'small'");
    CHECK_DIAG(&c, "E0909", "4:47", "no value named 'registry'");
    assert_int_equal(tu_count(&c, "E0904"), 1);      /* mid_size, and small inside it, resolve */
    compiler_free(&c);
    dir_remove(&d);
}

static void test_scope_clash(void **state)
{
    (void)state;
    Dir d;
    dir_make(&d);
    dir_write(&d, "lib.ecs", lib_text);
    dir_write(&d, "other.ecs", "template small { cpu 256 }\n");
    dir_write(&d, "two.ecs", "import \"./lib.ecs\"\nimport \"./other.ecs\"\n" APP);
    dir_write(&d, "own.ecs", "import \"./lib.ecs\"\n" APP "template small { cpu 1024 }\n");
    dir_write(&d, "ok.ecs", "import \"./lib.ecs\"\nimport \"./other.ecs\" as other\n" APP
                            "task t { use other.small; memory 512; launch fargate;"
                            " container c { image \"x:1\" } }\n");
    Compiler c;
    assert_false(compile_file(&c, &d, "two.ecs", NULL));
    CHECK_DIAG(&c, "E0905", "2:1", "'small' is defined twice");
    const Diagnostic *dg = tu_find(&c, "E0905");
    assert_true(dg->notes.len >= 2);            /* both definitions */
    compiler_free(&c);

    assert_false(compile_file(&c, &d, "own.ecs", NULL));
    CHECK_DIAG(&c, "E0905", "1:1", "'small' is defined twice");
    compiler_free(&c);

    assert_true(compile_file(&c, &d, "ok.ecs", NULL));
    CHECK_CLEAN(&c);
    assert_int_equal(find_task(&c, "t")->cpu, 256);
    compiler_free(&c);

    /* a name defined twice in one file */
    assert_false(tu_compile(&c, APP "a = \"1\"\na = \"2\"\n"));
    CHECK_DIAG(&c, "E0905", "3:1", "'a' is defined twice");
    compiler_free(&c);
    dir_remove(&d);
}

/* ---- templates ---------------------------------------------------------------- */

static const char *const sidecar_src =
    APP
    "template sidecar {\n"
    "  param version string default \"3.3.7\"\n"
    "  param port    number default 2000\n"
    "  param memory  size   default 256 MiB\n"
    "  param tag     string default \"v${version}\"\n"     /* a default from an earlier param */
    "  image              \"public.ecr.aws/xray/aws-xray-daemon:${version}\"\n"
    "  essential          false\n"
    "  memory_reservation $memory\n"
    "  port               $port udp\n"
    "  env                { VERSION = $tag, MODE = \"daemon\" }\n"
    "}\n"
    "task t {\n"
    "  launch fargate\n"
    "  cpu 1 vcpu\n"
    "  memory 2 GiB\n"
    "  container app { image \"nginx:1.27\" }\n"
    "  container a from sidecar\n"
    "  container b from sidecar { version = \"3.3.8\"; port = 2001; memory = (64 MiB * 2) }\n"
    "  container c from sidecar { version = \"3.3.9\"; port = 2002; memory_reservation 32; env { MODE = \"local\", EXTRA = \"1\" } }\n"
    "  container d { use sidecar { port = 2003 }; essential }\n"
    "}\n";

static void test_template_args_defaults_overrides(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, sidecar_src));
    CHECK_CLEAN(&c);
    const IrTask *t = find_task(&c, "t");
    const IrContainer *a = find_container(t, "a"), *b = find_container(t, "b"),
                      *k = find_container(t, "c"), *d = find_container(t, "d");
    /* defaults */
    assert_string_equal(a->image, "public.ecr.aws/xray/aws-xray-daemon:3.3.7");
    assert_int_equal(a->memory_reservation, 256);
    assert_int_equal(((const IrPort *)a->ports.items[0])->container_port, 2000);
    assert_int_equal(a->essential, IR_TRI_FALSE);
    assert_string_equal(env_of(a, "VERSION"), "v3.3.7");
    /* arguments, and an expression as one */
    assert_string_equal(b->image, "public.ecr.aws/xray/aws-xray-daemon:3.3.8");
    assert_string_equal(env_of(b, "VERSION"), "v3.3.8");
    assert_int_equal(b->memory_reservation, 128);
    assert_int_equal(((const IrPort *)b->ports.items[0])->container_port, 2001);
    /* statements at the use site override; maps merge key by key */
    assert_int_equal(k->memory_reservation, 32);
    assert_string_equal(env_of(k, "MODE"), "local");
    assert_string_equal(env_of(k, "EXTRA"), "1");
    assert_string_equal(env_of(k, "VERSION"), "v3.3.9");
    assert_int_equal(k->env.len, 3);
    /* `use` inside a block, and a flag that overrides */
    assert_int_equal(d->essential, IR_TRI_TRUE);
    assert_int_equal(((const IrPort *)d->ports.items[0])->container_port, 2003);
    compiler_free(&c);
}

static void test_template_nested(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP
        "template size { param cpu cpu default 256; param memory size default 512 MiB\n"
        "  launch fargate; cpu $cpu; memory $memory }\n"
        "template web_task { param big bool default false\n"
        "  use size { cpu = 1 vcpu; memory = 2 GiB }\n"
        "  tags { tier = \"web\" }\n"
        "  container app { image \"nginx:1.27\"; port 80 }\n"
        "}\n"
        "task a { use web_task }\n"
        "task b { use web_task; memory 4 GiB; tags { owner = \"me\" } }\n"));
    CHECK_CLEAN(&c);
    const IrTask *a = find_task(&c, "a"), *b = find_task(&c, "b");
    assert_int_equal(a->cpu, 1024);
    assert_int_equal(a->memory, 2048);
    assert_int_equal(b->cpu, 1024);
    assert_int_equal(b->memory, 4096);
    assert_int_equal(b->tags.len, 2);
    assert_string_equal(find_container(b, "app")->image, "nginx:1.27");
    compiler_free(&c);
}

/* Several templates in one block add up (roles built of policy blocks). */
static void test_template_several_in_a_block(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, "import \"std/policies\"\n" APP
        "role api {\n"
        "  use s3_read { bucket = \"assets\"; prefix = \"img/\" }\n"
        "  use sqs_consume { queue = \"jobs\" }\n"
        "}\n"
        "task t { launch ec2; role api; container c { image \"x:1\"; memory 64 } }\n"));
    CHECK_CLEAN(&c);
    const IrRole *r = find_role(&c, "api");
    assert_int_equal(r->statements.len, 3);
    const IrStatement *st = r->statements.items[0];
    assert_string_equal(st->resources.items[0], "arn:aws:s3:::assets/img/*");
    st = r->statements.items[2];
    assert_string_equal(st->resources.items[0], "arn:aws:sqs:eu-west-1:123456789012:jobs");
    compiler_free(&c);
}

static void test_template_errors(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "template t { param port number; port $port }\n"
        "task a { launch ec2; container c { image \"x:1\"; memory 64; use t } }\n"));
    CHECK_DIAG(&c, "E0907", "3:60", "template 't' needs a value for 'port'");
    compiler_free(&c);

    assert_false(tu_compile(&c, APP
        "template t { param port number default 80; port $port }\n"
        "task a { launch ec2; container c { image \"x:1\"; memory 64; use t { prot = 81 } } }\n"));
    CHECK_DIAG(&c, "E0906", "3:68", "template 't' has no parameter 'prot'");
    compiler_free(&c);

    assert_false(tu_compile(&c, APP
        "template t { param port number default 80; port $port }\n"
        "task a { launch ec2; container c { image \"x:1\"; memory 64; use t { port = \"81\" } } }\n"));
    CHECK_DIAG(&c, "E0908", "3:75", "'port' of template 't' is a number, found a string");
    compiler_free(&c);

    /* a template is checked where it is used: an unused one is not */
    assert_true(tu_compile(&c, APP "template t { param port numbr }\n"));
    compiler_free(&c);

    assert_false(tu_compile(&c, APP
        "template t { param port numbr; port $port }\n"
        "task a { launch ec2; container c { image \"x:1\"; memory 64; use t { port = 1 } } }\n"));
    CHECK_DIAG(&c, "E0906", "2:25", "unknown parameter kind 'numbr'");
    compiler_free(&c);

    assert_false(tu_compile(&c, APP
        "task a { launch ec2; container c { image \"x:1\"; memory 64; use nothing } }\n"));
    CHECK_DIAG(&c, "E0904", "2:64", "no template named 'nothing'");
    compiler_free(&c);

    assert_false(tu_compile(&c, APP
        "template a { use b }\ntemplate b { use a }\n"
        "task t { launch ec2; use a; container c { image \"x:1\"; memory 64 } }\n"));
    CHECK_DIAG(&c, "E0912", "3:18", "template 'a' uses itself");
    compiler_free(&c);

    /* using itself several times: one error, at once, not one per turn
       (each turn used to multiply the statements, 3^16 of them) */
    assert_false(tu_compile(&c, APP
        "template a { use a; use a; use a; cpu 256 }\n"
        "task t { launch fargate; use a; use a; memory 512 MiB; container c { image \"x:1\" } }\n"));
    CHECK_DIAG(&c, "E0912", "2:18", "template 'a' uses itself");
    assert_int_equal(diag_error_count(&c.diag), 1);
    compiler_free(&c);
}

/* ---- constants, -D, interpolation, expressions --------------------------------- */

static const char *const const_src =
    APP
    "tag      = \"1.4.2\"\n"
    "replicas = 2\n"
    "mem      = 256 MiB\n"
    "hosts    = [\"a\", \"b\"]\n"
    "param owner string default \"team-web\"\n"
    "task t {\n"
    "  launch ec2\n"
    "  container c {\n"
    "    image  \"shop:${tag}\"\n"
    "    memory $mem\n"
    "    env    { APP = \"${app}\", ENV = \"${env}\", WHERE = \"${region}/${account}\",\n"
    "             N = \"${replicas}\", MEM = \"${mem}\", HOSTS = \"${hosts}\", OWNER = \"${owner}\",\n"
    "             DOLLAR = \"\\${tag} $tag\" }\n"
    "  }\n"
    "}\n"
    "service t { task t; launch ec2; desired $replicas }\n"
    "cluster { existing \"shop\" }\n";

static void test_constants_and_interpolation(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, const_src));
    CHECK_CLEAN(&c);
    const IrContainer *k = find_container(find_task(&c, "t"), "c");
    assert_string_equal(k->image, "shop:1.4.2");
    assert_int_equal(k->memory, 256);
    assert_string_equal(env_of(k, "APP"), "shop");
    assert_string_equal(env_of(k, "ENV"), "default");
    assert_string_equal(env_of(k, "WHERE"), "eu-west-1/123456789012");
    assert_string_equal(env_of(k, "N"), "2");
    assert_string_equal(env_of(k, "MEM"), "256 MiB");
    assert_string_equal(env_of(k, "HOSTS"), "a,b");
    /* a param stays deploy-time: a marker the emitters replace (param_text.h) */
    assert_string_equal(env_of(k, "OWNER"), "\xffowner\xfe");
    assert_true(c.model->param_strings);
    assert_string_equal(env_of(k, "DOLLAR"), "${tag} $tag");
    assert_int_equal(find_service(&c, "t")->desired, 2);
    compiler_free(&c);
}

static void test_constants_defines(void **state)
{
    (void)state;
    Compiler c;
    const char *defs[] = {"tag=2.0.0", "replicas=5", "mem=1024", "hosts=x,y,z", "owner=ops",
                          "region=us-east-1", NULL};
    assert_true(compile_with(&c, const_src, NULL, defs));
    CHECK_CLEAN(&c);
    const IrContainer *k = find_container(find_task(&c, "t"), "c");
    assert_string_equal(k->image, "shop:2.0.0");
    assert_int_equal(k->memory, 1024);
    assert_string_equal(env_of(k, "HOSTS"), "x,y,z");
    assert_string_equal(env_of(k, "OWNER"), "\xffowner\xfe");  /* -D owner=ops: at emission */
    assert_string_equal(env_of(k, "WHERE"), "us-east-1/123456789012");
    assert_int_equal(find_service(&c, "t")->desired, 5);
    compiler_free(&c);

    const char *bad[] = {"replicas=many", NULL};
    assert_false(compile_with(&c, const_src, NULL, bad));
    CHECK_DIAG(&c, "E0908", "3:12", "-D replicas=many is not a number");
    compiler_free(&c);
}

static void test_unknown_value(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "tag = \"1\"\n"
                                "task t { launch ec2; container c { image \"x:${tga}\"; memory $mme } }\n"));
    CHECK_DIAG(&c, "E0909", "3:47", "no value named 'tga'");
    assert_int_equal(tu_count(&c, "E0909"), 2);
    compiler_free(&c);

    assert_false(tu_compile(&c, APP "m = { a = \"1\" }\n"
                                "task t { launch ec2; container c { image \"x:${m}\"; memory 64 } }\n"));
    CHECK_DIAG(&c, "E0908", "3:47", "'m' is a block, which has no text to put in a string");
    compiler_free(&c);
}

static void test_expressions(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP
        "n = 3\n"
        "task t {\n"
        "  launch ec2\n"
        "  cpu    (0.5 vcpu * 2)\n"                             /* 1024 units */
        "  memory (1 GiB + 512 MiB)\n"                          /* 1536 */
        "  container a { image \"x:1\"; memory (2 + 3 * 4) }\n"   /* * before + */
        "  container b { image \"x:1\"; memory (100 - 20 - 16) }\n" /* left to right */
        "  container c { image \"x:1\"; memory (1 GiB / 4); stop_timeout (1m + 30s) }\n"
        "  container d { image \"x:1\"; memory (128 MiB * $n / 2 + 64 MiB) }\n"
        "}\n"));
    CHECK_CLEAN(&c);
    const IrTask *t = find_task(&c, "t");
    assert_int_equal(t->cpu, 1024);
    assert_int_equal(t->memory, 1536);
    assert_int_equal(find_container(t, "a")->memory, 14);
    assert_int_equal(find_container(t, "b")->memory, 64);
    assert_int_equal(find_container(t, "c")->memory, 256);
    assert_int_equal(find_container(t, "c")->stop_timeout, 90);
    assert_int_equal(find_container(t, "d")->memory, 256);
    compiler_free(&c);

    assert_false(tu_compile(&c, APP
        "task t { launch ec2; container a { image \"x:1\"; memory (1 GiB * 2 GiB) } }\n"));
    CHECK_DIAG(&c, "E0911", "2:65", "cannot multiply two quantities with units");
    compiler_free(&c);
    assert_false(tu_compile(&c, APP
        "task t { launch ec2; container a { image \"x:1\"; memory (1 GiB + 30s) } }\n"));
    CHECK_DIAG(&c, "E0911", "2:56", "cannot add or subtract MiB and s");
    compiler_free(&c);
    assert_false(tu_compile(&c, APP
        "task t { launch ec2; container a { image \"x:1\"; memory (64 / 0) } }\n"));
    CHECK_DIAG(&c, "E0911", "2:62", "division by zero");
    compiler_free(&c);
    assert_false(tu_compile(&c, APP
        "task t { launch ec2; container a { image \"x:1\"; memory (64 / 2 MiB) } }\n"));
    CHECK_DIAG(&c, "E0911", "2:62", "cannot divide by a quantity with a unit");
    compiler_free(&c);
    assert_false(tu_compile(&c, APP
        "task t { launch ec2; container a { image \"x:1\"; memory (\"64\" + 2) } }\n"));
    CHECK_DIAG(&c, "E0911", "2:57", "expected a number in an expression, found a string");
    compiler_free(&c);
}

/* ---- environments ------------------------------------------------------------------ */

static const char *const env_src =
    APP
    "tag = \"1.0.0\"\n"
    "param subnets [subnet_id] default [\"subnet-0a1b2c3d\", \"subnet-4e5f6a7b\"]\n"
    "template small { launch fargate; cpu 256; memory 512 }\n"
    "template large { launch fargate; cpu 2048; memory 4096 }\n"
    "task web {\n"
    "  use small\n"
    "  container app { image \"shop:${tag}\"; env { A = \"1\", B = \"2\" } }\n"
    "}\n"
    "service web { task web; subnets subnets; desired 2; scale 2..4 on cpu 60% }\n"
    "environment dev {\n"
    "  service web { desired 1; scale 1..2 on cpu 80% }\n"
    "}\n"
    "environment prod {\n"
    "  tag = \"0.9.0\"\n"
    "  task web { use large; container app { env { B = \"two\", C = \"3\" } } }\n"
    "  service web { desired 6; scale 6..20 on cpu 50% }\n"
    "  add task batch { use small; container job { image \"job:${tag}\" } }\n"
    "  add service batch { task batch; subnets subnets }\n"
    "}\n";

static void test_env_base(void **state)
{
    (void)state;
    Compiler c;
    assert_true(compile_with(&c, env_src, NULL, NULL));
    CHECK_CLEAN(&c);
    const IrTask *t = find_task(&c, "web");
    assert_int_equal(t->cpu, 256);
    assert_string_equal(find_container(t, "app")->image, "shop:1.0.0");
    assert_int_equal(find_service(&c, "web")->desired, 2);
    assert_null(find_service(&c, "batch"));
    assert_int_equal(c.model->tasks.len, 1);
    compiler_free(&c);
}

static void test_env_override_and_add(void **state)
{
    (void)state;
    Compiler c;
    assert_true(compile_with(&c, env_src, "prod", NULL));
    CHECK_CLEAN(&c);
    const IrTask *t = find_task(&c, "web");
    assert_int_equal(t->cpu, 2048);
    assert_int_equal(t->memory, 4096);
    const IrContainer *k = find_container(t, "app");
    assert_string_equal(k->image, "shop:0.9.0");          /* the environment's constant */
    assert_string_equal(env_of(k, "A"), "1");             /* maps merge key by key */
    assert_string_equal(env_of(k, "B"), "two");
    assert_string_equal(env_of(k, "C"), "3");
    const IrService *s = find_service(&c, "web");
    assert_int_equal(s->desired, 6);
    assert_int_equal(s->scaling->min, 6);
    assert_int_equal(s->scaling->max, 20);
    assert_non_null(find_service(&c, "batch"));
    assert_string_equal(find_container(find_task(&c, "batch"), "job")->image, "job:0.9.0");
    compiler_free(&c);

    assert_true(compile_with(&c, env_src, "dev", NULL));
    CHECK_CLEAN(&c);
    assert_int_equal(find_task(&c, "web")->cpu, 256);
    assert_int_equal(find_service(&c, "web")->desired, 1);
    assert_int_equal(find_service(&c, "web")->scaling->target, 80);
    assert_null(find_service(&c, "batch"));
    compiler_free(&c);

    /* -D wins over the environment's constant */
    const char *defs[] = {"tag=7.7.7", NULL};
    assert_true(compile_with(&c, env_src, "prod", defs));
    assert_string_equal(find_container(find_task(&c, "web"), "app")->image, "shop:7.7.7");
    compiler_free(&c);
}

static void test_env_list(void **state)
{
    (void)state;
    Compiler c;
    compiler_init(&c);
    compiler_add_source(&c, "t.ecs", env_src, strlen(env_src));
    Vec names = {0};
    assert_true(compiler_environments(&c, &names));
    assert_int_equal(names.len, 2);
    assert_string_equal(names.items[0], "dev");
    assert_string_equal(names.items[1], "prod");
    compiler_free(&c);
}

static void test_env_errors(void **state)
{
    (void)state;
    Compiler c;
    assert_false(compile_with(&c, env_src, "staging", NULL));
    const Diagnostic *d = tu_find(&c, "E0910");
    assert_non_null(d);
    assert_string_equal(d->msg, "no environment named 'staging'");
    compiler_free(&c);

    const char *src = APP
        "task web { launch ec2; container app { image \"x:1\"; memory 64 } }\n"
        "environment prod {\n"
        "  task wbe { cpu 256 }\n"
        "  task web { container ap { memory 128 } }\n"
        "  add task web { launch ec2 }\n"
        "  tga = \"1\"\n"
        "}\n";
    assert_false(compile_with(&c, src, "prod", NULL));
    assert_true(has_diag(&c, "E0910", "4:3", "the environment overrides task wbe, which the application does not have"));
    assert_true(has_diag(&c, "E0910", "5:14", "the environment overrides container ap, which task web does not have"));
    assert_true(has_diag(&c, "E0910", "6:3", "'add task web' names something that exists already"));
    assert_true(has_diag(&c, "E0910", "7:3", "environment 'prod' sets 'tga', which is not a constant"));
    assert_int_equal(tu_count(&c, "E0910"), 4);
    compiler_free(&c);

    /* the base ignores environments, even a broken one */
    assert_true(compile_with(&c, src, NULL, NULL));
    compiler_free(&c);
}

/* Strings with params: shown as written, and matched with each param
   standing for any text, in time linear in the params. */
static void test_param_text(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    assert_string_equal(param_text_display(&a, "\xffmode\xfex"), "${mode}x");
    assert_string_equal(param_text_display(&a, "plain"), "plain");
    assert_true(param_text_could_be("\xffmode\xfe", "host"));
    assert_true(param_text_could_be("h\xffm\xfet", "host"));
    assert_true(param_text_could_be("\xff" "a\xfe\xff" "b\xfe", ""));
    assert_false(param_text_could_be("\xffmode\xfex", "host"));
    assert_false(param_text_could_be("x\xffmode\xfe", "host"));
    assert_false(param_text_could_be("host", "hosts"));
    char many[4001];
    for (int i = 0; i < 1000; i++)
        memcpy(many + 4 * i, "\xff" "a\xfe", 3), many[4 * i + 3] = 'b';
    many[4000] = 0;
    assert_false(param_text_could_be(many, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbc"));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_relative_file),
        cmocka_unit_test(test_import_read_once),
        cmocka_unit_test(test_import_search_path),
        cmocka_unit_test(test_import_missing_and_cycle),
        cmocka_unit_test(test_std_import),
        cmocka_unit_test(test_scope_alias),
        cmocka_unit_test(test_scope_not_transitive),
        cmocka_unit_test(test_scope_clash),
        cmocka_unit_test(test_template_args_defaults_overrides),
        cmocka_unit_test(test_template_nested),
        cmocka_unit_test(test_template_several_in_a_block),
        cmocka_unit_test(test_template_errors),
        cmocka_unit_test(test_constants_and_interpolation),
        cmocka_unit_test(test_constants_defines),
        cmocka_unit_test(test_unknown_value),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_env_base),
        cmocka_unit_test(test_env_override_and_add),
        cmocka_unit_test(test_env_list),
        cmocka_unit_test(test_env_errors),
        cmocka_unit_test(test_param_text),
    };
    return cmocka_run_group_tests_name("expand", tests, NULL, NULL);
}
