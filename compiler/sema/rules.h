/* rules.h - the rule tables of issue 12, one file per family (internal to
 * sema): each row states one fact AWS documents, with its source. */
#ifndef ECSC_SEMA_RULES_H
#define ECSC_SEMA_RULES_H

#include "sema/sema.h"

/* Family 2, numbers against AWS's ranges (rules_ranges.c). */
/* E0409: the container health check's interval, timeout, retries, start. */
void rules_health_ranges(Sema *s, const IrContainer *c);
/* E0422: container and task memory below Docker's minimum or above any
   instance (a byte count written where MiB was meant). */
void rules_memory_sizes(Sema *s, const IrTask *t);
/* E0420 (TCP and UDP on one port under `sv`, the first service that runs
   `t`, or NULL), E0423 (the agent's reserved host ports), E0424 (a range
   that overlaps a port). */
void rules_ports(Sema *s, const IrService *sv, const IrTask *t);

/* Family 3, the shape of strings (rules_strings.c): E0425 image
   references and W0020 untagged or :latest images, W0021 `health exec`
   with one shell string, E0426 awslogs group and prefix, E0427 secret
   names, E0428 tags, E0429 ARNs by service. */
void rules_strings(Sema *s, const IrModel *m);
/* E0429: `arn` has the region and account fields its service's ARNs have. */
void rules_arn_shape(Sema *s, const char *arn, Span at);

/* Family 1, platform and feature compatibility (rules_compat.c): E0430
   fields Windows containers do not support, E0431 Windows network modes,
   E0432 fields Fargate does not support, E0433 Fargate Spot for Windows
   or arm64, E0434 FireLens configuration from S3 on Fargate, E0435-E0437
   EFS authorisation, E0438 Docker volume drivers on Windows, W0022 GPU
   tasks on capacity without GPU drivers, W0023 Elastic Inference. */
void rules_compat(Sema *s, const IrModel *m);

/* The instance port a mapping binds on EC2 under network `net`, or
   IR_UNSET: a static host port in bridge mode, the container port in host
   mode (rules_ranges.c). */
int rules_bound_port(const IrPort *p, IrNetwork net, bool windows);

/* Family 4, rules across objects (rules_cross.c): E0440 tasks that bind
   one host port beyond the instances of their capacity, E0441
   `distinct_instance` beyond them, W0024 no room for a rolling
   deployment, W0026 autoscaling beyond the instances, E0442 and W0025
   listener rules a lower priority hides, E0443 a redirect to no https
   listener, E0444 a load balancer in fewer than two subnets, E0445 a
   task's CPU architecture on capacity of the other, E0446 Windows
   containers on Linux capacity. */
void rules_cross(Sema *s, IrModel *m);
/* Whether route `a` matches every request `b` matches, by their paths and
   hosts alone (`a` has no other condition): then `b` must come first. */
bool rules_route_covers(const IrRoute *a, const IrRoute *b);

#endif
