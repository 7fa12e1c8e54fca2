/* check_scale.c - a service's `scale`: the range and the desired count
 * (E0519), what each policy needs (E0520 a route for requests; E0720
 * Container Insights for a queue's backlog per task), and the shapes AWS
 * takes (E0721 queue names, E0722 schedule expressions and time zones,
 * E0723 one policy per metric, E0724 scheduled ranges, E0725 steps;
 * W0071 a backlog per task that cannot leave 0 tasks).
 *
 * Sources: Application Auto Scaling `PutScalingPolicy` (target tracking,
 * step adjustments: intervals that neither overlap nor leave gaps),
 * `PutScheduledAction` (at(), rate(), cron() with six fields; IANA time
 * zones), SQS `CreateQueue` (queue names), and the ECS developer guide's
 * "Scale based on Amazon SQS" (backlog per task = visible messages /
 * RunningTaskCount of ECS/ContainerInsights).
 */
#include "sema/check_deploy.h"

#include "model/ir_names.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A queue name: 1 to 80 of A-Z a-z 0-9 - _, a FIFO queue's ending in .fifo. */
static bool queue_name_ok(const char *q)
{
    size_t n = strlen(q);
    size_t body = n >= 5 && strcmp(q + n - 5, ".fifo") == 0 ? n - 5 : n;
    if (!body || n > 80)
        return false;
    for (size_t i = 0; i < body; i++)
        if (!isalnum((unsigned char)q[i]) && q[i] != '-' && q[i] != '_')
            return false;
    return true;
}

static void check_queue(DCheck *k, const char *q, Span at)
{
    if (queue_name_ok(q))
        return;
    Diagnostic *dg = diag_error(k->de, at, "E0721", "'%s' is not an SQS queue name", q);
    diag_note(dg, SPAN_NONE, "write the queue's name (1 to 80 letters, digits, - and _, a FIFO "
                             "queue's ending in .fifo), not its URL or ARN");
}

static int count_fields(const char *s, size_t n)
{
    int fields = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ';
        if (!sp && !in)
            fields++;
        in = !sp;
    }
    return fields;
}

bool check_schedule_expr(const char *e)
{
    size_t n = strlen(e);
    if (n < 5 || e[n - 1] != ')')
        return false;
    if (strncmp(e, "cron(", 5) == 0)
        return count_fields(e + 5, n - 6) == 6;
    if (strncmp(e, "rate(", 5) == 0) {
        char *end;
        long v = strtol(e + 5, &end, 10);
        if (end == e + 5 || v < 1 || *end != ' ')
            return false;
        static const char *const units[] = {"minute)", "minutes)", "hour)", "hours)", "day)",
                                            "days)"};
        for (size_t i = 0; i < sizeof units / sizeof *units; i++)
            if (strcmp(end + 1, units[i]) == 0)
                return (v == 1) == (strchr(units[i], 's') == NULL);
        return false;
    }
    if (strncmp(e, "at(", 3) == 0) {
        /* at(yyyy-mm-ddThh:mm:ss) */
        static const char shape[] = "dddd-dd-ddTdd:dd:dd";
        if (n != 3 + sizeof shape - 1 + 1)
            return false;
        for (size_t i = 0; i < sizeof shape - 1; i++)
            if (shape[i] == 'd' ? !isdigit((unsigned char)e[3 + i]) : e[3 + i] != shape[i])
                return false;
        return true;
    }
    return false;
}

static void check_schedule(DCheck *k, const IrScaleSchedule *sch)
{
    Diagnostic *dg;
    if (!check_schedule_expr(sch->expr)) {
        dg = diag_error(k->de, sch->expr_span, "E0722", "'%s' is not a schedule expression",
                        sch->expr);
        diag_note(dg, SPAN_NONE, "write \"cron(MINUTES HOURS DAY MONTH WEEKDAY YEAR)\" (six "
                                 "fields, as \"cron(0 8 ? * MON-FRI *)\"), \"rate(5 minutes)\" "
                                 "or \"at(2027-01-31T18:00:00)\"");
    }
    if (sch->timezone && !strchr(sch->timezone, '/') && strcmp(sch->timezone, "UTC") != 0) {
        dg = diag_error(k->de, sch->span, "E0722", "'%s' is not an IANA time zone",
                        sch->timezone);
        diag_note(dg, SPAN_NONE, "write a name such as \"Europe/Paris\" or \"America/New_York\"");
    }
    if (sch->min > sch->max) {
        dg = diag_error(k->de, sch->range_span, "E0724",
                        "scheduled range %d..%d ends before it starts", sch->min, sch->max);
        diag_note(dg, SPAN_NONE, "write the smaller count first: %d..%d", sch->max, sch->min);
    }
}

