/* text.c - UTF-16 positions over UTF-8 text (text.h). */
#include "lsp/text.h"

#include "base/arena.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

void line_index_init(LineIndex *li, const char *text, uint32_t len)
{
    uint32_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + len - p))) != NULL; p++)
        n++;
    li->text = text;
    li->len = len;
    li->nlines = n;
    li->starts = malloc(sizeof *li->starts * n);
    if (!li->starts)
        ecsc_oom();
    li->starts[0] = 0;
    uint32_t k = 1;
    for (uint32_t i = 0; i < len; i++)
        if (text[i] == '\n')
            li->starts[k++] = i + 1;
}

/* The number of line starts of `li` at or before `offset`. */
static uint32_t starts_upto(const LineIndex *li, uint32_t offset)
{
    uint32_t lo = 0, hi = li->nlines;       /* starts[lo] <= offset < starts[hi] */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (li->starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo + 1;
}

void line_index_edit(LineIndex *li, const char *text, uint32_t len, uint32_t lo, uint32_t old_hi,
                     uint32_t new_hi)
{
    /* kept: the starts up to lo; gone: those in (lo, old_hi], after the
       newlines replaced; moved: those after old_hi */
    uint32_t keep = starts_upto(li, lo), after = starts_upto(li, old_hi);
    uint32_t added = 0;
    for (const char *p = text + lo; (p = memchr(p, '\n', (size_t)(text + new_hi - p))) != NULL; p++)
        added++;
    uint32_t moved = li->nlines - after, n = keep + added + moved;
    uint32_t delta = new_hi - old_hi;       /* modulo 2^32: added to each moved start */
    if (n > li->nlines) {
        uint32_t *s = realloc(li->starts, sizeof *s * n);
        if (!s)
            ecsc_oom();
        li->starts = s;
    }
    memmove(li->starts + keep + added, li->starts + after, sizeof *li->starts * moved);
    for (uint32_t i = keep + added; i < n; i++)
        li->starts[i] += delta;
    uint32_t k = keep;
    for (const char *p = text + lo; (p = memchr(p, '\n', (size_t)(text + new_hi - p))) != NULL; p++)
        li->starts[k++] = (uint32_t)(p - text) + 1;
    li->nlines = n;
    li->text = text;
    li->len = len;
#ifndef NDEBUG
    LineIndex whole;        /* builds with assertions: the same as a scan */
    line_index_init(&whole, text, len);
    assert(whole.nlines == n && memcmp(whole.starts, li->starts, sizeof *li->starts * n) == 0);
    line_index_free(&whole);
#endif
}

void line_index_free(LineIndex *li)
{
    free(li->starts);
    memset(li, 0, sizeof *li);
}

int utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    if (b < 0x80)
        return 1;
    int k;
    uint32_t min;
    if (b >= 0xC2 && b <= 0xDF) {
        k = 2;
        min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        k = 3;
        min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        k = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)k > n)
        return 0;
    uint32_t cp = b & (0x7F >> k);
    for (int i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

/* Walks from `lo` to `hi` (both in one line), counting UTF-16 units, or
   stops after `units` units when `units` is not UINT32_MAX; returns the
   units walked and leaves the byte offset reached in *at. */
static uint32_t walk(const LineIndex *li, uint32_t lo, uint32_t hi, uint32_t units, uint32_t *at)
{
    const unsigned char *t = (const unsigned char *)li->text;
    uint32_t u = 0, i = lo;
    while (i < hi && u < units) {
        int k = utf8_seq_len(t + i, hi - i);
        if (k == 0)
            k = 1;
        uint32_t w = k == 4 ? 2 : 1;
        if (units != UINT32_MAX && u + w > units)
            break;      /* inside a surrogate pair: stay before it */
        u += w;
        i += (uint32_t)k;
    }
    *at = i;
    return u;
}

static uint32_t line_end(const LineIndex *li, uint32_t line)
{
    uint32_t end = line + 1 < li->nlines ? li->starts[line + 1] - 1 : li->len;
    if (end > li->starts[line] && li->text[end - 1] == '\r' && line + 1 < li->nlines)
        end--;
    return end;
}

LspPos line_index_pos(const LineIndex *li, uint32_t offset)
{
    if (offset > li->len)
        offset = li->len;
    uint32_t lo = 0, hi = li->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (li->starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t at;
    LspPos p = {lo, walk(li, li->starts[lo], offset, UINT32_MAX, &at)};
    return p;
}

uint32_t line_index_offset(const LineIndex *li, LspPos p)
{
    if (p.line >= li->nlines)
        return li->len;
    uint32_t at;
    walk(li, li->starts[p.line], line_end(li, p.line), p.col, &at);
    return at;
}

size_t utf8_scrub(char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        int k = utf8_seq_len(u + i, n - i);
        if (k == 0) {
            s[i] = '?';
            k = 1;
        }
        i += (size_t)k;
    }
    return n;
}
