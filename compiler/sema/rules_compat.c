/* rules_compat.c - what each platform and feature combination forbids or
 * requires (issue 12, family 1): Windows containers against the fields
 * AWS lists as unsupported for them, Fargate and Fargate Spot against
 * fields, CPU architecture and operating system, FireLens options per
 * launch type, EFS authorisation, Docker volume drivers, Elastic
 * Inference, and GPU tasks on capacity without the GPU image.
 *
 * One table, checked by one loop (rules_compat): each row names the
 * platform it applies to, the level it looks at (task, container, volume,
 * or a service that runs the task), what it forbids (a field written in
 * the source, or a small finder for a value), its code, message and fix,
 * and its source: the member's documentation in AWS's ECS API model
 * (botocore's ecs/2014-11-13 service-2.json, a copy in
 * /work/shared/reference/aws-models), or the AWS page named in the row.
 *
 * Rules that existed before this table keep their codes and are not
 * repeated here: privileged, GPUs, tmpfs, devices, shm and swap, Docker
 * volumes, placement and pid/ipc on Fargate (E0310-E0317), arm64 Windows
 * (E0316), daemons against launch types and strategies (E0502-E0506),
 * placement on Fargate services (E0522).
 */
#include "sema/rules.h"

#include <string.h>

/* What the task (and, for service rows, the service) runs on. */
enum {
    ON_WINDOWS = 1,         /* platform windows */
    ON_FARGATE = 2,         /* launch includes fargate */
    ON_INSTANCES = 4,       /* may run on instances: EC2, external, managed, or no launch */
    ON_ARM64 = 8,           /* platform … arm64 */
};

typedef enum Level { AT_TASK, AT_CONTAINER, AT_VOLUME, AT_SERVICE } Level;

typedef struct Ctx {
    Sema *s;
    const IrModel *m;
    const IrTask *t;
    const IrContainer *c;       /* AT_CONTAINER */
    const IrVolume *v;          /* AT_VOLUME */
    const IrService *sv;        /* AT_SERVICE */
    Span also;                  /* a finder's second place to point at, or SPAN_NONE */
    const char *also_note;      /* what is there */
} Ctx;

typedef struct CompatRule {
    Level level;
    unsigned when, unless;      /* ON_* bits that must all hold / none hold */
    const char *field;          /* the field statement that offends, or NULL */
    Span (*find)(Ctx *x);       /* else: the offending value's span, or SPAN_NONE */
    const char *code;
    const char *message;        /* %s: the name of the task, container, volume or service */
    const char *fix;
} CompatRule;

static bool has_span(Span sp) { return sp.file != 0; }

/* ---- finders ----------------------------------------------------------------- */

/* RegisterTaskDefinitionRequest.networkMode: "For Amazon ECS tasks on
   Amazon EC2 Windows instances, <default> or awsvpc can be used." */
static Span windows_network(Ctx *x)
{
    IrNetwork n = x->t->network;
    return n == IR_NET_BRIDGE || n == IR_NET_HOST || n == IR_NET_NONE ? x->t->network_span
                                                                      : SPAN_NONE;
}

/* The service's FARGATE_SPOT capacity provider, if its strategy has one
   (a service without a strategy gets its task's launch type, infer_deploy.c,
   never the cluster's default strategy). */
static Span fargate_spot(Ctx *x)
{
    for (int i = 0; i < x->sv->capacity.len; i++) {
        const IrCapacityUse *u = x->sv->capacity.items[i];
        if (u->provider && strcmp(u->provider, "FARGATE_SPOT") == 0 && !u->capacity.target)
            return u->span;
    }
    return SPAN_NONE;
}

/* FirelensConfiguration.options: "Tasks hosted on Fargate only support the
   file configuration file type." */
static Span firelens_s3(Ctx *x)
{
    for (int i = 0; i < x->c->firelens_options.len; i++) {
        const IrKV *kv = x->c->firelens_options.items[i];
        if (strcmp(kv->key, "config-file-type") == 0 && kv->value && strcmp(kv->value, "s3") == 0)
            return kv->span;
    }
    return SPAN_NONE;
}

static Span field_span(const Vec *fields, const char *word)
{
    for (int i = 0; i < fields->len; i++) {
        const IrField *f = fields->items[i];
        if (strcmp(f->word, word) == 0)
            return f->span;
    }
    return SPAN_NONE;
}

/* EFSAuthorizationConfig.iam: "If it is turned on, transit encryption must
   be turned on in the EFSVolumeConfiguration"; .accessPointId: "If an
   access point is used, transit encryption must be on". */
