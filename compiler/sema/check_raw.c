/* check_raw.c - validates the escape hatch against the ECS API model.
 *
 * `raw { key = value … }` in a task, a container or a service names fields
 * of the API shape (RegisterTaskDefinitionRequest, ContainerDefinition,
 * CreateServiceRequest) that the emitter deep-merges into the JSON (for a
 * service, into services/ and the template alike).  Members ecsc fills
 * with references (a service's cluster and task definition) are E0321.  The value tree is walked beside the
 * schema: unknown fields (E0120), values of the wrong JSON type (E0121),
 * and strings outside an enum or values outside min/max (E0122).  Fields
 * that the language has a word for get W0010, so that raw stays a hatch
 * and not a second way of writing everything: the word is the field whose
 * FieldDef names the member (decode_container.c, decode_task.c, through
 * vocab.h).
 */
#include "sema/check.h"

#include "base/strbuf.h"
#include "base/suggest.h"
#include "model/param_text.h"
#include "sema/schema.h"
#include "sema/vocab.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

typedef struct RawCheck {
    Sema *s;
    const char *what;       /* "container 'app'" */
    const char *shape;      /* the shape of raw itself */
} RawCheck;

/* Where the member names come from, for messages. */
static const char *source_of(const SchemaShape *sh)
{
    return schema_is_cfn(sh) ? "the CloudFormation resource specification" : "the Amazon ECS API";
}

static const char *expected_kind(const SchemaShape *sh)
{
    switch (schema_kind(sh)) {
    case SCHEMA_STRUCT: return "a block { name = value … }";
    case SCHEMA_LIST: return "a list [ … ]";
    case SCHEMA_MAP: return "a block of key = value pairs";
    case SCHEMA_STRING: return "a string";
    case SCHEMA_INTEGER:
    case SCHEMA_LONG: return "an integer";
    case SCHEMA_BOOLEAN: return "true or false";
    case SCHEMA_DOUBLE:
    case SCHEMA_FLOAT: return "a number";
    case SCHEMA_TIMESTAMP: return "a timestamp (a string or a number)";
    case SCHEMA_BLOB: return "a string";
    }
    return "?";
}

static const char *found_kind(const IrValue *v)
{
    switch (v->kind) {
    case IR_VAL_STRING: return "a string";
    case IR_VAL_INT: return "an integer";
    case IR_VAL_NUMBER: return "a number with a fraction";
    case IR_VAL_BOOL: return "a boolean";
    case IR_VAL_LIST: return "a list";
    case IR_VAL_OBJECT: return "a block";
    }
    return "?";
}

static bool kind_ok(const IrValue *v, const SchemaShape *sh)
{
    switch (schema_kind(sh)) {
    case SCHEMA_STRUCT:
    case SCHEMA_MAP: return v->kind == IR_VAL_OBJECT;
    case SCHEMA_LIST: return v->kind == IR_VAL_LIST;
    case SCHEMA_STRING:
    case SCHEMA_BLOB: return v->kind == IR_VAL_STRING;
    case SCHEMA_INTEGER:
    case SCHEMA_LONG: return v->kind == IR_VAL_INT;
    case SCHEMA_BOOLEAN: return v->kind == IR_VAL_BOOL;
    case SCHEMA_DOUBLE:
    case SCHEMA_FLOAT: return v->kind == IR_VAL_INT || v->kind == IR_VAL_NUMBER;
    case SCHEMA_TIMESTAMP:
        return v->kind == IR_VAL_STRING || v->kind == IR_VAL_INT || v->kind == IR_VAL_NUMBER;
    }
    return false;
}

