/* vocab.c - ecsc-vocab: the words of the .ecs language, for the editors.
 *
 *   ecsc-vocab                 prints the vocabulary, one `category word` a line
 *   ecsc-vocab --write REPO    rewrites the editors' word lists in REPO
 *   ecsc-vocab --check REPO    exits 1 when a committed editor file differs
 *                              from what --write would make of it
 *
 * The words come from the compiler's own tables (compiler/sema/vocab.h);
 * `cmake --build build --target editors` runs --write and ctest's
 * editors.vocabulary runs --check.  Only the word lists are generated; the
 * rest of each editor file is written by hand:
 *   editors/vim/syntax/ecs.vim            let s:kw_CATEGORY = [ … ]
 *   editors/emacs/ecs-mode.el             (defconst ecs-kw-CATEGORY '( … )
 *   editors/vscode/syntaxes/ecs.tmLanguage.json
 *                                         every (?:a|b|…) word alternation of
 *                                         the repository rules in tm_rules
 *   tests/editors/vscode/keywords.test.ecs  the whole file: every word in its place
 *   grammar/keywords.def                  the whole file: the vocabulary as KW(category, word)
 *   docs/language.md                      the table between the markers MEMBERS_BEGIN and
 *                                         MEMBERS_END: each word and the API member it fills
 */
#include "base/arena.h"
#include "base/strbuf.h"
#include "sema/decode.h"
#include "sema/vocab.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Words {
    Vec cat[VOCAB_NCATEGORIES];
} Words;

/* ---- files ------------------------------------------------------------------ */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    StrBuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_putn(&b, buf, n);
    fclose(f);
    char *out = strdup(strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(text, 1, strlen(text), f) == strlen(text);
    return fclose(f) == 0 && ok;
}

/* ---- word lists ------------------------------------------------------------- */

/* Appends `items` joined by `sep` in lines of at most `width` characters,
   each line after the first preceded by `indent`. */
static void chunks(StrBuf *b, const Vec *w, const char *quote, const char *sep, const char *eol,
                   const char *indent, size_t width)
{
    size_t cur = 0;
    for (int i = 0; i < w->len; i++) {
        size_t len = strlen(w->items[i]) + 2 * strlen(quote);
        if (cur && cur + strlen(sep) + len > width) {
            strbuf_printf(b, "%s%s", eol, indent);
            cur = 0;
        } else if (cur) {
            strbuf_printf(b, "%s", sep);
            cur += strlen(sep);
        }
        strbuf_printf(b, "%s%s%s", quote, (const char *)w->items[i], quote);
        cur += len;
    }
}

/* let s:kw_field = [
         \ 'a', 'b',
         \ 'c'] */
static void vim_list(StrBuf *b, const Words *w, VocabCategory c)
{
    strbuf_printf(b, "let s:kw_%s = [\n      \\ ", vocab_category_name(c));
    chunks(b, &w->cat[c], "'", ", ", ",\n", "      \\ ", 70);
    strbuf_printf(b, "]");
}

/* (defconst ecs-kw-field
     '("a" "b"
       "c") */
static void emacs_list(StrBuf *b, const Words *w, VocabCategory c)
{
    strbuf_printf(b, "(defconst ecs-kw-%s\n  '(", vocab_category_name(c));
    chunks(b, &w->cat[c], "\"", " ", "\n", "    ", 70);
    strbuf_printf(b, ")");
}

static int longest_first(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    size_t la = strlen(a), lb = strlen(b);
    return la != lb ? (la < lb ? 1 : -1) : strcmp(a, b);
}

/* (?:longest|words|first) as JSON text: no word hides a longer one. */
static void tm_alternation(StrBuf *b, const Vec *words)
{
    const char **sorted = malloc(sizeof *sorted * (size_t)(words->len ? words->len : 1));
    for (int i = 0; i < words->len; i++)
        sorted[i] = words->items[i];
    qsort(sorted, (size_t)words->len, sizeof *sorted, longest_first);
    strbuf_printf(b, "(?:");
    for (int i = 0; i < words->len; i++) {
        strbuf_printf(b, "%s", i ? "|" : "");
        for (const char *p = sorted[i]; *p; p++)
            strbuf_puts(b, *p == '.' ? "\\\\." : (char[]){*p, 0});
    }
    strbuf_printf(b, ")");
    free(sorted);
}

/* ---- rewriting the editor files ------------------------------------------------ */

/* Replaces, in `text`, each list that starts with `open` CATEGORY (up to
   the first `close` after `body`) by `render`'s. */
