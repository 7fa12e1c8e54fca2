/* decode_task.c - task blocks, volumes, logs and secrets (app and role:
 * decode_app.c). */
#include "sema/decode.h"

#include "model/ir_names.h"

#include <string.h>

const char *decode_block_name(Decoder *d, Args *a, const char *what)
{
    const char *name = args_word(a, what);
    return name ? name : arena_strdup(d->arena, "?");
}

/* CloudWatch Logs accepts only these retention periods, in days. */
bool decode_retention(Decoder *d, Args *a, int *days)
{
    static const int valid[] = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
                                731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
    Span sp = args_here(a);
    int64_t secs;
    if (!args_duration(a, "a retention in days such as 14d", &secs))
        return false;
    int64_t n = secs / 86400;
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++)
        if (secs % 86400 == 0 && valid[i] == n) {
            *days = (int)n;
            return true;
        }
    Diagnostic *dg = diag_error(d->diag, sp, "E0106",
                                "CloudWatch Logs cannot keep logs for this period");
    diag_note(dg, SPAN_NONE, "retention is one of 1d 3d 5d 7d 14d 30d 60d 90d 120d 150d 180d "
                             "365d 400d 545d 731d 1096d 1827d 2192d 2557d 2922d 3288d 3653d");
    return false;
}

/* ---- secrets -------------------------------------------------------------- */

const char *const decode_secret_words[] = {
    "from", "ssm", "secretsmanager", "key", "stage", "version", NULL,
};

/* NAME from ssm "param" | from secretsmanager "name" [key "k"] [stage "s"]
   [version "v"] | from "arn:…" — `a` is positioned at NAME. */
IrSecret *decode_secret(Decoder *d, Args *a, const AstStmt *s)
{
    IrSecret *sec = ARENA_NEW(d->arena, IrSecret);
    sec->span = s->span;
    const AstNode *n = args_peek(a);
    if (n && (n->kind == AST_WORD || n->kind == AST_STRING)) {
        a->i++;
        sec->name = n->text;
    } else {
        args_word(a, "the variable's name");
        return NULL;
    }
    if (!args_take_word(a, "from")) {
        Diagnostic *dg = diag_error(d->diag, args_here(a), args_more(a) ? "E0103" : "E0105",
                                    "expected 'from' and where the secret is stored");
        diag_note(dg, SPAN_NONE, "for example: secret %s from ssm \"/app/%s\"", sec->name, sec->name);
        return NULL;
    }
    if (args_take_word(a, "ssm")) {
        sec->source = IR_SECRET_SSM;
    } else if (args_take_word(a, "secretsmanager")) {
        sec->source = IR_SECRET_SECRETSMANAGER;
    } else if (args_peek(a) && args_peek(a)->kind == AST_STRING) {
        sec->source = IR_SECRET_ARN;
    } else {
        static const char *const kinds[] = {"ssm", "secretsmanager", NULL};
        args_choice(a, "secret store", kinds);
        return NULL;
    }
    sec->ref_span = args_here(a);
    sec->ref = args_string(a, sec->source == IR_SECRET_SSM ? "a parameter name such as \"/app/db\""
                              : sec->source == IR_SECRET_ARN ? "an ARN"
                                                             : "a secret name or ARN");
    if (!sec->ref)
        return NULL;
    while (sec->source == IR_SECRET_SECRETSMANAGER && args_more(a)) {
        if (args_take_word(a, "key"))
            sec->json_key = args_string(a, "the JSON key");
        else if (args_take_word(a, "stage"))
            sec->version_stage = args_string(a, "the version stage");
        else if (args_take_word(a, "version"))
            sec->version_id = args_string(a, "the version id");
        else
            break;
    }
    return sec;
}

/* ---- logs ----------------------------------------------------------------- */

static const char *const log_drivers[] = {
    "awslogs", "firelens", "awsfirelens", "none", "json-file", "syslog", "journald",
    "gelf", "fluentd", "splunk", NULL,
};

