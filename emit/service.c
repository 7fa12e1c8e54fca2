/* service.c - one service of the model as the input of
 * `aws ecs create-service --cli-input-json`, and the document the
 * template's AWS::ECS::Service is renamed from (service_doc.h).
 *
 * Keys follow the member order of CreateServiceRequest and its nested
 * shapes in the API model.  Deploy-time values (subnets from params,
 * target group and listener rule ARNs from -D or --stack-outputs) were
 * resolved and checked by plan_values.c; emit_service asserts them.
 * Absent values are left out.
 */
#include "emit.h"
#include "json_build.h"
#include "model/ir_names.h"
#include "service_doc.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static void put_value(cJSON *o, const char *key, const EmitValues *v, EmitValue what,
                      const void *obj)
{
    cJSON *item = v->value(v->ctx, what, obj);
    if (item)
        json_put(o, key, item);
}

static void put_load_balancers(cJSON *o, const PlanService *ps, const EmitValues *v)
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
        assert(c);
        cJSON *lb = json_append(arr, json_obj());
        put_value(lb, "targetGroupArn", v, EMIT_VAL_TARGET_GROUP, pr);
        json_put_str(lb, "containerName", c->name);
        json_put_int(lb, "containerPort", pr->route->port);
        if (ps->native_bg) {
            cJSON *adv = json_put(lb, "advancedConfiguration", json_obj());
            put_value(adv, "alternateTargetGroupArn", v, EMIT_VAL_ALT_TARGET_GROUP, pr);
            put_value(adv, "productionListenerRule", v, EMIT_VAL_PROD_RULE, pr);
            put_value(adv, "testListenerRule", v, EMIT_VAL_TEST_RULE, pr);
            put_value(adv, "roleArn", v, EMIT_VAL_BG_ROLE, ps);
        }
    }
}

/* serviceRegistries: the Cloud Map service of `discovery`; SRV records
   name the container and port whose host port ECS registers. */
static void put_registries(cJSON *o, const PlanService *ps, const EmitValues *v)
{
    const IrRegistry *r = ps->sv->registry;
    if (!r)
        return;
    cJSON *item = json_append(json_put(o, "serviceRegistries", json_arr()), json_obj());
    put_value(item, "registryArn", v, EMIT_VAL_REGISTRY, ps);
    if (r->srv) {
        json_put_str(item, "containerName", r->container.name);
        json_put_int(item, "containerPort", r->port);
    }
}

/* serviceConnectConfiguration: a client of the namespace, and each served
   port with its discovery name and the one client alias ECS takes. */
static void put_connect(cJSON *o, const PlanService *ps, const EmitValues *v)
{
    const IrService *sv = ps->sv;
    if (!sv->connects.len)
        return;
    cJSON *sc = json_put(o, "serviceConnectConfiguration", json_obj());
    json_put_bool(sc, "enabled", true);
    put_value(sc, "namespace", v, EMIT_VAL_CONNECT_NAMESPACE, ps);
    cJSON *services = NULL;
    VEC_EACH(const IrConnect *, c, sv->connects) {
        if (!c->port.name)
            continue;
        if (!services)
            services = json_put(sc, "services", json_arr());
        cJSON *s = json_append(services, json_obj());
        json_put_str(s, "portName", c->port.name);
        json_put_str(s, "discoveryName", c->discovery);
        cJSON *alias = json_append(json_put(s, "clientAliases", json_arr()), json_obj());
        json_put_int(alias, "port", plan_connect_port(c));
        json_put_str(alias, "dnsName", plan_connect_alias(c));
    }
}

/* capacityProviderStrategy, or launchType (a daemon with capacity runs
   on EC2 with a launch type). */
static void put_launch(cJSON *o, const PlanService *ps, const EmitValues *v)
{
    const IrService *sv = ps->sv;
    if (!ps->provider_strategy) {
        unsigned launch = sv->daemon && sv->capacity.len ? IR_LAUNCH_EC2 : sv->launch;
        json_put_str(o, "launchType", ir_launch_api(launch));
        return;
    }
    cJSON *arr = json_put(o, "capacityProviderStrategy", json_arr());
    VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
        cJSON *item = json_append(arr, json_obj());
        put_value(item, "capacityProvider", v, EMIT_VAL_CAPACITY_PROVIDER, u);
        json_put_int(item, "weight", u->weight);
        if (u->base > 0)
            json_put_int(item, "base", u->base);
    }
}

static int minutes_up(int seconds)
{
    return (seconds + 59) / 60;
}

