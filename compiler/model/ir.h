/* ir.h - the typed model of an application: what the source says, after
 * decoding, name resolution and defaults.  emit/ sees only this header.
 *
 * Conventions: integers that may be absent use IR_UNSET (-1); tri-state
 * booleans are IrTri; every value a check may complain about keeps the
 * span it came from (SPAN_NONE when it was implied).  Sizes are MiB,
 * CPU is CPU units (1 vCPU = 1024), durations are seconds.
 */
#ifndef ECSC_MODEL_IR_H
#define ECSC_MODEL_IR_H

#include "base/vec.h"
#include "source/source.h"

#include <stdbool.h>
#include <stdint.h>

#define IR_UNSET (-1)

typedef enum IrTri { IR_TRI_UNSET = 0, IR_TRI_FALSE, IR_TRI_TRUE } IrTri;

/* A generic JSON-like value: the escape hatch (`raw`) and free-form maps. */
typedef enum IrValueKind { IR_VAL_STRING, IR_VAL_INT, IR_VAL_NUMBER, IR_VAL_BOOL,
                           IR_VAL_LIST, IR_VAL_OBJECT } IrValueKind;
typedef struct IrValue IrValue;
typedef struct IrMember {
    const char *key;
    Span key_span;
    IrValue *value;
} IrMember;
struct IrValue {
    IrValueKind kind;
    Span span;
    const char *str;
    int64_t ival;
    double dval;
    bool bval;
    Vec items;          /* LIST: IrValue*;  OBJECT: IrMember* (source order) */
};

/* A name that refers to another declaration; `target` is set by resolve. */
typedef struct IrRef {
    const char *name;
    Span span;
    void *target;
} IrRef;

/* One field statement as written (`user "1000"`): its word and span, in
   source order, for the rules that forbid a field wherever it is written
   (sema/rules_compat.c). */
typedef struct IrField {
    const char *word;
    Span span;
} IrField;

/* key = "value": environment, labels, tags, log options, ... */
typedef struct IrKV {
    const char *key;
    Span key_span;
    const char *value;
    Span span;          /* the value */
} IrKV;

typedef enum IrLaunch {
    IR_LAUNCH_FARGATE = 1, IR_LAUNCH_EC2 = 2, IR_LAUNCH_EXTERNAL = 4,
    IR_LAUNCH_MANAGED = 8,
} IrLaunch;

typedef enum IrNetwork {
    IR_NET_UNSET, IR_NET_AWSVPC, IR_NET_BRIDGE, IR_NET_HOST, IR_NET_NONE, IR_NET_DEFAULT,
} IrNetwork;

typedef enum IrOs { IR_OS_UNSET, IR_OS_LINUX, IR_OS_WINDOWS } IrOs;

typedef enum IrSecretSource { IR_SECRET_SSM, IR_SECRET_SECRETSMANAGER, IR_SECRET_ARN } IrSecretSource;

typedef struct IrSecret {
    const char *name;       /* environment variable / option name */
    Span span;
    IrSecretSource source;
    const char *ref;        /* parameter name/path, secret name, or full ARN */
    Span ref_span;
    const char *json_key, *version_stage, *version_id;  /* Secrets Manager */
    const char *value_from; /* set by infer: what goes into valueFrom */
} IrSecret;

typedef struct IrLog {
    Span span;
    const char *driver;     /* "awslogs", "awsfirelens", "none", "splunk", ... */
    /* awslogs, filled in by infer unless given */
    int retain_days;        /* IR_UNSET: the app's default */
    const char *group, *prefix, *region;
    IrTri create_group;
    const char *mode;       /* "blocking" / "non-blocking" */
    Vec options;            /* IrKV: further driver options */
    Vec secret_options;     /* IrSecret */
    bool implied;           /* the default, not written in the source */
    bool region_reported;   /* infer: E0202 raised once per log */
    const struct IrLog *merged_from;    /* infer: a container's logs over its task's */
} IrLog;

typedef enum IrProto { IR_PROTO_TCP, IR_PROTO_UDP } IrProto;

