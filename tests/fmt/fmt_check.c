/* fmt_check.c - checks the formatter (syntax/format.h) on every file named:
 * for each file that parses, the formatted text
 *   - parses to the same syntax tree (the --dump-ast tree without spans),
 *   - keeps every comment (the same number, the same texts, in order),
 *   - formats to itself (idempotence),
 *   - has no blank at the end of a line and ends with one newline.
 * Files with syntax errors are counted and left out.  Prints one line of
 * counts; exit status 1 if a file failed, 2 if none could be checked. */
#include "base/strbuf.h"
#include "diag/diag.h"
#include "syntax/ast.h"
#include "syntax/format.h"
#include "syntax/parse.h"

#include <stdio.h>
#include <stdlib.h>
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

static bool fail(const char *path, const char *what)
{
    fprintf(stderr, "fmt_check: %s: %s\n", path, what);
    return false;
}

static bool check_text(const char *path, const char *text, size_t len, bool *parsed)
{
    Arena a;
    arena_init(&a);
    SourceMap sm;
    source_map_init(&sm, &a);
    DiagEngine d;
    diag_init(&d, &a);
    StrBuf once = {0}, twice = {0};
    bool ok = true;
    *parsed = fmt_source(&a, &d, &sm, path, text, len, &once);
    if (!*parsed)
        goto done;
    AstFile *t1 = parse_file(&a, &d, &sm, 1);
    uint32_t id2 = source_add(&sm, "formatted", strbuf_cstr(&once), once.len);
    AstFile *t2 = parse_file(&a, &d, &sm, id2);
    if (diag_error_count(&d)) {
        ok = fail(path, "the formatted text does not parse");
        goto done;
    }
    if (strcmp(tree_text(&a, t1), tree_text(&a, t2)) != 0)
        ok = fail(path, "the formatted text parses to another tree");
    if (t1->comments.len != t2->comments.len) {
        ok = fail(path, "comments were lost or added");
    } else {
        for (int i = 0; i < t1->comments.len; i++)
            if (strcmp(comment_text(&a, source_get(&sm, 1), t1->comments.items[i]),
                       comment_text(&a, source_get(&sm, id2), t2->comments.items[i])) != 0)
                ok = fail(path, "a comment changed");
    }
    if (!fmt_source(&a, &d, &sm, "formatted-again", once.data ? once.data : "", once.len, &twice) ||
        twice.len != once.len || memcmp(strbuf_cstr(&twice), strbuf_cstr(&once), once.len) != 0)
        ok = fail(path, "formatting the formatted text changes it (not idempotent)");
    const char *o = strbuf_cstr(&once);
    if (strstr(o, " \n") || (once.len && o[once.len - 1] != '\n') || strstr(o, "\n\n\n"))
        ok = fail(path, "blanks at the end of a line, no final newline, or two blank lines");
done:
    strbuf_free(&once);
    strbuf_free(&twice);
    arena_free(&a);
    return ok;
}

int main(int argc, char **argv)
{
    int checked = 0, skipped = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            perror(argv[i]);
            return 2;
        }
        StrBuf b = {0};
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
            strbuf_putn(&b, chunk, n);
        fclose(fp);
        bool parsed;
        bool ok = check_text(argv[i], b.data ? b.data : "", b.len, &parsed);
        strbuf_free(&b);
        checked += parsed;
        skipped += !parsed;
        failed += !ok;
    }
    printf("fmt_check: %d files formatted and checked (same tree, every comment, idempotent), "
           "%d with syntax errors left out, %d failed\n", checked, skipped, failed);
    return failed ? 1 : checked ? 0 : 2;
}