/* The drivers, their options and the words of `secret` lines. */
const char *const decode_log_words[] = {
    "awslogs", "firelens", "awsfirelens", "none", "json-file", "syslog", "journald",
    "gelf", "fluentd", "splunk", "retain", "group", "prefix", "create_group", "mode",
    "blocking", "non-blocking", "from", "ssm", "secretsmanager", "key", "stage", "version", NULL,
};

IrLog *decode_logs(Decoder *d, const AstStmt *s)
{
    IrLog *log = ARENA_NEW(d->arena, IrLog);
    log->span = s->span;
    log->retain_days = IR_UNSET;
    Args a = args_begin(d, s);
    int k = args_choice(&a, "log driver", log_drivers);
    if (k < 0)
        return NULL;
    log->driver = strcmp(log_drivers[k], "firelens") == 0 ? "awsfirelens" : log_drivers[k];
    bool awslogs = strcmp(log->driver, "awslogs") == 0;
    while (args_more(&a)) {
        const AstNode *n = args_peek(&a);
        if (n->kind == AST_BLOCK)
            break;
        if (awslogs && args_take_word(&a, "retain")) {
            int days;
            if (decode_retention(d, &a, &days))
                log->retain_days = days;
        } else if (awslogs && args_take_word(&a, "group")) {
            log->group = args_string(&a, "a log group name");
        } else if (awslogs && args_take_word(&a, "prefix")) {
            log->prefix = args_string(&a, "a stream prefix");
        } else if (awslogs && args_take_word(&a, "create_group")) {
            log->create_group = IR_TRI_TRUE;
        } else if (args_take_word(&a, "mode")) {
            static const char *const modes[] = {"blocking", "non-blocking", NULL};
            int m = args_choice(&a, "log mode", modes);
            if (m >= 0)
                log->mode = modes[m];
        } else {
            Diagnostic *dg = diag_error(d->diag, n->span, "E0104",
                                        "unexpected %s in 'logs'", decode_shown(d, n));
            diag_note(dg, SPAN_NONE, awslogs
                ? "awslogs takes: retain 14d, group \"…\", prefix \"…\", create_group, mode non-blocking, and { option = \"…\" }"
                : "this driver takes: mode non-blocking, and { option = \"…\" } with `secret NAME from …` lines");
            return NULL;
        }
    }
    const AstNode *body = args_peek(&a);
    if (body && body->kind == AST_BLOCK) {
        a.i++;
        for (int i = 0; i < body->items.len; i++) {
            const AstStmt *st = body->items.items[i];
            if (!st->is_assign && strcmp(st->head, "secret") == 0) {
                Args sa = args_begin(d, st);
                IrSecret *sec = decode_secret(d, &sa, st);
                if (sec) {
                    args_end(&sa);
                    vec_push(d->arena, &log->secret_options, sec);
                }
                continue;
            }
            if (!st->is_assign) {
                Diagnostic *dg = diag_error(d->diag, st->head_span, "E0101",
                                            "unknown field '%s' in log options", st->head);
                diag_note(dg, SPAN_NONE, "options are `name = \"value\"`; secrets are `secret NAME from …`");
                continue;
            }
            /* Reuse the map reader on a one-entry view of the block. */
            AstNode one = *body;
            one.items = (Vec){0};
            vec_push(d->arena, &one.items, (void *)st);
            AstStmt holder = *s;
            holder.args = (Vec){0};
            vec_push(d->arena, &holder.args, &one);
            Args ma = args_begin(d, &holder);
            Vec tmp = log->options;
            if (args_map(&ma, "log options", &tmp))
                log->options = tmp;
        }
    }
    args_end(&a);
    if (strcmp(log->driver, "none") == 0 && (log->options.len || log->secret_options.len))
        diag_error(d->diag, s->span, "E0104", "'logs none' takes no options");
    return log;
}

/* ---- volumes -------------------------------------------------------------- */

static void vol_scope(Decoder *d, const AstStmt *s, void *t)
{
    IrVolume *v = t;
    static const char *const scopes[] = {"task", "shared", NULL};
    Args a = args_begin(d, s);
    int k = args_choice(&a, "volume scope", scopes);
    if (k >= 0)
        v->scope = scopes[k];
    args_end(&a);
}

static void vol_autoprovision(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &((IrVolume *)t)->autoprovision);
    args_end(&a);
}

