/* check_nlb.c - Network Load Balancers (`network`): listener protocols,
 * the words of an Application Load Balancer they do not have, and their
 * routes (one target group per listener, the protocol of the container
 * port, health checks of UDP targets).  Codes E0660-E0669.
 *
 * Sources: the Network Load Balancer guide ("Listeners for your Network
 * Load Balancers": TCP, TLS, UDP and TCP_UDP listeners, a TLS listener
 * needs a certificate, the default action forwards; "Health checks for
 * Network Load Balancer target groups": TCP, HTTP or HTTPS health checks,
 * "GENEVE, TLS, UDP and TCP_UDP are not supported for health checks", the
 * success codes 200-599, the default timeout 10 s for TCP and 6 s for
 * HTTP health checks) and the ELBv2 API reference (CreateTargetGroup: no
 * slow start or lb_cookie stickiness on TCP/UDP/TLS target groups; no
 * Matcher for TCP health checks).  TCP_UDP is not offered: it needs the
 * container to map one port as both TCP and UDP, which ECS rejects
 * (E0420).
 */
#include "sema/check_deploy.h"

#include "base/map.h"
#include "model/ir_names.h"

static bool alb_proto(IrListenerProto p)
{
    return p == IR_LISTEN_HTTP || p == IR_LISTEN_HTTPS;
}

/* A word the other kind of load balancer has: E0661 at `at`. */
static void alb_only(DCheck *k, const IrLoadBalancer *lb, Span at, const char *word,
                     const char *fix)
{
    Diagnostic *dg = diag_error(k->de, at, "E0661",
                                "`%s` is a word of Application Load Balancers; '%s' is a Network "
                                "Load Balancer", word, lb->name);
    diag_note(dg, lb->network_span, "`network` makes it one");
    diag_note(dg, SPAN_NONE, "%s", fix);
}

/* The listeners of a load balancer against its kind (E0660), and the
   Application Load Balancer's words on a Network Load Balancer (E0661). */
void check_lb_kind(DCheck *k, const IrLoadBalancer *lb)
{
    VEC_EACH(const IrListener *, l, lb->listeners) {
        if (alb_proto(l->proto) == !lb->network)
            continue;
        const char *word = ir_listener_proto_word(l->proto);
        Diagnostic *dg = diag_error(k->de, l->span, "E0660",
                                    "%s listener on port %d of %s Load Balancer '%s'", word,
                                    l->port, lb->network ? "Network" : "Application", lb->name);
        if (lb->network) {
            diag_note(dg, lb->network_span, "`network` makes '%s' a Network Load Balancer, "
                                            "whose listeners are tcp, tls or udp", lb->name);
            diag_note(dg, SPAN_NONE, "write `listen %d %s`, or remove `network` for an "
                                     "Application Load Balancer", l->port,
                      l->proto == IR_LISTEN_HTTPS ? "tls cert CERT" : "tcp");
        } else {
            diag_note(dg, SPAN_NONE, "an Application Load Balancer's listeners are http or https");
            diag_note(dg, SPAN_NONE, "add `network` to load balancer '%s' for tcp, tls and udp "
                                     "listeners", lb->name);
        }
    }
    if (!lb->network)
        return;
    if (has_span(lb->idle_span))
        alb_only(k, lb, lb->idle_span, "idle_timeout",
                 "a Network Load Balancer keeps TCP connections open 350 s; remove `idle_timeout`");
    if (lb->has_logs)
        alb_only(k, lb, lb->logs_span, "access_logs",
                 "a Network Load Balancer logs TLS connections only, to a bucket with another "
                 "policy; remove `access_logs`, or set the attributes with `raw`");
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (has_span(l->option_span))
            alb_only(k, lb, l->option_span,
                     l->dflt ? "default" : l->redirect_port != IR_UNSET ? "redirect" : "fixed",
                     "a Network Load Balancer's listener forwards to the route of a service; "
                     "remove the option");
}

/* An Application Load Balancer's option on a route of a Network Load
   Balancer: the first written, or NULL. */
static const char *alb_route_option(const IrRoute *r, Span *at)
{
#define OPT(cond, sp, word) \
    if (cond) {             \
        *at = (sp);         \
        return word;        \
    }
    OPT(r->paths.len, r->path_span, "a path")
    OPT(r->hosts.len, r->span, "host")
    OPT(r->headers.len, ((const IrRouteHeader *)r->headers.items[0])->span, "header")
    OPT(r->query.len, r->query_span, "query")
    OPT(r->source_ips.len, r->source_span, "source")
    OPT(r->methods.len, r->method_span, "method")
    OPT(has_span(r->priority_span), r->priority_span, "priority")
    OPT(has_span(r->slow_span), r->slow_span, "slow_start")
    OPT(has_span(r->sticky_span), r->sticky_span, "sticky")
#undef OPT
    return NULL;
}

