/* parser.y - the generic statement grammar of .ecs files.
 *
 * The grammar builds syntax and nothing else: no name lookup, no
 * validation.  Errors resynchronise at the end of a statement and at '}'.
 */
%require "3.8"
%define api.pure full
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {Span}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {yyscan_t scanner} {ParseCtx *pc}

%code requires {
#include "syntax/parse_ctx.h"
typedef void *yyscan_t;
}

%code provides {
#define YY_DECL int yylex(YYSTYPE *yylval_param, YYLTYPE *yylloc_param, yyscan_t yyscanner, ParseCtx *pc)
YY_DECL;
}

%code {
#include <string.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N)                     \
    do {                                                \
        if (N) {                                        \
            (Cur).file = YYRHSLOC(Rhs, 1).file;         \
            (Cur).lo = YYRHSLOC(Rhs, 1).lo;             \
            (Cur).hi = YYRHSLOC(Rhs, N).hi;             \
        } else {                                        \
            (Cur).file = YYRHSLOC(Rhs, 0).file;         \
            (Cur).lo = (Cur).hi = YYRHSLOC(Rhs, 0).hi;  \
        }                                               \
    } while (0)

static AstStmt *stmt_new(ParseCtx *pc, Span sp, AstNode *head)
{
    AstStmt *s = ARENA_NEW(pc->arena, AstStmt);
    s->span = sp;
    s->head = head->text;
    s->head_span = head->span;
    return s;
}

static void yyerror(const Span *loc, yyscan_t scanner, ParseCtx *pc, const char *msg)
{
    (void)scanner;
    if (!pc->too_deep)      /* after E0005 the file ends early: nothing more to say */
        diag_error(pc->diag, *loc, "E0001", "%s", msg);
}

static AstNode *node_new(ParseCtx *pc, AstKind kind, Span sp)
{
    AstNode *n = ARENA_NEW(pc->arena, AstNode);
    n->kind = kind;
    n->span = sp;
    n->text = "";
    n->unit = "";
    return n;
}
}

%token <AstNode *> STRING "string" NUMBER "number" WORD "word"
%token <AstNode *> ARROW "->" COLON ":" DOTDOT ".."
%token <AstNode *> VAR "variable" PLUS "+" MINUS "-" STAR "*" SLASH "/"
%token LPAREN "(" RPAREN ")"
%token LBRACE "{" RBRACE "}" LBRACKET "[" RBRACKET "]" EQUALS "=" COMMA ","
%token SEP "end of line"
%token END 0 "end of file"

%type <AstStmt *> stmt
%type <Vec> stmts args list_items expr_items
%type <AstNode *> value arg key list block expr operator

%%

file:
    stmts                   { pc->result->stmts = $1; }
  | stmts stmt              { vec_push(pc->arena, &$1, $2); pc->result->stmts = $1; }
  ;

stmts:
    %empty                  { $$ = (Vec){0}; }
  | stmts SEP               { $$ = $1; }
  | stmts stmt SEP          { $$ = $1; vec_push(pc->arena, &$$, $2); }
  | stmts error SEP         { $$ = $1; yyerrok; }
  ;

stmt:
    WORD args               { $$ = stmt_new(pc, @$, $1); $$->args = $2; }
  | key "=" value           { $$ = stmt_new(pc, @$, $1); $$->is_assign = true;
                              $$->head_quoted = $1->kind == AST_STRING;
                              vec_push(pc->arena, &$$->args, $3); }
  ;

key:
    WORD
  | STRING
  ;

args:
    %empty                  { $$ = (Vec){0}; }
  | args arg                { $$ = $1; vec_push(pc->arena, &$$, $2); }
  ;

arg:
    value
  | "->"
  | ":"
  | ".."
  ;

value:
    STRING
  | NUMBER
  | WORD
  | VAR
  | list
  | block
  | expr
  ;

expr:
    "(" expr_items ")"              { $$ = node_new(pc, AST_EXPR, @$); $$->items = $2; }
  ;

expr_items:
    value                           { $$ = (Vec){0}; vec_push(pc->arena, &$$, $1); }
  | expr_items operator value       { $$ = $1; vec_push(pc->arena, &$$, $2); vec_push(pc->arena, &$$, $3); }
  ;

operator:
    "+"
  | "-"
  | "*"
  | "/"
  ;

list:
    "[" "]"                         { $$ = node_new(pc, AST_LIST, @$); }
  | "[" list_items "]"              { $$ = node_new(pc, AST_LIST, @$); $$->items = $2; }
  | "[" list_items "," "]"          { $$ = node_new(pc, AST_LIST, @$); $$->items = $2; }
  | "[" error "]"                   { $$ = node_new(pc, AST_LIST, @$); yyerrok; }
  ;

