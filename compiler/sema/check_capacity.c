/* check_capacity.c - ECS and EC2 rules for `capacity` blocks and for
 * capacity provider strategies (a service's `capacity` lines, the
 * cluster's `default`).
 *
 * Codes: E0701-E0705 sizes and subnets; E0710-E0719 images, volumes,
 * agent settings, Spot and ARNs; E0524 strategies (shared with services);
 * W0070 an image whose root volume ecsc cannot encrypt.  Sources:
 * the EC2 instance type naming conventions (Graviton families carry a
 * `g`), the ECS-optimised AMI parameters (ECS developer guide, "Retrieving
 * Amazon ECS-optimized AMI metadata"), EBS volume limits (EC2 API
 * `CreateVolume`), the ECS agent configuration (ecs-init, ecs.config), and
 * the Auto Scaling `InstancesDistribution` and `LaunchTemplateOverrides`
 * limits.
 */
#include "sema/check_deploy.h"

#include <ctype.h>
#include <string.h>

/* ---- capacity provider strategies -------------------------------------------------- */

void check_strategy(DCheck *k, const Vec *uses, const char *subject, Span at)
{
    Diagnostic *dg;
    if (!uses->len)
        return;
    bool ec2 = false, fargate = false;
    VEC_EACH(const IrCapacityUse *, u, *uses) {
        ec2 |= u->capacity.name != NULL;
        fargate |= u->capacity.name == NULL;
    }
    if (ec2 && fargate) {
        dg = diag_error(k->de, at, "E0524", "%s mixes Fargate and EC2 capacity", subject);
        VEC_EACH(const IrCapacityUse *, u, *uses)
            diag_note(dg, u->span, "%s", u->capacity.name ? "EC2 capacity" : "Fargate capacity");
        diag_note(dg, SPAN_NONE, "a capacity provider strategy uses either fargate and "
                                 "fargate_spot, or capacity blocks");
    }
    int based = 0, weighted = 0;
    const IrCapacityUse *first_base = NULL;
    VEC_EACH(const IrCapacityUse *, u, *uses) {
        weighted += u->weight > 0;
        if (u->base > 0 && ++based == 2) {
            dg = diag_error(k->de, u->span, "E0524", "%s sets a base on two capacity providers",
                            subject);
            diag_note(dg, first_base->span, "the first base is here");
            diag_note(dg, SPAN_NONE, "only one provider of a strategy may have a base");
        }
        if (u->base > 0 && !first_base)
            first_base = u;
    }
    if (!weighted) {
        const IrCapacityUse *u = uses->items[0];
        dg = diag_error(k->de, u->span, "E0524", "every capacity provider of %s has weight 0",
                        subject);
        diag_note(dg, SPAN_NONE, "give at least one a weight above 0");
    }
}

/* ---- instance types and images ------------------------------------------------------ */

/* Whether an instance type is a Graviton (arm64) one: a1, and the families
   whose letters after the generation contain `g` (m7g, c6gn, t4g, r8gd,
   g5g, im4gn, is4gen).  False for a name of another shape. */
static bool arm_type(const char *type)
{
    const char *dot = strchr(type, '.');
    if (!dot)
        return false;
    if (strncmp(type, "a1.", 3) == 0)
        return true;
    const char *p = type;
    while (p < dot && isalpha((unsigned char)*p))
        p++;
    if (p == type || p == dot || !isdigit((unsigned char)*p))
        return false;
    while (p < dot && isdigit((unsigned char)*p))
        p++;
    for (; p < dot && *p != '-'; p++)
        if (*p == 'g')
            return true;
    return false;
}

