/* output.c - atomic, change-only writes of the output folder.
 *
 * Every changed file is written to a temporary sibling first; only when all
 * are written are they renamed into place.  Before the renames each file
 * being replaced gets a hard-linked backup, so a rename that fails halfway
 * (a folder in the way, an I/O error) is undone and the folder is left
 * exactly as it was, old files with their old inodes and times.
 *
 * A folder that does not exist yet is made as a temporary twin instead
 * ("out/cfn.tmp.PID" for "out/cfn"); the files below it are written under
 * their own names, and the twin is renamed into place as a whole at the
 * commit.  A clean build (an empty or missing output folder) so costs one
 * rename per new folder instead of one per file.
 *
 * Slots are added on one thread (the folders are made there) and may then
 * be written on any thread, each slot by one: writing touches nothing
 * shared. */
#include "driver/output.h"

#include "base/arena.h"
#include "emit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

struct OutputSlot {
    char *final, *tmp;      /* tmp: what is written (NULL: remove `final`) */
    char *backup;           /* hard link to the file being replaced, or NULL */
    int dirfd;              /* the folder written into (AT_FDCWD: none open) ... */
    const char *final_name, *tmp_name;  /* ... and the names in it */
    bool absent;            /* no file at `final` when it was staged: nothing to back up */
    bool in_twin;           /* below a new folder's twin: moves with it, no rename */
    bool unchanged;         /* found with the same bytes: nothing to do (set by the writer) */
};

/* A folder made as a temporary twin, renamed into place at the commit. */
typedef struct Twin {
    char *final, *tmp;
    dev_t dev;
    ino_t ino;
} Twin;

/* A folder already made or found: where its files go. */
typedef struct DirEntry {
    char *dir;              /* as the paths spell it */
    char *wdir;             /* where its files are written: `dir`, or below a twin */
    int dirfd;              /* `wdir` open, or AT_FDCWD */
    bool fresh;             /* made by this stage: no file in it can exist yet */
    bool twin;              /* `wdir` is below a twin */
} DirEntry;

struct OutputStage {
    const char *dir;        /* prefix of every path, or NULL */
    OutputSlot **slots;
    int nslots, capslots;
    char **made;            /* folders this stage created (twins and what is below them too), in order */
    int nmade;
    Twin *twins;
    int ntwins;
    DirEntry *dirs;         /* folders found or made, each with its folder open */
    int ndirs;
    long pid;
};

/* Folders are remembered (and opened, so that files are created and renamed
   relative to them without walking the whole path each time) up to this
   many; past it a folder is looked up again for each file. */
enum { MAX_DIRS = 64 };

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p)
        ecsc_oom();
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        ecsc_oom();
    return p;
}

static char *sibling(const char *final, const char *what, long pid)
{
    size_t n = strlen(final) + 48;
    char *p = xrealloc(NULL, n);
    snprintf(p, n, "%s.%s.%ld", final, what, pid);
    return p;
}

static void note_made(OutputStage *s, const char *path)
{
    s->made = xrealloc(s->made, sizeof(char *) * (size_t)(s->nmade + 1));
    s->made[s->nmade++] = xstrdup(path);
}

/* Does any part of `rest` (a path below a folder about to be made) name
   "." or ".."?  Then the folder is made in place, not as a twin, since
   such a path may lead out of it. */
static bool has_dot_part(const char *rest)
{
    for (const char *p = rest; *p;) {
        while (*p == '/')
            p++;
        size_t n = strcspn(p, "/");
        if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return true;
        p += n;
    }
    return false;
}

/* The twin this stage made whose folder is `path` (spelled any way). */
static const Twin *own_twin(const OutputStage *s, const char *path)
{
    struct stat st;
    if (s->ntwins == 0 || stat(path, &st) != 0)
        return NULL;
    for (int i = 0; i < s->ntwins; i++)
        if (s->twins[i].dev == st.st_dev && s->twins[i].ino == st.st_ino)
            return &s->twins[i];
    return NULL;
}

/* mkdir `path`, remembered so a failure can remove it; errors name `shown`. */
static bool make_one(OutputStage *s, const char *path, const char *shown, char *err, size_t errlen)
{
    if (mkdir(path, 0777) != 0) {
        snprintf(err, errlen, "cannot create folder '%s': %s", shown, strerror(errno));
        return false;
    }
    note_made(s, path);
    return true;
}

/* The twin of the missing folder `p`, made now or found made by this stage
   under another spelling: the path to write into (malloc'd), or NULL when
   there can be none (one left by a killed run): `p` is then made in place. */
