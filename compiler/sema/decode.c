/* decode.c - statement tables, argument readers and the top level. */
#include "sema/decode.h"

#include "base/map.h"
#include "base/strbuf.h"
#include "base/suggest.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

const char *const decode_booleans[] = {"true", "false", NULL};

#ifndef NDEBUG
/* True if `w` is an option word of the statement being decoded, or a
   boolean: a handler that compares a word its table does not list would
   leave the word out of the vocabulary (and the editors). */
static bool listed_word(const Decoder *d, const char *w)
{
    for (const char *const *l = decode_booleans; *l; l++)
        if (strcmp(*l, w) == 0)
            return true;
    for (const char *const *l = d->words; l && *l; l++)
        if (strcmp(*l, w) == 0)
            return true;
    return false;
}
#endif

/* ---- blocks ---------------------------------------------------------- */

void decode_block(Decoder *d, const AstNode *block, const BlockDef *def, void *target,
                  const char *what)
{
    decode_block_fields(d, block, def, target, what, NULL);
}

void decode_block_fields(Decoder *d, const AstNode *block, const BlockDef *def, void *target,
                         const char *what, Vec *out)
{
    if (!block)
        return;
    const BlockDef *outer = d->block;
    const char *const *outer_words = d->words;
    const FieldDef *fields = def->fields;
    size_t nfields = def->nfields;
    d->block = def;
    const AstStmt **seen = arena_alloc(d->arena, sizeof(AstStmt *) * (nfields ? nfields : 1));
    for (int i = 0; i < block->items.len; i++) {
        const AstStmt *s = block->items.items[i];
        if (s->is_assign) {
            Diagnostic *dg = diag_error(d->diag, s->span, "E0103",
                "expected a field in %s, found an assignment '%s = …'", what, s->head);
            diag_note(dg, SPAN_NONE, "assignments belong in maps, as in `env { %s = \"…\" }`",
                      s->head_quoted ? "KEY" : s->head);
            continue;
        }
        size_t k = 0;
        while (k < nfields && (fields[k].name[0] != s->head[0] || strcmp(fields[k].name, s->head) != 0))
            k++;
        if (k == nfields && decode_misplaced_raw(d, s, what))
            continue;
        if (k == nfields) {
            const char **names = arena_alloc(d->arena, sizeof(char *) * (nfields ? nfields : 1));
            for (size_t j = 0; j < nfields; j++)
                names[j] = fields[j].name;
            Diagnostic *dg = diag_error(d->diag, s->head_span, "E0101",
                                        "unknown field '%s' in %s", s->head, what);
            const char *best = suggest_best(s->head, names, nfields);
            if (best)
                diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
            continue;
        }
        if ((fields[k].flags & FIELD_ONCE) && seen[k]) {
            Diagnostic *dg = diag_error(d->diag, s->head_span, "E0102",
                                        "'%s' is set twice in %s", s->head, what);
            diag_note(dg, seen[k]->head_span, "first set here");
            continue;
        }
        seen[k] = s;
        if (out) {
            IrField *f = ARENA_NEW(d->arena, IrField);
            *f = (IrField){fields[k].name, s->span};
            vec_push(d->arena, out, f);
        }
        d->words = fields[k].words;
        fields[k].fn(d, s, target);
    }
    d->block = outer;
    d->words = outer_words;
}

/* ---- argument readers ------------------------------------------------ */

Args args_begin(Decoder *d, const AstStmt *s)
{
    return (Args){d, s, 0};
}

bool args_more(const Args *a) { return a->i < a->s->args.len; }

const AstNode *args_peek(const Args *a)
{
    return args_more(a) ? a->s->args.items[a->i] : NULL;
}

const AstNode *args_next(Args *a)
{
    return args_more(a) ? a->s->args.items[a->i++] : NULL;
}

