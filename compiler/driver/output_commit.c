/* output_commit.c - the commit: what is carried over, the depfile, the swap.
 *
 * Under the lock (flock on OUTDIR's parent, so that it outlives the swap of
 * OUTDIR itself): the current OUTDIR is opened again, everything in it
 * that the new folder lacks is hard-linked into the new folder (folders
 * made again, with their modes), except the caller's stale files that
 * still have their recorded size and hash; leftovers of dead runs are
 * removed; the depfile is written beside itself; then one renameat2
 * swaps the folders (RENAME_EXCHANGE, or RENAME_NOREPLACE for a new
 * OUTDIR), the depfile is renamed into place, and the old folder, now
 * under the new folder's name, is removed.  SIGINT/SIGTERM/SIGHUP wait
 * from just before the swap to just after the depfile's rename. */
#include "driver/output_impl.h"

#include "driver/fstree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Folders nested deeper than this in OUTDIR are not carried over (an
   error): ecsc's own are two deep. */
enum { CARRY_DEPTH = 64 };

static double lock_wait(void)
{
    const char *w = getenv("ECSC_LOCK_WAIT");
    char *end;
    double v = w && *w ? strtod(w, &end) : 60;
    return w && *w && (*end || v < 0) ? 60 : v;
}

/* Removes leftovers of dead runs beside OUTDIR (called under the lock):
   staging folders (".OUTDIR.ecsc-new.PID") whose lock is free, and an old
   OUTDIR (".OUTDIR.ecsc-old.PID") that a run killed in the middle of the
   two renames left: put back if OUTDIR is missing, else removed. */
static void sweep(OutputStage *s)
{
    int fd = dup(s->basefd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    char *fresh = output_sibling(s->top, "ecsc-new", 0), *old = output_sibling(s->top, "ecsc-old", 0);
    size_t nf = strlen(fresh) - 1, no = strlen(old) - 1;    /* without the "0" */
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, old, no) == 0) {
            if (s->curfd < 0 && renameat(s->basefd, e->d_name, s->basefd, s->top) == 0)
                s->curfd = openat(s->basefd, s->top, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                                                     O_CLOEXEC);
            else
                fstree_remove(s->basefd, e->d_name);
            continue;
        }
        if (strncmp(e->d_name, fresh, nf) != 0 || strcmp(e->d_name, s->tmp) == 0)
            continue;
        int lfd = openat(s->basefd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (lfd < 0)
            continue;
        if (fstree_trylock(lfd))
            fstree_remove(s->basefd, e->d_name);
        close(lfd);
    }
    closedir(d);
    free(fresh);
    free(old);
}

bool output_stage_lock(OutputStage *s, char *err, size_t errlen)
{
    if (s->locked)
        return true;
    double wait = lock_wait();
    if (!fstree_lock(s->basefd, wait)) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen, "another ecsc is writing '%s' (waited %g s for its lock on the "
                                  "folder above it; ECSC_LOCK_WAIT sets how long)", s->shown, wait);
        else
            snprintf(err, errlen, "cannot lock the folder above '%s': %s", s->shown,
                     strerror(errno));
        return false;
    }
    s->locked = true;
    s->curfd = openat(s->basefd, s->top, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (s->curfd < 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot open folder '%s': %s", s->shown, strerror(errno));
        return false;
    }
    sweep(s);
    return true;
}

/* Reads the regular file `name` in `dirfd` (none: *data NULL). */
static bool read_regular(int dirfd, const char *name, const char *shown, size_t max, char **data,
                         size_t *len, char *err, size_t errlen)
{
    *data = NULL;
    *len = 0;
    struct stat st;
    int fd = dirfd < 0 ? -1 : openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (dirfd < 0 || errno == ENOENT)
            return true;
        if (errno == ELOOP)
            snprintf(err, errlen, "'%s' is a symbolic link: ecsc reads no link in the output "
                                  "folder; remove it", shown);
        else
            snprintf(err, errlen, "cannot read '%s': %s", shown, strerror(errno));
        return false;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
        if (S_ISREG(st.st_mode))
            snprintf(err, errlen, "'%s' is larger than %zu bytes", shown, max);
        else
            snprintf(err, errlen, "'%s' is %s: ecsc reads and writes only regular files there; "
                                  "remove it", shown, output_kind(st.st_mode));
        close(fd);
        return false;
    }
    char *buf = output_xmalloc((size_t)st.st_size + 1);
    size_t got = 0;
    for (ssize_t r; got < (size_t)st.st_size; got += (size_t)r) {
        r = read(fd, buf + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR) {
            r = 0;
            continue;
        }
        if (r <= 0)
            break;
    }
    close(fd);
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return true;
}

