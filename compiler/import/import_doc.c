/* import_doc.c - building the .ecs tree of `ecsc import` (import.h):
   statements and their arguments, the spelling of words, strings and JSON
   values, placeholders that become params, and the notes sink (warnings
   on stderr that are also comments in the output). */
#include "import/import.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void import_init(ImportCtx *ic, Arena *arena, FILE *warn)
{
    memset(ic, 0, sizeof *ic);
    ic->arena = arena;
    ic->warn = warn;
    ic->doc.root.has_block = true;
    map_init(&ic->params, arena);
    map_init(&ic->volumes, arena);
    map_init(&ic->containers, arena);
    map_init(&ic->families, arena);
}

/* --- notes ------------------------------------------------------------------ */

void import_error(ImportCtx *ic, const char *code, const char *fmt, ...)
{
    ic->errors++;
    if (!ic->warn)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(ic->warn, "%s: error[%s]: ", ic->source ? ic->source : "ecsc import", code);
    vfprintf(ic->warn, fmt, ap);
    fputc('\n', ic->warn);
    va_end(ap);
}

static void add_comment(ImportCtx *ic, ImportNode *at, const char *text)
{
    vec_push(ic->arena, at ? &at->comments : &ic->doc.header, (void *)text);
}

void import_warn(ImportCtx *ic, ImportNode *at, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(ic->arena, fmt, ap);
    va_end(ap);
    ic->warnings++;
    if (ic->warn)
        fprintf(ic->warn, "%s: warning[%s]: %s\n", ic->source ? ic->source : "ecsc import", code, msg);
    add_comment(ic, at, arena_printf(ic->arena, "%s (%s)", msg, code));
}

void import_comment(ImportCtx *ic, ImportNode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_comment(ic, at, arena_vprintf(ic->arena, fmt, ap));
    va_end(ap);
}

/* --- statements -------------------------------------------------------------- */

ImportNode *import_stmt(ImportCtx *ic, ImportNode *parent, const char *head)
{
    ImportNode *n = ARENA_NEW(ic->arena, ImportNode);
    n->head = arena_strdup(ic->arena, head);
    vec_push(ic->arena, parent ? &parent->children : &ic->doc.root.children, n);
    return n;
}

ImportNode *import_block(ImportCtx *ic, ImportNode *parent, const char *head)
{
    ImportNode *n = import_stmt(ic, parent, head);
    n->has_block = true;
    return n;
}

ImportNode *import_scratch(ImportCtx *ic)
{
    ImportNode *n = ARENA_NEW(ic->arena, ImportNode);
    n->has_block = true;
    return n;
}

void import_adopt(ImportCtx *ic, ImportNode *parent, ImportNode *scratch)
{
    Vec *into = parent ? &parent->children : &ic->doc.root.children;
    VEC_EACH(ImportNode *, n, scratch->children)
        vec_push(ic->arena, into, n);
    scratch->children.len = 0;
}

void import_token(ImportCtx *ic, ImportNode *n, const char *token)
{
    vec_push(ic->arena, &n->args, arena_strdup(ic->arena, token));
}

void import_tokenf(ImportCtx *ic, ImportNode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    import_token(ic, n, arena_vprintf(ic->arena, fmt, ap));
    va_end(ap);
}

void import_word(ImportCtx *ic, ImportNode *n, const char *word)
{
    import_token(ic, n, word);
}

/* A string .ecs cannot write (a control character): said, and written
   with the character left out. */
