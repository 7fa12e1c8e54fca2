/* decode_service.c - params, load balancers, services (capacity and the
 * cluster: decode_capacity.c). */
#include "sema/decode.h"

#include "model/ir_names.h"

#include <string.h>

/* A param reference (a word) or literal strings ("x" or ["x", "y"]). */
bool decode_param_ref(Decoder *d, Args *a, IrParamRef *out, const char *what)
{
    const AstNode *n = args_peek(a);
    out->span = args_here(a);
    if (n && n->kind == AST_WORD) {
        a->i++;
        out->param.name = n->text;
        out->param.span = n->span;
        return true;
    }
    out->literal = (Vec){0};
    for (int i = 0; n && n->kind == AST_LIST && i < n->items.len; i++) {
        const AstNode *w = n->items.items[i];
        if (w->kind != AST_WORD)
            continue;
        /* a param inside a list: the list holds literal ids, a param
           stands for the whole list */
        a->i++;
        Diagnostic *dg = diag_error(d->diag, w->span, "E0103",
                                    "a list here holds ids in quotes; a parameter such as '%s' "
                                    "cannot be one of its items", w->text);
        /* the option the list belongs to: the word before it (`alarms`
           in `rolling … alarms [x]`), else the statement's head */
        const char *head = a->s->head;
        const AstNode *before = a->i >= 2 ? a->s->args.items[a->i - 2] : NULL;
        if (before && before->kind == AST_WORD)
            head = before->text;
        const char *type = strcmp(head, "security_groups") == 0 ? "security_group_id"
                           : strcmp(head, "subnets") == 0 ? "subnet_id" : "string";
        diag_note(dg, SPAN_NONE, "a param stands for the whole list: declare `param %s_list [%s]` "
                                 "and write `%s %s_list` without brackets, or write the ids in quotes",
                  head, type, head, head);
        return false;
    }
    if (!args_strings(a, what, &out->literal))
        return false;
    return true;
}

/* ---- param ---------------------------------------------------------------- */

/* The parameter types (ir_param_type_words: args_choice checks that each
   is listed here) and `default`. */
const char *const decode_param_words[] = {"string", "number", "vpc_id", "subnet_id",
                                          "security_group_id", "certificate", "default", NULL};

void decode_param(Decoder *d, const AstStmt *s)
{
    IrParam *p = ARENA_NEW(d->arena, IrParam);
    p->span = s->span;
    Args a = args_begin(d, s);
    p->name_span = args_here(&a);
    p->name = args_word(&a, "the parameter's name");
    if (!p->name)
        return;
    decode_name_ok(d, p->name, p->name_span, "parameter");
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_LIST) {
        /* [subnet_id]: a list of values of that type */
        a.i++;
        p->is_list = true;
        const AstNode *el = n->items.len == 1 ? n->items.items[0] : NULL;
        if (!el || el->kind != AST_WORD) {
            Diagnostic *dg = diag_error(d->diag, n->span, "E0103",
                                        "a list parameter names one element type, as in [subnet_id]");
            (void)dg;
            return;
        }
        Args inner = a;
        AstStmt fake = *s;
        fake.args = (Vec){0};
        vec_push(d->arena, &fake.args, (void *)el);
        inner = args_begin(d, &fake);
        int k = args_choice(&inner, "parameter type", ir_param_type_words);
        if (k < 0)
            return;
        p->type = (IrParamType)k;
    } else {
        int k = args_choice(&a, "parameter type", ir_param_type_words);
        if (k < 0)
            return;
        p->type = (IrParamType)k;
    }
    if (args_take_word(&a, "default")) {
        const AstNode *v = args_peek(&a);
        if (v && v->kind == AST_NUMBER && !v->unit[0]) {
            a.i++;
            p->default_value = v->text;
        } else if (v && v->kind == AST_LIST) {
            Vec items = {0};
            if (!args_strings(&a, "default values", &items))
                return;
            size_t len = 1;
            for (int i = 0; i < items.len; i++)
                len += strlen(items.items[i]) + 1;
            char *joined = arena_alloc(d->arena, len);
            for (int i = 0; i < items.len; i++) {
                if (i)
                    strcat(joined, ",");
                strcat(joined, items.items[i]);
            }
            p->default_value = joined;
        } else {
            p->default_value = args_string(&a, "a default value");
            if (!p->default_value)
                return;
        }
        p->has_default = true;
    }
    args_end(&a);
    vec_push(d->arena, &d->model->params, p);
}

