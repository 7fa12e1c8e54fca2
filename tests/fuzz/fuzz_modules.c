/* fuzz_modules.c - libFuzzer harness over several files that import each
 * other, with a structure-aware mutator.
 *
 * One input is a set of up to MAX_FILES .ecs files separated by lines that
 * hold only "%%": the first is the root, the others are m1.ecs, m2.ecs, …
 * and are reached with `import "./m1.ecs"`.  They are written to a private
 * folder (on /dev/shm when it exists), so the real loader runs: search,
 * realpath, reading, cycles.  The whole pipeline follows, as in
 * fuzz_compile.c: check, emit to memory, render the diagnostics.
 *
 * The mutator (LLVMFuzzerCustomMutator) mostly defers to libFuzzer's, and
 * otherwise splices in the shapes that broke ecsc before (issue 13): chains
 * of constants and of imports, strings that double, templates used many
 * times or by each other, deep brackets, long lines, a file split in two.
 *
 * Build: tests/fuzz/build.sh (see tests/fuzz/README.md).
 */
#include "driver/compiler.h"
#include "emit.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

enum { MAX_FILES = 8 };

static FILE *sink(void)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    return null;
}

static char dir[64];

/* Removes the folder and what the last input left in it. */
static void remove_folder(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/root.ecs", dir);
    unlink(path);
    for (int k = 1; k < MAX_FILES; k++) {
        snprintf(path, sizeof path, "%s/m%d.ecs", dir, k);
        unlink(path);
    }
    rmdir(dir);
}

/* The harness's own folder, made once per process. */
static const char *folder(void)
{
    if (!dir[0]) {
        struct stat st;
        const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
        snprintf(dir, sizeof dir, "%s/ecsc-fuzz-XXXXXX", base);
        if (!mkdtemp(dir))
            abort();
        atexit(remove_folder);
    }
    return dir;
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (n && fwrite(p, 1, n, f) != n)
        abort();
    fclose(f);
}

/* Splits the input at "\n%%\n" into the root and m1.ecs … and writes them;
   files of earlier inputs beyond this one's are removed.  Returns the root. */
