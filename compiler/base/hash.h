/* hash.h - FNV-1a string hashes: for hash tables and for the stable
   suffixes of shortened AWS names (never for anything secret). */
#ifndef ECSC_BASE_HASH_H
#define ECSC_BASE_HASH_H

#include <stdint.h>

static inline uint32_t hash_fnv32(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

static inline uint64_t hash_fnv64(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

#endif