static const char *quote_or_warn(ImportCtx *ic, ImportNode *n, const char *text)
{
    const char *q = import_quote(ic, text);
    if (q)
        return q;
    size_t len = strlen(text);
    char *clean = arena_alloc(ic->arena, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        if (!((unsigned char)text[i] < 0x20 && !strchr("\n\t\r", text[i])) && text[i] != 0x7f)
            clean[o++] = text[i];
    import_warn(ic, n, "W0042", "a string holds control characters that .ecs strings cannot hold: left out");
    return import_quote(ic, clean);
}

void import_string(ImportCtx *ic, ImportNode *n, const char *text)
{
    import_token(ic, n, quote_or_warn(ic, n, text));
}

void import_name(ImportCtx *ic, ImportNode *n, const char *text)
{
    if (import_is_word(text))
        import_word(ic, n, text);
    else
        import_string(ic, n, text);
}

void import_strings(ImportCtx *ic, ImportNode *n, const char *const *items, int count)
{
    StrBuf b = {0};
    strbuf_putc(&b, '[');
    for (int i = 0; i < count; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", quote_or_warn(ic, n, items[i]));
    strbuf_putc(&b, ']');
    import_token(ic, n, arena_strdup(ic->arena, strbuf_cstr(&b)));
    strbuf_free(&b);
}

static const char *key_token(ImportCtx *ic, ImportNode *at, const char *key)
{
    if (import_is_word(key))
        return key;
    return quote_or_warn(ic, at, key);
}

ImportNode *import_assign(ImportCtx *ic, ImportNode *map, const char *key, const char *value)
{
    ImportNode *n = import_stmt(ic, map, key_token(ic, map, key));
    n->assign = true;
    import_string(ic, n, value);
    return n;
}

ImportNode *import_raw(ImportCtx *ic, ImportNode *raw_block, const char *key, const cJSON *value)
{
    const char *tok = import_json_token(ic, value);
    if (!tok)
        return NULL;
    ImportNode *n = import_stmt(ic, raw_block, key_token(ic, raw_block, key));
    n->assign = true;
    import_token(ic, n, tok);
    return n;
}

/* A finite number as .ecs spells it: digits with at most one '.', no
   exponent (1e-07 is 0.0000001, 1e+300 three hundred zeros), in the
   fewest significant digits that read back as the same double. */
static void spell_number(double d, StrBuf *b)
{
    char g[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(g, sizeof g, "%.*e", p - 1, d);
        if (strtod(g, NULL) == d)
            break;
    }
    /* g is [-]D[.DDD]e[+-]XX: its digits, and where the point goes. */
    const char *s = g[0] == '-' ? g + 1 : g;
    char digits[24];
    size_t n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s != '.')
            digits[n++] = *s;
    int exp = atoi(s + 1);
    if (g[0] == '-')
        strbuf_putc(b, '-');
    if (exp < 0) {
        strbuf_puts(b, "0.");
        for (int i = -1; i > exp; i--)
            strbuf_putc(b, '0');
        strbuf_putn(b, digits, n);
        return;
    }
    for (int i = 0; i <= exp || (size_t)i < n; i++) {
        if (i == exp + 1)
            strbuf_putc(b, '.');
        strbuf_putc(b, (size_t)i < n ? digits[i] : '0');
    }
}

static void json_token(ImportCtx *ic, const cJSON *v, StrBuf *b, bool *ok)
{
    if (cJSON_IsString(v)) {
        const char *q = import_quote(ic, v->valuestring);
        if (!q)
            *ok = false;
        strbuf_puts(b, q ? q : "\"\"");
    } else if (cJSON_IsBool(v)) {
        strbuf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!isfinite(d))
            *ok = false;
        else if (d == floor(d) && fabs(d) < 9007199254740992.0)
            strbuf_printf(b, "%lld", (long long)d);
        else
            spell_number(d, b);
    } else if (cJSON_IsArray(v)) {
        strbuf_putc(b, '[');
        int i = 0;
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            if (i)
                strbuf_puts(b, ", ");
            json_token(ic, it, b, ok);
        }
        strbuf_putc(b, ']');
    } else if (cJSON_IsObject(v)) {
        if (!v->child) {
            strbuf_puts(b, "{}");
            return;
        }
        strbuf_puts(b, "{ ");
        int i = 0;
        for (const cJSON *it = v->child; it; it = it->next, i++) {
            const char *k = import_is_word(it->string) ? it->string : import_quote(ic, it->string);
            if (!k)
                *ok = false;
            strbuf_printf(b, "%s%s = ", i ? ", " : "", k ? k : "\"\"");
            json_token(ic, it, b, ok);
        }
        strbuf_puts(b, " }");
    } else {
        *ok = false;    /* null: .ecs has no spelling for it */
    }
}

const char *import_json_token(ImportCtx *ic, const cJSON *value)
{
    StrBuf b = {0};
    bool ok = true;
    json_token(ic, value, &b, &ok);
    const char *tok = ok ? arena_strdup(ic->arena, strbuf_cstr(&b)) : NULL;
    strbuf_free(&b);
    return tok;
}

/* --- spelling ------------------------------------------------------------------ */

bool import_is_word(const char *s)
{
    if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    size_t n = strlen(s);
    for (size_t i = 1; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (!(isalnum(ch) || ch == '_' || ch == '.' || ch == '-'))
            return false;
    }
    return s[n - 1] != '.' && s[n - 1] != '-';
}

bool import_is_name(const char *s)
{
    if (!import_is_word(s) || strlen(s) > 255)
        return false;
    return strchr(s, '.') == NULL;
}

const char *import_make_name(ImportCtx *ic, const char *s)
{
    size_t n = strlen(s);
    if (n > 200)
        n = 200;
    char *out = arena_alloc(ic->arena, n + 2);
    size_t o = 0;
    if (n && !isalpha((unsigned char)s[0]) && s[0] != '_')
        out[o++] = '_';
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[o++] = (isalnum(ch) || ch == '_' || ch == '-') ? (char)ch : '-';
    }
    while (o && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    return o ? out : "imported";
}

/* --- placeholders ---------------------------------------------------------------- */

static bool has_param(ImportCtx *ic, const char *name, const char **original)
{
    const ImportNode *p = map_get(&ic->params, name);
    if (p)     /* "from TEXT" for a placeholder's param; another param matches no text */
        *original = p->trailing && strncmp(p->trailing, "from ", 5) == 0 ? p->trailing + 5 : "";
    return p != NULL;
}

/* The param for placeholder text `original` (as found in the input),
   named after `want`; declared on first use.  Two different placeholders
   that would get one name get two (`name`, `name_2`, ...). */
