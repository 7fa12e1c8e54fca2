/* check_service.c - ECS rules for services, load balancers, capacity and
 * parameters, and the deploy-time values that services/ needs.
 *
 * Runs on the effective model (after infer: listener rule priorities,
 * default desired counts and launch types are set).
 * Codes: E05xx services and parameters, E06xx load balancers and routes,
 * E07xx capacity, W005x warnings.  Every diagnostic sits on the offending
 * value, with notes at the places that impose the rule and a fix.
 *
 * Everything is linear in the size of the model: uniqueness (listener
 * ports, rule priorities, rule conditions) goes through hash maps; a route
 * is expanded over the listeners of its load balancer, of which there are
 * few.
 *
 * Load balancers and routes are check_route.c's.  What the model becomes
 * in AWS (ids, names, deploy-time values) is the plan's (compiler/plan/).
 */
#include "sema/check_deploy.h"

#include "base/map.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>


bool has_span(Span sp) { return sp.file != 0; }

Span or_span(Span a, Span b) { return has_span(a) ? a : b; }

bool ref_given(const IrParamRef *r) { return r->param.name || r->literal.len; }

static IrNetwork task_net(const IrTask *t)
{
    return t->net;
}

static const char *net_name(IrNetwork n)
{
    switch (n) {
    case IR_NET_AWSVPC: return "awsvpc";
    case IR_NET_HOST: return "host";
    case IR_NET_NONE: return "none";
    case IR_NET_DEFAULT: return "default";
    case IR_NET_BRIDGE: case IR_NET_UNSET: break;
    }
    return "bridge";
}

static void note_task_network(const IrTask *t, Diagnostic *dg)
{
    if (has_span(t->network_span))
        diag_note(dg, t->network_span, "task '%s' uses network %s here", t->name,
                  net_name(task_net(t)));
    else if (t->launch & IR_LAUNCH_FARGATE)
        diag_note(dg, t->launch_span, "task '%s' runs on Fargate, which implies network awsvpc",
                  t->name);
    else
        diag_note(dg, t->name_span, "task '%s' uses network %s (the default)", t->name,
                  net_name(task_net(t)));
}

/* ---- where a service runs --------------------------------------------------- */

typedef enum Runs { RUNS_DEFAULT, RUNS_FARGATE, RUNS_EC2, RUNS_EXTERNAL, RUNS_MIXED } Runs;

/* From the launch type (given, or inferred from the task) or the capacity
   provider strategy.  RUNS_DEFAULT: neither, the cluster's default (EC2). */
static Runs service_runs(const IrService *sv, Span *where)
{
    *where = or_span(sv->launch_span, sv->name_span);
    if (sv->capacity.len) {
        int fargate = 0, ec2 = 0;
        for (int i = 0; i < sv->capacity.len; i++) {
            const IrCapacityUse *u = sv->capacity.items[i];
            if (u->capacity.name)
                ec2++;
            else
                fargate++;
        }
        *where = ((const IrCapacityUse *)sv->capacity.items[0])->span;
        if (fargate && ec2)
            return RUNS_MIXED;
        return fargate ? RUNS_FARGATE : RUNS_EC2;
    }
    switch (sv->launch) {
    case IR_LAUNCH_FARGATE: return RUNS_FARGATE;
    case IR_LAUNCH_EC2: return RUNS_EC2;
    case IR_LAUNCH_EXTERNAL: return RUNS_EXTERNAL;
    default: return RUNS_DEFAULT;
    }
}

static bool runs_ec2(Runs r) { return r == RUNS_EC2 || r == RUNS_DEFAULT; }

/* ---- value shapes ------------------------------------------------------------- */

static bool is_hex_id(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(s, prefix, n) != 0)
        return false;
    s += n;
    size_t k = 0;
    for (; s[k]; k++)
        if (!isxdigit((unsigned char)s[k]) || isupper((unsigned char)s[k]))
            return false;
    return k == 8 || k == 17;
}

