/* output.c - atomic, change-only writes of the output folder.
 *
 * Every changed file is written to a temporary sibling first; only when all
 * are written are they renamed into place.  Before the renames each file
 * being replaced gets a hard-linked backup, so a rename that fails halfway
 * (a folder in the way, an I/O error) is undone and the folder is left
 * exactly as it was, old files with their old inodes and times. */
#include "driver/output.h"

#include "emit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct Pending {
    char *final, *tmp;
    char *backup;           /* hard link to the file being replaced, or NULL */
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

/* Creates `path` afresh (never through a planted symlink) and writes it. */
static bool write_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno == EEXIST && unlink(path) == 0)   /* left by a killed run */
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0)
        return false;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            errno = e;
            return false;
        }
        off += (size_t)w;
    }
    return close(fd) == 0;
}

static char *sibling(const char *final, const char *what)
{
    size_t n = strlen(final) + 48;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s.%s.%ld", final, what, (long)getpid());
    return p;
}

/* Links a backup of `p->final` if it exists.  Filesystems without hard
   links get no backup (a failed rename there cannot be undone). */
static bool back_up(Pending *p, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(p->final, &st) != 0 || S_ISDIR(st.st_mode))
        return true;    /* nothing to keep; a folder makes the rename fail */
    char *b = sibling(p->final, "old");
    unlink(b);
    if (link(p->final, b) == 0) {
        p->backup = b;
        return true;
    }
    int e = errno;
    free(b);
    if (e == EPERM || e == EXDEV || e == EMLINK || e == ENOSYS || e == EOPNOTSUPP)
        return true;
    snprintf(err, errlen, "cannot keep a copy of '%s': %s", p->final, strerror(e));
    return false;
}

bool output_write_all(const Vec *files, const char *dir, char *err, size_t errlen)
{
    return output_commit(files, dir, NULL, err, errlen);
}

bool output_commit(const Vec *files, const char *dir, const Vec *stale, char *err, size_t errlen)
{
    char **made = NULL;
    int nmade = 0;
    int nstale = stale ? stale->len : 0;
    Pending *pend = calloc((size_t)(files->len + nstale) + 1, sizeof *pend);
    if (!pend)
        abort();
    int npend = 0;
    bool ok = true;
    for (int i = 0; ok && i < files->len; i++) {
        const OutputFile *f = files->items[i];
        size_t n = (dir ? strlen(dir) : 0) + strlen(f->path) + 2;
        char *final = malloc(n);
        if (!final)
            abort();
        snprintf(final, n, "%s%s%s", dir ? dir : "", dir ? "/" : "", f->path);
        char *slash = strrchr(final, '/');
        if (slash && slash != final) {      /* no folder to make for "x" or "/x" */
            *slash = '\0';
            ok = make_dirs(final, &made, &nmade, err, errlen);
            *slash = '/';
        }
        if (!ok) {
            free(final);
            break;
        }
        if (same_content(final, f->data, f->len)) {
            free(final);
            continue;
        }
        char *tmp = sibling(final, "tmp");
        pend[npend].final = final;
        pend[npend].tmp = tmp;
        npend++;
        if (!write_file(tmp, f->data, f->len)) {
            snprintf(err, errlen, "cannot write '%s': %s", final, strerror(errno));
            ok = false;
        }
    }
    /* Files to remove (no longer produced) come last, with no tmp: backed
       up like the others, so their removal is undone with the renames. */
    for (int i = 0; ok && i < nstale; i++) {
        pend[npend].final = strdup(stale->items[i]);
        if (!pend[npend++].final)
            abort();
    }
    for (int i = 0; ok && i < npend; i++)
        ok = back_up(&pend[i], err, errlen);
    int renamed = 0;
    for (; ok && renamed < npend; renamed++) {
        if (!pend[renamed].tmp) {
            if (unlink(pend[renamed].final) != 0 && errno != ENOENT) {
                snprintf(err, errlen, "cannot remove '%s': %s", pend[renamed].final, strerror(errno));
                ok = false;
                break;
            }
            continue;
        }
        if (rename(pend[renamed].tmp, pend[renamed].final) != 0) {
            snprintf(err, errlen, "cannot replace '%s': %s", pend[renamed].final, strerror(errno));
            ok = false;
            break;
        }
    }
    if (!ok) {
        /* Undo the renames already done, newest first. */
        for (int i = renamed - 1; i >= 0; i--) {
            if (pend[i].backup)
                rename(pend[i].backup, pend[i].final);
            else
                unlink(pend[i].final);
        }
        for (int i = 0; i < npend; i++)
            if (pend[i].tmp)
                unlink(pend[i].tmp);
        for (int i = nmade - 1; i >= 0; i--)
            rmdir(made[i]);
    }
    for (int i = 0; i < npend; i++) {
        if (pend[i].backup)
            unlink(pend[i].backup);     /* already gone when it was restored */
        free(pend[i].final);
        free(pend[i].tmp);
        free(pend[i].backup);
    }
    free(pend);
    for (int i = 0; i < nmade; i++)
        free(made[i]);
    free(made);
    return ok;
}