static char *make_twin(OutputStage *s, const char *p)
{
    char *tmp = sibling(p, "tmp", s->pid);
    struct stat st;
    if (mkdir(tmp, 0777) == 0) {
        if (stat(tmp, &st) == 0) {
            note_made(s, tmp);
            s->twins = xrealloc(s->twins, sizeof *s->twins * (size_t)(s->ntwins + 1));
            s->twins[s->ntwins++] = (Twin){xstrdup(p), tmp, st.st_dev, st.st_ino};
            return xstrdup(tmp);
        }
        rmdir(tmp);
    } else if (errno == EEXIST) {
        const Twin *t = own_twin(s, tmp);
        if (t) {
            free(tmp);
            return xstrdup(t->tmp);
        }
    }
    free(tmp);
    return NULL;
}

/* mkdir -p `dir`, remembering what it made so a failure can remove it.  The
   first missing folder is made as a twin (or found to be one this stage
   made) and the rest below it.  Returns the folder to write into (malloc'd);
   *fresh tells that no file in it can exist yet. */
static char *make_dirs(OutputStage *s, const char *dir, bool *fresh, char *err, size_t errlen)
{
    char *p = xstrdup(dir);
    char *w = NULL;         /* the write path once below a twin */
    *fresh = false;
    for (char *c = p + 1;; c++) {
        bool end = *c == '\0';
        if (*c != '/' && !end)
            continue;
        *c = '\0';
        struct stat st;
        if (w) {            /* below a twin: p's last part, made inside it */
            const char *part = strrchr(p, '/') + 1;
            w = xrealloc(w, strlen(w) + strlen(part) + 2);
            strcat(strcat(w, "/"), part);
            if (stat(w, &st) != 0) {
                if (!make_one(s, w, p, err, errlen))
                    goto fail;
            } else if (!S_ISDIR(st.st_mode)) {
                snprintf(err, errlen, "'%s' exists and is not a folder", p);
                goto fail;
            }
            *fresh = true;
        } else if (stat(p, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                snprintf(err, errlen, "'%s' exists and is not a folder", p);
                goto fail;
            }
            *fresh = false;
        } else {
            /* A twin only where there is nothing at all: not even a
               dangling symlink (mkdir in place reports it; a twin's rename
               would replace it), and no "." or ".." below, which may lead
               out of the twin. */
            if (errno == ENOENT && lstat(p, &st) != 0 && !has_dot_part(end ? "" : c + 1))
                w = make_twin(s, p);
            if (!w && !make_one(s, p, p, err, errlen))
                goto fail;
            *fresh = true;
        }
        if (end)
            break;
        *c = '/';
    }
    if (w) {
        free(p);
        return w;
    }
    return p;
fail:
    free(p);
    free(w);
    return NULL;
}

/* 1: `path` holds exactly the bytes of `iov` (n pieces); 0: it differs
   or cannot be read; -1: there is no such file. */
static int same_content(int dirfd, const char *path, const struct iovec *iov, int n)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? -1 : 0;
    bool same = true;
    char buf[65536];
    int k = 0;              /* the piece being compared, and how far */
    size_t koff = 0;
    ssize_t got;
    while (same && (got = read(fd, buf, sizeof buf)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            same = false;
            break;
        }
        size_t off = 0;
        while (same && off < (size_t)got) {
            while (k < n && koff == iov[k].iov_len) {
                k++;
                koff = 0;
            }
            if (k == n) {
                same = false;   /* the file is longer */
                break;
            }
            size_t m = iov[k].iov_len - koff;
            if (m > (size_t)got - off)
                m = (size_t)got - off;
            if (memcmp(buf + off, (const char *)iov[k].iov_base + koff, m) != 0)
                same = false;
            off += m;
            koff += m;
        }
    }
    close(fd);
    while (k < n && koff == iov[k].iov_len) {
        k++;
        koff = 0;
    }
    return same && k == n ? 1 : 0;
}

/* Creates `path` afresh (never through a planted symlink) and writes the
   n pieces of `iov` into it. */
static bool write_file(int dirfd, const char *path, const struct iovec *iov, int n)
{
    int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST && unlinkat(dirfd, path, 0) == 0)  /* left by a killed run */
        fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0)
        return false;
    enum { MAX_IOV = 1024 };
    struct iovec part[MAX_IOV];
    int k = 0;
    size_t koff = 0;
    for (;;) {
        int np = 0;
        for (int i = k; i < n && np < MAX_IOV; i++) {
            size_t skip = i == k ? koff : 0;
            if (iov[i].iov_len == skip)
                continue;
            part[np].iov_base = (char *)iov[i].iov_base + skip;
            part[np].iov_len = iov[i].iov_len - skip;
            np++;
        }
        if (!np)
            break;
        ssize_t w = writev(fd, part, np);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            errno = e;
            return false;
        }
        size_t left = (size_t)w;    /* advance k/koff past what was written */
        while (k < n) {
            size_t avail = iov[k].iov_len - koff;
            if (left < avail) {
                koff += left;
                break;
            }
            left -= avail;
            k++;
            koff = 0;
        }
    }
    return close(fd) == 0;
}

