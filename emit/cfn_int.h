/* cfn_int.h - the private interface of the CloudFormation emitter
 * (cfn_*.c): the template under construction and what its files share.
 *
 * Files, by resource family:
 *   cfn_doc.c      the Cfn context, the resource registry, intrinsic
 *                  functions, parameters, references, printing, the
 *                  template and its fragments, emit_cfn*();
 *   cfn_names.c    every logical id, output id and AWS name the emitter
 *                  writes: the one place that decides them (cfn_id_*,
 *                  cfn_name_*);
 *   cfn_iam.c      declared roles, execution roles and their grants,
 *                  trust policies, policy statements;
 *   cfn_compute.c  task definitions, log groups, the cluster;
 *   cfn_capacity.c EC2 capacity and the cluster's capacity providers;
 *   cfn_net.c      load balancers, listeners, target groups, listener
 *                  rules, security groups and their ingress;
 *   cfn_service.c  services, scaling, CodeDeploy, the blue/green role;
 *   cfn_discovery.c Cloud Map namespaces and services, schedules;
 *   cfn_nag.c      the suppressions security scanners read (cdk-nag,
 *                  cfn_nag) on what ecsc itself chose.
 *
 * Conventions:
 *   - Every emitter takes `Cfn *cf` first.  A declaration's emitter calls
 *     cfn_set_owner() once, then cfn_resource() per resource, in template
 *     order; the resources are printed (and their trees deleted) when the
 *     declaration is done, so only the current declaration's trees exist.
 *   - Ids and names come only from cfn_id_* / cfn_name_* (cfn_names.c);
 *     no other file formats one.  Logical ids are unique by construction
 *     (asserted by cfn_add_res in debug builds).
 *   - Cross-references are cfn_ref / cfn_getatt / cfn_sub, never strings:
 *     cfn_doc.c finds the references of each resource by reading them
 *     back, for fragments and parameters.
 *   - Members are built with json_build.h; absent model values (NULL,
 *     IR_UNSET) leave the member out.
 *   - Nothing here reports a user error: the model has been checked;
 *     invariants are asserted.
 */
#ifndef ECSC_EMIT_CFN_INT_H
#define ECSC_EMIT_CFN_INT_H

#include "base/arena.h"
#include "base/map.h"
#include "base/vec.h"
#include "emit.h"
#include "json_build.h"
#include "json_write.h"
#include "model/ir.h"
#include "model/ir_names.h"
#include "service_doc.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* One resource of the template. */
typedef struct Res {
    const char *id;
    const char *type;
    cJSON *props;
    Vec deps;           /* const char*: DependsOn */
    cJSON *meta;        /* Metadata (scanner suppressions, cfn_nag.c), or NULL */
    const char *owner;  /* fragment: "service-web" */
    int index;          /* position in the template */
    Vec refs;           /* const char*: the ids Properties and DependsOn name (refs_of) */
    bool refs_known;
    const char *text;   /* its member of "Resources", printed once (print_resources) */
    size_t text_len;
} Res;

/* The resources one declaration yields: its fragment. */
typedef struct Owner {
    const char *name;
    Vec res;            /* Res* */
} Owner;


struct DocPart;

