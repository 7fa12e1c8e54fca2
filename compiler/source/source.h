/* source.h - the files of a compilation, spans into them, and line lookup. */
#ifndef ECSC_SOURCE_SOURCE_H
#define ECSC_SOURCE_SOURCE_H

#include "base/arena.h"
#include "base/vec.h"

#include <stdint.h>

/* A half-open byte range [lo, hi) in one file.  file 0 means "no place"
   (command line, generated); real files are numbered from 1. */
typedef struct Span {
    uint32_t file, lo, hi;
} Span;

typedef struct SourceFile {
    uint32_t id;
    const char *name;       /* as the user gave it */
    const char *text;       /* NUL-terminated copy; `len` excludes the NUL */
    uint32_t len;
    uint32_t *line_starts;  /* byte offset where each line starts */
    uint32_t nlines;
} SourceFile;

typedef struct SourceMap {
    Arena *arena;
    Vec files;              /* SourceFile*, index id-1 */
} SourceMap;

void source_map_init(SourceMap *sm, Arena *a);
/* Adds a file from memory; returns its id (>= 1). */
uint32_t source_add(SourceMap *sm, const char *name, const char *text, size_t len);
/* The same, given the offsets where its lines start (0, and each offset
   after a '\n', as source_add finds them), for a caller that keeps them
   (the language server): they are copied, not searched for again. */
uint32_t source_add_lines(SourceMap *sm, const char *name, const char *text, size_t len,
                          const uint32_t *starts, uint32_t nlines);
const SourceFile *source_get(const SourceMap *sm, uint32_t id);
/* 1-based line and byte column of `offset` in file `id`. */
void source_line_col(const SourceMap *sm, uint32_t id, uint32_t offset,
                     uint32_t *line, uint32_t *col);
/* Start and length (without the newline) of 1-based line `line`. */
const char *source_line_text(const SourceMap *sm, uint32_t id, uint32_t line,
                             uint32_t *len);

static inline Span span_make(uint32_t file, uint32_t lo, uint32_t hi)
{
    Span s = {file, lo, hi};
    return s;
}

/* The smallest span covering both (same file assumed). */
static inline Span span_join(Span a, Span b)
{
    if (a.file == 0)
        return b;
    if (b.file == 0)
        return a;
    Span s = {a.file, a.lo < b.lo ? a.lo : b.lo, a.hi > b.hi ? a.hi : b.hi};
    return s;
}

#define SPAN_NONE ((Span){0, 0, 0})

#endif
