/* check_task.c - ECS rules for a task definition and its containers.
 *
 * Runs on the effective model (after infer: Fargate tasks have network
 * awsvpc, every container has its effective log and essential flag).
 * Every rule has its own code: E03xx for the task, E04xx for containers,
 * W00xx for warnings.  Each reports at the offending value and adds a note
 * at the place that imposes the rule and, where it helps, one with the fix.
 * All checks are linear in the number of containers, ports and edges:
 * uniqueness goes through hash maps, depends_on cycles through one DFS.
 */
#include "sema/check.h"
#include "sema/rules.h"

#include "base/map.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

typedef struct Check {
    Sema *s;
    const IrModel *m;
    IrTask *t;
    bool fargate;
    IrNetwork net;          /* effective: unset means bridge (Linux) or default (Windows) */
} Check;

static const char *net_name(IrNetwork n)
{
    switch (n) {
    case IR_NET_AWSVPC: return "awsvpc";
    case IR_NET_BRIDGE: return "bridge";
    case IR_NET_HOST: return "host";
    case IR_NET_NONE: return "none";
    case IR_NET_DEFAULT: return "default";
    case IR_NET_UNSET: break;
    }
    return "bridge";
}

static bool has_span(Span sp) { return sp.file != 0; }

/* The note that says where Fargate comes from. */
static void note_fargate(const Check *k, Diagnostic *dg)
{
    diag_note(dg, k->t->launch_span, "the task runs on Fargate because of this");
}

/* The note that says where the network mode comes from. */
static void note_network(const Check *k, Diagnostic *dg)
{
    const IrTask *t = k->t;
    if (has_span(t->network_span))
        diag_note(dg, t->network_span, "the task uses network %s here", net_name(k->net));
    else if (k->fargate)
        diag_note(dg, t->launch_span, "Fargate implies network awsvpc");
    else
        diag_note(dg, t->name_span, "task '%s' uses network %s (the default)", t->name,
                  net_name(k->net));
}

/* ---- task size ------------------------------------------------------------ */

/* Fargate's cpu/memory table.  step 0 means the doubling list 512, 1024, 2048. */
typedef struct FargateSize {
    int cpu, lo, hi, step;
    bool windows;
} FargateSize;

static const FargateSize fargate_sizes[] = {
    {256, 512, 2048, 0, false},
    {512, 1024, 4096, 1024, false},
    {1024, 2048, 8192, 1024, true},
    {2048, 4096, 16384, 1024, true},
    {4096, 8192, 30720, 1024, true},
    {8192, 16384, 61440, 4096, false},
    {16384, 32768, 122880, 8192, false},
};
#define NSIZES ((int)(sizeof fargate_sizes / sizeof *fargate_sizes))

static bool size_fits(const FargateSize *z, int64_t mem)
{
    if (mem < z->lo || mem > z->hi)
        return false;
    if (z->step == 0)
        return mem == 512 || mem == 1024 || mem == 2048;
    return (mem - z->lo) % z->step == 0;
}

/* "512, 1024 or 2048 MiB" / "2048 to 8192 MiB in steps of 1024 MiB" */
static const char *size_memories(Arena *a, const FargateSize *z)
{
    if (z->step == 0)
        return "512, 1024 or 2048 MiB";
    if ((z->hi - z->lo) / z->step + 1 <= 4) {
        const char *s = arena_printf(a, "%d", z->lo);
        for (int v = z->lo + z->step; v <= z->hi; v += z->step)
            s = arena_printf(a, "%s%s%d", s, v == z->hi ? " or " : ", ", v);
        return arena_printf(a, "%s MiB", s);
    }
    return arena_printf(a, "%d to %d MiB in steps of %d MiB", z->lo, z->hi, z->step);
}

/* Joins the cpus of the rows selected by `want` as "512, 1024 or 2048". */
static const char *join_cpus(Arena *a, const bool *want)
{
    const char *s = NULL;
    int last = -1;
    for (int i = 0; i < NSIZES; i++) {
        if (!want[i])
            continue;
        if (last >= 0)
            s = s ? arena_printf(a, "%s, %d", s, fargate_sizes[last].cpu)
                  : arena_printf(a, "%d", fargate_sizes[last].cpu);
        last = i;
    }
    if (last < 0)
        return NULL;
    return s ? arena_printf(a, "%s or %d", s, fargate_sizes[last].cpu)
             : arena_printf(a, "%d", fargate_sizes[last].cpu);
}

