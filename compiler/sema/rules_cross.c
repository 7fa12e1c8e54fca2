/* rules_cross.c - declarations that are each fine and wrong together
 * (issue 12, family 4): static host ports against the instances of the
 * capacity that must hold them (at the desired count, in a deployment,
 * at the scaling maximum), a task's architecture or operating system
 * against the instances of its capacity, listener rules that a broader
 * rule with a lower priority number hides, a redirect to a port where no
 * https listener is, a load balancer in fewer than two subnets.
 *
 * One table, run by one loop (rules_cross): each row is a rule over the
 * whole model, with its code and its source (the AWS page or the member
 * of an API model, a copy of which is in /work/shared/reference/aws-models).
 * Every rule runs on the effective model (after infer: desired counts,
 * launch types and rule priorities are set) and reports only what is
 * certain from the source: a capacity provider that is not declared, an
 * existing cluster, a param whose value is chosen at deploy time leave the
 * rule silent.
 *
 * The rules on load balancers and listener rules are in rules_listen.c.
 * Rules of the family that live elsewhere: a route to a port the
 * container maps only as UDP is E0601 (check_route.c).  The sizes of the
 * generated documents are measured on the JSON itself, as AWS counts them,
 * since sema knows no output format: a task definition over 64 KiB
 * (E0566, the driver's compiler_check_sizes on taskdefs/), a role's inline
 * policies over 10,240 characters (E0561, measured by emit's
 * cfn_policy_size.c on the template's documents, reported by the driver).
 */
#include "sema/rules_cross.h"

#include <string.h>

typedef struct CrossRule {
    const char *code;
    void (*check)(Cross *x);
} CrossRule;

static const char *proto_text(IrProto p) { return p == IR_PROTO_UDP ? "udp" : "tcp"; }

/* ---- instances ------------------------------------------------------------------------------ */

/* The instances a service's tasks can run on, as a set of capacities
   (`in`, one flag per capacity of the model) and its size (the sum of
   their `max`); false when that is not certain: Fargate, external, a
   provider the file does not declare, launch ec2 in an existing cluster
   (whose instances the file does not list). */
typedef struct Pool {
    bool *in;
    long long max;
    const char *names;          /* "capacity 'a'", "capacities 'a' and 'b'" */
} Pool;

static bool pool_of(Cross *x, const IrService *sv, Pool *p)
{
    const IrModel *m = x->m;
    int n = m->capacities.len;
    if (!n)
        return false;
    p->in = ARENA_ARRAY(x->s->arena, bool, (size_t)n);
    memset(p->in, 0, sizeof(bool) * (size_t)n);
    if (sv->capacity.len) {
        VEC_EACH(const IrCapacityUse *, u, sv->capacity) {
            if (!u->capacity.target)
                return false;
            for (int i = 0; i < n; i++)
                p->in[i] |= m->capacities.items[i] == u->capacity.target;
        }
    } else if (sv->launch == IR_LAUNCH_EC2 && !ir_cluster_existing(m->cluster)) {
        /* a launch type, never the cluster's default strategy (infer_deploy.c):
           any instance of the cluster, which has only the file's capacity */
        for (int i = 0; i < n; i++)
            p->in[i] = true;
    } else {
        return false;
    }
    p->max = 0;
    int count = 0;
    const char *names = "";
    for (int i = 0; i < n; i++) {
        if (!p->in[i])
            continue;
        const IrCapacity *c = m->capacities.items[i];
        p->max += c->max;
        names = arena_printf(x->s->arena, "%s%s'%s'", names, count ? ", " : "", c->name);
        count++;
    }
    p->names = arena_printf(x->s->arena, "capacit%s %s", count > 1 ? "ies" : "y", names);
    return true;
}

static bool pool_within(const Pool *a, const Pool *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a->in[i] && !b->in[i])
            return false;
    return true;
}

