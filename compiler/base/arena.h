/* arena.h - one arena per compilation; everything in it is freed at once. */
#ifndef ECSC_BASE_ARENA_H
#define ECSC_BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaChunk *head;
    size_t bytes;           /* total bytes handed out, for statistics */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
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
