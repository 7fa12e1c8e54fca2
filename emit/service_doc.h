/* service_doc.h - the ECS service document, built once (service.c) for
 * both outputs: services/<name>.json, the create-service input, and the
 * template's AWS::ECS::Service, which renames its members the way the task
 * definition's are (cfn_rename) and puts them in CloudFormation's order.
 *
 * What differs between the two is only where a value comes from: the
 * deploy-time string for services/ (an ARN given with -D or read from
 * --stack-outputs, a param's value), a Ref or Fn::GetAtt in the template.
 * The builder asks an EmitValues for each such value and never spells an
 * id or an ARN.  A service's `raw` is merged here, so it reaches both.
 */
#ifndef ECSC_EMIT_SERVICE_DOC_H
#define ECSC_EMIT_SERVICE_DOC_H

#include "plan/plan.h"

#include <cjson/cJSON.h>

/* The values a service document takes from elsewhere; `obj` is the object
   named beside each. */
typedef enum EmitValue {
    EMIT_VAL_CLUSTER,           /* NULL */
    EMIT_VAL_SERVICE_NAME,      /* const PlanService* */
    EMIT_VAL_TASK_DEF,          /* const IrTask* */
    EMIT_VAL_CAPACITY_PROVIDER, /* const IrCapacityUse* */
    EMIT_VAL_TARGET_GROUP,      /* const PlanRoute*: its target group's ARN */
    EMIT_VAL_ALT_TARGET_GROUP,  /* const PlanRoute*: the blue/green alternate */
    EMIT_VAL_PROD_RULE,         /* const PlanRoute*: the production listener rule */
    EMIT_VAL_TEST_RULE,         /* const PlanRoute*: the test listener rule */
    EMIT_VAL_BG_ROLE,           /* const PlanService*: the role that shifts traffic */
    EMIT_VAL_SUBNETS,           /* const PlanService*: a list */
    EMIT_VAL_SECURITY_GROUPS,   /* const PlanService*: a list */
    EMIT_VAL_ALARMS,            /* const PlanService*: the alarm names, a list */
    EMIT_VAL_CONNECT_NAMESPACE, /* const PlanService*: Service Connect's namespace */
    EMIT_VAL_REGISTRY,          /* const PlanService*: its Cloud Map service's ARN */
} EmitValue;

/* `value` returns a new item, or NULL: the member is left out. */
typedef struct EmitValues {
    cJSON *(*value)(void *ctx, EmitValue what, const void *obj);
    void *ctx;
} EmitValues;

/* The create-service input of `ps` (API member names and order, the
   service's raw merged in last), its outside values from `v` (caller
   deletes). */
cJSON *emit_service_doc(const Plan *p, const PlanService *ps, const EmitValues *v);

#endif
