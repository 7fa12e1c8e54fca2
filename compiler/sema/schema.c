/* schema.c - lookup over the generated tables: the ECS API model
 * (ecs_schema_data.inc) and the CloudFormation resource types raw reaches
 * (cfn_schema_data.inc).  The two are separate tables of the same rows; a
 * shape's indices are into its own table, found from its address. */
#include "sema/schema.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

enum {
    SCHEMA_F_MIN = 1u << 0,
    SCHEMA_F_MAX = 1u << 1,
    SCHEMA_F_DEPRECATED = 1u << 2,
    SCHEMA_F_DOCUMENT = 1u << 3
};

typedef struct SchemaMemberRow {
    const char *name;
    int16_t shape;          /* index into schema_shape_data */
    bool required;
    bool deprecated;
} SchemaMemberRow;

struct SchemaShape {
    const char *name;
    SchemaKind kind;
    int16_t a;              /* list member / map key; -1 if none */
    int16_t b;              /* map value; -1 if none */
    uint16_t first;         /* first member (structure) or enum value (string) */
    uint16_t count;
    unsigned flags;
    double min;
    double max;
};

#include "sema/ecs_schema_data.inc"
#include "sema/cfn_schema_data.inc"

#define COUNT_OF(arr) (sizeof(arr) / sizeof((arr)[0]))

typedef struct SchemaTable {
    const SchemaShape *shapes;
    size_t nshapes;
    const SchemaMemberRow *members;
    const char *const *enums;   /* NULL: none (CloudFormation's) */
} SchemaTable;

static const SchemaTable tables[] = {
    {schema_shape_data, COUNT_OF(schema_shape_data), schema_member_data, schema_enum_data},
    {cfn_shape_data, COUNT_OF(cfn_shape_data), cfn_member_data, NULL},
};

static const SchemaTable *table_of(const SchemaShape *s)
{
    uintptr_t p = (uintptr_t)s;
    for (size_t t = 0; t < COUNT_OF(tables); t++)
        if (p >= (uintptr_t)tables[t].shapes && p < (uintptr_t)(tables[t].shapes + tables[t].nshapes))
            return &tables[t];
    assert(!"a shape of no table");
    return &tables[0];
}

static const SchemaShape *shape_at(const SchemaTable *t, int16_t i)
{
    if (i < 0)
        return NULL;
    assert((size_t)i < t->nshapes);
    return &t->shapes[i];
}

static const SchemaMemberRow *member_row(const SchemaShape *s, size_t i)
{
    assert(s && s->kind == SCHEMA_STRUCT && i < s->count);
    return &table_of(s)->members[s->first + i];
}

static const SchemaShape *find_in(const SchemaTable *t, const char *name)
{
    size_t lo = 0, hi = t->nshapes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(name, t->shapes[mid].name);
        if (cmp == 0)
            return &t->shapes[mid];
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const SchemaShape *schema_shape(const char *name)
{
    if (!name)
        return NULL;
    for (size_t t = 0; t < COUNT_OF(tables); t++) {
        const SchemaShape *s = find_in(&tables[t], name);
        if (s)
            return s;
    }
    return NULL;
}

bool schema_is_cfn(const SchemaShape *s)
{
    return table_of(s)->enums == NULL;
}

size_t schema_shape_count(void)
{
    size_t n = 0;
    for (size_t t = 0; t < COUNT_OF(tables); t++)
        n += tables[t].nshapes;
    return n;
}

const SchemaShape *schema_shape_at(size_t i)
{
    for (size_t t = 0; t < COUNT_OF(tables); t++) {
        if (i < tables[t].nshapes)
            return &tables[t].shapes[i];
        i -= tables[t].nshapes;
    }
    assert(!"schema_shape_at out of range");
    return NULL;
}

const char *schema_name(const SchemaShape *s)
{
    return s->name;
}

SchemaKind schema_kind(const SchemaShape *s)
{
    return s->kind;
}

const char *schema_kind_name(SchemaKind k)
{
    switch (k) {
    case SCHEMA_STRUCT: return "structure";
    case SCHEMA_LIST: return "list";
    case SCHEMA_MAP: return "map";
    case SCHEMA_STRING: return "string";
    case SCHEMA_INTEGER: return "integer";
    case SCHEMA_LONG: return "long";
    case SCHEMA_BOOLEAN: return "boolean";
    case SCHEMA_DOUBLE: return "double";
    case SCHEMA_FLOAT: return "float";
    case SCHEMA_TIMESTAMP: return "timestamp";
    case SCHEMA_BLOB: return "blob";
    }
    return "unknown";
}

bool schema_deprecated(const SchemaShape *s)
{
    return (s->flags & SCHEMA_F_DEPRECATED) != 0;
}

bool schema_is_document(const SchemaShape *s)
{
    return (s->flags & SCHEMA_F_DOCUMENT) != 0;
}

size_t schema_member_count(const SchemaShape *s)
{
    return s->kind == SCHEMA_STRUCT ? s->count : 0;
}

const char *schema_member_name(const SchemaShape *s, size_t i)
{
    return member_row(s, i)->name;
}

const SchemaShape *schema_member_shape(const SchemaShape *s, size_t i)
{
    return shape_at(table_of(s), member_row(s, i)->shape);
}

bool schema_member_required(const SchemaShape *s, size_t i)
{
    return member_row(s, i)->required;
}

bool schema_member_deprecated(const SchemaShape *s, size_t i)
{
    return member_row(s, i)->deprecated;
}

const SchemaShape *schema_member_find(const SchemaShape *s, const char *name,
                                      size_t *index_out)
{
    size_t lo = 0, hi = schema_member_count(s);
    if (!name)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const SchemaMemberRow *m = &table_of(s)->members[s->first + mid];
        int cmp = strcmp(name, m->name);
        if (cmp == 0) {
            if (index_out)
                *index_out = mid;
            return shape_at(table_of(s), m->shape);
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const SchemaShape *schema_member(const SchemaShape *s, const char *name)
{
    return schema_member_find(s, name, NULL);
}

const SchemaShape *schema_list_member(const SchemaShape *s)
{
    return s->kind == SCHEMA_LIST ? shape_at(table_of(s), s->a) : NULL;
}

const SchemaShape *schema_map_key(const SchemaShape *s)
{
    return s->kind == SCHEMA_MAP ? shape_at(table_of(s), s->a) : NULL;
}

const SchemaShape *schema_map_value(const SchemaShape *s)
{
    return s->kind == SCHEMA_MAP ? shape_at(table_of(s), s->b) : NULL;
}

size_t schema_enum_count(const SchemaShape *s)
{
    return s->kind == SCHEMA_STRING && table_of(s)->enums ? s->count : 0;
}

const char *schema_enum_value(const SchemaShape *s, size_t i)
{
    assert(s->kind == SCHEMA_STRING && i < s->count);
    return table_of(s)->enums[s->first + i];
}

bool schema_enum_contains(const SchemaShape *s, const char *value)
{
    size_t n = schema_enum_count(s);
    for (size_t i = 0; i < n; i++)
        if (strcmp(schema_enum_value(s, i), value) == 0)
            return true;
    return false;
}

bool schema_min(const SchemaShape *s, double *out)
{
    if (!(s->flags & SCHEMA_F_MIN))
        return false;
    *out = s->min;
    return true;
}

bool schema_max(const SchemaShape *s, double *out)
{
    if (!(s->flags & SCHEMA_F_MAX))
        return false;
    *out = s->max;
    return true;
}
