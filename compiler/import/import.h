/* import.h - `ecsc import`: turning what other tools describe into .ecs.

   Three layers, each usable alone:

   1. The writer.  An ImportDoc is the .ecs file being written, as a tree
      of statements (ImportNode): a head word, arguments already spelled as
      .ecs tokens, an optional block of child statements, comments above
      the statement and one at the end of its line.  Readers of every
      format build this tree; import_write() prints it in the canonical
      layout (2-space indents, values of a run of one-line statements
      aligned, short maps inline).  Nothing in the tree is checked: the
      reader decides what is valid .ecs, and the tests compile the output.

   2. The notes sink.  Everything a reader cannot carry over is said twice:
      a warning on stderr with a code (W0040-W0044 here; other readers
      have their own ranges) and a `#` comment at the place in the output.
      Errors (the input cannot be imported at all) are counted; the caller
      writes nothing when there is one.

   3. The readers.  import_json() reads one JSON input (ECS task
      definition or service, register/create input or describe output)
      into the doc.  import_detect() names the format of an input; the
      YAML formats (docker-compose, Copilot) hook in there.

   Memory: everything lives in the arena given to import_init(); cJSON
   trees are the caller's. */
#ifndef ECSC_IMPORT_IMPORT_H
#define ECSC_IMPORT_IMPORT_H

#include "base/arena.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/vec.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include <cjson/cJSON.h>

/* --- the tree ---------------------------------------------------------- */

typedef struct ImportNode ImportNode;
struct ImportNode {
    const char *head;       /* the first word (or the key of an assignment) */
    bool assign;            /* `KEY = VALUE`: head is the key, args[0] the value */
    Vec args;               /* const char *: tokens as written in .ecs */
    bool has_block;         /* `{ ... }` after the arguments (maybe empty) */
    Vec children;           /* ImportNode *: the block's statements */
    Vec comments;           /* const char *: `# ...` lines above the statement */
    const char *trailing;   /* a `# ...` comment at the end of its line */
    bool blank_before;      /* an empty line separates it from the previous one */
};

/* The document: its top-level statements.  Params that placeholders
   became are declared first, in the order they were met. */
typedef struct ImportDoc {
    ImportNode root;        /* root.children: the top-level statements */
    Vec params;             /* ImportNode *: `param NAME string` lines */
    Vec header;             /* const char *: comments at the top of the file */
} ImportDoc;

/* --- one import run ---------------------------------------------------- */

typedef struct ImportCtx {
    Arena *arena;
    ImportDoc doc;
    FILE *warn;             /* where warnings and errors go (stderr); NULL: silent */
    const char *source;     /* the input being read, for messages */
    int errors, warnings;
    const char *app;        /* the app's name when the output has an app block */
    bool no_params;         /* keep placeholders as text instead of params */
    bool compose_each;      /* docker-compose: a task and service per service (--compose-tasks=each) */
    const char *ecs_params; /* docker-compose: ecs-cli's ecs-params.yml (--ecs-params FILE) */
    bool no_exec_role;      /* the task being read has no executionRoleArn */
    const cJSON *task;      /* the task definition being read */
    Map volumes;            /* its volumes declared with words (name -> name) */
    Map containers;         /* its containers (name -> cJSON) */
    Map params;             /* the params declared (name -> ImportNode) */
    Map families;           /* the tasks read: family -> its `task` ImportNode */
    Vec service_tasks;      /* services' `task` lines to resolve: stmt, family, service */
    const char *cluster;    /* the cluster the services run in */
} ImportCtx;

void import_init(ImportCtx *ic, Arena *arena, FILE *warn);

/* An error: the input cannot be imported (E0040-E0044 for JSON).
   Printed as `SOURCE: error[CODE]: message`. */
