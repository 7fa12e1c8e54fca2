/* check_listener.c - what an Application Load Balancer's listener answers
 * when no rule matches (`default forward|redirect|fixed`), and load
 * balancers the application does not own (`existing listener`), with the
 * rule priorities ecsc may take (`priorities`).  Codes E0670-E0679, W0067.
 *
 * Sources: the ELBv2 API reference, Action, RedirectActionConfig
 * (Protocol HTTP, HTTPS or #{protocol}; StatusCode HTTP_301 or HTTP_302;
 * "you can't redirect HTTPS to HTTP"; a redirect must not reach the
 * listener itself) and FixedResponseActionConfig (StatusCode 2XX, 4XX or
 * 5XX; ContentType text/plain, text/css, text/html,
 * application/javascript or application/json; MessageBody up to 1024
 * characters); the ARN formats of Elastic Load Balancing ("arn:aws:
 * elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID"); listener
 * rule priorities 1-50000, unique per listener.
 */
#include "sema/check_deploy.h"

#include "model/ir_names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const IrListener *listener_on(const IrLoadBalancer *lb, int port)
{
    VEC_EACH(const IrListener *, l, lb->listeners)
        if (l->port == port)
            return l;
    return NULL;
}

static bool is_number(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

static void check_forward(DCheck *k, const IrLoadBalancer *lb, const IrListener *l)
{
    const IrService *sv = l->forward.target;
    if (!sv)
        return;     /* E0111 */
    Diagnostic *dg;
    bool routed = false;
    VEC_EACH(const IrRoute *, r, sv->routes)
        routed |= r->lb.target == lb;
    if (!routed) {
        dg = diag_error(k->de, l->forward.span, "E0670",
                        "service '%s' has no route on load balancer '%s' to forward to",
                        sv->name, lb->name);
        diag_note(dg, sv->name_span, "service '%s' is declared here", sv->name);
        diag_note(dg, SPAN_NONE, "the default action forwards to the target group of the "
                                 "service's route: add `route %s \"/*\" to CONTAINER:PORT` to it",
                  lb->name);
    } else if (sv->blue_green != IR_BG_NONE) {
        dg = diag_error(k->de, l->forward.span, "E0670",
                        "service '%s' uses blue_green; a listener's default action cannot "
                        "forward to it", sv->name);
        diag_note(dg, sv->bg_span, "blue/green is here");
        diag_note(dg, SPAN_NONE, "a deployment shifts traffic on the service's listener rules "
                                 "only; the default action would keep sending to the old tasks");
    }
}

/* The redirect's URL: its shape, and, when it stays on the same host,
   a port the load balancer listens on other than its own path (E0671). */
static void check_redirect(DCheck *k, const IrLoadBalancer *lb, const IrListener *l)
{
    const IrRedirectUrl *u = &l->redirect;
    Diagnostic *dg;
    if (!u->protocol) {
        dg = diag_error(k->de, l->dflt_span, "E0671", "'%s' is not a URL to redirect to", l->url);
        diag_note(dg, SPAN_NONE, "write SCHEME://HOST[:PORT][/PATH][?QUERY] with http, https or "
                                 "#{protocol}; each part may be ELB's #{host}, #{port}, "
                                 "#{path}, #{query}: \"https://#{host}:443/#{path}?#{query}\"");
        return;
    }
    if (u->status != 301 && u->status != 302) {
        dg = diag_error(k->de, l->fixed_span, "E0671", "a redirect's status is 301 or 302, not %d",
                        u->status);
        diag_note(dg, SPAN_NONE, "301 is permanent (the default), 302 temporary");
        return;
    }
    if (l->proto == IR_LISTEN_HTTPS && strcmp(u->protocol, "HTTP") == 0) {
        dg = diag_error(k->de, l->dflt_span, "E0671", "https listener %d redirects to http",
                        l->port);
        diag_note(dg, SPAN_NONE, "Elastic Load Balancing does not redirect HTTPS to HTTP");
        return;
    }
    if (strcmp(u->host, "#{host}") != 0 || !is_number(u->port))
        return;     /* another host: not this load balancer's to know */
    int port = (int)strtol(u->port, NULL, 10);
    const IrListener *to = listener_on(lb, port);
    if (!to) {
        dg = diag_error(k->de, l->dflt_span, "E0671",
                        "listener %d redirects to port %d, where load balancer '%s' has no "
                        "listener", l->port, port, lb->name);
        diag_note(dg, SPAN_NONE, "add `listen %d %s …`, or redirect to a port it listens on",
                  port, u->protocol[4] == 'S' ? "https cert CERT" : "http");
        return;
    }
    bool same_proto = u->protocol[0] == '#' ||
                      strcmp(u->protocol, ir_listener_proto_api(to->proto)) == 0;
    bool same_path = !u->path || strcmp(u->path, "/#{path}") == 0;
    bool same_query = !u->query || strcmp(u->query, "#{query}") == 0;
    if (to == l && same_proto && same_path && same_query) {
        dg = diag_error(k->de, l->dflt_span, "E0671", "listener %d redirects to itself", l->port);
        diag_note(dg, SPAN_NONE, "the client would be sent back to the same URL forever; "
                                 "redirect to another port, host or path");
    }
}

static void check_fixed(DCheck *k, const IrListener *l)
{
    static const char *const types[] = {"text/plain", "text/css", "text/html",
                                        "application/javascript", "application/json"};
    Diagnostic *dg;
    int st = l->fixed_status;
    if (st < 200 || st > 599 || (st >= 300 && st < 400)) {
        dg = diag_error(k->de, l->fixed_span, "E0672",
                        "a fixed response's status is 2XX, 4XX or 5XX, not %d", st);
        diag_note(dg, SPAN_NONE, "for a 3XX answer use `default redirect \"URL\"`");
    }
    if (l->content_type) {
        bool known = false;
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            known |= strcmp(types[i], l->content_type) == 0;
        if (!known) {
            dg = diag_error(k->de, l->dflt_span, "E0672",
                            "'%s' is not a content type of a fixed response", l->content_type);
            diag_note(dg, SPAN_NONE, "write \"text/plain\", \"text/css\", \"text/html\", "
                                     "\"application/javascript\" or \"application/json\"");
        }
    }
    if (l->body && strlen(l->body) > 1024) {
        dg = diag_error(k->de, l->dflt_span, "E0672",
                        "a fixed response's body has %zu characters; at most 1024",
                        strlen(l->body));
        diag_note(dg, SPAN_NONE, "shorten it, or serve the page from a service");
    }
}

void check_listener_defaults(DCheck *k, const IrLoadBalancer *lb)
{
    if (lb->network)
        return;     /* E0661 */
    VEC_EACH(const IrListener *, l, lb->listeners) {
        if (l->dflt == IR_DEFAULT_FORWARD)
            check_forward(k, lb, l);
        else if (l->dflt == IR_DEFAULT_REDIRECT)
            check_redirect(k, lb, l);
        else if (l->dflt == IR_DEFAULT_FIXED)
            check_fixed(k, l);
    }
}

/* ---- existing listeners ------------------------------------------------------------------ */

/* arn:PARTITION:elasticloadbalancing:REGION:ACCOUNT:listener/app/NAME/ID/ID */
static const char *listener_arn_problem(const char *s)
{
    const char *p = s;
    static const char *const heads[] = {"arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:"};
    size_t h = 0;
    for (size_t i = 0; i < 3 && !h; i++)
        if (strncmp(p, heads[i], strlen(heads[i])) == 0)
            h = strlen(heads[i]);
    if (!h || strncmp(p + h, "elasticloadbalancing:", 21) != 0)
        return "is not an Elastic Load Balancing ARN";
    p += h + 21;
    for (int field = 0; field < 2; field++) {   /* region, account */
        const char *c = strchr(p, ':');
        if (!c || c == p)
            return "lacks the Region or the account";
        p = c + 1;
    }
    if (strncmp(p, "loadbalancer/", 13) == 0)
        return "is the ARN of a load balancer, not of a listener";
    if (strncmp(p, "listener/net/", 13) == 0)
        return "is a Network Load Balancer's listener, which has no rules";
    if (strncmp(p, "listener-rule/", 14) == 0)
        return "is the ARN of a listener rule, not of a listener";
    if (strncmp(p, "listener/app/", 13) != 0)
        return "is not the ARN of an Application Load Balancer's listener";
    p += 13;
    int parts = 0;
    for (const char *q = p; *q; q++)
        if (*q == '/')
            parts++;
    return parts == 2 && p[strlen(p) - 1] != '/' && *p != '/' ? NULL
         : "does not end with NAME/LOAD-BALANCER-ID/LISTENER-ID";
}

/* The words an `existing` load balancer does not take (E0676). */
static void not_with_existing(DCheck *k, const IrLoadBalancer *lb)
{
    struct { bool has; Span at; const char *word; } words[] = {
        {lb->listeners.len > 0,
         lb->listeners.len ? ((const IrListener *)lb->listeners.items[0])->span : SPAN_NONE,
         "listen"},
        {lb->network, lb->network_span, "network"},
        {has_span(lb->scheme_span), lb->scheme_span, lb->internal ? "internal" : "internet_facing"},
        {ref_given(&lb->subnets), lb->subnets.span, "subnets"},
        {has_span(lb->idle_span), lb->idle_span, "idle_timeout"},
        {lb->has_logs, lb->logs_span, "access_logs"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!words[i].has)
            continue;
        Diagnostic *dg = diag_error(k->de, words[i].at, "E0676",
                                    "`%s` on load balancer '%s', which exists already",
                                    words[i].word, lb->name);
        diag_note(dg, lb->existing_span, "`existing listener` says ecsc creates no load "
                                         "balancer and no listener");
        diag_note(dg, SPAN_NONE, "remove `%s`; set it on the load balancer where it is "
                                 "created", words[i].word);
    }
}

/* An existing listener: its ARN (E0675), the words it does not take
   (E0676), the security group the tasks admit (E0677). */
static void check_existing(DCheck *k, const IrLoadBalancer *lb)
{
    Diagnostic *dg;
    if (lb->listener_arn.param.name) {
        check_use(k, &lb->listener_arn, IR_PARAM_STRING, false, "existing listener");
    } else if (lb->listener_arn.literal.len == 1) {
        const char *arn = lb->listener_arn.literal.items[0];
        const char *why = listener_arn_problem(arn);
        if (why) {
            dg = diag_error(k->de, lb->listener_arn.span, "E0675", "'%s' %s", arn, why);
            if (strstr(arn, ":loadbalancer/"))
                diag_note(dg, SPAN_NONE, "a listener's ARN is listed by `aws elbv2 "
                                         "describe-listeners --load-balancer-arn ARN`; it has "
                                         ":listener/app/NAME/ID/ID at its end");
            diag_note(dg, SPAN_NONE, "write \"arn:aws:elasticloadbalancing:REGION:ACCOUNT:"
                                     "listener/app/NAME/ID/ID\", or a string param");
        }
    } else {
        dg = diag_error(k->de, lb->listener_arn.span, "E0675",
                        "`existing listener` takes one listener ARN, not a list");
        diag_note(dg, SPAN_NONE, "a load balancer block stands for one listener; declare "
                                 "another for another listener");
    }
    not_with_existing(k, lb);
    if (!ref_given(&lb->security_group)) {
        dg = diag_error(k->de, lb->name_span, "E0677",
                        "existing load balancer '%s' has no security_group", lb->name);
        diag_note(dg, SPAN_NONE, "the tasks' security group admits the load balancer's: ecsc "
                                 "needs to know it");
        diag_note(dg, SPAN_NONE, "add `security_group \"sg-…\"` or `security_group lb_sg` with "
                                 "`param lb_sg security_group_id`");
    } else {
        check_use(k, &lb->security_group, IR_PARAM_SECURITY_GROUP_ID, false, "security_group");
    }
    VEC_EACH(const IrService *, sv, k->m->services) {
        bool bg_told = false;
        VEC_EACH(const IrRoute *, r, sv->routes) {
            if (r->lb.target != lb)
                continue;
            if (sv->blue_green != IR_BG_NONE && !bg_told) {
                bg_told = true;
                dg = diag_error(k->de, sv->bg_span, "E0676",
                                "blue_green on service '%s', routed through the existing "
                                "listener of load balancer '%s'", sv->name, lb->name);
                diag_note(dg, SPAN_NONE, "ecsc shifts blue/green traffic on listeners and test "
                                         "rules it creates; use `rolling` here");
            }
            if (r->listener_port != IR_UNSET) {
                dg = diag_error(k->de, r->span, "E0676",
                                "`port` on a route to load balancer '%s', which exists already",
                                lb->name);
                diag_note(dg, SPAN_NONE, "its rules go on the listener `existing listener` "
                                         "names; remove `port %d`", r->listener_port);
            }
        }
    }
}

/* `priorities LO..HI` (E0678), and the rules ecsc would number on a
   listener others share without it (W0067). */
static void check_priorities(DCheck *k, const IrLoadBalancer *lb)
{
    Diagnostic *dg;
    bool range = has_span(lb->prio_span);
    if (range && (lb->prio_lo < 1 || lb->prio_hi > 50000 || lb->prio_lo > lb->prio_hi)) {
        dg = diag_error(k->de, lb->prio_span, "E0678",
                        "priorities %d..%d are not a range within 1 to 50000", lb->prio_lo,
                        lb->prio_hi);
        diag_note(dg, SPAN_NONE, "write the first and the last priority ecsc may take, as in "
                                 "`priorities 1000..1999`");
        return;
    }
    int free = range ? lb->prio_hi - lb->prio_lo + 1 : 50000;
    const IrRoute *first_auto = NULL;
    VEC_EACH(const IrService *, sv, k->m->services)
        VEC_EACH(const IrRoute *, r, sv->routes) {
            if (r->lb.target != lb)
                continue;
            if (!has_span(r->priority_span)) {
                first_auto = first_auto ? first_auto : r;
                free--;
            } else if (range && (r->priority < lb->prio_lo || r->priority > lb->prio_hi)) {
                dg = diag_error(k->de, r->priority_span, "E0678",
                                "priority %d is outside the priorities %d..%d of load balancer "
                                "'%s'", r->priority, lb->prio_lo, lb->prio_hi, lb->name);
                diag_note(dg, lb->prio_span, "the range is here");
                diag_note(dg, SPAN_NONE, "choose a priority within it, or widen the range");
            } else if (range) {
                free--;
            }
        }
    if (range && free < 0) {
        dg = diag_error(k->de, lb->prio_span, "E0678",
                        "the priorities %d..%d of load balancer '%s' are fewer than its routes",
                        lb->prio_lo, lb->prio_hi, lb->name);
        diag_note(dg, SPAN_NONE, "widen the range");
    }
    if (lb->existing && !range && first_auto) {
        dg = diag_warning(k->de, first_auto->span, "W0067",
                          "ecsc numbers this route's rule from 1 on the existing listener of "
                          "load balancer '%s'", lb->name);
        diag_note(dg, SPAN_NONE, "other stacks that add rules to the same listener take "
                                 "priorities too, and two rules cannot share one");
        diag_note(dg, SPAN_NONE, "give this application a range of its own: `priorities "
                                 "1000..1099` in load balancer '%s', or `priority N` on each "
                                 "route", lb->name);
    }
}

void check_lb_existing(DCheck *k, const IrLoadBalancer *lb)
{
    if (lb->existing) {
        check_existing(k, lb);
    } else if (ref_given(&lb->security_group)) {
        Diagnostic *dg = diag_error(k->de, lb->sg_span, "E0677",
                                    "`security_group` on load balancer '%s', which ecsc creates",
                                    lb->name);
        diag_note(dg, SPAN_NONE, "ecsc creates the group of a load balancer it creates; "
                                 "`security_group` names the group of an `existing listener`'s");
    }
    if (lb->network && has_span(lb->prio_span)) {
        Diagnostic *dg = diag_error(k->de, lb->prio_span, "E0661",
                                    "`priorities` is a word of Application Load Balancers; '%s' "
                                    "is a Network Load Balancer", lb->name);
        diag_note(dg, SPAN_NONE, "a Network Load Balancer has no listener rules");
        return;
    }
    check_priorities(k, lb);
}
