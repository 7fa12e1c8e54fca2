/* arena.c - bump allocator over a list of chunks. */
/* madvise(MADV_HUGEPAGE) is Linux's, not POSIX's (see chunk_new). */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1
#endif
#include "base/arena.h"

#include <stdalign.h>
#include <stdbool.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

struct ArenaChunk {
    ArenaChunk *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
};

enum { CHUNK_MIN = 64 * 1024, CHUNK_HUGE = 2 * 1024 * 1024 };

/* Exit status 2, as for other I/O and resource problems, with no core
   dump: running out of memory is the machine's limit, not a bug.  _Exit
   runs no atexit handlers and flushes no streams, which may be in the
   middle of the allocation that failed (or of another thread's); the
   message goes straight to stderr. */
void ecsc_oom(void)
{
    static const char msg[] = "ecsc: error: out of memory\n";
    fwrite(msg, 1, sizeof msg - 1, stderr);
    fflush(stderr);
    _Exit(2);
}

void arena_init(Arena *a)
{
    a->head = NULL;
    a->bytes = 0;
    a->pool = NULL;
}

enum { CHUNK_HUGE_CAP = CHUNK_HUGE - sizeof(ArenaChunk) };

void arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    ArenaPool *p = a->pool;
    while (c) {
        ArenaChunk *next = c->next;
        /* a 2 MiB chunk of chunk_new's is kept (aligned: not a block of
           exactly that size that got a chunk of its own) */
        if (p && c->cap == CHUNK_HUGE_CAP && (uintptr_t)c % CHUNK_HUGE == 0 && p->n < p->max) {
            c->next = p->free;
            p->free = c;
            p->n++;
        } else {
            free(c);
        }
        c = next;
    }
    a->head = NULL;
    a->bytes = 0;
}

void arena_pool_free(ArenaPool *p)
{
    while (p->free) {
        ArenaChunk *next = p->free->next;
        free(p->free);
        p->free = next;
    }
    p->n = 0;
}

/* A chunk holding at least `size` bytes, of which the first `size` are
   taken.  Chunks start at 64 KiB and double as the arena grows, up to
   2 MiB; those are aligned to 2 MiB and advised as transparent huge pages,
   so that the kernel maps (and zeroes) one page per 2 MiB instead of 512:
   a large input's arena is tens of MiB, and taking it 4 KiB at a time
   cost more than lexing and parsing the input.  A block too large for a
   chunk gets one of its own, behind the current chunk, whose remainder
   stays usable.  An arena with a pool takes the pool's 2 MiB chunks while
   it has some, even for its first bytes: those pages are mapped already,
   while malloc returns the smaller chunks' to the kernel when they are
   freed and maps them afresh the next time. */
static ArenaChunk *chunk_new(Arena *a, size_t size)
{
    size_t total = CHUNK_MIN;
    while (total < CHUNK_HUGE && total < a->bytes)
        total *= 2;
    if (a->pool && a->pool->free)
        total = CHUNK_HUGE;     /* a kept chunk before a small one from malloc */
    ArenaChunk *c = a->head, *n;
    bool own = size > total - sizeof *n;
    bool reused = !own && total == CHUNK_HUGE && a->pool && a->pool->free;
    if (own)
        n = malloc(sizeof *n + size);
    else if (reused) {
        n = a->pool->free;
        a->pool->free = n->next;
        a->pool->n--;
    } else if (total == CHUNK_HUGE)
        n = aligned_alloc(CHUNK_HUGE, CHUNK_HUGE);
    else
        n = malloc(total);
    if (!n)
        ecsc_oom();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!own && total == CHUNK_HUGE && !reused)
        (void)madvise(n, CHUNK_HUGE, MADV_HUGEPAGE);    /* only advice */
#endif
    n->used = size;
    n->cap = own ? size : total - sizeof *n;
    a->bytes += size;
    if (c && own) {
        n->next = c->next;
        c->next = n;
    } else {
        n->next = c;
        a->head = n;
    }
    return n;
}

/* `size` bytes at a multiple of `align` (a power of two, at most
   max_align_t's), not zeroed.  Blocks are packed: strings take their exact
   length and objects only their own alignment. */
