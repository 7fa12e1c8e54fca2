/* cfn_nlb.c - what a Network Load Balancer (`network`) changes in the
 * template: its listeners forward by default to the target group of the
 * one route on each, and its target groups carry the listener's protocol
 * (TCP, UDP; a TLS listener ends TLS and forwards TCP) with a TCP or HTTP
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
