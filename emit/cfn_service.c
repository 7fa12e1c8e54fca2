/* cfn_service.c - services in the template: the ECS service with its
 * network, deployment and placement settings, its task security group,
 * routes, scaling, CodeDeploy deployments and the blue/green role.
 *
 * DependsOn is written only where CloudFormation cannot see the
 * dependency: a service needs its listener rules, and a capacity-provider
 * service needs the cluster association.  Roles ecsc adds for AWS
 * services (blue/green, CodeDeploy) get CloudFormation-generated names,
 * so the stack can be deployed in several regions of one account.
 */
#include "cfn_int.h"

#include <assert.h>
#include <string.h>

static bool native_bg(const Cfn *cf, const IrService *sv)
{
    return plan_service(cf->plan, sv)->native_bg;
}

static int minutes_up(int seconds)
{
    return (seconds + 59) / 60;
}

/* --- the service's properties ----------------------------------------------------- */

static void put_network(Cfn *cf, cJSON *p, const IrService *sv, const char *sg_id)
{
    cJSON *vpc = json_put(json_put(p, "NetworkConfiguration", json_obj()), "AwsvpcConfiguration",
                          json_obj());
    bool theirs = cfn_param_given(&sv->security_groups);
    if (sg_id && theirs) {
        /* ours plus the given ones: one flat list */
        cJSON *items = json_arr();
        json_append(items, cfn_getatt(sg_id, "GroupId"));
        cJSON *given = cfn_param_value(cf, &sv->security_groups, true);
        if (cJSON_IsArray(given)) {
            cJSON *el;
            cJSON_ArrayForEach(el, given)
                json_append(items, json_chk(cJSON_Duplicate(el, true)));
            cJSON_Delete(given);
            json_put(vpc, "SecurityGroups", items);
        } else {
            json_append(items, cfn_join(",", given));
            cJSON *split = json_obj();
            cJSON *args = json_put(split, "Fn::Split", json_arr());
            json_append(args, json_str(","));
            json_append(args, cfn_join(",", items));
            json_put(vpc, "SecurityGroups", split);
        }
    } else if (sg_id) {
        json_append(json_put(vpc, "SecurityGroups", json_arr()), cfn_getatt(sg_id, "GroupId"));
    } else if (theirs) {
        json_put(vpc, "SecurityGroups", cfn_param_value(cf, &sv->security_groups, true));
    }
    cJSON *subnets = cfn_param_value(cf, &sv->subnets, true);
    if (subnets)
        json_put(vpc, "Subnets", subnets);
    json_put_str(vpc, "AssignPublicIp", sv->public_ip == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
}

/* ECS's own blue/green strategies. */
static void put_native_bg(cJSON *dc, const IrService *sv)
{
    json_put_str(dc, "Strategy", ir_blue_green_api(sv->blue_green));
    if (sv->blue_green == IR_BG_CANARY) {
        cJSON *cc = json_put(dc, "CanaryConfiguration", json_obj());
        json_put_int(cc, "CanaryPercent", sv->bg_percent);
        json_put_int(cc, "CanaryBakeTimeInMinutes", sv->bg_interval);
    } else if (sv->blue_green == IR_BG_LINEAR) {
        cJSON *lc = json_put(dc, "LinearConfiguration", json_obj());
        json_put_int(lc, "StepPercent", sv->bg_percent);
        json_put_int(lc, "StepBakeTimeInMinutes", sv->bg_interval);
    }
    if (sv->bake != IR_UNSET)
        json_put_int(dc, "BakeTimeInMinutes", minutes_up(sv->bake));
}

static void put_deployment(const Cfn *cf, cJSON *p, const IrService *sv)
{
    bool codedeploy = sv->codedeploy;
    cJSON *dc = json_obj();
    json_put_int(dc, "MaximumPercent", sv->max_percent);
    json_put_int(dc, "MinimumHealthyPercent", sv->min_healthy);
    if (sv->circuit_breaker && !codedeploy) {
        cJSON *cb = json_put(dc, "DeploymentCircuitBreaker", json_obj());
        json_put_bool(cb, "Enable", true);
        json_put_bool(cb, "Rollback", sv->rollback);
    }
    if (sv->alarms.len && !codedeploy) {
        cJSON *al = json_put(dc, "Alarms", json_obj());
        json_put(al, "AlarmNames", json_strings(&sv->alarms));
        json_put_bool(al, "Enable", true);
        json_put_bool(al, "Rollback", sv->rollback);
    }
    if (native_bg(cf, sv))
        put_native_bg(dc, sv);
    if (cJSON_GetArraySize(dc))
        json_put(p, "DeploymentConfiguration", dc);
    else
        cJSON_Delete(dc);
}

/* CapacityProviderStrategy, or LaunchType. */
static void put_launch(Cfn *cf, cJSON *p, const IrService *sv)
{
    if (!plan_service(cf->plan, sv)->provider_strategy) {
        unsigned launch = sv->daemon && sv->capacity.len ? IR_LAUNCH_EC2 : sv->launch;
        json_put_str(p, "LaunchType", ir_launch_api(launch));
        return;
    }
    cJSON *arr = json_put(p, "CapacityProviderStrategy", json_arr());
    VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
        cJSON *o = json_append(arr, json_obj());
        const IrCapacity *c = u->capacity.target;
        if (c)
            json_put(o, "CapacityProvider", cfn_ref(cfn_id_capacity_provider(cf, c)));
        else
            json_put_str(o, "CapacityProvider", u->provider);
        json_put_int(o, "Weight", u->weight);
        if (u->base > 0)
            json_put_int(o, "Base", u->base);
    }
}

