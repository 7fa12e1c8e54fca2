/* plan_discovery.c - what service discovery and schedules become: the
 * Cloud Map namespaces the stack creates (in the cluster's fragment,
 * before the cluster, whose Service Connect default names the HTTP one),
 * a service's Cloud Map service for `discovery`, the deploy-time values
 * services/<name>.json needs for them, and each `schedule`'s EventBridge
 * Scheduler schedule and role.
 */
#include "plan/plan_int.h"

#include "base/names.h"

#include <string.h>

int plan_connect_port(const IrConnect *c)
{
    const IrPort *p = c->port.target;
    if (c->alias_port != IR_UNSET)
        return c->alias_port;
    return p ? p->container_port : IR_UNSET;
}

const char *plan_connect_alias(const IrConnect *c)
{
    return c->alias ? c->alias : c->discovery ? c->discovery : c->port.name;
}

unsigned plan_schedule_launch(const IrSchedule *sc)
{
    const IrTask *t = sc->task.target;
    if (sc->launch || sc->capacity.len)
        return sc->launch;
    return t && (t->launch & IR_LAUNCH_FARGATE) ? IR_LAUNCH_FARGATE : IR_LAUNCH_EC2;
}

void plan_namespaces(PlanBuild *b)
{
    Plan *p = &b->plan;
    const IrCluster *cl = p->m->cluster;
    if (!cl)
        return;
    if (cl->connect_ns && cl->connect_ns->name) {
        p->connect_ns = plan_add(b, PLAN_HTTP_NAMESPACE, plan_id(b, PLAN_HTTP_NAMESPACE, "", 0),
                                 cl->connect_ns, NULL);
        p->connect_ns->aws_name = cl->connect_ns->name;
        plan_output(b, arena_printf(p->arena, "%sArn", p->connect_ns->id), p->connect_ns, "Arn",
                    "the Cloud Map namespace of Service Connect");
    }
    if (cl->dns_ns && cl->dns_ns->name) {
        p->dns_ns = plan_add(b, PLAN_DNS_NAMESPACE, plan_id(b, PLAN_DNS_NAMESPACE, "", 0),
                             cl->dns_ns, NULL);
        p->dns_ns->aws_name = cl->dns_ns->name;
        plan_output(b, arena_printf(p->arena, "%sId", p->dns_ns->id), p->dns_ns, "Id",
                    "the private DNS namespace of the service registries");
    }
}

void plan_service_registry(PlanBuild *b, PlanService *ps)
{
    Plan *p = &b->plan;
    const IrService *sv = ps->sv;
    if (!sv->registry)
        return;
    ps->registry = plan_add(b, PLAN_SD_SERVICE, plan_id(b, PLAN_SD_SERVICE, ps->base, 0), sv, NULL);
    ps->registry->aws_name = sv->registry->name ? sv->registry->name : sv->name;
    plan_ref(b, ps->registry, p->dns_ns);
    plan_output(b, arena_printf(p->arena, "%sArn", ps->registry->id), ps->registry, "Arn",
                arena_printf(p->arena, "Cloud Map service of service '%s'", sv->name));
}

void plan_service_discovery_values(PlanBuild *b, PlanService *ps)
{
    const IrService *sv = ps->sv;
    const IrCluster *cl = b->plan.m->cluster;
    if (ps->registry)
        ps->registry_arn = plan_value_arn(
            b, ps, ps->registry,
            arena_printf(b->plan.arena, "Cloud Map service %s", ps->registry->aws_name),
            "servicediscovery", ":service/", "arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-…",
            sv->registry->span);
    if (sv->connects.len && cl && cl->connect_ns && !cl->connect_ns->name)
        ps->connect_ns = plan_value_param(b, ps, &cl->connect_ns->existing,
                                          "arn:aws:servicediscovery:REGION:ACCOUNT:namespace/ns-…");
}

static void plan_schedule(PlanBuild *b, int i)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrSchedule *sc = p->m->schedules.items[i];
    PlanSchedule *pk = &p->schedules[i];
    pk->sc = sc;
    plan_owner(b, arena_printf(a, "schedule-%s", sc->name),
               arena_printf(a, "schedule '%s'", sc->name), sc->name_span);
    const char *base = names_camel(a, sc->name, "");
    pk->aws_name = plan_aws_name(b, sc->name, 64);
    pk->launch = plan_schedule_launch(sc);
    const PlanTask *pt = plan_task(p, sc->task.target);
    pk->role = plan_add(b, PLAN_SCHEDULE_ROLE, plan_id(b, PLAN_SCHEDULE_ROLE, base, 0), sc, NULL);
    plan_ref(b, pk->role, pt->task_def);
    plan_ref(b, pk->role, pt->exec_role);
    plan_ref(b, pk->role, plan_find(p, PLAN_ROLE, pt->task->role.target, NULL));
    plan_ref(b, pk->role, plan_find(p, PLAN_ROLE, pt->task->exec_role.target, NULL));
    plan_ref(b, pk->role, p->cluster);
    pk->schedule = plan_add(b, PLAN_SCHEDULE, plan_id(b, PLAN_SCHEDULE, base, 0), sc, NULL);
    pk->schedule->aws_name = pk->aws_name;
    plan_ref(b, pk->schedule, pk->role);
    plan_ref(b, pk->schedule, pt->task_def);
    plan_ref(b, pk->schedule, p->cluster);
    VEC_EACH(const IrCapacityUse *, u, sc->capacity)
        if (u->capacity.target)
            plan_ref(b, pk->schedule, plan_find(p, PLAN_CAPACITY_PROVIDER, u->capacity.target, NULL));
    if (!pk->launch)
        plan_ref(b, pk->schedule, p->association);
}

void plan_schedules(PlanBuild *b)
{
    Plan *p = &b->plan;
    int n = p->m->schedules.len;
    memset(p->schedules, 0, sizeof *p->schedules * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        plan_schedule(b, i);
}
