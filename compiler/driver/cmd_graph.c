/* cmd_graph.c - `ecsc graph FILE`: the application as a Graphviz picture.
 *
 * Compiles as far as the plan (nothing is written) and prints DOT text
 * (emit/graph_dot.c) on stdout; with -Tsvg or -Tpng the text goes through
 * Graphviz's `dot` instead, whose output is ours.
 */
#include "driver/commands.h"
#include "driver/compiler.h"
#include "graph_dot.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static void graph_usage(FILE *out)
{
    fputs("usage: ecsc graph [options] FILE.ecs\n"
          "\n"
          "Prints the application as it will run, as a Graphviz DOT picture: load\n"
          "balancers, listeners, rules, target groups, services, task definitions,\n"
          "containers, and the roles, secrets, log groups and capacity they use.\n"
          "\n"
          "options:\n"
          "  -T FORMAT      dot (default), or any format of Graphviz's dot (svg, png, pdf):\n"
          "                 the picture is rendered by `dot -TFORMAT`\n"
          "  --env NAME     the environment NAME, as when compiling\n"
          "  -D NAME=VALUE  set a parameter, as when compiling\n"
          "  --params FILE  read NAME=VALUE lines as -D\n"
          "  -I DIR         look for imports in DIR\n"
          "  --help         print this help\n"
          "\n"
          "example: ecsc graph app.ecs -Tsvg > app.svg\n",
          out);
}

static int graph_fail(const char *msg, const char *arg)
{
    fprintf(stderr, "ecsc graph: %s%s%s\ntry 'ecsc graph --help'\n", msg, arg ? " " : "", arg ? arg : "");
    return EXIT_USAGE;
}

/* Whether an executable `name` is on PATH. */
static bool on_path(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    char buf[4096];
    for (const char *p = path; *p;) {
        const char *end = strchr(p, ':');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n && n + strlen(name) + 2 < sizeof buf) {
            memcpy(buf, p, n);
            buf[n] = '/';
            strcpy(buf + n + 1, name);
            struct stat st;
            if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
                return true;
        }
        p = end ? end + 1 : p + n;
    }
    return false;
}

/* Pipes `text` through `dot -T<format>`, whose stdout is ours. */
static int render(const char *format, const char *text, size_t len)
{
    if (!on_path("dot")) {
        fprintf(stderr, "ecsc graph: error: -T%s needs Graphviz's `dot`, which is not on PATH\n"
                        "  note: install it (Debian, Ubuntu: apt-get install graphviz), or leave out -T\n"
                        "        to print DOT text and render it elsewhere\n", format);
        return EXIT_USAGE;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        fprintf(stderr, "ecsc graph: error: pipe: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    char arg[64];
    snprintf(arg, sizeof arg, "-T%s", format);
    char *argv[] = {"dot", arg, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], STDIN_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    pid_t pid;
    int err = posix_spawnp(&pid, "dot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[0]);
    if (err) {
        close(fds[1]);
        fprintf(stderr, "ecsc graph: error: cannot run dot: %s\n", strerror(err));
        return EXIT_USAGE;
    }
    /* dot may stop reading early (a format it does not know): its exit
       status says so, not a SIGPIPE of ours. */
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    for (size_t off = 0; off < len;) {
        ssize_t n = write(fds[1], text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (size_t)n;
    }
    close(fds[1]);
    signal(SIGPIPE, old);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return EXIT_USAGE;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "ecsc graph: error: dot -T%s failed\n", format);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The value of option `name` (given as "-Xv", "-X v", "--name=v" or
   "--name v"), advancing *i; NULL when `a` is not that option. */
static const char *option(int argc, char **argv, int *i, const char *name, bool *missing)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=' && name[1] == '-')
        return a + n + 1;
    if (a[n] && name[1] != '-')
        return a + n;
    if (a[n])
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

int cmd_graph(int argc, char **argv)
{
    Compiler c;
    compiler_init(&c);
    /* The plan is all a picture needs: no services/ values asked for. */
    c.emit = EMIT_TASKDEFS | EMIT_CFN;
    const char *input = NULL, *format = NULL, *v;
    int rc = EXIT_OK;
    char err[512];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool missing = false;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            graph_usage(stdout);
            goto done;
        } else if ((v = option(argc, argv, &i, "-T", &missing))) {
            format = v;
        } else if ((v = option(argc, argv, &i, "--env", &missing))) {
            c.env = v;
        } else if ((v = option(argc, argv, &i, "-D", &missing))) {
            if (!compiler_define(&c, v)) {
                rc = graph_fail("-D expects NAME=VALUE, got", v);
                goto done;
            }
        } else if ((v = option(argc, argv, &i, "--params", &missing))) {
            if (!compiler_load_params(&c, v, err, sizeof err)) {
                fprintf(stderr, "ecsc graph: error: %s\n", err);
                rc = EXIT_USAGE;
                goto done;
            }
        } else if ((v = option(argc, argv, &i, "-I", &missing))) {
            vec_push(&c.arena, &c.include_dirs, (void *)v);
        } else if (missing) {
            rc = graph_fail("a value must follow", a);
            goto done;
        } else if (a[0] == '-' && a[1]) {
            rc = graph_fail("unknown option", a);
            goto done;
        } else if (input) {
            rc = graph_fail("one input file at a time; extra:", a);
            goto done;
        } else {
            input = a;
        }
    }
    if (!input) {
        rc = graph_fail("no input file", NULL);
        goto done;
    }
    if (format && (!*format || strlen(format) > 32 || strspn(format, "abcdefghijklmnopqrstuvwxyz0123456789:_-") != strlen(format))) {
        rc = graph_fail("-T expects a Graphviz output format such as svg or png, got", format);
        goto done;
    }
    if (!compiler_load_file(&c, input, err, sizeof err)) {
        fprintf(stderr, "ecsc graph: error: %s\n", err);
        rc = EXIT_USAGE;
        goto done;
    }
    bool ok = compiler_check(&c);
    DiagRenderer dr;
    diag_renderer_init(&dr, DIAG_FORMAT_TEXT, stderr, isatty(STDERR_FILENO) && !getenv("NO_COLOR"));
    diag_render(&dr, &c.diag, &c.sources);
    diag_renderer_finish(&dr);
    if (!ok) {
        rc = EXIT_INPUT;
        goto done;
    }
    StrBuf out = {0};
    graph_dot(c.plan, &c.arena, &out);
    if (format && strcmp(format, "dot") != 0 && strcmp(format, "gv") != 0) {
        rc = render(format, out.data, out.len);
    } else {
        fwrite(out.data, 1, out.len, stdout);
        if (fflush(stdout) != 0) {
            fprintf(stderr, "ecsc graph: error: writing the output: %s\n", strerror(errno));
            rc = EXIT_USAGE;
        }
    }
    strbuf_free(&out);
done:
    compiler_free(&c);
    return rc;
}
