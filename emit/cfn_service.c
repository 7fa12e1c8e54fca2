/* cfn_service.c - services in the template: the ECS service, its task
 * security group, routes, scaling, CodeDeploy deployments and the
 * blue/green role.
 *
 * The AWS::ECS::Service is the create-service document service.c builds
 * for services/ (emit_service_doc, with the service's raw), with
 * references for its outside values (cfn_value) and CloudFormation's
 * names and order (service_props).
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

static int minutes_up(int seconds)
{
    return (seconds + 59) / 60;
}

/* --- the service's properties ----------------------------------------------------- */

/* Ours plus the given ones, as one flat list. */
static cJSON *both_security_groups(Cfn *cf, const IrService *sv, const char *sg_id)
{
    cJSON *items = json_arr();
    json_append(items, cfn_getatt(sg_id, "GroupId"));
    cJSON *given = cfn_param_value(cf, &sv->security_groups, true);
    if (cJSON_IsArray(given)) {
        cJSON *el;
        cJSON_ArrayForEach(el, given)
            json_append(items, json_chk(cJSON_Duplicate(el, true)));
        cJSON_Delete(given);
        return items;
    }
    /* a list param: joined with ours, then split again */
    json_append(items, cfn_join(",", given));
    cJSON *split = json_obj();
    cJSON *args = json_put(split, "Fn::Split", json_arr());
    json_append(args, json_str(","));
    json_append(args, cfn_join(",", items));
    return split;
}

static cJSON *security_groups(Cfn *cf, const IrService *sv)
{
    const char *sg_id = cfn_id_task_sg(cf, sv);
    bool theirs = cfn_param_given(&sv->security_groups);
    if (sg_id && theirs)
        return both_security_groups(cf, sv, sg_id);
    if (sg_id) {
        cJSON *arr = json_arr();
        json_append(arr, cfn_getatt(sg_id, "GroupId"));
        return arr;
    }
    return theirs ? cfn_param_value(cf, &sv->security_groups, true) : NULL;
}

/* The template's side of the service document: references. */
static cJSON *cfn_value(void *ctx, EmitValue what, const void *obj)
{
    Cfn *cf = ctx;
    const PlanRoute *pr = obj;
    const PlanService *ps = obj;
    switch (what) {
    case EMIT_VAL_CLUSTER: return cfn_cluster_ref(cf);
    case EMIT_VAL_SERVICE_NAME: return json_str(cfn_name_service(cf, ps->sv));
    case EMIT_VAL_TASK_DEF: return cfn_ref(cfn_id_task_def(cf, obj));
    case EMIT_VAL_CAPACITY_PROVIDER: {
        const IrCapacityUse *u = obj;
        const IrCapacity *c = u->capacity.target;
        return c ? cfn_ref(cfn_id_capacity_provider(cf, c)) : json_str(u->provider);
    }
    case EMIT_VAL_TARGET_GROUP: return cfn_ref(cfn_id_target_group(cf, pr->route));
    case EMIT_VAL_ALT_TARGET_GROUP: return cfn_ref(cfn_id_alt_target_group(cf, pr->route));
    case EMIT_VAL_PROD_RULE: return pr->prod_rule ? cfn_ref(pr->prod_rule->id) : NULL;
    case EMIT_VAL_TEST_RULE: return NULL;   /* the user's own; services/ only */
    case EMIT_VAL_BG_ROLE: return cfn_getatt(cfn_id_bg_role(cf, ps->sv), "Arn");
    case EMIT_VAL_SUBNETS: return cfn_param_value(cf, &ps->sv->subnets, true);
    case EMIT_VAL_SECURITY_GROUPS: return security_groups(cf, ps->sv);
    case EMIT_VAL_ALARMS: return cfn_param_value(cf, &ps->sv->alarms, true);
    case EMIT_VAL_CONNECT_NAMESPACE: return cfn_connect_namespace(cf);
    case EMIT_VAL_REGISTRY: return cfn_getatt(ps->registry->id, "Arn");
    }
    assert(!"unknown EmitValue");
    return NULL;
}

static bool raw_sets(const IrValue *raw, const char *member)
{
    if (raw)
        VEC_EACH(const IrMember *, m, raw->items)
            if (strcmp(m->key, member) == 0)
                return true;
    return false;
}