Span args_here(const Args *a)
{
    const AstNode *n = args_peek(a);
    if (n)
        return n->span;
    Span end = a->s->span;
    end.lo = end.hi;
    end.hi = end.hi;
    return end;
}

bool args_peek_word(const Args *a, const char *w)
{
    assert(listed_word(a->d, w) && "list the word in its FieldDef's words");
    const AstNode *n = args_peek(a);
    return n && n->kind == AST_WORD && strcmp(n->text, w) == 0;
}

bool args_take_word(Args *a, const char *w)
{
    if (!args_peek_word(a, w))
        return false;
    a->i++;
    return true;
}

bool args_take_punct(Args *a, const char *p)
{
    const AstNode *n = args_peek(a);
    if (!n || n->kind != AST_PUNCT || strcmp(n->text, p) != 0)
        return false;
    a->i++;
    return true;
}

const char *decode_shown(Decoder *d, const AstNode *n)
{
    if (n && (n->kind == AST_WORD || n->kind == AST_PUNCT))
        return arena_printf(d->arena, "'%s'", n->text);
    return decode_describe(n);
}

const char *decode_describe(const AstNode *n)
{
    if (!n)
        return "nothing";
    switch (n->kind) {
    case AST_WORD: return "a word";
    case AST_STRING: return "a string";
    case AST_NUMBER: return n->unit[0] ? "a number with a unit" : "a number";
    case AST_LIST: return "a list";
    case AST_BLOCK: return "a block";
    case AST_PUNCT: return "punctuation";
    case AST_VAR: return "a variable";
    case AST_EXPR: return "an expression";
    }
    return "?";
}

/* Reports that the next argument is not `what`; consumes it. */
static void mismatch(Args *a, const char *what, const char *example)
{
    const AstNode *n = args_next(a);
    Diagnostic *dg;
    if (!n)
        dg = diag_error(a->d->diag, args_here(a), "E0105", "'%s' is missing %s",
                        a->s->head, what);
    else if (n->kind == AST_WORD || n->kind == AST_PUNCT)
        dg = diag_error(a->d->diag, n->span, "E0103", "expected %s for '%s', found %s '%s'",
                        what, a->s->head, decode_describe(n), n->text);
    else
        dg = diag_error(a->d->diag, n->span, "E0103", "expected %s for '%s', found %s",
                        what, a->s->head, decode_describe(n));
    if (example)
        diag_note(dg, SPAN_NONE, "for example: %s %s", a->s->head, example);
}

const char *args_string(Args *a, const char *what)
{
    const AstNode *n = args_peek(a);
    if (n && (n->kind == AST_WORD || n->kind == AST_NUMBER)) {
        a->i++;
        Diagnostic *dg = diag_error(a->d->diag, n->span, "E0103", "expected %s for '%s', found %s",
                                    what, a->s->head, decode_shown(a->d, n));
        diag_note(dg, SPAN_NONE, "quote it: %s \"%s%s\"", a->s->head, n->text, n->unit ? n->unit : "");
        return NULL;
    }
    if (!n || n->kind != AST_STRING) {
        mismatch(a, what, "\"…\"");
        return NULL;
    }
    a->i++;
    return n->text;
}

const char *args_word(Args *a, const char *what)
{
    const AstNode *n = args_peek(a);
    if (!n || n->kind != AST_WORD) {
        mismatch(a, what, NULL);
        return NULL;
    }
    a->i++;
    return n->text;
}

