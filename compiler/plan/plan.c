/* plan.c - the resources of an application, in template order.
 *
 * One builder per declaration kind, called in the order the template
 * lists them: the cluster, capacity, the provider association, roles,
 * tasks, load balancers, services.  Each decides which resources its
 * declaration yields; names come from plan_names.c, network decisions
 * from plan_net.c.
 */
#include "plan/plan.h"
#include "plan/plan_int.h"

#include "base/names.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

static const char *const kind_types[] = {
#define PLAN_TYPE(k, type, pattern) type,
    PLAN_KINDS(PLAN_TYPE)
#undef PLAN_TYPE
};

const char *plan_kind_type(PlanKind k)
{
    return kind_types[k];
}

/* ---- the registry ------------------------------------------------------------------ */

/* A pointer-keyed open-addressing table. */
static size_t slot_of(const PlanIndex *ix, int k, const void *decl, const void *sub)
{
    uint64_t h = (uint64_t)(uintptr_t)decl * 0x9e3779b97f4a7c15u;
    h ^= (uint64_t)(uintptr_t)sub * 0xc2b2ae3d27d4eb4fu + (uint64_t)k;
    h ^= h >> 29;
    return (size_t)h & (ix->cap - 1);
}

static void index_put(Arena *a, PlanIndex *ix, PlanSlot e)
{
    if (2 * (ix->len + 1) > ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 256;
        PlanIndex bigger = {ARENA_ARRAY(a, PlanSlot, cap), cap, 0};     /* zeroed */
        for (size_t i = 0; i < ix->cap; i++)
            if (ix->slots[i].value)
                index_put(a, &bigger, ix->slots[i]);
        *ix = bigger;
    }
    size_t i = slot_of(ix, e.kind, e.decl, e.sub);
    while (ix->slots[i].value)
        i = (i + 1) & (ix->cap - 1);
    ix->slots[i] = e;
    ix->len++;
}

void plan_index(PlanBuild *b, int kind, const void *decl, const void *sub, void *value)
{
    index_put(b->plan.arena, &b->index, (PlanSlot){kind, decl, sub, value});
}

void *plan_lookup(const Plan *p, int kind, const void *decl, const void *sub)
{
    const PlanIndex *ix = &((const PlanBuild *)p)->index;
    if (!ix->cap)
        return NULL;
    for (size_t i = slot_of(ix, kind, decl, sub); ix->slots[i].value; i = (i + 1) & (ix->cap - 1)) {
        const PlanSlot *e = &ix->slots[i];
        if (e->kind == kind && e->decl == decl && e->sub == sub)
            return e->value;
    }
    return NULL;
}

PlanRes *plan_find(const Plan *p, PlanKind kind, const void *decl, const void *sub)
{
    return plan_lookup(p, (int)kind, decl, sub);
}

PlanRes *plan_by_id(const Plan *p, const char *id)
{
    return map_get(&p->by_id, id);
}

PlanRes *plan_add(PlanBuild *b, PlanKind kind, const char *id, const void *decl, const void *sub)
{
    Plan *p = &b->plan;
    PlanRes *r = ARENA_NEW(p->arena, PlanRes);
    r->kind = kind;
    r->id = id;
    r->owner = b->owner;
    r->what = b->what;
    r->span = b->span;
    r->decl = decl;
    r->sub = sub;
    r->index = p->res.len;
    vec_push(p->arena, &p->res, r);
    plan_index(b, (int)kind, decl, sub, r);
    /* A clash is plan_check's to report; the first keeps the id here. */
    map_put(&p->by_id, id, r);
    return r;
}

void plan_ref(PlanBuild *b, PlanRes *from, const PlanRes *to)
{
    if (!from || !to)
        return;
    VEC_EACH(const PlanRes *, r, from->refs)
        if (r == to)
            return;
    vec_push(b->plan.arena, &from->refs, (void *)to);
}

void plan_output(PlanBuild *b, const char *id, const PlanRes *res, const char *attr,
                 const char *desc)
{
    PlanOutput *o = ARENA_NEW(b->plan.arena, PlanOutput);
    o->id = id;
    o->res = res;
    o->attr = attr;
    o->desc = desc;
    vec_push(b->plan.arena, &b->plan.outputs, o);
}

void plan_owner(PlanBuild *b, const char *owner, const char *what, Span span)
{
    b->owner = owner;
    b->what = what;
    b->span = span;
}

const PlanService *plan_service(const Plan *p, const IrService *sv)
{
    return plan_lookup(p, PLAN_REC_SERVICE, sv, NULL);
}

