/* test_emit_taskdef.c - register-task-definition input from hand-built
   models, checked as exact pretty-printed text or by lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "emit.h"
#include "json_write.h"

/* --- fixture: one arena per test ------------------------------------------ */

static int setup(void **state)
{
    Arena *a = malloc(sizeof *a);
    if (!a)
        return -1;
    arena_init(a);
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    arena_free(*state);
    free(*state);
    return 0;
}

/* --- builders: every optional field starts absent -------------------------- */

static IrModel *model_new(Arena *a)
{
    IrModel *m = ARENA_NEW(a, IrModel);
    m->app = ARENA_NEW(a, IrApp);
    m->app->name = "shop";
    m->app->retain_days = IR_UNSET;
    return m;
}

static IrTask *task_new(Arena *a, IrModel *m, const char *family)
{
    IrTask *t = ARENA_NEW(a, IrTask);
    t->name = family;
    t->family = family;
    t->cpu = t->memory = IR_UNSET;
    t->ephemeral_gib = IR_UNSET;
    vec_push(a, &m->tasks, t);
    return t;
}

static IrContainer *container_new(Arena *a, IrTask *t, const char *name, const char *image)
{
    IrContainer *c = ARENA_NEW(a, IrContainer);
    c->name = name;
    c->task = t;
    c->image = image;
    c->essential = IR_TRI_TRUE;
    c->cpu = c->memory = c->memory_reservation = IR_UNSET;
    c->gpus = IR_UNSET;
    c->shm_mib = c->max_swap_mib = IR_UNSET;
    c->swappiness = IR_UNSET;
    c->stop_timeout = c->start_timeout = IR_UNSET;
    c->restart_period = IR_UNSET;
    vec_push(a, &t->containers, c);
    return c;
}

static IrKV *kv(Arena *a, Vec *v, const char *key, const char *value)
{
    IrKV *p = ARENA_NEW(a, IrKV);
    p->key = key;
    p->value = value;
    vec_push(a, v, p);
    return p;
}

static IrPort *port(Arena *a, IrContainer *c, int container_port, int host_port)
{
    IrPort *p = ARENA_NEW(a, IrPort);
    p->container_port = container_port;
    p->host_port = host_port;
    p->range_lo = p->range_hi = IR_UNSET;
    vec_push(a, &c->ports, p);
    return p;
}

static IrLog *awslogs(Arena *a, const char *prefix)
{
    IrLog *l = ARENA_NEW(a, IrLog);
    l->driver = "awslogs";
    l->retain_days = 30;
    l->group = "/ecs/shop";
    l->region = "eu-west-1";
    l->prefix = prefix;
    return l;
}

static IrVolume *volume(Arena *a, IrTask *t, const char *name, IrVolumeKind kind)
{
    IrVolume *v = ARENA_NEW(a, IrVolume);
    v->name = name;
    v->kind = kind;
    v->transit_port = IR_UNSET;
    vec_push(a, &t->volumes, v);
    return v;
}

static IrValue *val_new(Arena *a, IrValueKind kind)
{
    IrValue *v = ARENA_NEW(a, IrValue);
    v->kind = kind;
    return v;
}

static IrValue *val_str(Arena *a, const char *s)
{
    IrValue *v = val_new(a, IR_VAL_STRING);
    v->str = s;
    return v;
}

static IrValue *val_int(Arena *a, int64_t i)
{
    IrValue *v = val_new(a, IR_VAL_INT);
    v->ival = i;
    return v;
}

static IrValue *member(Arena *a, IrValue *obj, const char *key, IrValue *value)
{
    IrMember *mem = ARENA_NEW(a, IrMember);
    mem->key = key;
    mem->value = value;
    vec_push(a, &obj->items, mem);
    return value;
}

/* --- checks ---------------------------------------------------------------- */

static void check_text(const cJSON *j, const char *expected)
{
    char *out = json_write_pretty(j, NULL);
    if (strcmp(out, expected) != 0)
        print_error("got:\n%s\nexpected:\n%s\n", out, expected);
    assert_string_equal(out, expected);
    free(out);
}

static const cJSON *at(const cJSON *j, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(j, key);
    if (!item)
        fail_msg("no key '%s'", key);
    return item;
}

static bool has(const cJSON *j, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(j, key) != NULL;
}

