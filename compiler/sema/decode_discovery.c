/* decode_discovery.c - service discovery and scheduled tasks: the
 * cluster's Cloud Map namespaces (`namespace`, `dns`), a service's
 * Service Connect (`connect`) and service registry (`discovery`), and the
 * `schedule` declaration (a task EventBridge Scheduler runs).
 *
 * Their checks are in check_discovery.c; what they become, in
 * plan/plan_discovery.c and emit/cfn_discovery.c.
 */
#include "sema/decode.h"

#include <string.h>

/* A port name, a discovery name or an alias: a word or a string. */
static const char *word_or_string(Args *a, const char *what)
{
    const AstNode *n = args_peek(a);
    if (n && n->kind == AST_STRING)
        return args_string(a, what);
    return args_word(a, what);
}

/* ---- cluster: namespaces --------------------------------------------------------- */

static IrNamespace *new_namespace(Decoder *d, const AstStmt *s, IrNamespace **slot)
{
    IrNamespace *ns = ARENA_NEW(d->arena, IrNamespace);
    ns->span = s->span;
    *slot = ns;
    return ns;
}

/* namespace "NAME" | namespace existing "NAME-OR-ARN"|PARAM */
void decode_cl_namespace(Decoder *d, const AstStmt *s, void *t)
{
    IrNamespace *ns = new_namespace(d, s, &((IrCluster *)t)->connect_ns);
    Args a = args_begin(d, s);
    if (args_take_word(&a, "existing")) {
        decode_param_ref(d, &a, &ns->existing, "the namespace's name or ARN, or a parameter");
    } else {
        ns->name_span = args_here(&a);
        ns->name = args_string(&a, "the namespace's name, or `existing`");
    }
    args_end(&a);
}

/* dns "NAME" vpc VPC | dns existing "ns-…"|PARAM */
void decode_cl_dns(Decoder *d, const AstStmt *s, void *t)
{
    IrNamespace *ns = new_namespace(d, s, &((IrCluster *)t)->dns_ns);
    Args a = args_begin(d, s);
    if (args_take_word(&a, "existing")) {
        decode_param_ref(d, &a, &ns->existing, "the namespace's id (ns-…), or a parameter");
        args_end(&a);
        return;
    }
    ns->name_span = args_here(&a);
    ns->name = args_string(&a, "the domain of the namespace, or `existing`");
    if (!ns->name)
        return;
    if (!args_take_word(&a, "vpc")) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), args_more(&a) ? "E0103" : "E0105",
                                    "a private DNS namespace the stack creates needs `vpc`");
        diag_note(dg, SPAN_NONE, "for example: dns \"%s\" vpc vpc (a vpc_id param), or dns "
                                 "existing \"ns-…\"", ns->name);
        ns->name = NULL;
        return;
    }
    decode_param_ref(d, &a, &ns->vpc, "a VPC id, or a parameter");
    args_end(&a);
}

/* ---- service: connect, discovery ------------------------------------------------- */

/* connect | connect PORT-NAME [as "ALIAS"] [port N] [discovery "NAME"] */
void decode_sv_connect(Decoder *d, const AstStmt *s, void *t)
{
    IrService *sv = t;
    IrConnect *c = ARENA_NEW(d->arena, IrConnect);
    c->span = s->span;
    c->alias_port = IR_UNSET;
    Args a = args_begin(d, s);
    if (args_more(&a)) {
        c->port.span = args_here(&a);
        c->port.name = word_or_string(&a, "the name of a port (`port 8080 name \"api\"`)");
        if (!c->port.name)
            return;
    }
    int64_t v;
    while (c->port.name && args_more(&a)) {
        if (args_take_word(&a, "as")) {
            c->alias_span = args_here(&a);
            if (!(c->alias = word_or_string(&a, "the DNS name clients use")))
                return;
        } else if (args_take_word(&a, "port")) {
            c->alias_port_span = args_here(&a);
            if (!args_int(&a, "the port clients use", 1, 65535, &v))
                return;
            c->alias_port = (int)v;
        } else if (args_take_word(&a, "discovery")) {
            c->discovery_span = args_here(&a);
            if (!(c->discovery = word_or_string(&a, "the Cloud Map service name")))
                return;
        } else {
            static const char *const opts[] = {"as", "port", "discovery", NULL};
            args_choice(&a, "connect option", opts);
            return;
        }
    }
    args_end(&a);
    vec_push(d->arena, &sv->connects, c);
}

