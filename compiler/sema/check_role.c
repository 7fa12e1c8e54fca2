/* check_role.c - IAM roles: well-formed statements, and warnings that say
 * what a wildcard grants (secure by default: statements name resources). */
#include "sema/check.h"

#include "base/strbuf.h"
#include "model/iam_rules.h"

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

/* The actions of `st` that take resource-level permissions (ARNs), as
   "a", "b" text for a note; NULL when every action takes only "*". */
static const char *arn_actions(Sema *s, const IrStatement *st, int *count)
{
    StrBuf b = {0};
    *count = 0;
    for (int i = 0; i < st->actions.len; i++) {
        const char *a = st->actions.items[i];
        if (iam_action_star_only(a))
            continue;
        strbuf_printf(&b, "%s\"%s\"", (*count)++ ? ", " : "", a);
    }
    const char *text = *count ? arena_strdup(s->arena, strbuf_cstr(&b)) : NULL;
    strbuf_free(&b);
    return text;
}

/* W0081: a resource that is every resource (of a kind), where some action
   could have been limited to named ones. */
static void every_resource(Sema *s, const IrRole *r, const IrStatement *st, const char *res)
{
    const char *what = iam_arn_every(res);
    int n;
    const char *named = what ? arn_actions(s, st, &n) : NULL;
    if (!named)
        return;     /* a named resource, or actions IAM grants only on "*" */
    Diagnostic *dg = diag_warning(s->diag, st->resources_span, "W0081",
                                  "role '%s' grants %s on %s%s", r->name, named, what,
                                  strcmp(res, "*") ? arena_printf(s->arena, " ('%s')", res) : "");
    if (n < st->actions.len)
        diag_note(dg, SPAN_NONE, "the other actions of the statement take only \"*\": keep them "
                                 "in an `allow … on \"*\"` of their own");
    diag_note(dg, SPAN_NONE, "name the resources by ARN, as in \"arn:aws:s3:::bucket/*\" or "
                             "\"arn:aws:dynamodb:eu-west-1:123456789012:table/orders\"");
}

/* Whether a service with `exec` runs a task whose task role is `r`: ecsc
   adds the ECS Exec permissions to that role, so it allows something. */
static bool role_runs_exec(const IrModel *m, const IrRole *r)
{
    for (int i = 0; i < m->services.len; i++) {
        const IrService *sv = m->services.items[i];
        const IrTask *t = sv->task.target;
        if (sv->exec == IR_TRI_TRUE && t && t->role.target == r)
            return true;
    }
    return false;
}

/* Whether `r` is the task role of a task that mounts EFS with IAM
   authorisation (ecsc grants it the EFS client actions, emit/cfn_iam.c). */
static bool role_mounts_efs(const IrModel *m, const IrRole *r)
{
    VEC_EACH(const IrTask *, t, m->tasks) {
        if (t->role.target != r)
            continue;
        VEC_EACH(const IrVolume *, v, t->volumes)
            if (v->kind == IR_VOL_EFS && v->iam == IR_TRI_TRUE)
                return true;
    }
    return false;
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
        if (!st->deny)
            every_resource(s, r, st, res);
        if (strcmp(res, "*") == 0) {
            continue;
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
        if (r->statements.len == 0 && r->managed.len == 0 && !r->explicit_arn &&
            !role_runs_exec(m, r) && !role_mounts_efs(m, r)) {
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
