/* source.c - file table and line index (line/column only when printing). */
#include "source/source.h"

#include <assert.h>
#include <string.h>

void source_map_init(SourceMap *sm, Arena *a)
{
    sm->arena = a;
    sm->files = (Vec){0};
}

static SourceFile *file_new(SourceMap *sm, const char *name, const char *text, size_t len)
{
    SourceFile *f = ARENA_NEW(sm->arena, SourceFile);
    f->id = (uint32_t)sm->files.len + 1;
    f->name = arena_strdup(sm->arena, name);
    f->text = arena_strndup(sm->arena, text, len);
    f->len = (uint32_t)len;
    return f;
}

uint32_t source_add_lines(SourceMap *sm, const char *name, const char *text, size_t len,
                          const uint32_t *starts, uint32_t nlines)
{
    SourceFile *f = file_new(sm, name, text, len);
    f->line_starts = ARENA_ARRAY(sm->arena, uint32_t, nlines);
    memcpy(f->line_starts, starts, sizeof *starts * nlines);
    f->nlines = nlines;
    vec_push(sm->arena, &sm->files, f);
#ifndef NDEBUG
    /* builds with assertions: the same lines as source_add's */
    uint32_t id = source_add(sm, name, text, len);
    const SourceFile *g = sm->files.items[id - 1];
    assert(g->nlines == nlines && memcmp(g->line_starts, starts, sizeof *starts * nlines) == 0);
    sm->files.len--;
#endif
    return f->id;
}

uint32_t source_add(SourceMap *sm, const char *name, const char *text, size_t len)
{
    SourceFile *f = file_new(sm, name, text, len);
    const char *end = text + len;
    uint32_t n = 1;
    for (const char *p = text; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    f->line_starts = ARENA_ARRAY(sm->arena, uint32_t, n);
    f->nlines = n;
    uint32_t k = 0;
    f->line_starts[k++] = 0;
    for (const char *p = text; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        f->line_starts[k++] = (uint32_t)(p - text) + 1;
    vec_push(sm->arena, &sm->files, f);
    return f->id;
}

const SourceFile *source_get(const SourceMap *sm, uint32_t id)
{
    if (id == 0 || id > (uint32_t)sm->files.len)
        return NULL;
    return sm->files.items[id - 1];
}

void source_line_col(const SourceMap *sm, uint32_t id, uint32_t offset,
                     uint32_t *line, uint32_t *col)
{
    const SourceFile *f = source_get(sm, id);
    if (!f) {
        *line = *col = 0;
        return;
    }
    if (offset > f->len)
        offset = f->len;
    uint32_t lo = 0, hi = f->nlines;    /* binary search: last start <= offset */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1;
    *col = offset - f->line_starts[lo] + 1;
}

const char *source_line_text(const SourceMap *sm, uint32_t id, uint32_t line,
                             uint32_t *len)
{
    const SourceFile *f = source_get(sm, id);
    if (!f || line == 0 || line > f->nlines) {
        *len = 0;
        return "";
    }
    uint32_t start = f->line_starts[line - 1];
    uint32_t end = line < f->nlines ? f->line_starts[line] - 1 : f->len;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return f->text + start;
}