static const cJSON *container_at(const cJSON *td, int i)
{
    return cJSON_GetArrayItem(at(td, "containerDefinitions"), i);
}

/* --- tests ----------------------------------------------------------------- */

static const char FARGATE_EXPECTED[] =
    "{\n"
    "  \"family\": \"shop-web\",\n"
    "  \"taskRoleArn\": \"arn:aws:iam::123456789012:role/shop-web-task\",\n"
    "  \"executionRoleArn\": \"arn:aws:iam::123456789012:role/shop-web-exec\",\n"
    "  \"networkMode\": \"awsvpc\",\n"
    "  \"containerDefinitions\": [\n"
    "    {\n"
    "      \"name\": \"api\",\n"
    "      \"image\": \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4\",\n"
    "      \"portMappings\": [\n"
    "        {\n"
    "          \"containerPort\": 8080,\n"
    "          \"hostPort\": 8080,\n"
    "          \"protocol\": \"tcp\",\n"
    "          \"name\": \"api\",\n"
    "          \"appProtocol\": \"http\"\n"
    "        }\n"
    "      ],\n"
    "      \"essential\": true,\n"
    "      \"environment\": [\n"
    "        {\n"
    "          \"name\": \"LEVEL\",\n"
    "          \"value\": \"info\"\n"
    "        },\n"
    "        {\n"
    "          \"name\": \"PORT\",\n"
    "          \"value\": \"8080\"\n"
    "        }\n"
    "      ],\n"
    "      \"secrets\": [\n"
    "        {\n"
    "          \"name\": \"DB_PASSWORD\",\n"
    "          \"valueFrom\": \"arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db\"\n"
    "        }\n"
    "      ],\n"
    "      \"logConfiguration\": {\n"
    "        \"logDriver\": \"awslogs\",\n"
    "        \"options\": {\n"
    "          \"awslogs-group\": \"/ecs/shop\",\n"
    "          \"awslogs-region\": \"eu-west-1\",\n"
    "          \"awslogs-stream-prefix\": \"api\",\n"
    "          \"awslogs-create-group\": \"true\",\n"
    "          \"mode\": \"non-blocking\",\n"
    "          \"max-buffer-size\": \"25m\"\n"
    "        }\n"
    "      },\n"
    "      \"healthCheck\": {\n"
    "        \"command\": [\n"
    "          \"CMD-SHELL\",\n"
    "          \"curl -f http://localhost:8080/health || exit 1\"\n"
    "        ],\n"
    "        \"interval\": 30,\n"
    "        \"retries\": 3,\n"
    "        \"startPeriod\": 10\n"
    "      }\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"web\",\n"
    "      \"image\": \"nginx:1.25\",\n"
    "      \"cpu\": 128,\n"
    "      \"memoryReservation\": 256,\n"
    "      \"essential\": false,\n"
    "      \"dependsOn\": [\n"
    "        {\n"
    "          \"containerName\": \"api\",\n"
    "          \"condition\": \"HEALTHY\"\n"
    "        }\n"
    "      ],\n"
    "      \"logConfiguration\": {\n"
    "        \"logDriver\": \"awslogs\",\n"
    "        \"options\": {\n"
    "          \"awslogs-group\": \"/ecs/shop\",\n"
    "          \"awslogs-region\": \"eu-west-1\",\n"
    "          \"awslogs-stream-prefix\": \"web\"\n"
    "        }\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    "  \"requiresCompatibilities\": [\n"
    "    \"FARGATE\"\n"
    "  ],\n"
    "  \"cpu\": \"512\",\n"
    "  \"memory\": \"1024\",\n"
    "  \"tags\": [\n"
    "    {\n"
    "      \"key\": \"team\",\n"
    "      \"value\": \"checkout\"\n"
    "    }\n"
    "  ],\n"
    "  \"runtimePlatform\": {\n"
    "    \"cpuArchitecture\": \"ARM64\",\n"
    "    \"operatingSystemFamily\": \"LINUX\"\n"
    "  }\n"
    "}\n";