/* ---- load_balancer ---------------------------------------------------------- */

#define LB(t) ((IrLoadBalancer *)(t))

static void lb_scheme(Decoder *d, const AstStmt *s, IrLoadBalancer *lb, bool internal)
{
    Args a = args_begin(d, s);
    args_end(&a);
    if (lb->scheme_span.file && lb->internal != internal) {
        Diagnostic *dg = diag_error(d->diag, s->head_span, "E0102",
                                    "load balancer '%s' is both internal and internet_facing", lb->name);
        diag_note(dg, lb->scheme_span, "the other is here");
        return;
    }
    lb->internal = internal;
    lb->scheme_span = s->head_span;
}

static void lb_internet_facing(Decoder *d, const AstStmt *s, void *t) { lb_scheme(d, s, t, false); }
static void lb_internal(Decoder *d, const AstStmt *s, void *t) { lb_scheme(d, s, t, true); }

static void lb_subnets(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    decode_param_ref(d, &a, &LB(t)->subnets, "subnet ids, or a parameter");
    args_end(&a);
}

static void lb_vpc(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    decode_param_ref(d, &a, &LB(t)->vpc, "a VPC id, or a parameter");
    args_end(&a);
}

static void lb_idle_timeout(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    LB(t)->idle_span = args_here(&a);
    int64_t v;
    if (args_duration(&a, "an idle timeout such as 60s", &v))
        LB(t)->idle_timeout = (int)(v > 100000 ? 100000 : v);
    args_end(&a);
}

static bool has_option_span(const IrListener *l)
{
    return l->option_span.file != 0;
}

/* A second default action on a listener (E0674). */
static void second_default(Decoder *d, const Args *a, const IrListener *l)
{
    Diagnostic *dg = diag_error(d->diag, args_here(a), "E0674",
                                "listener %d has a default action already", l->port);
    diag_note(dg, l->option_span, "the first is here");
    diag_note(dg, SPAN_NONE, "a listener answers unmatched requests one way: keep one of "
                             "`redirect`, `fixed` and `default`");
}

/* listen 443 https cert NAME|"arn" | listen 80 http [redirect https [443]] [fixed 404]
   | listen 1883 tcp | listen 8883 tls cert CERT | listen 514 udp */
static void lb_listen(Decoder *d, const AstStmt *s, void *t)
{
    IrListener *l = ARENA_NEW(d->arena, IrListener);
    l->span = s->span;
    l->redirect_port = l->fixed_status = IR_UNSET;
    Args a = args_begin(d, s);
    int64_t v;
    if (!args_int(&a, "a listener port", 1, 65535, &v))
        return;
    l->port = (int)v;
    int k = args_choice(&a, "listener protocol", ir_listener_proto_words);
    if (k < 0)
        return;
    l->proto = (IrListenerProto)k;
    while (args_more(&a)) {
        if (args_peek_word(&a, "cert")) {
            l->cert_span = args_here(&a);
            args_take_word(&a, "cert");
            if (!decode_param_ref(d, &a, &l->cert, "a certificate ARN, or a parameter"))
                return;
            l->has_cert = true;
        } else if (args_peek_word(&a, "redirect")) {
            if (l->dflt) {
                second_default(d, &a, l);
                return;
            }
            l->option_span = has_option_span(l) ? l->option_span : args_here(&a);
            args_take_word(&a, "redirect");
            static const char *const to[] = {"https", NULL};
            if (args_choice(&a, "redirect target", to) < 0)
                return;
            l->redirect_port = 443;
            const AstNode *n = args_peek(&a);
            if (n && n->kind == AST_NUMBER) {
                if (!args_int(&a, "the https port", 1, 65535, &v))
                    return;
                l->redirect_port = (int)v;
            }
        } else if (args_peek_word(&a, "fixed")) {
            if (l->dflt) {
                second_default(d, &a, l);
                return;
            }
            l->option_span = has_option_span(l) ? l->option_span : args_here(&a);
            args_take_word(&a, "fixed");
            if (!args_int(&a, "an HTTP status code", 200, 599, &v))
                return;
            l->fixed_status = (int)v;
        } else if (args_peek_word(&a, "default")) {
            if (has_option_span(l)) {
                second_default(d, &a, l);
                return;
            }
            l->option_span = l->dflt_span = args_here(&a);
            args_take_word(&a, "default");
            if (!decode_listener_default(d, &a, l))
                return;
        } else {
            static const char *const opts[] = {"cert", "redirect", "fixed", "default", NULL};
            args_choice(&a, "listener option", opts);
            return;
        }
    }
    vec_push(d->arena, &LB(t)->listeners, l);
}

