/* suggest.h - "did you mean" by edit distance (cdecl, Bison). */
#ifndef ECSC_BASE_SUGGEST_H
#define ECSC_BASE_SUGGEST_H

#include <stddef.h>

/* Damerau-Levenshtein (optimal string alignment) distance. */
size_t suggest_distance(const char *a, const char *b);

/* The candidate closest to `word` if it is close enough to be a likely
   typo (distance <= max(1, len/3)), else NULL.  Ties go to the earlier. */
const char *suggest_best(const char *word, const char *const *cands, size_t n);

#endif
