/* test_raw.c - the escape hatch (`raw { … }`) checked against the ECS API
   model: unknown fields, wrong types, enums and ranges, native words. */
#include "testutil.h"

#include "sema/check.h"

/* A task that is valid on its own, with `raw` text spliced into the task
   (TASK_RAW) or into its container (CONTAINER_RAW). */
#define HEAD                                   \
    "app shop {\n"                             \
    "  region \"eu-west-1\"\n"                 \
    "  account \"123456789012\"\n"             \
    "}\n"                                      \
    "task web {\n"                             \
    "  launch fargate\n"                       \
    "  cpu 0.5 vcpu\n"                         \
    "  memory 1 GiB\n"
#define CONTAINER_RAW(r)                       \
    HEAD                                       \
    "  container app {\n"                      \
    "    image \"nginx:1.25\"\n"               \
    "    raw { " r " }\n"                      \
    "  }\n"                                    \
    "}\n"
#define TASK_RAW(r)                            \
    HEAD                                       \
    "  raw { " r " }\n"                        \
    "  container app {\n"                      \
    "    image \"nginx:1.25\"\n"               \
    "  }\n"                                    \
    "}\n"

/* The line of the container's raw block in CONTAINER_RAW, and of the
   task's in TASK_RAW; columns start at 11 inside `    raw { ` / 9. */
#define CLINE "11"
#define TLINE "9"

static void test_valid_fields_are_clean(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, CONTAINER_RAW(
        "startTimeout = 2, "
        "linuxParameters = { capabilities = { add = [\"SYS_PTRACE\"] } }, "
        "resourceRequirements = [{ type = \"GPU\", value = \"1\" }], "
        "systemControls = [{ namespace = \"net.core.somaxconn\", value = \"1024\" }]")));
    /* startTimeout, capabilities.add and systemControls have native
       words: warnings only. */
    assert_int_equal(c.diag.errors, 0);
    assert_int_equal(tu_count(&c, "W0010"), 3);
    compiler_free(&c);
}

static void test_fields_without_native_words_are_silent(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, CONTAINER_RAW(
        "resourceRequirements = [{ type = \"GPU\", value = \"1\" }]")));
    CHECK_CLEAN(&c);
    compiler_free(&c);
    assert_true(tu_compile(&c, TASK_RAW(
        "volumes = [{ name = \"v\", efsVolumeConfiguration = "
        "{ fileSystemId = \"fs-1\", transitEncryption = \"ENABLED\" } }]")));
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

static void test_unknown_field_did_you_mean(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("startTimout = 2")));
    CHECK_DIAG(&c, "E0120", CLINE ":11", "unknown field 'startTimout' in raw of container 'app'");
    const Diagnostic *d = tu_find(&c, "E0120");
    assert_int_equal(d->notes.len, 1);
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg, "did you mean 'startTimeout'?");
    compiler_free(&c);
}

static void test_unknown_field_case_differs(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("StartTimeout = 2")));
    const Diagnostic *d = tu_find(&c, "E0120");
    assert_non_null(d);
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg, "did you mean 'startTimeout'?");
    compiler_free(&c);
}

static void test_unknown_nested_field(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("restartPolicy = { enabled = true, restartAttemptPerod = 60 }")));
    CHECK_DIAG(&c, "E0120", CLINE ":45", "'restartAttemptPerod' in raw.restartPolicy of container 'app'");
    const Diagnostic *d = tu_find(&c, "E0120");
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg, "did you mean 'restartAttemptPeriod'?");
    compiler_free(&c);
}

static void test_unknown_field_lists_small_shapes(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("restartPolicy = { zzzzzzzz = 1 }")));
    const Diagnostic *d = tu_find(&c, "E0120");
    assert_non_null(d);
    assert_non_null(strstr(((DiagNote *)d->notes.items[0])->msg,
                           "ContainerRestartPolicy has: enabled, ignoredExitCodes, restartAttemptPeriod"));
    compiler_free(&c);
}

static void test_ecsc_word_inside_raw(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("port = 80")));
    const Diagnostic *d = tu_find(&c, "E0120");
    assert_non_null(d);
    assert_non_null(strstr(((DiagNote *)d->notes.items[0])->msg, "`port` is an ecsc word"));
    compiler_free(&c);
}

static void test_wrong_type_string_for_integer(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("linuxParameters = { swappiness = \"10\" }")));
    CHECK_DIAG(&c, "E0121", CLINE ":44",
               "expected an integer for raw.linuxParameters.swappiness of container 'app', found a string");
    const Diagnostic *d = tu_find(&c, "E0121");
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg,
                        "write the number without quotes: swappiness = 10");
    compiler_free(&c);
}

