/* emit.c - the list of output files. */
#include "emit.h"

#include "json_write.h"
#include "sema/sema.h"

#include <stdlib.h>

static void add_json(Arena *a, Vec *out, const char *path, cJSON *doc)
{
    size_t len;
    char *text = json_write_pretty(doc, &len);
    cJSON_Delete(doc);
    OutputFile *f = ARENA_NEW(a, OutputFile);
    f->path = path;
    f->data = arena_strndup(a, text, len);
    f->len = len;
    free(text);
    vec_push(a, out, f);
}

EmitStats emit_all(Arena *a, const IrModel *m, unsigned what, Vec *out)
{
    EmitStats st = {0};
    if (what & EMIT_TASKDEFS) {
        for (int i = 0; i < m->tasks.len; i++) {
            const IrTask *t = m->tasks.items[i];
            add_json(a, out, arena_printf(a, "taskdefs/%s.json", t->family), emit_taskdef(m, t));
        }
    }
    if (what & EMIT_SERVICES) {
        for (int i = 0; i < m->services.len; i++) {
            const IrService *sv = m->services.items[i];
            add_json(a, out, arena_printf(a, "services/%s.json", sv->name), emit_service(m, sv));
        }
    }
    if ((what & EMIT_CFN) && (m->tasks.len || m->roles.len || m->services.len ||
                              m->load_balancers.len || m->capacities.len))
        st.cfn_resources = emit_cfn(a, m, out);
    return st;
}
