/* compiler.h - one compilation: its arena, sources, diagnostics, model and
 * outputs.  No global state: several Compilers may live in one process.
 */
#ifndef ECSC_DRIVER_COMPILER_H
#define ECSC_DRIVER_COMPILER_H

#include "base/arena.h"
#include "base/map.h"
#include "diag/diag.h"
#include "emit.h"
#include "model/ir.h"
#include "plan/plan.h"
#include "source/source.h"

#include <stdbool.h>
#include <stdio.h>

enum {
    ECSC_MAX_SOURCE_BYTES = 16 * 1024 * 1024,
    ECSC_MAX_PARAMS_BYTES = 1024 * 1024,    /* a --params file */
};

typedef struct Compiler {
    Arena arena;
    SourceMap sources;
    DiagEngine diag;
    Vec defines;            /* Define* from -D */
    Map define_map;         /* name -> its last Define*, for lookups in linear time */
    Vec files;              /* uint32_t ids of the root files, as void* */
    IrModel *model;
    Plan *plan;             /* after a successful check: the resources and deploy-time values */
    Vec outputs;            /* OutputFile* */
    EmitSink sink;          /* where output texts go; zero (the default): kept in `outputs` */
    unsigned emit;          /* EMIT_* (emit.h); compiler_init sets EMIT_ALL */
    bool emit_given;        /* --emit named what to write: a file that needs a missing
                               deploy-time value is an error, not skipped with a warning */
    Map stack_outputs, stack_params;    /* --stack-outputs: key -> value (arena NULL: not given) */
    const char *stack_file; /* its path, for messages */
    Vec include_dirs;       /* const char*: where `import "NAME"` looks (-I, ECSC_PATH) */
    const char *env;        /* the environment to build (--env), or NULL */
    Vec modules;            /* Module*: the root file and what it imports */
    /* Texts that stand in for files on disk (the unsaved buffers of `ecsc
       lsp`), or NULL: called with the path of each file read, returns its
       text and length, or NULL to read the file. */
    const char *(*overlay)(void *ctx, const char *path, size_t *len);
    /* The syntax tree of file `file` made without parse_file (`ecsc lsp`
       reuses the unchanged statements of its last parse), or NULL: parse
       it.  Called for each file of the application. */
    struct AstFile *(*tree)(void *ctx, struct Compiler *c, uint32_t file);
    void *overlay_ctx;      /* for both */
} Compiler;

void compiler_init(Compiler *c);
void compiler_free(Compiler *c);

/* -D name=value.  Returns false when `spec` has no '='. */
bool compiler_define(Compiler *c, const char *spec);

/* Reads NAME=VALUE lines (blank lines and # comments ignored) as if each
   were given with -D; on failure (not a regular file's text, more than
   ECSC_MAX_PARAMS_BYTES, a read error) writes a message to `err`. */
bool compiler_load_params(Compiler *c, const char *path, char *err, size_t errlen);

/* --stack-outputs: reads what `aws cloudformation describe-stacks` prints
   (the whole document, one stack's object, or just its Outputs list), for
   the deploy-time values services/ needs; on failure writes a message to
   `err`. */
bool compiler_load_stack_outputs(Compiler *c, const char *path, char *err, size_t errlen);

/* Adds a root source from memory. */
uint32_t compiler_add_source(Compiler *c, const char *name, const char *text, size_t len);
/* The same, with the offsets where its lines start (source_add_lines). */
uint32_t compiler_add_source_lines(Compiler *c, const char *name, const char *text, size_t len,
                                   const uint32_t *starts, uint32_t nlines);
/* Reads a source file from disk without making it a root (imports); on
   failure writes a message to `err` and returns 0. */
uint32_t compiler_read_source(Compiler *c, const char *path, char *err, size_t errlen);
/* Reads a root source from disk; on failure writes a message to `err`
   and returns 0. */
uint32_t compiler_load_file(Compiler *c, const char *path, char *err, size_t errlen);

/* Copies what the command line set (defines, include folders, emit,
   diagnostic settings) from `src`, which must outlive `dst`. */
void compiler_copy_options(Compiler *dst, const Compiler *src);
/* Loads the root file's modules and lists the environments they declare
   (const char*).  False when loading reported errors. */
bool compiler_environments(Compiler *c, Vec *names);

/* parse -> decode -> resolve -> infer -> check -> plan.  True if no errors. */
bool compiler_check(Compiler *c);
/* Builds the output files in memory (after a successful check). */
void compiler_emit(Compiler *c);

/* Writes the parse tree of every root file (for --dump-ast). */
void compiler_dump_ast(Compiler *c, FILE *out);

#endif
