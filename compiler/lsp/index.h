/* index.h - the named declarations of an analysed application and the
 * words that refer to them, read from the syntax trees of every module
 * (the root document and what it imports), for go to definition, find
 * references, rename, document symbols, hover and completion.
 *
 * The syntax trees are used rather than the checked model so that
 * navigation works while the file has errors.  The rules are those of
 * docs/language.md §14 (which field names what kind) and §18 (templates,
 * constants, `import … as NAME` qualifying names as NAME.x).
 */
#ifndef ECSC_LSP_INDEX_H
#define ECSC_LSP_INDEX_H

#include "lsp/lsp_int.h"

typedef enum SymKind {
    SYM_APP, SYM_ROLE, SYM_TASK, SYM_PARAM, SYM_LB, SYM_SERVICE, SYM_CAPACITY,
    SYM_TEMPLATE, SYM_CONSTANT, SYM_CONTAINER, SYM_VOLUME, SYM_NKINDS
} SymKind;

typedef struct Sym {
    SymKind kind;
    const char *name;
    Span name_span;
    Span span;              /* the whole statement */
    const struct Sym *parent;   /* a container's or volume's task */
    const Module *module;
    const AstStmt *stmt;
} Sym;

typedef struct Ref {
    Span span;
    const Sym *sym;
} Ref;

typedef struct Index {
    Arena *arena;           /* the analysis's */
    Vec syms;               /* Sym* */
    Vec refs;               /* Ref*, including each declaration's own name */
} Index;

/* Builds the index of `an` in its arena. */
void index_build(Index *ix, Analysis *an);
/* The declaration named at, or referred to at, `file`:`offset`; *at (if
   not NULL) gets the span of the word there. */
const Sym *index_at(const Index *ix, uint32_t file, uint32_t offset, Span *at);
/* "task", "container", … */
const char *sym_kind_name(SymKind k);
/* The symbols of kind `k` visible from module `m` (for completion). */
void index_visible(const Index *ix, const Module *m, SymKind k, const Sym *task, Vec *out);
/* The kind of the declarations a word after field `head` names (in a
   block whose declaration has kind `in`, or at the top level with
   SYM_NKINDS), or SYM_NKINDS if it names none. */
SymKind index_ref_kind(const char *head, SymKind in, const char *prev_word);

#endif
