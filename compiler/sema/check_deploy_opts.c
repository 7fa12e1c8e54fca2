/* check_deploy_opts.c - a service's platform version, Availability Zone
 * rebalancing and deployment alarms (E0760-E0764), and the shape of the
 * things an application names but does not create: an existing cluster
 * (E0765, E0766), roles by a param (E0767) and the security groups
 * a service's tasks get instead of ecsc's (E0768, W0072).  Runs on the effective model, like check_service.c,
 * which calls it. */
#include "sema/check_deploy.h"

#include <ctype.h>
#include <string.h>

/* Whether the service's tasks run on Fargate only: a launch type FARGATE
   (given or the task's), or a strategy of FARGATE/FARGATE_SPOT only. */
static bool runs_fargate(const IrService *sv)
{
    if (!sv->capacity.len)
        return sv->launch == IR_LAUNCH_FARGATE;
    VEC_EACH(const IrCapacityUse *, u, sv->capacity)
        if (u->capacity.name)
            return false;
    return true;
}

/* Where the service says it runs, for the note of E0760. */
static void note_runs(Diagnostic *dg, const IrService *sv)
{
    if (sv->capacity.len) {
        VEC_EACH(const IrCapacityUse *, u, sv->capacity)
            if (u->capacity.name) {
                diag_note(dg, u->span, "the service runs on EC2 capacity '%s' here",
                          u->capacity.name);
                return;
            }
    }
    if (has_span(sv->launch_span)) {
        diag_note(dg, sv->launch_span, "the service's launch type is set here");
        return;
    }
    const IrTask *t = sv->task.target;
    if (t)
        diag_note(dg, t->name_span, "the service takes its launch type from task '%s', which "
                                    "does not include fargate", t->name);
}

/* "LATEST" or MAJOR.MINOR.PATCH. */
static bool version_ok(const char *v)
{
    if (strcmp(v, "LATEST") == 0)
        return true;
    int parts = 0;
    for (const char *p = v; *p;) {
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
        parts++;
        if (*p == '.')
            p++;
        else if (*p)
            return false;
    }
    return parts == 3 && v[strlen(v) - 1] != '.';
}

static void check_platform(DCheck *k, const IrService *sv)
{
    if (!sv->platform_version)
        return;
    Diagnostic *dg;
    if (!runs_fargate(sv)) {
        dg = diag_error(k->de, sv->platform_span, "E0760",
                        "service '%s' sets a platform version, but does not run on Fargate",
                        sv->name);
        note_runs(dg, sv);
        diag_note(dg, SPAN_NONE, "platform versions are Fargate's; remove `platform_version`, or "
                                 "write `launch fargate` (or `capacity fargate`)");
        return;
    }
    if (!version_ok(sv->platform_version)) {
        dg = diag_error(k->de, sv->platform_span, "E0761",
                        "'%s' is not a Fargate platform version", sv->platform_version);
        diag_note(dg, SPAN_NONE, "write `latest`, or a version such as \"1.4.0\" (Linux) or "
                                 "\"1.0.0\" (Windows)");
    }
}

/* ECS turns Availability Zone rebalancing down for a daemon, the EXTERNAL
   launch type, CodeDeploy, a maximum of 100 % (no room to start a task
   first) and a placement constraint on the zone. */
static void check_rebalancing(DCheck *k, const IrService *sv)
{
    if (sv->az_rebalancing != IR_TRI_TRUE)
        return;
    Diagnostic *dg;
    if (sv->daemon) {
        dg = diag_error(k->de, sv->az_span, "E0762",
                        "daemon service '%s' cannot use Availability Zone rebalancing", sv->name);
        diag_note(dg, sv->daemon_span, "the service is a daemon here: one task per instance, "
                                       "wherever the instances are");
        diag_note(dg, SPAN_NONE, "remove `az_rebalancing`");
    } else if (sv->launch == IR_LAUNCH_EXTERNAL && !sv->capacity.len) {
        dg = diag_error(k->de, sv->az_span, "E0762",
                        "service '%s' runs on launch external, which has no Availability Zones",
                        sv->name);
        diag_note(dg, or_span(sv->launch_span, sv->name_span), "the launch type is external here");
        diag_note(dg, SPAN_NONE, "remove `az_rebalancing`");
    } else if (sv->codedeploy) {
        dg = diag_error(k->de, sv->az_span, "E0762",
                        "CodeDeploy service '%s' cannot use Availability Zone rebalancing",
                        sv->name);
        diag_note(dg, sv->bg_span, "the service deploys through CodeDeploy here, which "
                                   "replaces whole task sets");
        diag_note(dg, SPAN_NONE, "ECS rebalances the services it deploys itself: use `via ecs`, "
                                 "or remove `az_rebalancing`");
    } else if (sv->max_percent == 100) {
        dg = diag_error(k->de, sv->az_span, "E0762",
                        "service '%s' has a maximum of 100%%, which leaves Availability Zone "
                        "rebalancing no room", sv->name);
        diag_note(dg, or_span(sv->max_span, sv->rolling_span), "the maximum is set here");
        diag_note(dg, SPAN_NONE, "ECS starts a task in the emptier zone before it stops one; "
                                 "write `rolling max 200%%` (or more than 100%%), or remove "
                                 "`az_rebalancing`");
    }
    VEC_EACH(const IrPlacement *, p, sv->constraints)
        if (strstr(p->expression, "ecs.availability-zone")) {
            dg = diag_error(k->de, sv->az_span, "E0762",
                            "service '%s' pins its tasks' Availability Zones, so ECS cannot "
                            "rebalance them", sv->name);
            diag_note(dg, p->span, "this constraint names the zone");
            diag_note(dg, SPAN_NONE, "remove the constraint, or `az_rebalancing`");
            break;
        }
}