static void check_fargate_size(Check *k)
{
    IrTask *t = k->t;
    Arena *a = k->s->arena;
    bool windows = t->os == IR_OS_WINDOWS;
    if (t->cpu == IR_UNSET || t->memory == IR_UNSET) {
        bool both = t->cpu == IR_UNSET && t->memory == IR_UNSET;
        const char *what = both ? "cpu and memory" : t->cpu == IR_UNSET ? "cpu" : "memory";
        Diagnostic *dg = diag_error(k->s->diag, t->name_span, "E0303",
                                    "task '%s' runs on Fargate but sets no task-level %s",
                                    t->name, what);
        diag_note(dg, t->launch_span, "Fargate sizes each task from its cpu and memory");
        diag_note(dg, SPAN_NONE, "add %s to the task",
                  both ? "`cpu 0.25 vcpu` and `memory 512 MiB`"
                  : t->cpu == IR_UNSET ? "`cpu 0.25 vcpu` (or another Fargate size)"
                                       : "`memory 512 MiB` (or another Fargate size)");
        return;
    }
    const FargateSize *row = NULL;
    for (int i = 0; i < NSIZES; i++)
        if (fargate_sizes[i].cpu == t->cpu && (!windows || fargate_sizes[i].windows))
            row = &fargate_sizes[i];
    if (!row) {
        Diagnostic *dg;
        if (windows) {
            dg = diag_error(k->s->diag, t->cpu_span, "E0302",
                            "task cpu %lld is not a Fargate size for Windows tasks",
                            (long long)t->cpu);
            diag_note(dg, t->platform_span, "the task runs Windows containers here");
            diag_note(dg, SPAN_NONE,
                      "Windows tasks on Fargate take cpu 1024, 2048 or 4096 (1, 2 or 4 vcpu)");
        } else {
            dg = diag_error(k->s->diag, t->cpu_span, "E0302",
                            "task cpu %lld is not a Fargate size", (long long)t->cpu);
            diag_note(dg, t->launch_span, "the task runs on Fargate because of this");
            diag_note(dg, SPAN_NONE, "Fargate takes cpu 256, 512, 1024, 2048, 4096, 8192 or "
                                     "16384 (0.25 to 16 vcpu)");
        }
        return;
    }
    if (size_fits(row, t->memory))
        return;
    Diagnostic *dg = diag_error(k->s->diag, t->memory_span, "E0302",
                                "task memory %lld MiB is not a valid Fargate size with cpu %d",
                                (long long)t->memory, row->cpu);
    diag_note(dg, t->cpu_span, "with cpu %d, Fargate allows memory of %s", row->cpu,
              size_memories(a, row));
    bool want[NSIZES];
    for (int i = 0; i < NSIZES; i++)
        want[i] = size_fits(&fargate_sizes[i], t->memory) && (!windows || fargate_sizes[i].windows);
    const char *cpus = join_cpus(a, want);
    if (cpus)
        diag_note(dg, SPAN_NONE, "%lld MiB fits cpu %s", (long long)t->memory, cpus);
}

/* ---- task-level rules ------------------------------------------------------ */

