/* cmd_fmt.c - `ecsc fmt [-w | --check] FILE... | -`: prints .ecs files in
 * the canonical layout (syntax/format.h), rewrites them in place (-w), or
 * lists those that are not formatted (--check).
 *
 * -w never writes through a symbolic link and never leaves a half-written
 * file: the new text goes to a temporary file in the same folder, gets
 * the old file's mode, and is renamed over the old one, only if that is
 * still the regular file that was read.  A file with syntax errors is
 * never rewritten.
 */
#include "driver/commands.h"
#include "driver/compiler.h"
#include "syntax/format.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FMT_OK = 0, FMT_INPUT = 1, FMT_USAGE = 2 };

typedef enum FmtMode { MODE_PRINT, MODE_WRITE, MODE_CHECK } FmtMode;

static void fmt_usage(FILE *out)
{
    fputs("usage: ecsc fmt [-w | --check] FILE...\n"
          "       ecsc fmt [--check] -          (standard input)\n"
          "\n"
          "Prints .ecs files in the canonical layout (docs/language.md, \"Formatting\").\n"
          "\n"
          "options:\n"
          "  -w           rewrite the files in place (only those that change)\n"
          "  --check      print nothing but the names of files that are not formatted;\n"
          "               exit status 1 if there is one\n"
          "  --help       print this help\n"
          "\n"
          "exit status: 0 ok, 1 syntax errors or (--check) a file not formatted,\n"
          "2 usage or I/O problem\n",
          out);
}

/* Reads all of `fd`, up to one byte past the source-file limit (the
   compiler reports E0007 for a longer text). */
static bool read_all(int fd, StrBuf *b)
{
    enum { CHUNK = 65536 };
    char *chunk = malloc(CHUNK);
    if (!chunk)
        ecsc_oom();
    bool ok = true;
    while (b->len <= ECSC_MAX_SOURCE_BYTES) {
        ssize_t n = read(fd, chunk, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ok = false;
            break;
        }
        if (n == 0)
            break;
        strbuf_putn(b, chunk, (size_t)n);
    }
    free(chunk);
    return ok;
}

/* Opens `path` for reading.  For -w it must be a regular file reached
   without a symbolic link at the end (O_NOFOLLOW), and opening does not
   wait for a FIFO's writer (O_NONBLOCK). */
static int open_input(const char *path, FmtMode mode, struct stat *st)
{
    int flags = O_RDONLY | O_CLOEXEC;
    if (mode == MODE_WRITE)
        flags |= O_NOFOLLOW | O_NONBLOCK;
    int fd = open(path, flags);
    if (fd < 0) {
        if (mode == MODE_WRITE && errno == ELOOP)
            fprintf(stderr, "ecsc: error: '%s' is a symbolic link; -w rewrites only regular "
                            "files (give the file it points to)\n", path);
        else
            fprintf(stderr, "ecsc: error: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        fprintf(stderr, "ecsc: error: cannot read '%s': %s\n", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st->st_mode) || (mode == MODE_WRITE && !S_ISREG(st->st_mode))) {
        fprintf(stderr, "ecsc: error: '%s' is %s, not a .ecs file%s\n", path,
                S_ISDIR(st->st_mode) ? "a directory" : "not a regular file",
                mode == MODE_WRITE ? " that -w can rewrite" : "");
        close(fd);
        return -1;
    }
    if (mode == MODE_WRITE) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    return fd;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Replaces `path`, the regular file `old` describes, with `text`: a
   temporary file beside it, renamed over it. */
static bool replace_file(const char *path, const struct stat *old, const char *text, size_t len)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    StrBuf tmp = {0};
    strbuf_putn(&tmp, path, dirlen);
    strbuf_printf(&tmp, ".%s.fmt-XXXXXX", slash ? slash + 1 : path);
    char *name = (char *)strbuf_cstr(&tmp);
    int fd = mkstemp(name);
    if (fd < 0) {
        fprintf(stderr, "ecsc: error: cannot write beside '%s': %s\n", path, strerror(errno));
        strbuf_free(&tmp);
        return false;
    }
    bool ok = write_all(fd, text, len) && fchmod(fd, old->st_mode & 07777) == 0;
    int err = errno;
    /* The owner stays where we may keep it; another's file becomes ours. */
    if (ok && fchown(fd, old->st_uid, old->st_gid) != 0)
        errno = 0;
    if (ok && fsync(fd) != 0) {
        ok = false;
        err = errno;
    }
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    struct stat now;
    if (ok && (lstat(path, &now) != 0 || now.st_dev != old->st_dev || now.st_ino != old->st_ino)) {
        ok = false;
        err = EAGAIN;
        fprintf(stderr, "ecsc: error: '%s' changed while it was formatted; not rewritten\n", path);
    } else if (ok && rename(name, path) != 0) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        if (err != EAGAIN)
            fprintf(stderr, "ecsc: error: cannot rewrite '%s': %s\n", path, strerror(err));
        unlink(name);
    }
    strbuf_free(&tmp);
    return ok;
}

