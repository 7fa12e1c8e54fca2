/* test_output.c - the output folder is written all-or-nothing.
 *
 * Each test plants old outputs, makes the write fail partway through, and
 * checks the folder is exactly as before: same files, same bytes, same
 * inodes and times, no temporary files, no new folders.  The failures are
 * ones that stop root too (tests run as root in CI, where permission bits
 * stop nothing): a file where a folder must go, a folder where a file must
 * go, and a file-size limit (RLIMIT_FSIZE, as `ulimit -f`) reached in the
 * middle of the second file.
 */
#include "driver/compiler.h"
#include "driver/fstree.h"
#include "driver/output.h"
#include "emit.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <cmocka.h>

/* --- a scratch folder and a snapshot of it ---------------------------------- */

typedef struct Entry {
    char path[512];
    bool dir;
    ino_t ino;
    struct timespec mtime;
    char data[256];         /* first bytes of a file */
    size_t size;
} Entry;

typedef struct Snapshot {
    Entry e[64];
    int n;
} Snapshot;

static void walk(const char *root, const char *rel, Snapshot *s)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s%s%s", root, *rel ? "/" : "", rel);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        assert_true(s->n < 64);
        Entry *e = &s->e[s->n++];
        memset(e, 0, sizeof *e);
        snprintf(e->path, sizeof e->path, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
        char full[1200];
        snprintf(full, sizeof full, "%s/%s", root, e->path);
        struct stat st;
        assert_int_equal(lstat(full, &st), 0);
        e->dir = S_ISDIR(st.st_mode);
        e->ino = st.st_ino;
        e->mtime = st.st_mtim;
        e->size = (size_t)st.st_size;
        if (e->dir) {
            walk(root, e->path, s);
        } else if (S_ISLNK(st.st_mode)) {      /* its target, as its bytes */
            ssize_t n = readlink(full, e->data, sizeof e->data - 1);
            assert_true(n >= 0);
            e->data[n] = '\0';
        } else if (S_ISREG(st.st_mode)) {
            FILE *f = fopen(full, "rb");
            assert_non_null(f);
            size_t n = fread(e->data, 1, sizeof e->data - 1, f);
            e->data[n] = '\0';
            fclose(f);
        }
    }
    closedir(d);
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const Entry *)a)->path, ((const Entry *)b)->path);
}

static void snapshot(const char *root, Snapshot *s)
{
    s->n = 0;
    walk(root, "", s);
    qsort(s->e, (size_t)s->n, sizeof *s->e, cmp_entry);
}

/* Asserts the folder is exactly as `before` (names, kinds, inodes, times,
   sizes and bytes of files). */
static void assert_unchanged(const char *root, const Snapshot *before)
{
    Snapshot now;
    snapshot(root, &now);
    for (int i = 0; i < now.n; i++)
        if (i >= before->n || strcmp(now.e[i].path, before->e[i].path) != 0)
            fail_msg("unexpected '%s' in the output folder", now.e[i].path);
    assert_int_equal(now.n, before->n);
    for (int i = 0; i < now.n; i++) {
        const Entry *a = &before->e[i], *b = &now.e[i];
        assert_int_equal(a->dir, b->dir);
        if (a->dir)
            continue;
        if (a->ino != b->ino)
            fail_msg("'%s' was replaced (new inode)", a->path);
        assert_int_equal(a->size, b->size);
        assert_string_equal(a->data, b->data);
        assert_true(a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec);
    }
}

static void put(const char *root, const char *rel, const char *text)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    /* An old time, so a rewrite would show even within one clock tick. */
    struct timespec t[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, p, t, 0), 0);
}

static void mkdir_in(const char *root, const char *rel)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0777), 0);
}

static void read_back(const char *root, const char *rel, char *buf, size_t cap)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    fclose(f);
}

typedef struct Fixture {
    char dir[64];
    Arena arena;
    Vec files;
} Fixture;

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/ecsc-output-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    arena_init(&fx->arena);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    arena_free(&fx->arena);
    free(fx);
    return rc == 0 ? 0 : -1;
}