static void check_task_rules(Check *k)
{
    IrTask *t = k->t;
    DiagEngine *de = k->s->diag;
    Diagnostic *dg;

    if (k->fargate && t->network != IR_NET_AWSVPC && has_span(t->network_span)) {
        dg = diag_error(de, t->network_span, "E0301",
                        "Fargate tasks must use network awsvpc, not %s", net_name(t->network));
        note_fargate(k, dg);
        diag_note(dg, SPAN_NONE, "remove the `network` line (Fargate implies awsvpc)");
    }
    if (k->fargate)
        check_fargate_size(k);
    if (t->os == IR_OS_WINDOWS && !k->fargate && (t->cpu != IR_UNSET || t->memory != IR_UNSET)) {
        bool both = t->cpu != IR_UNSET && t->memory != IR_UNSET;
        dg = diag_error(de, t->cpu != IR_UNSET ? t->cpu_span : t->memory_span, "E0304",
                        "a Windows task on EC2 cannot set task-level %s",
                        both ? "cpu and memory" : t->cpu != IR_UNSET ? "cpu" : "memory");
        if (both)
            diag_note(dg, t->memory_span, "memory is set here");
        diag_note(dg, t->platform_span, "ECS ignores task size for Windows containers");
        diag_note(dg, SPAN_NONE, "set `cpu` and `memory` on each container instead");
    }
    if (t->ephemeral_gib != 0 && !k->fargate) {
        dg = diag_error(de, t->ephemeral_span, "E0314",
                        "ephemeral storage can only be set for Fargate tasks");
        if (has_span(t->launch_span))
            diag_note(dg, t->launch_span, "the task does not run on Fargate");
        diag_note(dg, SPAN_NONE, "on EC2 the container instance's disk is used; remove `storage`");
    } else if (t->ephemeral_gib != 0 && (t->ephemeral_gib < 21 || t->ephemeral_gib > 200)) {
        dg = diag_error(de, t->ephemeral_span, "E0314",
                        "ephemeral storage of %d GiB is outside Fargate's 21 to 200 GiB",
                        t->ephemeral_gib);
        diag_note(dg, SPAN_NONE, "Fargate gives every task 20 GiB; ask for 21 to 200 GiB, or "
                                 "remove `storage`");
    }
    if (t->os == IR_OS_WINDOWS && t->arch && strcmp(t->arch, "ARM64") == 0) {
        dg = diag_error(de, t->platform_span, "E0316", "Windows containers cannot run on arm64");
        diag_note(dg, SPAN_NONE, "use x86_64, or run the task on linux");
    }
    if (!k->fargate)
        return;
    for (int i = 0; i < t->volumes.len; i++) {
        const IrVolume *v = t->volumes.items[i];
        if (v->kind != IR_VOL_DOCKER)
            continue;
        dg = diag_error(de, v->kind_span, "E0311",
                        "Docker volume '%s' is not supported on Fargate", v->name);
        note_fargate(k, dg);
        diag_note(dg, SPAN_NONE, "use a task volume (`volume %s`) or an EFS volume", v->name);
    }
    if (t->placement.len) {
        dg = diag_error(de, t->placement_span, "E0312",
                        "placement constraints are not supported on Fargate");
        note_fargate(k, dg);
        diag_note(dg, SPAN_NONE, "remove `placement`; Fargate chooses the host");
    }
    if (t->pid_mode && strcmp(t->pid_mode, "host") == 0) {
        dg = diag_error(de, t->pid_span, "E0315", "pid mode host is not supported on Fargate");
        note_fargate(k, dg);
        diag_note(dg, SPAN_NONE, "Fargate allows only `pid task`");
    }
    if (t->ipc_mode) {
        dg = diag_error(de, t->ipc_span, "E0315", "ipc mode %s is not supported on Fargate",
                        t->ipc_mode);
        note_fargate(k, dg);
        diag_note(dg, SPAN_NONE, "remove the `ipc` line");
    }
}

/* ---- containers: the task as a whole ----------------------------------------- */

