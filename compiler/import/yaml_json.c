/* yaml_json.c - YAML to cJSON through libyaml's event parser, within the limits of yaml_json.h.
 * One pass over the events with a stack of open collections. Anchors remember their node, how
 * many nodes and bytes it holds and how deep it is, so an alias is refused before it is copied
 * when it would pass a limit. Merge keys are applied when their mapping ends. */
#include "import/yaml_json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

const YamlLimits yaml_default_limits = {
    .max_input = 4u << 20,
    .max_depth = 64,
    .max_nodes = 200000,
    .max_bytes = 32u << 20,
    .max_scalar = 1u << 20,
};

/* More keys than this in one mapping is an error: duplicate keys are found by a linear search. */
enum { MAX_KEYS = 4096 };

struct YamlPlace {
    const cJSON *node;
    YamlPos pos;
};

typedef struct Anchor {
    char *name;
    cJSON *node;
    size_t nodes, bytes;
    int height;
    bool done;              /* false while its collection is still open */
} Anchor;

typedef struct Frame {
    cJSON *node;            /* an object or an array */
    char *key;              /* a mapping's key waiting for its value */
    bool merge_key;         /* that key is a plain `<<` */
    YamlPos key_pos;        /* where that key is */
    size_t place;           /* this collection's entry in Loader.places */
    cJSON *merges;          /* the values of `<<`, applied at the end of the mapping */
    int nkeys;
    int height;             /* levels of collections below, this one included */
    long anchor;            /* index in Loader.anchors, or -1 */
    size_t nodes0, bytes0;  /* the totals when it started */
} Frame;

typedef struct Loader {
    const YamlLimits *lim;
    const char *text;
    size_t len;
    YamlError *err;
    Frame *stack;
    int depth;
    Anchor *anchors;
    size_t nanchors, capanchors;
    YamlPlace *places;
    size_t nplaces, capplaces;
    size_t nodes, bytes;
    cJSON *root, *spare;
    int documents;
    bool failed;
} Loader;

static void fail(Loader *L, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail(Loader *L, int line, int column, const char *fmt, ...)
{
    if (L->failed)
        return;
    L->failed = true;
    L->err->line = line;
    L->err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->err->message, sizeof L->err->message, fmt, ap);
    va_end(ap);
}

static YamlPos mark_pos(yaml_mark_t m)
{
    return (YamlPos){(int)m.line + 1, (int)m.column + 1};
}

static void fail_at(Loader *L, YamlPos p, const char *msg, const char *arg)
{
    fail(L, p.line, p.column, msg, arg);
}

static bool record(Loader *L, const cJSON *node, YamlPos pos)
{
    if (L->nplaces == L->capplaces) {
        size_t cap = L->capplaces ? L->capplaces * 2 : 256;
        YamlPlace *p = realloc(L->places, cap * sizeof *p);
        if (!p) {
            fail_at(L, pos, "out of memory%s", "");
            return false;
        }
        L->places = p;
        L->capplaces = cap;
    }
    L->places[L->nplaces++] = (YamlPlace){node, pos};
    return true;
}

static bool record_tree(Loader *L, const cJSON *node, YamlPos pos)
{
    if (!record(L, node, pos))
        return false;
    for (const cJSON *c = node->child; c; c = c->next)
        if (!record_tree(L, c, pos))
            return false;
    return true;
}

/* Counts one node of N bytes against the limits. */
static bool count(Loader *L, size_t n, YamlPos pos)
{
    if (L->nodes >= L->lim->max_nodes) {
        fail(L, pos.line, pos.column, "more than %zu values (aliases expanded)", L->lim->max_nodes);
        return false;
    }
    if (n > L->lim->max_bytes - L->bytes) {
        fail(L, pos.line, pos.column, "more than %zu bytes of text (aliases expanded)",
             L->lim->max_bytes);
        return false;
    }
    L->nodes++;
    L->bytes += n;
    return true;
}

/* ---- scalars: YAML 1.2 core schema ---------------------------------------------------------- */

