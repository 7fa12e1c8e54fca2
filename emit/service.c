/* service.c - one service of the model as the input of
 * `aws ecs create-service --cli-input-json`.
 *
 * Keys follow the member order of CreateServiceRequest and its nested
 * shapes in the API model.  Deploy-time values (subnets from params,
 * target group and listener rule ARNs from -D or --stack-outputs) were
 * resolved and checked by plan_values.c; here they are asserted.  Absent
 * values are left out.
 */
#include "emit.h"
#include "json_build.h"
#include "model/ir_names.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* Appends the values of a param reference: the literals, or the param's
   value split on ',' (spaces around items dropped). */
static void append_values(cJSON *arr, const Plan *plan, const IrParamRef *r)
{
    const IrParam *p = r->param.target;
    if (!p) {
        VEC_EACH(const char *, s, r->literal)
            json_append(arr, json_str(s));
        return;
    }
    const char *v = plan_param(plan, p)->value;
    assert(v);
    for (;;) {
        const char *end = strchr(v, ',');
        size_t n = end ? (size_t)(end - v) : strlen(v);
        while (n && (*v == ' ' || *v == '\t'))
            v++, n--;
        while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        if (n) {
            char buf[256];
            assert(n < sizeof buf);
            memcpy(buf, v, n);
            buf[n] = 0;
            json_append(arr, json_str(buf));
        }
        if (!end)
            break;
        v = end + 1;
    }
}

static bool ref_given(const IrParamRef *r) { return r->param.name || r->literal.len; }

static const char *value(const PlanValue *v)
{
    return v ? v->value : NULL;
}

static void put_load_balancers(cJSON *o, const PlanService *ps)
{
    const IrService *sv = ps->sv;
    if (!sv->routes.len)
        return;
    cJSON *arr = json_put(o, "loadBalancers", json_arr());
    for (int i = 0; i < sv->routes.len; i++) {
        const PlanRoute *pr = &ps->routes[i];
        /* Routes that share a target group (same load balancer, container
           and port) are one entry: ECS registers each target group once. */
        if (pr->shares_target)
            continue;
        const IrContainer *c = pr->route->container.target;
        assert(value(pr->tg_arn) && c);
        cJSON *lb = json_obj();
        json_put_str(lb, "targetGroupArn", value(pr->tg_arn));
        json_put_str(lb, "containerName", c->name);
        json_put_int(lb, "containerPort", pr->route->port);
        if (ps->native_bg) {
            assert(value(pr->alt_tg_arn) && value(pr->prod_rule_arn) && value(ps->bg_role_arn));
            cJSON *adv = json_put(lb, "advancedConfiguration", json_obj());
            json_put_str(adv, "alternateTargetGroupArn", value(pr->alt_tg_arn));
            json_put_str(adv, "productionListenerRule", value(pr->prod_rule_arn));
            json_put_str(adv, "testListenerRule", value(pr->test_rule_arn));
            json_put_str(adv, "roleArn", value(ps->bg_role_arn));
        }
        json_append(arr, lb);
    }
}

/* The name of a capacity provider: FARGATE / FARGATE_SPOT, or the name
   the plan gives a capacity block (the CloudFormation template uses it too). */
static void put_capacity(cJSON *o, const Plan *p, const IrService *sv)
{
    cJSON *arr = json_put(o, "capacityProviderStrategy", json_arr());
    VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
        cJSON *item = json_obj();
        const char *name = u->provider;
        if (!name) {
            const PlanRes *c = plan_find(p, PLAN_CAPACITY_PROVIDER, u->capacity.target, NULL);
            assert(c);
            name = c->aws_name;
        }
        json_put_str(item, "capacityProvider", name);
        json_put_int(item, "weight", u->weight);
        if (u->base)
            json_put_int(item, "base", u->base);
        json_append(arr, item);
    }
}

static void put_deployment(cJSON *o, const IrService *sv)
{
    bool native_bg = sv->blue_green != IR_BG_NONE && !sv->codedeploy;
    bool rolling = sv->circuit_breaker || sv->min_healthy != IR_UNSET ||
                   sv->max_percent != IR_UNSET || sv->alarms.len;
    if (!native_bg && !rolling)
        return;
    if (sv->codedeploy && !sv->alarms.len)
        return;
    cJSON *d = json_put(o, "deploymentConfiguration", json_obj());
    if (sv->circuit_breaker && !sv->codedeploy) {
        cJSON *cb = json_put(d, "deploymentCircuitBreaker", json_obj());
        json_put_bool(cb, "enable", true);
        json_put_bool(cb, "rollback", sv->rollback);
    }
    if (!sv->codedeploy) {
        json_put_int(d, "maximumPercent", sv->max_percent);
        json_put_int(d, "minimumHealthyPercent", sv->min_healthy);
    }
    if (sv->alarms.len) {
        cJSON *al = json_put(d, "alarms", json_obj());
        cJSON *names = json_put(al, "alarmNames", json_arr());
        VEC_EACH(const char *, s, sv->alarms)
            json_append(names, json_str(s));
        json_put_bool(al, "rollback", sv->rollback);
        json_put_bool(al, "enable", true);
    }
    if (!native_bg)
        return;
    json_put_str(d, "strategy", ir_blue_green_api(sv->blue_green));
    json_put_int(d, "bakeTimeInMinutes", sv->bake == IR_UNSET ? 0 : sv->bake / 60);
    if (sv->blue_green == IR_BG_LINEAR) {
        cJSON *lc = json_put(d, "linearConfiguration", json_obj());
        json_put(lc, "stepPercent", json_num(sv->bg_percent));
        json_put_int(lc, "stepBakeTimeInMinutes", sv->bg_interval);
    } else if (sv->blue_green == IR_BG_CANARY) {
        cJSON *cc = json_put(d, "canaryConfiguration", json_obj());
        json_put(cc, "canaryPercent", json_num(sv->bg_percent));
        json_put_int(cc, "canaryBakeTimeInMinutes", sv->bg_interval);
    }
}

