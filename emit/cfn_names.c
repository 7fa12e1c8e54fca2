/* cfn_names.c - every logical id, output id and AWS name the template
 * holds, decided here and nowhere else in the emitter (cfn_int.h).
 *
 * Most base ids come from the model (infer_deploy.c gives capacities,
 * load balancers, listeners, routes and services theirs); the ids of the
 * resources ecsc adds around them are those bases plus a fixed suffix.
 * Every function takes the context first, used or not, so that the whole
 * set can be answered from one table of resources later.
 */
#include "cfn_int.h"

#include "base/hash.h"
#include "base/names.h"

#include <inttypes.h>
#include <string.h>

/* `id` without `suffix` when it ends with it. */
static const char *strip_suffix(Arena *a, const char *id, const char *suffix)
{
    size_t n = strlen(id), m = strlen(suffix);
    if (n > m && strcmp(id + n - m, suffix) == 0)
        return arena_strndup(a, id, n - m);
    return id;
}

/* "<kind>-<name>": cfn/fragments/<kind>-<name>.json */
const char *cfn_name_fragment(Cfn *cf, const char *kind, const char *name)
{
    return arena_printf(cf->a, "%s-%s", kind, name);
}

const char *cfn_id_param(Cfn *cf, const IrParam *p)
{
    (void)cf;
    return p->logical_id;
}

/* --- cluster and capacity ------------------------------------------------------- */

const char *cfn_id_cluster(Cfn *cf)
{
    (void)cf;
    return "Cluster";
}

const char *cfn_id_association(Cfn *cf)
{
    (void)cf;
    return "ClusterCapacityProviders";
}

const char *cfn_id_capacity_provider(Cfn *cf, const IrCapacity *c)
{
    (void)cf;
    return c->logical_id;
}

const char *cfn_id_instance_role(Cfn *cf, const IrCapacity *c)
{
    return arena_printf(cf->a, "%sInstanceRole", c->logical_id);
}

const char *cfn_id_instance_profile(Cfn *cf, const IrCapacity *c)
{
    return arena_printf(cf->a, "%sInstanceProfile", c->logical_id);
}

const char *cfn_id_instance_sg(Cfn *cf, const IrCapacity *c)
{
    return arena_printf(cf->a, "%sInstanceSecurityGroup", c->logical_id);
}

const char *cfn_id_launch_template(Cfn *cf, const IrCapacity *c)
{
    return arena_printf(cf->a, "%sLaunchTemplate", c->logical_id);
}

const char *cfn_id_asg(Cfn *cf, const IrCapacity *c)
{
    return arena_printf(cf->a, "%sAutoScalingGroup", c->logical_id);
}

/* --- roles and tasks ---------------------------------------------------------------- */

const char *cfn_id_role(Cfn *cf, const IrRole *r)
{
    return names_camel(cf->a, r->name, "Role");
}

const char *cfn_id_exec_role(Cfn *cf, const IrTask *t)
{
    return names_camel(cf->a, t->name, "ExecutionRole");
}

const char *cfn_id_task_def(Cfn *cf, const IrTask *t)
{
    return names_camel(cf->a, t->name, "TaskDefinition");
}

const char *cfn_id_log_group(Cfn *cf, const IrTask *t, const IrContainer *c)
{
    if (!c)
        return names_camel(cf->a, t->name, "LogGroup");
    return names_camel(cf->a, arena_printf(cf->a, "%s-%s", t->name, c->name), "LogGroup");
}

/* --- load balancers and routes ------------------------------------------------------- */

const char *cfn_id_lb(Cfn *cf, const IrLoadBalancer *lb)
{
    (void)cf;
    return lb->logical_id;
}

const char *cfn_id_lb_sg(Cfn *cf, const IrLoadBalancer *lb)
{
    return arena_printf(cf->a, "%sSecurityGroup", lb->logical_id);
}

const char *cfn_id_lb_ingress_cidr(Cfn *cf, const IrLoadBalancer *lb)
{
    return arena_printf(cf->a, "%sIngressCidr", lb->logical_id);
}

const char *cfn_id_listener(Cfn *cf, const IrListener *l)
{
    (void)cf;
    return l->logical_id;
}

const char *cfn_id_target_group(Cfn *cf, const IrRoute *r)
{
    (void)cf;
    return r->logical_id;
}

