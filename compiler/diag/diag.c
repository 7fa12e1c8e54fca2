/* diag.c - collecting diagnostics. */
#include "diag/diag.h"

#include "base/map.h"

#include <stdarg.h>
#include <stdint.h>

void diag_init(DiagEngine *d, Arena *a)
{
    *d = (DiagEngine){.arena = a, .max_errors = 20};
}

static Diagnostic *raise(DiagEngine *d, DiagSeverity sev, Span span,
                         const char *code, const char *fmt, va_list ap)
{
    if (sev == DIAG_ERROR && d->max_errors > 0 && d->errors >= d->max_errors) {
        /* Counted, not shown: one reused hidden diagnostic that diag_note
           ignores, so a flood of errors costs no memory. */
        d->truncated = true;
        d->errors++;
        if (!d->hidden)
            d->hidden = ARENA_NEW(d->arena, Diagnostic);
        *d->hidden = (Diagnostic){.severity = sev, .code = code, .span = span, .msg = ""};
        return d->hidden;
    }
    const char *msg = arena_vprintf(d->arena, fmt, ap);
    /* The same diagnostic at the same place is said once: a template used
       a thousand times has one error in its body, not a thousand. */
    if (!d->seen.arena)
        map_init(&d->seen, d->arena);
    const char *key = arena_printf(d->arena, "%s %u %u %u %s", code, span.file, span.lo, span.hi, msg);
    if (map_put(&d->seen, key, (void *)key)) {
        /* not counted: the first one was, and --max-errors counts distinct ones */
        if (!d->hidden)
            d->hidden = ARENA_NEW(d->arena, Diagnostic);
        *d->hidden = (Diagnostic){.severity = sev, .code = code, .span = span, .msg = ""};
        return d->hidden;
    }
    Diagnostic *dg = ARENA_NEW(d->arena, Diagnostic);
    dg->severity = sev;
    dg->code = code;
    dg->span = span;
    dg->msg = msg;
    dg->seq = (unsigned)d->diags.len;
    dg->arena = d->arena;
    if (sev == DIAG_ERROR) {
        d->errors++;
    } else {
        d->warnings++;
    }
    vec_push(d->arena, &d->diags, dg);
    /* Inside a template: say where it was used (the first use; errors that
       come from arguments already point at the use site). */
    for (int i = 0; i < d->expansions.len; i++) {
        const DiagExpansion *e = d->expansions.items[i];
        if (span.file == e->body.file && span.lo >= e->body.lo && span.hi <= e->body.hi) {
            diag_note(dg, e->use, "in template '%s', used here", e->name);
            break;
        }
    }
    return dg;
}

Diagnostic *diag_error(DiagEngine *d, Span span, const char *code,
                       const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diagnostic *dg = raise(d, DIAG_ERROR, span, code, fmt, ap);
    va_end(ap);
    return dg;
}

Diagnostic *diag_warning(DiagEngine *d, Span span, const char *code,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    DiagSeverity sev = d->werror ? DIAG_ERROR : DIAG_WARNING;
    Diagnostic *dg = raise(d, sev, span, code, fmt, ap);
    va_end(ap);
    return dg;
}

void diag_note(Diagnostic *dg, Span span, const char *fmt, ...)
{
    if (!dg->arena)
        return;     /* the hidden diagnostic of an error past max_errors */
    DiagNote *n = ARENA_NEW(dg->arena, DiagNote);
    n->span = span;
    va_list ap;
    va_start(ap, fmt);
    n->msg = arena_vprintf(dg->arena, fmt, ap);
    va_end(ap);
    vec_push(dg->arena, &dg->notes, n);
}

int diag_error_count(const DiagEngine *d) { return d->errors; }

bool diag_is_shown(const Diagnostic *dg) { return dg->arena != NULL; }

void diag_hide_source(DiagEngine *d, uint32_t file)
{
    if (!diag_source_hidden(d, file))
        vec_push(d->arena, &d->hidden_files, (void *)(uintptr_t)file);
}

bool diag_source_hidden(const DiagEngine *d, uint32_t file)
{
    for (int i = 0; i < d->hidden_files.len; i++)
        if ((uintptr_t)d->hidden_files.items[i] == file)
            return true;
    return false;
}

void diag_add_expansion(DiagEngine *d, Span body, Span use, const char *name)
{
    for (int i = 0; i < d->expansions.len; i++) {
        const DiagExpansion *e = d->expansions.items[i];
        if (e->body.file == body.file && e->body.lo == body.lo)
            return;     /* the first use is the one named */
    }
    DiagExpansion *e = ARENA_NEW(d->arena, DiagExpansion);
    e->body = body;
    e->use = use;
    e->name = name;
    vec_push(d->arena, &d->expansions, e);
}