static void write_files(const uint8_t *data, size_t size, char *root, size_t rootlen)
{
    const char *dir = folder();
    size_t start = 0;
    int n = 0;
    char path[128];
    while (n < MAX_FILES) {
        size_t end = size;
        for (size_t i = start; i + 4 <= size; i++)
            if (memcmp(data + i, "\n%%\n", 4) == 0 && n + 1 < MAX_FILES) {
                end = i + 1;
                break;
            }
        if (n == 0)
            snprintf(path, sizeof path, "%s/root.ecs", dir);
        else
            snprintf(path, sizeof path, "%s/m%d.ecs", dir, n);
        write_file(path, data + start, end - start);
        n++;
        if (end == size)
            break;
        start = end + 3;
    }
    for (int k = n; k < MAX_FILES; k++) {
        snprintf(path, sizeof path, "%s/m%d.ecs", dir, k);
        unlink(path);
    }
    snprintf(root, rootlen, "%s/root.ecs", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char root[128];
    write_files(data, size, root, sizeof root);
    Compiler c;
    compiler_init(&c);
    c.diag.max_errors = 0;          /* every diagnostic, not the first 20 */
    if (size & 1) {
        compiler_define(&c, "account=123456789012");
        compiler_define(&c, "region=eu-west-1");
    }
    char err[512];
    if (!compiler_load_file(&c, root, err, sizeof err))
        abort();                    /* the harness wrote it: reading must work */
    if (compiler_check(&c)) {
        compiler_emit(&c);
        unsigned sum = 0;           /* every byte, so a bad length is caught here */
        for (int i = 0; i < c.outputs.len; i++) {
            const OutputFile *f = c.outputs.items[i];
            for (size_t k = 0; k < f->len; k++)
                sum += (unsigned char)f->data[k];
        }
        if (sum == 0xFFFFFFFFu)
            fputc('\n', sink());
    }
    FILE *out = sink();
    if (out) {
        diag_render_text(&c.diag, &c.sources, out, size & 2);
        fflush(out);
    }
    compiler_free(&c);
    return 0;
}

/* ---- the structure-aware mutator ------------------------------------------------ */

typedef struct Rng {
    uint32_t s;
} Rng;

static uint32_t next(Rng *r, uint32_t n)
{
    r->s = r->s * 1103515245u + 12345u;
    return n ? (r->s >> 8) % n : 0;
}

typedef struct Out {
    char *p;
    size_t len, cap;
} Out;

static void put(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Out *o, const char *fmt, ...)
{
    if (o->len >= o->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len = o->len + (size_t)n < o->cap ? o->len + (size_t)n : o->cap;
}

static const char *const task_body =
    "launch fargate\n cpu 0.25 vcpu\n memory 512 MiB\n container c { image \"nginx\"\n"
    " env { A = \"x\" } } ";

/* One shape of issue 13, into `o`. */
static void shape(Rng *r, Out *o)
{
    uint32_t n = 2 + next(r, 64);
    unsigned id = next(r, 1000);
    switch (next(r, 9)) {
    case 0:     /* a chain of constants */
        put(o, "\nc%u_0 = \"x\"\n", id);
        for (uint32_t i = 1; i < n; i++) {
            static const char *const forms[] = {"$c%u_%u", "\"${c%u_%u}${c%u_%u}\"", "[$c%u_%u]",
                                                "($c%u_%u + 1)"};
            uint32_t f = next(r, 4);
            put(o, "c%u_%u = ", id, i);
            put(o, forms[f], id, i - 1, id, i - 1);
            put(o, "\n");
        }
        break;
    case 1:     /* a chain of imports across the files */
        for (uint32_t i = 1; i < MAX_FILES && i < n; i++)
            put(o, "\nimport \"./m%u.ecs\"\n%%%%\n", next(r, 4) ? i : next(r, MAX_FILES));
        break;
    case 2:     /* a template with a body, used many times */
        put(o, "\ntemplate t%u {\n param p string default \"v\"\n %s\n}\n", id, task_body);
        for (uint32_t i = 0; i < n; i++)
            put(o, "task x%u_%u from t%u { p = \"%u\" }\n", id, i, id, i);
        break;
    case 3:     /* templates that use each other */
        for (uint32_t i = 0; i < n && i < 20; i++)
            put(o, "\ntemplate u%u_%u {\n use u%u_%u\n use u%u_%u\n}\n", id, i, id, i + 1, id,
                next(r, 2) ? i + 1 : i);
        put(o, "task y%u from u%u_0\n", id, id);
        break;
    case 4:     /* deep brackets */
        put(o, "\nd%u = ", id);
        for (uint32_t i = 0; i < n * 2; i++)
            put(o, "%s", next(r, 2) ? "[" : "{ x ");
        put(o, "\n");
        break;
    case 5:     /* a long line */
        put(o, "\nl%u = \"", id);
        for (uint32_t i = 0; i < n * 64; i++)
            put(o, "%c", "ab@\"$ {"[next(r, 7)]);
        put(o, "\n");
        break;
    case 6:     /* a file boundary */
        put(o, "\n%%%%\n");
        break;
    case 7:     /* an import, maybe of the standard library or an alias */
        if (next(r, 3) == 0)
            put(o, "\nimport \"std/%s\"\n", next(r, 2) ? "logging" : "policies");
        else
            put(o, "\nimport \"./m%u.ecs\" as n%u\n", 1 + next(r, MAX_FILES - 1), id);
        break;
    default:    /* an environment overriding a task */
        put(o, "\nenvironment e%u {\n task x%u_0 { memory 1 GiB }\n add task z%u { %s }\n}\n", id,
            id, id, task_body);
        break;
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    Rng r = {seed};
    if (next(&r, 4) != 0)
        return LLVMFuzzerMutate(data, size, max_size);
    char buf[8192];
    Out o = {buf, 0, sizeof buf - 1};
    shape(&r, &o);
    if (o.len == 0 || size + o.len > max_size)
        return LLVMFuzzerMutate(data, size, max_size);
    /* At a line start, or at the end. */
    size_t at = size ? next(&r, (uint32_t)size + 1) : 0;
    while (at < size && at > 0 && data[at - 1] != '\n')
        at++;
    memmove(data + at + o.len, data + at, size - at);
    memcpy(data + at, buf, o.len);
    return size + o.len;
}