/* True if `s` is an optional '-' and digits only. */
static bool looks_integer(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static void wrong_type(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path,
                       const char *key)
{
    Diagnostic *dg = diag_error(rc->s->diag, v->span, "E0121", "expected %s for %s of %s, found %s",
                                expected_kind(sh), path, rc->what, found_kind(v));
    SchemaKind k = schema_kind(sh);
    const char *name = key ? key : "the value";
    if (v->kind == IR_VAL_STRING && (k == SCHEMA_INTEGER || k == SCHEMA_LONG) && looks_integer(v->str))
        diag_note(dg, SPAN_NONE, "write the number without quotes: %s = %s", name, v->str);
    else if (v->kind == IR_VAL_STRING && k == SCHEMA_BOOLEAN &&
             (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0))
        diag_note(dg, SPAN_NONE, "write the boolean without quotes: %s = %s", name, v->str);
    else if (v->kind == IR_VAL_INT && k == SCHEMA_STRING)
        diag_note(dg, SPAN_NONE, "the API takes this number as a string: %s = \"%" PRId64 "\"",
                  name, v->ival);
    else if (v->kind == IR_VAL_BOOL && k == SCHEMA_STRING)
        diag_note(dg, SPAN_NONE, "the API takes this as a string: %s = \"%s\"", name,
                  v->bval ? "true" : "false");
    else if (k == SCHEMA_LIST && kind_ok(v, schema_list_member(sh)))
        diag_note(dg, SPAN_NONE, "'%s' is a list in %s: write [ … ] around the value", name,
                  schema_is_cfn(sh) ? "CloudFormation" : "the ECS API");
}

/* Formats a limit from the model (whole numbers without a fraction). */
static const char *limit_text(Arena *a, double x)
{
    if (x == floor(x) && fabs(x) < 1e15)
        return arena_printf(a, "%" PRId64, (int64_t)x);
    return arena_printf(a, "%g", x);
}

/* Number of UTF-8 code points: the API counts characters. */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static bool count_literal(void *ctx, const char *text, size_t len, bool is_param)
{
    for (size_t i = 0; !is_param && i < len; i++)
        *(size_t *)ctx += ((unsigned char)text[i] & 0xC0) != 0x80;
    return true;
}

/* The characters of a string that holds params, without them: the least
   it can have once deployed. */
static size_t literal_len(const char *s)
{
    size_t n = 0;
    param_text_each(s, count_literal, &n);
    return n;
}

/* min/max on a size (string length, list or map item count); `one` and
   `many` name the unit.  A count below zero, -1 - n, is a lower bound n
   (a string with params): only the maximum applies. */
static void check_count(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path,
                        double count, const char *one, const char *many)
{
    double lo, hi;
    Arena *a = rc->s->arena;
    bool bound = count < 0;
    count = bound ? -1 - count : count;
    if (!bound && schema_min(sh, &lo) && count < lo)
        diag_error(rc->s->diag, v->span, "E0122", "%s of %s must have at least %s %s, found %s",
                   path, rc->what, limit_text(a, lo), lo == 1 ? one : many, limit_text(a, count));
    else if (schema_max(sh, &hi) && count > hi)
        diag_error(rc->s->diag, v->span, "E0122", "%s of %s must have at most %s %s, found %s",
                   path, rc->what, limit_text(a, hi), hi == 1 ? one : many, limit_text(a, count));
}

static void check_enum(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path)
{
    size_t n = schema_enum_count(sh);
    if (!n || schema_enum_contains(sh, v->str))
        return;
    /* a param's value is chosen at deploy time: an error only when no
       value of it can make the string one of the enum's */
    bool params = param_text_has(v->str);
    for (size_t i = 0; params && i < n; i++)
        if (param_text_could_be(v->str, schema_enum_value(sh, i)))
            return;
    Diagnostic *dg = diag_error(rc->s->diag, v->span, "E0122", "'%s' is not a valid value for %s of %s",
                                param_text_display(rc->s->arena, v->str), path, rc->what);
    const char **vals = arena_alloc(rc->s->arena, sizeof(char *) * n);
    const char *ci = NULL;
    for (size_t i = 0; i < n; i++) {
        vals[i] = schema_enum_value(sh, i);
        if (!ci && strcasecmp(vals[i], v->str) == 0)
            ci = vals[i];
    }
    const char *best = ci ? ci : suggest_best(v->str, vals, n);
    if (best) {
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
        return;
    }
    StrBuf b = {0};
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&b, "%s\"%s\"", i ? (i + 1 == n ? " or " : ", ") : "", vals[i]);
    diag_note(dg, SPAN_NONE, "expected %s", strbuf_cstr(&b));
    strbuf_free(&b);
}

