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

#include <assert.h>
#include <stdio.h>
#include <string.h>

static cJSON *chk(cJSON *item)
{
    if (!item)
        ecsc_oom();
    return item;
}

static cJSON *put(cJSON *obj, const char *key, cJSON *item)
{
    if (!cJSON_AddItemToObject(obj, key, chk(item)))
        ecsc_oom();
    return item;
}

static void append(cJSON *arr, cJSON *item)
{
    if (!cJSON_AddItemToArray(arr, chk(item)))
        ecsc_oom();
}

static void put_str(cJSON *obj, const char *key, const char *s)
{
    if (s)
        put(obj, key, cJSON_CreateString(s));
}

static void put_int(cJSON *obj, const char *key, int v)
{
    if (v != IR_UNSET)
        put(obj, key, cJSON_CreateNumber(v));
}

static void put_bool(cJSON *obj, const char *key, bool b)
{
    put(obj, key, cJSON_CreateBool(b));
}

/* Appends the values of a param reference: the literals, or the param's
   value split on ',' (spaces around items dropped). */
static void append_values(cJSON *arr, const Plan *plan, const IrParamRef *r)
{
    const IrParam *p = r->param.target;
    if (!p) {
        VEC_EACH(const char *, s, r->literal)
            append(arr, cJSON_CreateString(s));
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
            append(arr, cJSON_CreateString(buf));
        }
        if (!end)
            break;
        v = end + 1;
    }
}

static bool ref_given(const IrParamRef *r) { return r->param.name || r->literal.len; }

static const char *launch_name(unsigned launch)
{
    switch (launch) {
    case IR_LAUNCH_FARGATE: return "FARGATE";
    case IR_LAUNCH_EC2: return "EC2";
    case IR_LAUNCH_EXTERNAL: return "EXTERNAL";
    case IR_LAUNCH_MANAGED: return "MANAGED_INSTANCES";
    default: return NULL;
    }
}

static const char *value(const PlanValue *v)
{
    return v ? v->value : NULL;
}

static void put_load_balancers(cJSON *o, const PlanService *ps)
{
    const IrService *sv = ps->sv;
    if (!sv->routes.len)
        return;
    cJSON *arr = put(o, "loadBalancers", cJSON_CreateArray());
    for (int i = 0; i < sv->routes.len; i++) {
        const PlanRoute *pr = &ps->routes[i];
        /* Routes that share a target group (same load balancer, container
           and port) are one entry: ECS registers each target group once. */
        if (pr->shares_target)
            continue;
        const IrContainer *c = pr->route->container.target;
        assert(value(pr->tg_arn) && c);
        cJSON *lb = chk(cJSON_CreateObject());
        put_str(lb, "targetGroupArn", value(pr->tg_arn));
        put_str(lb, "containerName", c->name);
        put_int(lb, "containerPort", pr->route->port);
        if (ps->native_bg) {
            assert(value(pr->alt_tg_arn) && value(pr->prod_rule_arn) && value(ps->bg_role_arn));
            cJSON *adv = put(lb, "advancedConfiguration", cJSON_CreateObject());
            put_str(adv, "alternateTargetGroupArn", value(pr->alt_tg_arn));
            put_str(adv, "productionListenerRule", value(pr->prod_rule_arn));
            put_str(adv, "testListenerRule", value(pr->test_rule_arn));
            put_str(adv, "roleArn", value(ps->bg_role_arn));
        }
        append(arr, lb);
    }
}

/* The name of a capacity provider: FARGATE / FARGATE_SPOT, or the name
   infer gives a capacity block (the CloudFormation template uses it too). */
static void put_capacity(cJSON *o, const Plan *p, const IrService *sv)
{
    cJSON *arr = put(o, "capacityProviderStrategy", cJSON_CreateArray());
    VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
        cJSON *item = chk(cJSON_CreateObject());
        const char *name = u->provider;
        if (!name) {
            const PlanRes *c = plan_find(p, PLAN_CAPACITY_PROVIDER, u->capacity.target, NULL);
            assert(c);
            name = c->aws_name;
        }
        put_str(item, "capacityProvider", name);
        put_int(item, "weight", u->weight);
        if (u->base)
            put_int(item, "base", u->base);
        append(arr, item);
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
    cJSON *d = put(o, "deploymentConfiguration", cJSON_CreateObject());
    if (sv->circuit_breaker && !sv->codedeploy) {
        cJSON *cb = put(d, "deploymentCircuitBreaker", cJSON_CreateObject());
        put_bool(cb, "enable", true);
        put_bool(cb, "rollback", sv->rollback);
    }
    if (!sv->codedeploy) {
        put_int(d, "maximumPercent", sv->max_percent);
        put_int(d, "minimumHealthyPercent", sv->min_healthy);
    }
    if (sv->alarms.len) {
        cJSON *al = put(d, "alarms", cJSON_CreateObject());
        cJSON *names = put(al, "alarmNames", cJSON_CreateArray());
        VEC_EACH(const char *, s, sv->alarms)
            append(names, cJSON_CreateString(s));
        put_bool(al, "rollback", sv->rollback);
        put_bool(al, "enable", true);
    }
    if (!native_bg)
        return;
    static const char *const strategies[] = {"ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"};
    put_str(d, "strategy", strategies[sv->blue_green]);
    put_int(d, "bakeTimeInMinutes", sv->bake == IR_UNSET ? 0 : sv->bake / 60);
    if (sv->blue_green == IR_BG_LINEAR) {
        cJSON *lc = put(d, "linearConfiguration", cJSON_CreateObject());
        put(lc, "stepPercent", cJSON_CreateNumber(sv->bg_percent));
        put_int(lc, "stepBakeTimeInMinutes", sv->bg_interval);
    } else if (sv->blue_green == IR_BG_CANARY) {
        cJSON *cc = put(d, "canaryConfiguration", cJSON_CreateObject());
        put(cc, "canaryPercent", cJSON_CreateNumber(sv->bg_percent));
        put_int(cc, "canaryBakeTimeInMinutes", sv->bg_interval);
    }
}

