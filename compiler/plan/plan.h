/* plan.h - which AWS resources an application becomes, what each is
 * called, who owns it and what it refers to: decided once, here, between
 * checking and emitting.
 *
 * The driver builds the plan after sema_check succeeds (plan_build), runs
 * the checks that concern generated resources on it (plan_check: logical
 * id clashes, AWS name and count limits), and resolves the values only a
 * deployed stack knows (plan_values: -D, --stack-outputs).  The emitters
 * read the plan and never decide a name, an existence or a reference on
 * their own; sema knows nothing of the plan.
 *
 * Conventions: every string is arena-owned; `owner` is the span of the
 * declaration that causes a resource (its name), for diagnostics; the
 * per-declaration records (PlanTask, PlanService, ...) are arrays parallel
 * to the model's vectors (plan->services[i] is m->services.items[i]).
 * Resources are listed in template order.
 */
#ifndef ECSC_PLAN_PLAN_H
#define ECSC_PLAN_PLAN_H

#include "base/map.h"
#include "diag/diag.h"
#include "model/ir.h"

#include <stdbool.h>

/* Every kind of resource ecsc generates: its CloudFormation type and the
   pattern of its logical id ("%s" is the owner's CamelCase name). */
#define PLAN_KINDS(X)                                                                    \
    X(CLUSTER,          "AWS::ECS::Cluster",                           "Cluster")           \
    X(INSTANCE_ROLE,    "AWS::IAM::Role",                              "%sInstanceRole")     \
    X(INSTANCE_PROFILE, "AWS::IAM::InstanceProfile",                   "%sInstanceProfile")  \
    X(INSTANCE_SG,      "AWS::EC2::SecurityGroup",                     "%sInstanceSecurityGroup") \
    X(LAUNCH_TEMPLATE,  "AWS::EC2::LaunchTemplate",                    "%sLaunchTemplate")   \
    X(AUTO_SCALING,     "AWS::AutoScaling::AutoScalingGroup",          "%sAutoScalingGroup") \
    X(CAPACITY_PROVIDER,"AWS::ECS::CapacityProvider",                  "%s")                 \
    X(ASSOCIATION,      "AWS::ECS::ClusterCapacityProviderAssociations", "ClusterCapacityProviders") \
    X(ROLE,             "AWS::IAM::Role",                              "%sRole")             \
    X(LOG_GROUP,        "AWS::Logs::LogGroup",                         "%sLogGroup")         \
    X(EXEC_ROLE,        "AWS::IAM::Role",                              "%sExecutionRole")    \
    X(TASK_DEF,         "AWS::ECS::TaskDefinition",                    "%sTaskDefinition")   \
    X(LOG_BUCKET,       "AWS::S3::Bucket",                             "%sAccessLogBucket")  \
    X(LOG_POLICY,       "AWS::S3::BucketPolicy",                       "%sAccessLogBucketPolicy") \
    X(LB_SG,            "AWS::EC2::SecurityGroup",                     "%sLoadBalancerSecurityGroup") \
    X(LOAD_BALANCER,    "AWS::ElasticLoadBalancingV2::LoadBalancer",   "%sLoadBalancer")     \
    X(LISTENER,         "AWS::ElasticLoadBalancingV2::Listener",       "%sListener%d")       \
    X(TASK_SG,          "AWS::EC2::SecurityGroup",                     "%sServiceSecurityGroup") \
    X(SG_INGRESS,       "AWS::EC2::SecurityGroupIngress",              "%sIngress%d")        \
    X(TARGET_GROUP,     "AWS::ElasticLoadBalancingV2::TargetGroup",    "%sTargetGroup")      \
    X(ALT_TARGET_GROUP, "AWS::ElasticLoadBalancingV2::TargetGroup",    "%sAlternateTargetGroup") \
    X(LISTENER_RULE,    "AWS::ElasticLoadBalancingV2::ListenerRule",   "%sListener%dRule")   \
    X(SHARED_RULE,      "AWS::ElasticLoadBalancingV2::ListenerRule",   "%sRule")             \
    X(BG_ROLE,          "AWS::IAM::Role",                              "%sServiceBlueGreenRole") \
    X(SERVICE,          "AWS::ECS::Service",                           "%sService")          \
    X(SCALABLE_TARGET,  "AWS::ApplicationAutoScaling::ScalableTarget", "%sServiceScalableTarget") \
    X(SCALING_POLICY,   "AWS::ApplicationAutoScaling::ScalingPolicy",  "%sServiceScalingPolicy") \
    X(MORE_SCALING,     "AWS::ApplicationAutoScaling::ScalingPolicy",  "%sScalingPolicy")   \
    X(SCALING_ALARM,    "AWS::CloudWatch::Alarm",                      "%sAlarm")           \
    X(CODEDEPLOY_APP,   "AWS::CodeDeploy::Application",                "CodeDeployApplication") \
    X(CODEDEPLOY_ROLE,  "AWS::IAM::Role",                              "CodeDeployRole")     \
    X(DEPLOY_CONFIG,    "AWS::CodeDeploy::DeploymentConfig",           "%sDeploymentConfig") \
    X(DEPLOY_GROUP,     "AWS::CodeDeploy::DeploymentGroup",            "%sDeploymentGroup") \
    X(HTTP_NAMESPACE,   "AWS::ServiceDiscovery::HttpNamespace",        "ServiceConnectNamespace") \
    X(DNS_NAMESPACE,    "AWS::ServiceDiscovery::PrivateDnsNamespace",  "DnsNamespace")      \
    X(SD_SERVICE,       "AWS::ServiceDiscovery::Service",              "%sDiscoveryService") \
    X(SCHEDULE_ROLE,    "AWS::IAM::Role",                              "%sScheduleRole")     \
    X(SCHEDULE,         "AWS::Scheduler::Schedule",                    "%sSchedule")

