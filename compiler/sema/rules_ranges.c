/* rules_ranges.c - numbers against the ranges AWS documents (issue 12,
 * family 2): the container health check, memory sizes that no instance
 * has (a byte count written where MiB was meant), and host ports that
 * the ECS agent reserves or that meet other mappings.
 *
 * Each fact is one row of a table with its source: the documentation of
 * the member in AWS's ECS API model (botocore's ecs/2014-11-13
 * service-2.json, a copy in /work/shared/reference/aws-models), or the
 * ECS developer guide page named in the row.
 */
#include "sema/rules.h"

#include "base/map.h"

#include <string.h>

/* ---- the container health check ------------------------------------------ */

/* HealthCheck.interval, .timeout, .retries, .startPeriod: "You may specify
   between …" in each member's documentation (service-2.json, shape
   HealthCheck); the defaults are AWS's, used for the relation below. */
static const struct {
    const char *what, *word, *unit;
    int lo, hi, deflt;      /* deflt: AWS's default, or -1 (off) */
    size_t value, span;     /* offsets in IrHealth */
} health_range[] = {
    {"interval", "every", " s", 5, 300, 30, offsetof(IrHealth, interval), offsetof(IrHealth, interval_span)},
    {"timeout", "timeout", " s", 2, 60, 5, offsetof(IrHealth, timeout), offsetof(IrHealth, timeout_span)},
    {"retries", "retries", "", 1, 10, 3, offsetof(IrHealth, retries), offsetof(IrHealth, retries_span)},
    {"start period", "start", " s", 0, 300, -1, offsetof(IrHealth, start_period), offsetof(IrHealth, start_span)},
};

#define FIELD(h, T, off) (*(const T *)((const char *)(h) + (off)))

void rules_health_ranges(Sema *s, const IrContainer *c)
{
    const IrHealth *h = c->health;
    if (!h || h->none)
        return;
    for (size_t i = 0; i < sizeof health_range / sizeof *health_range; i++) {
        int v = FIELD(h, int, health_range[i].value);
        if (v == IR_UNSET || (v >= health_range[i].lo && v <= health_range[i].hi))
            continue;
        Diagnostic *dg = diag_error(s->diag, FIELD(h, Span, health_range[i].span), "E0409",
                                    "health check %s %d%s is outside %d to %d%s",
                                    health_range[i].what, v, health_range[i].unit,
                                    health_range[i].lo, health_range[i].hi, health_range[i].unit);
        diag_note(dg, h->span, "in the health check of container '%s'", c->name);
        if (health_range[i].deflt >= 0)
            diag_note(dg, SPAN_NONE, "write a value from %d to %d%s, or leave `%s` out for ECS's "
                      "default of %d%s", health_range[i].lo, health_range[i].hi, health_range[i].unit,
                      health_range[i].word, health_range[i].deflt, health_range[i].unit);
        else
            diag_note(dg, SPAN_NONE, "write a value from %d to %d%s, or leave `%s` out for no "
                      "grace period", health_range[i].lo, health_range[i].hi, health_range[i].unit,
                      health_range[i].word);
    }
}

/* ---- memory sizes ---------------------------------------------------------- */

enum {
    /* ContainerDefinition.memory: "The Docker 20.10.0 or later daemon
       reserves a minimum of 6 MiB of memory for a container. So, don't
       specify less than 6 MiB" (service-2.json; memoryReservation says
       the same). */
    CONTAINER_MEMORY_MIN = 6,
    /* The largest EC2 instance has 24 TiB of memory (u7in-24tb.224xlarge,
       https://aws.amazon.com/ec2/instance-types/high-memory/): a size above
       32 TiB fits no container instance, and one that is a multiple of
       1 MiB when read as bytes was almost certainly written in bytes. */
    MEMORY_MAX_MIB = 32 * 1024 * 1024,
};

