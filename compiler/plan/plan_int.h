/* plan_int.h - what the plan's files share while building it. */
#ifndef ECSC_PLAN_PLAN_INT_H
#define ECSC_PLAN_PLAN_INT_H

#include "plan/plan.h"

/* (kind, decl, sub) -> value: resources by their owner, and the
   per-declaration records by their declaration (the PLAN_REC_* kinds). */
typedef struct PlanSlot {
    int kind;
    const void *decl, *sub;
    void *value;
} PlanSlot;

typedef struct PlanIndex {
    PlanSlot *slots;
    size_t cap, len;
} PlanIndex;

enum { PLAN_REC_SERVICE = PLAN_NKINDS, PLAN_REC_ROUTE, PLAN_REC_TASK, PLAN_REC_PARAM,
       PLAN_REC_LB, PLAN_REC_CAPACITY };

/* The plan and its building state; Plan comes first, so a Plan* built by
   plan_build is a PlanBuild*. */
typedef struct PlanBuild {
    Plan plan;
    PlanIndex index;            /* (kind, decl, sub) -> PlanRes* */
    const char *owner, *what;   /* the declaration being planned */
    Span span;
    Map log_groups;             /* group name -> PlanLogGroup* */
} PlanBuild;

void plan_init_build(PlanBuild *b, Arena *a, const IrModel *m);
void plan_index(PlanBuild *b, int kind, const void *decl, const void *sub, void *value);
void *plan_lookup(const Plan *p, int kind, const void *decl, const void *sub);
void plan_owner(PlanBuild *b, const char *owner, const char *what, Span span);
PlanRes *plan_add(PlanBuild *b, PlanKind kind, const char *id, const void *decl, const void *sub);
void plan_ref(PlanBuild *b, PlanRes *from, const PlanRes *to);
void plan_output(PlanBuild *b, const char *id, const PlanRes *res, const char *attr,
                 const char *desc);

/* plan_names.c: the logical id of `kind` for CamelCase `base` (and the
   listener port `port` where the pattern has one), and the AWS name
   "<app>-<name>" within `max` characters ([A-Za-z0-9-] only; a longer
   name keeps a prefix and a stable hash); NULL `name`: the app's. */
const char *plan_id(PlanBuild *b, PlanKind kind, const char *base, int port);
const char *plan_aws_name(PlanBuild *b, const char *name, size_t max);
/* "<name>-alt" within 32 characters. */
const char *plan_alt_name(Arena *a, const char *name);

/* plan_net.c: network and existence decisions. */
bool plan_role_created(const IrModel *m, const IrRole *r);
bool plan_needs_association(const IrModel *m);
const IrParamRef *plan_capacity_vpc(const Plan *p, const IrCapacity *c);
const IrParamRef *plan_service_vpc(const Plan *p, const IrService *sv);
void plan_capacity_ingress_refs(PlanBuild *b, PlanCapacity *pc);
void plan_host_ports(const IrTask *t, const IrRoute *r, int *lo, int *hi);
void plan_log_groups(PlanBuild *b, PlanTask *pt);

/* plan_service.c */
void plan_build_service(PlanBuild *b, int i);
/* A deploy-time value of a service: an ARN of `res`, or a param. */
PlanValue *plan_value_arn(PlanBuild *b, PlanService *ps, const PlanRes *res, const char *what,
                          const char *service, const char *tail, const char *example, Span at);
PlanValue *plan_value_param(PlanBuild *b, PlanService *ps, const IrParamRef *r,
                            const char *example);

/* plan_discovery.c: the namespaces (before the cluster, which names
   Service Connect's), a service's Cloud Map service (before the service)
   and its deploy-time values, the schedules (after the services). */
void plan_namespaces(PlanBuild *b);
void plan_service_registry(PlanBuild *b, PlanService *ps);
void plan_service_discovery_values(PlanBuild *b, PlanService *ps);
void plan_schedules(PlanBuild *b);
/* After every service: the ingress rules of `accept` from other services. */
void plan_service_ingress(PlanBuild *b);

#endif
