/* plan_net.c - decisions about existence and networking: which roles and
 * log groups the stack creates, where security groups live, which host
 * ports a load balancer reaches, whether capacity providers must be
 * associated with the cluster.
 */
#include "plan/plan_int.h"

#include "base/names.h"
#include "model/ir_names.h"

#include <stdio.h>
#include <string.h>

/* A role declared with `arn "…"` exists already: the stack creates the
   others. */
bool plan_role_created(const IrModel *m, const IrRole *r)
{
    (void)m;
    return !r->explicit_arn;
}

static bool uses_provider_strategy(const IrService *sv)
{
    return sv->capacity.len > 0 && !sv->daemon;
}

/* A cluster ecsc creates gets the providers its services name; an existing
   cluster only those of ecsc's own capacity (the association replaces a
   cluster's whole provider list, and a shared cluster is assumed to have
   FARGATE and FARGATE_SPOT already). */
bool plan_needs_association(const IrModel *m)
{
    if (m->capacities.len || (m->cluster && m->cluster->default_strategy.len))
        return true;
    if (ir_cluster_existing(m->cluster))
        return false;
    VEC_EACH(const IrService *, sv, m->services)
        if (uses_provider_strategy(sv))
            return true;
    VEC_EACH(const IrSchedule *, sc, m->schedules)
        if (sc->capacity.len)
            return true;
    return false;
}

/* Whether the service's tasks run on the instances of capacity `c`. */
bool plan_runs_on(const IrService *sv, const IrCapacity *c)
{
    if (sv->capacity.len) {
        VEC_EACH(const IrCapacityUse *, u, sv->capacity)
            if (u->capacity.target == c)
                return true;
        return false;
    }
    return sv->launch == IR_LAUNCH_EC2;
}

/* Whether listener `l` carries route `r`: it forwards, and the route does
   not pin another port. */
bool plan_route_on(const IrRoute *r, const IrListener *l)
{
    return !ir_listener_redirects(l)
        && (r->listener_port == IR_UNSET || r->listener_port == l->port);
}

/* The listener of a Network Load Balancer whose default action forwards
   to route `r` (NULL: not on a Network Load Balancer). */
const IrListener *plan_nlb_listener(const IrRoute *r)
{
    const IrLoadBalancer *lb = r->lb.target;
    if (!lb || !lb->network)
        return NULL;
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (plan_route_on(r, l))
            return l;
    return NULL;
}

/* The IP protocol a route's traffic takes to the tasks: "udp" through a
   UDP listener, else "tcp". */
const char *plan_route_ip_protocol(const IrRoute *r)
{
    const IrListener *l = plan_nlb_listener(r);
    return l && l->proto == IR_LISTEN_UDP ? "udp" : "tcp";
}

static bool given(const IrParamRef *r)
{
    return r->param.name || r->literal.len;
}

/* The model's only vpc_id param, as a reference (NULL: none, or several). */
static const IrParamRef *only_vpc_param(const Plan *p)
{
    const IrParam *found = NULL;
    VEC_EACH(const IrParam *, prm, p->m->params) {
        if (prm->type != IR_PARAM_VPC_ID || prm->is_list)
            continue;
        if (found)
            return NULL;
        found = prm;
    }
    if (!found)
        return NULL;
    IrParamRef *r = ARENA_NEW(p->arena, IrParamRef);
    r->param.name = found->name;
    r->param.target = (void *)found;
    r->span = found->name_span;
    return r;
}

/* The VPC of a capacity's security group: that of a load balancer routing
   to bridge/host tasks on it, else the model's only vpc_id param. */
const IrParamRef *plan_capacity_vpc(const Plan *p, const IrCapacity *c)
{
    VEC_EACH(const IrService *, sv, p->m->services) {
        const IrTask *t = sv->task.target;
        if (!plan_runs_on(sv, c) || t->net == IR_NET_AWSVPC)
            continue;
        VEC_EACH(const IrRoute *, r, sv->routes) {
            const IrLoadBalancer *lb = r->lb.target;
            if (given(&lb->vpc))
                return &lb->vpc;
        }
    }
    return only_vpc_param(p);
}

/* The VPC of a service's task security group: that of a load balancer it
   routes through, else the model's only vpc_id param. */