static void vol_driver(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    ((IrVolume *)t)->driver = args_string(&a, "a Docker volume driver such as \"local\"");
    args_end(&a);
}

static void vol_options(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "driver options", &((IrVolume *)t)->driver_opts);
    args_end(&a);
}

static void vol_labels(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "volume labels", &((IrVolume *)t)->labels);
    args_end(&a);
}

static const FieldDef docker_fields[] = {
    {"scope", vol_scope, FIELD_ONCE, NULL, WORDS("task", "shared"),
     "Whether a Docker volume lives as long as the `task` or is `shared` between tasks on the "
     "instance."},
    {"autoprovision", vol_autoprovision, FIELD_ONCE, NULL, NULL,
     "For a shared Docker volume: create it if it does not exist yet."},
    {"driver", vol_driver, FIELD_ONCE, NULL, NULL,
     "The Docker volume driver (\"local\" or a plugin's name)."},
    {"options", vol_options, FIELD_MAP, NULL, NULL,
     "Options passed to the Docker volume driver: `options { KEY = \"value\" }`."},
    {"labels", vol_labels, FIELD_MAP, NULL, NULL,
     "Labels of the Docker volume: `labels { KEY = \"value\" }`."},
};
const BlockDef decode_docker_block = {"volume … docker", FIELDS(docker_fields), NULL, NULL, NULL};

static void efs_root(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    ((IrVolume *)t)->root_dir = args_string(&a, "a directory such as \"/data\"");
    args_end(&a);
}

static void efs_access_point(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    ((IrVolume *)t)->access_point = args_string(&a, "an access point id such as \"fsap-…\"");
    args_end(&a);
}

static void efs_transit(Decoder *d, const AstStmt *s, void *t)
{
    IrVolume *v = t;
    Args a = args_begin(d, s);
    args_flag(&a, &v->transit_encryption);
    args_end(&a);
}

static void efs_port(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    int64_t p;
    if (args_int(&a, "a port", 1, 65535, &p))
        ((IrVolume *)t)->transit_port = (int)p;
    args_end(&a);
}

static void efs_iam(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &((IrVolume *)t)->iam);
    args_end(&a);
}

static const FieldDef efs_fields[] = {
    {"root", efs_root, FIELD_ONCE, NULL, NULL,
     "The folder of the EFS file system mounted as the volume's root."},
    {"access_point", efs_access_point, FIELD_ONCE, NULL, NULL,
     "An EFS access point ID to mount through (needs transit encryption)."},
    {"transit_encryption", efs_transit, FIELD_ONCE, NULL, NULL,
     "Encrypts the NFS traffic to EFS (TLS)."},
    {"transit_port", efs_port, FIELD_ONCE, NULL, NULL,
     "The port of the encrypted NFS connection, between the host and EFS."},
    {"iam", efs_iam, FIELD_ONCE, NULL, NULL,
     "Mounts with the task's IAM role (EFS authorization); needs transit encryption."},
};
const BlockDef decode_efs_block = {"volume … efs", FIELDS(efs_fields), NULL, NULL, NULL};

static const char *const volume_kinds[] = {"host", "docker", "efs", "ebs", NULL};

static void task_volume(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    IrVolume *v = ARENA_NEW(d->arena, IrVolume);
    v->span = s->span;
    v->transit_port = IR_UNSET;
    Args a = args_begin(d, s);
    v->name_span = args_here(&a);
    v->name = args_word(&a, "the volume's name");
    if (!v->name)
        return;
    decode_name_ok(d, v->name, v->name_span, "volume");
    v->kind_span = args_here(&a);
    const char *what = arena_printf(d->arena, "volume '%s'", v->name);
    if (!args_more(&a)) {
        v->kind = IR_VOL_TASK;
    } else if (args_take_word(&a, "host")) {
        v->kind = IR_VOL_HOST;
        v->host_path = args_string(&a, "the host path");
    } else if (args_take_word(&a, "docker")) {
        v->kind = IR_VOL_DOCKER;
        if (args_more(&a))
            decode_block_fields(d, args_block(&a, "the volume's block"), &decode_docker_block, v,
                                what, &v->fields);
    } else if (args_take_word(&a, "efs")) {
        v->kind = IR_VOL_EFS;
        v->fs_id = args_string(&a, "a file system id such as \"fs-12345678\"");
        if (args_more(&a))
            decode_block_fields(d, args_block(&a, "the volume's block"), &decode_efs_block, v,
                                what, &v->fields);
    } else if (args_take_word(&a, "ebs")) {
        v->kind = IR_VOL_EBS;
    } else {
        args_choice(&a, "volume kind", volume_kinds);
        return;
    }
    args_end(&a);
    vec_push(d->arena, &task->volumes, v);
}