void import_error(ImportCtx *ic, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A warning with its code on stderr, and the same text as a comment above
   `at` (or in the file's header when `at` is NULL). */
void import_warn(ImportCtx *ic, ImportNode *at, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A comment above `at` (the header when NULL), with no warning. */
void import_comment(ImportCtx *ic, ImportNode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- building statements ------------------------------------------------- */

/* A new statement at the end of `parent`'s block (NULL: the top level). */
ImportNode *import_stmt(ImportCtx *ic, ImportNode *parent, const char *head);

/* A statement with a block: `head args... {`.  Children go in with
   import_stmt(ic, node, ...). */
ImportNode *import_block(ImportCtx *ic, ImportNode *parent, const char *head);

/* A detached statement list: build into it, then import_adopt() its
   children into a real parent, or drop it (a reader that finds it cannot
   express something after all builds it again another way). */
ImportNode *import_scratch(ImportCtx *ic);
void import_adopt(ImportCtx *ic, ImportNode *parent, ImportNode *scratch);

/* Arguments, appended in order. */
void import_word(ImportCtx *ic, ImportNode *n, const char *word);
void import_string(ImportCtx *ic, ImportNode *n, const char *text);   /* quoted */
void import_token(ImportCtx *ic, ImportNode *n, const char *token);   /* as given: `0.5 vcpu`, `30s` */
void import_tokenf(ImportCtx *ic, ImportNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void import_strings(ImportCtx *ic, ImportNode *n, const char *const *items, int count); /* ["a", "b"] */
/* A word where the text is one (`web`, `com.example.team`), else a string. */
void import_name(ImportCtx *ic, ImportNode *n, const char *text);

/* `KEY = "VALUE"` in a map block (env, labels, options, ...): the key is
   written as a word when it is one, else quoted. */
ImportNode *import_assign(ImportCtx *ic, ImportNode *map, const char *key, const char *value);

/* `KEY = VALUE` in a raw block: any JSON value, in .ecs syntax.  Returns
   NULL (and adds nothing) for a value .ecs cannot write (null). */
ImportNode *import_raw(ImportCtx *ic, ImportNode *raw_block, const char *key, const cJSON *value);

/* The .ecs spelling of a JSON value (strings quoted, objects as blocks);
   NULL for null. */
const char *import_json_token(ImportCtx *ic, const cJSON *value);

/* --- spelling helpers ---------------------------------------------------- */

/* Whether `s` lexes as one .ecs word (letter or _ first; letters, digits,
   _ . - after; not ending in . or -). */
bool import_is_word(const char *s);

/* Whether `s` is an AWS id: PREFIX ("subnet-", "sg-") and 8 or 17
   lowercase hex digits, the shape ecsc checks. */
bool import_aws_id(const char *s, const char *prefix);

/* Whether `s` is a valid declaration name (letters, digits, - and _, a
   letter or _ first, at most 255). */
bool import_is_name(const char *s);

/* A declaration name made from `s`: other characters become `-`, a
   leading digit gets `_` before it; "imported" when nothing is left. */
const char *import_make_name(ImportCtx *ic, const char *s);

/* `text` as a quoted .ecs string.  Placeholders of other tools inside it
   ({{name}}, {{ env `NAME` }}, ${NAME}, $$$NAME$$$) become `${name}` and
   a `param name string` line (unless ic->no_params).  Returns NULL when
   the text holds a byte .ecs strings cannot carry (control characters
   other than \n \t \r): the caller reports it. */
const char *import_quote(ImportCtx *ic, const char *text);

/* Whether import_quote() can spell `text`. */
bool import_quote_ok(const char *text);

/* --- writing ------------------------------------------------------------- */

/* The document as .ecs text, appended to `out`. */
void import_write(const ImportDoc *doc, StrBuf *out);

/* --- readers --------------------------------------------------------------- */

typedef enum ImportFormat {
    IMPORT_UNKNOWN,
    IMPORT_TASKDEF,             /* register-task-definition input */
    IMPORT_TASKDEF_DESCRIBED,   /* describe-task-definition output ({"taskDefinition": ...}) */
    IMPORT_SERVICE,             /* create-service input */
    IMPORT_SERVICES_DESCRIBED,  /* describe-services output ({"services": [...]}) */
    IMPORT_COMPOSE,             /* docker-compose (YAML) */
    IMPORT_COPILOT,             /* an AWS Copilot manifest (YAML) */
} ImportFormat;

const char *import_format_name(ImportFormat f);

/* A reader of one family of formats: `detect` names the format of an
   input from its path and bytes (IMPORT_UNKNOWN: not mine); `read` adds
   what the input describes to ic->doc, reporting problems through
   import_error()/import_warn(), and returns false after an error.  The
   readers are tried in the order of the table in import.c. */
typedef struct ImportReader {
    const char *name;
    ImportFormat (*detect)(const char *path, const char *text, size_t len);
    bool (*read)(ImportCtx *ic, ImportFormat f, const char *text, size_t len);
    /* The app name the input suggests, or NULL (may be NULL itself). */
    const char *(*app)(ImportCtx *ic, const char *text, size_t len);
} ImportReader;

/* The format of an input (the first reader that knows it). */
ImportFormat import_detect(const char *path, const char *text, size_t len);

/* Reads one input: detects its format and runs its reader; an input no
   reader knows is error E0041.  `text` need not be NUL-terminated. */
bool import_read(ImportCtx *ic, const char *path, const char *text, size_t len);

/* The app name an input suggests, from the reader that knows it (see
   ImportReader.app), or NULL.  The caller runs it over every input before
   reading any, when no --app was given: tasks are named after it. */
const char *import_app(ImportCtx *ic, const char *path, const char *text, size_t len);

/* The JSON reader (import_json.c): ECS task definitions and services. */
ImportFormat import_json_detect(const char *path, const char *text, size_t len);
bool import_json(ImportCtx *ic, ImportFormat f, const char *text, size_t len);

/* The part of the JSON reader that readers of other formats holding
   ECS-shaped JSON can call: a register-task-definition object (describe
   output already unwrapped) becomes a `task` block.  Returns false after
   reporting an error. */
bool import_taskdef(ImportCtx *ic, const cJSON *td);

/* A create-service object becomes a `service` block.  Its `task` line
   names the task of the same family; import_finish() resolves it once
   every input was read. */
bool import_service(ImportCtx *ic, const cJSON *svc);

/* After the last input: ties services to the tasks they run (a task
   definition that was not among the inputs is warning W0043), and with
   ic->app set, puts `app NAME { ... }` first (with the region every
   awslogs block names, which they then leave out). */
void import_finish(ImportCtx *ic);

/* The app name an input suggests (services need an app: `<app>-<name>`
   is a service's ECS name): the part of the first service's name before
   its first `-`, else its cluster's name; NULL for inputs without
   services.  For the caller to decide ic->app before reading. */
const char *import_json_app(ImportCtx *ic, const char *text, size_t len);

/* Limits on JSON inputs (hostile input never exhausts memory). */
#define IMPORT_MAX_BYTES (4u << 20)    /* 4 MiB per input (ECS takes 64 KiB task definitions) */
#define IMPORT_MAX_DEPTH 64            /* nesting of arrays and objects */

#endif
