/* cmd_lsp.c - `ecsc lsp [-I DIR]... [-D NAME=VALUE]...`: the language
   server (compiler/lsp/lsp.h) on stdin and stdout. */
#include "driver/commands.h"
#include "lsp/lsp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_lsp(int argc, char **argv)
{
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    const char **defs = calloc((size_t)argc + 1, sizeof *defs);
    int nd = 0, nf = 0, rc = -1;
    if (!dirs || !defs) {
        fputs("ecsc lsp: out of memory\n", stderr);
        rc = 2;
    }
    for (int i = 1; rc < 0 && i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-I") == 0 || strcmp(a, "-D") == 0) && i + 1 < argc) {
            (a[1] == 'I' ? dirs : defs)[a[1] == 'I' ? nd++ : nf++] = argv[++i];
        } else if ((strncmp(a, "-I", 2) == 0 || strncmp(a, "-D", 2) == 0) && a[2]) {
            (a[1] == 'I' ? dirs : defs)[a[1] == 'I' ? nd++ : nf++] = a + 2;
        } else if (strcmp(a, "--stdio") == 0) {
            /* what VS Code's client passes: stdio is the only transport */
        } else if (strcmp(a, "--help") == 0) {
            fputs("usage: ecsc lsp [-I DIR]... [-D NAME=VALUE]...\n\n"
                  "Runs the language server on stdin and stdout (the Language Server\n"
                  "Protocol); an editor starts it.  See docs/editors.md.\n", stdout);
            rc = 0;
        } else {
            fprintf(stderr, "ecsc lsp: unknown argument '%s' (try ecsc lsp --help)\n", a);
            rc = 2;
        }
    }
    if (rc < 0) {
        LspOptions opt = {dirs, defs};
        rc = lsp_serve(STDIN_FILENO, STDOUT_FILENO, &opt);
    }
    free(dirs);
    free(defs);
    return rc;
}