/* ---- task ----------------------------------------------------------------- */

static void task_launch(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->launch_span = span_join(args_here(&a), s->span);
    task->launch_span.lo = args_here(&a).lo;
    do {
        int k = args_choice(&a, "launch type", ir_launch_words);
        if (k < 0)
            return;
        task->launch |= 1u << k;
    } while (args_more(&a));
}

static void task_platform(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    static const char *const oses[] = {"linux", "windows", NULL};
    Args a = args_begin(d, s);
    Span first = args_here(&a);
    int k = args_choice(&a, "operating system", oses);
    if (k < 0)
        return;
    task->os = k == 0 ? IR_OS_LINUX : IR_OS_WINDOWS;
    task->os_family = "LINUX";
    if (task->os == IR_OS_WINDOWS) {
        /* Windows Server versions and the editions ECS offers for each. */
        static const struct {
            const char *version;
            bool full, core;
            const char *deflt;
        } versions[] = {
            {"2016", true, false, "FULL"}, {"2019", true, true, "CORE"},
            {"2022", true, true, "CORE"},  {"2025", true, true, "CORE"},
            {"2004", false, true, "CORE"}, {"20H2", false, true, "CORE"},
        };
        size_t v = 2;   /* 2022 */
        const AstNode *n = args_peek(&a);
        if (n && (n->kind == AST_NUMBER || n->kind == AST_STRING)) {
            const char *text = n->kind == AST_NUMBER ? arena_printf(d->arena, "%s%s", n->text, n->unit) : n->text;
            a.i++;
            for (v = 0; v < 6 && strcmp(versions[v].version, text) != 0; v++)
                ;
            if (v == 6) {
                Diagnostic *dg = diag_error(d->diag, n->span, "E0107", "unknown Windows Server version '%s'", text);
                diag_note(dg, SPAN_NONE, "expected 2016, 2019, 2022, 2025, 2004 or 20H2");
                return;
            }
        }
        const char *edition = versions[v].deflt;
        Span ed_span = args_here(&a);
        if (args_take_word(&a, "full")) {
            edition = "FULL";
            if (!versions[v].full) {
                diag_error(d->diag, ed_span, "E0107", "Windows Server %s has no full edition on ECS; use core",
                           versions[v].version);
                return;
            }
        } else if (args_take_word(&a, "core")) {
            edition = "CORE";
            if (!versions[v].core) {
                diag_error(d->diag, ed_span, "E0107", "Windows Server %s has no core edition on ECS; use full",
                           versions[v].version);
                return;
            }
        }
        task->os_family = arena_printf(d->arena, "WINDOWS_SERVER_%s_%s", versions[v].version, edition);
    }
    if (args_take_word(&a, "x86_64"))
        task->arch = "X86_64";
    else if (args_take_word(&a, "arm64"))
        task->arch = "ARM64";
    args_end(&a);
    task->platform_span = span_join(first, s->span);
    task->platform_span.lo = first.lo;
}

static void task_cpu(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->cpu_span = args_here(&a);
    if (!args_cpu_units(&a, "the task's CPU (0.5 vcpu, or 512 units)", &task->cpu))
        task->cpu = IR_UNSET;
    args_end(&a);
}

static void task_memory(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->memory_span = args_here(&a);
    if (!args_size_mib(&a, "the task's memory (1 GiB, or 512 MiB)", &task->memory))
        task->memory = IR_UNSET;
    args_end(&a);
}

static void task_network(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->network_span = args_here(&a);
    int k = args_choice(&a, "network mode", ir_network_words);
    if (k >= 0)
        task->network = (IrNetwork)(IR_NET_AWSVPC + k);
    args_end(&a);
}