int args_choice(Args *a, const char *what, const char *const *choices)
{
    const AstNode *n = args_peek(a);
    size_t nc = 0;
    while (choices[nc]) {
        assert(listed_word(a->d, choices[nc]) && "list the word in its FieldDef's words");
        nc++;
    }
    if (n && n->kind == AST_WORD) {
        for (size_t k = 0; k < nc; k++)
            if (strcmp(n->text, choices[k]) == 0) {
                a->i++;
                return (int)k;
            }
        a->i++;
        Diagnostic *dg = diag_error(a->d->diag, n->span, "E0107", "unknown %s '%s'", what, n->text);
        const char *best = suggest_best(n->text, choices, nc);
        if (best) {
            diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
        } else {
            StrBuf b = {0};
            for (size_t k = 0; k < nc; k++)
                strbuf_printf(&b, "%s%s", k ? (k + 1 == nc ? " or " : ", ") : "", choices[k]);
            diag_note(dg, SPAN_NONE, "expected %s", strbuf_cstr(&b));
            strbuf_free(&b);
        }
        return -1;
    }
    StrBuf b = {0};
    for (size_t k = 0; k < nc; k++)
        strbuf_printf(&b, "%s%s", k ? (k + 1 == nc ? " or " : ", ") : "", choices[k]);
    mismatch(a, what, NULL);
    strbuf_free(&b);
    return -1;
}

static bool number_ok(Args *a, const AstNode *n)
{
    if (n->overflow) {
        diag_error(a->d->diag, n->span, "E0106", "number '%s' is too large", n->text);
        return false;
    }
    return true;
}

bool args_int(Args *a, const char *what, int64_t lo, int64_t hi, int64_t *out)
{
    const AstNode *n = args_peek(a);
    if (!n || n->kind != AST_NUMBER || n->unit[0] || !n->is_int) {
        if (n && n->kind == AST_NUMBER && n->unit[0]) {
            a->i++;
            diag_error(a->d->diag, n->span, "E0108", "'%s' takes %s without a unit, found '%s%s'",
                       a->s->head, what, n->text, n->unit);
            return false;
        }
        mismatch(a, what, NULL);
        return false;
    }
    a->i++;
    if (!number_ok(a, n))
        return false;
    if (n->ival < lo || n->ival > hi) {
        diag_error(a->d->diag, n->span, "E0106", "%s must be between %" PRId64 " and %" PRId64
                   ", found %" PRId64, what, lo, hi, n->ival);
        return false;
    }
    *out = n->ival;
    return true;
}