typedef struct IrPort {
    Span span;
    int container_port;     /* IR_UNSET when a range is used */
    int host_port;          /* IR_UNSET: not written; 0: dynamic */
    bool host_dynamic;
    int range_lo, range_hi; /* containerPortRange, IR_UNSET when none */
    IrProto proto;
    bool proto_set;
    const char *name;       /* portMappings[].name */
    const char *app_protocol; /* http, http2, grpc */
    Span container_span, host_span;
} IrPort;

typedef struct IrHealth {
    Span span;
    bool shell;             /* CMD-SHELL with one string, else CMD with argv */
    bool none;              /* NONE: disable the image's health check */
    Vec argv;               /* const char* */
    int interval, timeout, retries, start_period;   /* IR_UNSET when absent */
    Span interval_span, timeout_span, retries_span, start_span;
} IrHealth;

typedef enum IrCondition { IR_COND_START, IR_COND_COMPLETE, IR_COND_SUCCESS, IR_COND_HEALTHY } IrCondition;

typedef struct IrDepend {
    IrRef container;        /* target: IrContainer* */
    IrCondition condition;
    Span span, cond_span;
} IrDepend;

typedef struct IrMount {
    IrRef volume;           /* target: IrVolume* */
    const char *path;
    bool readonly;
    Span span;
} IrMount;

typedef struct IrVolumesFrom {
    IrRef container;        /* target: IrContainer* */
    bool readonly;
    Span span;
} IrVolumesFrom;

typedef struct IrUlimit {
    const char *name;
    int64_t soft, hard;
    Span span;
} IrUlimit;

typedef struct IrTmpfs {
    const char *path;
    int64_t size_mib;
    Vec options;            /* const char* */
    Span span;
} IrTmpfs;

typedef struct IrDevice {
    const char *host_path, *container_path;
    Vec permissions;        /* const char*: read, write, mknod */
    Span span;
} IrDevice;

typedef struct IrContainer {
    const char *name;
    Span span, name_span;
    struct IrTask *task;

    const char *image;
    Span image_span;
    IrTri essential;
    Span essential_span;
    int64_t cpu, memory, memory_reservation;        /* units, MiB, MiB */
    Span cpu_span, memory_span, reservation_span;
    int gpus;                                       /* IR_UNSET */
    Span gpu_span;
    const char *repository_credentials;             /* secret ARN */

    Vec ports;              /* IrPort* */
    Vec env;                /* IrKV* */
    Vec env_files;          /* IrKV* (key unused; value = S3 ARN) */
    Vec secrets;            /* IrSecret* */
    bool has_command, has_entrypoint;
    Vec command, entrypoint;    /* const char* */
    const char *workdir, *user, *hostname;
    Span hostname_span;
    IrHealth *health;
    Vec depends;            /* IrDepend* */
    IrLog *log;             /* NULL: the task's default (infer sets the effective one) */
    Vec mounts;             /* IrMount* */
    Vec volumes_from;       /* IrVolumesFrom* */
    Vec links;              /* const char* */
    Span links_span;
    Vec ulimits;            /* IrUlimit* */

    /* linuxParameters */
    IrTri init;
    Vec cap_add, cap_drop;  /* const char* */
    int64_t shm_mib, max_swap_mib;
    int swappiness;
    Vec tmpfs;              /* IrTmpfs* */
    Vec devices;            /* IrDevice* */

    IrTri readonly_root, privileged, disable_networking, interactive, tty;
    Span privileged_span;
    int stop_timeout, start_timeout;
    Vec labels;             /* IrKV* dockerLabels */
    Vec dns, dns_search;    /* const char* */
    Vec extra_hosts;        /* IrKV*: hostname = ip */
    Vec security_opts;      /* const char* */
    Vec sysctls;            /* IrKV* */
    Vec credential_specs;   /* const char* */
    const char *firelens_type;      /* fluentbit / fluentd */
    Vec firelens_options;   /* IrKV* */
    Span firelens_span;
    const char *version_consistency;
    bool restart;           /* restartPolicy.enabled */
    Vec restart_ignore;     /* int64_t* exit codes */
    int restart_period;
    Span restart_span;
    IrValue *raw;           /* escape hatch: extra ContainerDefinition fields */
    Vec fields;             /* IrField*: the statements written */
} IrContainer;

