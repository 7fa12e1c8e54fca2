/* graph_dot.h - a Graphviz DOT picture of the application, from its plan
 * (`ecsc graph`). */
#ifndef ECSC_EMIT_GRAPH_DOT_H
#define ECSC_EMIT_GRAPH_DOT_H

#include "base/strbuf.h"
#include "plan/plan.h"

/* Appends the picture of `p` to `out`; labels are allocated in `a`. */
void graph_dot(const Plan *p, Arena *a, StrBuf *out);

#endif
