/* test_vocab.c - the vocabulary read from the decoders' tables: API members
   that exist in the model, units the lexer knows, consistent flags, and the
   lookups of check_raw.c (W0010) and expand.c (merge rules). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "sema/decode.h"
#include "sema/schema.h"
#include "sema/vocab.h"
#include "syntax/parse.h"

/* Walks "a.b.c" from `shape` through structure members; NULL if a step is
   missing. */
static const SchemaShape *member_path(const SchemaShape *shape, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const SchemaShape *s = shape;
    for (char *part = strtok(buf, "."); part && s; part = strtok(NULL, "."))
        s = schema_member(s, part);
    return s;
}

/* Every member a FieldDef names exists in its block's API shape. */
static void test_api_members_exist(void **state)
{
    (void)state;
    int checked = 0;
    for (size_t b = 0; b < decode_nblocks; b++) {
        const BlockDef *bd = decode_blocks[b];
        if (!bd->shape) {
            for (size_t i = 0; i < bd->nfields; i++)
                assert_null(bd->fields[i].api);
            continue;
        }
        const SchemaShape *shape = schema_shape(bd->shape);
        assert_non_null(shape);
        if (bd->name_api)
            assert_non_null(member_path(shape, bd->name_api));
        for (size_t i = 0; i < bd->nfields; i++) {
            char buf[256];
            if (!bd->fields[i].api)
                continue;
            snprintf(buf, sizeof buf, "%s", bd->fields[i].api);
            for (char *save = NULL, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
                char *slash = strchr(tok, '/');
                if (slash)
                    *slash = '\0';
                if (!member_path(shape, tok))
                    fail_msg("%s: field '%s' names %s, which %s lacks", bd->name,
                             bd->fields[i].name, tok, bd->shape);
                checked++;
            }
        }
    }
    assert_true(checked > 60);
}

/* Each unit, duration and percent word is joined to a number by the lexer. */
static void test_units_are_lexer_units(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    static const struct {
        VocabCategory cat;
        const char *fmt;
    } forms[] = {{VOCAB_UNIT, "x 1 %s\n"}, {VOCAB_UNIT, "x 12%s\n"},
                 {VOCAB_DURATION, "x 30%s\n"}, {VOCAB_PERCENT, "x 50%s\n"}};
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
        Vec units = vocab_words(&a, forms[f].cat);
        assert_true(units.len > 0);
        for (int i = 0; i < units.len; i++) {
            SourceMap sm;
            DiagEngine diag;
            source_map_init(&sm, &a);
            diag_init(&diag, &a);
            const char *src = arena_printf(&a, forms[f].fmt, (const char *)units.items[i]);
            uint32_t id = source_add(&sm, "t.ecs", src, strlen(src));
            AstFile *file = parse_file(&a, &diag, &sm, id);
            assert_int_equal(file->stmts.len, 1);
            const AstStmt *st = file->stmts.items[0];
            assert_int_equal(st->args.len, 1);
            const AstNode *n = st->args.items[0];
            assert_int_equal(n->kind, AST_NUMBER);
            assert_string_equal(n->unit, units.items[i]);
        }
    }
    arena_free(&a);
}

static void test_categories(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    Vec words = vocab_words(&a, VOCAB_WORD), constants = vocab_words(&a, VOCAB_CONSTANT);
    assert_int_equal(constants.len, 2);
    for (int i = 0; i < words.len; i++) {
        assert_string_not_equal(words.items[i], "true");
        assert_string_not_equal(words.items[i], "false");
        if (i)
            assert_true(strcmp(words.items[i - 1], words.items[i]) < 0);
    }
    Vec decls = vocab_words(&a, VOCAB_DECLARATION);
    assert_int_equal(decls.len, (int)decode_ndecls + 3);    /* + import, template, environment */
    arena_free(&a);
}

/* A field is once, named, a map or plain repeated; names are unique in a block. */
static void test_field_flags(void **state)
{
    (void)state;
    for (size_t b = 0; b < decode_nblocks; b++) {
        const BlockDef *bd = decode_blocks[b];
        for (size_t i = 0; i < bd->nfields; i++) {
            unsigned fl = bd->fields[i].flags;
            assert_true(fl == 0 || fl == FIELD_ONCE || fl == FIELD_NAMED || fl == FIELD_MAP);
            assert_non_null(bd->fields[i].fn);
            for (size_t j = 0; j < i; j++)
                assert_string_not_equal(bd->fields[i].name, bd->fields[j].name);
        }
    }
}