typedef enum IrVolumeKind {
    IR_VOL_TASK,            /* a bind volume with no host path (task storage) */
    IR_VOL_HOST,            /* host "/path" */
    IR_VOL_DOCKER,
    IR_VOL_EFS,
    IR_VOL_EBS,             /* configuredAtLaunch */
} IrVolumeKind;

typedef struct IrVolume {
    const char *name;
    Span span, name_span, kind_span;
    IrVolumeKind kind;
    const char *host_path;
    /* docker */
    const char *scope;      /* task / shared */
    IrTri autoprovision;
    const char *driver;
    Vec driver_opts, labels;    /* IrKV* */
    /* efs */
    const char *fs_id, *root_dir, *access_point;
    IrTri transit_encryption, iam;
    int transit_port;
    Vec fields;             /* IrField*: the statements of its block */
} IrVolume;

typedef struct IrPlacement {
    const char *expression;     /* memberOf expression */
    Span span;
} IrPlacement;

typedef struct IrTask {
    const char *name;
    Span span, name_span;
    const char *family;         /* infer: <app>-<task> */

    unsigned launch;            /* IrLaunch bits; 0 when unset */
    Span launch_span;
    IrNetwork network;          /* as written (Fargate: awsvpc, by infer) */
    IrNetwork net;              /* infer: the effective mode, never UNSET (bridge, or default on Windows) */
    Span network_span;
    IrOs os;
    const char *os_family;      /* runtimePlatform.operatingSystemFamily */
    const char *arch;           /* X86_64 / ARM64 */
    Span platform_span;
    int64_t cpu, memory;        /* units, MiB */
    Span cpu_span, memory_span;

    IrRef role, exec_role;      /* target: IrRole*; or an ARN in *_arn */
    const char *role_arn, *exec_role_arn;
    bool exec_role_implied;     /* infer: ecsc names the execution role */
    const char *exec_role_name;
    const char *exec_role_reason;   /* why it is needed, for messages */
    IrLog *log;                 /* default for every container */
    Vec containers;             /* IrContainer* */
    Vec volumes;                /* IrVolume* */
    Vec placement;              /* IrPlacement* */
    Span placement_span;
    Vec tags;                   /* IrKV* */
    const char *pid_mode, *ipc_mode;
    Span pid_span, ipc_span;
    int ephemeral_gib;          /* 0 when not set */
    Span ephemeral_span;
    IrRef proxy_container;      /* proxyConfiguration (APPMESH) */
    Vec proxy_properties;       /* IrKV* */
    Span proxy_span;
    IrTri fault_injection;
    Vec accelerators;           /* IrKV*: deviceName = deviceType */
    IrValue *raw;               /* escape hatch: extra RegisterTaskDefinition fields */
    Vec fields;                 /* IrField*: the statements written */
} IrTask;

typedef struct IrStatement {
    bool deny;
    Vec actions, resources;     /* const char* */
    Span span, actions_span, resources_span;
} IrStatement;

/* `raw [TARGET [SELECTOR]] { … }` of a declaration whose resources are
   CloudFormation's only (load balancer, listener, target group, listener
   rule, cluster, capacity, role): members of that resource's Properties,
   merged over what ecsc writes (docs/language.md §13.2). */
typedef struct IrRaw {
    const char *target;         /* NULL: the declaration's own resource; else "listener",
                                   "target_group", "listener_rule", "launch_template",
                                   "capacity_provider" */
    const char *cfn_type;       /* "AWS::ECS::Cluster": what it is checked against */
    const char *lb;             /* target_group / listener_rule: only the routes on this
                                   load balancer (NULL: all) */
    int port;                   /* listener: its port */
    Span span;                  /* the raw statement's head */
    IrValue *value;
} IrRaw;

typedef struct IrRole {
    const char *name;
    Span span, name_span;
    const char *role_name;      /* infer: the IAM role name (<= 64 chars) */
    const char *arn;            /* infer, or given with `arn` for an existing role */
    bool explicit_arn;          /* `arn` was written: an existing role ecsc does not create */
    Span arn_span;
    IrRef arn_param;            /* `arn PARAM`: a string param holds the ARN (target: IrParam*) */
    Vec statements;             /* IrStatement* */
    Vec managed;                /* const char*: managed policy ARNs */
    Vec managed_spans;          /* Span*, one per managed policy */
    Vec raws;                   /* IrRaw* */
} IrRole;

