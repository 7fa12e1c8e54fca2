/* graph_dot.c - the application as it will run, as a Graphviz DOT picture
 * (`ecsc graph`).
 *
 * Read left to right: load balancers and their listeners, the listener
 * rules (paths, hosts, priority), target groups, services, task
 * definitions with their containers, and around them what they use:
 * roles, secrets, log groups, capacity; Service Connect's namespace and
 * the schedules that run tasks.  Every name and existence comes
 * from the plan: a node of a generated resource is named by its logical
 * id, so the picture and the template say the same thing.
 *
 * Output is deterministic: the model's order, no hash order, no
 * addresses.
 */
#include "graph_dot.h"

#include "model/ir_names.h"
#include "model/param_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct Dot {
    const Plan *p;
    StrBuf *out;
    Arena *a;
} Dot;

/* ---- quoting ------------------------------------------------------------ */

static bool put_piece(void *ctx, const char *s, size_t n, bool is_param)
{
    StrBuf *b = ctx;
    if (is_param)
        strbuf_puts(b, "${");
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            strbuf_putc(b, '\\');
        if (ch == '\n')
            strbuf_puts(b, "\\n");
        else if (ch >= 0x20 && ch != 0x7f)
            strbuf_putc(b, (char)ch);
    }
    if (is_param)
        strbuf_putc(b, '}');
    return true;
}

/* `s` inside a DOT string: quotes and backslashes escaped, control
   characters dropped, a param shown as ${name}. */
static void put_text(StrBuf *b, const char *s)
{
    param_text_each(s ? s : "", put_piece, b);
}

