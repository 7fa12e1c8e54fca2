/* param_text.c - strings that hold params (param_text.h). */
#include "model/param_text.h"

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