typedef enum PlanKind {
#define PLAN_ENUM(k, type, pattern) PLAN_##k,
    PLAN_KINDS(PLAN_ENUM)
#undef PLAN_ENUM
    PLAN_NKINDS
} PlanKind;

/* The CloudFormation type of a kind ("AWS::ECS::Service"). */
const char *plan_kind_type(PlanKind k);

typedef struct PlanRes {
    PlanKind kind;
    const char *id;             /* logical id */
    const char *aws_name;       /* the physical name ecsc sets, or NULL */
    const char *owner;          /* fragment name: "service-web", "cluster" */
    const char *what;           /* the owning declaration for messages: "service 'web'" */
    Span span;                  /* the owning declaration's name (SPAN_NONE: implied) */
    const void *decl;           /* IrService*, IrRoute*, IrTask*, IrListener*, ... (NULL: the application) */
    const void *sub;            /* IrListener* of listener rules, IrContainer* of log groups */
    Vec refs;                   /* PlanRes*: what its properties name (Ref, GetAtt, DependsOn) */
    int index;                  /* position in Plan.res */
} PlanRes;

/* A CloudFormation parameter: a declared `param`, or one ecsc adds. */
typedef struct PlanParam {
    const char *id;
    const IrParam *param;       /* NULL: generated */
    const IrLoadBalancer *lb;   /* generated: the internal load balancer whose ingress it sets */
    const char *owner;          /* generated: its fragment */
    Span span;
    const char *what;
    const char *value;          /* plan_values: -D, the stack's parameters or the default */
} PlanParam;

/* A member of the template's Outputs: `attr` of `res` (NULL: Ref). */
typedef struct PlanOutput {
    const char *id;
    const PlanRes *res;
    const char *attr;
    const char *desc;
} PlanOutput;

/* A value services/<name>.json needs that only deploy time knows. */
typedef enum PlanValueKind {
    PLAN_VALUE_PARAM,           /* a param without a value */
    PLAN_VALUE_ARN,             /* an ARN of a resource the stack creates */
    PLAN_VALUE_SG,              /* a security group id (sg-…) the stack creates */
} PlanValueKind;

typedef struct PlanValue {
    PlanValueKind kind;
    const char *key;            /* the -D name: the param's name or the resource's logical id */
    const char *output;         /* the stack output (or parameter) --stack-outputs reads */
    const char *what;           /* "target group shop-web-public-app-8080" */
    const char *arn_service, *arn_tail;     /* ARN: "elasticloadbalancing", ":targetgroup/" */
    const char *example;        /* a value of the right shape, for messages */
    const PlanRes *res;         /* ARN, SG: the resource (a test rule: NULL) */
    const IrParam *param;       /* PARAM */
    Span span;                  /* where the service asks for it */
    bool optional;              /* the test listener rule: used only when given */
    const char *value;          /* plan_values: resolved, else NULL */
    const char *from;           /* plan_values: "-D", "--stack-outputs", "the default" */
} PlanValue;

