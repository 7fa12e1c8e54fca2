/* test_cfn.c - the CloudFormation template and fragments: compile a source,
   emit taskdefs+cfn, and inspect cfn/template.json with cJSON. */
#include "testutil.h"

#include "cfn_int.h"
#include "emit.h"
#include "sema/sema.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

/* --- fixture ----------------------------------------------------------------- */

typedef struct Fx {
    Compiler c;
    cJSON *tpl;         /* cfn/template.json */
    cJSON *res;         /* its Resources */
} Fx;

static int setup(void **state)
{
    Fx *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fx *fx = *state;
    cJSON_Delete(fx->tpl);
    compiler_free(&fx->c);
    free(fx);
    return 0;
}

static const OutputFile *find_output(const Compiler *c, const char *path)
{
    for (int i = 0; i < c->outputs.len; i++) {
        const OutputFile *f = c->outputs.items[i];
        if (strcmp(f->path, path) == 0)
            return f;
    }
    return NULL;
}

static cJSON *parse_output(const Compiler *c, const char *path)
{
    const OutputFile *f = find_output(c, path);
    if (!f)
        fail_msg("no output %s", path);
    cJSON *doc = cJSON_ParseWithLength(f->data, f->len);
    assert_non_null(doc);
    return doc;
}

/* Compiles `src` with --emit=`emit` (cfn among them) and parses the
   template. */
static void compile_emit(Fx *fx, const char *src, unsigned emit)
{
    compiler_init(&fx->c);
    fx->c.emit = emit;
    fx->c.diag.max_errors = 0;
    compiler_add_source(&fx->c, "t.ecs", src, strlen(src));
    if (!compiler_check(&fx->c)) {
        tu_dump(&fx->c);
        fail_msg("the source did not compile");
    }
    compiler_emit(&fx->c);
    fx->tpl = parse_output(&fx->c, "cfn/template.json");
    fx->res = cJSON_GetObjectItemCaseSensitive(fx->tpl, "Resources");
    assert_non_null(fx->res);
}

/* Compiles `src` with --emit=taskdefs,cfn and parses the template. */
static void compile(Fx *fx, const char *src)
{
    compile_emit(fx, src, EMIT_TASKDEFS | EMIT_CFN);
}

static cJSON *resource(Fx *fx, const char *id)
{
    cJSON *r = cJSON_GetObjectItemCaseSensitive(fx->res, id);
    if (!r)
        fail_msg("no resource %s", id);
    return r;
}

static cJSON *props(Fx *fx, const char *id)
{
    return cJSON_GetObjectItemCaseSensitive(resource(fx, id), "Properties");
}

/* Follows a path of object keys and array indexes ("0".."9"). */
static cJSON *at(cJSON *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *tok = strtok(buf, "/"); tok && v; tok = strtok(NULL, "/")) {
        if (cJSON_IsArray(v))
            v = cJSON_GetArrayItem(v, atoi(tok));
        else
            v = cJSON_GetObjectItemCaseSensitive(v, tok);
    }
    if (!v)
        fail_msg("nothing at %s", path);
    return v;
}

static const char *at_str(cJSON *v, const char *path)
{
    cJSON *s = at(v, path);
    assert_true(cJSON_IsString(s));
    return s->valuestring;
}

static int at_int(cJSON *v, const char *path)
{
    cJSON *n = at(v, path);
    assert_true(cJSON_IsNumber(n));
    return n->valueint;
}

/* {"Fn::GetAtt": [id, attr]} */
static bool is_getatt(const cJSON *v, const char *id, const char *attr)
{
    const cJSON *ga = cJSON_GetObjectItemCaseSensitive(v, "Fn::GetAtt");
    return ga && cJSON_GetArraySize(ga) == 2
        && strcmp(cJSON_GetArrayItem(ga, 0)->valuestring, id) == 0
        && strcmp(cJSON_GetArrayItem(ga, 1)->valuestring, attr) == 0;
}

static bool is_ref(const cJSON *v, const char *id)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "Ref");
    return r && cJSON_IsString(r) && strcmp(r->valuestring, id) == 0;
}

static bool has_string(const cJSON *arr, const char *s)
{
    const cJSON *el;
    cJSON_ArrayForEach(el, arr)
        if (cJSON_IsString(el) && strcmp(el->valuestring, s) == 0)
            return true;
    return false;
}

/* --- sources ------------------------------------------------------------------- */

