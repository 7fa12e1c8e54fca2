/* output_impl.h - what output.c (the stage) and output_commit.c (the swap)
 * share; no other file includes it. */
#ifndef ECSC_DRIVER_OUTPUT_IMPL_H
#define ECSC_DRIVER_OUTPUT_IMPL_H

#include "driver/output.h"

#include <stdbool.h>
#include <sys/types.h>

/* A folder below OUTDIR that outputs go into: open in the new tree, and in
   the old one when it is there. */
typedef struct OutDir {
    char *rel;              /* "" for OUTDIR itself */
    int newfd;
    int oldfd;              /* -1: no such folder in the old OUTDIR */
} OutDir;

struct OutputSlot {
    char *rel;              /* the path below OUTDIR */
    const char *name;       /* its last part */
    int newfd, oldfd;       /* its folder, new and old (-1: none) */
    bool old;               /* a regular file was at `rel`: compare it ... */
    uint64_t old_size;      /* ... when it has this size */
    uint64_t size, hash;
};

struct OutputStage {
    char *shown;            /* OUTDIR as given, for messages */
    int basefd;             /* OUTDIR's parent: where the swap happens, and the lock */
    char *top;              /* OUTDIR's name in it */
    char *tmp;              /* the new folder's name in it: ".TOP.ecsc-new.PID" */
    int newroot;            /* the new folder */
    int oldroot;            /* OUTDIR when the stage began, or -1 */
    int curfd;              /* OUTDIR under the lock, or -1 */
    bool locked;
    mode_t newmode;         /* a new OUTDIR's mode (umask applied) */
    char **made;            /* OUTDIR's missing parents, made by this stage (outermost first) */
    int nmade;
    OutDir *dirs;
    int ndirs, capdirs;
    OutputSlot **slots;
    int nslots, capslots;
};

/* The file type of `mode` in words ("a FIFO"). */
const char *output_kind(mode_t mode);

/* ".NAME.WHAT.PID": a sibling's name for NAME, at most NAME_MAX bytes. */
char *output_sibling(const char *name, const char *what, long pid);

/* Frees the stage, removing its new folder and the parents it made. */
void output_stage_free(OutputStage *s);

/* The signal handler's note of what to remove: the new folder in
   `basefd`, and a temporary depfile in `depfd` (-1: none). */
void output_cleanup_arm(int basefd, const char *tmp);
void output_cleanup_dep(int depfd, const char *deptmp);
void output_cleanup_disarm(void);

void *output_xmalloc(size_t n);
char *output_xstrdup(const char *s);

#endif
