/* check_target.c - a route's target group settings and the further
 * conditions of its listener rule, against Elastic Load Balancing's
 * documented ranges.  Codes E0616, E0620-E0626.
 *
 * Sources: the ELBv2 API reference (CreateTargetGroup: HealthCheckTimeoutSeconds
 * 2-120, HealthCheckIntervalSeconds 5-300, "the timeout must be smaller than
 * the interval", defaults 30 s and 5 s for HTTP targets; Matcher HttpCode
 * 200-499 for ALB; TargetGroupAttribute: deregistration_delay 0-3600,
 * slow_start 30-900 or 0, stickiness.lb_cookie.duration_seconds 1-604800)
 * and the Application Load Balancer guide, "Condition types for listener
 * rules" (three match evaluations per condition, five per rule; header
 * names up to 40 characters; methods A-Z, '-' and '_', up to 40).
 */
#include "sema/check_deploy.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
    TG_DEFAULT_INTERVAL = 30,   /* HealthCheckIntervalSeconds, HTTP/HTTPS targets */
    TG_DEFAULT_TIMEOUT = 5,     /* HealthCheckTimeoutSeconds, instance and ip targets */
    NLB_TCP_TIMEOUT = 10,       /* a Network Load Balancer's TCP health checks */
    NLB_HTTP_TIMEOUT = 6,       /* and its HTTP ones */
    COND_VALUES = 3,            /* match evaluations per condition */
};

static bool same_target(const IrRoute *a, const IrRoute *b)
{
    return a->lb.target == b->lb.target && a->port == b->port && a->container.name &&
           b->container.name && strcmp(a->container.name, b->container.name) == 0;
}

/* The health check's timing: each in range, and the timeout below the
   interval with AWS's defaults for what is not written. */
static void check_timing(DCheck *k, const IrRoute *r)
{
    Diagnostic *dg = NULL;
    if (r->health_timeout != IR_UNSET && (r->health_timeout < 2 || r->health_timeout > 120)) {
        dg = diag_error(k->de, r->timeout_span, "E0616",
                        "health check timeout %d s is outside the 2 to 120 s a target group allows",
                        r->health_timeout);
        diag_note(dg, SPAN_NONE, "the default is 5s, and it must stay below the interval");
        return;
    }
    if (r->health_interval != IR_UNSET && (r->health_interval < 5 || r->health_interval > 300))
        return;     /* check_route_health says so */
    int interval = r->health_interval != IR_UNSET ? r->health_interval : TG_DEFAULT_INTERVAL;
    const IrLoadBalancer *lb = r->lb.target;
    int dflt = !lb || !lb->network ? TG_DEFAULT_TIMEOUT
             : r->health_path ? NLB_HTTP_TIMEOUT : NLB_TCP_TIMEOUT;
    int timeout = r->health_timeout != IR_UNSET ? r->health_timeout : dflt;
    if (timeout < interval)
        return;
    bool t_set = has_span(r->timeout_span);
    dg = diag_error(k->de, t_set ? r->timeout_span : r->interval_span, "E0620",
                    "health check timeout %d s%s is not below the interval %d s%s", timeout,
                    t_set ? "" : " (the default)", interval,
                    has_span(r->interval_span) ? "" : " (the default)");
    diag_note(dg, SPAN_NONE, "Elastic Load Balancing rejects a target group whose health check "
                             "waits as long as its interval");
    if (interval > 2)
        diag_note(dg, SPAN_NONE, "write `timeout %ds`%s", interval - 1 < 2 ? 2 : interval - 1,
                  t_set ? "" : " after the interval");
    else
        diag_note(dg, SPAN_NONE, "write a longer interval, such as `every 10s`");
}

/* Matcher.HttpCode: "200", "200,202", "200-299", each code 200-499
   (200-599 on a Network Load Balancer: `max`). */
static bool codes_ok(const char *s, long max)
{
    const char *p = s;
    int parts = 0;
    while (*p) {
        char *end;
        long lo = strtol(p, &end, 10), hi = lo;
        if (end == p || !isdigit((unsigned char)*p) || lo < 200 || lo > max)
            return false;
        p = end;
        if (*p == '-') {
            const char *q = p + 1;
            hi = strtol(q, &end, 10);
            if (end == q || !isdigit((unsigned char)*q) || hi < lo || hi > max)
                return false;
            p = end;
        }
        parts++;
        if (*p == ',')
            p++;
        else if (*p)
            return false;
        else
            break;
    }
    return parts > 0 && s[strlen(s) - 1] != ',';
}