static Span efs_needs_transit(Ctx *x)
{
    const IrVolume *v = x->v;
    if (v->kind != IR_VOL_EFS || v->transit_encryption == IR_TRI_TRUE)
        return SPAN_NONE;
    x->also = field_span(&v->fields, "transit_encryption");
    x->also_note = "transit encryption is turned off here";
    if (v->iam == IR_TRI_TRUE)
        return field_span(&v->fields, "iam");
    return v->access_point ? field_span(&v->fields, "access_point") : SPAN_NONE;
}

/* EFSAuthorizationConfig.iam: "Determines whether to use the Amazon ECS
   task role defined in a task definition when mounting" — with no task
   role the mount is refused (https://docs.aws.amazon.com/AmazonECS/latest/
   developerguide/efs-volumes.html, "Amazon EFS IAM authorization"). */
static Span efs_iam_without_role(Ctx *x)
{
    const IrVolume *v = x->v;
    if (v->kind != IR_VOL_EFS || v->iam != IR_TRI_TRUE || x->t->role.name || x->t->role_arn)
        return SPAN_NONE;
    return field_span(&v->fields, "iam");
}

/* EFSAuthorizationConfig.accessPointId: "If an access point is specified,
   the root directory value specified in the EFSVolumeConfiguration must
   either be omitted or set to /". */
static Span efs_root_with_access_point(Ctx *x)
{
    const IrVolume *v = x->v;
    if (v->kind != IR_VOL_EFS || !v->access_point || !v->root_dir || strcmp(v->root_dir, "/") == 0)
        return SPAN_NONE;
    x->also = field_span(&v->fields, "access_point");
    x->also_note = "the access point is named here";
    return field_span(&v->fields, "root");
}

/* Volume.dockerVolumeConfiguration (https://docs.aws.amazon.com/AmazonECS/
   latest/APIReference/API_Volume.html): "Windows containers only support
   the use of the local driver." */
static Span windows_docker_driver(Ctx *x)
{
    const IrVolume *v = x->v;
    if (v->kind != IR_VOL_DOCKER || !v->driver || strcmp(v->driver, "local") == 0)
        return SPAN_NONE;
    return field_span(&v->fields, "driver");
}

/* HostVolumeProperties.sourcePath: "If you're using the Fargate launch
   type, the sourcePath parameter is not supported." */
static Span fargate_host_path(Ctx *x)
{
    return x->v->kind == IR_VOL_HOST ? x->v->kind_span : SPAN_NONE;
}

/* A task with GPUs on capacity whose image is an ECS-optimised family
   without `gpu`: "you must use the Amazon ECS GPU-optimized AMI" (or the
   Bottlerocket NVIDIA variant) for the agent to register the GPUs
   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-gpu.html).
   An image of the user's own may have the drivers: not reported. */
static Span gpu_capacity(Ctx *x)
{
    bool gpus = false;
    for (int i = 0; i < x->t->containers.len && !gpus; i++)
        gpus = ((const IrContainer *)x->t->containers.items[i])->gpus > 0;
    if (!gpus)
        return SPAN_NONE;
    for (int i = 0; i < x->sv->capacity.len; i++) {
        const IrCapacityUse *u = x->sv->capacity.items[i];
        const IrCapacity *cap = u->capacity.target;
        if (cap && !cap->gpu && cap->ami != IR_AMI_ID && cap->ami != IR_AMI_SSM) {
            x->also = cap->name_span;
            x->also_note = arena_printf(x->s->arena, "capacity '%s' uses the ECS-optimised image "
                                        "without GPU drivers", cap->name);
            return u->span;
        }
    }
    return SPAN_NONE;
}

/* ---- the table ----------------------------------------------------------------- */

#define WIN_FIELD(word, member)                                                                  \
    {AT_CONTAINER, ON_WINDOWS, 0, word, NULL, "E0430",                                           \
     "container '%s' sets `" word "`, which Windows containers do not support",                 \
     "remove `" word "`: the task definition's " member " applies to Linux containers only"}
/* The same, for fields Fargate already forbids (E0310, E0317): on a
   Windows task on Fargate that error says it. */
#define WIN_FIELD_EC2(word, member)                                                              \
    {AT_CONTAINER, ON_WINDOWS, ON_FARGATE, word, NULL, "E0430",                                  \
     "container '%s' sets `" word "`, which Windows containers do not support",                 \
     "remove `" word "`: the task definition's " member " applies to Linux containers only"}

