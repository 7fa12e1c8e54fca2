/* modules.h - loading the files an application imports. */
#ifndef ECSC_DRIVER_MODULES_H
#define ECSC_DRIVER_MODULES_H

#include "driver/compiler.h"
#include "sema/module.h"

/* Parses the root file `root` and, depth first, every file it imports
 * (`import "./x.ecs"`, `import "lib.ecs"` from -I dirs, `import "std/NAME"`
 * from the embedded standard library), each once.  Appends Module* to
 * `out`, root first.  Missing files and cycles are reported at the import;
 * returns false when any was. */
bool modules_load(Compiler *c, uint32_t root, Vec *out);

#endif