static char *replace_lists(const char *text, const char *open, const char *body, char close,
                           const Words *w, void (*render)(StrBuf *, const Words *, VocabCategory))
{
    StrBuf b = {0};
    const char *p = text;
    for (const char *hit; (hit = strstr(p, open));) {
        const char *name = hit + strlen(open);
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz");
        const char *start = strstr(name, body);
        const char *end = start ? strchr(start + strlen(body), close) : NULL;
        int c = 0;
        while (c < VOCAB_NCATEGORIES && (strlen(vocab_category_name(c)) != n ||
                                         strncmp(vocab_category_name(c), name, n) != 0))
            c++;
        if (!end || c == VOCAB_NCATEGORIES) {
            strbuf_putn(&b, p, (size_t)(name - p));
            p = name;
            continue;
        }
        strbuf_putn(&b, p, (size_t)(hit - p) + (open[0] == '\n'));   /* keep the line break */
        render(&b, w, c);
        p = end + 1;
    }
    strbuf_printf(&b, "%s", p);
    char *out = strdup(strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

/* The TextMate repository rules and the category whose words they list. */
static const struct {
    const char *rule;
    VocabCategory cat;
} tm_rules[] = {
    {"declaration", VOCAB_DECLARATION}, {"environment-declaration", VOCAB_DECLARATION},
    {"field", VOCAB_FIELD},             {"word", VOCAB_WORD},
    {"constant", VOCAB_CONSTANT},       {"number-size", VOCAB_UNIT},
    {"number-duration", VOCAB_DURATION}, {"number-percent", VOCAB_PERCENT},
};

static bool plain(char c, bool dash)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '%' || (dash && c == '-');
}

/* Length of a word alternation `(?:a|b\\.c|…)` at `p` in JSON text, or 0. */
static size_t alternation_at(const char *p)
{
    if (strncmp(p, "(?:", 3) != 0)
        return 0;
    size_t i = 3, items = 1;
    bool empty = true, fancy = false;
    for (;; i++) {
        if (plain(p[i], true)) {
            fancy |= p[i] == '-';
            empty = false;
        } else if (p[i] == '\\' && p[i + 1] == '\\' && p[i + 2] && strchr(".%-", p[i + 2])) {
            fancy = true;
            empty = false;
            i += 2;
        } else if (p[i] == '|' && !empty) {
            items++;
            empty = true;
        } else {
            break;
        }
    }
    if (p[i] != ')' || empty || (items == 1 && fancy))
        return 0;
    return i + 1;
}

/* Rewrites the alternations of each line inside the rules of tm_rules;
   the file is JSON written with two spaces of indentation, so a rule
   starts at a line `    "NAME": {` inside "repository". */
static char *rewrite_grammar(const char *text, const Words *w)
{
    StrBuf b = {0};
    bool in_repo = false;
    int cat = -1;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line + 1) : strlen(line);
        if (strncmp(line, "  \"repository\": {", 17) == 0)
            in_repo = true;
        if (in_repo && strncmp(line, "    \"", 5) == 0) {
            cat = -1;
            for (size_t r = 0; r < sizeof tm_rules / sizeof *tm_rules; r++) {
                size_t n = strlen(tm_rules[r].rule);
                if (strncmp(line + 5, tm_rules[r].rule, n) == 0 && strncmp(line + 5 + n, "\": {", 4) == 0)
                    cat = (int)tm_rules[r].cat;
            }
        }
        for (size_t i = 0; i < len;) {
            size_t alt = cat >= 0 ? alternation_at(line + i) : 0;
            if (alt && i + alt <= len) {
                tm_alternation(&b, &w->cat[cat]);
                i += alt;
            } else {
                strbuf_putn(&b, line + i, 1);
                i++;
            }
        }
        line += len;
    }
    char *out = strdup(strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

static void carets(StrBuf *b, size_t n, const char *scope)
{
    for (size_t i = 0; i < n; i++)
        strbuf_printf(b, "^");
    strbuf_printf(b, " %s\n", scope);
}

/* The vscode-tmgrammar-test file that puts every word in its place. */
static char *keywords_test(const Words *w)
{
    StrBuf b = {0};
    strbuf_printf(&b, "# SYNTAX TEST \"source.ecs\" \"every word of the vocabulary in its place\"\n"
                      "# Written by ecsc-vocab (tools/vocab.c): do not edit.\n");
    const Vec *v = &w->cat[VOCAB_DECLARATION];
    for (int i = 0; i < v->len; i++) {
        const char *s = v->items[i];
        strbuf_printf(&b, "%s name {\n# <", s);
        for (size_t k = 0; k < strlen(s); k++)
            strbuf_printf(&b, "-");
        strbuf_printf(&b, " keyword.control.declaration.ecs\n}\n");
    }
    strbuf_printf(&b, "task all {\n");
    v = &w->cat[VOCAB_FIELD];
    for (int i = 0; i < v->len; i++) {
        const char *s = v->items[i];
        strbuf_printf(&b, "  %s\n# ", s);
        carets(&b, strlen(s), "support.type.property-name.field.ecs");
    }
    static const struct {
        VocabCategory cat;
        const char *forms[2];       /* what is written before the word: "1 " */
        const char *scope, *unit_scope;
    } args[] = {
        {VOCAB_WORD, {"", NULL}, "support.constant.option.ecs", NULL},
        {VOCAB_CONSTANT, {"", NULL}, "constant.language.boolean.ecs", NULL},
        {VOCAB_UNIT, {"1 ", "12"}, "constant.numeric.size.ecs", "keyword.other.unit.size.ecs"},
        {VOCAB_DURATION, {"30", NULL}, "constant.numeric.duration.ecs", "keyword.other.unit.duration.ecs"},
        {VOCAB_PERCENT, {"50", NULL}, "constant.numeric.percentage.ecs", "keyword.other.unit.percentage.ecs"},
    };
    for (size_t k = 0; k < sizeof args / sizeof *args; k++) {
        v = &w->cat[args[k].cat];
        for (int i = 0; i < v->len; i++)
            for (int f = 0; f < 2 && args[k].forms[f]; f++) {
                const char *word = v->items[i], *before = args[k].forms[f];
                /* `  x ARG`, carets under ARG, and under its unit */
                strbuf_printf(&b, "  x %s%s\n#   ", before, word);
                carets(&b, strlen(before) + strlen(word), args[k].scope);
                if (args[k].unit_scope) {
                    strbuf_printf(&b, "#     ");
                    carets(&b, strlen(word), args[k].unit_scope);
                }
            }
    }
    strbuf_printf(&b, "}\n");
    char *out = strdup(strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

/* grammar/keywords.def: the vocabulary as an X-macro table, for reading
   (the Vim and Emacs tests check every word of it in its place). */
static char *keywords_def(const Words *w)
{
    StrBuf b = {0};
    strbuf_puts(&b,
        "/* keywords.def - the words of the .ecs language, by category.\n"
        " *\n"
        " * GENERATED by ecsc-vocab (tools/vocab.c) from the compiler's own tables\n"
        " * (compiler/sema/decode*.c and vocab.c): do not edit.  After changing a\n"
        " * table, `cmake --build build --target editors` rewrites this file and the\n"
        " * editors' word lists; ctest's editors.vocabulary fails until then.\n"
        " *\n"
        " * An X-macro table: define KW(category, word) and include this file.\n"
        " *\n"
        " *   declaration  heads of top-level declarations      task web { ... }\n"
        " *                (and of the module system's)         import, template, environment\n"
        " *   field        fields of blocks (FieldDef tables)   image \"nginx\"\n"
        " *                (and the module system's statements) use, add, param in a template\n"
        " *   word         option and value words               launch fargate\n"
        " *   constant     the boolean values                   essential false\n"
        " *   unit         units of sizes and CPU               1 GiB, 512MiB, 0.5 vcpu\n"
        " *   duration     duration suffixes                    30s, 5m, 1h, 14d\n"
        " *   percent      the percentage suffix                50%\n"
        " *\n"
        " * Keywords are not reserved: a word is a keyword by where it stands, so a\n"
        " * word may be listed under several categories.\n"
        " */\n");
    for (int c = 0; c < VOCAB_NCATEGORIES; c++) {
        strbuf_printf(&b, "\n/* %s */\n", vocab_category_name(c));
        for (int i = 0; i < w->cat[c].len; i++)
            strbuf_printf(&b, "KW(%s, \"%s\")\n", vocab_category_name(c), (const char *)w->cat[c].items[i]);
    }
    char *out = strdup(strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

/* docs/language.md's table of the API members each word fills. */
#define MEMBERS_BEGIN "<!-- ecsc-vocab: the API members; generated, do not edit -->\n"
#define MEMBERS_END "<!-- ecsc-vocab: end -->\n"

static void member_rows(StrBuf *b, const BlockDef *bd)
{
    if (bd->name_api)
        strbuf_printf(b, "| %s | `%s NAME` | `%s` |\n", bd->shape, bd->name, bd->name_api);
    for (size_t i = 0; i < bd->nfields; i++) {
        const char *api = bd->fields[i].api;
        if (!api)
            continue;
        strbuf_printf(b, "| %s | `%s` | ", bd->shape, bd->fields[i].name);
        /* "a.b c/w" -> `a.b`, `c` (with `w`) */
        for (const char *p = api; *p;) {
            size_t n = strcspn(p, " "), name = strcspn(p, " /");
            strbuf_printf(b, "%s`%.*s`", p == api ? "" : ", ", (int)name, p);
            if (name < n)
                strbuf_printf(b, " (with `%.*s`)", (int)(n - name - 1), p + name + 1);
            p += n + (p[n] == ' ');
        }
        strbuf_puts(b, " |\n");
    }
}

static char *members_table(const char *text)
{
    const char *begin = strstr(text, MEMBERS_BEGIN);
    const char *end = begin ? strstr(begin, MEMBERS_END) : NULL;
    if (!end)
        return NULL;
    StrBuf b = {0};
    strbuf_putn(&b, text, (size_t)(begin - text) + strlen(MEMBERS_BEGIN));
    strbuf_puts(&b, "| Shape | Word | API member |\n|---|---|---|\n");
    for (size_t k = 0; k < decode_nblocks; k++)
        if (decode_blocks[k]->shape)
            member_rows(&b, decode_blocks[k]);
    strbuf_puts(&b, end);
    char *out = strdup(strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}

/* ---- main ------------------------------------------------------------------------ */

enum { VIM, EMACS, GRAMMAR, KEYWORDS_TEST, KEYWORDS_DEF, LANGUAGE_MD, NFILES };

static const char *const files[NFILES] = {
    "editors/vim/syntax/ecs.vim",
    "editors/emacs/ecs-mode.el",
    "editors/vscode/syntaxes/ecs.tmLanguage.json",
    "tests/editors/vscode/keywords.test.ecs",
    "grammar/keywords.def",
    "docs/language.md",
};

/* What the file should hold, made from its current text (NULL if absent). */
static char *generate(int which, const char *text, const Words *w)
{
    switch (which) {
    case VIM:
        return text ? replace_lists(text, "\nlet s:kw_", " = [", ']', w, vim_list) : NULL;
    case EMACS:
        return text ? replace_lists(text, "(defconst ecs-kw-", "'(", ')', w, emacs_list) : NULL;
    case GRAMMAR:
        return text ? rewrite_grammar(text, w) : NULL;
    case KEYWORDS_TEST:
        return keywords_test(w);
    case KEYWORDS_DEF:
        return keywords_def(w);
    default:
        return text ? members_table(text) : NULL;
    }
}

int main(int argc, char **argv)
{
    Arena a;
    arena_init(&a);
    Words w;
    for (int c = 0; c < VOCAB_NCATEGORIES; c++)
        w.cat[c] = vocab_words(&a, c);
    if (argc == 1) {
        for (int c = 0; c < VOCAB_NCATEGORIES; c++)
            for (int i = 0; i < w.cat[c].len; i++)
                printf("%s %s\n", vocab_category_name(c), (const char *)w.cat[c].items[i]);
        arena_free(&a);
        return 0;
    }
    bool write = argc == 3 && strcmp(argv[1], "--write") == 0;
    if (argc != 3 || (!write && strcmp(argv[1], "--check") != 0)) {
        fprintf(stderr, "usage: ecsc-vocab [--write REPO | --check REPO]\n");
        arena_free(&a);
        return 2;
    }
    int status = 0;
    for (int f = 0; f < NFILES; f++) {
        char *path = arena_printf(&a, "%s/%s", argv[2], files[f]);
        char *text = read_file(path);
        char *want = generate(f, text, &w);
        if (!want) {
            fprintf(stderr, "ecsc-vocab: cannot read %s\n", path);
            status = 1;
        } else if (!text || strcmp(text, want) != 0) {
            if (write && !write_file(path, want)) {
                fprintf(stderr, "ecsc-vocab: cannot write %s\n", path);
                status = 1;
            } else if (write) {
                printf("ecsc-vocab: rewrote %s\n", files[f]);
            } else {
                /* the tool is built at the top of the build tree */
                const char *slash = strrchr(argv[0], '/');
                const char *build = slash ? arena_strndup(&a, argv[0], (size_t)(slash - argv[0])) : ".";
                fprintf(stderr, "ecsc-vocab: %s differs from the compiler's vocabulary;\n"
                                "  regenerate it with: cmake --build %s --target editors\n"
                                "  (or: %s --write %s)\n", files[f], build, argv[0], argv[2]);
                status = 1;
            }
        }
        free(text);
        free(want);
    }
    arena_free(&a);
    return status;
}
