/* infer_deploy.c - defaults of the deployment model: parameter values,
 * desired counts, launch types, health-check paths, listener rule
 * priorities, bake times.  What the model becomes in AWS (ids, names,
 * resources) is the plan's (compiler/plan/). */
#include "sema/rules.h"
#include "sema/sema.h"

#include <stdlib.h>
#include <string.h>

static int cmp_specificity(const void *pa, const void *pb)
{
    const IrRoute *a = *(IrRoute *const *)pa, *b = *(IrRoute *const *)pb;
    /* Host-specific rules before host-less ones, longer paths first, and a
       catch-all pattern last; ties keep declaration order (stable by seq below)
       after the rules with more other conditions. */
    if ((a->hosts.len > 0) != (b->hosts.len > 0))
        return a->hosts.len > 0 ? -1 : 1;
    size_t la = a->paths.len ? strlen(a->paths.items[0]) : 0;
    size_t lb = b->paths.len ? strlen(b->paths.items[0]) : 0;
    if (la != lb)
        return la > lb ? -1 : 1;
    /* then rules with more header, query, source and method conditions */
    int ca = a->headers.len + a->query.len + (a->source_ips.len > 0) + (a->methods.len > 0);
    int cb = b->headers.len + b->query.len + (b->source_ips.len > 0) + (b->methods.len > 0);
    return cb - ca;
}

typedef struct RouteSlot {
    IrRoute *route;
    int seq;
} RouteSlot;

static int cmp_slot(const void *pa, const void *pb)
{
    const RouteSlot *a = pa, *b = pb;
    const IrRoute *ra = a->route, *rb = b->route;
    int c = cmp_specificity(&ra, &rb);
    return c ? c : a->seq - b->seq;
}

/* The order by specificity looks at the first path's length; a route
   that another matches entirely (the path "/api/" behind the pattern
   "/api/" and a star, which is longer) would never be reached after it
   (E0442): it moves just before the first route that covers it.  Covering
   is a partial order, so this insertion ends; at most n * n moves. */
static void order_covered_first(RouteSlot *slots, int ns)
{
    long budget = (long)ns * ns;
    for (int j = 1; j < ns && budget > 0; j++) {
        for (int i = 0; i < j && budget > 0; i++, budget--) {
            const IrRoute *a = slots[i].route, *b = slots[j].route;
            if (!rules_route_covers(a, b) || rules_route_covers(b, a))
                continue;
            RouteSlot moved = slots[j];
            memmove(&slots[i + 1], &slots[i], sizeof *slots * (size_t)(j - i));
            slots[i] = moved;
            break;
        }
    }
}

/* Routes without a priority get the free numbers from 1 up, most specific
   first, so explicit priorities are never disturbed. */
static void assign_priorities(Sema *s, IrModel *m)
{
    for (int l = 0; l < m->load_balancers.len; l++) {
        IrLoadBalancer *lb = m->load_balancers.items[l];
        if (lb->network)
            continue;   /* a Network Load Balancer has no listener rules */
        int n = 0;
        for (int i = 0; i < m->services.len; i++) {
            IrService *sv = m->services.items[i];
            for (int k = 0; k < sv->routes.len; k++)
                n += ((IrRoute *)sv->routes.items[k])->lb.target == lb;
        }
        if (!n)
            continue;
        RouteSlot *slots = arena_alloc(s->arena, sizeof(RouteSlot) * (size_t)n);
        char *used = arena_alloc(s->arena, 50001);
        int ns = 0, seq = 0;
        for (int i = 0; i < m->services.len; i++) {
            IrService *sv = m->services.items[i];
            for (int k = 0; k < sv->routes.len; k++) {
                IrRoute *r = sv->routes.items[k];
                if (r->lb.target != lb)
                    continue;
                seq++;
                if (r->priority_span.file != 0) {
                    if (r->priority >= 1 && r->priority <= 50000)
                        used[r->priority] = 1;
                    continue;
                }
                slots[ns++] = (RouteSlot){r, seq};
            }
        }
        qsort(slots, (size_t)ns, sizeof *slots, cmp_slot);
        order_covered_first(slots, ns);
        /* `priorities LO..HI`: from LO, never past HI (E0678 when short) */
        bool range = lb->prio_span.file != 0 && lb->prio_lo >= 1 && lb->prio_hi <= 50000 &&
                     lb->prio_lo <= lb->prio_hi;
        int next = range ? lb->prio_lo : 1, last = range ? lb->prio_hi : 50000;
        for (int i = 0; i < ns; i++) {
            while (next <= last && used[next])
                next++;
            slots[i].route->priority = next <= last ? next++ : last;
        }
    }
}

