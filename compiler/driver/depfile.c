/* depfile.c - Make-syntax dependency files. */
#include "driver/depfile.h"

#include "base/strbuf.h"

#include <limits.h>
#include <string.h>
#include <unistd.h>

static const char *tidy(Arena *a, const char *path)
{
    while (path[0] == '.' && path[1] == '/' && path[2])
        path += 2;
    char *p = arena_strdup(a, path), *w = p;
    for (const char *r = p; *r;) {
        if (r[0] == '/' && r[1] == '.' && r[2] == '/')
            r += 2;
        else if (r[0] == '/' && r[1] == '/')
            r += 1;
        else
            *w++ = *r++;
    }
    *w = '\0';
    return p;
}

void depfile_add(Arena *a, Vec *deps, const char *path)
{
    path = tidy(a, path);
    for (int i = 0; i < deps->len; i++)
        if (strcmp(deps->items[i], path) == 0)
            return;
    vec_push(a, deps, (void *)path);
}

void depfile_add_sources(Arena *a, Vec *deps, const SourceMap *sm)
{
    for (int i = 0; i < sm->files.len; i++) {
        const SourceFile *f = sm->files.items[i];
        if (f->name[0] != '<') {
            depfile_add(a, deps, f->name);
            continue;
        }
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n > 0) {
            exe[n] = '\0';
            depfile_add(a, deps, exe);
        }
    }
}

/* GNU Make's escapes, which Ninja's depfile reader follows too:
   backslashes before a space are doubled, then space and '#' get a
   backslash, '$' is doubled. */
static void put_escaped(StrBuf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\t') {
            for (const char *q = p; q > s && q[-1] == '\\'; q--)
                strbuf_putc(b, '\\');
            strbuf_putc(b, '\\');
        } else if (*p == '#') {
            strbuf_putc(b, '\\');
        } else if (*p == '$') {
            strbuf_putc(b, '$');
        }
        strbuf_putc(b, *p);
    }
}

char *depfile_text(Arena *a, const Vec *targets, const Vec *deps)
{
    StrBuf b = {0};
    for (int i = 0; i < targets->len; i++) {
        if (i)
            strbuf_puts(&b, " \\\n ");
        put_escaped(&b, targets->items[i]);
    }
    strbuf_putc(&b, ':');
    for (int i = 0; i < deps->len; i++) {
        strbuf_puts(&b, " \\\n ");
        put_escaped(&b, deps->items[i]);
    }
    strbuf_putc(&b, '\n');
    char *s = arena_strdup(a, strbuf_cstr(&b));
    strbuf_free(&b);
    return s;
}
