/* actions.c - textDocument/codeAction: quick fixes for the diagnostics
 * that say what to write instead: a "did you mean 'x'?" note (applied to
 * the diagnostic's own span), `exec` for a `health cmd` given a list
 * (E0103), and `role NAME` for a task that ECS Exec needs a role in
 * (E0525, one fix per role declared). */
#include "lsp/index.h"

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
                     const char *text, bool preferred)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "title", title);
    cJSON_AddStringToObject(o, "kind", "quickfix");
    cJSON_AddBoolToObject(o, "isPreferred", preferred);
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

/* `health cmd [...]`: a list is the exec form. */
static void cmd_to_exec(Server *s, Doc *d, const Diagnostic *dg, cJSON *arr)
{
    if (!strstr(dg->msg, "'health', found a list"))
        return;
    uint32_t i = dg->span.lo;
    while (i > 0 && (d->text[i - 1] == ' ' || d->text[i - 1] == '\t'))
        i--;
    if (i < 3 || strncmp(d->text + i - 3, "cmd", 3) != 0)
        return;
    cJSON_AddItemToArray(arr, action(s, d, dg, "Use `exec` for a command given as a list (E0103)",
                                     span_make(dg->span.file, i - 3, i), "exec", true));
}

/* E0525: the note at the task's name; a fix per role the file can name. */
static void add_role(Server *s, Doc *d, Analysis *an, const Diagnostic *dg, cJSON *arr)
{
    Index ix;
    index_build(&ix, an);
    const Sym *task = NULL;
    VEC_EACH(const DiagNote *, n, dg->notes) {
        const Sym *y = n->span.file == an->root ? index_at(&ix, an->root, n->span.lo, NULL) : NULL;
        if (y && y->kind == SYM_TASK && y->name_span.file == an->root)
            task = y;
    }
    const AstNode *blk = task && task->stmt->args.len
                             ? task->stmt->args.items[task->stmt->args.len - 1] : NULL;
    if (!blk || blk->kind != AST_BLOCK)
        return;
    Vec roles = {0};
    index_visible(&ix, task->module, SYM_ROLE, NULL, &roles);
    VEC_EACH(const Sym *, r, roles) {
        char title[300], text[300];
        snprintf(title, sizeof title, "Add `role %s` to task '%s' (E0525)", r->name, task->name);
        snprintf(text, sizeof text, "\n  role %s\n", r->name);
        Span at = span_make(an->root, blk->span.lo + 1, blk->span.lo + 1);
        cJSON_AddItemToArray(arr, action(s, d, dg, title, at, text, roles.len == 1));
    }
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
            cJSON_AddItemToArray(arr, action(s, d, dg, title, dg->span, w, true));
            break;
        }
        if (strcmp(dg->code, "E0103") == 0)
            cmd_to_exec(s, d, dg, arr);
        if (strcmp(dg->code, "E0525") == 0)
            add_role(s, d, an, dg, arr);
    }
    Reply r = {arr, 0, NULL};
    return r;
}
