/* test_limits.c - hostile input gets a clear diagnostic, never a crash:
 * the limits of docs/diagnostics.md ("Limits") at and just past each one,
 * the ones too large for a golden file (16 MiB, 100000 declarations). */
#include "testutil.h"

#include "emit.h"
#include "syntax/parse_ctx.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * n, tail, tl + 1);
    return s;
}

static bool compile_n(Compiler *c, const char *src, size_t len)
{
    compiler_init(c);
    c->diag.max_errors = 0;
    compiler_add_source(c, "t.ecs", src, len);
    return compiler_check(c);
}

/* E0007: over ECSC_MAX_SOURCE_BYTES from memory; the file joins empty. */
static void test_source_too_large_in_memory(void **state)
{
    (void)state;
    size_t n = ECSC_MAX_SOURCE_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, '#', n);
    Compiler c;
    assert_false(compile_n(&c, big, n));
    assert_int_equal(tu_count(&c, "E0007"), 1);
    assert_int_equal(c.diag.errors, 1);
    const Diagnostic *d = tu_find(&c, "E0007");
    assert_non_null(strstr(d->msg, "16777217 bytes"));
    assert_int_equal(d->span.file, 0);
    compiler_free(&c);

    /* Exactly at the limit is fine (a comment of 16 MiB). */
    assert_true(compile_n(&c, big, n - 1));
    compiler_free(&c);
    free(big);
}

/* E0007 from disk: a sparse file is refused without being read. */
static void test_source_too_large_on_disk(void **state)
{
    (void)state;
    char path[] = "/tmp/ecsc-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)ECSC_MAX_SOURCE_BYTES + 4096), 0);
    close(fd);
    Compiler c;
    compiler_init(&c);
    char err[256] = "";
    assert_int_not_equal(compiler_load_file(&c, path, err, sizeof err), 0);
    assert_false(compiler_check(&c));
    assert_int_equal(tu_count(&c, "E0007"), 1);
    assert_non_null(strstr(tu_find(&c, "E0007")->msg, "16781312 bytes"));
    compiler_free(&c);
    unlink(path);
}

/* Directories and unreadable files are I/O problems (exit status 2): the
   loader fails with a message.  /proc/self/mem opens but cannot be read
   from offset 0, even by root. */
static void test_unreadable_inputs(void **state)
{
    (void)state;
    Compiler c;
    compiler_init(&c);
    char err[256] = "";
    assert_int_equal(compiler_load_file(&c, "/tmp", err, sizeof err), 0);
    assert_non_null(strstr(err, "is a directory"));
    assert_int_equal(compiler_load_file(&c, "/nonexistent/x.ecs", err, sizeof err), 0);
    assert_non_null(strstr(err, "cannot open"));
    if (access("/proc/self/mem", R_OK) == 0) {
        assert_int_equal(compiler_load_file(&c, "/proc/self/mem", err, sizeof err), 0);
        assert_non_null(strstr(err, "cannot read"));
    }
    assert_int_equal(c.diag.errors, 0);
    compiler_free(&c);
}

/* E0008: a string of 64 KiB is fine, one byte more is not. */
static void test_string_length(void **state)
{
    (void)state;
    Compiler c;
    char *ok = repeat("raw_note = \"", "x", PARSE_MAX_STRING, "\"\n");
    compile_n(&c, ok, strlen(ok));
    assert_int_equal(tu_count(&c, "E0008"), 0);
    compiler_free(&c);
    char *bad = repeat("app a { region \"", "x", PARSE_MAX_STRING + 1, "\" }\n");
    assert_false(compile_n(&c, bad, strlen(bad)));
    assert_int_equal(tu_count(&c, "E0008"), 1);
    CHECK_DIAG(&c, "E0008", "1:16", "65537 bytes");
    compiler_free(&c);
    free(ok);
    free(bad);
}

/* E0009: 100000 top-level declarations are parsed; the next one is
   reported and the rest of the file is not read (no cascade). */
