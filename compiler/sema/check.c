/* check.c - runs the rule checkers over the model. */
#include "sema/check.h"
#include "sema/rules.h"

#include "base/map.h"

/* The first service that runs `t`: looked up by the task's name (one map
   for all tasks, not a scan of the services per task), then checked. */
static const IrService *service_of(const Map *by_task, const IrModel *m, const IrTask *t)
{
    const IrService *sv = t->name ? map_get(by_task, t->name) : NULL;
    if (t->name && (!sv || sv->task.target == t))
        return sv;
    for (int i = 0; i < m->services.len; i++)       /* two tasks of one name, or none */
        if (((const IrService *)m->services.items[i])->task.target == t)
            return m->services.items[i];
    return NULL;
}

void sema_check(Sema *s, IrModel *m)
{
    Map by_task;
    map_init(&by_task, s->arena);
    VEC_EACH(const IrService *, sv, m->services) {
        const IrTask *t = sv->task.target;
        if (t && t->name)
            map_put(&by_task, t->name, (void *)sv);     /* the first keeps it */
    }
    for (int i = 0; i < m->tasks.len; i++) {
        IrTask *t = m->tasks.items[i];
        check_task(s, m, t, service_of(&by_task, m, t));
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
    check_raws(s, m);
    check_roles(s, m);
    rules_strings(s, m);
    rules_compat(s, m);
    check_arns(s, m);
    check_names(s, m);
    check_limits(s, m);
    check_deploy(s, m);
    rules_cross(s, m);
}