static void add(Fixture *fx, const char *path, const char *data, size_t len)
{
    OutputFile *f = ARENA_NEW(&fx->arena, OutputFile);
    f->path = path;
    f->data = data;
    f->len = len;
    vec_push(&fx->arena, &fx->files, f);
}

/* --- tests ------------------------------------------------------------------- */

/* Rewriting the same content touches nothing; a changed file is replaced. */
static void test_unchanged_outputs_are_not_rewritten(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    put(fx->dir, "taskdefs/a.json", "same\n");
    put(fx->dir, "taskdefs/b.json", "old\n");
    add(fx, "taskdefs/a.json", "same\n", 5);
    add(fx, "taskdefs/b.json", "new\n", 4);
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    assert_true(output_write_all(&fx->files, fx->dir, err, sizeof err));
    Snapshot after;
    snapshot(fx->dir, &after);
    assert_int_equal(after.n, 3);       /* taskdefs, a.json, b.json: no leftovers */
    assert_int_equal(after.e[1].ino, before.e[1].ino);      /* a.json untouched */
    assert_true(after.e[1].mtime.tv_sec == before.e[1].mtime.tv_sec);
    assert_string_equal(after.e[2].data, "new\n");
}

/* A file where the second output's folder must go: nothing is written and
   the folder the first output needed is removed again. */
static void test_file_in_place_of_a_folder(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    put(fx->dir, "taskdefs/a.json", "old a\n");
    put(fx->dir, "services", "I am a file\n");
    add(fx, "taskdefs/a.json", "new a\n", 6);
    add(fx, "cfn/fragments/x.json", "x\n", 2);
    add(fx, "services/web.json", "web\n", 4);
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    assert_false(output_write_all(&fx->files, fx->dir, err, sizeof err));
    assert_non_null(strstr(err, "is not a folder"));
    assert_unchanged(fx->dir, &before);
}

/* A folder where the third output file must go: an error before anything
   is in place; the folder is as it was. */
static void test_failed_rename_is_undone(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    put(fx->dir, "taskdefs/a.json", "old a\n");
    mkdir_in(fx->dir, "taskdefs/b.json");
    put(fx->dir, "taskdefs/b.json/keep", "a folder in the way\n");
    add(fx, "taskdefs/a.json", "new a\n", 6);
    add(fx, "taskdefs/new.json", "brand new\n", 10);
    add(fx, "taskdefs/b.json", "new b\n", 6);
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    assert_false(output_write_all(&fx->files, fx->dir, err, sizeof err));
    assert_non_null(strstr(err, "is a folder, where an output goes"));
    assert_unchanged(fx->dir, &before);
}

/* The file-size limit is reached in the middle of the second file: the
   disk is "full" halfway.  SIGXFSZ is ignored, as ecsc's main() does, so
   the write fails with EFBIG instead of killing the process. */
static void test_disk_full_halfway(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    put(fx->dir, "taskdefs/a.json", "old a\n");
    put(fx->dir, "taskdefs/big.json", "old big\n");
    enum { BIG = 256 * 1024 };
    char *big = malloc(BIG);
    assert_non_null(big);
    memset(big, 'x', BIG);
    add(fx, "taskdefs/a.json", "new a\n", 6);
    add(fx, "taskdefs/big.json", big, BIG);
    add(fx, "services/web.json", "web\n", 4);
    Snapshot before;
    snapshot(fx->dir, &before);

    struct rlimit old;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    struct rlimit small = {64 * 1024, old.rlim_max};
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    char err[512] = "";
    bool ok = output_write_all(&fx->files, fx->dir, err, sizeof err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    free(big);

    assert_false(ok);
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, "big.json"));
    assert_unchanged(fx->dir, &before);
}

/* A symlink named like a temporary file of an older ecsc is someone's
   file now: carried over as the link itself, never followed. */
