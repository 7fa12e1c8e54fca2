/* check_task.c - ECS rules for task definitions (being written). */
#include "sema/check.h"

void check_task(Sema *s, const IrModel *m, IrTask *t)
{
    (void)s; (void)m; (void)t;
}
