/* decode.h - shared machinery for turning statements into the model.
 *
 * A block is decoded against a table of FieldDefs; each field's handler
 * reads its arguments through an Args cursor, whose readers report a
 * precise error at the offending argument and return false, so handlers
 * stay short.  Internal to compiler/sema.
 */
#ifndef ECSC_SEMA_DECODE_H
#define ECSC_SEMA_DECODE_H

#include "sema/sema.h"

#include <stddef.h>

struct FieldDef;

typedef struct Decoder {
    Sema *sema;
    Arena *arena;
    DiagEngine *diag;
    IrModel *model;
    /* The block being decoded, so that messages can tell a field name
       that lost its line break from a stray word. */
    const struct FieldDef *fields;
    size_t nfields;
} Decoder;

typedef void (*FieldFn)(Decoder *d, const AstStmt *s, void *target);

enum { FIELD_ONCE = 1 };    /* may appear at most once in a block */

typedef struct FieldDef {
    const char *name;
    FieldFn fn;
    unsigned flags;
} FieldDef;

/* Decodes each statement of `block` (an AST_BLOCK node, or NULL) with the
   table; `what` names the block in messages ("container 'app'"). */
void decode_block(Decoder *d, const AstNode *block, const FieldDef *fields,
                  size_t nfields, void *target, const char *what);

typedef struct Args {
    Decoder *d;
    const AstStmt *s;
    int i;
} Args;

Args args_begin(Decoder *d, const AstStmt *s);
bool args_more(const Args *a);
const AstNode *args_peek(const Args *a);
const AstNode *args_next(Args *a);
/* Span of the next argument, or just past the statement when none left. */
Span args_here(const Args *a);
/* True (and consumed) if the next argument is the word `w`. */
bool args_take_word(Args *a, const char *w);
bool args_peek_word(const Args *a, const char *w);
bool args_take_punct(Args *a, const char *p);

/* Each reader reports an error and returns false/NULL on a mismatch;
   `what` describes the expected value ("the image"). */
const char *args_string(Args *a, const char *what);
const char *args_word(Args *a, const char *what);
/* One of `choices` (NULL-terminated); returns its index or -1. */
int args_choice(Args *a, const char *what, const char *const *choices);
bool args_int(Args *a, const char *what, int64_t lo, int64_t hi, int64_t *out);
bool args_size_mib(Args *a, const char *what, int64_t *out);
bool args_size_gib(Args *a, const char *what, int64_t *out);
bool args_cpu_units(Args *a, const char *what, int64_t *out);
bool args_duration(Args *a, const char *what, int64_t *seconds);
bool args_percent(Args *a, const char *what, int64_t *out);
/* `field` alone means true; `field true|false`. */
bool args_flag(Args *a, IrTri *out);
/* ["a", "b"] or a single "a" */
bool args_strings(Args *a, const char *what, Vec *out);
/* { KEY = "value", ... } appended to `out` as IrKV*; numbers and booleans
   are accepted and turned into their text. */
bool args_map(Args *a, const char *what, Vec *out);
/* Any value, as a JSON-like IrValue (blocks of assignments are objects). */
IrValue *args_value(Args *a, const char *what);
const AstNode *args_block(Args *a, const char *what);
/* Reports E0104 for each argument left over. */
void args_end(Args *a);

/* Helpers for messages. */
const char *decode_describe(const AstNode *n);
/* "'extra'" for a word or punctuation, "a string" and so on otherwise. */
const char *decode_shown(Decoder *d, const AstNode *n);
IrValue *decode_value(Decoder *d, const AstNode *n);
bool decode_name_ok(Decoder *d, const char *name, Span sp, const char *what);

/* The block decoders, one per declaration kind. */
void decode_app(Decoder *d, const AstStmt *s);
void decode_role(Decoder *d, const AstStmt *s);
void decode_task(Decoder *d, const AstStmt *s);
void decode_param(Decoder *d, const AstStmt *s);
void decode_load_balancer(Decoder *d, const AstStmt *s);
void decode_service(Decoder *d, const AstStmt *s);
void decode_capacity(Decoder *d, const AstStmt *s);
void decode_cluster(Decoder *d, const AstStmt *s);
IrContainer *decode_container(Decoder *d, IrTask *t, const AstStmt *s);
IrLog *decode_logs(Decoder *d, const AstStmt *s);
IrSecret *decode_secret(Decoder *d, Args *a, const AstStmt *s);
bool decode_retention(Decoder *d, Args *a, int *days);

#endif
