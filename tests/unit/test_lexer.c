/* test_lexer.c - tokens of the .ecs language, seen through the parser's
   S-expression dump: numbers and units, strings and escapes, comments,
   separators, punctuation, encoding errors. */
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

static const AstNode *arg(const Parsed *p, int stmt, int i)
{
    const AstStmt *s = p->file->stmts.items[stmt];
    return s->args.items[i];
}

/* --- numbers and units ------------------------------------------------------ */

static void test_numbers_with_units(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "a 1 GiB 30s 50% 0.5 vcpu 512 -3 2.5\n"),
        "(stmt a (number 1 GiB @2-7) (number 30 s @8-11) (number 50 % @12-15)"
        " (number 0.5 vcpu @16-24) (number 512 @25-28) (number -3 @29-31) (number 2.5 @32-35) @0-35)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_number_values(void **state)
{
    Parsed *p = *state;
    parse(p, "a 1GiB 0.5 vcpu 14d -7 1.25\n");
    const AstNode *n = arg(p, 0, 0);
    assert_true(n->is_int);
    assert_int_equal(n->ival, 1);
    assert_string_equal(n->unit, "GiB");
    n = arg(p, 0, 1);
    assert_false(n->is_int);
    assert_true(n->dval == 0.5);
    assert_string_equal(n->unit, "vcpu");
    assert_string_equal(n->text, "0.5");
    n = arg(p, 0, 2);
    assert_int_equal(n->ival, 14);
    assert_string_equal(n->unit, "d");
    n = arg(p, 0, 3);
    assert_int_equal(n->ival, -7);
    assert_string_equal(n->unit, "");
    n = arg(p, 0, 4);
    assert_true(n->dval == 1.25);
}

static void test_spaced_unit_only_for_unit_words(void **state)
{
    Parsed *p = *state;
    /* Sizes and vcpu may be written apart from the number; other suffixes
       are part of the number only when attached. */
    assert_string_equal(parse(p, "a 512 MiB 30 s\n"),
        "(stmt a (number 512 MiB @2-9) (number 30 @10-12) (word s @13-14) @0-14)\n");
    /* A unit word followed by more word characters is not a unit. */
    assert_string_equal(parse(p, "a 2 GiBx\n"),
        "(stmt a (number 2 @2-3) (word GiBx @4-8) @0-8)\n");
}

static void test_number_overflow_is_flagged(void **state)
{
    Parsed *p = *state;
    parse(p, "a 99999999999999999999 9223372036854775807\n");
    assert_true(arg(p, 0, 0)->overflow);
    assert_false(arg(p, 0, 1)->overflow);
    assert_int_equal(arg(p, 0, 1)->ival, INT64_MAX);
}

/* --- strings ---------------------------------------------------------------- */

static void test_string_escapes(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"tab\\tnl\\ncr\\rq\\\"bs\\\\d\\$\"\n");
    assert_int_equal(p->diag.diags.len, 0);
    const AstNode *n = arg(p, 0, 0);
    assert_int_equal(n->kind, AST_STRING);
    assert_string_equal(n->text, "tab\tnl\ncr\rq\"bs\\d$");
    /* The span covers the quotes. */
    assert_int_equal(n->span.lo, 2);
    assert_int_equal(n->span.hi, 27);
}

static void test_string_keeps_hash_and_utf8(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"#not a comment\" \"caf\xc3\xa9\"\n");
    assert_int_equal(p->diag.diags.len, 0);
    assert_string_equal(arg(p, 0, 0)->text, "#not a comment");
    assert_string_equal(arg(p, 0, 1)->text, "caf\xc3\xa9");
}

static void test_unknown_escape(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"x\\qy\"\nb 1\n");
    assert_int_equal(count_code(p, "E0004"), 1);
    const Diagnostic *d = find_code(p, "E0004");
    assert_string_equal(where(p, d), "1:5");
    assert_non_null(strstr(d->msg, "unknown escape sequence '\\q'"));
    /* The rest of the file is still read. */
    assert_int_equal(p->file->stmts.len, 2);
}

static void test_unterminated_string(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"abc\nb \"x\n");
    assert_int_equal(count_code(p, "E0002"), 2);
    const Diagnostic *d = find_code(p, "E0002");
    assert_string_equal(where(p, d), "1:3");
    assert_string_equal(d->msg, "unterminated string (strings end on the line they start)");
    assert_int_equal(d->span.hi - d->span.lo, 4);
    /* Both statements survive. */
    assert_int_equal(p->file->stmts.len, 2);
}

static void test_unterminated_string_at_eof(void **state)
{
    Parsed *p = *state;
    /* The scanner's copy ends in a newline, so a string open at the end of
       a file without one still ends "on its line". */
    parse(p, "a \"abc");
    assert_int_equal(count_code(p, "E0002"), 1);
    assert_string_equal(where(p, find_code(p, "E0002")), "1:3");
}

/* --- blanks, comments, separators -------------------------------------------- */