/* The span of the `max` of the first capacity of a pool, for a note. */
static const IrCapacity *pool_first(const Cross *x, const Pool *p)
{
    for (int i = 0; i < x->m->capacities.len; i++)
        if (p->in[i])
            return x->m->capacities.items[i];
    return NULL;
}

static void note_pool(Cross *x, Diagnostic *dg, const Pool *p)
{
    const IrCapacity *c = pool_first(x, p);
    diag_note(dg, has_span(c->minmax_span) ? c->minmax_span : c->name_span,
              "%s %s at most %lld instance%s", p->names, p->max == c->max ? "has" : "have",
              p->max, p->max == 1 ? "" : "s");
}

/* A service on instances that needs an instance per task: the port that
   makes it so (a static host port, ContainerDefinition.portMappings, in
   bridge or host mode), or `distinct_instance`. */
typedef struct Binder {
    const IrService *sv;
    Pool pool;
    long long tasks;            /* its desired count; a daemon: one per instance of its pool */
    const IrPort *port;         /* the first static host port, or NULL */
    int host_port;
} Binder;

static const IrPort *first_bound(const IrTask *t, int *host_port)
{
    VEC_EACH(const IrContainer *, c, t->containers) {
        VEC_EACH(const IrPort *, p, c->ports) {
            int hp = rules_bound_port(p, t->net, t->os == IR_OS_WINDOWS);
            if (hp != IR_UNSET && hp > 0) {
                *host_port = hp;
                return p;
            }
        }
    }
    return NULL;
}

static bool binds(const IrTask *t, int port, IrProto proto)
{
    VEC_EACH(const IrContainer *, c, t->containers) {
        VEC_EACH(const IrPort *, p, c->ports) {
            if (p->proto == proto && rules_bound_port(p, t->net, t->os == IR_OS_WINDOWS) == port)
                return true;
        }
    }
    return false;
}

static Binder *binders(Cross *x, int *count)
{
    const IrModel *m = x->m;
    Binder *b = ARENA_ARRAY(x->s->arena, Binder, (size_t)m->services.len + 1);
    int n = 0;
    VEC_EACH(const IrService *, sv, m->services) {
        const IrTask *t = sv->task.target;
        if (!t || t->net == IR_NET_AWSVPC || (t->launch & IR_LAUNCH_FARGATE))
            continue;
        Binder *e = &b[n];
        memset(e, 0, sizeof *e);
        e->sv = sv;
        e->port = first_bound(t, &e->host_port);
        if (!e->port || !pool_of(x, sv, &e->pool))
            continue;
        e->tasks = sv->daemon ? e->pool.max : sv->desired;
        n += e->tasks > 0 || (sv->scaling && sv->scaling->max > 0);     /* W0026 */
    }
    *count = n;
    return b;
}

/* Whether binder `o` is in the group of binder `g`: it binds g's port on
   instances within g's pool. */
static bool in_group(const Cross *x, const Binder *g, const Binder *o)
{
    return binds(o->sv->task.target, g->host_port, g->port->proto) &&
           pool_within(&o->pool, &g->pool, x->m->capacities.len);
}

/* The services of g's group and the tasks they start on g's pool. */
static long long demand(const Cross *x, const Binder *b, int n, const Binder *g, int *services)
{
    long long tasks = 0;
    *services = 0;
    for (int i = 0; i < n; i++) {
        if (!in_group(x, g, &b[i]) || b[i].tasks <= 0)
            continue;
        tasks += b[i].tasks;
        ++*services;
    }
    return tasks;
}

/* The fix of a group: a daemon binds the port on every instance, so only
   another port helps; else fewer tasks, more instances, or (bridge) a
   dynamic host port. */