/* "arn:aws[-cn|-us-gov]:<service>:" followed by `tail` somewhere after. */
static bool is_number(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static bool value_fits(IrParamType t, const char *v)
{
    switch (t) {
    case IR_PARAM_STRING: return true;
    case IR_PARAM_NUMBER: return is_number(v);
    case IR_PARAM_VPC_ID: return is_hex_id(v, "vpc-");
    case IR_PARAM_SUBNET_ID: return is_hex_id(v, "subnet-");
    case IR_PARAM_SECURITY_GROUP_ID: return is_hex_id(v, "sg-");
    case IR_PARAM_CERT_ARN:
        return check_is_arn(v, "acm", ":certificate/") || check_is_arn(v, "iam", ":server-certificate/");
    }
    return true;
}

static const char *type_name(IrParamType t)
{
    switch (t) {
    case IR_PARAM_STRING: return "string";
    case IR_PARAM_NUMBER: return "number";
    case IR_PARAM_VPC_ID: return "vpc_id";
    case IR_PARAM_SUBNET_ID: return "subnet_id";
    case IR_PARAM_SECURITY_GROUP_ID: return "security_group_id";
    case IR_PARAM_CERT_ARN: return "certificate";
    }
    return "string";
}

static const char *type_example(IrParamType t)
{
    switch (t) {
    case IR_PARAM_STRING: return "any text";
    case IR_PARAM_NUMBER: return "a whole number such as 3";
    case IR_PARAM_VPC_ID: return "a VPC id such as vpc-0a1b2c3d";
    case IR_PARAM_SUBNET_ID: return "a subnet id such as subnet-0a1b2c3d";
    case IR_PARAM_SECURITY_GROUP_ID: return "a security group id such as sg-0a1b2c3d";
    case IR_PARAM_CERT_ARN:
        return "an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/…";
    }
    return "a value";
}

/* The first comma-separated item of `v` (spaces trimmed) that does not
   fit type `t`, or NULL. */
static const char *first_bad_item(Arena *a, const char *v, IrParamType t)
{
    while (*v) {
        const char *end = strchr(v, ',');
        size_t n = end ? (size_t)(end - v) : strlen(v);
        size_t lo = 0, hi = n;
        while (lo < hi && isspace((unsigned char)v[lo]))
            lo++;
        while (hi > lo && isspace((unsigned char)v[hi - 1]))
            hi--;
        char *item = arena_strndup(a, v + lo, hi - lo);
        if (!value_fits(t, item))
            return item;
        if (!end)
            break;
        v = end + 1;
    }
    return NULL;
}

/* ---- parameters ------------------------------------------------------------------- */

/* E0541: the value of each param (from -D or its default) has the shape
   of its type. */
static void check_param_values(DCheck *k)
{
    for (int i = 0; i < k->m->params.len; i++) {
        const IrParam *p = k->m->params.items[i];
        if (!p->value || !p->value[0] || p->type == IR_PARAM_STRING)
            continue;
        const char *bad = p->is_list ? first_bad_item(k->a, p->value, p->type)
                          : value_fits(p->type, p->value) ? NULL : p->value;
        if (!bad)
            continue;
        const char *def = sema_define(k->s, p->name);
        Diagnostic *dg = diag_error(k->de, p->name_span, "E0541",
                                    "param '%s' is %s %s, but its value '%s' is not one",
                                    p->name, p->is_list ? "a list of" : "a",
                                    type_name(p->type), bad);
        if (def)
            diag_note(dg, SPAN_NONE, "the value comes from -D %s=%s", p->name, def);
        else
            diag_note(dg, p->span, "the default value is set here");
        diag_note(dg, SPAN_NONE, "expected %s%s", type_example(p->type),
                  p->is_list ? " (several separated by ',')" : "");
    }
}

/* E0540 when a param of the wrong type (or a list where one value goes)
   is used; E0541 when a literal does not have the shape of `want`. */
void check_use(DCheck *k, const IrParamRef *r, IrParamType want, bool list_ok, const char *what)
{
    const IrParam *p = r->param.target;
    if (p) {
        if (p->type != want && p->type != IR_PARAM_STRING) {
            Diagnostic *dg = diag_error(k->de, r->param.span, "E0540",
                                        "%s takes %s, but param '%s' is %s %s", what,
                                        type_name(want), p->name,
                                        p->is_list ? "a list of" : "a", type_name(p->type));
            diag_note(dg, p->name_span, "param '%s' is declared here", p->name);
            diag_note(dg, SPAN_NONE, "use a param declared as %s%s%s", list_ok ? "[" : "",
                      type_name(want), list_ok ? "]" : "");
        } else if (p->is_list && !list_ok) {
            Diagnostic *dg = diag_error(k->de, r->param.span, "E0540",
                                        "%s takes one %s, but param '%s' is a list", what,
                                        type_name(want), p->name);
            diag_note(dg, p->name_span, "param '%s' is declared here", p->name);
            diag_note(dg, SPAN_NONE, "declare it as `param %s %s`", p->name, type_name(want));
        }
        return;
    }
    if (!list_ok && r->literal.len > 1) {
        Diagnostic *dg = diag_error(k->de, r->span, "E0540", "%s takes one %s, not a list",
                                    what, type_name(want));
        (void)dg;
        return;
    }
    for (int i = 0; i < r->literal.len; i++) {
        const char *v = r->literal.items[i];
        if (value_fits(want, v))
            continue;
        Diagnostic *dg = diag_error(k->de, r->span, "E0541", "'%s' is not a %s", v,
                                    type_name(want));
        diag_note(dg, SPAN_NONE, "%s takes %s", what, type_example(want));
        break;
    }
}

/* ---- load balancers and listeners ---------------------------------------------------- */


static void check_daemon(DCheck *k, const IrService *sv, Runs runs)
{
    Diagnostic *dg;
    if (has_span(sv->desired_span)) {
        dg = diag_error(k->de, sv->desired_span, "E0502",
                        "daemon service '%s' cannot set a desired count", sv->name);
        diag_note(dg, sv->daemon_span, "a daemon runs one task on each container instance");
        diag_note(dg, SPAN_NONE, "remove `desired`, or remove `daemon` for a replica service");
    }
    if (sv->scaling) {
        dg = diag_error(k->de, sv->scaling->span, "E0502",
                        "daemon service '%s' cannot scale", sv->name);
        diag_note(dg, sv->daemon_span, "a daemon runs one task on each container instance");
        diag_note(dg, SPAN_NONE, "scale the capacity instead, or remove `daemon`");
    }
    if (sv->capacity.len) {
        const IrCapacityUse *u = sv->capacity.items[0];
        dg = diag_error(k->de, u->span, "E0503",
                        "daemon service '%s' cannot use a capacity provider strategy", sv->name);
        diag_note(dg, sv->daemon_span, "the service is a daemon here");
        diag_note(dg, SPAN_NONE, "remove `capacity` and write `launch ec2`; the daemon runs on "
                                 "every instance of the cluster");
    }
    if (runs == RUNS_FARGATE && !sv->capacity.len) {
        const IrTask *t = sv->task.target;
        dg = diag_error(k->de, or_span(sv->launch_span, sv->daemon_span), "E0504",
                        "daemon service '%s' cannot run on Fargate", sv->name);
        if (!has_span(sv->launch_span) && t)
            diag_note(dg, t->launch_span, "the service runs on Fargate because task '%s' does",
                      t->name);
        diag_note(dg, SPAN_NONE, "Fargate has no container instances to run a daemon on; add "
                                 "`launch ec2` to the service (and ec2 to the task's launch)");
    }
    if (sv->placement.len) {
        dg = diag_error(k->de, sv->placement_span, "E0505",
                        "daemon service '%s' cannot have a placement strategy", sv->name);
        diag_note(dg, sv->daemon_span, "a daemon places one task on each instance");
        diag_note(dg, SPAN_NONE, "remove `placement`; use `constraint` to choose instances");
    }
    if (sv->blue_green != IR_BG_NONE) {
        dg = diag_error(k->de, sv->bg_span, "E0506",
                        "daemon service '%s' cannot use a blue/green deployment", sv->name);
        diag_note(dg, sv->daemon_span, "the service is a daemon here");
        diag_note(dg, SPAN_NONE, "daemons deploy with rolling updates only; remove `blue_green`");
    }
}

static void check_rolling(DCheck *k, const IrService *sv)
{
    Diagnostic *dg;
    if (sv->min_healthy != IR_UNSET && sv->min_healthy > 100) {
        dg = diag_error(k->de, sv->min_span, "E0508",
                        "minimum healthy percent %d%% is above 100%%", sv->min_healthy);
        diag_note(dg, SPAN_NONE, "write a value from 0%% to 100%% of the desired count");
    }
    if (sv->max_percent == IR_UNSET)
        return;
    if (sv->daemon && sv->max_percent != 100) {
        dg = diag_error(k->de, sv->max_span, "E0509",
                        "maximum percent of daemon service '%s' must be 100%%, not %d%%",
                        sv->name, sv->max_percent);
        diag_note(dg, sv->daemon_span, "a daemon never runs more than one task per instance");
        diag_note(dg, SPAN_NONE, "remove `max`, and lower `min` to let a deployment proceed");
    } else if (!sv->daemon && sv->max_percent < 100) {
        dg = diag_error(k->de, sv->max_span, "E0509",
                        "maximum percent %d%% is below 100%%", sv->max_percent);
        diag_note(dg, SPAN_NONE, "the service could not even keep its desired count during a "
                                 "deployment; write 100%% or more (200%% is the default)");
    } else if (sv->min_healthy != IR_UNSET && sv->min_healthy <= 100 &&
               sv->max_percent <= sv->min_healthy) {
        dg = diag_error(k->de, sv->max_span, "E0509",
                        "maximum percent %d%% leaves no room above the minimum healthy %d%%",
                        sv->max_percent, sv->min_healthy);
        diag_note(dg, sv->min_span, "the minimum is set here");
        diag_note(dg, SPAN_NONE, "a deployment can neither start nor stop a task; raise `max` "
                                 "or lower `min`");
    }
}

static void check_blue_green(DCheck *k, const IrService *sv, Runs runs)
{
    Diagnostic *dg;
    if (sv->blue_green == IR_BG_NONE || sv->daemon)
        return;
    if (!sv->routes.len) {
        dg = diag_error(k->de, sv->bg_span, "E0510",
                        "blue/green service '%s' has no route", sv->name);
        diag_note(dg, SPAN_NONE, "a blue/green deployment shifts traffic at a load balancer "
                                 "from the old tasks to the new ones");
        diag_note(dg, SPAN_NONE, "add a route, such as `route public \"/*\" to app:8080`, or "
                                 "use `rolling`");
    }
    if (sv->codedeploy) {
        if (sv->routes.len > 1) {
            const IrRoute *r = sv->routes.items[1];
            dg = diag_error(k->de, r->span, "E0511",
                            "CodeDeploy blue/green service '%s' has %d routes; it takes one",
                            sv->name, sv->routes.len);
            diag_note(dg, sv->bg_span, "the service deploys through CodeDeploy here");
            diag_note(dg, SPAN_NONE, "CodeDeploy shifts one target group pair; keep one route, "
                                     "or use `via ecs`");
        }
        if (runs == RUNS_EXTERNAL) {
            dg = diag_error(k->de, sv->launch_span, "E0511",
                            "CodeDeploy blue/green does not support launch external");
            diag_note(dg, sv->bg_span, "the service deploys through CodeDeploy here");
            diag_note(dg, SPAN_NONE, "run on Fargate or EC2, or use `rolling`");
        }
        if (has_span(sv->rolling_span)) {
            dg = diag_error(k->de, sv->rolling_span, "E0512",
                            "`rolling` does not apply to a CodeDeploy deployment");
            diag_note(dg, sv->bg_span, "the service deploys through CodeDeploy here");
            diag_note(dg, SPAN_NONE, "CodeDeploy replaces the whole task set; remove `rolling`, "
                                     "or use `via ecs`");
        }
    }
    const char *what = NULL;
    int lo = 1;
    if (sv->blue_green == IR_BG_CANARY && (sv->bg_percent < 1 || sv->bg_percent > 100))
        what = "canary percentage";
    if (sv->blue_green == IR_BG_LINEAR && (sv->bg_percent < 3 || sv->bg_percent > 100))
        what = "linear step", lo = 3;
    if (what) {
        dg = diag_error(k->de, sv->bg_span, "E0513", "%s %d%% is outside %d%% to 100%%", what,
                        sv->bg_percent, lo);
        diag_note(dg, SPAN_NONE, "ECS shifts between %d%% and 100%% of the traffic per step", lo);
    }
    if ((sv->blue_green == IR_BG_CANARY || sv->blue_green == IR_BG_LINEAR) &&
        sv->bg_interval > 1440) {
        dg = diag_error(k->de, sv->bg_span, "E0513",
                        "the interval of %d minutes is longer than 1440 minutes (24 hours)",
                        sv->bg_interval);
        diag_note(dg, SPAN_NONE, "write an interval from 1m to 24h");
    }
    if (!sv->codedeploy && sv->bake != IR_UNSET && (sv->bake % 60 || sv->bake > 1440 * 60)) {
        dg = diag_error(k->de, sv->bg_span, "E0513",
                        "bake time of %d s is not a whole number of minutes up to 1440",
                        sv->bake);
        diag_note(dg, SPAN_NONE, "ECS waits whole minutes, 0m to 24h, before it retires the "
                                 "old tasks");
    }
}

/* Whether `capacity fargate` in `sv` meets a capacity block named fargate
   (E0421 said so): the service's platform is then unknown, not Fargate. */
static bool names_reserved_capacity(const DCheck *k, const IrService *sv)
{
    for (int i = 0; i < sv->capacity.len; i++) {
        const IrCapacityUse *u = sv->capacity.items[i];
        for (int j = 0; !u->capacity.name && j < k->m->capacities.len; j++) {
            const IrCapacity *c = k->m->capacities.items[j];
            if (c->reserved_name &&
                strcmp(c->name, strcmp(u->provider, "FARGATE") == 0 ? "fargate" : "fargate_spot") == 0)
                return true;
        }
    }
    return false;
}

static void check_compute(DCheck *k, const IrService *sv, Runs runs, Span runs_at)
{
    const IrTask *t = sv->task.target;
    Diagnostic *dg;
    if (names_reserved_capacity(k, sv))
        return;
    if (sv->launch && sv->capacity.len && has_span(sv->launch_span)) {
        const IrCapacityUse *u = sv->capacity.items[0];
        dg = diag_error(k->de, sv->launch_span, "E0523",
                        "service '%s' sets both a launch type and capacity", sv->name);
        diag_note(dg, u->span, "the capacity provider strategy starts here");
        diag_note(dg, SPAN_NONE, "ECS takes one or the other; keep `capacity`, or `launch`");
    }
    check_strategy(k, &sv->capacity, arena_printf(k->a, "service '%s'", sv->name),
                   sv->name_span);
    if (!t)
        return;
    bool task_fargate = (t->launch & IR_LAUNCH_FARGATE) != 0;
    bool task_ec2 = t->launch == 0 || (t->launch & IR_LAUNCH_EC2) != 0;
    if (runs == RUNS_FARGATE && !task_fargate) {
        dg = diag_error(k->de, runs_at, "E0517",
                        "service '%s' runs on Fargate, but task '%s' is not Fargate-compatible",
                        sv->name, t->name);
        if (has_span(t->launch_span))
            diag_note(dg, t->launch_span, "task '%s' declares its launch types here", t->name);
        else
            diag_note(dg, t->name_span, "task '%s' declares no launch type, so it is for EC2",
                      t->name);
        diag_note(dg, SPAN_NONE, "add fargate to the task's launch (`launch fargate`), or run "
                                 "the service on EC2");
    } else if (runs_ec2(runs) && !task_ec2 && (runs == RUNS_EC2 || !task_fargate)) {
        dg = diag_error(k->de, runs_at, "E0517",
                        "service '%s' runs on EC2, but task '%s' is not EC2-compatible",
                        sv->name, t->name);
        diag_note(dg, t->launch_span, "task '%s' declares its launch types here", t->name);
        diag_note(dg, SPAN_NONE, "add ec2 to the task's launch (`launch fargate ec2`), or run "
                                 "the service on Fargate");
    }
    if (runs_ec2(runs) && !sv->capacity.len && !k->m->capacities.len &&
        !ir_cluster_existing(k->m->cluster)) {
        dg = diag_error(k->de, runs_at, "E0518",
                        "service '%s' runs on EC2, but the cluster has no EC2 capacity", sv->name);
        diag_note(dg, SPAN_NONE, "ecsc creates the cluster, and nothing adds instances to it");
        diag_note(dg, SPAN_NONE, "add a `capacity NAME { instance \"t3.medium\" … }` block, run "
                                 "in an existing cluster with `cluster { existing \"name\" }`, or "
                                 "use `launch fargate`");
    }
    if (runs == RUNS_FARGATE) {
        if (sv->placement.len) {
            dg = diag_error(k->de, sv->placement_span, "E0522",
                            "placement strategies are not supported on Fargate");
            diag_note(dg, runs_at, "service '%s' runs on Fargate", sv->name);
            diag_note(dg, SPAN_NONE, "remove `placement`; Fargate spreads tasks across "
                                     "Availability Zones itself");
        }
        if (sv->constraints.len || sv->distinct_instance) {
            const IrPlacement *p = sv->constraints.len ? sv->constraints.items[0] : NULL;
            dg = diag_error(k->de, p ? p->span : sv->name_span, "E0522",
                            "placement constraints are not supported on Fargate");
            diag_note(dg, runs_at, "service '%s' runs on Fargate", sv->name);
            diag_note(dg, SPAN_NONE, "remove `constraint`");
        }
    } else if (sv->placement.len > 5) {
        const IrPlacementStrategy *p = sv->placement.items[5];
        dg = diag_error(k->de, p->span, "E0522",
                        "service '%s' has %d placement strategies; ECS takes at most 5",
                        sv->name, sv->placement.len);
        diag_note(dg, SPAN_NONE, "remove some `placement` lines");
    }
    if (sv->public_ip == IR_TRI_TRUE && runs != RUNS_FARGATE && task_net(t) == IR_NET_AWSVPC) {
        dg = diag_error(k->de, or_span(sv->public_ip_span, sv->name_span), "E0521",
                        "service '%s' asks for public IPs, but only Fargate tasks get them",
                        sv->name);
        diag_note(dg, runs_at, "the service runs on EC2");
        diag_note(dg, SPAN_NONE, "remove `public_ip`; tasks on EC2 reach the internet through "
                                 "a NAT gateway");
    }
}

static void check_network(DCheck *k, const IrService *sv)
{
    const IrTask *t = sv->task.target;
    if (!t)
        return;
    Diagnostic *dg;
    if (task_net(t) == IR_NET_AWSVPC) {
        if (!ref_given(&sv->subnets)) {
            dg = diag_error(k->de, sv->name_span, "E0515",
                            "service '%s' has no subnets for its awsvpc tasks", sv->name);
            note_task_network(t, dg);
            diag_note(dg, SPAN_NONE, "each task gets a network interface in one of the "
                                     "subnets: add `subnets subnets` with `param subnets "
                                     "[subnet_id]`");
        } else {
            check_use(k, &sv->subnets, IR_PARAM_SUBNET_ID, true, "subnets");
        }
        if (ref_given(&sv->security_groups))
            check_use(k, &sv->security_groups, IR_PARAM_SECURITY_GROUP_ID, true,
                      "security_groups");
        return;
    }
    const char *what = ref_given(&sv->subnets) ? "subnets"
                       : ref_given(&sv->security_groups) ? "security_groups"
                       : sv->public_ip != IR_TRI_UNSET ? "public_ip" : NULL;
    if (!what)
        return;
    Span at = ref_given(&sv->subnets) ? sv->subnets.span
              : ref_given(&sv->security_groups) ? sv->security_groups.span : or_span(sv->public_ip_span, sv->name_span);
    dg = diag_error(k->de, at, "E0516", "`%s` needs network awsvpc, but task '%s' uses %s", what,
                    t->name, net_name(task_net(t)));
    note_task_network(t, dg);
    diag_note(dg, SPAN_NONE, "tasks in %s mode use the instance's network; remove `%s`, or "
                             "give the task `network awsvpc`", net_name(task_net(t)), what);
}

static void check_service(DCheck *k, const IrService *sv)
{
    Diagnostic *dg;
    if (!sv->task.name) {
        dg = diag_error(k->de, sv->name_span, "E0501", "service '%s' has no task", sv->name);
        diag_note(dg, SPAN_NONE, "add `task NAME` naming the task the service runs");
    }
    Span runs_at;
    Runs runs = service_runs(sv, &runs_at);
    if (sv->daemon)
        check_daemon(k, sv, runs);
    else if (sv->desired < 0 && has_span(sv->desired_span)) {
        dg = diag_error(k->de, sv->desired_span, "E0507", "desired count %d is negative",
                        sv->desired);
        diag_note(dg, SPAN_NONE, "write 0 or more; 0 keeps the service with no running task");
    }
    check_rolling(k, sv);
    check_blue_green(k, sv, runs);
    check_compute(k, sv, runs, runs_at);
    check_network(k, sv);
    check_scaling(k, sv);
    if (sv->routes.len > 5) {
        const IrRoute *r = sv->routes.items[5];
        dg = diag_error(k->de, r->span, "E0514",
                        "service '%s' has %d routes; a service takes at most 5 target groups",
                        sv->name, sv->routes.len);
        diag_note(dg, SPAN_NONE, "combine routes with several paths (`route public [\"/a/*\", "
                                 "\"/b/*\"] to …`)");
    }
    check_accepts(k, sv);
    check_deploy_opts(k, sv);
    for (int i = 0; i < sv->routes.len; i++) {
        check_route_shape(k, sv, sv->routes.items[i]);
        check_nlb_route(k, sv, sv->routes.items[i]);
        check_route_conditions(k, sv->routes.items[i]);
        check_target_group(k, sv, i);
    }
}

/* ---- usage warnings ---------------------------------------------------------------------------- */

static void check_unused(DCheck *k)
{
    Map used;
    map_init(&used, k->a);
    bool ec2_launch = false;
    for (int i = 0; i < k->m->services.len; i++) {
        const IrService *sv = k->m->services.items[i];
        Span at;
        ec2_launch |= !sv->capacity.len && runs_ec2(service_runs(sv, &at));
        for (int j = 0; j < sv->routes.len; j++) {
            const IrLoadBalancer *lb = ((const IrRoute *)sv->routes.items[j])->lb.target;
            if (lb)
                map_put(&used, arena_printf(k->a, "lb:%s", lb->name), (void *)lb);
        }
        for (int j = 0; j < sv->capacity.len; j++) {
            const IrCapacity *c = ((const IrCapacityUse *)sv->capacity.items[j])->capacity.target;
            if (c)
                map_put(&used, arena_printf(k->a, "cp:%s", c->name), (void *)c);
        }
    }
    VEC_EACH(const IrSchedule *, sc, k->m->schedules)
        VEC_EACH(const IrCapacityUse *, u, sc->capacity)
            if (u->capacity.target)
                map_put(&used, arena_printf(k->a, "cp:%s", ((const IrCapacity *)u->capacity.target)->name),
                        (void *)u->capacity.target);
    if (k->m->cluster)
        VEC_EACH(const IrCapacityUse *, u, k->m->cluster->default_strategy)
            if (u->capacity.target)
                map_put(&used, arena_printf(k->a, "cp:%s", ((const IrCapacity *)u->capacity.target)->name),
                        (void *)u->capacity.target);
    for (int i = 0; i < k->m->load_balancers.len; i++) {
        const IrLoadBalancer *lb = k->m->load_balancers.items[i];
        if (map_get(&used, arena_printf(k->a, "lb:%s", lb->name)))
            continue;
        Diagnostic *dg = diag_warning(k->de, lb->name_span, "W0050",
                                      "no route uses load balancer '%s'", lb->name);
        diag_note(dg, SPAN_NONE, "it would cost money and serve only its default response; add "
                                 "`route %s \"/*\" to CONTAINER:PORT` to a service, or remove it",
                  lb->name);
    }
    for (int i = 0; i < k->m->capacities.len; i++) {
        const IrCapacity *c = k->m->capacities.items[i];
        if (ec2_launch || c->reserved_name || map_get(&used, arena_printf(k->a, "cp:%s", c->name)))
            continue;
        Diagnostic *dg = diag_warning(k->de, c->name_span, "W0052",
                                      "no service runs on capacity '%s'", c->name);
        diag_note(dg, SPAN_NONE, "its instances would idle; add `capacity %s` to a service, or "
                                 "remove it", c->name);
    }
}

void check_deploy(Sema *s, IrModel *m)
{
    DCheck k = {s, m, s->diag, s->arena};
    check_param_values(&k);
    for (int i = 0; i < m->load_balancers.len; i++) {
        check_load_balancer(&k, m->load_balancers.items[i]);
        check_lb_logs(&k, m->load_balancers.items[i]);
    }
    for (int i = 0; i < m->capacities.len; i++)
        check_capacity(&k, m->capacities.items[i]);
    check_cluster(&k, m->cluster);
    check_existing_cluster(&k, m->cluster);
    check_role_params(&k);
    for (int i = 0; i < m->services.len; i++)
        check_service(&k, m->services.items[i]);
    check_rules(&k);
    check_discovery(&k);
    check_nlb_listeners(&k);
    check_unused(&k);
    check_rule_quota(&k);
    for (int i = 0; i < m->services.len; i++) {
        const IrService *sv = m->services.items[i];
        for (int j = 0; j < sv->routes.len; j++)
            check_route_health(&k, sv->routes.items[j]);
        const IrTask *t = sv->task.target;
        if (sv->exec == IR_TRI_TRUE && t && !t->role.name && !t->role_arn) {
            Diagnostic *dg = diag_error(s->diag, sv->name_span, "E0525",
                                        "service '%s' enables ECS Exec, but task '%s' has no task role",
                                        sv->name, t->name);
            diag_note(dg, t->name_span, "the SSM agent in the task needs a task role to open sessions");
            diag_note(dg, SPAN_NONE, "add `role NAME` to the task (ecsc grants the role the ssmmessages "
                                     "actions ECS Exec needs)");
        }
    }
}
