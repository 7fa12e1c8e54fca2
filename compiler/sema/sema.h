/* sema.h - from syntax tree to a checked model.
 *
 * decode   syntax -> typed model (unknown words, wrong value kinds)
 * resolve  names -> declarations (unknown or duplicate names)
 * infer    defaults and derived values (family, ARNs, awslogs options)
 * check    ECS rules on the effective task definitions
 *
 * Each stage reports all it can; the driver runs the next stage only when
 * the previous ones raised no error.
 */
#ifndef ECSC_SEMA_SEMA_H
#define ECSC_SEMA_SEMA_H

#include "diag/diag.h"
#include "model/ir.h"
#include "syntax/ast.h"

/* -D name=value from the command line. */
typedef struct Define {
    const char *name, *value;
} Define;

struct Map;

typedef struct Sema {
    Arena *arena;
    DiagEngine *diag;
    const Vec *defines;     /* Define* */
    const struct Map *define_map;   /* name -> the last Define* of that name; NULL: scan `defines` */
    bool param_strings;     /* expand: some string holds a param (model/param_text.h) */
    Vec removed;            /* expand: the environment's `remove KIND NAME` (AstStmt*) */
} Sema;

IrModel *sema_decode(Sema *s, const AstFile *const *files, int nfiles);
void sema_resolve(Sema *s, IrModel *m);
void sema_infer(Sema *s, IrModel *m);
/* The deployment half of infer (infer_deploy.c), called by sema_infer. */
void sema_infer_deploy(Sema *s, IrModel *m);
void sema_check(Sema *s, IrModel *m);

/* Whether `s` is an ARN of AWS service `service` whose resource part
   contains `tail` ("elasticloadbalancing", ":targetgroup/") (check_arn.c). */
bool check_is_arn(const char *s, const char *service, const char *tail);

/* The value of -D name, or NULL. */
const char *sema_define(const Sema *s, const char *name);

#endif
