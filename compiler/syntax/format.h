/* format.h - the canonical layout of .ecs source: what `ecsc fmt` prints,
 * and what other tools (ecsc import, the language server) call to write
 * .ecs text.  The rules are in docs/language.md, "Formatting"; formatting
 * never changes what a file means (the compiled output of a file and of
 * its formatted text are byte-identical) and is idempotent.
 */
#ifndef ECSC_SYNTAX_FORMAT_H
#define ECSC_SYNTAX_FORMAT_H

#include "base/strbuf.h"
#include "diag/diag.h"
#include "source/source.h"

#include <stdbool.h>
#include <stddef.h>

/* Formats file `file` of `sm` and appends the result to `out`.  Returns
   false, with `out` unchanged, when the file does not parse; the problems
   are reported to `diag` as the compiler reports them (render them with
   diag_render_text and `sm`).  Scratch memory comes from `a`. */
bool fmt_file(Arena *a, DiagEngine *diag, const SourceMap *sm, uint32_t file, StrBuf *out);

/* The same for text in memory: adds it to `sm` as a file called `name`
   (the name diagnostics show) and formats it. */
bool fmt_source(Arena *a, DiagEngine *diag, SourceMap *sm, const char *name,
                const char *text, size_t len, StrBuf *out);

#endif