/* One entry per target group; for native blue/green with the alternate
   group, the production rule and the role that shifts the traffic. */
static void put_load_balancers(Cfn *cf, cJSON *p, const IrService *sv, const char *bg_role)
{
    cJSON *lbs = json_put(p, "LoadBalancers", json_arr());
    VEC_EACH(const IrRoute *, r, sv->routes) {
        if (plan_route(cf->plan, r)->shares_target)
            continue;
        cJSON *o = json_append(lbs, json_obj());
        const IrContainer *c = r->container.target;
        json_put_str(o, "ContainerName", c ? c->name : r->container.name);
        json_put_int(o, "ContainerPort", r->port);
        json_put(o, "TargetGroupArn", cfn_ref(cfn_id_target_group(cf, r)));
        if (native_bg(cf, sv)) {
            cJSON *ac = json_put(o, "AdvancedConfiguration", json_obj());
            json_put(ac, "AlternateTargetGroupArn", cfn_ref(cfn_id_alt_target_group(cf, r)));
            const PlanRes *rule = plan_route(cf->plan, r)->prod_rule;
            if (rule)
                json_put(ac, "ProductionListenerRule", cfn_ref(rule->id));
            json_put(ac, "RoleArn", cfn_getatt(bg_role, "Arn"));
        }
    }
}

static void put_placement(cJSON *p, const IrService *sv)
{
    if (sv->placement.len) {
        cJSON *arr = json_put(p, "PlacementStrategies", json_arr());
        VEC_EACH(const IrPlacementStrategy *, ps, sv->placement) {
            cJSON *o = json_append(arr, json_obj());
            json_put_str(o, "Type", ps->type);
            json_put_str(o, "Field", ps->field);
        }
    }
    if (sv->distinct_instance || sv->constraints.len) {
        cJSON *arr = json_put(p, "PlacementConstraints", json_arr());
        if (sv->distinct_instance)
            json_put_str(json_append(arr, json_obj()), "Type", "distinctInstance");
        VEC_EACH(const IrPlacement *, pc, sv->constraints) {
            cJSON *o = json_append(arr, json_obj());
            json_put_str(o, "Type", "memberOf");
            json_put_str(o, "Expression", pc->expression);
        }
    }
}

/* What CloudFormation cannot see: a target group must be attached to a
   load balancer (by a listener rule) before the service uses it, and a
   capacity provider must be associated with the cluster. */
