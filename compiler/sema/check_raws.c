/* check_raws.c - `raw [TARGET] { … }` of the declarations whose resources
 * are CloudFormation's only (decode_raw.c): the resource it names exists
 * in the template (E0322: a listener port the load balancer has, a load
 * balancer the service routes to; E0323: not a cluster or role the stack
 * does not create), then its members are checked against the resource's
 * CloudFormation schema by check_raw.c.
 */
#include "sema/check.h"

#include "base/strbuf.h"

#include <string.h>

static void no_such_listener(Sema *s, const IrLoadBalancer *lb, const IrRaw *r)
{
    Diagnostic *dg = diag_error(s->diag, r->span, "E0322",
                                "load_balancer '%s' has no listener on port %d for this raw",
                                lb->name, r->port);
    StrBuf b = {0};
    VEC_EACH(const IrListener *, l, lb->listeners)
        strbuf_printf(&b, "%s%d", b.len ? ", " : "", l->port);
    if (b.len)
        diag_note(dg, SPAN_NONE, "its listeners: %s", strbuf_cstr(&b));
    else
        diag_note(dg, SPAN_NONE, "it has no `listen` line");
    strbuf_free(&b);
}

/* raw of a declaration that names an existing resource: nothing to merge into. */
static bool existing(Sema *s, const Vec *raws, bool is_existing, const char *what,
                     const char *fix)
{
    if (!is_existing || !raws->len)
        return false;
    const IrRaw *r = VEC_AT(*raws, 0);
    Diagnostic *dg = diag_error(s->diag, r->span, "E0323",
                                "raw in %s changes nothing: the stack does not create it", what);
    diag_note(dg, SPAN_NONE, "%s", fix);
    return true;
}

static void check_lb(Sema *s, const IrLoadBalancer *lb)
{
    if (existing(s, &lb->raws, lb->existing, arena_printf(s->arena, "load_balancer '%s'", lb->name),
                 "an existing listener and its load balancer are changed where they are "
                 "defined; the rules ecsc adds to it take `raw listener_rule` in the service"))
        return;
    VEC_EACH(const IrRaw *, r, lb->raws) {
        const char *what = arena_printf(s->arena, "load_balancer '%s'", lb->name);
        if (r->target) {
            bool found = false;
            VEC_EACH(const IrListener *, l, lb->listeners)
                found |= l->port == r->port;
            if (!found) {
                no_such_listener(s, lb, r);
                continue;
            }
            what = arena_printf(s->arena, "listener %d of %s", r->port, what);
        }
        check_raw(s, r->value, r->cfn_type, what);
    }
}

/* A route's raw: the service has routes, on the load balancer it names. */
static void check_service(Sema *s, const IrService *sv)
{
    VEC_EACH(const IrRaw *, r, sv->raws) {
        bool found = false;
        VEC_EACH(const IrRoute *, rt, sv->routes)
            found |= !r->lb || (rt->lb.name && strcmp(rt->lb.name, r->lb) == 0);
        if (!found) {
            Diagnostic *dg;
            if (!sv->routes.len) {
                dg = diag_error(s->diag, r->span, "E0322",
                                "service '%s' has no route, so no %s for this raw", sv->name,
                                r->target);
                diag_note(dg, SPAN_NONE, "target groups and listener rules come from `route` lines");
            } else {
                dg = diag_error(s->diag, r->span, "E0322",
                                "service '%s' has no route on load_balancer '%s'", sv->name, r->lb);
                diag_note(dg, SPAN_NONE, "its routes use load_balancer '%s'",
                          ((const IrRoute *)VEC_AT(sv->routes, 0))->lb.name);
            }
            continue;
        }
        /* an NLB's routes have no rules: the listener forwards by default */
        const IrLoadBalancer *nlb = NULL;
        bool rules = false;
        VEC_EACH(const IrRoute *, rt, sv->routes) {
            const IrLoadBalancer *lb = rt->lb.target;
            if (!lb || (r->lb && strcmp(rt->lb.name, r->lb) != 0))
                continue;
            if (lb->network)
                nlb = lb;
            else
                rules = true;
        }
        if (nlb && !rules && strcmp(r->target, "listener_rule") == 0) {
            Diagnostic *dg = diag_error(s->diag, r->span, "E0322",
                                        "service '%s' has no listener rule on network "
                                        "load_balancer '%s'", sv->name, nlb->name);
            diag_note(dg, SPAN_NONE, "a Network Load Balancer's listener forwards to the route's "
                      "target group by default; set its properties with `raw listener PORT` in "
                      "load_balancer '%s'", nlb->name);
            continue;
        }
        const char *what = arena_printf(s->arena, "the %s of service '%s'",
                                        strcmp(r->target, "target_group") == 0 ? "target groups"
                                                                               : "listener rules",
                                        sv->name);
        check_raw(s, r->value, r->cfn_type, what);
    }
}

void check_raws(Sema *s, const IrModel *m)
{
    VEC_EACH(const IrLoadBalancer *, lb, m->load_balancers)
        check_lb(s, lb);
    VEC_EACH(const IrService *, sv, m->services)
        check_service(s, sv);
    VEC_EACH(const IrCapacity *, c, m->capacities)
        VEC_EACH(const IrRaw *, r, c->raws)
            check_raw(s, r->value, r->cfn_type,
                      r->target ? arena_printf(s->arena, "the %s of capacity '%s'",
                                               strcmp(r->target, "launch_template") == 0
                                                   ? "launch template" : "capacity provider",
                                               c->name)
                                : arena_printf(s->arena, "capacity '%s'", c->name));
    const IrCluster *cl = m->cluster;
    if (cl && !existing(s, &cl->raws, cl->existing != NULL, "cluster",
                        "an existing cluster is changed where it is defined; remove raw or "
                        "`existing`"))
        VEC_EACH(const IrRaw *, r, cl->raws)
            check_raw(s, r->value, r->cfn_type, "the cluster");
    VEC_EACH(const IrRole *, role, m->roles) {
        const char *what = arena_printf(s->arena, "role '%s'", role->name);
        if (existing(s, &role->raws, role->explicit_arn, what,
                     "a role given by `arn` is changed where it is defined; remove raw or `arn`"))
            continue;
        VEC_EACH(const IrRaw *, r, role->raws)
            check_raw(s, r->value, r->cfn_type, what);
    }
    VEC_EACH(const IrSchedule *, sc, m->schedules)
        VEC_EACH(const IrRaw *, r, sc->raws)
            check_raw(s, r->value, r->cfn_type,
                      arena_printf(s->arena, "schedule '%s'", sc->name));
}