bool output_stage_read(OutputStage *s, const char *path, size_t max, char **data, size_t *len,
                       char *err, size_t errlen)
{
    char shown[PATH_MAX];
    snprintf(shown, sizeof shown, "%s/%s", s->shown, path);
    return read_regular(s->curfd, path, shown, max, data, len, err, errlen);
}

/* --- carrying over ---------------------------------------------------------------- */

typedef struct Carry {
    const OutputCommit *c;
    const OutputStage *s;
    const char **outs;      /* every slot's path, sorted: in the new folder already */
    int nouts;
    char rel[PATH_MAX];     /* the folder being carried, below OUTDIR */
    char *err;
    size_t errlen;
} Carry;

static int cmp_known(const void *key, const void *elem)
{
    return strcmp(key, ((const OutputKnown *)elem)->path);
}

/* Is the regular file `name` (at k->rel) one an earlier run wrote, still
   with the size and hash it had then? */
static bool is_stale(const Carry *k, int dirfd, const char *name, const struct stat *st)
{
    const OutputKnown *w = k->c->nstale ? bsearch(k->rel, k->c->stale, (size_t)k->c->nstale,
                                                  sizeof *w, cmp_known) : NULL;
    if (!w || w->size != (uint64_t)st->st_size)
        return false;
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    FsHash h;
    fshash_init(&h);
    char buf[65536];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR))
        if (r > 0)
            fshash_add(&h, buf, (size_t)r);
    close(fd);
    return r == 0 && h.len == w->size && fshash_end(&h) == w->hash;
}

/* Gives the new folder `to` the old one's mode (and owner, where that is
   allowed). */
static void same_mode(int to, const struct stat *old)
{
    fchmod(to, old->st_mode & 07777);
    struct stat now;
    if (fstat(to, &now) == 0 && (now.st_uid != old->st_uid || now.st_gid != old->st_gid) &&
        fchown(to, old->st_uid, old->st_gid) != 0) {
        /* Not ours to give away: the folder stays the writer's. */
    }
}

static bool carry(Carry *k, int from, int to, int depth, int *seen);

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is k->rel a folder the stage made in the new folder? */
static bool new_dir(const Carry *k)
{
    for (int i = 0; i < k->s->ndirs; i++)
        if (strcmp(k->s->dirs[i].rel, k->rel) == 0)
            return true;
    return false;
}

/* One entry `name` of the old folder `from`, with k->rel naming it.  Most
   are outputs, in the new folder already: found without a system call. */
static bool carry_one(Carry *k, int from, int to, const char *name, int depth)
{
    const char *key = k->rel;
    if (k->nouts && bsearch(&key, k->outs, (size_t)k->nouts, sizeof *k->outs, cmp_path))
        return true;                    /* an output takes its place */
    struct stat os;
    if (fstatat(from, name, &os, AT_SYMLINK_NOFOLLOW) != 0)
        return true;                    /* gone meanwhile */
    bool there = new_dir(k);
    if (there && !S_ISDIR(os.st_mode))
        return true;                    /* a folder of outputs takes its place */
    if (!there && S_ISREG(os.st_mode) && is_stale(k, from, name, &os))
        return true;                    /* ecsc's own, no longer produced */
    if (!there && !S_ISDIR(os.st_mode)) {
        if (linkat(from, name, to, name, 0) == 0)
            return true;
        char target[PATH_MAX];
        ssize_t n;
        if (S_ISLNK(os.st_mode) && (n = readlinkat(from, name, target, sizeof target - 1)) >= 0) {
            target[n] = '\0';           /* a link that cannot be linked: made again */
            if (symlinkat(target, to, name) == 0)
                return true;
        }
        snprintf(k->err, k->errlen, "cannot keep '%s/%s' in the new output folder: %s",
                 k->s->shown, k->rel, strerror(errno));
        return false;
    }
    if (depth >= CARRY_DEPTH) {
        snprintf(k->err, k->errlen, "'%s/%s' is nested too deeply to be kept (over %d folders)",
                 k->s->shown, k->rel, CARRY_DEPTH);
        return false;
    }
    if (!there && mkdirat(to, name, 0700) != 0) {
        snprintf(k->err, k->errlen, "cannot create folder '%s/%s': %s", k->s->shown, k->rel,
                 strerror(errno));
        return false;
    }
    int sub_from = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int sub_to = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    bool ok = sub_from >= 0 && sub_to >= 0;
    if (!ok)
        snprintf(k->err, k->errlen, "cannot open folder '%s/%s': %s", k->s->shown, k->rel,
                 strerror(errno));
    int seen = 0;
    ok = ok && carry(k, sub_from, sub_to, depth + 1, &seen);
    if (ok)
        same_mode(sub_to, &os);
    if (sub_from >= 0)
        close(sub_from);
    if (sub_to >= 0)
        close(sub_to);
    /* A folder that held only stale files goes with them; one that was
       empty already (someone's) stays. */
    if (ok && !there && seen)
        unlinkat(to, name, AT_REMOVEDIR);
    return ok;
}