static void check_types(DCheck *k, const IrCapacity *c)
{
    Diagnostic *dg;
    bool arm = strcmp(c->arch, "ARM64") == 0;
    Map seen;
    map_init(&seen, k->a);
    VEC_EACH(const char *, type, c->instance_types) {
        if (map_put(&seen, type, (void *)type)) {
            dg = diag_error(k->de, c->instance_span, "E0719",
                            "capacity '%s' lists instance type '%s' twice", c->name, type);
            diag_note(dg, SPAN_NONE, "each override of a mixed instances policy names a "
                                     "different type; remove one");
            return;
        }
        if (arm_type(type) != arm) {
            dg = diag_error(k->de, c->instance_span, "E0710",
                            "capacity '%s' runs %s images, but '%s' is an %s instance type",
                            c->name, arm ? "arm64" : "x86_64", type, arm ? "x86_64" : "arm64");
            if (has_span(c->arch_span))
                diag_note(dg, c->arch_span, "the architecture is chosen here");
            diag_note(dg, SPAN_NONE, "%s", arm_type(type)
                      ? "Graviton types (a `g` after the generation, as in m7g) need `arch arm64`"
                      : "use a Graviton type such as \"m7g.large\", or `arch x86_64`");
            return;
        }
    }
    if (c->instance_types.len > 40) {
        dg = diag_error(k->de, c->instance_span, "E0719",
                        "capacity '%s' lists %d instance types; Auto Scaling takes at most 40",
                        c->name, c->instance_types.len);
        diag_note(dg, SPAN_NONE, "keep the types that fit the tasks best");
    }
}

static bool is_ami_id(const char *v)
{
    size_t n = strlen(v);
    if (strncmp(v, "ami-", 4) != 0 || (n != 12 && n != 21))
        return false;
    for (size_t i = 4; i < n; i++)
        if (!isdigit((unsigned char)v[i]) && !(v[i] >= 'a' && v[i] <= 'f'))
            return false;
    return true;
}

static void check_image(DCheck *k, const IrCapacity *c)
{
    Diagnostic *dg;
    if (c->ami == IR_AMI_ID && !is_ami_id(c->ami_value)) {
        dg = diag_error(k->de, c->ami_span, "E0712",
                        "'%s' is neither an AMI id nor an SSM parameter name", c->ami_value);
        diag_note(dg, SPAN_NONE, "write an id such as \"ami-0123456789abcdef0\", a parameter "
                                 "name such as \"/my-team/ecs-ami\", or al2023, al2 or "
                                 "bottlerocket");
    }
    bool arm = strcmp(c->arch, "ARM64") == 0;
    if (c->gpu && arm && c->ami != IR_AMI_BOTTLEROCKET) {
        dg = diag_error(k->de, c->ami_span, "E0711",
                        "there is no arm64 GPU image of the ECS-optimised Amazon Linux");
        if (has_span(c->arch_span))
            diag_note(dg, c->arch_span, "arm64 is chosen here");
        diag_note(dg, SPAN_NONE, "use `ami bottlerocket gpu` (it has an arm64 NVIDIA variant), or "
                                 "`arch x86_64` with an x86_64 GPU type such as \"g5.xlarge\"");
    }
}

/* ---- the root volume ----------------------------------------------------------------- */

static bool own_image(const IrCapacity *c)
{
    return c->ami == IR_AMI_ID || c->ami == IR_AMI_SSM;
}

