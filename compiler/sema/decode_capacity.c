/* decode_capacity.c - `capacity NAME { … }` (EC2 instances for the cluster:
 * instance types and Spot, the image, the root volume, key pair, user data
 * and ECS agent settings, instance-role policies, termination protection,
 * notifications), `cluster { … }`, and one entry of a capacity provider
 * strategy (a service's `capacity`, the cluster's `default`). */
#include "sema/decode.h"

#include <string.h>

/* ---- a capacity provider strategy's entry ------------------------------------ */

void decode_strategy_use(Decoder *d, const AstStmt *s, Vec *out)
{
    IrCapacityUse *u = ARENA_NEW(d->arena, IrCapacityUse);
    u->span = s->span;
    u->weight = 1;
    Args a = args_begin(d, s);
    u->capacity.span = args_here(&a);
    if (args_take_word(&a, "fargate")) {
        u->provider = "FARGATE";
    } else if (args_take_word(&a, "fargate_spot")) {
        u->provider = "FARGATE_SPOT";
    } else {
        u->capacity.name = args_word(&a, "a capacity's name, fargate or fargate_spot");
        if (!u->capacity.name)
            return;
    }
    int64_t v;
    while (args_more(&a)) {
        if (args_take_word(&a, "weight")) {
            if (!args_int(&a, "a weight", 0, 1000, &v))
                return;
            u->weight = (int)v;
        } else if (args_take_word(&a, "base")) {
            if (!args_int(&a, "a base", 0, 100000, &v))
                return;
            u->base = (int)v;
        } else {
            static const char *const opts[] = {"weight", "base", NULL};
            args_choice(&a, "capacity option", opts);
            return;
        }
    }
    vec_push(d->arena, out, u);
}

/* ---- capacity ------------------------------------------------------------------ */

#define CP(t) ((IrCapacity *)(t))

/* instance "TYPE" | instance ["TYPE", …] */
static void cp_instance(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->instance_span = args_here(&a);
    if (args_strings(&a, "an instance type such as \"t3.medium\", or a list of them",
                     &CP(t)->instance_types) && CP(t)->instance_types.len)
        CP(t)->instance_type = VEC_AT(CP(t)->instance_types, 0);
    args_end(&a);
}

/* min 1 [max 6] */
static void cp_min(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->minmax_span = s->span;
    int64_t v;
    if (!args_int(&a, "the minimum instance count", 0, 100000, &v))
        return;
    CP(t)->min = (int)v;
    if (args_take_word(&a, "max")) {
        CP(t)->max_span = args_here(&a);
        if (!args_int(&a, "the maximum instance count", 0, 100000, &v))
            return;
        CP(t)->max = (int)v;
    }
    args_end(&a);
}

static void cp_max(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->max_span = args_here(&a);
    int64_t v;
    if (args_int(&a, "the maximum instance count", 0, 100000, &v))
        CP(t)->max = (int)v;
    args_end(&a);
}

static void cp_desired(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->desired_span = args_here(&a);
    int64_t v;
    if (args_int(&a, "the desired instance count", 0, 100000, &v))
        CP(t)->desired = (int)v;
    args_end(&a);
}

static void cp_subnets(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    decode_param_ref(d, &a, &CP(t)->subnets, "subnet ids, or a parameter");
    args_end(&a);
}

static void cp_arch(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const arches[] = {"x86_64", "arm64", NULL};
    Args a = args_begin(d, s);
    CP(t)->arch_span = args_here(&a);
    int k = args_choice(&a, "CPU architecture", arches);
    if (k >= 0)
        CP(t)->arch = k == 0 ? "X86_64" : "ARM64";
    args_end(&a);
}