/* Links a backup of `p->final` if it exists.  Filesystems without hard
   links get no backup (a failed rename there cannot be undone). */
static bool back_up(OutputSlot *p, long pid, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(p->final, &st) != 0 || S_ISDIR(st.st_mode))
        return true;    /* nothing to keep; a folder makes the rename fail */
    char *b = sibling(p->final, "old", pid);
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

OutputStage *output_stage_new(const char *dir)
{
    OutputStage *s = calloc(1, sizeof *s);
    if (!s)
        ecsc_oom();
    s->dir = dir;
    s->pid = (long)getpid();
    return s;
}

static OutputSlot *new_slot(OutputStage *s)
{
    if (s->nslots == s->capslots) {
        s->capslots = s->capslots ? 2 * s->capslots : 64;
        s->slots = xrealloc(s->slots, sizeof *s->slots * (size_t)s->capslots);
    }
    OutputSlot *p = calloc(1, sizeof *p);
    if (!p)
        ecsc_oom();
    p->dirfd = AT_FDCWD;
    s->slots[s->nslots++] = p;
    return p;
}

/* The folder `dir`, found or made: from the remembered ones, or looked up
   (and remembered while there is room).  NULL on failure, with `err`. */
static const DirEntry *find_dir(OutputStage *s, const char *dir, DirEntry *scratch,
                                char *err, size_t errlen)
{
    for (int i = s->ndirs - 1; i >= 0; i--)
        if (strcmp(s->dirs[i].dir, dir) == 0)
            return &s->dirs[i];
    bool fresh;
    char *wdir = make_dirs(s, dir, &fresh, err, errlen);
    if (!wdir)
        return NULL;
    DirEntry *e = scratch;
    if (s->ndirs < MAX_DIRS) {
        if (!s->dirs)
            s->dirs = xrealloc(NULL, sizeof *s->dirs * MAX_DIRS);
        e = &s->dirs[s->ndirs++];
    }
    *e = (DirEntry){xstrdup(dir), wdir, AT_FDCWD, fresh, strcmp(wdir, dir) != 0};
    if (e != scratch) {
        int fd = open(wdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0)
            e->dirfd = fd;
    }
    return e;
}

OutputSlot *output_stage_add(OutputStage *s, const char *path, char *err, size_t errlen)
{
    const char *dir = s->dir;
    size_t n = (dir ? strlen(dir) : 0) + strlen(path) + 2;
    char *final = xrealloc(NULL, n);
    snprintf(final, n, "%s%s%s", dir ? dir : "", dir ? "/" : "", path);
    OutputSlot *p = new_slot(s);
    p->final = final;
    char *slash = strrchr(final, '/');
    if (!slash || slash == final) {     /* no folder to make for "x" or "/x" */
        p->tmp = sibling(final, "tmp", s->pid);
        p->final_name = p->final;
        p->tmp_name = p->tmp;
        return p;
    }
    *slash = '\0';
    DirEntry scratch = {0};
    const DirEntry *d = find_dir(s, final, &scratch, err, errlen);
    *slash = '/';
    if (!d)
        return NULL;
    const char *name = slash + 1;
    p->in_twin = d->twin;
    p->absent = d->fresh;
    if (p->in_twin) {       /* written under its own name, below the twin */
        size_t m = strlen(d->wdir) + strlen(name) + 2;
        p->tmp = xrealloc(NULL, m);
        snprintf(p->tmp, m, "%s/%s", d->wdir, name);
        p->tmp_name = d->dirfd == AT_FDCWD ? p->tmp : p->tmp + strlen(d->wdir) + 1;
    } else {
        p->tmp = sibling(final, "tmp", s->pid);
        p->tmp_name = d->dirfd == AT_FDCWD ? p->tmp : p->tmp + (name - final);
    }
    p->dirfd = d->dirfd;
    p->final_name = d->dirfd == AT_FDCWD ? p->final : name;
    if (d == &scratch) {
        free(scratch.dir);
        free(scratch.wdir);
    }
    return p;
}

bool output_slot_write(OutputSlot *p, const struct iovec *iov, int niov, char *err, size_t errlen)
{
    if (!p->absent) {
        int same = same_content(p->dirfd, p->final_name, iov, niov);
        if (same > 0) {
            p->unchanged = true;
            return true;
        }
        p->absent = same < 0;
    }
    if (!write_file(p->dirfd, p->tmp_name, iov, niov)) {
        snprintf(err, errlen, "cannot write '%s': %s", p->final, strerror(errno));
        return false;
    }
    return true;
}

