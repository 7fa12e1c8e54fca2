/* module.h - the files of an application: the root file and what it
 * imports, each parsed once. Loaded by driver/modules.c, read by expand. */
#ifndef ECSC_SEMA_MODULE_H
#define ECSC_SEMA_MODULE_H

#include "base/vec.h"
#include "syntax/ast.h"

typedef struct Module Module;

typedef struct ModuleImport {
    Module *module;
    const char *alias;      /* `as NAME`; NULL: names are seen unqualified */
    Span span;              /* the import statement */
} ModuleImport;

struct Module {
    const char *key;        /* canonical path, or "std/NAME" */
    const char *name;       /* for messages: the path as written */
    uint32_t file;
    AstFile *ast;
    Vec imports;            /* ModuleImport* */
    bool is_stdlib;
    int state;              /* loader: 0 new, 1 on the stack, 2 done */
};

#endif