/* The service document with CloudFormation's names, in the order of its
   documentation (members raw adds follow). */
static cJSON *service_props(Cfn *cf, const IrService *sv)
{
    static const char *const service[] = {
        "Cluster", "ServiceName", "TaskDefinition", "SchedulingStrategy", "DesiredCount",
        "CapacityProviderStrategy", "LaunchType", "PlatformVersion", "NetworkConfiguration",
        "LoadBalancers", "AvailabilityZoneRebalancing", "DeploymentConfiguration",
        "DeploymentController", "HealthCheckGracePeriodSeconds", "EnableExecuteCommand",
        "EnableECSManagedTags", "PropagateTags", "PlacementStrategies", "PlacementConstraints",
        "ServiceRegistries", "ServiceConnectConfiguration", "Tags", NULL};
    static const char *const lb[] = {"ContainerName", "ContainerPort", "TargetGroupArn",
                                     "AdvancedConfiguration", NULL};
    static const char *const deployment[] = {
        "MaximumPercent", "MinimumHealthyPercent", "DeploymentCircuitBreaker", "Alarms",
        "Strategy", "CanaryConfiguration", "LinearConfiguration", "BakeTimeInMinutes", NULL};
    static const char *const alarms[] = {"AlarmNames", "Enable", "Rollback", NULL};
    static const char *const vpc[] = {"SecurityGroups", "Subnets", "AssignPublicIp", NULL};

    EmitValues values = {cfn_value, cf};
    cJSON *p = emit_service_doc(cf->plan, plan_service(cf->plan, sv), &values);
    cfn_rename(cf->a, p);
    /* ECS, the default controller, is left out of the template unless raw
       sets it: turning native blue/green on does not change the
       service's controller */
    cJSON *ctl = json_member(p, "DeploymentController");
    cJSON *type = json_member(ctl, "Type");
    if (type && cJSON_IsString(type) && strcmp(type->valuestring, "ECS") == 0
        && !raw_sets(sv->raw, "deploymentController"))
        cJSON_Delete(cJSON_DetachItemViaPointer(p, ctl));
    json_reorder(p, service);
    cJSON *el;
    cJSON_ArrayForEach(el, json_member(p, "LoadBalancers"))
        json_reorder(el, lb);
    cJSON *dc = json_member(p, "DeploymentConfiguration");
    json_reorder(dc, deployment);
    json_reorder(json_member(dc, "Alarms"), alarms);
    json_reorder(json_member(json_member(p, "NetworkConfiguration"), "AwsvpcConfiguration"), vpc);
    return p;
}

/* What CloudFormation cannot see: a target group must be attached to a
   load balancer (by a listener rule) before the service uses it, and a
   capacity provider must be associated with the cluster. */
static void service_depends(Cfn *cf, const IrService *sv, const char *id)
{
    VEC_EACH(const IrRoute *, r, sv->routes) {
        const IrLoadBalancer *lb = r->lb.target;
        if (lb->existing)
            cfn_depends_on(cf, id, cfn_id_shared_rule(cf, r));
        VEC_EACH(const IrListener *, l, lb->listeners)
            if (plan_route_on(r, l)) {
                cfn_depends_on(cf, id, cfn_id_listener(cf, l));
                if (!lb->network)
                    cfn_depends_on(cf, id, cfn_id_listener_rule(cf, r, l));
            }
    }
    if (plan_service(cf->plan, sv)->needs_association)
        cfn_depends_on(cf, id, cfn_id_association(cf));
}

/* --- scaling -------------------------------------------------------------------------- */

/* The full name of an existing listener's load balancer (app/NAME/ID),
   parts 1-3 of its ARN split at '/': appended to `label`. */
static void lb_full_name_of_listener(Cfn *cf, const IrLoadBalancer *lb, cJSON *label)
{
    for (int i = 1; i <= 3; i++) {
        cJSON *sel = json_append(label, json_obj());
        cJSON *args = json_put(sel, "Fn::Select", json_arr());
        json_append(args, json_num(i));
        cJSON *split = json_append(args, json_obj());
        cJSON *sargs = json_put(split, "Fn::Split", json_arr());
        json_append(sargs, json_str("/"));
        json_append(sargs, cfn_param_value(cf, &lb->listener_arn, false));
    }
}

