/* fstree.h - folders handled through descriptors, never through a link:
 * the few Linux calls the output folder needs (remove a tree, swap two
 * folders with one rename, lock a folder), and the content hash that the
 * manifest records. */
#ifndef ECSC_DRIVER_FSTREE_H
#define ECSC_DRIVER_FSTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Removes `name` in the folder `dirfd`, and everything below it when it is
 * a folder.  No link is followed: a symbolic link is removed as itself.
 * Async-signal-safe (the SIGINT handler calls it): no malloc, no stdio.
 * Returns 0 (also when there was nothing), or an errno value. */
int fstree_remove(int dirfd, const char *name);

/* renameat2() of Linux: RENAME_EXCHANGE swaps `a` and `b` (both must
 * exist) in one step; RENAME_NOREPLACE renames `a` to `b` only if `b` does
 * not exist.  Return 0, or -1 with errno (EINVAL or ENOSYS: the file system
 * or kernel cannot). */
int fstree_exchange(int dirfd, const char *a, const char *b);
int fstree_rename_new(int dirfd, const char *a, const char *b);

/* flock(LOCK_EX) on an open file or folder: fstree_trylock() does not
 * wait; fstree_lock() waits up to `seconds`.  True when locked. */
bool fstree_trylock(int fd);
bool fstree_lock(int fd, double seconds);

/* A 64-bit content hash (not for anything secret: it tells ecsc's own
 * files from edited ones), fed in pieces of any size. */
typedef struct FsHash {
    uint64_t h, len;
    unsigned char buf[8];
    unsigned nbuf;
} FsHash;

void fshash_init(FsHash *x);
void fshash_add(FsHash *x, const void *data, size_t len);
uint64_t fshash_end(const FsHash *x);

#endif
