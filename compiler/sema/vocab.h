/* vocab.h - the words of the .ecs language, read from the decoders' tables.
 *
 * There is no list of words to keep in step: the declarations, the fields
 * of every block with the API member each fills, the option words each
 * field reads and the units are the tables of decode*.c (decode.h); the
 * module system's few words are listed in vocab.c.  This interface gives
 * them to the checks that need words (check_raw.c, expand.c) and to
 * tools/vocab.c, which prints them for the editor modes.
 */
#ifndef ECSC_SEMA_VOCAB_H
#define ECSC_SEMA_VOCAB_H

#include "base/arena.h"
#include "base/vec.h"

#include <stdbool.h>

typedef enum VocabCategory {
    VOCAB_DECLARATION,  /* heads of top-level declarations: task web { … } */
    VOCAB_FIELD,        /* fields of blocks: image "nginx" */
    VOCAB_WORD,         /* option and value words: launch fargate */
    VOCAB_CONSTANT,     /* the boolean values: essential false */
    VOCAB_UNIT,         /* units joined to a number: 1 GiB, 0.5 vcpu */
    VOCAB_DURATION,     /* duration suffixes: 30s, 5m */
    VOCAB_PERCENT,      /* the percentage suffix: 50% */
    VOCAB_NCATEGORIES
} VocabCategory;

/* The kinds of a template's `param NAME KIND` (expand.c reads them). */
extern const char *const vocab_template_kinds[];

/* "declaration", "field", … */
const char *vocab_category_name(VocabCategory c);

/* The words of a category, sorted (strcmp order) and each once: a Vec of
   const char *, allocated in `a`.  A word may be in several categories
   (`cpu` is a field and an option word), except word and constant. */
Vec vocab_words(Arena *a, VocabCategory c);

/* The merge rules of templates and environments (expand.c): a statement
   with this head names what it declares (`task web`, `port 8080`), so
   that an override replaces or merges the one of the same name; `top`
   for a top-level statement. */
bool vocab_names_entry(const char *head, bool top);
/* A repeated field whose lines each add an entry (`mount`, `route`): at a
   template's use site the block's own lines add to the template's. */
bool vocab_adds_lines(const char *head);

/* W0010: the ecsc word that sets `member` (a path from the API shape
   `shape`, such as "linuxParameters.initProcessEnabled"), and a note or
   NULL; false if none. */
bool vocab_native_word(Arena *a, const char *shape, const char *member, const char **word,
                       const char **note);
/* The block whose fields fill API (or CloudFormation) shape `shape`
   ("service" for CreateServiceRequest), or NULL. */
const char *vocab_block_of_shape(const char *shape);
/* True if `word` is a field of the block whose API shape is `shape` and
   fills an API member (`port` in a container). */
bool vocab_is_native_field(const char *shape, const char *word);

#endif
