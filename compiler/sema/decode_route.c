/* decode_route.c - the options of a service's `route` that shape its
 * target group (health check, deregistration delay, slow start,
 * stickiness) and the further conditions of its listener rule (HTTP
 * headers, query strings, source addresses, methods).  sv_route in
 * decode_service.c reads the rest of the line and calls this for each
 * option it does not know.
 */
#include "sema/decode.h"

#include <string.h>

static int clamp(int64_t v)
{
    return (int)(v > 1000000 ? 1000000 : v);
}

/* health "/health" | tcp [every 15s] [timeout 5s] [healthy 3] [unhealthy 2]
                          [codes "200-299"] [on 8081]
   `tcp`: a TCP connection is the check (Network Load Balancers only). */
static bool route_health(Args *a, IrRoute *r)
{
    r->health_span = args_here(a);
    if (args_take_word(a, "tcp")) {
        r->health_tcp = true;
    } else {
        r->health_path = args_string(a, "a health check path such as \"/health\", or `tcp`");
        if (!r->health_path)
            return false;
    }
    int64_t v;
    for (;;) {
        if (args_take_word(a, "every")) {
            r->interval_span = args_here(a);
            if (!args_duration(a, "a health check interval such as 15s", &v))
                return false;
            r->health_interval = clamp(v);
        } else if (args_take_word(a, "timeout")) {
            r->timeout_span = args_here(a);
            if (!args_duration(a, "a health check timeout such as 5s", &v))
                return false;
            r->health_timeout = clamp(v);
        } else if (args_take_word(a, "healthy")) {
            r->healthy_span = args_here(a);
            if (!args_int(a, "a healthy threshold", 0, 1000, &v))
                return false;
            r->healthy_threshold = (int)v;
        } else if (args_take_word(a, "unhealthy")) {
            r->unhealthy_span = args_here(a);
            if (!args_int(a, "an unhealthy threshold", 0, 1000, &v))
                return false;
            r->unhealthy_threshold = (int)v;
        } else if (args_take_word(a, "codes")) {
            r->codes_span = args_here(a);
            const AstNode *n = args_peek(a);
            if (n && n->kind == AST_NUMBER) {
                if (!args_int(a, "an HTTP status code such as 200", 0, 1000000, &v))
                    return false;
                r->health_codes = arena_printf(a->d->arena, "%d", (int)v);
            } else {
                r->health_codes = args_string(a, "status codes such as \"200-299\"");
                if (!r->health_codes)
                    return false;
            }
        } else if (args_take_word(a, "on")) {
            r->health_port_span = args_here(a);
            if (!args_int(a, "the port health checks go to", 0, 1000000, &v))
                return false;
            r->health_port = (int)v;
        } else {
            return true;
        }
    }
}

/* A duration option of the target group: `deregistration 30s`. */
static bool route_seconds(Args *a, const char *what, int *out, Span *sp)
{
    *sp = args_here(a);
    int64_t v;
    if (!args_duration(a, what, &v))
        return false;
    *out = clamp(v);
    return true;
}

/* header "X-Env" "blue" | ["blue", "green"] */
static bool route_header(Args *a, IrRoute *r)
{
    IrRouteHeader *h = ARENA_NEW(a->d->arena, IrRouteHeader);
    h->span = args_here(a);
    h->name = args_string(a, "an HTTP header name such as \"X-Env\"");
    if (!h->name || !args_strings(a, "the header's values", &h->values))
        return false;
    vec_push(a->d->arena, &r->headers, h);
    return true;
}

/* query "version=2" | ["version=2", "beta"]: key=value, or a value of any key */
static bool route_query(Args *a, IrRoute *r)
{
    r->query_span = args_here(a);
    Vec items = {0};
    if (!args_strings(a, "query string matches such as \"version=2\"", &items))
        return false;
    VEC_EACH(const char *, q, items) {
        IrKV *kv = ARENA_NEW(a->d->arena, IrKV);
        kv->span = r->query_span;
        const char *eq = strchr(q, '=');
        if (eq) {
            kv->key = arena_strndup(a->d->arena, q, (size_t)(eq - q));
            kv->value = eq + 1;
        } else {
            kv->value = q;
        }
        vec_push(a->d->arena, &r->query, kv);
    }
    return true;
}

int decode_route_option(Decoder *d, Args *a, IrRoute *r)
{
    (void)d;
    if (args_take_word(a, "health"))
        return route_health(a, r) ? 1 : -1;
    if (args_take_word(a, "deregistration"))
        return route_seconds(a, "a deregistration delay such as 30s", &r->deregistration,
                             &r->dereg_span) ? 1 : -1;
    if (args_take_word(a, "slow_start"))
        return route_seconds(a, "a slow start duration such as 60s", &r->slow_start,
                             &r->slow_span) ? 1 : -1;
    if (args_take_word(a, "sticky")) {
        r->sticky_span = args_here(a);
        const AstNode *n = args_peek(a);
        if (n && n->kind == AST_NUMBER) {
            int64_t v;
            if (!args_duration(a, "how long the cookie lasts, such as 1h", &v))
                return -1;
            r->sticky = clamp(v);
        } else {
            r->sticky = 86400;      /* AWS's default: one day */
        }
        return 1;
    }
    if (args_take_word(a, "header"))
        return route_header(a, r) ? 1 : -1;
    if (args_take_word(a, "query"))
        return route_query(a, r) ? 1 : -1;
    if (args_take_word(a, "source")) {
        r->source_span = args_here(a);
        return args_strings(a, "addresses in CIDR notation such as \"10.0.0.0/8\"",
                            &r->source_ips) ? 1 : -1;
    }
    if (args_take_word(a, "method")) {
        r->method_span = args_here(a);
        return args_strings(a, "HTTP methods such as \"GET\"", &r->methods) ? 1 : -1;
    }
    return 0;
}

void decode_route_init(IrRoute *r)
{
    r->listener_port = r->priority = IR_UNSET;
    r->health_interval = r->healthy_threshold = r->unhealthy_threshold = IR_UNSET;
    r->health_timeout = r->health_port = r->deregistration = r->slow_start = IR_UNSET;
    r->sticky = IR_UNSET;
}
