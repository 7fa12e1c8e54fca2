/* param_text.c - strings that hold params (param_text.h). */
#include "model/param_text.h"

#include "base/strbuf.h"

#include <string.h>

const char *param_text_marker(Arena *a, const char *name)
{
    return arena_printf(a, "%c%s%c", IR_PARAM_OPEN, name, IR_PARAM_CLOSE);
}

bool param_text_has(const char *s)
{
    return s && strchr(s, IR_PARAM_OPEN) != NULL;
}

bool param_text_each(const char *s, ParamTextFn fn, void *ctx)
{
    while (*s) {
        const char *open = strchr(s, IR_PARAM_OPEN);
        if (!open)
            return fn(ctx, s, strlen(s), false);
        if (open > s && !fn(ctx, s, (size_t)(open - s), false))
            return false;
        const char *close = strchr(open + 1, IR_PARAM_CLOSE);
        if (!close)     /* not made by param_text_marker: keep it as text */
            return fn(ctx, open, strlen(open), false);
        if (!fn(ctx, open + 1, (size_t)(close - open - 1), true))
            return false;
        s = close + 1;
    }
    return true;
}

static bool display_piece(void *ctx, const char *text, size_t len, bool is_param)
{
    StrBuf *b = ctx;
    strbuf_printf(b, is_param ? "${%.*s}" : "%.*s", (int)len, text);
    return true;
}

const char *param_text_display(Arena *a, const char *s)
{
    if (!param_text_has(s))
        return s;
    StrBuf b = {0};
    param_text_each(s, display_piece, &b);
    const char *out = arena_strdup(a, strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

/* `s` from its marker at `p`: the byte after the marker, or NULL when the
   marker has no end (then it is plain text). */
static const char *after_marker(const char *p)
{
    const char *close = *p == IR_PARAM_OPEN ? strchr(p + 1, IR_PARAM_CLOSE) : NULL;
    return close ? close + 1 : NULL;
}

/* Wildcard matching with one backtracking point (each param is a `*`):
   O(len(s) * len(v)), whatever the number of params. */
bool param_text_could_be(const char *s, const char *value)
{
    const char *v = value, *star = NULL, *star_v = NULL;
    while (*v) {
        const char *next = after_marker(s);
        if (next) {
            star = s = next;
            star_v = v;
        } else if (*s && *s == *v) {
            s++;
            v++;
        } else if (star) {
            s = star;
            v = ++star_v;
        } else {
            return false;
        }
    }
    for (const char *next; (next = after_marker(s));)
        s = next;
    return !*s;
}
