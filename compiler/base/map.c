/* map.c - FNV-1a hashing with linear probing; grows at 50% load. */
#include "base/map.h"

#include "base/hash.h"

#include <stdint.h>
#include <string.h>

static uint64_t hash(const char *s) { return hash_fnv64(s); }

void map_init(Map *m, Arena *a)
{
    *m = (Map){.arena = a};
}

void *map_get(const Map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slots[i].key)
            return NULL;
        if (strcmp(m->slots[i].key, key) == 0)
            return m->slots[i].value;
    }
}

static void grow(Map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    MapSlot *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = ARENA_ARRAY(m->arena, MapSlot, cap);
    m->cap = cap;
    m->len = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            map_put(m, old[i].key, old[i].value);
}

void *map_put(Map *m, const char *key, void *value)
{
    if ((m->len + 1) * 2 > m->cap)
        grow(m);
    for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slots[i].key) {
            m->slots[i].key = key;
            m->slots[i].value = value;
            m->len++;
            return NULL;
        }
        if (strcmp(m->slots[i].key, key) == 0)
            return m->slots[i].value;
    }
}
