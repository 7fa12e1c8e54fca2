/* fuzz_import.c - libFuzzer harness for `ecsc import` (compiler/import/):
 * the YAML loader (libyaml into a bounded JSON tree), the docker-compose
 * and ecs-params.yml reader, the Copilot reader and the JSON reader of
 * task definitions and services.
 *
 * One input is one file to import, with an optional ecs-params.yml after
 * a line that holds only `%%`.  The input's size picks the options:
 * an odd size imports with --compose-tasks=each, bit 1 with --no-params,
 * bit 2 names an app (--app fuzz).  The files live in a private folder (on
 * /dev/shm when it exists), which also holds `app.env` for `env_file:`.
 *
 * When the import succeeds, its text must parse: fmt_source (what
 * `ecsc import` writes through) refusing it is a bug of the writer and
 * aborts.  The text is then compiled (checked, as `ecsc --check` does)
 * with an account and a region.  Any crash, sanitizer report, leak,
 * timeout or out-of-memory is a bug too.
 *
 * Build: see tests/fuzz/README.md (clang -fsanitize=fuzzer,address,undefined).
 */
#include "driver/compiler.h"
#include "import/import.h"
#include "syntax/format.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char private_dir[64];

static void remove_folder(void)
{
    static const char *const names[] = {"app.env", "compose.yml", "ecs-params.yml"};
    char path[96];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", private_dir, names[i]);
        unlink(path);
    }
    rmdir(private_dir);
}

/* The private folder, made once per process (removed at exit); NULL when
   it cannot be. */
static const char *folder(void)
{
    char *dir = private_dir;
    if (dir[0])
        return dir;
    snprintf(dir, sizeof private_dir, "%s/ecsc-fuzz-import-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir)) {
        dir[0] = '\0';
        return NULL;
    }
    char path[96];
    snprintf(path, sizeof path, "%s/app.env", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("# for env_file\nexport A=1\nB='two words'\nC=3=3\n", f);
        fclose(f);
    }
    atexit(remove_folder);
    return dir;
}

static FILE *sink(void)
{
    static FILE *null;
    if (!null)
        null = fopen("/dev/null", "w");
    return null;
}

/* Writes `len` bytes to DIR/name; returns the path (static) or NULL. */
static const char *put(const char *dir, const char *name, const uint8_t *p, size_t len)
{
    static char path[2][96];
    char *out = path[strcmp(name, "ecs-params.yml") == 0];
    snprintf(out, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(out, "wb");
    if (!f)
        return NULL;
    bool ok = fwrite(p, 1, len, f) == len;
    return fclose(f) == 0 && ok ? out : NULL;
}

/* The import's text must parse; then it is checked as a compilation. */
static void check_output(const StrBuf *text)
{
    Compiler c;
    compiler_init(&c);
    StrBuf formatted = {0};
    if (!fmt_source(&c.arena, &c.diag, &c.sources, "imported.ecs", text->data ? text->data : "", text->len,
                    &formatted)) {
        fputs("fuzz_import: the imported text does not parse:\n", stderr);
        diag_render_text(&c.diag, &c.sources, stderr, false);
        fwrite(text->data, 1, text->len, stderr);
        abort();
    }
    compiler_free(&c);
    compiler_init(&c);
    compiler_define(&c, "account=123456789012");
    compiler_define(&c, "region=eu-west-1");
    compiler_add_source(&c, "imported.ecs", formatted.data ? formatted.data : "", formatted.len);
    compiler_check(&c);
    if (sink())
        diag_render_text(&c.diag, &c.sources, sink(), false);
    compiler_free(&c);
    strbuf_free(&formatted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *dir = folder();
    if (!dir)
        return 0;
    size_t main_len = size;
    const uint8_t *params = NULL;
    for (size_t i = 0; i + 4 <= size; i++)
        if (memcmp(data + i, "\n%%\n", 4) == 0) {
            main_len = i + 1;
            params = data + i + 4;
            break;
        }
    const char *path = put(dir, "compose.yml", data, main_len);
    const char *ecs_params = params ? put(dir, "ecs-params.yml", params, (size_t)(data + size - params)) : NULL;
    if (!path)
        return 0;

    Arena arena;
    arena_init(&arena);
    ImportCtx ic;
    import_init(&ic, &arena, sink());
    ic.compose_each = size & 1;
    ic.no_params = (size & 2) != 0;
    ic.app = (size & 4) ? "fuzz" : NULL;
    ic.ecs_params = ecs_params;
    ic.source = path;
    const char *text = (const char *)data;
    if (!ic.app)
        ic.app = import_app(&ic, path, text, main_len);
    if (import_read(&ic, path, text, main_len) && !ic.errors) {
        ic.source = NULL;
        import_finish(&ic);
    }
    if (!ic.errors) {
        StrBuf out = {0};
        import_write(&ic.doc, &out);
        check_output(&out);
        strbuf_free(&out);
    }
    arena_free(&arena);
    if (ecs_params)
        unlink(ecs_params);
    return 0;
}
