/* cfn_compute.c - what runs the tasks: task definitions (emit_taskdef()'s
 * API document renamed for CloudFormation), their log groups, the cluster
 * and EC2 capacity (launch template, Auto Scaling group, instance role,
 * profile and security group, capacity provider, cluster association).
 */
#include "cfn_int.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* --- task definitions: the API document in CloudFormation's names ----------- */

/* Members whose value is a free-form string map (keys are not renamed). */
static bool is_map_key(const char *parent, const char *key)
{
    if (strcmp(key, "dockerLabels") == 0 || strcmp(key, "options") == 0
        || strcmp(key, "driverOpts") == 0)
        return true;
    return strcmp(key, "labels") == 0 && parent && strcmp(parent, "dockerVolumeConfiguration") == 0;
}

/* The CloudFormation property for API member `key` inside `parent`. */
static const char *cfn_key(Arena *a, const char *parent, const char *key)
{
    static const struct { const char *parent, *key, *cfn; } renames[] = {
        {NULL, "efsVolumeConfiguration", "EFSVolumeConfiguration"},
        {"efsVolumeConfiguration", "fileSystemId", "FilesystemId"},
        {"authorizationConfig", "iam", "IAM"},
        {NULL, "fsxWindowsFileServerVolumeConfiguration", "FSxWindowsFileServerVolumeConfiguration"},
        {"proxyConfiguration", "properties", "ProxyConfigurationProperties"},
        {NULL, "placementStrategy", "PlacementStrategies"},     /* the service's */
    };
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++)
        if (strcmp(renames[i].key, key) == 0
            && (!renames[i].parent || (parent && strcmp(renames[i].parent, parent) == 0)))
            return renames[i].cfn;
    char *out = arena_strdup(a, key);
    out[0] = (char)toupper((unsigned char)out[0]);
    return out;
}

/* Renames the object members of an API value in place (the keys become
   constant strings in the arena); array elements keep the array's member
   name as their parent.  API member names are unique and the renaming
   keeps them so. */
static void to_cfn(Arena *a, cJSON *v, const char *parent, const char *key)
{
    if (cJSON_IsObject(v)) {
        if (key && is_map_key(parent, key))
            return;
        cJSON *child;
        cJSON_ArrayForEach(child, v) {
            const char *name = child->string;
            to_cfn(a, child, key, name);
            const char *cfn = cfn_key(a, key, name);
            if (!(child->type & cJSON_StringIsConst))
                cJSON_free(child->string);
            child->string = (char *)cfn;
            child->type |= cJSON_StringIsConst;
        }
        return;
    }
    if (cJSON_IsArray(v)) {
        cJSON *el;
        cJSON_ArrayForEach(el, v)
            to_cfn(a, el, parent, key);
    }
}

void cfn_rename(Arena *a, cJSON *doc)
{
    to_cfn(a, doc, NULL, NULL);
}

/* --- log groups ------------------------------------------------------------------- */

bool cfn_is_awslogs(const IrLog *log)
{
    return log && log->driver && strcmp(log->driver, "awslogs") == 0 && log->group;
}

/* An awslogs option as the task definition has it: a `{ awslogs-… = … }`
   option overrides the native word (taskdef.c writes options last). */
const char *cfn_log_option(const IrLog *log, const char *key, const char *native)
{
    const char *v = native;
    VEC_EACH(const IrKV *, kv, log->options)
        if (strcmp(kv->key, key) == 0)
            v = kv->value;
    return v;
}

const char *cfn_log_group_name(const IrLog *log)
{
    return cfn_log_option(log, "awslogs-group", log->group);
}

/* The AWS::Logs::LogGroup the plan has the stack create. */
static void emit_log_group(Cfn *cf, const PlanLogGroup *lg)
{
    cJSON *p = cfn_resource(cf, lg->res->id, "AWS::Logs::LogGroup");
    json_put_str(p, "LogGroupName", lg->name);
    json_put_int(p, "RetentionInDays", lg->retain_days);
    cfn_put_tags(cf, p, NULL);
}