static void test_wrong_type_integer_for_string(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, TASK_RAW("cpu = 512")));
    CHECK_DIAG(&c, "E0121", TLINE ":15", "expected a string for raw.cpu of task 'web', found an integer");
    const Diagnostic *d = tu_find(&c, "E0121");
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg,
                        "the API takes this number as a string: cpu = \"512\"");
    compiler_free(&c);
}

static void test_wrong_type_boolean_list_structure(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW(
        "restartPolicy = { enabled = \"yes\" }, "
        "resourceRequirements = { type = \"GPU\" }, "
        "linuxParameters = [1]")));
    assert_int_equal(tu_count(&c, "E0121"), 3);
    bool saw_bool = false, saw_list = false, saw_struct = false;
    for (int i = 0; i < c.diag.diags.len; i++) {
        const Diagnostic *d = c.diag.diags.items[i];
        saw_bool |= strstr(d->msg, "expected true or false for raw.restartPolicy.enabled") != NULL;
        saw_list |= strstr(d->msg, "expected a list [ … ] for raw.resourceRequirements") != NULL;
        saw_struct |= strstr(d->msg, "expected a block { name = value … } for raw.linuxParameters") != NULL;
    }
    assert_true(saw_bool);
    assert_true(saw_list);
    assert_true(saw_struct);
    compiler_free(&c);
}

static void test_wrong_type_fraction_for_integer(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("linuxParameters = { swappiness = 1.5 }")));
    CHECK_DIAG(&c, "E0121", CLINE ":44", "found a number with a fraction");
    compiler_free(&c);
}

static void test_list_elements_are_checked(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("resourceRequirements = [{ type = \"GPU\", value = 1 }]")));
    CHECK_DIAG(&c, "E0121", CLINE ":59", "raw.resourceRequirements[0].value");
    compiler_free(&c);
}

static void test_enum_suggestion(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("resourceRequirements = [{ type = \"gpu\", value = \"1\" }]")));
    CHECK_DIAG(&c, "E0122", CLINE ":44",
               "'gpu' is not a valid value for raw.resourceRequirements[0].type of container 'app'");
    const Diagnostic *d = tu_find(&c, "E0122");
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg, "did you mean 'GPU'?");
    compiler_free(&c);
}

static void test_enum_lists_values(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("resourceRequirements = [{ type = \"tpu-v9000\", value = \"1\" }]")));
    const Diagnostic *d = tu_find(&c, "E0122");
    assert_non_null(d);
    assert_string_equal(((DiagNote *)d->notes.items[0])->msg,
                        "expected \"GPU\", \"InferenceAccelerator\" or \"NeuronDevice\"");
    compiler_free(&c);
}

static void test_length_and_count_limits(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, TASK_RAW("tags = [{ key = \"\", value = \"v\" }]")));
    CHECK_DIAG(&c, "E0122", TLINE ":25",
               "raw.tags[0].key of task 'web' must have at least 1 character, found 0");
    compiler_free(&c);
}

static void test_integer_is_32_bits(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW("linuxParameters = { swappiness = 3000000000 }")));
    CHECK_DIAG(&c, "E0122", CLINE ":44",
               "raw.linuxParameters.swappiness of container 'app' must be between -2147483648 and "
               "2147483647, found 3000000000");
    compiler_free(&c);
}

static void test_native_word_warning(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, CONTAINER_RAW("portMappings = [{ containerPort = 80 }]")));
    CHECK_DIAG(&c, "W0010", CLINE ":11", "'portMappings' has a native word: use `port`");
    assert_int_equal(tu_find(&c, "W0010")->severity, DIAG_WARNING);
    compiler_free(&c);

    assert_true(tu_compile(&c, TASK_RAW("family = \"x\"")));
    CHECK_DIAG(&c, "W0010", TLINE ":9", "'family' has a native word: use `task NAME`");
    compiler_free(&c);
}

static void test_native_word_warned_once_per_tree(void **state)
{
    (void)state;
    Compiler c;
    /* containerDefinitions is reported; the container's own fields inside
       it are not reported again. */
    assert_true(tu_compile(&c, TASK_RAW("containerDefinitions = [{ name = \"x\", image = \"y\" }]")));
    assert_int_equal(tu_count(&c, "W0010"), 1);
    CHECK_DIAG(&c, "W0010", TLINE ":9", "'containerDefinitions' has a native word: use `container`");
    compiler_free(&c);
}

