/* check_route.c - load balancers and routes: listeners, certificates,
 * rule priorities and conditions, path and host patterns, health checks,
 * the listener rule quota.  Codes E06xx, W0050, W0051, W0055.
 */
#include "sema/check_deploy.h"

#include "base/map.h"
#include "model/ir_names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* An Application Load Balancer takes 100 listener rules by default (the
   quota "Rules per Application Load Balancer", default actions excluded):
   more is a warning naming the quota, so that any size still compiles. */
enum { ALB_RULE_QUOTA = 100 };

void check_rule_quota(DCheck *k)
{
    for (int l = 0; l < k->m->load_balancers.len; l++) {
        const IrLoadBalancer *lb = k->m->load_balancers.items[l];
        if (lb->network)
            continue;
        long rules = 0;
        for (int i = 0; i < k->m->services.len; i++) {
            const IrService *sv = k->m->services.items[i];
            for (int j = 0; j < sv->routes.len; j++) {
                const IrRoute *r = sv->routes.items[j];
                if (r->lb.target != lb)
                    continue;
                for (int n = 0; n < lb->listeners.len; n++) {
                    const IrListener *li = lb->listeners.items[n];
                    rules += !ir_listener_redirects(li) &&
                             (r->listener_port == IR_UNSET || r->listener_port == li->port);
                }
            }
        }
        if (rules > ALB_RULE_QUOTA) {
            Diagnostic *dg = diag_warning(k->de, lb->name_span, "W0055",
                                          "load balancer '%s' has %ld listener rules; the default quota "
                                          "is %d rules per Application Load Balancer",
                                          lb->name, rules, ALB_RULE_QUOTA);
            diag_note(dg, SPAN_NONE, "ask AWS to raise the quota, or spread the services over "
                                     "several load balancers");
        }
    }
}

/* Target group health checks: interval 5-300 s, thresholds 2-10. */
void check_route_health(DCheck *k, const IrRoute *r)
{
    Diagnostic *dg = NULL;
    if (r->health_interval != IR_UNSET && (r->health_interval < 5 || r->health_interval > 300))
        dg = diag_error(k->de, r->interval_span, "E0616",
                        "health check interval %d s is outside the 5 to 300 s a target group allows",
                        r->health_interval);
    else if (r->healthy_threshold != IR_UNSET &&
             (r->healthy_threshold < 2 || r->healthy_threshold > 10))
        dg = diag_error(k->de, r->healthy_span, "E0616",
                        "healthy threshold %d is outside 2 to 10", r->healthy_threshold);
    else if (r->unhealthy_threshold != IR_UNSET &&
             (r->unhealthy_threshold < 2 || r->unhealthy_threshold > 10))
        dg = diag_error(k->de, r->unhealthy_span, "E0616",
                        "unhealthy threshold %d is outside 2 to 10", r->unhealthy_threshold);
    if (dg)
        diag_note(dg, SPAN_NONE, "the defaults are every 30s, healthy 5, unhealthy 2");
}

