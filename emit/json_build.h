/* json_build.h - building cJSON documents: the one set of helpers every
 * emitter uses (taskdef.c, service.c, cfn_*.c).
 *
 * Conventions:
 *   - Nothing returns NULL: a failed allocation ends in ecsc_oom().
 *   - json_put() REPLACES a member already present under `key` (in place,
 *     so the member keeps its position): a document never holds the same
 *     key twice.  json_put_new() skips the search, for keys unique by
 *     construction (logical ids), and must not be given a present key.
 *   - The json_put_<type>() forms leave the member out for an absent value
 *     (NULL, IR_UNSET, IR_TRI_UNSET), so callers pass model fields as is.
 *   - Every function that takes an item takes ownership of it.
 */
#ifndef ECSC_EMIT_JSON_BUILD_H
#define ECSC_EMIT_JSON_BUILD_H

#include "base/arena.h"
#include "base/vec.h"
#include "model/ir.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* `item`, or ecsc_oom() when it is NULL (a failed cJSON_Create*). */
static inline cJSON *json_chk(cJSON *item)
{
    if (!item)
        ecsc_oom();
    return item;
}

static inline cJSON *json_obj(void) { return json_chk(cJSON_CreateObject()); }
static inline cJSON *json_arr(void) { return json_chk(cJSON_CreateArray()); }
static inline cJSON *json_str(const char *s) { return json_chk(cJSON_CreateString(s)); }
static inline cJSON *json_num(double v) { return json_chk(cJSON_CreateNumber(v)); }

/* Sets member `key` of `obj` to `item`, replacing one already there;
   returns `item`. */
cJSON *json_put(cJSON *obj, const char *key, cJSON *item);

/* Adds member `key`, known to be absent: no search. */
cJSON *json_put_new(cJSON *obj, const char *key, cJSON *item);

/* Appends `item` to array `arr`; returns `item`. */
cJSON *json_append(cJSON *arr, cJSON *item);

/* Appends `item` unless an equal value is already there (then frees it). */
void json_append_unique(cJSON *arr, cJSON *item);

/* Moves the members of `obj` named in `order` (NULL-terminated) to the
   front, in that order; the others follow in their order.  Nothing when
   `obj` is NULL. */
void json_reorder(cJSON *obj, const char *const *order);

/* The strings of a Vec of const char*, as a new array. */
cJSON *json_strings(const Vec *v);

/* A string member; nothing when `s` is NULL. */
void json_put_str(cJSON *obj, const char *key, const char *s);

/* A number member; nothing when `v` is IR_UNSET. */
void json_put_int(cJSON *obj, const char *key, int64_t v);

void json_put_bool(cJSON *obj, const char *key, bool b);

/* A boolean member; nothing when `t` is IR_TRI_UNSET. */
void json_put_tri(cJSON *obj, const char *key, IrTri t);

/* A raw value (`raw { … }`) as JSON. */
cJSON *json_value(const IrValue *v);

/* Merges the members of `raw` (an object) into `obj`: objects merge
   recursively, anything else (scalars, lists) replaces what was there;
   new keys go at the end, in source order. */
void json_merge_raw(cJSON *obj, const IrValue *raw);

#endif
