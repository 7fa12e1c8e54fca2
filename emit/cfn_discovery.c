/* cfn_discovery.c - service discovery and schedules in the template: the
 * Cloud Map namespaces (AWS::ServiceDiscovery::HttpNamespace for Service
 * Connect, ::PrivateDnsNamespace for service registries), a service's
 * Cloud Map service (::Service, DNS records ECS registers the tasks in),
 * and each schedule: an AWS::Scheduler::Schedule whose target is the
 * cluster with EcsParameters (RunTask's), and the role it runs the task
 * with.
 *
 * The schedule's role is granted only what EventBridge Scheduler's guide
 * asks for an ECS target: ecs:RunTask on the task definition, in this
 * cluster (the ecs:cluster condition key), and iam:PassRole on the task's
 * execution and task roles, for ECS tasks only (iam:PassedToService).
 */
#include "cfn_int.h"

#include <assert.h>
#include <string.h>

static const IrCluster *cluster_of(Cfn *cf)
{
    return cf->m->cluster;
}

void cfn_emit_namespaces(Cfn *cf)
{
    const Plan *p = cf->plan;
    if (p->connect_ns) {
        cJSON *props = cfn_resource(cf, p->connect_ns->id, "AWS::ServiceDiscovery::HttpNamespace");
        json_put_str(props, "Name", p->connect_ns->aws_name);
        json_put_str(props, "Description", "ecsc: the Service Connect namespace of the cluster");
        cfn_put_tags(cf, props, NULL);
    }
    if (p->dns_ns) {
        cJSON *props = cfn_resource(cf, p->dns_ns->id, "AWS::ServiceDiscovery::PrivateDnsNamespace");
        json_put_str(props, "Name", p->dns_ns->aws_name);
        json_put_str(props, "Description", "ecsc: the DNS namespace of the services' registries");
        json_put(props, "Vpc", cfn_param_value(cf, &cluster_of(cf)->dns_ns->vpc, false));
        cfn_put_tags(cf, props, NULL);
    }
}

cJSON *cfn_connect_namespace(Cfn *cf)
{
    if (cf->plan->connect_ns)
        return cfn_getatt(cf->plan->connect_ns->id, "Arn");
    return cfn_param_value(cf, &cluster_of(cf)->connect_ns->existing, false);
}

/* The Cloud Map service: MULTIVALUE answers of A or SRV records, kept by
   ECS's own health status (a custom health check). */
void cfn_emit_registry(Cfn *cf, const PlanService *ps)
{
    if (!ps->registry)
        return;
    const IrRegistry *r = ps->sv->registry;
    cJSON *props = cfn_resource(cf, ps->registry->id, "AWS::ServiceDiscovery::Service");
    json_put_str(props, "Name", ps->registry->aws_name);
    json_put_str(props, "Description",
                 arena_printf(cf->a, "ecsc: the tasks of service '%s'", ps->sv->name));
    cJSON *ns = cf->plan->dns_ns ? cfn_ref(cf->plan->dns_ns->id)
                                 : cfn_param_value(cf, &cluster_of(cf)->dns_ns->existing, false);
    json_put(props, "NamespaceId", ns);
    cJSON *dns = json_put(props, "DnsConfig", json_obj());
    cJSON *rec = json_append(json_put(dns, "DnsRecords", json_arr()), json_obj());
    json_put_str(rec, "Type", r->srv ? "SRV" : "A");
    json_put_int(rec, "TTL", r->ttl != IR_UNSET ? r->ttl : 60);
    json_put_str(dns, "RoutingPolicy", "MULTIVALUE");
    json_put_int(json_put(props, "HealthCheckCustomConfig", json_obj()), "FailureThreshold", 1);
    cfn_put_tags(cf, props, NULL);
}

/* ---- schedules --------------------------------------------------------------------- */

/* The cluster's ARN: the created one's, else built from the existing
   cluster's name (a literal, or a param holding it). */
static cJSON *cluster_arn(Cfn *cf)
{
    const IrCluster *cl = cluster_of(cf);
    if (!ir_cluster_existing(cl))
        return cfn_getatt(cfn_id_cluster(cf), "Arn");
    const IrParam *p = cl->existing_ref.param.target;
    const char *name = p ? arena_printf(cf->a, "${%s}", cfn_id_param(cf, p))
                         : cfn_sub_escape(cf->a, cl->existing);
    return cfn_sub(arena_printf(cf->a, "arn:${AWS::Partition}:ecs:${AWS::Region}:"
                                       "${AWS::AccountId}:cluster/%s", name));
}

static cJSON *allow(const char *sid, const char *action, cJSON *resources)
{
    cJSON *st = json_obj();
    json_put_str(st, "Sid", sid);
    json_put_str(st, "Effect", "Allow");
    json_put_str(st, "Action", action);
    json_put(st, "Resource", resources);
    return st;
}