static void note_group_fix(Cross *x, Diagnostic *dg, const Binder *b, int n, const Binder *g,
                           long long tasks)
{
    const Binder *daemon = NULL, *other = NULL;
    for (int j = 0; j < n; j++) {
        if (!in_group(x, g, &b[j]))
            continue;
        if (b[j].sv->daemon && !daemon)
            daemon = &b[j];
        else if (!b[j].sv->daemon && !other)
            other = &b[j];
    }
    const Binder *f = daemon && other ? other : g;
    bool bridge = ((const IrTask *)f->sv->task.target)->net == IR_NET_BRIDGE;
    if (daemon)
        diag_note(dg, SPAN_NONE, "daemon service '%s' binds the port on every instance: %s",
                  daemon->sv->name, bridge
                  ? arena_printf(x->s->arena, "write `port %d -> dynamic` in the task of service "
                                 "'%s'", f->port->container_port, f->sv->name)
                  : arena_printf(x->s->arena, "give service '%s' a port no other task binds",
                                 f->sv->name));
    else if (bridge)
        diag_note(dg, SPAN_NONE, "write `port %d -> dynamic` in the task of service '%s' to let "
                                 "its tasks share an instance, or raise the capacity's `max` to "
                                 "%lld", f->port->container_port, f->sv->name, tasks);
    else
        diag_note(dg, SPAN_NONE, "raise the capacity's `max` to %lld, or run fewer tasks", tasks);
}

/* ECS places a task only on an instance where its host ports are free
   (PortMapping.hostPort: "the host port that is reserved for your
   container"; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
   task-placement.html: placement filters out instances without the ports
   a task needs), so the tasks that bind one host port on the instances
   of a capacity are at most its instances (AutoScalingGroup MaxSize).  A
   daemon binds it on every instance. */
static void host_port_capacity(Cross *x)
{
    int n;
    Binder *b = binders(x, &n);
    for (int i = 0; i < n; i++) {
        const Binder *g = &b[i];
        const IrService *sv = g->sv;
        int services;
        long long tasks = demand(x, b, n, g, &services);
        bool last = true;       /* reported at the last service of the group, once */
        for (int j = i + 1; j < n && last; j++)
            last = !(b[j].tasks > 0 && in_group(x, g, &b[j]));
        if (tasks <= g->pool.max || !last || g->tasks <= 0)
            continue;
        Diagnostic *dg;
        if (services == 1) {
            dg = diag_error(x->s->diag, or_span(sv->desired_span, sv->name_span), "E0440",
                            "service '%s' runs %lld tasks that each bind host port %d/%s, on at "
                            "most %lld instances", sv->name, tasks, g->host_port,
                            proto_text(g->port->proto), g->pool.max);
        } else {
            dg = diag_error(x->s->diag, sv->name_span, "E0440",
                            "%d services bind host port %d/%s on the same instances: %s",
                            services, g->host_port, proto_text(g->port->proto),
                            sv->daemon ? "this daemon binds it on every instance"
                            : arena_printf(x->s->arena, "%lld tasks on at most %lld instances",
                                           tasks, g->pool.max));
            for (int j = 0; j < n; j++)
                if (j != i && b[j].tasks > 0 && in_group(x, g, &b[j]))
                    diag_note(dg, b[j].sv->name_span, "service '%s' binds it too, %s",
                              b[j].sv->name, b[j].sv->daemon ? "on every instance (a daemon)"
                              : arena_printf(x->s->arena, "with %lld task%s", b[j].tasks,
                                             b[j].tasks == 1 ? "" : "s"));
        }
        diag_note(dg, g->port->span, "the port is bound here");
        note_pool(x, dg, &g->pool);
        diag_note(dg, SPAN_NONE, "two tasks cannot bind one host port on one instance: ECS "
                                 "never places the tasks beyond the instances");
        note_group_fix(x, dg, b, n, g, tasks);
    }
}

/* `distinct_instance`: "Place each task on a different container
   instance" (PlacementConstraint.type, service-2.json). */