static void lb_network(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_end(&a);
    LB(t)->network = true;
    LB(t)->network_span = s->head_span;
}

static const FieldDef lb_fields[] = {
    {"network", lb_network, FIELD_ONCE, "Type", NULL,
     "A Network Load Balancer (TCP, TLS and UDP listeners) instead of an Application Load "
     "Balancer."},
    {"internet_facing", lb_internet_facing, FIELD_ONCE, "Scheme", NULL,
     "The load balancer takes traffic from the internet (the default)."},
    {"internal", lb_internal, FIELD_ONCE, "Scheme", NULL,
     "The load balancer is reachable only inside the VPC."},
    {"subnets", lb_subnets, FIELD_ONCE, "Subnets", NULL,
     "The subnets of the load balancer (a param of kind [subnet_id], or a list of IDs); at "
     "least two Availability Zones."},
    {"vpc", lb_vpc, FIELD_ONCE, NULL, NULL,
     "The VPC of the load balancer's security group and target groups (a param of kind vpc_id,"
     " or an ID)."},
    {"listen", lb_listen, 0, NULL, WORDS("http", "https", "tcp", "tls", "udp", "cert", "redirect",
                                         "fixed", "default", "forward"),
     "A listener: `listen 80 http`, `listen 443 https cert CERT`, `listen 80 http redirect "
     "https`, or a `fixed` response; on a `network` load balancer `listen 1883 tcp`, `listen "
     "8883 tls cert CERT`, `listen 514 udp`; `default forward SERVICE`, `default redirect "
     "\"URL\"`, `default fixed STATUS [\"TYPE\" [\"BODY\"]]` answer what no route matches."},
    {"existing", decode_lb_existing, FIELD_ONCE, NULL, WORDS("listener"),
     "Routes become rules on a listener of a load balancer the application does not own: "
     "`existing listener \"arn:…:listener/app/…\"` or a string param; ecsc creates no load "
     "balancer."},
    {"security_group", decode_lb_security_group, FIELD_ONCE, NULL, NULL,
     "The security group of an `existing` load balancer, which the tasks admit (\"sg-…\" or a "
     "param)."},
    {"priorities", decode_lb_priorities, FIELD_ONCE, NULL, NULL,
     "The listener rule priorities ecsc numbers routes from: `priorities 1000..1999` (for a "
     "listener other stacks add rules to)."},
    {"idle_timeout", lb_idle_timeout, FIELD_ONCE, NULL, NULL,
     "How long an idle connection stays open (`idle_timeout 60s`)."},
    {"access_logs", decode_lb_access_logs, FIELD_ONCE, NULL, WORDS("create", "prefix"),
     "Access logs to S3: `access_logs create` (the stack creates the bucket and its policy) or "
     "`access_logs BUCKET` (a string param or a name), with an optional `prefix \"P\"`."},
    {"raw", decode_lb_raw, 0, NULL, WORDS("listener"),
     "Sets CloudFormation properties of the load balancer (`raw { … }`) or of one listener "
     "(`raw listener PORT { … }`) that ecsc has no word for (language.md §13.2)."},
};
const BlockDef decode_lb_block = {"load_balancer", FIELDS(lb_fields),
                                  "AWS::ElasticLoadBalancingV2::LoadBalancer", "Name",
                                  "the load balancer's name is derived from the app's and its own"};