static bool is_null_word(const char *s)
{
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

static int bool_word(const char *s)
{
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        return 1;
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return 0;
    return -1;
}

static bool all_of(const char *s, const char *set)
{
    return *s && strspn(s, set) == strlen(s);
}

/* A plain scalar that is a number of the core schema and exact as a double. */
static bool number_word(const char *s, double *out)
{
    const char *d = s + (*s == '-' || *s == '+');
    char *end;
    errno = 0;
    if (d == s && (!strncmp(s, "0x", 2) || !strncmp(s, "0o", 2))) {
        int base = s[1] == 'x' ? 16 : 8;
        if (!all_of(s + 2, base == 16 ? "0123456789abcdefABCDEF" : "01234567") ||
            strlen(s + 2) > 12)
            return false;
        *out = (double)strtoull(s + 2, &end, base);
        return true;
    }
    if (all_of(d, "0123456789")) {
        if (strlen(d) > 15)   /* not exact as a double: kept as text */
            return false;
        *out = strtod(s, &end);
        return true;
    }
    /* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
    const char *p = d;
    size_t digits = strspn(p, "0123456789");
    p += digits;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (!digits && !frac)
            return false;
        p += 1 + frac;
    } else if (!digits) {
        return false;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        p += (*p == '-' || *p == '+');
        size_t e = strspn(p, "0123456789");
        if (!e)
            return false;
        p += e;
    }
    if (*p)
        return false;
    double v = strtod(s, &end);
    if (errno || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bool tag_is(const yaml_char_t *tag, const char *name)
{
    static const char prefix[] = "tag:yaml.org,2002:";
    return !strncmp((const char *)tag, prefix, sizeof prefix - 1) &&
           !strcmp((const char *)tag + sizeof prefix - 1, name);
}

static cJSON *scalar_node(Loader *L, const yaml_event_t *ev, YamlPos pos)
{
    const char *text = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    const yaml_char_t *tag = ev->data.scalar.tag;
    if (len > L->lim->max_scalar) {
        fail(L, pos.line, pos.column, "a scalar of %zu bytes (at most %zu)", len, L->lim->max_scalar);
        return NULL;
    }
    if (strlen(text) != len) {
        fail_at(L, pos, "a scalar holds a NUL character%s", "");
        return NULL;
    }
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    bool as_string = !plain;
    if (tag && strcmp((const char *)tag, "!")) {
        if (tag_is(tag, "str"))
            as_string = true;
        else if (!tag_is(tag, "int") && !tag_is(tag, "float") && !tag_is(tag, "bool") &&
                 !tag_is(tag, "null")) {
            fail_at(L, pos, "the tag '%s' is not supported here", (const char *)tag);
            return NULL;
        } else {
            as_string = false;
        }
    }
    if (!count(L, len, pos))
        return NULL;
    double num;
    int b;
    cJSON *node;
    if (as_string)
        node = cJSON_CreateString(text);
    else if (is_null_word(text))
        node = cJSON_CreateNull();
    else if ((b = bool_word(text)) >= 0)
        node = cJSON_CreateBool(b);
    else if (number_word(text, &num))
        node = cJSON_CreateNumber(num);
    else
        node = cJSON_CreateString(text);
    if (!node)
        fail_at(L, pos, "out of memory%s", "");
    return node;
}

/* ---- anchors ------------------------------------------------------------------------------- */

static long anchor_add(Loader *L, const yaml_char_t *name, cJSON *node, YamlPos pos)
{
    if (!name)
        return -1;
    if (L->nanchors == L->capanchors) {
        size_t cap = L->capanchors ? L->capanchors * 2 : 16;
        Anchor *a = realloc(L->anchors, cap * sizeof *a);
        if (!a) {
            fail_at(L, pos, "out of memory%s", "");
            return -2;
        }
        L->anchors = a;
        L->capanchors = cap;
    }
    char *copy = strdup((const char *)name);
    if (!copy) {
        fail_at(L, pos, "out of memory%s", "");
        return -2;
    }
    L->anchors[L->nanchors] = (Anchor){copy, node, 0, 0, 0, false};
    return (long)L->nanchors++;
}

static const Anchor *anchor_find(const Loader *L, const char *name)
{
    for (size_t i = L->nanchors; i-- > 0;)   /* a redefined anchor: the latest wins */
        if (!strcmp(L->anchors[i].name, name))
            return &L->anchors[i];
    return NULL;
}

static cJSON *alias_node(Loader *L, const yaml_event_t *ev, YamlPos pos, int *height)
{
    const char *name = (const char *)ev->data.alias.anchor;
    const Anchor *a = anchor_find(L, name);
    if (!a) {
        fail_at(L, pos, "the alias '*%s' names no anchor defined before it", name);
        return NULL;
    }
    if (!a->done) {
        fail_at(L, pos, "the alias '*%s' is inside the value it names (a recursive alias)", name);
        return NULL;
    }
    if (L->depth + a->height > L->lim->max_depth) {
        fail(L, pos.line, pos.column, "the alias '*%s' nests values deeper than %d levels", name,
             L->lim->max_depth);
        return NULL;
    }
    if (a->nodes > L->lim->max_nodes - L->nodes || a->bytes > L->lim->max_bytes - L->bytes) {
        fail(L, pos.line, pos.column,
             "the alias '*%s' expands past the limit of %zu values or %zu bytes "
             "(aliases of aliases multiply)", name, L->lim->max_nodes, L->lim->max_bytes);
        return NULL;
    }
    cJSON *copy = cJSON_Duplicate(a->node, 1);
    if (!copy) {
        fail_at(L, pos, "out of memory%s", "");
        return NULL;
    }
    L->nodes += a->nodes;
    L->bytes += a->bytes;
    *height = a->height;
    if (!record_tree(L, copy, pos)) {
        cJSON_Delete(copy);
        return NULL;
    }
    return copy;
}

/* ---- collections ----------------------------------------------------------------------------- */

static void push(Loader *L, cJSON *node, long anchor)
{
    Frame *f = &L->stack[L->depth++];
    *f = (Frame){.node = node, .anchor = anchor, .nodes0 = L->nodes, .bytes0 = L->bytes,
                 .height = 1};
}

/* Moves the members of the merge sources that NODE lacks into NODE; earlier sources win. */
static void apply_merges(Loader *L, Frame *f)
{
    for (cJSON *src = f->merges->child; src; src = src->next) {
        cJSON *m = src;   /* an object: add_merge flattened the lists */
        while (m->child) {
            cJSON *item = cJSON_DetachItemViaPointer(m, m->child);
            if (cJSON_GetObjectItemCaseSensitive(f->node, item->string))
                cJSON_AddItemToArray(L->spare, item);
            else
                cJSON_AddItemToArray(f->node, item);   /* keeps item->string: an object member */
        }
    }
    cJSON_AddItemToArray(L->spare, f->merges);
    f->merges = NULL;
}

/* The value of `<<`: a mapping, or a sequence of mappings. */
static bool add_merge(Loader *L, Frame *f, cJSON *v, YamlPos pos)
{
    if (!f->merges && !(f->merges = cJSON_CreateArray())) {
        fail_at(L, pos, "out of memory%s", "");
        return false;
    }
    if (cJSON_IsObject(v)) {
        cJSON_AddItemToArray(f->merges, v);
        return true;
    }
    if (cJSON_IsArray(v)) {
        for (cJSON *c = v->child; c; c = c->next)
            if (!cJSON_IsObject(c)) {
                fail_at(L, pos, "a merge key `<<` takes a mapping or a list of mappings%s", "");
                cJSON_AddItemToArray(L->spare, v);
                return false;
            }
        while (v->child)
            cJSON_AddItemToArray(f->merges, cJSON_DetachItemViaPointer(v, v->child));
        cJSON_AddItemToArray(L->spare, v);
        return true;
    }
    fail_at(L, pos, "a merge key `<<` takes a mapping or a list of mappings%s", "");
    cJSON_AddItemToArray(L->spare, v);
    return false;
}

/* Hands a finished value V to the collection that is open, or makes it the document. */
static bool attach(Loader *L, cJSON *v, YamlPos pos, int height)
{
    if (L->depth == 0) {
        L->root = v;
        return true;
    }
    Frame *f = &L->stack[L->depth - 1];
    if (height + 1 > f->height)
        f->height = height + 1;
    if (cJSON_IsArray(f->node)) {
        cJSON_AddItemToArray(f->node, v);
        return true;
    }
    char *key = f->key;
    f->key = NULL;
    if (f->merge_key) {
        f->merge_key = false;
        free(key);
        return add_merge(L, f, v, pos);
    }
    cJSON_AddItemToObject(f->node, key, v);
    free(key);
    return true;
}

/* A scalar (or an alias of one) where a mapping expects a key. */
static bool take_key(Loader *L, Frame *f, const char *text, bool plain, YamlPos pos)
{
    if (f->nkeys >= MAX_KEYS) {
        fail(L, pos.line, pos.column, "a mapping with more than %d keys", MAX_KEYS);
        return false;
    }
    if (plain && !strcmp(text, "<<")) {
        if (f->merges) {
            fail_at(L, pos, "a second merge key `<<` in one mapping%s", "");
            return false;
        }
        f->merge_key = true;
    } else if (cJSON_GetObjectItemCaseSensitive(f->node, text)) {
        fail_at(L, pos, "the key '%s' is given twice in this mapping", text);
        return false;
    }
    if (!count(L, strlen(text), pos))
        return false;
    f->key_pos = pos;
    if (!(f->key = strdup(text))) {
        fail_at(L, pos, "out of memory%s", "");
        return false;
    }
    f->nkeys++;
    return true;
}

static bool expecting_key(const Loader *L)
{
    if (L->depth == 0)
        return false;
    const Frame *f = &L->stack[L->depth - 1];
    return cJSON_IsObject(f->node) && !f->key;
}

static bool on_key_event(Loader *L, const yaml_event_t *ev, YamlPos pos)
{
    Frame *f = &L->stack[L->depth - 1];
    if (ev->type == YAML_SCALAR_EVENT) {
        const char *text = (const char *)ev->data.scalar.value;
        if (strlen(text) != ev->data.scalar.length || ev->data.scalar.length > 4096) {
            fail_at(L, pos, "a mapping key that is not a short text%s", "");
            return false;
        }
        if (ev->data.scalar.anchor) {
            cJSON *k = cJSON_CreateString(text);
            if (!k || !record(L, k, pos)) {
                cJSON_Delete(k);
                return false;
            }
            cJSON_AddItemToArray(L->spare, k);
            long i = anchor_add(L, ev->data.scalar.anchor, k, pos);
            if (i < -1)
                return false;
            L->anchors[i].nodes = 1;
            L->anchors[i].bytes = strlen(text);
            L->anchors[i].done = true;
        }
        return take_key(L, f, text, ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, pos);
    }
    if (ev->type == YAML_ALIAS_EVENT) {
        const Anchor *a = anchor_find(L, (const char *)ev->data.alias.anchor);
        if (a && a->done && cJSON_IsString(a->node))
            return take_key(L, f, a->node->valuestring, false, pos);
    }
    fail_at(L, pos, "a mapping key must be a plain text, not a list or a mapping%s", "");
    return false;
}

static bool open_collection(Loader *L, const yaml_event_t *ev, YamlPos pos)
{
    bool map = ev->type == YAML_MAPPING_START_EVENT;
    if (L->depth >= L->lim->max_depth) {
        fail(L, pos.line, pos.column, "values nested deeper than %d levels", L->lim->max_depth);
        return false;
    }
    const yaml_char_t *tag = map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag;
    if (tag && strcmp((const char *)tag, "!") && !tag_is(tag, map ? "map" : "seq")) {
        fail_at(L, pos, "the tag '%s' is not supported here", (const char *)tag);
        return false;
    }
    if (!count(L, 0, pos))
        return false;
    cJSON *node = map ? cJSON_CreateObject() : cJSON_CreateArray();
    if (!node || !record(L, node, pos)) {
        cJSON_Delete(node);
        fail_at(L, pos, "out of memory%s", "");
        return false;
    }
    long anchor = anchor_add(L, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor,
                             node, pos);
    if (anchor < -1) {
        cJSON_Delete(node);
        return false;
    }
    push(L, node, anchor);
    L->stack[L->depth - 1].place = L->nplaces - 1;
    return true;
}

static bool close_collection(Loader *L, YamlPos pos)
{
    Frame *f = &L->stack[--L->depth];
    /* A block collection starts on the line after its key: its key's line is the one to name. */
    if (L->depth > 0 && L->stack[L->depth - 1].key)
        L->places[f->place].pos = L->stack[L->depth - 1].key_pos;
    if (f->merges)
        apply_merges(L, f);
    if (f->anchor >= 0) {
        Anchor *a = &L->anchors[f->anchor];
        a->nodes = L->nodes - f->nodes0 + 1;
        a->bytes = L->bytes - f->bytes0;
        a->height = f->height;
        a->done = true;
    }
    return attach(L, f->node, pos, f->height);
}

static bool on_event(Loader *L, const yaml_event_t *ev)
{
    YamlPos pos = mark_pos(ev->start_mark);
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++L->documents > 1) {
            fail_at(L, pos, "a second YAML document ('---'): give one document a file%s", "");
            return false;
        }
        return true;
    case YAML_SCALAR_EVENT:
    case YAML_ALIAS_EVENT:
        if (expecting_key(L))
            return on_key_event(L, ev, pos);
        break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        if (expecting_key(L)) {
            fail_at(L, pos, "a mapping key must be a plain text, not a list or a mapping%s", "");
            return false;
        }
        return open_collection(L, ev, pos);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_collection(L, mark_pos(ev->end_mark));
    default:
        return true;
    }
    int height = 0;
    cJSON *v;
    if (ev->type == YAML_ALIAS_EVENT) {
        v = alias_node(L, ev, pos, &height);
    } else {
        v = scalar_node(L, ev, pos);
        if (v && !record(L, v, pos)) {
            cJSON_Delete(v);
            return false;
        }
        if (v) {
            long i = anchor_add(L, ev->data.scalar.anchor, v, pos);
            if (i < -1) {
                cJSON_Delete(v);
                return false;
            }
            if (i >= 0) {
                L->anchors[i].nodes = 1;
                L->anchors[i].bytes = ev->data.scalar.length;
                L->anchors[i].done = true;
            }
        }
    }
    return v && attach(L, v, pos, height);
}