void check_load_balancer(DCheck *k, const IrLoadBalancer *lb)
{
    Diagnostic *dg;
    check_lb_kind(k, lb);
    check_listener_defaults(k, lb);
    check_lb_existing(k, lb);
    if (!lb->network && lb->idle_timeout != IR_UNSET && (lb->idle_timeout < 1 || lb->idle_timeout > 4000)) {
        dg = diag_error(k->de, lb->idle_span, "E0614",
                        "idle timeout %d s is outside the 1 to 4000 s an ALB allows", lb->idle_timeout);
        diag_note(dg, SPAN_NONE, "the default is 60s");
    }
    if (!lb->listeners.len && !lb->existing) {
        dg = diag_error(k->de, lb->name_span, "E0609", "load balancer '%s' has no listener",
                        lb->name);
        diag_note(dg, SPAN_NONE, "add one, for example `listen 80 http`");
    }
    if (lb->existing) {
        /* check_listener.c */
    } else if (!ref_given(&lb->subnets)) {
        dg = diag_error(k->de, lb->name_span, "E0610", "load balancer '%s' has no subnets",
                        lb->name);
        diag_note(dg, SPAN_NONE, "an Application Load Balancer needs subnets in at least two "
                                 "Availability Zones%s", lb->internal ? "" : " (public subnets, "
                                 "as it is internet-facing)");
        diag_note(dg, SPAN_NONE, "add `subnets subnets` with `param subnets [subnet_id]`");
    } else {
        check_use(k, &lb->subnets, IR_PARAM_SUBNET_ID, true, "subnets");
    }
    if (!ref_given(&lb->vpc)) {
        dg = diag_error(k->de, lb->name_span, "E0612", "load balancer '%s' has no vpc", lb->name);
        diag_note(dg, SPAN_NONE, "its target groups are created in that VPC");
        diag_note(dg, SPAN_NONE, "add `vpc vpc` with `param vpc vpc_id`");
    } else {
        check_use(k, &lb->vpc, IR_PARAM_VPC_ID, false, "vpc");
    }
    Map ports;
    map_init(&ports, k->a);
    for (int i = 0; i < lb->listeners.len; i++) {
        const IrListener *l = lb->listeners.items[i];
        const IrListener *prev = map_put(&ports, arena_printf(k->a, "%d", l->port), (void *)l);
        if (prev) {
            dg = diag_error(k->de, l->span, "E0608",
                            "load balancer '%s' has two listeners on port %d", lb->name, l->port);
            diag_note(dg, prev->span, "the first is here");
            diag_note(dg, SPAN_NONE, "a port takes one listener; use another port or remove one");
        }
        if ((l->proto == IR_LISTEN_HTTPS || l->proto == IR_LISTEN_TLS) && !l->has_cert) {
            dg = diag_error(k->de, l->span, "E0607", "%s listener on port %d has no certificate",
                            ir_listener_proto_word(l->proto), l->port);
            diag_note(dg, SPAN_NONE, "add `cert cert` with `param cert certificate`, or a "
                                     "certificate ARN in quotes");
        }
        if (l->has_cert)
            check_use(k, &l->cert, IR_PARAM_CERT_ARN, false, "cert");
        if (l->proto == IR_LISTEN_HTTPS && l->redirect_port != IR_UNSET) {
            dg = diag_warning(k->de, l->span, "W0051",
                              "https listener on port %d redirects to https", l->port);
            diag_note(dg, SPAN_NONE, "requests to it are encrypted already; a redirect to https "
                                     "belongs on a plain http listener");
            diag_note(dg, SPAN_NONE, "remove `redirect https` from this listener, or make it "
                                     "`listen %d http redirect https`", l->port);
        }
    }
}

/* ---- routes -------------------------------------------------------------------------------- */

static bool path_char_ok(char c)
{
    return isalnum((unsigned char)c) || strchr("_-.$/~\"'@:+&()!,;=*?", c);
}

static bool host_char_ok(char c)
{
    return isalnum((unsigned char)c) || strchr("-.*?", c);
}