const IrParamRef *plan_service_vpc(const Plan *p, const IrService *sv)
{
    VEC_EACH(const IrRoute *, r, sv->routes) {
        const IrLoadBalancer *lb = r->lb.target;
        if (lb && given(&lb->vpc))
            return &lb->vpc;
    }
    return only_vpc_param(p);
}

/* The instances admit the load balancers of the bridge/host services on
   them: the security group names theirs. */
void plan_capacity_ingress_refs(PlanBuild *b, PlanCapacity *pc)
{
    const Plan *p = &b->plan;
    VEC_EACH(const IrService *, sv, p->m->services) {
        const IrTask *t = sv->task.target;
        if (!plan_runs_on(sv, pc->cap) || t->net == IR_NET_AWSVPC)
            continue;
        VEC_EACH(const IrRoute *, r, sv->routes)
            plan_ref(b, pc->sg, plan_find(p, PLAN_LB_SG, r->lb.target, NULL));
    }
}

/* The host port range the load balancer reaches a task on: the container
   port (awsvpc, host), a fixed host port, or the dynamic range (bridge). */
void plan_host_ports(const IrTask *t, const IrRoute *r, int *lo, int *hi)
{
    *lo = *hi = r->port;
    if (t->net != IR_NET_BRIDGE && t->net != IR_NET_DEFAULT)
        return;
    const IrContainer *c = r->container.target;
    if (c)
        VEC_EACH(const IrPort *, port, c->ports)
            if (port->container_port == r->port && !port->host_dynamic && port->host_port > 0) {
                *lo = *hi = port->host_port;
                return;
            }
    *lo = 32768;
    *hi = 65535;
}

static bool is_awslogs(const IrLog *log)
{
    return log && log->driver && strcmp(log->driver, "awslogs") == 0 && log->group;
}

/* An awslogs option as the task definition has it: a `{ awslogs-… = … }`
   option overrides the native word. */
static const char *log_option(const IrLog *log, const char *key, const char *native)
{
    const char *v = native;
    VEC_EACH(const IrKV *, kv, log->options)
        if (strcmp(kv->key, key) == 0)
            v = kv->value;
    return v;
}

/* The awslogs groups of a task's containers, each the first time the
   application names it; the stack creates those in its own region. */
void plan_log_groups(PlanBuild *b, PlanTask *pt)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrTask *t = pt->task;
    PlanBuild *pb = b;
    if (!pb->log_groups.arena)
        map_init(&pb->log_groups, a);
    VEC_EACH(const IrContainer *, c, t->containers) {
        if (!is_awslogs(c->log))
            continue;
        const char *name = log_option(c->log, "awslogs-group", c->log->group);
        PlanLogGroup *lg = map_get(&pb->log_groups, name);
        if (lg) {
            bool listed = false;
            VEC_EACH(const PlanLogGroup *, x, pt->log_groups)
                listed |= x == lg;
            if (!listed)
                vec_push(a, &pt->log_groups, lg);
            continue;
        }
        lg = ARENA_NEW(a, PlanLogGroup);
        lg->name = name;
        lg->region = log_option(c->log, "awslogs-region", c->log->region);
        lg->retain_days = c->log->retain_days != IR_UNSET ? c->log->retain_days : 30;
        map_put(&pb->log_groups, name, lg);
        vec_push(a, &pt->log_groups, lg);
        const char *app_region = p->m->app->region;
        if (lg->region && app_region && strcmp(lg->region, app_region) != 0)
            continue;   /* a stack creates resources in its own region only */
        const char *id = plan_id(b, PLAN_LOG_GROUP, names_camel(a, t->name, ""), 0);
        if (plan_by_id(p, id))
            id = plan_id(b, PLAN_LOG_GROUP,
                         names_camel(a, arena_printf(a, "%s-%s", t->name, c->name), ""), 0);
        lg->res = plan_add(b, PLAN_LOG_GROUP, id, t, c);
        lg->res->aws_name = name;
    }
}

const PlanLogGroup *plan_log_group_named(const Plan *p, const char *name)
{
    const Map *groups = &((const PlanBuild *)p)->log_groups;
    return groups->arena ? map_get(groups, name) : NULL;
}

/* The log group a container's awslogs configuration names, or NULL. */
const PlanLogGroup *plan_log_group(const Plan *p, const IrContainer *c)
{
    if (!is_awslogs(c->log))
        return NULL;
    return plan_log_group_named(p, log_option(c->log, "awslogs-group", c->log->group));
}