/* [{Name, Value}] of a metric's dimensions. */
static cJSON *dimension(cJSON *list, const char *name, cJSON *value)
{
    cJSON *d = json_append(list, json_obj());
    json_put_str(d, "Name", name);
    json_put(d, "Value", value);
    return d;
}

/* The ECS service's ClusterName and ServiceName dimensions. */
static cJSON *service_dimensions(Cfn *cf, const IrService *sv)
{
    cJSON *dims = json_arr();
    dimension(dims, "ClusterName", cfn_cluster_ref(cf));
    dimension(dims, "ServiceName", cfn_getatt(cfn_id_service(cf, sv), "Name"));
    return dims;
}

static cJSON *queue_dimensions(const char *queue)
{
    cJSON *dims = json_arr();
    dimension(dims, "QueueName", json_str(queue));
    return dims;
}

static cJSON *metric_stat(const char *ns, const char *name, cJSON *dims, const char *stat)
{
    cJSON *ms = json_obj();
    cJSON *m = json_put(ms, "Metric", json_obj());
    json_put_str(m, "Namespace", ns);
    json_put_str(m, "MetricName", name);
    json_put(m, "Dimensions", dims);
    json_put_str(ms, "Stat", stat);
    return ms;
}

/* A queue's backlog per task, as the ECS developer guide computes it:
   visible messages over the running tasks (Container Insights). */
