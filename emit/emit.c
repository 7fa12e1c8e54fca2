/* emit.c - the list of output files. */
#include "emit.h"

#include "json_params.h"
#include "json_write.h"

#include <assert.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The length of JSON text without the whitespace between its tokens. */
static size_t compact_length(const EmitPiece *pieces, int n)
{
    size_t len = 0;
    bool in_string = false, escaped = false;
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < pieces[i].len; k++) {
            char c = pieces[i].data[k];
            if (in_string) {
                in_string = escaped || c != '"';
                escaped = !escaped && c == '\\';
            } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
                continue;
            } else {
                in_string = c == '"';
            }
            len++;
        }
    return len;
}

void emit_output(Arena *a, Vec *out, const EmitSink *sink, const char *path,
                 const EmitPiece *pieces, int n)
{
    OutputFile *f = ARENA_NEW(a, OutputFile);
    f->path = path;
    for (int i = 0; i < n; i++)
        f->len += pieces[i].len;
    if (strncmp(path, "taskdefs/", 9) == 0)
        f->compact_len = compact_length(pieces, n);
    if (sink && sink->put) {
        sink->put(sink->ctx, f, pieces, n);
    } else {
        char *data = arena_alloc(a, f->len + 1);
        size_t off = 0;
        for (int i = 0; i < n; i++) {
            memcpy(data + off, pieces[i].data, pieces[i].len);
            off += pieces[i].len;
        }
        f->data = data;
    }
    vec_push(a, out, f);
}

cJSON *emit_fill_params(Arena *a, const Plan *p, cJSON *doc, const char *path, Span owner,
                        Vec *skipped)
{
    const IrParam *missing = NULL;
    if (json_params_fill(doc, p, &missing))
        return doc;
    cJSON_Delete(doc);
    EmitSkip *sk = ARENA_NEW(a, EmitSkip);
    sk->path = path;
    sk->param = missing;
    sk->owner = owner;
    if (skipped)
        vec_push(a, skipped, sk);
    return NULL;
}

/* Prints `doc` (then deletes it) into `buf`, reused from file to file;
   with params in its strings, only when they all have values. */
static void add_json(Arena *a, const Plan *p, Vec *out, const EmitSink *sink, JsonBuf *buf,
                     const char *path, Span owner, cJSON *doc, Vec *skipped)
{
    if (p->m->param_strings && !(doc = emit_fill_params(a, p, doc, path, owner, skipped)))
        return;
    buf->len = 0;
    json_write_doc(buf, doc);
    cJSON_Delete(doc);
    EmitPiece one = {buf->data, buf->len};
    emit_output(a, out, sink, path, &one, 1);
}

EmitStats emit_all(Arena *a, const Plan *p, unsigned what, Vec *out, const EmitSink *sink)
{
    const IrModel *m = p->m;
    EmitStats st = {0};
    JsonBuf buf = {0};
    bool cfn = (what & EMIT_CFN) && (m->tasks.len || m->roles.len || m->services.len ||
                                     m->load_balancers.len || m->capacities.len);
    /* With the template, emit_cfn prints the taskdefs/ files from the very
       trees it converts (every task is in the template); the files keep
       their order in `out`: taskdefs, services, then cfn. */
    bool shared = cfn && (what & EMIT_TASKDEFS);
    Vec taskdefs = {0}, rest = {0};
    Vec *svc_out = shared ? &rest : out;
    if ((what & EMIT_TASKDEFS) && !shared) {
        for (int i = 0; i < m->tasks.len; i++) {
            const IrTask *t = m->tasks.items[i];
            add_json(a, p, out, sink, &buf, arena_printf(a, "taskdefs/%s.json", t->family),
                     t->name_span, emit_taskdef(m, t), &st.skipped);
        }
    }
    if (what & EMIT_SERVICES) {
        for (int i = 0; i < m->services.len; i++) {
            const PlanService *ps = &p->services[i];
            if (ps->complete)
                add_json(a, p, svc_out, sink, &buf,
                         arena_printf(a, "services/%s.json", ps->sv->name), ps->sv->name_span,
                         emit_service(p, ps), &st.skipped);
        }
    }
    if (cfn)
        st.cfn_resources = emit_cfn_taskdefs(a, p, svc_out, shared ? &taskdefs : NULL, sink,
                                             &st.skipped, &st.policy_sizes);
    if (shared) {
        for (int i = 0; i < taskdefs.len; i++)
            vec_push(a, out, taskdefs.items[i]);
        for (int i = 0; i < rest.len; i++)
            vec_push(a, out, rest.items[i]);
    }
    json_buf_free(&buf);
    return st;
}