void decode_load_balancer(Decoder *d, const AstStmt *s)
{
    IrLoadBalancer *lb = ARENA_NEW(d->arena, IrLoadBalancer);
    lb->span = s->span;
    lb->idle_timeout = lb->prio_lo = lb->prio_hi = IR_UNSET;
    Args a = args_begin(d, s);
    lb->name_span = args_here(&a);
    lb->name = args_word(&a, "the load balancer's name");
    if (!lb->name)
        return;
    const AstNode *body = args_block(&a, "the load balancer's block");
    args_end(&a);
    decode_name_ok(d, lb->name, lb->name_span, "load balancer");
    decode_block(d, body, &decode_lb_block, lb,
                 arena_printf(d->arena, "load_balancer '%s'", lb->name));
    vec_push(d->arena, &d->model->load_balancers, lb);
}

/* ---- service ------------------------------------------------------------------ */

#define SV(t) ((IrService *)(t))

static void sv_task(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SV(t)->task.span = args_here(&a);
    SV(t)->task.name = args_word(&a, "a task's name");
    args_end(&a);
}

static void sv_desired(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SV(t)->desired_span = args_here(&a);
    int64_t v;
    if (args_int(&a, "a desired count", -1000000, 1000000, &v))
        SV(t)->desired = (int)v;
    args_end(&a);
}

static void sv_daemon(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SV(t)->daemon = true;
    SV(t)->daemon_span = s->head_span;
    args_end(&a);
}

static void sv_launch(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const kinds[] = {"fargate", "ec2", "external", NULL};
    Args a = args_begin(d, s);
    SV(t)->launch_span = args_here(&a);
    int k = args_choice(&a, "launch type", kinds);
    if (k >= 0)
        SV(t)->launch = 1u << k;
    args_end(&a);
}

/* capacity NAME|fargate|fargate_spot [weight N] [base N] */
static void sv_capacity(Decoder *d, const AstStmt *s, void *t)
{
    decode_strategy_use(d, s, &SV(t)->capacity);
}

static void sv_subnets(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SV(t)->has_subnets = decode_param_ref(d, &a, &SV(t)->subnets, "subnet ids, or a parameter");
    args_end(&a);
}

/* security_groups GROUPS [only] */
static void sv_security_groups(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    if (!decode_param_ref(d, &a, &SV(t)->security_groups, "security group ids, or a parameter"))
        return;
    Span at = args_here(&a);
    if (args_take_word(&a, "only")) {
        SV(t)->sg_only = true;
        SV(t)->sg_only_span = at;
    }
    args_end(&a);
}

static void sv_public_ip(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SV(t)->public_ip_span = s->span;
    args_flag(&a, &SV(t)->public_ip);
    args_end(&a);
}

/* rolling [min 50%] [max 200%] [rollback] [alarms ["a"]] */
static void sv_rolling(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    sv->rolling_span = s->span;
    Args a = args_begin(d, s);
    int64_t v;
    while (args_more(&a)) {
        if (args_take_word(&a, "min")) {
            sv->min_span = args_here(&a);
            if (!args_percent(&a, "a minimum healthy percent such as 50%", &v))
                return;
            sv->min_healthy = (int)(v > 100000 ? 100000 : v);
        } else if (args_take_word(&a, "max")) {
            sv->max_span = args_here(&a);
            if (!args_percent(&a, "a maximum percent such as 200%", &v))
                return;
            sv->max_percent = (int)(v > 100000 ? 100000 : v);
        } else if (args_take_word(&a, "rollback")) {
            sv->circuit_breaker = sv->rollback = true;
        } else if (args_take_word(&a, "circuit_breaker")) {
            sv->circuit_breaker = true;
        } else if (args_peek_word(&a, "alarms")) {
            Span at = args_here(&a);
            args_take_word(&a, "alarms");
            if (!decode_sv_alarms(d, &a, sv, at))
                return;
        } else {
            static const char *const opts[] = {"min", "max", "rollback", "circuit_breaker", "alarms", NULL};
            args_choice(&a, "rolling option", opts);
            return;
        }
    }
}