static void check_number(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path)
{
    double x = v->kind == IR_VAL_INT ? (double)v->ival : v->dval;
    double lo, hi;
    bool has_lo = schema_min(sh, &lo), has_hi = schema_max(sh, &hi);
    if (schema_kind(sh) == SCHEMA_INTEGER) {    /* 32 bits in the API */
        if (!has_lo || lo < INT32_MIN)
            lo = INT32_MIN;
        if (!has_hi || hi > INT32_MAX)
            hi = INT32_MAX;
        has_lo = has_hi = true;
    }
    if ((has_lo && x < lo) || (has_hi && x > hi)) {
        Arena *a = rc->s->arena;
        const char *got = v->kind == IR_VAL_INT ? arena_printf(a, "%" PRId64, v->ival)
                                                : limit_text(a, v->dval);
        if (has_lo && has_hi)
            diag_error(rc->s->diag, v->span, "E0122", "%s of %s must be between %s and %s, found %s",
                       path, rc->what, limit_text(a, lo), limit_text(a, hi), got);
        else if (has_lo)
            diag_error(rc->s->diag, v->span, "E0122", "%s of %s must be at least %s, found %s",
                       path, rc->what, limit_text(a, lo), got);
        else
            diag_error(rc->s->diag, v->span, "E0122", "%s of %s must be at most %s, found %s",
                       path, rc->what, limit_text(a, hi), got);
    }
}

static void check_value(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path,
                        const char *key, bool warned);

/* The block whose raw takes the members of shape `shape`. */
static const char *block_word(const char *shape)
{
    const char *b = vocab_block_of_shape(shape);
    return b ? b : "declaration";
}


/* Members of a shape that ecsc fills with references the template needs
   (E0321): raw setting them would cut the resource from the others. */
static const struct { const char *shape, *member, *note; } owned_members[] = {
    {"CreateServiceRequest", "cluster",
     "the cluster is the `cluster` declaration's (an existing one: `cluster { existing \"NAME\" }`)"},
    {"CreateServiceRequest", "taskDefinition", "the task definition is the service's `task`"},
    {"CreateServiceRequest", "clientToken",
     "a request token has no place in a template; services/ is sent once per deployment"},
    {"AWS::ECS::Cluster", "ClusterName",
     "the cluster is named after the app, and services/ and task roles name it so"},
    {"AWS::IAM::Role", "RoleName",
     "the role's name is derived from the app's and its own; taskdefs/ spells its ARN with it"},
    {"AWS::ElasticLoadBalancingV2::Listener", "LoadBalancerArn",
     "a listener belongs to the load_balancer whose raw names it"},
    {"AWS::ElasticLoadBalancingV2::ListenerRule", "ListenerArn",
     "a route's rules are on the listeners that carry it (`route … port`)"},
    {"AWS::AutoScaling::AutoScalingGroup", "LaunchTemplate",
     "the launch template is the capacity's own: change it with `raw launch_template { … }`"},
    {"AWS::Scheduler::Schedule.Target", "Arn",
     "a schedule runs its task in the app's cluster (`cluster { existing … }` names another)"},
    {"AWS::Scheduler::Schedule.Target", "RoleArn",
     "the schedule's role is generated for it: it may run only the schedule's task"},
};

static bool owned_member(RawCheck *rc, const SchemaShape *sh, const IrMember *m)
{
    for (size_t i = 0; i < sizeof owned_members / sizeof *owned_members; i++)
        if (strcmp(owned_members[i].shape, schema_name(sh)) == 0
            && strcmp(owned_members[i].member, m->key) == 0) {
            Diagnostic *dg = diag_error(rc->s->diag, m->key_span, "E0321",
                                        "raw cannot set '%s' of %s: ecsc sets it", m->key,
                                        rc->what);
            diag_note(dg, SPAN_NONE, "%s", owned_members[i].note);
            return true;
        }
    return false;
}

static void unknown_member(RawCheck *rc, const IrMember *m, const SchemaShape *sh, const char *path,
                           bool top)
{
    Diagnostic *dg = diag_error(rc->s->diag, m->key_span, "E0120", "unknown field '%s' in %s of %s",
                                m->key, path, rc->what);
    size_t n = schema_member_count(sh);
    const char **names = arena_alloc(rc->s->arena, sizeof(char *) * (n ? n : 1));
    const char *ci = NULL;
    for (size_t i = 0; i < n; i++) {
        names[i] = schema_member_name(sh, i);
        if (!ci && strcasecmp(names[i], m->key) == 0)
            ci = names[i];
    }
    const char *best = ci ? ci : suggest_best(m->key, names, n);
    if (top && vocab_is_native_field(rc->shape, m->key)) {
        diag_note(dg, SPAN_NONE, "`%s` is an ecsc word: write it in the %s block itself, not in raw",
                  m->key, block_word(schema_name(sh)));
    } else if (best) {
        diag_note(dg, SPAN_NONE, "did you mean '%s'?", best);
    } else if (n <= 12) {
        StrBuf b = {0};
        for (size_t i = 0; i < n; i++)
            strbuf_printf(&b, "%s%s", i ? ", " : "", names[i]);
        diag_note(dg, SPAN_NONE, "%s has: %s", schema_name(sh), strbuf_cstr(&b));
        strbuf_free(&b);
    } else {
        diag_note(dg, SPAN_NONE, "raw takes the field names of %s in %s", schema_name(sh),
                  source_of(sh));
    }
}

