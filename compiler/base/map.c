/* map.c - FNV-1a hashing with linear probing; grows at 50% load.  Each
   slot keeps its key's hash: a probe compares it before the key, and
   growing does not hash the keys again. */
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
