/* arena.h - one arena per compilation; everything in it is freed at once. */
#ifndef ECSC_BASE_ARENA_H
#define ECSC_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

/* Chunks that a freed arena leaves for the next ones, instead of returning
   them to malloc: `ecsc lsp` checks a document again after every edit,
   and mapping tens of MiB afresh each time (the kernel zeroing every page)
   cost more than parsing.  Owned by its user; arena_alloc zeroes what it
   hands out, so reused memory needs no clearing. */
typedef struct ArenaPool {
    ArenaChunk *free;
    size_t n, max;          /* chunks kept, and at most */
} ArenaPool;

typedef struct Arena {
    ArenaChunk *head;
    size_t bytes;           /* total bytes handed out, for statistics */
    ArenaPool *pool;        /* NULL (arena_init): chunks come from malloc */
} Arena;

void arena_init(Arena *a);
/* Frees the arena's chunks, or keeps its largest ones in its pool. */
void arena_free(Arena *a);
/* Frees the chunks a pool keeps. */
void arena_pool_free(ArenaPool *p);
/* Zeroed, aligned to max_align_t.  Never returns NULL (ecsc_oom). */
void *arena_alloc(Arena *a, size_t size);
/* Zeroed, aligned to `align` (a power of two, at most max_align_t's). */
void *arena_alloc_aligned(Arena *a, size_t size, size_t align);
/* Strings are packed byte by byte (no alignment). */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

/* Prints one line and exits with status 2, so callers never check NULL. */
_Noreturn void ecsc_oom(void);

/* Aligned to T, not to max_align_t: a node of 72 bytes takes 72. */
#define ARENA_NEW(a, T) ((T *)arena_alloc_aligned((a), sizeof(T), _Alignof(T)))
#define ARENA_ARRAY(a, T, n) \
    ((T *)arena_alloc_aligned((a), sizeof(T) * (size_t)(n), _Alignof(T)))

#endif