static void test_native_words(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a);
    const char *word, *note;
    assert_true(vocab_native_word(&a, "ContainerDefinition", "portMappings", &word, &note));
    assert_string_equal(word, "port");
    assert_null(note);
    assert_true(vocab_native_word(&a, "ContainerDefinition", "linuxParameters.capabilities.add",
                                  &word, &note));
    assert_string_equal(word, "cap_add");
    assert_true(vocab_native_word(&a, "ContainerDefinition", "linuxParameters.swappiness", &word, &note));
    assert_string_equal(word, "swap … swappiness");
    assert_true(vocab_native_word(&a, "ContainerDefinition", "linuxParameters.maxSwap", &word, &note));
    assert_string_equal(word, "swap");
    assert_true(vocab_native_word(&a, "ContainerDefinition", "name", &word, &note));
    assert_string_equal(word, "container NAME");
    assert_true(vocab_native_word(&a, "RegisterTaskDefinitionRequest", "family", &word, &note));
    assert_string_equal(word, "task NAME");
    assert_non_null(note);
    assert_false(vocab_native_word(&a, "ContainerDefinition", "resourceRequirements", &word, &note));
    assert_false(vocab_native_word(&a, "ContainerDefinition", "linuxParameters", &word, &note));
    assert_true(vocab_native_word(&a, "CreateServiceRequest", "taskDefinition", &word, &note));
    assert_string_equal(word, "task");
    assert_true(vocab_native_word(&a, "CreateServiceRequest", "deploymentConfiguration.maximumPercent",
                                  &word, &note));
    assert_string_equal(word, "rolling … max");
    assert_true(vocab_native_word(&a, "CreateServiceRequest", "platformVersion", &word, &note));
    assert_string_equal(word, "platform_version");
    assert_false(vocab_native_word(&a, "CreateServiceRequest", "volumeConfigurations", &word, &note));
    assert_true(vocab_is_native_field("ContainerDefinition", "port"));
    assert_false(vocab_is_native_field("ContainerDefinition", "gpu"));
    assert_false(vocab_is_native_field("ContainerDefinition", "portMappings"));
    arena_free(&a);
}

static void test_merge_rules(void **state)
{
    (void)state;
    assert_true(vocab_names_entry("task", true));
    assert_true(vocab_names_entry("template", true));
    assert_false(vocab_names_entry("cluster", true));
    assert_true(vocab_names_entry("port", false));
    assert_true(vocab_names_entry("container", false));
    assert_false(vocab_names_entry("image", false));
    assert_true(vocab_adds_lines("mount"));
    assert_true(vocab_adds_lines("route"));
    assert_false(vocab_adds_lines("env"));
    assert_false(vocab_adds_lines("port"));
    assert_false(vocab_adds_lines("image"));
}

/* The expander takes every template parameter kind the vocabulary lists. */
static void test_template_kinds(void **state)
{
    (void)state;
    char src[256];
    int n = 0;
    for (const char *const *k = vocab_template_kinds; *k; k++, n++) {
        Compiler c;
        snprintf(src, sizeof src, "app a {}\ntemplate t { param x %s }\ntask w { use t }\n", *k);
        tu_compile(&c, src);
        if (tu_count(&c, "E0906"))
            fail_msg("the expander does not take the kind '%s'", *k);
        compiler_free(&c);
    }
    assert_true(n >= 10);
    Compiler c;
    tu_compile(&c, "app a {}\ntemplate t { param x nonsense }\ntask w { use t }\n");
    assert_int_equal(tu_count(&c, "E0906"), 1);
    compiler_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_members_exist),
        cmocka_unit_test(test_units_are_lexer_units),
        cmocka_unit_test(test_categories),
        cmocka_unit_test(test_field_flags),
        cmocka_unit_test(test_native_words),
        cmocka_unit_test(test_merge_rules),
        cmocka_unit_test(test_template_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
