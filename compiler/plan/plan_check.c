/* plan_check.c - what AWS would reject in the generated resources, found
 * before anything is written: logical ids that clash, names and counts
 * beyond AWS's limits.  Each diagnostic points at the declaration that
 * causes it.
 *
 * Sources: CloudFormation template anatomy and quotas (logical ids are
 * alphanumeric, at most 255 characters, unique in the template; at most
 * 200 parameters, 200 outputs, 500 resources); ELB CreateLoadBalancer and
 * CreateTargetGroup (names of at most 32 characters, letters, digits and
 * hyphens, not starting or ending with a hyphen, a load balancer's not
 * starting with "internal-").  The size of role policies (E0561) is
 * measured on the generated documents (emit/cfn_policy_size.c, reported
 * by the driver).
 */
#include "plan/plan_int.h"

#include <ctype.h>
#include <string.h>

enum {
    MAX_LOGICAL_ID = 255,
    MAX_PARAMS = 200,
    MAX_OUTPUTS = 200,
    MAX_RESOURCES = 500,
    MAX_ELB_NAME = 32,
};

typedef struct Claim {
    const char *what;
    Span span;
} Claim;

/* Claims: logical id -> Claim*; long: declarations whose ids were too long
   (reported once each). */
typedef struct Ids {
    Map claims, long_ids;
    Map pairs;          /* "what\nwhat": declarations whose clash is reported */
} Ids;

static void claim(Arena *a, DiagEngine *de, Ids *ix, const char *id, const char *what, Span span,
                  const char *as)
{
    Map *ids = &ix->claims;
    Claim *c = ARENA_NEW(a, Claim);
    c->what = what;
    c->span = span;
    const Claim *prev = map_put(ids, id, c);
    if (prev && !(prev->what == what && prev->span.lo == span.lo && prev->span.file == span.file)) {
        /* two declarations that clash once clash in all they yield: once */
        if (map_put(&ix->pairs, arena_printf(a, "%s\n%s", what, prev->what), (void *)id))
            return;
        Diagnostic *dg = diag_error(de, span, "E0550",
                                    "%s and %s both become '%s' in the CloudFormation template (%s)",
                                    what, prev->what, id, as);
        diag_note(dg, prev->span, "%s is here", prev->what);
        diag_note(dg, SPAN_NONE, "CloudFormation needs every logical id of parameters, resources and "
                                 "outputs to be unique; ids are names in CamelCase: rename one of them");
        return;
    }
    if (strlen(id) > MAX_LOGICAL_ID && !map_put(&ix->long_ids, what, (void *)what)) {
        Diagnostic *dg = diag_error(de, span, "E0563",
                                    "%s yields the logical id '%.32s…' (%s) of %zu characters; "
                                    "CloudFormation allows %d", what, id, as, strlen(id),
                                    MAX_LOGICAL_ID);
        diag_note(dg, SPAN_NONE, "ids are made of the names of the declarations involved: "
                                 "shorten the longest of them");
    }
}

static void check_ids(const Plan *p, DiagEngine *de)
{
    Arena *a = p->arena;
    Ids ids;
    map_init(&ids.claims, a);
    map_init(&ids.long_ids, a);
    map_init(&ids.pairs, a);
    VEC_EACH(const PlanParam *, pp, p->params)
        claim(a, de, &ids, pp->id, pp->what, pp->span, "a parameter");
    VEC_EACH(const PlanRes *, r, p->res)
        claim(a, de, &ids, r->id, r->what, r->span,
              arena_printf(a, "a resource of type %s", plan_kind_type(r->kind)));
    VEC_EACH(const PlanOutput *, o, p->outputs)
        claim(a, de, &ids, o->id, o->res ? o->res->what : "the cluster",
              o->res ? o->res->span : SPAN_NONE, "an output");
}

/* An Elastic Load Balancing name: [A-Za-z0-9-], at most 32, no hyphen at
   either end; a load balancer's may not start with "internal-". */
