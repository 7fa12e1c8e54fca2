/* manifest.c - the output folder's manifest, stale outputs, the depfile. */
#include "driver/manifest.h"

#include "base/strbuf.h"
#include "driver/depfile.h"
#include "driver/output.h"
#include "emit.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_output(const void *pa, const void *pb)
{
    const OutputFile *a = *(OutputFile *const *)pa, *b = *(OutputFile *const *)pb;
    return strcmp(a->path, b->path);
}

static int cmp_str(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* OUTDIR without trailing slashes ("/" stays). */
static const char *clean_dir(Arena *a, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return arena_strndup(a, dir, n);
}

static const char *join(Arena *a, const char *dir, const char *rel)
{
    if (!dir)
        return rel;
    size_t nd = strlen(dir), nr = strlen(rel);
    bool slash = strcmp(dir, "/") != 0;
    char *p = arena_alloc(a, nd + slash + nr + 1);
    memcpy(p, dir, nd);
    if (slash)
        p[nd] = '/';
    memcpy(p + nd + slash, rel, nr + 1);
    return p;
}

/* A line of an old manifest names a file below OUTDIR that ecsc may remove:
   relative, no "." or ".." part, not the manifest. */
static bool safe_entry(const char *rel)
{
    if (!*rel || rel[0] == '/' || strcmp(rel, MANIFEST_NAME) == 0)
        return false;
    for (const char *p = rel; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        p += n;
        if (*p)
            p++;
    }
    return true;
}

/* The old manifest's files that this run does not produce (relative). */
static void find_stale(Arena *a, const char *outdir, OutputFile **sorted, int n, Vec *stale)
{
    FILE *f = fopen(join(a, outdir, MANIFEST_NAME), "r");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!safe_entry(line))
            continue;
        OutputFile key = {.path = line}, *kp = &key;
        if (n && bsearch(&kp, sorted, (size_t)n, sizeof *sorted, cmp_output))
            continue;
        struct stat st;
        const char *full = join(a, outdir, line);
        if (lstat(full, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
            vec_push(a, stale, arena_strdup(a, line));
    }
    free(line);
    fclose(f);
}

/* After removing OUTDIR/rel: its folders below OUTDIR that are now empty. */
static void remove_empty_parents(Arena *a, const char *outdir, const char *rel)
{
    char *p = arena_strdup(a, rel);
    for (char *slash = strrchr(p, '/'); slash; slash = strrchr(p, '/')) {
        *slash = '\0';
        if (rmdir(join(a, outdir, p)) != 0)
            break;
    }
}

static OutputFile *text_file(Arena *a, const char *path, const char *text)
{
    OutputFile *f = ARENA_NEW(a, OutputFile);
    f->path = path;
    f->data = text;
    f->len = strlen(text);
    return f;
}

void build_stage_init(BuildStage *bs, Arena *a, const BuildRequest *b)
{
    memset(bs, 0, sizeof *bs);
    bs->a = a;
    bs->b = b;
    bs->outdir = b->outdir ? clean_dir(a, b->outdir) : NULL;
}

/* --- the writer thread ---------------------------------------------------------
   The files are staged (written to their temporary siblings, or found
   unchanged) by one thread, in the order they were put, while the compiler
   goes on printing the next ones.  Each text is copied into a ring of
   RING_BYTES that the writer drains, so memory stays flat and no copy is
   malloc'd on one thread and freed on the other.  When the ring is full, or
   for a big file, the compiler's thread writes the file itself instead of
   waiting, so both threads write when writing is what is left to do.  The
   writer is woken once a batch has gathered, not for every file.  Each
   file's slot (its folder, its place in the stage) is taken on the
   compiler's thread in the order put; only the writing is shared.  Nothing
   is renamed into place until build_stage_wait() has joined the thread and
   manifest_commit() commits the whole stage, as before. */

typedef struct StageJob {
    OutputSlot *slot;
    size_t off, len;        /* the text, in the ring */
} StageJob;

enum {
    RING_BYTES = 4 << 20,   /* text waiting for the writer, at most */
    RING_JOBS = 1024,       /* files waiting, at most */
    WAKE_BYTES = 256 << 10, /* an idle writer is woken when this much waits */
    WRITER_BIG = 1 << 20,   /* a file this big is written where it is (the template can be 100 MB) */
};

typedef struct StageWriter {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work;
    char *ring;
    StageJob jobs[RING_JOBS];   /* jobs[first] is the oldest, being written or next */
    int first, count;
    size_t unwoken;         /* bytes put since the writer went idle */
    bool idle;              /* the writer waits for `work` */
    bool done;              /* no more jobs will come */
    bool failed;            /* a file could not be staged: the rest are dropped */
    char err[512];
} StageWriter;

static void *writer_main(void *arg)
{
    StageWriter *w = arg;
    char err[512];
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->count && !w->done) {
            w->idle = true;
            w->unwoken = 0;
            pthread_cond_wait(&w->work, &w->mu);
            w->idle = false;
        }
        if (!w->count)
            break;
        StageJob j = w->jobs[w->first];
        bool failed = w->failed;
        pthread_mutex_unlock(&w->mu);
        struct iovec one = {w->ring + j.off, j.len};
        bool ok = failed || output_slot_write(j.slot, &one, 1, err, sizeof err);
        pthread_mutex_lock(&w->mu);
        if (!ok && !w->failed) {
            w->failed = true;
            memcpy(w->err, err, sizeof err);
        }
        w->first = (w->first + 1) % RING_JOBS;
        w->count--;
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static StageWriter *writer_start(void)
{
    StageWriter *w = calloc(1, sizeof *w);
    char *ring = malloc(RING_BYTES);
    if (!w || !ring)
        ecsc_oom();
    w->ring = ring;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->work, NULL);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_cond_destroy(&w->work);
        pthread_mutex_destroy(&w->mu);
        free(w->ring);
        free(w);
        return NULL;        /* staged on the caller's thread instead */
    }
    return w;
}

