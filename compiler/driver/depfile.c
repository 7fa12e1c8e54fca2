/* depfile.c - Make-syntax dependency files. */
#include "driver/depfile.h"

#include "base/strbuf.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
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

/* Why `s` cannot stand in a depfile, or NULL.  No escape gets these past
   both Make and Ninja: a line break ends the rule, ';' starts a recipe,
   '|' starts order-only prerequisites, '=' makes a variable, a backslash
   at the end escapes the separator after it. */
static const char *unwritable(const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f)
            return c == '\n' ? "a line break" : "a control character";
        if (c == ';')
            return "';' (make runs what follows as a recipe)";
        if (c == '|')
            return "'|' (make reads what follows as order-only prerequisites)";
        if (c == '=')
            return "'=' (make reads the line as a variable)";
    }
    if (*s && s[strlen(s) - 1] == '\\')
        return "a backslash at the end";
    return NULL;
}

/* `s` for a message: control characters as \n, \t, \xNN. */
static void put_shown(StrBuf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n')
            strbuf_puts(b, "\\n");
        else if (c == '\t')
            strbuf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7f)
            strbuf_printf(b, "\\x%02x", c);
        else
            strbuf_putc(b, *p);
    }
}

/* As GCC writes names (Make's escapes, which Ninja's depfile reader
   follows too): a space gets a backslash and the backslashes before it
   are doubled, '#' and ':' get a backslash, '$' is doubled; in a target
   '%' gets a backslash too (else the rule is a pattern rule). */
static void put_escaped(StrBuf *b, const char *s, bool target)
{
    for (const char *p = s; *p; p++) {
        if (*p == ' ') {
            for (const char *q = p; q > s && q[-1] == '\\'; q--)
                strbuf_putc(b, '\\');
            strbuf_putc(b, '\\');
        } else if (*p == '#' || *p == ':' || (target && *p == '%')) {
            strbuf_putc(b, '\\');
        } else if (*p == '$') {
            strbuf_putc(b, '$');
        }
        strbuf_putc(b, *p);
    }
}

static bool put_name(StrBuf *b, const char *s, bool target, char *err, size_t errlen)
{
    const char *why = unwritable(s);
    if (!why) {
        put_escaped(b, s, target);
        return true;
    }
    StrBuf shown = {0};
    put_shown(&shown, s);
    snprintf(err, errlen, "cannot name '%s' in the depfile: it has %s, which Make and Ninja "
                          "cannot read in a file name; rename it", strbuf_cstr(&shown), why);
    strbuf_free(&shown);
    return false;
}

char *depfile_text(Arena *a, const Vec *targets, const Vec *deps, char *err, size_t errlen)
{
    StrBuf b = {0};
    bool ok = true;
    for (int i = 0; ok && i < targets->len; i++) {
        if (i)
            strbuf_puts(&b, " \\\n ");
        ok = put_name(&b, targets->items[i], true, err, errlen);
    }
    strbuf_putc(&b, ':');
    for (int i = 0; ok && i < deps->len; i++) {
        strbuf_puts(&b, " \\\n ");
        ok = put_name(&b, deps->items[i], false, err, errlen);
    }
    strbuf_putc(&b, '\n');
    char *s = ok ? arena_strdup(a, strbuf_cstr(&b)) : NULL;
    strbuf_free(&b);
    return s;
}
