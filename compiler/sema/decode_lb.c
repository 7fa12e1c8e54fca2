/* decode_lb.c - fields of a load_balancer beyond its listeners (access
 * logs), and what a service's security group admits besides its load
 * balancers (`accept`).  The rest of both blocks is decoded in
 * decode_service.c.
 */
#include "sema/decode.h"

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
