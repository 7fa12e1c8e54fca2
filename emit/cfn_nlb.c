/* cfn_nlb.c - listeners' default actions: a listener's `default forward|
 * redirect|fixed`, and a Network Load Balancer's (`network`) listeners,
 * which forward to the target group of the one route on each; and the
 * target groups of a Network Load Balancer, with the listener's protocol
 * (TCP, UDP; a TLS listener ends TLS and forwards TCP) and a TCP or HTTP
 * health check.
 *
 * Source: the ELBv2 API reference, CreateTargetGroup: the health check
 * protocol of a Network Load Balancer's target group is TCP (the
 * default), HTTP or HTTPS; a path and a Matcher only with HTTP/HTTPS;
 * success codes 200-599.
 */
#include "cfn_int.h"

/* The route whose target group listener `l` forwards to (NULL: none). */
static const IrRoute *listener_route(Cfn *cf, const IrLoadBalancer *lb, const IrListener *l)
{
    VEC_EACH(const IrService *, sv, cf->m->services)
        VEC_EACH(const IrRoute *, r, sv->routes)
            if (r->lb.target == lb && plan_route_on(r, l))
                return r;
    return NULL;
}

/* The default action of a Network Load Balancer's listener: forward. */
void cfn_nlb_forward(Cfn *cf, const IrLoadBalancer *lb, const IrListener *l, cJSON *act)
{
    json_put_str(act, "Type", "forward");
    const IrRoute *r = listener_route(cf, lb, l);
    if (r)      /* always, once checked (E0667) */
        json_put(act, "TargetGroupArn", cfn_ref(plan_route(cf->plan, r)->tg->id));
}

/* The protocol and health check of route `r`'s target group `p`. */
void cfn_nlb_target_group(Cfn *cf, const IrService *sv, const IrRoute *r, cJSON *p)
{
    const IrLoadBalancer *lb = r->lb.target;
    json_put_str(p, "Protocol", plan_route_ip_protocol(r)[0] == 'u' ? "UDP" : "TCP");
    cJSON *vpc = cfn_param_value(cf, &lb->vpc, false);
    if (vpc)
        json_put(p, "VpcId", vpc);
    bool ip = cfn_service_task(sv)->net == IR_NET_AWSVPC;
    json_put_str(p, "TargetType", ip ? "ip" : "instance");
    json_put_str(p, "HealthCheckProtocol", r->health_path ? "HTTP" : "TCP");
    if (r->health_path)
        json_put_str(p, "HealthCheckPath", r->health_path);
    json_put_int(p, "HealthCheckIntervalSeconds", r->health_interval);
    json_put_int(p, "HealthCheckTimeoutSeconds", r->health_timeout);
    json_put_int(p, "HealthyThresholdCount", r->healthy_threshold);
    json_put_int(p, "UnhealthyThresholdCount", r->unhealthy_threshold);
    const PlanRoute *pr = plan_route(cf->plan, r);
    if (r->health_port != IR_UNSET)
        json_put_str(p, "HealthCheckPort", arena_printf(cf->a, "%d", r->health_port));
    else if (pr->host_lo != pr->host_hi)
        json_put_str(p, "HealthCheckPort", "traffic-port");
    if (r->health_codes && r->health_path)
        json_put_str(json_put(p, "Matcher", json_obj()), "HttpCode", r->health_codes);
}

/* A listener's `default …`: forward to the target group of a service's
   route, redirect to a URL, or a fixed response. */
void cfn_default_action(Cfn *cf, const IrLoadBalancer *lb, const IrListener *l, cJSON *act)
{
    if (l->dflt == IR_DEFAULT_FORWARD) {
        json_put_str(act, "Type", "forward");
        const IrRoute *r = plan_forward_route(lb, l);
        if (r)      /* always, once checked (E0670) */
            json_put(act, "TargetGroupArn", cfn_ref(plan_route(cf->plan, r)->tg->id));
        return;
    }
    if (l->dflt == IR_DEFAULT_REDIRECT) {
        const IrRedirectUrl *u = &l->redirect;
        json_put_str(act, "Type", "redirect");
        cJSON *rc = json_put(act, "RedirectConfig", json_obj());
        json_put_str(rc, "Protocol", u->protocol);
        if (u->host)
            json_put_str(rc, "Host", u->host);
        if (u->port)
            json_put_str(rc, "Port", u->port);
        if (u->path)
            json_put_str(rc, "Path", u->path);
        if (u->query)
            json_put_str(rc, "Query", u->query);
        json_put_str(rc, "StatusCode", u->status == 302 ? "HTTP_302" : "HTTP_301");
        return;
    }
    json_put_str(act, "Type", "fixed-response");
    cJSON *fr = json_put(act, "FixedResponseConfig", json_obj());
    json_put_str(fr, "StatusCode", arena_printf(cf->a, "%d", l->fixed_status));
    json_put_str(fr, "ContentType", l->content_type ? l->content_type : "text/plain");
    if (l->body)
        json_put_str(fr, "MessageBody", l->body);
}