static void test_native_word_nested(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, CONTAINER_RAW("linuxParameters = { initProcessEnabled = true }")));
    CHECK_DIAG(&c, "W0010", CLINE ":31", "'initProcessEnabled' has a native word: use `init`");
    compiler_free(&c);
}

static void test_werror_makes_native_word_an_error(void **state)
{
    (void)state;
    Compiler c;
    compiler_init(&c);
    c.diag.werror = true;
    const char *src = CONTAINER_RAW("image = \"x\"");
    compiler_add_source(&c, "t.ecs", src, strlen(src));
    assert_false(compiler_check(&c));
    assert_int_equal(tu_find(&c, "W0010")->severity, DIAG_ERROR);
    compiler_free(&c);
}

static void test_documents_accept_anything(void **state)
{
    (void)state;
    /* HookDetails is a document: free-form JSON, no members. */
    Arena a;
    arena_init(&a);
    DiagEngine diag;
    diag_init(&diag, &a);
    Sema s = {.arena = &a, .diag = &diag};

    IrValue *inner = ARENA_NEW(&a, IrValue);
    inner->kind = IR_VAL_LIST;
    IrValue *n = ARENA_NEW(&a, IrValue);
    n->kind = IR_VAL_INT;
    n->ival = 7;
    vec_push(&a, &inner->items, n);
    IrMember *m = ARENA_NEW(&a, IrMember);
    m->key = "anything";
    m->value = inner;
    IrValue *doc = ARENA_NEW(&a, IrValue);
    doc->kind = IR_VAL_OBJECT;
    vec_push(&a, &doc->items, m);

    check_raw(&s, doc, "HookDetails", "a hook");
    assert_int_equal(diag.diags.len, 0);
    /* The same value against a real structure is an unknown field. */
    check_raw(&s, doc, "ContainerRestartPolicy", "a test");
    assert_int_equal(diag.errors, 1);
    arena_free(&a);
}

static void test_many_errors_in_one_raw(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, CONTAINER_RAW(
        "startTimout = 1, stopTimeout = \"x\", "
        "resourceRequirements = [{ type = \"GPUS\", value = \"1\" }]")));
    assert_int_equal(tu_count(&c, "E0120"), 1);
    assert_int_equal(tu_count(&c, "E0121"), 1);
    assert_int_equal(tu_count(&c, "E0122"), 1);
    compiler_free(&c);
}

/* ---- a service's raw (CreateServiceRequest) ------------------------------------------- */

#define SERVICE_RAW(r)                         \
    TASK_RAW("")                               \
    "service web {\n"                          \
    "  task web\n"                             \
    "  subnets [\"subnet-0a1b2c3d\"]\n"        \
    "  raw { " r " }\n"                        \
    "}\n"
/* the line of the service's raw block; columns start at 9 */
#define SLINE "17"

static void test_service_raw_checked(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, SERVICE_RAW("role = \"arn:aws:iam::123456789012:role/ecs-service\"")));
    CHECK_CLEAN(&c);
    compiler_free(&c);

    /* members that have had words since: checked, and named */
    assert_true(tu_compile(&c, SERVICE_RAW("platformVersion = \"1.4.0\", "
                                           "availabilityZoneRebalancing = \"ENABLED\", "
                                           "enableECSManagedTags = true")));
    CHECK_DIAG(&c, "W0010", SLINE ":9", "'platformVersion' has a native word: use `platform_version`");
    compiler_free(&c);

    assert_false(tu_compile(&c, SERVICE_RAW("platformVersoin = \"1.4.0\"")));
    CHECK_DIAG(&c, "E0120", SLINE ":9", "unknown field 'platformVersoin' in raw of service 'web'");
    assert_string_equal(((DiagNote *)tu_find(&c, "E0120")->notes.items[0])->msg,
                        "did you mean 'platformVersion'?");
    compiler_free(&c);

    assert_false(tu_compile(&c, SERVICE_RAW("enableECSManagedTags = \"true\"")));
    CHECK_DIAG(&c, "E0121", SLINE ":32", "expected true or false for raw.enableECSManagedTags");
    compiler_free(&c);

    assert_false(tu_compile(&c, SERVICE_RAW("availabilityZoneRebalancing = \"enabled\"")));
    CHECK_DIAG(&c, "E0122", SLINE ":39", "'enabled' is not a valid value");
    assert_string_equal(((DiagNote *)tu_find(&c, "E0122")->notes.items[0])->msg,
                        "did you mean 'ENABLED'?");
    compiler_free(&c);
}

