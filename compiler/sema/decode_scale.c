/* decode_scale.c - a service's `scale`: the task count's range and how it
 * moves in it.
 *
 *   scale MIN..MAX on cpu 60% [on memory 70% …]
 *   scale MIN..MAX [on …] {
 *     on       cpu 60% | memory 70% | requests 1000 | queue "NAME" 100
 *     cooldown [in DURATION] [out DURATION]
 *     schedule "cron(…)" MIN..MAX [timezone "Area/City"]
 *     step     cpu|memory|queue "NAME" above|below BOUND add|remove N … [for DURATION]
 *   }
 */
#include "sema/decode.h"

#include "model/ir_names.h"

#include <string.h>

#define SC(t) ((IrScaling *)(t))

/* MIN..MAX */
static bool read_range(Decoder *d, Args *a, int *min, int *max)
{
    int64_t lo, hi;
    if (!args_int(a, "the minimum task count", 0, 1000000, &lo))
        return false;
    if (!args_take_punct(a, "..")) {
        diag_error(d->diag, args_here(a), "E0103", "expected a range such as 2..10");
        return false;
    }
    if (!args_int(a, "the maximum task count", 0, 1000000, &hi))
        return false;
    *min = (int)lo;
    *max = (int)hi;
    return true;
}

/* After `on`: METRIC TARGET, or queue "NAME" MESSAGES. */
static bool read_on(Decoder *d, Args *a, IrScaling *sc, Span span)
{
    IrScalePolicy *p = ARENA_NEW(d->arena, IrScalePolicy);
    p->span = span;
    int k = args_choice(a, "scaling metric", ir_scale_metric_words);
    if (k < 0)
        return false;
    p->metric = (IrScaleMetric)k;
    int64_t v;
    if (p->metric == IR_SCALE_QUEUE) {
        p->queue_span = args_here(a);
        if (!(p->queue = args_string(a, "the SQS queue's name")))
            return false;
        p->target_span = args_here(a);
        if (!args_int(a, "messages per task", 1, 1000000, &v))
            return false;
    } else {
        p->target_span = args_here(a);
        if (p->metric == IR_SCALE_REQUESTS) {
            if (!args_int(a, "requests per target", 1, 1000000, &v))
                return false;
        } else if (!args_percent(a, "a target utilisation such as 60%", &v)) {
            return false;
        }
    }
    p->target = (int)(v > 1000000 ? 1000000 : v);
    if (!sc->policies.len) {
        sc->metric = p->metric;
        sc->target = p->target;
        sc->target_span = p->target_span;
    }
    vec_push(d->arena, &sc->policies, p);
    return true;
}

static void sc_on(Decoder *d, const AstStmt *s, void *t)
{
    Args a = args_begin(d, s);
    if (read_on(d, &a, SC(t), s->span))
        args_end(&a);
}

/* cooldown [in DURATION] [out DURATION] */
static void sc_cooldown(Decoder *d, const AstStmt *s, void *t)
{
    IrScaling *sc = SC(t);
    Args a = args_begin(d, s);
    sc->cooldown_span = s->span;
    int64_t v;
    bool any = false;
    while (args_more(&a)) {
        bool in = args_take_word(&a, "in");
        if (!in && !args_take_word(&a, "out")) {
            static const char *const opts[] = {"in", "out", NULL};
            args_choice(&a, "cooldown", opts);
            return;
        }
        if (!args_duration(&a, "a cooldown such as 60s", &v))
            return;
        *(in ? &sc->cooldown_in : &sc->cooldown_out) = (int)(v > 1000000 ? 1000000 : v);
        any = true;
    }
    if (!any) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), "E0105",
                                    "expected `in` or `out` and a duration");
        diag_note(dg, SPAN_NONE, "for example: cooldown in 300s out 60s");
    }
}

/* schedule "EXPR" MIN..MAX [timezone "Area/City"] */
static void sc_schedule(Decoder *d, const AstStmt *s, void *t)
{
    IrScaleSchedule *sch = ARENA_NEW(d->arena, IrScaleSchedule);
    sch->span = s->span;
    Args a = args_begin(d, s);
    sch->expr_span = args_here(&a);
    if (!(sch->expr = args_string(&a, "a schedule such as \"cron(0 8 ? * MON-FRI *)\"")))
        return;
    sch->range_span = args_here(&a);
    if (!read_range(d, &a, &sch->min, &sch->max))
        return;
    if (args_take_word(&a, "timezone")
        && !(sch->timezone = args_string(&a, "a time zone such as \"Europe/Paris\"")))
        return;
    args_end(&a);
    vec_push(d->arena, &SC(t)->schedules, sch);
}

static bool it_bound(Args *a, IrScaleMetric m, int64_t *v)
{
    if (m == IR_SCALE_QUEUE)
        return args_int(a, "a number of messages", 0, 1000000000, v);
    return args_percent(a, "a utilisation such as 80%", v);
}