static void test_planted_link_is_not_followed(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    char tmp[600], target[600];
    snprintf(tmp, sizeof tmp, "%s/taskdefs/a.json.tmp.%ld", fx->dir, (long)getpid());
    snprintf(target, sizeof target, "%s/victim", fx->dir);
    put(fx->dir, "victim", "do not touch\n");
    assert_int_equal(symlink(target, tmp), 0);
    add(fx, "taskdefs/a.json", "new a\n", 6);
    char err[512] = "";
    assert_true(output_write_all(&fx->files, fx->dir, err, sizeof err));
    char buf[64];
    read_back(fx->dir, "victim", buf, sizeof buf);
    assert_string_equal(buf, "do not touch\n");
    read_back(fx->dir, "taskdefs/a.json", buf, sizeof buf);
    assert_string_equal(buf, "new a\n");
    struct stat st;
    assert_int_equal(lstat(tmp, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
}

/* No staging folder is left beside `dir`. */
static void assert_no_siblings(const char *dir)
{
    char parent[600];
    snprintf(parent, sizeof parent, "%s", dir);
    char *slash = strrchr(parent, '/');
    *slash = '\0';
    char prefix[300];
    snprintf(prefix, sizeof prefix, ".%s.ecsc-", slash + 1);
    DIR *d = opendir(parent);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            fail_msg("'%s' left beside the output folder", e->d_name);
    closedir(d);
}

/* Nothing is in place before the commit (new folders, changed files), and
   after it everything is, with nothing left beside the folder. */
static void test_nothing_in_place_before_commit(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    put(fx->dir, "taskdefs/a.json", "old a\n");
    char err[512] = "";
    OutputStage *s = output_stage_new(fx->dir, err, sizeof err);
    assert_non_null(s);
    assert_non_null(output_stage_file(s, "taskdefs/a.json", "new a\n", 6, err, sizeof err));
    assert_non_null(output_stage_file(s, "cfn/template.json", "{}\n", 3, err, sizeof err));
    assert_non_null(output_stage_file(s, "cfn/fragments/x.json", "x\n", 2, err, sizeof err));
    assert_non_null(output_stage_file(s, "cfn/fragments/y.json", "y\n", 2, err, sizeof err));
    struct stat st;
    char cfn[600];
    snprintf(cfn, sizeof cfn, "%s/cfn", fx->dir);
    assert_int_equal(stat(cfn, &st), -1);
    char buf[64];
    read_back(fx->dir, "taskdefs/a.json", buf, sizeof buf);
    assert_string_equal(buf, "old a\n");
    OutputCommit none = {0};
    assert_true(output_stage_commit(s, &none, err, sizeof err));
    Snapshot after;
    snapshot(fx->dir, &after);
    static const char *want[] = {"cfn", "cfn/fragments", "cfn/fragments/x.json",
                                 "cfn/fragments/y.json", "cfn/template.json", "taskdefs",
                                 "taskdefs/a.json"};
    assert_int_equal(after.n, 7);
    for (int i = 0; i < 7; i++)
        assert_string_equal(after.e[i].path, want[i]);
    read_back(fx->dir, "taskdefs/a.json", buf, sizeof buf);
    assert_string_equal(buf, "new a\n");
    assert_no_siblings(fx->dir);
}

/* Files someone adds to the output folder while a build is staged are
   there after its commit: the commit carries over what it finds then. */
static void test_files_added_meanwhile_are_kept(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    put(fx->dir, "taskdefs/a.json", "old a\n");
    char err[512] = "";
    OutputStage *s = output_stage_new(fx->dir, err, sizeof err);
    assert_non_null(output_stage_file(s, "taskdefs/a.json", "new a\n", 6, err, sizeof err));
    assert_non_null(output_stage_file(s, "services/web.json", "web\n", 4, err, sizeof err));
    mkdir_in(fx->dir, "services");
    put(fx->dir, "services/theirs.json", "someone else's\n");
    OutputCommit none = {0};
    assert_true(output_stage_commit(s, &none, err, sizeof err));
    char buf[64];
    read_back(fx->dir, "services/theirs.json", buf, sizeof buf);
    assert_string_equal(buf, "someone else's\n");
    read_back(fx->dir, "services/web.json", buf, sizeof buf);
    assert_string_equal(buf, "web\n");
}

/* The size and fshash of `text`, as a manifest records them. */
static OutputKnown known(const char *path, const char *text)
{
    FsHash h;
    fshash_init(&h);
    fshash_add(&h, text, strlen(text));
    return (OutputKnown){path, strlen(text), fshash_end(&h)};
}

/* The hash does not depend on how the text is cut into pieces. */
static void test_hash_of_pieces(void **state)
{
    (void)state;
    static const char text[] = "The quick brown fox jumps over the lazy dog, 0123456789 times.";
    size_t n = sizeof text - 1;
    FsHash whole;
    fshash_init(&whole);
    fshash_add(&whole, text, n);
    uint64_t want = fshash_end(&whole);
    for (size_t cut = 1; cut < 20; cut++) {
        FsHash h;
        fshash_init(&h);
        for (size_t off = 0; off < n; off += cut)
            fshash_add(&h, text + off, off + cut <= n ? cut : n - off);
        assert_true(fshash_end(&h) == want);
    }
    FsHash other;
    fshash_init(&other);
    fshash_add(&other, text, n - 1);
    assert_true(fshash_end(&other) != want);
}

/* Files an earlier run wrote and this one does not are dropped only while
   they have the recorded size and hash; a folder they leave empty goes,
   one that was empty stays; everything else is carried over with its
   inode: files, links (not followed), FIFOs, folders. */
static void test_only_unchanged_stale_files_go(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "taskdefs");
    mkdir_in(fx->dir, "gone");
    mkdir_in(fx->dir, "empty");
    put(fx->dir, "taskdefs/old.json", "ecsc wrote this\n");
    put(fx->dir, "taskdefs/edited.json", "ecsc wrote this, then someone edited it\n");
    put(fx->dir, "notes.txt", "mine\n");
    put(fx->dir, "gone/x.json", "x\n");
    char p[600];
    snprintf(p, sizeof p, "%s/link", fx->dir);
    assert_int_equal(symlink("/etc/passwd", p), 0);
    snprintf(p, sizeof p, "%s/fifo", fx->dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    Snapshot before;
    snapshot(fx->dir, &before);
    OutputKnown stale[] = {
        known("gone/x.json", "x\n"),
        known("notes.txt", "not what it holds\n"),     /* an edited manifest names it */
        known("taskdefs/edited.json", "ecsc wrote this, then someone edited\n"),
        known("taskdefs/old.json", "ecsc wrote this\n"),
    };
    char err[512] = "";
    OutputStage *s = output_stage_new(fx->dir, err, sizeof err);
    assert_non_null(output_stage_file(s, "taskdefs/a.json", "a\n", 2, err, sizeof err));
    OutputCommit c = {stale, 4, NULL, NULL};
    assert_true(output_stage_commit(s, &c, err, sizeof err));
    Snapshot after;
    snapshot(fx->dir, &after);
    static const char *want[] = {"empty", "fifo", "link", "notes.txt", "taskdefs",
                                 "taskdefs/a.json", "taskdefs/edited.json"};
    for (int i = 0; i < after.n && i < 7; i++)
        assert_string_equal(after.e[i].path, want[i]);
    assert_int_equal(after.n, 7);
    for (int i = 0; i < after.n; i++)
        for (int k = 0; k < before.n; k++)
            if (!after.e[i].dir && strcmp(after.e[i].path, before.e[k].path) == 0 &&
                after.e[i].ino != before.e[k].ino)
                fail_msg("'%s' was not carried over as itself", after.e[i].path);
    struct stat st;
    assert_int_equal(lstat(p, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
}

/* A folder link planted where outputs go (out/taskdefs -> elsewhere) and
   a file link at an output: errors, nothing written through them. */
static void test_planted_links_are_refused(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "elsewhere");
    put(fx->dir, "elsewhere/a.json", "precious\n");
    char p[600], target[600];
    snprintf(target, sizeof target, "%s/elsewhere", fx->dir);
    snprintf(p, sizeof p, "%s/taskdefs", fx->dir);
    assert_int_equal(symlink(target, p), 0);
    add(fx, "taskdefs/a.json", "overwritten\n", 12);
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    assert_false(output_write_all(&fx->files, fx->dir, err, sizeof err));
    assert_non_null(strstr(err, "is a symbolic link"));
    assert_unchanged(fx->dir, &before);

    unlink(p);
    mkdir_in(fx->dir, "taskdefs");
    snprintf(target, sizeof target, "%s/elsewhere/a.json", fx->dir);
    snprintf(p, sizeof p, "%s/taskdefs/a.json", fx->dir);
    assert_int_equal(symlink(target, p), 0);
    snapshot(fx->dir, &before);
    assert_false(output_write_all(&fx->files, fx->dir, err, sizeof err));
    assert_non_null(strstr(err, "is a symbolic link"));
    assert_unchanged(fx->dir, &before);
}

/* A FIFO or a device where an output or the depfile goes: an error at
   once (never opened: no blocking), left as it is. */
static void test_special_files_are_refused(void **state)
{
    Fixture *fx = *state;
    alarm(20);              /* a regression that blocks fails instead of hanging */
    mkdir_in(fx->dir, "taskdefs");
    char p[600];
    snprintf(p, sizeof p, "%s/taskdefs/a.json", fx->dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    add(fx, "taskdefs/a.json", "a\n", 2);
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    assert_false(output_write_all(&fx->files, fx->dir, err, sizeof err));
    assert_non_null(strstr(err, "a FIFO"));
    assert_unchanged(fx->dir, &before);

    snprintf(p, sizeof p, "%s/dep.d", fx->dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_false(output_write_file(p, "x: y\n", 5, err, sizeof err));
    assert_non_null(strstr(err, "a FIFO"));
    struct stat st;
    assert_false(output_write_file("/dev/null", "x: y\n", 5, err, sizeof err));
    assert_non_null(strstr(err, "a character device"));
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    alarm(0);
}

typedef struct WriteJob {
    OutputSlot **slots;
    int from, step, n;
    char text[32][16];
    bool ok;
} WriteJob;

static void *write_some(void *arg)
{
    WriteJob *j = arg;
    char err[512];
    j->ok = true;
    for (int i = j->from; i < j->n; i += j->step) {
        struct iovec one = {j->text[i], strlen(j->text[i])};
        j->ok &= output_slot_write(j->slots[i], &one, 1, err, sizeof err);
    }
    return NULL;
}

/* Slots taken on one thread are written on two at once (into new and old
   folders, new and changed files) and all land at the commit. */
static void test_slots_written_on_two_threads(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "old");
    put(fx->dir, "old/f0.json", "stale\n");
    put(fx->dir, "old/f2.json", "2\n");         /* unchanged: kept as it is */
    char err[512] = "";
    OutputStage *s = output_stage_new(fx->dir, err, sizeof err);
    OutputSlot *slots[32];
    static WriteJob a, b;
    for (int i = 0; i < 32; i++) {
        char path[64];
        snprintf(path, sizeof path, "%s/f%d.json", i % 2 ? "new/deep" : "old", i);
        slots[i] = output_stage_add(s, path, err, sizeof err);
        assert_non_null(slots[i]);
        snprintf(a.text[i], sizeof a.text[i], "%d\n", i);
    }
    memcpy(b.text, a.text, sizeof a.text);
    a.slots = b.slots = slots;
    a.n = b.n = 32;
    a.step = b.step = 2;
    a.from = 0;
    b.from = 1;
    Snapshot before;
    snapshot(fx->dir, &before);
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, write_some, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, write_some, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_true(a.ok && b.ok);
    OutputCommit none = {0};
    assert_true(output_stage_commit(s, &none, err, sizeof err));
    Snapshot after;
    snapshot(fx->dir, &after);
    assert_int_equal(after.n, 3 + 32);      /* old, new, new/deep and 32 files */
    for (int i = 0; i < 32; i++) {
        char rel[64], buf[64];
        snprintf(rel, sizeof rel, "%s/f%d.json", i % 2 ? "new/deep" : "old", i);
        read_back(fx->dir, rel, buf, sizeof buf);
        assert_string_equal(buf, a.text[i]);
    }
    for (int i = 0; i < after.n; i++)           /* f2.json: the same inode and time */
        if (strcmp(after.e[i].path, "old/f2.json") == 0) {
            for (int k = 0; k < before.n; k++)
                if (strcmp(before.e[k].path, "old/f2.json") == 0)
                    assert_int_equal(after.e[i].ino, before.e[k].ino);
        }
}

/* The stage is aborted after its files were written: nothing is left, the
   new folders included. */
static void test_abort_removes_new_folders(void **state)
{
    Fixture *fx = *state;
    mkdir_in(fx->dir, "old");
    put(fx->dir, "old/a.json", "old a\n");
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    OutputStage *s = output_stage_new(fx->dir, err, sizeof err);
    OutputSlot *a = output_stage_add(s, "old/a.json", err, sizeof err);
    OutputSlot *b = output_stage_add(s, "new/x/b.json", err, sizeof err);
    assert_non_null(a);
    assert_non_null(b);
    struct iovec one = {"changed\n", 8};
    assert_true(output_slot_write(a, &one, 1, err, sizeof err));
    assert_true(output_slot_write(b, &one, 1, err, sizeof err));
    output_stage_abort(s);
    assert_unchanged(fx->dir, &before);
    assert_no_siblings(fx->dir);
}

/* A dangling symlink where a new folder must go is an error, found when
   the folder is needed, not at the commit; the symlink stays. */
static void test_dangling_symlink_in_place_of_a_folder(void **state)
{
    Fixture *fx = *state;
    char link_path[600];
    snprintf(link_path, sizeof link_path, "%s/services", fx->dir);
    assert_int_equal(symlink("/nonexistent/ecsc-target", link_path), 0);
    add(fx, "taskdefs/a.json", "a\n", 2);
    add(fx, "services/web.json", "web\n", 4);
    Snapshot before;
    snapshot(fx->dir, &before);
    char err[512] = "";
    assert_false(output_write_all(&fx->files, fx->dir, err, sizeof err));
    assert_non_null(strstr(err, "is a symbolic link"));
    assert_unchanged(fx->dir, &before);
}

/* The whole pipeline: a good compile, then a broken source compiled into
   the same folder leaves it as the good compile wrote it. */
static void test_broken_source_leaves_outputs(void **state)
{
    Fixture *fx = *state;
    static const char good[] =
        "app shop { region \"eu-west-1\"; account \"123456789012\" }\n"
        "task web {\n  launch ec2\n  container app { image \"nginx:1.25\"; memory 512 MiB }\n}\n";
    Compiler c;
    compiler_init(&c);
    compiler_add_source(&c, "good.ecs", good, strlen(good));
    assert_true(compiler_check(&c));
    compiler_emit(&c);
    char err[512] = "";
    assert_true(output_write_all(&c.outputs, fx->dir, err, sizeof err));
    compiler_free(&c);
    Snapshot before;
    snapshot(fx->dir, &before);
    assert_true(before.n > 1);

    static const char broken[] = "app shop { region \"eu-west-1\" \ntask web { launch ec3 }\n";
    compiler_init(&c);
    compiler_add_source(&c, "broken.ecs", broken, strlen(broken));
    assert_false(compiler_check(&c));   /* the driver writes nothing then */
    compiler_free(&c);
    assert_unchanged(fx->dir, &before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unchanged_outputs_are_not_rewritten, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_in_place_of_a_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_rename_is_undone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full_halfway, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_link_is_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_broken_source_leaves_outputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_in_place_before_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_added_meanwhile_are_kept, setup, teardown),
        cmocka_unit_test(test_hash_of_pieces),
        cmocka_unit_test_setup_teardown(test_only_unchanged_stale_files_go, setup, teardown),
        cmocka_unit_test_setup_teardown(test_planted_links_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_files_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slots_written_on_two_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_removes_new_folders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dangling_symlink_in_place_of_a_folder, setup, teardown),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
