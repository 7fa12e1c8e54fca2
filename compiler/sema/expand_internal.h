/* expand_internal.h - what the parts of the expand pass share (internal to
 * sema): expand.c (AST helpers, scopes, environments, the whole pass),
 * expand_values.c (values, constants, arithmetic, substitution and the size
 * budget), expand_merge.c (overrides) and expand_templates.c (templates,
 * `use` and `from`).
 */
#ifndef ECSC_SEMA_EXPAND_INTERNAL_H
#define ECSC_SEMA_EXPAND_INTERNAL_H

#include "sema/expand.h"

#include "base/map.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    MAX_TEMPLATE_DEPTH = 16,
    MAX_TEMPLATE_USES = 100000,     /* instantiations per compilation (E0913) */
    /* What expansion may add to the application in all (E0020): each use
       of a template its body's bytes, each $NAME its value's, each ${…}
       string its text.  Outputs grow with it, so it bounds them too. */
    MAX_EXPANDED_BYTES = 8 * 1024 * 1024,
    MAX_VALUE_DEPTH = 64,           /* nesting of a value put in by $NAME (E0021) */
    NODE_BYTES = 16,                /* what a value's node counts besides its text */
};

typedef enum SymKind { SYM_TEMPLATE, SYM_CONST } SymKind;

typedef struct Symbol {
    SymKind kind;
    const char *name;
    const AstStmt *def;         /* template NAME {…} or NAME = value */
    Module *module;             /* where it is defined */
    const AstNode *value;       /* SYM_CONST: the effective value */
    bool resolving, resolved;   /* SYM_CONST: its value's $names and ( ) computed */
    bool expanding;             /* SYM_TEMPLATE: being instantiated (a use now is a cycle) */
    bool cycle_reported;        /* SYM_TEMPLATE: E0912 said once */
} Symbol;

typedef struct ModScope {
    Module *module;
    Map names;                  /* visible name -> Symbol* */
    Vec all;                    /* const char* visible names, for suggestions */
} ModScope;

/* A template parameter without a value (Bindings.unbound). */
typedef struct UnboundParam {
    Span decl;                  /* its `param` statement's name */
    bool bound;                 /* it has its value now */
    bool reported;              /* its value failed with an error of its own; else it is
                                   declared after the default that names it */
} UnboundParam;

/* Template arguments bound for one instantiation; `up` is the enclosing one. */
typedef struct Bindings {
    const struct Bindings *up;
    Map vars;                   /* name -> const AstNode* */
    Vec names;
    /* The template's parameters, name -> UnboundParam*, for those without a value (yet):
       one declared after the default being computed, or one whose value
       failed with an error of its own.  A `$NAME` of one of these is not
       "no value named" (E0909). */
    Map unbound;
    const ModScope *scope;      /* the template's module */
} Bindings;

typedef struct Expander {
    Sema *s;
    Arena *a;
    DiagEngine *diag;
    const Vec *modules;
    Map scopes;                 /* Module key -> ModScope* */
    Map consts;                 /* Symbol* of every constant, by (module key + name) */
    Map params;                 /* top-level param name -> compile-time value node or NULL */
    Map param_names;            /* every top-level param's name -> its marker (param_text.h) */
    bool param_strings;         /* a marker was written */
    const char *env;
    Map builtins;               /* app, env, region, account -> AstNode* */
    int depth;
    const Symbol *active[MAX_TEMPLATE_DEPTH];   /* the templates being instantiated */
    long uses;                  /* instantiations so far */
    bool too_many_uses;         /* E0913 said */
    size_t grown;               /* bytes expansion added so far (MAX_EXPANDED_BYTES) */
    bool too_big;               /* E0020 said: nothing more is expanded */
} Expander;

typedef struct Quantity {
    double v;
    const char *dim;    /* "" plain, "MiB", "s", "cpu", "%" */
} Quantity;

/* ---- expand.c: small AST helpers ------------------------------------------ */

AstNode *ex_node_copy(Expander *x, const AstNode *n);
/* A copy of `s` without its arguments. */
AstStmt *ex_stmt_copy(Expander *x, const AstStmt *s);
/* The block that ends `s`, or NULL. */
const AstNode *ex_block_of(const AstStmt *s);
bool ex_is_word(const AstNode *n, const char *w);
/* A block of assignments only: `{ KEY = value … }`. */
bool ex_is_map(const AstNode *b);
/* What an override matches `s` by: "=NAME", "container app", or the head. */
const char *ex_stmt_key(Expander *x, const AstStmt *s, bool top);
/* A field whose lines each add an entry (allow, mount, …). */
bool ex_repeated_head(const char *head);

/* ---- expand_values.c -------------------------------------------------------- */

/* The text of a string, word, number or list value; NULL for others. */
const char *ex_value_text(Expander *x, const AstNode *v);
Symbol *ex_scope_lookup(const ModScope *sc, const char *name);
/* Adds `n` bytes to what expansion made, at `at`; false once past
   MAX_EXPANDED_BYTES (E0020, reported once). */
bool ex_grow(Expander *x, size_t n, Span at);
/* A number with a unit as a plain quantity; false for other nodes. */
bool ex_quantity(const AstNode *n, Quantity *q);
/* `n` with its $names, ${names} and ( ) resolved; NULL after an error. */
AstNode *ex_subst(Expander *x, const AstNode *n, const Bindings *b, const ModScope *sc);
/* `s` with its values substituted (`s` itself when none changes). */
AstStmt *ex_subst_stmt(Expander *x, const AstStmt *s, const Bindings *b, const ModScope *sc);

/* ---- expand_merge.c ------------------------------------------------------- */

/* `over` applied to `base`: replaces, merges and adds statements (see
   expand.c).  `strict`: an environment, where overriding what `what`
   lacks is an error; `top`: a module's top level. */
Vec ex_merge(Expander *x, const Vec *base, const Vec *over, bool strict, bool top, const char *what);

/* ---- expand_templates.c ----------------------------------------------------- */

/* One block's statements with `use` spliced, `from` desugared and values
   substituted; the block's own statements override its templates'. */
Vec ex_expand_block(Expander *x, const Vec *items, const Bindings *b, const ModScope *sc, bool top);

#endif
