/* map.c - linear probing; grows at 50% load.  Each slot keeps its key's
   hash: a probe compares it before the key, and growing does not hash the
   keys again.  The hash reads a key 8 bytes at a time (FNV-1a, a byte at a
   time, was most of the cost of a map of the plan's long ids); it only
   places keys, and nothing walks a map in slot order. */
#include "base/map.h"

#include <stdint.h>
#include <string.h>

static uint64_t mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 29;
    return h;
}

static uint64_t hash(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15u ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = mix(h ^ w) * 0x94d049bb133111ebu;
    }
    w = 0;
    memcpy(&w, s, n);
    return mix(mix(h ^ w) * 0x94d049bb133111ebu);
}

void map_init(Map *m, Arena *a)
{
    *m = (Map){.arena = a};
}

void *map_get(const Map *m, const char *key)
{
    if (!m->cap)
        return NULL;
    uint64_t h = hash(key);
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slots[i].key)
            return NULL;
        if (m->slots[i].hash == h && strcmp(m->slots[i].key, key) == 0)
            return m->slots[i].value;
    }
}

/* Puts `key` (hash `h`) into an empty slot or returns its slot. */
static MapSlot *slot_for(Map *m, const char *key, uint64_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        MapSlot *s = &m->slots[i];
        if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
            return s;
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
        if (old[i].key) {
            *slot_for(m, old[i].key, old[i].hash) = old[i];
            m->len++;
        }
}

void *map_put(Map *m, const char *key, void *value)
{
    if ((m->len + 1) * 2 > m->cap)
        grow(m);
    uint64_t h = hash(key);
    MapSlot *s = slot_for(m, key, h);
    if (s->key)
        return s->value;
    s->key = key;
    s->value = value;
    s->hash = h;
    m->len++;
    return NULL;
}