/* Everything in the old folder `from` that the new folder `to` lacks;
   *seen counts the old folder's entries. */
static bool carry(Carry *k, int from, int to, int depth, int *seen)
{
    int fd = dup(from);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        snprintf(k->err, k->errlen, "cannot list '%s/%s': %s", k->s->shown, k->rel,
                 strerror(errno));
        return false;
    }
    size_t n = strlen(k->rel);
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        ++*seen;
        if (n + strlen(e->d_name) + 2 > sizeof k->rel) {
            snprintf(k->err, k->errlen, "a path in '%s/%s' is too long", k->s->shown, k->rel);
            ok = false;
            break;
        }
        snprintf(k->rel + n, sizeof k->rel - n, "%s%s", n ? "/" : "", e->d_name);
        ok = carry_one(k, from, to, e->d_name, depth);
        k->rel[n] = '\0';
    }
    closedir(d);
    return ok;
}

/* --- the depfile --------------------------------------------------------------------
   Written to ".NAME.ecsc-tmp.PID" beside it (locked while its run lives)
   and renamed over it.  Only a regular file there is replaced. */

typedef struct DepWrite {
    int dirfd;
    char *name, *tmp;
    int fd;
} DepWrite;

/* Is the folder `fd` OUTDIR (dev/ino `out`), or below it? */
static bool inside(int fd, const struct stat *out)
{
    struct stat st, up;
    int cur = dup(fd);
    bool in = false;
    for (int i = 0; cur >= 0 && i < 256; i++) {
        if (fstat(cur, &st) != 0)
            break;
        if (st.st_dev == out->st_dev && st.st_ino == out->st_ino) {
            in = true;
            break;
        }
        int parent = openat(cur, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        close(cur);
        cur = parent;
        if (cur < 0 || (fstat(cur, &up) == 0 && up.st_dev == st.st_dev && up.st_ino == st.st_ino))
            break;      /* "/" */
    }
    if (cur >= 0)
        close(cur);
    return in;
}

static void dep_sweep(const DepWrite *w)
{
    int fd = dup(w->dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    char *prefix = output_sibling(w->name, "ecsc-tmp", 0);
    prefix[strlen(prefix) - 1] = '\0';
    size_t n = strlen(prefix);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, n) == 0) {
            int lfd = openat(w->dirfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            struct stat st;
            if (lfd < 0)
                continue;
            if (fstat(lfd, &st) == 0 && S_ISREG(st.st_mode) && fstree_trylock(lfd))
                unlinkat(w->dirfd, e->d_name, 0);
            close(lfd);
        }
    closedir(d);
    free(prefix);
}

static void dep_drop(DepWrite *w)
{
    if (w->tmp)
        unlinkat(w->dirfd, w->tmp, 0);      /* gone already when it was renamed */
    output_cleanup_dep(-1, NULL);
    if (w->fd >= 0)
        close(w->fd);
    if (w->dirfd >= 0)
        close(w->dirfd);
    free(w->name);
    free(w->tmp);
    w->fd = w->dirfd = -1;
    w->name = w->tmp = NULL;
}

/* Is `name` in `dirfd` missing or a regular file?  Else an error naming it. */
static bool replaceable(int dirfd, const char *name, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISREG(st.st_mode))
        return true;
    snprintf(err, errlen, "'%s' is %s: ecsc writes a file there by renaming a new one over it, "
                          "which would replace it; give the path of a regular file", path,
             output_kind(st.st_mode));
    return false;
}

/* Writes the temporary depfile; `outdir` (may be NULL) is where it must
   not go. */
