/* check_arn.c - ARNs written in the source have the shape AWS expects, so
 * that a placeholder ("$$$ROLE$$$", "arn:aws:iam::XXXX:…") is an error here
 * rather than at deployment. */
#include "sema/check.h"

#include <string.h>

bool check_is_arn(const char *s, const char *service, const char *tail)
{
    if (strncmp(s, "arn:aws", 7) != 0)
        return false;
    const char *p = strchr(s + 4, ':');
    if (!p)
        return false;
    size_t n = strlen(service);
    if (strncmp(p + 1, service, n) != 0 || p[1 + n] != ':')
        return false;
    return strstr(p + 1 + n, tail) != NULL;
}

/* arn:aws:iam::123456789012:role/path/name */
bool check_is_role_arn(const char *s)
{
    static const char *const partitions[] = {"arn:aws:iam::", "arn:aws-cn:iam::",
                                             "arn:aws-us-gov:iam::"};
    size_t k = 0, n = sizeof partitions / sizeof *partitions;
    while (k < n && strncmp(s, partitions[k], strlen(partitions[k])) != 0)
        k++;
    if (k == n)
        return false;
    s += strlen(partitions[k]);
    for (int i = 0; i < 12; i++, s++)
        if (*s < '0' || *s > '9')
            return false;
    if (strncmp(s, ":role/", 6) != 0 || !s[6])
        return false;
    for (s += 6; *s; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  strchr("+=,.@_-/", c);
        if (!ok)
            return false;
    }
    return true;
}

static void role_arn(Sema *s, const char *arn, Span sp, const char *what)
{
    if (!arn || check_is_role_arn(arn))
        return;
    Diagnostic *dg = diag_error(s->diag, sp, "E0804", "%s '%s' is not an IAM role ARN", what, arn);
    diag_note(dg, SPAN_NONE, "a role ARN reads arn:aws:iam::123456789012:role/NAME; or name a "
                             "`role` block and ecsc creates the role");
}

void check_arns(Sema *s, const IrModel *m)
{
    for (int i = 0; i < m->tasks.len; i++) {
        const IrTask *t = m->tasks.items[i];
        if (!t->role.name)
            role_arn(s, t->role_arn, t->role.span, "task role");
        if (!t->exec_role.name && !t->exec_role_implied)
            role_arn(s, t->exec_role_arn, t->exec_role.span, "execution role");
    }
    for (int i = 0; i < m->roles.len; i++) {
        const IrRole *r = m->roles.items[i];
        if (r->explicit_arn)
            role_arn(s, r->arn, r->arn_span, arena_printf(s->arena, "role '%s': the ARN", r->name));
    }
}