static void check_disk(DCheck *k, const IrCapacity *c)
{
    Diagnostic *dg;
    bool bad_id = c->ami == IR_AMI_ID && !is_ami_id(c->ami_value);   /* E0712 said */
    if (own_image(c) && !c->disk_device && !bad_id) {
        if (c->disk_gib != IR_UNSET || c->disk_type || c->kms_key) {
            dg = diag_error(k->de, c->disk_span, "E0714",
                            "capacity '%s' sets its root volume, but ecsc cannot know the root "
                            "device of its own image", c->name);
            diag_note(dg, c->ami_span, "the image is given here");
            diag_note(dg, SPAN_NONE, "name it: `disk … device \"/dev/xvda\"` (see the AMI's "
                                     "RootDeviceName)");
        } else if (!c->unencrypted) {
            dg = diag_warning(k->de, c->ami_span, "W0070",
                              "the root volume of capacity '%s' is not encrypted by ecsc",
                              c->name);
            diag_note(dg, SPAN_NONE, "ecsc encrypts the root volume of the images it knows; for "
                                     "an image of your own, name its root device with `disk "
                                     "device \"/dev/xvda\"`, or write `disk unencrypted` if "
                                     "the account encrypts EBS by default");
        }
    }
    if (c->kms_key && !check_is_arn(c->kms_key, "kms", ":key/")
        && !check_is_arn(c->kms_key, "kms", ":alias/")) {
        dg = diag_error(k->de, c->disk_span, "E0718", "'%s' is not a KMS key ARN", c->kms_key);
        diag_note(dg, SPAN_NONE, "write \"arn:aws:kms:REGION:ACCOUNT:key/ID\" or an alias ARN");
    }
    if (c->kms_key && c->unencrypted) {
        dg = diag_error(k->de, c->disk_span, "E0713",
                        "capacity '%s' names a KMS key for a volume it leaves unencrypted",
                        c->name);
        diag_note(dg, SPAN_NONE, "remove `unencrypted` (or the key)");
    }
    if (c->disk_gib == IR_UNSET)
        return;
    const char *type = c->disk_type ? c->disk_type : "gp3";
    int lo = strcmp(type, "io1") == 0 || strcmp(type, "io2") == 0 ? 4 : 1;
    int hi = strcmp(type, "standard") == 0 ? 1024 : strcmp(type, "io2") == 0 ? 65536 : 16384;
    /* the ECS-optimised images' snapshots: 30 GiB; Bottlerocket's data volume 20 GiB */
    int image = c->ami == IR_AMI_BOTTLEROCKET ? 20 : own_image(c) ? 0 : 30;
    if (c->disk_gib < lo || c->disk_gib > hi) {
        dg = diag_error(k->de, or_span(c->disk_size_span, c->disk_span), "E0713",
                        "a %s volume of %d GiB: EBS takes %d to %d GiB", type, c->disk_gib, lo,
                        hi);
        diag_note(dg, SPAN_NONE, "write a size in that range, such as `disk 50 GiB`");
    } else if (c->disk_gib < image) {
        dg = diag_error(k->de, or_span(c->disk_size_span, c->disk_span), "E0713",
                        "a %d GiB %s is smaller than the image's %d GiB snapshot", c->disk_gib,
                        c->ami == IR_AMI_BOTTLEROCKET ? "data volume" : "root volume", image);
        diag_note(dg, SPAN_NONE, "instances would fail to launch; write `disk %d GiB` or more",
                  image);
    }
}

/* ---- user data and agent settings ---------------------------------------------------- */

static void check_agent(DCheck *k, const IrCapacity *c)
{
    Diagnostic *dg;
    if (c->ami == IR_AMI_BOTTLEROCKET && c->agent.len) {
        dg = diag_error(k->de, c->agent_span, "E0716",
                        "Bottlerocket has no /etc/ecs/ecs.config for `agent` settings");
        diag_note(dg, c->ami_span, "the image is Bottlerocket here");
        diag_note(dg, SPAN_NONE, "write them as Bottlerocket settings in `user_data` (TOML, "
                                 "such as `[settings.ecs]` keys), or use `ami al2023`");
        return;
    }
    VEC_EACH(const IrKV *, kv, c->agent) {
        bool key_ok = isupper((unsigned char)kv->key[0]) != 0;
        for (const char *p = kv->key; *p; p++)
            key_ok &= isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
        if (!key_ok) {
            dg = diag_error(k->de, kv->key_span, "E0715",
                            "'%s' is not an ECS agent setting name", kv->key);
            diag_note(dg, SPAN_NONE, "agent settings are upper-case variables of ecs.config, "
                                     "such as ECS_ENABLE_CONTAINER_METADATA");
        } else if (strcmp(kv->key, "ECS_CLUSTER") == 0) {
            dg = diag_error(k->de, kv->key_span, "E0715",
                            "ECS_CLUSTER is the cluster ecsc joins the instances to");
            diag_note(dg, SPAN_NONE, "remove it; for another cluster, write `cluster { existing "
                                     "\"NAME\" }`");
        } else if (strpbrk(kv->value, "\n\r'")) {
            dg = diag_error(k->de, kv->span, "E0715",
                            "the value of agent setting %s has a line break or a quote (')",
                            kv->key);
            diag_note(dg, SPAN_NONE, "ecs.config takes one KEY=value per line; write the value "
                                     "on one line, with double quotes inside");
        }
    }
}

/* ---- the whole block ------------------------------------------------------------------ */