static void check_container_set(Check *k)
{
    IrTask *t = k->t;
    DiagEngine *de = k->s->diag;
    Diagnostic *dg;
    int n = t->containers.len;

    if (n == 0) {
        dg = diag_error(de, t->name_span, "E0306", "task '%s' has no container", t->name);
        diag_note(dg, SPAN_NONE, "add one: container app { image \"nginx:1.25\" }");
        return;
    }
    if (n > 10) {
        const IrContainer *c = t->containers.items[10];
        dg = diag_error(de, c->name_span, "E0305",
                        "task '%s' has %d containers; a task definition holds at most 10",
                        t->name, n);
        diag_note(dg, t->name_span, "the task is declared here");
        diag_note(dg, SPAN_NONE, "split the containers across several tasks");
    }

    bool any_essential = false;
    for (int i = 0; i < n && !any_essential; i++)
        any_essential = ((const IrContainer *)t->containers.items[i])->essential == IR_TRI_TRUE;
    if (!any_essential) {
        dg = diag_error(de, t->name_span, "E0307", "no container in task '%s' is essential",
                        t->name);
        for (int i = 0; i < n; i++) {
            const IrContainer *c = t->containers.items[i];
            if (has_span(c->essential_span))
                diag_note(dg, c->essential_span, "'%s' is marked not essential here", c->name);
        }
        diag_note(dg, SPAN_NONE, "a task needs one essential container; remove `essential false` "
                                 "from the main one");
    }

    /* Sums against the task size. */
    if (t->cpu != IR_UNSET) {
        int64_t sum = 0;
        const IrContainer *over = NULL;
        for (int i = 0; i < n; i++) {
            const IrContainer *c = t->containers.items[i];
            if (c->cpu == IR_UNSET)
                continue;
            sum += c->cpu;
            if (!over && sum > t->cpu)
                over = c;
        }
        if (over) {
            dg = diag_error(de, over->cpu_span, "E0308",
                            "the containers of task '%s' reserve %lld cpu units, more than the "
                            "task's %lld", t->name, (long long)sum, (long long)t->cpu);
            diag_note(dg, t->cpu_span, "the task's cpu is set here");
            diag_note(dg, SPAN_NONE, "lower the containers' cpu or raise the task's");
        }
    }
    if (t->memory != IR_UNSET) {
        bool single = false;
        int64_t sum = 0;
        const IrContainer *over = NULL;
        for (int i = 0; i < n; i++) {
            const IrContainer *c = t->containers.items[i];
            if (c->memory != IR_UNSET && c->memory > t->memory) {
                single = true;
                dg = diag_error(de, c->memory_span, "E0309",
                                "container '%s' memory %lld MiB exceeds the task's %lld MiB",
                                c->name, (long long)c->memory, (long long)t->memory);
                diag_note(dg, t->memory_span, "the task's memory is set here");
                diag_note(dg, SPAN_NONE, "lower the container's memory or raise the task's");
            }
            int64_t r = c->memory_reservation != IR_UNSET ? c->memory_reservation : c->memory;
            if (r == IR_UNSET)
                continue;
            sum += r;
            if (!over && sum > t->memory)
                over = c;
        }
        if (over && !single) {
            dg = diag_error(de, over->memory_reservation != IR_UNSET ? over->reservation_span
                                                                    : over->memory_span,
                            "E0309",
                            "the containers of task '%s' reserve %lld MiB of memory, more than "
                            "the task's %lld MiB", t->name, (long long)sum, (long long)t->memory);
            diag_note(dg, t->memory_span, "the task's memory is set here");
            diag_note(dg, SPAN_NONE, "lower the containers' memory (or memory_reservation) or "
                                     "raise the task's");
        }
    }

    /* Exactly one FireLens router when any container logs through it. */
    const IrContainer *router = NULL;
    const IrLog *firelens_log = NULL;
    for (int i = 0; i < n; i++) {
        const IrContainer *c = t->containers.items[i];
        if (!firelens_log && c->log && strcmp(c->log->driver, "awsfirelens") == 0)
            firelens_log = c->log;
        if (!c->firelens_type)
            continue;
        if (!router) {
            router = c;
            continue;
        }
        dg = diag_error(de, c->firelens_span, "E0414",
                        "task '%s' has a second FireLens log router, '%s'", t->name, c->name);
        diag_note(dg, router->firelens_span, "the first is '%s'", router->name);
        diag_note(dg, SPAN_NONE, "a task has at most one container with `firelens`");
    }
    if (firelens_log && !router) {
        dg = diag_error(de, firelens_log->span, "E0414",
                        "logs go to FireLens but no container in task '%s' is a log router",
                        t->name);
        diag_note(dg, SPAN_NONE, "add a router container: container log_router { image "
                                 "\"public.ecr.aws/aws-observability/aws-for-fluent-bit:stable\" "
                                 "firelens fluentbit }");
    }

    /* `logs none`: warn once per log declaration. */
    bool task_none_warned = false;
    for (int i = 0; i < n; i++) {
        const IrContainer *c = t->containers.items[i];
        if (!c->log || strcmp(c->log->driver, "none") != 0)
            continue;
        if (c->log == t->log) {
            if (task_none_warned)
                continue;
            task_none_warned = true;
            dg = diag_warning(de, c->log->span, "W0002",
                              "the containers of task '%s' use log driver none and will not log",
                              t->name);
        } else {
            dg = diag_warning(de, c->log->span, "W0002",
                              "container '%s' uses log driver none and will not log", c->name);
        }
        diag_note(dg, SPAN_NONE, "choose another log driver, such as awslogs, to keep its output");
    }
}