cJSON *cfn_log_group_arn(Cfn *cf, const PlanLogGroup *lg)
{
    if (lg->res)
        return cfn_getatt(lg->res->id, "Arn");
    return cfn_sub(arena_printf(cf->a,
                                "arn:${AWS::Partition}:logs:%s:${AWS::AccountId}:log-group:%s:*",
                                lg->region ? lg->region : "${AWS::Region}",
                                cfn_sub_escape(cf->a, lg->name)));
}

/* --- task definitions ------------------------------------------------------------- */

void cfn_emit_task(Cfn *cf, const IrTask *t)
{
    Arena *a = cf->a;
    cfn_set_owner(cf, cfn_name_fragment(cf, "task", t->name));

    /* log groups first: the task definition and the role refer to them */
    VEC_EACH(const PlanLogGroup *, lg, plan_task(cf->plan, t)->log_groups)
        if (lg->res && lg->res->decl == t)
            emit_log_group(cf, lg);

    if (t->exec_role_implied)
        cfn_emit_exec_role(cf, t);

    cJSON *cfn = emit_taskdef(cf->m, t);
    if (cf->taskdefs) {     /* the API document first, then the same tree converted */
        const char *path = arena_printf(a, "taskdefs/%s.json", t->family);
        /* with params, the API document has their values; the tree keeps them */
        cJSON *api = cf->m->param_strings
                     ? emit_fill_params(a, cf->plan, json_chk(cJSON_Duplicate(cfn, true)), path,
                                        t->name_span, cf->skipped)
                     : cfn;
        if (api) {
            JsonBuf *b = &cf->doc;
            b->len = 0;
            json_write_doc(b, api);
            EmitPiece one = {b->data, b->len};
            emit_output(a, cf->taskdefs, cf->sink, path, &one, 1);
        }
        if (api && api != cfn)
            cJSON_Delete(api);
    }
    cfn_rename(a, cfn);

    cJSON *task_role = cfn_role_arn_value(cf, &t->role, t->role_arn);
    if (task_role)
        json_put(cfn, "TaskRoleArn", task_role);
    cJSON *exec_role = t->exec_role_implied
                       ? cfn_getatt(cfn_id_exec_role(cf, t), "Arn")
                       : cfn_role_arn_value(cf, &t->exec_role, t->exec_role_arn);
    if (exec_role)
        json_put(cfn, "ExecutionRoleArn", exec_role);

    /* awslogs-group names the template's log group, so CloudFormation
       creates it before the task definition */
    cJSON *cds = cJSON_GetObjectItemCaseSensitive(cfn, "ContainerDefinitions");
    cJSON *cd;
    cJSON_ArrayForEach(cd, cds) {
        cJSON *lc = cJSON_GetObjectItemCaseSensitive(cd, "LogConfiguration");
        cJSON *drv = lc ? cJSON_GetObjectItemCaseSensitive(lc, "LogDriver") : NULL;
        cJSON *opts = lc ? cJSON_GetObjectItemCaseSensitive(lc, "Options") : NULL;
        cJSON *grp = opts ? cJSON_GetObjectItemCaseSensitive(opts, "awslogs-group") : NULL;
        if (!drv || !cJSON_IsString(drv) || strcmp(drv->valuestring, "awslogs") != 0
            || !grp || !cJSON_IsString(grp))
            continue;
        const PlanLogGroup *lg = plan_log_group_named(cf->plan, grp->valuestring);
        if (lg && lg->res)
            json_put(opts, "awslogs-group", cfn_ref(lg->res->id));
    }

    Res *r = cfn_add_res(cf, cfn_id_task_def(cf, t), "AWS::ECS::TaskDefinition");
    cJSON_Delete(r->props);
    r->props = cfn;
}

/* --- cluster and capacity ----------------------------------------------------------- */

cJSON *cfn_cluster_ref(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    if (cl && cl->existing)
        return json_str(cl->existing);
    return cfn_ref(cfn_id_cluster(cf));
}

/* The cluster's name inside an Fn::Sub string. */
static const char *cluster_sub(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    if (cl && cl->existing)
        return cfn_sub_escape(cf->a, cl->existing);
    return arena_printf(cf->a, "${%s}", cfn_id_cluster(cf));
}

const IrTask *cfn_service_task(const IrService *sv)
{
    const IrTask *t = sv->task.target;
    assert(t);
    return t;
}