/* One memory value; `what` names it ("memory of container 'app'"). */
static void memory_size(Sema *s, int64_t mib, Span at, const char *what, const char *field)
{
    if (mib == IR_UNSET)
        return;
    if (mib < CONTAINER_MEMORY_MIN) {
        Diagnostic *dg = diag_error(s->diag, at, "E0422", "the %s is %lld MiB; ECS needs at least %d MiB",
                                    what, (long long)mib, CONTAINER_MEMORY_MIN);
        diag_note(dg, SPAN_NONE, "Docker reserves %d MiB for every container: write the size the "
                                 "process needs, such as `%s 256 MiB`", CONTAINER_MEMORY_MIN, field);
        return;
    }
    if (mib <= MEMORY_MAX_MIB)
        return;
    Diagnostic *dg = diag_error(s->diag, at, "E0422",
                                "the %s is %lld MiB (%lld TiB), more than any EC2 instance has",
                                what, (long long)mib, (long long)(mib >> 20));
    if (mib % (1024 * 1024) == 0 || mib >= 1024LL * 1024 * 1024)
        diag_note(dg, SPAN_NONE, "sizes are in MiB: %lld bytes is %lld MiB — write `%s %lld MiB`",
                  (long long)mib, (long long)(mib >> 20), field,
                  (long long)((mib >> 20) < CONTAINER_MEMORY_MIN ? CONTAINER_MEMORY_MIN : mib >> 20));
    else
        diag_note(dg, SPAN_NONE, "sizes are in MiB; write the size with its unit, as in `%s 2 GiB`",
                  field);
}

void rules_memory_sizes(Sema *s, const IrTask *t)
{
    for (int i = 0; i < t->containers.len; i++) {
        const IrContainer *c = t->containers.items[i];
        memory_size(s, c->memory, c->memory_span,
                    arena_printf(s->arena, "memory of container '%s'", c->name), "memory");
        memory_size(s, c->memory_reservation, c->reservation_span,
                    arena_printf(s->arena, "memory reservation of container '%s'", c->name),
                    "memory_reservation");
    }
    /* the task's memory on Fargate is one of Fargate's sizes (E0302) */
    if (!(t->launch & IR_LAUNCH_FARGATE) && t->memory != IR_UNSET && t->memory > MEMORY_MAX_MIB)
        memory_size(s, t->memory, t->memory_span,
                    arena_printf(s->arena, "memory of task '%s'", t->name), "memory");
}

/* ---- host ports ------------------------------------------------------------ */

/* PortMapping.hostPort (service-2.json): "The default reserved ports are
   22 for SSH, the Docker ports 2375 and 2376, and the Amazon ECS container
   agent ports 51678-51680." A task that binds one of them on a container
   instance is never placed. */
static const struct {
    int port;
    const char *owner;
} reserved_port[] = {
    {22, "SSH"},
    {2375, "the Docker daemon"},
    {2376, "the Docker daemon (TLS)"},
    {51678, "the ECS agent"},
    {51679, "the ECS agent's credentials endpoint"},
    {51680, "the ECS agent's introspection API"},
};

/* The instance port a mapping binds on EC2, or IR_UNSET: a static host
   port in bridge mode, the container port in host mode. */
int rules_bound_port(const IrPort *p, IrNetwork net, bool windows)
{
    if (p->range_lo != IR_UNSET || p->host_dynamic)
        return IR_UNSET;
    if (net == IR_NET_HOST)
        return p->container_port;
    if (net == IR_NET_BRIDGE || (net == IR_NET_UNSET && !windows))
        return p->host_port;
    return IR_UNSET;
}

static void reserved_ports(Sema *s, const IrTask *t, IrNetwork net, const IrPort *p)
{
    int hp = rules_bound_port(p, net, t->os == IR_OS_WINDOWS);
    for (size_t i = 0; hp != IR_UNSET && i < sizeof reserved_port / sizeof *reserved_port; i++) {
        if (reserved_port[i].port != hp)
            continue;
        bool host_mode = net == IR_NET_HOST;
        Diagnostic *dg = diag_error(s->diag, host_mode ? p->container_span : p->host_span, "E0423",
                                    "host port %d is reserved on every ECS container instance (%s)",
                                    hp, reserved_port[i].owner);
        diag_note(dg, SPAN_NONE, "ECS never places task '%s' on an instance where its port is "
                                 "taken", t->name);
        if (host_mode)
            diag_note(dg, SPAN_NONE, "make the process listen on another port, or use network "
                                     "bridge with `port %d -> dynamic`", p->container_port);
        else
            diag_note(dg, SPAN_NONE, "write `port %d -> dynamic`, or a host port that is not 22, "
                                     "2375, 2376 or 51678 to 51680", p->container_port);
    }
}