static void distinct_capacity(Cross *x)
{
    VEC_EACH(const IrService *, sv, x->m->services) {
        Pool p;
        if (!sv->distinct_instance || sv->daemon || !pool_of(x, sv, &p) || sv->desired <= p.max)
            continue;
        Diagnostic *dg = diag_error(x->s->diag, or_span(sv->desired_span, sv->name_span), "E0441",
                                    "service '%s' places its %d tasks on distinct instances, on "
                                    "at most %lld instances", sv->name, sv->desired, p.max);
        diag_note(dg, or_span(sv->distinct_span, sv->name_span),
                  "`distinct_instance` asks for an instance per task");
        note_pool(x, dg, &p);
        diag_note(dg, SPAN_NONE, "raise the capacity's `max` to %d, run at most %lld tasks, or "
                                 "remove `distinct_instance`", sv->desired, p.max);
    }
}

/* A rolling deployment (DeploymentConfiguration: minimumHealthyPercent,
   "rounded up to the nearest integer", default 100 for a replica service)
   starts new tasks before it stops old ones while the minimum forbids
   stopping: with an instance per task and every instance taken, the new
   tasks wait for an instance that never comes, and the deployment stalls
   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
   deployment-type-ecs.html). The first deployment works: a warning.  A
   blue/green deployment (DeploymentConfiguration.strategy BLUE_GREEN, or
   CodeDeploy) starts the whole new set first, so the instances must hold
   the old and the new tasks. */
static void blue_green_room(Cross *x, const Binder *g, long long tasks)
{
    const IrService *sv = g->sv;
    if (tasks > g->pool.max || tasks + sv->desired <= g->pool.max)
        return;                 /* E0440, or room for the new tasks */
    Diagnostic *dg = diag_warning(x->s->diag, or_span(sv->bg_span, sv->name_span), "W0024",
                                  "a blue/green deployment of service '%s' cannot start its %d "
                                  "new tasks: with the old ones, %lld tasks bind host port %d/%s "
                                  "on at most %lld instances", sv->name, sv->desired,
                                  tasks + sv->desired, g->host_port, proto_text(g->port->proto),
                                  g->pool.max);
    diag_note(dg, g->port->span, "the port is bound here");
    note_pool(x, dg, &g->pool);
    diag_note(dg, SPAN_NONE, "blue/green starts a full set of new tasks before it stops the old "
                             "ones");
    if (((const IrTask *)sv->task.target)->net == IR_NET_BRIDGE)
        diag_note(dg, SPAN_NONE, "write `port %d -> dynamic`, or raise the capacity's `max` to "
                                 "%lld", g->port->container_port, tasks + sv->desired);
    else
        diag_note(dg, SPAN_NONE, "raise the capacity's `max` to %lld", tasks + sv->desired);
}

static void deploy_room(Cross *x)
{
    int n;
    Binder *b = binders(x, &n);
    for (int i = 0; i < n; i++) {
        const IrService *sv = b[i].sv;
        if (sv->daemon || sv->distinct_instance || b[i].tasks <= 0)
            continue;
        int services;
        long long tasks = demand(x, b, n, &b[i], &services);
        if (sv->blue_green != IR_BG_NONE) {
            blue_green_room(x, &b[i], tasks);
            continue;
        }
        int min = sv->min_healthy == IR_UNSET ? 100 : sv->min_healthy;
        long long keep = ((long long)sv->desired * min + 99) / 100;
        if (tasks != b[i].pool.max || keep < sv->desired)
            continue;
        Diagnostic *dg = diag_warning(x->s->diag, or_span(sv->min_span, sv->name_span), "W0024",
                                      "a deployment of service '%s' cannot replace its tasks: "
                                      "they bind host port %d/%s on every instance its capacity "
                                      "can have", sv->name, b[i].host_port,
                                      proto_text(b[i].port->proto));
        diag_note(dg, b[i].port->span, "the port is bound here");
        note_pool(x, dg, &b[i].pool);
        int pct = (int)(100LL * (sv->desired - 1) / sv->desired);
        diag_note(dg, SPAN_NONE, "the minimum healthy percent (%d%%) keeps all %d tasks running, "
                                 "so a new task never finds a free instance", min, sv->desired);
        diag_note(dg, SPAN_NONE, "write `rolling min %d%%` to let a deployment stop a task first, "
                                 "or raise the capacity's `max` to %lld", pct, tasks + 1);
    }
}