typedef struct IrApp {
    const char *name;
    Span span, name_span;
    const char *region, *account;
    Span region_span, account_span;
    int retain_days;            /* default log retention; IR_UNSET */
    Vec tags;                   /* IrKV* */
} IrApp;

/* ---- deployment: params, load balancers, services, capacity ------------
 * What these become in AWS (logical ids, names, which resources exist,
 * deploy-time ARNs) is the plan's to decide (compiler/plan/plan.h). */

typedef enum IrParamType {
    IR_PARAM_STRING, IR_PARAM_NUMBER, IR_PARAM_VPC_ID, IR_PARAM_SUBNET_ID,
    IR_PARAM_SECURITY_GROUP_ID, IR_PARAM_CERT_ARN,
} IrParamType;

/* `param subnets list(subnet_id)`: a value known only at deploy time. */
typedef struct IrParam {
    const char *name;
    Span span, name_span;
    IrParamType type;
    bool is_list;
    bool has_default;
    const char *default_value;  /* as written; lists comma-separated */
    const char *value;          /* infer: from -D name=…, else the default; NULL if neither */
} IrParam;

/* A value that is either a literal or a reference to a param. */
typedef struct IrParamRef {
    IrRef param;                /* target: IrParam*; name NULL when literal */
    Vec literal;                /* const char*: literal strings */
    Span span;
} IrParamRef;

/* http and https on an Application Load Balancer; tcp, tls and udp on a
   Network Load Balancer (`network`). */
typedef enum IrListenerProto {
    IR_LISTEN_HTTP, IR_LISTEN_HTTPS, IR_LISTEN_TCP, IR_LISTEN_TLS, IR_LISTEN_UDP,
} IrListenerProto;

/* What a listener answers when no rule matches (`default …`). */
typedef enum IrDefaultAction {
    IR_DEFAULT_NONE,            /* fixed 404, or `fixed` / `redirect https` */
    IR_DEFAULT_FORWARD,         /* to a service's target group on this load balancer */
    IR_DEFAULT_REDIRECT,        /* to a URL */
    IR_DEFAULT_FIXED,           /* a status, content type and body */
} IrDefaultAction;

/* `default redirect "URL"`, split: each part NULL when the URL leaves it
   out (ELB keeps the request's: #{protocol}, #{host}, …). */
typedef struct IrRedirectUrl {
    const char *protocol;       /* "HTTP" or "HTTPS" */
    const char *host, *port, *path, *query;
    int status;                 /* 301 or 302 */
} IrRedirectUrl;

typedef struct IrListener {
    Span span;
    int port;
    IrListenerProto proto;
    IrParamRef cert;            /* https: certificate ARN (literal or param) */
    bool has_cert;
    Span cert_span;             /* the `cert` word */
    int redirect_port;          /* redirect to https on this port; IR_UNSET when none */
    int fixed_status;           /* default fixed response; IR_UNSET: 404 */
    Span option_span;           /* the first of `redirect` / `fixed` / `default` (ALB only) */
    IrDefaultAction dflt;       /* `default …` */
    Span dflt_span;
    IrRef forward;              /* default forward SERVICE: IrService* */
    const char *url;            /* default redirect "URL", as written */
    IrRedirectUrl redirect;     /* and split (protocol NULL: not a URL, E0671) */
    const char *content_type;   /* default fixed STATUS ["TYPE" ["BODY"]] */
    const char *body;
    Span fixed_span;            /* the status of `default fixed` */
} IrListener;

