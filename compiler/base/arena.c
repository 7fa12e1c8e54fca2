/* arena.c - bump allocator over a list of chunks. */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

void ecsc_oom(void)
{
    fputs("ecsc: out of memory\n", stderr);
    abort();
}

void arena_init(Arena *a)
{
    a->head = NULL;
    a->bytes = 0;
}

void arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->bytes = 0;
}

void *arena_alloc(Arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    if (size > SIZE_MAX / 2)
        ecsc_oom();
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    ArenaChunk *c = a->head;
    if (!c || c->cap - c->used < size) {
        size_t cap = size > CHUNK_MIN ? size : CHUNK_MIN;
        ArenaChunk *n = malloc(sizeof *n + cap);
        if (!n)
            ecsc_oom();
        n->used = 0;
        n->cap = cap;
        if (c && size > CHUNK_MIN) {
            /* A big block goes behind the current chunk so that the
               remainder of the current chunk stays usable. */
            n->next = c->next;
            c->next = n;
            n->used = size;
            a->bytes += size;
            memset(n->data, 0, size);
            return n->data;
        }
        n->next = c;
        a->head = c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->bytes += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
    /* Most strings fit in what is left of the current chunk: print there
       once, and only when it does not fit measure and print again. */
    ArenaChunk *c = a->head;
    if (c && c->cap > c->used) {
        size_t room = c->cap - c->used;     /* a multiple of the alignment */
        char *p = (char *)c->data + c->used;
        va_list ap1;
        va_copy(ap1, ap);
        int n = vsnprintf(p, room, fmt, ap1);
        va_end(ap1);
        if (n >= 0 && (size_t)n < room) {
            const size_t align = alignof(max_align_t);
            size_t size = ((size_t)n + 1 + align - 1) & ~(align - 1);
            c->used += size;
            a->bytes += size;
            return p;
        }
    }
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
