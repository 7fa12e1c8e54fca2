/* check_discovery.c - service discovery and schedules, as ECS, Cloud Map
 * and EventBridge Scheduler take them.
 *
 * Service Connect (ECS ServiceConnectConfiguration, ServiceConnectService):
 * a namespace (E0840); the port name is a port mapping's (E0841, in
 * resolve.c); awsvpc or bridge network mode (E0842); discoveryName "up to
 * 64 characters: lowercase letters, numbers, underscores and hyphens, not
 * starting with a hyphen", a client alias a DNS name (E0843); discovery
 * names, and each alias name and port, unique within the namespace
 * (E0844); the namespace's own name or id (E0846); W0090 a served port the
 * tasks' generated security group admits no client on.
 * Service registries (ECS ServiceRegistry, Cloud Map CreateService): a dns
 * namespace (E0847); A records need awsvpc, bridge and host tasks register
 * SRV records with a containerName and containerPort (E0848), a port the
 * container maps (E0849).
 * Schedules (AWS::Scheduler::Schedule, EcsParameters; RunTask): a task and
 * a time (E0851); cron() with six fields, at(yyyy-mm-ddThh:mm:ss) (E0850);
 * an IANA time zone (E0852); an awsvpc task needs subnets, other modes
 * take no network configuration (E0853); the launch type is one of the
 * task's compatibilities, not with a capacity provider strategy (E0854).
 */
#include "sema/check_deploy.h"

#include <ctype.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------ */

/* discoveryName and port names: [a-z0-9_-]{1,64}, not starting with '-'. */
static bool discovery_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64 || s[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_'
            && s[i] != '-')
            return false;
    return true;
}

/* A DNS name: labels of letters, digits, '-' and '_', 1 to 63 characters,
   joined by dots; at most 253 characters. */
