/* fmt_check.c - checks the formatter (syntax/format.h) on every file named
 * (fmt_invariants.h says what is checked).  Files with syntax errors are
 * counted and left out.  Prints one line of counts; exit status 1 if a file
 * failed, 2 if none could be checked. */
#include "fmt_invariants.h"

#include <stdio.h>
#include <stdlib.h>

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
        const char *bad = fmt_invariants(argv[i], b.data ? b.data : "", b.len, &parsed);
        if (bad)
            fprintf(stderr, "fmt_check: %s: %s\n", argv[i], bad);
        bool ok = !bad;
        strbuf_free(&b);
        checked += parsed;
        skipped += !parsed;
        failed += !ok;
    }
    printf("fmt_check: %d files formatted and checked (same tree, every comment, idempotent), "
           "%d with syntax errors left out, %d failed\n", checked, skipped, failed);
    return failed ? 1 : checked ? 0 : 2;
}
