/* test_yaml_json.c - the YAML loader of `ecsc import`: core-schema scalars, merge keys, anchors,
 * places of nodes, and hostile input (alias bombs, deep nesting, huge scalars, tabs, non-UTF-8,
 * recursive aliases, several documents) refused with a line:column instead of memory or time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/strbuf.h"
#include "import/yaml_json.h"

#define AUTO ((size_t)-1)   /* expect_error's length: strlen */

static char *print(const cJSON *j)
{
    return cJSON_PrintUnformatted(j);
}

/* Parses SRC, expects success, and compares the compact JSON with WANT. */
static void expect_json(const char *src, const char *want)
{
    YamlDoc doc;
    YamlError err;
    int rc = yaml_json_parse(src, strlen(src), NULL, &doc, &err);
    if (rc)
        fail_msg("%d:%d: %s", err.line, err.column, err.message);
    char *got = doc.root ? print(doc.root) : strdup("null");
    assert_string_equal(got, want);
    free(got);
    yaml_json_free(&doc);
}

/* Parses SRC with LIMITS (NULL: the defaults), expects an error at LINE whose message holds PART. */
static void expect_error(const char *src, size_t len, const YamlLimits *limits, int line,
                         const char *part)
{
    if (len == AUTO)
        len = strlen(src);
    YamlDoc doc;
    YamlError err;
    assert_int_equal(yaml_json_parse(src, len, limits, &doc, &err), -1);
    assert_null(doc.root);
    if (!strstr(err.message, part))
        fail_msg("message '%s' lacks '%s'", err.message, part);
    assert_int_equal(err.line, line);
}

static void test_core_schema_scalars(void **state)
{
    (void)state;
    expect_json("a: 1\nb: 0.5\nc: true\nd: ~\ne: '1'\nf: yes\ng: 8080:80\nh: \"true\"\n"
                "i: 0x1F\nj: 12345678901234567890\nk: .inf\nl: !!str 3\nm:\n",
                "{\"a\":1,\"b\":0.5,\"c\":true,\"d\":null,\"e\":\"1\",\"f\":\"yes\","
                "\"g\":\"8080:80\",\"h\":\"true\",\"i\":31,\"j\":\"12345678901234567890\","
                "\"k\":\".inf\",\"l\":\"3\",\"m\":null}");
    expect_json("- a\n- [b, {c: d}]\n- |\n  line1\n  line2\n",
                "[\"a\",[\"b\",{\"c\":\"d\"}],\"line1\\nline2\\n\"]");
    expect_json("", "null");
}

static void test_merge_keys(void **state)
{
    (void)state;
    /* explicit keys win wherever they stand; among sources the first wins */
    expect_json("base: &b {x: 1, y: 2}\nother: &o {y: 3, z: 4}\n"
                "s:\n  x: 0\n  <<: [*b, *o]\n",
                "{\"base\":{\"x\":1,\"y\":2},\"other\":{\"y\":3,\"z\":4},"
                "\"s\":{\"x\":0,\"y\":2,\"z\":4}}");
    expect_json("x-common: &c\n  image: a\n  environment: {A: 1}\n"
                "services:\n  web:\n    <<: *c\n    image: b\n",
                "{\"x-common\":{\"image\":\"a\",\"environment\":{\"A\":1}},"
                "\"services\":{\"web\":{\"image\":\"b\",\"environment\":{\"A\":1}}}}");
    /* a quoted "<<" is an ordinary key */
    expect_json("\"<<\": 1\n", "{\"<<\":1}");
    expect_error("a: &a 1\nb:\n  <<: *a\n", AUTO, NULL, 3, "merge key");
    expect_error("a:\n  <<: {x: 1}\n  <<: {y: 1}\n", AUTO, NULL, 3, "second merge key");
}

static void test_places(void **state)
{
    (void)state;
    const char *src = "services:\n  web:\n    image: nginx\n    ports:\n      - 80\n";
    YamlDoc doc;
    YamlError err;
    assert_int_equal(yaml_json_parse(src, strlen(src), NULL, &doc, &err), 0);
    const cJSON *web = cJSON_GetObjectItem(cJSON_GetObjectItem(doc.root, "services"), "web");
    YamlPos p = yaml_json_where(&doc, cJSON_GetObjectItem(web, "image"));
    assert_int_equal(p.line, 3);
    assert_int_equal(p.column, 12);
    p = yaml_json_where(&doc, cJSON_GetArrayItem(cJSON_GetObjectItem(web, "ports"), 0));
    assert_int_equal(p.line, 5);
    assert_int_equal(p.column, 9);
    p = yaml_json_where(&doc, cJSON_GetObjectItem(web, "ports"));   /* a block list: its key */
    assert_int_equal(p.line, 4);
    assert_int_equal(p.column, 5);
    p = yaml_json_where(&doc, (const cJSON *)&doc);
    assert_int_equal(p.line, 0);
    yaml_json_free(&doc);
}

