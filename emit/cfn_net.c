/* cfn_net.c - networking in the template: load balancers and their
 * security groups and listeners, the target groups and listener rules of
 * routes, a service's task security group, and the ingress rules of EC2
 * instances.
 *
 * Security groups admit only what a route needs: a load balancer its
 * listener ports (0.0.0.0/0 when internet-facing; from the template
 * parameter <Lb>IngressCidr, default 10.0.0.0/8, when internal), a
 * service's tasks their routed container ports from the load balancer's
 * group only, EC2 instances the ports of bridge/host tasks (32768-65535
 * for dynamic host ports) from the load balancer's group only.  Egress
 * stays at the AWS default (all).
 */
#include "cfn_int.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

/* --- security groups ----------------------------------------------------------------- */

/* The ingress rule of protocol `proto` from a group or an IPv4 range. */
static cJSON *ingress_rule(const char *proto, int lo, int hi, cJSON *source_sg, cJSON *cidr,
                           const char *desc)
{
    cJSON *o = json_obj();
    json_put_str(o, "IpProtocol", proto);
    json_put_int(o, "FromPort", lo);
    json_put_int(o, "ToPort", hi);
    if (source_sg)
        json_put(o, "SourceSecurityGroupId", source_sg);
    if (cidr)
        json_put(o, "CidrIp", cidr);
    json_put_str(o, "Description", desc);
    return o;
}

/* Appends a tcp ingress rule (once). */
static void ingress(cJSON *rules, int lo, int hi, cJSON *source_sg, cJSON *cidr,
                    const char *desc)
{
    json_append_unique(rules, ingress_rule("tcp", lo, hi, source_sg, cidr, desc));
}

/* Appends the ingress rule of route `r`'s traffic (tcp, or udp through a
   UDP listener), once. */
static void route_ingress(cJSON *rules, const IrRoute *r, int lo, int hi, cJSON *source_sg,
                          const char *desc)
{
    json_append_unique(rules, ingress_rule(plan_route_ip_protocol(r), lo, hi, source_sg, NULL,
                                           desc));
}

/* The load balancer's security group: its own, or an existing one's. */
static cJSON *lb_sg_ref(Cfn *cf, const IrLoadBalancer *lb)
{
    if (lb->existing)
        return cfn_param_value(cf, &lb->security_group, false);
    return cfn_getatt(cfn_id_lb_sg(cf, lb), "GroupId");
}

/* The ingress of the instances of capacity `c`: the host ports of the
   bridge/host tasks on them, from their load balancers' groups. */
cJSON *cfn_instance_ingress(Cfn *cf, const IrCapacity *c)
{
    cJSON *rules = json_arr();
    VEC_EACH(const IrService *, sv, cf->m->services) {
        const IrTask *t = cfn_service_task(sv);
        if (!plan_runs_on(sv, c) || t->net == IR_NET_AWSVPC)
            continue;
        VEC_EACH(const IrRoute *, r, sv->routes) {
            const IrLoadBalancer *lb = r->lb.target;
            const PlanRoute *pr = plan_route(cf->plan, r);
            route_ingress(rules, r, pr->host_lo, pr->host_hi, lb_sg_ref(cf, lb),
                          arena_printf(cf->a, "load balancer %s to service %s", lb->name, sv->name));
            if (r->health_port != IR_UNSET && r->health_port != r->port)    /* host networking */
                ingress(rules, r->health_port, r->health_port, lb_sg_ref(cf, lb), NULL,
                        arena_printf(cf->a, "load balancer %s health checks of service %s",
                                     lb->name, sv->name));
        }
    }
    return rules;
}

/* The `accept` rules from addresses and prefix lists, inline. */
static void accept_addresses(Cfn *cf, const IrService *sv, cJSON *rules)
{
    VEC_EACH(const IrAccept *, ac, sv->accepts) {
        if (ac->service.name)
            continue;
        const char *proto = ac->udp ? "udp" : "tcp";
        cJSON *o = ingress_rule(proto, ac->lo, ac->hi, NULL, NULL,
                                arena_printf(cf->a, "accept %s", ac->cidr ? ac->cidr
                                                                          : ac->prefix_list));
        if (ac->prefix_list)
            json_put_str(o, "SourcePrefixListId", ac->prefix_list);
        else
            json_put_str(o, strchr(ac->cidr, ':') ? "CidrIpv6" : "CidrIp", ac->cidr);
        json_append_unique(rules, o);
    }
}