/* ---- ports -------------------------------------------------------------------- */

static const char *proto_name(IrProto p) { return p == IR_PROTO_UDP ? "udp" : "tcp"; }

static bool port_ok(int p) { return p >= 1 && p <= 65535; }

/* E0406; returns false when the port is out of range (other checks skip it). */
static bool check_port_range(Check *k, const IrPort *p)
{
    DiagEngine *de = k->s->diag;
    bool ok = true;
    Diagnostic *dg;
    if (p->range_lo != IR_UNSET) {
        if (!port_ok(p->range_lo) || !port_ok(p->range_hi)) {
            dg = diag_error(de, p->container_span, "E0406",
                            "port range %d..%d is outside 1 to 65535", p->range_lo, p->range_hi);
            ok = false;
        } else if (p->range_lo > p->range_hi) {
            dg = diag_error(de, p->container_span, "E0406",
                            "port range %d..%d ends before it starts", p->range_lo, p->range_hi);
            diag_note(dg, SPAN_NONE, "write the lower port first: %d..%d", p->range_hi,
                      p->range_lo);
            ok = false;
        }
    } else if (!port_ok(p->container_port)) {
        dg = diag_error(de, p->container_span, "E0406", "container port %d is outside 1 to 65535",
                        p->container_port);
        ok = false;
    }
    if (p->host_port != IR_UNSET && !p->host_dynamic && !port_ok(p->host_port)) {
        dg = diag_error(de, p->host_span, "E0406", "host port %d is outside 1 to 65535",
                        p->host_port);
        if (p->host_port == 0)
            diag_note(dg, SPAN_NONE, "for a port chosen by Docker in bridge mode write `-> dynamic`");
        ok = false;
    }
    return ok;
}

static void check_ports(Check *k)
{
    IrTask *t = k->t;
    Arena *a = k->s->arena;
    DiagEngine *de = k->s->diag;
    Diagnostic *dg;
    bool shared_ns = k->net == IR_NET_AWSVPC || k->net == IR_NET_HOST;
    Map cports, hports;
    map_init(&cports, a);
    map_init(&hports, a);
    for (int i = 0; i < t->containers.len; i++) {
        const IrContainer *c = t->containers.items[i];
        if (k->net == IR_NET_NONE && c->ports.len) {
            const IrPort *p = c->ports.items[0];
            dg = diag_error(de, p->span, "E0417",
                            "container '%s' maps ports, but the task uses network none",
                            c->name);
            note_network(k, dg);
            diag_note(dg, SPAN_NONE, "remove the ports, or use another network mode");
            continue;
        }
        for (int j = 0; j < c->ports.len; j++) {
            const IrPort *p = c->ports.items[j];
            if (!check_port_range(k, p))
                continue;
            if (shared_ns && p->host_port != IR_UNSET &&
                (p->host_dynamic || p->host_port != p->container_port)) {
                if (p->host_dynamic)
                    dg = diag_error(de, p->host_span, "E0403",
                                    "a dynamic host port needs network bridge, not %s",
                                    net_name(k->net));
                else
                    dg = diag_error(de, p->host_span, "E0403",
                                    "host port %d differs from container port %d; with network "
                                    "%s they must be equal", p->host_port, p->container_port,
                                    net_name(k->net));
                note_network(k, dg);
                if (p->container_port != IR_UNSET)
                    diag_note(dg, SPAN_NONE, "the task's address serves the container port directly; write `port %d`",
                              p->container_port);
                continue;
            }
            if (p->range_lo != IR_UNSET)
                continue;   /* ranges: ECS assigns the host ports */
            /* The same container port: task-wide when the containers share one
               network namespace, else within the container. */
            const char *key = shared_ns
                ? arena_printf(a, "%d/%s", p->container_port, proto_name(p->proto))
                : arena_printf(a, "%s:%d/%s", c->name, p->container_port, proto_name(p->proto));
            const IrPort *prev = map_put(&cports, key, (void *)p);
            if (prev) {
                dg = diag_error(de, p->container_span, "E0404",
                                "container port %d/%s is mapped twice in task '%s'",
                                p->container_port, proto_name(p->proto), t->name);
                diag_note(dg, prev->container_span, "first mapped here");
                continue;
            }
            if (shared_ns || p->host_port == IR_UNSET || p->host_dynamic)
                continue;
            key = arena_printf(a, "%d/%s", p->host_port, proto_name(p->proto));
            prev = map_put(&hports, key, (void *)p);
            if (prev) {
                dg = diag_error(de, p->host_span, "E0405",
                                "host port %d/%s is taken twice in task '%s'", p->host_port,
                                proto_name(p->proto), t->name);
                diag_note(dg, prev->host_span, "first taken here");
                diag_note(dg, SPAN_NONE, "use another host port, or `-> dynamic`");
            }
        }
    }
}