static void test_service_raw_native_and_owned(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, SERVICE_RAW("healthCheckGracePeriodSeconds = 30")));
    CHECK_DIAG(&c, "W0010", SLINE ":9", "'healthCheckGracePeriodSeconds' has a native word: use `grace`");
    compiler_free(&c);

    assert_false(tu_compile(&c, SERVICE_RAW("desired = 2")));
    assert_string_equal(((DiagNote *)tu_find(&c, "E0120")->notes.items[0])->msg,
                        "`desired` is an ecsc word: write it in the service block itself, not in raw");
    compiler_free(&c);

    assert_false(tu_compile(&c, SERVICE_RAW("cluster = \"shared\"")));
    CHECK_DIAG(&c, "E0321", SLINE ":9", "raw cannot set 'cluster' of service 'web': ecsc sets it");
    compiler_free(&c);
    assert_false(tu_compile(&c, SERVICE_RAW("clientToken = \"x\"")));
    CHECK_DIAG(&c, "E0321", SLINE ":9", "'clientToken'");
    compiler_free(&c);
}

/* raw in a block that generates nothing of its own */
static void test_misplaced_raw(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, HEAD "  volume data docker { raw { a = 1 } }\n"
                                "  container app { image \"nginx:1.25\" }\n}\n"));
    CHECK_DIAG(&c, "E0320", "9:24", "`raw` cannot be used in");
    assert_non_null(strstr(((DiagNote *)tu_find(&c, "E0320")->notes.items[0])->msg,
                           "raw goes in the declaration whose resource it changes"));
    compiler_free(&c);
}

/* ---- raw of CloudFormation-only resources ------------------------------------------- */

#define LB_HEAD                                               \
    HEAD                                                      \
    "  container app { image \"nginx:1.25\"; port 8080 }\n"   \
    "}\n"                                                     \
    "param vpc vpc_id\n"                                      \
    "param subnets [subnet_id]\n"                             \
    "load_balancer public {\n"                                \
    "  subnets subnets\n"                                     \
    "  vpc vpc\n"                                             \
    "  listen 80 http\n"
#define LB_SERVICE(lb_raw, sv_raw)                            \
    LB_HEAD lb_raw "}\n"                                      \
    "service web {\n"                                         \
    "  task web\n"                                            \
    "  subnets subnets\n"                                     \
    "  route public \"/*\" to app:8080\n"                     \
    sv_raw "}\n"

static void test_cfn_raw_checked(void **state)
{
    (void)state;
    Compiler c;
    assert_true(tu_compile(&c, LB_SERVICE(
        "  raw { LoadBalancerAttributes = [{ Key = \"deletion_protection.enabled\", Value = \"true\" }] }\n"
        "  raw listener 80 { AlpnPolicy = [\"None\"] }\n",
        "  raw target_group { IpAddressType = \"ipv4\" }\n"
        "  raw listener_rule public { Tags = [{ Key = \"a\", Value = \"b\" }] }\n")));
    assert_int_equal(c.diag.errors, 0);
    assert_int_equal(tu_count(&c, "W0010"), 0);
    compiler_free(&c);

    /* unknown property, with a suggestion; the block it is in is named */
    assert_false(tu_compile(&c, LB_SERVICE("", "  raw target_group { IpAdressType = \"ipv4\" }\n")));
    CHECK_DIAG(&c, "E0120", "22:22",
               "unknown field 'IpAdressType' in raw of the target groups of service 'web'");
    assert_string_equal(((DiagNote *)tu_find(&c, "E0120")->notes.items[0])->msg,
                        "did you mean 'IpAddressType'?");
    compiler_free(&c);

    /* wrong type, nested */
    assert_false(tu_compile(&c, LB_SERVICE("  raw { LoadBalancerAttributes = [{ Key = 1 }] }\n", "")));
    CHECK_DIAG(&c, "E0121", "17:43", "expected a string for raw.LoadBalancerAttributes[0].Key");
    compiler_free(&c);

    /* a native word, and a property ecsc owns */
    assert_true(tu_compile(&c, LB_SERVICE("", "  raw target_group { HealthCheckPath = \"/up\" }\n")));
    CHECK_DIAG(&c, "W0010", "22:22", "'HealthCheckPath' has a native word: use `route … health`");
    compiler_free(&c);
    assert_false(tu_compile(&c, LB_SERVICE("  raw listener 80 { LoadBalancerArn = \"x\" }\n", "")));
    CHECK_DIAG(&c, "E0321", "17:21", "raw cannot set 'LoadBalancerArn' of listener 80 of load_balancer 'public'");
    compiler_free(&c);
}