static void sv_grace(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    int64_t v;
    if (args_duration(&a, "a grace period such as 60s", &v))
        SV(t)->grace = (int)(v > 10000000 ? 10000000 : v);
    args_end(&a);
}

static void sv_exec(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &SV(t)->exec);
    args_end(&a);
}

/* placement spread [az|instance|"attribute:…"] | binpack cpu|memory | random */
static void sv_placement(Decoder *d, const AstStmt *s, void *t)
{
    IrPlacementStrategy *p = ARENA_NEW(d->arena, IrPlacementStrategy);
    p->span = s->span;
    Args a = args_begin(d, s);
    static const char *const kinds[] = {"spread", "binpack", "random", NULL};
    int k = args_choice(&a, "placement strategy", kinds);
    if (k < 0)
        return;
    p->type = kinds[k];
    if (k == 0) {
        p->field = "attribute:ecs.availability-zone";
        if (args_take_word(&a, "az"))
            p->field = "attribute:ecs.availability-zone";
        else if (args_take_word(&a, "instance"))
            p->field = "instanceId";
        else if (args_more(&a))
            p->field = args_string(&a, "az, instance or an attribute such as \"attribute:ecs.instance-type\"");
    } else if (k == 1) {
        static const char *const fields[] = {"memory", "cpu", NULL};
        p->field = "memory";
        if (args_more(&a)) {
            int f = args_choice(&a, "binpack field", fields);
            if (f < 0)
                return;
            p->field = fields[f];
        }
    }
    args_end(&a);
    if (!SV(t)->placement.len)
        SV(t)->placement_span = s->head_span;
    vec_push(d->arena, &SV(t)->placement, p);
}

static void sv_constraint(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    if (args_take_word(&a, "distinct_instance")) {
        SV(t)->distinct_instance = true;
        SV(t)->distinct_span = s->span;
    } else {
        IrPlacement *p = ARENA_NEW(d->arena, IrPlacement);
        p->span = s->span;
        p->expression = args_string(&a, "distinct_instance or a memberOf expression");
        if (p->expression)
            vec_push(d->arena, &SV(t)->constraints, p);
    }
    args_end(&a);
}

/* route LB "/path" | ["/a", "/b"] [host "h" | ["h1", "h2"]] [port 443]
         [priority N] to CONTAINER:PORT, and the options of decode_route.c */