#define APP                                                                       \
    "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"               \
    "param vpc vpc_id\n"                                                          \
    "param subnets [subnet_id]\n"                                                 \
    "param cert certificate default \"arn:aws:acm:eu-west-1:123456789012:certificate/x\"\n"

#define PUBLIC_LB                                                                 \
    "load_balancer public {\n"                                                    \
    "  internet_facing\n  vpc vpc\n  subnets subnets\n"                           \
    "  listen 80 http redirect https\n  listen 443 https cert cert\n}\n"

#define FARGATE_TASK(name, image, port)                                           \
    "task " name " {\n  launch fargate\n  cpu 0.25 vcpu\n  memory 512 MiB\n"      \
    "  container app { image \"" image "\"; port " #port " }\n}\n"

/* --- security groups ---------------------------------------------------------------- */

static void test_lb_security_group_admits_listener_ports(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("web", "nginx:1", 8080)
                "service web { task web; subnets subnets; route public \"/*\" to app:8080 }\n");
    cJSON *in = at(props(fx, "PublicLoadBalancerSecurityGroup"), "SecurityGroupIngress");
    assert_int_equal(cJSON_GetArraySize(in), 2);
    assert_int_equal(at_int(in, "0/FromPort"), 80);
    assert_int_equal(at_int(in, "0/ToPort"), 80);
    assert_string_equal(at_str(in, "0/CidrIp"), "0.0.0.0/0");
    assert_int_equal(at_int(in, "1/FromPort"), 443);
    assert_int_equal(at_int(in, "1/ToPort"), 443);
    assert_string_equal(at_str(in, "1/IpProtocol"), "tcp");
    assert_true(is_ref(at(props(fx, "PublicLoadBalancerSecurityGroup"), "VpcId"), "Vpc"));
    assert_true(is_getatt(at(props(fx, "PublicLoadBalancer"), "SecurityGroups/0"),
                          "PublicLoadBalancerSecurityGroup", "GroupId"));
}

static void test_internal_lb_admits_cidr_parameter(void **state)
{
    Fx *fx = *state;
    compile(fx, APP
                "load_balancer inner { internal; vpc vpc; subnets subnets; listen 8080 http }\n"
                FARGATE_TASK("api", "nginx:1", 8080)
                "service api { task api; subnets subnets; route inner \"/*\" to app:8080 }\n");
    cJSON *in = at(props(fx, "InnerLoadBalancerSecurityGroup"), "SecurityGroupIngress");
    assert_int_equal(cJSON_GetArraySize(in), 1);
    assert_int_equal(at_int(in, "0/FromPort"), 8080);
    assert_true(is_ref(at(in, "0/CidrIp"), "InnerLoadBalancerIngressCidr"));
    cJSON *param = at(fx->tpl, "Parameters/InnerLoadBalancerIngressCidr");
    assert_string_equal(at_str(param, "Default"), "10.0.0.0/8");
    assert_string_equal(at_str(props(fx, "InnerLoadBalancer"), "Scheme"), "internal");
}

static void test_task_security_group_only_from_load_balancer(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("web", "nginx:1", 8080)
                "service web { task web; subnets subnets; route public \"/*\" to app:8080 }\n");
    cJSON *in = at(props(fx, "WebServiceSecurityGroup"), "SecurityGroupIngress");
    assert_int_equal(cJSON_GetArraySize(in), 1);
    assert_int_equal(at_int(in, "0/FromPort"), 8080);
    assert_int_equal(at_int(in, "0/ToPort"), 8080);
    assert_true(is_getatt(at(in, "0/SourceSecurityGroupId"), "PublicLoadBalancerSecurityGroup", "GroupId"));
    assert_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(in, 0), "CidrIp"));
    cJSON *vpc = at(props(fx, "WebService"), "NetworkConfiguration/AwsvpcConfiguration");
    assert_true(is_getatt(at(vpc, "SecurityGroups/0"), "WebServiceSecurityGroup", "GroupId"));
    assert_string_equal(at_str(vpc, "AssignPublicIp"), "DISABLED");
    assert_true(is_ref(at(vpc, "Subnets"), "Subnets"));
}