static void put_tags(cJSON *o, const IrModel *m, const IrService *sv)
{
    const Vec *app = &m->app->tags;
    if (!app->len && !sv->tags.len)
        return;
    cJSON *arr = json_put(o, "tags", json_arr());
    /* The app's tags, unless the service sets the same key; then the service's. */
    VEC_EACH(const IrKV *, kv, *app) {
        bool overridden = false;
        VEC_EACH(const IrKV *, own, sv->tags)
            overridden |= strcmp(own->key, kv->key) == 0;
        if (overridden)
            continue;
        cJSON *t = json_obj();
        json_put_str(t, "key", kv->key);
        json_put_str(t, "value", kv->value);
        json_append(arr, t);
    }
    VEC_EACH(const IrKV *, kv, sv->tags) {
        cJSON *t = json_obj();
        json_put_str(t, "key", kv->key);
        json_put_str(t, "value", kv->value);
        json_append(arr, t);
    }
}

cJSON *emit_service(const Plan *plan, const PlanService *ps)
{
    const IrModel *m = plan->m;
    const IrService *sv = ps->sv;
    const IrTask *t = sv->task.target;
    assert(t && ps->complete);
    cJSON *o = json_obj();

    json_put_str(o, "cluster", plan->cluster_name);
    json_put_str(o, "serviceName", ps->aws_name);
    json_put_str(o, "taskDefinition", t->family);
    put_load_balancers(o, ps);
    if (!sv->daemon)
        json_put_int(o, "desiredCount", sv->desired);
    if (sv->capacity.len)
        put_capacity(o, plan, sv);
    else
        json_put_str(o, "launchType", ir_launch_api(sv->launch));
    put_deployment(o, sv);

    if (sv->constraints.len || sv->distinct_instance) {
        cJSON *arr = json_put(o, "placementConstraints", json_arr());
        if (sv->distinct_instance) {
            cJSON *pc = json_obj();
            json_put_str(pc, "type", "distinctInstance");
            json_append(arr, pc);
        }
        VEC_EACH(const IrPlacement *, p, sv->constraints) {
            cJSON *pc = json_obj();
            json_put_str(pc, "type", "memberOf");
            json_put_str(pc, "expression", p->expression);
            json_append(arr, pc);
        }
    }
    if (sv->placement.len) {
        cJSON *arr = json_put(o, "placementStrategy", json_arr());
        VEC_EACH(const IrPlacementStrategy *, p, sv->placement) {
            cJSON *st = json_obj();
            json_put_str(st, "type", p->type);
            json_put_str(st, "field", p->field);
            json_append(arr, st);
        }
    }
    if (t->network == IR_NET_AWSVPC) {
        assert(ref_given(&sv->subnets));
        cJSON *net = json_put(o, "networkConfiguration", json_obj());
        cJSON *vpc = json_put(net, "awsvpcConfiguration", json_obj());
        append_values(json_put(vpc, "subnets", json_arr()), plan, &sv->subnets);
        if (ref_given(&sv->security_groups) || ps->task_sg_id) {
            cJSON *sgs = json_put(vpc, "securityGroups", json_arr());
            if (ps->task_sg_id)
                json_append(sgs, json_str(value(ps->task_sg_id)));
            if (ref_given(&sv->security_groups))
                append_values(sgs, plan, &sv->security_groups);
        }
        if (sv->public_ip != IR_TRI_UNSET)
            json_put_str(vpc, "assignPublicIp", sv->public_ip == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
    }
    json_put_int(o, "healthCheckGracePeriodSeconds", sv->grace);
    json_put_str(o, "schedulingStrategy", sv->daemon ? "DAEMON" : "REPLICA");
    if (sv->blue_green != IR_BG_NONE) {
        cJSON *dc = json_put(o, "deploymentController", json_obj());
        json_put_str(dc, "type", sv->codedeploy ? "CODE_DEPLOY" : "ECS");
    }
    put_tags(o, m, sv);
    json_put_str(o, "propagateTags", sv->propagate_tags);
    if (sv->exec != IR_TRI_UNSET)
        json_put_bool(o, "enableExecuteCommand", sv->exec == IR_TRI_TRUE);
    return o;
}
