/* stdlib.c - lookup in the embedded standard library. */
#include "driver/stdlib.h"

#include <string.h>

const StdlibFile *stdlib_find(const char *name)
{
    for (const StdlibFile *f = stdlib_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