static void test_fargate_task(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-web");
    t->launch = IR_LAUNCH_FARGATE;
    t->network = IR_NET_AWSVPC;
    t->cpu = 512;
    t->memory = 1024;
    t->role_arn = "arn:aws:iam::123456789012:role/shop-web-task";
    t->exec_role_arn = "arn:aws:iam::123456789012:role/shop-web-exec";
    t->os = IR_OS_LINUX;
    t->os_family = "LINUX";
    t->arch = "ARM64";
    kv(a, &t->tags, "team", "checkout");

    IrContainer *api = container_new(a, t, "api",
                                     "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4");
    IrPort *p = port(a, api, 8080, 8080);   /* infer: host = container on awsvpc */
    p->name = "api";
    p->app_protocol = "http";
    kv(a, &api->env, "LEVEL", "info");
    kv(a, &api->env, "PORT", "8080");
    IrSecret *s = ARENA_NEW(a, IrSecret);
    s->name = "DB_PASSWORD";
    s->source = IR_SECRET_SSM;
    s->ref = "/shop/db";
    s->value_from = "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db";
    vec_push(a, &api->secrets, s);
    api->log = awslogs(a, "api");
    api->log->create_group = IR_TRI_TRUE;
    api->log->mode = "non-blocking";
    kv(a, &api->log->options, "max-buffer-size", "25m");
    IrHealth *h = ARENA_NEW(a, IrHealth);
    h->shell = true;
    vec_push(a, &h->argv, "curl -f http://localhost:8080/health || exit 1");
    h->interval = 30;
    h->timeout = IR_UNSET;
    h->retries = 3;
    h->start_period = 10;
    api->health = h;

    IrContainer *web = container_new(a, t, "web", "nginx:1.25");
    web->essential = IR_TRI_FALSE;
    web->cpu = 128;
    web->memory_reservation = 256;
    web->log = awslogs(a, "web");
    IrDepend *d = ARENA_NEW(a, IrDepend);
    d->container.name = "api";
    d->container.target = api;
    d->condition = IR_COND_HEALTHY;
    vec_push(a, &web->depends, d);

    cJSON *td = emit_taskdef(m, t);
    check_text(td, FARGATE_EXPECTED);
    cJSON_Delete(td);
}

static void test_bridge_dynamic_port(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-worker");
    t->launch = IR_LAUNCH_EC2;
    t->network = IR_NET_BRIDGE;
    IrContainer *c = container_new(a, t, "worker", "worker:2");
    c->memory = 512;
    IrPort *dyn = port(a, c, 8080, IR_UNSET);
    dyn->host_dynamic = true;
    dyn->host_port = 0;
    IrPort *udp = port(a, c, 514, 514);
    udp->proto = IR_PROTO_UDP;
    udp->proto_set = true;
    IrPort *range = port(a, c, IR_UNSET, IR_UNSET);
    range->range_lo = 9000;
    range->range_hi = 9010;

    cJSON *td = emit_taskdef(m, t);
    assert_string_equal(at(td, "networkMode")->valuestring, "bridge");
    assert_false(has(td, "cpu"));
    assert_false(has(td, "memory"));
    assert_false(has(td, "taskRoleArn"));
    assert_false(has(td, "executionRoleArn"));
    assert_false(has(td, "runtimePlatform"));
    const cJSON *compat = at(td, "requiresCompatibilities");
    assert_int_equal(cJSON_GetArraySize(compat), 1);
    assert_string_equal(cJSON_GetArrayItem(compat, 0)->valuestring, "EC2");

    const cJSON *cd = container_at(td, 0);
    assert_true(cJSON_IsNumber(at(cd, "memory")));
    assert_int_equal(at(cd, "memory")->valueint, 512);
    const cJSON *pm = at(cd, "portMappings");
    assert_int_equal(cJSON_GetArraySize(pm), 3);
    const cJSON *p0 = cJSON_GetArrayItem(pm, 0);
    assert_int_equal(at(p0, "containerPort")->valueint, 8080);
    assert_true(cJSON_IsNumber(at(p0, "hostPort")));
    assert_int_equal(at(p0, "hostPort")->valueint, 0);
    assert_string_equal(at(p0, "protocol")->valuestring, "tcp");
    const cJSON *p1 = cJSON_GetArrayItem(pm, 1);
    assert_int_equal(at(p1, "hostPort")->valueint, 514);
    assert_string_equal(at(p1, "protocol")->valuestring, "udp");
    check_text(cJSON_GetArrayItem(pm, 2),
               "{\n"
               "  \"containerPortRange\": \"9000-9010\"\n"
               "}\n");
    cJSON_Delete(td);
}

