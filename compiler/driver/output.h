/* output.h - writing the output folder all-or-nothing. */
#ifndef ECSC_DRIVER_OUTPUT_H
#define ECSC_DRIVER_OUTPUT_H

#include "base/vec.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/uio.h>

/* Writes every OutputFile* of `files` below `dir`.  Each file goes to a
 * temporary sibling first; only when all are written are they renamed into
 * place, so a failure leaves the folder as it was.  Files whose content is
 * unchanged are not rewritten (their modification time stays).  On failure
 * returns false with a message in `err`. */
bool output_write_all(const Vec *files, const char *dir, char *err, size_t errlen);

/* The same transaction, and more: with `dir` NULL each path is used as
 * given (relative to the working folder); every char* path of `stale` (may
 * be NULL) is removed once all files are in place, and put back if a later
 * step fails. */
bool output_commit(const Vec *files, const char *dir, const Vec *stale, char *err, size_t errlen);

/* The same transaction in steps, for files that arrive one at a time and
 * need not be held: output_stage_file() writes one file (path below `dir`,
 * or as given when `dir` is NULL) to its temporary sibling at once (in a
 * folder that does not exist yet: under its own name, in a temporary twin
 * of that folder, renamed into place whole), or notes that it is
 * unchanged; output_stage_commit() renames them all into
 * place and removes `stale` (may be NULL), or undoes everything; and
 * output_stage_abort() drops what was staged.  Commit and abort free the
 * stage.  A failed output_stage_file() leaves the stage to be aborted. */
typedef struct OutputStage OutputStage;
OutputStage *output_stage_new(const char *dir);
bool output_stage_file(OutputStage *s, const char *path, const char *data, size_t len,
                       char *err, size_t errlen);
/* The same for a file given in `niov` pieces. */
bool output_stage_iov(OutputStage *s, const char *path, const struct iovec *iov, int niov,
                      char *err, size_t errlen);
bool output_stage_commit(OutputStage *s, const Vec *stale, char *err, size_t errlen);
void output_stage_abort(OutputStage *s);

/* output_stage_file() in two steps, for writing on other threads:
 * output_stage_add() makes the file's folder and takes its place in the
 * stage (NULL on failure), on the stage's own thread; output_slot_write()
 * then writes it (or finds it unchanged) and may run on any thread, several
 * slots at once, each slot once, all before the commit or abort.  A failed
 * step leaves the stage to be aborted. */
typedef struct OutputSlot OutputSlot;
OutputSlot *output_stage_add(OutputStage *s, const char *path, char *err, size_t errlen);
bool output_slot_write(OutputSlot *slot, const struct iovec *iov, int niov, char *err,
                       size_t errlen);

#endif