typedef struct IrLoadBalancer {
    const char *name;
    Span span, name_span;
    bool network;               /* `network`: a Network Load Balancer (else Application) */
    Span network_span;
    /* `existing listener ARN`: routes become rules on a listener of a load
       balancer the application does not own; ecsc creates neither. */
    bool existing;
    Span existing_span;
    IrParamRef listener_arn;    /* a string param or the ARN */
    IrParamRef security_group;  /* the existing load balancer's group: tasks admit it */
    Span sg_span;
    int prio_lo, prio_hi;       /* `priorities LO..HI`: rule numbers ecsc may take; IR_UNSET */
    Span prio_span;
    bool internal;
    Span scheme_span;           /* the internal / internet_facing line */
    IrParamRef subnets;
    IrParamRef vpc;             /* the VPC of target groups and security groups */
    Vec listeners;              /* IrListener* */
    int idle_timeout;           /* seconds; IR_UNSET */
    Span idle_span;
    /* access_logs BUCKET|create [prefix "P"]: S3 access logs */
    bool has_logs, logs_create;
    IrParamRef log_bucket;      /* a string param or a literal bucket name (not with create) */
    const char *log_prefix;     /* NULL: none */
    Span logs_span, prefix_span;
    Vec raws;                   /* IrRaw*: the load balancer's and its listeners' */
} IrLoadBalancer;

/* header "X-Env" ["blue", "green"]: an http-header condition of a route. */
typedef struct IrRouteHeader {
    const char *name;
    Vec values;                 /* const char* */
    Span span;
} IrRouteHeader;

/* route public "/api/…" [host "x.example.com"] [port 443] priority 10
         to app:8080 [health "/health"] */
typedef struct IrRoute {
    Span span;
    IrRef lb;                   /* target: IrLoadBalancer* */
    Vec paths;                  /* const char* path patterns */
    Vec hosts;                  /* const char* host headers */
    Span path_span;
    int listener_port;          /* IR_UNSET: every listener that forwards */
    int priority;               /* IR_UNSET: assigned by infer */
    Span priority_span;
    IrRef container;            /* target: IrContainer* of the service's task */
    int port;
    Span port_span;
    const char *health_path;    /* infer: "/" unless given (or given to an earlier route to the same target) */
    bool health_tcp;            /* `health tcp`: a TCP health check (Network Load Balancers) */
    Span health_span;           /* the `health` option */
    int health_interval, healthy_threshold, unhealthy_threshold;   /* IR_UNSET */
    Span interval_span, healthy_span, unhealthy_span;
    /* The rest of the target group (IR_UNSET / NULL when not written; infer
       copies them from an earlier route to the same target group). */
    int health_timeout;         /* seconds */
    const char *health_codes;   /* Matcher.HttpCode: "200", "200-299", "200,302" */
    int health_port;            /* HealthCheckPort; IR_UNSET: traffic-port */
    int deregistration;         /* deregistration_delay.timeout_seconds */
    int slow_start;             /* slow_start.duration_seconds */
    int sticky;                 /* stickiness.lb_cookie.duration_seconds; IR_UNSET: off */
    Span timeout_span, codes_span, health_port_span, dereg_span, slow_span, sticky_span;
    /* Further conditions of the listener rule. */
    Vec headers;                /* IrRouteHeader*: http-header conditions */
    Vec query;                  /* IrKV*: query-string key (NULL: any) = value */
    Vec source_ips;             /* const char*: source-ip CIDRs */
    Vec methods;                /* const char*: http-request-method */
    Span query_span, source_span, method_span;
} IrRoute;

typedef enum IrScaleMetric {
    IR_SCALE_CPU, IR_SCALE_MEMORY, IR_SCALE_REQUESTS,
    IR_SCALE_QUEUE,             /* an SQS queue's backlog per task (metric math) */
} IrScaleMetric;

/* `on METRIC TARGET`: one target-tracking policy. */
typedef struct IrScalePolicy {
    Span span;
    IrScaleMetric metric;
    int target;                 /* percent, requests per target, or messages per task */
    Span target_span;
    const char *queue;          /* IR_SCALE_QUEUE: the queue's name */
    Span queue_span;
} IrScalePolicy;

/* `schedule "cron(…)" MIN..MAX [timezone "Area/City"]`: a scheduled action. */
typedef struct IrScaleSchedule {
    Span span, expr_span, range_span;
    const char *expr;           /* cron(…), rate(…) or at(…) */
    int min, max;
    const char *timezone;       /* NULL: UTC */
} IrScaleSchedule;