static void service_depends(Cfn *cf, const IrService *sv, const char *id)
{
    VEC_EACH(const IrRoute *, r, sv->routes) {
        const IrLoadBalancer *lb = r->lb.target;
        VEC_EACH(const IrListener *, l, lb->listeners)
            if (plan_route_on(r, l)) {
                cfn_depends_on(cf, id, cfn_id_listener(cf, l));
                cfn_depends_on(cf, id, cfn_id_listener_rule(cf, r, l));
            }
    }
    if (plan_service(cf->plan, sv)->needs_association)
        cfn_depends_on(cf, id, cfn_id_association(cf));
}

/* --- scaling -------------------------------------------------------------------------- */

static void emit_scaling(Cfn *cf, const IrService *sv)
{
    const IrScaling *sc = sv->scaling;
    const char *service = cfn_id_service(cf, sv);
    const char *target = cfn_id_scalable_target(cf, sv);
    cJSON *p = cfn_resource(cf, target, "AWS::ApplicationAutoScaling::ScalableTarget");
    json_put_str(p, "ServiceNamespace", "ecs");
    json_put_str(p, "ScalableDimension", "ecs:service:DesiredCount");
    cJSON *parts = json_arr();
    json_append(parts, json_str("service"));
    json_append(parts, cfn_cluster_ref(cf));
    json_append(parts, cfn_getatt(service, "Name"));
    json_put(p, "ResourceId", cfn_join("/", parts));
    json_put_int(p, "MinCapacity", sc->min);
    json_put_int(p, "MaxCapacity", sc->max);

    p = cfn_resource(cf, cfn_id_scaling_policy(cf, sv),
                     "AWS::ApplicationAutoScaling::ScalingPolicy");
    json_put_str(p, "PolicyName", cfn_name_scaling_policy(cf, sv));
    json_put_str(p, "PolicyType", "TargetTrackingScaling");
    json_put(p, "ScalingTargetId", cfn_ref(target));
    cJSON *tt = json_put(p, "TargetTrackingScalingPolicyConfiguration", json_obj());
    cJSON *pm = json_put(tt, "PredefinedMetricSpecification", json_obj());
    json_put_str(pm, "PredefinedMetricType", ir_scale_metric_api(sc->metric));
    if (sc->metric == IR_SCALE_REQUESTS) {
        assert(sv->routes.len);
        const IrRoute *r = VEC_AT(sv->routes, 0);
        const IrLoadBalancer *lb = r->lb.target;
        cJSON *label = json_arr();
        json_append(label, cfn_getatt(cfn_id_lb(cf, lb), "LoadBalancerFullName"));
        json_append(label, cfn_getatt(cfn_id_target_group(cf, r), "TargetGroupFullName"));
        json_put(pm, "ResourceLabel", cfn_join("/", label));
    }
    json_put_int(tt, "TargetValue", sc->target);
}

/* --- CodeDeploy ----------------------------------------------------------------------- */

/* One application and one service role for every CodeDeploy service;
   each service's fragment carries identical copies. */
static void codedeploy_app(Cfn *cf)
{
    const char *app = cfn_id_codedeploy_app(cf);
    if (cfn_find_res(cf, app))
        return;
    cJSON *p = cfn_resource(cf, app, "AWS::CodeDeploy::Application");
    json_put_str(p, "ApplicationName", cfn_name_codedeploy_app(cf));
    json_put_str(p, "ComputePlatform", "ECS");
    p = cfn_resource(cf, cfn_id_codedeploy_role(cf), "AWS::IAM::Role");
    json_put_str(p, "Description", "ecsc: CodeDeploy blue/green deployments of ECS services");
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("codedeploy.amazonaws.com", false));
    json_append(json_put(p, "ManagedPolicyArns", json_arr()),
                cfn_managed_policy(cf->a, "AWSCodeDeployRoleForECS"));
    cfn_put_tags(cf, p, NULL);
}

