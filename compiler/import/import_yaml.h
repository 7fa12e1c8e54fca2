/* import_yaml.h - the YAML reader of `ecsc import`: docker-compose files (with ecs-cli's
 * ecs-params.yml) and AWS Copilot manifests, read through yaml_json.h and turned into .ecs with
 * the writer of import.h. Codes: E0045-E0047, W0045-W0047 (docs/diagnostics.md). */
#ifndef ECSC_IMPORT_IMPORT_YAML_H
#define ECSC_IMPORT_IMPORT_YAML_H

#include "import/import.h"

/* IMPORT_COMPOSE or IMPORT_COPILOT for YAML text that is one, else IMPORT_UNKNOWN. A file that
 * is not YAML at all, or JSON, is left to the other readers. */
ImportFormat import_yaml_detect(const char *path, const char *text, size_t len);

/* Reads a compose file (with ic->ecs_params, or an ecs-params.yml beside it) or a Copilot
 * manifest into ic->doc; ic->source is its path (env_file is read relative to it). */
bool import_yaml(ImportCtx *ic, ImportFormat f, const char *text, size_t len);

#endif
