/* check_role.c - IAM roles: well-formed statements, and warnings that say
 * what a wildcard grants (secure by default: statements name resources). */
#include "sema/check.h"

#include <string.h>

static bool valid_action(const char *a)
{
    /* service:Action, where Action may contain wildcards: s3:Get*, ecr:* */
    const char *colon = strchr(a, ':');
    if (!colon || colon == a || !colon[1] || strchr(colon + 1, ':'))
        return false;
    for (const char *p = a; p < colon; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    for (const char *p = colon + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '*' || *p == '?'))
            return false;
    return true;
}

/* Actions that IAM only grants on "*" (no resource-level permissions):
   a "*" resource for them is not a warning. */
static const char *const star_only[] = {
    "cloudwatch:PutMetricData", "ecr:GetAuthorizationToken", "logs:DescribeLogGroups",
    "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
    "xray:GetSamplingRules", "xray:GetSamplingStatisticSummaries", "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords", "xray:PutTraceSegments",
};

static bool only_star_actions(const IrStatement *st)
{
    for (int i = 0; i < st->actions.len; i++) {
        bool found = false;
        for (size_t k = 0; k < sizeof star_only / sizeof *star_only && !found; k++)
            found = strcmp(st->actions.items[i], star_only[k]) == 0;
        if (!found)
            return false;
    }
    return st->actions.len > 0;
}

static void check_statement(Sema *s, const IrRole *r, const IrStatement *st)
{
    const char *verb = st->deny ? "denies" : "grants";
    for (int i = 0; i < st->actions.len; i++) {
        const char *a = st->actions.items[i];
        if (strcmp(a, "*") == 0) {
            if (!st->deny) {
                Diagnostic *dg = diag_warning(s->diag, st->actions_span, "W0080",
                                              "role '%s' grants every action of every AWS service", r->name);
                diag_note(dg, SPAN_NONE, "name the actions the code calls, as in \"s3:GetObject\"");
            }
        } else if (!valid_action(a)) {
            Diagnostic *dg = diag_error(s->diag, st->actions_span, "E0802",
                                        "'%s' is not an IAM action (service:Action)", a);
            diag_note(dg, SPAN_NONE, "for example \"s3:GetObject\" or \"dynamodb:Query\"");
        } else if (!st->deny && strcmp(strchr(a, ':') + 1, "*") == 0) {
            int n = (int)(strchr(a, ':') - a);
            Diagnostic *dg = diag_warning(s->diag, st->actions_span, "W0080",
                                          "role '%s' %s every %.*s action ('%s')", r->name, verb, n, a, a);
            diag_note(dg, SPAN_NONE, "name the %.*s actions the code calls", n, a);
        }
    }
    for (int i = 0; i < st->resources.len; i++) {
        const char *res = st->resources.items[i];
        if (strcmp(res, "*") == 0) {
            if (!st->deny && !only_star_actions(st)) {
                Diagnostic *dg = diag_warning(s->diag, st->resources_span, "W0081",
                                              "role '%s' grants its actions on every resource in the account", r->name);
                diag_note(dg, SPAN_NONE, "name the resources by ARN, as in \"arn:aws:s3:::bucket/*\"");
            }
        } else if (strncmp(res, "arn:", 4) != 0) {
            Diagnostic *dg = diag_error(s->diag, st->resources_span, "E0803",
                                        "'%s' is not a resource ARN", res);
            diag_note(dg, SPAN_NONE, "resources are ARNs, as in \"arn:aws:s3:::bucket/*\", or \"*\"");
        }
    }
}

void check_roles(Sema *s, const IrModel *m)
{
    for (int i = 0; i < m->roles.len; i++) {
        const IrRole *r = m->roles.items[i];
        if (r->statements.len == 0 && r->managed.len == 0 && !r->explicit_arn) {
            Diagnostic *dg = diag_warning(s->diag, r->name_span, "W0082",
                                          "role '%s' allows nothing", r->name);
            diag_note(dg, SPAN_NONE, "add `allow \"service:Action\" on \"arn:…\"` or `managed \"arn:…\"`");
        }
        if (r->explicit_arn && (r->statements.len || r->managed.len)) {
            Diagnostic *dg = diag_error(s->diag, r->name_span, "E0801",
                                        "role '%s' names an existing role with `arn` and also has statements",
                                        r->name);
            diag_note(dg, SPAN_NONE, "ecsc does not change existing roles: drop `arn` to have ecsc "
                                     "create the role, or drop the statements");
        }
        for (int k = 0; k < r->statements.len; k++)
            check_statement(s, r, r->statements.items[k]);
        for (int k = 0; k < r->managed.len; k++) {
            const char *p = r->managed.items[k];
            if (strncmp(p, "arn:aws:iam::", 13) != 0 || !strstr(p, ":policy/"))
                diag_error(s->diag, *(const Span *)r->managed_spans.items[k], "E0803", "'%s' is not a managed policy ARN "
                           "(arn:aws:iam::aws:policy/…)", p);
        }
    }
}
