/* resolve.c - binds names to declarations: roles, containers, volumes.
 * Duplicate names are errors that point at both definitions; unknown names
 * get a "did you mean" from the names in scope. */
#include "sema/sema.h"

#include "base/map.h"
#include "base/suggest.h"

#include <string.h>

typedef struct Scope {
    Map map;
    Vec names;              /* const char*, for suggestions */
} Scope;

static void scope_init(Scope *s, Arena *a)
{
    map_init(&s->map, a);
    s->names = (Vec){0};
}

/* `span_of` gives each declaration's name span for the duplicate note. */
static void declare(Sema *se, Scope *s, const char *kind, const char *name, Span sp, void *decl,
                    Span (*span_of)(const void *))
{
    void *prev = map_put(&s->map, name, decl);
    if (prev) {
        Diagnostic *dg = diag_error(se->diag, sp, "E0110", "%s '%s' is defined twice", kind, name);
        diag_note(dg, span_of(prev), "first defined here");
        return;
    }
    vec_push(se->arena, &s->names, (void *)name);
}

static bool bind(Sema *se, const Scope *s, IrRef *ref, const char *kind, const char *where)
{
    if (!ref->name)
        return false;
    ref->target = map_get(&s->map, ref->name);
    if (ref->target)
        return true;
    Diagnostic *dg = diag_error(se->diag, ref->span, "E0111", "no %s named '%s'%s", kind,
                                ref->name, where);
    /* the environment removed it: say where */
    VEC_EACH(const AstStmt *, rm, se->removed) {
        const AstNode *k = rm->args.items[0], *n = rm->args.len > 1 ? rm->args.items[1] : NULL;
        if (n && n->text && strcmp(k->text, kind) == 0 && strcmp(n->text, ref->name) == 0) {
            diag_note(dg, rm->span, "the environment removes %s '%s' here", kind, ref->name);
            diag_note(dg, SPAN_NONE, "remove what names it too, or keep %s '%s'", kind, ref->name);
            return false;
        }
    }
    const char *best = suggest_best(ref->name, (const char *const *)s->names.items,
                                    (size_t)s->names.len);
    if (best)
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    return false;
}

static Span task_span(const void *p) { return ((const IrTask *)p)->name_span; }
static Span role_span(const void *p) { return ((const IrRole *)p)->name_span; }
static Span container_span(const void *p) { return ((const IrContainer *)p)->name_span; }
static Span volume_span(const void *p) { return ((const IrVolume *)p)->name_span; }

static Span param_span(const void *p) { return ((const IrParam *)p)->name_span; }
static Span lb_span(const void *p) { return ((const IrLoadBalancer *)p)->name_span; }
static Span service_span(const void *p) { return ((const IrService *)p)->name_span; }
static Span capacity_span(const void *p) { return ((const IrCapacity *)p)->name_span; }

static void bind_param(Sema *se, const Scope *params, IrParamRef *r)
{
    if (r->param.name)
        bind(se, params, &r->param, "param", "");
}

static void resolve_task(Sema *se, const Scope *roles, IrTask *t)
{
    Scope containers, volumes;
    scope_init(&containers, se->arena);
    scope_init(&volumes, se->arena);
    for (int i = 0; i < t->containers.len; i++) {
        IrContainer *c = t->containers.items[i];
        declare(se, &containers, "container", c->name, c->name_span, c, container_span);
    }
    for (int i = 0; i < t->volumes.len; i++) {
        IrVolume *v = t->volumes.items[i];
        declare(se, &volumes, "volume", v->name, v->name_span, v, volume_span);
    }
    const char *in_task = arena_printf(se->arena, " in task '%s'", t->name);
    if (t->role.name)
        bind(se, roles, &t->role, "role", "");
    if (t->exec_role.name)
        bind(se, roles, &t->exec_role, "role", "");
    if (t->proxy_container.name)
        bind(se, &containers, &t->proxy_container, "container", in_task);
    for (int i = 0; i < t->containers.len; i++) {
        IrContainer *c = t->containers.items[i];
        for (int k = 0; k < c->depends.len; k++) {
            IrDepend *d = c->depends.items[k];
            bind(se, &containers, &d->container, "container", in_task);
        }
        for (int k = 0; k < c->volumes_from.len; k++) {
            IrVolumesFrom *v = c->volumes_from.items[k];
            bind(se, &containers, &v->container, "container", in_task);
        }
        for (int k = 0; k < c->mounts.len; k++) {
            IrMount *m = c->mounts.items[k];
            if (!bind(se, &volumes, &m->volume, "volume", in_task) && !volumes.names.len) {
                /* nothing to suggest: say how to declare one */
                const DiagEngine *dg = se->diag;
                Diagnostic *last = dg->diags.len ? dg->diags.items[dg->diags.len - 1] : NULL;
                if (last)
                    diag_note(last, SPAN_NONE, "declare it in the task: volume %s host \"/path\"",
                              m->volume.name);
            }
        }
    }
}