static void test_unset_host_port_omitted(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-api");
    IrContainer *c = container_new(a, t, "api", "api:1");
    port(a, c, 80, IR_UNSET);

    cJSON *td = emit_taskdef(m, t);
    assert_false(has(td, "networkMode"));
    assert_false(has(td, "requiresCompatibilities"));
    check_text(at(container_at(td, 0), "portMappings"),
               "[\n"
               "  {\n"
               "    \"containerPort\": 80,\n"
               "    \"protocol\": \"tcp\"\n"
               "  }\n"
               "]\n");
    cJSON_Delete(td);
}

static void test_minimal_container(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-min");
    t->network = IR_NET_DEFAULT;
    container_new(a, t, "app", "busybox");

    cJSON *td = emit_taskdef(m, t);
    check_text(td,
               "{\n"
               "  \"family\": \"shop-min\",\n"
               "  \"containerDefinitions\": [\n"
               "    {\n"
               "      \"name\": \"app\",\n"
               "      \"image\": \"busybox\",\n"
               "      \"essential\": true\n"
               "    }\n"
               "  ]\n"
               "}\n");
    cJSON_Delete(td);
}

static void test_volumes_each_kind(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-vols");
    IrContainer *c = container_new(a, t, "app", "app:1");

    IrVolume *scratch = volume(a, t, "scratch", IR_VOL_TASK);
    IrVolume *host = volume(a, t, "logs", IR_VOL_HOST);
    host->host_path = "/var/log/app";
    IrVolume *docker = volume(a, t, "cache", IR_VOL_DOCKER);
    docker->scope = "shared";
    docker->autoprovision = IR_TRI_TRUE;
    docker->driver = "local";
    kv(a, &docker->driver_opts, "type", "tmpfs");
    kv(a, &docker->driver_opts, "device", "tmpfs");
    kv(a, &docker->labels, "owner", "shop");
    IrVolume *efs = volume(a, t, "shared", IR_VOL_EFS);
    efs->fs_id = "fs-0123456789abcdef0";
    efs->root_dir = "/data";
    efs->transit_encryption = IR_TRI_TRUE;
    efs->transit_port = 2049;
    efs->access_point = "fsap-0123456789abcdef0";
    efs->iam = IR_TRI_FALSE;
    volume(a, t, "block", IR_VOL_EBS);

    IrMount *mp = ARENA_NEW(a, IrMount);
    mp->volume.name = "scratch";
    mp->volume.target = scratch;
    mp->path = "/tmp/scratch";
    vec_push(a, &c->mounts, mp);
    mp = ARENA_NEW(a, IrMount);
    mp->volume.name = "shared";
    mp->volume.target = efs;
    mp->path = "/data";
    mp->readonly = true;
    vec_push(a, &c->mounts, mp);

    cJSON *td = emit_taskdef(m, t);
    check_text(at(td, "volumes"),
               "[\n"
               "  {\n"
               "    \"name\": \"scratch\"\n"
               "  },\n"
               "  {\n"
               "    \"name\": \"logs\",\n"
               "    \"host\": {\n"
               "      \"sourcePath\": \"/var/log/app\"\n"
               "    }\n"
               "  },\n"
               "  {\n"
               "    \"name\": \"cache\",\n"
               "    \"dockerVolumeConfiguration\": {\n"
               "      \"scope\": \"shared\",\n"
               "      \"autoprovision\": true,\n"
               "      \"driver\": \"local\",\n"
               "      \"driverOpts\": {\n"
               "        \"type\": \"tmpfs\",\n"
               "        \"device\": \"tmpfs\"\n"
               "      },\n"
               "      \"labels\": {\n"
               "        \"owner\": \"shop\"\n"
               "      }\n"
               "    }\n"
               "  },\n"
               "  {\n"
               "    \"name\": \"shared\",\n"
               "    \"efsVolumeConfiguration\": {\n"
               "      \"fileSystemId\": \"fs-0123456789abcdef0\",\n"
               "      \"rootDirectory\": \"/data\",\n"
               "      \"transitEncryption\": \"ENABLED\",\n"
               "      \"transitEncryptionPort\": 2049,\n"
               "      \"authorizationConfig\": {\n"
               "        \"accessPointId\": \"fsap-0123456789abcdef0\",\n"
               "        \"iam\": \"DISABLED\"\n"
               "      }\n"
               "    }\n"
               "  },\n"
               "  {\n"
               "    \"name\": \"block\",\n"
               "    \"configuredAtLaunch\": true\n"
               "  }\n"
               "]\n");
    check_text(at(container_at(td, 0), "mountPoints"),
               "[\n"
               "  {\n"
               "    \"sourceVolume\": \"scratch\",\n"
               "    \"containerPath\": \"/tmp/scratch\",\n"
               "    \"readOnly\": false\n"
               "  },\n"
               "  {\n"
               "    \"sourceVolume\": \"shared\",\n"
               "    \"containerPath\": \"/data\",\n"
               "    \"readOnly\": true\n"
               "  }\n"
               "]\n");
    cJSON_Delete(td);
}