/* The `accept` rules from other services: resources of their own. */
static void accept_services(Cfn *cf, const IrService *sv, const char *sg_id)
{
    const PlanService *ps = plan_service(cf->plan, sv);
    VEC_EACH(const IrAccept *, ac, sv->accepts) {
        const PlanRes *r = ps->ingress ? ps->ingress[ac_i] : NULL;
        if (!r)
            continue;
        const IrService *from = ac->service.target;
        cJSON *p = cfn_resource(cf, r->id, "AWS::EC2::SecurityGroupIngress");
        json_put(p, "GroupId", cfn_getatt(sg_id, "GroupId"));
        json_put_str(p, "IpProtocol", ac->udp ? "udp" : "tcp");
        json_put_int(p, "FromPort", ac->lo);
        json_put_int(p, "ToPort", ac->hi);
        json_put(p, "SourceSecurityGroupId",
                 cfn_getatt(plan_service(cf->plan, from)->task_sg->id, "GroupId"));
        json_put_str(p, "Description", arena_printf(cf->a, "service %s", from->name));
    }
}

void cfn_emit_task_sg(Cfn *cf, const IrService *sv, const char *sg_id)
{
    Arena *a = cf->a;
    cJSON *p = cfn_resource(cf, sg_id, "AWS::EC2::SecurityGroup");
    json_put_str(p, "GroupDescription", arena_printf(a, "ecsc: tasks of service %s", sv->name));
    const IrParamRef *vpc = plan_service(cf->plan, sv)->vpc;
    assert(vpc);
    json_put(p, "VpcId", cfn_param_value(cf, vpc, false));
    bool addresses = false;
    VEC_EACH(const IrAccept *, ac, sv->accepts)
        addresses |= !ac->service.name;
    cJSON *rules = sv->routes.len || addresses ? json_put(p, "SecurityGroupIngress", json_arr())
                                               : NULL;
    if (sv->routes.len) {
        VEC_EACH(const IrRoute *, r, sv->routes) {
            const IrLoadBalancer *lb = r->lb.target;
            route_ingress(rules, r, r->port, r->port, lb_sg_ref(cf, lb),
                          arena_printf(a, "load balancer %s", lb->name));
            if (r->health_port != IR_UNSET && r->health_port != r->port)
                ingress(rules, r->health_port, r->health_port, lb_sg_ref(cf, lb), NULL,
                        arena_printf(a, "load balancer %s health checks", lb->name));
        }
    }
    if (addresses)
        accept_addresses(cf, sv, rules);
    cfn_put_tags(cf, p, NULL);
    accept_services(cf, sv, sg_id);
}

/* --- load balancers --------------------------------------------------------------------- */

/* The load balancer's security group (and, when internal, the parameter
   its ingress comes from: the VPC's CIDR is not known here). */
static void lb_sg(Cfn *cf, const IrLoadBalancer *lb)
{
    Arena *a = cf->a;
    if (lb->internal) {
        cJSON *pr = cfn_add_param(cf, cfn_id_lb_ingress_cidr(cf, lb));
        json_put_str(pr, "Type", "String");
        json_put_str(pr, "Description",
                     arena_printf(a, "the addresses internal load balancer '%s' admits", lb->name));
        json_put_str(pr, "Default", "10.0.0.0/8");
        json_put_str(pr, "AllowedPattern", "^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$");
    }

    cJSON *p = cfn_resource(cf, cfn_id_lb_sg(cf, lb), "AWS::EC2::SecurityGroup");
    json_put_str(p, "GroupDescription", arena_printf(a, "ecsc: load balancer %s", lb->name));
    cJSON *vpc = cfn_param_value(cf, &lb->vpc, false);
    if (vpc)
        json_put(p, "VpcId", vpc);
    cJSON *rules = json_put(p, "SecurityGroupIngress", json_arr());
    VEC_EACH(const IrListener *, l, lb->listeners) {
        cJSON *cidr = lb->internal ? cfn_ref(cfn_id_lb_ingress_cidr(cf, lb))
                                   : json_str("0.0.0.0/0");
        json_append_unique(rules, ingress_rule(l->proto == IR_LISTEN_UDP ? "udp" : "tcp", l->port,
                                               l->port, NULL, cidr,
                                               arena_printf(a, "%s listener %d",
                                                            ir_listener_proto_word(l->proto),
                                                            l->port)));
    }
    cfn_put_tags(cf, p, NULL);
}

