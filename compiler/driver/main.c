/* main.c - the ecsc command line. */
#include "driver/commands.h"
#include "driver/compiler.h"
#include "driver/manifest.h"
#include "driver/output.h"
#include "emit.h"
#include "sema/sema.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static void usage(FILE *out)
{
    fputs("usage: ecsc [options] FILE.ecs\n"
          "       ecsc COMMAND [ARGS...]\n"
          "\n"
          "Compiles a .ecs application description into Amazon ECS JSON.\n"
          "\n",
          out);
    command_list(out);
    fputs("options:\n"
          "  -o DIR               write outputs below DIR (taskdefs/<family>.json)\n"
          "  --check              check only; write nothing\n"
          "  --emit=LIST          what to write: taskdefs,services,cfn (default: all)\n"
          "  --list-outputs       print the files a build would write; write nothing\n"
          "  --depfile FILE       also write a Make dependency file (outputs: files read)\n"
          "  --depfile-target T   name T as the depfile's one target, not the outputs\n"
          "  --diagnostics-format=FORMAT\n"
          "                       text (default), json (one object a line) or sarif\n"
          "  -D NAME=VALUE        set a parameter (account, region, a param, a constant, ...)\n"
          "  -I DIR               look for imports in DIR (repeatable; then ECSC_PATH)\n"
          "  --env NAME           build environment NAME\n"
          "  --all-envs           build every environment into DIR/<env>/\n"
          "  --params FILE        read NAME=VALUE lines as -D (later -D wins)\n"
          "  --stack-outputs FILE the deployed stack's values for services/ (what\n"
          "                       `aws cloudformation describe-stacks` prints)\n"
          "  --color=WHEN         auto (default), always or never\n"
          "  --max-errors=N       stop reporting after N errors (default 20, 0: no limit)\n"
          "  -Werror              treat warnings as errors\n"
          "  --dump-ast           print the syntax tree and stop\n"
          "  --version            print the version\n"
          "  --help               print this help\n"
          "\n"
          "exit status: 0 ok, 1 errors in the input, 2 usage or I/O problem\n",
          out);
}

static int fail_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "ecsc: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    fputs("try 'ecsc --help'\n", stderr);
    return EXIT_USAGE;
}

/* --all-envs: every environment the file declares, each into OUTDIR/<env>/.
   All are compiled before anything is written, so an error in one leaves
   the output folder as it was. */
static int build_all_envs(Compiler *base, const char *input, const BuildRequest *req,
                          bool check_only, DiagRenderer *dr)
{
    Vec names = {0};
    if (!compiler_environments(base, &names)) {
        diag_render(dr, &base->diag, &base->sources);
        return EXIT_INPUT;
    }
    if (!names.len) {
        fprintf(stderr, "ecsc: error: %s declares no environment; --all-envs builds each "
                        "`environment NAME { … }`\n", input);
        return EXIT_INPUT;
    }
    Compiler *cs = calloc((size_t)names.len, sizeof *cs);
    if (!cs)
        ecsc_oom();
    bool ok = true;
    int rc = EXIT_OK;
    char err[512];
    BuildStage bs;      /* every environment's outputs, staged as printed */
    build_stage_init(&bs, &base->arena, req);
    for (int i = 0; i < names.len; i++) {
        Compiler *c = &cs[i];
        compiler_init(c);
        compiler_copy_options(c, base);
        c->env = names.items[i];
        if (!compiler_load_file(c, input, err, sizeof err)) {
            fprintf(stderr, "ecsc: error: %s\n", err);
            rc = EXIT_USAGE;
            ok = false;
            continue;
        }
        bool this_ok = compiler_check(c);
        if (this_ok && !check_only) {
            c->sink = (EmitSink){build_stage_put, &bs};
            bs.prefix = arena_printf(&base->arena, "%s/", c->env);
            compiler_emit(c);
            this_ok = diag_error_count(&c->diag) == 0;
        }
        if (c->diag.diags.len && dr->format == DIAG_FORMAT_TEXT)
            fprintf(stderr, "ecsc: environment '%s':\n", c->env);
        diag_render(dr, &c->diag, &c->sources);
        ok = ok && this_ok;
    }
    if (!ok && rc == EXIT_OK)
        rc = EXIT_INPUT;
    build_stage_wait(&bs);
    if (ok && !check_only && bs.failed) {
        fprintf(stderr, "ecsc: error: %s\n", bs.err);
        rc = EXIT_USAGE;
    } else if (ok && !check_only) {
        Vec all = {0};
        for (int i = 0; i < names.len; i++)
            for (int k = 0; k < cs[i].outputs.len; k++) {
                OutputFile *f = cs[i].outputs.items[k];
                OutputFile *g = ARENA_NEW(&base->arena, OutputFile);
                *g = *f;
                g->path = arena_printf(&base->arena, "%s/%s", cs[i].env, f->path);
                vec_push(&base->arena, &all, g);
            }
        const SourceMap **maps = arena_alloc(&base->arena, sizeof *maps * (size_t)names.len);
        for (int i = 0; i < names.len; i++)
            maps[i] = &cs[i].sources;
        if (!manifest_commit(&base->arena, req, &all, &bs, maps, names.len, stdout, err,
                             sizeof err)) {
            fprintf(stderr, "ecsc: error: %s\n", err);
            rc = EXIT_USAGE;
        }
    }
    build_stage_abort(&bs);     /* what was staged when something failed */
    for (int i = 0; i < names.len; i++)
        compiler_free(&cs[i]);
    free(cs);
    return rc;
}

