/* plan_service.c - what one service becomes: its task security group,
 * target groups and listener rules, the blue/green role, the service,
 * scaling and CodeDeploy; and the deploy-time values services/<name>.json
 * needs from the deployed stack.
 */
#include "plan/plan_int.h"

#include "base/names.h"
#include "model/ir_names.h"

#include <string.h>

static const char *const TG_EXAMPLE =
    "arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID";
static const char *const RULE_EXAMPLE =
    "arn:aws:elasticloadbalancing:REGION:ACCOUNT:listener-rule/app/…";

const char *plan_codedeploy_config(const IrService *sv)
{
    if (sv->blue_green == IR_BG_ALL_AT_ONCE)
        return "CodeDeployDefault.ECSAllAtOnce";
    static const struct { IrBlueGreen kind; int pct, min; const char *name; } known[] = {
        {IR_BG_CANARY, 10, 5, "CodeDeployDefault.ECSCanary10Percent5Minutes"},
        {IR_BG_CANARY, 10, 15, "CodeDeployDefault.ECSCanary10Percent15Minutes"},
        {IR_BG_LINEAR, 10, 1, "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"},
        {IR_BG_LINEAR, 10, 3, "CodeDeployDefault.ECSLinear10PercentEvery3Minutes"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (known[i].kind == sv->blue_green && known[i].pct == sv->bg_percent
            && known[i].min == sv->bg_interval)
            return known[i].name;
    return NULL;
}

static PlanValue *new_value(PlanBuild *b, PlanService *ps, PlanValueKind kind, const char *key,
                            const char *output, const char *what, Span at)
{
    PlanValue *v = ARENA_NEW(b->plan.arena, PlanValue);
    v->kind = kind;
    v->key = key;
    v->output = output;
    v->what = what;
    v->span = at;
    vec_push(b->plan.arena, &ps->values, v);
    return v;
}

PlanValue *plan_value_arn(PlanBuild *b, PlanService *ps, const PlanRes *res, const char *what,
                          const char *service, const char *tail, const char *example, Span at)
{
    PlanValue *v = new_value(b, ps, PLAN_VALUE_ARN, res->id,
                             arena_printf(b->plan.arena, "%sArn", res->id), what, at);
    v->res = res;
    v->arn_service = service;
    v->arn_tail = tail;
    v->example = example;
    return v;
}

/* A param the service names (its network configuration, a namespace). */
PlanValue *plan_value_param(PlanBuild *b, PlanService *ps, const IrParamRef *r,
                            const char *example)
{
    const IrParam *prm = r->param.target;
    if (!prm)
        return NULL;
    VEC_EACH(PlanValue *, v, ps->values)
        if (v->param == prm)
            return v;
    const PlanParam *pp = plan_param(&b->plan, prm);
    PlanValue *v = new_value(b, ps, PLAN_VALUE_PARAM, prm->name, pp->id,
                             arena_printf(b->plan.arena, "param '%s'", prm->name), r->param.span);
    v->param = prm;
    v->example = example;
    return v;
}

/* The route whose target group a listener's `default forward` names: the
   service's first on the listener's load balancer (NULL: none). */
const IrRoute *plan_forward_route(const IrLoadBalancer *lb, const IrListener *l)
{
    const IrService *sv = l->forward.target;
    if (!sv)
        return NULL;
    VEC_EACH(const IrRoute *, r, sv->routes)
        if (r->lb.target == lb)
            return r;
    return NULL;
}

/* The target groups and listener rules of one route, with their outputs. */
static void build_route(PlanBuild *b, PlanService *ps, int k)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrService *sv = ps->sv;
    const IrRoute *r = sv->routes.items[k];
    PlanRoute *pr = &ps->routes[k];
    const IrLoadBalancer *lb = r->lb.target;
    const IrTask *t = sv->task.target;
    pr->route = r;
    plan_index(b, PLAN_REC_ROUTE, r, NULL, pr);
    const char *base = arena_printf(a, "%s-%s-%s-%d", sv->name, lb->name, r->container.name, r->port);
    const char *camel = names_camel(a, base, "");
    const char *rule_base = camel;
    /* One target group per (service, load balancer, container, port):
       further routes to it add listener rules only. */
    for (int j = 0; j < k; j++) {
        const PlanRoute *prev = &ps->routes[j];
        if (!prev->shares_target && strcmp(prev->tg->id, plan_id(b, PLAN_TARGET_GROUP, camel, 0)) == 0) {
            pr->shares_target = true;
            pr->tg = prev->tg;
            pr->alt_tg = prev->alt_tg;
            pr->tg_name = prev->tg_name;
            pr->alt_tg_name = prev->alt_tg_name;
            rule_base = arena_printf(a, "%sRoute%d", camel, k + 1);
            break;
        }
    }
    plan_host_ports(t, r, &pr->host_lo, &pr->host_hi);
    bool bg = sv->blue_green != IR_BG_NONE;
    if (!pr->shares_target) {
        pr->tg_name = plan_aws_name(b, base, 32);
        pr->tg = plan_add(b, PLAN_TARGET_GROUP, plan_id(b, PLAN_TARGET_GROUP, camel, 0), r, NULL);
        pr->tg->aws_name = pr->tg_name;
        if (bg) {
            pr->alt_tg_name = plan_alt_name(a, pr->tg_name);
            pr->alt_tg = plan_add(b, PLAN_ALT_TARGET_GROUP,
                                  plan_id(b, PLAN_ALT_TARGET_GROUP, camel, 0), r, NULL);
            pr->alt_tg->aws_name = pr->alt_tg_name;
        }
        const char *on = arena_printf(a, "service '%s' on '%s'", sv->name, lb->name);
        plan_output(b, arena_printf(a, "%sArn", pr->tg->id), pr->tg, NULL,
                    arena_printf(a, "target group of %s", on));
        if (bg)
            plan_output(b, arena_printf(a, "%sArn", pr->alt_tg->id), pr->alt_tg, NULL,
                        arena_printf(a, "alternate target group of %s", on));
    }
    const PlanLoadBalancer *pl = plan_lb(p, lb);
    if (lb->existing) {         /* one rule, on the listener the ARN names */
        PlanRes *rule = plan_add(b, PLAN_SHARED_RULE, plan_id(b, PLAN_SHARED_RULE, rule_base, 0),
                                 r, NULL);
        plan_ref(b, rule, pr->tg);
        vec_push(a, &pr->rules, rule);
        pr->prod_rule = rule;
    }
    /* a listener's `default forward` to this service: the first route's group */
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (plan_forward_route(lb, l) == r)
            plan_ref(b, pl->listeners[l_i], pr->tg);
    VEC_EACH(const IrListener *, l, lb->listeners) {
        if (!plan_route_on(r, l))
            continue;
        if (lb->network) {      /* the listener's default action forwards to the group */
            plan_ref(b, pl->listeners[l_i], pr->tg);
            continue;
        }
        PlanRes *rule = plan_add(b, PLAN_LISTENER_RULE, plan_id(b, PLAN_LISTENER_RULE, rule_base, l->port),
                                 r, l);
        plan_ref(b, rule, pl->listeners[l_i]);
        plan_ref(b, rule, pr->tg);
        plan_ref(b, rule, bg ? pr->alt_tg : NULL);
        vec_push(a, &pr->rules, rule);
        if (!pr->prod) {
            pr->prod = l;
            pr->prod_rule = rule;
        }
        if (bg && !pr->shares_target)
            plan_output(b, arena_printf(a, "%sArn", rule->id), rule, NULL,
                        arena_printf(a, "production listener rule of service '%s' on '%s' port %d",
                                     sv->name, lb->name, l->port));
    }
}

/* What services/<name>.json needs that only the deployed stack knows. */
static void plan_values_needed(PlanBuild *b, PlanService *ps)
{
    Arena *a = b->plan.arena;
    const IrService *sv = ps->sv;
    if (ps->network == IR_NET_AWSVPC) {
        plan_value_param(b, ps, &sv->subnets, "subnet-…,subnet-…");
        plan_value_param(b, ps, &sv->security_groups, "sg-…");
    }
    if (!sv->codedeploy)
        plan_value_param(b, ps, &sv->alarms, "shop-api-5xx");
    if (b->plan.m->cluster)
        plan_value_param(b, ps, &b->plan.m->cluster->existing_ref, "platform-shared");
    for (int k = 0; k < sv->routes.len; k++) {
        PlanRoute *pr = &ps->routes[k];
        if (pr->shares_target)
            continue;   /* asked for with the first route */
        pr->tg_arn = plan_value_arn(b, ps, pr->tg, arena_printf(a, "target group %s", pr->tg_name),
                               "elasticloadbalancing", ":targetgroup/", TG_EXAMPLE, pr->route->span);
        if (!ps->native_bg)
            continue;
        pr->alt_tg_arn = plan_value_arn(b, ps, pr->alt_tg,
                                   arena_printf(a, "the alternate target group of %s", pr->tg_name),
                                   "elasticloadbalancing", ":targetgroup/", TG_EXAMPLE,
                                   pr->route->span);
        if (pr->prod_rule)
            pr->prod_rule_arn = plan_value_arn(b, ps, pr->prod_rule,
                                          "the production listener rule of the route",
                                          "elasticloadbalancing", ":listener-rule/", RULE_EXAMPLE,
                                          pr->route->span);
        /* A test listener rule is the user's own: used when given. */
        const char *test = arena_printf(a, "%sTestRule",
                                        names_camel(a, arena_printf(a, "%s-%s-%s-%d", sv->name,
                                                                    ((const IrLoadBalancer *)pr->route->lb.target)->name,
                                                                    pr->route->container.name,
                                                                    pr->route->port), ""));
        PlanValue *v = new_value(b, ps, PLAN_VALUE_ARN, test, NULL,
                                 "the test listener rule of the route", pr->route->span);
        v->arn_service = "elasticloadbalancing";
        v->arn_tail = ":listener-rule/";
        v->example = RULE_EXAMPLE;
        v->optional = true;
        pr->test_rule_arn = v;
    }
    if (ps->task_sg) {
        PlanValue *v = new_value(b, ps, PLAN_VALUE_SG, ps->task_sg->id,
                                 arena_printf(a, "%sId", ps->task_sg->id),
                                 arena_printf(a, "security group %s, which the stack creates for "
                                                 "the tasks", ps->task_sg->id), sv->name_span);
        v->res = ps->task_sg;
        v->example = "sg-…";
        ps->task_sg_id = v;
    }
    if (ps->bg_role)
        ps->bg_role_arn = plan_value_arn(b, ps, ps->bg_role, "the role ECS uses to shift traffic", "iam",
                                    ":role/", "arn:aws:iam::ACCOUNT:role/NAME", sv->bg_span);
    plan_service_discovery_values(b, ps);
}

/* Whether some service's `accept` names service `sv`: its tasks need a
   group of their own for the other group to admit. */
static bool accepted(const IrModel *m, const IrService *sv)
{
    VEC_EACH(const IrService *, other, m->services)
        VEC_EACH(const IrAccept *, ac, other->accepts)
            if (ac->service.target == sv)
                return true;
    return false;
}

/* After every service's group is planned: an ingress rule of its own for
   each `accept` from another service (inline rules that name each other's
   groups would be a cycle). */
void plan_service_ingress(PlanBuild *b)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    for (int i = 0; i < p->m->services.len; i++) {
        PlanService *ps = &p->services[i];
        const IrService *sv = ps->sv;
        ps->ingress = ARENA_ARRAY(a, PlanRes *, sv->accepts.len ? sv->accepts.len : 1);
        memset(ps->ingress, 0, sizeof *ps->ingress * (size_t)(sv->accepts.len ? sv->accepts.len : 1));
        if (!ps->task_sg)
            continue;
        plan_owner(b, arena_printf(a, "service-%s", sv->name),
                   arena_printf(a, "service '%s'", sv->name), sv->name_span);
        VEC_EACH(const IrAccept *, ac, sv->accepts) {
            const IrService *from = ac->service.target;
            const PlanService *src = from ? plan_service(p, from) : NULL;
            if (!src || !src->task_sg)
                continue;
            const char *base = arena_printf(a, "%sFrom%s%s", ps->base, src->base,
                                            ac->udp ? "Udp" : "");
            PlanRes *r = plan_add(b, PLAN_SG_INGRESS, plan_id(b, PLAN_SG_INGRESS, base, ac->lo), ac,
                                  NULL);
            plan_ref(b, r, ps->task_sg);
            plan_ref(b, r, src->task_sg);
            ps->ingress[ac_i] = r;
        }
    }
}

