/* check.h - the rule checkers behind sema_check (internal to sema). */
#ifndef ECSC_SEMA_CHECK_H
#define ECSC_SEMA_CHECK_H

#include "sema/sema.h"

/* ECS rules for one task definition and its containers (check_task.c). */
/* `sv` is the first service that runs `t`, or NULL. */
void check_task(Sema *s, const IrModel *m, IrTask *t, const IrService *sv);
/* Services, load balancers, capacity and the deploy-time values that
   services/ needs (check_service.c). */
void check_deploy(Sema *s, IrModel *m);
/* Deployments have an app (check_names.c). */
void check_names(Sema *s, const IrModel *m);
/* Names fit in their output files' names and logical ids (check_limits.c). */
void check_limits(Sema *s, const IrModel *m);
/* Role ARNs written in the source are real ARNs (check_arn.c). */
void check_arns(Sema *s, const IrModel *m);
bool check_is_role_arn(const char *s);
/* IAM roles: statement syntax and wildcard warnings (check_role.c). */
void check_roles(Sema *s, const IrModel *m);
/* The escape hatch: `raw` must name fields of the API shape `shape`
   ("RegisterTaskDefinitionRequest", "ContainerDefinition") with values of
   the right types (check_raw.c). */
void check_raw(Sema *s, const IrValue *raw, const char *shape, const char *what);
/* raw of load balancers, listeners, routes, capacity, the cluster and
   roles: what it reaches exists, its members fit the CloudFormation
   resource (check_raws.c). */
void check_raws(Sema *s, const IrModel *m);

#endif