/* libyaml's reader reports an offset, not a line: count it out. */
static YamlPos offset_pos(const Loader *L, size_t offset)
{
    YamlPos p = {1, 1};
    for (size_t i = 0; i < offset && i < L->len; i++) {
        if (L->text[i] == '\n') {
            p.line++;
            p.column = 1;
        } else if (((unsigned char)L->text[i] & 0xC0) != 0x80) {
            p.column++;
        }
    }
    return p;
}

static void parser_error(Loader *L, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "the YAML is not valid";
    if (p->error == YAML_READER_ERROR) {
        YamlPos at = offset_pos(L, p->problem_offset);
        fail(L, at.line, at.column, "%s (not UTF-8 or UTF-16 text?)", problem);
        return;
    }
    YamlPos at = mark_pos(p->problem_mark);
    if (p->problem_mark.index < L->len && L->text[p->problem_mark.index] == '\t')
        fail(L, at.line, at.column, "a tab here: YAML indents with spaces only (%s)", problem);
    else if (p->context)
        fail(L, at.line, at.column, "%s %s", problem, p->context);
    else
        fail(L, at.line, at.column, "%s", problem);
}

static int pos_cmp(const void *a, const void *b)
{
    const YamlPlace *x = a, *y = b;
    uintptr_t a1 = (uintptr_t)x->node, b1 = (uintptr_t)y->node;
    return (a1 > b1) - (a1 < b1);
}

