/* output.h - replacing the output folder as a whole, in one step.
 *
 * A build is staged in a new folder beside the output folder OUTDIR
 * (".OUTDIR.ecsc-new.PID" in OUTDIR's parent, locked by its run); at the
 * commit the two are swapped with one rename (renameat2 RENAME_EXCHANGE),
 * and the old one is removed.  A reader sees the complete old or the
 * complete new folder at every instant, and a run killed at any point
 * leaves the folder as it was (its staging folder is removed by the next
 * run).  In the new folder:
 * - an output whose bytes are unchanged is a hard link to the old file, so
 *   it keeps its inode and modification time;
 * - every file and folder ecsc did not write is carried over (hard-linked:
 *   the same inodes), except files an earlier run wrote that this one no
 *   longer produces: the caller names them with the size and hash recorded
 *   when they were written, and one is dropped only while it still has
 *   them (with the folders that leaves empty).
 * Nothing below OUTDIR is reached through a symbolic link: folders are
 * opened one part at a time with O_NOFOLLOW, and a link, a FIFO, a device
 * or a socket where an output (or a folder of outputs) goes is an error.
 * OUTDIR itself, as given, may be a link: its target is the output folder.
 * Commits into one folder take turns: each holds a lock (flock) on the
 * folder the swap happens in.
 * OUTDIR must be a folder that can be renamed: not a mount point, not the
 * working folder or one above it, not "/". */
#ifndef ECSC_DRIVER_OUTPUT_H
#define ECSC_DRIVER_OUTPUT_H

#include "base/vec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

typedef struct OutputStage OutputStage;
typedef struct OutputSlot OutputSlot;

/* A file an earlier run wrote: path below OUTDIR, size and fshash. */
typedef struct OutputKnown {
    const char *path;
    uint64_t size, hash;
} OutputKnown;

typedef struct OutputCommit {
    const OutputKnown *stale;   /* sorted by path (strcmp); dropped while they match */
    int nstale;
    const char *depfile;        /* written with the folder (NULL: none) ... */
    const char *deptext;        /* ... with this text */
} OutputCommit;

/* Starts a new folder for OUTDIR `dir` (NULL with a message in `err` when
 * it cannot be replaced as a whole). */
OutputStage *output_stage_new(const char *dir, char *err, size_t errlen);

/* output_stage_add() makes the folder of `path` (below OUTDIR) in the new
 * folder and checks the old one on the way (no link, no file where a
 * folder goes, nothing but a regular file at `path`); then
 * output_slot_write() writes the file, or links the old one when its bytes
 * are the same.  Slots are added on one thread and may be written on any,
 * several at once, each once, all before the commit.  A failed step leaves
 * the stage to be aborted. */
OutputSlot *output_stage_add(OutputStage *s, const char *path, char *err, size_t errlen);
bool output_slot_write(OutputSlot *slot, const struct iovec *iov, int niov, char *err,
                       size_t errlen);
/* After output_slot_write(): the file's size and fshash. */
void output_slot_digest(const OutputSlot *slot, uint64_t *size, uint64_t *hash);

/* Both steps at once. */
OutputSlot *output_stage_iov(OutputStage *s, const char *path, const struct iovec *iov,
                             int niov, char *err, size_t errlen);
OutputSlot *output_stage_file(OutputStage *s, const char *path, const char *data, size_t len,
                              char *err, size_t errlen);

/* As output_stage_file(), but written anew even when unchanged: its time
 * says when the build last succeeded (the manifest). */
OutputSlot *output_stage_stamp(OutputStage *s, const char *path, const char *data, size_t len,
                               char *err, size_t errlen);

/* Takes the lock (waiting up to ECSC_LOCK_WAIT seconds, default 60) and
 * opens OUTDIR as it is now: output_stage_read() then reads a regular
 * file of it (*data NULL when there is none; an error when it is anything
 * else or over `max` bytes; free() it).  Called once, before the commit. */
bool output_stage_lock(OutputStage *s, char *err, size_t errlen);
bool output_stage_read(OutputStage *s, const char *path, size_t max, char **data, size_t *len,
                       char *err, size_t errlen);

/* Carries over what ecsc did not write, writes the depfile, swaps the
 * folders (taking the lock if not taken) and removes the old one; or, on
 * failure, changes nothing.  Commit and abort free the stage. */
bool output_stage_commit(OutputStage *s, const OutputCommit *c, char *err, size_t errlen);
void output_stage_abort(OutputStage *s);

/* Every OutputFile* of `files` below `dir`, in one stage. */
bool output_write_all(const Vec *files, const char *dir, char *err, size_t errlen);

/* One file outside any output folder (the depfile of --list-outputs):
 * written beside it and renamed over it; anything but a regular file there
 * (a link, a FIFO, a device) is an error and is left alone. */
bool output_write_file(const char *path, const char *data, size_t len, char *err,
                       size_t errlen);

/* SIGINT, SIGTERM and SIGHUP remove the staging folder (and a temporary
 * depfile) of the stage in progress, then end the process by the same
 * signal.  Called once by main(); other threads must block the signals. */
void output_signals_install(void);

#endif
