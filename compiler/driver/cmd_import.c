/* cmd_import.c - `ecsc import FILE... [-o APP.ecs]`: reads each input
   (ECS task definition or service JSON; see compiler/import/import.h),
   and writes one .ecs file: to stdout, or with -o to APP.ecs, replaced in
   one rename so a reader never sees half a file.  On any error nothing is
   written. */
#include "driver/commands.h"
#include "driver/compiler.h"
#include "import/import.h"
#include "syntax/format.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 70 };

static void usage(FILE *out)
{
    fputs("usage: ecsc import [options] FILE...\n"
          "\n"
          "Turns ECS task definitions and services (JSON, as register-task-definition\n"
          "and create-service take them or as describe-* prints them), docker-compose\n"
          "files and AWS Copilot manifests (YAML) into one .ecs file.\n"
          "FILE - reads stdin.\n"
          "\n"
          "options:\n"
          "  -o FILE      write the .ecs file to FILE (default: stdout)\n"
          "  --app NAME   add `app NAME`; families and services named NAME-x become x\n"
          "  --no-params  keep placeholders such as {{tag}} as text, not params\n"
          "  --compose-tasks=one|each\n"
          "               docker-compose: all services as containers of one task (default,\n"
          "               as ecs-cli did), or a task and service each (as Docker's ECS\n"
          "               integration did)\n"
          "  --ecs-params FILE\n"
          "               docker-compose: ecs-cli's ECS parameters (default: the\n"
          "               ecs-params.yml beside the compose file, if there is one)\n"
          "  --help       print this help\n"
          "\n"
          "exit status: 0 ok (warnings may have been printed), 1 an input cannot be\n"
          "imported, 2 usage or I/O problem\n",
          out);
}

/* The whole of `path` (stdin for "-") in a malloc'd buffer; at most one
   byte over the import limit is read, so the reader can say it is too big. */
static char *slurp(const char *path, size_t *len)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        if (fd)
            close(fd);
        errno = EISDIR;
        return NULL;
    }
    size_t cap = 65536, n = 0, limit = (size_t)IMPORT_MAX_BYTES + 1;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
        }
        size_t want = cap - n < limit - n ? cap - n : limit - n;
        ssize_t got = read(fd, buf + n, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            free(buf);
            buf = NULL;
            break;
        }
        n += (size_t)got;
        if (got == 0 || n >= limit)
            break;
    }
    if (fd)
        close(fd);
    if (!buf)
        ecsc_oom();
    *len = n;
    return buf;
}

/* The writer's text in the canonical layout (`ecsc fmt`), so that what
   import writes passes `ecsc fmt --check`.  The writer must produce text
   that parses: when it does not, that is a bug of the writer, reported
   as an internal error with the parser's diagnostics (and nothing is
   written), never hidden by writing the unformatted text. */
static bool format_output(const StrBuf *text, const char *name, StrBuf *out)
{
    Compiler c;
    compiler_init(&c);
    bool ok = fmt_source(&c.arena, &c.diag, &c.sources, name, text->data ? text->data : "", text->len, out);
    if (!ok) {
        fputs("ecsc import: internal error: the .ecs text written does not parse; please report it "
              "with the input:\n", stderr);
        diag_render_text(&c.diag, &c.sources, stderr, false);
    }
    compiler_free(&c);
    return ok;
}

/* Writes `text` to `path` through a new file beside it and one rename.
   Only a regular file (or a symbolic link, which is replaced, never
   followed) is replaced: renaming over a device such as /dev/null or a
   FIFO would put a file where the system has a special one. */
static bool write_atomic(const char *path, const char *text, size_t len)
{
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return false;
    }
    char *tmp = malloc(strlen(path) + 32);
    if (!tmp)
        ecsc_oom();
    sprintf(tmp, "%s.ecsc-tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    bool ok = fd >= 0;
    for (size_t off = 0; ok && off < len;) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    if (fd >= 0) {
        ok = fsync(fd) == 0 && ok;
        ok = close(fd) == 0 && ok;
    }
    int saved = errno;
    if (ok && rename(tmp, path) != 0)
        ok = false, saved = errno;
    if (!ok && fd >= 0)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return ok;
}

