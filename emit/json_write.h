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

#include <cjson/cJSON.h>

/* Returns the pretty-printed JSON of `item` in a malloc'd NUL-terminated
 * buffer (caller frees) and stores its length in *len_out if non-NULL.
 * Never returns NULL: out of memory aborts through ecsc_oom(). */
char *json_write_pretty(const cJSON *item, size_t *len_out);

#endif