/* Autoscaling (ScalableTarget MaxCapacity) raises the desired count up to
   the scaling maximum; with a host port per task, the tasks beyond what
   the instances hold are never placed, as with E0440.  Scaling may never
   go that far: a warning. */
static void scale_room(Cross *x)
{
    int n;
    Binder *b = binders(x, &n);
    for (int i = 0; i < n; i++) {
        const IrService *sv = b[i].sv;
        if (!sv->scaling || sv->daemon)
            continue;
        int services;
        long long tasks = demand(x, b, n, &b[i], &services);
        long long others = tasks - (b[i].tasks > 0 ? b[i].tasks : 0);
        long long room = b[i].pool.max - others;
        if (tasks > b[i].pool.max || sv->scaling->max <= room)
            continue;           /* E0440, or room for every task */
        Diagnostic *dg = diag_warning(x->s->diag, sv->scaling->span, "W0026",
                                      "service '%s' scales up to %d tasks that each bind host "
                                      "port %d/%s, but at most %lld can run", sv->name,
                                      sv->scaling->max, b[i].host_port,
                                      proto_text(b[i].port->proto), room);
        diag_note(dg, b[i].port->span, "the port is bound here");
        note_pool(x, dg, &b[i].pool);
        if (others)
            diag_note(dg, SPAN_NONE, "other services bind the port on %lld of them", others);
        bool bridge = ((const IrTask *)sv->task.target)->net == IR_NET_BRIDGE;
        diag_note(dg, SPAN_NONE, "%slower the scaling maximum to %lld, or raise the capacity's "
                                 "`max` to %lld",
                  bridge ? arena_printf(x->s->arena, "write `port %d -> dynamic`, ",
                                        b[i].port->container_port) : "",
                  room, others + sv->scaling->max);
    }
}

/* The capacity a service asks for, for a diagnostic's place: its first
   `capacity` line, else its name. */
static Span capacity_span(const IrService *sv)
{
    return sv->capacity.len ? ((const IrCapacityUse *)sv->capacity.items[0])->span
                            : sv->name_span;
}

/* RuntimePlatform.cpuArchitecture (service-2.json) is matched against
   the instance's ecs.cpu-architecture attribute: an arm64 task is placed
   only on arm64 instances and an x86_64 one only on x86_64 instances
   (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/
   ecs-arm64.html; task-placement-constraints.html, "Attributes").  A
   capacity's architecture is its image's, which its instance types must
   match (E0710). */
static void platform_capacity(Cross *x)
{
    VEC_EACH(const IrService *, sv, x->m->services) {
        const IrTask *t = sv->task.target;
        Pool p;
        if (!t || !t->arch || (t->launch & IR_LAUNCH_FARGATE) || !pool_of(x, sv, &p))
            continue;
        const IrCapacity *other = NULL;
        bool fits = false;
        for (int i = 0; i < x->m->capacities.len; i++) {
            const IrCapacity *c = x->m->capacities.items[i];
            if (!p.in[i])
                continue;
            fits = fits || (c->arch && strcmp(c->arch, t->arch) == 0);
            other = other ? other : c;
        }
        if (fits || !other || !other->arch)
            continue;
        bool arm = strcmp(t->arch, "ARM64") == 0;
        Diagnostic *dg = diag_error(x->s->diag, capacity_span(sv), "E0445",
                                    "service '%s' runs an %s task on %s of %s instances",
                                    sv->name, arm ? "arm64" : "x86_64", p.names,
                                    arm ? "x86_64" : "arm64");
        diag_note(dg, t->platform_span, "task '%s' asks for %s here", t->name,
                  arm ? "arm64" : "x86_64");
        diag_note(dg, or_span(other->arch_span, other->name_span), "capacity '%s' runs %s "
                  "instances", other->name, arm ? "x86_64" : "arm64");
        diag_note(dg, SPAN_NONE, "ECS places a task only on instances of its architecture: "
                                 "none of these ever runs it");
        diag_note(dg, SPAN_NONE, "run the service on a capacity with %s, or make the task "
                                 "`platform linux %s` if its images are built for it",
                  arm ? "`arch arm64` and a Graviton instance type such as \"m7g.large\""
                      : "`arch x86_64` and an instance type such as \"m7i.large\"",
                  arm ? "x86_64" : "arm64");
    }
}