void build_stage_wait(BuildStage *bs)
{
    StageWriter *w = bs->writer;
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->done = true;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    if (w->failed && !bs->failed) {
        bs->failed = true;
        memcpy(bs->err, w->err, sizeof bs->err);
    }
    pthread_cond_destroy(&w->work);
    pthread_mutex_destroy(&w->mu);
    free(w->ring);
    free(w);
    bs->writer = NULL;
}

/* Where `len` more bytes fit in the ring after the waiting texts: at their
   end, or wrapped round to the start.  Called with the lock held. */
static bool ring_room(const StageWriter *w, size_t len, size_t *off)
{
    if (!w->count) {
        *off = 0;
        return len <= RING_BYTES;
    }
    if (w->count == RING_JOBS)
        return false;
    size_t start = w->jobs[w->first].off;
    const StageJob *last = &w->jobs[(w->first + w->count - 1) % RING_JOBS];
    size_t end = last->off + last->len;
    if (last->off < start) {        /* wrapped: free from end up to start */
        *off = end;
        return end + len <= start;
    }
    if (end + len <= RING_BYTES) {
        *off = end;
        return true;
    }
    *off = 0;
    return len <= start;
}

/* Queues a copy of the file for the writer: false when the writer has
   failed (*failed: nothing more is written) or has no room for it. */
static bool writer_take(StageWriter *w, OutputSlot *slot, const EmitPiece *pieces, int n,
                        size_t len, bool *failed)
{
    if (len >= WRITER_BIG)
        return false;
    pthread_mutex_lock(&w->mu);
    size_t off;
    *failed = w->failed;
    bool room = !w->failed && ring_room(w, len, &off);
    if (room) {     /* copied under the lock: the writer only takes it to pick the next job */
        char *dst = w->ring + off;
        for (int i = 0; i < n; i++) {
            memcpy(dst, pieces[i].data, pieces[i].len);
            dst += pieces[i].len;
        }
        w->jobs[(w->first + w->count) % RING_JOBS] = (StageJob){slot, off, len};
        w->count++;
        w->unwoken += len;
        if (w->idle && w->unwoken >= WAKE_BYTES) {
            w->unwoken = 0;
            pthread_cond_signal(&w->work);
        }
    }
    pthread_mutex_unlock(&w->mu);
    return room;
}