/* The instances' role and instance profile. */
static void instance_role(Cfn *cf, const IrCapacity *c)
{
    const char *role = cfn_id_instance_role(cf, c);
    cJSON *p = cfn_resource(cf, role, "AWS::IAM::Role");
    json_put_str(p, "Description",
                 arena_printf(cf->a, "ecsc: EC2 instances of capacity '%s'", c->name));
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("ec2.amazonaws.com", false));
    json_append(json_put(p, "ManagedPolicyArns", json_arr()),
                cfn_managed_policy(cf->a, "service-role/AmazonEC2ContainerServiceforEC2Role"));
    cfn_put_tags(cf, p, NULL);

    p = cfn_resource(cf, cfn_id_instance_profile(cf, c), "AWS::IAM::InstanceProfile");
    json_append(json_put(p, "Roles", json_arr()), cfn_ref(role));
}

/* The instances' security group, when its VPC is known: the host ports of
   bridge/host tasks, from the load balancers' groups only.  Returns
   whether there is one. */
static bool instance_sg(Cfn *cf, const IrCapacity *c)
{
    if (!plan_find(cf->plan, PLAN_INSTANCE_SG, c, NULL))
        return false;
    const IrParamRef *vpc = plan_capacity(cf->plan, c)->vpc;
    cJSON *rules = cfn_instance_ingress(cf, c);
    cJSON *p = cfn_resource(cf, cfn_id_instance_sg(cf, c), "AWS::EC2::SecurityGroup");
    json_put_str(p, "GroupDescription",
                 arena_printf(cf->a, "ecsc: EC2 instances of capacity %s", c->name));
    json_put(p, "VpcId", cfn_param_value(cf, vpc, false));
    if (cJSON_GetArraySize(rules))
        json_put(p, "SecurityGroupIngress", rules);
    else
        cJSON_Delete(rules);
    cfn_put_tags(cf, p, NULL);
    return true;
}

static void launch_template(Cfn *cf, const IrCapacity *c, bool have_sg)
{
    cJSON *p = cfn_resource(cf, cfn_id_launch_template(cf, c), "AWS::EC2::LaunchTemplate");
    cJSON *d = json_put(p, "LaunchTemplateData", json_obj());
    bool arm = c->arch && strcmp(c->arch, "ARM64") == 0;
    json_put_str(d, "ImageId", arm
        ? "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id}}"
        : "{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id}}");
    json_put_str(d, "InstanceType", c->instance_type);
    json_put(json_put(d, "IamInstanceProfile", json_obj()), "Arn",
             cfn_getatt(cfn_id_instance_profile(cf, c), "Arn"));
    if (have_sg)
        json_append(json_put(d, "SecurityGroupIds", json_arr()),
                    cfn_getatt(cfn_id_instance_sg(cf, c), "GroupId"));
    if (c->spot)
        json_put_str(json_put(d, "InstanceMarketOptions", json_obj()), "MarketType", "spot");
    cJSON *md = json_put(d, "MetadataOptions", json_obj());
    json_put_str(md, "HttpTokens", "required");
    json_put_str(md, "HttpEndpoint", "enabled");
    json_put_int(md, "HttpPutResponseHopLimit", 2);
    cJSON *b64 = json_put(d, "UserData", json_obj());
    json_put(b64, "Fn::Base64",
             cfn_sub(arena_printf(cf->a,
                                  "#!/bin/bash\necho ECS_CLUSTER=%s >> /etc/ecs/ecs.config\n",
                                  cluster_sub(cf))));
}

/* A count as the string AutoScalingGroup's sizes are. */
static void put_count(cJSON *o, const char *key, int v)
{
    char n[32];
    snprintf(n, sizeof n, "%d", v);
    json_put_str(o, key, n);
}