static void test_bridge_instances_admit_ephemeral_ports(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB
                "capacity pool { instance \"t3.medium\"; min 1 max 3; subnets subnets }\n"
                "task agent { launch ec2; network bridge\n"
                "  container agent { image \"agent:1\"; memory 128 MiB; port 8080 -> dynamic } }\n"
                "service agent { task agent; daemon; route public \"/a/*\" to agent:8080 }\n");
    cJSON *in = at(props(fx, "PoolInstanceSecurityGroup"), "SecurityGroupIngress");
    assert_int_equal(cJSON_GetArraySize(in), 1);
    assert_int_equal(at_int(in, "0/FromPort"), 32768);
    assert_int_equal(at_int(in, "0/ToPort"), 65535);
    assert_true(is_getatt(at(in, "0/SourceSecurityGroupId"), "PublicLoadBalancerSecurityGroup", "GroupId"));
    assert_string_equal(at_str(props(fx, "AgentPublicAgent8080TargetGroup"), "TargetType"), "instance");
    cJSON *svc = props(fx, "AgentService");
    assert_string_equal(at_str(svc, "SchedulingStrategy"), "DAEMON");
    assert_null(cJSON_GetObjectItemCaseSensitive(svc, "DesiredCount"));
    assert_null(cJSON_GetObjectItemCaseSensitive(svc, "NetworkConfiguration"));
    /* the capacity's instances join the cluster */
    const char *ud = at_str(props(fx, "PoolLaunchTemplate"), "LaunchTemplateData/UserData/Fn::Base64/Fn::Sub");
    assert_non_null(strstr(ud, "ECS_CLUSTER=${Cluster}"));
    assert_true(is_ref(at(props(fx, "Pool"), "AutoScalingGroupProvider/AutoScalingGroupArn"),
                       "PoolAutoScalingGroup"));
}

/* --- services ---------------------------------------------------------------------------- */

static void test_service_depends_on_its_listener_rules(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("web", "nginx:1", 8080)
                "service web { task web; subnets subnets; route public \"/*\" to app:8080 }\n");
    cJSON *deps = at(resource(fx, "WebService"), "DependsOn");
    assert_true(has_string(deps, "WebPublicApp8080Listener443Rule"));
    assert_true(has_string(deps, "PublicListener443"));
    /* the redirecting listener carries no rule */
    assert_null(cJSON_GetObjectItemCaseSensitive(fx->res, "WebPublicApp8080Listener80Rule"));
    assert_false(has_string(deps, "PublicListener80"));
    cJSON *rule = props(fx, "WebPublicApp8080Listener443Rule");
    assert_true(is_ref(at(rule, "ListenerArn"), "PublicListener443"));
    assert_true(is_ref(at(rule, "Actions/0/TargetGroupArn"), "WebPublicApp8080TargetGroup"));
    assert_string_equal(at_str(rule, "Conditions/0/Field"), "path-pattern");
    assert_string_equal(at_str(props(fx, "PublicListener80"), "DefaultActions/0/RedirectConfig/Port"), "443");
}

static void test_target_type_follows_network_mode(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("web", "nginx:1", 8080)
                "service web { task web; subnets subnets; route public \"/*\" to app:8080 }\n");
    cJSON *tg = props(fx, "WebPublicApp8080TargetGroup");
    assert_string_equal(at_str(tg, "TargetType"), "ip");
    assert_int_equal(at_int(tg, "Port"), 8080);
    assert_true(is_ref(at(tg, "VpcId"), "Vpc"));
    assert_string_equal(at_str(tg, "Name"), "shop-web-public-app-8080");
}

static void test_task_definition_properties(void **state)
{
    Fx *fx = *state;
    compile(fx, APP
                "role reader { allow \"s3:GetObject\" on \"arn:aws:s3:::b/*\" }\n"
                "task web { launch fargate; cpu 0.5 vcpu; memory 1 GiB; role reader\n"
                "  volume data efs \"fs-12345678\" { access_point \"fsap-1\"; iam; transit_encryption }\n"
                "  container app { image \"nginx:1\"; port 80; labels { a = \"b\" }\n"
                "    health cmd \"true\"; mount data at \"/data\" } }\n"
                "service web { task web; subnets subnets }\n");
    cJSON *td = props(fx, "WebTaskDefinition");
    assert_string_equal(at_str(td, "Cpu"), "512");
    assert_string_equal(at_str(td, "Memory"), "1024");
    assert_true(is_getatt(at(td, "TaskRoleArn"), "ReaderRole", "Arn"));
    assert_true(is_getatt(at(td, "ExecutionRoleArn"), "WebExecutionRole", "Arn"));
    assert_string_equal(at_str(td, "ContainerDefinitions/0/HealthCheck/Command/0"), "CMD-SHELL");
    assert_int_equal(at_int(td, "ContainerDefinitions/0/PortMappings/0/ContainerPort"), 80);
    assert_string_equal(at_str(td, "ContainerDefinitions/0/DockerLabels/a"), "b");
    assert_true(is_ref(at(td, "ContainerDefinitions/0/LogConfiguration/Options/awslogs-group"), "WebLogGroup"));
    assert_string_equal(at_str(td, "Volumes/0/EFSVolumeConfiguration/FilesystemId"), "fs-12345678");
    assert_string_equal(at_str(td, "Volumes/0/EFSVolumeConfiguration/AuthorizationConfig/IAM"), "ENABLED");
    assert_string_equal(at_str(td, "Volumes/0/EFSVolumeConfiguration/AuthorizationConfig/AccessPointId"), "fsap-1");
}