/* Per declaration, parallel to the model's vectors. */
typedef struct PlanRoute {
    const IrRoute *route;
    PlanRes *tg, *alt_tg;       /* the target group (shared: the first route's) */
    Vec rules;                  /* PlanRes*: one per listener that carries the route (one
                                   PLAN_SHARED_RULE on an existing listener) */
    const IrListener *prod;     /* the first listener that carries it (NULL: none) */
    PlanRes *prod_rule;         /* its rule on `prod` */
    bool shares_target;         /* an earlier route of the service has the same target group */
    const char *tg_name, *alt_tg_name;  /* <= 32 characters */
    int host_lo, host_hi;       /* the host ports the load balancer reaches */
    /* services/: the deployed ARNs (NULL when the route needs none) */
    PlanValue *tg_arn, *alt_tg_arn, *prod_rule_arn, *test_rule_arn;
} PlanRoute;

typedef struct PlanService {
    const IrService *sv;
    const char *aws_name;
    const char *base;           /* CamelCase name: "Web" */
    PlanRes *service, *task_sg, *bg_role, *scalable_target, *scaling_policy;
    /* scaling: the policy of each `on` (the first is scaling_policy) and of
       each `step` with its alarm, parallel to the IrScaling's vectors */
    PlanRes **tracking, **step_policies, **step_alarms;
    PlanRes *deploy_config, *deploy_group;
    PlanRoute *routes;          /* sv->routes.len */
    PlanRes **ingress;          /* sv->accepts.len: from another service's group, else NULL */
    IrNetwork network;          /* the task's effective network mode */
    const IrParamRef *vpc;      /* the VPC of its task security group (NULL: none) */
    bool native_bg;             /* ECS's own blue/green (not CodeDeploy) */
    bool provider_strategy;     /* a capacity provider strategy, not a launch type */
    bool needs_association;     /* DependsOn the capacity provider association */
    Vec values;                 /* PlanValue*: what services/<name>.json needs */
    PlanValue *task_sg_id, *bg_role_arn;    /* NULL when not needed */
    PlanRes *registry;          /* `discovery`: its Cloud Map service; else NULL */
    PlanValue *registry_arn;    /* services/: the registry's ARN */
    PlanValue *connect_ns;      /* services/: a param naming the Service Connect namespace */
    bool complete;              /* plan_values: every needed value is known */
} PlanService;

typedef struct PlanLogGroup {
    const char *name, *region;
    PlanRes *res;               /* NULL: not created by the stack (another region) */
    int retain_days;
} PlanLogGroup;

typedef struct PlanTask {
    const IrTask *task;
    PlanRes *task_def, *exec_role;
    Vec log_groups;             /* PlanLogGroup*: the groups its containers write to, in order */
} PlanTask;

typedef struct PlanLoadBalancer {
    const IrLoadBalancer *lb;
    const char *aws_name;       /* <= 32 characters */
    PlanRes *lb_res, *sg;       /* NULL for an `existing listener` */
    PlanRes *log_bucket, *log_policy;   /* access_logs create; else NULL */
    PlanRes **listeners;        /* lb->listeners.len */
    PlanParam *ingress_cidr;    /* internal load balancers */
} PlanLoadBalancer;

typedef struct PlanCapacity {
    const IrCapacity *cap;
    const char *provider_name;
    PlanRes *role, *profile, *sg, *launch_template, *asg, *provider;
    const IrParamRef *vpc;      /* the VPC of its security group; NULL: none */
} PlanCapacity;

typedef struct PlanRole {
    const IrRole *role;
    PlanRes *res;               /* NULL: an existing role the stack does not create */
} PlanRole;

/* A `schedule`: the EventBridge Scheduler schedule and the role it runs
   the task with. */
typedef struct PlanSchedule {
    const IrSchedule *sc;
    const char *aws_name;       /* <= 64 characters */
    PlanRes *schedule, *role;
    unsigned launch;            /* IrLaunch bit; 0: a capacity provider strategy */
} PlanSchedule;