void build_stage_put(void *ctx, const OutputFile *f, const EmitPiece *pieces, int n)
{
    BuildStage *bs = ctx;
    if (bs->failed || bs->b->list_outputs)
        return;
    if (!bs->stage) {
        bs->stage = output_stage_new(NULL);
        bs->writer = writer_start();
    }
    const char *rel = bs->prefix ? arena_printf(bs->a, "%s%s", bs->prefix, f->path) : f->path;
    const char *full = join(bs->a, bs->outdir, rel);
    OutputSlot *slot = output_stage_add(bs->stage, full, bs->err, sizeof bs->err);
    if (!slot) {
        bs->failed = true;
        return;
    }
    bool failed = false;
    if (bs->writer && writer_take(bs->writer, slot, pieces, n, f->len, &failed))
        return;
    if (failed)
        return;             /* build_stage_wait() reports it */
    struct iovec few[16], *iov = n <= 16 ? few : malloc(sizeof *iov * (size_t)n);
    if (!iov)
        ecsc_oom();
    for (int i = 0; i < n; i++)
        iov[i] = (struct iovec){(void *)pieces[i].data, pieces[i].len};
    if (!output_slot_write(slot, iov, n, bs->err, sizeof bs->err))
        bs->failed = true;
    if (iov != few)
        free(iov);
}

void build_stage_abort(BuildStage *bs)
{
    build_stage_wait(bs);
    if (bs->stage)
        output_stage_abort(bs->stage);
    bs->stage = NULL;
}

bool manifest_commit(Arena *a, const BuildRequest *b, const Vec *outputs, BuildStage *bs,
                     const SourceMap *const *maps, int nmaps, FILE *list, char *err, size_t errlen)
{
    if (bs)
        build_stage_wait(bs);
    const char *outdir = b->outdir ? clean_dir(a, b->outdir) : NULL;
    int n = outputs->len;
    OutputFile **sorted = arena_alloc(a, sizeof *sorted * (size_t)(n ? n : 1));
    if (n) {
        memcpy(sorted, outputs->items, sizeof *sorted * (size_t)n);
        qsort(sorted, (size_t)n, sizeof *sorted, cmp_output);
    }

    const char *manifest = join(a, outdir, MANIFEST_NAME);
    Vec targets = {0};
    vec_push(a, &targets, (void *)manifest);
    for (int i = 0; i < n; i++)
        vec_push(a, &targets, (void *)join(a, outdir, sorted[i]->path));

    Vec files = {0};        /* OutputFile*, full paths */
    if (b->depfile) {
        Vec deps = {0};
        for (int i = 0; i < nmaps; i++)
            depfile_add_sources(a, &deps, maps[i]);
        for (int i = 0; i < b->inputs.len; i++)
            depfile_add(a, &deps, b->inputs.items[i]);
        Vec one = {0};
        if (b->depfile_target)
            vec_push(a, &one, (void *)b->depfile_target);
        const Vec *names = b->depfile_target ? &one : &targets;
        vec_push(a, &files, text_file(a, b->depfile, depfile_text(a, names, &deps)));
    }
    if (b->list_outputs) {
        for (int i = 1; i < targets.len; i++)
            fprintf(list, "%s\n", (const char *)targets.items[i]);
        return output_commit(&files, NULL, NULL, err, errlen);
    }

    StrBuf m = {0};
    for (int i = 0; i < n; i++) {
        if (sorted[i]->data) {      /* not staged yet */
            OutputFile *f = ARENA_NEW(a, OutputFile);
            *f = *sorted[i];
            f->path = targets.items[i + 1];
            vec_push(a, &files, f);
        }
        strbuf_printf(&m, "%s\n", sorted[i]->path);
    }
    vec_push(a, &files, text_file(a, manifest, arena_strdup(a, strbuf_cstr(&m))));
    strbuf_free(&m);

    Vec stale = {0}, stale_full = {0};
    find_stale(a, outdir, sorted, n, &stale);
    if (stale.len)
        qsort(stale.items, (size_t)stale.len, sizeof *stale.items, cmp_str);
    for (int i = 0; i < stale.len; i++)
        vec_push(a, &stale_full, (void *)join(a, outdir, stale.items[i]));
    OutputStage *stage = bs && bs->stage ? bs->stage : output_stage_new(NULL);
    if (bs)
        bs->stage = NULL;   /* committed or aborted below */
    for (int i = 0; i < files.len; i++) {
        const OutputFile *f = files.items[i];
        if (!output_stage_file(stage, f->path, f->data, f->len, err, errlen)) {
            output_stage_abort(stage);
            return false;
        }
    }
    if (!output_stage_commit(stage, &stale_full, err, errlen))
        return false;
    for (int i = 0; i < stale.len; i++)
        remove_empty_parents(a, outdir, stale.items[i]);
    /* Written or not, the manifest's time says when ecsc last succeeded. */
    utimensat(AT_FDCWD, manifest, NULL, 0);
    return true;
}