/* discovery [a | srv CONTAINER:PORT] [name "NAME"] [ttl DURATION] */
void decode_sv_discovery(Decoder *d, const AstStmt *s, void *t)
{
    IrRegistry *r = ARENA_NEW(d->arena, IrRegistry);
    r->span = s->span;
    r->port = r->ttl = IR_UNSET;
    Args a = args_begin(d, s);
    int64_t v;
    while (args_more(&a)) {
        if (args_peek_word(&a, "a")) {
            r->type_span = args_here(&a);
            args_take_word(&a, "a");
        } else if (args_peek_word(&a, "srv")) {
            r->type_span = args_here(&a);
            args_take_word(&a, "srv");
            r->srv = true;
            r->container.span = args_here(&a);
            if (!(r->container.name = args_word(&a, "a container and port, as in app:8080")))
                return;
            if (!args_take_punct(&a, ":")) {
                Diagnostic *dg = diag_error(d->diag, args_here(&a), args_more(&a) ? "E0103" : "E0105",
                                            "expected ':' and the container port after '%s'",
                                            r->container.name);
                diag_note(dg, SPAN_NONE, "for example: discovery srv %s:8080", r->container.name);
                return;
            }
            r->port_span = args_here(&a);
            if (!args_int(&a, "a container port", 1, 65535, &v))
                return;
            r->port = (int)v;
        } else if (args_take_word(&a, "name")) {
            r->name_span = args_here(&a);
            if (!(r->name = word_or_string(&a, "the Cloud Map service name")))
                return;
        } else if (args_take_word(&a, "ttl")) {
            r->ttl_span = args_here(&a);
            if (!args_duration(&a, "a time to live such as 60s", &v))
                return;
            r->ttl = (int)(v > 100000000 ? 100000000 : v);
        } else {
            static const char *const opts[] = {"a", "srv", "name", "ttl", NULL};
            args_choice(&a, "discovery option", opts);
            return;
        }
    }
    ((IrService *)t)->registry = r;
}

/* ---- schedule -------------------------------------------------------------------- */

#define SC(t) ((IrSchedule *)(t))

static void sc_task(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SC(t)->task.span = args_here(&a);
    SC(t)->task.name = args_word(&a, "a task's name");
    args_end(&a);
}

/* cron "MIN HOUR DAY MONTH WEEKDAY YEAR" */
static const char *run_cron(Decoder *d, Args *a)
{
    const char *v = args_string(a, "six cron fields such as \"0 6 * * ? *\"");
    return v ? arena_printf(d->arena, "cron(%s)", v) : NULL;
}

/* every DURATION: whole minutes, hours or days, as Scheduler's rate() takes
   them ("rate(1 hour)", "rate(5 minutes)") */
static const char *run_every(Decoder *d, Args *a)
{
    Span at = args_here(a);
    int64_t v;
    if (!args_duration(a, "an interval such as 5m, 1h or 1d", &v))
        return NULL;
    if (v < 60 || v % 60) {
        Diagnostic *dg = diag_error(d->diag, at, "E0850",
                                    "a schedule's interval is a whole number of minutes, at least 1m");
        diag_note(dg, SPAN_NONE, "EventBridge Scheduler's rate() counts minutes, hours or days: "
                                 "write run every %lldm", (long long)(v < 60 ? 1 : (v + 59) / 60));
        return NULL;
    }
    static const struct { int64_t secs; const char *one, *many; } units[] = {
        {86400, "day", "days"}, {3600, "hour", "hours"}, {60, "minute", "minutes"}};
    size_t i = 0;
    while (v % units[i].secs)
        i++;
    int64_t n = v / units[i].secs;
    return arena_printf(d->arena, "rate(%lld %s)", (long long)n, n == 1 ? units[i].one : units[i].many);
}

/* run cron "…" | run every DURATION | run at "YYYY-MM-DDThh:mm:ss" */
static void sc_run(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const kinds[] = {"cron", "every", "at", NULL};
    Args a = args_begin(d, s);
    int k = args_choice(&a, "cron, every or at", kinds);
    if (k < 0)
        return;
    Span at = args_here(&a);
    const char *expr = k == 0 ? run_cron(d, &a)
                       : k == 1 ? run_every(d, &a)
                       : args_string(&a, "a time such as \"2027-01-31T18:00:00\"");
    if (!expr)
        return;
    args_end(&a);
    SC(t)->expr = k == 2 ? arena_printf(d->arena, "at(%s)", expr) : expr;
    SC(t)->expr_span = at;
}

static void sc_timezone(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SC(t)->tz_span = args_here(&a);
    SC(t)->timezone = args_string(&a, "an IANA time zone such as \"Europe/Paris\"");
    args_end(&a);
}