int cmd_import(int argc, char **argv)
{
    const char *out = NULL, *app = NULL;
    bool no_params = false, compose_each = false;
    const char *ecs_params = NULL;
    int first = 0, count = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (!files)
        ecsc_oom();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            free(files);
            return EXIT_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--app") == 0 || strcmp(a, "--ecs-params") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "ecsc import: %s needs a value\n", a);
                free(files);
                return EXIT_USAGE;
            }
            *(a[1] == 'o' ? &out : a[2] == 'a' ? &app : &ecs_params) = argv[++i];
        } else if (strncmp(a, "-o", 2) == 0) {
            out = a + 2;
        } else if (strcmp(a, "--no-params") == 0) {
            no_params = true;
        } else if (strcmp(a, "--compose-tasks=one") == 0 || strcmp(a, "--compose-tasks=each") == 0) {
            compose_each = a[16] == 'e';
        } else if (strncmp(a, "--ecs-params=", 13) == 0) {
            ecs_params = a + 13;
        } else if (strncmp(a, "--compose-tasks", 15) == 0) {
            fprintf(stderr, "ecsc import: %s: say --compose-tasks=one or --compose-tasks=each\n", a);
            free(files);
            return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "ecsc import: unknown option %s\ntry 'ecsc import --help'\n", a);
            free(files);
            return EXIT_USAGE;
        } else {
            files[count++] = argv[i];
        }
    }
    (void)first;
    if (count == 0) {
        fputs("ecsc import: no input file\ntry 'ecsc import --help'\n", stderr);
        free(files);
        return EXIT_USAGE;
    }
    if (app && !import_is_name(app)) {
        fprintf(stderr, "ecsc import: --app %s: not a name (letters, digits, - and _)\n", app);
        free(files);
        return EXIT_USAGE;
    }

    Arena arena;
    arena_init(&arena);
    ImportCtx ic;
    import_init(&ic, &arena, stderr);
    ic.no_params = no_params;
    ic.app = app;
    ic.compose_each = compose_each;
    ic.ecs_params = ecs_params;
    int rc = EXIT_OK;
    StrBuf from = {0};
    char **texts = calloc((size_t)count, sizeof *texts);
    size_t *lens = calloc((size_t)count, sizeof *lens);
    if (!texts || !lens)
        ecsc_oom();
    /* Read everything first: services need an app, whose name comes from
       --app or the first service, before any task is read. */
    for (int i = 0; i < count; i++) {
        texts[i] = slurp(files[i], &lens[i]);
        if (!texts[i]) {
            fprintf(stderr, "ecsc import: cannot read %s: %s\n", files[i], strerror(errno));
            rc = EXIT_USAGE;
            break;
        }
        if (!ic.app && (ic.app = import_app(&ic, files[i], texts[i], lens[i])))
            import_comment(&ic, NULL, "The app's name, %s, was taken from the services; choose another with "
                           "`ecsc import --app NAME`.", ic.app);
    }
    for (int i = 0; i < count && rc == EXIT_OK; i++) {
        size_t len = lens[i];
        char *text = texts[i];
        texts[i] = NULL;
        ic.source = strcmp(files[i], "-") == 0 ? "<stdin>" : files[i];
        strbuf_printf(&from, "%s%s", i ? ", " : "", ic.source);
        import_read(&ic, ic.source, text, len);
        free(text);
    }
    if (rc == EXIT_OK && !ic.errors) {
        ic.source = NULL;
        import_finish(&ic);
    }
    if (rc == EXIT_OK && ic.errors)
        rc = EXIT_INPUT;
    if (rc == EXIT_OK) {
        vec_push(&arena, &ic.doc.header, arena_printf(&arena, "Imported by `ecsc import` from %s.",
                                                      strbuf_cstr(&from)));
        /* The imported file's own header line comes first. */
        Vec *h = &ic.doc.header;
        void *line = h->items[h->len - 1];
        memmove(h->items + 1, h->items, (size_t)(h->len - 1) * sizeof *h->items);
        h->items[0] = line;
        StrBuf raw = {0}, text = {0};
        import_write(&ic.doc, &raw);
        if (!format_output(&raw, out ? out : "<stdout>", &text)) {
            rc = EXIT_INTERNAL;
        } else if (!out) {
            fwrite(text.data, 1, text.len, stdout);
            if (fflush(stdout) != 0) {
                fprintf(stderr, "ecsc import: cannot write to stdout: %s\n", strerror(errno));
                rc = EXIT_USAGE;
            }
        } else if (!write_atomic(out, strbuf_cstr(&text), text.len)) {
            fprintf(stderr, "ecsc import: cannot write %s: %s\n", out,
                    errno == EINVAL ? "not a regular file (write to stdout without -o)" : strerror(errno));
            rc = EXIT_USAGE;
        }
        strbuf_free(&raw);
        strbuf_free(&text);
    }
    strbuf_free(&from);
    for (int i = 0; i < count; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    arena_free(&arena);
    free(files);
    return rc;
}