/* spot [base N] [on_demand PERCENT] [strategy WORD] */
static void cp_spot(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const strategies[] = {"price_capacity_optimized", "capacity_optimized",
                                             "capacity_optimized_prioritized", "lowest_price",
                                             NULL};
    static const char *const aws[] = {"price-capacity-optimized", "capacity-optimized",
                                      "capacity-optimized-prioritized", "lowest-price"};
    IrCapacity *c = CP(t);
    Args a = args_begin(d, s);
    c->spot = true;
    c->spot_span = s->span;
    int64_t v;
    while (args_more(&a)) {
        if (args_take_word(&a, "base")) {
            if (!args_int(&a, "the on-demand base instance count", 0, 100000, &v))
                return;
            c->on_demand_base = (int)v;
        } else if (args_take_word(&a, "on_demand")) {
            c->on_demand_span = args_here(&a);
            if (!args_percent(&a, "the on-demand share above the base, such as 20%", &v))
                return;
            c->on_demand_percent = (int)(v > 1000 ? 1000 : v);
        } else if (args_take_word(&a, "strategy")) {
            int k = args_choice(&a, "Spot allocation strategy", strategies);
            if (k < 0)
                return;
            c->spot_strategy = aws[k];
        } else {
            static const char *const opts[] = {"base", "on_demand", "strategy", NULL};
            args_choice(&a, "spot option", opts);
            return;
        }
    }
}

static void cp_target(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->target_span = args_here(&a);
    int64_t v;
    if (args_percent(&a, "a target capacity such as 100%", &v))
        CP(t)->target_capacity = (int)(v > 1000 ? 1000 : v);
    args_end(&a);
}

/* ami al2023|al2|bottlerocket [gpu] | ami "ami-…" | ami "/ssm/parameter" */
static void cp_ami(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const families[] = {"al2023", "al2", "bottlerocket", NULL};
    IrCapacity *c = CP(t);
    Args a = args_begin(d, s);
    c->ami_span = args_here(&a);
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_STRING) {
        c->ami_value = args_string(&a, "an AMI id or an SSM parameter name");
        c->ami = c->ami_value[0] == '/' ? IR_AMI_SSM : IR_AMI_ID;
    } else {
        int k = args_choice(&a, "image family (or an AMI id or SSM parameter name as a string)",
                            families);
        if (k < 0)
            return;
        c->ami = k == 0 ? IR_AMI_AL2023 : k == 1 ? IR_AMI_AL2 : IR_AMI_BOTTLEROCKET;
        c->gpu = args_take_word(&a, "gpu");
    }
    args_end(&a);
}

/* disk [SIZE] [gp3|gp2|io1|io2|standard] [unencrypted] [kms "ARN"] [device "/dev/…"] */
static void cp_disk(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const types[] = {"gp3", "gp2", "io1", "io2", "standard", NULL};
    IrCapacity *c = CP(t);
    Args a = args_begin(d, s);
    c->disk_span = s->span;
    int64_t v;
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_NUMBER) {
        c->disk_size_span = args_here(&a);
        if (!args_size_gib(&a, "a volume size such as 50 GiB", &v))
            return;
        c->disk_gib = (int)(v > 1000000 ? 1000000 : v);
    }
    while (args_more(&a)) {
        int k = -1;
        for (int i = 0; types[i]; i++)
            if (args_peek_word(&a, types[i]))
                k = i;
        if (k >= 0) {
            args_take_word(&a, types[k]);
            c->disk_type = types[k];
        } else if (args_take_word(&a, "unencrypted")) {
            c->unencrypted = true;
        } else if (args_take_word(&a, "kms")) {
            if (!(c->kms_key = args_string(&a, "a KMS key ARN")))
                return;
        } else if (args_take_word(&a, "device")) {
            if (!(c->disk_device = args_string(&a, "a device name such as \"/dev/xvda\"")))
                return;
        } else {
            static const char *const opts[] = {"gp3", "gp2", "io1", "io2", "standard",
                                               "unencrypted", "kms", "device", NULL};
            args_choice(&a, "disk option", opts);
            return;
        }
    }
}

static void cp_key_pair(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->has_key_pair = decode_param_ref(d, &a, &CP(t)->key_pair,
                                           "a key pair's name, or a parameter");
    args_end(&a);
}

static void cp_user_data(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->user_data_span = args_here(&a);
    CP(t)->user_data = args_string(&a, "commands to run at boot, as a string");
    args_end(&a);
}

static void cp_agent(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    if (!CP(t)->agent.len)
        CP(t)->agent_span = s->span;
    args_map(&a, "ECS agent settings", &CP(t)->agent);
    args_end(&a);
}

static void cp_managed(Decoder *d, const AstStmt *s, void *t)
{
    IrCapacity *c = CP(t);
    Args a = args_begin(d, s);
    Span *sp = ARENA_NEW(d->arena, Span);
    *sp = args_here(&a);
    int before = c->policies.len;
    args_strings(&a, "managed policy ARNs", &c->policies);
    for (int i = before; i < c->policies.len; i++)
        vec_push(d->arena, &c->policy_spans, sp);
    args_end(&a);
}

