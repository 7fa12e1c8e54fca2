/* actions.c - textDocument/codeAction: quick fixes for the diagnostics
 * whose notes say what to write instead ("did you mean 'x'?"), applied
 * to the diagnostic's own span. */
#include "lsp/lsp_int.h"

#include <stdio.h>
#include <string.h>

/* The word a "did you mean 'x'?" note suggests, or NULL. */
static const char *suggestion(Arena *a, const char *note)
{
    const char *p = strstr(note, "did you mean '");
    if (!p)
        return NULL;
    p += strlen("did you mean '");
    const char *q = strchr(p, '\'');
    return q && q > p ? arena_strndup(a, p, (size_t)(q - p)) : NULL;
}

static bool overlaps(uint32_t lo, uint32_t hi, uint32_t a, uint32_t b)
{
    return lo <= b && a <= hi;
}

static cJSON *action(Server *s, Doc *d, const Diagnostic *dg, const char *title, Span sp,
                     const char *text)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "title", title);
    cJSON_AddStringToObject(o, "kind", "quickfix");
    cJSON_AddBoolToObject(o, "isPreferred", 1);
    cJSON *diags = cJSON_AddArrayToObject(o, "diagnostics");
    cJSON *one = lsp_diagnostics_one(s, d, dg);
    cJSON_AddItemToArray(diags, one);
    cJSON *we = cJSON_AddObjectToObject(o, "edit");
    cJSON *changes = cJSON_AddObjectToObject(we, "changes");
    cJSON *edits = cJSON_AddArrayToObject(changes, d->uri);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToObject(e, "range", json_range(&d->lines, sp.lo, sp.hi));
    cJSON_AddStringToObject(e, "newText", text);
    cJSON_AddItemToArray(edits, e);
    return o;
}

Reply lsp_code_action(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(params, "range");
    if (!d || !cJSON_IsObject(range)) {
        Reply r = {NULL, RPC_INVALID_PARAMS, "codeAction needs an open document and a range"};
        return r;
    }
    cJSON *p0 = cJSON_CreateObject(), *p1 = cJSON_CreateObject();
    cJSON_AddItemReferenceToObject(p0, "position",
                                   cJSON_GetObjectItemCaseSensitive(range, "start"));
    cJSON_AddItemReferenceToObject(p1, "position", cJSON_GetObjectItemCaseSensitive(range, "end"));
    uint32_t lo = 0, hi = 0;
    bool ok = params_offset(d, p0, &lo) && params_offset(d, p1, &hi);
    cJSON_Delete(p0);
    cJSON_Delete(p1);
    if (!ok) {
        Reply r = {NULL, RPC_INVALID_PARAMS, "codeAction needs a range"};
        return r;
    }
    Analysis *an = server_analysis(s, d);
    cJSON *arr = cJSON_CreateArray();
    VEC_EACH(const Diagnostic *, dg, an->c.diag.diags) {
        if (dg->span.file != an->root || !overlaps(lo, hi, dg->span.lo, dg->span.hi))
            continue;
        VEC_EACH(const DiagNote *, n, dg->notes) {
            const char *w = suggestion(&an->c.arena, n->msg);
            if (!w)
                continue;
            char title[256];
            snprintf(title, sizeof title, "Change to '%s' (%s)", w, dg->code);
            cJSON_AddItemToArray(arr, action(s, d, dg, title, dg->span, w));
            break;
        }
    }
    Reply r = {arr, 0, NULL};
    return r;
}