typedef struct Cfn {
    Arena *a;
    const IrModel *m;
    const Plan *plan;   /* what exists and what it is called */
    Vec res;            /* Res*, in template order */
    Map by_id;          /* id -> Res* */
    Vec owners;         /* Owner*, first-seen order */
    Map owner_by_name;  /* name -> Owner* */
    Owner *owner;       /* the declaration being emitted */
    Vec gen_params;     /* Res* (type NULL): parameters ecsc adds */
    cJSON *outputs;
    Vec text_chunks;    /* char*, malloc'd: where the resources' texts are kept */
    size_t chunk_used, chunk_cap;   /* in the last chunk */
    int printed;        /* cf->res[0, printed) are printed and their trees deleted */
    Map param_pos;      /* logical id -> position in m->params + 1 */
    Map gen_param_pos;  /* id -> position in gen_params + 1 */
    bool need_assoc;    /* cfn_need_association(m), asked once per service */
    Vec exec_roles;     /* const IrRole*, sorted: cfn_find_exec_roles */
    Arena ref_scratch;  /* refs_of's map and the names it collects */
    Map ref_names;
    JsonBuf doc;        /* the document being assembled, reused */
    const EmitSink *sink;
    Vec *taskdefs;      /* OutputFile*: taskdefs/<family>.json, or NULL: not printed here */
    Vec *skipped;       /* EmitSkip*: taskdefs/ files left out (a param without a value) */
    Vec *policy_sizes;  /* EmitPolicySize*: each role's inline policies, or NULL */
    struct DocPart *spans; /* the pieces of the document being written (add_file) */
    EmitPiece *pieces;
    int nspans, capspans;
} Cfn;

/* cfn_policy_size.c: the least characters IAM counts in the inline
   policies of a role's Properties (white space not counted, intrinsic
   functions at the least they resolve to). */
size_t cfn_role_policy_size(const cJSON *props);

/* --- cfn_doc.c: the registry ------------------------------------------------ */

/* Makes `name` (cfn_name_fragment) the declaration whose fragment the
   following resources go to. */
void cfn_set_owner(Cfn *cf, const char *name);
/* Adds a resource of the current declaration. */
Res *cfn_add_res(Cfn *cf, const char *id, const char *type);
/* cfn_add_res, returning its Properties object. */
cJSON *cfn_resource(Cfn *cf, const char *id, const char *type);
Res *cfn_find_res(Cfn *cf, const char *id);
/* Merges into the Properties of resource `id` the raws of `raws`
   (IrRaw*) that reach it: the same `target` word (NULL: the declaration's
   own resource), and the load balancer `lb` / listener `port` when the
   raw names one.  Last, over what ecsc wrote (docs/language.md §13.2). */
void cfn_merge_raws(Cfn *cf, const char *id, const Vec *raws, const char *target,
                    const char *lb, int port);
/* Adds `dep` to the DependsOn of resource `id` (once). */
void cfn_depends_on(Cfn *cf, const char *id, const char *dep);
/* Adds a parameter ecsc generates; returns its object (Type, ...). */
cJSON *cfn_add_param(Cfn *cf, const char *id);
/* Tags [{Key, Value}]: the app's tags, then `own` (an own key wins). */
void cfn_put_tags(Cfn *cf, cJSON *props, const Vec *own);

/* --- cfn_doc.c: intrinsic functions and values -------------------------------- */

cJSON *cfn_ref(const char *id);
cJSON *cfn_getatt(const char *id, const char *attr);
cJSON *cfn_sub(const char *s);
cJSON *cfn_join(const char *delim, cJSON *items);
/* "arn:${AWS::Partition}:iam::aws:policy/<name>" */
cJSON *cfn_managed_policy(Arena *a, const char *name);

/* What ecsc chose that security scanners report (cfn_nag.c). */
typedef enum CfnChoice {
    CFN_CHOICE_ECR_TOKEN,       /* ecr:GetAuthorizationToken on "*" (execution role) */
    CFN_CHOICE_EXEC,            /* the ssmmessages channels of ECS Exec on "*" (task role) */
    CFN_CHOICE_MANAGED,         /* an AWS managed policy for a role ecsc adds; detail: its name */
} CfnChoice;

/* Adds to resource `id` (created by cfn_resource, not yet printed) the
   cdk-nag suppression of `choice`, and its cfn_nag one if `with_cfn_nag`,
   with their reason. */
void cfn_suppress(Cfn *cf, const char *id, CfnChoice choice, const char *detail,
                  bool with_cfn_nag);
