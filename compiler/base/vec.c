/* vec.c - arena-backed pointer vector: old storage is simply abandoned
   in the arena when it grows (amortised O(1), freed with the arena). */
#include "base/vec.h"

#include <string.h>

void vec_push(Arena *a, Vec *v, void *item)
{
    if (v->len == v->cap) {
        int cap = v->cap ? v->cap * 2 : 4;
        void **items = ARENA_ARRAY(a, void *, cap);
        if (v->len)
            memcpy(items, v->items, sizeof(void *) * (size_t)v->len);
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}
