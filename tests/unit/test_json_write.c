/* test_json_write.c - the deterministic JSON printer, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json_write.h"

/* Prints `item`, checks the output and its length, then frees both. */
static void check_print(cJSON *item, const char *expected)
{
    size_t len = 0;
    char *out = json_write_pretty(item, &len);
    assert_non_null(out);
    assert_string_equal(out, expected);
    assert_int_equal(len, strlen(expected));
    free(out);
    cJSON_Delete(item);
}

static void check_number(double v, const char *expected)
{
    char want[64];
    snprintf(want, sizeof want, "%s\n", expected);
    check_print(cJSON_CreateNumber(v), want);
}

static void test_scalars(void **state)
{
    (void)state;
    check_print(cJSON_CreateTrue(), "true\n");
    check_print(cJSON_CreateFalse(), "false\n");
    check_print(cJSON_CreateNull(), "null\n");
    check_print(cJSON_CreateString("hi"), "\"hi\"\n");
}

static void test_null_item_prints_null(void **state)
{
    (void)state;
    size_t len = 99;
    char *out = json_write_pretty(NULL, &len);
    assert_string_equal(out, "null\n");
    assert_int_equal(len, 5);
    free(out);
}

static void test_len_out_optional(void **state)
{
    (void)state;
    cJSON *a = cJSON_CreateArray();
    char *out = json_write_pretty(a, NULL);
    assert_string_equal(out, "[]\n");
    free(out);
    cJSON_Delete(a);
}

static void test_empty_containers(void **state)
{
    (void)state;
    check_print(cJSON_CreateObject(), "{}\n");
    check_print(cJSON_CreateArray(), "[]\n");

    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "a", cJSON_CreateObject());
    cJSON_AddItemToObject(o, "b", cJSON_CreateArray());
    check_print(o,
        "{\n"
        "  \"a\": {},\n"
        "  \"b\": []\n"
        "}\n");
}

static void test_scalar_array_one_per_line(void **state)
{
    (void)state;
    cJSON *a = cJSON_CreateArray();
    cJSON_AddItemToArray(a, cJSON_CreateNumber(1));
    cJSON_AddItemToArray(a, cJSON_CreateString("two"));
    cJSON_AddItemToArray(a, cJSON_CreateTrue());
    cJSON_AddItemToArray(a, cJSON_CreateNull());
    check_print(a,
        "[\n"
        "  1,\n"
        "  \"two\",\n"
        "  true,\n"
        "  null\n"
        "]\n");
}

static void test_nesting_keeps_key_order(void **state)
{
    (void)state;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "family", "web");
    cJSON *defs = cJSON_AddArrayToObject(root, "containerDefinitions");
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "name", "app");
    cJSON_AddNumberToObject(c, "memory", 512);
    cJSON_AddBoolToObject(c, "essential", 1);
    cJSON *pm = cJSON_AddArrayToObject(c, "portMappings");
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "containerPort", 8080);
    cJSON_AddItemToArray(pm, p);
    cJSON_AddItemToArray(defs, c);
    cJSON_AddItemToArray(defs, cJSON_CreateArray());
    cJSON_AddStringToObject(root, "cpu", "256");   /* after nested ones */
    check_print(root,
        "{\n"
        "  \"family\": \"web\",\n"
        "  \"containerDefinitions\": [\n"
        "    {\n"
        "      \"name\": \"app\",\n"
        "      \"memory\": 512,\n"
        "      \"essential\": true,\n"
        "      \"portMappings\": [\n"
        "        {\n"
        "          \"containerPort\": 8080\n"
        "        }\n"
        "      ]\n"
        "    },\n"
        "    []\n"
        "  ],\n"
        "  \"cpu\": \"256\"\n"
        "}\n");
}

