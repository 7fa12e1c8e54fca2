/* output.h - writing the output folder all-or-nothing. */
#ifndef ECSC_DRIVER_OUTPUT_H
#define ECSC_DRIVER_OUTPUT_H

#include "base/vec.h"

#include <stdbool.h>
#include <stddef.h>

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

#endif
