/* import_int.h - helpers shared by the JSON readers of `ecsc import`:
   walking a JSON object member by member, so that every member is either
   turned into a word, kept in a `raw` block, or reported (nothing is
   dropped silently). */
#ifndef ECSC_IMPORT_IMPORT_INT_H
#define ECSC_IMPORT_IMPORT_INT_H

#include "import/import.h"

#include <stdint.h>

/* A JSON object being read: the members taken so far. */
typedef struct Obj {
    const cJSON *json;
    Vec taken;                  /* const cJSON *: members already handled */
    Vec empty;                  /* const char *: members given as [] or {}, left out */
    const char *shape;          /* the API shape, for the members left over */
    const char *what;           /* "container 'app'", for messages */
} Obj;

void obj_init(Obj *o, const cJSON *json, const char *shape, const char *what);

/* The member `key` (NULL when absent), marked as handled.  In an object
   with a shape, an empty list or object is NULL too (and noted in a
   comment by obj_rest()), except `command` and `entryPoint`. */
const cJSON *obj_take(ImportCtx *ic, Obj *o, const char *key);

/* The members not taken, in input order: those of the API shape go into
   `raw { }` of `owner` (made when needed: *raw), the others are reported
   and dropped (W0042). */
void obj_rest(ImportCtx *ic, Obj *o, ImportNode *owner, ImportNode **raw);

/* Puts member `key` (value `v`) into the raw block of `owner`, saying why. */
void raw_member(ImportCtx *ic, ImportNode *owner, ImportNode **raw, const char *key,
                const cJSON *v, const char *why);

/* Values. */
bool jv_int(const cJSON *v, int64_t *out);           /* an integral number */
bool jv_int_text(const cJSON *v, int64_t *out);      /* ... or a string of digits */
bool jv_strings(const cJSON *v, const char ***items, int *count, Arena *a);
const char *jv_str(const cJSON *v);                  /* NULL unless a string */

/* Whether `key` was seen before in `seen` (a map of the caller's); adds it. */
bool seen_twice(Map *seen, const char *key);

/* Spellings with units. */
const char *spell_cpu(ImportCtx *ic, int64_t units);    /* 0.5 vcpu, 1 vcpu, 10 */
const char *spell_mib(ImportCtx *ic, int64_t mib);      /* 512 MiB, 2 GiB */
const char *spell_seconds(ImportCtx *ic, int64_t s);    /* 30s, 2m, 1h */

/* A `KEY = "VALUE"` map block from a JSON object of strings; false (and
   nothing added) when a value is not a string. */
bool map_from_object(ImportCtx *ic, ImportNode *map, const cJSON *obj);

/* The containers (import_container.c). */
/* The container `cd` as a `container` block of `task`.  `task_log` is the
   log configuration the task states (containers with the same one leave
   theirs out); `task_none`: the task says `logs none`. */
void import_container(ImportCtx *ic, ImportNode *task, const cJSON *cd, const cJSON *task_log,
                      bool task_none, bool fargate);

/* The log configuration as `logs ...` in `parent`; false when it cannot
   be written with words. */
bool import_logs(ImportCtx *ic, ImportNode *parent, const cJSON *lc);

/* Whether `logs` words give back exactly `lc`: not for awslogs without
   its group, stream prefix and region (ecsc fills them in), nor in a
   task without an execution role (awslogs implies one). */
bool import_logs_words(ImportCtx *ic, const cJSON *lc);

/* describe-services output (or one of its services), import_service.c. */
bool import_services_described(ImportCtx *ic, cJSON *doc);

/* The app name a service suggests (see import_json_app()). */
const char *import_service_app(ImportCtx *ic, const cJSON *svc);

#endif
