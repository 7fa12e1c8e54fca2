/* test_role.c - IAM role checks. */
#include "testutil.h"

#define APP "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"

static void test_named_actions_and_resources_are_clean(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP "role r {\n  allow [\"s3:GetObject\", \"s3:List*\"] on "
                               "\"arn:aws:s3:::assets/*\"\n"
                               "  managed \"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess\"\n}\n"));
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

static void test_every_action_warns(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP "role r {\n  allow \"s3:*\" on \"arn:aws:s3:::assets/*\"\n}\n"));
    CHECK_DIAG(&c, "W0080", "3:9", "every s3 action");
    compiler_free(&c);
    assert_true(tu_compile(&c, APP "role r {\n  allow \"*\" on \"arn:aws:s3:::assets/*\"\n}\n"));
    CHECK_DIAG(&c, "W0080", "3:9", "every action of every AWS service");
    compiler_free(&c);
}

static void test_every_resource_warns_unless_the_action_needs_it(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP "role r {\n  allow \"dynamodb:GetItem\" on \"*\"\n}\n"));
    CHECK_DIAG(&c, "W0081", "3:31", "every resource");
    compiler_free(&c);
    assert_true(tu_compile(&c, APP "role r {\n  allow [\"xray:PutTraceSegments\", "
                               "\"xray:PutTelemetryRecords\"] on \"*\"\n}\n"));
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

static void test_deny_wildcards_are_fine(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP "role r {\n  allow \"s3:GetObject\" on \"arn:aws:s3:::a/*\"\n"
                               "  deny \"*\" on \"*\"\n}\n"));
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

static void test_malformed_statements(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "role r {\n  allow \"s3GetObject\" on \"assets\"\n"
                                "  managed \"AmazonS3ReadOnlyAccess\"\n}\n"));
    CHECK_DIAG(&c, "E0802", "3:9", "not an IAM action");
    CHECK_DIAG(&c, "E0803", "3:26", "not a resource ARN");
    assert_int_equal(tu_count(&c, "E0803"), 2);
    compiler_free(&c);
}

static void test_existing_role_with_statements(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, APP "role r {\n  arn \"arn:aws:iam::123456789012:role/x\"\n"
                                "  allow \"s3:GetObject\" on \"arn:aws:s3:::a/*\"\n}\n"));
    CHECK_DIAG(&c, "E0801", "2:6", "existing role");
    compiler_free(&c);
    assert_true(tu_compile(&c, APP "role r {\n  arn \"arn:aws:iam::123456789012:role/x\"\n}\n"));
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

static void test_empty_role(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, APP "role r {\n}\n"));
    CHECK_DIAG(&c, "W0082", "2:6", "allows nothing");
    compiler_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_actions_and_resources_are_clean),
        cmocka_unit_test(test_every_action_warns),
        cmocka_unit_test(test_every_resource_warns_unless_the_action_needs_it),
        cmocka_unit_test(test_deny_wildcards_are_fine),
        cmocka_unit_test(test_malformed_statements),
        cmocka_unit_test(test_existing_role_with_statements),
        cmocka_unit_test(test_empty_role),
    };
    return cmocka_run_group_tests_name("role", tests, NULL, NULL);
}
