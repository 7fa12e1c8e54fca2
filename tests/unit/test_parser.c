/* test_parser.c - the statement grammar: statements, assignments, lists,
   nested blocks, error messages and recovery, nesting limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "syntax/parse.h"

/* --- fixture: parse a string, keep the tree, its dump and the diagnostics - */

typedef struct Parsed {
    Arena arena;
    SourceMap sources;
    DiagEngine diag;
    AstFile *file;
    StrBuf dump;
} Parsed;

static int setup(void **state)
{
    Parsed *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    arena_init(&p->arena);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    Parsed *p = *state;
    strbuf_free(&p->dump);
    arena_free(&p->arena);
    free(p);
    return 0;
}

/* Parses `n` bytes of `src` as "t.ecs"; returns the dump. */
static const char *parse_n(Parsed *p, const char *src, size_t n)
{
    source_map_init(&p->sources, &p->arena);
    diag_init(&p->diag, &p->arena);
    p->diag.max_errors = 0;
    uint32_t id = source_add(&p->sources, "t.ecs", src, n);
    p->file = parse_file(&p->arena, &p->diag, &p->sources, id);
    p->dump.len = 0;
    ast_dump(p->file, &p->dump);
    return strbuf_cstr(&p->dump);
}

static const char *parse(Parsed *p, const char *src)
{
    return parse_n(p, src, strlen(src));
}

static int count_code(const Parsed *p, const char *code)
{
    int n = 0;
    for (int i = 0; i < p->diag.diags.len; i++)
        n += strcmp(((const Diagnostic *)p->diag.diags.items[i])->code, code) == 0;
    return n;
}

static const Diagnostic *find_code(const Parsed *p, const char *code)
{
    for (int i = 0; i < p->diag.diags.len; i++) {
        const Diagnostic *d = p->diag.diags.items[i];
        if (strcmp(d->code, code) == 0)
            return d;
    }
    return NULL;
}

/* "line:col" of a diagnostic's start. */
static const char *where(Parsed *p, const Diagnostic *d)
{
    uint32_t line, col;
    source_line_col(&p->sources, d->span.file, d->span.lo, &line, &col);
    return arena_printf(&p->arena, "%u:%u", line, col);
}

/* --- statements ---------------------------------------------------------------- */

static void test_nested_blocks(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p,
        "task web {\n"
        "  container app {\n"
        "    env { A = \"1\" }\n"
        "  }\n"
        "}\n"),
        "(stmt task (word web @5-8) (block\n"
        "  (stmt container (word app @23-26) (block\n"
        "    (stmt env (block\n"
        "      (assign A (string \"1\" @43-46) @39-46) @37-48) @33-48) @27-52) @13-52) @9-54) @0-54)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_one_line_blocks(void **state)
{
    Parsed *p = *state;
    /* ',' and ';' separate statements inside a block; the last needs none. */
    assert_string_equal(parse(p, "m { a = 1, b = 2; c }\n"),
        "(stmt m (block\n"
        "  (assign a (number 1 @8-9) @4-9)\n"
        "  (assign b (number 2 @15-16) @11-16)\n"
        "  (stmt c @18-19) @2-21) @0-21)\n");
    assert_string_equal(parse(p, "m {}\n"), "(stmt m (block @2-4) @0-4)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_assignments_with_quoted_keys(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "env { \"com.example/key\" = \"v\", PLAIN = true }\n"),
        "(stmt env (block\n"
        "  (assign \"com.example/key\" (string \"v\" @26-29) @6-29)\n"
        "  (assign PLAIN (word true @39-43) @31-43) @4-45) @0-45)\n");
    const AstNode *b = ((const AstStmt *)p->file->stmts.items[0])->args.items[0];
    const AstStmt *quoted = b->items.items[0], *plain = b->items.items[1];
    assert_true(quoted->is_assign);
    assert_true(quoted->head_quoted);
    assert_string_equal(quoted->head, "com.example/key");
    assert_false(plain->head_quoted);
    /* The head's span is the key, quotes included. */
    assert_int_equal(quoted->head_span.lo, 6);
    assert_int_equal(quoted->head_span.hi, 23);
}

