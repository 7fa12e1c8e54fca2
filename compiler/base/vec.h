/* vec.h - a growable array of pointers whose storage lives in an arena. */
#ifndef ECSC_BASE_VEC_H
#define ECSC_BASE_VEC_H

#include "base/arena.h"

typedef struct Vec {
    void **items;
    int len, cap;
} Vec;

void vec_push(Arena *a, Vec *v, void *item);

#define VEC_AT(v, i) ((v).items[(i)])
#define VEC_EACH(T, x, v) \
    for (int x##_i = 0; x##_i < (v).len; x##_i++) \
        for (T x = (T)(v).items[x##_i]; x; x = NULL)

#endif
