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

/* What emit_all measured, for the driver's quota warnings. */
typedef struct EmitStats {
    size_t cfn_resources;   /* resources in cfn/template.json; 0 when none */
} EmitStats;

/* Appends one OutputFile* per file to `out`, in a stable order; `what` is
   a set of EMIT_* bits (sema/sema.h). */
EmitStats emit_all(Arena *a, const IrModel *m, unsigned what, Vec *out);

/* The create-service input for one service (caller deletes). */
cJSON *emit_service(const IrModel *m, const IrService *sv);

/* CloudFormation: appends cfn/template.json and cfn/fragments/<kind>-<name>.json;
   returns the number of resources in the template. */
size_t emit_cfn(Arena *a, const IrModel *m, Vec *out);

/* The register-task-definition input for one task (caller deletes). */
cJSON *emit_taskdef(const IrModel *m, const IrTask *t);

#endif
