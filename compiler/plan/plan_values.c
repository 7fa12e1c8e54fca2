/* plan_values.c - the values only a deployed stack knows: params without a
 * value, the ARNs and ids of resources the stack creates.
 *
 * A value comes from -D KEY=VALUE (KEY: the param's name, or the
 * resource's logical id), else from the stack: --stack-outputs gives the
 * document `aws cloudformation describe-stacks` prints, whose Outputs
 * carry every value services/ needs under the names plan.c gives them,
 * and whose Parameters carry the params' deployed values.
 */
#include "plan/plan_int.h"

#include "sema/sema.h"

#include <string.h>

static const char *param_value(const Plan *p, const PlanParam *pp, const PlanLookup *lk,
                               const char **from)
{
    const char *v = lk->define ? lk->define(lk->ctx, pp->param->name) : NULL;
    *from = "-D";
    if (!v && lk->stack_params) {
        v = map_get(lk->stack_params, pp->id);
        *from = "--stack-outputs";
    }
    if (!v && pp->param->has_default) {
        v = pp->param->default_value;
        *from = "the default";
    }
    (void)p;
    return v;
}

static bool shape_ok(const PlanValue *v, const char *s)
{
    switch (v->kind) {
    case PLAN_VALUE_ARN:
        return check_is_arn(s, v->arn_service, v->arn_tail);
    case PLAN_VALUE_SG:
        return strncmp(s, "sg-", 3) == 0 && s[3];
    case PLAN_VALUE_PARAM:
        return true;
    }
    return false;
}

static void malformed(const PlanValue *v, DiagEngine *de)
{
    Diagnostic *dg = diag_error(de, v->span, "E0532", "%s %s=%s is not %s",
                                strcmp(v->from, "-D") == 0 ? "-D" : "the stack output",
                                strcmp(v->from, "-D") == 0 ? v->key : v->output, v->value,
                                v->kind == PLAN_VALUE_SG ? "a security group id (sg-…)"
                                                         : arena_printf(de->arena, "the ARN of %s", v->what));
    diag_note(dg, SPAN_NONE, "expected %s", v->example);
}

void plan_values(Plan *p, const PlanLookup *lk, DiagEngine *de)
{
    VEC_EACH(PlanParam *, pp, p->params) {
        const char *from;
        if (pp->param)
            pp->value = param_value(p, pp, lk, &from);
    }
    const IrCluster *cl = p->m->cluster;
    if (cl && cl->existing_ref.param.target)
        p->cluster_name = plan_param(p, cl->existing_ref.param.target)->value;
    for (int i = 0; i < p->m->services.len; i++) {
        PlanService *ps = &p->services[i];
        ps->complete = true;
        VEC_EACH(PlanValue *, v, ps->values) {
            if (v->kind == PLAN_VALUE_PARAM) {
                const PlanParam *pp = plan_param(p, v->param);
                v->value = pp->value && pp->value[0] ? pp->value : NULL;
                v->from = "-D";
                ps->complete &= v->value != NULL;
                continue;
            }
            v->value = lk->define ? lk->define(lk->ctx, v->key) : NULL;
            v->from = "-D";
            if ((!v->value || !v->value[0]) && v->output && lk->stack_outputs) {
                v->value = map_get(lk->stack_outputs, v->output);
                v->from = "--stack-outputs";
            }
            if (v->value && !v->value[0])
                v->value = NULL;
            if (v->value && !shape_ok(v, v->value)) {
                malformed(v, de);
                v->value = NULL;
            }
            if (!v->value && !v->optional)
                ps->complete = false;
        }
    }
}

/* ---- reporting what is missing ------------------------------------------------------ */

static const char *missing_list(Arena *a, const PlanService *ps)
{
    const char *out = NULL;
    VEC_EACH(const PlanValue *, v, ps->values) {
        if (v->value || v->optional)
            continue;
        out = out ? arena_printf(a, "%s, %s", out, v->key) : v->key;
    }
    return out;
}

void plan_report_missing(const Plan *p, DiagEngine *de, bool strict, const char *next_step)
{
    Arena *a = p->arena;
    if (strict) {
        for (int i = 0; i < p->m->services.len; i++) {
            const PlanService *ps = &p->services[i];
            VEC_EACH(const PlanValue *, v, ps->values) {
                if (v->value || v->optional)
                    continue;
                Diagnostic *dg;
                if (v->kind == PLAN_VALUE_PARAM) {
                    dg = diag_error(de, v->span, "E0530", "services/%s.json needs the value of param '%s'",
                                    ps->sv->name, v->param->name);
                    diag_note(dg, v->param->name_span, "param '%s' is declared here %s", v->param->name,
                              v->param->has_default ? "with an empty default" : "without a default");
                    diag_note(dg, SPAN_NONE, "pass -D %s=%s, or --stack-outputs FILE from the deployed "
                                             "stack", v->key, v->example);
                    continue;
                }
                dg = diag_error(de, v->span, "E0531", "services/%s.json needs %s%s", ps->sv->name,
                                v->kind == PLAN_VALUE_SG ? "the id of " : "the ARN of ", v->what);
                diag_note(dg, SPAN_NONE, "pass -D %s=%s, or --stack-outputs FILE with the stack's "
                                         "output %s", v->key, v->example, v->output);
                diag_note(dg, SPAN_NONE, "'%s' is its logical id in cfn/template.json", v->key);
            }
        }
        return;
    }
    int n = 0;
    const char *names = NULL;
    const PlanService *first = NULL;
    for (int i = 0; i < p->m->services.len; i++) {
        const PlanService *ps = &p->services[i];
        if (ps->complete)
            continue;
        n++;
        first = first ? first : ps;
        names = names ? arena_printf(a, "%s, %s", names, ps->sv->name) : ps->sv->name;
    }
    if (!n)
        return;
    Diagnostic *dg = diag_warning(de, first->sv->name_span, "W0057",
                                  "services/ not written for %d service%s (%s): %s only the deployed "
                                  "stack knows", n, n == 1 ? "" : "s", names,
                                  n == 1 ? "it needs values" : "they need values");
    for (int i = 0; i < p->m->services.len; i++) {
        const PlanService *ps = &p->services[i];
        if (!ps->complete)
            diag_note(dg, ps->sv->name_span, "services/%s.json needs %s", ps->sv->name,
                      missing_list(a, ps));
    }
    diag_note(dg, SPAN_NONE, "%s", next_step);
}