static void check_step(DCheck *k, const IrScaleStep *st)
{
    Diagnostic *dg;
    bool pct = st->metric != IR_SCALE_QUEUE;
    if (st->queue)
        check_queue(k, st->queue, st->span);
    const IrScaleStepItem *prev = NULL;
    VEC_EACH(const IrScaleStepItem *, it, st->items) {
        if (pct && it->bound > 100) {
            dg = diag_error(k->de, it->span, "E0725", "a step at %d%%: utilisation is 0%% to 100%%",
                            it->bound);
            diag_note(dg, SPAN_NONE, "write a bound from 0%% to 100%%");
        } else if (prev && (st->below ? it->bound >= prev->bound : it->bound <= prev->bound)) {
            dg = diag_error(k->de, it->span, "E0725", "step bounds must go %s, one after another",
                            st->below ? "down" : "up");
            diag_note(dg, prev->span, "the step before is here");
            diag_note(dg, SPAN_NONE, "each step starts where the one before ends; write them "
                                     "from the %s bound on", st->below ? "highest" : "lowest");
        }
        if (it->change == 0) {
            dg = diag_error(k->de, it->span, "E0725", "a step that changes nothing");
            diag_note(dg, SPAN_NONE, "write `add 1` or more (`remove` for `below`), or drop it");
        } else if ((it->change < 0) != st->below) {
            dg = diag_error(k->de, it->span, "E0725", "a step %s its bound that %s tasks",
                            st->below ? "below" : "above", st->below ? "adds" : "removes");
            diag_note(dg, SPAN_NONE, "scale out with `above … add`, scale in with `below … "
                                     "remove`");
        }
        prev = it;
    }
    if (st->period < 60 || st->period % 60) {
        dg = diag_error(k->de, st->span, "E0725",
                        "a step waits whole minutes, not %ds", st->period);
        diag_note(dg, SPAN_NONE, "the alarm checks the metric every minute: write `for %dm`",
                  st->period < 60 ? 1 : (st->period + 59) / 60);
    }
}

static const char *policy_key(DCheck *k, const IrScalePolicy *p)
{
    return p->queue ? arena_printf(k->a, "queue:%s", p->queue) : ir_scale_metric_word(p->metric);
}

void check_scaling(DCheck *k, const IrService *sv)
{
    const IrScaling *sc = sv->scaling;
    if (!sc || sv->daemon)
        return;
    Diagnostic *dg;
    if (sc->min > sc->max) {
        dg = diag_error(k->de, sc->span, "E0519",
                        "scaling range %d..%d ends before it starts", sc->min, sc->max);
        diag_note(dg, SPAN_NONE, "write the smaller count first: %d..%d", sc->max, sc->min);
    } else if (has_span(sv->desired_span) && (sv->desired < sc->min || sv->desired > sc->max)) {
        dg = diag_error(k->de, sv->desired_span, "E0519",
                        "desired count %d is outside the scaling range %d..%d", sv->desired,
                        sc->min, sc->max);
        diag_note(dg, sc->span, "the range is set here");
        diag_note(dg, SPAN_NONE, "autoscaling would move it into the range at once; remove "
                                 "`desired` (it starts at %d) or widen the range", sc->min);
    }
    Map seen;
    map_init(&seen, k->a);
    const IrCluster *cl = k->m->cluster;
    VEC_EACH(const IrScalePolicy *, p, sc->policies) {
        const IrScalePolicy *twice = map_put(&seen, policy_key(k, p), (void *)p);
        if (twice) {
            dg = diag_error(k->de, p->target_span, "E0723",
                            "service '%s' tracks %s twice", sv->name,
                            p->queue ? "this queue" : ir_scale_metric_word(p->metric));
            diag_note(dg, twice->target_span, "the first target is here");
            diag_note(dg, SPAN_NONE, "keep one target per metric");
        }
        if (p->metric == IR_SCALE_REQUESTS && !sv->routes.len) {
            dg = diag_error(k->de, sc->span, "E0520",
                            "service '%s' scales on requests but has no route", sv->name);
            diag_note(dg, SPAN_NONE, "requests are counted per target by the load balancer; add "
                                     "a route, or scale on cpu or memory");
        }
        if (p->metric != IR_SCALE_QUEUE)
            continue;
        check_queue(k, p->queue, p->queue_span);
        if (sc->min == 0) {
            dg = diag_warning(k->de, p->span, "W0071",
                              "service '%s' tracks a backlog per task but may scale to 0 tasks",
                              sv->name);
            diag_note(dg, sc->span, "the range starts at 0 here");
            diag_note(dg, SPAN_NONE, "with no task the backlog per task has no value and the "
                                     "service never scales out again; start the range at 1, or "
                                     "add `step queue \"%s\" above 1 add 1`", p->queue);
        }
        if (cl && cl->insights == IR_TRI_FALSE) {
            dg = diag_error(k->de, p->span, "E0720",
                            "a queue's backlog per task needs Container Insights, which the "
                            "cluster turns off");
            diag_note(dg, cl->span, "`insights false` is here");
            diag_note(dg, SPAN_NONE, "the task count comes from ECS/ContainerInsights "
                                     "RunningTaskCount; remove `insights false`, or scale on "
                                     "`step queue \"%s\" above …`", p->queue);
        }
    }
    VEC_EACH(const IrScaleSchedule *, sch, sc->schedules)
        check_schedule(k, sch);
    VEC_EACH(const IrScaleStep *, st, sc->steps) {
        check_step(k, st);
        const char *key = arena_printf(k->a, "step:%s:%s:%d", ir_scale_metric_word(st->metric),
                                       st->queue ? st->queue : "", st->below);
        const IrScaleStep *twice = map_put(&seen, key, (void *)st);
        if (twice) {
            dg = diag_error(k->de, st->span, "E0725", "two steps scale service '%s' %s on the "
                            "same metric", sv->name, st->below ? "in" : "out");
            diag_note(dg, twice->span, "the first is here");
            diag_note(dg, SPAN_NONE, "write every bound on one `step` line");
        }
    }
}
