/* fmt_invariants.h - what formatting must keep, checked on one text by
 * tests/fmt/fmt_check.c (every file of the repository) and by the fuzzer
 * tests/fuzz/fuzz_fmt.c: the formatted text parses to the same syntax tree
 * (the --dump-ast tree without spans), keeps every comment (number, texts,
 * order), formats to itself, and has no blank at the end of a line, one
 * final newline and no two blank lines in a row. */
#ifndef ECSC_TESTS_FMT_INVARIANTS_H
#define ECSC_TESTS_FMT_INVARIANTS_H

#include "base/strbuf.h"
#include "diag/diag.h"
#include "syntax/ast.h"
#include "syntax/format.h"
#include "syntax/parse.h"

#include <stdbool.h>
#include <string.h>

/* The tree as --dump-ast prints it, without the ` @lo-hi` spans. */
static char *tree_text(Arena *a, const AstFile *f)
{
    StrBuf b = {0};
    ast_dump(f, &b);
    const char *s = strbuf_cstr(&b);
    char *t = arena_alloc(a, b.len + 1), *o = t;
    for (const char *p = s; *p;) {
        if (p[0] == ' ' && p[1] == '@') {
            const char *q = p + 2;
            while ((*q >= '0' && *q <= '9') || *q == '-')
                q++;
            if (*q == ')' || *q == '\n' || *q == '\0') {
                p = q;
                continue;
            }
        }
        *o++ = *p++;
    }
    *o = '\0';
    strbuf_free(&b);
    return t;
}

static char *comment_text(Arena *a, const SourceFile *sf, const AstComment *c)
{
    uint32_t hi = c->span.hi;
    while (hi > c->span.lo && strchr(" \t\r", sf->text[hi - 1]))
        hi--;
    return arena_strndup(a, sf->text + c->span.lo, hi - c->span.lo);
}

/* NULL when `text` (called `path`) formats as it must, else what went
   wrong.  *parsed: whether it parsed at all (if not, nothing is checked). */
static const char *fmt_invariants(const char *path, const char *text, size_t len, bool *parsed)
{
    Arena a;
    arena_init(&a);
    SourceMap sm;
    source_map_init(&sm, &a);
    DiagEngine d;
    diag_init(&d, &a);
    StrBuf once = {0}, twice = {0};
    const char *bad = NULL;
    *parsed = fmt_source(&a, &d, &sm, path, text, len, &once);
    if (!*parsed)
        goto done;
    AstFile *t1 = parse_file(&a, &d, &sm, 1);
    uint32_t id2 = source_add(&sm, "formatted", strbuf_cstr(&once), once.len);
    AstFile *t2 = parse_file(&a, &d, &sm, id2);
    if (diag_error_count(&d)) {
        bad = "the formatted text does not parse";
        goto done;
    }
    if (strcmp(tree_text(&a, t1), tree_text(&a, t2)) != 0)
        bad = "the formatted text parses to another tree";
    if (t1->comments.len != t2->comments.len) {
        bad = "comments were lost or added";
    } else {
        for (int i = 0; i < t1->comments.len; i++)
            if (strcmp(comment_text(&a, source_get(&sm, 1), t1->comments.items[i]),
                       comment_text(&a, source_get(&sm, id2), t2->comments.items[i])) != 0)
                bad = "a comment changed";
    }
    if (!fmt_source(&a, &d, &sm, "formatted-again", once.data ? once.data : "", once.len, &twice) ||
        twice.len != once.len || memcmp(strbuf_cstr(&twice), strbuf_cstr(&once), once.len) != 0)
        bad = "formatting the formatted text changes it (not idempotent)";
    const char *o = strbuf_cstr(&once);
    if (strstr(o, " \n") || (once.len && o[once.len - 1] != '\n') || strstr(o, "\n\n\n"))
        bad = "blanks at the end of a line, no final newline, or two blank lines";
done:
    strbuf_free(&once);
    strbuf_free(&twice);
    arena_free(&a);
    return bad;
}

#endif
