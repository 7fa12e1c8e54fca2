/* cfn_names.c - the logical ids and AWS names the template holds, read
 * from the plan (compiler/plan/), which decides them all; the emitter
 * formats none of its own.  A lookup of a resource the plan does not
 * have is a bug in the emitter: asserted.
 */
#include "cfn_int.h"

#include <assert.h>

static const char *id_of(Cfn *cf, PlanKind kind, const void *decl, const void *sub)
{
    const PlanRes *r = plan_find(cf->plan, kind, decl, sub);
    assert(r && "the plan has no such resource");
    return r->id;
}

/* "<kind>-<name>": cfn/fragments/<kind>-<name>.json */
const char *cfn_name_fragment(Cfn *cf, const char *kind, const char *name)
{
    return arena_printf(cf->a, "%s-%s", kind, name);
}

const char *cfn_id_param(Cfn *cf, const IrParam *p)
{
    return plan_param(cf->plan, p)->id;
}

/* --- cluster and capacity ------------------------------------------------------- */

const char *cfn_id_cluster(Cfn *cf)
{
    assert(cf->plan->cluster);
    return cf->plan->cluster->id;
}

const char *cfn_id_association(Cfn *cf)
{
    assert(cf->plan->association);
    return cf->plan->association->id;
}

const char *cfn_id_capacity_provider(Cfn *cf, const IrCapacity *c)
{
    return id_of(cf, PLAN_CAPACITY_PROVIDER, c, NULL);
}

const char *cfn_id_instance_role(Cfn *cf, const IrCapacity *c)
{
    return id_of(cf, PLAN_INSTANCE_ROLE, c, NULL);
}

const char *cfn_id_instance_profile(Cfn *cf, const IrCapacity *c)
{
    return id_of(cf, PLAN_INSTANCE_PROFILE, c, NULL);
}

const char *cfn_id_instance_sg(Cfn *cf, const IrCapacity *c)
{
    return id_of(cf, PLAN_INSTANCE_SG, c, NULL);
}

const char *cfn_id_launch_template(Cfn *cf, const IrCapacity *c)
{
    return id_of(cf, PLAN_LAUNCH_TEMPLATE, c, NULL);
}

const char *cfn_id_asg(Cfn *cf, const IrCapacity *c)
{
    return id_of(cf, PLAN_AUTO_SCALING, c, NULL);
}

/* --- roles and tasks ---------------------------------------------------------------- */

const char *cfn_id_role(Cfn *cf, const IrRole *r)
{
    return id_of(cf, PLAN_ROLE, r, NULL);
}

const char *cfn_id_exec_role(Cfn *cf, const IrTask *t)
{
    return id_of(cf, PLAN_EXEC_ROLE, t, NULL);
}

const char *cfn_id_task_def(Cfn *cf, const IrTask *t)
{
    return id_of(cf, PLAN_TASK_DEF, t, NULL);
}

/* --- load balancers and routes ------------------------------------------------------- */

const char *cfn_id_lb(Cfn *cf, const IrLoadBalancer *lb)
{
    return id_of(cf, PLAN_LOAD_BALANCER, lb, NULL);
}

const char *cfn_id_lb_sg(Cfn *cf, const IrLoadBalancer *lb)
{
    return id_of(cf, PLAN_LB_SG, lb, NULL);
}

const char *cfn_id_lb_ingress_cidr(Cfn *cf, const IrLoadBalancer *lb)
{
    const PlanParam *pp = plan_lb(cf->plan, lb)->ingress_cidr;
    assert(pp);
    return pp->id;
}

const char *cfn_id_listener(Cfn *cf, const IrListener *l)
{
    return id_of(cf, PLAN_LISTENER, l, NULL);
}

const char *cfn_id_target_group(Cfn *cf, const IrRoute *r)
{
    return plan_route(cf->plan, r)->tg->id;
}

const char *cfn_id_alt_target_group(Cfn *cf, const IrRoute *r)
{
    const PlanRes *alt = plan_route(cf->plan, r)->alt_tg;
    assert(alt);
    return alt->id;
}

const char *cfn_id_listener_rule(Cfn *cf, const IrRoute *r, const IrListener *l)
{
    return id_of(cf, PLAN_LISTENER_RULE, r, l);
}

const char *cfn_id_shared_rule(Cfn *cf, const IrRoute *r)
{
    return id_of(cf, PLAN_SHARED_RULE, r, NULL);
}

/* --- services ------------------------------------------------------------------------ */

const char *cfn_id_service(Cfn *cf, const IrService *sv)
{
    return plan_service(cf->plan, sv)->service->id;
}

const char *cfn_id_task_sg(Cfn *cf, const IrService *sv)
{
    const PlanRes *sg = plan_service(cf->plan, sv)->task_sg;
    return sg ? sg->id : NULL;
}

const char *cfn_id_bg_role(Cfn *cf, const IrService *sv)
{
    return id_of(cf, PLAN_BG_ROLE, sv, NULL);
}

const char *cfn_id_scalable_target(Cfn *cf, const IrService *sv)
{
    return id_of(cf, PLAN_SCALABLE_TARGET, sv, NULL);
}

const char *cfn_id_deploy_config(Cfn *cf, const IrService *sv)
{
    return id_of(cf, PLAN_DEPLOY_CONFIG, sv, NULL);
}

const char *cfn_id_deploy_group(Cfn *cf, const IrService *sv)
{
    return id_of(cf, PLAN_DEPLOY_GROUP, sv, NULL);
}

const char *cfn_id_codedeploy_app(Cfn *cf)
{
    assert(cf->plan->codedeploy_app);
    return cf->plan->codedeploy_app->id;
}

const char *cfn_id_codedeploy_role(Cfn *cf)
{
    assert(cf->plan->codedeploy_role);
    return cf->plan->codedeploy_role->id;
}

/* --- AWS names ----------------------------------------------------------------------------- */

const char *cfn_name_cluster(Cfn *cf)
{
    return cf->plan->cluster_name;
}

const char *cfn_name_role(Cfn *cf, const IrRole *r)
{
    return plan_find(cf->plan, PLAN_ROLE, r, NULL)->aws_name;
}

const char *cfn_name_exec_role(Cfn *cf, const IrTask *t)
{
    return plan_find(cf->plan, PLAN_EXEC_ROLE, t, NULL)->aws_name;
}

const char *cfn_name_lb(Cfn *cf, const IrLoadBalancer *lb)
{
    return plan_lb(cf->plan, lb)->aws_name;
}

const char *cfn_name_target_group(Cfn *cf, const IrRoute *r)
{
    return plan_route(cf->plan, r)->tg_name;
}

const char *cfn_name_alt_target_group(Cfn *cf, const IrRoute *r)
{
    return plan_route(cf->plan, r)->alt_tg_name;
}

const char *cfn_name_service(Cfn *cf, const IrService *sv)
{
    return plan_service(cf->plan, sv)->aws_name;
}

const char *cfn_name_codedeploy_app(Cfn *cf)
{
    return cf->plan->codedeploy_app->aws_name;
}