const PlanRoute *plan_route(const Plan *p, const IrRoute *r)
{
    return plan_lookup(p, PLAN_REC_ROUTE, r, NULL);
}

const PlanTask *plan_task(const Plan *p, const IrTask *t)
{
    return plan_lookup(p, PLAN_REC_TASK, t, NULL);
}

const PlanParam *plan_param(const Plan *p, const IrParam *param)
{
    return plan_lookup(p, PLAN_REC_PARAM, param, NULL);
}

const PlanParam *plan_param_named(const Plan *p, const char *name)
{
    return map_get(&p->params_by_name, name);
}

const PlanLoadBalancer *plan_lb(const Plan *p, const IrLoadBalancer *lb)
{
    return plan_lookup(p, PLAN_REC_LB, lb, NULL);
}

const PlanCapacity *plan_capacity(const Plan *p, const IrCapacity *c)
{
    return plan_lookup(p, PLAN_REC_CAPACITY, c, NULL);
}

/* ---- the builders, in template order ---------------------------------------------- */

static void build_cluster(PlanBuild *b)
{
    Plan *p = &b->plan;
    const IrCluster *cl = p->m->cluster;
    plan_owner(b, "cluster", "the cluster", cl ? cl->span : SPAN_NONE);
    plan_namespaces(b);
    if (!ir_cluster_existing(cl)) {
        p->cluster = plan_add(b, PLAN_CLUSTER, "Cluster", NULL, NULL);
        p->cluster->aws_name = p->cluster_name;
        plan_ref(b, p->cluster, p->connect_ns);
    }
    plan_output(b, "ClusterName", p->cluster, NULL, "the ECS cluster");
}

static void build_capacity(PlanBuild *b, int i)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrCapacity *c = p->m->capacities.items[i];
    PlanCapacity *pc = &p->capacities[i];
    pc->cap = c;
    plan_index(b, PLAN_REC_CAPACITY, c, NULL, pc);
    plan_owner(b, arena_printf(a, "capacity-%s", c->name),
               arena_printf(a, "capacity '%s'", c->name), c->name_span);
    const char *base = names_camel(a, c->name, "");
    pc->provider_name = plan_aws_name(b, c->name, 255);
    pc->role = plan_add(b, PLAN_INSTANCE_ROLE, plan_id(b, PLAN_INSTANCE_ROLE, base, 0), c, NULL);
    pc->profile = plan_add(b, PLAN_INSTANCE_PROFILE, plan_id(b, PLAN_INSTANCE_PROFILE, base, 0), c, NULL);
    plan_ref(b, pc->profile, pc->role);
    pc->vpc = plan_capacity_vpc(p, c);
    if (pc->vpc) {
        pc->sg = plan_add(b, PLAN_INSTANCE_SG, plan_id(b, PLAN_INSTANCE_SG, base, 0), c, NULL);
        plan_capacity_ingress_refs(b, pc);
    }
    pc->launch_template = plan_add(b, PLAN_LAUNCH_TEMPLATE, plan_id(b, PLAN_LAUNCH_TEMPLATE, base, 0), c, NULL);
    plan_ref(b, pc->launch_template, pc->profile);
    plan_ref(b, pc->launch_template, pc->sg);
    plan_ref(b, pc->launch_template, p->cluster);
    pc->asg = plan_add(b, PLAN_AUTO_SCALING, plan_id(b, PLAN_AUTO_SCALING, base, 0), c, NULL);
    plan_ref(b, pc->asg, pc->launch_template);
    pc->provider = plan_add(b, PLAN_CAPACITY_PROVIDER, plan_id(b, PLAN_CAPACITY_PROVIDER, base, 0), c, NULL);
    pc->provider->aws_name = pc->provider_name;
    plan_ref(b, pc->provider, pc->asg);
}

static void build_association(PlanBuild *b)
{
    Plan *p = &b->plan;
    if (!plan_needs_association(p->m))
        return;
    plan_owner(b, "cluster", "the cluster", p->m->cluster ? p->m->cluster->span : SPAN_NONE);
    p->association = plan_add(b, PLAN_ASSOCIATION, "ClusterCapacityProviders", NULL, NULL);
    plan_ref(b, p->association, p->cluster);
    for (int i = 0; i < p->m->capacities.len; i++)
        plan_ref(b, p->association, p->capacities[i].provider);
}