static void test_lists(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "a [] [\"x\"] [1, [2, 3], { k = 1 }]\n"),
        "(stmt a (list @2-4) (list (string \"x\" @6-9) @5-10)"
        " (list (number 1 @12-13) (list (number 2 @16-17) (number 3 @19-20) @15-21)"
        " (block\n  (assign k (number 1 @29-30) @25-30) @23-32) @11-33) @0-33)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_list_across_lines_with_comments(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p,
        "command [\n"
        "  \"./server\",   # the binary\n"
        "  \"--port\", \"8080\",\n"
        "]\n"),
        "(stmt command (list (string \"./server\" @12-22) (string \"--port\" @41-49)"
        " (string \"8080\" @51-57) @8-60) @0-60)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_statement_spans(void **state)
{
    Parsed *p = *state;
    parse(p, "  image \"nginx\"   # c\n");
    const AstStmt *s = p->file->stmts.items[0];
    assert_int_equal(s->span.lo, 2);
    assert_int_equal(s->span.hi, 15);
    assert_int_equal(s->head_span.lo, 2);
    assert_int_equal(s->head_span.hi, 7);
    assert_false(s->is_assign);
}

static void test_last_statement_without_newline(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "a 1\nb { c 2 }"),
        "(stmt a (number 1 @2-3) @0-3)\n(stmt b (block\n  (stmt c (number 2 @10-11) @8-11) @6-13) @4-13)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

/* --- errors ---------------------------------------------------------------------- */

static void test_unexpected_token_lists_expected(void **state)
{
    Parsed *p = *state;
    parse(p, "a = \n");
    const Diagnostic *d = find_code(p, "E0001");
    assert_non_null(d);
    assert_string_equal(where(p, d), "1:5");
    assert_string_equal(d->msg, "unexpected end of line, expected a value");
}

static void test_block_on_next_line(void **state)
{
    Parsed *p = *state;
    parse(p, "task web\n{\n  cpu 1\n}\n");
    const Diagnostic *d = find_code(p, "E0001");
    assert_non_null(d);
    assert_string_equal(where(p, d), "2:1");
    assert_int_equal(d->notes.len, 1);
    assert_non_null(strstr(((const DiagNote *)d->notes.items[0])->msg,
                           "a block opens on the line of the statement it belongs to"));
}

static void test_statement_starting_with_a_value(void **state)
{
    Parsed *p = *state;
    parse(p, "512 cpu\n");
    const Diagnostic *d = find_code(p, "E0001");
    assert_non_null(d);
    assert_string_equal(d->msg, "unexpected number, expected end of file, a string, a word or end of line");
    assert_int_equal(d->notes.len, 1);
    assert_non_null(strstr(((const DiagNote *)d->notes.items[0])->msg, "a statement starts with a word"));
}

static void test_recovery_reports_every_error(void **state)
{
    Parsed *p = *state;
    parse(p,
        "task a {\n"
        "  cpu = = 1\n"          /* 1 */
        "  memory ]\n"           /* 2 */
        "  image \"x\"\n"
        "}\n"
        "b = \n"                 /* 3 */
        "c 1\n");
    assert_int_equal(count_code(p, "E0001"), 3);
    const char *lines[] = {"2:9", "3:10", "6:5"};
    for (int i = 0; i < 3; i++)
        assert_string_equal(where(p, p->diag.diags.items[i]), lines[i]);
    /* The good statements around the errors are kept. */
    assert_string_equal(strbuf_cstr(&p->dump),
        "(stmt task (word a @5-6) (block\n"
        "  (stmt image (string \"x\" @40-43) @34-43) @7-45) @0-45)\n"
        "(stmt c (number 1 @53-54) @51-54)\n");
}

