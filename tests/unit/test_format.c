/* test_format.c - the formatter's layouts (syntax/format.h): alignment of
   heads, keys, tables and comments; blocks and lists written on one or
   several lines; comments in every place; blank lines; spacing of `:`,
   `..` and units; syntax errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "syntax/format.h"

/* Formats `in`; NULL when it does not parse.  The caller frees. */
static char *fmt(const char *in)
{
    Arena a;
    arena_init(&a);
    SourceMap sm;
    source_map_init(&sm, &a);
    DiagEngine d;
    diag_init(&d, &a);
    StrBuf out = {0};
    char *r = NULL;
    if (fmt_source(&a, &d, &sm, "t.ecs", in, strlen(in), &out))
        r = strdup(strbuf_cstr(&out));
    else
        assert_int_equal(out.len, 0);
    strbuf_free(&out);
    arena_free(&a);
    return r;
}

/* Formats `in`, expects `want`, and that `want` formats to itself. */
#define CHECK_FMT(in, want)                         \
    do {                                            \
        char *got_ = fmt(in);                       \
        assert_non_null(got_);                      \
        assert_string_equal(got_, want);            \
        char *again_ = fmt(got_);                   \
        assert_string_equal(again_, want);          \
        free(again_);                               \
        free(got_);                                 \
    } while (0)

static void test_heads_and_keys_align(void **state)
{
    (void)state;
    CHECK_FMT("task api {\n launch fargate\n    cpu 0.5 vcpu\n memory_reservation   1 GiB\n"
              "exec\n name = \"a\"\n health_path = \"/h\"\n}\n",
              "task api {\n"
              "  launch             fargate\n"
              "  cpu                0.5 vcpu\n"
              "  memory_reservation 1 GiB\n"
              "  exec\n"
              "  name        = \"a\"\n"
              "  health_path = \"/h\"\n"
              "}\n");
}

static void test_blank_lines_and_multiline_statements_end_a_group(void **state)
{
    (void)state;
    CHECK_FMT("task api {\n\n\n  launch fargate\n  cpu 1 vcpu\n\n\n\n  memory_reservation 1 GiB\n"
              "  container app {\n    image \"x\"\n  }\n  role api\n\n}\n",
              "task api {\n"
              "  launch fargate\n"
              "  cpu    1 vcpu\n"
              "\n"
              "  memory_reservation 1 GiB\n"
              "  container app {\n"
              "    image \"x\"\n"
              "  }\n"
              "  role api\n"
              "}\n");
}

static void test_same_head_rows_form_a_table(void **state)
{
    (void)state;
    CHECK_FMT("template t {\n"
              "param port number default 8080\n"
              "param every duration default 30s\n"
              "param command string\n"
              "image \"x\"\n"
              "memory_reservation 64 MiB\n"
              "listen 80 http redirect https\n"
              "listen 443 https cert c\n"
              "}\n",
              "template t {\n"
              "  param port    number   default 8080\n"
              "  param every   duration default 30s\n"
              "  param command string\n"
              "  image              \"x\"\n"
              "  memory_reservation 64 MiB\n"
              "  listen             80 http redirect https\n"
              "  listen             443 https cert c\n"
              "}\n");
}

static void test_comments_keep_their_places(void **state)
{
    (void)state;
    CHECK_FMT("# head\n\n\n# second\napp a {   # opener\n  # inside\n  region \"r\" # end   \n"
              "  account \"1\"       # acct\n\n  # last\n}  # after\n# tail\n",
              "# head\n"
              "\n"
              "# second\n"
              "app a {  # opener\n"
              "  # inside\n"
              "  region  \"r\"  # end\n"
              "  account \"1\"  # acct\n"
              "\n"
              "  # last\n"
              "}  # after\n"
              "# tail\n");
}

static void test_opener_comments_line_up_in_a_section(void **state)
{
    (void)state;
    CHECK_FMT("template tiny { # a\n cpu 1\n}\ntemplate medium_size {  # b\n cpu 2\n}\n",
              "template tiny {         # a\n"
              "  cpu 1\n"
              "}\n"
              "template medium_size {  # b\n"
              "  cpu 2\n"
              "}\n");
}

static void test_one_line_blocks(void **state)
{
    (void)state;
    CHECK_FMT("x {a=1,b=2}\ny {  image \"i\" ;port 80}\nz {\n}\nw { }\n",
              "x { a = 1, b = 2 }\n"
              "y { image \"i\"; port 80 }\n"
              "z {}\n"
              "w {}\n");
}