static cJSON *trust_scheduler(void)
{
    cJSON *doc = json_obj();
    json_put_str(doc, "Version", "2012-10-17");
    cJSON *st = json_append(json_put(doc, "Statement", json_arr()), json_obj());
    json_put_str(st, "Effect", "Allow");
    json_put_str(json_put(st, "Principal", json_obj()), "Service", "scheduler.amazonaws.com");
    json_put_str(st, "Action", "sts:AssumeRole");
    /* the confused-deputy guard of EventBridge Scheduler's execution roles */
    json_put(json_put(json_put(st, "Condition", json_obj()), "StringEquals", json_obj()),
             "aws:SourceAccount", cfn_ref("AWS::AccountId"));
    return doc;
}

static void emit_schedule_role(Cfn *cf, const PlanSchedule *pk, const IrTask *t)
{
    cJSON *p = cfn_resource(cf, pk->role->id, "AWS::IAM::Role");
    json_put_str(p, "Description",
                 arena_printf(cf->a, "ecsc: EventBridge Scheduler runs task '%s' for schedule '%s'",
                              t->name, pk->sc->name));
    json_put(p, "AssumeRolePolicyDocument", trust_scheduler());
    cJSON *pol = json_append(json_put(p, "Policies", json_arr()), json_obj());
    json_put_str(pol, "PolicyName", "run-task");
    cJSON *doc = json_put(pol, "PolicyDocument", json_obj());
    json_put_str(doc, "Version", "2012-10-17");
    cJSON *sts = json_put(doc, "Statement", json_arr());
    cJSON *run = json_append(sts, allow("RunTask", "ecs:RunTask", cfn_ref(cfn_id_task_def(cf, t))));
    json_put(json_put(json_put(run, "Condition", json_obj()), "ArnEquals", json_obj()),
             "ecs:cluster", cluster_arn(cf));
    cJSON *roles = json_arr();
    cJSON *exec = t->exec_role_implied ? cfn_getatt(cfn_id_exec_role(cf, t), "Arn")
                                       : cfn_role_arn_value(cf, &t->exec_role, t->exec_role_arn);
    if (exec)
        json_append(roles, exec);
    cJSON *task = cfn_role_arn_value(cf, &t->role, t->role_arn);
    if (task)
        json_append(roles, task);
    if (cJSON_GetArraySize(roles)) {
        cJSON *pass = json_append(sts, allow("PassTaskRoles", "iam:PassRole", roles));
        json_put_str(json_put(json_put(pass, "Condition", json_obj()), "StringEquals", json_obj()),
                     "iam:PassedToService", "ecs-tasks.amazonaws.com");
    } else {
        cJSON_Delete(roles);
    }
    cfn_put_tags(cf, p, NULL);
}

static cJSON *ecs_parameters(Cfn *cf, const PlanSchedule *pk, const IrTask *t)
{
    const IrSchedule *sc = pk->sc;
    cJSON *e = json_obj();
    json_put(e, "TaskDefinitionArn", cfn_ref(cfn_id_task_def(cf, t)));
    json_put_int(e, "TaskCount", sc->count != IR_UNSET ? sc->count : 1);
    if (pk->launch)
        json_put_str(e, "LaunchType", ir_launch_api(pk->launch));
    else
        json_put(e, "CapacityProviderStrategy", cfn_strategy(cf, &sc->capacity));
    if (t->net == IR_NET_AWSVPC) {
        cJSON *vpc = json_put(json_put(e, "NetworkConfiguration", json_obj()), "AwsvpcConfiguration",
                              json_obj());
        json_put(vpc, "Subnets", cfn_param_value(cf, &sc->subnets, true));
        if (cfn_param_given(&sc->security_groups))
            json_put(vpc, "SecurityGroups", cfn_param_value(cf, &sc->security_groups, true));
        json_put_str(vpc, "AssignPublicIp", sc->public_ip == IR_TRI_TRUE ? "ENABLED" : "DISABLED");
    }
    return e;
}

void cfn_emit_schedule(Cfn *cf, const PlanSchedule *pk)
{
    const IrSchedule *sc = pk->sc;
    const IrTask *t = sc->task.target;
    assert(t);
    cfn_set_owner(cf, cfn_name_fragment(cf, "schedule", sc->name));
    emit_schedule_role(cf, pk, t);
    cJSON *p = cfn_resource(cf, pk->schedule->id, "AWS::Scheduler::Schedule");
    json_put_str(p, "Name", pk->aws_name);
    json_put_str(p, "Description", arena_printf(cf->a, "ecsc: runs task '%s'", t->name));
    json_put_str(p, "ScheduleExpression", sc->expr);
    json_put_str(p, "ScheduleExpressionTimezone", sc->timezone);
    json_put_str(json_put(p, "FlexibleTimeWindow", json_obj()), "Mode", "OFF");
    json_put_str(p, "State", sc->enabled == IR_TRI_FALSE ? "DISABLED" : "ENABLED");
    cJSON *target = json_put(p, "Target", json_obj());
    json_put(target, "Arn", cluster_arn(cf));
    json_put(target, "RoleArn", cfn_getatt(pk->role->id, "Arn"));
    json_put(target, "EcsParameters", ecs_parameters(cf, pk, t));
    /* RunTask fails on a provider the cluster has not associated yet */
    if (!pk->launch && cf->plan->association)
        cfn_depends_on(cf, pk->schedule->id, cfn_id_association(cf));
    cfn_merge_raws(cf, pk->schedule->id, &sc->raws, NULL, NULL, IR_UNSET);
}