static void plan_task_sg(PlanBuild *b, PlanService *ps)
{
    const IrService *sv = ps->sv;
    const IrTask *t = sv->task.target;
    /* awsvpc tasks get their own security group (admitting only the load
       balancer on the routed ports) unless the source brings its own and
       nothing routes to them; it needs a known VPC. */
    bool theirs = sv->security_groups.param.name || sv->security_groups.literal.len;
    ps->vpc = plan_service_vpc(&b->plan, sv);
    if (t->net != IR_NET_AWSVPC || !ps->vpc || sv->sg_only ||
        (theirs && !sv->routes.len && !sv->accepts.len && !accepted(b->plan.m, sv)))
        return;
    ps->task_sg = plan_add(b, PLAN_TASK_SG, plan_id(b, PLAN_TASK_SG, ps->base, 0), sv, NULL);
    VEC_EACH(const IrRoute *, r, sv->routes)
        plan_ref(b, ps->task_sg, plan_find(&b->plan, PLAN_LB_SG, r->lb.target, NULL));
    plan_output(b, arena_printf(b->plan.arena, "%sId", ps->task_sg->id), ps->task_sg, "GroupId",
                arena_printf(b->plan.arena, "security group of the tasks of service '%s'", sv->name));
}

static void plan_service_refs(PlanBuild *b, PlanService *ps)
{
    Plan *p = &b->plan;
    const IrService *sv = ps->sv;
    PlanRes *s = ps->service;
    plan_ref(b, s, p->cluster);
    plan_ref(b, s, plan_task(p, sv->task.target)->task_def);
    VEC_EACH(const IrCapacityUse *, u, sv->capacity)
        if (ps->provider_strategy && u->capacity.target)
            plan_ref(b, s, plan_find(p, PLAN_CAPACITY_PROVIDER, u->capacity.target, NULL));
    plan_ref(b, s, ps->task_sg);
    for (int k = 0; k < sv->routes.len; k++) {
        const PlanRoute *pr = &ps->routes[k];
        plan_ref(b, s, pr->tg);
        if (ps->native_bg) {
            plan_ref(b, s, pr->alt_tg);
            plan_ref(b, s, pr->prod_rule);
        }
        const IrLoadBalancer *lb = pr->route->lb.target;
        VEC_EACH(const IrListener *, l, lb->listeners)
            if (plan_route_on(pr->route, l))
                plan_ref(b, s, plan_find(p, PLAN_LISTENER, l, NULL));
        VEC_EACH(PlanRes *, rule, pr->rules)
            plan_ref(b, s, rule);
    }
    plan_ref(b, s, ps->bg_role);
    if (ps->needs_association)
        plan_ref(b, s, p->association);
}