static const CompatRule compat_rules[] = {
    /* Windows containers. ContainerDefinition.<member> (service-2.json):
       "This parameter is not supported for Windows containers." */
    WIN_FIELD("user", "user"),
    WIN_FIELD("readonly_root", "readonlyRootFilesystem"),
    WIN_FIELD_EC2("privileged", "privileged"),
    WIN_FIELD("disable_networking", "disableNetworking"),
    WIN_FIELD("dns", "dnsServers"),
    WIN_FIELD("dns_search", "dnsSearchDomains"),
    WIN_FIELD("extra_host", "extraHosts"),
    WIN_FIELD("ulimit", "ulimits"),
    WIN_FIELD("links", "links"),
    /* ContainerDefinition.linuxParameters: "This parameter is not
       supported for Windows containers." */
    WIN_FIELD("init", "linuxParameters"),
    WIN_FIELD("cap_add", "linuxParameters"),
    WIN_FIELD("cap_drop", "linuxParameters"),
    WIN_FIELD_EC2("shm", "linuxParameters"),
    WIN_FIELD_EC2("swap", "linuxParameters"),
    WIN_FIELD_EC2("tmpfs", "linuxParameters"),
    WIN_FIELD_EC2("device", "linuxParameters"),
    /* RegisterTaskDefinitionRequest.pidMode and .ipcMode: "This parameter
       is not supported for Windows containers." (ipc on Fargate: E0315) */
    {AT_TASK, ON_WINDOWS, 0, "pid", NULL, "E0430",
     "task '%s' sets `pid`, which Windows containers do not support",
     "remove `pid` (pidMode is Linux-only)"},
    {AT_TASK, ON_WINDOWS, ON_FARGATE, "ipc", NULL, "E0430",
     "task '%s' sets `ipc`, which Windows containers do not support",
     "remove `ipc` (ipcMode is Linux-only)"},
    {AT_TASK, ON_WINDOWS | ON_INSTANCES, ON_FARGATE, NULL, windows_network, "E0431",
     "task '%s' runs Windows containers, which take network awsvpc or the default, not this mode",
     "remove the `network` line for Windows's default (NAT) network, or write `network awsvpc`"},
    {AT_VOLUME, ON_WINDOWS, 0, NULL, windows_docker_driver, "E0438",
     "Docker volume '%s' names a driver, but Windows containers only use the local driver",
     "remove `driver`, or write `driver \"local\"`"},

    /* Fargate. ContainerDefinition.dockerSecurityOptions: "This field isn't
       valid for containers in tasks using the Fargate launch type." */
    {AT_CONTAINER, ON_FARGATE, 0, "security_opt", NULL, "E0432",
     "container '%s' sets `security_opt`, which Fargate does not support",
     "remove `security_opt`, or run the task on EC2 (`launch ec2`)"},
    {AT_VOLUME, ON_FARGATE, 0, NULL, fargate_host_path, "E0432",
     "volume '%s' is a host path, which Fargate does not support",
     "write `volume NAME` for storage that lives as long as the task, or an EFS volume for "
     "storage that outlives it"},
    {AT_CONTAINER, ON_FARGATE, 0, NULL, firelens_s3, "E0434",
     "container '%s' reads its FireLens configuration from S3, which Fargate does not support",
     "build the configuration into the router's image and write `config-file-type = \"file\"` "
     "with `config-file-value = \"/path/in/image.conf\"`"},

    /* Fargate Spot (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
       fargate-capacity-providers.html): "Windows containers on Fargate
       don't support the Fargate Spot capacity provider." and "Linux tasks
       with the ARM64 architecture don't support the Fargate Spot capacity
       provider." */
    {AT_SERVICE, ON_WINDOWS | ON_FARGATE, 0, NULL, fargate_spot, "E0433",
     "service '%s' uses Fargate Spot, which does not run Windows containers",
     "remove the `capacity fargate_spot` line and give the service `capacity fargate` if it has "
     "none: Fargate Spot runs only Linux x86_64 tasks"},
    {AT_SERVICE, ON_ARM64 | ON_FARGATE, ON_WINDOWS, NULL, fargate_spot, "E0433",
     "service '%s' uses Fargate Spot, which does not run arm64 tasks",
     "remove the `capacity fargate_spot` line and give the service `capacity fargate` if it has "
     "none, or make the task `platform linux x86_64` to keep Fargate Spot"},

    /* EFS authorisation. */
    {AT_VOLUME, 0, 0, NULL, efs_needs_transit, "E0435",
     "EFS volume '%s' uses IAM authorisation or an access point without transit encryption",
     "add `transit_encryption` to the volume's block"},
    {AT_VOLUME, 0, 0, NULL, efs_iam_without_role, "E0436",
     "EFS volume '%s' mounts with the task's IAM role, but the task has no role",
     "add `role NAME` to the task: ecsc grants that role elasticfilesystem:ClientMount (and "
     "ClientWrite when a mount is writable) on the file system"},
    {AT_VOLUME, 0, 0, NULL, efs_root_with_access_point, "E0437",
     "EFS volume '%s' sets a root directory and an access point",
     "remove `root`: the access point's own root directory applies"},

    /* Elastic Inference (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/
       API_ElasticInferenceAccelerator.html): "Amazon Elastic Inference is no
       longer available." RegisterTaskDefinition still takes the member (the
       ECS agent's own test task definitions have it), so a warning. */
    {AT_TASK, 0, 0, "accelerator", NULL, "W0023",
     "task '%s' asks for an Elastic Inference accelerator; Amazon Elastic Inference is no "
     "longer available",
     "remove `accelerator`; run inference on GPU instances (`gpu` in the container and `ami "
     "al2023 gpu` in the capacity) or on Inferentia instances"},

    /* GPUs on instances without the GPU image. */
    {AT_SERVICE, 0, ON_FARGATE, NULL, gpu_capacity, "W0022",
     "service '%s' runs a task with GPUs on capacity whose image has no GPU drivers",
     "add `gpu` to the capacity's `ami` line (`ami al2023 gpu`) and use a GPU instance type"},
};

