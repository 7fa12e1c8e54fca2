/* diag.h - the one entry point for user-facing diagnostics.
 *
 * Diagnostics are collected (never printed as they are raised) so that the
 * driver can sort them, stop at --max-errors and render them as text or,
 * later, as JSON.  Each has a stable code (E0xxx errors, W0xxx warnings)
 * documented in docs/diagnostics.md.
 */
#ifndef ECSC_DIAG_DIAG_H
#define ECSC_DIAG_DIAG_H

#include "base/arena.h"
#include "base/map.h"
#include "base/vec.h"
#include "source/source.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum DiagSeverity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagSeverity;

typedef struct DiagNote {
    Span span;              /* SPAN_NONE: a note with no place */
    const char *msg;
} DiagNote;

typedef struct Diagnostic {
    DiagSeverity severity;
    const char *code;       /* "E0101" */
    Span span;
    const char *msg;
    Vec notes;              /* DiagNote* */
    unsigned seq;           /* order raised, for a stable sort */
    Arena *arena;           /* where notes are allocated */
} Diagnostic;

/* A template's body and where it was used: a diagnostic inside the body
   gets a note at the use site. */
typedef struct DiagExpansion {
    Span body, use;
    const char *name;
} DiagExpansion;

typedef struct DiagEngine {
    Arena *arena;
    Vec diags;              /* Diagnostic* */
    Vec expansions;         /* DiagExpansion* */
    int errors, warnings;
    int max_errors;         /* 0: no limit */
    bool werror;            /* warnings count as errors */
    bool truncated;         /* more errors than max_errors were raised */
    Diagnostic *hidden;     /* returned for errors past max_errors */
    Vec hidden_files;       /* ids (as void*) of files whose lines are never shown */
    Map seen;               /* "code file lo hi message" of each shown diagnostic */
} DiagEngine;

void diag_init(DiagEngine *d, Arena *a);

/* Both return a handle for diag_note; when max_errors is reached they
   return a detached diagnostic that is never shown, so callers need no
   checks. */
Diagnostic *diag_error(DiagEngine *d, Span span, const char *code,
                       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
Diagnostic *diag_warning(DiagEngine *d, Span span, const char *code,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_note(Diagnostic *dg, Span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int diag_error_count(const DiagEngine *d);

/* False for the detached diagnostic returned past --max-errors (and for a
   repeat): notes and suggestions for it need not be computed. */
bool diag_is_shown(const Diagnostic *dg);

/* Diagnostics in file `file` show its place, never its lines: for a file
   that does not look like .ecs source (docs/diagnostics.md, "Files that
   are not source"). */
void diag_hide_source(DiagEngine *d, uint32_t file);
bool diag_source_hidden(const DiagEngine *d, uint32_t file);

/* Records that template `name`, whose body is `body`, was used at `use`. */
void diag_add_expansion(DiagEngine *d, Span body, Span use, const char *name);

/* Text rendering: `file:line:col: error[CODE]: message`, the source line
   with a caret under the span, then the notes.  Sorted by place. */
void diag_render_text(const DiagEngine *d, const SourceMap *sm, FILE *out,
                      bool color);

/* --diagnostics-format: text (above), json (one object a line) or sarif
   (one SARIF 2.1.0 log for the whole run); see render_json.c. */
typedef enum DiagFormat { DIAG_FORMAT_TEXT, DIAG_FORMAT_JSON, DIAG_FORMAT_SARIF } DiagFormat;

typedef struct DiagRenderer {
    DiagFormat format;
    FILE *out;
    bool color;             /* text only */
    struct cJSON *sarif;    /* SARIF results gathered so far */
} DiagRenderer;

/* "text", "json" or "sarif"; false for anything else. */
bool diag_format_parse(const char *s, DiagFormat *f);
void diag_renderer_init(DiagRenderer *r, DiagFormat format, FILE *out, bool color);
/* Renders (SARIF: gathers) the diagnostics of one compilation. */
void diag_render(DiagRenderer *r, const DiagEngine *d, const SourceMap *sm);
/* SARIF: writes the one log, even with no results.  Others: nothing. */
void diag_renderer_finish(DiagRenderer *r);

#endif