static void listener(Cfn *cf, const IrLoadBalancer *lb, const IrListener *l)
{
    cJSON *p = cfn_resource(cf, cfn_id_listener(cf, l), "AWS::ElasticLoadBalancingV2::Listener");
    json_put(p, "LoadBalancerArn", cfn_ref(cfn_id_lb(cf, lb)));
    json_put_int(p, "Port", l->port);
    json_put_str(p, "Protocol", ir_listener_proto_api(l->proto));
    if (l->proto == IR_LISTEN_HTTPS || l->proto == IR_LISTEN_TLS) {
        json_put_str(p, "SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        cJSON *cert = l->has_cert ? cfn_param_value(cf, &l->cert, false) : NULL;
        if (cert)
            json_put(json_append(json_put(p, "Certificates", json_arr()), json_obj()),
                     "CertificateArn", cert);
    }
    cJSON *act = json_append(json_put(p, "DefaultActions", json_arr()), json_obj());
    if (lb->network) {
        cfn_nlb_forward(cf, lb, l, act);
    } else if (l->dflt != IR_DEFAULT_NONE) {
        cfn_default_action(cf, lb, l, act);
    } else if (l->redirect_port != IR_UNSET) {
        json_put_str(act, "Type", "redirect");
        cJSON *rc = json_put(act, "RedirectConfig", json_obj());
        json_put_str(rc, "Protocol", "HTTPS");
        char port[16];
        snprintf(port, sizeof port, "%d", l->redirect_port);
        json_put_str(rc, "Port", port);
        json_put_str(rc, "StatusCode", "HTTP_301");
    } else {
        json_put_str(act, "Type", "fixed-response");
        cJSON *fr = json_put(act, "FixedResponseConfig", json_obj());
        char code[16];
        snprintf(code, sizeof code, "%d", l->fixed_status != IR_UNSET ? l->fixed_status : 404);
        json_put_str(fr, "StatusCode", code);
        json_put_str(fr, "ContentType", "text/plain");
    }
}

void cfn_emit_load_balancer(Cfn *cf, const IrLoadBalancer *lb)
{
    cfn_set_owner(cf, cfn_name_fragment(cf, "load_balancer", lb->name));
    cfn_emit_lb_log_bucket(cf, lb);
    lb_sg(cf, lb);

    const char *id = cfn_id_lb(cf, lb);
    cJSON *p = cfn_resource(cf, id, "AWS::ElasticLoadBalancingV2::LoadBalancer");
    json_put_str(p, "Name", cfn_name_lb(cf, lb));
    json_put_str(p, "Type", lb->network ? "network" : "application");
    json_put_str(p, "Scheme", lb->internal ? "internal" : "internet-facing");
    cJSON *subnets = cfn_param_value(cf, &lb->subnets, true);
    if (subnets)
        json_put(p, "Subnets", subnets);
    json_append(json_put(p, "SecurityGroups", json_arr()), lb_sg_ref(cf, lb));
    if (lb->idle_timeout != IR_UNSET || lb->has_logs) {
        cJSON *attrs = json_put(p, "LoadBalancerAttributes", json_arr());
        if (lb->idle_timeout != IR_UNSET) {
            cJSON *attr = json_append(attrs, json_obj());
            json_put_str(attr, "Key", "idle_timeout.timeout_seconds");
            json_put_str(attr, "Value", arena_printf(cf->a, "%d", lb->idle_timeout));
        }
        cfn_lb_log_attributes(cf, lb, attrs);
    }
    cfn_put_tags(cf, p, NULL);
    const PlanLoadBalancer *pl = plan_lb(cf->plan, lb);
    if (pl->log_policy)     /* ELB checks that it may write to the bucket */
        cfn_depends_on(cf, id, pl->log_policy->id);
    cfn_merge_raws(cf, id, &lb->raws, NULL, NULL, IR_UNSET);

    VEC_EACH(const IrListener *, l, lb->listeners) {
        listener(cf, lb, l);
        cfn_merge_raws(cf, cfn_id_listener(cf, l), &lb->raws, "listener", NULL, l->port);
    }
}

/* --- routes ----------------------------------------------------------------------------- */


static void attribute(cJSON *attrs, const char *key, const char *value)
{
    cJSON *o = json_append(attrs, json_obj());
    json_put_str(o, "Key", key);
    json_put_str(o, "Value", value);
}

/* TargetGroupAttributes: deregistration delay, slow start, stickiness. */
static void target_group_attributes(Cfn *cf, cJSON *p, const IrRoute *r)
{
    if (r->deregistration == IR_UNSET && r->slow_start == IR_UNSET && r->sticky == IR_UNSET)
        return;
    cJSON *attrs = json_put(p, "TargetGroupAttributes", json_arr());
    Arena *a = cf->a;
    if (r->deregistration != IR_UNSET)
        attribute(attrs, "deregistration_delay.timeout_seconds",
                  arena_printf(a, "%d", r->deregistration));
    if (r->slow_start != IR_UNSET)
        attribute(attrs, "slow_start.duration_seconds", arena_printf(a, "%d", r->slow_start));
    if (r->sticky != IR_UNSET) {
        attribute(attrs, "stickiness.enabled", "true");
        attribute(attrs, "stickiness.type", "lb_cookie");
        attribute(attrs, "stickiness.lb_cookie.duration_seconds", arena_printf(a, "%d", r->sticky));
    }
}

static void target_group(Cfn *cf, const IrService *sv, const IrRoute *r, const char *id,
                         const char *name)
{
    const IrLoadBalancer *lb = r->lb.target;
    cJSON *p = cfn_resource(cf, id, "AWS::ElasticLoadBalancingV2::TargetGroup");
    json_put_str(p, "Name", name);
    json_put_int(p, "Port", r->port);
    if (lb->network) {
        cfn_nlb_target_group(cf, sv, r, p);
        target_group_attributes(cf, p, r);
        cfn_put_tags(cf, p, NULL);
        return;
    }
    json_put_str(p, "Protocol", "HTTP");
    cJSON *vpc = cfn_param_value(cf, &lb->vpc, false);
    if (vpc)
        json_put(p, "VpcId", vpc);
    bool ip = cfn_service_task(sv)->net == IR_NET_AWSVPC;
    json_put_str(p, "TargetType", ip ? "ip" : "instance");
    json_put_str(p, "HealthCheckPath", r->health_path ? r->health_path : "/");
    json_put_int(p, "HealthCheckIntervalSeconds", r->health_interval);
    json_put_int(p, "HealthCheckTimeoutSeconds", r->health_timeout);
    json_put_int(p, "HealthyThresholdCount", r->healthy_threshold);
    json_put_int(p, "UnhealthyThresholdCount", r->unhealthy_threshold);
    const PlanRoute *pr = plan_route(cf->plan, r);
    if (r->health_port != IR_UNSET)
        json_put_str(p, "HealthCheckPort", arena_printf(cf->a, "%d", r->health_port));
    else if (pr->host_lo != pr->host_hi)
        json_put_str(p, "HealthCheckPort", "traffic-port");  /* dynamic host ports, said explicitly */
    if (r->health_codes)
        json_put_str(json_put(p, "Matcher", json_obj()), "HttpCode", r->health_codes);
    target_group_attributes(cf, p, r);
    cfn_put_tags(cf, p, NULL);
}

/* The target group of route `r` (with its alternate for blue/green). */
static void route_target_groups(Cfn *cf, const IrService *sv, const IrRoute *r, bool bg)
{
    target_group(cf, sv, r, cfn_id_target_group(cf, r), cfn_name_target_group(cf, r));
    if (bg)
        target_group(cf, sv, r, cfn_id_alt_target_group(cf, r), cfn_name_alt_target_group(cf, r));
}

static void put_values(cJSON *conds, const char *field, const char *config, const Vec *values)
{
    cJSON *c = json_append(conds, json_obj());
    json_put_str(c, "Field", field);
    json_put(json_put(c, config, json_obj()), "Values", json_strings(values));
}

/* The rule `id` that forwards route `r` on the listener `listener_arn`. */
static void listener_rule(Cfn *cf, const IrRoute *r, const char *id, cJSON *listener_arn, bool bg)
{
    cJSON *p = cfn_resource(cf, id, "AWS::ElasticLoadBalancingV2::ListenerRule");
    json_put(p, "ListenerArn", listener_arn);
    json_put_int(p, "Priority", r->priority);
    cJSON *conds = json_put(p, "Conditions", json_arr());
    if (r->paths.len)
        put_values(conds, "path-pattern", "PathPatternConfig", &r->paths);
    if (r->hosts.len)
        put_values(conds, "host-header", "HostHeaderConfig", &r->hosts);
    VEC_EACH(const IrRouteHeader *, h, r->headers) {
        cJSON *c = json_append(conds, json_obj());
        json_put_str(c, "Field", "http-header");
        cJSON *hc = json_put(c, "HttpHeaderConfig", json_obj());
        json_put_str(hc, "HttpHeaderName", h->name);
        json_put(hc, "Values", json_strings(&h->values));
    }
    if (r->query.len) {
        cJSON *c = json_append(conds, json_obj());
        json_put_str(c, "Field", "query-string");
        cJSON *vals = json_put(json_put(c, "QueryStringConfig", json_obj()), "Values", json_arr());
        VEC_EACH(const IrKV *, q, r->query) {
            cJSON *kv = json_append(vals, json_obj());
            if (q->key)
                json_put_str(kv, "Key", q->key);
            json_put_str(kv, "Value", q->value);
        }
    }
    if (r->source_ips.len)
        put_values(conds, "source-ip", "SourceIpConfig", &r->source_ips);
    if (r->methods.len)
        put_values(conds, "http-request-method", "HttpRequestMethodConfig", &r->methods);
    cJSON *act = json_append(json_put(p, "Actions", json_arr()), json_obj());
    json_put_str(act, "Type", "forward");
    if (!bg) {
        json_put(act, "TargetGroupArn", cfn_ref(cfn_id_target_group(cf, r)));
        return;
    }
    /* blue/green needs both groups on the production rule; the deployment
       moves the weights */
    cJSON *tgs = json_put(json_put(act, "ForwardConfig", json_obj()), "TargetGroups", json_arr());
    cJSON *blue = json_append(tgs, json_obj());
    json_put(blue, "TargetGroupArn", cfn_ref(cfn_id_target_group(cf, r)));
    json_put_int(blue, "Weight", 100);
    cJSON *green = json_append(tgs, json_obj());
    json_put(green, "TargetGroupArn", cfn_ref(cfn_id_alt_target_group(cf, r)));
    json_put_int(green, "Weight", 0);
}

void cfn_emit_routes(Cfn *cf, const IrService *sv)
{
    bool bg = sv->blue_green != IR_BG_NONE;
    VEC_EACH(const IrRoute *, r, sv->routes) {
        const IrLoadBalancer *lb = r->lb.target;
        assert(lb);
        if (!plan_route(cf->plan, r)->shares_target) {
            route_target_groups(cf, sv, r, bg);
            cfn_merge_raws(cf, cfn_id_target_group(cf, r), &sv->raws, "target_group", lb->name,
                           IR_UNSET);
            if (bg)
                cfn_merge_raws(cf, cfn_id_alt_target_group(cf, r), &sv->raws, "target_group",
                               lb->name, IR_UNSET);
        }
        if (lb->existing) {
            const char *id = cfn_id_shared_rule(cf, r);
            listener_rule(cf, r, id, cfn_param_value(cf, &lb->listener_arn, false), bg);
            cfn_merge_raws(cf, id, &sv->raws, "listener_rule", lb->name, IR_UNSET);
        }
        VEC_EACH(const IrListener *, l, lb->listeners)
            if (plan_route_on(r, l) && !lb->network) {
                const char *id = cfn_id_listener_rule(cf, r, l);
                listener_rule(cf, r, id, cfn_ref(cfn_id_listener(cf, l)), bg);
                cfn_merge_raws(cf, id, &sv->raws, "listener_rule", lb->name, IR_UNSET);
            }
    }
}
