/* test_service.c - the rules of check_service.c (services, load balancers,
 * capacity, params, deploy-time values) and the create-service JSON of
 * emit/service.c.
 *
 * For every code a source that raises it at the expected place and its
 * fixed version, which must compile with no diagnostic at all.  The sources
 * are those of tests/golden/errors/{service,lb,capacity}_*.ecs.
 */
#include "testutil.h"

#include "emit.h"
#include "sema/sema.h"

/* A service "web" on a Fargate task (container app: ports 8080 and 9000)
   behind load balancer "public", with the route lines ROUTES (line 13 on). */
#define LB_WEB(ROUTES)                                                      \
    "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"        \
    "param vpc     vpc_id\n"                                                  \
    "param subnets [subnet_id]\n"                                             \
    "load_balancer public { subnets subnets; vpc vpc; listen 80 http; access_logs create }\n" \
    "task web {\n"                                                            \
    "  launch fargate\n"                                                      \
    "  cpu 0.25 vcpu\n"                                                       \
    "  memory 512 MiB\n"                                                      \
    "  container app { image \"app:1\"; port 8080; port 9000 }\n"            \
    "}\n"                                                                     \
    "service web {\n"                                                         \
    "  task web; subnets subnets\n"                                           \
    ROUTES                                                                    \
    "}\n"

/* A service "web" on capacity CAP (fargate, or the EC2 block "pool") with
   the lines BODY (line 9 on), a load balancer to route to and alarm
   params. */
#define POOL "capacity pool { instance \"t3.medium\"; min 1 max 2; subnets subnets }\n"
#define SV_OPTS(CAP, BODY)                                                      \
    "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"             \
    "param vpc vpc_id default \"vpc-0a1b2c3d\"; param subnets [subnet_id]\n"      \
    "param alarm string default \"a\"; param alarms [string] default [\"a\"]\n"  \
    "load_balancer public { subnets subnets; vpc vpc; listen 80 http; access_logs create }\n" \
    "task web { launch fargate ec2; cpu 0.25 vcpu; memory 512 MiB\n"            \
    "  container app { image \"app:1\"; port 8080 } }\n"                          \
    "service web { task web; subnets subnets; route public \"/*\" to app:8080\n" \
    "  capacity " CAP "\n"                                                      \
    BODY                                                                        \
    "}\n"

typedef struct Case {
    const char *name, *code, *at, *text;
    const char *bad, *good;
    const char *bad_defs[4], *good_defs[4];   /* -D name=value, NULL-terminated */
    unsigned bad_emit, good_emit;
} Case;

/* Every case's service "web" gets the id of the security group the stack
   creates for its tasks, so that cases test what they are about. */
static bool compile(Compiler *c, const char *src, const char *const *defs, unsigned emit)
{
    compiler_init(c);
    c->diag.max_errors = 0;
    c->emit = emit;
    c->emit_given = (emit & EMIT_SERVICES) != 0;   /* as --emit=…,services: missing values are errors */
    compiler_define(c, "WebServiceSecurityGroup=sg-0123456789abcdef0");
    for (; defs && *defs; defs++)
        compiler_define(c, *defs);
    compiler_add_source(c, "t.ecs", src, strlen(src));
    return compiler_check(c);
}