static void *bump(Arena *a, size_t size, size_t align)
{
    if (size > SIZE_MAX / 2)
        ecsc_oom();
    if (size == 0)
        size = 1;
    ArenaChunk *c = a->head;
    if (c) {
        size_t at = (c->used + align - 1) & ~(align - 1);
        if (at <= c->cap && c->cap - at >= size) {
            c->used = at + size;
            a->bytes += size;
            return c->data + at;
        }
    }
    return chunk_new(a, size)->data;
}

/* Zeroes the block p[0, size) just handed out.  Most are small (a node, a
   slot): when the chunk has room, 64 bytes are cleared with a constant
   size, which the compiler writes as a few stores instead of a call to
   memset; the bytes past the block are not handed out yet. */
static void zero(const Arena *a, unsigned char *p, size_t size)
{
    const ArenaChunk *c = a->head;
    if (size <= 64 && p >= c->data && (size_t)(c->data + c->cap - p) >= 64)
        memset(p, 0, 64);
    else
        memset(p, 0, size);
}

void *arena_alloc(Arena *a, size_t size)
{
    void *p = bump(a, size, alignof(max_align_t));
    zero(a, p, size);
    return p;
}

void *arena_alloc_aligned(Arena *a, size_t size, size_t align)
{
    void *p = bump(a, size, align);
    zero(a, p, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = bump(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* Formats of literal text, %s, %.*s, %d and %% only (nearly all of this
   compiler's names, ids and ARNs: plan_id's patterns use %.*s) are printed here, without vsnprintf's
   setup; the result is the same.  Returns the length, or -1 when the
   format needs more or the text does not fit in `room`. */
static int print_simple(char *p, size_t room, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {        /* a run of literal text, copied whole */
            const char *e = f + 1;
            while (*e && *e != '%')
                e++;
            size_t len = (size_t)(e - f);
            if (len >= room - n)
                return -1;
            memcpy(p + n, f, len);
            n += len;
            f = e - 1;
            continue;
        }
        f++;
        if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
            int prec = va_arg(ap, int);
            const char *s = va_arg(ap, const char *);
            if (!s)
                return -1;
            size_t len = 0;     /* at most prec bytes; all of it when prec < 0 */
            while ((prec < 0 || len < (size_t)prec) && s[len])
                len++;
            if (len >= room - n)
                return -1;
            memcpy(p + n, s, len);
            n += len;
            f += 2;
        } else if (*f == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)
                return -1;
            size_t len = strlen(s);
            if (len >= room - n)
                return -1;
            memcpy(p + n, s, len);
            n += len;
        } else if (*f == 'd') {
            int v = va_arg(ap, int);
            unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
            char digits[24];
            size_t k = 0;
            do
                digits[k++] = (char)('0' + u % 10);
            while ((u /= 10) != 0);
            if (v < 0)
                digits[k++] = '-';
            if (k >= room - n)
                return -1;
            while (k)
                p[n++] = digits[--k];
        } else if (*f == '%') {
            if (n + 1 >= room)
                return -1;
            p[n++] = '%';
        } else {
            return -1;
        }
    }
    if (n >= room || n > INT_MAX)
        return -1;
    p[n] = '\0';
    return (int)n;
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
    /* Most strings fit in what is left of the current chunk: print there
       once, and only when it does not fit measure and print again. */
    ArenaChunk *c = a->head;
    if (c && c->cap > c->used) {
        size_t room = c->cap - c->used;
        char *p = (char *)c->data + c->used;
        va_list ap1;
        va_copy(ap1, ap);
        int n = print_simple(p, room, fmt, ap1);
        va_end(ap1);
        if (n < 0) {
            va_copy(ap1, ap);
            n = vsnprintf(p, room, fmt, ap1);
            va_end(ap1);
        }
        if (n >= 0 && (size_t)n < room) {
            c->used += (size_t)n + 1;
            a->bytes += (size_t)n + 1;
            return p;
        }
    }
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = bump(a, (size_t)n + 1, 1);
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