/* "Cpu", "Memory", "Requests", or the queue's name and "Queue". */
static const char *metric_base(Arena *a, IrScaleMetric m, const char *queue)
{
    if (queue)
        return names_camel(a, queue, "Queue");
    return names_camel(a, ir_scale_metric_word(m), "");
}

/* "cpu", "memory", "requests", or "queue-NAME": in policy names. */
static const char *metric_tag(Arena *a, IrScaleMetric m, const char *queue)
{
    return queue ? arena_printf(a, "queue-%s", queue) : ir_scale_metric_word(m);
}

static void plan_scaling(PlanBuild *b, PlanService *ps)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrService *sv = ps->sv;
    const IrScaling *sc = sv->scaling;
    ps->scalable_target = plan_add(b, PLAN_SCALABLE_TARGET,
                                   plan_id(b, PLAN_SCALABLE_TARGET, ps->base, 0), sv, NULL);
    plan_ref(b, ps->scalable_target, p->cluster);
    plan_ref(b, ps->scalable_target, ps->service);
    int np = sc->policies.len, ns = sc->steps.len;
    ps->tracking = ARENA_ARRAY(a, PlanRes *, np ? np : 1);
    ps->step_policies = ARENA_ARRAY(a, PlanRes *, ns ? ns : 1);
    ps->step_alarms = ARENA_ARRAY(a, PlanRes *, ns ? ns : 1);
    const char *svc = arena_printf(a, "%sService", ps->base);
    VEC_EACH(const IrScalePolicy *, pol, sc->policies) {
        PlanRes *r = pol_i == 0
            ? plan_add(b, PLAN_SCALING_POLICY, plan_id(b, PLAN_SCALING_POLICY, ps->base, 0), sv, NULL)
            : plan_add(b, PLAN_MORE_SCALING,
                       plan_id(b, PLAN_MORE_SCALING,
                               arena_printf(a, "%s%s", svc, metric_base(a, pol->metric, pol->queue)), 0),
                       sv, pol);
        r->aws_name = arena_printf(a, "%s-%s", ps->aws_name, metric_tag(a, pol->metric, pol->queue));
        plan_ref(b, r, ps->scalable_target);
        if (pol->metric == IR_SCALE_REQUESTS && sv->routes.len) {
            plan_ref(b, r, plan_find(p, PLAN_LOAD_BALANCER, ps->routes[0].route->lb.target, NULL));
            plan_ref(b, r, ps->routes[0].tg);
        }
        if (pol->metric == IR_SCALE_QUEUE) {
            plan_ref(b, r, p->cluster);
            plan_ref(b, r, ps->service);
        }
        ps->tracking[pol_i] = r;
        if (pol_i == 0)
            ps->scaling_policy = r;
    }
    VEC_EACH(const IrScaleStep *, st, sc->steps) {
        const char *base = arena_printf(a, "%s%s%s", svc, metric_base(a, st->metric, st->queue),
                                        st->below ? "In" : "Out");
        PlanRes *r = plan_add(b, PLAN_MORE_SCALING, plan_id(b, PLAN_MORE_SCALING, base, 0), sv, st);
        r->aws_name = arena_printf(a, "%s-%s-%s", ps->aws_name,
                                   metric_tag(a, st->metric, st->queue), st->below ? "in" : "out");
        plan_ref(b, r, ps->scalable_target);
        PlanRes *alarm = plan_add(b, PLAN_SCALING_ALARM, plan_id(b, PLAN_SCALING_ALARM, base, 0),
                                  st, NULL);
        plan_ref(b, alarm, r);
        if (st->metric != IR_SCALE_QUEUE) {
            plan_ref(b, alarm, p->cluster);
            plan_ref(b, alarm, ps->service);
        }
        ps->step_policies[st_i] = r;
        ps->step_alarms[st_i] = alarm;
    }
}

