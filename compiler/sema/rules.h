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
/* E0420 (TCP and UDP on one port under a service), E0423 (the agent's
   reserved host ports), E0424 (a range that overlaps a port). */
void rules_ports(Sema *s, const IrModel *m, const IrTask *t);

/* Family 3, the shape of strings (rules_strings.c): E0425 image
   references and W0020 untagged or :latest images, W0021 `health exec`
   with one shell string, E0426 awslogs group and prefix, E0427 secret
   names, E0428 tags, E0429 ARNs by service. */
void rules_strings(Sema *s, const IrModel *m);
/* E0429: `arn` has the region and account fields its service's ARNs have. */
void rules_arn_shape(Sema *s, const char *arn, Span at);

#endif
