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

#endif