static void plan_scaling_and_codedeploy(PlanBuild *b, PlanService *ps)
{
    Plan *p = &b->plan;
    const IrService *sv = ps->sv;
    if (sv->scaling)
        plan_scaling(b, ps);
    if (!sv->codedeploy || !sv->routes.len)
        return;
    if (!p->codedeploy_app) {
        p->codedeploy_app = plan_add(b, PLAN_CODEDEPLOY_APP, "CodeDeployApplication", NULL, NULL);
        p->codedeploy_app->aws_name = p->m->app->name ? p->m->app->name : "ecsc";
        p->codedeploy_role = plan_add(b, PLAN_CODEDEPLOY_ROLE, "CodeDeployRole", NULL, NULL);
    }
    if (!plan_codedeploy_config(sv))
        ps->deploy_config = plan_add(b, PLAN_DEPLOY_CONFIG,
                                     plan_id(b, PLAN_DEPLOY_CONFIG, ps->base, 0), sv, NULL);
    ps->deploy_group = plan_add(b, PLAN_DEPLOY_GROUP, plan_id(b, PLAN_DEPLOY_GROUP, ps->base, 0),
                                sv, NULL);
    ps->deploy_group->aws_name = ps->aws_name;
    plan_ref(b, ps->deploy_group, p->codedeploy_app);
    plan_ref(b, ps->deploy_group, p->codedeploy_role);
    plan_ref(b, ps->deploy_group, ps->deploy_config);
    plan_ref(b, ps->deploy_group, p->cluster);
    plan_ref(b, ps->deploy_group, ps->service);
    plan_ref(b, ps->deploy_group, plan_find(p, PLAN_LISTENER, ps->routes[0].prod, NULL));
    plan_ref(b, ps->deploy_group, ps->routes[0].tg);
    plan_ref(b, ps->deploy_group, ps->routes[0].alt_tg);
}