/* The deployment configuration's name, or a Ref to one made here. */
static cJSON *codedeploy_config_ref(Cfn *cf, const IrService *sv)
{
    const char *config = plan_codedeploy_config(sv);
    if (config)
        return json_str(config);
    const char *id = cfn_id_deploy_config(cf, sv);
    cJSON *p = cfn_resource(cf, id, "AWS::CodeDeploy::DeploymentConfig");
    json_put_str(p, "ComputePlatform", "ECS");
    cJSON *trc = json_put(p, "TrafficRoutingConfig", json_obj());
    if (sv->blue_green == IR_BG_CANARY) {
        json_put_str(trc, "Type", "TimeBasedCanary");
        cJSON *tc = json_put(trc, "TimeBasedCanary", json_obj());
        json_put_int(tc, "CanaryPercentage", sv->bg_percent);
        json_put_int(tc, "CanaryInterval", sv->bg_interval);
    } else {
        json_put_str(trc, "Type", "TimeBasedLinear");
        cJSON *tl = json_put(trc, "TimeBasedLinear", json_obj());
        json_put_int(tl, "LinearPercentage", sv->bg_percent);
        json_put_int(tl, "LinearInterval", sv->bg_interval);
    }
    return cfn_ref(id);
}

static void put_codedeploy_rollback(cJSON *p, const IrService *sv)
{
    cJSON *rb = json_put(p, "AutoRollbackConfiguration", json_obj());
    json_put_bool(rb, "Enabled", true);
    cJSON *events = json_put(rb, "Events", json_arr());
    json_append(events, json_str("DEPLOYMENT_FAILURE"));
    if (!sv->alarms.len)
        return;
    json_append(events, json_str("DEPLOYMENT_STOP_ON_ALARM"));
    cJSON *ac = json_put(p, "AlarmConfiguration", json_obj());
    json_put_bool(ac, "Enabled", true);
    cJSON *alarms = json_put(ac, "Alarms", json_arr());
    VEC_EACH(const char *, name, sv->alarms)
        json_put_str(json_append(alarms, json_obj()), "Name", name);
}

static void emit_codedeploy(Cfn *cf, const IrService *sv)
{
    codedeploy_app(cf);
    cJSON *config_ref = codedeploy_config_ref(cf, sv);

    cJSON *p = cfn_resource(cf, cfn_id_deploy_group(cf, sv), "AWS::CodeDeploy::DeploymentGroup");
    json_put(p, "ApplicationName", cfn_ref(cfn_id_codedeploy_app(cf)));
    json_put_str(p, "DeploymentGroupName", cfn_name_service(cf, sv));
    json_put(p, "ServiceRoleArn", cfn_getatt(cfn_id_codedeploy_role(cf), "Arn"));
    json_put(p, "DeploymentConfigName", config_ref);
    cJSON *style = json_put(p, "DeploymentStyle", json_obj());
    json_put_str(style, "DeploymentType", "BLUE_GREEN");
    json_put_str(style, "DeploymentOption", "WITH_TRAFFIC_CONTROL");
    cJSON *bgc = json_put(p, "BlueGreenDeploymentConfiguration", json_obj());
    cJSON *ready = json_put(bgc, "DeploymentReadyOption", json_obj());
    json_put_str(ready, "ActionOnTimeout", "CONTINUE_DEPLOYMENT");
    cJSON *term = json_put(bgc, "TerminateBlueInstancesOnDeploymentSuccess", json_obj());
    json_put_str(term, "Action", "TERMINATE");
    int wait = sv->termination_wait != IR_UNSET ? sv->termination_wait
             : sv->bake != IR_UNSET ? minutes_up(sv->bake) : 5;
    json_put_int(term, "TerminationWaitTimeInMinutes", wait);
    put_codedeploy_rollback(p, sv);
    cJSON *svc = json_append(json_put(p, "ECSServices", json_arr()), json_obj());
    json_put(svc, "ClusterName", cfn_cluster_ref(cf));
    json_put(svc, "ServiceName", cfn_getatt(cfn_id_service(cf, sv), "Name"));
    /* CodeDeploy shifts one target group pair behind one production listener */
    assert(sv->routes.len);
    const IrRoute *r = VEC_AT(sv->routes, 0);
    const IrListener *l = plan_route(cf->plan, r)->prod;
    assert(l);
    cJSON *pair = json_append(json_put(json_put(p, "LoadBalancerInfo", json_obj()),
                                       "TargetGroupPairInfoList", json_arr()),
                              json_obj());
    cJSON *arns = json_put(json_put(pair, "ProdTrafficRoute", json_obj()), "ListenerArns",
                           json_arr());
    json_append(arns, cfn_ref(cfn_id_listener(cf, l)));
    cJSON *tgs = json_put(pair, "TargetGroups", json_arr());
    json_put(json_append(tgs, json_obj()), "Name",
             cfn_getatt(cfn_id_target_group(cf, r), "TargetGroupName"));
    json_put(json_append(tgs, json_obj()), "Name",
             cfn_getatt(cfn_id_alt_target_group(cf, r), "TargetGroupName"));
    cfn_put_tags(cf, p, NULL);
}

