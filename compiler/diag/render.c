/* render.c - GCC-style header, rustc/Bison-style gutter and caret. */
#include "diag/diag.h"

#include <stdlib.h>
#include <string.h>

#define COL_RESET "\033[0m"
#define COL_BOLD "\033[1m"
#define COL_RED "\033[1;31m"
#define COL_MAGENTA "\033[1;35m"
#define COL_CYAN "\033[1;36m"
#define COL_GREEN "\033[1;32m"

enum { MAX_SHOWN_LINE = 200 };  /* longer source lines are shortened with "…" */

static int cmp_diag(const void *pa, const void *pb)
{
    const Diagnostic *a = *(Diagnostic *const *)pa, *b = *(Diagnostic *const *)pb;
    if (a->span.file != b->span.file)
        return a->span.file < b->span.file ? -1 : 1;
    if (a->span.lo != b->span.lo)
        return a->span.lo < b->span.lo ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void header(FILE *out, const SourceMap *sm, Span sp, bool color,
                   const char *label, const char *label_color, const char *code,
                   const char *msg)
{
    const SourceFile *f = source_get(sm, sp.file);
    if (color)
        fputs(COL_BOLD, out);
    if (f) {
        uint32_t line, col;
        source_line_col(sm, sp.file, sp.lo, &line, &col);
        fprintf(out, "%s:%u:%u: ", f->name, line, col);
    } else {
        fputs("ecsc: ", out);
    }
    if (color)
        fprintf(out, "%s%s", COL_RESET, label_color);
    fputs(label, out);
    if (code)
        fprintf(out, "[%s]", code);
    if (color)
        fputs(COL_RESET COL_BOLD, out);
    fprintf(out, ": %s", msg);
    if (color)
        fputs(COL_RESET, out);
    fputc('\n', out);
}

static void snippet(FILE *out, const SourceMap *sm, Span sp, bool color,
                    const char *caret_color)
{
    const SourceFile *f = source_get(sm, sp.file);
    if (!f)
        return;
    uint32_t line, col, len;
    source_line_col(sm, sp.file, sp.lo, &line, &col);
    const char *text = source_line_text(sm, sp.file, line, &len);
    uint32_t shown = len;
    bool cut = false;
    if (shown > MAX_SHOWN_LINE && col <= MAX_SHOWN_LINE) {
        shown = MAX_SHOWN_LINE;
        cut = true;
    }
    int gutter = 5;                 /* wider only past line 99999 */
    for (uint32_t l = line / 100000; l; l /= 10)
        gutter++;
    fprintf(out, "%*u | ", gutter, line);
    /* Echo the line as valid UTF-8 text: control bytes become spaces and
       bytes of invalid sequences '?', one column each, so carets line up. */
    for (uint32_t i = 0; i < shown;) {
        unsigned char ch = (unsigned char)text[i];
        if (ch < 0x80) {
            fputc(ch < 0x20 && ch != '\t' ? ' ' : ch, out);
            i++;
            continue;
        }
        uint32_t need = (ch & 0xE0) == 0xC0 ? 1 : (ch & 0xF0) == 0xE0 ? 2 : (ch & 0xF8) == 0xF0 ? 3 : 0;
        bool ok = need && ch >= 0xC2 && ch <= 0xF4 && i + need < shown + 1;
        for (uint32_t k = 1; ok && k <= need; k++)
            ok = i + k < len && ((unsigned char)text[i + k] & 0xC0) == 0x80;
        if (!ok) {
            fputc('?', out);
            i++;
            continue;
        }
        fwrite(text + i, 1, need + 1, out);
        i += need + 1;
    }
    if (cut)
        fputs("…", out);
    fprintf(out, "\n%*s | ", gutter, "");
    /* The caret row copies tabs so the caret lines up with the source. */
    for (uint32_t i = 0; i + 1 < col && i < len; i++)
        fputc(text[i] == '\t' ? '\t' : ' ', out);
    uint32_t width = 1;
    if (sp.hi > sp.lo) {
        uint32_t end = sp.hi - sp.lo;
        uint32_t rest = shown >= col - 1 ? shown - (col - 1) : 0;   /* clip to what is shown */
        width = end < rest ? end : rest;
        if (width == 0)
            width = 1;
    }
    if (color)
        fputs(caret_color, out);
    fputc('^', out);
    for (uint32_t i = 1; i < width; i++)
        fputc('~', out);
    if (color)
        fputs(COL_RESET, out);
    fputc('\n', out);
}

static bool same_place(Span a, Span b)
{
    return a.file == b.file && a.lo == b.lo && a.hi == b.hi;
}

void diag_render_text(const DiagEngine *d, const SourceMap *sm, FILE *out,
                      bool color)
{
    int n = d->diags.len;
    if (n == 0 && !d->truncated)
        return;
    Diagnostic **sorted = malloc(sizeof(Diagnostic *) * (size_t)(n ? n : 1));
    if (!sorted)
        ecsc_oom();
    memcpy(sorted, d->diags.items, sizeof(Diagnostic *) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_diag);
    for (int i = 0; i < n; i++) {
        const Diagnostic *dg = sorted[i];
        bool err = dg->severity == DIAG_ERROR;
        const char *c = err ? COL_RED : COL_MAGENTA;
        header(out, sm, dg->span, color, err ? "error" : "warning", c, dg->code, dg->msg);
        snippet(out, sm, dg->span, color, c);
        for (int k = 0; k < dg->notes.len; k++) {
            const DiagNote *note = dg->notes.items[k];
            Span at = note->span.file ? note->span : dg->span;
            header(out, sm, at, color, "note", COL_CYAN, NULL, note->msg);
            if (note->span.file && !same_place(note->span, dg->span))
                snippet(out, sm, note->span, color, COL_GREEN);
        }
    }
    free(sorted);
    if (d->truncated)
        fprintf(out, "ecsc: too many errors (%d); stopped after the first %d "
                     "(raise the limit with --max-errors=N)\n",
                d->errors, d->max_errors);
}