/* A range and a single port of one protocol that overlap (the range
   already maps the port), within a container. */
static void range_overlaps(Sema *s, const IrContainer *c)
{
    for (int i = 0; i < c->ports.len; i++) {
        const IrPort *r = c->ports.items[i];
        if (r->range_lo == IR_UNSET || r->range_lo > r->range_hi)
            continue;
        for (int j = 0; j < c->ports.len; j++) {
            const IrPort *p = c->ports.items[j];
            bool inside = p->range_lo != IR_UNSET
                              ? j > i && p->range_lo <= r->range_hi && p->range_hi >= r->range_lo
                              : p->container_port >= r->range_lo && p->container_port <= r->range_hi;
            if (j == i || p->proto != r->proto || !inside)
                continue;
            /* PortMapping.containerPortRange (service-2.json): "A port can
               only be included in one port mapping per container. You
               cannot specify overlapping port ranges." */
            Diagnostic *dg = diag_error(s->diag, p->container_span, "E0424",
                                        "container '%s' maps port%s %s that its range %d..%d "
                                        "already maps", c->name,
                                        p->range_lo != IR_UNSET ? "s" : "",
                                        p->range_lo != IR_UNSET
                                            ? arena_printf(s->arena, "%d..%d", p->range_lo, p->range_hi)
                                            : arena_printf(s->arena, "%d", p->container_port),
                                        r->range_lo, r->range_hi);
            diag_note(dg, r->container_span, "the range is here");
            diag_note(dg, SPAN_NONE, "remove the single port, or narrow the range so that it "
                                     "leaves the port out");
        }
    }
}

/* The same container port as TCP and as UDP. PortMapping.containerPortRange
   (service-2.json): "A port can only be included in one port mapping per
   container"; RegisterTaskDefinition takes it, but CreateService fails with "Container port N is used in more than
   one port mapping for container" (aws/amazon-ecs-agent#3428,
   terraform-aws-modules/terraform-aws-ecs#89). */
static void tcp_and_udp(Sema *s, const IrContainer *c, const IrService *sv)
{
    Map seen;
    map_init(&seen, s->arena);
    for (int i = 0; i < c->ports.len; i++) {
        const IrPort *p = c->ports.items[i];
        if (p->range_lo != IR_UNSET || p->container_port == IR_UNSET)
            continue;
        const IrPort *other = map_put(&seen, arena_printf(s->arena, "%d", p->container_port), (void *)p);
        if (!other || other->proto == p->proto)
            continue;
        Diagnostic *dg = diag_error(s->diag, p->container_span, "E0420",
                                    "container '%s' maps port %d as both TCP and UDP, which ECS "
                                    "rejects for a service", c->name, p->container_port);
        diag_note(dg, other->container_span, "the other mapping of port %d is here", p->container_port);
        diag_note(dg, sv->name_span, "service '%s' runs the task: CreateService fails with "
                  "\"Container port %d is used in more than one port mapping\"", sv->name,
                  p->container_port);
        diag_note(dg, SPAN_NONE, "keep the protocol the clients use, or move one of them to "
                                 "another port");
    }
}

void rules_ports(Sema *s, const IrService *sv, const IrTask *t)
{
    bool ec2 = !(t->launch & IR_LAUNCH_FARGATE);
    for (int i = 0; i < t->containers.len; i++) {
        const IrContainer *c = t->containers.items[i];
        range_overlaps(s, c);
        if (sv)
            tcp_and_udp(s, c, sv);
        for (int j = 0; ec2 && j < c->ports.len; j++) {
            const IrPort *p = c->ports.items[j];
            if (p->range_lo == IR_UNSET && p->container_port >= 1 && p->container_port <= 65535)
                reserved_ports(s, t, t->net, p);
        }
    }
}