static void test_declaration_count(void **state)
{
    (void)state;
    Compiler c;
    char *ok = repeat("", "x\n", PARSE_MAX_DECLS, "");
    compile_n(&c, ok, strlen(ok));
    assert_int_equal(tu_count(&c, "E0009"), 0);
    compiler_free(&c);

    /* Nested statements do not count; only top-level ones. */
    char *nested = repeat("task t {\n", "x\n", PARSE_MAX_DECLS + 10, "}\n");
    compile_n(&c, nested, strlen(nested));
    assert_int_equal(tu_count(&c, "E0009"), 0);
    compiler_free(&c);

    char *bad = repeat("", "x;", PARSE_MAX_DECLS + 500, "}}}{{{ \"unterminated");
    assert_false(compile_n(&c, bad, strlen(bad)));
    assert_int_equal(c.diag.errors, 1);
    CHECK_DIAG(&c, "E0009", "1:200001", "more than 100000 declarations");
    compiler_free(&c);
    free(ok);
    free(nested);
    free(bad);
}

/* Hidden errors past --max-errors cost no memory and keep no notes. */
static void test_error_flood(void **state)
{
    (void)state;
    Compiler c;
    compiler_init(&c);
    char *src = repeat("task t {\n", "imgae 1\n", 200000, "}\n");
    compiler_add_source(&c, "t.ecs", src, strlen(src));
    assert_false(compiler_check(&c));
    assert_int_equal(c.diag.diags.len, 20);
    assert_true(c.diag.truncated);
    assert_true(c.diag.errors >= 200000);
    compiler_free(&c);
    free(src);
}

/* An empty file, or one of only comments and blank lines, compiles to
   nothing: no error, no output. */
static void test_empty_file(void **state)
{
    (void)state;
    static const char *const srcs[] = {"", "\n\n", "# nothing\r\n\r\n", ";;;"};
    for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
        Compiler c;
        assert_true(compile_n(&c, srcs[i], strlen(srcs[i])));
        CHECK_CLEAN(&c);
        compiler_emit(&c);
        assert_int_equal(c.outputs.len, 0);
        compiler_free(&c);
    }
}

/* CRLF line endings give the same outputs as LF, byte for byte. */
static void test_crlf_same_output(void **state)
{
    (void)state;
    static const char lf[] =
        "app shop {\n  region \"eu-west-1\"\n  account \"123456789012\"\n}\n"
        "task web {\n  launch ec2\n  container app {\n    image \"nginx:1.25\"\n"
        "    memory 512 MiB\n    command [\n      \"a\",\n      \"b\"\n    ]\n  }\n}\n";
    char crlf[sizeof lf * 2];
    size_t k = 0;
    for (const char *p = lf; *p; p++) {
        if (*p == '\n')
            crlf[k++] = '\r';
        crlf[k++] = *p;
    }
    Compiler a, b;
    assert_true(compile_n(&a, lf, strlen(lf)));
    assert_true(compile_n(&b, crlf, k));
    compiler_emit(&a);
    compiler_emit(&b);
    assert_int_equal(a.outputs.len, b.outputs.len);
    assert_true(a.outputs.len > 0);
    for (int i = 0; i < a.outputs.len; i++) {
        const OutputFile *x = a.outputs.items[i], *y = b.outputs.items[i];
        assert_string_equal(x->path, y->path);
        assert_int_equal(x->len, y->len);
        assert_memory_equal(x->data, y->data, x->len);
    }
    compiler_free(&a);
    compiler_free(&b);
}

/* Numbers too large for int64 (integers and fractions) are E0106, with no
   undefined conversion on the way (a fuzzer find: tests/fuzz/regressions). */
static void test_number_overflow(void **state)
{
    (void)state;
    static const char *const srcs[] = {
        "task t { launch ec2; container c { image \"x\"; memory 99999999999999999999 MiB } }\n",
        "task t { launch ec2; container c { image \"x\"; memory 1000000000000000000000000000000.5 GiB } }\n",
        "task t { launch ec2; container c { image \"x\"; memory 512 MiB; stop_timeout -99999999999999999999999.5s } }\n",
    };
    for (size_t i = 0; i < sizeof srcs / sizeof *srcs; i++) {
        Compiler c;
        assert_false(compile_n(&c, srcs[i], strlen(srcs[i])));
        assert_int_equal(tu_count(&c, "E0106"), 1);
        compiler_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_too_large_in_memory),
        cmocka_unit_test(test_source_too_large_on_disk),
        cmocka_unit_test(test_unreadable_inputs),
        cmocka_unit_test(test_string_length),
        cmocka_unit_test(test_declaration_count),
        cmocka_unit_test(test_error_flood),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_crlf_same_output),
        cmocka_unit_test(test_number_overflow),
    };
    return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
