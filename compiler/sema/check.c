/* check.c - runs the rule checkers over the model. */
#include "sema/check.h"
#include "sema/rules.h"

void sema_check(Sema *s, IrModel *m)
{
    for (int i = 0; i < m->tasks.len; i++) {
        IrTask *t = m->tasks.items[i];
        check_task(s, m, t);
        if (t->raw)
            check_raw(s, t->raw, "RegisterTaskDefinitionRequest",
                      arena_printf(s->arena, "task '%s'", t->name));
        for (int k = 0; k < t->containers.len; k++) {
            IrContainer *c = t->containers.items[k];
            if (c->raw)
                check_raw(s, c->raw, "ContainerDefinition",
                          arena_printf(s->arena, "container '%s'", c->name));
        }
    }
    VEC_EACH(const IrService *, sv, m->services)
        if (sv->raw)
            check_raw(s, sv->raw, "CreateServiceRequest",
                      arena_printf(s->arena, "service '%s'", sv->name));
    check_roles(s, m);
    rules_strings(s, m);
    rules_compat(s, m);
    check_arns(s, m);
    check_names(s, m);
    check_limits(s, m);
    check_deploy(s, m);
}