/* A label's lines, given as printf pieces separated by '\n'. */
static const char *label(Dot *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *label(Dot *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = arena_vprintf(d->a, fmt, ap);
    va_end(ap);
    return s;
}

static void node(Dot *d, const char *id, const char *text, const char *attrs)
{
    strbuf_puts(d->out, "    \"");
    put_text(d->out, id);
    strbuf_puts(d->out, "\" [label=\"");
    put_text(d->out, text);
    strbuf_putc(d->out, '"');
    if (attrs && *attrs)
        strbuf_printf(d->out, ", %s", attrs);
    strbuf_puts(d->out, "];\n");
}

static void edge(Dot *d, const char *from, const char *to, const char *text, const char *attrs)
{
    strbuf_puts(d->out, "  \"");
    put_text(d->out, from);
    strbuf_puts(d->out, "\" -> \"");
    put_text(d->out, to);
    strbuf_putc(d->out, '"');
    if (text || (attrs && *attrs)) {
        strbuf_puts(d->out, " [");
        if (text) {
            strbuf_puts(d->out, "label=\"");
            put_text(d->out, text);
            strbuf_putc(d->out, '"');
        }
        if (attrs && *attrs)
            strbuf_printf(d->out, "%s%s", text ? ", " : "", attrs);
        strbuf_putc(d->out, ']');
    }
    strbuf_puts(d->out, ";\n");
}

/* ---- units as a reader says them ------------------------------------------ */

static const char *cpu_text(Dot *d, int64_t units)
{
    if (units % 1024 == 0)
        return label(d, "%lld vCPU", (long long)(units / 1024));
    if (units * 4 % 1024 == 0)
        return label(d, "%g vCPU", (double)units / 1024);
    return label(d, "%lld CPU units", (long long)units);
}

static const char *mem_text(Dot *d, int64_t mib)
{
    if (mib >= 1024 && mib % 512 == 0)
        return label(d, "%g GiB", (double)mib / 1024);
    return label(d, "%lld MiB", (long long)mib);
}

/* ---- nodes by kind ------------------------------------------------------- */

static const char *container_id(Dot *d, const IrContainer *c)
{
    return label(d, "%s/%s", plan_task(d->p, c->task)->task_def->id, c->name);
}

static const char *role_id(Dot *d, const IrRole *r)
{
    for (int i = 0; i < d->p->m->roles.len; i++)
        if (d->p->roles[i].role == r && d->p->roles[i].res)
            return d->p->roles[i].res->id;
    return label(d, "role %s", r->name);
}

static void load_balancers(Dot *d)
{
    const IrModel *m = d->p->m;
    for (int i = 0; i < m->load_balancers.len; i++) {
        const PlanLoadBalancer *pl = &d->p->lbs[i];
        if (!pl->lb_res)
            continue;   /* an existing listener: its rules stand alone */
        const IrLoadBalancer *lb = pl->lb;
        strbuf_printf(d->out, "  subgraph \"cluster_%s\" {\n", pl->lb_res->id);
        strbuf_puts(d->out, "    label=\"\"; style=\"rounded,filled\"; fillcolor=\"#eef4fb\"; color=\"#7a9cc6\";\n");
        node(d, pl->lb_res->id,
             label(d, "load balancer %s\n%s, %s\n%s", lb->name,
                   lb->network ? "Network" : "Application",
                   lb->internal ? "internal" : "internet-facing", pl->aws_name),
             "shape=box, style=\"bold\"");
        for (int k = 0; k < lb->listeners.len; k++) {
            const IrListener *l = lb->listeners.items[k];
            const char *dflt = lb->network ? "default: forward"
                : l->redirect_port != IR_UNSET
                ? label(d, "redirect to :%d", l->redirect_port)
                : label(d, "default: fixed %d", l->fixed_status != IR_UNSET ? l->fixed_status : 404);
            node(d, pl->listeners[k]->id,
                 label(d, "%s :%d\n%s", ir_listener_proto_api(l->proto), l->port, dflt), "shape=cds");
        }
        strbuf_puts(d->out, "  }\n");
        for (int k = 0; k < lb->listeners.len; k++) {
            const IrListener *l = lb->listeners.items[k];
            edge(d, pl->lb_res->id, pl->listeners[k]->id, NULL, NULL);
            if (l->redirect_port == IR_UNSET)
                continue;
            for (int j = 0; j < lb->listeners.len; j++) {
                const IrListener *to = lb->listeners.items[j];
                if (to->port == l->redirect_port)
                    edge(d, pl->listeners[k]->id, pl->listeners[j]->id, "redirect",
                         "style=dashed, constraint=false");
            }
        }
    }
}

static const char *route_text(Dot *d, const IrRoute *r)
{
    StrBuf b = {0};
    for (int i = 0; i < r->hosts.len; i++)
        strbuf_printf(&b, "%shost %s", i ? ", " : "", (const char *)r->hosts.items[i]);
    if (r->hosts.len && r->paths.len)
        strbuf_putc(&b, '\n');
    for (int i = 0; i < r->paths.len; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", (const char *)r->paths.items[i]);
    if (r->priority != IR_UNSET)
        strbuf_printf(&b, "\npriority %d", r->priority);
    const char *s = arena_strdup(d->a, strbuf_cstr(&b));
    strbuf_free(&b);
    return s;
}

static void routes(Dot *d, const PlanService *ps)
{
    const IrService *sv = ps->sv;
    for (int k = 0; k < sv->routes.len; k++) {
        const PlanRoute *pr = &ps->routes[k];
        const IrRoute *r = pr->route;
        const PlanLoadBalancer *pl = plan_lb(d->p, r->lb.target);
        const IrLoadBalancer *lb = pl->lb;
        for (int j = 0; j < pr->rules.len; j++) {
            const PlanRes *rule = pr->rules.items[j];
            node(d, rule->id, route_text(d, r), "shape=box, style=rounded");
            for (int li = 0; li < lb->listeners.len; li++)
                if (lb->listeners.items[li] == rule->sub)
                    edge(d, pl->listeners[li]->id, rule->id, NULL, NULL);
            edge(d, rule->id, pr->tg->id, NULL, NULL);
        }
        const IrListener *nl = plan_nlb_listener(r);
        for (int li = 0; nl && li < lb->listeners.len; li++)
            if (lb->listeners.items[li] == nl)
                edge(d, pl->listeners[li]->id, pr->tg->id, NULL, NULL);
        if (pr->shares_target)
            continue;
        const char *health = r->health_path ? r->health_path : lb->network ? "tcp" : "/";
        const char *proto = !lb->network ? "HTTP"
                          : strcmp(plan_route_ip_protocol(r), "udp") == 0 ? "UDP" : "TCP";
        node(d, pr->tg->id,
             label(d, "target group %s\n%s :%d, health %s", pr->tg_name, proto, r->port, health),
             "shape=box, style=\"rounded,filled\", fillcolor=\"#fdf5e6\"");
        edge(d, pr->tg->id, ps->service->id, NULL, NULL);
        if (pr->alt_tg) {
            node(d, pr->alt_tg->id, label(d, "alternate target group %s", pr->alt_tg_name),
                 "shape=box, style=\"rounded,dashed\"");
            edge(d, pr->alt_tg->id, ps->service->id, "blue/green", "style=dashed");
        }
    }
}

static const char *service_text(Dot *d, const PlanService *ps)
{
    const IrService *sv = ps->sv;
    StrBuf b = {0};
    strbuf_printf(&b, "service %s\n%s", sv->name, ps->aws_name);
    if (sv->daemon)
        strbuf_puts(&b, "\ndaemon: one task per instance");
    else if (sv->scaling && !sv->scaling->policies.len)
        strbuf_printf(&b, "\nscale %d..%d", sv->scaling->min, sv->scaling->max);
    else if (sv->scaling)
        strbuf_printf(&b, "\nscale %d..%d on %s %d%s", sv->scaling->min, sv->scaling->max,
                      ir_scale_metric_word(sv->scaling->metric), sv->scaling->target,
                      sv->scaling->metric == IR_SCALE_CPU
                          || sv->scaling->metric == IR_SCALE_MEMORY ? "%" : "");
    else
        strbuf_printf(&b, "\ndesired %d", sv->desired != IR_UNSET ? sv->desired : 1);
    if (sv->launch && ir_launch_api(sv->launch))
        strbuf_printf(&b, ", %s", ir_launch_word(sv->launch));
    if (sv->blue_green != IR_BG_NONE)
        strbuf_printf(&b, "\nblue/green%s", sv->codedeploy ? " (CodeDeploy)" : "");
    const char *s = arena_strdup(d->a, strbuf_cstr(&b));
    strbuf_free(&b);
    return s;
}

static void capacity_uses(Dot *d, const PlanService *ps)
{
    const IrService *sv = ps->sv;
    for (int i = 0; i < sv->capacity.len; i++) {
        const IrCapacityUse *u = sv->capacity.items[i];
        const IrCapacity *cap = u->capacity.target;
        const char *to = cap ? plan_capacity(d->p, cap)->provider->id : label(d, "provider %s", u->provider);
        if (!cap)
            node(d, to, label(d, "capacity provider\n%s", u->provider), "shape=component");
        const char *w = u->base > 0 ? label(d, "weight %d, base %d", u->weight, u->base)
                                    : label(d, "weight %d", u->weight);
        edge(d, ps->service->id, to, sv->capacity.len > 1 ? w : "runs on", "style=dashed");
    }
}

static void services(Dot *d)
{
    const IrModel *m = d->p->m;
    for (int i = 0; i < m->services.len; i++) {
        const PlanService *ps = &d->p->services[i];
        node(d, ps->service->id, service_text(d, ps),
             "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#e8f5e9\"");
        routes(d, ps);
        const IrTask *t = ps->sv->task.target;
        edge(d, ps->service->id, plan_task(d->p, t)->task_def->id, NULL, NULL);
        capacity_uses(d, ps);
    }
}

static const char *container_text(Dot *d, const IrContainer *c)
{
    StrBuf b = {0};
    strbuf_printf(&b, "container %s\n%s", c->name, c->image ? c->image : "");
    for (int i = 0; i < c->ports.len; i++) {
        const IrPort *pt = c->ports.items[i];
        strbuf_puts(&b, i ? ", " : "\n");
        if (pt->container_port != IR_UNSET)
            strbuf_printf(&b, ":%d", pt->container_port);
        else
            strbuf_printf(&b, ":%d-%d", pt->range_lo, pt->range_hi);
        if (pt->proto != IR_PROTO_TCP)
            strbuf_printf(&b, "/%s", ir_proto_word(pt->proto));
    }
    if (c->essential == IR_TRI_FALSE)
        strbuf_puts(&b, "\nsidecar (not essential)");
    const char *s = arena_strdup(d->a, strbuf_cstr(&b));
    strbuf_free(&b);
    return s;
}

static const char *secret_source(const IrSecret *s)
{
    switch (s->source) {
    case IR_SECRET_SSM: return "SSM";
    case IR_SECRET_SECRETSMANAGER: return "Secrets Manager";
    case IR_SECRET_ARN: break;
    }
    return "ARN";
}

static void task_roles(Dot *d, const PlanTask *pt)
{
    const IrTask *t = pt->task;
    const char *td = pt->task_def->id;
    if (t->role.target)
        edge(d, td, role_id(d, t->role.target), "task role", "style=dashed");
    else if (t->role_arn) {
        const char *id = label(d, "%s/task-role", td);
        node(d, id, label(d, "existing role\n%s", t->role_arn), "shape=hexagon");
        edge(d, td, id, "task role", "style=dashed");
    }
    if (pt->exec_role) {
        node(d, pt->exec_role->id, label(d, "execution role\n%s", t->exec_role_name ? t->exec_role_name : ""),
             "shape=hexagon");
        edge(d, td, pt->exec_role->id, "execution role", "style=dashed");
    } else if (t->exec_role.target) {
        edge(d, td, role_id(d, t->exec_role.target), "execution role", "style=dashed");
    } else if (t->exec_role_arn) {
        const char *id = label(d, "%s/execution-role", td);
        node(d, id, label(d, "existing role\n%s", t->exec_role_arn), "shape=hexagon");
        edge(d, td, id, "execution role", "style=dashed");
    }
}

static void tasks(Dot *d)
{
    const IrModel *m = d->p->m;
    for (int i = 0; i < m->tasks.len; i++) {
        const PlanTask *pt = &d->p->tasks[i];
        const IrTask *t = pt->task;
        const char *td = pt->task_def->id;
        strbuf_printf(d->out, "  subgraph \"cluster_%s\" {\n", td);
        strbuf_puts(d->out, "    label=\"\"; style=\"rounded,filled\"; fillcolor=\"#f5f5f5\"; color=\"#9e9e9e\";\n");
        StrBuf b = {0};
        strbuf_printf(&b, "task %s\nfamily %s", t->name, t->family ? t->family : t->name);
        if (t->cpu > 0 || t->memory > 0)
            strbuf_printf(&b, "\n%s, %s", t->cpu > 0 ? cpu_text(d, t->cpu) : "no task cpu",
                          t->memory > 0 ? mem_text(d, t->memory) : "no task memory");
        if (ir_network_word(t->net))
            strbuf_printf(&b, "\nnetwork %s", ir_network_word(t->net));
        node(d, td, strbuf_cstr(&b), "shape=box, style=\"bold\"");
        strbuf_free(&b);
        for (int k = 0; k < t->containers.len; k++) {
            const IrContainer *c = t->containers.items[k];
            node(d, container_id(d, c), container_text(d, c),
                 c->essential == IR_TRI_FALSE ? "shape=box, style=\"dashed\"" : "shape=box");
        }
        strbuf_puts(d->out, "  }\n");
        for (int k = 0; k < t->containers.len; k++) {
            const IrContainer *c = t->containers.items[k];
            const char *cid = container_id(d, c);
            edge(d, td, cid, NULL, NULL);
            for (int j = 0; j < c->depends.len; j++) {
                const IrDepend *dep = c->depends.items[j];
                if (dep->container.target)
                    edge(d, cid, container_id(d, dep->container.target),
                         label(d, "after %s", ir_condition_word(dep->condition)),
                         "style=dotted, constraint=false");
            }
            for (int j = 0; j < c->secrets.len; j++) {
                const IrSecret *s = c->secrets.items[j];
                const char *sid = label(d, "%s/secret/%s", cid, s->name);
                node(d, sid, label(d, "secret %s\n%s %s", s->name, secret_source(s), s->ref), "shape=note");
                edge(d, cid, sid, NULL, "style=dotted");
            }
            const PlanLogGroup *lg = plan_log_group(d->p, c);
            if (lg)
                edge(d, cid, label(d, "log group %s", lg->name), NULL, "style=dotted");
        }
        task_roles(d, pt);
    }
}

/* Log groups once each, however many containers write to them. */
static void log_groups(Dot *d)
{
    const IrModel *m = d->p->m;
    Map seen;
    map_init(&seen, d->a);
    for (int i = 0; i < m->tasks.len; i++) {
        const PlanTask *pt = &d->p->tasks[i];
        for (int k = 0; k < pt->log_groups.len; k++) {
            const PlanLogGroup *lg = pt->log_groups.items[k];
            if (map_get(&seen, lg->name))
                continue;
            map_put(&seen, lg->name, (void *)lg);
            const char *retain = lg->retain_days > 0 ? label(d, "\nkept %d days", lg->retain_days) : "";
            node(d, label(d, "log group %s", lg->name),
                 label(d, "log group\n%s%s%s", lg->name, retain, lg->res ? "" : "\n(not created here)"),
                 "shape=folder");
        }
    }
}

static void roles(Dot *d)
{
    const IrModel *m = d->p->m;
    for (int i = 0; i < m->roles.len; i++) {
        const PlanRole *pr = &d->p->roles[i];
        const IrRole *r = pr->role;
        const char *what = pr->res ? label(d, "role %s\n%s\n%d statement%s", r->name,
                                           r->role_name ? r->role_name : "", r->statements.len,
                                           r->statements.len == 1 ? "" : "s")
                                   : label(d, "role %s (existing)\n%s", r->name, r->arn ? r->arn : "");
        node(d, role_id(d, r), what, "shape=hexagon");
    }
}

static void capacities(Dot *d)
{
    const IrModel *m = d->p->m;
    for (int i = 0; i < m->capacities.len; i++) {
        const PlanCapacity *pc = &d->p->capacities[i];
        const IrCapacity *cap = pc->cap;
        node(d, pc->provider->id,
             label(d, "capacity %s\n%s, %d..%d instances%s%s", cap->name,
                   cap->instance_type ? cap->instance_type : "EC2", cap->min, cap->max,
                   cap->spot ? "\nSpot" : "", cap->arch ? label(d, "\n%s", cap->arch) : ""),
             "shape=component, style=filled, fillcolor=\"#fff8e1\"");
    }
}

/* Service Connect: the namespace, the ports each service serves in it
   (alias:port) and its clients; a service registry's DNS name. */
static void discovery(Dot *d)
{
    const IrModel *m = d->p->m;
    const IrCluster *cl = m->cluster;
    if (!cl || !cl->connect_ns)
        return;
    const IrNamespace *ns = cl->connect_ns;
    const char *ns_id = d->p->connect_ns ? d->p->connect_ns->id : "service-connect";
    const char *ns_name = ns->name ? ns->name
                          : ns->existing.param.name ? label(d, "${%s}", ns->existing.param.name)
                          : ns->existing.literal.len ? (const char *)ns->existing.literal.items[0] : "";
    node(d, ns_id, label(d, "Service Connect\n%s", ns_name),
         "shape=ellipse, style=filled, fillcolor=\"#f3e5f5\"");
    for (int i = 0; i < m->services.len; i++) {
        const PlanService *ps = &d->p->services[i];
        VEC_EACH(const IrConnect *, c, ps->sv->connects) {
            if (!c->port.name)
                edge(d, ps->service->id, ns_id, "client", "style=dashed");
            else
                edge(d, ns_id, ps->service->id,
                     label(d, "%s:%d", plan_connect_alias(c), plan_connect_port(c)), NULL);
        }
    }
}

/* Schedules: what runs the task, and when. */
static void schedules(Dot *d)
{
    const IrModel *m = d->p->m;
    for (int i = 0; i < m->schedules.len; i++) {
        const PlanSchedule *pk = &d->p->schedules[i];
        const IrSchedule *sc = pk->sc;
        node(d, pk->schedule->id,
             label(d, "schedule %s\n%s%s%s", sc->name, sc->expr, sc->timezone ? " " : "",
                   sc->timezone ? sc->timezone : ""),
             "shape=box, style=\"rounded,filled\", fillcolor=\"#e3f2fd\"");
        edge(d, pk->schedule->id, plan_task(d->p, sc->task.target)->task_def->id, "runs", NULL);
    }
}

void graph_dot(const Plan *p, Arena *a, StrBuf *out)
{
    Dot d = {p, out, a};
    const IrApp *app = p->m->app;
    strbuf_puts(out, "digraph \"");
    put_text(out, app->name ? app->name : "app");
    strbuf_puts(out, "\" {\n");
    strbuf_puts(out, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, "
                     "nodesep=0.3, ranksep=0.5, label=\"");
    put_text(out, label(&d, "app %s%s%s, cluster %s", app->name ? app->name : "",
                        app->region ? " in " : "", app->region ? app->region : "",
                        p->cluster_name ? p->cluster_name : ""));
    strbuf_puts(out, "\"];\n");
    strbuf_puts(out, "  node [fontname=\"Helvetica\", fontsize=10];\n");
    strbuf_puts(out, "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n");
    load_balancers(&d);
    services(&d);
    discovery(&d);
    schedules(&d);
    tasks(&d);
    log_groups(&d);
    roles(&d);
    capacities(&d);
    strbuf_puts(out, "}\n");
}