static void test_linux_parameters(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-linux");
    IrContainer *c = container_new(a, t, "app", "app:1");
    c->init = IR_TRI_TRUE;
    vec_push(a, &c->cap_add, "SYS_PTRACE");
    vec_push(a, &c->cap_drop, "NET_RAW");
    vec_push(a, &c->cap_drop, "MKNOD");
    c->shm_mib = 64;
    c->max_swap_mib = 1024;
    c->swappiness = 10;
    IrTmpfs *tf = ARENA_NEW(a, IrTmpfs);
    tf->path = "/run";
    tf->size_mib = 32;
    vec_push(a, &tf->options, "noexec");
    vec_push(a, &c->tmpfs, tf);
    IrDevice *dev = ARENA_NEW(a, IrDevice);
    dev->host_path = "/dev/fuse";
    dev->container_path = "/dev/fuse";
    vec_push(a, &dev->permissions, "read");
    vec_push(a, &dev->permissions, "write");
    vec_push(a, &c->devices, dev);

    IrContainer *plain = container_new(a, t, "plain", "plain:1");
    plain->init = IR_TRI_UNSET;

    cJSON *td = emit_taskdef(m, t);
    check_text(at(container_at(td, 0), "linuxParameters"),
               "{\n"
               "  \"capabilities\": {\n"
               "    \"add\": [\n"
               "      \"SYS_PTRACE\"\n"
               "    ],\n"
               "    \"drop\": [\n"
               "      \"NET_RAW\",\n"
               "      \"MKNOD\"\n"
               "    ]\n"
               "  },\n"
               "  \"devices\": [\n"
               "    {\n"
               "      \"hostPath\": \"/dev/fuse\",\n"
               "      \"containerPath\": \"/dev/fuse\",\n"
               "      \"permissions\": [\n"
               "        \"read\",\n"
               "        \"write\"\n"
               "      ]\n"
               "    }\n"
               "  ],\n"
               "  \"initProcessEnabled\": true,\n"
               "  \"sharedMemorySize\": 64,\n"
               "  \"tmpfs\": [\n"
               "    {\n"
               "      \"containerPath\": \"/run\",\n"
               "      \"size\": 32,\n"
               "      \"mountOptions\": [\n"
               "        \"noexec\"\n"
               "      ]\n"
               "    }\n"
               "  ],\n"
               "  \"maxSwap\": 1024,\n"
               "  \"swappiness\": 10\n"
               "}\n");
    assert_false(has(container_at(td, 1), "linuxParameters"));
    cJSON_Delete(td);
}

static void test_health_exec_and_none(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-health");
    IrContainer *c1 = container_new(a, t, "exec", "app:1");
    IrHealth *h = ARENA_NEW(a, IrHealth);
    vec_push(a, &h->argv, "/bin/check");
    vec_push(a, &h->argv, "--quick");
    h->interval = h->retries = h->start_period = IR_UNSET;
    h->timeout = 5;
    c1->health = h;
    IrContainer *c2 = container_new(a, t, "off", "app:1");
    IrHealth *none = ARENA_NEW(a, IrHealth);
    none->none = true;
    none->interval = none->timeout = none->retries = none->start_period = IR_UNSET;
    c2->health = none;

    cJSON *td = emit_taskdef(m, t);
    check_text(at(container_at(td, 0), "healthCheck"),
               "{\n"
               "  \"command\": [\n"
               "    \"CMD\",\n"
               "    \"/bin/check\",\n"
               "    \"--quick\"\n"
               "  ],\n"
               "  \"timeout\": 5\n"
               "}\n");
    check_text(at(container_at(td, 1), "healthCheck"),
               "{\n"
               "  \"command\": [\n"
               "    \"NONE\"\n"
               "  ]\n"
               "}\n");
    cJSON_Delete(td);
}