/* ---- depends_on ------------------------------------------------------------------ */

typedef struct Frame {
    int node, next;         /* container index, next edge to explore */
} Frame;

/* One iterative DFS: every back edge closes a cycle, reported once at that
   edge with notes on the other edges of the cycle. */
static void check_cycles(Check *k)
{
    IrTask *t = k->t;
    Arena *a = k->s->arena;
    int n = t->containers.len;
    if (!n)
        return;
    Map index;
    map_init(&index, a);
    for (int i = 0; i < n; i++) {
        const IrContainer *c = t->containers.items[i];
        map_put(&index, c->name, (void *)(intptr_t)(i + 1));
    }
    enum { WHITE, GRAY, BLACK };
    int *color = ARENA_ARRAY(a, int, n);
    int *pos = ARENA_ARRAY(a, int, n);      /* stack position while GRAY */
    Frame *stack = ARENA_ARRAY(a, Frame, n);
    for (int root = 0; root < n; root++) {
        if (color[root] != WHITE)
            continue;
        int sp = 0;
        stack[sp++] = (Frame){root, 0};
        color[root] = GRAY;
        pos[root] = 0;
        while (sp) {
            Frame *f = &stack[sp - 1];
            const IrContainer *u = t->containers.items[f->node];
            if (f->next == u->depends.len) {
                color[f->node] = BLACK;
                sp--;
                continue;
            }
            const IrDepend *e = u->depends.items[f->next++];
            const IrContainer *target = e->container.target;
            if (!target)
                continue;
            int v = (int)(intptr_t)map_get(&index, target->name) - 1;
            if (v < 0)
                continue;
            if (color[v] == WHITE) {
                color[v] = GRAY;
                pos[v] = sp;
                stack[sp++] = (Frame){v, 0};
                continue;
            }
            if (color[v] != GRAY)
                continue;
            /* Back edge u -> v: the cycle is stack[pos[v]..sp-1], then v. */
            const char *path = ((const IrContainer *)t->containers.items[v])->name;
            for (int i = pos[v] + 1; i < sp; i++)
                path = arena_printf(a, "%s -> %s", path,
                                    ((const IrContainer *)t->containers.items[stack[i].node])->name);
            path = arena_printf(a, "%s -> %s", path, target->name);
            Diagnostic *dg;
            if (v == f->node) {
                dg = diag_error(k->s->diag, e->container.span, "E0407",
                                "container '%s' depends on itself: %s", u->name, path);
            } else {
                dg = diag_error(k->s->diag, e->container.span, "E0407",
                                "depends_on forms a cycle: %s", path);
                for (int i = pos[v]; i < sp - 1; i++) {
                    const IrContainer *from = t->containers.items[stack[i].node];
                    const IrDepend *te = from->depends.items[stack[i].next - 1];
                    diag_note(dg, te->container.span, "'%s' waits for '%s' here", from->name,
                              te->container.name);
                }
            }
            diag_note(dg, SPAN_NONE, "the containers would wait for each other forever; "
                                     "remove one of these depends_on");
        }
    }
}

/* ---- one container ------------------------------------------------------------------ */

