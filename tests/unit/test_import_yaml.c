/* test_import_yaml.c - the value readers of the compose and Copilot importer: Go/compose
 * durations, sizes with units, CPUs, and command lines split as a shell would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import/import_yaml_int.h"

static void test_durations(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t secs;
    } ok[] = {{"30s", 30}, {"1m30s", 90}, {"1h", 3600}, {"500ms", 1}, {"1.5m", 90}, {"2d", 172800},
              {"0s", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cJSON *v = cJSON_CreateString(ok[i].text);
        int64_t s = -1;
        assert_true(ydur(v, &s));
        assert_int_equal(s, ok[i].secs);
        cJSON_Delete(v);
    }
    static const char *const bad[] = {"", "30", "s", "1x", "-5s", "1e300h"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *v = cJSON_CreateString(bad[i]);
        int64_t s;
        assert_false(ydur(v, &s));
        cJSON_Delete(v);
    }
    cJSON *n = cJSON_CreateNumber(12.2);
    int64_t s;
    assert_true(ydur(n, &s));
    assert_int_equal(s, 13);
    cJSON_Delete(n);
}

static void test_sizes_and_cpus(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double bare;
        int64_t mib;
    } ok[] = {{"512m", 1, 512}, {"1g", 1, 1024}, {"0.5GB", 1, 512}, {"524288000", 1, 500},
              {"1024k", 1, 1}, {"256", 1048576, 256}, {"2 GiB", 1, 2048}, {"1b", 1, 1}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        cJSON *v = cJSON_CreateString(ok[i].text);
        int64_t m = -1;
        assert_true(ymib(v, ok[i].bare, &m));
        assert_int_equal(m, ok[i].mib);
        cJSON_Delete(v);
    }
    static const char *const bad[] = {"", "lots", "12q", "-1g", "0", "1e30g"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *v = cJSON_CreateString(bad[i]);
        int64_t m;
        assert_false(ymib(v, 1, &m));
        cJSON_Delete(v);
    }
    cJSON *c = cJSON_CreateString("0.5");
    int64_t u;
    assert_true(ycpus(c, &u));
    assert_int_equal(u, 512);
    cJSON_Delete(c);
    c = cJSON_CreateString("two");
    assert_false(ycpus(c, &u));
    cJSON_Delete(c);
}

static void expect_words(const char *line, const char *want)
{
    cJSON *w = ywords(line);
    if (!want) {
        assert_null(w);
        return;
    }
    char *got = cJSON_PrintUnformatted(w);
    assert_string_equal(got, want);
    free(got);
    cJSON_Delete(w);
}

static void test_shell_words(void **state)
{
    (void)state;
    expect_words("python -m app --port \"8000\"", "[\"python\",\"-m\",\"app\",\"--port\",\"8000\"]");
    expect_words("sh -c 'echo $HOME; exit 1'", "[\"sh\",\"-c\",\"echo $HOME; exit 1\"]");
    expect_words("a\\ b \"c\\\"d\" ''", "[\"a b\",\"c\\\"d\",\"\"]");
    expect_words("   ", "[]");
    expect_words("echo 'unterminated", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_sizes_and_cpus),
        cmocka_unit_test(test_shell_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
