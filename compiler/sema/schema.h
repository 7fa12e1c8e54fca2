/* schema.h - read-only lookup over the embedded Amazon ECS API model and
 * CloudFormation resource types.
 *
 * The data (compiler/sema/ecs_schema_data.inc) is generated from botocore's
 * ECS model by tools/gen_ecs_schema.py and holds every shape reachable from
 * RegisterTaskDefinitionRequest and CreateServiceRequest; the CloudFormation
 * resource types `raw` reaches (cfn_schema_data.inc, by
 * tools/gen_cfn_schema.py) are found by their type name
 * ("AWS::ECS::Cluster"), with types and required members but no enums or
 * bounds.  Shapes are static
 * and immutable: pointers stay valid for the whole program and may be
 * compared for identity.  Index arguments out of range are caller bugs
 * (assert); accessors for the wrong kind return 0/NULL/false.
 */
#ifndef ECSC_SEMA_SCHEMA_H
#define ECSC_SEMA_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

typedef enum SchemaKind {
    SCHEMA_STRUCT,
    SCHEMA_LIST,
    SCHEMA_MAP,
    SCHEMA_STRING,
    SCHEMA_INTEGER,
    SCHEMA_LONG,
    SCHEMA_BOOLEAN,
    SCHEMA_DOUBLE,
    SCHEMA_FLOAT,
    SCHEMA_TIMESTAMP,
    SCHEMA_BLOB
} SchemaKind;

typedef struct SchemaShape SchemaShape;     /* opaque */

/* By botocore shape name, e.g. "ContainerDefinition"; NULL if unknown. */
const SchemaShape *schema_shape(const char *name);
/* All shapes, sorted by name: for iteration and "did you mean". */
size_t schema_shape_count(void);
const SchemaShape *schema_shape_at(size_t i);

const char *schema_name(const SchemaShape *s);
/* A CloudFormation shape (cfn_schema_data.inc), not the ECS API's. */
bool schema_is_cfn(const SchemaShape *s);
SchemaKind schema_kind(const SchemaShape *s);
/* "structure", "list", "map", "string", "integer", ... (botocore's names). */
const char *schema_kind_name(SchemaKind k);
/* Marked deprecated in the model (e.g. InferenceAccelerator). */
bool schema_deprecated(const SchemaShape *s);
/* A structure marked "document": free-form JSON with no declared members. */
bool schema_is_document(const SchemaShape *s);

/* Structures: members sorted by name (strcmp order).  0 for other kinds. */
size_t schema_member_count(const SchemaShape *s);
const char *schema_member_name(const SchemaShape *s, size_t i);
const SchemaShape *schema_member_shape(const SchemaShape *s, size_t i);
bool schema_member_required(const SchemaShape *s, size_t i);
bool schema_member_deprecated(const SchemaShape *s, size_t i);
/* Binary search by exact (case-sensitive) name; stores the member's index in
 * *index_out if it is non-NULL.  NULL if s has no such member. */
const SchemaShape *schema_member_find(const SchemaShape *s, const char *name,
                                      size_t *index_out);
/* Shorthand for schema_member_find(s, name, NULL). */
const SchemaShape *schema_member(const SchemaShape *s, const char *name);

/* Lists: the element shape; maps: key and value shapes.  NULL otherwise. */
const SchemaShape *schema_list_member(const SchemaShape *s);
const SchemaShape *schema_map_key(const SchemaShape *s);
const SchemaShape *schema_map_value(const SchemaShape *s);

/* Strings with an enum: the allowed values in model order.  0 otherwise. */
size_t schema_enum_count(const SchemaShape *s);
const char *schema_enum_value(const SchemaShape *s, size_t i);
bool schema_enum_contains(const SchemaShape *s, const char *value);

/* Constraints: length for strings/lists/maps, value range for numbers.
 * Returns false (and leaves *out alone) when the model gives none. */
bool schema_min(const SchemaShape *s, double *out);
bool schema_max(const SchemaShape *s, double *out);

#endif
