/* plan_names.c - logical ids and AWS names: the one place that makes them.
 *
 * A logical id is a pattern of its kind (plan.h's PLAN_KINDS) applied to
 * the owner's name in CamelCase; AWS names are "<app>-<name>" with every
 * character AWS does not allow turned into '-', shortened with a stable
 * hash where a limit applies.
 */
#include "plan/plan_int.h"

#include "base/hash.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

static const char *const patterns[] = {
#define PLAN_PATTERN(k, type, pattern) pattern,
    PLAN_KINDS(PLAN_PATTERN)
#undef PLAN_PATTERN
};

const char *plan_id(PlanBuild *b, PlanKind kind, const char *base, int port)
{
    const char *pat = patterns[kind];
    const char *s = strstr(pat, "%s"), *d = strstr(pat, "%d");
    Arena *a = b->plan.arena;
    if (!s)
        return pat;
    if (!d)
        return arena_printf(a, "%.*s%s%s", (int)(s - pat), pat, base, s + 2);
    return arena_printf(a, "%.*s%s%.*s%d%s", (int)(s - pat), pat, base, (int)(d - s - 2), s + 2,
                        port, d + 2);
}

const char *plan_aws_name(PlanBuild *b, const char *name, size_t max)
{
    Arena *a = b->plan.arena;
    const char *app = b->plan.m->app->name;
    const char *full = app && name ? arena_printf(a, "%s-%s", app, name) : app ? app : name;
    size_t n = strlen(full);
    char *clean = arena_strdup(a, full);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)clean[i]))
            clean[i] = '-';
    if (n <= max)
        return clean;
    return arena_printf(a, "%.*s-%06" PRIx32, (int)(max - 7), clean, hash_fnv32(full) & 0xffffff);
}

const char *plan_alt_name(Arena *a, const char *name)
{
    if (strlen(name) + 4 <= 32)
        return arena_printf(a, "%s-alt", name);
    return arena_printf(a, "%.21s-%06" PRIx32 "-alt", name, hash_fnv32(name) & 0xffffff);
}
