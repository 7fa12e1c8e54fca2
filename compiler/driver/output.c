/* output.c - staging a build in a new folder beside the output folder.
 *
 * output_stage_new() resolves OUTDIR (following a link the user gave as
 * OUTDIR, nothing below it), makes its missing parents, and creates the
 * new folder ".OUTDIR.ecsc-new.PID" beside it, mode 0700 until the commit
 * and flock'ed for as long as the run lives (a later run removes it only
 * when the lock is free: its run is dead).  Each output's folder is made
 * in the new folder and opened in the old one part by part with O_NOFOLLOW;
 * an output is then written there, or hard-linked from the old folder when
 * its bytes are the same.  The commit is in output_commit.c. */
#include "driver/output_impl.h"

#include "base/arena.h"
#include "driver/fstree.h"
#include "emit.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void *output_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        ecsc_oom();
    return p;
}

char *output_xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        ecsc_oom();
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p)
        ecsc_oom();
    return p;
}

const char *output_kind(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "a regular file";
}

char *output_sibling(const char *name, const char *what, long pid)
{
    /* Long names are cut (a sibling's name stays within NAME_MAX); two
       folders alike in their first 200 bytes only share leftovers, which
       each removes only when their run is dead. */
    size_t n = strlen(name) + strlen(what) + 32;
    char *p = output_xmalloc(n);
    snprintf(p, n, ".%.200s.%s.%ld", name, what, pid);
    return p;
}

/* --- signals --------------------------------------------------------------------
   The one piece of process-wide state: what a SIGINT/SIGTERM/SIGHUP must
   remove before the process ends.  Written by the stage's thread, read by
   the handler; `armed` last on, first off. */

static struct {
    volatile sig_atomic_t armed;
    int basefd;
    char tmp[NAME_MAX + 1];
    volatile sig_atomic_t depfd;
    char deptmp[NAME_MAX + 1];
} cleanup = {0, -1, "", -1, ""};

void output_cleanup_arm(int basefd, const char *tmp)
{
    cleanup.armed = 0;
    cleanup.basefd = basefd;
    snprintf(cleanup.tmp, sizeof cleanup.tmp, "%s", tmp);
    cleanup.depfd = -1;
    cleanup.armed = 1;
}

void output_cleanup_dep(int depfd, const char *deptmp)
{
    cleanup.depfd = -1;
    if (deptmp)
        snprintf(cleanup.deptmp, sizeof cleanup.deptmp, "%s", deptmp);
    cleanup.depfd = depfd;
}

void output_cleanup_disarm(void)
{
    cleanup.armed = 0;
    cleanup.depfd = -1;
}

static void on_signal(int sig)
{
    int saved = errno;
    if (cleanup.depfd >= 0)
        unlinkat(cleanup.depfd, cleanup.deptmp, 0);
    if (cleanup.armed) {
        /* The writer thread (signals blocked) may still add a file: try
           again for a moment. */
        struct timespec nap = {0, 2000000};
        for (int i = 0; i < 250 && fstree_remove(cleanup.basefd, cleanup.tmp) != 0; i++)
            nanosleep(&nap, NULL);
    }
    errno = saved;
    raise(sig);     /* SA_RESETHAND: the default action, so the process ends by `sig` */
}

void output_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started ecsc stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

/* --- resolving OUTDIR ----------------------------------------------------------- */

/* mkdir -p the parents of `path` (an absolute, clean path), noting the
   ones made. */
static bool make_parents(OutputStage *s, const char *path, char *err, size_t errlen)
{
    char *p = output_xstrdup(path);
    bool ok = true;
    for (char *c = p + 1; ok && (c = strchr(c, '/')); c++) {
        *c = '\0';
        if (mkdir(p, 0777) == 0) {
            s->made = xrealloc(s->made, sizeof *s->made * (size_t)(s->nmade + 1));
            s->made[s->nmade++] = output_xstrdup(p);
        } else {
            struct stat st;
            int e = errno;
            if (e == EEXIST && stat(p, &st) == 0 && !S_ISDIR(st.st_mode)) {
                snprintf(err, errlen, "'%s' exists and is not a folder", p);
                ok = false;
            } else if (e != EEXIST) {
                snprintf(err, errlen, "cannot create folder '%s': %s", p, strerror(e));
                ok = false;
            }
        }
        *c = '/';
    }
    free(p);
    return ok;
}

