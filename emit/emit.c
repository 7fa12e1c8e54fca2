/* emit.c - the list of output files. */
#include "emit.h"

#include "json_write.h"

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

void emit_all(Arena *a, const IrModel *m, Vec *out)
{
    for (int i = 0; i < m->tasks.len; i++) {
        const IrTask *t = m->tasks.items[i];
        add_json(a, out, arena_printf(a, "taskdefs/%s.json", t->family), emit_taskdef(m, t));
    }
}