/* One step of `step`: beyond `bound` (percent, or messages), change the
   task count by `change`. */
typedef struct IrScaleStepItem {
    Span span;
    int bound, change;
} IrScaleStepItem;

/* `step METRIC above|below …`: step scaling on a CloudWatch alarm ecsc
   creates. */
typedef struct IrScaleStep {
    Span span;
    IrScaleMetric metric;       /* cpu, memory, queue (visible messages) */
    const char *queue;
    bool below;                 /* scale in: the metric under the bounds */
    Vec items;                  /* IrScaleStepItem*, in the written order */
    int period;                 /* seconds the metric stays beyond the first bound; default 180 */
} IrScaleStep;

typedef struct IrScaling {
    Span span;
    int min, max;
    /* the first target-tracking policy (metric CPU and target 0 when none) */
    IrScaleMetric metric;
    int target;                 /* percent, or requests per target */
    Span target_span;
    Vec policies;               /* IrScalePolicy*: every `on`, the first included */
    int cooldown_in, cooldown_out;  /* seconds; IR_UNSET */
    Span cooldown_span;
    Vec schedules;              /* IrScaleSchedule* */
    Vec steps;                  /* IrScaleStep* */
} IrScaling;

typedef enum IrBlueGreen {
    IR_BG_NONE, IR_BG_ALL_AT_ONCE, IR_BG_CANARY, IR_BG_LINEAR,
} IrBlueGreen;

typedef struct IrPlacementStrategy {
    const char *type;           /* spread, binpack, random */
    const char *field;          /* attribute:ecs.availability-zone, instanceId, cpu, memory */
    Span span;
} IrPlacementStrategy;

typedef struct IrCapacityUse {
    IrRef capacity;             /* target: IrCapacity*; or a provider name */
    const char *provider;       /* FARGATE, FARGATE_SPOT, or the capacity's provider */
    int weight, base;
    Span span;
} IrCapacityUse;

/* accept 5432 from api | accept 8080..8081 from "10.0.0.0/16" | accept 443 from "pl-…":
   what the service's task security group admits besides its load balancers. */
typedef struct IrAccept {
    Span span, port_span, from_span;
    int lo, hi;                 /* ports */
    bool udp;
    IrRef service;              /* target: IrService*; name NULL for an address source */
    const char *cidr;           /* "10.0.0.0/16" or an IPv6 range */
    const char *prefix_list;    /* "pl-…" */
} IrAccept;

/* connect [PORT-NAME [as "ALIAS"] [port N] [discovery "NAME"]]: Service
   Connect.  Without a port name the service is a client only. */
typedef struct IrConnect {
    Span span;
    IrRef port;                 /* a port mapping's name; target: IrPort* (resolve) */
    const IrContainer *container;   /* resolve: the container whose port it is */
    const char *alias;          /* clientAliases[].dnsName; NULL: the discovery name */
    Span alias_span;
    int alias_port;             /* clientAliases[].port; IR_UNSET: the container port */
    Span alias_port_span;
    const char *discovery;      /* discoveryName; NULL: the port name */
    Span discovery_span;
} IrConnect;

/* discovery [a | srv CONTAINER:PORT] [name "NAME"] [ttl DURATION]: a Cloud
   Map service in the cluster's DNS namespace, registered by ECS. */
typedef struct IrRegistry {
    Span span;
    bool srv;                   /* SRV records, else A */
    Span type_span;
    IrRef container;            /* SRV: target IrContainer* (resolve) */
    int port;                   /* SRV: the container port; IR_UNSET */
    Span port_span;
    const char *name;           /* the Cloud Map service's name; NULL: the service's */
    Span name_span;
    int ttl;                    /* seconds; IR_UNSET: 60 */
    Span ttl_span;
} IrRegistry;