static void test_comments(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "# a whole line\na 1 # trailing\n  # indented\nb 2"),
        "(stmt a (number 1 @17-18) @15-18)\n(stmt b (number 2 @45-46) @43-46)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_separators(void **state)
{
    Parsed *p = *state;
    /* ';' always, ',' outside lists, and newlines outside lists. */
    assert_string_equal(parse(p, "a 1; b 2, c 3\n\n\nd\n"),
        "(stmt a (number 1 @2-3) @0-3)\n(stmt b (number 2 @7-8) @5-8)\n"
        "(stmt c (number 3 @12-13) @10-13)\n(stmt d @16-17)\n");
}

static void test_newlines_inside_lists(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "a [\n  1,\n  2,\n]\n"),
        "(stmt a (list (number 1 @6-7) (number 2 @11-12) @2-15) @0-15)\n");
    assert_int_equal(p->diag.diags.len, 0);
}

static void test_punctuation(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "port 8000..8010 80 -> 90 a:b\n"),
        "(stmt port (number 8000 @5-9) (punct .. @9-11) (number 8010 @11-15)"
        " (number 80 @16-18) (punct -> @19-21) (number 90 @22-24)"
        " (word a @25-26) (punct : @26-27) (word b @27-28) @0-28)\n");
}

static void test_words(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, "x86_64 non-blocking a.b _x\n"),
        "(stmt x86_64 (word non-blocking @7-19) (word a.b @20-23) (word _x @24-26) @0-26)\n");
}

static void test_crlf_line_endings(void **state)
{
    Parsed *p = *state;
    /* The same tree as with "\n"; offsets count the '\r's. */
    assert_string_equal(parse(p, "a 1\r\nb { c = \"x\" }\r\n"),
        "(stmt a (number 1 @2-3) @0-3)\n"
        "(stmt b (block\n  (assign c (string \"x\" @13-16) @9-16) @7-18) @5-18)\n");
    assert_int_equal(p->diag.diags.len, 0);
    /* Inside a list too, and a "\r\n" in a string is an unterminated string. */
    parse(p, "a [1,\r\n 2]\r\n");
    assert_int_equal(p->diag.diags.len, 0);
    parse(p, "a \"x\r\n");
    assert_int_equal(count_code(p, "E0002"), 1);
}

static void test_empty_file(void **state)
{
    Parsed *p = *state;
    assert_string_equal(parse(p, ""), "");
    assert_int_equal(p->diag.diags.len, 0);
    assert_string_equal(parse(p, "\n\n  # only a comment\n\t\n"), "");
    assert_int_equal(p->diag.diags.len, 0);
}

/* --- bytes that are not source text ------------------------------------------- */

static void test_unexpected_character(void **state)
{
    Parsed *p = *state;
    parse(p, "a 1 ~ 2\nb @\n");
    assert_int_equal(count_code(p, "E0003"), 2);
    const Diagnostic *d = find_code(p, "E0003");
    assert_string_equal(where(p, d), "1:5");
    assert_string_equal(d->msg, "unexpected character '~'");
}

static void test_nul_byte(void **state)
{
    Parsed *p = *state;
    parse_n(p, "a 1\nb \0 c\n", 10);
    assert_int_equal(count_code(p, "E0006"), 1);
    const Diagnostic *d = find_code(p, "E0006");
    assert_string_equal(where(p, d), "2:3");
    assert_string_equal(d->msg, "NUL byte in source file");
}

static void test_invalid_utf8(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"ok \xc3\xa9\"\nb \"\xc3\x28\"\nc \"\xff\"\n");
    /* Reported once, at the first bad byte. */
    assert_int_equal(count_code(p, "E0006"), 1);
    const Diagnostic *d = find_code(p, "E0006");
    assert_string_equal(where(p, d), "2:4");
    assert_string_equal(d->msg, "invalid UTF-8 byte 0xC3 (source files must be UTF-8)");
}

static void test_overlong_and_truncated_utf8(void **state)
{
    Parsed *p = *state;
    parse(p, "a \"\xc0\xaf\"\n");           /* overlong '/' */
    assert_int_equal(count_code(p, "E0006"), 1);
    parse_n(p, "a \"\xe2\x82", 5);          /* cut at the end of the file */
    assert_int_equal(count_code(p, "E0006"), 1);
    parse(p, "a \"\xf0\x9f\x99\x82\"\n");   /* a valid 4-byte sequence */
    assert_int_equal(count_code(p, "E0006"), 0);
}

static void test_non_ascii_outside_string(void **state)
{
    Parsed *p = *state;
    parse(p, "a \xc3\xa9\n");
    assert_int_equal(count_code(p, "E0006"), 0);
    const Diagnostic *d = find_code(p, "E0003");
    assert_non_null(d);
    assert_string_equal(d->msg, "unexpected character 'é' outside a string or comment");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_numbers_with_units, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spaced_unit_only_for_unit_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_overflow_is_flagged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_string_keeps_hash_and_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated_string_at_eof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_separators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newlines_inside_lists, setup, teardown),
        cmocka_unit_test_setup_teardown(test_punctuation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_line_endings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unexpected_character, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlong_and_truncated_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_ascii_outside_string, setup, teardown),
    };
    return cmocka_run_group_tests_name("lexer", tests, NULL, NULL);
}