void check_route_shape(DCheck *k, const IrService *sv, const IrRoute *r)
{
    Diagnostic *dg;
    for (int i = 0; i < r->paths.len; i++) {
        const char *p = r->paths.items[i];
        size_t n = strlen(p);
        const char *why = NULL;
        char bad = 0;
        if (p[0] != '/')
            why = "does not start with '/'";
        else if (n > 128)
            why = "is longer than 128 characters";
        for (size_t j = 0; !why && j < n; j++)
            if (!path_char_ok(p[j])) {
                bad = p[j];
                why = "contains a character a listener rule does not allow";
            }
        if (!why)
            continue;
        dg = diag_error(k->de, r->path_span, "E0605", "path pattern '%s' %s", p, why);
        if (bad)
            diag_note(dg, SPAN_NONE, "'%c' is not allowed; paths take A-Z a-z 0-9 _ - . $ / ~ "
                                     "\" ' @ : + & ( ) ! , ; = and the wildcards * and ?", bad);
        else
            diag_note(dg, SPAN_NONE, "write a pattern such as \"/api/*\"");
        break;
    }
    for (int i = 0; i < r->hosts.len; i++) {
        const char *h = r->hosts.items[i];
        size_t n = strlen(h);
        bool ok = n > 0 && n <= 128;
        for (size_t j = 0; ok && j < n; j++)
            ok = host_char_ok(h[j]);
        if (ok)
            continue;
        dg = diag_error(k->de, r->span, "E0613", "host pattern '%s' is not a valid host name", h);
        diag_note(dg, SPAN_NONE, "hosts take A-Z a-z 0-9 - . and the wildcards * and ?, at most "
                                 "128 characters, as in \"api.example.com\" or \"*.example.com\"");
        break;
    }
    int values = check_route_values(r);
    if (values > 5) {
        dg = diag_error(k->de, r->path_span, "E0606",
                        "the route has %d condition values; a listener rule takes at most 5",
                        values);
        diag_note(dg, SPAN_NONE, "split it into several routes, or use a wildcard such as "
                                 "\"/api/*\"");
    }
    if (has_span(r->priority_span) && (r->priority < 1 || r->priority > 50000)) {
        dg = diag_error(k->de, r->priority_span, "E0602",
                        "rule priority %d is outside 1 to 50000", r->priority);
        diag_note(dg, SPAN_NONE, "leave out `priority` and ecsc numbers the rules, most "
                                 "specific first");
    }
    const IrContainer *c = r->container.target;
    const IrLoadBalancer *lb = r->lb.target;
    if (c && lb && lb->network) {
        bool mapped = false;    /* either protocol: check_nlb.c compares them */
        VEC_EACH(const IrPort *, p, c->ports)
            mapped |= p->range_lo != IR_UNSET ? r->port >= p->range_lo && r->port <= p->range_hi
                                              : p->container_port == r->port;
        if (!mapped) {
            dg = diag_error(k->de, r->port_span, "E0601",
                            "container '%s' does not expose port %d", c->name, r->port);
            diag_note(dg, c->name_span, "container '%s' is declared here", c->name);
            diag_note(dg, SPAN_NONE, "add `port %d` to container '%s', or route to a port it "
                                     "maps", r->port, c->name);
        }
    } else if (c) {
        bool exposed = false;
        const IrPort *udp = NULL;
        for (int i = 0; i < c->ports.len && !exposed; i++) {
            const IrPort *p = c->ports.items[i];
            bool has = p->range_lo != IR_UNSET ? r->port >= p->range_lo && r->port <= p->range_hi
                                               : p->container_port == r->port;
            if (p->proto != IR_PROTO_TCP)
                udp = has ? p : udp;
            else
                exposed = has;
        }
        if (!exposed && udp) {
            /* adding `port N` (TCP) beside `port N udp` is what ECS rejects
               (E0420): the fix is the protocol, or another port */
            dg = diag_error(k->de, r->port_span, "E0601",
                            "container '%s' maps port %d only as UDP; a load balancer route "
                            "forwards TCP", c->name, r->port);
            diag_note(dg, udp->span, "port %d is UDP here", r->port);
            diag_note(dg, SPAN_NONE, "if the container serves HTTP on %d, drop `udp` from the "
                                     "port; if it serves UDP there, route to a TCP port it also "
                                     "maps (a service cannot map one port as both TCP and UDP)",
                      r->port);
        } else if (!exposed) {
            const IrTask *t = sv->task.target;
            dg = diag_error(k->de, r->port_span, "E0601",
                            "container '%s' does not expose port %d", c->name, r->port);
            diag_note(dg, c->name_span, "container '%s' of task '%s' is declared here%s", c->name,
                      t ? t->name : "?", c->ports.len ? "" : " with no port");
            diag_note(dg, SPAN_NONE, "add `port %d` to container '%s', or route to a port it "
                                     "maps", r->port, c->name);
        }
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The keys of a route's header, query, source and method conditions. */
int check_route_condition_keys(DCheck *k, const IrRoute *r, char **ps)
{
    int n = 0;
    VEC_EACH(const IrRouteHeader *, h, r->headers) {
        const char *vals = "";
        VEC_EACH(const char *, v, h->values)
            vals = arena_printf(k->a, "%s\x1e%s", vals, v);
        ps[n++] = arena_printf(k->a, "H%s%s", h->name, vals);
    }
    VEC_EACH(const IrKV *, q, r->query)
        ps[n++] = arena_printf(k->a, "q%s=%s", q->key ? q->key : "", q->value);
    VEC_EACH(const char *, ip, r->source_ips)
        ps[n++] = arena_printf(k->a, "s%s", ip);
    VEC_EACH(const char *, m, r->methods)
        ps[n++] = arena_printf(k->a, "m%s", m);
    return n;
}

/* The rules of route `r` on one listener (`port`; 0: the existing listener
   of the load balancer): unique priorities (E0603) and conditions (E0604). */
typedef struct RuleKeys {
    Map prios, conds;
} RuleKeys;

static void rule_keys(DCheck *k, RuleKeys *rk, const IrLoadBalancer *lb, int port,
                      const IrRoute *r, const char *cond, bool *prio_done, bool *cond_done)
{
    const char *which = port ? arena_printf(k->a, "listener %d", port) : "the existing listener";
    const char *key = arena_printf(k->a, "%s:%d:%d", lb->name, port, r->priority);
    const IrRoute *prev = map_put(&rk->prios, key, (void *)r);
    if (prev && !*prio_done) {
        *prio_done = true;
        Diagnostic *dg = diag_error(
            k->de, or_span(r->priority_span, r->span), "E0603",
            "rule priority %d is taken twice on %s of load balancer '%s'", r->priority, which,
            lb->name);
        diag_note(dg, or_span(prev->priority_span, prev->span), "the other route with priority %d",
                  r->priority);
        diag_note(dg, SPAN_NONE, "give each route its own priority, or leave `priority` out");
    }
    key = arena_printf(k->a, "%s:%d%s", lb->name, port, cond);
    prev = map_put(&rk->conds, key, (void *)r);
    if (prev && !*cond_done) {
        *cond_done = true;
        Diagnostic *dg = diag_error(k->de, r->path_span, "E0604",
                                    "two routes match the same paths and hosts on %s of load "
                                    "balancer '%s'", which, lb->name);
        diag_note(dg, prev->path_span, "the other route is here");
        diag_note(dg, SPAN_NONE, "only the rule with the lower priority would ever match; "
                                 "change the paths or add `host`");
    }
}

/* Listener rules: unique priorities and conditions per listener. */
void check_rules(DCheck *k)
{
    RuleKeys rk;
    map_init(&rk.prios, k->a);
    map_init(&rk.conds, k->a);
    for (int i = 0; i < k->m->services.len; i++) {
        const IrService *sv = k->m->services.items[i];
        for (int j = 0; j < sv->routes.len; j++) {
            const IrRoute *r = sv->routes.items[j];
            const IrLoadBalancer *lb = r->lb.target;
            if (!lb || lb->network)
                continue;   /* a Network Load Balancer's routes: check_nlb.c */
            /* The condition text, order-insensitive. */
            char **ps = ARENA_ARRAY(k->a, char *, check_route_values(r) + r->headers.len + 1);
            int n = 0;
            for (int x = 0; x < r->paths.len; x++)
                ps[n++] = arena_printf(k->a, "p%s", (const char *)r->paths.items[x]);
            for (int x = 0; x < r->hosts.len; x++)
                ps[n++] = arena_printf(k->a, "h%s", (const char *)r->hosts.items[x]);
            n += check_route_condition_keys(k, r, ps + n);
            qsort(ps, (size_t)n, sizeof *ps, cmp_str);
            const char *cond = "";
            for (int x = 0; x < n; x++)
                cond = arena_printf(k->a, "%s\x1f%s", cond, ps[x]);

            bool any = false, prio_done = false, cond_done = false;
            if (lb->existing) {
                rule_keys(k, &rk, lb, 0, r, cond, &prio_done, &cond_done);
                continue;
            }
            const IrListener *named = NULL;
            for (int x = 0; x < lb->listeners.len; x++) {
                const IrListener *l = lb->listeners.items[x];
                if (r->listener_port != IR_UNSET && l->port != r->listener_port)
                    continue;
                named = l;
                if (ir_listener_redirects(l))
                    continue;
                any = true;
                rule_keys(k, &rk, lb, l->port, r, cond, &prio_done, &cond_done);
            }
            if (any)
                continue;
            Diagnostic *dg;
            if (r->listener_port != IR_UNSET && !named) {
                dg = diag_error(k->de, r->span, "E0611",
                                "load balancer '%s' has no listener on port %d", lb->name,
                                r->listener_port);
                diag_note(dg, lb->name_span, "load balancer '%s' is declared here", lb->name);
                diag_note(dg, SPAN_NONE, "add `listen %d …` to it, or change the route's `port`",
                          r->listener_port);
            } else if (lb->listeners.len) {
                dg = diag_error(k->de, r->span, "E0611",
                                "no listener of load balancer '%s' forwards this route",
                                lb->name);
                diag_note(dg, named ? named->span : lb->name_span,
                          "this listener only redirects");
                diag_note(dg, SPAN_NONE, "add a listener without `redirect`, such as `listen "
                                         "443 https cert cert`");
            }
        }
    }
}

/* ---- services ---------------------------------------------------------------------------------- */