static void cp_protect(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    IrTri on = IR_TRI_TRUE;
    CP(t)->protect_span = s->span;
    args_flag(&a, &on);
    CP(t)->protect = on == IR_TRI_TRUE;
    args_end(&a);
}

static void cp_notify(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    CP(t)->has_notify = decode_param_ref(d, &a, &CP(t)->notify,
                                         "an SNS topic ARN, or a parameter");
    args_end(&a);
}

static const FieldDef capacity_fields[] = {
    {"instance", cp_instance, FIELD_ONCE, NULL, NULL,
     "The EC2 instance type of the Auto Scaling group (\"m6i.large\"), or a list of types for a mixed instances policy."},
    {"min", cp_min, FIELD_ONCE, "MinSize", WORDS("max"),
     "The smallest number of instances (`min 1 max 10`)."},
    {"max", cp_max, FIELD_ONCE, "MaxSize", NULL,
     "The largest number of instances."},
    {"desired", cp_desired, FIELD_ONCE, "DesiredCapacity", NULL,
     "The number of instances to start with."},
    {"subnets", cp_subnets, FIELD_ONCE, "VPCZoneIdentifier", NULL,
     "The subnets the instances are launched in."},
    {"arch", cp_arch, FIELD_ONCE, NULL, WORDS("x86_64", "arm64"),
     "The CPU architecture of the instances' AMI: x86_64 or arm64."},
    {"spot", cp_spot, FIELD_ONCE, NULL,
     WORDS("base", "on_demand", "strategy", "price_capacity_optimized", "capacity_optimized",
           "capacity_optimized_prioritized", "lowest_price"),
     "Launches Spot instances: `spot [base N] [on_demand PERCENT] [strategy WORD]`."},
    {"target", cp_target, FIELD_ONCE, NULL, NULL,
     "The capacity provider's target utilisation (managed scaling), as a percentage."},
    {"ami", cp_ami, FIELD_ONCE, NULL, WORDS("al2023", "al2", "bottlerocket", "gpu"),
     "The image: al2023 (the default), al2 or bottlerocket, with `gpu` for its GPU variant, or an AMI id or SSM parameter name."},
    {"disk", cp_disk, FIELD_ONCE, NULL,
     WORDS("gp3", "gp2", "io1", "io2", "standard", "unencrypted", "kms", "device"),
     "The root volume, encrypted by default: `disk 50 GiB [gp3] [kms \"ARN\"] [unencrypted] [device \"/dev/xvda\"]`."},
    {"key_pair", cp_key_pair, FIELD_ONCE, NULL, NULL,
     "The EC2 key pair of the instances (a name or a string param)."},
    {"user_data", cp_user_data, FIELD_ONCE, NULL, NULL,
     "Boot commands run after the ones that join the cluster."},
    {"agent", cp_agent, FIELD_MAP, NULL, NULL,
     "ECS agent settings written to /etc/ecs/ecs.config: `agent { ECS_LOGLEVEL = \"debug\" }`."},
    {"managed", cp_managed, 0, NULL, NULL,
     "Managed policy ARNs added to the instances' role."},
    {"protect", cp_protect, FIELD_ONCE, NULL, NULL,
     "Managed termination protection: instances that run tasks are not scaled in."},
    {"notify", cp_notify, FIELD_ONCE, NULL, NULL,
     "An SNS topic for the Auto Scaling group's launch and terminate notifications."},
    {"raw", decode_capacity_raw, 0, NULL, WORDS("launch_template", "capacity_provider"),
     "Sets CloudFormation properties of the Auto Scaling group (`raw { … }`), the launch "
     "template or the capacity provider (`raw launch_template { … }`) (language.md §13.2)."},
};
const BlockDef decode_capacity_block = {"capacity", FIELDS(capacity_fields),
                                        "AWS::AutoScaling::AutoScalingGroup", NULL, NULL};