static const char *param_for(ImportCtx *ic, const char *want, const char *original,
                             const char *fallback)
{
    static const char *const builtins[] = {"app", "env", "region", "account", NULL};
    const char *base = import_make_name(ic, want);
    if (strcmp(base, "imported") == 0 || base[0] == '_')
        base = arena_printf(ic->arena, "p%s", base[0] == '_' ? base : "");
    for (int i = 0; builtins[i]; i++)
        if (strcmp(base, builtins[i]) == 0)
            base = arena_printf(ic->arena, "%s_param", base);
    const char *name = base;
    for (int k = 2;; k++) {
        const char *seen;
        if (!has_param(ic, name, &seen))
            break;
        if (strcmp(seen, original) == 0)
            return name;
        name = arena_printf(ic->arena, "%s_%d", base, k);
    }
    ImportNode *p = ARENA_NEW(ic->arena, ImportNode);
    p->head = "param";
    import_token(ic, p, name);
    import_token(ic, p, "string");
    if (fallback) {
        import_token(ic, p, "default");
        const char *q = import_quote(ic, fallback);
        import_token(ic, p, q ? q : "\"\"");
    }
    p->trailing = arena_printf(ic->arena, "from %s", original);
    vec_push(ic->arena, &ic->doc.params, p);
    map_put(&ic->params, p->args.items[0], p);
    return name;
}

/* The next `...` argument of an ecspresso-style call, or NULL. */
static const char *backquoted(ImportCtx *ic, const char **pos, const char *end)
{
    const char *a = memchr(*pos, '`', (size_t)(end - *pos));
    if (!a)
        return NULL;
    const char *b = memchr(a + 1, '`', (size_t)(end - a - 1));
    if (!b)
        return NULL;
    *pos = b + 1;
    return arena_strndup(ic->arena, a + 1, (size_t)(b - a - 1));
}

/* A placeholder starting at `s`: its length (0 if none) and its param. */
static size_t placeholder(ImportCtx *ic, const char *s, const char **param)
{
    const char *open = NULL, *close = NULL;
    size_t olen = 0, clen = 0;
    if (strncmp(s, "{{", 2) == 0)
        open = s, olen = 2, close = strstr(s + 2, "}}"), clen = 2;
    else if (strncmp(s, "${", 2) == 0)
        open = s, olen = 2, close = strchr(s + 2, '}'), clen = 1;
    else if (strncmp(s, "$$$", 3) == 0)
        open = s, olen = 3, close = strstr(s + 3, "$$$"), clen = 3;
    if (!open || !close || close == open + olen)
        return 0;
    for (const char *p = open + olen; p < close; p++)
        if ((unsigned char)*p < 0x20 || (*p == '{' && olen == 2 && s[0] == '$'))
            return 0;
    size_t len = (size_t)(close + clen - s);
    const char *original = arena_strndup(ic->arena, s, len);
    const char *in = open + olen, *end = close;
    while (in < end && isspace((unsigned char)*in))
        in++;
    while (end > in && isspace((unsigned char)end[-1]))
        end--;
    if (in == end)
        return 0;
    const char *want = arena_strndup(ic->arena, in, (size_t)(end - in));
    const char *fallback = NULL;
    if (strchr(want, '`')) {               /* {{ env `NAME` `default` }}, {{ ssm `/x` }} */
        size_t fl = strcspn(want, " \t`");
        const char *fn = arena_strndup(ic->arena, want, fl);
        const char *pos = want;
        const char *arg = backquoted(ic, &pos, want + strlen(want));
        if (!arg)
            return 0;
        if (strcmp(fn, "env") == 0 || strcmp(fn, "must_env") == 0) {
            fallback = strcmp(fn, "env") == 0 ? backquoted(ic, &pos, want + strlen(want)) : NULL;
            want = arg;
        } else {
            want = arena_printf(ic->arena, "%s_%s", fn, arg);
        }
    }
    if (fallback && !import_quote_ok(fallback))
        fallback = NULL;
    *param = param_for(ic, want, original, fallback);
    return len;
}

bool import_quote_ok(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r') || *p == 0x7f)
            return false;
    return true;
}

const char *import_quote(ImportCtx *ic, const char *text)
{
    if (!import_quote_ok(text))
        return NULL;
    StrBuf b = {0};
    strbuf_putc(&b, '"');
    for (const char *p = text; *p;) {
        const char *param = NULL;
        size_t skip = ic->no_params ? 0 : placeholder(ic, p, &param);
        if (skip) {
            strbuf_printf(&b, "${%s}", param);
            p += skip;
            continue;
        }
        switch (*p) {
        case '"': strbuf_puts(&b, "\\\""); break;
        case '\\': strbuf_puts(&b, "\\\\"); break;
        case '\n': strbuf_puts(&b, "\\n"); break;
        case '\t': strbuf_puts(&b, "\\t"); break;
        case '\r': strbuf_puts(&b, "\\r"); break;
        case '$': strbuf_puts(&b, p[1] == '{' ? "\\$" : "$"); break;
        default: strbuf_putc(&b, *p); break;
        }
        p++;
    }
    strbuf_putc(&b, '"');
    const char *out = arena_strdup(ic->arena, strbuf_cstr(&b));
    strbuf_free(&b);
    return out;
}
