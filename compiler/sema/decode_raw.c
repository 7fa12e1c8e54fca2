/* decode_raw.c - `raw { … }` in the declarations that generate resources
 * other than the task definition (service; its checks: check_raw.c), and
 * the error for `raw` where nothing would take it.
 *
 * A raw block is plain JSON in the language's syntax (decode_value): the
 * members of the resource the declaration generates, merged over what
 * ecsc writes.
 */
#include "sema/decode.h"

#include <string.h>

/* The value of `raw { … }`, or NULL after an error. */
static IrValue *raw_value(Decoder *d, const AstStmt *s, const char *what)
{
    Args a = args_begin(d, s);
    const AstNode *b = args_block(&a, what);
    args_end(&a);
    return b ? decode_value(d, b) : NULL;
}

void decode_service_raw(Decoder *d, const AstStmt *s, void *t)
{
    ((IrService *)t)->raw = raw_value(d, s, "a block of CreateService fields");
}

/* The declarations whose resources raw reaches (docs/language.md). */
static const char *const RAW_PLACES =
    "task, container, service";

bool decode_misplaced_raw(Decoder *d, const AstStmt *s, const char *what)
{
    if (strcmp(s->head, "raw") != 0)
        return false;
    Diagnostic *dg = diag_error(d->diag, s->head_span, "E0320",
                                "`raw` cannot be used in %s: it generates no resource of its own",
                                what);
    diag_note(dg, SPAN_NONE, "raw goes in the declaration whose resource it changes: %s",
              RAW_PLACES);
    return true;
}
