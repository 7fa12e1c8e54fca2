/* stdlib.h - the standard library, embedded in the binary at build time
   (stdlib/embed.cmake). `import "std/NAME"` reads stdlib/NAME.ecs. */
#ifndef ECSC_DRIVER_STDLIB_H
#define ECSC_DRIVER_STDLIB_H

#include <stddef.h>

typedef struct StdlibFile {
    const char *name;       /* "sidecars" */
    const char *text;
    size_t len;
} StdlibFile;

extern const StdlibFile stdlib_files[];    /* ends with {0} */

/* The embedded file `name`, or NULL. */
const StdlibFile *stdlib_find(const char *name);

#endif
