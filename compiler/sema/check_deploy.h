/* check_deploy.h - what check_service.c and check_route.c share (internal
 * to sema). */
#ifndef ECSC_SEMA_CHECK_DEPLOY_H
#define ECSC_SEMA_CHECK_DEPLOY_H

#include "sema/check.h"

typedef struct DCheck {
    Sema *s;
    IrModel *m;
    DiagEngine *de;
    Arena *a;
} DCheck;

bool has_span(Span sp);
Span or_span(Span a, Span b);
bool ref_given(const IrParamRef *r);
/* A param reference used where a value of type `want` goes (E0540). */
void check_use(DCheck *k, const IrParamRef *r, IrParamType want, bool list_ok, const char *what);

/* check_capacity.c: capacity blocks, the cluster's default strategy, and
   a capacity provider strategy's rules (E0524) for `subject` ("service
   'web'"), reported at `at`. */
void check_capacity(DCheck *k, const IrCapacity *c);
void check_cluster(DCheck *k, const IrCluster *cl);
void check_strategy(DCheck *k, const Vec *uses, const char *subject, Span at);

/* check_scale.c: a service's `scale`; whether `e` is an at(), rate() or
   cron() expression. */
void check_scaling(DCheck *k, const IrService *sv);
bool check_schedule_expr(const char *e);

/* check_route.c */
void check_rule_quota(DCheck *k);
void check_route_health(DCheck *k, const IrRoute *r);
void check_load_balancer(DCheck *k, const IrLoadBalancer *lb);
void check_route_shape(DCheck *k, const IrService *sv, const IrRoute *r);
void check_rules(DCheck *k);
/* The keys of a route's header, query, source and method conditions into
   `ps` (room for check_route_values(r) + r->headers.len); their count.
   Two routes that have a key have the same condition. */
int check_route_condition_keys(DCheck *k, const IrRoute *r, char **ps);

/* check_target.c */
void check_target_group(DCheck *k, const IrService *sv, int index);
void check_route_conditions(DCheck *k, const IrRoute *r);
int check_route_values(const IrRoute *r);
/* An IPv4 or IPv6 address range in CIDR notation. */
bool check_cidr_ok(const char *s);
void check_lb_logs(DCheck *k, const IrLoadBalancer *lb);

/* check_discovery.c: namespaces, Service Connect, service registries and
   schedules. */
void check_discovery(DCheck *k);

/* check_listener.c */
void check_listener_defaults(DCheck *k, const IrLoadBalancer *lb);
void check_lb_existing(DCheck *k, const IrLoadBalancer *lb);

/* check_nlb.c */
void check_lb_kind(DCheck *k, const IrLoadBalancer *lb);
void check_nlb_route(DCheck *k, const IrService *sv, const IrRoute *r);
void check_nlb_listeners(DCheck *k);

/* check_accept.c */
void check_accepts(DCheck *k, const IrService *sv);

/* check_deploy_opts.c: platform version, AZ rebalancing, alarms; an
   existing cluster's name, ARN or param. */
void check_deploy_opts(DCheck *k, const IrService *sv);
void check_existing_cluster(DCheck *k, const IrCluster *cl);
void check_role_params(DCheck *k);
void check_sg_only(DCheck *k, const IrService *sv);

#endif