/* The port health checks go to: a TCP port of the container the group
   reaches, on a task whose addresses the load balancer can reach by port
   (awsvpc or host networking: not a dynamic bridge port). */
static void check_health_port(DCheck *k, const IrService *sv, const IrRoute *r)
{
    if (r->health_port == IR_UNSET || !has_span(r->health_port_span))
        return;
    Diagnostic *dg;
    const IrTask *t = sv->task.target;
    if (t && t->net != IR_NET_AWSVPC && t->net != IR_NET_HOST) {
        dg = diag_error(k->de, r->health_port_span, "E0622",
                        "health checks on port %d need a task that uses awsvpc or host networking",
                        r->health_port);
        diag_note(dg, t->network_span.file ? t->network_span : t->name_span,
                  "task '%s' uses bridge networking: the load balancer reaches it on a host "
                  "port that is not the container's", t->name);
        diag_note(dg, SPAN_NONE, "remove `on %d` (health checks then go to the traffic port)",
                  r->health_port);
        return;
    }
    const IrContainer *c = r->container.target;
    if (!c || r->health_port == r->port)
        return;
    for (int i = 0; i < c->ports.len; i++) {
        const IrPort *p = c->ports.items[i];
        if (p->proto == IR_PROTO_TCP &&
            (p->range_lo != IR_UNSET ? r->health_port >= p->range_lo && r->health_port <= p->range_hi
                                     : p->container_port == r->health_port))
            return;
    }
    dg = diag_error(k->de, r->health_port_span, "E0622",
                    "container '%s' does not expose port %d for health checks", c->name,
                    r->health_port);
    diag_note(dg, c->name_span, "container '%s' is declared here", c->name);
    diag_note(dg, SPAN_NONE, "add `port %d` to container '%s', or remove `on %d`",
              r->health_port, c->name, r->health_port);
}

static void range(DCheck *k, int v, Span sp, int lo, int hi, const char *what, const char *note)
{
    if (v == IR_UNSET || !has_span(sp) || (v >= lo && v <= hi))
        return;
    Diagnostic *dg = diag_error(k->de, sp, "E0623", "%s %d s is outside %d to %d s", what, v, lo, hi);
    diag_note(dg, SPAN_NONE, "%s", note);
}

/* A later route to the same target group may repeat, not change, its settings. */
static void check_shared(DCheck *k, const IrRoute *r, const IrRoute *first)
{
#define SAME(f, sp, word)                                                                      \
    if (has_span(r->sp) && has_span(first->sp) && r->f != first->f) {                          \
        Diagnostic *dg = diag_error(k->de, r->sp, "E0624",                                      \
                                    "this route changes the target group's `%s` set by an "    \
                                    "earlier route", word);                                    \
        diag_note(dg, first->sp, "the target group's `%s` is set here", word);                  \
        diag_note(dg, SPAN_NONE, "routes to the same container port share one target group; "  \
                                 "set `%s` once, on the first", word);                         \
        return;                                                                                \
    }
    SAME(health_interval, interval_span, "every")
    SAME(health_timeout, timeout_span, "timeout")
    SAME(healthy_threshold, healthy_span, "healthy")
    SAME(unhealthy_threshold, unhealthy_span, "unhealthy")
    SAME(health_port, health_port_span, "on")
    SAME(deregistration, dereg_span, "deregistration")
    SAME(slow_start, slow_span, "slow_start")
    SAME(sticky, sticky_span, "sticky")
#undef SAME
    if (has_span(r->codes_span) && has_span(first->codes_span) &&
        strcmp(r->health_codes, first->health_codes) != 0) {
        Diagnostic *dg = diag_error(k->de, r->codes_span, "E0624",
                                    "this route changes the target group's `codes` set by an "
                                    "earlier route");
        diag_note(dg, first->codes_span, "the target group's `codes` is set here");
        diag_note(dg, SPAN_NONE, "routes to the same container port share one target group; set "
                                 "`codes` once, on the first");
    }
}