void plan_build_service(PlanBuild *b, int i)
{
    Plan *p = &b->plan;
    Arena *a = p->arena;
    const IrService *sv = p->m->services.items[i];
    const IrTask *t = sv->task.target;
    PlanService *ps = &p->services[i];
    ps->sv = sv;
    plan_index(b, PLAN_REC_SERVICE, sv, NULL, ps);
    ps->base = names_camel(a, sv->name, "");
    ps->aws_name = plan_aws_name(b, sv->name, 255);
    ps->network = t->net;
    ps->native_bg = sv->blue_green != IR_BG_NONE && !sv->codedeploy;
    ps->provider_strategy = sv->capacity.len > 0 && !sv->daemon;
    ps->needs_association = p->association && (ps->provider_strategy
                                                || (sv->launch == IR_LAUNCH_EC2 && p->m->capacities.len)
                                                || (sv->daemon && p->m->capacities.len));
    ps->routes = ARENA_ARRAY(a, PlanRoute, sv->routes.len ? sv->routes.len : 1);
    memset(ps->routes, 0, sizeof *ps->routes * (size_t)(sv->routes.len ? sv->routes.len : 1));
    plan_owner(b, arena_printf(a, "service-%s", sv->name), arena_printf(a, "service '%s'", sv->name),
               sv->name_span);

    plan_task_sg(b, ps);
    for (int k = 0; k < sv->routes.len; k++)
        build_route(b, ps, k);
    if (ps->native_bg && sv->routes.len) {
        /* The stack always owns this role: a deployed role's ARN given for
           services/ must not make the template drop it. */
        ps->bg_role = plan_add(b, PLAN_BG_ROLE, plan_id(b, PLAN_BG_ROLE, ps->base, 0), sv, NULL);
        plan_output(b, arena_printf(a, "%sArn", ps->bg_role->id), ps->bg_role, "Arn",
                    arena_printf(a, "role ECS uses to shift the traffic of service '%s'", sv->name));
    }
    plan_service_registry(b, ps);
    ps->service = plan_add(b, PLAN_SERVICE, plan_id(b, PLAN_SERVICE, ps->base, 0), sv, NULL);
    ps->service->aws_name = ps->aws_name;
    plan_service_refs(b, ps);
    plan_ref(b, ps->service, ps->registry);
    if (sv->connects.len)
        plan_ref(b, ps->service, p->connect_ns);
    plan_output(b, arena_printf(a, "%sName", ps->service->id), ps->service, "Name",
                arena_printf(a, "name of service '%s'", sv->name));
    plan_scaling_and_codedeploy(b, ps);
    plan_values_needed(b, ps);
}