static const IrListener *listener_on(const IrLoadBalancer *lb, int port)
{
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (l->port == port)
            return l;
    return NULL;
}

/* The container port of a route on a Network Load Balancer against its
   listener's protocol (E0664). */
static void check_nlb_port(DCheck *k, const IrRoute *r, const IrListener *l)
{
    const IrContainer *c = r->container.target;
    if (!c)
        return;
    bool udp = l->proto == IR_LISTEN_UDP;
    const IrPort *other = NULL;
    VEC_EACH(const IrPort *, p, c->ports) {
        bool has = p->range_lo != IR_UNSET ? r->port >= p->range_lo && r->port <= p->range_hi
                                           : p->container_port == r->port;
        if (!has)
            continue;
        if ((p->proto == IR_PROTO_UDP) == udp)
            return;
        other = p;
    }
    if (!other)
        return;     /* not mapped at all: E0601 */
    Diagnostic *dg = diag_error(k->de, r->port_span, "E0664",
                                "the %s listener on port %d forwards %s, but container '%s' maps "
                                "port %d as %s", ir_listener_proto_word(l->proto), l->port,
                                udp ? "UDP" : "TCP", c->name, r->port, udp ? "TCP" : "UDP");
    diag_note(dg, other->span, "port %d is %s here", r->port, udp ? "TCP" : "UDP");
    diag_note(dg, l->span, "the listener is here");
    if (udp)
        diag_note(dg, SPAN_NONE, "write `port %d udp` in container '%s', or make the listener "
                                 "`tcp`", r->port, c->name);
    else
        diag_note(dg, SPAN_NONE, "drop `udp` from the container's port, or make the listener "
                                 "`udp`");
}

/* The health check of a route on a Network Load Balancer: TCP or HTTP,
   never UDP (E0668), no success codes without HTTP (E0669). */
static void check_nlb_health(DCheck *k, const IrRoute *r, const IrListener *l)
{
    Diagnostic *dg;
    if (l->proto == IR_LISTEN_UDP && r->health_port == IR_UNSET) {
        dg = diag_error(k->de, or_span(r->health_span, r->span), "E0668",
                        "the route's UDP target group needs its health checks on a TCP port");
        diag_note(dg, SPAN_NONE, "Network Load Balancers check UDP targets over TCP or HTTP, "
                                 "and the traffic port %d is UDP", r->port);
        diag_note(dg, SPAN_NONE, "add `health tcp on PORT` (or `health \"/health\" on PORT`) "
                                 "with a TCP port the container maps");
    }
    if (r->health_codes && !r->health_path && has_span(r->codes_span)) {
        dg = diag_error(k->de, r->codes_span, "E0669",
                        "success codes need an HTTP health check; this one is TCP");
        diag_note(dg, SPAN_NONE, "remove `codes`, or check a path: `health \"/health\" codes "
                                 "\"200-399\"`");
    }
}

/* A route through a Network Load Balancer: no conditions (E0662), a
   listener it can be told apart by (E0665, E0611), the container port's
   protocol (E0664), its health check (E0668, E0669). */
