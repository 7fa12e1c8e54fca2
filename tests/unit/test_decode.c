/* test_decode.c - from statements to the model: unknown and repeated fields,
   values of the wrong kind, units and ranges, enum words, declarations,
   names and references, and the derived values that need the account and
   region. */
#include "testutil.h"

#define APP                                    \
    "app shop {\n"                             \
    "  region \"eu-west-1\"\n"                 \
    "  account \"123456789012\"\n"             \
    "}\n"
/* Line numbers below count from the line after APP (line 5). */

static const char *note0(const Diagnostic *d)
{
    assert_true(d->notes.len > 0);
    return ((const DiagNote *)d->notes.items[0])->msg;
}

/* --- fields ------------------------------------------------------------------ */

static void test_clean_file(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.5 vcpu\n"
        "  memory 1 GiB\n"
        "  container app {\n"
        "    image \"nginx:1.25\"\n"
        "    port 80\n"
        "  }\n"
        "}\n"));
    CHECK_CLEAN(&c);
    assert_int_equal(c.model->tasks.len, 1);
    const IrTask *t = c.model->tasks.items[0];
    assert_int_equal(t->cpu, 512);
    assert_int_equal(t->memory, 1024);
    compiler_free(&c);
}

static void test_unknown_field_did_you_mean(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    imgae \"nginx\"\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0101", "7:5", "unknown field 'imgae' in container 'app'");
    assert_string_equal(note0(tu_find(&c, "E0101")), "did you mean 'image'?");
    compiler_free(&c);
}

static void test_unknown_field_no_suggestion(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "task web {\n  frobnicate 3\n}\n"));
    CHECK_DIAG(&c, "E0101", "6:3", "unknown field 'frobnicate' in task 'web'");
    assert_int_equal(tu_find(&c, "E0101")->notes.len, 0);
    compiler_free(&c);
}

static void test_duplicate_field_with_note(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "task web {\n  cpu 1 vcpu\n  cpu 2 vcpu\n}\n"));
    CHECK_DIAG(&c, "E0102", "7:3", "'cpu' is set twice in task 'web'");
    const Diagnostic *d = tu_find(&c, "E0102");
    const DiagNote *n = d->notes.items[0];
    assert_string_equal(n->msg, "first set here");
    uint32_t line, col;
    source_line_col(&c.sources, n->span.file, n->span.lo, &line, &col);
    assert_int_equal(line, 6);
    assert_int_equal(col, 3);
    compiler_free(&c);
}

static void test_repeatable_fields_are_not_duplicates(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.5 vcpu\n"
        "  memory 1 GiB\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    port 80\n"
        "    port 443\n"
        "    env { A = \"1\" }\n"
        "    env { B = \"2\" }\n"
        "  }\n"
        "}\n"));
    assert_int_equal(tu_count(&c, "E0102"), 0);
    compiler_free(&c);
}

static void test_duplicate_key_in_map(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    env { A = \"1\", A = \"2\" }\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0102", "8:20", "'A' is set twice");
    compiler_free(&c);
}

static void test_wrong_kind(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image nginx\n"
        "    port \"80\"\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0103", "7:11", "expected an image such as \"nginx:1.25\" for 'image', found 'nginx'");
    assert_int_equal(tu_count(&c, "E0103"), 2);
    compiler_free(&c);
}

static void test_assignment_where_a_field_is_expected(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "task web {\n  cpu = 512\n}\n"));
    CHECK_DIAG(&c, "E0103", "6:3", "expected a field in task 'web', found an assignment 'cpu = …'");
    compiler_free(&c);
}

static void test_extra_argument(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "task web {\n  network awsvpc bridge\n}\n"));
    CHECK_DIAG(&c, "E0104", "6:18", "unexpected 'bridge' after 'network'");
    compiler_free(&c);
}

static void test_missing_argument(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image\n"
        "  }\n"
        "  memory\n"
        "}\n"));
    CHECK_DIAG(&c, "E0105", "7:10", "'image' is missing an image");
    assert_int_equal(tu_count(&c, "E0105"), 2);
    compiler_free(&c);
}

static void test_unknown_unit(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  memory 1 GB\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    health cmd \"true\" every 30x\n"
        "  }\n"
        "}\n"));
    /* "GB" is a unit word of the lexer, but memory is in binary units. */
    CHECK_DIAG(&c, "E0108", "6:10", "unknown unit 'GB' for the task's memory");
    assert_string_equal(note0(tu_find(&c, "E0108")), "did you mean 'GiB'?");
    assert_int_equal(tu_count(&c, "E0108"), 2);
    compiler_free(&c);
}

static void test_unit_where_none_is_allowed(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    port 80s\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0108", "8:10", "'port' takes a container port without a unit, found '80s'");
    compiler_free(&c);
}

static void test_out_of_range_numbers(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    swap 1 GiB swappiness 101\n"
        "    gpu 0\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0106", "8:27", "swappiness must be between 0 and 100, found 101");
    assert_int_equal(tu_count(&c, "E0106"), 2);
    compiler_free(&c);
}