static void check_alarms(DCheck *k, const IrService *sv)
{
    if (!ref_given(&sv->alarms))
        return;
    check_use(k, &sv->alarms, IR_PARAM_STRING, true, "alarms");
    const IrParam *p = sv->alarms.param.target;
    if (sv->codedeploy && p && p->is_list) {
        Diagnostic *dg = diag_error(k->de, sv->alarms.span, "E0764",
                                    "CodeDeploy takes its alarms one by one; list param '%s' "
                                    "cannot be spread in the template", p->name);
        diag_note(dg, p->name_span, "param '%s' is a list here", p->name);
        diag_note(dg, SPAN_NONE, "write the alarm names in quotes (`alarms [\"shop-5xx\", "
                                 "\"shop-latency\"]`), or use a string param for one alarm");
    }
}

void check_deploy_opts(DCheck *k, const IrService *sv)
{
    check_sg_only(k, sv);
    check_platform(k, sv);
    check_rebalancing(k, sv);
    check_alarms(k, sv);
}

/* ---- existing infrastructure ------------------------------------------------------- */

/* An ECS cluster name: 1 to 255 letters, digits, '-' and '_'. */
static bool cluster_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 255)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
            return false;
    return true;
}

/* The `:`-separated field `i` of an ARN (copied into `out`), or false. */
static bool arn_field(const char *arn, int i, char *out, size_t size)
{
    const char *p = arn;
    for (; i > 0 && p; i--) {
        p = strchr(p, ':');
        p = p ? p + 1 : NULL;
    }
    if (!p)
        return false;
    size_t n = strcspn(p, ":");
    if (n >= size)
        return false;
    memcpy(out, p, n);
    out[n] = 0;
    return true;
}

/* arn:PARTITION:ecs:REGION:ACCOUNT:cluster/NAME */
static bool cluster_arn_ok(const char *v)
{
    char f[64];
    const char *name = strstr(v, ":cluster/");
    if (!arn_field(v, 2, f, sizeof f) || strcmp(f, "ecs") != 0 || !name)
        return false;
    if (!arn_field(v, 4, f, sizeof f) || strlen(f) != 12)
        return false;
    for (const char *c = f; *c; c++)
        if (!isdigit((unsigned char)*c))
            return false;
    return arn_field(v, 3, f, sizeof f) && f[0] && cluster_name_ok(name + strlen(":cluster/"));
}

static void bad_cluster(DCheck *k, Span at, const char *v, const char *why)
{
    Diagnostic *dg = diag_error(k->de, at, "E0765", "'%s' is not %s", v, why);
    diag_note(dg, SPAN_NONE, "write the cluster's name (1 to 255 letters, digits, '-' and '_', as "
                             "in \"platform-shared\") or its ARN "
                             "(\"arn:aws:ecs:eu-west-1:123456789012:cluster/platform-shared\")");
}

/* An ARN of another region or account than the application's: ECS runs a
   service in a cluster of its own account and region only. */
static void cluster_elsewhere(DCheck *k, Span at, const char *v)
{
    const IrApp *app = k->m->app;
    char region[64], account[64];
    arn_field(v, 3, region, sizeof region);
    arn_field(v, 4, account, sizeof account);
    bool other_region = app->region && strcmp(region, app->region) != 0;
    bool other_account = app->account && strcmp(account, app->account) != 0;
    if (!other_region && !other_account)
        return;
    Diagnostic *dg = diag_error(k->de, at, "E0766", "cluster '%s' is in %s %s, not the app's",
                                v, other_region ? "region" : "account",
                                other_region ? region : account);
    diag_note(dg, other_region ? app->region_span : app->account_span, "the app's %s is here",
              other_region ? "region" : "account");
    diag_note(dg, SPAN_NONE, "a service runs in a cluster of its own account and region: name a "
                             "cluster there, or build the app for that %s",
              other_region ? "region (`-D region=…`)" : "account");
}

