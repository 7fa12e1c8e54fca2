/* manifest.h - what a build leaves behind: the outputs, the manifest of
 * them (OUTDIR/.ecsc-manifest: "HASH SIZE PATH" lines after "#" comments)
 * and the dependency file, all in one transaction (output.h); outputs an
 * earlier run wrote and this one does not are removed with it, each only
 * while it still has the size and hash the old manifest records. */
#ifndef ECSC_DRIVER_MANIFEST_H
#define ECSC_DRIVER_MANIFEST_H

#include "base/arena.h"
#include "base/vec.h"
#include "emit.h"
#include "source/source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MANIFEST_NAME ".ecsc-manifest"
#define MANIFEST_MAX (256u << 20)     /* an old manifest larger than this is refused */

typedef struct BuildRequest {
    const char *outdir;     /* -o DIR; NULL only with list_outputs */
    const char *depfile;    /* --depfile FILE, or NULL */
    const char *depfile_target; /* --depfile-target: the one target, or NULL */
    bool list_outputs;      /* --list-outputs: print the paths, write no output */
    Vec inputs;             /* const char*: files read besides sources (--params) */
} BuildRequest;

/* Outputs staged as the compiler prints them, so no text is held: give
 * build_stage_put and the BuildStage to the Compiler as its EmitSink.
 * Each text is staged at once for OUTDIR/<prefix><path> (written into the
 * new folder beside OUTDIR, or linked from the old one when unchanged, by
 * a writer thread or by the caller); manifest_commit() then stages the
 * manifest, and commits it all with the depfile (the OutputFile*s it gets
 * then have no data).  With list_outputs nothing is staged.  A staging
 * failure is kept in `failed`/`err`; build_stage_abort() drops what was
 * staged. */
typedef struct BuildStage {
    Arena *a;
    const BuildRequest *b;
    const char *outdir;     /* b->outdir without trailing slashes */
    const char *prefix;     /* "ENV/" under --all-envs, else NULL */
    struct OutputStage *stage;  /* NULL until the first file */
    struct StageWriter *writer; /* the thread that stages the files, or NULL */
    Vec placed;             /* what was staged: path below OUTDIR and slot */
    bool failed;
    char err[512];
} BuildStage;

void build_stage_init(BuildStage *bs, Arena *a, const BuildRequest *b);
void build_stage_put(void *ctx, const OutputFile *f, const EmitPiece *pieces, int n);
void build_stage_abort(BuildStage *bs);
/* Waits until every file put so far is staged (a writer thread stages
   them while the compiler goes on); then `failed`/`err` are final.  Called
   by build_stage_abort and manifest_commit, and before `failed` is read. */
void build_stage_wait(BuildStage *bs);

/* After a successful compile, with the OutputFile* of every output and the
 * source maps of the compilations (their files and b->inputs are the
 * depfile's prerequisites):
 * `bs` (may be NULL) holds the outputs already staged.
 * - list_outputs: prints OUTDIR/path of each output, sorted, one a line, to
 *   `list`, and writes only the depfile (if asked);
 * - otherwise writes below OUTDIR the outputs that changed and the manifest
 *   (sorted, with sizes and hashes; written anew on every run, so its time
 *   serves as the build's stamp), writes the depfile (targets: the
 *   manifest, then the outputs, or else depfile_target alone), and drops
 *   the files the old manifest records that are no longer produced and
 *   still match their record, then the folders that leaves empty.
 * All or nothing: on failure returns false with a message in `err`, and
 * no file has changed. */
bool manifest_commit(Arena *a, const BuildRequest *b, const Vec *outputs, BuildStage *bs,
                     const SourceMap *const *maps, int nmaps, FILE *list, char *err, size_t errlen);

#endif