static void read_role_ref(Decoder *d, const AstStmt *s, IrRef *ref, const char **arn)
{
    Args a = args_begin(d, s);
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_STRING) {
        a.i++;
        *arn = n->text;
        ref->span = n->span;
    } else {
        ref->span = args_here(&a);
        ref->name = args_word(&a, "a role's name or an ARN string");
    }
    args_end(&a);
}

static void task_role(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    read_role_ref(d, s, &task->role, &task->role_arn);
}

static void task_exec_role(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    read_role_ref(d, s, &task->exec_role, &task->exec_role_arn);
}

static void task_logs(Decoder *d, const AstStmt *s, void *t)
{
    ((IrTask *)t)->log = decode_logs(d, s);
}

static void task_storage(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->ephemeral_span = args_here(&a);
    int64_t gib;
    if (args_size_gib(&a, "ephemeral storage in GiB", &gib))
        task->ephemeral_gib = (int)(gib > 100000 ? 100000 : gib);
    args_end(&a);
}

static void task_placement(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    IrPlacement *p = ARENA_NEW(d->arena, IrPlacement);
    p->span = s->span;
    p->expression = args_string(&a, "a cluster query expression such as \"attribute:ecs.instance-type =~ t3.*\"");
    if (p->expression) {
        if (!task->placement.len)
            task->placement_span = s->head_span;
        vec_push(d->arena, &task->placement, p);
    }
    args_end(&a);
}

static const char *const pid_modes[] = {"host", "task", NULL};
static const char *const ipc_modes[] = {"host", "task", "none", NULL};

static void task_pid(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->pid_span = args_here(&a);
    int k = args_choice(&a, "pid mode", pid_modes);
    if (k >= 0)
        task->pid_mode = pid_modes[k];
    args_end(&a);
}

static void task_ipc(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->ipc_span = args_here(&a);
    int k = args_choice(&a, "ipc mode", ipc_modes);
    if (k >= 0)
        task->ipc_mode = ipc_modes[k];
    args_end(&a);
}

static void task_tags(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "tags", &((IrTask *)t)->tags);
    args_end(&a);
}

static void task_proxy(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    task->proxy_span = s->span;
    args_take_word(&a, "appmesh");
    task->proxy_container.span = args_here(&a);
    task->proxy_container.name = args_word(&a, "the proxy container's name");
    if (args_more(&a))
        args_map(&a, "proxy properties", &task->proxy_properties);
    args_end(&a);
}

static void task_fault_injection(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &((IrTask *)t)->fault_injection);
    args_end(&a);
}

static void task_accelerator(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    IrKV *kv = ARENA_NEW(d->arena, IrKV);
    kv->key_span = args_here(&a);
    kv->key = args_string(&a, "the device name");
    kv->span = args_here(&a);
    kv->value = kv->key ? args_string(&a, "the accelerator type such as \"eia2.medium\"") : NULL;
    if (kv->value)
        vec_push(d->arena, &task->accelerators, kv);
    args_end(&a);
}

static void task_raw(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    const AstNode *b = args_block(&a, "a block of RegisterTaskDefinition fields");
    args_end(&a);
    if (b)
        task->raw = decode_value(d, b);
}

static void task_family(Decoder *d, const AstStmt *s, void *t)
{
    IrTask *task = t;
    Args a = args_begin(d, s);
    Span sp = args_here(&a);
    const char *f = args_string(&a, "a family name");
    if (f && decode_name_ok(d, f, sp, "family"))
        task->family = f;
    args_end(&a);
}

static void task_container(Decoder *d, const AstStmt *s, void *t)
{
    decode_container(d, t, s);
}

/* Each field with the member of RegisterTaskDefinitionRequest it fills
   (decode.h says how to add one). */
