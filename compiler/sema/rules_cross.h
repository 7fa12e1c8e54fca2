/* rules_cross.h - what the files of family 4 (rules across objects,
 * rules_cross.c and rules_listen.c) share; internal to sema. */
#ifndef ECSC_SEMA_RULES_CROSS_H
#define ECSC_SEMA_RULES_CROSS_H

#include "sema/check_deploy.h"
#include "sema/rules.h"

typedef struct Cross {
    Sema *s;
    const IrModel *m;
    DCheck k;
} Cross;

/* rules_listen.c: E0442 and W0025, E0443, E0444. */
void rules_shadowed_routes(Cross *x);
void rules_redirect_targets(Cross *x);
void rules_lb_subnets(Cross *x);

#endif
