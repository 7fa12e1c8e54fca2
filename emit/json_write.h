/* json_write.h - deterministic pretty printer for cJSON trees.
 *
 * Output format (stable, for emitted files and golden tests):
 *   - 2-space indentation, `"key": value`, one member/element per line;
 *   - `{}` and `[]` for empty containers;
 *   - keys in cJSON order (the emitter decides the order);
 *   - strings escaped per RFC 8259 (\" \\ \n \t \r \b \f, other control
 *     characters as \u00XX); UTF-8 bytes and '/' are copied unchanged;
 *   - integral numbers with |v| < 2^53 printed as integers, others in the
 *     shortest of %.15g/%.16g/%.17g that round-trips; NaN/Inf as null;
 *   - a trailing newline after the document.
 */
#ifndef ECSC_EMIT_JSON_WRITE_H
#define ECSC_EMIT_JSON_WRITE_H

#include <stddef.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Returns the pretty-printed JSON of `item` in a malloc'd NUL-terminated
 * buffer (caller frees) and stores its length in *len_out if non-NULL.
 * Never returns NULL: out of memory aborts through ecsc_oom(). */
char *json_write_pretty(const cJSON *item, size_t *len_out);

/* A growing text buffer, for assembling documents from pieces: start it
 * as {0}; reuse it by setting len to 0; free it with json_buf_free().
 * The text is not NUL-terminated until json_buf_cstr(). */
typedef struct JsonBuf {
    char *data;
    size_t len;
    size_t cap;
} JsonBuf;

void json_buf_put(JsonBuf *b, const char *s, size_t n);
void json_buf_puts(JsonBuf *b, const char *s);
void json_buf_indent(JsonBuf *b, int depth);   /* 2 * depth spaces */
const char *json_buf_cstr(JsonBuf *b);
void json_buf_free(JsonBuf *b);

/* Appends `item` exactly as json_write_pretty() prints it when it sits at
 * nesting depth `depth` (0 = the document), with no trailing newline. */
void json_write_value(JsonBuf *b, const cJSON *item, int depth);
/* Appends the document `item` as json_write_pretty() prints it. */
void json_write_doc(JsonBuf *b, const cJSON *item);
/* Appends `s` as a JSON string literal (NULL as ""). */
void json_write_string(JsonBuf *b, const char *s);

/* The member `key` of object `obj` (case-sensitive), or NULL: what
   cJSON_GetObjectItemCaseSensitive finds, comparing first bytes first. */
static inline cJSON *json_member(const cJSON *obj, const char *key)
{
    for (cJSON *c = obj ? obj->child : NULL; c; c = c->next)
        if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0)
            return c;
    return NULL;
}

#endif
