/* rules_listen.c - family 4 of issue 12 (rules_cross.c) on load balancers:
 * listener rules that a rule with a lower priority number hides (E0442,
 * W0025; and the order infer gives routes without a priority,
 * rules_route_covers), a redirect to a port without an https listener
 * (E0443), an Application Load Balancer in fewer than two subnets
 * (E0444).  Each rule cites its AWS source.
 */
#include "sema/rules_cross.h"

#include "model/ir_names.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* ---- listener rules -------------------------------------------------------------------------- */

/* Whether glob `pat` (ALB: `*` any characters, `?` one) matches `s`,
   case-insensitively for hosts. */
static bool glob(const char *pat, const char *s, bool fold)
{
    const char *star = NULL, *star_s = NULL;
    while (*s) {
        char pc = fold ? (char)tolower((unsigned char)*pat) : *pat;
        char sc = fold ? (char)tolower((unsigned char)*s) : *s;
        if (*pat == '*') {
            star = ++pat;
            star_s = s;
        } else if (*pat && (*pat == '?' || pc == sc)) {
            pat++;
            s++;
        } else if (star) {
            pat = star;
            s = ++star_s;
        } else {
            return false;
        }
    }
    while (*pat == '*')
        pat++;
    return !*pat;
}

/* Whether every request pattern `b` matches, `a` matches too (sufficient
   conditions, so never a wrong "yes"): `b` has no wildcard and `a`
   matches it; or `a` is a literal prefix and `*`, and `b`'s text before
   its first wildcard starts with that prefix. */
static bool covers(const char *a, const char *b, bool fold)
{
    if (!strpbrk(b, "*?"))
        return glob(a, b, fold);
    size_t n = strlen(a);
    if (!n || a[n - 1] != '*' || strcspn(a, "*?") != n - 1)
        return false;
    size_t lit = strcspn(b, "*?");
    return lit >= n - 1 && (fold ? strncasecmp(a, b, n - 1) : strncmp(a, b, n - 1)) == 0;
}

/* Whether path `j` of `b` is matched by a path of `a` (a route without
   paths matches every path, as the pattern "/" and a star). */
static bool path_covered(const IrRoute *a, const IrRoute *b, int j)
{
    const char *pb = b->paths.len ? b->paths.items[j] : "/*";
    bool hit = !a->paths.len;
    for (int i = 0; i < a->paths.len && !hit; i++)
        hit = covers(a->paths.items[i], pb, false);
    return hit;
}

/* The paths of `b` that `a`'s paths cover, as flags; their count. */
static int covered_paths(const IrRoute *a, const IrRoute *b, bool *flags)
{
    int n = 0;
    int nb = b->paths.len ? b->paths.len : 1;
    for (int j = 0; j < nb; j++)
        n += flags[j] = path_covered(a, b, j);
    return n;
}

static bool hosts_covered(const IrRoute *a, const IrRoute *b);

bool rules_route_covers(const IrRoute *a, const IrRoute *b)
{
    if (a->headers.len || a->query.len || a->source_ips.len || a->methods.len ||
        !hosts_covered(a, b))
        return false;
    int nb = b->paths.len ? b->paths.len : 1;
    for (int j = 0; j < nb; j++)
        if (!path_covered(a, b, j))
            return false;
    return true;
}

static bool hosts_covered(const IrRoute *a, const IrRoute *b)
{
    if (!a->hosts.len)
        return true;
    if (!b->hosts.len)
        return false;
    VEC_EACH(const char *, hb, b->hosts) {
        bool hit = false;
        VEC_EACH(const char *, ha, a->hosts)
            hit = hit || covers(ha, hb, true);
        if (!hit)
            return false;
    }
    return true;
}

/* A route, its service, and the keys of its other conditions. */
typedef struct RouteAt {
    const IrService *sv;
    const IrRoute *r;
    char **keys;
    int nkeys;
} RouteAt;

/* Whether every other condition of `a` (headers, query, source, method)
   is one of `b`'s, and whether they are the same set. */
static bool conditions_within(const RouteAt *a, const RouteAt *b, bool *same)
{
    for (int i = 0; i < a->nkeys; i++) {
        bool hit = false;
        for (int j = 0; j < b->nkeys && !hit; j++)
            hit = strcmp(a->keys[i], b->keys[j]) == 0;
        if (!hit)
            return false;
    }
    *same = a->nkeys == b->nkeys;
    return true;
}