/* step METRIC above|below BOUND add|remove N [above|below BOUND add|remove N …] [for DURATION] */
static void sc_step(Decoder *d, const AstStmt *s, void *t)
{
    static const char *const metrics[] = {"cpu", "memory", "queue", NULL};
    static const IrScaleMetric kinds[] = {IR_SCALE_CPU, IR_SCALE_MEMORY, IR_SCALE_QUEUE};
    IrScaleStep *st = ARENA_NEW(d->arena, IrScaleStep);
    st->span = s->span;
    st->period = 180;
    Args a = args_begin(d, s);
    int k = args_choice(&a, "step scaling metric", metrics);
    if (k < 0)
        return;
    st->metric = kinds[k];
    if (st->metric == IR_SCALE_QUEUE && !(st->queue = args_string(&a, "the SQS queue's name")))
        return;
    int64_t v;
    while (args_more(&a)) {
        if (args_take_word(&a, "for")) {
            if (!args_duration(&a, "how long the metric stays beyond the bound, such as 3m", &v))
                return;
            st->period = (int)(v > 1000000 ? 1000000 : v);
            continue;
        }
        IrScaleStepItem *it = ARENA_NEW(d->arena, IrScaleStepItem);
        it->span = args_here(&a);
        bool below = args_take_word(&a, "below");
        if (!below && !args_take_word(&a, "above")) {
            static const char *const opts[] = {"above", "below", "for", NULL};
            args_choice(&a, "step", opts);
            return;
        }
        if (!it_bound(&a, st->metric, &v))
            return;
        it->bound = (int)(v > 1000000 ? 1000000 : v);
        bool add = args_take_word(&a, "add");
        if (!add && !args_take_word(&a, "remove")) {
            static const char *const opts[] = {"add", "remove", NULL};
            args_choice(&a, "step change", opts);
            return;
        }
        if (!args_int(&a, "a task count", 0, 1000000, &v))
            return;
        it->change = add ? (int)v : -(int)v;
        if (!st->items.len)
            st->below = below;
        else if (below != st->below) {
            Diagnostic *dg = diag_error(d->diag, it->span, "E0103",
                                        "a step line goes one way: all `above` or all `below`");
            diag_note(dg, SPAN_NONE, "write scale-in steps on a second `step` line");
            return;
        }
        vec_push(d->arena, &st->items, it);
    }
    if (!st->items.len) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), "E0105",
                                    "expected `above` or `below`, a bound and a change");
        diag_note(dg, SPAN_NONE, "for example: step cpu above 80%% add 2");
        return;
    }
    vec_push(d->arena, &SC(t)->steps, st);
}

static const FieldDef scale_fields[] = {
    {"on", sc_on, 0, NULL, WORDS("cpu", "memory", "requests", "queue"),
     "Target tracking on a metric: `on cpu 60%`, `on memory 70%`, `on requests 1000`, `on queue \"NAME\" 100` (messages per task)."},
    {"cooldown", sc_cooldown, FIELD_ONCE, NULL, WORDS("in", "out"),
     "How long scaling waits after scaling in or out: `cooldown in 300s out 60s`."},
    {"schedule", sc_schedule, 0, NULL, WORDS("timezone"),
     "A scheduled range: `schedule \"cron(0 8 ? * MON-FRI *)\" 4..20 [timezone \"Europe/Paris\"]`."},
    {"step", sc_step, 0, NULL,
     WORDS("cpu", "memory", "queue", "above", "below", "add", "remove", "for"),
     "Step scaling on an alarm: `step cpu above 80% add 2 above 90% add 4 [for 3m]`, or `below … remove …`."},
};
const BlockDef decode_scale_block = {"scale", FIELDS(scale_fields), NULL, NULL, NULL};

void decode_service_scale(Decoder *d, const AstStmt *s, IrService *sv)
{
    IrScaling *sc = ARENA_NEW(d->arena, IrScaling);
    sc->span = s->span;
    sc->cooldown_in = sc->cooldown_out = IR_UNSET;
    Args a = args_begin(d, s);
    if (!read_range(d, &a, &sc->min, &sc->max))
        return;
    const AstNode *body = NULL;
    while (args_more(&a)) {
        const AstNode *n = args_peek(&a);
        if (n->kind == AST_BLOCK) {
            body = args_block(&a, "the scaling block");
            break;
        }
        if (!args_take_word(&a, "on")) {
            Diagnostic *dg = diag_error(d->diag, args_here(&a), "E0103",
                                        "expected 'on' and a metric after the range");
            diag_note(dg, SPAN_NONE, "for example: scale %d..%d on cpu 60%%", sc->min, sc->max);
            return;
        }
        if (!read_on(d, &a, sc, s->span))
            return;
    }
    args_end(&a);
    if (!sc->policies.len && !body) {
        Diagnostic *dg = diag_error(d->diag, args_here(&a), "E0105",
                                    "expected 'on' and a metric after the range");
        diag_note(dg, SPAN_NONE, "for example: scale %d..%d on cpu 60%%", sc->min, sc->max);
        return;
    }
    if (body)
        decode_block(d, body, &decode_scale_block, sc,
                     arena_printf(d->arena, "the scaling of service '%s'", sv->name));
    sv->scaling = sc;
}