static void test_log_none_and_other_drivers(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-logs");
    IrContainer *quiet = container_new(a, t, "quiet", "app:1");
    quiet->log = ARENA_NEW(a, IrLog);
    quiet->log->driver = "none";
    quiet->log->retain_days = IR_UNSET;
    container_new(a, t, "nolog", "app:1");
    IrContainer *fl = container_new(a, t, "app", "app:1");
    fl->log = ARENA_NEW(a, IrLog);
    fl->log->driver = "awsfirelens";
    fl->log->retain_days = IR_UNSET;
    kv(a, &fl->log->options, "Name", "datadog");
    IrSecret *s = ARENA_NEW(a, IrSecret);
    s->name = "apikey";
    s->source = IR_SECRET_SECRETSMANAGER;
    s->value_from = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dd-AbCdEf";
    vec_push(a, &fl->log->secret_options, s);
    IrContainer *router = container_new(a, t, "log_router", "fluent-bit:2");
    router->firelens_type = "fluentbit";
    kv(a, &router->firelens_options, "enable-ecs-log-metadata", "true");

    cJSON *td = emit_taskdef(m, t);
    assert_false(has(container_at(td, 0), "logConfiguration"));
    assert_false(has(container_at(td, 1), "logConfiguration"));
    check_text(at(container_at(td, 2), "logConfiguration"),
               "{\n"
               "  \"logDriver\": \"awsfirelens\",\n"
               "  \"options\": {\n"
               "    \"Name\": \"datadog\"\n"
               "  },\n"
               "  \"secretOptions\": [\n"
               "    {\n"
               "      \"name\": \"apikey\",\n"
               "      \"valueFrom\": \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:dd-AbCdEf\"\n"
               "    }\n"
               "  ]\n"
               "}\n");
    check_text(at(container_at(td, 3), "firelensConfiguration"),
               "{\n"
               "  \"type\": \"fluentbit\",\n"
               "  \"options\": {\n"
               "    \"enable-ecs-log-metadata\": \"true\"\n"
               "  }\n"
               "}\n");
    cJSON_Delete(td);
}