void check_nlb_route(DCheck *k, const IrService *sv, const IrRoute *r)
{
    const IrLoadBalancer *lb = r->lb.target;
    Diagnostic *dg;
    if (!lb)
        return;
    if (!lb->network) {
        if (r->health_tcp) {
            dg = diag_error(k->de, r->health_span, "E0663",
                            "`health tcp` on a route of Application Load Balancer '%s'",
                            lb->name);
            diag_note(dg, SPAN_NONE, "an Application Load Balancer checks targets over HTTP; "
                                     "write `health \"/health\"`");
        } else if (!r->paths.len && !r->hosts.len) {
            dg = diag_error(k->de, r->span, "E0663",
                            "a route on Application Load Balancer '%s' needs a path or host",
                            lb->name);
            diag_note(dg, SPAN_NONE, "write `route %s \"/*\" to %s:%d` for every path",
                      lb->name, r->container.name, r->port);
        }
        return;
    }
    Span at;
    const char *opt = alb_route_option(r, &at);
    if (opt) {
        dg = diag_error(k->de, at, "E0662",
                        "%s on a route of Network Load Balancer '%s'", opt, lb->name);
        diag_note(dg, SPAN_NONE, "a Network Load Balancer has no listener rules: a route is "
                                 "the default action of one listener, and its target group "
                                 "has no slow start or cookie stickiness");
        diag_note(dg, SPAN_NONE, "remove it, as in `route %s port PORT to %s:%d`", lb->name,
                  r->container.name, r->port);
    }
    if (sv->blue_green != IR_BG_NONE) {
        dg = diag_error(k->de, sv->bg_span, "E0662",
                        "blue_green on a service routed through Network Load Balancer '%s'",
                        lb->name);
        diag_note(dg, SPAN_NONE, "ecsc shifts blue/green traffic with listener rules, which a "
                                 "Network Load Balancer does not have; use `rolling`");
    }
    if (sv->scaling && r == sv->routes.items[0])
        VEC_EACH(const IrScalePolicy *, pol, sv->scaling->policies)
            if (pol->metric == IR_SCALE_REQUESTS) {
                dg = diag_error(k->de, pol->span, "E0662",
                                "scaling on requests through Network Load Balancer '%s'",
                                lb->name);
                diag_note(dg, SPAN_NONE, "requests per target are counted by Application Load "
                                         "Balancers only; scale on cpu or memory");
            }
    if (r->listener_port == IR_UNSET) {
        dg = diag_error(k->de, r->span, "E0665",
                        "which listener of Network Load Balancer '%s' forwards to %s:%d?",
                        lb->name, r->container.name, r->port);
        diag_note(dg, SPAN_NONE, "none of its %d listeners is on port %d", lb->listeners.len,
                  r->port);
        diag_note(dg, SPAN_NONE, "add `port PORT` to the route, naming its listener");
        return;
    }
    const IrListener *l = listener_on(lb, r->listener_port);
    if (!l) {
        dg = diag_error(k->de, r->span, "E0611", "load balancer '%s' has no listener on port %d",
                        lb->name, r->listener_port);
        diag_note(dg, lb->name_span, "load balancer '%s' is declared here", lb->name);
        diag_note(dg, SPAN_NONE, "add `listen %d tcp` to it, or change the route's `port`",
                  r->listener_port);
        return;
    }
    check_nlb_port(k, r, l);
    check_nlb_health(k, r, l);
}

/* Each listener of a Network Load Balancer forwards to one route (E0666)
   and to at least one (E0667). */
void check_nlb_listeners(DCheck *k)
{
    Map taken;
    map_init(&taken, k->a);
    VEC_EACH(const IrService *, sv, k->m->services)
        VEC_EACH(const IrRoute *, r, sv->routes) {
            const IrLoadBalancer *lb = r->lb.target;
            if (!lb || !lb->network || r->listener_port == IR_UNSET)
                continue;
            const char *key = arena_printf(k->a, "%s:%d", lb->name, r->listener_port);
            const IrRoute *prev = map_put(&taken, key, (void *)r);
            if (!prev)
                continue;
            Diagnostic *dg = diag_error(k->de, r->span, "E0666",
                                        "listener %d of Network Load Balancer '%s' forwards to "
                                        "another route already", r->listener_port, lb->name);
            diag_note(dg, prev->span, "the other route is here");
            diag_note(dg, SPAN_NONE, "a Network Load Balancer's listener forwards everything to "
                                     "one target group; add another listener (`listen PORT tcp`) "
                                     "and name it with `port PORT`");
        }
    VEC_EACH(const IrLoadBalancer *, lb, k->m->load_balancers) {
        if (!lb->network)
            continue;
        VEC_EACH(const IrListener *, l, lb->listeners) {
            if (!alb_proto(l->proto) &&
                !map_get(&taken, arena_printf(k->a, "%s:%d", lb->name, l->port))) {
                Diagnostic *dg = diag_error(k->de, l->span, "E0667",
                                            "no route comes through listener %d of Network Load "
                                            "Balancer '%s'", l->port, lb->name);
                diag_note(dg, SPAN_NONE, "a Network Load Balancer's listener forwards to a "
                                         "service's target group and has no other answer");
                diag_note(dg, SPAN_NONE, "add `route %s port %d to CONTAINER:PORT` to a service, "
                                         "or remove the listener", lb->name, l->port);
            }
        }
    }
}