static Span schedule_span(const void *p) { return ((const IrSchedule *)p)->name_span; }

/* The port mapping named `name` in task `t`, and its container. */
static IrPort *port_named(const IrTask *t, const char *name, const IrContainer **in)
{
    VEC_EACH(const IrContainer *, c, t->containers)
        VEC_EACH(IrPort *, p, c->ports)
            if (p->name && strcmp(p->name, name) == 0) {
                *in = c;
                return p;
            }
    return NULL;
}

/* E0841: a `connect` port name that no port mapping of the task has. */
static void unknown_port_name(Sema *se, const IrService *sv, const IrTask *t, const IrConnect *c)
{
    Diagnostic *dg = diag_error(se->diag, c->port.span, "E0841",
                                "no port named '%s' in task '%s'", c->port.name, t->name);
    Vec names = {0}, unnamed = {0};
    VEC_EACH(const IrContainer *, ct, t->containers)
        VEC_EACH(const IrPort *, p, ct->ports) {
            if (p->name)
                vec_push(se->arena, &names, (void *)p->name);
            else if (p->container_port != IR_UNSET && !unnamed.len)
                vec_push(se->arena, &unnamed, (void *)p);
        }
    const char *best = suggest_best(c->port.name, (const char *const *)names.items,
                                    (size_t)names.len);
    if (best)
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    if (unnamed.len) {
        const IrPort *p = unnamed.items[0];
        diag_note(dg, p->span, "Service Connect names a port mapping by its name: write `port %d "
                               "name \"%s\"` here", p->container_port, c->port.name);
    } else if (!best) {
        diag_note(dg, SPAN_NONE, "give the container's port a name: port 8080 name \"%s\"",
                  c->port.name);
    }
    diag_note(dg, sv->task.span, "the service runs task '%s'", t->name);
}

/* Service Connect's port names, registries' containers, schedules. */
static void resolve_discovery(Sema *se, IrModel *m, const Scope *tasks, const Scope *params,
                              const Scope *capacities)
{
    if (m->cluster) {
        IrNamespace *nss[] = {m->cluster->connect_ns, m->cluster->dns_ns};
        for (size_t i = 0; i < 2; i++)
            if (nss[i]) {
                bind_param(se, params, &nss[i]->existing);
                bind_param(se, params, &nss[i]->vpc);
            }
    }
    VEC_EACH(IrService *, sv, m->services) {
        const IrTask *t = sv->task.target;
        if (!t)
            continue;
        VEC_EACH(IrConnect *, c, sv->connects) {
            if (!c->port.name)
                continue;
            c->port.target = port_named(t, c->port.name, &c->container);
            if (!c->port.target)
                unknown_port_name(se, sv, t, c);
        }
        IrRegistry *r = sv->registry;
        if (!r || !r->container.name)
            continue;
        VEC_EACH(IrContainer *, ct, t->containers)
            if (strcmp(ct->name, r->container.name) == 0)
                r->container.target = ct;
        if (!r->container.target) {
            Diagnostic *dg = diag_error(se->diag, r->container.span, "E0111",
                                        "no container named '%s' in task '%s'",
                                        r->container.name, t->name);
            diag_note(dg, sv->task.span, "the service runs task '%s'", t->name);
        }
    }
    Scope schedules;
    scope_init(&schedules, se->arena);
    VEC_EACH(IrSchedule *, sc, m->schedules) {
        declare(se, &schedules, "schedule", sc->name, sc->name_span, sc, schedule_span);
        if (sc->task.name)
            bind(se, tasks, &sc->task, "task", "");
        bind_param(se, params, &sc->subnets);
        bind_param(se, params, &sc->security_groups);
        VEC_EACH(IrCapacityUse *, u, sc->capacity)
            if (u->capacity.name)
                bind(se, capacities, &u->capacity, "capacity", "");
    }
}

