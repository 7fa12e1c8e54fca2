/* formatting.c - textDocument/formatting: the document in the canonical
 * layout of `ecsc fmt` (syntax/format.h), as one TextEdit that replaces
 * only the lines that change.
 *
 * The edit covers the lines from the first that differs to the last that
 * differs (the lines before and after are left alone, so an editor keeps
 * its marks and cursor there); a formatted document gets no edit at all.
 * A document with syntax errors is not formatted: the request fails
 * (RequestFailed) with a message pointing at the diagnostics, as
 * `ecsc fmt` exits 1 and leaves such a file alone.  The client's
 * FormattingOptions (tabSize, insertSpaces) are ignored: the layout is
 * the language's, not the editor's.
 */
#include "lsp/lsp_int.h"

#include "syntax/format.h"

#include <string.h>

static bool line_start(const char *t, size_t at)
{
    return at == 0 || t[at - 1] == '\n';
}

/* The lines of `old` (`n0` bytes) that `new` (`n1`) replaces: old[lo,
   old_hi) becomes new[lo, new_hi), where lo is the start of the first line
   that differs and old_hi/new_hi the ends of the last (after its newline,
   or the end of the text).  Returns false when the texts are equal. */
static bool changed_lines(const char *old, size_t n0, const char *new, size_t n1, size_t *lo,
                          size_t *old_hi, size_t *new_hi)
{
    size_t pre = 0;
    while (pre < n0 && pre < n1 && old[pre] == new[pre])
        pre++;
    if (pre == n0 && pre == n1)
        return false;
    while (pre > 0 && old[pre - 1] != '\n')
        pre--;
    size_t suf = 0;     /* common tail, not reaching into the common head */
    while (suf < n0 - pre && suf < n1 - pre && old[n0 - 1 - suf] == new[n1 - 1 - suf])
        suf++;
    while (suf > 0 && !(line_start(old, n0 - suf) && line_start(new, n1 - suf)))
        suf--;
    *lo = pre;
    *old_hi = n0 - suf;
    *new_hi = n1 - suf;
    return true;
}

Reply lsp_formatting(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    if (!d) {
        Reply r = {NULL, RPC_INVALID_PARAMS, "formatting needs an open document"};
        return r;
    }
    Arena a;
    arena_init(&a);
    SourceMap sm;
    DiagEngine dg;
    source_map_init(&sm, &a);
    diag_init(&dg, &a);
    StrBuf out = {0};
    const char *name = d->path ? d->path : d->uri;
    if (!fmt_source(&a, &dg, &sm, name, d->text, d->len, &out)) {
        arena_free(&a);
        strbuf_free(&out);
        Reply r = {NULL, RPC_REQUEST_FAILED,
                   "the document has syntax errors (see its diagnostics); it is formatted "
                   "once it parses"};
        return r;
    }
    cJSON *edits = cJSON_CreateArray();
    const char *now = out.data ? out.data : "";
    size_t lo, old_hi, new_hi;
    if (changed_lines(d->text, d->len, now, out.len, &lo, &old_hi, &new_hi)) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "range", json_range(&d->lines, (uint32_t)lo, (uint32_t)old_hi));
        char *text = arena_strndup(&a, now + lo, new_hi - lo);
        cJSON_AddStringToObject(e, "newText", text);
        cJSON_AddItemToArray(edits, e);
    }
    arena_free(&a);
    strbuf_free(&out);
    Reply r = {edits, 0, NULL};
    return r;
}
