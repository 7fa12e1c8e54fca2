/* check_service.c - rules for services, load balancers, capacity (being written). */
#include "sema/check.h"

void check_deploy(Sema *s, IrModel *m)
{
    (void)s; (void)m;
}