static void build_role(PlanBuild *b, int i)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrRole *r = p->m->roles.items[i];
    p->roles[i].role = r;
    if (!plan_role_created(p->m, r))
        return;
    plan_owner(b, arena_printf(a, "role-%s", r->name), arena_printf(a, "role '%s'", r->name),
               r->name_span);
    PlanRes *res = plan_add(b, PLAN_ROLE, plan_id(b, PLAN_ROLE, names_camel(a, r->name, ""), 0), r, NULL);
    res->aws_name = r->role_name;
    p->roles[i].res = res;
    plan_output(b, arena_printf(a, "%sArn", res->id), res, "Arn",
                arena_printf(a, "ARN of role '%s'", r->name));
}

/* The role resource a task's role reference names, when the stack makes it. */
static PlanRes *role_res(const Plan *p, const IrRef *rr)
{
    for (int i = 0; rr->target && i < p->m->roles.len; i++)
        if (p->roles[i].role == rr->target)
            return p->roles[i].res;
    return NULL;
}

static void build_task(PlanBuild *b, int i)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrTask *t = p->m->tasks.items[i];
    PlanTask *pt = &p->tasks[i];
    pt->task = t;
    plan_index(b, PLAN_REC_TASK, t, NULL, pt);
    plan_owner(b, arena_printf(a, "task-%s", t->name), arena_printf(a, "task '%s'", t->name),
               t->name_span);
    const char *base = names_camel(a, t->name, "");
    plan_log_groups(b, pt);
    if (t->exec_role_implied) {
        pt->exec_role = plan_add(b, PLAN_EXEC_ROLE, plan_id(b, PLAN_EXEC_ROLE, base, 0), t, NULL);
        pt->exec_role->aws_name = t->exec_role_name;
        VEC_EACH(const PlanLogGroup *, lg, pt->log_groups)
            plan_ref(b, pt->exec_role, lg->res);
        plan_output(b, arena_printf(a, "%sArn", pt->exec_role->id), pt->exec_role, "Arn",
                    arena_printf(a, "ARN of the execution role of task '%s'", t->name));
    }
    pt->task_def = plan_add(b, PLAN_TASK_DEF, plan_id(b, PLAN_TASK_DEF, base, 0), t, NULL);
    VEC_EACH(const PlanLogGroup *, lg, pt->log_groups)
        plan_ref(b, pt->task_def, lg->res);
    plan_ref(b, pt->task_def, role_res(p, &t->role));
    plan_ref(b, pt->task_def, pt->exec_role ? pt->exec_role : role_res(p, &t->exec_role));
}

static void build_load_balancer(PlanBuild *b, int i)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrLoadBalancer *lb = p->m->load_balancers.items[i];
    PlanLoadBalancer *pl = &p->lbs[i];
    pl->lb = lb;
    plan_index(b, PLAN_REC_LB, lb, NULL, pl);
    const char *owner = arena_printf(a, "load_balancer-%s", lb->name);
    plan_owner(b, owner, arena_printf(a, "load_balancer '%s'", lb->name), lb->name_span);
    const char *base = names_camel(a, lb->name, "");
    pl->aws_name = plan_aws_name(b, lb->name, 32);
    pl->listeners = ARENA_ARRAY(a, PlanRes *, lb->listeners.len ? lb->listeners.len : 1);
    if (lb->existing)
        return;     /* routes add rules to a listener the stack does not own */
    if (lb->internal) {
        PlanParam *pp = ARENA_NEW(a, PlanParam);
        pp->id = arena_printf(a, "%sLoadBalancerIngressCidr", base);
        pp->lb = lb;
        pp->owner = owner;
        pp->span = lb->name_span;
        pp->what = b->what;
        vec_push(a, &p->params, pp);
        pl->ingress_cidr = pp;
    }
    if (lb->has_logs && lb->logs_create) {
        pl->log_bucket = plan_add(b, PLAN_LOG_BUCKET, plan_id(b, PLAN_LOG_BUCKET, base, 0), lb, NULL);
        pl->log_policy = plan_add(b, PLAN_LOG_POLICY, plan_id(b, PLAN_LOG_POLICY, base, 0), lb, NULL);
        plan_ref(b, pl->log_policy, pl->log_bucket);
    }
    pl->sg = plan_add(b, PLAN_LB_SG, plan_id(b, PLAN_LB_SG, base, 0), lb, NULL);
    pl->lb_res = plan_add(b, PLAN_LOAD_BALANCER, plan_id(b, PLAN_LOAD_BALANCER, base, 0), lb, NULL);
    pl->lb_res->aws_name = pl->aws_name;
    plan_ref(b, pl->lb_res, pl->sg);
    if (pl->log_bucket) {
        /* ELB checks that it may write to the bucket when logs are turned on */
        plan_ref(b, pl->lb_res, pl->log_bucket);
        plan_ref(b, pl->lb_res, pl->log_policy);
    }
    VEC_EACH(const IrListener *, l, lb->listeners) {
        PlanRes *r = plan_add(b, PLAN_LISTENER, plan_id(b, PLAN_LISTENER, base, l->port), l, NULL);
        plan_ref(b, r, pl->lb_res);
        pl->listeners[l_i] = r;
    }
    plan_output(b, arena_printf(a, "%sDnsName", pl->lb_res->id), pl->lb_res, "DNSName",
                arena_printf(a, "DNS name of load balancer '%s'", lb->name));
    if (pl->log_bucket)
        plan_output(b, arena_printf(a, "%sName", pl->log_bucket->id), pl->log_bucket, NULL,
                    arena_printf(a, "the bucket of the access logs of load balancer '%s'", lb->name));
}