static void test_container_key_order(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-all");
    t->launch = IR_LAUNCH_MANAGED | IR_LAUNCH_FARGATE | IR_LAUNCH_EC2 | IR_LAUNCH_EXTERNAL;
    t->pid_mode = "task";
    t->ipc_mode = "none";
    t->ephemeral_gib = 30;
    t->fault_injection = IR_TRI_FALSE;
    IrPlacement *pl = ARENA_NEW(a, IrPlacement);
    pl->expression = "attribute:ecs.instance-type =~ t3.*";
    vec_push(a, &t->placement, pl);
    kv(a, &t->accelerators, "gpu0", "eia2.medium");
    IrContainer *side = container_new(a, t, "envoy", "envoy:1");
    t->proxy_container.name = "envoy";
    t->proxy_container.target = side;
    kv(a, &t->proxy_properties, "AppPorts", "8080");

    IrContainer *c = container_new(a, t, "app", "app:1");
    c->repository_credentials = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub";
    c->memory = 512;
    vec_push(a, &c->links, "envoy");
    c->restart = true;
    int64_t *code = ARENA_NEW(a, int64_t);
    *code = 0;
    vec_push(a, &c->restart_ignore, code);
    c->restart_period = 300;
    c->has_entrypoint = true;       /* explicit empty entrypoint */
    c->has_command = true;
    vec_push(a, &c->command, "serve");
    kv(a, &c->env_files, NULL, "arn:aws:s3:::bucket/app.env");
    IrVolumesFrom *vf = ARENA_NEW(a, IrVolumesFrom);
    vf->container.name = "envoy";
    vf->container.target = side;
    vf->readonly = true;
    vec_push(a, &c->volumes_from, vf);
    c->start_timeout = 60;
    c->stop_timeout = 30;
    c->version_consistency = "disabled";
    c->hostname = "app";
    c->user = "1000:1000";
    c->workdir = "/srv";
    c->disable_networking = IR_TRI_FALSE;
    c->privileged = IR_TRI_FALSE;
    c->readonly_root = IR_TRI_TRUE;
    vec_push(a, &c->dns, "10.0.0.2");
    vec_push(a, &c->dns_search, "corp.example");
    kv(a, &c->extra_hosts, "db.local", "10.0.0.5");
    vec_push(a, &c->security_opts, "no-new-privileges");
    c->interactive = IR_TRI_TRUE;
    c->tty = IR_TRI_TRUE;
    kv(a, &c->labels, "z", "last-in-source-first");
    kv(a, &c->labels, "a", "second");
    IrUlimit *ul = ARENA_NEW(a, IrUlimit);
    ul->name = "nofile";
    ul->soft = 65536;
    ul->hard = 65536;
    vec_push(a, &c->ulimits, ul);
    kv(a, &c->sysctls, "net.core.somaxconn", "1024");
    c->gpus = 1;
    vec_push(a, &c->credential_specs, "credentialspec:arn:aws:s3:::bucket/spec.json");

    cJSON *td = emit_taskdef(m, t);
    static const char *const task_keys[] = {
        "family", "containerDefinitions", "placementConstraints", "requiresCompatibilities",
        "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators",
        "ephemeralStorage", "enableFaultInjection",
    };
    static const char *const container_keys[] = {
        "name", "image", "repositoryCredentials", "memory", "links", "essential",
        "restartPolicy", "entryPoint", "command", "environmentFiles", "volumesFrom",
        "startTimeout", "stopTimeout", "versionConsistency", "hostname", "user",
        "workingDirectory", "disableNetworking", "privileged", "readonlyRootFilesystem",
        "dnsServers", "dnsSearchDomains", "extraHosts", "dockerSecurityOptions",
        "interactive", "pseudoTerminal", "dockerLabels", "ulimits", "systemControls",
        "resourceRequirements", "credentialSpecs",
    };
    const cJSON *item = td->child;
    for (size_t i = 0; i < sizeof task_keys / sizeof task_keys[0]; i++, item = item->next) {
        assert_non_null(item);
        assert_string_equal(item->string, task_keys[i]);
    }
    assert_null(item);
    item = container_at(td, 1)->child;
    for (size_t i = 0; i < sizeof container_keys / sizeof container_keys[0];
         i++, item = item->next) {
        assert_non_null(item);
        assert_string_equal(item->string, container_keys[i]);
    }
    assert_null(item);

    check_text(at(td, "requiresCompatibilities"),
               "[\n  \"EC2\",\n  \"FARGATE\",\n  \"EXTERNAL\",\n  \"MANAGED_INSTANCES\"\n]\n");
    check_text(at(td, "proxyConfiguration"),
               "{\n"
               "  \"type\": \"APPMESH\",\n"
               "  \"containerName\": \"envoy\",\n"
               "  \"properties\": [\n"
               "    {\n"
               "      \"name\": \"AppPorts\",\n"
               "      \"value\": \"8080\"\n"
               "    }\n"
               "  ]\n"
               "}\n");
    const cJSON *cd = container_at(td, 1);
    check_text(at(cd, "restartPolicy"),
               "{\n"
               "  \"enabled\": true,\n"
               "  \"ignoredExitCodes\": [\n"
               "    0\n"
               "  ],\n"
               "  \"restartAttemptPeriod\": 300\n"
               "}\n");
    check_text(at(cd, "entryPoint"), "[]\n");
    check_text(at(cd, "dockerLabels"),
               "{\n  \"z\": \"last-in-source-first\",\n  \"a\": \"second\"\n}\n");
    check_text(at(cd, "resourceRequirements"),
               "[\n  {\n    \"value\": \"1\",\n    \"type\": \"GPU\"\n  }\n]\n");
    check_text(at(cd, "environmentFiles"),
               "[\n  {\n    \"value\": \"arn:aws:s3:::bucket/app.env\",\n"
               "    \"type\": \"s3\"\n  }\n]\n");
    check_text(at(cd, "ulimits"),
               "[\n  {\n    \"name\": \"nofile\",\n    \"softLimit\": 65536,\n"
               "    \"hardLimit\": 65536\n  }\n]\n");
    check_text(at(td, "ephemeralStorage"), "{\n  \"sizeInGiB\": 30\n}\n");
    cJSON_Delete(td);
}