static void sv_route(Decoder *d, const AstStmt *s, void *t)
{
    IrRoute *r = ARENA_NEW(d->arena, IrRoute);
    r->span = s->span;
    decode_route_init(r);
    Args a = args_begin(d, s);
    r->lb.span = args_here(&a);
    r->lb.name = args_word(&a, "a load balancer's name");
    if (!r->lb.name)
        return;
    r->path_span = args_here(&a);
    const AstNode *first = args_peek(&a);
    if (first && first->kind != AST_WORD &&     /* no path: a Network Load Balancer's route */
        !args_strings(&a, "a path pattern such as \"/api/*\"", &r->paths))
        return;
    bool have_to = false;
    int64_t v;
    while (args_more(&a)) {
        if (args_take_word(&a, "host")) {
            if (!args_strings(&a, "host names", &r->hosts))
                return;
        } else if (args_take_word(&a, "port")) {
            if (!args_int(&a, "a listener port", 1, 65535, &v))
                return;
            r->listener_port = (int)v;
        } else if (args_take_word(&a, "priority")) {
            r->priority_span = args_here(&a);
            if (!args_int(&a, "a rule priority", -1000000, 1000000, &v))
                return;
            r->priority = (int)v;
        } else if (args_take_word(&a, "to")) {
            r->container.span = args_here(&a);
            r->container.name = args_word(&a, "a container and port, as in app:8080");
            if (!r->container.name)
                return;
            if (!args_take_punct(&a, ":")) {
                Diagnostic *dg = diag_error(d->diag, args_here(&a), args_more(&a) ? "E0103" : "E0105",
                                            "expected ':' and the container port after '%s'",
                                            r->container.name);
                diag_note(dg, SPAN_NONE, "for example: to %s:8080", r->container.name);
                return;
            }
            r->port_span = args_here(&a);
            if (!args_int(&a, "a container port", 0, 1000000, &v))
                return;
            r->port = (int)v;
            have_to = true;
        } else {
            int got = decode_route_option(d, &a, r);
            if (got < 0)
                return;
            if (got > 0)
                continue;
            static const char *const opts[] = {"host", "port", "priority", "to", "health",
                                               "deregistration", "slow_start", "sticky",
                                               "header", "query", "source", "method", NULL};
            args_choice(&a, "route option", opts);
            return;
        }
    }
    if (!have_to) {
        Diagnostic *dg = diag_error(d->diag, s->span, "E0105", "'route' is missing 'to CONTAINER:PORT'");
        diag_note(dg, SPAN_NONE, "for example: route %s \"/*\" to app:8080", r->lb.name);
        return;
    }
    vec_push(d->arena, &SV(t)->routes, r);
}

/* scale 2..10 on cpu 60% | on memory 70% | on requests 1000 */
static void sv_scale(Decoder *d, const AstStmt *s, void *t)
{
    decode_service_scale(d, s, SV(t));
}

/* blue_green [all_at_once | canary 10% 5m | linear 10% 1m] [bake 10m]
              [via codedeploy] [termination_wait 5m] */
static void sv_blue_green(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    sv->bg_span = s->span;
    sv->blue_green = IR_BG_ALL_AT_ONCE;
    Args a = args_begin(d, s);
    int64_t v;
    while (args_more(&a)) {
        if (args_take_word(&a, "all_at_once")) {
            sv->blue_green = IR_BG_ALL_AT_ONCE;
        } else if (args_peek_word(&a, "canary") || args_peek_word(&a, "linear")) {
            sv->blue_green = args_take_word(&a, "canary") ? IR_BG_CANARY : (args_take_word(&a, "linear"), IR_BG_LINEAR);
            if (!args_percent(&a, "the traffic percentage such as 10%", &v))
                return;
            sv->bg_percent = (int)(v > 1000 ? 1000 : v);
            if (!args_duration(&a, "the interval such as 5m", &v))
                return;
            sv->bg_interval = (int)(v / 60 > 100000 ? 100000 : v / 60);
            if (v % 60 || v == 0) {
                diag_error(d->diag, ((const AstNode *)s->args.items[a.i - 1])->span, "E0106",
                           "the interval is a whole number of minutes, at least 1m");
                return;
            }
        } else if (args_take_word(&a, "bake")) {
            if (!args_duration(&a, "a bake time such as 10m", &v))
                return;
            sv->bake = (int)(v > 10000000 ? 10000000 : v);
        } else if (args_take_word(&a, "via")) {
            static const char *const via[] = {"codedeploy", "ecs", NULL};
            int k = args_choice(&a, "deployment controller", via);
            if (k < 0)
                return;
            sv->codedeploy = k == 0;
        } else if (args_take_word(&a, "termination_wait")) {
            if (!args_duration(&a, "a wait such as 5m", &v))
                return;
            sv->termination_wait = (int)(v / 60 > 100000 ? 100000 : v / 60);
        } else if (args_peek_word(&a, "alarms")) {
            Span at = args_here(&a);
            args_take_word(&a, "alarms");
            if (!decode_sv_alarms(d, &a, sv, at))
                return;
            sv->bg_alarms = true;
        } else {
            static const char *const opts[] = {"all_at_once", "canary", "linear", "bake", "via",
                                               "termination_wait", "alarms", NULL};
            args_choice(&a, "blue/green option", opts);
            return;
        }
    }
}