typedef struct IrService {
    const char *name;
    Span span, name_span;
    IrRef task;                 /* target: IrTask* */
    bool daemon;
    Span daemon_span;
    int desired;                /* IR_UNSET */
    Span desired_span;
    unsigned launch;            /* IrLaunch bit; 0: from the task or capacity */
    Span launch_span;
    Vec capacity;               /* IrCapacityUse* */
    IrParamRef subnets, security_groups;
    bool sg_only;               /* `security_groups … only`: instead of the generated group */
    Span sg_only_span;
    bool has_subnets;
    IrTri public_ip;
    Span public_ip_span;
    int min_healthy, max_percent;   /* IR_UNSET */
    Span rolling_span, min_span, max_span;
    bool circuit_breaker, rollback;
    IrParamRef alarms;          /* CloudWatch alarm names: literals or a string param */
    Span alarms_span;           /* the `alarms` of `rolling` or `blue_green` */
    int grace;                  /* health check grace period, seconds; IR_UNSET */
    IrTri exec;
    const char *propagate_tags; /* TASK_DEFINITION / SERVICE / NONE; NULL: SERVICE */
    IrTri managed_tags;         /* enableECSManagedTags; unset: on */
    const char *platform_version;   /* Fargate: "LATEST", "1.4.0"; NULL: not written */
    Span platform_span;
    IrTri az_rebalancing;       /* availabilityZoneRebalancing; unset: not written */
    Span az_span;
    Vec placement;              /* IrPlacementStrategy* */
    Span placement_span;
    Vec constraints;            /* IrPlacement*: memberOf expressions */
    bool distinct_instance;
    Span distinct_span;         /* the `constraint distinct_instance` line */
    Vec routes;                 /* IrRoute* */
    Vec accepts;                /* IrAccept* */
    IrScaling *scaling;
    IrBlueGreen blue_green;
    Span bg_span;
    bool codedeploy;
    bool bg_alarms;             /* the alarms are blue_green's: they roll back */
    int bg_percent;             /* canary/linear percentage */
    int bg_interval;            /* minutes */
    int bake;                   /* seconds; IR_UNSET */
    int termination_wait;       /* minutes; IR_UNSET */
    Vec tags;                   /* IrKV* */
    IrValue *raw;               /* escape hatch: extra CreateService fields */
    /* service discovery (sema/decode_discovery.c) */
    Vec connects;               /* IrConnect*: Service Connect; empty: none */
    IrRegistry *registry;       /* a Cloud Map service registry, or NULL */
    Vec raws;                   /* IrRaw*: its routes' target groups and listener rules */
} IrService;

/* The image of a capacity's instances: an ECS-optimised family (its SSM
   parameter follows from the family, `gpu` and the architecture), or an
   image of the user's own (an AMI id, or an SSM parameter naming one). */
typedef enum IrAmi {
    IR_AMI_AL2023, IR_AMI_AL2, IR_AMI_BOTTLEROCKET, IR_AMI_ID, IR_AMI_SSM,
} IrAmi;

typedef struct IrCapacity {
    const char *name;
    Span span, name_span;
    const char *instance_type;  /* the first of instance_types */
    Vec instance_types;         /* const char*: more than one: a mixed instances policy */
    Span instance_span;
    int min, max, desired;
    Span minmax_span;
    IrParamRef subnets;
    const char *arch;           /* X86_64 / ARM64: which ECS-optimised AMI */
    Span arch_span;
    bool reserved_name;         /* named like a built-in provider (fargate): E0421 */
    bool spot;
    Span spot_span;
    int on_demand_base;         /* spot: OnDemandBaseCapacity; IR_UNSET */
    int on_demand_percent;      /* spot: OnDemandPercentageAboveBaseCapacity; IR_UNSET: 0 */
    Span on_demand_span;
    const char *spot_strategy;  /* SpotAllocationStrategy; NULL: price-capacity-optimized */
    int target_capacity;        /* managed scaling target percent; IR_UNSET */
    Span desired_span, max_span, target_span;
    IrAmi ami;
    bool gpu;                   /* the family's GPU variant */
    const char *ami_value;      /* IR_AMI_ID: the id; IR_AMI_SSM: the parameter name */
    Span ami_span;
    int disk_gib;               /* root (Bottlerocket: data) volume size; IR_UNSET */
    const char *disk_type;      /* gp3 unless given */
    bool unencrypted;           /* `disk … unencrypted`: encryption is on by default */
    const char *kms_key;        /* a KMS key ARN; NULL: the AWS-managed key */
    const char *disk_device;    /* the root device of an image of the user's own */
    Span disk_span, disk_size_span;
    IrParamRef key_pair;        /* an EC2 key pair's name (literal or string param) */
    bool has_key_pair;
    const char *user_data;      /* appended to the user data ecsc writes */
    Span user_data_span;
    Vec agent;                  /* IrKV*: ECS agent settings (/etc/ecs/ecs.config) */
    Span agent_span;
    Vec policies;               /* const char*: managed policy ARNs for the instance role */
    Vec policy_spans;           /* Span*, one per policy */
    bool protect;               /* managed termination protection */
    Span protect_span;
    IrParamRef notify;          /* an SNS topic for the Auto Scaling group's notifications */
    bool has_notify;
    Vec raws;                   /* IrRaw*: its Auto Scaling group's, launch template's,
                                   capacity provider's */
} IrCapacity;

