/* test_schema.c - the embedded ECS API model and its lookup API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sema/schema.h"

static void test_roots_exist(void **state)
{
    (void)state;
    const SchemaShape *rtd = schema_shape("RegisterTaskDefinitionRequest");
    const SchemaShape *cs = schema_shape("CreateServiceRequest");
    assert_non_null(rtd);
    assert_non_null(cs);
    assert_string_equal(schema_name(rtd), "RegisterTaskDefinitionRequest");
    assert_int_equal(schema_kind(rtd), SCHEMA_STRUCT);
    assert_int_equal(schema_kind(cs), SCHEMA_STRUCT);
}

static void test_unknown_shape_is_null(void **state)
{
    (void)state;
    assert_null(schema_shape("NoSuchShape"));
    assert_null(schema_shape(""));
    assert_null(schema_shape("containerDefinition"));   /* case-sensitive */
    /* Not reachable from the two roots, so not embedded. */
    assert_null(schema_shape("DescribeClustersRequest"));
}

static void test_task_definition_required(void **state)
{
    (void)state;
    const SchemaShape *rtd = schema_shape("RegisterTaskDefinitionRequest");
    size_t i = 0;
    const SchemaShape *cd = schema_member_find(rtd, "containerDefinitions", &i);
    assert_non_null(cd);
    assert_string_equal(schema_member_name(rtd, i), "containerDefinitions");
    assert_true(schema_member_required(rtd, i));
    assert_ptr_equal(schema_member_shape(rtd, i), cd);
    assert_int_equal(schema_kind(cd), SCHEMA_LIST);
    assert_ptr_equal(schema_list_member(cd), schema_shape("ContainerDefinition"));

    assert_non_null(schema_member_find(rtd, "family", &i));
    assert_true(schema_member_required(rtd, i));
    assert_non_null(schema_member_find(rtd, "cpu", &i));
    assert_false(schema_member_required(rtd, i));
    assert_int_equal(schema_kind(schema_member(rtd, "cpu")), SCHEMA_STRING);
}

static void test_linux_parameters_tmpfs(void **state)
{
    (void)state;
    const SchemaShape *cd = schema_shape("ContainerDefinition");
    assert_non_null(cd);
    const SchemaShape *lp = schema_member(cd, "linuxParameters");
    assert_non_null(lp);
    assert_string_equal(schema_name(lp), "LinuxParameters");
    const SchemaShape *tl = schema_member(lp, "tmpfs");
    assert_non_null(tl);
    assert_int_equal(schema_kind(tl), SCHEMA_LIST);
    const SchemaShape *tmpfs = schema_list_member(tl);
    assert_non_null(tmpfs);
    assert_string_equal(schema_name(tmpfs), "Tmpfs");
    assert_int_equal(schema_member_count(tmpfs), 3);
    /* Sorted by name. */
    assert_string_equal(schema_member_name(tmpfs, 0), "containerPath");
    assert_string_equal(schema_member_name(tmpfs, 1), "mountOptions");
    assert_string_equal(schema_member_name(tmpfs, 2), "size");
    assert_true(schema_member_required(tmpfs, 0));
    assert_false(schema_member_required(tmpfs, 1));
    assert_true(schema_member_required(tmpfs, 2));
    assert_int_equal(schema_kind(schema_member_shape(tmpfs, 0)), SCHEMA_STRING);
    assert_int_equal(schema_kind(schema_member_shape(tmpfs, 2)), SCHEMA_INTEGER);
}

static void test_unknown_member_is_null(void **state)
{
    (void)state;
    const SchemaShape *cd = schema_shape("ContainerDefinition");
    size_t i = 12345;
    assert_null(schema_member(cd, "cpus"));
    assert_null(schema_member(cd, "Image"));            /* case-sensitive */
    assert_null(schema_member(cd, ""));
    assert_null(schema_member_find(cd, "zzz", &i));
    assert_int_equal(i, 12345);                          /* untouched */
    /* Non-structures have no members. */
    const SchemaShape *str = schema_shape("String");
    assert_int_equal(schema_member_count(str), 0);
    assert_null(schema_member(str, "image"));
}

static void test_network_mode_enum(void **state)
{
    (void)state;
    const SchemaShape *nm = schema_shape("NetworkMode");
    assert_non_null(nm);
    assert_int_equal(schema_kind(nm), SCHEMA_STRING);
    assert_int_equal(schema_enum_count(nm), 4);
    assert_true(schema_enum_contains(nm, "awsvpc"));
    assert_true(schema_enum_contains(nm, "bridge"));
    assert_false(schema_enum_contains(nm, "AWSVPC"));
    bool found = false;
    for (size_t i = 0; i < schema_enum_count(nm); i++)
        if (strcmp(schema_enum_value(nm, i), "awsvpc") == 0)
            found = true;
    assert_true(found);
    assert_ptr_equal(schema_member(schema_shape("RegisterTaskDefinitionRequest"),
                                   "networkMode"), nm);
    /* A plain string has no enum. */
    assert_int_equal(schema_enum_count(schema_shape("String")), 0);
}