static const FieldDef task_fields[] = {
    {"family", task_family, FIELD_ONCE, NULL, NULL,
     "The task definition's family, when the derived `<app>-<task>` will not do."},
    {"launch", task_launch, FIELD_ONCE, "requiresCompatibilities", ir_launch_words,
     "Where the task can run: fargate, ec2 or external (several allowed); fargate implies the "
     "awsvpc network and needs task cpu and memory."},
    {"platform", task_platform, FIELD_ONCE, "runtimePlatform",
     WORDS("linux", "windows", "full", "core", "x86_64", "arm64"),
     "The operating system and CPU architecture: `platform linux arm64`, `platform windows "
     "core`."},
    {"cpu", task_cpu, FIELD_ONCE, "cpu", NULL,
     "The task's CPU: `0.5 vcpu` or CPU units (1 vCPU = 1024)."},
    {"memory", task_memory, FIELD_ONCE, "memory", NULL,
     "The task's memory: `1 GiB`, `512 MiB` (a bare number is MiB)."},
    {"network", task_network, FIELD_ONCE, "networkMode", ir_network_words,
     "The Docker network mode: awsvpc, bridge, host or none."},
    {"role", task_role, FIELD_ONCE, "taskRoleArn", NULL,
     "The task role: a `role` declared in the file, or an ARN string; what the containers' "
     "code may do in AWS."},
    {"execution_role", task_exec_role, FIELD_ONCE, "executionRoleArn", NULL,
     "The role ECS uses to pull images, write logs and read secrets; inferred with exactly "
     "what the task needs when left out."},
    {"logs", task_logs, FIELD_ONCE, NULL, decode_log_words,
     "The log configuration of every container in the task: `logs awslogs retain 14d`, or "
     "another driver."},
    {"volume", task_volume, FIELD_NAMED, NULL, volume_kinds,
     "A volume containers can `mount`: `volume NAME host \"/path\"`, `docker { … }`, `efs FS_ID "
     "{ … }`, or empty (scratch)."},
    {"storage", task_storage, FIELD_ONCE, "ephemeralStorage", NULL,
     "Fargate ephemeral storage in GiB (21 to 200)."},
    {"placement", task_placement, 0, "placementConstraints", NULL,
     "A task placement constraint on EC2 (a cluster query expression)."},
    {"pid", task_pid, FIELD_ONCE, "pidMode", pid_modes,
     "The process namespace: `host` or `task`."},
    {"ipc", task_ipc, FIELD_ONCE, "ipcMode", ipc_modes,
     "The IPC namespace: host, task or none."},
    {"tags", task_tags, FIELD_MAP, "tags", NULL,
     "Tags of the task definition: `tags { KEY = \"value\" }`."},
    {"proxy", task_proxy, FIELD_ONCE, "proxyConfiguration", WORDS("appmesh"),
     "An App Mesh proxy configuration: `proxy appmesh CONTAINER { … }`."},
    {"fault_injection", task_fault_injection, FIELD_ONCE, "enableFaultInjection", NULL,
     "Turns on ECS fault injection for the task."},
    {"accelerator", task_accelerator, 0, "inferenceAccelerators", NULL,
     "An Elastic Inference accelerator: `accelerator NAME \"eia2.medium\"`."},
    {"raw", task_raw, FIELD_ONCE, NULL, NULL,
     "Sets task definition members ecsc has no word for, as JSON-like values; prefer the "
     "native word when there is one (W0010)."},
    {"container", task_container, FIELD_NAMED, "containerDefinitions", NULL,
     "A container of the task: `container NAME { image \"…\" … }`."},
};
const BlockDef decode_task_block = {"task", FIELDS(task_fields), "RegisterTaskDefinitionRequest",
                                    "family", "the family is derived from the app and task names"};

void decode_task(Decoder *d, const AstStmt *s)
{
    Args a = args_begin(d, s);
    IrTask *t = ARENA_NEW(d->arena, IrTask);
    t->span = s->span;
    t->cpu = t->memory = IR_UNSET;
    t->name_span = args_here(&a);
    t->name = decode_block_name(d, &a, "the task's name");
    const AstNode *body = args_block(&a, "the task's block");
    args_end(&a);
    decode_name_ok(d, t->name, t->name_span, "task");
    decode_block_fields(d, body, &decode_task_block, t, arena_printf(d->arena, "task '%s'", t->name),
                        &t->fields);
    vec_push(d->arena, &d->model->tasks, t);
}