static void sc_launch(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const kinds[] = {"fargate", "ec2", NULL};
    Args a = args_begin(d, s);
    SC(t)->launch_span = args_here(&a);
    int k = args_choice(&a, "launch type", kinds);
    if (k >= 0)
        SC(t)->launch = 1u << k;
    args_end(&a);
}

static void sc_capacity(Decoder *d, const AstStmt *s, void *t)
{
    decode_strategy_use(d, s, &SC(t)->capacity);
}

static void sc_subnets(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SC(t)->has_subnets = decode_param_ref(d, &a, &SC(t)->subnets, "subnet ids, or a parameter");
    args_end(&a);
}

static void sc_security_groups(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    decode_param_ref(d, &a, &SC(t)->security_groups, "security group ids, or a parameter");
    args_end(&a);
}

static void sc_public_ip(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    SC(t)->public_ip_span = s->span;
    args_flag(&a, &SC(t)->public_ip);
    args_end(&a);
}

static void sc_count(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    int64_t v;
    /* RunTask starts 1 to 10 tasks at a time */
    if (args_int(&a, "the task count", 1, 10, &v))
        SC(t)->count = (int)v;
    args_end(&a);
}

static void sc_enabled(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    args_flag(&a, &SC(t)->enabled);
    args_end(&a);
}

static const FieldDef schedule_fields[] = {
    {"task", sc_task, FIELD_ONCE, NULL, NULL,
     "The task definition the schedule runs: `task NAME`."},
    {"run", sc_run, FIELD_ONCE, "ScheduleExpression", WORDS("cron", "every", "at"),
     "When it runs: `run cron \"0 6 * * ? *\"` (six fields: minutes, hours, day of month, "
     "month, day of week, year), `run every 15m` (whole minutes, hours or days) or `run at "
     "\"2027-01-31T18:00:00\"` (once)."},
    {"timezone", sc_timezone, FIELD_ONCE, "ScheduleExpressionTimezone", NULL,
     "The IANA time zone of cron and at (default UTC): `timezone \"Europe/Paris\"`."},
    {"launch", sc_launch, FIELD_ONCE, NULL, WORDS("fargate", "ec2"),
     "The launch type of the tasks: fargate or ec2 (default: the task's)."},
    {"capacity", sc_capacity, 0, NULL,
     WORDS("fargate", "fargate_spot", "weight", "base"),
     "A capacity provider strategy entry, as a service's: `capacity fargate_spot weight 1`."},
    {"subnets", sc_subnets, FIELD_ONCE, NULL, NULL,
     "The subnets of the tasks' network interfaces (awsvpc)."},
    {"security_groups", sc_security_groups, FIELD_ONCE, NULL, NULL,
     "Security groups of the tasks (awsvpc); without them, the VPC's default group."},
    {"public_ip", sc_public_ip, FIELD_ONCE, NULL, NULL,
     "Gives each task a public IP address (Fargate in public subnets)."},
    {"count", sc_count, FIELD_ONCE, NULL, NULL,
     "How many copies of the task each run starts (1 to 10; default 1)."},
    {"enabled", sc_enabled, FIELD_ONCE, "State", NULL,
     "Whether the schedule runs (`enabled false` keeps it, DISABLED)."},
    {"raw", decode_schedule_raw, FIELD_ONCE, NULL, NULL,
     "Sets CloudFormation properties of the AWS::Scheduler::Schedule ecsc has no word for, such "
     "as `FlexibleTimeWindow`, `StartDate` or the target's `RetryPolicy` (language.md §13.2)."},
};
const BlockDef decode_schedule_block = {"schedule", FIELDS(schedule_fields),
                                        "AWS::Scheduler::Schedule", "Name",
                                        "the schedule's name is derived from the app's and its own"};

void decode_schedule(Decoder *d, const AstStmt *s)
{
    IrSchedule *sc = ARENA_NEW(d->arena, IrSchedule);
    sc->span = s->span;
    sc->count = IR_UNSET;
    Args a = args_begin(d, s);
    sc->name_span = args_here(&a);
    sc->name = args_word(&a, "the schedule's name");
    if (!sc->name)
        return;
    const AstNode *body = args_block(&a, "the schedule's block");
    args_end(&a);
    decode_name_ok(d, sc->name, sc->name_span, "schedule");
    decode_block_fields(d, body, &decode_schedule_block, sc,
                        arena_printf(d->arena, "schedule '%s'", sc->name), &sc->fields);
    vec_push(d->arena, &d->model->schedules, sc);
}
