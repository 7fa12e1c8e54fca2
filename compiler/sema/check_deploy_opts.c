/* check_deploy_opts.c - a service's platform version, Availability Zone
 * rebalancing and deployment alarms (E0760-E0764).  Runs on the effective
 * model, like check_service.c, which calls it per service. */
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
    check_platform(k, sv);
    check_rebalancing(k, sv);
    check_alarms(k, sv);
}