static const Unit mib_units[] = {{"MiB", 1}, {"GiB", 1024}, {"TiB", 1024 * 1024}};
static const Unit gib_units[] = {{"GiB", 1}, {"TiB", 1024}};
static const Unit cpu_units[] = {{"vcpu", 1024}, {"vCPU", 1024}, {"vcpus", 1024}};
static const Unit duration_units[] = {{"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
static const Unit percent_units[] = {{"%", 1}};

#define UNITS(t) t, sizeof t / sizeof *t

const UnitTable decode_unit_tables[] = {
    {"unit", UNITS(mib_units)},
    {"unit", UNITS(gib_units)},
    {"unit", UNITS(cpu_units)},
    {"duration", UNITS(duration_units)},
    {"percent", UNITS(percent_units)},
};
const size_t decode_nunit_tables = sizeof decode_unit_tables / sizeof *decode_unit_tables;

/* Converts number `n` with its unit through `table`; the unit "" is
   accepted only when `bare` is nonzero (its multiplier). */

static bool scaled(Args *a, const char *what, const Unit *units, size_t nunits, double bare,
                   const char *example, double *out)
{
    const AstNode *n = args_peek(a);
    if (!n || n->kind != AST_NUMBER) {
        mismatch(a, what, example);
        return false;
    }
    a->i++;
    if (!number_ok(a, n))
        return false;
    double mult = 0;
    if (!n->unit[0]) {
        mult = bare;
    } else {
        for (size_t k = 0; k < nunits; k++)
            if (strcmp(units[k].name, n->unit) == 0)
                mult = units[k].mult;
    }
    if (mult == 0) {
        Diagnostic *dg;
        if (!n->unit[0])
            dg = diag_error(a->d->diag, n->span, "E0108", "%s needs a unit", what);
        else
            dg = diag_error(a->d->diag, n->span, "E0108", "unknown unit '%s' for %s", n->unit, what);
        const char *names[16];
        size_t k = 0;
        for (; k < nunits && k < 16; k++)
            names[k] = units[k].name;
        const char *best = n->unit[0] ? suggest_best(n->unit, names, k) : NULL;
        if (best)
            diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
        else if (example)
            diag_note(dg, SPAN_NONE, "write it with a unit, as in %s", example);
        return false;
    }
    double v = n->dval * mult;
    if (!isfinite(v) || fabs(v) > 1e15) {
        diag_error(a->d->diag, n->span, "E0106", "%s is too large", what);
        return false;
    }
    if (v < 0) {
        diag_error(a->d->diag, n->span, "E0106", "%s cannot be negative", what);
        return false;
    }
    *out = v;
    return true;
}

static bool whole(Args *a, double v, const char *what, const char *unit, int64_t *out)
{
    if (v != floor(v)) {
        const AstNode *n = a->s->args.items[a->i - 1];
        diag_error(a->d->diag, n->span, "E0106", "%s must be a whole number of %s", what, unit);
        return false;
    }
    *out = (int64_t)v;
    return true;
}

bool args_size_mib(Args *a, const char *what, int64_t *out)
{
    double v;
    return scaled(a, what, UNITS(mib_units), 1, "512 MiB", &v) &&
           whole(a, v, what, "MiB", out);
}

bool args_size_gib(Args *a, const char *what, int64_t *out)
{
    double v;
    return scaled(a, what, UNITS(gib_units), 0, "30 GiB", &v) &&
           whole(a, v, what, "GiB", out);
}

bool args_cpu_units(Args *a, const char *what, int64_t *out)
{
    double v;
    return scaled(a, what, UNITS(cpu_units), 1, "0.5 vcpu", &v) &&
           whole(a, v, what, "CPU units", out);
}

bool args_duration(Args *a, const char *what, int64_t *seconds)
{
    double v;
    return scaled(a, what, UNITS(duration_units), 0, "30s", &v) &&
           whole(a, v, what, "seconds", seconds);
}

bool args_percent(Args *a, const char *what, int64_t *out)
{
    double v;
    return scaled(a, what, UNITS(percent_units), 0, "50%", &v) && whole(a, v, what, "percent", out);
}

bool args_flag(Args *a, IrTri *out)
{
    if (!args_more(a)) {
        *out = IR_TRI_TRUE;
        return true;
    }
    int k = args_choice(a, "boolean", decode_booleans);
    if (k < 0)
        return false;
    *out = k == 0 ? IR_TRI_TRUE : IR_TRI_FALSE;
    return true;
}

bool args_strings(Args *a, const char *what, Vec *out)
{
    const AstNode *n = args_peek(a);
    if (n && n->kind == AST_STRING) {
        a->i++;
        vec_push(a->d->arena, out, (void *)n->text);
        return true;
    }
    if (!n || n->kind != AST_LIST) {
        mismatch(a, what, "[\"…\", \"…\"]");
        return false;
    }
    a->i++;
    bool ok = true;
    for (int k = 0; k < n->items.len; k++) {
        const AstNode *it = n->items.items[k];
        if (it->kind != AST_STRING) {
            diag_error(a->d->diag, it->span, "E0103", "expected a string in %s, found %s",
                       what, decode_describe(it));
            ok = false;
            continue;
        }
        vec_push(a->d->arena, out, (void *)it->text);
    }
    return ok;
}

static const char *scalar_text(Decoder *d, const AstNode *v)
{
    switch (v->kind) {
    case AST_STRING:
        return v->text;
    case AST_NUMBER:
        return arena_printf(d->arena, "%s%s", v->text, v->unit);
    case AST_WORD:
        if (strcmp(v->text, "true") == 0 || strcmp(v->text, "false") == 0)
            return v->text;
        return NULL;
    default:
        return NULL;
    }
}

bool args_map(Args *a, const char *what, Vec *out)
{
    const AstNode *n = args_peek(a);
    if (!n || n->kind != AST_BLOCK) {
        mismatch(a, what, "{ KEY = \"value\" }");
        return false;
    }
    a->i++;
    bool ok = true;
    /* Keys seen, for the duplicate check in linear time (60,000 entries). */
    Map seen;
    map_init(&seen, a->d->arena);
    for (int j = 0; j < out->len; j++)
        map_put(&seen, ((const IrKV *)out->items[j])->key, out->items[j]);
    for (int k = 0; k < n->items.len; k++) {
        const AstStmt *s = n->items.items[k];
        if (!s->is_assign) {
            Diagnostic *dg = diag_error(a->d->diag, s->span, "E0103",
                                        "expected KEY = \"value\" in %s", what);
            diag_note(dg, SPAN_NONE, "write `%s = \"…\"`", s->head);
            ok = false;
            continue;
        }
        const AstNode *v = s->args.items[0];
        const char *text = scalar_text(a->d, v);
        if (!text) {
            Diagnostic *dg = diag_error(a->d->diag, v->span, "E0103",
                                        "expected a string value for '%s' in %s, found %s",
                                        s->head, what, decode_describe(v));
            if (v->kind == AST_WORD)
                diag_note(dg, SPAN_NONE, "quote it: %s = \"%s\"", s->head, v->text);
            ok = false;
            continue;
        }
        IrKV *kv = ARENA_NEW(a->d->arena, IrKV);
        kv->key = s->head;
        kv->key_span = s->head_span;
        kv->value = text;
        kv->span = v->span;
        const IrKV *prev = map_put(&seen, s->head, kv);
        if (prev) {
            Diagnostic *dg = diag_error(a->d->diag, s->head_span, "E0102",
                                        "'%s' is set twice in %s", s->head, what);
            diag_note(dg, prev->key_span, "first set here");
            ok = false;
            continue;
        }
        vec_push(a->d->arena, out, kv);
    }
    return ok;
}

IrValue *decode_value(Decoder *d, const AstNode *n)
{
    IrValue *v = ARENA_NEW(d->arena, IrValue);
    v->span = n->span;
    switch (n->kind) {
    case AST_STRING:
        v->kind = IR_VAL_STRING;
        v->str = n->text;
        return v;
    case AST_NUMBER:
        if (n->unit[0]) {
            Diagnostic *dg = diag_error(d->diag, n->span, "E0108",
                "a raw value is plain JSON: '%s%s' has a unit", n->text, n->unit);
            diag_note(dg, SPAN_NONE, "write the number the API expects, e.g. %s", n->text);
            return NULL;
        }
        if (n->overflow) {
            diag_error(d->diag, n->span, "E0106", "number '%s' is too large", n->text);
            return NULL;
        }
        v->kind = n->is_int ? IR_VAL_INT : IR_VAL_NUMBER;
        v->ival = n->ival;
        v->dval = n->dval;
        return v;
    case AST_WORD:
        if (strcmp(n->text, "true") == 0 || strcmp(n->text, "false") == 0) {
            v->kind = IR_VAL_BOOL;
            v->bval = n->text[0] == 't';
            return v;
        }
        diag_error(d->diag, n->span, "E0103",
                   "expected a JSON value (string, number, true, false, list or block), found the word '%s'",
                   n->text);
        return NULL;
    case AST_LIST:
        v->kind = IR_VAL_LIST;
        for (int i = 0; i < n->items.len; i++) {
            IrValue *it = decode_value(d, n->items.items[i]);
            if (!it)
                return NULL;
            vec_push(d->arena, &v->items, it);
        }
        return v;
    case AST_BLOCK:
        v->kind = IR_VAL_OBJECT;
        for (int i = 0; i < n->items.len; i++) {
            const AstStmt *s = n->items.items[i];
            if (!s->is_assign || s->args.len != 1) {
                diag_error(d->diag, s->span, "E0103", "expected key = value in a raw object");
                return NULL;
            }
            for (int j = 0; j < v->items.len; j++) {
                const IrMember *prev = v->items.items[j];
                if (strcmp(prev->key, s->head) == 0) {
                    Diagnostic *dg = diag_error(d->diag, s->head_span, "E0102",
                                                "'%s' is set twice in this object", s->head);
                    diag_note(dg, prev->key_span, "first set here");
                    return NULL;
                }
            }
            IrMember *m = ARENA_NEW(d->arena, IrMember);
            m->key = s->head;
            m->key_span = s->head_span;
            m->value = decode_value(d, s->args.items[0]);
            if (!m->value)
                return NULL;
            vec_push(d->arena, &v->items, m);
        }
        return v;
    case AST_PUNCT:
        diag_error(d->diag, n->span, "E0103", "unexpected '%s' in a value", n->text);
        return NULL;
    case AST_VAR:
    case AST_EXPR:      /* replaced by expand before decode */
        diag_error(d->diag, n->span, "E0103", "unexpected %s in a value", ast_kind_name(n->kind));
        return NULL;
    }
    return NULL;
}

IrValue *args_value(Args *a, const char *what)
{
    const AstNode *n = args_next(a);
    if (!n) {
        a->i--;
        mismatch(a, what, NULL);
        return NULL;
    }
    return decode_value(a->d, n);
}

const AstNode *args_block(Args *a, const char *what)
{
    const AstNode *n = args_peek(a);
    if (!n || n->kind != AST_BLOCK) {
        mismatch(a, what, "{ … }");
        return NULL;
    }
    a->i++;
    return n;
}

void args_end(Args *a)
{
    if (!args_more(a))
        return;
    const AstNode *n = args_peek(a);
    const AstNode *last = a->s->args.items[a->s->args.len - 1];
    Span sp = span_join(n->span, last->span);
    Diagnostic *dg = diag_error(a->d->diag, sp, "E0104", "unexpected %s after '%s'",
                                decode_shown(a->d, n), a->s->head);
    bool is_field = false;
    const BlockDef *b = a->d->block;
    for (size_t k = 0; b && n->kind == AST_WORD && k < b->nfields && !is_field; k++)
        is_field = strcmp(b->fields[k].name, n->text) == 0;
    if (is_field)
        diag_note(dg, SPAN_NONE, "a statement ends at the end of the line; to start another "
                                 "on the same line, put ';' before '%s'", n->text);
    a->i = a->s->args.len;
}

/* Family and container names: letters, digits, '-' and '_', up to 255. */
bool decode_name_ok(Decoder *d, const char *name, Span sp, const char *what)
{
    size_t n = strlen(name);
    bool ok = n >= 1 && n <= 255;
    for (size_t i = 0; ok && i < n; i++) {
        char c = name[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    }
    if (!ok) {
        Diagnostic *dg = diag_error(d->diag, sp, "E0112", "invalid %s name '%s'", what, name);
        diag_note(dg, SPAN_NONE, "names use letters, digits, '-' and '_', 1 to 255 characters");
    }
    return ok;
}

/* ---- the top level ---------------------------------------------------- */

const DeclDef decode_decls[] = {
    {"app", decode_app, FIELD_NAMED, NULL,
     "The application: its name prefixes every family, role and resource name; `region` and "
     "`account` say where it deploys, `tags` go on everything, `retain` sets the default log "
     "retention."},
    {"role", decode_role, FIELD_NAMED, NULL,
     "An IAM role for the code in a task (`role NAME` in a task uses it as the task role): "
     "`allow`/`deny` ACTIONS `on` RESOURCES statements, `managed` policy ARNs, or `arn` for an"
     " existing role."},
    {"task", decode_task, FIELD_NAMED, NULL,
     "A task definition: the launch type, size, network mode, roles, logs and volumes of a "
     "group of containers that run together. Written to taskdefs/<app>-<task>.json."},
    {"param", decode_param, FIELD_NAMED, decode_param_words,
     "A value known only at deploy time (a VPC, subnets, a certificate): `param NAME KIND "
     "[default VALUE]`. It becomes a CloudFormation parameter; `-D NAME=VALUE` or "
     "--stack-outputs gives it a value for services/."},
    {"load_balancer", decode_load_balancer, FIELD_NAMED, NULL,
     "An Application Load Balancer: its `vpc`, `subnets`, `listen` ports and whether it is "
     "`internal` or `internet_facing`. Services attach to it with `route`."},
    {"service", decode_service, FIELD_NAMED, NULL,
     "An ECS service that keeps `desired` copies of a `task` running (or one per instance with"
     " `daemon`), with its network, deployment, routes from load balancers and scaling."},
    {"capacity", decode_capacity, FIELD_NAMED, NULL,
     "An EC2 capacity provider: an Auto Scaling group of `instance` type between `min` and "
     "`max` instances, which services name with `capacity NAME`."},
    {"cluster", decode_cluster, 0, NULL,
     "The ECS cluster the services run in: created by the template, or an `existing` one; "
     "`insights` turns on Container Insights."},
    {"schedule", decode_schedule, FIELD_NAMED, NULL,
     "A task EventBridge Scheduler runs (a scheduled job): `run cron`, `run every` or `run "
     "at`, with its network and launch type; the stack creates the schedule and its role."},
};
const size_t decode_ndecls = sizeof decode_decls / sizeof *decode_decls;

const BlockDef *const decode_blocks[] = {
    &decode_app_block, &decode_role_block, &decode_task_block, &decode_container_block,
    &decode_docker_block, &decode_efs_block, &decode_lb_block, &decode_service_block,
    &decode_capacity_block, &decode_cluster_block, &decode_scale_block, &decode_schedule_block,
};
const size_t decode_nblocks = sizeof decode_blocks / sizeof *decode_blocks;

IrModel *sema_decode(Sema *s, const AstFile *const *files, int nfiles)
{
    Decoder d = {s, s->arena, s->diag, ARENA_NEW(s->arena, IrModel), NULL, NULL};
    const DeclDef *decls = decode_decls;
    const size_t ndecls = decode_ndecls;
    for (int f = 0; f < nfiles; f++) {
        for (int i = 0; i < files[f]->stmts.len; i++) {
            const AstStmt *st = files[f]->stmts.items[i];
            size_t k = 0;
            while (k < ndecls && (st->is_assign || strcmp(decls[k].name, st->head) != 0))
                k++;
            if (k < ndecls) {
                d.words = decls[k].words;
                decls[k].fn(&d, st);
                d.words = NULL;
                continue;
            }
            Diagnostic *dg = diag_error(s->diag, st->head_span, "E0109",
                                        "unknown declaration '%s'", st->head);
            const char *names[sizeof decode_decls / sizeof *decode_decls];
            for (size_t j = 0; j < ndecls; j++)
                names[j] = decls[j].name;
            const char *best = suggest_best(st->head, names, ndecls);
            if (best)
                diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
            else
                diag_note(dg, SPAN_NONE, "a file declares app, role, task, service, load_balancer, capacity, cluster and param blocks");
        }
    }
    if (!d.model->app) {
        d.model->app = ARENA_NEW(s->arena, IrApp);
        d.model->app->retain_days = IR_UNSET;
    }
    return d.model;
}

const char *sema_define(const Sema *s, const char *name)
{
    if (s->define_map) {
        const Define *def = map_get(s->define_map, name);
        return def ? def->value : NULL;
    }
    if (!s->defines)
        return NULL;
    for (int i = s->defines->len - 1; i >= 0; i--) {
        const Define *def = s->defines->items[i];
        if (strcmp(def->name, name) == 0)
            return def->value;
    }
    return NULL;
}
