/* render.c - GCC-style header, rustc/Bison-style gutter and caret. */
#include "diag/diag.h"

#include "base/strbuf.h"

#include <stdlib.h>
#include <string.h>

#define COL_RESET "\033[0m"
#define COL_BOLD "\033[1m"
#define COL_RED "\033[1;31m"
#define COL_MAGENTA "\033[1;35m"
#define COL_CYAN "\033[1;36m"
#define COL_GREEN "\033[1;32m"

/* A long line is shown as a window of at most MAX_SHOWN_LINE bytes around
   the column, with "…" where it is cut, as clang does; the caret sits
   CONTEXT_BEFORE bytes into the window when the line allows. */
enum { MAX_SHOWN_LINE = 200, CONTEXT_BEFORE = 80 };

static int cmp_diag(const void *pa, const void *pb)
{
    const Diagnostic *a = *(Diagnostic *const *)pa, *b = *(Diagnostic *const *)pb;
    if (a->span.file != b->span.file)
        return a->span.file < b->span.file ? -1 : 1;
    if (a->span.lo != b->span.lo)
        return a->span.lo < b->span.lo ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void header(StrBuf *out, const SourceMap *sm, Span sp, bool color,
                   const char *label, const char *label_color, const char *code,
                   const char *msg)
{
    const SourceFile *f = source_get(sm, sp.file);
    if (color)
        strbuf_puts(out, COL_BOLD);
    if (f) {
        uint32_t line, col;
        source_line_col(sm, sp.file, sp.lo, &line, &col);
        strbuf_printf(out, "%s:%u:%u: ", f->name, line, col);
    } else {
        strbuf_puts(out, "ecsc: ");
    }
    if (color)
        strbuf_printf(out, "%s%s", COL_RESET, label_color);
    strbuf_puts(out, label);
    if (code)
        strbuf_printf(out, "[%s]", code);
    if (color)
        strbuf_puts(out, COL_RESET COL_BOLD);
    strbuf_printf(out, ": %s", msg);
    if (color)
        strbuf_puts(out, COL_RESET);
    strbuf_putc(out, '\n');
}

static bool continuation(const char *text, uint32_t i)
{
    return ((unsigned char)text[i] & 0xC0) == 0x80;
}

/* The part [*from, *to) of a line of `len` bytes to show for column
   `col`, cut at character boundaries. */
static void window(const char *text, uint32_t len, uint32_t col, uint32_t *from, uint32_t *to)
{
    *from = 0;
    *to = len;
    if (len <= MAX_SHOWN_LINE)
        return;
    uint32_t at = col - 1;
    uint32_t lo = at > CONTEXT_BEFORE ? at - CONTEXT_BEFORE : 0;
    if (lo > len - MAX_SHOWN_LINE)
        lo = len - MAX_SHOWN_LINE;     /* near the end: a full window */
    uint32_t hi = lo + MAX_SHOWN_LINE;
    for (int k = 0; k < 3 && lo > 0 && lo < len && continuation(text, lo); k++)
        lo--;
    for (int k = 0; k < 3 && hi < len && continuation(text, hi); k++)
        hi--;
    *from = lo;
    *to = hi;
}

/* Echoes text[from, to) as valid UTF-8 text: control bytes become spaces
   and bytes of invalid sequences '?', one column each, so carets line up. */
static void echo(StrBuf *out, const char *text, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to;) {
        unsigned char ch = (unsigned char)text[i];
        if (ch < 0x80) {
            strbuf_putc(out, ch < 0x20 && ch != '\t' ? ' ' : (char)ch);
            i++;
            continue;
        }
        uint32_t need = (ch & 0xE0) == 0xC0 ? 1 : (ch & 0xF0) == 0xE0 ? 2 : (ch & 0xF8) == 0xF0 ? 3 : 0;
        bool ok = need && ch >= 0xC2 && ch <= 0xF4;
        for (uint32_t k = 1; ok && k <= need; k++)
            ok = i + k < to && continuation(text, i + k);
        if (!ok) {
            strbuf_putc(out, '?');
            i++;
            continue;
        }
        strbuf_putn(out, text + i, need + 1);
        i += need + 1;
    }
}

static void snippet(StrBuf *out, const DiagEngine *d, const SourceMap *sm, Span sp, bool color,
                    const char *caret_color)
{
    const SourceFile *f = source_get(sm, sp.file);
    if (!f || diag_source_hidden(d, sp.file))
        return;
    uint32_t line, col, len, from, to;
    source_line_col(sm, sp.file, sp.lo, &line, &col);
    const char *text = source_line_text(sm, sp.file, line, &len);
    window(text, len, col, &from, &to);
    int gutter = 5;                 /* wider only past line 99999 */
    for (uint32_t l = line / 100000; l; l /= 10)
        gutter++;
    strbuf_printf(out, "%*u | ", gutter, line);
    if (from > 0)
        strbuf_puts(out, "…");
    echo(out, text, from, to);
    if (to < len)
        strbuf_puts(out, "…");
    strbuf_printf(out, "\n%*s | ", gutter, "");
    /* The caret row copies tabs so the caret lines up with the source. */
    if (from > 0)
        strbuf_putc(out, ' ');
    for (uint32_t i = from; i + 1 < col && i < to; i++)
        strbuf_putc(out, text[i] == '\t' ? '\t' : ' ');
    uint32_t width = 1;
    if (sp.hi > sp.lo) {
        uint32_t end = sp.hi - sp.lo;
        uint32_t rest = to >= col - 1 ? to - (col - 1) : 0;   /* clip to what is shown */
        width = end < rest ? end : rest;
        if (width == 0)
            width = 1;
    }
    if (color)
        strbuf_puts(out, caret_color);
    strbuf_putc(out, '^');
    for (uint32_t i = 1; i < width; i++)
        strbuf_putc(out, '~');
    if (color)
        strbuf_puts(out, COL_RESET);
    strbuf_putc(out, '\n');
}

static bool same_place(Span a, Span b)
{
    return a.file == b.file && a.lo == b.lo && a.hi == b.hi;
}

/* Each diagnostic is formatted in memory and written with one fwrite, so
   an unbuffered stderr costs a system call per diagnostic, not per byte. */
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
    StrBuf b = {0};
    for (int i = 0; i < n; i++) {
        const Diagnostic *dg = sorted[i];
        bool err = dg->severity == DIAG_ERROR;
        const char *c = err ? COL_RED : COL_MAGENTA;
        b.len = 0;
        header(&b, sm, dg->span, color, err ? "error" : "warning", c, dg->code, dg->msg);
        snippet(&b, d, sm, dg->span, color, c);
        for (int k = 0; k < dg->notes.len; k++) {
            const DiagNote *note = dg->notes.items[k];
            Span at = note->span.file ? note->span : dg->span;
            header(&b, sm, at, color, "note", COL_CYAN, NULL, note->msg);
            if (note->span.file && !same_place(note->span, dg->span))
                snippet(&b, d, sm, note->span, color, COL_GREEN);
        }
        fwrite(b.data, 1, b.len, out);
    }
    strbuf_free(&b);
    free(sorted);
    if (d->truncated)
        fprintf(out, "ecsc: too many errors (%d); stopped after the first %d "
                     "(raise the limit with --max-errors=N)\n",
                d->errors, d->max_errors);
}