static bool dns_name_ok(const char *s)
{
    size_t n = strlen(s), label = 0;
    if (!n || n > 253)
        return false;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (!label || label > 63 || s[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
        if (!label && s[i] == '-')
            return false;
        label++;
    }
    return true;
}

static void bad_name(DCheck *k, Span at, const char *what, const char *name, const char *rule)
{
    Diagnostic *dg = diag_error(k->de, at, "E0843", "'%s' is not a valid %s", name, what);
    diag_note(dg, SPAN_NONE, "%s", rule);
}

/* ---- the namespaces --------------------------------------------------------------- */

static bool ns_existing_ok(const char *v, bool dns)
{
    if (dns) {
        size_t n = strlen(v);
        if (n < 4 || n > 64 || strncmp(v, "ns-", 3) != 0)
            return false;
        for (size_t i = 3; i < n; i++)
            if (!isalnum((unsigned char)v[i]))
                return false;
        return true;
    }
    if (strncmp(v, "arn:", 4) == 0)
        return check_is_arn(v, "servicediscovery", ":namespace/ns-");
    for (const char *p = v; *p; p++)
        if (*p <= ' ' || *p > '~')
            return false;
    return *v && strlen(v) <= 1024;
}

static void check_namespace(DCheck *k, const IrNamespace *ns, bool dns)
{
    if (!ns)
        return;
    const char *word = dns ? "dns" : "namespace";
    if (ns->name) {
        bool ok = dns ? dns_name_ok(ns->name) : ns_existing_ok(ns->name, false);
        if (!ok) {
            Diagnostic *dg = diag_error(k->de, ns->name_span, "E0846",
                                        "'%s' is not a valid %s name", ns->name,
                                        dns ? "private DNS namespace" : "Cloud Map namespace");
            diag_note(dg, SPAN_NONE, dns ? "write a domain such as \"shop.internal\": labels of "
                                           "letters, digits and hyphens joined by dots"
                                         : "write a name of 1 to 1024 printable characters "
                                           "without spaces, such as \"shop.local\"");
        }
        if (dns)
            check_use(k, &ns->vpc, IR_PARAM_VPC_ID, false, "vpc");
        return;
    }
    const IrParamRef *e = &ns->existing;
    if (e->param.name) {
        check_use(k, e, IR_PARAM_STRING, false, word);
        return;
    }
    VEC_EACH(const char *, v, e->literal) {
        if (e->literal.len > 1 || !ns_existing_ok(v, dns)) {
            Diagnostic *dg = diag_error(k->de, e->span, "E0846", "'%s' is not %s", v,
                                        dns ? "a Cloud Map namespace id" : "a namespace name or ARN");
            diag_note(dg, SPAN_NONE, dns ? "write the namespace's id, as \"ns-abcdefghijklmnop\""
                                         : "write the namespace's name or ARN, as "
                                           "\"arn:aws:servicediscovery:REGION:ACCOUNT:namespace/"
                                           "ns-…\"");
            return;
        }
    }
}

/* ---- Service Connect -------------------------------------------------------------- */

static IrNetwork task_net(const IrTask *t)
{
    return t->net;
}

static const char *net_word(IrNetwork n)
{
    static const char *const words[] = {"unset", "awsvpc", "bridge", "host", "none", "default"};
    return words[n];
}

/* The discovery name ECS gives a served port: `discovery`, else the port
   name. */
static const char *discovery_of(const IrConnect *c)
{
    return c->discovery ? c->discovery : c->port.name;
}

static void check_connect_names(DCheck *k, const IrConnect *c)
{
    static const char *const rule =
        "up to 64 lowercase letters, digits, underscores and hyphens, not starting with a hyphen";
    if (c->discovery && !discovery_name_ok(c->discovery))
        bad_name(k, c->discovery_span, "discovery name", c->discovery, rule);
    else if (!c->discovery && !discovery_name_ok(c->port.name))
        bad_name(k, c->port.span, "discovery name (the port's name stands for it)", c->port.name,
                 rule);
    if (c->alias && !dns_name_ok(c->alias))
        bad_name(k, c->alias_span, "DNS name", c->alias,
                 "write a DNS name such as \"api\" or \"api.shop.local\"");
}

static void check_connect_reachable(DCheck *k, const IrService *sv);

static void check_connect(DCheck *k, const IrService *sv)
{
    const IrTask *t = sv->task.target;
    const IrConnect *first = sv->connects.items[0];
    Diagnostic *dg;
    if (!k->m->cluster || !k->m->cluster->connect_ns) {
        dg = diag_error(k->de, first->span, "E0840",
                        "service '%s' uses Service Connect, but the cluster has no namespace",
                        sv->name);
        diag_note(dg, SPAN_NONE, "Service Connect finds services through a Cloud Map namespace:"
                                 " add `cluster { namespace \"%s.local\" }`",
                  k->m->app && k->m->app->name ? k->m->app->name : "app");
    }
    if (t && task_net(t) != IR_NET_AWSVPC && task_net(t) != IR_NET_BRIDGE) {
        dg = diag_error(k->de, first->span, "E0842",
                        "Service Connect needs network awsvpc or bridge, but task '%s' uses %s",
                        t->name, net_word(task_net(t)));
        diag_note(dg, has_span(t->network_span) ? t->network_span : t->name_span,
                  "task '%s' sets its network here", t->name);
        diag_note(dg, SPAN_NONE, "give the task `network awsvpc` (or bridge on EC2)");
    }
    VEC_EACH(const IrConnect *, c, sv->connects)
        if (c->port.name)
            check_connect_names(k, c);
    check_connect_reachable(k, sv);
}

/* Whether an `accept` of `sv` admits port `port`. */
static bool accepts_port(const IrService *sv, int port)
{
    VEC_EACH(const IrAccept *, ac, sv->accepts)
        if (!ac->udp && port >= ac->lo && port <= ac->hi)
            return true;
    return false;
}

/* W0090: an awsvpc service serves a port through Service Connect, but the
   security group ecsc makes for its tasks admits nobody on it (clients
   reach the tasks' own addresses on the container port). */
static void check_connect_reachable(DCheck *k, const IrService *sv)
{
    const IrTask *t = sv->task.target;
    if (!t || task_net(t) != IR_NET_AWSVPC || ref_given(&sv->security_groups))
        return;
    const IrService *client = NULL;
    VEC_EACH(const IrService *, o, k->m->services)
        if (o != sv && o->connects.len && !client)
            client = o;
    if (!client)
        return;     /* no client in the application to admit */
    VEC_EACH(const IrConnect *, c, sv->connects) {
        const IrPort *p = c->port.target;
        if (!p || p->container_port == IR_UNSET || accepts_port(sv, p->container_port))
            continue;
        bool routed = false;
        VEC_EACH(const IrRoute *, r, sv->routes)
            routed |= r->port == p->container_port;
        if (routed)
            continue;
        Diagnostic *dg = diag_warning(k->de, c->port.span, "W0090",
                                      "no client can reach port %d of service '%s'",
                                      p->container_port, sv->name);
        diag_note(dg, SPAN_NONE, "Service Connect clients connect to the tasks' own addresses, "
                                 "and the security group ecsc makes for them admits only its "
                                 "load balancers");
        diag_note(dg, SPAN_NONE, "admit the clients: accept %d from %s", p->container_port,
                  client->name);
    }
}

/* The client alias of a served port: its DNS name and port. */
static const char *alias_of(const IrConnect *c)
{
    return c->alias ? c->alias : discovery_of(c);
}

static int alias_port_of(const IrConnect *c)
{
    const IrPort *p = c->port.target;
    return c->alias_port != IR_UNSET ? c->alias_port : p ? p->container_port : IR_UNSET;
}

/* Discovery names, and aliases with their ports, are unique in the
   namespace (every service of the application shares the cluster's). */
static void check_connect_unique(DCheck *k)
{
    Map seen, aliases;
    map_init(&seen, k->a);
    map_init(&aliases, k->a);
    VEC_EACH(const IrService *, sv, k->m->services)
        VEC_EACH(const IrConnect *, c, sv->connects) {
            if (!c->port.name || !c->port.target)
                continue;
            const IrConnect *o = map_get(&seen, discovery_of(c));
            Diagnostic *dg;
            if (o && o != c) {
                dg = diag_error(k->de, c->discovery ? c->discovery_span : c->port.span, "E0844",
                                "discovery name '%s' is used twice in the namespace",
                                discovery_of(c));
                diag_note(dg, o->span, "first used here");
                diag_note(dg, SPAN_NONE, "give one of them `discovery \"NAME\"`, a name of its own");
                continue;
            }
            map_put(&seen, discovery_of(c), (void *)c);
            const char *key = arena_printf(k->a, "%s:%d", alias_of(c), alias_port_of(c));
            o = map_get(&aliases, key);
            if (o && o != c) {
                dg = diag_error(k->de, c->alias ? c->alias_span : c->span, "E0844",
                                "client alias %s is used twice in the namespace", key);
                diag_note(dg, o->span, "first used here");
                diag_note(dg, SPAN_NONE, "give one of them `as \"NAME\"` or `port N` of its own");
                continue;
            }
            map_put(&aliases, key, (void *)c);
        }
}

/* ---- service registries ----------------------------------------------------------- */

static bool container_maps(const IrContainer *c, int port)
{
    VEC_EACH(const IrPort *, p, c->ports)
        if (p->container_port == port
            || (p->range_lo != IR_UNSET && port >= p->range_lo && port <= p->range_hi))
            return true;
    return false;
}

static void check_registry(DCheck *k, const IrService *sv)
{
    const IrRegistry *r = sv->registry;
    const IrTask *t = sv->task.target;
    Diagnostic *dg;
    if (!k->m->cluster || !k->m->cluster->dns_ns) {
        dg = diag_error(k->de, r->span, "E0847",
                        "service '%s' registers in Cloud Map, but the cluster has no dns namespace",
                        sv->name);
        diag_note(dg, SPAN_NONE, "add `cluster { dns \"%s.internal\" vpc VPC }` (a private DNS "
                                 "namespace the stack creates) or `dns existing \"ns-…\"`",
                  k->m->app && k->m->app->name ? k->m->app->name : "app");
    }
    if (r->name && !dns_name_ok(r->name))
        bad_name(k, r->name_span, "Cloud Map service name", r->name,
                 "write a DNS label such as \"api\": letters, digits, hyphens and underscores");
    if (!t)
        return;
    if (!r->srv && task_net(t) != IR_NET_AWSVPC) {
        dg = diag_error(k->de, has_span(r->type_span) ? r->type_span : r->span, "E0848",
                        "A records need network awsvpc, but task '%s' uses %s", t->name,
                        net_word(task_net(t)));
        diag_note(dg, SPAN_NONE, "in %s mode tasks share the instance's address: register SRV "
                                 "records, which carry the port, as `discovery srv CONTAINER:PORT`",
                  net_word(task_net(t)));
        return;
    }
    const IrContainer *c = r->container.target;
    if (r->srv && c && !container_maps(c, r->port)) {
        dg = diag_error(k->de, r->port_span, "E0849",
                        "container '%s' maps no port %d", c->name, r->port);
        diag_note(dg, c->name_span, "its ports are declared here");
        diag_note(dg, SPAN_NONE, "ECS registers the host port of a port mapping: name a port the "
                                 "container maps, or add `port %d` to it", r->port);
    }
}

static void check_registry_unique(DCheck *k)
{
    Map seen;
    map_init(&seen, k->a);
    VEC_EACH(const IrService *, sv, k->m->services) {
        const IrRegistry *r = sv->registry;
        if (!r)
            continue;
        const char *name = r->name ? r->name : sv->name;
        const IrService *o = map_get(&seen, name);
        if (o) {
            Diagnostic *dg = diag_error(k->de, r->name ? r->name_span : r->span, "E0844",
                                        "Cloud Map service name '%s' is used twice in the "
                                        "namespace", name);
            diag_note(dg, o->registry->span, "first used by service '%s'", o->name);
            diag_note(dg, SPAN_NONE, "give one of them `name \"NAME\"` of its own");
            continue;
        }
        map_put(&seen, name, (void *)sv);
    }
}

/* ---- schedules -------------------------------------------------------------------- */

static void check_schedule_time(DCheck *k, const IrSchedule *sc)
{
    Diagnostic *dg;
    if (!check_schedule_expr(sc->expr)) {
        dg = diag_error(k->de, sc->expr_span, "E0850", "'%s' is not a schedule expression",
                        sc->expr);
        diag_note(dg, SPAN_NONE, strncmp(sc->expr, "cron(", 5) == 0
                  ? "cron takes six fields: minutes, hours, day of month, month, day of week, "
                    "year, as run cron \"0 6 * * ? *\""
                  : "write the time as run at \"2027-01-31T18:00:00\"");
    }
    if (sc->timezone && !strchr(sc->timezone, '/') && strcmp(sc->timezone, "UTC") != 0) {
        dg = diag_error(k->de, sc->tz_span, "E0852", "'%s' is not an IANA time zone",
                        sc->timezone);
        diag_note(dg, SPAN_NONE, "write a name such as \"Europe/Paris\" or \"America/New_York\"");
    }
}

/* The launch type a schedule's tasks get: its own, else the task's
   (Fargate first); 0 with a capacity provider strategy. */
static unsigned schedule_launch(const IrSchedule *sc, const IrTask *t)
{
    if (sc->launch || sc->capacity.len)
        return sc->launch;
    return t->launch & IR_LAUNCH_FARGATE ? IR_LAUNCH_FARGATE : IR_LAUNCH_EC2;
}

static void check_schedule_compute(DCheck *k, const IrSchedule *sc, const IrTask *t)
{
    Diagnostic *dg;
    if (sc->launch && sc->capacity.len) {
        dg = diag_error(k->de, sc->launch_span, "E0854",
                        "schedule '%s' sets both a launch type and capacity", sc->name);
        diag_note(dg, ((const IrCapacityUse *)sc->capacity.items[0])->span,
                  "the capacity provider strategy starts here");
        diag_note(dg, SPAN_NONE, "RunTask takes one or the other; keep `capacity`, or `launch`");
        return;
    }
    check_strategy(k, &sc->capacity, arena_printf(k->a, "schedule '%s'", sc->name),
                   sc->name_span);
    unsigned launch = schedule_launch(sc, t);
    unsigned compat = t->launch ? t->launch : IR_LAUNCH_EC2;
    if (launch && !(compat & launch)) {
        bool fargate = launch == IR_LAUNCH_FARGATE;
        dg = diag_error(k->de, has_span(sc->launch_span) ? sc->launch_span : sc->name_span,
                        "E0854", "schedule '%s' runs on %s, but task '%s' is not %s-compatible",
                        sc->name, fargate ? "Fargate" : "EC2", t->name, fargate ? "Fargate" : "EC2");
        diag_note(dg, has_span(t->launch_span) ? t->launch_span : t->name_span,
                  "task '%s' declares its launch types here", t->name);
        diag_note(dg, SPAN_NONE, "add %s to the task's launch, or `launch %s` to the schedule",
                  fargate ? "fargate" : "ec2", fargate ? "ec2" : "fargate");
    }
}

static void check_schedule_network(DCheck *k, const IrSchedule *sc, const IrTask *t)
{
    Diagnostic *dg;
    if (task_net(t) == IR_NET_AWSVPC) {
        if (!ref_given(&sc->subnets)) {
            dg = diag_error(k->de, sc->name_span, "E0853",
                            "schedule '%s' has no subnets for its awsvpc tasks", sc->name);
            diag_note(dg, t->name_span, "task '%s' uses network awsvpc", t->name);
            diag_note(dg, SPAN_NONE, "RunTask gives each task a network interface in one of the "
                                     "subnets: add `subnets subnets` with `param subnets "
                                     "[subnet_id]`");
        } else {
            check_use(k, &sc->subnets, IR_PARAM_SUBNET_ID, true, "subnets");
        }
        if (ref_given(&sc->security_groups))
            check_use(k, &sc->security_groups, IR_PARAM_SECURITY_GROUP_ID, true,
                      "security_groups");
        return;
    }
    const char *what = ref_given(&sc->subnets) ? "subnets"
                       : ref_given(&sc->security_groups) ? "security_groups"
                       : sc->public_ip != IR_TRI_UNSET ? "public_ip" : NULL;
    if (!what)
        return;
    Span at = ref_given(&sc->subnets) ? sc->subnets.span
              : ref_given(&sc->security_groups) ? sc->security_groups.span : sc->public_ip_span;
    dg = diag_error(k->de, at, "E0853", "`%s` needs network awsvpc, but task '%s' uses %s", what,
                    t->name, net_word(task_net(t)));
    diag_note(dg, SPAN_NONE, "RunTask takes a network configuration for awsvpc tasks only; "
                             "remove `%s`, or give the task `network awsvpc`", what);
}

static void check_schedule(DCheck *k, const IrSchedule *sc)
{
    Diagnostic *dg;
    if (!sc->task.name || !sc->expr) {
        bool no_task = !sc->task.name;
        dg = diag_error(k->de, sc->name_span, "E0851", "schedule '%s' has no %s", sc->name,
                        no_task ? "task" : "time");
        diag_note(dg, SPAN_NONE, no_task ? "add `task NAME`: the task definition it runs"
                                         : "add `run cron \"0 6 * * ? *\"`, `run every 15m` or "
                                           "`run at \"2027-01-31T18:00:00\"`");
    }
    if (sc->expr)
        check_schedule_time(k, sc);
    const IrTask *t = sc->task.target;
    if (!t)
        return;
    check_schedule_compute(k, sc, t);
    check_schedule_network(k, sc, t);
}

void check_discovery(DCheck *k)
{
    if (k->m->cluster) {
        check_namespace(k, k->m->cluster->connect_ns, false);
        check_namespace(k, k->m->cluster->dns_ns, true);
    }
    VEC_EACH(const IrService *, sv, k->m->services) {
        if (sv->connects.len)
            check_connect(k, sv);
        if (sv->registry)
            check_registry(k, sv);
    }
    check_connect_unique(k);
    check_registry_unique(k);
    VEC_EACH(const IrSchedule *, sc, k->m->schedules)
        check_schedule(k, sc);
}