static void auto_scaling_group(Cfn *cf, const IrCapacity *c)
{
    const char *lt = cfn_id_launch_template(cf, c);
    cJSON *p = cfn_resource(cf, cfn_id_asg(cf, c), "AWS::AutoScaling::AutoScalingGroup");
    put_count(p, "MinSize", c->min);
    put_count(p, "MaxSize", c->max);
    if (c->desired != IR_UNSET)
        put_count(p, "DesiredCapacity", c->desired);
    cJSON *lts = json_put(p, "LaunchTemplate", json_obj());
    json_put(lts, "LaunchTemplateId", cfn_ref(lt));
    json_put(lts, "Version", cfn_getatt(lt, "LatestVersionNumber"));
    cJSON *subnets = cfn_param_value(cf, &c->subnets, true);
    if (subnets)
        json_put(p, "VPCZoneIdentifier", subnets);
}

void cfn_emit_capacity(Cfn *cf, const IrCapacity *c)
{
    cfn_set_owner(cf, cfn_name_fragment(cf, "capacity", c->name));
    instance_role(cf, c);
    bool have_sg = instance_sg(cf, c);
    launch_template(cf, c, have_sg);
    auto_scaling_group(cf, c);

    cJSON *p = cfn_resource(cf, cfn_id_capacity_provider(cf, c), "AWS::ECS::CapacityProvider");
    cJSON *ag = json_put(p, "AutoScalingGroupProvider", json_obj());
    json_put(ag, "AutoScalingGroupArn", cfn_ref(cfn_id_asg(cf, c)));
    cJSON *ms = json_put(ag, "ManagedScaling", json_obj());
    json_put_str(ms, "Status", "ENABLED");
    json_put_int(ms, "TargetCapacity", c->target_capacity != IR_UNSET ? c->target_capacity : 100);
    json_put_str(ag, "ManagedTerminationProtection", "DISABLED");
    json_put_str(ag, "ManagedDraining", "ENABLED");
    cfn_put_tags(cf, p, NULL);
}

/* FARGATE / FARGATE_SPOT providers named by services, in first-use order. */
static void fargate_providers(const IrModel *m, Vec *out, Arena *a)
{
    VEC_EACH(const IrService *, sv, m->services)
        VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
            if (!u->provider || u->capacity.target)
                continue;
            bool seen = false;
            VEC_EACH(const char *, s, *out)
                seen |= strcmp(s, u->provider) == 0;
            if (!seen)
                vec_push(a, out, (void *)u->provider);
        }
}

void cfn_emit_cluster(Cfn *cf)
{
    const IrModel *m = cf->m;
    const IrCluster *cl = m->cluster;
    cfn_set_owner(cf, "cluster");
    if (!cl || !cl->existing) {
        cJSON *p = cfn_resource(cf, cfn_id_cluster(cf), "AWS::ECS::Cluster");
        json_put_str(p, "ClusterName", cfn_name_cluster(cf));
        cJSON *s = json_append(json_put(p, "ClusterSettings", json_arr()), json_obj());
        json_put_str(s, "Name", "containerInsights");
        json_put_str(s, "Value", !cl || cl->insights != IR_TRI_FALSE ? "enabled" : "disabled");
        cfn_put_tags(cf, p, NULL);
    }
}

void cfn_emit_association(Cfn *cf)
{
    const IrModel *m = cf->m;
    if (!cf->plan->association)
        return;
    cfn_set_owner(cf, "cluster");
    cJSON *p = cfn_resource(cf, cfn_id_association(cf),
                            "AWS::ECS::ClusterCapacityProviderAssociations");
    json_put(p, "Cluster", cfn_cluster_ref(cf));
    cJSON *cps = json_put(p, "CapacityProviders", json_arr());
    VEC_EACH(const IrCapacity *, c, m->capacities)
        json_append(cps, cfn_ref(cfn_id_capacity_provider(cf, c)));
    Vec fargate = {0};
    fargate_providers(m, &fargate, cf->a);
    VEC_EACH(const char *, s, fargate)
        json_append(cps, json_str(s));
    /* new services without a strategy or launch type use the first one */
    cJSON *def = json_append(json_put(p, "DefaultCapacityProviderStrategy", json_arr()),
                             json_obj());
    if (m->capacities.len)
        json_put(def, "CapacityProvider",
                 cfn_ref(cfn_id_capacity_provider(cf, VEC_AT(m->capacities, 0))));
    else
        json_put_str(def, "CapacityProvider", VEC_AT(fargate, 0));
    json_put_int(def, "Weight", 1);
}