/* A literal for Fn::Sub: "${" becomes "${!" so it is not substituted. */
const char *cfn_sub_escape(Arena *a, const char *s);
/* The value of a param reference: a Ref, or the literal; NULL when
   neither.  `list`: the property takes a list (a single value is wrapped). */
cJSON *cfn_param_value(Cfn *cf, const IrParamRef *pr, bool list);
/* cfn_lb_logs.c: the access log bucket and policy a load balancer creates,
   and the attributes that turn its access logs on (into `attrs`). */
void cfn_emit_lb_log_bucket(Cfn *cf, const IrLoadBalancer *lb);
void cfn_lb_log_attributes(Cfn *cf, const IrLoadBalancer *lb, cJSON *attrs);

/* cfn_nlb.c: a Network Load Balancer's listener's default action, and the
   protocol and health check of its target groups. */
void cfn_nlb_forward(Cfn *cf, const IrLoadBalancer *lb, const IrListener *l, cJSON *act);
void cfn_nlb_target_group(Cfn *cf, const IrService *sv, const IrRoute *r, cJSON *p);
/* A listener's `default forward|redirect|fixed` action. */
void cfn_default_action(Cfn *cf, const IrLoadBalancer *lb, const IrListener *l, cJSON *act);
bool cfn_param_given(const IrParamRef *pr);
/* The model's only single vpc_id param as a reference in `tmp`, or NULL. */

/* --- cfn_names.c: every id and name ------------------------------------------- */

const char *cfn_name_fragment(Cfn *cf, const char *kind, const char *name);
const char *cfn_id_param(Cfn *cf, const IrParam *p);
const char *cfn_id_cluster(Cfn *cf);
const char *cfn_id_association(Cfn *cf);
const char *cfn_id_capacity_provider(Cfn *cf, const IrCapacity *c);
const char *cfn_id_instance_role(Cfn *cf, const IrCapacity *c);
const char *cfn_id_instance_profile(Cfn *cf, const IrCapacity *c);
const char *cfn_id_instance_sg(Cfn *cf, const IrCapacity *c);
const char *cfn_id_launch_template(Cfn *cf, const IrCapacity *c);
const char *cfn_id_asg(Cfn *cf, const IrCapacity *c);
const char *cfn_id_role(Cfn *cf, const IrRole *r);
const char *cfn_id_exec_role(Cfn *cf, const IrTask *t);
const char *cfn_id_task_def(Cfn *cf, const IrTask *t);
const char *cfn_id_lb(Cfn *cf, const IrLoadBalancer *lb);
const char *cfn_id_lb_sg(Cfn *cf, const IrLoadBalancer *lb);
const char *cfn_id_lb_ingress_cidr(Cfn *cf, const IrLoadBalancer *lb);
const char *cfn_id_listener(Cfn *cf, const IrListener *l);
const char *cfn_id_target_group(Cfn *cf, const IrRoute *r);
const char *cfn_id_alt_target_group(Cfn *cf, const IrRoute *r);
const char *cfn_id_listener_rule(Cfn *cf, const IrRoute *r, const IrListener *l);
/* The rule of a route on an `existing listener`. */
const char *cfn_id_shared_rule(Cfn *cf, const IrRoute *r);
const char *cfn_id_service(Cfn *cf, const IrService *sv);
/* NULL when the service has no task security group of its own. */
const char *cfn_id_task_sg(Cfn *cf, const IrService *sv);
const char *cfn_id_bg_role(Cfn *cf, const IrService *sv);
const char *cfn_id_scalable_target(Cfn *cf, const IrService *sv);
const char *cfn_id_deploy_config(Cfn *cf, const IrService *sv);
const char *cfn_id_deploy_group(Cfn *cf, const IrService *sv);
const char *cfn_id_codedeploy_app(Cfn *cf);
const char *cfn_id_codedeploy_role(Cfn *cf);
/* AWS names; NULL: CloudFormation generates one. */
const char *cfn_name_cluster(Cfn *cf);
const char *cfn_name_role(Cfn *cf, const IrRole *r);
const char *cfn_name_exec_role(Cfn *cf, const IrTask *t);
const char *cfn_name_lb(Cfn *cf, const IrLoadBalancer *lb);
const char *cfn_name_target_group(Cfn *cf, const IrRoute *r);
const char *cfn_name_alt_target_group(Cfn *cf, const IrRoute *r);
const char *cfn_name_service(Cfn *cf, const IrService *sv);
const char *cfn_name_codedeploy_app(Cfn *cf);