/* ECS's own blue/green strategies. */
static void put_native_bg(cJSON *d, const IrService *sv)
{
    json_put_str(d, "strategy", ir_blue_green_api(sv->blue_green));
    if (sv->bake != IR_UNSET)
        json_put_int(d, "bakeTimeInMinutes", minutes_up(sv->bake));
    if (sv->blue_green == IR_BG_LINEAR) {
        cJSON *lc = json_put(d, "linearConfiguration", json_obj());
        json_put_int(lc, "stepPercent", sv->bg_percent);
        json_put_int(lc, "stepBakeTimeInMinutes", sv->bg_interval);
    } else if (sv->blue_green == IR_BG_CANARY) {
        cJSON *cc = json_put(d, "canaryConfiguration", json_obj());
        json_put_int(cc, "canaryPercent", sv->bg_percent);
        json_put_int(cc, "canaryBakeTimeInMinutes", sv->bg_interval);
    }
}

/* With CodeDeploy, the deployment group has the alarms and the rollback
   (cfn_service.c); the rolling percentages still bound a draining
   instance. */
static void put_deployment(cJSON *o, const PlanService *ps, const EmitValues *v)
{
    const IrService *sv = ps->sv;
    cJSON *d = json_obj();
    if (sv->circuit_breaker && !sv->codedeploy) {
        cJSON *cb = json_put(d, "deploymentCircuitBreaker", json_obj());
        json_put_bool(cb, "enable", true);
        json_put_bool(cb, "rollback", sv->rollback);
    }
    json_put_int(d, "maximumPercent", sv->max_percent);
    json_put_int(d, "minimumHealthyPercent", sv->min_healthy);
    if ((sv->alarms.param.name || sv->alarms.literal.len) && !sv->codedeploy) {
        cJSON *al = json_put(d, "alarms", json_obj());
        put_value(al, "alarmNames", v, EMIT_VAL_ALARMS, ps);
        json_put_bool(al, "rollback", sv->rollback || sv->bg_alarms);
        json_put_bool(al, "enable", true);
    }
    if (ps->native_bg)
        put_native_bg(d, sv);
    if (cJSON_GetArraySize(d))
        json_put(o, "deploymentConfiguration", d);
    else
        cJSON_Delete(d);
}

static void put_placement(cJSON *o, const IrService *sv)
{
    if (sv->constraints.len || sv->distinct_instance) {
        cJSON *arr = json_put(o, "placementConstraints", json_arr());
        if (sv->distinct_instance)
            json_put_str(json_append(arr, json_obj()), "type", "distinctInstance");
        VEC_EACH(const IrPlacement *, p, sv->constraints) {
            cJSON *pc = json_append(arr, json_obj());
            json_put_str(pc, "type", "memberOf");
            json_put_str(pc, "expression", p->expression);
        }
    }
    if (sv->placement.len) {
        cJSON *arr = json_put(o, "placementStrategy", json_arr());
        VEC_EACH(const IrPlacementStrategy *, p, sv->placement) {
            cJSON *st = json_append(arr, json_obj());
            json_put_str(st, "type", p->type);
            json_put_str(st, "field", p->field);
        }
    }
}

/* assignPublicIp is always written, DISABLED unless asked for: the API's
   default, said in both outputs alike. */