int main(int argc, char **argv)
{
    const char *input = NULL, *outdir = NULL, *env = NULL;
    bool all_envs = false;
    BuildRequest req = {0};
    DiagFormat dformat = DIAG_FORMAT_TEXT;
    DiagRenderer dr = {0};
    bool check_only = false, dump_ast = false, werror = false, emit_given = false;
    int color = -1, max_errors = 20;
    /* Past a file-size limit (ulimit -f) a write fails with EFBIG and the
       output folder is restored, instead of the process being killed with
       temporary files left behind. */
    signal(SIGXFSZ, SIG_IGN);
    /* SIGINT/SIGTERM/SIGHUP remove what a build has staged, then end ecsc. */
    output_signals_install();
    /* `ecsc NAME ...` runs a subcommand; a path with a slash never does. */
    const Command *cmd = argc > 1 ? command_find(argv[1]) : NULL;
    if (cmd)
        return cmd->run(argc - 1, argv + 1);
    Compiler c;
    compiler_init(&c);
    int rc = EXIT_OK;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            goto done;
        } else if (strcmp(a, "--version") == 0) {
            printf("ecsc %s\n", ECSC_VERSION);
            goto done;
        } else if (strcmp(a, "-o") == 0) {
            if (++i == argc) {
                rc = fail_usage("-o needs a folder", NULL);
                goto done;
            }
            outdir = argv[i];
        } else if (strncmp(a, "-o", 2) == 0 && a[2]) {
            outdir = a + 2;
        } else if (strcmp(a, "--check") == 0) {
            check_only = true;
        } else if (strcmp(a, "--list-outputs") == 0) {
            req.list_outputs = true;
        } else if (strcmp(a, "--depfile-target") == 0 || strncmp(a, "--depfile-target=", 17) == 0) {
            req.depfile_target = a[16] == '=' ? a + 17 : (++i < argc ? argv[i] : NULL);
            if (!req.depfile_target || !*req.depfile_target) {
                rc = fail_usage("--depfile-target needs a name", NULL);
                goto done;
            }
        } else if (strcmp(a, "--depfile") == 0 || strncmp(a, "--depfile=", 10) == 0) {
            req.depfile = a[9] == '=' ? a + 10 : (++i < argc ? argv[i] : NULL);
            if (!req.depfile || !*req.depfile) {
                rc = fail_usage("--depfile needs a file", NULL);
                goto done;
            }
        } else if (strcmp(a, "--diagnostics-format") == 0 ||
                   strncmp(a, "--diagnostics-format=", 21) == 0) {
            const char *w = a[20] == '=' ? a + 21 : (++i < argc ? argv[i] : "");
            if (!diag_format_parse(w, &dformat)) {
                rc = fail_usage("--diagnostics-format expects text, json or sarif, got", w);
                goto done;
            }
        } else if (strcmp(a, "--env") == 0 || strncmp(a, "--env=", 6) == 0) {
            env = a[5] == '=' ? a + 6 : (++i < argc ? argv[i] : NULL);
            if (!env || !*env) {
                rc = fail_usage("--env needs an environment's name", NULL);
                goto done;
            }
        } else if (strcmp(a, "--all-envs") == 0) {
            all_envs = true;
        } else if (strcmp(a, "-I") == 0 || (strncmp(a, "-I", 2) == 0 && a[2])) {
            const char *dir = a[2] ? a + 2 : (++i < argc ? argv[i] : NULL);
            if (!dir) {
                rc = fail_usage("-I needs a folder", NULL);
                goto done;
            }
            vec_push(&c.arena, &c.include_dirs, (void *)dir);
        } else if (strncmp(a, "--emit=", 7) == 0) {
            unsigned mask = 0;
            char *list = strdup(a + 7), *save = NULL;
            for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                if (strcmp(w, "taskdefs") == 0)
                    mask |= EMIT_TASKDEFS;
                else if (strcmp(w, "services") == 0)
                    mask |= EMIT_SERVICES;
                else if (strcmp(w, "cfn") == 0)
                    mask |= EMIT_CFN;
                else {
                    free(list);
                    rc = fail_usage("--emit takes taskdefs, services and cfn, not", w);
                    goto done;
                }
            }
            free(list);
            if (!mask) {
                rc = fail_usage("--emit needs at least one of taskdefs, services, cfn", NULL);
                goto done;
            }
            c.emit = mask;
            c.emit_given = true;
            emit_given = true;
        } else if (strcmp(a, "--dump-ast") == 0) {
            dump_ast = true;
        } else if (strcmp(a, "-Werror") == 0) {
            werror = true;
        } else if (strcmp(a, "-D") == 0 || (strncmp(a, "-D", 2) == 0 && a[2])) {
            const char *spec = a[2] ? a + 2 : (++i < argc ? argv[i] : NULL);
            if (!spec || !compiler_define(&c, spec)) {
                rc = fail_usage("-D expects NAME=VALUE, got", spec ? spec : "nothing");
                goto done;
            }
        } else if (strcmp(a, "--params") == 0 || strncmp(a, "--params=", 9) == 0) {
            const char *file = a[8] == '=' ? a + 9 : (++i < argc ? argv[i] : NULL);
            char perr[512];
            if (!file) {
                rc = fail_usage("--params needs a file", NULL);
                goto done;
            }
            vec_push(&c.arena, &req.inputs, (void *)file);
            if (!compiler_load_params(&c, file, perr, sizeof perr)) {
                fprintf(stderr, "ecsc: error: %s\n", perr);
                rc = EXIT_USAGE;
                goto done;
            }
        } else if (strcmp(a, "--stack-outputs") == 0 || strncmp(a, "--stack-outputs=", 16) == 0) {
            const char *file = a[15] == '=' ? a + 16 : (++i < argc ? argv[i] : NULL);
            char serr[512];
            if (!file || !*file) {
                rc = fail_usage("--stack-outputs needs a file", NULL);
                goto done;
            }
            vec_push(&c.arena, &req.inputs, (void *)file);
            if (!compiler_load_stack_outputs(&c, file, serr, sizeof serr)) {
                fprintf(stderr, "ecsc: error: %s\n", serr);
                rc = EXIT_USAGE;
                goto done;
            }
        } else if (strncmp(a, "--color=", 8) == 0) {
            const char *w = a + 8;
            if (strcmp(w, "always") == 0)
                color = 1;
            else if (strcmp(w, "never") == 0)
                color = 0;
            else if (strcmp(w, "auto") == 0)
                color = -1;
            else {
                rc = fail_usage("--color expects auto, always or never, got", w);
                goto done;
            }
        } else if (strncmp(a, "--max-errors=", 13) == 0) {
            char *end;
            long n = strtol(a + 13, &end, 10);
            if (*end || end == a + 13 || n < 0 || n > 1000000) {
                rc = fail_usage("--max-errors expects a number, got", a + 13);
                goto done;
            }
            max_errors = (int)n;
        } else if (a[0] == '-' && a[1]) {
            rc = fail_usage("unknown option", a);
            goto done;
        } else if (input) {
            rc = fail_usage("one input file at a time; extra:", a);
            goto done;
        } else {
            input = a;
        }
    }
    if (!input) {
        rc = fail_usage("no input file", NULL);
        goto done;
    }
    if (req.list_outputs && (check_only || dump_ast)) {
        rc = fail_usage("--list-outputs needs a build, not --check or --dump-ast", NULL);
        goto done;
    }
    if (req.depfile && (check_only || dump_ast)) {
        rc = fail_usage("--depfile needs a build, not --check or --dump-ast", NULL);
        goto done;
    }
    if (req.depfile_target && !req.depfile) {
        rc = fail_usage("--depfile-target goes with --depfile", NULL);
        goto done;
    }
    req.outdir = outdir;
    if (!outdir && !check_only && !dump_ast && !req.list_outputs) {
        rc = fail_usage("say where to write with -o DIR, or use --check", NULL);
        goto done;
    }
    if (env && all_envs) {
        rc = fail_usage("--env and --all-envs exclude each other", NULL);
        goto done;
    }
    /* ECSC_PATH: more folders for imports, after the -I ones. */
    const char *path = getenv("ECSC_PATH");
    if (path && *path) {
        char *copy = arena_strdup(&c.arena, path), *save = NULL;
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
            if (*d)
                vec_push(&c.arena, &c.include_dirs, d);
    }
    if (color < 0)
        color = isatty(STDERR_FILENO) && !getenv("NO_COLOR");
    diag_renderer_init(&dr, dformat, stderr, color);
    /* --check looks at the source: the ARNs that only a deployment knows
       are asked for when services/ is really written (or --emit says so). */
    if (check_only && !emit_given)
        c.emit &= ~(unsigned)EMIT_SERVICES;
    c.diag.max_errors = max_errors;
    c.diag.werror = werror;

    char err[512];
    if (!compiler_load_file(&c, input, err, sizeof err)) {
        fprintf(stderr, "ecsc: error: %s\n", err);
        rc = EXIT_USAGE;
        goto done;
    }
    if (dump_ast) {
        compiler_dump_ast(&c, stdout);
        diag_render(&dr, &c.diag, &c.sources);
        rc = diag_error_count(&c.diag) ? EXIT_INPUT : EXIT_OK;
        goto done;
    }
    if (all_envs) {
        rc = build_all_envs(&c, input, &req, check_only, &dr);
        goto done;
    }
    c.env = env;
    BuildStage bs;      /* the outputs, staged as they are printed */
    build_stage_init(&bs, &c.arena, &req);
    if (!check_only)
        c.sink = (EmitSink){build_stage_put, &bs};
    bool ok = compiler_check(&c);
    if (ok && !check_only) {
        compiler_emit(&c);      /* may warn about AWS quotas */
        ok = diag_error_count(&c.diag) == 0;
    }
    diag_render(&dr, &c.diag, &c.sources);
    if (!ok) {
        build_stage_abort(&bs);
        rc = EXIT_INPUT;
        goto done;
    }
    build_stage_wait(&bs);
    if (!check_only && bs.failed) {
        build_stage_abort(&bs);
        fprintf(stderr, "ecsc: error: %s\n", bs.err);
        rc = EXIT_USAGE;
    } else if (!check_only) {
        const SourceMap *maps[] = {&c.sources};
        if (!manifest_commit(&c.arena, &req, &c.outputs, &bs, maps, 1, stdout, err, sizeof err)) {
            fprintf(stderr, "ecsc: error: %s\n", err);
            rc = EXIT_USAGE;
        }
    }
done:
    diag_renderer_finish(&dr);
    compiler_free(&c);
    return rc;
}