/* --- cfn_iam.c -------------------------------------------------------------- */

/* The task roles that services with `exec` run (Cfn.exec_roles). */
void cfn_find_exec_roles(Cfn *cf);
void cfn_emit_role(Cfn *cf, const IrRole *r);
/* The implied execution role of task `t`, granted what it names. */
void cfn_emit_exec_role(Cfn *cf, const IrTask *t);
/* The ARN of a task's role: GetAtt when the template creates it, else
   `arn` (NULL: none). */
cJSON *cfn_role_arn_value(Cfn *cf, const IrRef *rr, const char *arn);
/* An AssumeRolePolicyDocument for AWS service `service`. */
cJSON *cfn_trust_policy(const char *service, bool source_account);

/* --- cfn_capacity.c ------------------------------------------------------------ */

/* A capacity's instance role and profile, security group, launch template,
   Auto Scaling group and capacity provider. */
void cfn_emit_capacity(Cfn *cf, const IrCapacity *c);
/* The cluster's capacity providers and its default strategy. */
void cfn_emit_association(Cfn *cf);
/* A CapacityProviderStrategy list of `uses` (IrCapacityUse*; NULL: empty). */
cJSON *cfn_strategy(Cfn *cf, const Vec *uses);

/* --- cfn_compute.c ------------------------------------------------------------ */

void cfn_emit_cluster(Cfn *cf);
void cfn_emit_task(Cfn *cf, const IrTask *t);
/* Renames the members of an API document (a task definition, a service)
   to CloudFormation's property names, in place. */
void cfn_rename(Arena *a, cJSON *doc);
cJSON *cfn_cluster_ref(Cfn *cf);
const IrTask *cfn_service_task(const IrService *sv);
bool cfn_is_awslogs(const IrLog *log);
/* An awslogs option as the task definition has it. */
const char *cfn_log_option(const IrLog *log, const char *key, const char *native);
const char *cfn_log_group_name(const IrLog *log);
cJSON *cfn_log_group_arn(Cfn *cf, const PlanLogGroup *lg);

/* --- cfn_net.c ---------------------------------------------------------------- */

void cfn_emit_load_balancer(Cfn *cf, const IrLoadBalancer *lb);
/* The target groups and listener rules of a service's routes. */
void cfn_emit_routes(Cfn *cf, const IrService *sv);
void cfn_emit_task_sg(Cfn *cf, const IrService *sv, const char *sg_id);
/* The ingress rules of the instances of capacity `c`: the host ports of
   the bridge/host tasks on them; `*vpc` gets a VPC seen on the way. */
cJSON *cfn_instance_ingress(Cfn *cf, const IrCapacity *c);

/* --- cfn_service.c ------------------------------------------------------------ */

void cfn_emit_service(Cfn *cf, const IrService *sv);

/* --- cfn_discovery.c ---------------------------------------------------------- */

/* The Cloud Map namespaces the stack creates (the cluster's fragment). */
void cfn_emit_namespaces(Cfn *cf);
/* Service Connect's namespace: the created one's ARN, or the existing
   name, ARN or param. */
cJSON *cfn_connect_namespace(Cfn *cf);
/* A service's Cloud Map service (`discovery`), if it has one. */
void cfn_emit_registry(Cfn *cf, const PlanService *ps);
/* A schedule and the role EventBridge Scheduler runs its task with. */
void cfn_emit_schedule(Cfn *cf, const PlanSchedule *pk);

#endif