static void test_number_too_large(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    port 99999999999999999999\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0106", "8:10", "too large");
    compiler_free(&c);
}

static void test_fraction_of_a_unit(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "task web {\n  memory 0.3 MiB\n}\n"));
    CHECK_DIAG(&c, "E0106", "6:10", "must be a whole number of MiB");
    compiler_free(&c);
}

static void test_unknown_enum_word(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  launch fargat\n"
        "  network awsvcp\n"
        "  pid zzz\n"
        "}\n"));
    CHECK_DIAG(&c, "E0107", "6:10", "unknown launch type 'fargat'");
    assert_string_equal(note0(tu_find(&c, "E0107")), "did you mean 'fargate'?");
    assert_int_equal(tu_count(&c, "E0107"), 3);
    /* No close word: the note lists the choices. */
    const Diagnostic *last = NULL;
    for (int i = 0; i < c.diag.diags.len; i++) {
        const Diagnostic *d = c.diag.diags.items[i];
        if (strstr(d->msg, "pid mode"))
            last = d;
    }
    assert_non_null(last);
    assert_string_equal(note0(last), "expected host or task");
    compiler_free(&c);
}

static void test_unknown_declaration(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "tsk web {\n}\nwidget x {\n}\n"));
    CHECK_DIAG(&c, "E0109", "5:1", "unknown declaration 'tsk'");
    assert_string_equal(note0(tu_find(&c, "E0109")), "did you mean 'task'?");
    assert_int_equal(tu_count(&c, "E0109"), 2);
    compiler_free(&c);
}

static void test_second_app_block(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "app other {\n}\n"));
    CHECK_DIAG(&c, "E0110", "5:1", "a second 'app' block");
    compiler_free(&c);
}

/* --- names ------------------------------------------------------------------- */

static void test_duplicate_names(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "role r { allow \"s3:GetObject\" on \"*\" }\n"
        "role r { allow \"s3:GetObject\" on \"*\" }\n"
        "task web {\n"
        "  container app { image \"x\" }\n"
        "  container app { image \"y\" }\n"
        "  volume v\n"
        "  volume v\n"
        "}\n"
        "task web {\n"
        "  container a { image \"x\" }\n"
        "}\n"));
    assert_int_equal(tu_count(&c, "E0110"), 4);
    CHECK_DIAG(&c, "E0110", "6:6", "role 'r' is defined twice");
    assert_string_equal(note0(tu_find(&c, "E0110")), "first defined here");
    int container = 0, volume = 0, task = 0;
    for (int i = 0; i < c.diag.diags.len; i++) {
        const Diagnostic *d = c.diag.diags.items[i];
        container += strcmp(d->msg, "container 'app' is defined twice") == 0;
        volume += strcmp(d->msg, "volume 'v' is defined twice") == 0;
        task += strcmp(d->msg, "task 'web' is defined twice") == 0;
    }
    assert_int_equal(container + volume + task, 3);
    compiler_free(&c);
}

static void test_same_container_name_in_two_tasks(void **state)
{
    (void)state;
    Compiler c;
    tu_compile(&c, APP
        "task a {\n  container app { image \"x\" }\n}\n"
        "task b {\n  container app { image \"x\" }\n}\n");
    assert_int_equal(tu_count(&c, "E0110"), 0);
    compiler_free(&c);
}

static void test_unresolved_role(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "role reader { allow \"s3:GetObject\" on \"*\" }\n"
        "task web {\n"
        "  role readr\n"
        "  container app { image \"x\" }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0111", "7:8", "no role named 'readr'");
    assert_string_equal(note0(tu_find(&c, "E0111")), "did you mean 'reader'?");
    compiler_free(&c);
}

static void test_unresolved_depends_on(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    depends_on sidecr healthy\n"
        "  }\n"
        "  container sidecar { image \"y\" }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0111", "8:16", "no container named 'sidecr' in task 'web'");
    assert_string_equal(note0(tu_find(&c, "E0111")), "did you mean 'sidecar'?");
    compiler_free(&c);
}

static void test_unresolved_mount(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  volume data\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    mount dat at \"/d\"\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0111", "9:11", "no volume named 'dat' in task 'web'");
    assert_string_equal(note0(tu_find(&c, "E0111")), "did you mean 'data'?");
    compiler_free(&c);
}

static void test_unresolved_mount_without_volumes(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task web {\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    mount data at \"/d\"\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0111", "8:11", "no volume named 'data' in task 'web'");
    assert_string_equal(note0(tu_find(&c, "E0111")), "declare it in the task: volume data host \"/path\"");
    compiler_free(&c);
}

static void test_containers_do_not_leak_between_tasks(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task a {\n  container db { image \"x\" }\n}\n"
        "task b {\n  container app {\n    image \"x\"\n    depends_on db\n  }\n}\n"));
    CHECK_DIAG(&c, "E0111", "11:16", "no container named 'db' in task 'b'");
    compiler_free(&c);
}