static void loader_free(Loader *L)
{
    for (int i = 0; i < L->depth; i++) {
        free(L->stack[i].key);
        cJSON_Delete(L->stack[i].merges);
        cJSON_Delete(L->stack[i].node);   /* an open collection is not attached yet */
    }
    for (size_t i = 0; i < L->nanchors; i++)
        free(L->anchors[i].name);
    free(L->anchors);
    free(L->stack);
}

int yaml_json_parse(const char *text, size_t len, const YamlLimits *limits, YamlDoc *doc,
                    YamlError *err)
{
    *doc = (YamlDoc){0};
    *err = (YamlError){0};
    Loader L = {.lim = limits ? limits : &yaml_default_limits, .text = text, .len = len,
                .err = err};
    if (len > L.lim->max_input) {
        fail(&L, 0, 0, "the file has %zu bytes (at most %zu)", len, L.lim->max_input);
        return -1;
    }
    L.spare = cJSON_CreateArray();
    L.stack = calloc((size_t)L.lim->max_depth + 1, sizeof *L.stack);
    yaml_parser_t parser;
    if (!L.spare || !L.stack || !yaml_parser_initialize(&parser)) {
        fail(&L, 0, 0, "out of memory");
        cJSON_Delete(L.spare);
        free(L.stack);
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool done = false;
    while (!done && !L.failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            parser_error(&L, &parser);
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        on_event(&L, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    loader_free(&L);
    if (L.failed) {
        cJSON_Delete(L.root);
        cJSON_Delete(L.spare);
        free(L.places);
        return -1;
    }
    if (L.nplaces)   /* an empty document has none (and qsort takes no NULL) */
        qsort(L.places, L.nplaces, sizeof *L.places, pos_cmp);
    *doc = (YamlDoc){L.root, L.spare, L.places, L.nplaces};
    return 0;
}

YamlPos yaml_json_where(const YamlDoc *doc, const cJSON *node)
{
    size_t lo = 0, hi = doc->nplaces;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)doc->places[mid].node < (uintptr_t)node)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < doc->nplaces && doc->places[lo].node == node)
        return doc->places[lo].pos;
    return (YamlPos){0, 0};
}

void yaml_json_free(YamlDoc *doc)
{
    cJSON_Delete(doc->root);
    cJSON_Delete(doc->spare);
    free(doc->places);
    *doc = (YamlDoc){0};
}
