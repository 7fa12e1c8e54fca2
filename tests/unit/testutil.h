/* testutil.h - a Compiler fixture for unit tests: compile a source string,
 * then look for a diagnostic by code and line:col (libyang's CHECK_LOG). */
#ifndef ECSC_TESTS_TESTUTIL_H
#define ECSC_TESTS_TESTUTIL_H

#include "driver/compiler.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* Compiles `src` (as file "t.ecs") through check; returns true if it had
   no errors.  Call compiler_free(c) afterwards. */
static inline bool tu_compile(Compiler *c, const char *src)
{
    compiler_init(c);
    c->diag.max_errors = 0;
    compiler_add_source(c, "t.ecs", src, strlen(src));
    return compiler_check(c);
}

/* The first diagnostic with `code`, or NULL. */
static inline const Diagnostic *tu_find(const Compiler *c, const char *code)
{
    for (int i = 0; i < c->diag.diags.len; i++) {
        const Diagnostic *d = c->diag.diags.items[i];
        if (d->code && strcmp(d->code, code) == 0)
            return d;
    }
    return NULL;
}

static inline int tu_count(const Compiler *c, const char *code)
{
    int n = 0;
    for (int i = 0; i < c->diag.diags.len; i++) {
        const Diagnostic *d = c->diag.diags.items[i];
        n += d->code && strcmp(d->code, code) == 0;
    }
    return n;
}

static inline void tu_dump(const Compiler *c)
{
    diag_render_text(&c->diag, &c->sources, stderr, false);
}

/* Asserts a diagnostic `code` at "line:col" whose message contains `text`. */
#define CHECK_DIAG(c, code, linecol, text)                                        \
    do {                                                                          \
        const Diagnostic *d_ = tu_find((c), (code));                              \
        if (!d_) {                                                                \
            tu_dump(c);                                                           \
            fail_msg("no diagnostic %s", (code));                                 \
        }                                                                         \
        uint32_t l_, col_;                                                        \
        source_line_col(&(c)->sources, d_->span.file, d_->span.lo, &l_, &col_);   \
        char at_[32];                                                             \
        snprintf(at_, sizeof at_, "%u:%u", l_, col_);                             \
        assert_string_equal(at_, (linecol));                                      \
        if (!strstr(d_->msg, (text)))                                             \
            fail_msg("message '%s' lacks '%s'", d_->msg, (text));                 \
    } while (0)

/* Asserts that compiling produced no error and no warning. */
#define CHECK_CLEAN(c)                                                            \
    do {                                                                          \
        if ((c)->diag.diags.len) {                                                \
            tu_dump(c);                                                           \
            fail_msg("expected no diagnostics");                                  \
        }                                                                         \
    } while (0)

#endif