list_items:
    value                           { $$ = (Vec){0}; vec_push(pc->arena, &$$, $1); }
  | list_items "," value            { $$ = $1; vec_push(pc->arena, &$$, $3); }
  ;

block:
    "{" stmts "}"                   { $$ = node_new(pc, AST_BLOCK, @$); $$->items = $2; }
  | "{" stmts stmt "}"              { $$ = node_new(pc, AST_BLOCK, @$); $$->items = $2;
                                      vec_push(pc->arena, &$$->items, $3); }
  | "{" stmts error "}"             { $$ = node_new(pc, AST_BLOCK, @$); $$->items = $2; yyerrok; }
  ;

%%

/* Token names as messages show them: punctuation quoted, kinds with an
   article ("unexpected '=', expected a word or '{'"). */
static const char *token_name(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_STRING: return "a string";
    case YYSYMBOL_NUMBER: return "a number";
    case YYSYMBOL_WORD: return "a word";
    case YYSYMBOL_ARROW: return "'->'";
    case YYSYMBOL_COLON: return "':'";
    case YYSYMBOL_DOTDOT: return "'..'";
    case YYSYMBOL_LBRACE: return "'{'";
    case YYSYMBOL_RBRACE: return "'}'";
    case YYSYMBOL_LBRACKET: return "'['";
    case YYSYMBOL_RBRACKET: return "']'";
    case YYSYMBOL_EQUALS: return "'='";
    case YYSYMBOL_COMMA: return "','";
    case YYSYMBOL_VAR: return "a $variable";
    case YYSYMBOL_LPAREN: return "'('";
    case YYSYMBOL_RPAREN: return "')'";
    case YYSYMBOL_PLUS: return "'+'";
    case YYSYMBOL_MINUS: return "'-'";
    case YYSYMBOL_STAR: return "'*'";
    case YYSYMBOL_SLASH: return "'/'";
    default: return yysymbol_name(k);
    }
}

static int report_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, ParseCtx *pc)
{
    (void)scanner;
    if (pc->too_deep)       /* E0005 said it, and the rest of the file was not read */
        return 0;
    enum { MAX_EXPECTED = 9 };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
    yysymbol_kind_t got = yypcontext_token(ctx);
    const Span *loc = yypcontext_location(ctx);
    StrBuf msg = {0};
    const char *got_name = token_name(got);
    if (strncmp(got_name, "a ", 2) == 0)
        got_name += 2;      /* "unexpected string", "expected a string" */
    strbuf_printf(&msg, "unexpected %s", got_name);
    if (n > 0 && n < MAX_EXPECTED) {
        /* The tokens that start a value read better as one word. */
        static const yysymbol_kind_t value_starts[] = {
            YYSYMBOL_STRING, YYSYMBOL_NUMBER, YYSYMBOL_WORD, YYSYMBOL_VAR,
            YYSYMBOL_LPAREN, YYSYMBOL_LBRACE, YYSYMBOL_LBRACKET,
        };
        const size_t nv = sizeof value_starts / sizeof *value_starts;
        size_t found = 0;
        for (int i = 0; i < n; i++)
            for (size_t k = 0; k < nv; k++)
                found += expected[i] == value_starts[k];
        const char *names[MAX_EXPECTED];
        int m = 0;
        if (found == nv)
            names[m++] = "a value";
        for (int i = 0; i < n; i++) {
            bool is_value = false;
            for (size_t k = 0; k < nv; k++)
                is_value |= expected[i] == value_starts[k];
            if (!(found == nv && is_value))
                names[m++] = token_name(expected[i]);
        }
        for (int i = 0; i < m; i++)
            strbuf_printf(&msg, "%s%s", i == 0 ? ", expected " : i == m - 1 ? " or " : ", ", names[i]);
    }
    Diagnostic *d = diag_error(pc->diag, *loc, "E0001", "%s", strbuf_cstr(&msg));
    if (got == YYSYMBOL_YYEOF && pc->depth > 0 && pc->depth <= PARSE_MAX_DEPTH)
        diag_note(d, pc->nest_span[pc->depth - 1], "this %s is not closed",
                  pc->nest[pc->depth - 1] == '{' ? "block" : "list");
    else if (got == YYSYMBOL_LBRACE)
        diag_note(d, SPAN_NONE, "a block opens on the line of the statement it belongs to: `container app {`");
    else if (got == YYSYMBOL_STRING || got == YYSYMBOL_NUMBER)
        diag_note(d, SPAN_NONE, "a statement starts with a word, as in `image \"nginx:1.25\"`");
    strbuf_free(&msg);
    return 0;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, ParseCtx *pc)
{
    return report_syntax_error(ctx, scanner, pc);
}