/* --- the service ------------------------------------------------------------------------ */

/* The role ECS uses to shift a native blue/green service's traffic.  The
   stack always owns it: what services/ was given with -D (the deployed
   role's ARN) must not make the template drop it. */
static const char *emit_bg_role(Cfn *cf, const IrService *sv)
{
    const char *id = cfn_id_bg_role(cf, sv);
    cJSON *p = cfn_resource(cf, id, "AWS::IAM::Role");
    json_put_str(p, "Description",
                 arena_printf(cf->a, "ecsc: ECS shifts the load balancer traffic of service '%s'",
                              sv->name));
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("ecs.amazonaws.com", false));
    json_append(json_put(p, "ManagedPolicyArns", json_arr()),
                cfn_managed_policy(cf->a, "AmazonECSInfrastructureRolePolicyForLoadBalancers"));
    cfn_put_tags(cf, p, NULL);
    return id;
}

void cfn_emit_service(Cfn *cf, const IrService *sv)
{
    const IrTask *t = cfn_service_task(sv);
    cfn_set_owner(cf, cfn_name_fragment(cf, "service", sv->name));

    const char *sg_id = cfn_id_task_sg(cf, sv);
    if (sg_id)
        cfn_emit_task_sg(cf, sv, sg_id);
    cfn_emit_routes(cf, sv);
    const char *bg_role = plan_service(cf->plan, sv)->bg_role ? emit_bg_role(cf, sv) : NULL;

    const char *id = cfn_id_service(cf, sv);
    cJSON *p = cfn_resource(cf, id, "AWS::ECS::Service");
    json_put(p, "Cluster", cfn_cluster_ref(cf));
    json_put_str(p, "ServiceName", cfn_name_service(cf, sv));
    json_put(p, "TaskDefinition", cfn_ref(cfn_id_task_def(cf, t)));
    json_put_str(p, "SchedulingStrategy", sv->daemon ? "DAEMON" : "REPLICA");
    if (!sv->daemon)
        json_put_int(p, "DesiredCount", sv->desired);
    put_launch(cf, p, sv);
    if (t->net == IR_NET_AWSVPC)
        put_network(cf, p, sv, sg_id);
    if (sv->routes.len)
        put_load_balancers(cf, p, sv, bg_role);
    put_deployment(cf, p, sv);
    if (sv->codedeploy)
        json_put_str(json_put(p, "DeploymentController", json_obj()), "Type", "CODE_DEPLOY");
    json_put_int(p, "HealthCheckGracePeriodSeconds", sv->grace);
    if (sv->exec != IR_TRI_UNSET)
        json_put_bool(p, "EnableExecuteCommand", sv->exec == IR_TRI_TRUE);
    json_put_str(p, "PropagateTags", sv->propagate_tags);
    put_placement(p, sv);
    cfn_put_tags(cf, p, &sv->tags);
    service_depends(cf, sv, id);


    if (sv->scaling)
        emit_scaling(cf, sv);
    if (sv->codedeploy && sv->routes.len)
        emit_codedeploy(cf, sv);
}
