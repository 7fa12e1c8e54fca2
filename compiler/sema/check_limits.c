/* check_limits.c - names that fit where they are written.
 *
 * Every name the checker accepts must be writable: a declaration's name is
 * part of its output files' names (taskdefs/<app>-<task>.json,
 * services/<name>.json, cfn/fragments/<kind>-<name>.json), each of which a
 * file system takes only up to NAME_MAX bytes (E0022), and of its
 * CloudFormation logical ids, which have at most 255 characters (E0023).
 * Both are checked here, up front, at the name, rather than failing when
 * the files are written.
 */
#include "sema/check.h"

#include "base/names.h"

#include <string.h>

enum {
    FILE_NAME_MAX = 255,        /* NAME_MAX on Linux, macOS and the BSDs */
    LOGICAL_ID_MAX = 255,       /* CloudFormation */
    /* The longest text ecsc adds to a name's CamelCase form in a logical
       id ("<Name>Route12AlternateTargetGroup" and the like), with room. */
    LOGICAL_ID_SUFFIX = 48,
    SHOWN = 24,                 /* bytes of a long name shown in messages */
};

/* `name` as messages show it: cut after SHOWN bytes. */
static const char *shown(Sema *s, const char *name)
{
    if (strlen(name) <= SHOWN + 3)
        return name;
    int cut = SHOWN;
    while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
        cut--;      /* not inside a UTF-8 sequence */
    return arena_printf(s->arena, "%.*s…", cut, name);
}

/* One file `folder/prefix<name>.json` whose last component must fit. */
static bool file_fits(Sema *s, const char *kind, const char *name, Span at, const char *folder,
                      const char *prefix, const char *base)
{
    size_t len = strlen(prefix) + strlen(base) + strlen(".json");
    if (len <= FILE_NAME_MAX)
        return true;
    Diagnostic *dg = diag_error(s->diag, at, "E0022",
                                "the name of %s '%s' is too long for its output file "
                                "%s/%s%s.json", kind, shown(s, name), folder, prefix, shown(s, base));
    diag_note(dg, SPAN_NONE, "a file name has at most %d bytes; this one would have %zu",
              FILE_NAME_MAX, len);
    diag_note(dg, SPAN_NONE, "shorten the name by %zu bytes or more", len - FILE_NAME_MAX);
    return false;
}

/* The logical ids that start with `name` in CamelCase. */
static void logical_id_fits(Sema *s, const char *kind, const char *name, Span at)
{
    size_t len = strlen(names_camel(s->arena, name, "")) + LOGICAL_ID_SUFFIX;
    if (len <= LOGICAL_ID_MAX)
        return;
    Diagnostic *dg = diag_error(s->diag, at, "E0023",
                                "the name of %s '%s' is too long for a CloudFormation logical id",
                                kind, shown(s, name));
    diag_note(dg, SPAN_NONE, "logical ids have at most %d letters and digits: the name's "
              "CamelCase form and up to %d more that ecsc adds", LOGICAL_ID_MAX, LOGICAL_ID_SUFFIX);
    diag_note(dg, SPAN_NONE, "shorten the name by %zu characters or more", len - LOGICAL_ID_MAX);
}

/* A declaration of `kind` that has a fragment of its own. */
static void declaration(Sema *s, const char *kind, const char *name, Span at)
{
    if (!name)
        return;
    const char *prefix = arena_printf(s->arena, "%s-", kind);
    if (file_fits(s, kind, name, at, "cfn/fragments", prefix, name))
        logical_id_fits(s, kind, name, at);
}

void check_limits(Sema *s, const IrModel *m)
{
    for (int i = 0; i < m->tasks.len; i++) {
        const IrTask *t = m->tasks.items[i];
        if (t->family && !file_fits(s, "task", t->name, t->name_span, "taskdefs", "", t->family))
            continue;
        declaration(s, "task", t->name, t->name_span);
    }
    for (int i = 0; i < m->services.len; i++) {
        const IrService *sv = m->services.items[i];
        if (file_fits(s, "service", sv->name, sv->name_span, "services", "", sv->name))
            declaration(s, "service", sv->name, sv->name_span);
    }
    for (int i = 0; i < m->roles.len; i++) {
        const IrRole *r = m->roles.items[i];
        declaration(s, "role", r->name, r->name_span);
    }
    for (int i = 0; i < m->load_balancers.len; i++) {
        const IrLoadBalancer *lb = m->load_balancers.items[i];
        declaration(s, "load_balancer", lb->name, lb->name_span);
    }
    for (int i = 0; i < m->capacities.len; i++) {
        const IrCapacity *c = m->capacities.items[i];
        declaration(s, "capacity", c->name, c->name_span);
    }
    for (int i = 0; i < m->params.len; i++) {
        const IrParam *p = m->params.items[i];
        logical_id_fits(s, "param", p->name, p->name_span);
    }
}
