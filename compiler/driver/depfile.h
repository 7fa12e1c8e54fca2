/* depfile.h - Make-syntax dependency files (--depfile), as `cc -MD` writes
 * them: the outputs as targets, every file read as prerequisites. */
#ifndef ECSC_DRIVER_DEPFILE_H
#define ECSC_DRIVER_DEPFILE_H

#include "base/arena.h"
#include "base/vec.h"
#include "source/source.h"

/* Appends `path` to `deps` (const char*) unless it is there already; a
   leading "./" and inner "/./" are dropped first. */
void depfile_add(Arena *a, Vec *deps, const char *path);

/* Appends every file of `sm` with depfile_add.  An embedded file (named
   "<std/NAME>") is read from the ecsc executable, which is named instead. */
void depfile_add_sources(Arena *a, Vec *deps, const SourceMap *sm);

/* "t1 t2: d1 \
 *  d2\n", escaped as GCC does (space, '#', ':', '$'; '%' in targets),
 * which Make and Ninja read back.  A name no escape makes safe (a line
 * break or other control character, ';', '|', '=', a backslash at the
 * end) is refused: NULL, with a message in `err`. */
char *depfile_text(Arena *a, const Vec *targets, const Vec *deps, char *err, size_t errlen);

#endif