/* `dir` made absolute and clean: "." and empty parts dropped, ".." taken
   back textually (symbolic links in it are resolved later, for the parts
   that exist). */
static char *absolute(const char *dir)
{
    char cwd[PATH_MAX];
    size_t n = strlen(dir) + 2;
    if (dir[0] != '/') {
        if (!getcwd(cwd, sizeof cwd))
            return NULL;
        n += strlen(cwd);
    }
    char *out = output_xmalloc(n);
    size_t len = 0;
    out[0] = '\0';
    if (dir[0] != '/') {
        memcpy(out, cwd, strlen(cwd) + 1);
        len = strlen(cwd);
    }
    for (const char *p = dir; *p;) {
        while (*p == '/')
            p++;
        size_t k = strcspn(p, "/");
        if (k == 0 || (k == 1 && p[0] == '.')) {
        } else if (k == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
        } else {
            if (len == 0 || out[len - 1] != '/')
                out[len++] = '/';
            memcpy(out + len, p, k);
            len += k;
        }
        out[len] = '\0';
        p += k;
    }
    if (len == 0)
        memcpy(out, "/", 2);
    return out;
}

/* Is the working folder `abs` itself, or below it? */
static bool holds_cwd(const char *abs)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return false;
    size_t n = strlen(abs);
    return strncmp(cwd, abs, n) == 0 && (cwd[n] == '\0' || cwd[n] == '/');
}