void check_existing_cluster(DCheck *k, const IrCluster *cl)
{
    if (!ir_cluster_existing(cl))
        return;
    const IrParamRef *r = &cl->existing_ref;
    check_use(k, r, IR_PARAM_STRING, false, "existing");
    const IrParam *p = r->param.target;
    if (p) {
        /* the template's scaling and CodeDeploy need the name */
        if (p->value && !p->is_list && !cluster_name_ok(p->value)) {
            Diagnostic *dg = diag_error(k->de, r->param.span, "E0765",
                                        "param '%s' holds '%s', which is not a cluster name",
                                        p->name, p->value);
            diag_note(dg, p->name_span, "param '%s' is declared here", p->name);
            diag_note(dg, SPAN_NONE, "a param for `existing` holds the cluster's name (\"%s\"), "
                                     "not its ARN: the template builds the service's scaling "
                                     "and CodeDeploy names from it",
                      strstr(p->value, ":cluster/") ? strstr(p->value, ":cluster/") + 9
                                                     : "platform-shared");
        }
        return;
    }
    if (r->literal.len != 1)
        return;
    const char *v = r->literal.items[0];
    if (strncmp(v, "arn:", 4) == 0) {
        if (!cluster_arn_ok(v))
            bad_cluster(k, r->span, v, "an ECS cluster ARN");
        else
            cluster_elsewhere(k, r->span, v);
    } else if (!cluster_name_ok(v)) {
        bad_cluster(k, r->span, v, "an ECS cluster name");
    }
}

/* A role whose ARN is a param: a string param with a value, as taskdefs/
   writes the ARN (E0767; its shape is E0804's, check_arn.c). */
void check_role_params(DCheck *k)
{
    VEC_EACH(const IrRole *, r, k->m->roles) {
        const IrParam *p = r->arn_param.target;
        if (!p)
            continue;
        IrParamRef ref = {.param = r->arn_param, .span = r->arn_span};
        check_use(k, &ref, IR_PARAM_STRING, false, arena_printf(k->a, "role '%s': arn", r->name));
        if (r->arn)
            continue;
        Diagnostic *dg = diag_error(k->de, r->arn_span, "E0767",
                                    "role '%s' takes its ARN from param '%s', which has no value",
                                    r->name, p->name);
        diag_note(dg, p->name_span, "param '%s' is declared here", p->name);
        diag_note(dg, SPAN_NONE, "taskdefs/ writes the ARN itself: give the param a default "
                                 "(`param %s string default \"arn:aws:iam::123456789012:role/NAME\"`) "
                                 "or pass -D %s=ARN", p->name, p->name);
    }
}

/* `security_groups … only`: the tasks get no group of ecsc's, so nothing
   can be admitted to it (E0768), and a load balancer reaches them only
   if one of the given groups admits it (W0072). */
void check_sg_only(DCheck *k, const IrService *sv)
{
    if (!sv->sg_only)
        return;
    Diagnostic *dg;
    VEC_EACH(const IrAccept *, ac, sv->accepts) {
        dg = diag_error(k->de, ac->span, "E0768",
                        "service '%s' accepts traffic, but its tasks have only the given "
                        "security groups", sv->name);
        diag_note(dg, sv->sg_only_span, "`only` leaves out the group ecsc would open");
        diag_note(dg, SPAN_NONE, "remove `only` (the tasks then get the given groups and "
                                 "ecsc's), or open the port in the given groups and remove "
                                 "`accept`");
        return;
    }
    VEC_EACH(const IrService *, other, k->m->services)
        VEC_EACH(const IrAccept *, ac, other->accepts)
            if (ac->service.target == sv) {
                dg = diag_error(k->de, ac->from_span, "E0768",
                                "service '%s' is a source of traffic, but its tasks have only "
                                "the given security groups", sv->name);
                diag_note(dg, sv->sg_only_span, "`only` leaves out the group ecsc would "
                                                "name as the source");
                diag_note(dg, SPAN_NONE, "remove `only` in service '%s', or accept its "
                                         "addresses (`accept … from \"10.0.0.0/16\"`)",
                          sv->name);
                return;
            }
    if (sv->routes.len) {
        const IrRoute *r = sv->routes.items[0];
        dg = diag_warning(k->de, sv->sg_only_span, "W0072",
                          "load balancer '%s' reaches the tasks of service '%s' only if one of "
                          "the given security groups admits it", r->lb.name, sv->name);
        diag_note(dg, r->span, "the route is here; ecsc's group would admit the load balancer "
                               "on port %d", r->port);
        diag_note(dg, SPAN_NONE, "remove `only` to add ecsc's group beside the given ones, or "
                                 "make sure the given groups admit the load balancer's group");
    }
}
