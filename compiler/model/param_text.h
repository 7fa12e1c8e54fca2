/* param_text.h - strings that hold params, whose values only deployment
 * knows.
 *
 * `"${url}/api"` with `param url` keeps the param in the string: expand
 * writes a marker, IR_PARAM_OPEN name IR_PARAM_CLOSE, where the value
 * goes.  The two bytes never occur in UTF-8 text, so no source string can
 * forge one.  The template turns such a string into Fn::Sub (the param's
 * value stays a deploy-time choice); taskdefs/ and services/ take the
 * param's value (-D, --stack-outputs, its default) in its place.
 */
#ifndef ECSC_MODEL_PARAM_TEXT_H
#define ECSC_MODEL_PARAM_TEXT_H

#include "base/arena.h"

#include <stdbool.h>
#include <stddef.h>

#define IR_PARAM_OPEN '\xff'
#define IR_PARAM_CLOSE '\xfe'

/* The marker of param `name`. */
const char *param_text_marker(Arena *a, const char *name);

/* Whether `s` holds a param. */
bool param_text_has(const char *s);

/* The pieces of `s` in order: fn(ctx, text, len, false) for literal text,
   fn(ctx, name, len, true) for a param's name; stops when fn returns
   false, and then returns false. */
typedef bool (*ParamTextFn)(void *ctx, const char *text, size_t len, bool is_param);
bool param_text_each(const char *s, ParamTextFn fn, void *ctx);

/* `s` as the source wrote it, for messages: each marker as `${name}`. */
const char *param_text_display(Arena *a, const char *s);

/* Whether some value of the params could make `s` equal `value`: each
   param stands for any text (a deploy-time choice). */
bool param_text_could_be(const char *s, const char *value);

#endif
