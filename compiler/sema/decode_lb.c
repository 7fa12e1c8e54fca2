/* decode_lb.c - fields of a load_balancer beyond its listeners (access
 * logs), and what a service's security group admits besides its load
 * balancers (`accept`).  The rest of both blocks is decoded in
 * decode_service.c.
 */
#include "sema/decode.h"

#include <string.h>

/* access_logs BUCKET [prefix "PREFIX"] | access_logs create [prefix "PREFIX"]
   BUCKET is a string param or a bucket name in quotes; `create` makes the
   stack create the bucket with the policy log delivery needs. */
void decode_lb_access_logs(Decoder *d, const AstStmt *s, void *t)
{
    IrLoadBalancer *lb = t;
    Args a = args_begin(d, s);
    lb->logs_span = s->head_span;
    if (args_take_word(&a, "create")) {
        lb->logs_create = true;
    } else if (!decode_param_ref(d, &a, &lb->log_bucket,
                                 "a bucket name in quotes, a string param, or `create`")) {
        return;
    }
    if (args_take_word(&a, "prefix")) {
        lb->prefix_span = args_here(&a);
        lb->log_prefix = args_string(&a, "a key prefix such as \"public-lb\"");
        if (!lb->log_prefix)
            return;
    }
    args_end(&a);
    lb->has_logs = true;
}

/* accept PORT[..PORT] [udp] from SERVICE | "CIDR" | "pl-…" */
void decode_sv_accept(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    IrAccept *ac = ARENA_NEW(d->arena, IrAccept);
    ac->span = s->span;
    Args a = args_begin(d, s);
    ac->port_span = args_here(&a);
    int64_t v;
    if (!args_int(&a, "a port", 0, 1000000, &v))
        return;
    ac->lo = ac->hi = (int)v;
    if (args_take_punct(&a, "..")) {
        if (!args_int(&a, "the last port of the range", 0, 1000000, &v))
            return;
        ac->hi = (int)v;
    }
    if (args_take_word(&a, "udp"))
        ac->udp = true;
    else
        args_take_word(&a, "tcp");
    if (!args_take_word(&a, "from")) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), args_more(&a) ? "E0103" : "E0105",
                                    "expected `from` and where the traffic comes from");
        diag_note(dg, SPAN_NONE, "for example: accept 5432 from api, or accept 8080 from "
                                 "\"10.0.0.0/16\"");
        return;
    }
    ac->from_span = args_here(&a);
    const AstNode *n = args_peek(&a);
    if (n && n->kind == AST_WORD) {
        ac->service.name = args_word(&a, "a service");
        ac->service.span = ac->from_span;
    } else {
        const char *src = args_string(&a, "a service, an address range such as \"10.0.0.0/16\", "
                                          "or a prefix list id");
        if (!src)
            return;
        if (src[0] == 'p' && src[1] == 'l' && src[2] == '-')
            ac->prefix_list = src;
        else
            ac->cidr = src;
    }
    args_end(&a);
    vec_push(d->arena, &sv->accepts, ac);
}

/* SCHEME://HOST[:PORT][/PATH][?QUERY] into the parts of a RedirectConfig;
   a part may be ELB's #{…} (the request's own).  No port with http or
   https means the scheme's own (80, 443): ELB would keep the request's. */
static void split_url(Arena *ar, const char *url, IrRedirectUrl *u)
{
    const char *p = strstr(url, "://");
    if (!p)
        return;
    const char *scheme = arena_strndup(ar, url, (size_t)(p - url));
    const char *proto = strcmp(scheme, "https") == 0 ? "HTTPS"
                      : strcmp(scheme, "http") == 0 ? "HTTP"
                      : strcmp(scheme, "#{protocol}") == 0 ? scheme : NULL;
    if (!proto)
        return;
    p += 3;
    size_t n = strcspn(p, "/?");
    const char *hostport = arena_strndup(ar, p, n);
    p += n;
    const char *colon = strrchr(hostport, ':');
    if (colon && colon[1] != '{' && !strchr(colon, '}')) {
        u->host = arena_strndup(ar, hostport, (size_t)(colon - hostport));
        u->port = colon + 1;
    } else {
        u->host = hostport;
    }
    if (!*u->host)
        return;
    if (!u->port && proto[0] != '#')
        u->port = proto[4] == 'S' ? "443" : "80";
    if (*p == '/') {
        n = strcspn(p, "?");
        u->path = arena_strndup(ar, p, n);
        p += n;
    }
    if (*p == '?')
        u->query = p + 1;
    u->protocol = proto;
}

