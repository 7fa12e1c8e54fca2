/* json_params.h - params inside the strings of a document (model/param_text.h). */
#ifndef ECSC_EMIT_JSON_PARAMS_H
#define ECSC_EMIT_JSON_PARAMS_H

#include "plan/plan.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Writes each param's value in place of its marker, in every string of
   `doc` (an API document: taskdefs/, services/).  False when a param has
   no value: `*missing` is set to it and `doc` is only partly filled. */
bool json_params_fill(cJSON *doc, const Plan *p, const IrParam **missing);

/* Turns every string of `doc` (a resource's properties) that holds a
   param into {"Fn::Sub": "…${Param}…"}, literal "${" escaped as "${!"; a
   list param is joined with ','. */
void json_params_sub(cJSON *doc, const Plan *p);

#endif