static void check_struct(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path,
                         bool warned)
{
    bool top = strcmp(path, "raw") == 0;
    for (int i = 0; i < v->items.len; i++) {
        const IrMember *m = v->items.items[i];
        if (owned_member(rc, sh, m))
            continue;
        const SchemaShape *ms = schema_member(sh, m->key);
        if (!ms) {
            unknown_member(rc, m, sh, path, top);
            continue;
        }
        bool w = warned;
        const char *word, *note;
        /* "raw.linuxParameters" + "swappiness": the member's path from the shape */
        const char *member = top ? m->key : arena_printf(rc->s->arena, "%s.%s", path + 4, m->key);
        if (!warned && vocab_native_word(rc->s->arena, rc->shape, member, &word, &note)) {
            Diagnostic *dg = diag_warning(rc->s->diag, m->key_span, "W0010",
                                          "'%s' has a native word: use `%s`", m->key, word);
            if (note)
                diag_note(dg, SPAN_NONE, "%s", note);
            w = true;
        }
        check_value(rc, m->value, ms, arena_printf(rc->s->arena, "%s.%s", path, m->key), m->key, w);
    }
}

static void check_value(RawCheck *rc, const IrValue *v, const SchemaShape *sh, const char *path,
                        const char *key, bool warned)
{
    if (schema_kind(sh) == SCHEMA_STRUCT && schema_is_document(sh))
        return;                 /* free-form JSON */
    if (!kind_ok(v, sh)) {
        wrong_type(rc, v, sh, path, key);
        return;
    }
    Arena *a = rc->s->arena;
    switch (schema_kind(sh)) {
    case SCHEMA_STRUCT:
        check_struct(rc, v, sh, path, warned);
        break;
    case SCHEMA_LIST:
        check_count(rc, v, sh, path, v->items.len, "item", "items");
        for (int i = 0; i < v->items.len; i++)
            check_value(rc, v->items.items[i], schema_list_member(sh),
                        arena_printf(a, "%s[%d]", path, i), NULL, warned);
        break;
    case SCHEMA_MAP:
        check_count(rc, v, sh, path, v->items.len, "entry", "entries");
        for (int i = 0; i < v->items.len; i++) {
            const IrMember *m = v->items.items[i];
            const SchemaShape *ks = schema_map_key(sh);
            IrValue kv = {.kind = IR_VAL_STRING, .span = m->key_span, .str = m->key};
            const char *kpath = arena_printf(a, "%s.%s", path, m->key);
            if (ks && schema_kind(ks) == SCHEMA_STRING) {
                check_enum(rc, &kv, ks, arena_printf(a, "a key of %s", path));
                check_count(rc, &kv, ks, arena_printf(a, "the key %s", kpath), (double)utf8_len(m->key),
                            "character", "characters");
            }
            check_value(rc, m->value, schema_map_value(sh), kpath, m->key, warned);
        }
        break;
    case SCHEMA_STRING:
        check_enum(rc, v, sh, path);
        if (!param_text_has(v->str))
            check_count(rc, v, sh, path, (double)utf8_len(v->str), "character", "characters");
        else    /* its params may be empty: only the maximum is certain */
            check_count(rc, v, sh, path, -1 - (double)literal_len(v->str), "character", "characters");
        break;
    case SCHEMA_INTEGER:
    case SCHEMA_LONG:
    case SCHEMA_DOUBLE:
    case SCHEMA_FLOAT:
        check_number(rc, v, sh, path);
        break;
    case SCHEMA_BOOLEAN:
    case SCHEMA_TIMESTAMP:
    case SCHEMA_BLOB:
        break;
    }
}

void check_raw(Sema *s, const IrValue *raw, const char *shape, const char *what)
{
    const SchemaShape *sh = schema_shape(shape);
    if (!raw || !sh)
        return;
    RawCheck rc = {s, what, shape};
    check_value(&rc, raw, sh, "raw", NULL, false);
}
