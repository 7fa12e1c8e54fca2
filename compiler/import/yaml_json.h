/* yaml_json.h - reads one YAML document (docker-compose files, Copilot manifests) into a cJSON
 * tree through libyaml, within limits: input size, nesting depth, the number of nodes and the
 * bytes that aliases may expand to (a "billion laughs" file is an error, not an out-of-memory),
 * the longest scalar. Merge keys (`<<`) are applied, duplicate keys are an error, scalars are
 * typed by YAML 1.2's core schema (quoted scalars and `!!str` stay strings). Each node of the tree
 * remembers its line and column for the messages of the importer (yaml_json_where). */
#ifndef ECSC_IMPORT_YAML_JSON_H
#define ECSC_IMPORT_YAML_JSON_H

#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct YamlLimits {
    size_t max_input;     /* bytes of YAML text */
    int max_depth;        /* nested collections */
    size_t max_nodes;     /* values in the tree, aliases expanded */
    size_t max_bytes;     /* bytes of scalars and keys in the tree, aliases expanded */
    size_t max_scalar;    /* bytes of one scalar */
} YamlLimits;

/* 4 MiB of input, depth 64, 200,000 nodes, 32 MiB of expanded text, 1 MiB scalars. */
extern const YamlLimits yaml_default_limits;

/* Where a node starts (1-based); a list or mapping that is the value of a key: where the key is.
 * A node copied from an alias has the alias's place. */
typedef struct YamlPos {
    int line, column;
} YamlPos;

typedef struct YamlPlace YamlPlace;
typedef struct YamlDoc {
    cJSON *root;          /* NULL for an empty document */
    cJSON *spare;         /* values a merge did not take: kept until yaml_json_free, so that no
                             address in places is reused */
    YamlPlace *places;    /* sorted by node address: see yaml_json_where */
    size_t nplaces;
} YamlDoc;

typedef struct YamlError {
    int line, column;     /* 1-based; 0 when the error has no place (input too large) */
    char message[200];
} YamlError;

/* Parses TEXT (LEN bytes) into DOC. Returns 0, or -1 with ERR filled and DOC empty. */
int yaml_json_parse(const char *text, size_t len, const YamlLimits *limits, YamlDoc *doc,
                    YamlError *err);
/* The place of NODE, a node of DOC's tree ({0, 0} for any other pointer). */
YamlPos yaml_json_where(const YamlDoc *doc, const cJSON *node);
void yaml_json_free(YamlDoc *doc);

#endif
