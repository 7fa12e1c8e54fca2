/* map.h - string-keyed hash map (open addressing), storage in an arena.
   Keys are not copied: they must outlive the map (arena strings do). */
#ifndef ECSC_BASE_MAP_H
#define ECSC_BASE_MAP_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MapSlot {
    const char *key;
    void *value;
    uint64_t hash;          /* of key: compared before the key, kept when growing */
} MapSlot;

typedef struct Map {
    Arena *arena;
    MapSlot *slots;
    size_t cap, len;
} Map;

void map_init(Map *m, Arena *a);
void *map_get(const Map *m, const char *key);
/* Inserts if absent and returns NULL; else returns the existing value. */
void *map_put(Map *m, const char *key, void *value);

#endif