void plan_init_build(PlanBuild *b, Arena *a, const IrModel *m)
{
    memset(b, 0, sizeof *b);
    Plan *p = &b->plan;
    p->arena = a;
    p->m = m;
    map_init(&p->by_id, a);
    map_init(&p->params_by_name, a);
    const IrCluster *cl = m->cluster;
    /* an existing cluster's param: its value, once plan_values knows it */
    p->cluster_name = ir_cluster_existing(cl) ? cl->existing
                      : m->app->name ? plan_aws_name(b, NULL, 255) : "default";
    int n = m->capacities.len, r = m->roles.len, t = m->tasks.len, l = m->load_balancers.len,
        s = m->services.len;
    p->capacities = ARENA_ARRAY(a, PlanCapacity, n ? n : 1);
    p->roles = ARENA_ARRAY(a, PlanRole, r ? r : 1);
    p->tasks = ARENA_ARRAY(a, PlanTask, t ? t : 1);
    p->lbs = ARENA_ARRAY(a, PlanLoadBalancer, l ? l : 1);
    p->services = ARENA_ARRAY(a, PlanService, s ? s : 1);
    p->schedules = ARENA_ARRAY(a, PlanSchedule, m->schedules.len ? m->schedules.len : 1);
    memset(p->capacities, 0, sizeof *p->capacities * (size_t)(n ? n : 1));
    memset(p->roles, 0, sizeof *p->roles * (size_t)(r ? r : 1));
    memset(p->tasks, 0, sizeof *p->tasks * (size_t)(t ? t : 1));
    memset(p->lbs, 0, sizeof *p->lbs * (size_t)(l ? l : 1));
    memset(p->services, 0, sizeof *p->services * (size_t)(s ? s : 1));
    /* the index sized for four entries per declaration (shop-N has 3.7), at
       most half full: it grows only for unusual applications, instead of
       being rehashed from 256 slots up (eight times at shop-1000) */
    size_t want = 4 * (size_t)(n + r + t + l + s + m->params.len) + 64, cap = 256;
    while (cap < 2 * want)
        cap *= 2;
    b->index.slots = ARENA_ARRAY(a, PlanSlot, cap);     /* zeroed */
    b->index.cap = cap;
}

Plan *plan_build(Arena *a, const IrModel *m)
{
    PlanBuild *b = ARENA_NEW(a, PlanBuild);
    plan_init_build(b, a, m);
    Plan *p = &b->plan;
    VEC_EACH(const IrParam *, prm, m->params) {
        PlanParam *pp = ARENA_NEW(a, PlanParam);
        pp->id = names_camel(a, prm->name, "");
        pp->param = prm;
        pp->span = prm->name_span;
        pp->what = arena_printf(a, "param '%s'", prm->name);
        vec_push(a, &p->params, pp);
        plan_index(b, PLAN_REC_PARAM, prm, NULL, pp);
        map_put(&p->params_by_name, prm->name, pp);
    }
    build_cluster(b);
    for (int i = 0; i < m->capacities.len; i++)
        build_capacity(b, i);
    build_association(b);
    for (int i = 0; i < m->roles.len; i++)
        build_role(b, i);
    for (int i = 0; i < m->tasks.len; i++)
        build_task(b, i);
    for (int i = 0; i < m->load_balancers.len; i++)
        build_load_balancer(b, i);
    for (int i = 0; i < m->services.len; i++)
        plan_build_service(b, i);
    plan_service_ingress(b);
    plan_schedules(b);
    return p;
}