/* Whether two routes reach the same target: the plan gives them one
   target group, so a health path given to one applies to both. */
static bool same_target(const IrRoute *a, const IrRoute *b)
{
    return a->lb.target == b->lb.target && a->port == b->port
        && strcmp(a->container.name, b->container.name) == 0;
}

/* A route to the target group of an earlier route takes the group's
   settings it does not give (check_route.c reports the ones that differ). */
static void inherit_target(IrRoute *r, const IrRoute *prev)
{
#define INHERIT(f, unset) \
    if (r->f == (unset))  \
        r->f = prev->f;
    INHERIT(health_path, NULL)
    if (!r->health_path && !r->health_tcp)
        r->health_tcp = prev->health_tcp;
    INHERIT(health_codes, NULL)
    INHERIT(health_interval, IR_UNSET)
    INHERIT(health_timeout, IR_UNSET)
    INHERIT(healthy_threshold, IR_UNSET)
    INHERIT(unhealthy_threshold, IR_UNSET)
    INHERIT(health_port, IR_UNSET)
    INHERIT(deregistration, IR_UNSET)
    INHERIT(slow_start, IR_UNSET)
    INHERIT(sticky, IR_UNSET)
#undef INHERIT
}

/* The listener of a Network Load Balancer a route without `port` comes
   through: the one on the container's port, else the only one (several
   others: check_nlb.c asks which, E0665).  A route on an NLB has no
   conditions: it is the listener's default action. */
static void nlb_listener(IrRoute *r, const IrLoadBalancer *lb)
{
    if (r->listener_port != IR_UNSET)
        return;
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (l->port == r->port)
            r->listener_port = l->port;
    if (r->listener_port == IR_UNSET && lb->listeners.len == 1)
        r->listener_port = ((const IrListener *)lb->listeners.items[0])->port;
}

void sema_infer_deploy(Sema *s, IrModel *m)
{
    Arena *a = s->arena;
    for (int i = 0; i < m->params.len; i++) {
        IrParam *p = m->params.items[i];
        const char *v = sema_define(s, p->name);
        p->value = v ? v : p->has_default ? p->default_value : NULL;
    }
    if (!m->cluster) {
        m->cluster = ARENA_NEW(a, IrCluster);
        m->cluster->span = SPAN_NONE;
    }
    if (m->cluster->insights == IR_TRI_UNSET)
        m->cluster->insights = IR_TRI_TRUE;
    /* an existing cluster by name: the name; by ARN, its last part (an
       application's cluster is in its own account and region, E0766) */
    const Vec *lit = &m->cluster->existing_ref.literal;
    if (lit->len) {
        const char *v = lit->items[0];
        const char *slash = strncmp(v, "arn:", 4) == 0 ? strstr(v, ":cluster/") : NULL;
        m->cluster->existing = slash ? slash + strlen(":cluster/") : v;
    }
    for (int i = 0; i < m->capacities.len; i++) {
        IrCapacity *c = m->capacities.items[i];
        if (c->max == IR_UNSET)
            c->max = c->min > 1 ? c->min : 1;
    }
    for (int i = 0; i < m->services.len; i++) {
        IrService *sv = m->services.items[i];
        const IrTask *t = sv->task.target;
        /* "set" is told by the span: -1 is a value a user can write */
        if (!sv->daemon && sv->desired_span.file == 0)
            sv->desired = sv->scaling ? sv->scaling->min : 1;
        if (!sv->launch && !sv->capacity.len && t) {
            if (t->launch & IR_LAUNCH_FARGATE)
                sv->launch = IR_LAUNCH_FARGATE;
            else if (t->launch & IR_LAUNCH_EC2)
                sv->launch = IR_LAUNCH_EC2;
            else if (t->launch & IR_LAUNCH_EXTERNAL)
                sv->launch = IR_LAUNCH_EXTERNAL;
        }
        for (int k = 0; k < sv->routes.len; k++) {
            IrRoute *r = sv->routes.items[k];
            for (int j = 0; j < k; j++) {
                const IrRoute *prev = sv->routes.items[j];
                if (same_target(prev, r))
                    inherit_target(r, prev);
            }
            const IrLoadBalancer *lb = r->lb.target;
            if (lb && lb->network)
                nlb_listener(r, lb);
            else if (!r->health_path)
                r->health_path = "/";
        }
        if (sv->blue_green != IR_BG_NONE && !sv->codedeploy && sv->bake == IR_UNSET)
            sv->bake = 0;   /* the API requires a bake time for native blue/green */
    }
    assign_priorities(s, m);
}