static void test_string_escaping(void **state)
{
    (void)state;
    check_print(cJSON_CreateString("q\"b\\s/n\nt\tr\rb\bf\f"),
                "\"q\\\"b\\\\s/n\\nt\\tr\\rb\\bf\\f\"\n");
    check_print(cJSON_CreateString("\x01\x1f\x7f"), "\"\\u0001\\u001f\x7f\"\n");
    check_print(cJSON_CreateString(""), "\"\"\n");
    /* UTF-8 bytes pass through unchanged. */
    check_print(cJSON_CreateString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3"),
                "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xb3\"\n");
}

static void test_keys_are_escaped(void **state)
{
    (void)state;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "a\"b\n", 1);
    check_print(o, "{\n  \"a\\\"b\\n\": 1\n}\n");
}

static void test_numbers(void **state)
{
    (void)state;
    check_number(0, "0");
    check_number(-0.0, "0");
    check_number(-1, "-1");
    check_number(4096, "4096");
    check_number(65535, "65535");
    check_number(1.5, "1.5");
    check_number(0.1, "0.1");
    check_number(-2.25, "-2.25");
    check_number(1.0 / 3.0, "0.3333333333333333");  /* needs 16 digits */
    check_number(0.1 + 0.2, "0.30000000000000004"); /* needs 17 digits */
    check_number(1e300, "1e+300");
    check_number(1e-7, "1e-07");
    check_number(9007199254740991.0, "9007199254740991");  /* 2^53 - 1 */
    check_number(-9007199254740991.0, "-9007199254740991");
    check_number(9007199254740992.0, "9007199254740992"); /* 2^53: via %.16g */
    check_number(1e16, "1e+16");
    check_number(DBL_MAX, "1.7976931348623157e+308");
}

static void test_non_finite_numbers_are_null(void **state)
{
    (void)state;
    cJSON *n = cJSON_CreateNumber(0);
    cJSON_SetNumberValue(n, strtod("inf", NULL));
    check_print(n, "null\n");
    n = cJSON_CreateNumber(0);
    cJSON_SetNumberValue(n, strtod("nan", NULL));
    check_print(n, "null\n");
}

static void test_raw_items_verbatim(void **state)
{
    (void)state;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddRawToObject(o, "r", "{\"x\":1}");
    check_print(o, "{\n  \"r\": {\"x\":1}\n}\n");
}

/* Large outputs exercise the buffer growth (and run quickly: linear). */
static void test_large_document(void **state)
{
    (void)state;
    enum { N = 100000 };
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < N; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(7));
    size_t len = 0;
    char *out = json_write_pretty(a, &len);
    /* "[\n" + N * "  7,\n" (last without ',') + "]\n" */
    assert_int_equal(len, 2 + (size_t)N * 5 - 1 + 2);
    assert_int_equal(strlen(out), len);
    assert_memory_equal(out, "[\n  7,\n  7,\n", 12);
    assert_string_equal(out + len - 6, "  7\n]\n");
    free(out);
    cJSON_Delete(a);
}

/* Output parses back to an equal tree. */
static void test_round_trip(void **state)
{
    (void)state;
    const char *src =
        "{\"a\":[1,2.5,{\"b\":null,\"c\":\"x\\u0002y\"}],\"d\":{},\"e\":[],"
        "\"f\":-0.001,\"g\":false,\"h\":\"\\u00e9\\/\"}";
    cJSON *in = cJSON_Parse(src);
    assert_non_null(in);
    char *out = json_write_pretty(in, NULL);
    cJSON *back = cJSON_Parse(out);
    assert_non_null(back);
    assert_true(cJSON_Compare(in, back, 1));
    free(out);
    cJSON_Delete(back);
    cJSON_Delete(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_null_item_prints_null),
        cmocka_unit_test(test_len_out_optional),
        cmocka_unit_test(test_empty_containers),
        cmocka_unit_test(test_scalar_array_one_per_line),
        cmocka_unit_test(test_nesting_keeps_key_order),
        cmocka_unit_test(test_string_escaping),
        cmocka_unit_test(test_keys_are_escaped),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_non_finite_numbers_are_null),
        cmocka_unit_test(test_raw_items_verbatim),
        cmocka_unit_test(test_large_document),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests_name("json_write", tests, NULL, NULL);
}