/* Windows containers run only on Windows container instances, whose
   images are the ECS-optimised Windows AMIs (https://docs.aws.amazon.com/
   AmazonECS/latest/developerguide/ecs-optimized_windows_AMI.html); the
   ECS-optimised families a capacity names (al2023, al2, bottlerocket) are
   Linux.  An image of the user's own may be Windows: not reported. */
static void windows_capacity(Cross *x)
{
    VEC_EACH(const IrService *, sv, x->m->services) {
        const IrTask *t = sv->task.target;
        Pool p;
        if (!t || t->os != IR_OS_WINDOWS || (t->launch & IR_LAUNCH_FARGATE) ||
            !pool_of(x, sv, &p))
            continue;
        const IrCapacity *linux_cap = NULL;
        bool maybe = false;
        for (int i = 0; i < x->m->capacities.len; i++) {
            const IrCapacity *c = x->m->capacities.items[i];
            if (!p.in[i])
                continue;
            if (c->ami == IR_AMI_ID || c->ami == IR_AMI_SSM)
                maybe = true;
            else if (!linux_cap)
                linux_cap = c;
        }
        if (maybe || !linux_cap)
            continue;
        Diagnostic *dg = diag_error(x->s->diag, capacity_span(sv), "E0446",
                                    "service '%s' runs Windows containers on %s of Linux "
                                    "instances", sv->name, p.names);
        diag_note(dg, t->platform_span, "task '%s' runs Windows containers here", t->name);
        diag_note(dg, or_span(linux_cap->ami_span, linux_cap->name_span),
                  "capacity '%s' runs the ECS-optimised Linux image", linux_cap->name);
        diag_note(dg, SPAN_NONE, "ECS places Windows tasks only on Windows container "
                                 "instances: none of these ever runs them");
        diag_note(dg, SPAN_NONE, "ecsc's capacity makes Linux instances: run the service on "
                                 "Fargate, or with `launch ec2` and no `capacity` on the Windows "
                                 "instances of an existing cluster (`cluster { existing "
                                 "\"NAME\" }`)");
    }
}

/* ---- the table ------------------------------------------------------------------------------ */

static const CrossRule cross_rules[] = {
    {"E0440", host_port_capacity},  /* tasks binding one host port beyond the instances */
    {"E0441", distinct_capacity},   /* distinct_instance beyond the instances */
    {"W0024", deploy_room},         /* no room for a rolling deployment */
    {"W0026", scale_room},          /* scaling beyond the instances */
    {"E0445", platform_capacity},   /* an arm64 task on x86_64 instances, or the reverse */
    {"E0446", windows_capacity},    /* Windows containers on Linux instances */
    /* rules_listen.c */
    {"E0442", rules_shadowed_routes},   /* with W0025: listener rules a lower number hides */
    {"E0443", rules_redirect_targets},  /* a redirect to no https listener */
    {"E0444", rules_lb_subnets},        /* an ALB in fewer than two subnets */
};

void rules_cross(Sema *s, IrModel *m)
{
    Cross x = {s, m, {s, m, s->diag, s->arena}};
    for (size_t i = 0; i < sizeof cross_rules / sizeof *cross_rules; i++)
        cross_rules[i].check(&x);
}
