/* import_yaml_int.h - what the compose and Copilot readers share (import_yaml.c): the loaded
 * document, notes that become a warning plus a comment at a container or the task, values with
 * units (durations, sizes, CPUs), shell words, and handing an ECS-shaped task definition to the
 * JSON reader of import.h so that both formats come out in the same idiomatic .ecs. */
#ifndef ECSC_IMPORT_IMPORT_YAML_INT_H
#define ECSC_IMPORT_IMPORT_YAML_INT_H

#include "import/import_yaml.h"
#include "import/yaml_json.h"

#include <stdint.h>

typedef struct YamlIn {
    ImportCtx *ic;
    YamlDoc doc;
    const char *path;     /* the input, for messages */
    const char *dir;      /* its folder: env_file and ecs-params.yml are read relative to it */
    Vec notes;            /* YNote *: placed by ytask */
    Vec quiet;            /* const char *: containers that log nowhere (`logs none`) */
    cJSON *awslogs;       /* container name -> its awslogs options: written as `logs awslogs` */
} YamlIn;

/* A warning and the comment that goes with it, above the container OWNER (NULL: the task). */
typedef struct YNote {
    const char *owner;
    const char *code;
    const char *text;
} YNote;

/* Adds a note; AT (may be NULL) gives its line. */
void ynote(YamlIn *y, const char *owner, const cJSON *at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* An error (E0045-E0047) with AT's line. */
void yerror(YamlIn *y, const cJSON *at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The text of a scalar (numbers as written by %g, booleans as true/false); NULL otherwise. */
const char *ytext(YamlIn *y, const cJSON *v);
/* A Go/compose duration ("1m30s", "500ms", "10s") or a number of seconds, rounded up. */
bool ydur(const cJSON *v, int64_t *secs);
/* A size in MiB, rounded up: "512m", "1g", "0.5GB", "1024k"; a bare number is BARE_BYTES bytes
 * (1 in compose, 1 MiB in ecs-params and Copilot). */
bool ymib(const cJSON *v, double bare_bytes, int64_t *mib);
/* CPUs as ECS units: 0.5 -> 512. */
bool ycpus(const cJSON *v, int64_t *units);
/* A command line split as a POSIX shell would (quotes, backslashes); NULL if unbalanced. */
cJSON *ywords(const char *line);
/* A list of strings from a string (split into words when SPLIT) or a list of scalars. */
cJSON *ystrings(YamlIn *y, const cJSON *v, bool split);

/* CD's healthCheck: CMD (taken) and the timings of HC (interval, timeout, retries, start_period),
   clamped to ECS's ranges (W0046). */
void yhealth(YamlIn *y, const char *owner, const cJSON *hc, cJSON *cmd, cJSON *cd);

/* `param NAME TYPE [default "DFLT"]  # WHY` among the params at the top of the output, once.
   WHY is "from ${NAME}" for a placeholder, so that import_quote uses this param for it. */
void yparam(ImportCtx *ic, const char *name, const char *type, const char *dflt, const char *why);
/* The statement of PARENT with this head and first argument (ARG0 NULL: any). */
ImportNode *yfind(ImportNode *parent, const char *head, const char *arg0);
/* Removes the statements of PARENT with this head and first argument. */
void ydrop(ImportNode *parent, const char *head, const char *arg0);

/* Runs import_taskdef on TD (which it then frees), places the notes of Y on the task and its
 * containers, and returns the task's statement (NULL after an error). */
ImportNode *ytask(YamlIn *y, cJSON *td);

/* The file PATH (a regular file of at most MAX bytes; not a symbolic link when NOFOLLOW), in the
   arena, NUL-terminated; NULL with *WHY saying why. */
char *yread(YamlIn *y, const char *path, size_t max, bool nofollow, size_t *len, const char **why);

/* The app of the output: --app, else NAME, declared at the top (`app NAME {}`) and kept in
   ic->app so that families are "<app>-<task>". */
void yapp(YamlIn *y, const char *name);
/* The family of task NAME under ic->app. */
const char *yfamily(YamlIn *y, const char *name);

/* A name from TEXT for a task, service or container. */
const char *yname(YamlIn *y, const char *text);

bool import_compose(YamlIn *y);
bool import_copilot(YamlIn *y);

/* --- compose (import_compose.c, import_compose_ctr.c) --- */

typedef struct Compose {
    YamlIn *y;
    const cJSON *services, *volumes, *secrets;   /* the file's top-level sections */
    const cJSON *params;       /* ecs-params.yml's task_definition, or NULL */
    bool fargate, awsvpc;
    bool one;                  /* all services in one task (else one task each) */
    const char *task;          /* the task being written */
    cJSON *task_volumes;       /* its `volumes` */
    cJSON *platform;           /* its runtimePlatform, from a service's `platform` */
    int64_t cpu, memory;       /* the sums of its containers' limits */
    int replicas;              /* deploy.replicas (the largest), 0 when none says */
    cJSON *ports;              /* "PORT/PROTO" -> the container that maps it (awsvpc: one a task) */
    cJSON *oneshot;            /* containers others wait for to complete: not essential */
} Compose;

/* import_compose_env.c: portMappings; environment entries (env_file first, `environment` wins);
   secrets. */
cJSON *compose_ports(Compose *c, const char *owner, const cJSON *v);
void compose_env_file(Compose *c, const char *owner, const cJSON *v, cJSON *env);
void compose_environment(Compose *c, const char *owner, const cJSON *v, cJSON *env);
void compose_secrets(Compose *c, const char *owner, const cJSON *v, cJSON *out);

/* The container definition of compose service NAME (SVC), or NULL after an error. */
cJSON *compose_container(Compose *c, const char *name, const cJSON *svc);

#endif