static void test_alias_bomb(void **state)
{
    (void)state;
    /* "billion laughs": nine levels of ten aliases each */
    StrBuf b = {0};
    strbuf_puts(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
        strbuf_printf(&b, "a%d: &a%d [", i, i);
        for (int k = 0; k < 10; k++)
            strbuf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
        strbuf_puts(&b, "]\n");
    }
    YamlDoc doc;
    YamlError err;
    assert_int_equal(yaml_json_parse(b.data, b.len, NULL, &doc, &err), -1);
    assert_true(err.line >= 5 && err.line <= 7);   /* 10^5 values fit, 10^6 do not */
    assert_non_null(strstr(err.message, "expands past the limit"));
    strbuf_free(&b);
    /* one long string repeated: the byte budget, not the node budget, stops it */
    StrBuf c = {0};
    strbuf_puts(&c, "s: &s ");
    for (int i = 0; i < 500000; i++)
        strbuf_putc(&c, 'x');
    strbuf_puts(&c, "\nl: [");
    for (int i = 0; i < 100; i++)
        strbuf_puts(&c, "*s, ");
    strbuf_puts(&c, "*s]\n");
    expect_error(c.data, c.len, NULL, 2, "bytes");
    strbuf_free(&c);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    StrBuf b = {0};
    for (int i = 0; i < 100000; i++)
        strbuf_putc(&b, '[');
    expect_error(b.data, b.len, NULL, 1, "deeper than 64");
    strbuf_free(&b);
    /* an alias may not carry a deep value deeper */
    StrBuf c = {0};
    strbuf_puts(&c, "a: &a ");
    for (int i = 0; i < 40; i++)
        strbuf_putc(&c, '[');
    for (int i = 0; i < 40; i++)
        strbuf_putc(&c, ']');
    strbuf_puts(&c, "\nb: ");
    for (int i = 0; i < 30; i++)
        strbuf_putc(&c, '[');
    strbuf_puts(&c, "*a");
    for (int i = 0; i < 30; i++)
        strbuf_putc(&c, ']');
    strbuf_puts(&c, "\n");
    expect_error(c.data, c.len, NULL, 2, "deeper than 64");
    strbuf_free(&c);
}

static void test_limits(void **state)
{
    (void)state;
    YamlLimits small = yaml_default_limits;
    small.max_scalar = 10;
    expect_error("a: b\nc: 0123456789ABC\n", AUTO, &small, 2, "a scalar of 13 bytes");
    small = yaml_default_limits;
    small.max_input = 8;
    expect_error("a: b\nc: d\n", AUTO, &small, 0, "at most 8");
    small = yaml_default_limits;
    small.max_nodes = 5;
    expect_error("[1, 2, 3, 4, 5, 6]", AUTO, &small, 1, "more than 5 values");
    StrBuf b = {0};
    for (int i = 0; i < 5000; i++)
        strbuf_printf(&b, "k%d: 1\n", i);
    expect_error(b.data, b.len, NULL, 4097, "more than 4096 keys");
    strbuf_free(&b);
}

static void test_bad_text(void **state)
{
    (void)state;
    expect_error("a:\n\tb: 1\n", AUTO, NULL, 2, "tab");
    expect_error("a: \xff\xfe oops\n", AUTO, NULL, 1, "UTF-8");
    expect_error("a: b\0c\n", 7, NULL, 1, "");
    expect_error("a: 1\na: 2\n", AUTO, NULL, 2, "the key 'a' is given twice");
    expect_error("a: *nope\n", AUTO, NULL, 1, "names no anchor");
    expect_error("a: &x [1, *x]\n", AUTO, NULL, 1, "recursive alias");
    expect_error("a: 1\n---\nb: 2\n", AUTO, NULL, 2, "second YAML document");
    expect_error("? [a, b]\n: 1\n", AUTO, NULL, 1, "mapping key");
    expect_error("a: !Ref b\n", AUTO, NULL, 1, "the tag '!Ref'");
    expect_error("a: [1, 2\n", AUTO, NULL, 2, "");
    expect_error("a: 'unterminated\n", AUTO, NULL, 2, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_schema_scalars),
        cmocka_unit_test(test_merge_keys),
        cmocka_unit_test(test_places),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_bad_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