static bool contains_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && toupper((unsigned char)s[i]) == word[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

static bool looks_secret(const char *name)
{
    return contains_ci(name, "PASSWORD") || contains_ci(name, "SECRET") ||
           contains_ci(name, "TOKEN") || contains_ci(name, "KEY");
}

static void check_container(Check *k, const IrContainer *c)
{
    IrTask *t = k->t;
    Arena *a = k->s->arena;
    DiagEngine *de = k->s->diag;
    Diagnostic *dg;

    if (!c->image) {
        dg = diag_error(de, c->name_span, "E0413", "container '%s' has no image", c->name);
        diag_note(dg, SPAN_NONE, "add one, for example `image \"nginx:1.25\"`");
    }
    if (t->memory == IR_UNSET && !k->fargate && c->memory == IR_UNSET &&
        c->memory_reservation == IR_UNSET) {
        dg = diag_error(de, c->name_span, "E0401",
                        "container '%s' has neither memory nor memory_reservation", c->name);
        diag_note(dg, t->name_span, "task '%s' sets no task-level memory", t->name);
        diag_note(dg, SPAN_NONE, "add `memory 512 MiB` or `memory_reservation 256 MiB` to the "
                                 "container, or a memory to the task");
    }
    if (c->memory != IR_UNSET && c->memory_reservation != IR_UNSET &&
        c->memory_reservation > c->memory) {
        dg = diag_error(de, c->reservation_span, "E0402",
                        "memory_reservation %lld MiB is greater than the memory limit %lld MiB",
                        (long long)c->memory_reservation, (long long)c->memory);
        diag_note(dg, c->memory_span, "the hard limit is set here");
        diag_note(dg, SPAN_NONE, "the reservation is a soft limit and must not exceed `memory`");
    }
    if (k->fargate) {
        if (c->privileged == IR_TRI_TRUE) {
            dg = diag_error(de, c->privileged_span, "E0310",
                            "privileged containers are not supported on Fargate");
            note_fargate(k, dg);
            diag_note(dg, SPAN_NONE, "remove `privileged`, or run the task on EC2");
        }
        if (c->gpus != IR_UNSET) {
            dg = diag_error(de, c->gpu_span, "E0313", "GPUs are not supported on Fargate");
            note_fargate(k, dg);
            diag_note(dg, SPAN_NONE, "run the task on EC2 GPU instances with `launch ec2`");
        }
        /* Linux parameters Fargate does not offer (initProcessEnabled and
           capabilities.add SYS_PTRACE are fine). */
        const char *unsupported = c->tmpfs.len ? "tmpfs"
                                  : c->devices.len ? "device"
                                  : c->shm_mib != IR_UNSET ? "shm"
                                  : c->max_swap_mib != IR_UNSET ? "swap" : NULL;
        if (unsupported) {
            Span at = c->tmpfs.len ? ((const IrTmpfs *)c->tmpfs.items[0])->span
                      : c->devices.len ? ((const IrDevice *)c->devices.items[0])->span : c->name_span;
            dg = diag_error(de, at, "E0317",
                            "container '%s' uses `%s`, which Fargate does not support",
                            c->name, unsupported);
            note_fargate(k, dg);
            diag_note(dg, SPAN_NONE, "remove `%s`, or run the task on EC2", unsupported);
        }
        if (c->stop_timeout != IR_UNSET && c->stop_timeout > 120) {
            dg = diag_error(de, c->name_span, "E0415",
                            "container '%s' has stop_timeout %d s, above Fargate's maximum of "
                            "120 s", c->name, c->stop_timeout);
            note_fargate(k, dg);
            diag_note(dg, SPAN_NONE, "write `stop_timeout 120s` or less");
        }
    }
    rules_health_ranges(k->s, c);

    for (int i = 0; i < c->depends.len; i++) {
        const IrDepend *d = c->depends.items[i];
        const IrContainer *target = d->container.target;
        if (!target)
            continue;
        if (d->condition == IR_COND_HEALTHY && (!target->health || target->health->none)) {
            dg = diag_error(de, d->cond_span, "E0408",
                            "'%s' waits for '%s' to be healthy, but '%s' has no health check",
                            c->name, target->name, target->name);
            diag_note(dg, target->name_span, "container '%s' is declared here", target->name);
            diag_note(dg, SPAN_NONE, "add `health cmd \"…\"` to '%s', or wait for `start`",
                      target->name);
        }
        if ((d->condition == IR_COND_COMPLETE || d->condition == IR_COND_SUCCESS) &&
            target->essential == IR_TRI_TRUE) {
            const char *cond = d->condition == IR_COND_COMPLETE ? "complete" : "success";
            dg = diag_error(de, d->cond_span, "E0419",
                            "'%s' waits for essential container '%s' to %s", c->name,
                            target->name, d->condition == IR_COND_COMPLETE ? "complete" : "succeed");
            if (has_span(target->essential_span))
                diag_note(dg, target->essential_span, "'%s' is marked essential here",
                          target->name);
            else
                diag_note(dg, target->name_span, "'%s' is essential by default", target->name);
            diag_note(dg, SPAN_NONE, "an essential container's exit stops the task, so `%s` "
                                     "needs a non-essential one: add `essential false` to '%s'",
                      cond, target->name);
        }
    }

    if (c->links.len && k->net != IR_NET_BRIDGE) {
        dg = diag_error(de, c->links_span, "E0410", "links need network bridge, not %s",
                        net_name(k->net));
        note_network(k, dg);
        diag_note(dg, SPAN_NONE, k->net == IR_NET_AWSVPC
                  ? "containers in an awsvpc task reach each other on localhost"
                  : "remove `links`");
    }
    if (c->hostname && k->net == IR_NET_AWSVPC) {
        dg = diag_error(de, c->hostname_span, "E0411",
                        "hostname cannot be set with network awsvpc");
        note_network(k, dg);
        diag_note(dg, SPAN_NONE, "remove `hostname`; the task's network interface names it");
    }
    for (int i = 0; i < c->volumes_from.len; i++) {
        const IrVolumesFrom *v = c->volumes_from.items[i];
        if (v->container.target != c)
            continue;
        dg = diag_error(de, v->container.span, "E0412",
                        "container '%s' takes volumes from itself", c->name);
        diag_note(dg, SPAN_NONE, "name another container of the task");
    }

    /* Environment and secrets: one name, one source. */
    Map env, secrets;
    map_init(&env, a);
    map_init(&secrets, a);
    for (int i = 0; i < c->env.len; i++) {
        const IrKV *kv = c->env.items[i];
        map_put(&env, kv->key, (void *)kv);
        if (kv->value && kv->value[0] && looks_secret(kv->key)) {
            dg = diag_warning(de, kv->key_span, "W0001",
                              "environment variable '%s' looks like a secret; its value will be "
                              "visible in the task definition", kv->key);
            diag_note(dg, SPAN_NONE, "store it in SSM and write `secret %s from ssm \"/%s/%s\"`",
                      kv->key, k->m->app && k->m->app->name ? k->m->app->name : "app", kv->key);
        }
    }
    for (int i = 0; i < c->secrets.len; i++) {
        const IrSecret *sec = c->secrets.items[i];
        const IrKV *kv = map_get(&env, sec->name);
        if (kv) {
            dg = diag_error(de, sec->span, "E0418",
                            "'%s' is set both in env and as a secret of container '%s'",
                            sec->name, c->name);
            diag_note(dg, kv->key_span, "set in env here");
            diag_note(dg, SPAN_NONE, "keep only the secret");
            continue;
        }
        const IrSecret *prev = map_put(&secrets, sec->name, (void *)sec);
        if (prev) {
            dg = diag_error(de, sec->span, "E0418", "secret '%s' is set twice in container '%s'",
                            sec->name, c->name);
            diag_note(dg, prev->span, "first set here");
        }
    }
}

void check_task(Sema *s, const IrModel *m, IrTask *t, const IrService *sv)
{
    Check k = {s, m, t, (t->launch & IR_LAUNCH_FARGATE) != 0, t->net};
    check_task_rules(&k);
    check_container_set(&k);
    for (int i = 0; i < t->containers.len; i++)
        check_container(&k, t->containers.items[i]);
    check_ports(&k);
    rules_memory_sizes(s, t);
    rules_ports(s, sv, t);
    check_cycles(&k);
}