static bool dep_prepare(DepWrite *w, const char *path, const char *text, size_t len,
                        const struct stat *outdir, char *err, size_t errlen)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char *dir = output_xstrdup(slash ? path : ".");
    if (slash)
        dir[slash == path ? 1 : slash - path] = '\0';
    w->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    free(dir);
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        snprintf(err, errlen, "'%s' names a folder, not a file", path);
        return false;
    }
    if (w->dirfd < 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
        return false;
    }
    if (outdir && inside(w->dirfd, outdir)) {
        snprintf(err, errlen, "'%s' is inside the output folder: give a depfile outside it", path);
        return false;
    }
    if (!replaceable(w->dirfd, name, path, err, errlen))
        return false;
    w->name = output_xstrdup(name);
    dep_sweep(w);
    char *tmp = output_sibling(name, "ecsc-tmp", (long)getpid());
    unlinkat(w->dirfd, tmp, 0);     /* a dead run's, with the same PID */
    w->fd = openat(w->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (w->fd < 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    w->tmp = tmp;
    output_cleanup_dep(w->dirfd, tmp);
    fstree_trylock(w->fd);
    for (size_t off = 0; off < len;) {
        ssize_t r = write(w->fd, text + off, len - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            snprintf(err, errlen, "cannot write '%s': %s", path, strerror(r < 0 ? errno : EIO));
            return false;
        }
        off += (size_t)r;
    }
    return true;
}

static bool dep_place(DepWrite *w, const char *path, char *err, size_t errlen)
{
    if (!replaceable(w->dirfd, w->name, path, err, errlen))
        return false;
    if (renameat(w->dirfd, w->tmp, w->dirfd, w->name) != 0) {
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
        return false;
    }
    free(w->tmp);
    w->tmp = NULL;
    return true;
}

bool output_write_file(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
    DepWrite w = {-1, NULL, NULL, -1};
    bool ok = dep_prepare(&w, path, data, len, NULL, err, errlen) &&
              dep_place(&w, path, err, errlen);
    dep_drop(&w);
    return ok;
}

/* --- the swap ---------------------------------------------------------------------- */

/* Swaps the new folder (s->tmp) and OUTDIR; afterwards s->tmp names the
   old one (or nothing).  Where the file system cannot exchange, two
   renames: OUTDIR is missing for an instant, never mixed. */
static bool swap(OutputStage *s, char *err, size_t errlen)
{
    if (s->curfd >= 0 ? fstree_exchange(s->basefd, s->tmp, s->top) == 0
                      : fstree_rename_new(s->basefd, s->tmp, s->top) == 0)
        return true;
    if (errno == EINVAL || errno == ENOSYS) {
        if (s->curfd < 0)
            return renameat(s->basefd, s->tmp, s->basefd, s->top) == 0 ||
                   (snprintf(err, errlen, "cannot create '%s': %s", s->shown, strerror(errno)),
                    false);
        /* A run killed between the two is undone by the next (sweep). */
        char *old = output_sibling(s->top, "ecsc-old", (long)getpid());
        bool ok = false;
        if (renameat(s->basefd, s->top, s->basefd, old) == 0) {
            ok = renameat(s->basefd, s->tmp, s->basefd, s->top) == 0;
            int e = errno;
            renameat(s->basefd, old, s->basefd, ok ? s->tmp : s->top);
            errno = e;
        }
        free(old);
        if (ok)
            return true;
    }
    snprintf(err, errlen, "cannot replace '%s': %s", s->shown, strerror(errno));
    return false;
}

static void swap_back(OutputStage *s)
{
    if (s->curfd >= 0)
        fstree_exchange(s->basefd, s->tmp, s->top);
    else
        renameat(s->basefd, s->top, s->basefd, s->tmp);
}

bool output_stage_commit(OutputStage *s, const OutputCommit *c, char *err, size_t errlen)
{
    DepWrite dep = {-1, NULL, NULL, -1};
    bool ok = output_stage_lock(s, err, errlen);
    Carry k = {c, s, output_xmalloc(sizeof *k.outs * (size_t)s->nslots), s->nslots, "", err,
               errlen};
    for (int i = 0; i < s->nslots; i++)
        k.outs[i] = s->slots[i]->rel;
    qsort(k.outs, (size_t)s->nslots, sizeof *k.outs, cmp_path);
    int seen = 0;
    if (ok && s->curfd >= 0)
        ok = carry(&k, s->curfd, s->newroot, 0, &seen);
    struct stat cur;
    if (ok && s->curfd >= 0 && fstat(s->curfd, &cur) == 0)
        same_mode(s->newroot, &cur);
    else if (ok)
        fchmod(s->newroot, s->newmode);
    if (ok && c->depfile) {
        struct stat out;
        ok = fstat(s->newroot, &out) == 0 &&
             dep_prepare(&dep, c->depfile, c->deptext, strlen(c->deptext),
                         s->curfd >= 0 && fstat(s->curfd, &cur) == 0 ? &cur : &out, err, errlen);
    }
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    if (ok)
        ok = swap(s, err, errlen);
    if (ok && c->depfile && !dep_place(&dep, c->depfile, err, errlen)) {
        swap_back(s);
        ok = false;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(k.outs);
    dep_drop(&dep);
    output_stage_free(s);   /* removes s->tmp: the old folder now, or the new one */
    return ok;
}
