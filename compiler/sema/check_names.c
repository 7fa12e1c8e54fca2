/* check_names.c - names the generated template must keep apart.
 *
 * CloudFormation logical ids are the declarations' names in CamelCase, so
 * `service a-b` and `service a_b`, or `param subnets` and `capacity
 * subnets`, would become one id: each such pair is an error that points at
 * both.  (Routes of one service to the same container port share their
 * target group on purpose.)
 */
#include "sema/check.h"

#include "base/map.h"

typedef struct Owner {
    const char *what;       /* "service 'web'" */
    Span span;
} Owner;

static void claim(Sema *s, Map *ids, const char *id, const char *what, Span sp, const char *fix)
{
    Owner *o = ARENA_NEW(s->arena, Owner);
    o->what = what;
    o->span = sp;
    const Owner *prev = map_put(ids, id, o);
    if (!prev)
        return;
    Diagnostic *dg = diag_error(s->diag, sp, "E0550",
                                "%s and %s both become '%s' in the CloudFormation template",
                                what, prev->what, id);
    diag_note(dg, prev->span, "%s is here", prev->what);
    diag_note(dg, SPAN_NONE, "%s", fix ? fix : "logical ids are names in CamelCase: rename one of them");
}

void check_names(Sema *s, const IrModel *m)
{
    if (!m->services.len && !m->load_balancers.len && !m->capacities.len)
        return;
    Arena *a = s->arena;
    if (!m->app->name) {
        const IrService *sv = m->services.len ? m->services.items[0] : NULL;
        Diagnostic *dg = diag_error(s->diag, sv ? sv->name_span : SPAN_NONE, "E0551",
                                    "deploying services needs an `app` block");
        diag_note(dg, SPAN_NONE, "the app's name names the cluster and prefixes every "
                                 "resource: add `app shop { region \"…\"; account \"…\" }`");
        return;
    }
    Map ids;
    map_init(&ids, a);
    if (!m->cluster || !m->cluster->existing)
        claim(s, &ids, "Cluster", "the cluster", m->cluster ? m->cluster->span : SPAN_NONE, NULL);
    for (int i = 0; i < m->params.len; i++) {
        const IrParam *p = m->params.items[i];
        claim(s, &ids, p->logical_id, arena_printf(a, "param '%s'", p->name), p->name_span, NULL);
    }
    for (int i = 0; i < m->capacities.len; i++) {
        const IrCapacity *c = m->capacities.items[i];
        claim(s, &ids, c->logical_id, arena_printf(a, "capacity '%s'", c->name), c->name_span, NULL);
    }
    for (int i = 0; i < m->load_balancers.len; i++) {
        const IrLoadBalancer *lb = m->load_balancers.items[i];
        claim(s, &ids, lb->logical_id, arena_printf(a, "load_balancer '%s'", lb->name), lb->name_span, NULL);
    }
    for (int i = 0; i < m->services.len; i++) {
        const IrService *sv = m->services.items[i];
        claim(s, &ids, sv->logical_id, arena_printf(a, "service '%s'", sv->name), sv->name_span, NULL);
    }
}