/* Where the stage goes: s->basefd (OUTDIR's real parent) and s->top. */
static bool resolve(OutputStage *s, const char *dir, char *err, size_t errlen)
{
    char *abs = absolute(dir);
    if (!abs) {
        snprintf(err, errlen, "cannot find the working folder: %s", strerror(errno));
        return false;
    }
    struct stat st;
    if (stat(abs, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            snprintf(err, errlen, "'%s' exists and is not a folder", dir);
            free(abs);
            return false;
        }
        char *real = realpath(abs, NULL);   /* OUTDIR may be a link the user made */
        free(abs);
        if (!real) {
            snprintf(err, errlen, "cannot find where '%s' is: %s", dir, strerror(errno));
            return false;
        }
        abs = real;
    } else if (lstat(abs, &st) == 0) {
        snprintf(err, errlen, "'%s' is a symbolic link to nothing; remove it or give another "
                              "folder", dir);
        free(abs);
        return false;
    } else if (!make_parents(s, abs, err, errlen)) {
        free(abs);
        return false;
    }
    bool ok = false;
    char *slash = strrchr(abs, '/');
    if (slash[1] == '\0') {
        snprintf(err, errlen, "cannot write into '/': ecsc replaces the output folder as a "
                              "whole; give a folder below it");
    } else if (holds_cwd(abs)) {
        snprintf(err, errlen, "'%s' is the working folder or holds it: ecsc replaces the output "
                              "folder as a whole; give a folder below it, such as '%s/out'",
                 dir, dir);
    } else {
        *slash = '\0';
        const char *parent = slash == abs ? "/" : abs;
        s->basefd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat pst;
        if (s->basefd < 0) {
            snprintf(err, errlen, "cannot open folder '%s': %s", parent, strerror(errno));
        } else if (fstatat(s->basefd, slash + 1, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                   fstat(s->basefd, &pst) == 0 && st.st_dev != pst.st_dev) {
            snprintf(err, errlen, "'%s' is a mount point: ecsc replaces the output folder as a "
                                  "whole; give a folder below it, such as '%s/out'", dir, dir);
        } else {
            s->top = output_xstrdup(slash + 1);
            ok = true;
        }
    }
    free(abs);
    return ok;
}

/* Removes the sibling `name` in s->basefd when no live run holds it. */
static void remove_if_dead(int basefd, const char *name)
{
    int fd = openat(basefd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    if (fstree_trylock(fd))
        fstree_remove(basefd, name);
    close(fd);
}

/* Opens the old OUTDIR and creates the new folder. */
static bool begin(OutputStage *s, char *err, size_t errlen)
{
    s->oldroot = openat(s->basefd, s->top, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (s->oldroot < 0 && errno != ENOENT) {
        snprintf(err, errlen, "cannot open folder '%s': %s", s->shown, strerror(errno));
        return false;
    }
    long pid = (long)getpid();
    s->tmp = output_sibling(s->top, "ecsc-new", pid);
    remove_if_dead(s->basefd, s->tmp);      /* a dead run's, with the same PID */
    if (mkdirat(s->basefd, s->tmp, 0700) != 0) {
        snprintf(err, errlen, "cannot create folder '%s' beside '%s' (ecsc builds the new output "
                              "folder there): %s", s->tmp, s->shown, strerror(errno));
        return false;
    }
    output_cleanup_arm(s->basefd, s->tmp);
    s->newroot = openat(s->basefd, s->tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (s->newroot < 0 || !fstree_trylock(s->newroot)) {
        snprintf(err, errlen, "cannot open folder '%s': %s", s->tmp, strerror(errno));
        return false;
    }
    mode_t m = umask(0);
    umask(m);
    s->newmode = 0777 & ~m;
    return true;
}

OutputStage *output_stage_new(const char *dir, char *err, size_t errlen)
{
    OutputStage *s = calloc(1, sizeof *s);
    if (!s)
        ecsc_oom();
    s->basefd = s->newroot = s->oldroot = s->curfd = -1;
    s->shown = output_xstrdup(dir);
    /* Two descriptors a folder of outputs: take what the system allows. */
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (!resolve(s, dir, err, errlen) || !begin(s, err, errlen)) {
        output_stage_free(s);
        return NULL;
    }
    s->dirs = output_xmalloc(sizeof *s->dirs * 16);
    s->capdirs = 16;
    s->dirs[s->ndirs++] = (OutDir){output_xstrdup(""), s->newroot, s->oldroot};
    return s;
}

void output_stage_free(OutputStage *s)
{
    if (s->tmp && s->basefd >= 0) {
        fstree_remove(s->basefd, s->tmp);
        output_cleanup_disarm();
    }
    for (int i = 0; i < s->nslots; i++) {
        free(s->slots[i]->rel);
        free(s->slots[i]);
    }
    free(s->slots);
    for (int i = 0; i < s->ndirs; i++) {
        OutDir *d = &s->dirs[i];
        if (d->newfd >= 0 && d->newfd != s->newroot)
            close(d->newfd);
        if (d->oldfd >= 0 && d->oldfd != s->oldroot)
            close(d->oldfd);
        free(d->rel);
    }
    free(s->dirs);
    int fds[] = {s->newroot, s->oldroot, s->curfd, s->basefd};
    for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    for (int i = s->nmade - 1; i >= 0; i--) {
        rmdir(s->made[i]);          /* only while empty */
        free(s->made[i]);
    }
    free(s->made);
    free(s->top);
    free(s->tmp);
    free(s->shown);
    free(s);
}

void output_stage_abort(OutputStage *s)
{
    output_stage_free(s);
}

/* --- folders and slots ------------------------------------------------------------ */

/* Opens `name` in the old folder `oldfd`: its fd, -1 when it is not there,
   or -2 after an error (a link, a file, ... where a folder goes). */
static int open_old_dir(const OutputStage *s, int oldfd, const char *name, const char *rel,
                        char *err, size_t errlen)
{
    int fd = openat(oldfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 || errno == ENOENT)
        return fd;
    int e = errno;
    struct stat st;
    if (fstatat(oldfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        snprintf(err, errlen, "'%s/%s' is a symbolic link: ecsc writes nothing through a link in "
                              "the output folder; remove it", s->shown, rel);
    else if (e == ENOTDIR || e == ELOOP)
        snprintf(err, errlen, "'%s/%s' exists and is not a folder", s->shown, rel);
    else
        snprintf(err, errlen, "cannot open folder '%s/%s': %s", s->shown, rel, strerror(e));
    return -2;
}

/* The folder `rel` ("a/b") of outputs: found, or made in the new folder
   and opened in the old one. */
static const OutDir *find_dir(OutputStage *s, const char *rel, char *err, size_t errlen)
{
    for (int i = s->ndirs - 1; i >= 0; i--)
        if (strcmp(s->dirs[i].rel, rel) == 0)
            return &s->dirs[i];
    const OutDir *up = &s->dirs[0];
    const char *slash = strrchr(rel, '/');
    const char *name = slash ? slash + 1 : rel;
    if (slash) {
        char *p = output_xstrdup(rel);
        p[slash - rel] = '\0';
        up = find_dir(s, p, err, errlen);
        free(p);
        if (!up)
            return NULL;
    }
    if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        snprintf(err, errlen, "cannot write '%s/%s': not a path below the output folder",
                 s->shown, rel);
        return NULL;
    }
    int upnew = up->newfd, upold = up->oldfd;   /* `up` moves when dirs grow */
    int oldfd = upold >= 0 ? open_old_dir(s, upold, name, rel, err, errlen) : -1;
    if (oldfd == -2)
        return NULL;
    if (mkdirat(upnew, name, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create folder '%s/%s': %s", s->shown, rel, strerror(errno));
        if (oldfd >= 0)
            close(oldfd);
        return NULL;
    }
    int newfd = openat(upnew, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (newfd < 0) {
        snprintf(err, errlen, "'%s/%s' exists and is not a folder", s->shown, rel);
        if (oldfd >= 0)
            close(oldfd);
        return NULL;
    }
    if (s->ndirs == s->capdirs) {
        s->capdirs *= 2;
        s->dirs = xrealloc(s->dirs, sizeof *s->dirs * (size_t)s->capdirs);
    }
    s->dirs[s->ndirs] = (OutDir){output_xstrdup(rel), newfd, oldfd};
    return &s->dirs[s->ndirs++];
}

OutputSlot *output_stage_add(OutputStage *s, const char *path, char *err, size_t errlen)
{
    char *rel = output_xstrdup(path);
    char *slash = strrchr(rel, '/');
    const OutDir *d;
    if (slash) {
        *slash = '\0';
        d = find_dir(s, rel, err, errlen);
        *slash = '/';
    } else {
        d = &s->dirs[0];
    }
    const char *name = slash ? slash + 1 : rel;
    if (d && (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)) {
        snprintf(err, errlen, "cannot write '%s/%s': not a path below the output folder",
                 s->shown, path);
        d = NULL;
    }
    struct stat st = {0};
    bool old = false;
    if (d && d->oldfd >= 0 && fstatat(d->oldfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        old = S_ISREG(st.st_mode);
        if (S_ISLNK(st.st_mode)) {
            snprintf(err, errlen, "'%s/%s' is a symbolic link: ecsc writes nothing through a link "
                                  "in the output folder; remove it", s->shown, path);
            d = NULL;
        } else if (!old) {
            snprintf(err, errlen, "'%s/%s' is %s, where an output goes: ecsc writes only regular "
                                  "files; remove it", s->shown, path, output_kind(st.st_mode));
            d = NULL;
        }
    }
    if (!d) {
        free(rel);
        return NULL;
    }
    OutputSlot *p = calloc(1, sizeof *p);
    if (!p)
        ecsc_oom();
    p->rel = rel;
    p->name = p->rel + (name - rel);
    p->newfd = d->newfd;
    p->oldfd = d->oldfd;
    p->old = old;
    p->old_size = old ? (uint64_t)st.st_size : 0;
    if (s->nslots == s->capslots) {
        s->capslots = s->capslots ? 2 * s->capslots : 64;
        s->slots = xrealloc(s->slots, sizeof *s->slots * (size_t)s->capslots);
    }
    s->slots[s->nslots++] = p;
    return p;
}

/* --- writing a slot ---------------------------------------------------------------- */

/* Does the file `name` in `dirfd` (a regular file when staged, of the
   right size) hold exactly the n pieces of `iov`?  Opened without
   following a link and without blocking. */
static bool same_content(int dirfd, const char *name, const struct iovec *iov, int n)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    size_t total = 0, seen = 0;
    for (int i = 0; i < n; i++)
        total += iov[i].iov_len;
    bool same = true;
    char buf[65536];
    int k = 0;              /* the piece being compared, and how far */
    size_t koff = 0;
    ssize_t got;
    /* Reads ask for one byte past the end, so that a longer file shows and
       a short read ends it (no read that returns 0). */
    while (same && seen <= total) {
        size_t want = total - seen + 1 < sizeof buf ? total - seen + 1 : sizeof buf;
        if ((got = read(fd, buf, want)) < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            same = got == 0;
            break;
        }
        seen += (size_t)got;
        bool short_read = (size_t)got < want;   /* the end of a regular file */
        for (size_t off = 0; same && off < (size_t)got;) {
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
        if (short_read)
            break;
    }
    close(fd);
    return same && seen == total;
}

/* Creates `name` in `dirfd` (never through a link, never over anything)
   and writes the n pieces of `iov` into it. */
static bool write_file(int dirfd, const char *name, const struct iovec *iov, int n)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
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

bool output_slot_write(OutputSlot *p, const struct iovec *iov, int niov, char *err, size_t errlen)
{
    FsHash h;
    fshash_init(&h);
    for (int i = 0; i < niov; i++)
        fshash_add(&h, iov[i].iov_base, iov[i].iov_len);
    p->size = h.len;
    p->hash = fshash_end(&h);
    /* Unchanged: the old file itself, so its inode and time stay.  Where
       no link can be made (a file of another user under
       fs.protected_hardlinks, too many links), a copy is written. */
    if (p->old && p->old_size == p->size && same_content(p->oldfd, p->name, iov, niov) &&
        linkat(p->oldfd, p->name, p->newfd, p->name, 0) == 0)
        return true;
    if (!write_file(p->newfd, p->name, iov, niov)) {
        snprintf(err, errlen, "cannot write '%s': %s", p->rel, strerror(errno));
        return false;
    }
    return true;
}

void output_slot_digest(const OutputSlot *p, uint64_t *size, uint64_t *hash)
{
    *size = p->size;
    *hash = p->hash;
}

OutputSlot *output_stage_iov(OutputStage *s, const char *path, const struct iovec *iov,
                             int niov, char *err, size_t errlen)
{
    OutputSlot *p = output_stage_add(s, path, err, errlen);
    return p && output_slot_write(p, iov, niov, err, errlen) ? p : NULL;
}

OutputSlot *output_stage_file(OutputStage *s, const char *path, const char *data, size_t len,
                              char *err, size_t errlen)
{
    struct iovec one = {(void *)data, len};
    return output_stage_iov(s, path, &one, 1, err, errlen);
}

OutputSlot *output_stage_stamp(OutputStage *s, const char *path, const char *data, size_t len,
                               char *err, size_t errlen)
{
    OutputSlot *p = output_stage_add(s, path, err, errlen);
    if (!p)
        return NULL;
    p->old = false;
    struct iovec one = {(void *)data, len};
    return output_slot_write(p, &one, 1, err, errlen) ? p : NULL;
}

bool output_write_all(const Vec *files, const char *dir, char *err, size_t errlen)
{
    OutputStage *s = output_stage_new(dir, err, errlen);
    if (!s)
        return false;
    for (int i = 0; i < files->len; i++) {
        const OutputFile *f = files->items[i];
        if (!output_stage_file(s, f->path, f->data, f->len, err, errlen)) {
            output_stage_abort(s);
            return false;
        }
    }
    OutputCommit none = {0};
    return output_stage_commit(s, &none, err, errlen);
}
