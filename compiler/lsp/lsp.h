/* lsp.h - `ecsc lsp`: a Language Server Protocol server over a pair of
 * file descriptors (stdin and stdout), using the compiler as a library.
 *
 * Every open document is checked as the root of its own compilation
 * (check only: nothing is emitted), with the texts of the other open
 * documents standing in for their files on disk, so an unsaved edit of an
 * imported file shows up in the files that import it.  See
 * docs/editors.md for what it offers and how each editor starts it.
 */
#ifndef ECSC_LSP_LSP_H
#define ECSC_LSP_LSP_H

typedef struct LspOptions {
    const char *const *include_dirs;    /* -I folders, NULL-terminated, or NULL */
    const char *const *defines;         /* -D NAME=VALUE, NULL-terminated, or NULL */
} LspOptions;

/* Serves until `exit` or the end of the input; returns the exit status
   (0 after `shutdown` then `exit`, 1 otherwise, as LSP says). */
int lsp_serve(int in_fd, int out_fd, const LspOptions *opt);

#endif