static void sv_tags(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_map(&a, "tags", &SV(t)->tags);
    args_end(&a);
}

static const FieldDef service_fields[] = {
    {"task", sv_task, FIELD_ONCE, "taskDefinition", NULL,
     "The task definition the service runs: `task NAME`."},
    {"desired", sv_desired, FIELD_ONCE, "desiredCount", NULL,
     "How many copies of the task the service keeps running."},
    {"daemon", sv_daemon, FIELD_ONCE, "schedulingStrategy", NULL,
     "Runs one copy of the task on each container instance (the DAEMON strategy) instead of "
     "`desired` copies."},
    {"launch", sv_launch, FIELD_ONCE, "launchType", WORDS("fargate", "ec2", "external"),
     "The launch type of the service's tasks: fargate, ec2 or external."},
    {"capacity", sv_capacity, 0, "capacityProviderStrategy", WORDS("fargate", "fargate_spot", "weight", "base"),
     "A capacity provider strategy entry: `capacity fargate_spot weight 3 base 1`, or the name"
     " of a `capacity` block."},
    {"subnets", sv_subnets, FIELD_ONCE, "networkConfiguration.awsvpcConfiguration.subnets", NULL,
     "The subnets of the tasks' network interfaces (awsvpc)."},
    {"security_groups", sv_security_groups, FIELD_ONCE,
     "networkConfiguration.awsvpcConfiguration.securityGroups", WORDS("only"),
     "Security groups of the tasks, beside the one ecsc generates for routes and `accept`; "
     "with `only`, instead of it."},
    {"public_ip", sv_public_ip, FIELD_ONCE,
     "networkConfiguration.awsvpcConfiguration.assignPublicIp", NULL,
     "Gives each task a public IP address (awsvpc in public subnets)."},
    {"rolling", sv_rolling, FIELD_ONCE,
     "deploymentConfiguration.minimumHealthyPercent/min deploymentConfiguration.maximumPercent/max "
     "deploymentConfiguration.deploymentCircuitBreaker/circuit_breaker "
     "deploymentConfiguration.alarms/alarms", WORDS("min", "max", "rollback", "circuit_breaker", "alarms"),
     "A rolling deployment: `rolling min 50% max 200% rollback` (minimum healthy and maximum "
     "percent, the circuit breaker)."},
    {"grace", sv_grace, FIELD_ONCE, "healthCheckGracePeriodSeconds", NULL,
     "How long the load balancer's health checks are ignored after a task starts (`grace "
     "60s`)."},
    {"exec", sv_exec, FIELD_ONCE, "enableExecuteCommand", NULL,
     "Turns on ECS Exec (`aws ecs execute-command`); the task needs a task role."},
    {"propagate_tags", decode_sv_propagate_tags, FIELD_ONCE, "propagateTags",
     WORDS("task", "service", "none"),
     "Copies tags to the tasks from the `task` definition or the `service` (the default), or "
     "`none`."},
    {"managed_tags", decode_sv_managed_tags, FIELD_ONCE, "enableECSManagedTags", NULL,
     "ECS managed tags on the tasks (the cluster's and service's names); on unless "
     "`managed_tags false`."},
    {"platform_version", decode_sv_platform_version, FIELD_ONCE, "platformVersion", WORDS("latest"),
     "The Fargate platform version of the tasks: `platform_version \"1.4.0\"` or `latest`."},
    {"az_rebalancing", decode_sv_az_rebalancing, FIELD_ONCE, "availabilityZoneRebalancing", NULL,
     "Availability Zone rebalancing: ECS moves tasks to even out the zones "
     "(`az_rebalancing` or `az_rebalancing false`)."},
    {"placement", sv_placement, 0, "placementStrategy",
     WORDS("spread", "binpack", "random", "az", "instance", "memory", "cpu"),
     "A placement strategy on EC2: `placement spread az`, `binpack memory`, `random`."},
    {"constraint", sv_constraint, 0, "placementConstraints", WORDS("distinct_instance"),
     "A placement constraint on EC2: `constraint distinct_instance`."},
    {"route", sv_route, 0, "loadBalancers",
     WORDS("host", "port", "priority", "to", "health", "tcp", "every", "healthy", "unhealthy", "timeout",
           "codes", "on", "deregistration", "slow_start", "sticky", "header", "query", "source",
           "method"),
     "Sends a load balancer's traffic to a container: `route LB \"/path/*\" priority N to "
     "CONTAINER:PORT health \"/health\"` (a target group and a listener rule), with target "
     "group settings (`deregistration`, `slow_start`, `sticky`) and conditions (`header`, "
     "`query`, `source`, `method`)."},
    {"accept", decode_sv_accept, 0, NULL, WORDS("tcp", "udp", "from"),
     "What the tasks' security group admits besides load balancers: `accept 5432 from api`, "
     "`accept 8080 from \"10.0.0.0/16\"`, `accept 443 from \"pl-…\"`."},
    {"scale", sv_scale, FIELD_ONCE, NULL, WORDS("on", "cpu", "memory", "requests", "queue"),
     "Autoscaling: `scale 2..10 on cpu 60%` (or memory, requests, queue \"NAME\" N), with a "
     "block for cooldowns, schedules and steps."},
    {"blue_green", sv_blue_green, FIELD_ONCE,
     "deploymentController deploymentConfiguration.strategy deploymentConfiguration.bakeTimeInMinutes "
     "deploymentConfiguration.canaryConfiguration deploymentConfiguration.linearConfiguration",
     WORDS("all_at_once", "canary", "linear", "bake", "via", "codedeploy", "ecs", "termination_wait",
           "alarms"),
     "A blue/green deployment (`via ecs` or `codedeploy`): all_at_once, canary or linear "
     "traffic shifting, with `bake` time and `alarms` that roll it back."},
    {"tags", sv_tags, FIELD_MAP, "tags", NULL,
     "Tags of the service: `tags { KEY = \"value\" }`."},
    {"connect", decode_sv_connect, 0, "serviceConnectConfiguration",
     WORDS("as", "port", "discovery"),
     "Service Connect in the cluster's `namespace`: `connect` alone makes the service a client;"
     " `connect PORT-NAME [as \"ALIAS\"] [port N] [discovery \"NAME\"]` also serves the named "
     "port to the other services."},
    {"discovery", decode_sv_discovery, FIELD_ONCE, "serviceRegistries",
     WORDS("a", "srv", "name", "ttl"),
     "Registers the tasks in the cluster's `dns` namespace (Cloud Map): `discovery` (A records,"
     " awsvpc) or `discovery srv CONTAINER:PORT`, with `name` and `ttl`."},
    {"raw", decode_service_raw, 0, NULL, WORDS("target_group", "listener_rule"),
     "Sets CreateService members ecsc has no word for, as JSON-like values (`raw { … }`), or "
     "CloudFormation properties of the routes' target groups or listener rules (`raw "
     "target_group [LB] { … }`); prefer the native word when there is one (W0010)."},
};
const BlockDef decode_service_block = {"service", FIELDS(service_fields), "CreateServiceRequest",
                                       "serviceName", "the service name is derived from the app and service names"};

void decode_service(Decoder *d, const AstStmt *s)
{
    IrService *sv = ARENA_NEW(d->arena, IrService);
    sv->span = s->span;
    sv->desired = sv->min_healthy = sv->max_percent = IR_UNSET;
    sv->grace = sv->bake = sv->termination_wait = IR_UNSET;
    Args a = args_begin(d, s);
    sv->name_span = args_here(&a);
    sv->name = args_word(&a, "the service's name");
    if (!sv->name)
        return;
    const AstNode *body = args_block(&a, "the service's block");
    args_end(&a);
    decode_name_ok(d, sv->name, sv->name_span, "service");
    decode_block(d, body, &decode_service_block, sv,
                 arena_printf(d->arena, "service '%s'", sv->name));
    vec_push(d->arena, &d->model->services, sv);
}