static void test_statements_split_at_semicolons(void **state)
{
    (void)state;
    CHECK_FMT("task web {\n  launch fargate; cpu 0.5 vcpu; memory 1 GiB  # size\n}\n",
              "task web {\n"
              "  launch fargate\n"
              "  cpu    0.5 vcpu\n"
              "  memory 1 GiB  # size\n"
              "}\n");
}

static void test_lists(void **state)
{
    (void)state;
    CHECK_FMT("a [ 1 ,2,3 ]\nb [\n]\n"
              "allow [\"x\", \"y\",\n \"z\"] on \"*\"\n"
              "command [\n  \"./server\",   # the binary\n  \"--port\", \"8080\"\n]\n"
              "c [ # why\n 1]\n"
              "d [1,\n 2  # two\n]\n",
              "a [1, 2, 3]\n"
              "b []\n"
              "allow [\"x\", \"y\",\n"
              "       \"z\"] on \"*\"\n"
              "command [\n"
              "  \"./server\",  # the binary\n"
              "  \"--port\", \"8080\",\n"
              "]\n"
              "c [  # why\n"
              "  1,\n"
              "]\n"
              "d [\n"
              "  1,\n"
              "  2,  # two\n"
              "]\n");
}

static void test_blocks_inside_lists(void **state)
{
    (void)state;
    CHECK_FMT("raw {\n  portMappings = [{\n      containerPort = 80\n  }]\n"
              "  ulimits = [\n    { name = \"nofile\", softLimit = 1024 }\n  ]\n}\n",
              "raw {\n"
              "  portMappings = [{\n"
              "    containerPort = 80\n"
              "  }]\n"
              "  ulimits = [\n"
              "    { name = \"nofile\", softLimit = 1024 },\n"
              "  ]\n"
              "}\n");
}

static void test_spacing_of_punctuation_and_units(void **state)
{
    (void)state;
    CHECK_FMT("s { route public \"/*\" to api : 8080\n scale 2 .. 10\n range a .. b\n"
              "port 8080->80\n memory 512MiB\n cpu 1 \t vcpu\n half = ( 512 MiB/2 )\n}\n",
              "s {\n"
              "  route  public \"/*\" to api:8080\n"
              "  scale  2..10\n"
              "  range  a .. b\n"
              "  port   8080 -> 80\n"
              "  memory 512MiB\n"
              "  cpu    1 vcpu\n"
              "  half = (512 MiB / 2)\n"
              "}\n");
}

static void test_strings_and_keys_as_written(void **state)
{
    (void)state;
    CHECK_FMT("env {\n\"WEIRD KEY\" = \"a \\\"q\\\"\\t${x}\"\n B = \"é\"\n}\n",
              "env {\n"
              "  \"WEIRD KEY\" = \"a \\\"q\\\"\\t${x}\"\n"
              "  B           = \"é\"\n"
              "}\n");
}

static void test_expression_with_a_comment_is_kept_as_written(void **state)
{
    (void)state;
    CHECK_FMT("half = (512 MiB  # all\n   / 2)\nx 1\n",
              "half = (512 MiB  # all\n   / 2)\n"
              "x 1\n");
}

static void test_crlf_and_empty(void **state)
{
    (void)state;
    CHECK_FMT("app a {\r\n  region \"r\"  # c\r\n}\r\n", "app a {\n  region \"r\"  # c\n}\n");
    CHECK_FMT("", "");
    CHECK_FMT("\n\n  \n", "");
    CHECK_FMT("# only\n\n\n", "# only\n");
}

static void test_syntax_error_formats_nothing(void **state)
{
    (void)state;
    assert_null(fmt("app a {\n  region \"r\"\n"));
    assert_null(fmt("x = = 1\n"));
    assert_null(fmt("a \"unterminated\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heads_and_keys_align),
        cmocka_unit_test(test_blank_lines_and_multiline_statements_end_a_group),
        cmocka_unit_test(test_same_head_rows_form_a_table),
        cmocka_unit_test(test_comments_keep_their_places),
        cmocka_unit_test(test_opener_comments_line_up_in_a_section),
        cmocka_unit_test(test_one_line_blocks),
        cmocka_unit_test(test_statements_split_at_semicolons),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_blocks_inside_lists),
        cmocka_unit_test(test_spacing_of_punctuation_and_units),
        cmocka_unit_test(test_strings_and_keys_as_written),
        cmocka_unit_test(test_expression_with_a_comment_is_kept_as_written),
        cmocka_unit_test(test_crlf_and_empty),
        cmocka_unit_test(test_syntax_error_formats_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
