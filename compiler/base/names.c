/* names.c - identifiers derived from declaration names. */
#include "base/names.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

const char *names_camel(Arena *a, const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    char *out = arena_alloc(a, n + m + 1);
    size_t k = 0;
    bool up = true;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!isalnum((unsigned char)c)) {
            up = true;
            continue;
        }
        out[k++] = up ? (char)toupper((unsigned char)c) : c;
        up = false;
    }
    memcpy(out + k, suffix, m + 1);
    return out;
}