void check_target_group(DCheck *k, const IrService *sv, int index)
{
    const IrRoute *r = sv->routes.items[index];
    for (int j = 0; j < index; j++)
        if (same_target(sv->routes.items[j], r)) {
            check_shared(k, r, sv->routes.items[j]);
            return;
        }
    check_timing(k, r);
    const IrLoadBalancer *lb = r->lb.target;
    long max = lb && lb->network ? 599 : 499;
    if (r->health_codes && !codes_ok(r->health_codes, max)) {
        Diagnostic *dg = diag_error(k->de, r->codes_span, "E0621",
                                    "'%s' is not a list of HTTP status codes from 200 to %ld",
                                    r->health_codes, max);
        diag_note(dg, SPAN_NONE, "write a code, codes separated by commas or a range, as in "
                                 "\"200\", \"200,302\" or \"200-399\"");
    }
    check_health_port(k, sv, r);
    range(k, r->deregistration, r->dereg_span, 0, 3600, "deregistration delay",
          "the default is 300s; 0s stops sending to a draining target at once");
    if (r->slow_start != 0)
        range(k, r->slow_start, r->slow_span, 30, 900, "slow start",
              "a target's share of requests grows over 30s to 15m; 0s turns it off");
    range(k, r->sticky, r->sticky_span, 1, 604800, "stickiness",
          "the load balancer's cookie lasts 1s to 7d (the default is 1d)");
}

/* ---- conditions -------------------------------------------------------------------------------- */

static bool token_ok(const char *s, size_t max, const char *extra)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(extra, s[i]))
            return false;
    return true;
}

static bool text_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

static bool cidr4_ok(const char *s)
{
    int part = 0;
    const char *p = s;
    for (; part < 4; part++) {
        if (!isdigit((unsigned char)*p))
            return false;
        char *end;
        long v = strtol(p, &end, 10);
        if (v > 255 || end - p > 3 || *end != (part < 3 ? '.' : '/'))
            return false;
        p = end + 1;
    }
    if (!isdigit((unsigned char)*p))
        return false;
    char *end;
    long bits = strtol(p, &end, 10);
    return !*end && bits <= 32;
}

static bool cidr6_ok(const char *s)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || !strchr(s, ':'))
        return false;
    for (const char *p = s; p < slash; p++)
        if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
            return false;
    if (!isdigit((unsigned char)slash[1]))
        return false;
    char *end;
    long bits = strtol(slash + 1, &end, 10);
    return !*end && bits <= 128;
}

bool check_cidr_ok(const char *s)
{
    return cidr4_ok(s) || cidr6_ok(s);
}

static void bad_value(DCheck *k, Span sp, const char *what, const char *v, const char *note)
{
    Diagnostic *dg = diag_error(k->de, sp, "E0625", "%s '%s' is not valid in a listener rule",
                                what, v);
    diag_note(dg, SPAN_NONE, "%s", note);
}

static void too_many(DCheck *k, Span sp, const char *cond, int n)
{
    Diagnostic *dg = diag_error(k->de, sp, "E0626",
                                "the route's %s condition has %d values; a condition takes at "
                                "most %d", cond, n, COND_VALUES);
    diag_note(dg, SPAN_NONE, "split it into several routes, or use a wildcard");
}

/* The count of condition values of a route (E0606 limits the sum). */
int check_route_values(const IrRoute *r)
{
    int n = r->paths.len + r->hosts.len + r->query.len + r->source_ips.len + r->methods.len;
    VEC_EACH(const IrRouteHeader *, h, r->headers)
        n += h->values.len;
    return n;
}