/* --- IAM ----------------------------------------------------------------------------------- */

static void test_execution_role_names_exact_resources(void **state)
{
    Fx *fx = *state;
    compile(fx, APP
                "task api { launch fargate; cpu 0.25 vcpu; memory 512 MiB\n"
                "  container app {\n"
                "    image \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\n"
                "    secret DB from secretsmanager \"shop/db\" key \"password\"\n"
                "    secret KEY from ssm \"/shop/key\"\n  }\n"
                "  container side { image \"210987654321.dkr.ecr.us-east-1.amazonaws.com/side:2\"; essential false }\n"
                "}\n"
                "service api { task api; subnets subnets }\n");
    cJSON *role = props(fx, "ApiExecutionRole");
    assert_string_equal(at_str(role, "RoleName"), "shop-api-execution-eu-west-1")  /* regional: IAM names are global */;
    assert_string_equal(at_str(role, "AssumeRolePolicyDocument/Statement/0/Principal/Service"),
                        "ecs-tasks.amazonaws.com");
    cJSON *sts = at(role, "Policies/0/PolicyDocument/Statement");
    bool pull = false, token = false, logs = false, ssm = false, sm = false;
    cJSON *st;
    cJSON_ArrayForEach(st, sts) {
        const char *sid = at_str(st, "Sid");
        cJSON *res = at(st, "Resource");
        if (strcmp(sid, "PullImages") == 0) {
            pull = true;
            assert_int_equal(cJSON_GetArraySize(res), 2);
            assert_true(has_string(res, "arn:aws:ecr:eu-west-1:123456789012:repository/team/api"));
            assert_true(has_string(res, "arn:aws:ecr:us-east-1:210987654321:repository/side"));
        } else if (strcmp(sid, "AuthenticateToEcr") == 0) {
            token = true;
            assert_string_equal(res->valuestring, "*");     /* the one exception */
        } else if (strcmp(sid, "WriteLogs") == 0) {
            logs = true;
            assert_int_equal(cJSON_GetArraySize(res), 1);
            assert_true(is_getatt(cJSON_GetArrayItem(res, 0), "ApiLogGroup", "Arn"));
        } else if (strcmp(sid, "ReadParameters") == 0) {
            ssm = true;
            assert_int_equal(cJSON_GetArraySize(res), 1);
            assert_true(has_string(res, "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/key"));
        } else if (strcmp(sid, "ReadSecrets") == 0) {
            sm = true;
            assert_int_equal(cJSON_GetArraySize(res), 1);
            /* no json-key suffix; the random suffix matched */
            assert_true(has_string(res, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-??????"));
        } else {
            fail_msg("unexpected statement %s", sid);
        }
        if (strcmp(sid, "AuthenticateToEcr") != 0)
            assert_false(has_string(res, "*"));
    }
    assert_true(pull && token && logs && ssm && sm);
}

static void test_task_role_from_role_block(void **state)
{
    Fx *fx = *state;
    compile(fx, APP
                "role reader {\n"
                "  allow [\"s3:GetObject\", \"s3:ListBucket\"] on [\"arn:aws:s3:::b\", \"arn:aws:s3:::b/*\"]\n"
                "  deny \"s3:DeleteObject\" on \"*\"\n"
                "  managed \"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess\"\n}\n"
                "role legacy { arn \"arn:aws:iam::123456789012:role/made-elsewhere\" }\n"
                "task a { launch fargate; cpu 0.25 vcpu; memory 512 MiB; role reader\n"
                "  container app { image \"nginx:1\" } }\n"
                "task b { launch fargate; cpu 0.25 vcpu; memory 512 MiB; role legacy\n"
                "  container app { image \"nginx:1\" } }\n"
                "service a { task a; subnets subnets }\n");
    cJSON *r = props(fx, "ReaderRole");
    assert_string_equal(at_str(r, "RoleName"), "shop-reader-eu-west-1");
    cJSON *sts = at(r, "Policies/0/PolicyDocument/Statement");
    assert_string_equal(at_str(sts, "0/Effect"), "Allow");
    assert_true(has_string(at(sts, "0/Action"), "s3:ListBucket"));
    assert_true(has_string(at(sts, "0/Resource"), "arn:aws:s3:::b/*"));
    assert_string_equal(at_str(sts, "1/Effect"), "Deny");
    assert_string_equal(at_str(r, "ManagedPolicyArns/0"), "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess");
    /* an existing role is referenced, not created */
    assert_null(cJSON_GetObjectItemCaseSensitive(fx->res, "LegacyRole"));
    assert_string_equal(at_str(props(fx, "BTaskDefinition"), "TaskRoleArn"),
                        "arn:aws:iam::123456789012:role/made-elsewhere");
}

/* The size IAM counts of a role's inline policies (E0561): the compact
   JSON of every PolicyDocument, exactly when the documents hold no
   intrinsic function, and never more than the template's text when they
   do (a lower bound of what CloudFormation resolves). */
static size_t printed_policies(const cJSON *role)
{
    size_t n = 0;
    const cJSON *pols = cJSON_GetObjectItemCaseSensitive(role, "Policies");
    for (const cJSON *p = pols ? pols->child : NULL; p; p = p->next) {
        char *text = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(p, "PolicyDocument"));
        n += strlen(text);
        cJSON_free(text);
    }
    return n;
}

static void test_role_policy_size(void **state)
{
    Fx *fx = *state;
    compile(fx, APP
                "role reader {\n"
                "  allow [\"s3:GetObject\", \"s3:ListBucket\"] on [\"arn:aws:s3:::b\", \"arn:aws:s3:::b/*\"]\n"
                "  deny \"s3:DeleteObject\" on \"*\"\n}\n"
                "task a { launch fargate; cpu 0.25 vcpu; memory 512 MiB; role reader\n"
                "  container app { image \"nginx:1\"\n"
                "    secret DB from secretsmanager \"shop/db\" } }\n"
                "service a { task a; subnets subnets }\n");
    const cJSON *reader = props(fx, "ReaderRole");
    assert_true(printed_policies(reader) > 100);
    assert_int_equal(cfn_role_policy_size(reader), printed_policies(reader));
    /* the execution role names its secret with Fn::Sub */
    const cJSON *exec = props(fx, "AExecutionRole");
    char *text = cJSON_PrintUnformatted(exec);
    assert_non_null(strstr(text, "Fn::Sub"));
    cJSON_free(text);
    size_t least = cfn_role_policy_size(exec);
    assert_true(least > 100);
    assert_true(least < printed_policies(exec));
}

/* --- logs ------------------------------------------------------------------------------------ */

static void test_log_group_retention(void **state)
{
    Fx *fx = *state;
    compile(fx, APP
                "task a { launch fargate; cpu 0.25 vcpu; memory 512 MiB; logs awslogs retain 14d\n"
                "  container app { image \"nginx:1\" } }\n"
                "task b { launch fargate; cpu 0.25 vcpu; memory 512 MiB\n"
                "  container app { image \"nginx:1\" }\n"
                "  container side { image \"nginx:1\"; essential false; logs awslogs group \"/custom\" retain 3d } }\n"
                "service b { task b; subnets subnets }\n");
    assert_int_equal(at_int(props(fx, "ALogGroup"), "RetentionInDays"), 14);
    assert_string_equal(at_str(props(fx, "ALogGroup"), "LogGroupName"), "/ecs/shop/a");
    assert_int_equal(at_int(props(fx, "BLogGroup"), "RetentionInDays"), 30);   /* the default */
    assert_int_equal(at_int(props(fx, "BSideLogGroup"), "RetentionInDays"), 3);
    assert_string_equal(at_str(props(fx, "BSideLogGroup"), "LogGroupName"), "/custom");
}

/* --- blue/green ------------------------------------------------------------------------------- */

static void test_native_blue_green(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("api", "nginx:1", 8080)
                "service api { task api; subnets subnets; route public \"/api/*\" to app:8080\n"
                "  blue_green canary 10% 5m bake 10m }\n");
    cJSON *alt = props(fx, "ApiPublicApp8080AlternateTargetGroup");
    assert_string_equal(at_str(alt, "Name"), "shop-api-public-app-8080-alt");
    cJSON *fwd = at(props(fx, "ApiPublicApp8080Listener443Rule"), "Actions/0/ForwardConfig/TargetGroups");
    assert_true(is_ref(at(fwd, "0/TargetGroupArn"), "ApiPublicApp8080TargetGroup"));
    assert_int_equal(at_int(fwd, "0/Weight"), 100);
    assert_true(is_ref(at(fwd, "1/TargetGroupArn"), "ApiPublicApp8080AlternateTargetGroup"));
    assert_int_equal(at_int(fwd, "1/Weight"), 0);
    cJSON *svc = props(fx, "ApiService");
    cJSON *ac = at(svc, "LoadBalancers/0/AdvancedConfiguration");
    assert_true(is_ref(at(ac, "AlternateTargetGroupArn"), "ApiPublicApp8080AlternateTargetGroup"));
    assert_true(is_ref(at(ac, "ProductionListenerRule"), "ApiPublicApp8080Listener443Rule"));
    assert_true(is_getatt(at(ac, "RoleArn"), "ApiServiceBlueGreenRole", "Arn"));
    assert_string_equal(at_str(svc, "DeploymentConfiguration/Strategy"), "CANARY");
    assert_int_equal(at_int(svc, "DeploymentConfiguration/CanaryConfiguration/CanaryPercent"), 10);
    assert_int_equal(at_int(svc, "DeploymentConfiguration/CanaryConfiguration/CanaryBakeTimeInMinutes"), 5);
    assert_int_equal(at_int(svc, "DeploymentConfiguration/BakeTimeInMinutes"), 10);
    cJSON *role = props(fx, "ApiServiceBlueGreenRole");
    assert_string_equal(at_str(role, "AssumeRolePolicyDocument/Statement/0/Principal/Service"),
                        "ecs.amazonaws.com");
    assert_non_null(strstr(at_str(role, "ManagedPolicyArns/0/Fn::Sub"),
                           "AmazonECSInfrastructureRolePolicyForLoadBalancers"));
    assert_null(cJSON_GetObjectItemCaseSensitive(svc, "DeploymentController"));
}