/* Formats one file (path "-": standard input); returns an exit status. */
static int fmt_one(const char *path, FmtMode mode, bool color)
{
    bool is_stdin = strcmp(path, "-") == 0;
    struct stat st;
    int fd = is_stdin ? STDIN_FILENO : open_input(path, mode, &st);
    if (fd < 0)
        return FMT_USAGE;
    StrBuf src = {0};
    bool read_ok = read_all(fd, &src);
    int read_errno = errno;
    if (!is_stdin)
        close(fd);
    if (!read_ok) {
        fprintf(stderr, "ecsc: error: cannot read '%s': %s\n", path, strerror(read_errno));
        strbuf_free(&src);
        return FMT_USAGE;
    }
    const char *name = is_stdin ? "<stdin>" : path;
    Compiler c;
    compiler_init(&c);
    uint32_t id = compiler_add_source(&c, name, src.data ? src.data : "", src.len);
    StrBuf out = {0};
    int rc = FMT_OK;
    if (diag_error_count(&c.diag) || !fmt_file(&c.arena, &c.diag, &c.sources, id, &out)) {
        diag_render_text(&c.diag, &c.sources, stderr, color);
        rc = FMT_INPUT;
    } else {
        bool same = out.len == src.len && (out.len == 0 || memcmp(out.data, src.data, out.len) == 0);
        if (mode == MODE_PRINT) {
            fwrite(out.data ? out.data : "", 1, out.len, stdout);
        } else if (mode == MODE_CHECK && !same) {
            printf("%s\n", name);
            rc = FMT_INPUT;
        } else if (mode == MODE_WRITE && !same && !replace_file(path, &st, out.data, out.len)) {
            rc = FMT_USAGE;
        }
    }
    strbuf_free(&out);
    strbuf_free(&src);
    compiler_free(&c);
    return rc;
}

int cmd_fmt(int argc, char **argv)
{
    FmtMode mode = MODE_PRINT;
    int first = argc, nfiles = 0, nstdin = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool is_opt = a[0] == '-' && a[1] && i < first;
        if (is_opt && strcmp(a, "--") == 0) {
            first = i + 1;
        } else if (is_opt && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            fmt_usage(stdout);
            return FMT_OK;
        } else if (is_opt && (strcmp(a, "-w") == 0 || strcmp(a, "--check") == 0)) {
            FmtMode m = a[1] == 'w' ? MODE_WRITE : MODE_CHECK;
            if (mode != MODE_PRINT && mode != m) {
                fputs("ecsc fmt: -w and --check exclude each other\n", stderr);
                return FMT_USAGE;
            }
            mode = m;
        } else if (is_opt) {
            fprintf(stderr, "ecsc fmt: unknown option %s\ntry 'ecsc fmt --help'\n", a);
            return FMT_USAGE;
        } else {
            nfiles++;
            nstdin += strcmp(a, "-") == 0;
        }
    }
    if (!nfiles) {
        fputs("ecsc fmt: no input; give FILE... or - for standard input\n"
              "try 'ecsc fmt --help'\n", stderr);
        return FMT_USAGE;
    }
    if (nstdin && mode == MODE_WRITE) {
        fputs("ecsc fmt: -w rewrites files; standard input (-) is printed instead\n", stderr);
        return FMT_USAGE;
    }
    if (nstdin > 1) {
        fputs("ecsc fmt: standard input (-) can be read once\n", stderr);
        return FMT_USAGE;
    }
    bool color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    int rc = FMT_OK;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i < first && a[0] == '-' && a[1])
            continue;
        int r = fmt_one(a, mode, color);
        rc = r > rc ? r : rc;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ecsc: error: cannot write the output: %s\n", strerror(errno));
        rc = FMT_USAGE;
    }
    return rc;
}