void sema_resolve(Sema *se, IrModel *m)
{
    Scope roles, tasks;
    scope_init(&roles, se->arena);
    scope_init(&tasks, se->arena);
    for (int i = 0; i < m->roles.len; i++) {
        IrRole *r = m->roles.items[i];
        declare(se, &roles, "role", r->name, r->name_span, r, role_span);
    }
    for (int i = 0; i < m->tasks.len; i++) {
        IrTask *t = m->tasks.items[i];
        declare(se, &tasks, "task", t->name, t->name_span, t, task_span);
    }
    for (int i = 0; i < m->tasks.len; i++)
        resolve_task(se, &roles, m->tasks.items[i]);

    Scope params, lbs, services, capacities;
    scope_init(&params, se->arena);
    scope_init(&lbs, se->arena);
    scope_init(&services, se->arena);
    scope_init(&capacities, se->arena);
    for (int i = 0; i < m->params.len; i++) {
        IrParam *p = m->params.items[i];
        declare(se, &params, "param", p->name, p->name_span, p, param_span);
    }
    for (int i = 0; i < m->load_balancers.len; i++) {
        IrLoadBalancer *lb = m->load_balancers.items[i];
        declare(se, &lbs, "load_balancer", lb->name, lb->name_span, lb, lb_span);
        bind_param(se, &params, &lb->subnets);
        bind_param(se, &params, &lb->vpc);
        bind_param(se, &params, &lb->log_bucket);
        bind_param(se, &params, &lb->listener_arn);
        bind_param(se, &params, &lb->security_group);
        for (int k = 0; k < lb->listeners.len; k++) {
            IrListener *l = lb->listeners.items[k];
            if (l->has_cert)
                bind_param(se, &params, &l->cert);
        }
    }
    for (int i = 0; i < m->capacities.len; i++) {
        IrCapacity *c = m->capacities.items[i];
        declare(se, &capacities, "capacity", c->name, c->name_span, c, capacity_span);
        bind_param(se, &params, &c->subnets);
        bind_param(se, &params, &c->key_pair);
        bind_param(se, &params, &c->notify);
    }
    if (m->cluster)
        bind_param(se, &params, &m->cluster->existing_ref);
    for (int i = 0; i < m->roles.len; i++) {
        IrRole *r = m->roles.items[i];
        if (r->arn_param.name)
            bind(se, &params, &r->arn_param, "param", "");
    }
    for (int k = 0; m->cluster && k < m->cluster->default_strategy.len; k++) {
        IrCapacityUse *u = m->cluster->default_strategy.items[k];
        if (u->capacity.name)
            bind(se, &capacities, &u->capacity, "capacity", "");
    }
    for (int i = 0; i < m->services.len; i++) {
        IrService *sv = m->services.items[i];
        declare(se, &services, "service", sv->name, sv->name_span, sv, service_span);
        if (sv->task.name)
            bind(se, &tasks, &sv->task, "task", "");
        bind_param(se, &params, &sv->subnets);
        bind_param(se, &params, &sv->security_groups);
        bind_param(se, &params, &sv->alarms);
        for (int k = 0; k < sv->capacity.len; k++) {
            IrCapacityUse *u = sv->capacity.items[k];
            if (u->capacity.name)
                bind(se, &capacities, &u->capacity, "capacity", "");
        }
        const IrTask *t = sv->task.target;
        for (int k = 0; k < sv->routes.len; k++) {
            IrRoute *r = sv->routes.items[k];
            bind(se, &lbs, &r->lb, "load_balancer", "");
            if (!t || !r->container.name)
                continue;
            for (int j = 0; j < t->containers.len && !r->container.target; j++) {
                IrContainer *c = t->containers.items[j];
                if (strcmp(c->name, r->container.name) == 0)
                    r->container.target = c;
            }
            if (!r->container.target) {
                Diagnostic *dg = diag_error(se->diag, r->container.span, "E0111",
                                            "no container named '%s' in task '%s'",
                                            r->container.name, t->name);
                const char **names = arena_alloc(se->arena, sizeof(char *) * (size_t)(t->containers.len + 1));
                for (int j = 0; j < t->containers.len; j++)
                    names[j] = ((IrContainer *)t->containers.items[j])->name;
                const char *best = suggest_best(r->container.name, names, (size_t)t->containers.len);
                if (best)
                    diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
                diag_note(dg, sv->task.span, "the service runs task '%s'", t->name);
            }
        }
    }
    resolve_discovery(se, m, &tasks, &params, &capacities);
    VEC_EACH(IrLoadBalancer *, lb, m->load_balancers)
        VEC_EACH(IrListener *, l, lb->listeners)
            if (l->forward.name)
                bind(se, &services, &l->forward, "service", "");
    for (int i = 0; i < m->services.len; i++) {
        IrService *sv = m->services.items[i];
        for (int k = 0; k < sv->accepts.len; k++) {
            IrAccept *ac = sv->accepts.items[k];
            if (ac->service.name)
                bind(se, &services, &ac->service, "service", "");
        }
    }
}