/* Whether every member of the API document `api` is in `cfn`, named as
   CloudFormation names it (first letter capitalised; placementStrategy
   is PlacementStrategies), with the same value wherever the API's value
   is not a deploy-time string (the template holds a reference there). */
static void assert_same_members(const cJSON *api, const cJSON *cfn, const char *where)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, api) {
        char key[64];
        snprintf(key, sizeof key, "%s", strcmp(m->string, "placementStrategy") == 0
                                           ? "PlacementStrategies" : m->string);
        key[0] = (char)toupper((unsigned char)key[0]);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(cfn, key);
        if (!c)
            fail_msg("%s: the template has no %s", where, key);
        if (cJSON_IsObject(m))
            assert_same_members(m, c, key);
        else if (cJSON_IsArray(m) && cJSON_IsArray(c) && cJSON_IsObject(m->child))
            for (const cJSON *a = m->child, *b = c->child; a && b; a = a->next, b = b->next)
                assert_same_members(a, b, key);
        else if (cJSON_IsNumber(m) || cJSON_IsBool(m))
            assert_true(cJSON_Compare(m, c, true));
    }
}

/* The service is one document: services/ and the template differ only in
   names and in where values come from; raw reaches both. */
static void test_service_document_built_once(void **state)
{
    Fx *fx = *state;
    compile_emit(fx,
                 "app shop { region \"eu-west-1\"; account \"123456789012\"; tags { team = \"web\" } }\n"
                 "param subnets [subnet_id] default [\"subnet-0a1b2c3d\", \"subnet-4e5f6a7b\"]\n"
                 "param groups [security_group_id] default [\"sg-0123456789abcdef0\"]\n"
                 "role api { allow \"dynamodb:GetItem\" on \"arn:aws:dynamodb:eu-west-1:123456789012:table/o\" }\n"
                 "task api { launch fargate; cpu 1 vcpu; memory 2 GiB; role api\n"
                 "  container api { image \"nginx:1\"; port 8080 } }\n"
                 "service api { task api\n"
                 "  capacity fargate weight 1 base 2\n  capacity fargate_spot weight 3\n"
                 "  subnets subnets\n  security_groups groups\n"
                 "  rolling min 100% max 200% rollback alarms [\"shop-api-5xx\"]\n"
                 "  grace 45s\n  exec\n  propagate_tags service\n  tags { tier = \"backend\" }\n"
                 "  raw { platformVersion = \"1.4.0\"; availabilityZoneRebalancing = \"ENABLED\"\n"
                 "        deploymentConfiguration = { maximumPercent = 150 } } }\n",
                 EMIT_ALL);
    const PlanService *ps = &fx->c.plan->services[0];
    assert_true(ps->complete);
    cJSON *api = emit_service(fx->c.plan, ps);
    cJSON *svc = props(fx, "ApiService");
    assert_same_members(api, svc, "ApiService");
    /* and nothing more than the API document has */
    assert_int_equal(cJSON_GetArraySize(svc), cJSON_GetArraySize(api));
    assert_string_equal(at_str(svc, "CapacityProviderStrategy/0/CapacityProvider"), "FARGATE");
    assert_true(is_ref(at(svc, "NetworkConfiguration/AwsvpcConfiguration/Subnets"), "Subnets"));
    assert_string_equal(at_str(api, "networkConfiguration/awsvpcConfiguration/subnets/1"),
                        "subnet-4e5f6a7b");
    assert_string_equal(at_str(api, "networkConfiguration/awsvpcConfiguration/assignPublicIp"),
                        "DISABLED");
    /* raw: new members in both, a nested one merged */
    assert_string_equal(at_str(svc, "PlatformVersion"), "1.4.0");
    assert_string_equal(at_str(api, "availabilityZoneRebalancing"), "ENABLED");
    assert_int_equal(at(svc, "DeploymentConfiguration/MaximumPercent")->valueint, 150);
    assert_int_equal(at(svc, "DeploymentConfiguration/MinimumHealthyPercent")->valueint, 100);
    cJSON_Delete(api);
}