/* default forward SERVICE | default redirect "URL" [301|302]
   | default fixed STATUS ["CONTENT-TYPE" ["BODY"]] */
bool decode_listener_default(Decoder *d, Args *a, IrListener *l)
{
    static const char *const kinds[] = {"forward", "redirect", "fixed", NULL};
    int k = args_choice(a, "default action", kinds);
    if (k < 0)
        return false;
    int64_t v;
    if (k == 0) {
        l->dflt = IR_DEFAULT_FORWARD;
        l->forward.span = args_here(a);
        l->forward.name = args_word(a, "the service it forwards to");
        return l->forward.name != NULL;
    }
    if (k == 1) {
        l->dflt = IR_DEFAULT_REDIRECT;
        l->url = args_string(a, "a URL such as \"https://#{host}:443/#{path}\"");
        if (!l->url)
            return false;
        split_url(d->arena, l->url, &l->redirect);
        l->redirect.status = 301;
        const AstNode *n = args_peek(a);
        if (n && n->kind == AST_NUMBER) {
            l->fixed_span = args_here(a);
            if (!args_int(a, "301 or 302", 0, 1000, &v))
                return false;
            l->redirect.status = (int)v;
        }
        return true;
    }
    l->dflt = IR_DEFAULT_FIXED;
    l->fixed_span = args_here(a);
    if (!args_int(a, "an HTTP status code such as 404", 0, 1000, &v))
        return false;
    l->fixed_status = (int)v;
    const AstNode *n = args_peek(a);
    if (n && n->kind != AST_WORD) {
        l->content_type = args_string(a, "a content type such as \"text/plain\"");
        if (!l->content_type)
            return false;
        n = args_peek(a);
        if (n && n->kind != AST_WORD && !(l->body = args_string(a, "the response's body")))
            return false;
    }
    return true;
}

/* existing listener "arn:…:listener/app/NAME/ID/ID" | existing listener PARAM */
void decode_lb_existing(Decoder *d, const AstStmt *s, void *t)
{
    IrLoadBalancer *lb = t;
    Args a = args_begin(d, s);
    lb->existing_span = s->head_span;
    static const char *const what[] = {"listener", NULL};
    if (args_choice(&a, "what exists", what) < 0)
        return;
    if (!decode_param_ref(d, &a, &lb->listener_arn, "a listener ARN in quotes, or a string param"))
        return;
    args_end(&a);
    lb->existing = true;
}

/* security_group "sg-…" | PARAM */
void decode_lb_security_group(Decoder *d, const AstStmt *s, void *t)
{
    IrLoadBalancer *lb = t;
    Args a = args_begin(d, s);
    lb->sg_span = s->head_span;
    decode_param_ref(d, &a, &lb->security_group, "a security group id in quotes, or a param");
    args_end(&a);
}

/* priorities LO..HI */
void decode_lb_priorities(Decoder *d, const AstStmt *s, void *t)
{
    IrLoadBalancer *lb = t;
    Args a = args_begin(d, s);
    lb->prio_span = args_here(&a);
    int64_t lo, hi;
    if (!args_int(&a, "the first priority", -1000000, 1000000, &lo))
        return;
    if (!args_take_punct(&a, "..")) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), args_more(&a) ? "E0103" : "E0105",
                                    "expected '..' and the last priority");
        diag_note(dg, SPAN_NONE, "for example: priorities 1000..1999");
        return;
    }
    if (!args_int(&a, "the last priority", -1000000, 1000000, &hi))
        return;
    args_end(&a);
    lb->prio_lo = (int)lo;
    lb->prio_hi = (int)hi;
}