static bool same_strings(const Vec *a, const Vec *b)
{
    if (a->len != b->len)
        return false;
    for (int i = 0; i < a->len; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return false;
    return true;
}

/* Whether listener `l` carries route `r`: it forwards, and the route does
   not pin another port. */
static bool carries(const IrRoute *r, const IrListener *l)
{
    return !ir_listener_redirects(l) &&
           (r->listener_port == IR_UNSET || r->listener_port == l->port);
}

/* Whether `a` and `b` have a listener in common (the first, or NULL). */
static const IrListener *shared_listener(const IrRoute *a, const IrRoute *b)
{
    const IrLoadBalancer *lb = a->lb.target;
    if (!lb || lb != b->lb.target)
        return NULL;
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (carries(a, l) && carries(b, l))
            return l;
    return NULL;
}

/* E0442 when every path of `B` is hidden by `A` (flags: which), else
   W0025 for the first hidden path. */
static void report_shadow(Cross *x, const RouteAt *A, const RouteAt *B, int hit, const bool *flags)
{
    const IrRoute *a = A->r, *b = B->r;
    int nb = b->paths.len ? b->paths.len : 1;
    const IrListener *l = shared_listener(a, b);
    const IrLoadBalancer *lb = b->lb.target;
    int k = 0;
    while (!flags[k])
        k++;
    Diagnostic *dg;
    if (hit == nb)
        dg = diag_error(x->s->diag, or_span(b->path_span, b->span), "E0442",
                        "this route of service '%s' is never reached: a route with priority %d "
                        "matches every request it matches", B->sv->name, a->priority);
    else
        dg = diag_warning(x->s->diag, or_span(b->path_span, b->span), "W0025",
                          "path '%s' of this route of service '%s' is never reached: a route "
                          "with priority %d matches it first",
                          (const char *)b->paths.items[k], B->sv->name, a->priority);
    diag_note(dg, or_span(a->path_span, a->span),
              "the route of service '%s' with priority %d on listener %d of load balancer '%s'",
              A->sv->name, a->priority, l->port, lb->name);
    diag_note(dg, or_span(b->priority_span, b->span),
              "this route has priority %d; the lower number is evaluated first", b->priority);
    if (has_span(a->priority_span) && has_span(b->priority_span))
        diag_note(dg, SPAN_NONE, "swap the two priorities, so that the more specific route "
                                 "comes first");
    else
        diag_note(dg, SPAN_NONE, "write `priority %d` on this route and `priority %d` on the "
                                 "other, so that the more specific route comes first",
                  a->priority, b->priority);
}

/* Rules are evaluated "in priority order, from the lowest value to the
   highest value" and the first whose conditions all match acts
   (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/
   listener-rules.html; path and host patterns in
   rule-condition-types.html).  A rule whose every condition is implied by
   a rule of a lower number never acts: an error, since its service would
   never get a request; some of its paths only: a warning.  Routes to one
   target group (one service, container and port) lose nothing. */
void rules_shadowed_routes(Cross *x)
{
    Vec all = {0};
    VEC_EACH(const IrService *, sv, x->m->services) {
        VEC_EACH(const IrRoute *, r, sv->routes) {
            if (!r->lb.target)
                continue;
            RouteAt *ra = ARENA_NEW(x->s->arena, RouteAt);
            ra->sv = sv;
            ra->r = r;
            ra->keys = ARENA_ARRAY(x->s->arena, char *, check_route_values(r) + r->headers.len + 1);
            ra->nkeys = check_route_condition_keys(&x->k, r, ra->keys);
            vec_push(x->s->arena, &all, ra);
        }
    }
    for (int j = 0; j < all.len; j++) {
        const RouteAt *B = all.items[j];
        const IrRoute *b = B->r;
        int nb = b->paths.len ? b->paths.len : 1;
        bool *flags = ARENA_ARRAY(x->s->arena, bool, (size_t)nb);
        bool *best_flags = ARENA_ARRAY(x->s->arena, bool, (size_t)nb);
        const RouteAt *best = NULL;
        int best_hit = 0;
        for (int i = 0; i < all.len && best_hit < nb; i++) {
            const RouteAt *A = all.items[i];
            const IrRoute *a = A->r;
            bool same = false;
            if (i == j || a->priority >= b->priority || !shared_listener(a, b) ||
                (A->sv == B->sv && a->port == b->port &&
                 a->container.target == b->container.target) ||
                !hosts_covered(a, b) || !conditions_within(A, B, &same))
                continue;
            if (same && same_strings(&a->hosts, &b->hosts) && same_strings(&a->paths, &b->paths))
                continue;       /* E0604 */
            int hit = covered_paths(a, b, flags);
            if (hit > best_hit) {
                best = A;
                best_hit = hit;
                memcpy(best_flags, flags, sizeof(bool) * (size_t)nb);
            }
        }
        if (best)
            report_shadow(x, best, B, best_hit, best_flags);
    }
}

/* ---- load balancers -------------------------------------------------------------------------- */

/* RedirectActionConfig (elbv2 service-2.json): the redirect keeps the
   host ("#{host}") and sends the client to the port given.  ecsc's load
   balancer security group opens only its listeners' ports, and an https
   client needs an https listener there. */
void rules_redirect_targets(Cross *x)
{
    const IrParam *cert = NULL;     /* a certificate param to suggest */
    VEC_EACH(const IrParam *, p, x->m->params)
        if (p->type == IR_PARAM_CERT_ARN && !p->is_list && !cert)
            cert = p;
    VEC_EACH(const IrLoadBalancer *, lb, x->m->load_balancers) {
        const IrListener *https = NULL;
        VEC_EACH(const IrListener *, l, lb->listeners)
            if (l->proto == IR_LISTEN_HTTPS && l->redirect_port == IR_UNSET && !https)
                https = l;
        VEC_EACH(const IrListener *, l, lb->listeners) {
            if (l->redirect_port == IR_UNSET || l->proto == IR_LISTEN_HTTPS)
                continue;           /* an https listener's redirect is W0051 */
            const IrListener *to = NULL;
            VEC_EACH(const IrListener *, t, lb->listeners)
                if (t->port == l->redirect_port && !to)
                    to = t;
            if (to && to->proto == IR_LISTEN_HTTPS)
                continue;
            Diagnostic *dg;
            if (!to)
                dg = diag_error(x->s->diag, l->span, "E0443",
                                "listener %d redirects to https on port %d, where load balancer "
                                "'%s' has no listener", l->port, l->redirect_port, lb->name);
            else
                dg = diag_error(x->s->diag, l->span, "E0443",
                                "listener %d redirects to https on port %d, where load balancer "
                                "'%s' listens for plain http", l->port, l->redirect_port,
                                lb->name);
            if (to)
                diag_note(dg, to->span, "the listener on port %d is http", to->port);
            diag_note(dg, SPAN_NONE, "redirected clients would find no https listener there");
            if (https && https->port != l->redirect_port)
                diag_note(dg, SPAN_NONE, "write `listen %d http redirect https %d`: the https "
                                         "listener is on port %d", l->port, https->port,
                          https->port);
            else
                diag_note(dg, SPAN_NONE, "%s `listen %d https cert %s`%s", to ? "make it" : "add",
                          l->redirect_port, cert ? cert->name : "cert",
                          cert ? "" : " with `param cert certificate`");
        }
    }
}

/* CreateLoadBalancer.Subnets (elbv2 service-2.json): "[Application Load
   Balancers] You must specify subnets from at least two Availability
   Zones."  Which zone a subnet id is in cannot be known from the id:
   only fewer than two distinct subnets is certain, or a param of one
   subnet (not a list). */
void rules_lb_subnets(Cross *x)
{
    VEC_EACH(const IrLoadBalancer *, lb, x->m->load_balancers) {
        const IrParamRef *sn = &lb->subnets;
        const IrParam *p = sn->param.target;
        int distinct = 0;
        if (lb->network || lb->existing)
            continue;   /* a Network Load Balancer may take one zone; an existing one: E0676 */
        if (sn->param.name) {
            if (!p || p->is_list || p->type != IR_PARAM_SUBNET_ID)
                continue;       /* a list's length is a deploy-time choice; a wrong type: E0540 */
            distinct = 1;
        } else {
            for (int i = 0; i < sn->literal.len; i++) {
                bool seen = false;
                for (int j = 0; j < i && !seen; j++)
                    seen = strcmp(sn->literal.items[i], sn->literal.items[j]) == 0;
                distinct += !seen;
            }
            if (!sn->literal.len)
                continue;       /* E0610 */
        }
        if (distinct >= 2)
            continue;
        Diagnostic *dg = diag_error(x->s->diag, or_span(sn->span, lb->name_span), "E0444",
                                    "load balancer '%s' has only one subnet; an Application Load "
                                    "Balancer needs subnets in at least two Availability Zones",
                                    lb->name);
        if (p)
            diag_note(dg, p->name_span, "param '%s' holds one subnet id, not a list", p->name);
        else if (sn->literal.len > 1)
            diag_note(dg, SPAN_NONE, "the same subnet is listed %d times", sn->literal.len);
        diag_note(dg, SPAN_NONE, "give it a subnet in another Availability Zone too: a list "
                                 "param (`param subnets [subnet_id]`) or two subnet ids");
    }
}
