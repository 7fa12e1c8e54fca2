/* test_hostile.c - the shapes of issue 13 that crashed, hung or ran out of
 * memory, in memory and on disk: chains of imports and constants, the
 * expansion budget (E0020, E0021), names too long to write (E0022, E0023),
 * repeated diagnostics, the window of a long line, imports that are not
 * source, and --params.  tests/limits/check_limits.py runs the large ones
 * against the binary with time and memory bounds. */
#include "testutil.h"

#include "sema/sema.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char APP[] = "app shop { region \"eu-west-1\"; account \"123456789012\" }\n";

/* A growable text for generated sources. */
typedef struct Text {
    char *p;
    size_t len, cap;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    while (t->len + (size_t)n + 1 > t->cap) {
        t->cap = t->cap ? t->cap * 2 : 4096;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    va_start(ap, fmt);
    vsnprintf(t->p + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* 50,000 constants, each naming the one before, resolve without
   recursion (they took more than the default 8 MiB stack before). */
static void test_constant_chain(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%sc0 = \"x\"\n", APP);
    for (int i = 1; i < 50000; i++)
        add(&t, "c%d = $c%d\n", i, i - 1);
    add(&t, "task web { launch fargate; cpu 256; memory 512 MiB\n"
            "  container app { image \"nginx:1.25\"; env { A = $c49999 } } }\n");
    Compiler c;
    assert_true(tu_compile(&c, t.p));
    compiler_free(&c);
    free(t.p);
}

/* A cycle among constants is still found, at the constant that closes it. */
static void test_constant_cycle(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, "a = $b\nb = $c\nc = $a\n"
                                "task web { container app { image $a } }\n"));
    assert_int_equal(tu_count(&c, "E0909"), 1);
    assert_non_null(strstr(tu_find(&c, "E0909")->msg, "uses"));
    compiler_free(&c);
}

/* E0021: a list holding the constant before, 70 times. */
static void test_value_depth(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%sc0 = \"x\"\n", APP);
    for (int i = 1; i < 70; i++)
        add(&t, "c%d = [$c%d]\n", i, i - 1);
    add(&t, "task web { launch fargate; cpu 256; memory 512 MiB\n"
            "  container app { image \"nginx:1.25\"; command $c69 } }\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    assert_true(tu_count(&c, "E0021") >= 1);
    assert_non_null(strstr(tu_find(&c, "E0021")->msg, "deeper than 64 levels"));
    compiler_free(&c);
    free(t.p);
}

/* E0020: strings that double, once; 20 doublings of 2 bytes (2 MiB) fit. */
static void test_expansion_budget_strings(void **state)
{
    (void)state;
    for (int n = 20; n <= 40; n += 20) {
        Text t = {0};
        add(&t, "%ss0 = \"xx\"\n", APP);
        for (int i = 1; i < n; i++)
            add(&t, "s%d = \"${s%d}${s%d}\"\n", i, i - 1, i - 1);
        add(&t, "task web { launch fargate; cpu 256; memory 512 MiB\n"
                "  container app { image \"nginx:1.25\"; env { A = \"${s%d}\" } } }\n", n - 1);
        Compiler c;
        bool ok = tu_compile(&c, t.p);
        assert_int_equal(tu_count(&c, "E0020"), n == 40 ? 1 : 0);
        if (n == 40) {
            assert_false(ok);
            assert_non_null(strstr(tu_find(&c, "E0020")->msg, "more than 8 MiB"));
            assert_int_equal(c.diag.errors, 1);     /* once, nothing after it */
        }
        compiler_free(&c);
        free(t.p);
    }
}

/* E0020: a 64 KiB string put in 200 places is 13 MB of output. */
static void test_expansion_budget_copies(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%sbig = \"", APP);
    for (int i = 0; i < 65000; i++)
        add(&t, "x");
    add(&t, "\"\ntask web { launch fargate; cpu 256; memory 512 MiB\n"
            "  container app { image \"nginx:1.25\"; env {\n");
    for (int i = 0; i < 200; i++)
        add(&t, "    K%d = $big\n", i);
    add(&t, "  } } }\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    assert_int_equal(tu_count(&c, "E0020"), 1);
    compiler_free(&c);
    free(t.p);
}

