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

#endif