static void check_sizes(DCheck *k, const IrCapacity *c)
{
    Diagnostic *dg;
    if (!c->instance_type) {
        dg = diag_error(k->de, c->name_span, "E0701", "capacity '%s' has no instance type",
                        c->name);
        diag_note(dg, SPAN_NONE, "add one, for example `instance \"t3.medium\"`");
    }
    if (c->min > c->max) {
        dg = diag_error(k->de, or_span(c->minmax_span, c->name_span), "E0702",
                        "capacity '%s' has min %d above max %d", c->name, c->min, c->max);
        diag_note(dg, SPAN_NONE, "write `min %d max %d`", c->max, c->min);
    } else if (c->desired != IR_UNSET && (c->desired < c->min || c->desired > c->max)) {
        dg = diag_error(k->de, or_span(c->desired_span, c->name_span), "E0703",
                        "capacity '%s' wants %d instances, outside min %d to max %d", c->name,
                        c->desired, c->min, c->max);
        diag_note(dg, SPAN_NONE, "remove `desired` or change it to a count from %d to %d",
                  c->min, c->max);
    }
    if (!ref_given(&c->subnets)) {
        dg = diag_error(k->de, c->name_span, "E0704", "capacity '%s' has no subnets", c->name);
        diag_note(dg, SPAN_NONE, "its instances are launched in them: add `subnets subnets` "
                                 "with `param subnets [subnet_id]`");
    } else {
        check_use(k, &c->subnets, IR_PARAM_SUBNET_ID, true, "subnets");
    }
    if (c->target_capacity != IR_UNSET && (c->target_capacity < 1 || c->target_capacity > 100)) {
        dg = diag_error(k->de, or_span(c->target_span, c->name_span), "E0705",
                        "capacity '%s' has target %d%%, outside 1%% to 100%%", c->name,
                        c->target_capacity);
        diag_note(dg, SPAN_NONE, "managed scaling keeps this share of the instances busy; 100%% "
                                 "leaves no spare instance");
    }
    if (c->on_demand_percent != IR_UNSET && c->on_demand_percent > 100) {
        dg = diag_error(k->de, c->on_demand_span, "E0717",
                        "capacity '%s' wants %d%% on-demand instances above the base",
                        c->name, c->on_demand_percent);
        diag_note(dg, SPAN_NONE, "write a share from 0%% (all Spot, the default) to 100%% (no "
                                 "Spot)");
    }
}

void check_capacity(DCheck *k, const IrCapacity *c)
{
    check_sizes(k, c);
    check_types(k, c);
    check_image(k, c);
    check_disk(k, c);
    check_agent(k, c);
    if (c->has_key_pair)
        check_use(k, &c->key_pair, IR_PARAM_STRING, false, "key_pair");
    if (c->has_notify) {
        check_use(k, &c->notify, IR_PARAM_STRING, false, "notify");
        VEC_EACH(const char *, v, c->notify.literal)
            if (!check_is_arn(v, "sns", ":")) {
                Diagnostic *dg = diag_error(k->de, c->notify.span, "E0718",
                                            "'%s' is not an SNS topic ARN", v);
                diag_note(dg, SPAN_NONE, "write \"arn:aws:sns:REGION:ACCOUNT:TOPIC\", or a "
                                         "string param");
            }
    }
    for (int i = 0; i < c->policies.len; i++) {
        const char *p = c->policies.items[i];
        if (strncmp(p, "arn:aws:iam::", 13) == 0 && strstr(p, ":policy/"))
            continue;
        Diagnostic *dg = diag_error(k->de, *(const Span *)c->policy_spans.items[i], "E0803",
                                    "'%s' is not a managed policy ARN (arn:aws:iam::aws:policy/…)",
                                    p);
        if (!strchr(p, ':'))
            diag_note(dg, SPAN_NONE, "an AWS managed policy: \"arn:aws:iam::aws:policy/%s\"", p);
    }
}

void check_cluster(DCheck *k, const IrCluster *cl)
{
    if (cl && cl->default_strategy.len)
        check_strategy(k, &cl->default_strategy, "the cluster's default strategy",
                       ((const IrCapacityUse *)cl->default_strategy.items[0])->span);
}
