/* emit.h - from the checked model to the files ecsc writes.  Sees only
   the model (model/ir.h), never the syntax tree; reports no user errors. */
#ifndef ECSC_EMIT_EMIT_H
#define ECSC_EMIT_EMIT_H

#include "model/ir.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct OutputFile {
    const char *path;   /* relative to the output folder: "taskdefs/shop-web.json" */
    const char *data;   /* arena-owned */
    size_t len;
} OutputFile;

/* Appends one OutputFile* per file to `out`, in a stable order; `what` is
   a set of EMIT_* bits (sema/sema.h). */
void emit_all(Arena *a, const IrModel *m, unsigned what, Vec *out);

/* The create-service input for one service (caller deletes). */
cJSON *emit_service(const IrModel *m, const IrService *sv);

/* CloudFormation: appends cfn/template.json and cfn/fragments/<kind>-<name>.json. */
void emit_cfn(Arena *a, const IrModel *m, Vec *out);

/* The register-task-definition input for one task (caller deletes). */
cJSON *emit_taskdef(const IrModel *m, const IrTask *t);

#endif