typedef struct Plan {
    Arena *arena;
    const IrModel *m;
    const char *cluster_name;
    Vec params;                 /* PlanParam*: declared, then generated */
    Vec res;                    /* PlanRes*, in template order */
    Vec outputs;                /* PlanOutput* */
    Map by_id;                  /* logical id -> PlanRes* */
    Map params_by_name;         /* a declared param's name -> PlanParam* */
    PlanRes *cluster, *association, *codedeploy_app, *codedeploy_role;
    PlanCapacity *capacities;
    PlanRole *roles;
    PlanTask *tasks;
    PlanLoadBalancer *lbs;
    PlanService *services;
    PlanRes *connect_ns, *dns_ns;   /* the namespaces the stack creates, or NULL */
    PlanSchedule *schedules;    /* m->schedules.len */
} Plan;

/* Builds the plan of a checked model. */
Plan *plan_build(Arena *a, const IrModel *m);

/* Errors for what AWS would reject in the generated resources: logical
   ids that clash (E0550), names and counts beyond AWS's limits. */
void plan_check(const Plan *p, DiagEngine *de);

/* Where deploy-time values come from: -D (through `define`), and the
   document of --stack-outputs (its Outputs and Parameters by key; NULL
   when not given). */
typedef struct PlanLookup {
    const char *(*define)(void *ctx, const char *name);
    void *ctx;
    const Map *stack_outputs, *stack_params;
} PlanLookup;

/* Resolves the params' values and each service's deploy-time values, and
   marks the services whose services/<name>.json can be written; a value
   of the wrong shape is an error (E0532). */
void plan_values(Plan *p, const PlanLookup *lk, DiagEngine *de);

/* Reports the services plan_values left incomplete: with `strict` (the
   user asked for services/), an error per missing value (E0530, E0531);
   else one warning (W0057) naming them all, ending with `next_step`. */
void plan_report_missing(const Plan *p, DiagEngine *de, bool strict, const char *next_step);

/* The resource `kind` that `decl` (and `sub`) owns, or NULL. */
PlanRes *plan_find(const Plan *p, PlanKind kind, const void *decl, const void *sub);
PlanRes *plan_by_id(const Plan *p, const char *id);
/* The plan's entry of a declared param; of the param named `name`. */
const PlanParam *plan_param(const Plan *p, const IrParam *param);
const PlanParam *plan_param_named(const Plan *p, const char *name);
/* Whether the service's tasks run on the instances of capacity `c`. */
bool plan_runs_on(const IrService *sv, const IrCapacity *c);
/* Whether listener `l` carries route `r`: it forwards, and the route does
   not pin another port. */
bool plan_route_on(const IrRoute *r, const IrListener *l);
/* The listener of a Network Load Balancer that forwards to route `r`
   (NULL: not on one); the IP protocol of its traffic ("tcp", "udp"). */
const IrListener *plan_nlb_listener(const IrRoute *r);
const char *plan_route_ip_protocol(const IrRoute *r);
/* The route whose target group listener `l`'s `default forward` names:
   the service's first route on `lb` (NULL: none). */
const IrRoute *plan_forward_route(const IrLoadBalancer *lb, const IrListener *l);
/* CodeDeploy's predefined configuration a service's blue/green names, or
   NULL when the stack defines its own (PLAN_DEPLOY_CONFIG). */
const char *plan_codedeploy_config(const IrService *sv);

/* The per-declaration records (NULL for a declaration of another model). */
const PlanService *plan_service(const Plan *p, const IrService *sv);
const PlanRoute *plan_route(const Plan *p, const IrRoute *r);
const PlanTask *plan_task(const Plan *p, const IrTask *t);
const PlanLoadBalancer *plan_lb(const Plan *p, const IrLoadBalancer *lb);
const PlanCapacity *plan_capacity(const Plan *p, const IrCapacity *c);
/* The port mapping a `connect` serves, the port clients use and their
   DNS name (plan_discovery.c). */
int plan_connect_port(const IrConnect *c);
const char *plan_connect_alias(const IrConnect *c);
/* What a schedule's RunTask launches on: a launch type (IrLaunch), or 0
   for its capacity provider strategy. */
unsigned plan_schedule_launch(const IrSchedule *sc);
/* The awslogs group a container writes to, or NULL; the group named `name`. */
const PlanLogGroup *plan_log_group(const Plan *p, const IrContainer *c);
const PlanLogGroup *plan_log_group_named(const Plan *p, const char *name);

#endif