static void check_elb_name(DiagEngine *de, const char *name, const char *kind, const char *what,
                           Span span, bool lb)
{
    size_t n = strlen(name);
    const char *why = NULL;
    if (n > MAX_ELB_NAME)
        why = "is longer than 32 characters";
    else if (!n || name[0] == '-' || name[n - 1] == '-')
        why = "starts or ends with a hyphen";
    else if (lb && strncmp(name, "internal-", 9) == 0)
        why = "starts with \"internal-\", which Elastic Load Balancing reserves";
    for (size_t i = 0; !why && i < n; i++)
        if (!isalnum((unsigned char)name[i]) && name[i] != '-')
            why = "has a character other than letters, digits and hyphens";
    if (!why)
        return;
    Diagnostic *dg = diag_error(de, span, "E0560", "the %s name '%s' of %s %s", kind, name, what, why);
    diag_note(dg, SPAN_NONE, "ecsc names it <app>-<name>%s: rename the %s or the app",
              lb ? "" : "-<load balancer>-<container>-<port>", lb ? "load balancer" : "service");
}

static void check_limits(const Plan *p, DiagEngine *de)
{
    const IrModel *m = p->m;
    Span app = m->app->span.file ? m->app->name_span : SPAN_NONE;
    for (int i = 0; i < m->load_balancers.len; i++)
        if (p->lbs[i].lb_res)
            check_elb_name(de, p->lbs[i].aws_name, "load balancer", p->lbs[i].lb_res->what,
                       p->lbs[i].lb->name_span, true);
    for (int i = 0; i < m->services.len; i++) {
        const PlanService *ps = &p->services[i];
        for (int k = 0; k < ps->sv->routes.len; k++) {
            const PlanRoute *pr = &ps->routes[k];
            if (pr->shares_target)
                continue;
            check_elb_name(de, pr->tg_name, "target group", ps->service->what, pr->route->span, false);
            if (pr->alt_tg_name)
                check_elb_name(de, pr->alt_tg_name, "target group", ps->service->what,
                               pr->route->span, false);
        }
    }
    /* Past these the template as a whole does not deploy, but its fragments
       may, as several stacks (as with W0056): a warning. */
    if (p->params.len > MAX_PARAMS || p->outputs.len > MAX_OUTPUTS) {
        bool params = p->params.len > MAX_PARAMS;
        Diagnostic *dg = diag_warning(de, app, "W0059", "cfn/template.json has %d %s; "
                                      "CloudFormation allows %d in one template",
                                      params ? p->params.len : p->outputs.len,
                                      params ? "parameters" : "outputs",
                                      params ? MAX_PARAMS : MAX_OUTPUTS);
        diag_note(dg, SPAN_NONE, "deploy the fragments in cfn/fragments/ as several stacks, or "
                                 "split the application into several files%s",
                  params ? "; a param with a literal value needs no parameter" : "");
    }
    if (p->res.len > MAX_RESOURCES) {
        Diagnostic *dg = diag_warning(de, app, "W0056",
                                      "cfn/template.json has %d resources; CloudFormation's default "
                                      "quota is %d resources per stack", p->res.len, MAX_RESOURCES);
        diag_note(dg, SPAN_NONE, "deploy the fragments in cfn/fragments/ as several stacks, or "
                                 "ask AWS to raise the quota");
    }
}

/* A service that accepts traffic (or is a source of it) needs the
   security group the stack creates for its tasks, which needs a VPC. */
static void check_accept_groups(const Plan *p, DiagEngine *de)
{
    for (int i = 0; i < p->m->services.len; i++) {
        const PlanService *ps = &p->services[i];
        const IrService *sv = ps->sv;
        const IrTask *t = sv->task.target;
        VEC_EACH(const IrAccept *, ac, sv->accepts) {
            const IrService *from = ac->service.target;
            const PlanService *src = from ? plan_service(p, from) : NULL;
            const IrService *lacking = !ps->task_sg ? sv : src && !src->task_sg ? from : NULL;
            if (!lacking || !t || t->net != IR_NET_AWSVPC)
                continue;
            const IrTask *lt = lacking->task.target;
            if (!lt || lt->net != IR_NET_AWSVPC)
                continue;   /* sema's E0631 */
            Diagnostic *dg = diag_error(de, ac->span, "E0633",
                                        "the security group of service '%s' cannot be created: "
                                        "its VPC is not known", lacking->name);
            diag_note(dg, SPAN_NONE, "ecsc creates it in the VPC of a load balancer that routes "
                                     "to the service, else in the file's only `vpc_id` param");
            diag_note(dg, SPAN_NONE, "add `param vpc vpc_id`");
        }
    }
}

void plan_check(const Plan *p, DiagEngine *de)
{
    check_ids(p, de);
    check_limits(p, de);
    check_accept_groups(p, de);
}
