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
#include <sys/uio.h>
#include <unistd.h>

typedef struct Pending {
    char *final, *tmp;
    char *backup;           /* hard link to the file being replaced, or NULL */
    int dirfd;              /* the folder of `final` (AT_FDCWD: none open) ... */
    const char *final_name, *tmp_name;  /* ... and the names in it */
    bool absent;            /* no file at `final` when it was staged: nothing to back up */
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

struct OutputStage {
    const char *dir;        /* prefix of every path, or NULL */
    Pending *pend;
    int npend, cappend;
    char **made;            /* folders this stage created, in creation order */
    int nmade;
    char *last_dir;         /* the folder last found or made */
    bool last_dir_new;      /* ... and it is one of `made` */
    int last_dirfd;         /* ... open, or AT_FDCWD */
    int *dirfds;            /* every folder opened, closed with the stage */
    int ndirfds;
    long pid;
};

OutputStage *output_stage_new(const char *dir)
{
    OutputStage *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->dir = dir;
    s->pid = (long)getpid();
    s->last_dirfd = AT_FDCWD;
    return s;
}

static Pending *new_pending(OutputStage *s)
{
    if (s->npend == s->cappend) {
        s->cappend = s->cappend ? 2 * s->cappend : 64;
        s->pend = realloc(s->pend, sizeof *s->pend * (size_t)s->cappend);
        if (!s->pend)
            abort();
    }
    Pending *p = &s->pend[s->npend++];
    *p = (Pending){.dirfd = AT_FDCWD};
    return p;
}

/* Folders are opened so that files are created and renamed relative to
   them, without walking the whole path each time; past this many open
   folders, whole paths are used. */
enum { MAX_DIRFDS = 64 };

static char *stage_sibling(const OutputStage *s, const char *final, const char *what)
{
    size_t n = strlen(final) + 48;
    char *p = malloc(n);
    if (!p)
        abort();
    snprintf(p, n, "%s.%s.%ld", final, what, s->pid);
    return p;
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
    const char *dir = s->dir;
    size_t n = (dir ? strlen(dir) : 0) + strlen(path) + 2;
    char *final = malloc(n);
    if (!final)
        abort();
    snprintf(final, n, "%s%s%s", dir ? dir : "", dir ? "/" : "", path);
    /* Files come in runs per folder: a folder already found is not looked
       at again, and a file in a folder this stage made cannot exist yet. */
    bool fresh_dir = false;
    char *slash = strrchr(final, '/');
    if (slash && slash != final) {      /* no folder to make for "x" or "/x" */
        *slash = '\0';
        if (s->last_dir && strcmp(s->last_dir, final) == 0) {
            fresh_dir = s->last_dir_new;
        } else {
            int had = s->nmade;
            bool ok = make_dirs(final, &s->made, &s->nmade, err, errlen);
            if (!ok) {
                free(final);
                return false;
            }
            free(s->last_dir);
            s->last_dir = strdup(final);
            if (!s->last_dir)
                abort();
            fresh_dir = s->last_dir_new = s->nmade > had;
            s->last_dirfd = AT_FDCWD;
            if (s->ndirfds < MAX_DIRFDS) {
                int fd = open(final, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd >= 0) {
                    if (!s->dirfds)
                        s->dirfds = malloc(sizeof *s->dirfds * MAX_DIRFDS);
                    if (!s->dirfds)
                        abort();
                    s->dirfds[s->ndirfds++] = fd;
                    s->last_dirfd = fd;
                }
            }
        }
        *slash = '/';
    }
    int dirfd = AT_FDCWD;
    const char *name = final;
    if (slash && slash != final && s->last_dirfd != AT_FDCWD) {
        dirfd = s->last_dirfd;
        name = slash + 1;
    }
    bool absent = fresh_dir;
    if (!absent) {
        int same = same_content(dirfd, name, iov, niov);
        if (same > 0) {
            free(final);
            return true;
        }
        absent = same < 0;
    }
    Pending *p = new_pending(s);
    p->final = final;
    p->tmp = stage_sibling(s, final, "tmp");
    p->absent = absent;
    p->dirfd = dirfd;
    p->final_name = dirfd == AT_FDCWD ? p->final : p->final + (name - final);
    p->tmp_name = dirfd == AT_FDCWD ? p->tmp : p->tmp + (name - final);
    if (!write_file(dirfd, p->tmp_name, iov, niov)) {
        snprintf(err, errlen, "cannot write '%s': %s", final, strerror(errno));
        return false;
    }
    return true;
}

static void stage_free(OutputStage *s)
{
    for (int i = 0; i < s->npend; i++) {
        if (s->pend[i].backup)
            unlink(s->pend[i].backup);     /* already gone when it was restored */
        free(s->pend[i].final);
        free(s->pend[i].tmp);
        free(s->pend[i].backup);
    }
    free(s->pend);
    for (int i = 0; i < s->nmade; i++)
        free(s->made[i]);
    free(s->made);
    free(s->last_dir);
    for (int i = 0; i < s->ndirfds; i++)
        close(s->dirfds[i]);
    free(s->dirfds);
    free(s);
}

void output_stage_abort(OutputStage *s)
{
    for (int i = 0; i < s->npend; i++)
        if (s->pend[i].tmp)
            unlink(s->pend[i].tmp);
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
    for (int i = 0; i < nstale; i++) {
        Pending *p = new_pending(s);
        p->final = strdup(stale->items[i]);
        if (!p->final)
            abort();
    }
    Pending *pend = s->pend;
    int npend = s->npend;
    for (int i = 0; ok && i < npend; i++)
        if (!pend[i].absent)
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
        const Pending *p = &pend[renamed];
        if (renameat(p->dirfd, p->tmp_name, p->dirfd, p->final_name) != 0) {
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
