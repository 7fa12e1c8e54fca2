/* output.c - atomic, change-only writes of the output folder. */
#include "driver/output.h"

#include "emit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Pending {
    char *final, *tmp;
} Pending;

/* mkdir -p; remembers the folders it created so a failure can remove them. */
static bool make_dirs(const char *path, char ***made, int *nmade, char *err, size_t errlen)
{
    char *p = strdup(path);
    if (!p)
        return false;
    for (char *s = p + 1;; s++) {
        bool end = *s == '\0';
        if (*s == '/' || end) {
            *s = '\0';
            struct stat st;
            if (stat(p, &st) != 0) {
                if (mkdir(p, 0777) != 0) {
                    snprintf(err, errlen, "cannot create folder '%s': %s", p, strerror(errno));
                    free(p);
                    return false;
                }
                *made = realloc(*made, sizeof(char *) * (size_t)(*nmade + 1));
                if (!*made)
                    abort();
                (*made)[(*nmade)++] = strdup(p);
            } else if (!S_ISDIR(st.st_mode)) {
                snprintf(err, errlen, "'%s' exists and is not a folder", p);
                free(p);
                return false;
            }
            if (end)
                break;
            *s = '/';
        }
    }
    free(p);
    return true;
}

static bool same_content(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool same = true;
    char buf[65536];
    size_t off = 0, n;
    while (same && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (off + n > len || memcmp(buf, data + off, n) != 0)
            same = false;
        off += n;
    }
    fclose(f);
    return same && off == len;
}

static bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    ok = fflush(f) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    return ok;
}

bool output_write_all(const Vec *files, const char *dir, char *err, size_t errlen)
{
    char **made = NULL;
    int nmade = 0;
    Pending *pend = calloc((size_t)files->len + 1, sizeof *pend);
    if (!pend)
        abort();
    int npend = 0;
    bool ok = true;
    for (int i = 0; ok && i < files->len; i++) {
        const OutputFile *f = files->items[i];
        size_t n = strlen(dir) + strlen(f->path) + 2;
        char *final = malloc(n);
        if (!final)
            abort();
        snprintf(final, n, "%s/%s", dir, f->path);
        char *slash = strrchr(final, '/');
        *slash = '\0';
        ok = make_dirs(final, &made, &nmade, err, errlen);
        *slash = '/';
        if (!ok) {
            free(final);
            break;
        }
        if (same_content(final, f->data, f->len)) {
            free(final);
            continue;
        }
        size_t tn = n + 32;
        char *tmp = malloc(tn);
        if (!tmp)
            abort();
        snprintf(tmp, tn, "%s.tmp.%ld", final, (long)getpid());
        pend[npend].final = final;
        pend[npend].tmp = tmp;
        npend++;
        if (!write_file(tmp, f->data, f->len)) {
            snprintf(err, errlen, "cannot write '%s': %s", final, strerror(errno));
            ok = false;
        }
    }
    for (int i = 0; ok && i < npend; i++) {
        if (rename(pend[i].tmp, pend[i].final) != 0) {
            snprintf(err, errlen, "cannot replace '%s': %s", pend[i].final, strerror(errno));
            ok = false;
        }
    }
    if (!ok) {
        for (int i = 0; i < npend; i++)
            unlink(pend[i].tmp);
        for (int i = nmade - 1; i >= 0; i--)
            rmdir(made[i]);
    }
    for (int i = 0; i < npend; i++) {
        free(pend[i].final);
        free(pend[i].tmp);
    }
    free(pend);
    for (int i = 0; i < nmade; i++)
        free(made[i]);
    free(made);
    return ok;
}