static void test_codedeploy_blue_green(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("api", "nginx:1", 8080)
                "service api { task api; subnets subnets; route public \"/api/*\" to app:8080\n"
                "  blue_green linear 20% 2m via codedeploy termination_wait 10m }\n");
    cJSON *svc = props(fx, "ApiService");
    assert_string_equal(at_str(svc, "DeploymentController/Type"), "CODE_DEPLOY");
    assert_null(cJSON_GetObjectItemCaseSensitive(at(svc, "LoadBalancers/0"), "AdvancedConfiguration"));
    assert_string_equal(at_str(props(fx, "CodeDeployApplication"), "ComputePlatform"), "ECS");
    cJSON *dg = props(fx, "ApiDeploymentGroup");
    assert_true(is_ref(at(dg, "DeploymentConfigName"), "ApiDeploymentConfig"));
    assert_true(is_getatt(at(dg, "ServiceRoleArn"), "CodeDeployRole", "Arn"));
    assert_true(is_getatt(at(dg, "ECSServices/0/ServiceName"), "ApiService", "Name"));
    assert_string_equal(at_str(dg, "DeploymentStyle/DeploymentOption"), "WITH_TRAFFIC_CONTROL");
    assert_int_equal(at_int(dg, "BlueGreenDeploymentConfiguration/TerminateBlueInstancesOnDeploymentSuccess/TerminationWaitTimeInMinutes"), 10);
    cJSON *pair = at(dg, "LoadBalancerInfo/TargetGroupPairInfoList/0");
    assert_true(is_ref(at(pair, "ProdTrafficRoute/ListenerArns/0"), "PublicListener443"));
    assert_true(is_getatt(at(pair, "TargetGroups/1/Name"), "ApiPublicApp8080AlternateTargetGroup", "TargetGroupName"));
    cJSON *cfg = props(fx, "ApiDeploymentConfig");
    assert_int_equal(at_int(cfg, "TrafficRoutingConfig/TimeBasedLinear/LinearPercentage"), 20);
    assert_int_equal(at_int(cfg, "TrafficRoutingConfig/TimeBasedLinear/LinearInterval"), 2);
    assert_non_null(strstr(at_str(props(fx, "CodeDeployRole"), "ManagedPolicyArns/0/Fn::Sub"),
                           "AWSCodeDeployRoleForECS"));
}

