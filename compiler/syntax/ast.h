/* ast.h - the syntax tree.
 *
 * The grammar is deliberately generic (like HCL or nginx's configuration):
 * a file is a list of statements, a statement is a head word followed by
 * arguments (`port 9000 -> dynamic`, `container app { ... }`) or an
 * assignment (`LOG_LEVEL = "info"`).  What the words mean is decided by
 * compiler/sema against the language's schema, which is what lets every
 * field name stay an ordinary identifier and gives "unknown field, did
 * you mean" errors instead of parser errors.
 */
#ifndef ECSC_SYNTAX_AST_H
#define ECSC_SYNTAX_AST_H

#include "base/vec.h"
#include "source/source.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum AstKind {
    AST_STRING,     /* "text": `text` is the decoded contents */
    AST_NUMBER,     /* 512, 0.5, 30s, 1 GiB, 50% */
    AST_WORD,       /* an identifier: fargate, true, app */
    AST_LIST,       /* [a, b] */
    AST_BLOCK,      /* { stmts } */
    AST_PUNCT,      /* "->", ":", "..", "+", "-", "*", "/" between values */
    AST_VAR,        /* $name: `text` is the name (replaced by expand) */
    AST_EXPR,       /* ( a * 2 ): items alternate operands and AST_PUNCT operators */
} AstKind;

typedef struct AstNode {
    AstKind kind;
    Span span;
    const char *text;   /* STRING contents, WORD, NUMBER digits, PUNCT */
    /* AST_NUMBER */
    bool is_int;        /* no fractional part was written */
    bool overflow;      /* the integer does not fit in int64 */
    int64_t ival;
    double dval;
    const char *unit;   /* "" when none; "GiB", "s", "%", "vcpu" ... */
    /* AST_LIST, AST_EXPR: AstNode*;  AST_BLOCK: AstStmt*;
       AST_STRING with ${…}: its parts, AST_STRING pieces and AST_VAR holes
       (empty when the string has no interpolation) */
    Vec items;
} AstNode;

typedef struct AstStmt {
    Span span;          /* the whole statement */
    const char *head;   /* the first word, or the key of an assignment */
    Span head_span;
    bool is_assign;     /* key = value */
    bool head_quoted;   /* the key was written as a string */
    Vec args;           /* AstNode*: the arguments, or the one value */
} AstStmt;

/* A `# ...` comment: the span runs from '#' to the end of its line (the
   newline excluded).  The lexer records every comment, so that the
   formatter (syntax/format.c) can put each back where it was. */
typedef struct AstComment {
    Span span;
} AstComment;

typedef struct AstFile {
    uint32_t file;
    Vec stmts;          /* AstStmt* */
    Vec comments;       /* AstComment*, in source order */
} AstFile;

const char *ast_kind_name(AstKind k);
/* An S-expression with spans, for --dump-ast and the parser's tests. */
struct StrBuf;
void ast_dump(const AstFile *f, struct StrBuf *out);

#endif