static void test_cfn_raw_reaches_something(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, LB_SERVICE("  raw listener 443 { AlpnPolicy = [\"None\"] }\n", "")));
    CHECK_DIAG(&c, "E0322", "17:3", "load_balancer 'public' has no listener on port 443");
    assert_string_equal(((DiagNote *)tu_find(&c, "E0322")->notes.items[0])->msg, "its listeners: 80");
    compiler_free(&c);

    assert_false(tu_compile(&c, LB_SERVICE("", "  raw listener_rule private { Priority = 3 }\n")));
    CHECK_DIAG(&c, "E0322", "22:3", "service 'web' has no route on load_balancer 'private'");
    compiler_free(&c);

    assert_false(tu_compile(&c, LB_SERVICE("", "  raw bucket { A = 1 }\n")));
    CHECK_DIAG(&c, "E0107", "22:7", "unknown raw target 'bucket'");
    compiler_free(&c);

    assert_false(tu_compile(&c, HEAD "  container app { image \"nginx:1.25\" }\n}\n"
                                "cluster { existing \"shared\"\n  raw { ClusterSettings = [] } }\n"));
    CHECK_DIAG(&c, "E0323", "12:3", "raw in cluster changes nothing: the stack does not create it");
    compiler_free(&c);
}

/* The capacity's three resources, and the role's and cluster's own. */
static void test_cfn_raw_targets(void **state)
{
    (void)state;
    Compiler c;
    assert_false(tu_compile(&c, HEAD "  container app { image \"nginx:1.25\" }\n}\n"
                                "capacity ec2 {\n  instance \"m6i.large\"\n  min 1\n  max 2\n"
                                "  raw launch_template { LaunchTemplateData = { EbsOptimised = true } }\n"
                                "  raw capacity_provider { AutoScalingGroupProvider = { ManagedDraining = 1 } }\n"
                                "  raw { MinSize = \"1\" }\n}\n"
                                "role web { raw { RoleName = \"x\" } }\n"));
    CHECK_DIAG(&c, "E0120", "15:48", "'EbsOptimised' in raw.LaunchTemplateData of the launch template of capacity 'ec2'");
    CHECK_DIAG(&c, "E0121", "16:74", "of the capacity provider of capacity 'ec2'");
    CHECK_DIAG(&c, "W0010", "17:9", "'MinSize' has a native word: use `min`");
    CHECK_DIAG(&c, "E0321", "19:18", "raw cannot set 'RoleName' of role 'web'");
    compiler_free(&c);
    assert_false(tu_compile(&c, HEAD "  container app { image \"nginx:1.25\" }\n}\n"
                                "cluster { raw { ClusterSetings = [] } }\n"));
    CHECK_DIAG(&c, "E0120", "11:17", "unknown field 'ClusterSetings' in raw of the cluster");
    compiler_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_fields_are_clean),
        cmocka_unit_test(test_fields_without_native_words_are_silent),
        cmocka_unit_test(test_unknown_field_did_you_mean),
        cmocka_unit_test(test_unknown_field_case_differs),
        cmocka_unit_test(test_unknown_nested_field),
        cmocka_unit_test(test_unknown_field_lists_small_shapes),
        cmocka_unit_test(test_ecsc_word_inside_raw),
        cmocka_unit_test(test_wrong_type_string_for_integer),
        cmocka_unit_test(test_wrong_type_integer_for_string),
        cmocka_unit_test(test_wrong_type_boolean_list_structure),
        cmocka_unit_test(test_wrong_type_fraction_for_integer),
        cmocka_unit_test(test_list_elements_are_checked),
        cmocka_unit_test(test_enum_suggestion),
        cmocka_unit_test(test_enum_lists_values),
        cmocka_unit_test(test_length_and_count_limits),
        cmocka_unit_test(test_integer_is_32_bits),
        cmocka_unit_test(test_native_word_warning),
        cmocka_unit_test(test_native_word_warned_once_per_tree),
        cmocka_unit_test(test_native_word_nested),
        cmocka_unit_test(test_werror_makes_native_word_an_error),
        cmocka_unit_test(test_documents_accept_anything),
        cmocka_unit_test(test_many_errors_in_one_raw),
        cmocka_unit_test(test_service_raw_checked),
        cmocka_unit_test(test_service_raw_native_and_owned),
        cmocka_unit_test(test_misplaced_raw),
        cmocka_unit_test(test_cfn_raw_checked),
        cmocka_unit_test(test_cfn_raw_reaches_something),
        cmocka_unit_test(test_cfn_raw_targets),
    };
    return cmocka_run_group_tests_name("raw", tests, NULL, NULL);
}