/* --- fragments ------------------------------------------------------------------------------------ */

/* Every Ref/GetAtt/DependsOn target of a fragment is a resource or
   parameter of the same fragment (so it is a valid template alone). */
static void check_closed(const cJSON *v, const cJSON *res, const cJSON *params)
{
    if (cJSON_IsObject(v)) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "Ref");
        if (r && cJSON_IsString(r) && strncmp(r->valuestring, "AWS::", 5) != 0
            && !cJSON_GetObjectItemCaseSensitive(res, r->valuestring)
            && !cJSON_GetObjectItemCaseSensitive(params, r->valuestring))
            fail_msg("dangling Ref %s", r->valuestring);
        const cJSON *ga = cJSON_GetObjectItemCaseSensitive(v, "Fn::GetAtt");
        if (ga && !cJSON_GetObjectItemCaseSensitive(res, cJSON_GetArrayItem(ga, 0)->valuestring))
            fail_msg("dangling GetAtt %s", cJSON_GetArrayItem(ga, 0)->valuestring);
    }
    const cJSON *c;
    if (cJSON_IsObject(v) || cJSON_IsArray(v))
        cJSON_ArrayForEach(c, v)
            check_closed(c, res, params);
}

static void test_fragments(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("web", "nginx:1", 8080)
                "service web { task web; subnets subnets; route public \"/*\" to app:8080 }\n");
    static const char *const names[] = {"cluster", "task-web", "load_balancer-public", "service-web"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char path[128];
        snprintf(path, sizeof path, "cfn/fragments/%s.json", names[i]);
        cJSON *doc = parse_output(&fx->c, path);
        cJSON *res = cJSON_GetObjectItemCaseSensitive(doc, "Resources");
        cJSON *params = cJSON_GetObjectItemCaseSensitive(doc, "Parameters");
        check_closed(res, res, params);
        /* what the declaration yields is listed, and agrees with the template */
        cJSON *own = at(doc, "Metadata/ecsc/resources");
        assert_true(cJSON_GetArraySize(own) > 0);
        cJSON *id;
        cJSON_ArrayForEach(id, own)
            assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(res, id->valuestring),
                                      resource(fx, id->valuestring), true));
        cJSON_Delete(doc);
    }
    cJSON *svc = parse_output(&fx->c, "cfn/fragments/service-web.json");
    cJSON *own = at(svc, "Metadata/ecsc/resources");
    assert_true(has_string(own, "WebService"));
    assert_true(has_string(own, "WebPublicApp8080TargetGroup"));
    assert_false(has_string(own, "Cluster"));
    assert_non_null(at(svc, "Resources/Cluster"));      /* referenced, so included */
    assert_non_null(at(svc, "Parameters/Subnets"));
    cJSON_Delete(svc);
}