static void test_map_shapes(void **state)
{
    (void)state;
    const SchemaShape *lc = schema_shape("LogConfiguration");
    assert_non_null(lc);
    const SchemaShape *opts = schema_member(lc, "options");
    assert_non_null(opts);
    assert_int_equal(schema_kind(opts), SCHEMA_MAP);
    assert_int_equal(schema_kind(schema_map_key(opts)), SCHEMA_STRING);
    assert_int_equal(schema_kind(schema_map_value(opts)), SCHEMA_STRING);
    assert_null(schema_list_member(opts));
    assert_null(schema_map_key(lc));
    assert_null(schema_map_value(lc));
}

static void test_min_max(void **state)
{
    (void)state;
    double v = -1;
    const SchemaShape *port = schema_shape("PortNumber");
    assert_non_null(port);
    assert_int_equal(schema_kind(port), SCHEMA_INTEGER);
    assert_true(schema_min(port, &v));
    assert_true(v == 0.0);
    assert_true(schema_max(port, &v));
    assert_true(v == 65535.0);

    const SchemaShape *tags = schema_shape("Tags");     /* list length */
    assert_true(schema_max(tags, &v));
    assert_true(v == 50.0);
    const SchemaShape *key = schema_shape("TagKey");    /* string length */
    assert_true(schema_min(key, &v));
    assert_true(v == 1.0);
    assert_true(schema_max(key, &v));
    assert_true(v == 128.0);

    v = 42;
    assert_false(schema_min(schema_shape("String"), &v));
    assert_false(schema_max(schema_shape("String"), &v));
    assert_true(v == 42.0);
}

static void test_flags(void **state)
{
    (void)state;
    size_t i;
    const SchemaShape *rtd = schema_shape("RegisterTaskDefinitionRequest");
    assert_non_null(schema_member_find(rtd, "inferenceAccelerators", &i));
    assert_true(schema_member_deprecated(rtd, i));
    assert_true(schema_deprecated(schema_shape("InferenceAccelerator")));
    assert_non_null(schema_member_find(rtd, "family", &i));
    assert_false(schema_member_deprecated(rtd, i));
    assert_false(schema_deprecated(rtd));

    const SchemaShape *hd = schema_shape("HookDetails");
    assert_non_null(hd);
    assert_true(schema_is_document(hd));
    assert_false(schema_is_document(rtd));
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(schema_kind_name(SCHEMA_STRUCT), "structure");
    assert_string_equal(schema_kind_name(SCHEMA_LIST), "list");
    assert_string_equal(schema_kind_name(SCHEMA_MAP), "map");
    assert_string_equal(schema_kind_name(SCHEMA_STRING), "string");
    assert_string_equal(schema_kind_name(SCHEMA_INTEGER), "integer");
    assert_string_equal(schema_kind_name(SCHEMA_LONG), "long");
    assert_string_equal(schema_kind_name(SCHEMA_BOOLEAN), "boolean");
    assert_string_equal(schema_kind_name(SCHEMA_DOUBLE), "double");
    assert_string_equal(schema_kind_name(SCHEMA_FLOAT), "float");
    assert_string_equal(schema_kind_name(SCHEMA_TIMESTAMP), "timestamp");
    assert_string_equal(schema_kind_name(SCHEMA_BLOB), "blob");
}

/* Every shape can be found by name, its members are sorted and findable,
 * and every reference points at an embedded shape. */
static void test_tables_consistent(void **state)
{
    (void)state;
    size_t n = schema_shape_count();
    assert_true(n > 100);
    for (size_t i = 0; i < n; i++) {
        const SchemaShape *s = schema_shape_at(i);
        assert_ptr_equal(schema_shape(schema_name(s)), s);
        /* sorted within each table (the ECS model's, then CloudFormation's) */
        if (i > 0 && schema_is_cfn(schema_shape_at(i - 1)) == schema_is_cfn(s))
            assert_true(strcmp(schema_name(schema_shape_at(i - 1)), schema_name(s)) < 0);
        switch (schema_kind(s)) {
        case SCHEMA_STRUCT:
            for (size_t m = 0; m < schema_member_count(s); m++) {
                const char *name = schema_member_name(s, m);
                size_t at = SIZE_MAX;
                if (m > 0)
                    assert_true(strcmp(schema_member_name(s, m - 1), name) < 0);
                assert_non_null(schema_member_shape(s, m));
                assert_ptr_equal(schema_member_find(s, name, &at),
                                 schema_member_shape(s, m));
                assert_int_equal(at, m);
            }
            break;
        case SCHEMA_LIST:
            assert_non_null(schema_list_member(s));
            break;
        case SCHEMA_MAP:
            assert_non_null(schema_map_key(s));
            assert_non_null(schema_map_value(s));
            break;
        default:
            break;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roots_exist),
        cmocka_unit_test(test_unknown_shape_is_null),
        cmocka_unit_test(test_task_definition_required),
        cmocka_unit_test(test_linux_parameters_tmpfs),
        cmocka_unit_test(test_unknown_member_is_null),
        cmocka_unit_test(test_network_mode_enum),
        cmocka_unit_test(test_map_shapes),
        cmocka_unit_test(test_min_max),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_kind_names),
        cmocka_unit_test(test_tables_consistent),
    };
    return cmocka_run_group_tests_name("schema", tests, NULL, NULL);
}