static cJSON *backlog_per_task(Cfn *cf, const IrService *sv, const char *queue)
{
    cJSON *spec = json_obj();
    cJSON *list = json_put(spec, "Metrics", json_arr());
    cJSON *q = json_append(list, json_obj());
    json_put_str(q, "Id", "visible");
    json_put(q, "MetricStat", metric_stat("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                                          queue_dimensions(queue), "Sum"));
    json_put_bool(q, "ReturnData", false);
    cJSON *t = json_append(list, json_obj());
    json_put_str(t, "Id", "tasks");
    json_put(t, "MetricStat", metric_stat("ECS/ContainerInsights", "RunningTaskCount",
                                          service_dimensions(cf, sv), "Average"));
    json_put_bool(t, "ReturnData", false);
    cJSON *e = json_append(list, json_obj());
    json_put_str(e, "Id", "backlog");
    json_put_str(e, "Expression", "visible / tasks");
    json_put_str(e, "Label", arena_printf(cf->a, "messages of %s per task", queue));
    json_put_bool(e, "ReturnData", true);
    return spec;
}

static void tracking_policy(Cfn *cf, const IrService *sv, const IrScalePolicy *pol,
                            const PlanRes *r, const char *target)
{
    const IrScaling *sc = sv->scaling;
    cJSON *p = cfn_resource(cf, r->id, "AWS::ApplicationAutoScaling::ScalingPolicy");
    json_put_str(p, "PolicyName", r->aws_name);
    json_put_str(p, "PolicyType", "TargetTrackingScaling");
    json_put(p, "ScalingTargetId", cfn_ref(target));
    cJSON *tt = json_put(p, "TargetTrackingScalingPolicyConfiguration", json_obj());
    if (pol->metric == IR_SCALE_QUEUE) {
        json_put(tt, "CustomizedMetricSpecification", backlog_per_task(cf, sv, pol->queue));
    } else {
        cJSON *pm = json_put(tt, "PredefinedMetricSpecification", json_obj());
        json_put_str(pm, "PredefinedMetricType", ir_scale_metric_api(pol->metric));
        if (pol->metric == IR_SCALE_REQUESTS) {
            assert(sv->routes.len);
            const IrRoute *rt = VEC_AT(sv->routes, 0);
            const IrLoadBalancer *lb = rt->lb.target;
            cJSON *label = json_arr();
            if (lb->existing)
                lb_full_name_of_listener(cf, lb, label);
            else
                json_append(label, cfn_getatt(cfn_id_lb(cf, lb), "LoadBalancerFullName"));
            json_append(label, cfn_getatt(cfn_id_target_group(cf, rt), "TargetGroupFullName"));
            json_put(pm, "ResourceLabel", cfn_join("/", label));
        }
    }
    json_put_int(tt, "TargetValue", pol->target);
    if (sc->cooldown_in != IR_UNSET)
        json_put_int(tt, "ScaleInCooldown", sc->cooldown_in);
    if (sc->cooldown_out != IR_UNSET)
        json_put_int(tt, "ScaleOutCooldown", sc->cooldown_out);
}

/* A step policy and the alarm that sets it off at the first bound; each
   step's interval is relative to that bound. */
static void step_policy(Cfn *cf, const IrService *sv, const IrScaleStep *st, const PlanRes *r,
                        const PlanRes *alarm, const char *target)
{
    const IrScaling *sc = sv->scaling;
    cJSON *p = cfn_resource(cf, r->id, "AWS::ApplicationAutoScaling::ScalingPolicy");
    json_put_str(p, "PolicyName", r->aws_name);
    json_put_str(p, "PolicyType", "StepScaling");
    json_put(p, "ScalingTargetId", cfn_ref(target));
    cJSON *cfg = json_put(p, "StepScalingPolicyConfiguration", json_obj());
    json_put_str(cfg, "AdjustmentType", "ChangeInCapacity");
    int cooldown = st->below ? sc->cooldown_in : sc->cooldown_out;
    if (cooldown != IR_UNSET)
        json_put_int(cfg, "Cooldown", cooldown);
    json_put_str(cfg, "MetricAggregationType", "Average");
    cJSON *adj = json_put(cfg, "StepAdjustments", json_arr());
    const IrScaleStepItem *first = VEC_AT(st->items, 0);
    VEC_EACH(const IrScaleStepItem *, it, st->items) {
        cJSON *o = json_append(adj, json_obj());
        const IrScaleStepItem *next = it_i + 1 < st->items.len ? VEC_AT(st->items, it_i + 1) : NULL;
        /* above: [bound, next bound); below: (next bound, bound] */
        const char *at = st->below ? "MetricIntervalUpperBound" : "MetricIntervalLowerBound";
        const char *to = st->below ? "MetricIntervalLowerBound" : "MetricIntervalUpperBound";
        /* json_num: these may be -1, which json_put_int takes for "unset" */
        json_put(o, at, json_num(it->bound - first->bound));
        if (next)
            json_put(o, to, json_num(next->bound - first->bound));
        json_put(o, "ScalingAdjustment", json_num(it->change));
    }

    p = cfn_resource(cf, alarm->id, "AWS::CloudWatch::Alarm");
    const char *what = st->metric == IR_SCALE_QUEUE
        ? arena_printf(cf->a, "messages in %s", st->queue)
        : st->metric == IR_SCALE_CPU ? "CPU" : "memory";
    json_put_str(p, "AlarmDescription",
                 arena_printf(cf->a, "ecsc: %s %s %d%s: scale service '%s' %s", what,
                              st->below ? "at or below" : "at or above", first->bound,
                              st->metric == IR_SCALE_QUEUE ? "" : "%", sv->name,
                              st->below ? "in" : "out"));
    if (st->metric == IR_SCALE_QUEUE) {
        json_put_str(p, "Namespace", "AWS/SQS");
        json_put_str(p, "MetricName", "ApproximateNumberOfMessagesVisible");
        json_put(p, "Dimensions", queue_dimensions(st->queue));
    } else {
        json_put_str(p, "Namespace", "AWS/ECS");
        json_put_str(p, "MetricName", st->metric == IR_SCALE_CPU ? "CPUUtilization"
                                                                 : "MemoryUtilization");
        json_put(p, "Dimensions", service_dimensions(cf, sv));
    }
    json_put_str(p, "Statistic", "Average");
    json_put_int(p, "Period", 60);
    json_put_int(p, "EvaluationPeriods", st->period / 60);
    json_put_int(p, "Threshold", first->bound);
    json_put_str(p, "ComparisonOperator", st->below ? "LessThanOrEqualToThreshold"
                                                    : "GreaterThanOrEqualToThreshold");
    json_append(json_put(p, "AlarmActions", json_arr()), cfn_ref(r->id));
}

static void emit_scaling(Cfn *cf, const IrService *sv)
{
    const IrScaling *sc = sv->scaling;
    const PlanService *ps = plan_service(cf->plan, sv);
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
    if (sc->schedules.len) {
        cJSON *acts = json_put(p, "ScheduledActions", json_arr());
        VEC_EACH(const IrScaleSchedule *, sch, sc->schedules) {
            cJSON *o = json_append(acts, json_obj());
            json_put_str(o, "ScheduledActionName",
                         arena_printf(cf->a, "%s-%d", ps->aws_name, sch_i + 1));
            json_put_str(o, "Schedule", sch->expr);
            if (sch->timezone)
                json_put_str(o, "Timezone", sch->timezone);
            cJSON *act = json_put(o, "ScalableTargetAction", json_obj());
            json_put_int(act, "MinCapacity", sch->min);
            json_put_int(act, "MaxCapacity", sch->max);
        }
    }
    VEC_EACH(const IrScalePolicy *, pol, sc->policies)
        tracking_policy(cf, sv, pol, ps->tracking[pol_i], target);
    VEC_EACH(const IrScaleStep *, st, sc->steps)
        step_policy(cf, sv, st, ps->step_policies[st_i], ps->step_alarms[st_i], target);
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
    cfn_suppress(cf, cfn_id_codedeploy_role(cf), CFN_CHOICE_MANAGED, "AWSCodeDeployRoleForECS",
                 true);
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

static void put_codedeploy_rollback(Cfn *cf, cJSON *p, const IrService *sv)
{
    cJSON *rb = json_put(p, "AutoRollbackConfiguration", json_obj());
    json_put_bool(rb, "Enabled", true);
    cJSON *events = json_put(rb, "Events", json_arr());
    json_append(events, json_str("DEPLOYMENT_FAILURE"));
    if (!cfn_param_given(&sv->alarms))
        return;
    json_append(events, json_str("DEPLOYMENT_STOP_ON_ALARM"));
    cJSON *ac = json_put(p, "AlarmConfiguration", json_obj());
    json_put_bool(ac, "Enabled", true);
    cJSON *alarms = json_put(ac, "Alarms", json_arr());
    /* one string param, or names (a list param is E0764) */
    if (sv->alarms.param.name)
        json_put(json_append(alarms, json_obj()), "Name", cfn_param_value(cf, &sv->alarms, false));
    VEC_EACH(const char *, name, sv->alarms.literal)
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
    put_codedeploy_rollback(cf, p, sv);
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
static void emit_bg_role(Cfn *cf, const IrService *sv)
{
    const char *id = cfn_id_bg_role(cf, sv);
    cJSON *p = cfn_resource(cf, id, "AWS::IAM::Role");
    json_put_str(p, "Description",
                 arena_printf(cf->a, "ecsc: ECS shifts the load balancer traffic of service '%s'",
                              sv->name));
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("ecs.amazonaws.com", false));
    json_append(json_put(p, "ManagedPolicyArns", json_arr()),
                cfn_managed_policy(cf->a, "AmazonECSInfrastructureRolePolicyForLoadBalancers"));
    cfn_suppress(cf, id, CFN_CHOICE_MANAGED, "AmazonECSInfrastructureRolePolicyForLoadBalancers",
                 true);
    cfn_put_tags(cf, p, NULL);
}

void cfn_emit_service(Cfn *cf, const IrService *sv)
{
    cfn_set_owner(cf, cfn_name_fragment(cf, "service", sv->name));

    const char *sg_id = cfn_id_task_sg(cf, sv);
    if (sg_id)
        cfn_emit_task_sg(cf, sv, sg_id);
    cfn_emit_routes(cf, sv);
    if (plan_service(cf->plan, sv)->bg_role)
        emit_bg_role(cf, sv);
    cfn_emit_registry(cf, plan_service(cf->plan, sv));

    const char *id = cfn_id_service(cf, sv);
    Res *r = cfn_add_res(cf, id, "AWS::ECS::Service");
    cJSON_Delete(r->props);
    r->props = service_props(cf, sv);
    service_depends(cf, sv, id);


    if (sv->scaling)
        emit_scaling(cf, sv);
    if (sv->codedeploy && sv->routes.len)
        emit_codedeploy(cf, sv);
}
