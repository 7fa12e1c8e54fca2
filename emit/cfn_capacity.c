/* cfn_capacity.c - EC2 capacity: per `capacity` block the instance role
 * and profile, the instances' security group, the launch template (image,
 * encrypted root volume, key pair, user data with the ECS agent's
 * settings), the Auto Scaling group (a mixed instances policy for Spot and
 * several instance types, scale-in protection, notifications) and the ECS
 * capacity provider; and the cluster's provider association with its
 * default strategy.
 */
#include "cfn_int.h"

#include "base/strbuf.h"

#include <stdio.h>
#include <string.h>

/* The cluster's name inside an Fn::Sub string. */
static const char *cluster_sub(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    if (cl && cl->existing_ref.param.name)
        return arena_printf(cf->a, "${%s}", cfn_id_param(cf, cl->existing_ref.param.target));
    if (ir_cluster_existing(cl))
        return cfn_sub_escape(cf->a, cl->existing);
    return arena_printf(cf->a, "${%s}", cfn_id_cluster(cf));
}

/* The instances' role and instance profile. */
static void instance_role(Cfn *cf, const IrCapacity *c)
{
    const char *role = cfn_id_instance_role(cf, c);
    cJSON *p = cfn_resource(cf, role, "AWS::IAM::Role");
    json_put_str(p, "Description",
                 arena_printf(cf->a, "ecsc: EC2 instances of capacity '%s'", c->name));
    json_put(p, "AssumeRolePolicyDocument", cfn_trust_policy("ec2.amazonaws.com", false));
    cJSON *managed = json_put(p, "ManagedPolicyArns", json_arr());
    json_append(managed,
                cfn_managed_policy(cf->a, "service-role/AmazonEC2ContainerServiceforEC2Role"));
    cfn_suppress(cf, role, CFN_CHOICE_MANAGED, "service-role/AmazonEC2ContainerServiceforEC2Role",
                 true);
    VEC_EACH(const char *, arn, c->policies)
        json_append(managed, json_str(arn));
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

/* Spot, or several instance types: the group launches through a mixed
   instances policy. */
static bool mixed(const IrCapacity *c)
{
    return c->spot || c->instance_types.len > 1;
}

static bool arm(const IrCapacity *c)
{
    return c->arch && strcmp(c->arch, "ARM64") == 0;
}

/* ImageId: the ECS-optimised image's public SSM parameter (ECS developer
   guide, "Retrieving Amazon ECS-optimized AMI metadata"; Bottlerocket's
   aws-ecs-2 variants), or the user's own. */
static const char *image_id(Cfn *cf, const IrCapacity *c)
{
    const char *path;
    switch (c->ami) {
    case IR_AMI_ID:
        return c->ami_value;
    case IR_AMI_SSM:
        path = c->ami_value;
        break;
    case IR_AMI_BOTTLEROCKET:
        path = arena_printf(cf->a, "/aws/service/bottlerocket/aws-ecs-2%s/%s/latest/image_id",
                            c->gpu ? "-nvidia" : "", arm(c) ? "arm64" : "x86_64");
        break;
    case IR_AMI_AL2:
    case IR_AMI_AL2023:
    default:
        path = arena_printf(cf->a, "/aws/service/ecs/optimized-ami/%s%s/recommended/image_id",
                            c->ami == IR_AMI_AL2 ? "amazon-linux-2" : "amazon-linux-2023",
                            c->gpu ? "/gpu" : arm(c) ? "/arm64" : "");
        break;
    }
    return arena_printf(cf->a, "{{resolve:ssm:%s}}", path);
}

/* One EBS mapping: encrypted unless `unencrypted`; `data`: the volume
   `disk` sizes. */
static void ebs_mapping(cJSON *list, const IrCapacity *c, const char *device, bool data)
{
    cJSON *m = json_append(list, json_obj());
    json_put_str(m, "DeviceName", device);
    cJSON *ebs = json_put(m, "Ebs", json_obj());
    if (data && c->disk_gib != IR_UNSET)
        json_put_int(ebs, "VolumeSize", c->disk_gib);
    json_put_str(ebs, "VolumeType", c->disk_type ? c->disk_type : "gp3");
    if (!c->unencrypted) {
        json_put_bool(ebs, "Encrypted", true);
        if (c->kms_key)
            json_put_str(ebs, "KmsKeyId", c->kms_key);
    }
}

/* The root volume (Bottlerocket: its OS and data volumes); an image of the
   user's own only when `disk` names its device. */
static void block_devices(cJSON *d, const IrCapacity *c)
{
    if ((c->ami == IR_AMI_ID || c->ami == IR_AMI_SSM) && !c->disk_device)
        return;
    cJSON *list = json_put(d, "BlockDeviceMappings", json_arr());
    if (c->ami == IR_AMI_BOTTLEROCKET) {
        ebs_mapping(list, c, "/dev/xvda", false);
        ebs_mapping(list, c, "/dev/xvdb", true);
    } else {
        ebs_mapping(list, c, c->disk_device ? c->disk_device : "/dev/xvda", true);
    }
}

static bool agent_sets(const IrCapacity *c, const char *key)
{
    VEC_EACH(const IrKV *, kv, c->agent)
        if (strcmp(kv->key, key) == 0)
            return true;
    return false;
}

/* The boot script: join the cluster and write the agent's settings
   (Amazon Linux: /etc/ecs/ecs.config; Bottlerocket: TOML settings), then
   the user's own `user_data`.  Spot instances drain before reclaim. */
static cJSON *user_data(Cfn *cf, const IrCapacity *c)
{
    Arena *a = cf->a;
    StrBuf b = {0};
    if (c->ami == IR_AMI_BOTTLEROCKET) {
        strbuf_printf(&b, "[settings.ecs]\ncluster = \"%s\"\n", cluster_sub(cf));
        if (c->spot)
            strbuf_puts(&b, "enable-spot-instance-draining = true\n");
    } else {
        strbuf_printf(&b, "#!/bin/bash\necho ECS_CLUSTER=%s >> /etc/ecs/ecs.config\n",
                      cluster_sub(cf));
        if (c->spot && !agent_sets(c, "ECS_ENABLE_SPOT_INSTANCE_DRAINING"))
            strbuf_puts(&b, "echo 'ECS_ENABLE_SPOT_INSTANCE_DRAINING=true' >> "
                            "/etc/ecs/ecs.config\n");
        VEC_EACH(const IrKV *, kv, c->agent)
            strbuf_printf(&b, "echo '%s=%s' >> /etc/ecs/ecs.config\n", kv->key,
                          cfn_sub_escape(a, kv->value));
    }
    if (c->user_data) {
        strbuf_puts(&b, cfn_sub_escape(a, c->user_data));
        size_t n = strlen(c->user_data);
        if (n && c->user_data[n - 1] != '\n')
            strbuf_puts(&b, "\n");
    }
    cJSON *b64 = json_obj();
    json_put(b64, "Fn::Base64", cfn_sub(strbuf_cstr(&b)));
    strbuf_free(&b);
    return b64;
}

static void launch_template(Cfn *cf, const IrCapacity *c, bool have_sg)
{
    cJSON *p = cfn_resource(cf, cfn_id_launch_template(cf, c), "AWS::EC2::LaunchTemplate");
    cJSON *d = json_put(p, "LaunchTemplateData", json_obj());
    json_put_str(d, "ImageId", image_id(cf, c));
    if (c->instance_types.len == 1)
        json_put_str(d, "InstanceType", c->instance_type);
    json_put(json_put(d, "IamInstanceProfile", json_obj()), "Arn",
             cfn_getatt(cfn_id_instance_profile(cf, c), "Arn"));
    if (have_sg)
        json_append(json_put(d, "SecurityGroupIds", json_arr()),
                    cfn_getatt(cfn_id_instance_sg(cf, c), "GroupId"));
    if (c->has_key_pair)
        json_put(d, "KeyName", cfn_param_value(cf, &c->key_pair, false));
    block_devices(d, c);
    cJSON *md = json_put(d, "MetadataOptions", json_obj());
    json_put_str(md, "HttpTokens", "required");
    json_put_str(md, "HttpEndpoint", "enabled");
    json_put_int(md, "HttpPutResponseHopLimit", 2);
    json_put(d, "UserData", user_data(cf, c));
}

/* A count as the string AutoScalingGroup's sizes are. */
static void put_count(cJSON *o, const char *key, int v)
{
    char n[32];
    snprintf(n, sizeof n, "%d", v);
    json_put_str(o, key, n);
}

static cJSON *template_spec(Cfn *cf, const IrCapacity *c)
{
    const char *lt = cfn_id_launch_template(cf, c);
    cJSON *lts = json_obj();
    json_put(lts, "LaunchTemplateId", cfn_ref(lt));
    json_put(lts, "Version", cfn_getatt(lt, "LatestVersionNumber"));
    return lts;
}

/* Spot and on-demand shares, and the instance types the group may launch. */
static void mixed_policy(Cfn *cf, cJSON *p, const IrCapacity *c)
{
    cJSON *mp = json_put(p, "MixedInstancesPolicy", json_obj());
    if (c->spot) {
        cJSON *dist = json_put(mp, "InstancesDistribution", json_obj());
        if (c->on_demand_base != IR_UNSET)
            json_put_int(dist, "OnDemandBaseCapacity", c->on_demand_base);
        json_put_int(dist, "OnDemandPercentageAboveBaseCapacity",
                     c->on_demand_percent != IR_UNSET ? c->on_demand_percent : 0);
        json_put_str(dist, "SpotAllocationStrategy",
                     c->spot_strategy ? c->spot_strategy : "price-capacity-optimized");
    }
    cJSON *lt = json_put(mp, "LaunchTemplate", json_obj());
    json_put(lt, "LaunchTemplateSpecification", template_spec(cf, c));
    if (c->instance_types.len > 1) {
        cJSON *ov = json_put(lt, "Overrides", json_arr());
        VEC_EACH(const char *, type, c->instance_types)
            json_put_str(json_append(ov, json_obj()), "InstanceType", type);
    }
}

static void auto_scaling_group(Cfn *cf, const IrCapacity *c)
{
    cJSON *p = cfn_resource(cf, cfn_id_asg(cf, c), "AWS::AutoScaling::AutoScalingGroup");
    put_count(p, "MinSize", c->min);
    put_count(p, "MaxSize", c->max);
    if (c->desired != IR_UNSET)
        put_count(p, "DesiredCapacity", c->desired);
    if (mixed(c))
        mixed_policy(cf, p, c);
    else
        json_put(p, "LaunchTemplate", template_spec(cf, c));
    cJSON *subnets = cfn_param_value(cf, &c->subnets, true);
    if (subnets)
        json_put(p, "VPCZoneIdentifier", subnets);
    /* managed termination protection acts only on protected instances */
    if (c->protect)
        json_put_bool(p, "NewInstancesProtectedFromScaleIn", true);
    if (c->has_notify) {
        static const char *const events[] = {
            "autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_LAUNCH_ERROR",
            "autoscaling:EC2_INSTANCE_TERMINATE", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"};
        cJSON *n = json_append(json_put(p, "NotificationConfigurations", json_arr()),
                               json_obj());
        cJSON *types = json_put(n, "NotificationTypes", json_arr());
        for (size_t i = 0; i < sizeof events / sizeof *events; i++)
            json_append(types, json_str(events[i]));
        json_put(n, "TopicARN", cfn_param_value(cf, &c->notify, false));
    }
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
    json_put_str(ag, "ManagedTerminationProtection", c->protect ? "ENABLED" : "DISABLED");
    json_put_str(ag, "ManagedDraining", "ENABLED");
    cfn_put_tags(cf, p, NULL);
    cfn_merge_raws(cf, cfn_id_asg(cf, c), &c->raws, NULL, NULL, IR_UNSET);
    cfn_merge_raws(cf, cfn_id_launch_template(cf, c), &c->raws, "launch_template", NULL, IR_UNSET);
    cfn_merge_raws(cf, cfn_id_capacity_provider(cf, c), &c->raws, "capacity_provider", NULL,
                   IR_UNSET);
}

/* --- the cluster's capacity providers ------------------------------------------------ */

static void add_fargate(Vec *out, Arena *a, const Vec *uses)
{
    VEC_EACH(const IrCapacityUse *, u, *uses) {
        if (!u->provider || u->capacity.target)
            continue;
        bool seen = false;
        VEC_EACH(const char *, s, *out)
            seen |= strcmp(s, u->provider) == 0;
        if (!seen)
            vec_push(a, out, (void *)u->provider);
    }
}

/* FARGATE / FARGATE_SPOT providers named by the cluster's default, then by
   services, in first-use order. */
static void fargate_providers(const IrModel *m, Vec *out, Arena *a)
{
    if (m->cluster)
        add_fargate(out, a, &m->cluster->default_strategy);
    VEC_EACH(const IrService *, sv, m->services)
        add_fargate(out, a, &sv->capacity);
    VEC_EACH(const IrSchedule *, sc, m->schedules)
        add_fargate(out, a, &sc->capacity);
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
    /* only what `cluster { default … }` says: no provider becomes the
       default by accident (an empty list is "no default strategy") */
    json_put(p, "DefaultCapacityProviderStrategy",
             cfn_strategy(cf, m->cluster ? &m->cluster->default_strategy : NULL));
}

cJSON *cfn_strategy(Cfn *cf, const Vec *uses)
{
    cJSON *arr = json_arr();
    if (!uses)
        return arr;
    VEC_EACH(const IrCapacityUse *, u, *uses) {
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
    return arr;
}