/* A Cloud Map namespace of the cluster block: `namespace "NAME"` (an HTTP
   namespace for Service Connect) or `dns "NAME" vpc VPC` (a private DNS
   namespace for service registries) the stack creates, or an `existing`
   one: a name or ARN (Service Connect), an id (dns), or a string param. */
typedef struct IrNamespace {
    Span span;
    const char *name;           /* created: its name; NULL: existing */
    Span name_span;
    IrParamRef existing;        /* existing: a literal or a param */
    IrParamRef vpc;             /* dns created: its VPC */
} IrNamespace;

typedef struct IrCluster {
    Span span;
    /* `existing "NAME"|"ARN"|PARAM`: an existing cluster, ecsc creates none
       (ir_cluster_existing); `existing` is its name (infer: the literal's,
       an ARN's last part; NULL for a param, whose value is the name) */
    IrParamRef existing_ref;
    const char *existing;
    IrTri insights;             /* Container Insights; default on */
    Vec default_strategy;       /* IrCapacityUse*: `default …` lines; empty: none */
    IrNamespace *connect_ns;    /* Service Connect's namespace, or NULL */
    IrNamespace *dns_ns;        /* the service registries' namespace, or NULL */
    Vec raws;                   /* IrRaw* */
} IrCluster;

/* Whether the application runs in an existing cluster (NULL: a new one). */
static inline bool ir_cluster_existing(const IrCluster *cl)
{
    return cl && (cl->existing_ref.param.name || cl->existing_ref.literal.len);
}

/* schedule NAME { task T; cron "…" | rate DURATION | at "…"; … }: a task
   EventBridge Scheduler runs (AWS::Scheduler::Schedule, ECS target). */
typedef struct IrSchedule {
    const char *name;
    Span span, name_span;
    IrRef task;                 /* target: IrTask* */
    const char *expr;           /* cron(…), rate(…) or at(…), as Scheduler takes it */
    Span expr_span;
    const char *timezone;       /* NULL: UTC */
    Span tz_span;
    unsigned launch;            /* IrLaunch bit; 0: from the task or `capacity` */
    Span launch_span;
    Vec capacity;               /* IrCapacityUse* */
    IrParamRef subnets, security_groups;
    bool has_subnets;
    IrTri public_ip;
    Span public_ip_span;
    int count;                  /* TaskCount; IR_UNSET: 1 */
    IrTri enabled;              /* State; default ENABLED */
    Vec fields;                 /* IrField* */
    Vec raws;                   /* IrRaw*: its AWS::Scheduler::Schedule's */
} IrSchedule;

typedef struct IrModel {
    IrApp *app;                 /* never NULL after decode (may be implied) */
    Vec roles;                  /* IrRole* */
    Vec tasks;                  /* IrTask* */
    Vec params;                 /* IrParam* */
    Vec load_balancers;         /* IrLoadBalancer* */
    Vec services;               /* IrService* */
    Vec capacities;             /* IrCapacity* */
    IrCluster *cluster;         /* NULL: a new cluster with defaults */
    Vec schedules;              /* IrSchedule* */
    bool param_strings;         /* some string holds a param (model/param_text.h) */
} IrModel;

#endif