/* ---- the loop ------------------------------------------------------------------- */

static unsigned platform_of(const IrTask *t)
{
    unsigned on = 0;
    if (t->os == IR_OS_WINDOWS)
        on |= ON_WINDOWS;
    if (t->launch & IR_LAUNCH_FARGATE)
        on |= ON_FARGATE;
    if (t->launch == 0 || (t->launch & ~(unsigned)IR_LAUNCH_FARGATE))
        on |= ON_INSTANCES;
    if (t->arch && strcmp(t->arch, "ARM64") == 0)
        on |= ON_ARM64;
    return on;
}

/* The note that says where the platform of a rule comes from. */
static void note_platform(Diagnostic *dg, const CompatRule *r, const IrTask *t)
{
    if (r->when & (ON_WINDOWS | ON_ARM64))
        diag_note(dg, t->platform_span, "task '%s' runs %s here", t->name,
                  r->when & ON_WINDOWS ? "Windows containers" : "on arm64");
    else if (r->when & ON_FARGATE)
        diag_note(dg, t->launch_span, "task '%s' runs on Fargate because of this", t->name);
}

static void apply(const CompatRule *r, Ctx *x)
{
    const Vec *fields = r->level == AT_CONTAINER ? &x->c->fields
                        : r->level == AT_VOLUME  ? &x->v->fields
                                                 : &x->t->fields;
    x->also = SPAN_NONE;
    Span at = r->field ? field_span(fields, r->field) : r->find(x);
    if (!has_span(at))
        return;
    const char *name = r->level == AT_CONTAINER ? x->c->name
                       : r->level == AT_VOLUME  ? x->v->name
                       : r->level == AT_SERVICE ? x->sv->name
                                                : x->t->name;
    Diagnostic *dg = r->code[0] == 'W' ? diag_warning(x->s->diag, at, r->code, r->message, name)
                                       : diag_error(x->s->diag, at, r->code, r->message, name);
    note_platform(dg, r, x->t);
    if (has_span(x->also))
        diag_note(dg, x->also, "%s", x->also_note);
    diag_note(dg, SPAN_NONE, "%s", r->fix);
}

void rules_compat(Sema *s, const IrModel *m)
{
    for (int i = 0; i < m->tasks.len; i++) {
        Ctx x = {s, m, m->tasks.items[i], NULL, NULL, NULL, SPAN_NONE, NULL};
        unsigned on = platform_of(x.t);
        for (size_t k = 0; k < sizeof compat_rules / sizeof *compat_rules; k++) {
            const CompatRule *r = &compat_rules[k];
            if ((r->when & on) != r->when || (r->unless & on))
                continue;
            switch (r->level) {
            case AT_TASK:
                apply(r, &x);
                break;
            case AT_CONTAINER:
                VEC_EACH(const IrContainer *, c, x.t->containers) {
                    x.c = c;
                    apply(r, &x);
                }
                break;
            case AT_VOLUME:
                VEC_EACH(const IrVolume *, v, x.t->volumes) {
                    x.v = v;
                    apply(r, &x);
                }
                break;
            case AT_SERVICE:
                VEC_EACH(const IrService *, sv, m->services) {
                    if (sv->task.target != x.t)
                        continue;
                    x.sv = sv;
                    apply(r, &x);
                }
                break;
            }
        }
    }
}
