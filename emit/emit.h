/* emit.h - from the checked model to the files ecsc writes.  Sees only
   the model (model/ir.h), never the syntax tree; reports no user errors. */
#ifndef ECSC_EMIT_EMIT_H
#define ECSC_EMIT_EMIT_H

#include "model/ir.h"
#include "plan/plan.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* What a run writes (--emit). */
enum {
    EMIT_TASKDEFS = 1, EMIT_SERVICES = 2, EMIT_CFN = 4,
    EMIT_ALL = EMIT_TASKDEFS | EMIT_SERVICES | EMIT_CFN,
};

typedef struct OutputFile {
    const char *path;   /* relative to the output folder: "taskdefs/shop-web.json" */
    const char *data;   /* arena-owned; NULL when an EmitSink took the text */
    size_t len;
    size_t compact_len; /* taskdefs/: its length without the whitespace between tokens,
                           as the API request carries it; else 0 */
} OutputFile;

/* A piece of an output file's text. */
typedef struct EmitPiece {
    const char *data;
    size_t len;
} EmitPiece;

/* Where the text of each file goes as soon as it is printed.  Without a
   sink (NULL, or `put` NULL) every OutputFile keeps its text in the arena;
   with one, `put` gets the text as `n` pieces (valid during the call only,
   their lengths add up to f->len) and the OutputFile appended to the list
   has `data` NULL. */
typedef struct EmitSink {
    void (*put)(void *ctx, const OutputFile *f, const EmitPiece *pieces, int n);
    void *ctx;
} EmitSink;

/* Appends the OutputFile for `path` to `out`, its text (the n pieces,
   owned by the caller) kept in the arena or handed to `sink`. */
void emit_output(Arena *a, Vec *out, const EmitSink *sink, const char *path,
                 const EmitPiece *pieces, int n);

/* A file not written because a param in its strings has no value. */
typedef struct EmitSkip {
    const char *path;       /* "taskdefs/shop-web.json" */
    const IrParam *param;
    Span owner;             /* the task's or service's name */
} EmitSkip;

/* The size IAM counts of the inline policies of a role the template
   creates: at least `chars` characters (cfn_policy_size.c). */
typedef struct EmitPolicySize {
    const char *id;         /* the role's logical id */
    size_t chars;
} EmitPolicySize;

/* What emit_all measured and left out, for the driver's diagnostics. */
typedef struct EmitStats {
    size_t cfn_resources;   /* resources in cfn/template.json; 0 when none */
    Vec skipped;            /* EmitSkip* */
    Vec policy_sizes;       /* EmitPolicySize*, one per role in the template */
} EmitStats;

/* Appends one OutputFile* per file to `out`, in a stable order; `what` is
   a set of EMIT_* bits.  services/ holds the services whose deploy-time
   values the plan knows (PlanService.complete). */
EmitStats emit_all(Arena *a, const Plan *p, unsigned what, Vec *out, const EmitSink *sink);

/* The create-service input for one service whose deploy-time values are
   all known (ps->complete; caller deletes). */
cJSON *emit_service(const Plan *p, const PlanService *ps);

/* CloudFormation: appends cfn/template.json and cfn/fragments/<kind>-<name>.json;
   returns the number of resources in the template. */
size_t emit_cfn(Arena *a, const Plan *p, Vec *out, const EmitSink *sink);

/* emit_cfn, also appending taskdefs/<family>.json of each task to
   `taskdefs` (when not NULL): the task definition is built once, printed
   as the API document, then converted for the template; with
   `policy_sizes`, appends an EmitPolicySize* per role. */
size_t emit_cfn_taskdefs(Arena *a, const Plan *p, Vec *out, Vec *taskdefs,
                         const EmitSink *sink, Vec *skipped, Vec *policy_sizes);

/* The API document `doc` with its params filled in (json_params.h), or
   NULL (and `doc` deleted) with an EmitSkip appended to `skipped` when a
   param has no value. */
cJSON *emit_fill_params(Arena *a, const Plan *p, cJSON *doc, const char *path, Span owner,
                        Vec *skipped);

/* The register-task-definition input for one task (caller deletes). */
cJSON *emit_taskdef(const IrModel *m, const IrTask *t);

#endif