/* E0020 at a template's use: 10^4 uses of a 1 KiB body. */
static void test_expansion_budget_templates(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%s", APP);
    for (int i = 1; i <= 4; i++) {
        add(&t, "template t%d {", i);
        for (int k = 0; k < 10; k++)
            add(&t, " use t%d;", i + 1);
        add(&t, " }\n");
    }
    add(&t, "template t5 { tags {\n");
    for (int k = 0; k < 24; k++)
        add(&t, "  k%02d = \"a fairly long tag value, repeated to make a body of a KiB\"\n", k);
    add(&t, "} }\ntask web { launch fargate; use t1; cpu 256; memory 512 MiB\n"
            "  container app { image \"nginx:1.25\" } }\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    assert_int_equal(tu_count(&c, "E0020"), 1);
    compiler_free(&c);
    free(t.p);
}

/* An error in a template's body used 10^4 times is shown once. */
static void test_repeated_diagnostic_once(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%s", APP);
    for (int i = 1; i <= 3; i++) {
        add(&t, "template t%d {", i);
        for (int k = 0; k < 10; k++)
            add(&t, " use t%d;", i + 1);
        add(&t, " }\n");
    }
    add(&t, "template t4 { cpu $nope }\n"
            "task web { launch fargate; use t1; memory 512 MiB; container app { image \"x\" } }\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    assert_int_equal(tu_count(&c, "E0909"), 1);
    assert_int_equal(c.diag.errors, 1);
    compiler_free(&c);
    free(t.p);
}

/* 60,000 env entries and a duplicate: linear, and the duplicate found. */
static void test_many_env_entries(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%stask web { launch fargate; cpu 256; memory 512 MiB\n"
            "  container app { image \"nginx:1.25\"; env {\n", APP);
    for (int i = 0; i < 60000; i++)
        add(&t, "    K%d = \"v\"\n", i);
    add(&t, "    K59999 = \"again\"\n  } } }\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    assert_int_equal(tu_count(&c, "E0102"), 1);
    CHECK_DIAG(&c, "E0102", "60004:5", "'K59999' is set twice");
    compiler_free(&c);
    free(t.p);
}

/* An environment overriding every one of 5000 tasks, and one it lacks. */
static void test_environment_overrides(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%s", APP);
    for (int i = 0; i < 5000; i++)
        add(&t, "task t%d { launch fargate; cpu 256; memory 512 MiB\n"
                "  container app { image \"nginx:1.25\" } }\n", i);
    add(&t, "environment prod {\n");
    for (int i = 0; i < 5000; i++)
        add(&t, "  task t%d { memory 1 GiB }\n", i);
    add(&t, "  task t5000 { memory 1 GiB }\n}\n");
    Compiler c;
    compiler_init(&c);
    c.diag.max_errors = 0;
    c.env = "prod";
    compiler_add_source(&c, "t.ecs", t.p, t.len);
    assert_false(compiler_check(&c));
    assert_int_equal(c.diag.errors, 1);
    assert_non_null(strstr(tu_find(&c, "E0910")->msg, "task t5000"));
    compiler_free(&c);
    free(t.p);
}

/* E0022 and E0023 at the name; 52-byte names compile. */
static void test_names_too_long(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "app ");
    for (int i = 0; i < 40; i++)
        add(&t, "shop_");
    add(&t, " { region \"eu-west-1\"; account \"123456789012\" }\n"
            "task web_frontend_web_frontend_web_frontend_web_frontend_x {\n"
            "  launch fargate; cpu 256; memory 512 MiB; container app { image \"nginx:1.25\" } }\n"
            "role ");
    for (int i = 0; i < 22; i++)
        add(&t, "readerrole");
    add(&t, " { allow \"s3:GetObject\" on \"arn:aws:s3:::shop-assets/*\" }\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    CHECK_DIAG(&c, "E0022", "2:6", "too long for its output file taskdefs/");
    CHECK_DIAG(&c, "E0023", "4:6", "role 'readerrolereaderroleread…'");
    compiler_free(&c);
    free(t.p);
    assert_true(tu_compile(&c, "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
                               "task web_frontend_web_frontend_web_frontend_web_front {\n"
                               "  launch fargate; cpu 256; memory 512 MiB\n"
                               "  container app { image \"nginx:1.25\" } }\n"));
    compiler_free(&c);
}

/* A long line is shown as a window around the column, with "…". */
static void test_long_line_window(void **state)
{
    (void)state;
    Text t = {0};
    add(&t, "%sx = [", APP);
    for (int i = 0; i < 100000; i++)
        add(&t, "y");
    add(&t, " @ ");
    for (int i = 0; i < 100000; i++)
        add(&t, "z");
    add(&t, "]\n");
    Compiler c;
    assert_false(tu_compile(&c, t.p));
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    assert_non_null(f);
    diag_render_text(&c.diag, &c.sources, f, false);
    fclose(f);
    assert_non_null(strstr(out, "2:100007: error[E0003]"));
    assert_true(outlen < 2000);
    /* 80 bytes before the column, 200 in all, cut on both sides */
    assert_non_null(strstr(out, "    2 | …yyyyyyyy"));
    const char *at = strstr(out, "y @ z");
    assert_non_null(at);
    assert_non_null(strstr(out, "zzz…\n"));
    const char *caret = strchr(strstr(out, "\n      | "), '^');
    assert_non_null(caret);
    assert_int_equal(caret - strstr(out, "\n      | ") - 9, 1 + 80);   /* "…" and 80 bytes */
    free(out);
    compiler_free(&c);
    free(t.p);
}

/* Files for the import tests, in a fresh folder. */
static char dir[] = "/tmp/ecsc-hostile-XXXXXX";

static const char *in_dir(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void put_file(const char *name, const char *text)
{
    FILE *f = fopen(in_dir(name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* 2000 files, each importing the next (1745 took more than the default
   8 MiB stack before). */
static void test_import_chain(void **state)
{
    (void)state;
    char text[128];
    for (int i = 0; i < 2000; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%d.ecs", i);
        if (i + 1 < 2000)
            snprintf(text, sizeof text, "import \"./m%d.ecs\"\nc%d = \"v\"\n", i + 1, i);
        else
            snprintf(text, sizeof text, "%sc%d = \"v\"\n", APP, i);
        put_file(name, text);
    }
    Compiler c;
    compiler_init(&c);
    char err[256];
    assert_int_not_equal(compiler_load_file(&c, in_dir("m0.ecs"), err, sizeof err), 0);
    assert_true(compiler_check(&c));
    assert_int_equal(c.modules.len, 2000);
    compiler_free(&c);
    for (int i = 0; i < 2000; i++) {
        char name[32];
        snprintf(name, sizeof name, "m%d.ecs", i);
        unlink(in_dir(name));
    }
}

/* An import through a symlink to a file that is not .ecs, and a .ecs file
   that fails on its first line: places, never lines. */
static void test_import_not_source(void **state)
{
    (void)state;
    put_file("secret.txt", "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n");
    unlink(in_dir("link.ecs"));
    assert_int_equal(symlink("secret.txt", in_dir("link.ecs")), 0);
    put_file("key.ecs", "-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA\n");
    put_file("good.ecs", "x = 1\ny = [\n");
    put_file("root.ecs", "import \"./link.ecs\"\nimport \"./key.ecs\"\nimport \"./good.ecs\"\n");
    Compiler c;
    compiler_init(&c);
    char err[256];
    assert_int_not_equal(compiler_load_file(&c, in_dir("root.ecs"), err, sizeof err), 0);
    assert_false(compiler_check(&c));
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    diag_render_text(&c.diag, &c.sources, f, false);
    fclose(f);
    assert_null(strstr(out, "wJalr"));
    assert_null(strstr(out, "MIIE"));
    assert_null(strstr(out, "BEGIN"));
    assert_non_null(strstr(out, "its real path does not end in .ecs"));
    assert_non_null(strstr(out, "it fails to parse from its first line"));
    assert_non_null(strstr(out, "y = ["));      /* an error past the first line: shown */
    free(out);
    compiler_free(&c);
    unlink(in_dir("link.ecs"));
    const char *names[] = {"secret.txt", "key.ecs", "good.ecs", "root.ecs"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlink(in_dir(names[i]));
}

/* --params: a limit, folders, NUL bytes and read errors. */
static void test_params(void **state)
{
    (void)state;
    Compiler c;
    compiler_init(&c);
    char err[256];
    assert_false(compiler_load_params(&c, "/dev/zero", err, sizeof err));
    assert_non_null(strstr(err, "more than the 1024 KiB"));
    assert_false(compiler_load_params(&c, dir, err, sizeof err));
    assert_non_null(strstr(err, "is a directory"));
    if (access("/proc/self/mem", R_OK) == 0) {
        assert_false(compiler_load_params(&c, "/proc/self/mem", err, sizeof err));
        assert_non_null(strstr(err, "cannot read"));
    }
    FILE *f = fopen(in_dir("nul.params"), "w");
    fputs("a=1\n", f);
    fputc('\0', f);
    fclose(f);
    assert_false(compiler_load_params(&c, in_dir("nul.params"), err, sizeof err));
    assert_non_null(strstr(err, "NUL"));
    put_file("ok.params", "  # a comment\n\nregion=eu-west-1\r\naccount=123456789012");
    assert_true(compiler_load_params(&c, in_dir("ok.params"), err, sizeof err));
    assert_string_equal(((const Define *)map_get(&c.define_map, "account"))->value, "123456789012");
    assert_string_equal(((const Define *)map_get(&c.define_map, "region"))->value, "eu-west-1");
    compiler_free(&c);
    unlink(in_dir("nul.params"));
    unlink(in_dir("ok.params"));
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant_chain),
        cmocka_unit_test(test_constant_cycle),
        cmocka_unit_test(test_value_depth),
        cmocka_unit_test(test_expansion_budget_strings),
        cmocka_unit_test(test_expansion_budget_copies),
        cmocka_unit_test(test_expansion_budget_templates),
        cmocka_unit_test(test_repeated_diagnostic_once),
        cmocka_unit_test(test_many_env_entries),
        cmocka_unit_test(test_environment_overrides),
        cmocka_unit_test(test_names_too_long),
        cmocka_unit_test(test_long_line_window),
        cmocka_unit_test(test_import_chain),
        cmocka_unit_test(test_import_not_source),
        cmocka_unit_test(test_params),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
