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
 *  d2\n", spaces, '#' and '$' escaped as Make (and Ninja) read them. */
char *depfile_text(Arena *a, const Vec *targets, const Vec *deps);

#endif