static void test_outputs(void **state)
{
    Fx *fx = *state;
    compile(fx, APP PUBLIC_LB FARGATE_TASK("web", "nginx:1", 8080)
                "service web { task web; subnets subnets; route public \"/*\" to app:8080 }\n");
    cJSON *out = at(fx->tpl, "Outputs");
    assert_true(is_getatt(at(out, "PublicLoadBalancerDnsName/Value"), "PublicLoadBalancer", "DNSName"));
    assert_true(is_getatt(at(out, "WebServiceName/Value"), "WebService", "Name"));
    assert_true(is_ref(at(out, "ClusterName/Value"), "Cluster"));
    assert_true(is_getatt(at(out, "WebExecutionRoleArn/Value"), "WebExecutionRole", "Arn"));
    assert_string_equal(at_str(props(fx, "Cluster"), "ClusterSettings/0/Value"), "enabled");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lb_security_group_admits_listener_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_internal_lb_admits_cidr_parameter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_task_security_group_only_from_load_balancer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bridge_instances_admit_ephemeral_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_service_depends_on_its_listener_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_target_type_follows_network_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_task_definition_properties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_execution_role_names_exact_resources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_task_role_from_role_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_role_policy_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_log_group_retention, setup, teardown),
        cmocka_unit_test_setup_teardown(test_native_blue_green, setup, teardown),
        cmocka_unit_test_setup_teardown(test_codedeploy_blue_green, setup, teardown),
        cmocka_unit_test_setup_teardown(test_service_document_built_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fragments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outputs, setup, teardown),
    };
    return cmocka_run_group_tests_name("cfn", tests, NULL, NULL);
}