static void test_recovery_inside_lists(void **state)
{
    Parsed *p = *state;
    parse(p, "a [1, =, 2]\nb [3]\n");
    assert_int_equal(count_code(p, "E0001"), 1);
    assert_int_equal(p->file->stmts.len, 2);
}

static void test_missing_close_brace(void **state)
{
    Parsed *p = *state;
    parse(p, "task a {\n  cpu 1\n");
    const Diagnostic *d = find_code(p, "E0001");
    assert_non_null(d);
    assert_non_null(strstr(d->msg, "unexpected end of file"));
}

static void test_stray_close_brace(void **state)
{
    Parsed *p = *state;
    parse(p, "a 1\n}\nb 2\n");
    assert_int_equal(count_code(p, "E0001"), 1);
    assert_string_equal(where(p, find_code(p, "E0001")), "2:1");
    assert_int_equal(p->file->stmts.len, 2);
}

static void test_lexer_and_parser_errors_together(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"x\\q\"\nb ~\nc = = 1\nd \"open\n");
    assert_int_equal(count_code(p, "E0004"), 1);
    assert_int_equal(count_code(p, "E0003"), 1);
    assert_int_equal(count_code(p, "E0001"), 1);
    assert_int_equal(count_code(p, "E0002"), 1);
}

/* --- limits ------------------------------------------------------------------------ */

static char *nested(const char *open, const char *close, int depth)
{
    size_t lo = strlen(open), lc = strlen(close);
    char *s = malloc(8 + (size_t)depth * (lo + lc));
    char *q = s;
    *q++ = 'a';
    *q++ = ' ';
    for (int i = 0; i < depth; i++, q += lo)
        memcpy(q, open, lo);
    for (int i = 0; i < depth; i++, q += lc)
        memcpy(q, close, lc);
    *q++ = '\n';
    *q = '\0';
    return s;
}

static void test_nesting_at_the_limit(void **state)
{
    Parsed *p = *state;
    char *src = nested("[", "]", 64);
    parse(p, src);
    free(src);
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_nesting_too_deep(void **state)
{
    Parsed *p = *state;
    char *src = nested("[", "]", 65);
    parse(p, src);
    free(src);
    assert_int_equal(count_code(p, "E0005"), 1);
    const Diagnostic *d = find_code(p, "E0005");
    assert_string_equal(where(p, d), "1:67");
    assert_string_equal(d->msg, "nesting deeper than 64 levels; the rest of the file is not read");
    assert_int_equal(p->diag.diags.len, 1);

    /* Much deeper, blocks and lists mixed: still one error, no crash. */
    src = nested("{ x [", "] }", 5000);
    parse(p, src);
    free(src);
    assert_int_equal(count_code(p, "E0005"), 1);
}

/* Brackets that are never closed, far past the parser's own stack limit
   (10000): E0005 and nothing else, no "memory exhausted" and no
   "unexpected end of file" for the brackets left open. */
static void test_nesting_never_closed(void **state)
{
    Parsed *p = *state;
    enum { N = 100000 };
    char *src = malloc(N + 8);
    assert_non_null(src);
    memcpy(src, "x = ", 4);
    memset(src + 4, '[', N);
    memcpy(src + 4 + N, "\n", 2);
    parse(p, src);
    free(src);
    assert_int_equal(count_code(p, "E0005"), 1);
    assert_int_equal(p->diag.diags.len, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nested_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nesting_never_closed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_line_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assignments_with_quoted_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_across_lines_with_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_statement_without_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unexpected_token_lists_expected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_block_on_next_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_starting_with_a_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_reports_every_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery_inside_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_close_brace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stray_close_brace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lexer_and_parser_errors_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nesting_at_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nesting_too_deep, setup, teardown),
    };
    return cmocka_run_group_tests_name("parser", tests, NULL, NULL);
}