void decode_capacity(Decoder *d, const AstStmt *s)
{
    IrCapacity *c = ARENA_NEW(d->arena, IrCapacity);
    c->span = s->span;
    c->min = 0;
    c->max = c->desired = c->target_capacity = IR_UNSET;
    c->on_demand_base = c->on_demand_percent = c->disk_gib = IR_UNSET;
    c->arch = "X86_64";
    c->ami = IR_AMI_AL2023;
    Args a = args_begin(d, s);
    c->name_span = args_here(&a);
    c->name = args_word(&a, "the capacity's name");
    if (!c->name)
        return;
    const AstNode *body = args_block(&a, "the capacity's block");
    args_end(&a);
    decode_name_ok(d, c->name, c->name_span, "capacity");
    if (strcmp(c->name, "fargate") == 0 || strcmp(c->name, "fargate_spot") == 0) {
        /* a service's `capacity fargate` means AWS Fargate, never this block */
        c->reserved_name = true;
        Diagnostic *dg = diag_error(d->diag, c->name_span, "E0421",
                                    "a capacity cannot be named '%s'", c->name);
        diag_note(dg, SPAN_NONE, "in a service, `capacity %s` means AWS's %s provider, so no "
                  "service could run on this block", c->name,
                  strcmp(c->name, "fargate") == 0 ? "Fargate" : "Fargate Spot");
        diag_note(dg, SPAN_NONE, "give it another name, such as `capacity pool`, and write "
                                 "`capacity pool` in the services that run on it");
    }
    decode_block(d, body, &decode_capacity_block, c,
                 arena_printf(d->arena, "capacity '%s'", c->name));
    vec_push(d->arena, &d->model->capacities, c);
}

/* ---- cluster ------------------------------------------------------------------ */

static void cl_existing(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    decode_param_ref(d, &a, &((IrCluster *)t)->existing_ref,
                     "the existing cluster's name or ARN, or a string parameter");
    args_end(&a);
}

static void cl_insights(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &((IrCluster *)t)->insights);
    args_end(&a);
}

/* default NAME|fargate|fargate_spot [weight N] [base N] */
static void cl_default(Decoder *d, const AstStmt *s, void *t)
{
    decode_strategy_use(d, s, &((IrCluster *)t)->default_strategy);
}

static const FieldDef cluster_fields[] = {
    {"existing", cl_existing, FIELD_ONCE, NULL, NULL,
     "Runs the services in an existing cluster (its name or ARN, or a string param holding its "
     "name) instead of creating one."},
    {"insights", cl_insights, FIELD_ONCE, "ClusterSettings", NULL,
     "Turns CloudWatch Container Insights on for the cluster."},
    {"default", cl_default, 0, NULL, WORDS("fargate", "fargate_spot", "weight", "base"),
     "One entry of the cluster's default capacity provider strategy: `default NAME|fargate|fargate_spot [weight N] [base N]`."},
    {"namespace", decode_cl_namespace, FIELD_ONCE, NULL, WORDS("existing"),
     "The Cloud Map namespace of Service Connect: `namespace \"NAME\"` (an HTTP namespace the "
     "stack creates, the cluster's default) or `namespace existing \"NAME-OR-ARN\"|PARAM`."},
    {"dns", decode_cl_dns, FIELD_ONCE, NULL, WORDS("existing", "vpc"),
     "The private DNS namespace of services' `discovery`: `dns \"DOMAIN\" vpc VPC` (the stack "
     "creates it) or `dns existing \"ns-…\"|PARAM`."},
    {"raw", decode_cluster_raw, FIELD_ONCE, NULL, NULL,
     "Sets CloudFormation properties of the cluster ecsc has no word for (language.md §13.2)."},
};
const BlockDef decode_cluster_block = {"cluster", FIELDS(cluster_fields), "AWS::ECS::Cluster",
                                       NULL, NULL};

void decode_cluster(Decoder *d, const AstStmt *s)
{
    Args a = args_begin(d, s);
    const AstNode *body = args_block(&a, "the cluster's block");
    args_end(&a);
    if (d->model->cluster) {
        Diagnostic *dg = diag_error(d->diag, s->head_span, "E0110", "a second 'cluster' block");
        diag_note(dg, d->model->cluster->span, "the first is here; an application runs in one cluster");
        return;
    }
    IrCluster *c = ARENA_NEW(d->arena, IrCluster);
    c->span = s->span;
    decode_block(d, body, &decode_cluster_block, c, "the cluster");
    d->model->cluster = c;
}