static const Case cases[] = {
    {"service_accept_range", "E0630", "14:10", "ports 9000..8000 are not a range of 0 to 65535",
        LB_WEB("  route public \"/*\" to app:8080\n"
               "  accept 9000..8000 from \"10.0.0.0/16\"\n"),
        LB_WEB("  route public \"/*\" to app:8080\n"
               "  accept 8000..9000 from \"10.0.0.0/16\"\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_accept_source", "E0632", "14:20", "'10.0.0/16' is not an address range",
        LB_WEB("  route public \"/*\" to app:8080\n"
               "  accept 9000 from \"10.0.0/16\"\n"),
        LB_WEB("  route public \"/*\" to app:8080\n"
               "  accept 9000 from \"10.0.0.0/16\"\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_accept_world", "W0066", "14:20", "service 'web' accepts port 9000 from the whole internet",
        LB_WEB("  route public \"/*\" to app:8080\n"
               "  accept 9000 from \"0.0.0.0/0\"\n"),
        LB_WEB("  route public \"/*\" to app:8080\n"
               "  accept 9000 from \"203.0.113.0/24\"\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_no_task", "E0501", "10:9", "service 'web' has no task",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  subnets subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_daemon_desired", "E0502", "17:11", "daemon service 'agent' cannot set a desired count",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task   agent\n"
        "  daemon\n"
        "  launch ec2\n"
        "  desired 2\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task   agent\n"
        "  daemon\n"
        "  launch ec2\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_daemon_capacity", "E0503", "16:3", "daemon service 'agent' cannot use a capacity provider strategy",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  daemon\n"
        "  capacity pool\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  daemon\n"
        "  launch   ec2\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_daemon_fargate", "E0504", "12:3", "daemon service 'web' cannot run on Fargate",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  daemon\n"
        "  subnets subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_daemon_placement", "E0505", "17:3", "daemon service 'agent' cannot have a placement strategy",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task      agent\n"
        "  daemon\n"
        "  launch    ec2\n"
        "  placement spread az\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task      agent\n"
        "  daemon\n"
        "  launch    ec2\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_daemon_blue_green", "E0506", "17:3", "daemon service 'agent' cannot use a blue/green deployment",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task       agent\n"
        "  daemon\n"
        "  launch     ec2\n"
        "  blue_green\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task       agent\n"
        "  daemon\n"
        "  launch     ec2\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_negative_desired", "E0507", "13:11", "desired count -3 is negative",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  desired -3\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  desired 0\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_min_healthy", "E0508", "13:15", "minimum healthy percent 150% is above 100%",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  rolling min 150%\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  rolling min 50%\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_max_percent", "E0509", "13:23", "maximum percent 50% is below 100%",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  rolling min 50% max 50%\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  rolling min 50% max 150%\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_bluegreen_no_route", "E0510", "13:3", "blue/green service 'web' has no route",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  blue_green canary 10% 5m\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  rolling    min 50%\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_codedeploy_routes", "E0511", "21:3", "CodeDeploy blue/green service 'web' has 2 routes; it takes one",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  route      public \"/api/*\" to app:8080\n"
        "  route      public \"/v2/*\" to app:8080\n"
        "  blue_green via codedeploy\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  route      public \"/api/*\" to app:8080\n"
        "  blue_green via codedeploy\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_codedeploy_rolling", "E0512", "20:3", "`rolling` does not apply to a CodeDeploy deployment",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  rolling    min 50%\n"
        "  route      public \"/*\" to app:8080\n"
        "  blue_green via codedeploy\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  route      public \"/*\" to app:8080\n"
        "  blue_green via codedeploy\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_bluegreen_percent", "E0513", "21:3", "linear step 2% is outside 3% to 100%",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  route      public \"/*\" to app:8080\n"
        "  blue_green linear 2% 1m\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task       web\n"
        "  subnets    subnets\n"
        "  route      public \"/*\" to app:8080\n"
        "  blue_green linear 10% 1m\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_too_many_routes", "E0514", "25:3", "service 'web' has 6 routes; a service takes at most 5 target groups",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/r1/*\" to app:8080\n"
        "  route   public \"/r2/*\" to app:8080\n"
        "  route   public \"/r3/*\" to app:8080\n"
        "  route   public \"/r4/*\" to app:8080\n"
        "  route   public \"/r5/*\" to app:8080\n"
        "  route   public \"/r6/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/r1/*\" to app:8080\n"
        "  route   public \"/r2/*\" to app:8080\n"
        "  route   public \"/r3/*\" to app:8080\n"
        "  route   public \"/r4/*\" to app:8080\n"
        "  route   public \"/r5/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_no_subnets", "E0515", "10:9", "service 'web' has no subnets for its awsvpc tasks",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task web\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task web\n"
        "  subnets subnets\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_subnets_bridge", "E0516", "16:12", "`subnets` needs network awsvpc, but task 'agent' uses bridge",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "  subnets  subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_fargate_mismatch", "E0517", "10:3", "service 'agent' runs on Fargate, but task 'agent' is not Fargate-compatible",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity fargate\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "cluster { existing \"prod\" }\n"
        "service agent {\n"
        "  task     agent\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_no_ec2_capacity", "E0518", "8:9", "service 'agent' runs on EC2, but the cluster has no EC2 capacity",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "service agent {\n"
        "  task agent\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "cluster { existing \"prod\" }\n"
        "service agent {\n"
        "  task agent\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_scale_range", "E0519", "13:3", "scaling range 5..2 ends before it starts",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  scale   5..2 on cpu 60%\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  scale   2..5 on cpu 60%\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_scale_requests", "E0520", "13:3", "service 'web' scales on requests but has no route",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  scale   1..4 on requests 1000\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  scale   1..4 on cpu 60%\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_public_ip_ec2", "E0521", "18:3", "service 'agent' asks for public IPs, but only Fargate tasks get them",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch  ec2\n"
        "  network awsvpc\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task      agent\n"
        "  capacity  pool\n"
        "  subnets   subnets\n"
        "  public_ip true\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch  ec2\n"
        "  network awsvpc\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task      agent\n"
        "  capacity  pool\n"
        "  subnets   subnets\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_placement_fargate", "E0522", "13:3", "placement strategies are not supported on Fargate",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task      web\n"
        "  subnets   subnets\n"
        "  placement binpack memory\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task      web\n"
        "  subnets   subnets\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_launch_and_capacity", "E0523", "13:12", "service 'web' sets both a launch type and capacity",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task     web\n"
        "  subnets  subnets\n"
        "  launch   fargate\n"
        "  capacity fargate_spot\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task     web\n"
        "  subnets  subnets\n"
        "  capacity fargate_spot\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_capacity_mixed", "E0524", "15:9", "service 'web' mixes Fargate and EC2 capacity",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate ec2\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service web {\n"
        "  task     web\n"
        "  subnets  subnets\n"
        "  capacity fargate weight 1\n"
        "  capacity pool weight 1\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate ec2\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service web {\n"
        "  task     web\n"
        "  subnets  subnets\n"
        "  capacity pool weight 1\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_needs_param", "E0530", "12:11", "services/web.json needs the value of param 'subnets'",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        {NULL}, {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", "WebServiceSecurityGroup=sg-0123456789abcdef0", NULL},
        EMIT_ALL, EMIT_ALL},
    {"service_needs_arn", "E0531", "20:3", "services/web.json needs the ARN of target group shop-web-public-app-8080",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", NULL}, {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", "WebPublicApp8080TargetGroup=arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/0123456789abcdef", "WebServiceSecurityGroup=sg-0123456789abcdef0", NULL}, EMIT_ALL, EMIT_ALL},
    {"service_bad_arn", "E0532", "20:3", "-D WebPublicApp8080TargetGroup=arn:aws:iam::123456789012:role/web is not the ARN of target group shop-web-public-app-8080",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", "WebPublicApp8080TargetGroup=arn:aws:iam::123456789012:role/web", NULL}, {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", "WebPublicApp8080TargetGroup=arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-web/0123456789abcdef", "WebServiceSecurityGroup=sg-0123456789abcdef0", NULL}, EMIT_ALL, EMIT_ALL},
    {"service_param_type", "E0540", "12:11", "subnets takes subnet_id, but param 'vpc' is a vpc_id",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets vpc\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"service_param_value", "E0541", "3:7", "param 'subnets' is a list of subnet_id, but its value 'subnet-main' is not one",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        {"subnets=subnet-0a1b2c3d,subnet-main", NULL}, {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", NULL}, EMIT_ALL, EMIT_ALL},
    {"lb_port_not_exposed", "E0601", "20:30", "container 'app' does not expose port 80",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:80\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_priority_range", "E0602", "20:32", "rule priority 60000 is outside 1 to 50000",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" priority 60000 to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" priority 600 to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_priority_twice", "E0603", "26:38", "rule priority 10 is taken twice on listener 80 of load balancer 'public'",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/api/*\" priority 10 to app:8080\n"
        "}\n"
        "\n"
        "service admin {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/admin/*\" priority 10 to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/api/*\" priority 10 to app:8080\n"
        "}\n"
        "\n"
        "service admin {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/admin/*\" priority 11 to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_same_conditions", "E0604", "26:18", "two routes match the same paths and hosts on listener 80 of load balancer 'public'",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/api/*\" to app:8080\n"
        "}\n"
        "\n"
        "service admin {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/api/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/api/*\" to app:8080\n"
        "}\n"
        "\n"
        "service admin {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/admin/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_path_pattern", "E0605", "20:18", "path pattern 'api/*' does not start with '/'",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"api/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/api/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_timeout_interval", "E0620", "13:51", "health check timeout 5 s (the default) is not below the interval 5 s",
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" every 5s\n"),
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" every 5s timeout 4s\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_timeout_default", "E0620", "13:53", "health check timeout 30 s is not below the interval 30 s (the default)",
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" timeout 30s\n"),
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" timeout 29s\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_health_codes", "E0621", "13:51", "'200-600' is not a list of HTTP status codes from 200 to 499",
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" codes \"200-600\"\n"),
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" codes \"200-399\"\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_health_port", "E0622", "13:48", "container 'app' does not expose port 9001 for health checks",
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" on 9001\n"),
        LB_WEB("  route public \"/*\" to app:8080 health \"/h\" on 9000\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_target_range", "E0623", "13:44", "slow start 10 s is outside 30 to 900 s",
        LB_WEB("  route public \"/*\" to app:8080 slow_start 10s\n"),
        LB_WEB("  route public \"/*\" to app:8080 slow_start 30s\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_shared_target", "E0624", "14:42", "this route changes the target group's `sticky` set by an earlier route",
        LB_WEB("  route public \"/*\" to app:8080 sticky 1h\n"
               "  route public \"/x/*\" to app:8080 sticky 2h\n"),
        LB_WEB("  route public \"/*\" to app:8080 sticky 1h\n"
               "  route public \"/x/*\" to app:8080\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_condition_value", "E0625", "13:28", "source address '10.0.0/8' is not valid in a listener rule",
        LB_WEB("  route public \"/*\" source \"10.0.0/8\" to app:8080\n"),
        LB_WEB("  route public \"/*\" source \"10.0.0.0/8\" to app:8080\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_condition_count", "E0626", "13:28", "the route's http-request-method condition has 4 values",
        LB_WEB("  route public \"/*\" method [\"GET\", \"HEAD\", \"POST\", \"PUT\"] to app:8080\n"),
        LB_WEB("  route public \"/*\" method [\"GET\", \"HEAD\"] to app:8080\n"
               "  route public \"/*\" method [\"POST\", \"PUT\"] to app:8080\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_access_logs_bucket", "E0627", "4:78", "'Shop_Logs' is not an S3 bucket name",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public { subnets subnets; vpc vpc; listen 80 http; access_logs \"Shop_Logs\" }\n",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public { subnets subnets; vpc vpc; listen 80 http; access_logs \"shop-logs\" }\n"
        "task web { launch fargate; cpu 256; memory 512 MiB; container app { image \"app:1\"; port 80 } }\n"
        "service web { task web; subnets subnets; route public \"/*\" to app:80 }\n",
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_access_logs_missing", "W0065", "4:15", "internet-facing load balancer 'public' keeps no access logs",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public { subnets subnets; vpc vpc; listen 80 http }\n"
        "task web { launch fargate; cpu 256; memory 512 MiB; container app { image \"app:1\"; port 80 } }\n"
        "service web { task web; subnets subnets; route public \"/*\" to app:80 }\n",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public { subnets subnets; vpc vpc; listen 80 http; access_logs create }\n"
        "task web { launch fargate; cpu 256; memory 512 MiB; container app { image \"app:1\"; port 80 } }\n"
        "service web { task web; subnets subnets; route public \"/*\" to app:80 }\n",
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_too_many_values", "E0606", "20:18", "the route has 6 condition values; a listener rule takes at most 5",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public [\"/a/*\", \"/b/*\", \"/c/*\", \"/d/*\"] host [\"a.example.com\", \"b.example.com\"] to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public [\"/a/*\", \"/b/*\", \"/c/*\"] host [\"a.example.com\", \"b.example.com\"] to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_https_no_cert", "E0607", "8:3", "https listener on port 443 has no certificate",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  443 https\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  443 https cert \"arn:aws:acm:eu-west-1:123456789012:certificate/abc\"\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_listener_twice", "E0608", "9:3", "load balancer 'public' has two listeners on port 80",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  listen  80 http redirect https\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  listen  8080 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_no_listener", "E0609", "4:15", "load balancer 'public' has no listener",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_no_subnets", "E0610", "4:15", "load balancer 'public' has no subnets",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  vpc     vpc\n"
        "  subnets subnets\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_no_listener_port", "E0611", "20:3", "load balancer 'public' has no listener on port 443",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" port 443 to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_no_vpc", "E0612", "4:15", "load balancer 'public' has no vpc",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_host_pattern", "E0613", "20:3", "host pattern 'shop_example.com' is not a valid host name",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" host \"shop_example.com\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" host \"shop.example.com\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_unused", "W0050", "4:15", "no route uses load balancer 'public'",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"lb_https_redirect", "W0051", "10:3", "https listener on port 443 redirects to https",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "param cert    certificate\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  listen  443 https cert cert redirect https 8443\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "param cert    certificate\n"
        "load_balancer public {\n"
        "  internet_facing\n"
        "  subnets subnets\n"
        "  vpc     vpc\n"
        "  listen  80 http\n"
        "  listen  443 https cert cert\n"
        "  access_logs create\n"
        "}\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "  route   public \"/*\" to app:8080\n"
        "}\n",
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"capacity_no_instance", "E0701", "8:10", "capacity 'pool' has no instance type",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.small\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"capacity_min_max", "E0702", "10:3", "capacity 'pool' has min 4 above max 2",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 4 max 2\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 2 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"capacity_desired", "E0703", "11:11", "capacity 'pool' wants 5 instances, outside min 1 to max 2",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 2\n"
        "  desired 5\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 2\n"
        "  desired 2\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"capacity_no_subnets", "E0704", "8:10", "capacity 'pool' has no subnets",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"capacity_target", "E0705", "11:10", "capacity 'pool' has target 150%, outside 1% to 100%",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  target 150%\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task agent {\n"
        "  launch ec2\n"
        "  container agent { image \"agent:1\"; memory 256 MiB }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  target 90%\n"
        "  subnets subnets\n"
        "}\n"
        "service agent {\n"
        "  task     agent\n"
        "  capacity pool\n"
        "}\n",
        {NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    {"capacity_unused", "W0052", "10:10", "no service runs on capacity 'pool'",
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "capacity pool {\n"
        "  instance \"t3.medium\"\n"
        "  min 1 max 4\n"
        "  subnets subnets\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        /* fixed */
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "param vpc     vpc_id\n"
        "param subnets [subnet_id]\n"
        "task web {\n"
        "  launch fargate\n"
        "  cpu 0.25 vcpu\n"
        "  memory 512 MiB\n"
        "  container app { image \"app:1\"; port 8080 }\n"
        "}\n"
        "service web {\n"
        "  task    web\n"
        "  subnets subnets\n"
        "}\n",
        {"subnets=subnet-0a1b2c3d,subnet-4e5f6a7b", NULL}, {NULL}, EMIT_ALL, EMIT_TASKDEFS | EMIT_CFN},
    /* platform version, AZ rebalancing, alarms (decode_deploy.c, check_deploy_opts.c) */
    {"service_platform_ec2", "E0760", "10:20", "service 'web' sets a platform version, but does not run on Fargate",
        POOL SV_OPTS("pool", "  platform_version \"1.4.0\"\n"),
        SV_OPTS("fargate", "  platform_version \"1.4.0\"\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_platform_shape", "E0761", "9:20", "'1.4' is not a Fargate platform version",
        SV_OPTS("fargate", "  platform_version \"1.4\"\n"),
        SV_OPTS("fargate", "  platform_version latest\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_az_rebalancing_max", "E0762", "10:3", "service 'web' has a maximum of 100%, which leaves Availability Zone rebalancing no room",
        SV_OPTS("fargate", "  rolling min 50% max 100%\n  az_rebalancing\n"),
        SV_OPTS("fargate", "  rolling min 50% max 200%\n  az_rebalancing\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_alarms_twice", "E0763", "10:22", "service 'web' has its deployment alarms twice",
        SV_OPTS("fargate", "  rolling alarms [\"a\"]\n  blue_green via ecs alarms [\"b\"]\n"),
        SV_OPTS("fargate", "  blue_green via ecs alarms [\"a\", \"b\"]\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_alarms_codedeploy_list", "E0764", "9:36", "CodeDeploy takes its alarms one by one; list param 'alarms' cannot be spread in the template",
        SV_OPTS("fargate", "  blue_green via codedeploy alarms alarms\n"),
        SV_OPTS("fargate", "  blue_green via codedeploy alarms alarm\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    /* existing infrastructure (check_deploy_opts.c) */
    {"service_cluster_shape", "E0765", "1:20", "'arn:aws:ecs:eu-west-1:123456789012:platform' is not an ECS cluster ARN",
        "cluster { existing \"arn:aws:ecs:eu-west-1:123456789012:platform\" }\n" SV_OPTS("fargate", ""),
        "cluster { existing \"arn:aws:ecs:eu-west-1:123456789012:cluster/platform\" }\n" SV_OPTS("fargate", ""),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_cluster_param_arn", "E0765", "2:20", "param 'shared' holds 'arn:aws:ecs:eu-west-1:123456789012:cluster/platform', which is not a cluster name",
        "param shared string default \"arn:aws:ecs:eu-west-1:123456789012:cluster/platform\"\n"
        "cluster { existing shared }\n" SV_OPTS("fargate", ""),
        "param shared string default \"platform\"\n"
        "cluster { existing shared }\n" SV_OPTS("fargate", ""),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_cluster_region", "E0766", "1:20", "cluster 'arn:aws:ecs:us-east-1:123456789012:cluster/platform' is in region us-east-1, not the app's",
        "cluster { existing \"arn:aws:ecs:us-east-1:123456789012:cluster/platform\" }\n" SV_OPTS("fargate", ""),
        "cluster { existing \"platform\" }\n" SV_OPTS("fargate", ""),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_role_param_value", "E0767", "2:16", "role 'ops' takes its ARN from param 'ops_arn', which has no value",
        "param ops_arn string\nrole ops { arn ops_arn }\n"
        "task ops { launch fargate; cpu 0.25 vcpu; memory 512 MiB; role ops\n"
        "  container ops { image \"ops:1\" } }\n" SV_OPTS("fargate", ""),
        "param ops_arn string default \"arn:aws:iam::123456789012:role/ops\"\nrole ops { arn ops_arn }\n"
        "task ops { launch fargate; cpu 0.25 vcpu; memory 512 MiB; role ops\n"
        "  container ops { image \"ops:1\" } }\n" SV_OPTS("fargate", ""),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_sg_only_accept", "E0768", "9:3", "service 'web' accepts traffic, but its tasks have only the given security groups",
        SV_OPTS("fargate", "  accept 9000 from \"10.0.0.0/16\"\n  security_groups [\"sg-0123456789abcdef0\"] only\n"),
        SV_OPTS("fargate", "  accept 9000 from \"10.0.0.0/16\"\n  security_groups [\"sg-0123456789abcdef0\"]\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
    {"service_sg_only_route", "W0072", "9:44", "load balancer 'public' reaches the tasks of service 'web' only if one of the given security groups admits it",
        SV_OPTS("fargate", "  security_groups [\"sg-0123456789abcdef0\"] only\n"),
        SV_OPTS("fargate", "  security_groups [\"sg-0123456789abcdef0\"]\n"),
        {NULL}, {NULL}, EMIT_TASKDEFS | EMIT_CFN, EMIT_TASKDEFS | EMIT_CFN},
};

/* Runs every case whose name starts with `prefix`. */
static void run_cases(const char *prefix)
{
    int n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const Case *k = &cases[i];
        if (strncmp(k->name, prefix, strlen(prefix)) != 0)
            continue;
        n++;
        Compiler c;
        print_message("%s\n", k->name);
        compile(&c, k->bad, k->bad_defs, k->bad_emit);
        CHECK_DIAG(&c, k->code, k->at, k->text);
        compiler_free(&c);
        bool ok = compile(&c, k->good, k->good_defs, k->good_emit);
        if (!ok || c.diag.diags.len) {
            tu_dump(&c);
            fail_msg("%s: the fixed source is not clean", k->name);
        }
        compiler_free(&c);
    }
    assert_true(n > 0);
}

static void test_service_rules(void **state)
{
    (void)state;
    run_cases("service_");
}

static void test_load_balancer_rules(void **state)
{
    (void)state;
    run_cases("lb_");
}

static void test_capacity_rules(void **state)
{
    (void)state;
    run_cases("capacity_");
}

/* ---- params ---------------------------------------------------------------------- */

#define HEAD "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
#define FARGATE_TASK                                                           \
    "task web {\n"                                                             \
    "  launch fargate\n"                                                       \
    "  cpu 0.25 vcpu\n"                                                        \
    "  memory 512 MiB\n"                                                       \
    "  container app { image \"app:1\"; port 8080 }\n"                         \
    "}\n"

/* Inferred priorities: a route that another matches entirely comes
   first, whatever the length of the first paths (else E0442). */
static const IrRoute *route_of(const Compiler *c, const char *service, int k)
{
    VEC_EACH(const IrService *, sv, c->model->services)
        if (strcmp(sv->name, service) == 0)
            return sv->routes.items[k];
    fail_msg("no service %s", service);
    return NULL;
}

static void test_covered_route_first(void **state)
{
    (void)state;
    Compiler c;
    assert_true(compile(&c, HEAD "param vpc vpc_id\nparam subnets [subnet_id]\n"
                "load_balancer lb { subnets subnets; vpc vpc; listen 80 http; access_logs create }\n"
                FARGATE_TASK
                "service web { task web; subnets subnets\n"
                "  route lb \"/api/*\" to app:8080\n"
                "  route lb [\"/zzzzzzzzzzzz/*\", \"/v1/*\"] to app:8080 }\n"
                "service home { task web; subnets subnets\n"
                "  route lb \"/api/\" to app:8080\n"
                "  route lb \"/v1/x/*\" to app:8080 }\n",
                NULL, EMIT_TASKDEFS));
    assert_true(route_of(&c, "home", 0)->priority < route_of(&c, "web", 0)->priority);
    assert_true(route_of(&c, "home", 1)->priority < route_of(&c, "web", 1)->priority);
    assert_int_equal(diag_error_count(&c.diag), 0);
    compiler_free(&c);
}

static void test_param_default_checked(void **state)
{
    (void)state;
    Compiler c;
    compile(&c, HEAD "param subnets [subnet_id] default [\"subnet-0a1b2c3d\", \"net-1\"]\n"
                FARGATE_TASK "service web { task web; subnets subnets }\n",
            NULL, EMIT_TASKDEFS);
    CHECK_DIAG(&c, "E0541", "2:7", "its value 'net-1' is not one");
    compiler_free(&c);
}

static void test_literal_subnet_checked(void **state)
{
    (void)state;
    Compiler c;
    compile(&c, HEAD FARGATE_TASK "service web { task web; subnets [\"subnet-0a1b2c3d\", \"subnet-XYZ\"] }\n",
            NULL, EMIT_ALL);
    CHECK_DIAG(&c, "E0541", "8:33", "'subnet-XYZ' is not a subnet_id");
    compiler_free(&c);
}

static void test_list_param_for_vpc(void **state)
{
    (void)state;
    Compiler c;
    compile(&c, HEAD "param vpcs [vpc_id]\nparam subnets [subnet_id]\n"
                "load_balancer lb { subnets subnets; vpc vpcs; listen 80 http }\n"
                FARGATE_TASK "service web { task web; subnets subnets; route lb \"/*\" to app:8080 }\n",
            NULL, EMIT_TASKDEFS);
    CHECK_DIAG(&c, "E0540", "4:41", "vpc takes one vpc_id, but param 'vpcs' is a list");
    compiler_free(&c);
}

static void test_string_param_fits_anywhere(void **state)
{
    (void)state;
    Compiler c;
    bool ok = compile(&c, HEAD "param subnets string default \"subnet-0a1b2c3d,subnet-4e5f6a7b\"\n"
                      FARGATE_TASK "service web { task web; subnets subnets }\n",
                      NULL, EMIT_ALL);
    assert_true(ok);
    CHECK_CLEAN(&c);
    compiler_free(&c);
}

/* ---- deploy-time values ------------------------------------------------------------ */

#define BG_SOURCE                                                              \
    HEAD "param subnets [subnet_id] default [\"subnet-0a1b2c3d\"]\n"           \
    "load_balancer lb { subnets subnets; vpc \"vpc-0a1b2c3d\"; listen 80 http; access_logs create }\n" \
    FARGATE_TASK "service web {\n  task web\n  subnets subnets\n  route lb \"/*\" to app:8080\n" \
    "  blue_green\n}\n"

#define ELB "arn:aws:elasticloadbalancing:eu-west-1:123456789012:"

static void test_deploy_values_stored(void **state)
{
    (void)state;
    static const char *const defs[] = {
        "WebLbApp8080TargetGroup=" ELB "targetgroup/a/1",
        "WebLbApp8080AlternateTargetGroup=" ELB "targetgroup/b/2",
        "WebLbApp8080Listener80Rule=" ELB "listener-rule/app/lb/1/2/3",
        "WebServiceBlueGreenRole=arn:aws:iam::123456789012:role/bg",
        "WebServiceSecurityGroup=sg-0123456789abcdef0",
        NULL,
    };
    Compiler c;
    bool ok = compile(&c, BG_SOURCE, defs, EMIT_ALL);
    if (!ok)
        tu_dump(&c);
    assert_true(ok);
    const PlanService *ps = &c.plan->services[0];
    const PlanRoute *r = &ps->routes[0];
    assert_string_equal(r->tg_arn->value, ELB "targetgroup/a/1");
    assert_string_equal(r->alt_tg_arn->value, ELB "targetgroup/b/2");
    assert_string_equal(r->prod_rule_arn->value, ELB "listener-rule/app/lb/1/2/3");
    assert_null(r->test_rule_arn->value);
    assert_string_equal(ps->bg_role_arn->value, "arn:aws:iam::123456789012:role/bg");

    cJSON *o = emit_service(c.plan, ps);
    const cJSON *lbs = cJSON_GetObjectItemCaseSensitive(o, "loadBalancers");
    const cJSON *adv = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(lbs, 0),
                                                        "advancedConfiguration");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(adv, "roleArn")->valuestring,
                        "arn:aws:iam::123456789012:role/bg");
    const cJSON *dc = cJSON_GetObjectItemCaseSensitive(o, "deploymentConfiguration");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(dc, "strategy")->valuestring,
                        "BLUE_GREEN");
    cJSON_Delete(o);
    compiler_free(&c);
}

/* Native blue/green names every value it lacks, each in its own error. */
static void test_deploy_values_missing(void **state)
{
    (void)state;
    Compiler c;
    assert_false(compile(&c, BG_SOURCE, NULL, EMIT_ALL));
    assert_int_equal(tu_count(&c, "E0531"), 4);   /* 3 ARNs and the role (compile() gives the security group) */
    CHECK_DIAG(&c, "E0531", "13:3", "services/web.json needs the ARN of target group");
    compiler_free(&c);
}

/* Without services/ nothing deploy-time is needed, and nothing is stored. */
static void test_deploy_values_not_needed(void **state)
{
    (void)state;
    Compiler c;
    bool ok = compile(&c, BG_SOURCE, NULL, EMIT_TASKDEFS | EMIT_CFN);
    assert_true(ok);
    CHECK_CLEAN(&c);
    assert_null(c.plan->services[0].routes[0].tg_arn->value);
    assert_false(c.plan->services[0].complete);
    compiler_free(&c);
}

/* ---- the create-service JSON ----------------------------------------------------------- */

static void test_emit_member_order(void **state)
{
    (void)state;
    static const char *const defs[] = {"subnets=subnet-0a1b2c3d, subnet-4e5f6a7b", NULL};
    Compiler c;
    bool ok = compile(&c, HEAD "param subnets [subnet_id]\n" FARGATE_TASK
                      "service web {\n  task web\n  subnets subnets\n  public_ip\n  exec false\n"
                      "  rolling min 50%\n  tags { team = \"a\" }\n}\n",
                      defs, EMIT_ALL);
    assert_true(ok);
    cJSON *o = emit_service(c.plan, &c.plan->services[0]);
    static const char *const keys[] = {
        "cluster", "serviceName", "taskDefinition", "desiredCount", "launchType",
        "deploymentConfiguration", "networkConfiguration", "schedulingStrategy", "tags",
        "enableECSManagedTags", "propagateTags", "enableExecuteCommand",
    };
    const cJSON *it = o->child;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++, it = it->next) {
        assert_non_null(it);
        assert_string_equal(it->string, keys[i]);
    }
    assert_null(it);
    const cJSON *vpc = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(o, "networkConfiguration"), "awsvpcConfiguration");
    const cJSON *subnets = cJSON_GetObjectItemCaseSensitive(vpc, "subnets");
    assert_int_equal(cJSON_GetArraySize(subnets), 2);
    assert_string_equal(cJSON_GetArrayItem(subnets, 1)->valuestring, "subnet-4e5f6a7b");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(vpc, "assignPublicIp")->valuestring,
                        "ENABLED");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "desiredCount")->valueint, 1);
    cJSON_Delete(o);
    compiler_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_service_rules),
        cmocka_unit_test(test_load_balancer_rules),
        cmocka_unit_test(test_capacity_rules),
        cmocka_unit_test(test_covered_route_first),
        cmocka_unit_test(test_param_default_checked),
        cmocka_unit_test(test_literal_subnet_checked),
        cmocka_unit_test(test_list_param_for_vpc),
        cmocka_unit_test(test_string_param_fits_anywhere),
        cmocka_unit_test(test_deploy_values_stored),
        cmocka_unit_test(test_deploy_values_missing),
        cmocka_unit_test(test_deploy_values_not_needed),
        cmocka_unit_test(test_emit_member_order),
    };
    return cmocka_run_group_tests_name("service", tests, NULL, NULL);
}