const char *cfn_id_alt_target_group(Cfn *cf, const IrRoute *r)
{
    const char *base = strip_suffix(cf->a, r->logical_id, "TargetGroup");
    return arena_printf(cf->a, "%sAlternateTargetGroup", base);
}

const char *cfn_id_listener_rule(Cfn *cf, const IrRoute *r, const IrListener *l)
{
    return arena_printf(cf->a, "%sListener%dRule", r->rule_base, l->port);
}

/* --- services ------------------------------------------------------------------------ */

const char *cfn_id_service(Cfn *cf, const IrService *sv)
{
    (void)cf;
    return sv->logical_id;
}

const char *cfn_id_task_sg(Cfn *cf, const IrService *sv)
{
    (void)cf;
    return sv->task_sg_logical_id;  /* decided once, by infer */
}

const char *cfn_id_bg_role(Cfn *cf, const IrService *sv)
{
    return arena_printf(cf->a, "%sBlueGreenRole", sv->logical_id);
}

const char *cfn_id_scalable_target(Cfn *cf, const IrService *sv)
{
    return arena_printf(cf->a, "%sScalableTarget", sv->logical_id);
}

const char *cfn_id_scaling_policy(Cfn *cf, const IrService *sv)
{
    return arena_printf(cf->a, "%sScalingPolicy", sv->logical_id);
}

const char *cfn_id_deploy_config(Cfn *cf, const IrService *sv)
{
    const char *base = strip_suffix(cf->a, sv->logical_id, "Service");
    return arena_printf(cf->a, "%sDeploymentConfig", base);
}

const char *cfn_id_deploy_group(Cfn *cf, const IrService *sv)
{
    const char *base = strip_suffix(cf->a, sv->logical_id, "Service");
    return arena_printf(cf->a, "%sDeploymentGroup", base);
}

/* One application and one service role for every CodeDeploy service. */
const char *cfn_id_codedeploy_app(Cfn *cf)
{
    (void)cf;
    return "CodeDeployApplication";
}

const char *cfn_id_codedeploy_role(Cfn *cf)
{
    (void)cf;
    return "CodeDeployRole";
}

/* --- outputs ---------------------------------------------------------------------------- */

const char *cfn_id_out_arn(Cfn *cf, const char *id)
{
    return arena_printf(cf->a, "%sArn", id);
}

const char *cfn_id_out_dns(Cfn *cf, const char *id)
{
    return arena_printf(cf->a, "%sDnsName", id);
}

const char *cfn_id_out_name(Cfn *cf, const char *id)
{
    return arena_printf(cf->a, "%sName", id);
}

const char *cfn_id_out_cluster(Cfn *cf)
{
    (void)cf;
    return "ClusterName";
}

/* --- AWS names ----------------------------------------------------------------------------- */

const char *cfn_name_cluster(Cfn *cf)
{
    const IrCluster *cl = cf->m->cluster;
    return cl ? cl->aws_name : NULL;
}

const char *cfn_name_role(Cfn *cf, const IrRole *r)
{
    (void)cf;
    return r->role_name;
}

const char *cfn_name_exec_role(Cfn *cf, const IrTask *t)
{
    (void)cf;
    return t->exec_role_name;
}

const char *cfn_name_lb(Cfn *cf, const IrLoadBalancer *lb)
{
    (void)cf;
    return lb->aws_name;
}

const char *cfn_name_target_group(Cfn *cf, const IrRoute *r)
{
    (void)cf;
    return r->tg_name;
}

/* "<name>-alt" within the 32 characters of a target group name. */
const char *cfn_name_alt_target_group(Cfn *cf, const IrRoute *r)
{
    const char *name = r->tg_name;
    if (strlen(name) + 4 <= 32)
        return arena_printf(cf->a, "%s-alt", name);
    return arena_printf(cf->a, "%.21s-%06" PRIx32 "-alt", name, hash_fnv32(name) & 0xffffff);
}

const char *cfn_name_service(Cfn *cf, const IrService *sv)
{
    (void)cf;
    return sv->aws_name;
}

const char *cfn_name_scaling_policy(Cfn *cf, const IrService *sv)
{
    return arena_printf(cf->a, "%s-%s", sv->aws_name, ir_scale_metric_word(sv->scaling->metric));
}

const char *cfn_name_codedeploy_app(Cfn *cf)
{
    const char *app = cf->m->app->name;
    return app ? app : "ecsc";
}
