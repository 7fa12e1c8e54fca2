/* test_compiler.c - the compiler as a library: two compilations in one
 * process, determinism, and all-or-nothing output. */
#include "testutil.h"

#include "driver/output.h"
#include "emit.h"
#include "sema/sema.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *src =
    "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
    "task web {\n"
    "  launch fargate\n"
    "  cpu 0.25 vcpu\n"
    "  memory 512 MiB\n"
    "  container app { image \"nginx:1.25\"; port 80 }\n"
    "}\n"
    "task api {\n"
    "  launch fargate\n"
    "  cpu 1 vcpu\n"
    "  memory 2 GiB\n"
    "  container api { image \"api:1\"; port 8080 }\n"
    "}\n";

static void test_two_compilers_in_one_process(void **state)
{
    (void)state;
    Compiler a, b;
    assert_true(tu_compile(&a, src));
    assert_true(tu_compile(&b, src));       /* interleaved, independent */
    a.emit = b.emit = EMIT_TASKDEFS;
    compiler_emit(&a);
    compiler_emit(&b);
    assert_int_equal(a.outputs.len, 2);
    assert_int_equal(b.outputs.len, a.outputs.len);
    for (int i = 0; i < a.outputs.len; i++) {
        const OutputFile *fa = a.outputs.items[i], *fb = b.outputs.items[i];
        assert_string_equal(fa->path, fb->path);
        assert_int_equal(fa->len, fb->len);
        assert_memory_equal(fa->data, fb->data, fa->len);
    }
    const OutputFile *first = a.outputs.items[0];
    assert_string_equal(first->path, "taskdefs/shop-web.json");
    compiler_free(&a);
    compiler_free(&b);
}

static void test_errors_do_not_leak_between_compilations(void **state)
{
    (void)state;
    Compiler bad, good;
    assert_false(tu_compile(&bad, "task x { launch fargat }\n"));
    assert_true(diag_error_count(&bad.diag) > 0);
    compiler_free(&bad);
    assert_true(tu_compile(&good, src));
    CHECK_CLEAN(&good);
    compiler_free(&good);
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, "..") != 0);
    closedir(d);
    return n;
}

static void test_output_is_all_or_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/ecsc-out-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char blocker[256];
    snprintf(blocker, sizeof blocker, "%s/b", dir);
    FILE *f = fopen(blocker, "w");       /* "b" is a file: b/two.json cannot be written */
    assert_non_null(f);
    fclose(f);

    Arena arena;
    arena_init(&arena);
    Vec files = {0};
    OutputFile one = {"a/one.json", "1\n", 2, 0}, two = {"b/two.json", "2\n", 2, 0};
    vec_push(&arena, &files, &one);
    vec_push(&arena, &files, &two);
    char err[256] = "";
    assert_false(output_write_all(&files, dir, err, sizeof err));
    assert_non_null(strstr(err, "not a folder"));
    /* Nothing was added: no a/, no temporary files. */
    assert_int_equal(count_entries(dir), 1);

    unlink(blocker);
    assert_true(output_write_all(&files, dir, err, sizeof err));
    char path[300];
    snprintf(path, sizeof path, "%s/a/one.json", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 2);
    unlink(path);
    snprintf(path, sizeof path, "%s/b/two.json", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/a", dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/b", dir);
    rmdir(path);
    rmdir(dir);
    arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_compilers_in_one_process),
        cmocka_unit_test(test_errors_do_not_leak_between_compilations),
        cmocka_unit_test(test_output_is_all_or_nothing),
    };
    return cmocka_run_group_tests_name("compiler", tests, NULL, NULL);
}