static void test_raw_deep_merge(void **state)
{
    Arena *a = *state;
    IrModel *m = model_new(a);
    IrTask *t = task_new(a, m, "shop-raw");
    t->network = IR_NET_AWSVPC;
    t->cpu = 256;
    t->memory = 512;
    t->os_family = "LINUX";
    IrContainer *c = container_new(a, t, "app", "app:1");
    vec_push(a, &c->dns, "10.0.0.2");
    c->log = awslogs(a, "app");

    /* task raw: { cpu: "1024", runtimePlatform: { cpuArchitecture: "ARM64" } } */
    t->raw = val_new(a, IR_VAL_OBJECT);
    member(a, t->raw, "cpu", val_str(a, "1024"));
    IrValue *rp = member(a, t->raw, "runtimePlatform", val_new(a, IR_VAL_OBJECT));
    member(a, rp, "cpuArchitecture", val_str(a, "ARM64"));

    /* container raw: { logConfiguration: { options: { mode: "blocking" } },
                        dnsServers: ["1.1.1.1"], startTimeout: 90,
                        pseudoTerminal: true, linuxParameters: { swappiness: 60.0 } } */
    c->raw = val_new(a, IR_VAL_OBJECT);
    IrValue *lc = member(a, c->raw, "logConfiguration", val_new(a, IR_VAL_OBJECT));
    IrValue *opts = member(a, lc, "options", val_new(a, IR_VAL_OBJECT));
    member(a, opts, "mode", val_str(a, "blocking"));
    IrValue *dns = member(a, c->raw, "dnsServers", val_new(a, IR_VAL_LIST));
    vec_push(a, &dns->items, val_str(a, "1.1.1.1"));
    member(a, c->raw, "startTimeout", val_int(a, 90));
    IrValue *tty = member(a, c->raw, "pseudoTerminal", val_new(a, IR_VAL_BOOL));
    tty->bval = true;
    IrValue *lp = member(a, c->raw, "linuxParameters", val_new(a, IR_VAL_OBJECT));
    IrValue *swap = member(a, lp, "swappiness", val_new(a, IR_VAL_NUMBER));
    swap->dval = 60.0;

    cJSON *td = emit_taskdef(m, t);
    check_text(td,
               "{\n"
               "  \"family\": \"shop-raw\",\n"
               "  \"networkMode\": \"awsvpc\",\n"
               "  \"containerDefinitions\": [\n"
               "    {\n"
               "      \"name\": \"app\",\n"
               "      \"image\": \"app:1\",\n"
               "      \"essential\": true,\n"
               "      \"dnsServers\": [\n"
               "        \"1.1.1.1\"\n"
               "      ],\n"
               "      \"logConfiguration\": {\n"
               "        \"logDriver\": \"awslogs\",\n"
               "        \"options\": {\n"
               "          \"awslogs-group\": \"/ecs/shop\",\n"
               "          \"awslogs-region\": \"eu-west-1\",\n"
               "          \"awslogs-stream-prefix\": \"app\",\n"
               "          \"mode\": \"blocking\"\n"
               "        }\n"
               "      },\n"
               "      \"startTimeout\": 90,\n"
               "      \"pseudoTerminal\": true,\n"
               "      \"linuxParameters\": {\n"
               "        \"swappiness\": 60\n"
               "      }\n"
               "    }\n"
               "  ],\n"
               "  \"cpu\": \"1024\",\n"
               "  \"memory\": \"512\",\n"
               "  \"runtimePlatform\": {\n"
               "    \"operatingSystemFamily\": \"LINUX\",\n"
               "    \"cpuArchitecture\": \"ARM64\"\n"
               "  }\n"
               "}\n");
    cJSON_Delete(td);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fargate_task, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bridge_dynamic_port, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unset_host_port_omitted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minimal_container, setup, teardown),
        cmocka_unit_test_setup_teardown(test_volumes_each_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linux_parameters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_health_exec_and_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_log_none_and_other_drivers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_container_key_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_raw_deep_merge, setup, teardown),
    };
    return cmocka_run_group_tests_name("emit_taskdef", tests, NULL, NULL);
}
