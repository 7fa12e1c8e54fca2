/* manifest.c - the output folder's manifest, stale outputs, the depfile. */
#include "driver/manifest.h"

#include "base/strbuf.h"
#include "driver/depfile.h"
#include "driver/fstree.h"
#include "driver/output.h"
#include "emit.h"

#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_output(const void *pa, const void *pb)
{
    const OutputFile *a = *(OutputFile *const *)pa, *b = *(OutputFile *const *)pb;
    return strcmp(a->path, b->path);
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

/* A record of the manifest: "HASH SIZE PATH" (16 hex digits, decimal).
   Anything else (a comment, a line of an older ecsc, an edit) is ignored:
   its file is never removed. */
static bool parse_record(char *line, OutputKnown *k)
{
    char *end;
    if (strlen(line) < 19 || line[16] != ' ')
        return false;
    for (int i = 0; i < 16; i++)
        if (!strchr("0123456789abcdef", line[i]))
            return false;
    k->hash = strtoull(line, NULL, 16);
    if (line[17] < '0' || line[17] > '9')
        return false;
    k->size = strtoull(line + 17, &end, 10);
    if (*end != ' ' || !safe_entry(end + 1))
        return false;
    k->path = end + 1;
    return true;
}

static int cmp_known(const void *pa, const void *pb)
{
    return strcmp(((const OutputKnown *)pa)->path, ((const OutputKnown *)pb)->path);
}

/* The files the old manifest `text` records that this run does not
   produce, sorted. */
static void find_stale(Arena *a, char *text, OutputFile **sorted, int n, Vec *stale)
{
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        OutputKnown k;
        if (!parse_record(line, &k))
            continue;
        OutputFile key = {.path = k.path}, *kp = &key;
        if (n && bsearch(&kp, sorted, (size_t)n, sizeof *sorted, cmp_output))
            continue;
        OutputKnown *copy = ARENA_NEW(a, OutputKnown);
        *copy = k;
        copy->path = arena_strdup(a, k.path);
        vec_push(a, stale, copy);
    }
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
    /* Signals go to the main thread (output_signals_install). */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    int rc = pthread_create(&w->thread, NULL, writer_main, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
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

typedef struct Placed {
    const char *rel;
    OutputSlot *slot;
} Placed;

static void place(BuildStage *bs, const char *rel, OutputSlot *slot)
{
    Placed *p = ARENA_NEW(bs->a, Placed);
    *p = (Placed){rel, slot};
    vec_push(bs->a, &bs->placed, p);
}

void build_stage_put(void *ctx, const OutputFile *f, const EmitPiece *pieces, int n)
{
    BuildStage *bs = ctx;
    if (bs->failed || bs->b->list_outputs)
        return;
    if (!bs->stage) {
        bs->stage = output_stage_new(bs->outdir, bs->err, sizeof bs->err);
        if (!bs->stage) {
            bs->failed = true;
            return;
        }
        bs->writer = writer_start();
    }
    const char *rel = bs->prefix ? arena_printf(bs->a, "%s%s", bs->prefix, f->path) : f->path;
    OutputSlot *slot = output_stage_add(bs->stage, rel, bs->err, sizeof bs->err);
    if (!slot) {
        bs->failed = true;
        return;
    }
    place(bs, rel, slot);
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

static int cmp_placed(const void *pa, const void *pb)
{
    return strcmp((*(Placed *const *)pa)->rel, (*(Placed *const *)pb)->rel);
}

/* The manifest: a comment, then "HASH SIZE PATH" for each output, sorted.
   Outputs not staged yet (with their data) are staged now. */
static const char *manifest_text(BuildStage *bs, OutputFile **sorted, int n, char *err,
                                 size_t errlen)
{
    for (int i = 0; i < n; i++)
        if (sorted[i]->data) {
            OutputSlot *slot = output_stage_file(bs->stage, sorted[i]->path, sorted[i]->data,
                                                 sorted[i]->len, err, errlen);
            if (!slot)
                return NULL;
            place(bs, sorted[i]->path, slot);
        }
    Vec *pl = &bs->placed;
    if (pl->len)
        qsort(pl->items, (size_t)pl->len, sizeof *pl->items, cmp_placed);
    StrBuf m = {0};
    strbuf_puts(&m, "# ecsc: the files it wrote here (hash, size, path). When a later build no "
                    "longer\n# writes one, it removes it if the file still has this size and "
                    "hash.\n");
    for (int i = 0, k = 0; i < n; i++) {
        while (k < pl->len && strcmp(((Placed *)pl->items[k])->rel, sorted[i]->path) < 0)
            k++;
        uint64_t size = 0, hash = 0;
        if (k < pl->len && strcmp(((Placed *)pl->items[k])->rel, sorted[i]->path) == 0)
            output_slot_digest(((Placed *)pl->items[k])->slot, &size, &hash);
        strbuf_printf(&m, "%016" PRIx64 " %" PRIu64 " %s\n", hash, size, sorted[i]->path);
    }
    const char *text = arena_strdup(bs->a, strbuf_cstr(&m));
    strbuf_free(&m);
    return text;
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

    Vec targets = {0};
    vec_push(a, &targets, (void *)join(a, outdir, MANIFEST_NAME));
    for (int i = 0; i < n; i++)
        vec_push(a, &targets, (void *)join(a, outdir, sorted[i]->path));

    const char *deptext = NULL;
    if (b->depfile) {
        Vec deps = {0};
        for (int i = 0; i < nmaps; i++)
            depfile_add_sources(a, &deps, maps[i]);
        for (int i = 0; i < b->inputs.len; i++)
            depfile_add(a, &deps, b->inputs.items[i]);
        Vec one = {0};
        if (b->depfile_target)
            vec_push(a, &one, (void *)b->depfile_target);
        deptext = depfile_text(a, b->depfile_target ? &one : &targets, &deps, err, errlen);
        if (!deptext) {
            if (bs)
                build_stage_abort(bs);
            return false;
        }
    }
    if (b->list_outputs) {
        for (int i = 1; i < targets.len; i++)
            fprintf(list, "%s\n", (const char *)targets.items[i]);
        return !deptext || output_write_file(b->depfile, deptext, strlen(deptext), err, errlen);
    }

    BuildStage own;
    if (!bs) {
        build_stage_init(&own, a, b);
        bs = &own;
    }
    if (!bs->stage && !(bs->stage = output_stage_new(outdir, err, errlen)))
        return false;
    OutputStage *stage = bs->stage;
    bs->stage = NULL;       /* committed or aborted below */
    char *old = NULL;
    size_t oldlen;
    const char *text = manifest_text(bs, sorted, n, err, errlen);
    bool ok = text && output_stage_lock(stage, err, errlen) &&
              output_stage_read(stage, MANIFEST_NAME, MANIFEST_MAX, &old, &oldlen, err, errlen) &&
              output_stage_stamp(stage, MANIFEST_NAME, text, strlen(text), err, errlen);
    if (!ok) {
        free(old);
        output_stage_abort(stage);
        return false;
    }
    Vec stale = {0};
    if (old)
        find_stale(a, old, sorted, n, &stale);
    OutputKnown *known = arena_alloc(a, sizeof *known * (size_t)(stale.len ? stale.len : 1));
    for (int i = 0; i < stale.len; i++)
        known[i] = *(OutputKnown *)stale.items[i];
    qsort(known, (size_t)stale.len, sizeof *known, cmp_known);
    free(old);
    OutputCommit c = {known, stale.len, b->depfile, deptext};
    return output_stage_commit(stage, &c, err, errlen);
}