static void put_tags(cJSON *o, const IrModel *m, const IrService *sv)
{
    const Vec *app = &m->app->tags;
    if (!app->len && !sv->tags.len)
        return;
    cJSON *arr = put(o, "tags", cJSON_CreateArray());
    /* The app's tags, unless the service sets the same key; then the service's. */
    VEC_EACH(const IrKV *, kv, *app) {
        bool overridden = false;
        VEC_EACH(const IrKV *, own, sv->tags)
            overridden |= strcmp(own->key, kv->key) == 0;
        if (overridden)
            continue;
        cJSON *t = chk(cJSON_CreateObject());
        put_str(t, "key", kv->key);
        put_str(t, "value", kv->value);
        append(arr, t);
    }
    VEC_EACH(const IrKV *, kv, sv->tags) {
        cJSON *t = chk(cJSON_CreateObject());
        put_str(t, "key", kv->key);
        put_str(t, "value", kv->value);
        append(arr, t);
    }
}

cJSON *emit_service(const Plan *plan, const PlanService *ps)
{
    const IrModel *m = plan->m;
    const IrService *sv = ps->sv;
    const IrTask *t = sv->task.target;
    assert(t && ps->complete);
    cJSON *o = chk(cJSON_CreateObject());

    put_str(o, "cluster", plan->cluster_name);
    put_str(o, "serviceName", ps->aws_name);
    put_str(o, "taskDefinition", t->family);
    put_load_balancers(o, ps);
    if (!sv->daemon)
        put_int(o, "desiredCount", sv->desired);
    if (sv->capacity.len)
        put_capacity(o, plan, sv);
    else
        put_str(o, "launchType", launch_name(sv->launch));
    put_deployment(o, sv);

    if (sv->constraints.len || sv->distinct_instance) {
        cJSON *arr = put(o, "placementConstraints", cJSON_CreateArray());
        if (sv->distinct_instance) {
            cJSON *pc = chk(cJSON_CreateObject());
            put_str(pc, "type", "distinctInstance");
            append(arr, pc);
        }
        VEC_EACH(const IrPlacement *, p, sv->constraints) {
            cJSON *pc = chk(cJSON_CreateObject());
            put_str(pc, "type", "memberOf");
            put_str(pc, "expression", p->expression);
            append(arr, pc);
        }
    }
    if (sv->placement.len) {
        cJSON *arr = put(o, "placementStrategy", cJSON_CreateArray());
        VEC_EACH(const IrPlacementStrategy *, p, sv->placement) {
            cJSON *st = chk(cJSON_CreateObject());
            put_str(st, "type", p->type);
            put_str(st, "field", p->field);
            append(arr, st);
        }
    }
    if (t->network == IR_NET_AWSVPC) {
        assert(ref_given(&sv->subnets));
        cJSON *net = put(o, "networkConfiguration", cJSON_CreateObject());
        cJSON *vpc = put(net, "awsvpcConfiguration", cJSON_CreateObject());
        append_values(put(vpc, "subnets", cJSON_CreateArray()), plan, &sv->subnets);
        if (ref_given(&sv->security_groups) || ps->task_sg_id) {
            cJSON *sgs = put(vpc, "securityGroups", cJSON_CreateArray());
            if (ps->task_sg_id)
                append(sgs, chk(cJSON_CreateString(value(ps->task_sg_id))));
            if (ref_given(&sv->security_groups))
                append_values(sgs, plan, &sv->security_groups);
        }
        if (sv->public_ip != IR_TRI_UNSET)
            put_str(vpc, "assignPublicIp", sv->public_ip == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
    }
    put_int(o, "healthCheckGracePeriodSeconds", sv->grace);
    put_str(o, "schedulingStrategy", sv->daemon ? "DAEMON" : "REPLICA");
    if (sv->blue_green != IR_BG_NONE) {
        cJSON *dc = put(o, "deploymentController", cJSON_CreateObject());
        put_str(dc, "type", sv->codedeploy ? "CODE_DEPLOY" : "ECS");
    }
    put_tags(o, m, sv);
    put_str(o, "propagateTags", sv->propagate_tags);
    if (sv->exec != IR_TRI_UNSET)
        put_bool(o, "enableExecuteCommand", sv->exec == IR_TRI_TRUE);
    return o;
}