bool output_stage_file(OutputStage *s, const char *path, const char *data, size_t len,
                       char *err, size_t errlen)
{
    struct iovec one = {(void *)data, len};
    return output_stage_iov(s, path, &one, 1, err, errlen);
}

bool output_stage_iov(OutputStage *s, const char *path, const struct iovec *iov, int niov,
                      char *err, size_t errlen)
{
    OutputSlot *p = output_stage_add(s, path, err, errlen);
    return p && output_slot_write(p, iov, niov, err, errlen);
}

static void stage_free(OutputStage *s)
{
    for (int i = 0; i < s->nslots; i++) {
        OutputSlot *p = s->slots[i];
        if (p->backup)
            unlink(p->backup);     /* already gone when it was restored */
        free(p->final);
        free(p->tmp);
        free(p->backup);
        free(p);
    }
    free(s->slots);
    for (int i = 0; i < s->nmade; i++)
        free(s->made[i]);
    free(s->made);
    for (int i = 0; i < s->ntwins; i++) {
        free(s->twins[i].final);
        free(s->twins[i].tmp);
    }
    free(s->twins);
    for (int i = 0; i < s->ndirs; i++) {
        free(s->dirs[i].dir);
        free(s->dirs[i].wdir);
        if (s->dirs[i].dirfd != AT_FDCWD)
            close(s->dirs[i].dirfd);
    }
    free(s->dirs);
    free(s);
}

void output_stage_abort(OutputStage *s)
{
    for (int i = 0; i < s->nslots; i++)
        if (s->slots[i]->tmp && !s->slots[i]->unchanged)
            unlink(s->slots[i]->tmp);
    for (int i = s->nmade - 1; i >= 0; i--)
        rmdir(s->made[i]);
    stage_free(s);
}

bool output_stage_commit(OutputStage *s, const Vec *stale, char *err, size_t errlen)
{
    bool ok = true;
    /* Files to remove (no longer produced) come last, with no tmp: backed
       up like the others, so their removal is undone with the renames. */
    int nstale = stale ? stale->len : 0;
    for (int i = 0; i < nstale; i++)
        new_slot(s)->final = xstrdup(stale->items[i]);
    OutputSlot **slots = s->slots;
    int nslots = s->nslots;
    for (int i = 0; ok && i < nslots; i++)
        if (!slots[i]->absent && !slots[i]->unchanged)
            ok = back_up(slots[i], s->pid, err, errlen);
    int renamed = 0;
    for (; ok && renamed < nslots; renamed++) {
        const OutputSlot *p = slots[renamed];
        if (p->unchanged || p->in_twin)
            continue;
        if (!p->tmp) {
            if (unlink(p->final) != 0 && errno != ENOENT) {
                snprintf(err, errlen, "cannot remove '%s': %s", p->final, strerror(errno));
                ok = false;
                break;
            }
            continue;
        }
        if (renameat(p->dirfd, p->tmp_name, p->dirfd, p->final_name) != 0) {
            snprintf(err, errlen, "cannot replace '%s': %s", p->final, strerror(errno));
            ok = false;
            break;
        }
    }
    /* The new folders last, each as a whole. */
    int moved = 0;
    for (; ok && moved < s->ntwins; moved++) {
        const Twin *t = &s->twins[moved];
        if (rename(t->tmp, t->final) != 0) {
            snprintf(err, errlen, "cannot create folder '%s': %s", t->final, strerror(errno));
            ok = false;
            break;
        }
    }
    if (!ok) {
        /* Undo what was done, newest first. */
        for (int i = moved - 1; i >= 0; i--)
            rename(s->twins[i].final, s->twins[i].tmp);
        for (int i = renamed - 1; i >= 0; i--) {
            const OutputSlot *p = slots[i];
            if (p->unchanged || p->in_twin)
                continue;
            if (p->backup)
                rename(p->backup, p->final);
            else
                unlink(p->final);
        }
        output_stage_abort(s);
        return false;
    }
    stage_free(s);
    return true;
}

bool output_write_all(const Vec *files, const char *dir, char *err, size_t errlen)
{
    return output_commit(files, dir, NULL, err, errlen);
}

bool output_commit(const Vec *files, const char *dir, const Vec *stale, char *err, size_t errlen)
{
    OutputStage *s = output_stage_new(dir);
    for (int i = 0; i < files->len; i++) {
        const OutputFile *f = files->items[i];
        if (!output_stage_file(s, f->path, f->data, f->len, err, errlen)) {
            output_stage_abort(s);
            return false;
        }
    }
    return output_stage_commit(s, stale, err, errlen);
}