static void put_network(cJSON *o, const PlanService *ps, const EmitValues *v)
{
    cJSON *net = json_put(o, "networkConfiguration", json_obj());
    cJSON *vpc = json_put(net, "awsvpcConfiguration", json_obj());
    put_value(vpc, "subnets", v, EMIT_VAL_SUBNETS, ps);
    put_value(vpc, "securityGroups", v, EMIT_VAL_SECURITY_GROUPS, ps);
    json_put_str(vpc, "assignPublicIp", ps->sv->public_ip == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
}

/* The app's tags, unless the service sets the same key; then the service's. */
static void put_tags(cJSON *o, const IrModel *m, const IrService *sv)
{
    const Vec *app = &m->app->tags;
    if (!app->len && !sv->tags.len)
        return;
    cJSON *arr = json_put(o, "tags", json_arr());
    VEC_EACH(const IrKV *, kv, *app) {
        bool overridden = false;
        VEC_EACH(const IrKV *, own, sv->tags)
            overridden |= strcmp(own->key, kv->key) == 0;
        if (overridden)
            continue;
        cJSON *t = json_append(arr, json_obj());
        json_put_str(t, "key", kv->key);
        json_put_str(t, "value", kv->value);
    }
    VEC_EACH(const IrKV *, kv, sv->tags) {
        cJSON *t = json_append(arr, json_obj());
        json_put_str(t, "key", kv->key);
        json_put_str(t, "value", kv->value);
    }
}

cJSON *emit_service_doc(const Plan *p, const PlanService *ps, const EmitValues *v)
{
    const IrService *sv = ps->sv;
    const IrTask *t = sv->task.target;
    assert(t);
    cJSON *o = json_obj();
    put_value(o, "cluster", v, EMIT_VAL_CLUSTER, NULL);
    put_value(o, "serviceName", v, EMIT_VAL_SERVICE_NAME, ps);
    put_value(o, "taskDefinition", v, EMIT_VAL_TASK_DEF, t);
    if (sv->az_rebalancing != IR_TRI_UNSET)
        json_put_str(o, "availabilityZoneRebalancing",
                     sv->az_rebalancing == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
    put_load_balancers(o, ps, v);
    put_registries(o, ps, v);
    if (!sv->daemon)
        json_put_int(o, "desiredCount", sv->desired);
    put_launch(o, ps, v);
    json_put_str(o, "platformVersion", sv->platform_version);
    put_deployment(o, ps, v);
    put_placement(o, sv);
    if (ps->network == IR_NET_AWSVPC)
        put_network(o, ps, v);
    json_put_int(o, "healthCheckGracePeriodSeconds", sv->grace);
    json_put_str(o, "schedulingStrategy", sv->daemon ? "DAEMON" : "REPLICA");
    if (sv->blue_green != IR_BG_NONE) {
        cJSON *dc = json_put(o, "deploymentController", json_obj());
        json_put_str(dc, "type", sv->codedeploy ? "CODE_DEPLOY" : "ECS");
    }
    put_tags(o, p->m, sv);
    /* ECS managed tags need propagateTags set; the service's tags (the
       app's among them) reach its tasks unless the source says otherwise */
    json_put_bool(o, "enableECSManagedTags", sv->managed_tags != IR_TRI_FALSE);
    json_put_str(o, "propagateTags", sv->propagate_tags ? sv->propagate_tags : "SERVICE");
    if (sv->exec != IR_TRI_UNSET)
        json_put_bool(o, "enableExecuteCommand", sv->exec == IR_TRI_TRUE);
    put_connect(o, ps, v);
    if (sv->raw)
        json_merge_raw(o, sv->raw);
    return o;
}

/* --- services/: the deploy-time values ---------------------------------------------- */

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

/* A value plan_values.c resolved (required ones were checked there). */
static cJSON *known(const PlanValue *pv, bool required)
{
    const char *s = pv ? pv->value : NULL;
    (void)required;     /* NDEBUG */
    assert(s || !required);
    return s ? json_str(s) : NULL;
}

static cJSON *deploy_value(void *ctx, EmitValue what, const void *obj)
{
    const Plan *p = ctx;
    const PlanRoute *pr = obj;
    const PlanService *ps = obj;
    switch (what) {
    case EMIT_VAL_CLUSTER: return json_str(p->cluster_name);
    case EMIT_VAL_SERVICE_NAME: return json_str(ps->aws_name);
    case EMIT_VAL_TASK_DEF: return json_str(((const IrTask *)obj)->family);
    case EMIT_VAL_CAPACITY_PROVIDER: {
        const IrCapacityUse *u = obj;
        if (u->provider)
            return json_str(u->provider);
        const PlanRes *c = plan_find(p, PLAN_CAPACITY_PROVIDER, u->capacity.target, NULL);
        assert(c);
        return json_str(c->aws_name);
    }
    case EMIT_VAL_TARGET_GROUP: return known(pr->tg_arn, true);
    case EMIT_VAL_ALT_TARGET_GROUP: return known(pr->alt_tg_arn, true);
    case EMIT_VAL_PROD_RULE: return known(pr->prod_rule_arn, true);
    case EMIT_VAL_TEST_RULE: return known(pr->test_rule_arn, false);
    case EMIT_VAL_BG_ROLE: return known(ps->bg_role_arn, true);
    case EMIT_VAL_SUBNETS: {
        assert(ref_given(&ps->sv->subnets));
        cJSON *arr = json_arr();
        append_values(arr, p, &ps->sv->subnets);
        return arr;
    }
    case EMIT_VAL_ALARMS: {
        cJSON *arr = json_arr();
        append_values(arr, p, &ps->sv->alarms);
        return arr;
    }
    case EMIT_VAL_CONNECT_NAMESPACE: {
        const IrNamespace *ns = p->m->cluster->connect_ns;
        if (ns->name)
            return json_str(ns->name);
        if (ps->connect_ns)
            return known(ps->connect_ns, true);
        assert(ns->existing.literal.len == 1);
        return json_str(ns->existing.literal.items[0]);
    }
    case EMIT_VAL_REGISTRY: return known(ps->registry_arn, true);
    case EMIT_VAL_SECURITY_GROUPS: {
        const IrParamRef *given = &ps->sv->security_groups;
        if (!ref_given(given) && !ps->task_sg_id)
            return NULL;
        cJSON *arr = json_arr();
        if (ps->task_sg_id)
            json_append(arr, known(ps->task_sg_id, true));
        if (ref_given(given))
            append_values(arr, p, given);
        return arr;
    }
    }
    assert(!"unknown EmitValue");
    return NULL;
}

cJSON *emit_service(const Plan *plan, const PlanService *ps)
{
    assert(ps->complete);
    EmitValues v = {deploy_value, (void *)plan};
    return emit_service_doc(plan, ps, &v);
}