static void test_invalid_names(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP
        "task we.b {\n"
        "  container a.b { image \"x\" }\n"
        "  volume v.1\n"
        "}\n"));
    CHECK_DIAG(&c, "E0112", "5:6", "invalid task name 'we.b'");
    assert_string_equal(note0(tu_find(&c, "E0112")),
                        "names use letters, digits, '-' and '_', 1 to 255 characters");
    assert_int_equal(tu_count(&c, "E0112"), 3);
    compiler_free(&c);
}

static void test_name_too_long(void **state)
{
    (void)state;
    char name[300];
    memset(name, 'x', 256);
    name[256] = '\0';
    char src[1024];
    snprintf(src, sizeof src, APP "task %s {\n}\n", name);
    Compiler c;
    assert_false(tu_compile(&c, src));
    CHECK_DIAG(&c, "E0112", "5:6", "invalid task name");
    compiler_free(&c);
}

/* --- derived values ---------------------------------------------------------- */

static void test_missing_account(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c,
        "app shop {\n"
        "  region \"eu-west-1\"\n"
        "}\n"
        "role r { allow \"s3:GetObject\" on \"*\" }\n"
        "task web {\n"
        "  role r\n"
        "  container app { image \"x\" }\n"
        "}\n"));
    assert_int_equal(tu_count(&c, "E0201"), 2);
    CHECK_DIAG(&c, "E0201", "6:8", "task 'web' refers to role 'r'; its ARN names the AWS account");
    assert_non_null(strstr(note0(tu_find(&c, "E0201")), "-D account=123456789012"));
    compiler_free(&c);
}

static void test_account_from_define(void **state)
{
    (void)state;
    Compiler c;
    compiler_init(&c);
    c.diag.max_errors = 0;
    assert_true(compiler_define(&c, "account=123456789012"));
    const char *src =
        "app shop {\n  region \"eu-west-1\"\n}\n"
        "task web {\n  container app { image \"x\" }\n}\n";
    compiler_add_source(&c, "t.ecs", src, strlen(src));
    compiler_check(&c);
    assert_int_equal(tu_count(&c, "E0201"), 0);
    compiler_free(&c);
}

static void test_secret_by_name_needs_account(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c,
        "app shop {\n  region \"eu-west-1\"\n}\n"
        "task web {\n"
        "  execution_role \"arn:aws:iam::123456789012:role/x\"\n"
        "  container app {\n"
        "    image \"x\"\n"
        "    secret DB from ssm \"/db\"\n"
        "  }\n"
        "}\n"));
    CHECK_DIAG(&c, "E0201", "4:6", "task 'web' reads secrets by name");
    compiler_free(&c);
}

static void test_missing_region(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c,
        "app shop {\n  account \"123456789012\"\n}\n"
        "task web {\n  container app { image \"x\" }\n}\n"));
    CHECK_DIAG(&c, "E0202", "4:6", "task 'web' logs with awslogs by default, which needs the AWS region of its log group");
    assert_non_null(strstr(note0(tu_find(&c, "E0202")), "-D region=eu-west-1"));
    compiler_free(&c);
}

static void test_no_region_needed_without_awslogs(void **state)
{
    (void)state;
    Compiler c;
    tu_compile(&c,
        "app shop {\n  account \"123456789012\"\n}\n"
        "task web {\n  logs none\n  container app { image \"x\" }\n}\n");
    assert_int_equal(tu_count(&c, "E0202"), 0);
    compiler_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_file),
        cmocka_unit_test(test_unknown_field_did_you_mean),
        cmocka_unit_test(test_unknown_field_no_suggestion),
        cmocka_unit_test(test_duplicate_field_with_note),
        cmocka_unit_test(test_repeatable_fields_are_not_duplicates),
        cmocka_unit_test(test_duplicate_key_in_map),
        cmocka_unit_test(test_wrong_kind),
        cmocka_unit_test(test_assignment_where_a_field_is_expected),
        cmocka_unit_test(test_extra_argument),
        cmocka_unit_test(test_missing_argument),
        cmocka_unit_test(test_unknown_unit),
        cmocka_unit_test(test_unit_where_none_is_allowed),
        cmocka_unit_test(test_out_of_range_numbers),
        cmocka_unit_test(test_number_too_large),
        cmocka_unit_test(test_fraction_of_a_unit),
        cmocka_unit_test(test_unknown_enum_word),
        cmocka_unit_test(test_unknown_declaration),
        cmocka_unit_test(test_second_app_block),
        cmocka_unit_test(test_duplicate_names),
        cmocka_unit_test(test_same_container_name_in_two_tasks),
        cmocka_unit_test(test_unresolved_role),
        cmocka_unit_test(test_unresolved_depends_on),
        cmocka_unit_test(test_unresolved_mount),
        cmocka_unit_test(test_unresolved_mount_without_volumes),
        cmocka_unit_test(test_containers_do_not_leak_between_tasks),
        cmocka_unit_test(test_invalid_names),
        cmocka_unit_test(test_name_too_long),
        cmocka_unit_test(test_missing_account),
        cmocka_unit_test(test_account_from_define),
        cmocka_unit_test(test_secret_by_name_needs_account),
        cmocka_unit_test(test_missing_region),
        cmocka_unit_test(test_no_region_needed_without_awslogs),
    };
    return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
