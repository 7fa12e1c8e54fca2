/* infer_deploy.c - derived values of the deployment model: parameter
 * values, stable CloudFormation logical ids, AWS names within their
 * length limits, listener rule priorities, launch types. */
#include "sema/sema.h"
#include "base/names.h"

#include "base/hash.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>


/* AWS names of at most `max` characters; longer ones keep a prefix and a
   stable hash.  ALB and target group names allow [A-Za-z0-9-] only and may
   not end with '-'. */
static const char *aws_name(Arena *a, const char *name, size_t max)
{
    size_t n = strlen(name);
    char *clean = arena_strdup(a, name);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)clean[i]))
            clean[i] = '-';
    if (n <= max)
        return clean;
    return arena_printf(a, "%.*s-%06" PRIx32, (int)(max - 7), clean, hash_fnv32(name) & 0xffffff);
}

static int cmp_specificity(const void *pa, const void *pb)
{
    const IrRoute *a = *(IrRoute *const *)pa, *b = *(IrRoute *const *)pb;
    /* Host-specific rules before host-less ones, longer paths first, and a
       catch-all pattern last; ties keep declaration order (stable by seq below). */
    if ((a->hosts.len > 0) != (b->hosts.len > 0))
        return a->hosts.len > 0 ? -1 : 1;
    size_t la = a->paths.len ? strlen(a->paths.items[0]) : 0;
    size_t lb = b->paths.len ? strlen(b->paths.items[0]) : 0;
    if (la != lb)
        return la > lb ? -1 : 1;
    return 0;
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

/* Routes without a priority get the free numbers from 1 up, most specific
   first, so explicit priorities are never disturbed. */
static void assign_priorities(Sema *s, IrModel *m)
{
    for (int l = 0; l < m->load_balancers.len; l++) {
        IrLoadBalancer *lb = m->load_balancers.items[l];
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
        int next = 1;
        for (int i = 0; i < ns; i++) {
            while (next <= 50000 && used[next])
                next++;
            slots[i].route->priority = next <= 50000 ? next++ : 50000;
        }
    }
}

/* Where a service's task security group can live: the VPC of a load
   balancer it routes through, or the model's only vpc_id param. */
static bool vpc_known(const IrModel *m, const IrService *sv)
{
    for (int k = 0; k < sv->routes.len; k++) {
        const IrLoadBalancer *lb = ((const IrRoute *)sv->routes.items[k])->lb.target;
        if (lb && (lb->vpc.param.name || lb->vpc.literal.len))
            return true;
    }
    int vpcs = 0;
    for (int i = 0; i < m->params.len; i++) {
        const IrParam *p = m->params.items[i];
        vpcs += p->type == IR_PARAM_VPC_ID && !p->is_list;
    }
    return vpcs == 1;
}

void sema_infer_deploy(Sema *s, IrModel *m)
{
    Arena *a = s->arena;
    const char *app = m->app->name ? m->app->name : NULL;
    for (int i = 0; i < m->params.len; i++) {
        IrParam *p = m->params.items[i];
        p->logical_id = names_camel(a, p->name, "");
        const char *v = sema_define(s, p->name);
        p->value = v ? v : p->has_default ? p->default_value : NULL;
    }
    if (!m->cluster) {
        m->cluster = ARENA_NEW(a, IrCluster);
        m->cluster->span = SPAN_NONE;
    }
    if (m->cluster->insights == IR_TRI_UNSET)
        m->cluster->insights = IR_TRI_TRUE;
    m->cluster->aws_name = m->cluster->existing ? m->cluster->existing
                           : app ? aws_name(a, app, 255) : "default";

    for (int i = 0; i < m->load_balancers.len; i++) {
        IrLoadBalancer *lb = m->load_balancers.items[i];
        lb->logical_id = names_camel(a, lb->name, "LoadBalancer");
        lb->aws_name = aws_name(a, app ? arena_printf(a, "%s-%s", app, lb->name) : lb->name, 32);
        for (int k = 0; k < lb->listeners.len; k++) {
            IrListener *l = lb->listeners.items[k];
            l->logical_id = arena_printf(a, "%sListener%d", names_camel(a, lb->name, ""), l->port);
        }
    }
    for (int i = 0; i < m->capacities.len; i++) {
        IrCapacity *c = m->capacities.items[i];
        c->logical_id = names_camel(a, c->name, "");
        if (c->max == IR_UNSET)
            c->max = c->min > 1 ? c->min : 1;
    }
    for (int i = 0; i < m->services.len; i++) {
        IrService *sv = m->services.items[i];
        const IrTask *t = sv->task.target;
        sv->logical_id = names_camel(a, sv->name, "Service");
        sv->aws_name = aws_name(a, app ? arena_printf(a, "%s-%s", app, sv->name) : sv->name, 255);
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
            const IrLoadBalancer *lb = r->lb.target;
            const char *base = arena_printf(a, "%s-%s-%s-%d", sv->name, lb ? lb->name : "lb",
                                            r->container.name, r->port);
            r->logical_id = names_camel(a, base, "TargetGroup");
            r->tg_name = aws_name(a, app ? arena_printf(a, "%s-%s", app, base) : base, 32);
            r->rule_base = names_camel(a, base, "");
            /* One target group per (service, load balancer, container, port):
               further routes to it add listener rules only. */
            for (int j = 0; j < k; j++) {
                const IrRoute *prev = sv->routes.items[j];
                if (strcmp(prev->logical_id, r->logical_id) == 0) {
                    r->shares_target = true;
                    r->rule_base = arena_printf(a, "%sRoute%d", names_camel(a, base, ""), k + 1);
                    if (!r->health_path)
                        r->health_path = prev->health_path;
                    break;
                }
            }
            if (!r->health_path)
                r->health_path = "/";
        }
    }
    assign_priorities(s, m);
    for (int i = 0; i < m->services.len; i++) {
        IrService *sv = m->services.items[i];
        if (sv->blue_green != IR_BG_NONE && !sv->codedeploy && sv->bake == IR_UNSET)
            sv->bake = 0;   /* the API requires a bake time for native blue/green */
        /* awsvpc tasks get their own security group (admitting only the load
           balancer on the routed ports) unless the source brings its own and
           nothing routes to them. */
        const IrTask *t = sv->task.target;
        bool given = sv->security_groups.param.name || sv->security_groups.literal.len;
        if (t && t->network == IR_NET_AWSVPC && vpc_known(m, sv) && (sv->routes.len || !given))
            sv->task_sg_logical_id = arena_printf(a, "%sSecurityGroup", sv->logical_id);
    }
    for (int i = 0; i < m->capacities.len; i++) {
        IrCapacity *c = m->capacities.items[i];
        c->provider_name = aws_name(a, app ? arena_printf(a, "%s-%s", app, c->name) : c->name, 255);
    }
}