void check_route_conditions(DCheck *k, const IrRoute *r)
{
    if (r->paths.len > COND_VALUES)
        too_many(k, r->path_span, "path-pattern", r->paths.len);
    if (r->hosts.len > COND_VALUES)
        too_many(k, r->span, "host-header", r->hosts.len);
    if (r->source_ips.len > COND_VALUES)
        too_many(k, r->source_span, "source-ip", r->source_ips.len);
    if (r->methods.len > COND_VALUES)
        too_many(k, r->method_span, "http-request-method", r->methods.len);
    VEC_EACH(const IrRouteHeader *, h, r->headers) {
        if (h->values.len > COND_VALUES)
            too_many(k, h->span, "http-header", h->values.len);
        if (!token_ok(h->name, 40, "!#$%&'*+-.^_`|~"))
            bad_value(k, h->span, "header name", h->name,
                      "a header name has 1 to 40 letters, digits and ! # $ % & ' * + - . ^ _ ` | ~");
        VEC_EACH(const char *, v, h->values)
            if (!text_ok(v))
                bad_value(k, h->span, "header value", v,
                          "a value has 1 to 128 visible characters; * and ? are wildcards");
    }
    VEC_EACH(const IrKV *, q, r->query) {
        if ((q->key && !text_ok(q->key)) || !text_ok(q->value))
            bad_value(k, r->query_span, "query string match", q->key ? q->key : q->value,
                      "write \"KEY=VALUE\" or \"VALUE\", each 1 to 128 visible characters");
    }
    if (r->query.len > COND_VALUES)
        too_many(k, r->query_span, "query-string", r->query.len);
    VEC_EACH(const char *, ip, r->source_ips)
        if (!check_cidr_ok(ip))
            bad_value(k, r->source_span, "source address", ip,
                      "write an address range in CIDR notation, as in \"10.0.0.0/8\" or "
                      "\"2001:db8::/32\"");
    VEC_EACH(const char *, m, r->methods)
        if (!token_ok(m, 40, "-_") || strpbrk(m, "abcdefghijklmnopqrstuvwxyz"))
            bad_value(k, r->method_span, "HTTP method", m,
                      "methods are matched case-sensitively: write them in capitals, as in "
                      "\"GET\" or \"POST\"");
}

/* ---- access logs -------------------------------------------------------------------------------- */

/* An S3 bucket name: 3-63 lowercase letters, digits, '.' and '-', starting
   and ending with a letter or digit (S3 User Guide, "Bucket naming rules"). */
static bool bucket_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 63 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '.' ||
              s[i] == '-'))
            return false;
    return !strstr(s, "..");
}

/* Access logs: the bucket's and the prefix's shape (E0627), and a warning
   for an internet-facing load balancer without them (W0065).  The ALB
   guide, "Access logs": the prefix cannot contain "AWSLogs" nor start
   with '/'. */
void check_lb_logs(DCheck *k, const IrLoadBalancer *lb)
{
    Diagnostic *dg;
    if (!lb->has_logs) {
        if (lb->internal || lb->network || lb->existing)
            return;     /* a Network Load Balancer logs TLS only: check_nlb.c */
        dg = diag_warning(k->de, lb->name_span, "W0065",
                          "internet-facing load balancer '%s' keeps no access logs", lb->name);
        diag_note(dg, SPAN_NONE, "without them, no record says who sent which request");
        diag_note(dg, SPAN_NONE, "add `access_logs create` (the stack creates a bucket with the "
                                 "policy log delivery needs), or `access_logs BUCKET` with "
                                 "`param BUCKET string` naming a bucket of your own");
        return;
    }
    if (lb->log_bucket.param.name)
        check_use(k, &lb->log_bucket, IR_PARAM_STRING, false, "access_logs");
    else if (!lb->logs_create) {
        if (lb->log_bucket.literal.len != 1) {
            dg = diag_error(k->de, lb->log_bucket.span, "E0627",
                            "access_logs takes one bucket, not a list");
            diag_note(dg, SPAN_NONE, "write `access_logs \"my-bucket\"`");
        } else if (!bucket_ok(lb->log_bucket.literal.items[0])) {
            dg = diag_error(k->de, lb->log_bucket.span, "E0627", "'%s' is not an S3 bucket name",
                            (const char *)lb->log_bucket.literal.items[0]);
            diag_note(dg, SPAN_NONE, "a bucket name has 3 to 63 lowercase letters, digits, '.' "
                                     "and '-', and starts and ends with a letter or digit");
        }
    }
    const char *pre = lb->log_prefix;
    if (pre && (!*pre || pre[0] == '/' || pre[strlen(pre) - 1] == '/' || strstr(pre, "AWSLogs") ||
                strlen(pre) > 200)) {
        dg = diag_error(k->de, lb->prefix_span, "E0627",
                        "'%s' is not a prefix Elastic Load Balancing accepts", pre);
        diag_note(dg, SPAN_NONE, "a prefix does not start or end with '/' and does not contain "
                                 "\"AWSLogs\" (ELB adds /AWSLogs/ACCOUNT/ after it); write "
                                 "\"public-lb\", or leave `prefix` out");
    }
}
