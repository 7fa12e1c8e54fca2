/* fstree.c - the Linux calls of the output folder, and the content hash.
 *
 * The one file that asks for more than POSIX: getdents64 (a folder listed
 * without malloc, so that removing a tree is async-signal-safe), renameat2
 * (swapping two folders in one step) and flock. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1
#endif
#include "driver/fstree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Folders nested deeper than this are left (and reported): output trees
   are a few levels deep, and the handler's stack stays small. */
enum { MAX_DEPTH = 48 };

struct Dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int remove_dir(int dirfd, const char *name, int depth)
{
    if (depth > MAX_DEPTH)
        return ELOOP;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? 0 : errno;
    int err = 0;
    _Alignas(8) char buf[2048];
    /* Listing while removing may skip entries: list again until a pass
       finds nothing left. */
    for (bool again = true; again && !err;) {
        again = false;
        if (lseek(fd, 0, SEEK_SET) < 0) {
            err = errno;
            break;
        }
        long n;
        while (!err && (n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
            for (long off = 0; off < n && !err;) {
                struct Dirent64 *d = (struct Dirent64 *)(buf + off);
                off += d->d_reclen;
                const char *e = d->d_name;
                if (e[0] == '.' && (!e[1] || (e[1] == '.' && !e[2])))
                    continue;
                again = true;
                if (d->d_type != DT_DIR && unlinkat(fd, e, 0) == 0)
                    continue;
                if (d->d_type != DT_DIR && errno != EISDIR && errno != EPERM) {
                    if (errno != ENOENT)
                        err = errno;
                    continue;
                }
                err = remove_dir(fd, e, depth + 1);
            }
        }
        if (n < 0 && !err)
            err = errno;
    }
    close(fd);
    if (!err && unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        err = errno;
    return err;
}

int fstree_remove(int dirfd, const char *name)
{
    if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return errno;
    return remove_dir(dirfd, name, 0);
}

static int rename2(int dirfd, const char *a, const char *b, unsigned flags)
{
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, dirfd, a, dirfd, b, flags);
#else
    (void)dirfd, (void)a, (void)b, (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int fstree_exchange(int dirfd, const char *a, const char *b)
{
    return rename2(dirfd, a, b, RENAME_EXCHANGE);
}

int fstree_rename_new(int dirfd, const char *a, const char *b)
{
    return rename2(dirfd, a, b, RENAME_NOREPLACE);
}

bool fstree_trylock(int fd)
{
    int rc;
    while ((rc = flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
        ;
    return rc == 0;
}

bool fstree_lock(int fd, double seconds)
{
    struct timespec start, now, nap = {0, 1000000};     /* 1 ms, doubling to 64 ms */
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        if (fstree_trylock(fd))
            return true;
        if (errno != EWOULDBLOCK)
            return false;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9 >=
            seconds) {
            errno = EWOULDBLOCK;
            return false;
        }
        nanosleep(&nap, NULL);
        if (nap.tv_nsec < 64000000)
            nap.tv_nsec *= 2;
    }
}

/* --- the content hash ----------------------------------------------------------
   Eight bytes a step, each step a multiply and a rotation (as MurmurHash3's
   64-bit mix), the length and a final avalanche at the end. */

enum { K1 = 0, K2 = 1 };
static const uint64_t MUL[2] = {0x87c37b91114253d5u, 0x4cf5ad432745937fu};

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t step(uint64_t h, uint64_t w)
{
    w *= MUL[K1];
    w = rotl(w, 31);
    w *= MUL[K2];
    h ^= w;
    return rotl(h, 27) * 5 + 0x52dce729;
}

static uint64_t word(const unsigned char *p)
{
    uint64_t w = 0;
    for (int i = 7; i >= 0; i--)
        w = w << 8 | p[i];
    return w;
}

void fshash_init(FsHash *x)
{
    memset(x, 0, sizeof *x);
    x->h = 0x9e3779b97f4a7c15u;
}

void fshash_add(FsHash *x, const void *data, size_t len)
{
    const unsigned char *p = data;
    x->len += len;
    if (x->nbuf) {          /* fill the word begun by the last piece */
        size_t take = 8 - x->nbuf < len ? 8 - x->nbuf : len;
        memcpy(x->buf + x->nbuf, p, take);
        x->nbuf += (unsigned)take;
        p += take;
        len -= take;
        if (x->nbuf < 8)
            return;
        x->h = step(x->h, word(x->buf));
        x->nbuf = 0;
    }
    uint64_t h = x->h;
    for (; len >= 8; p += 8, len -= 8)
        h = step(h, word(p));
    x->h = h;
    memcpy(x->buf, p, len);
    x->nbuf = (unsigned)len;
}

uint64_t fshash_end(const FsHash *x)
{
    unsigned char tail[8] = {0};
    memcpy(tail, x->buf, x->nbuf);
    uint64_t h = step(x->h, word(tail)) ^ x->len;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h;
}
