/* server.c - the language server's main loop: framing errors, the
 * lifecycle (initialize, shutdown, exit), document sync and publishing
 * diagnostics; the other requests are in their own files (lsp_int.h). */
#include "lsp/lsp_int.h"

#include "emit.h"
#include "syntax/parse.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void server_send(Server *s, cJSON *msg)
{
    char *json = cJSON_PrintUnformatted(msg);
    cJSON_Delete(msg);
    if (!json)
        ecsc_oom();
    size_t n = utf8_scrub(json, strlen(json));
    rpc_write(s->out, json, n);
    free(json);
}

static void send_reply(Server *s, const cJSON *id, Reply r)
{
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddItemToObject(msg, "id", id ? cJSON_Duplicate(id, 1) : cJSON_CreateNull());
    if (r.error) {
        cJSON_Delete(r.result);
        cJSON *e = cJSON_AddObjectToObject(msg, "error");
        cJSON_AddNumberToObject(e, "code", r.error);
        cJSON_AddStringToObject(e, "message", r.message ? r.message : "error");
    } else {
        cJSON_AddItemToObject(msg, "result", r.result ? r.result : cJSON_CreateNull());
    }
    server_send(s, msg);
}

static Reply fail(int code, const char *message)
{
    Reply r = {NULL, code, message};
    return r;
}

static Reply ok(cJSON *result)
{
    Reply r = {result, 0, NULL};
    return r;
}

/* ---- documents ---------------------------------------------------------- */

static void analysis_free(Analysis *an)
{
    if (!an)
        return;
    compiler_free(&an->c);
    free(an);
}

static void doc_free(Doc *d)
{
    analysis_free(d->an);
    analysis_free(d->old);
    doc_tree_free(&d->tree);      /* after the analyses that use it */
    for (int i = 0; i < d->ndeps; i++)
        free(d->deps[i]);
    free(d->deps);
    line_index_free(&d->lines);
    free(d->uri);
    free(d->path);
    free(d->real);
    free(d->text);
    free(d);
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        ecsc_oom();
    return p;
}

static void doc_set_text(Doc *d, char *text, size_t len)
{
    free(d->text);
    line_index_free(&d->lines);
    d->text = text;
    d->len = (uint32_t)len;
    line_index_init(&d->lines, d->text, d->len);
    d->dirty = true;
}

Doc *server_doc(Server *s, const char *uri)
{
    for (int i = 0; uri && i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return s->docs[i];
    return NULL;
}

/* The open document whose file is `path` (by real path), or NULL. */
static Doc *doc_at_path(Server *s, const char *path)
{
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    for (int i = 0; i < s->ndocs; i++)
        if (s->docs[i]->real && strcmp(s->docs[i]->real, key) == 0)
            return s->docs[i];
    return NULL;
}

static const char *overlay(void *ctx, const char *path, size_t *len)
{
    Doc *d = doc_at_path(ctx, path);
    if (!d)
        return NULL;
    *len = d->len;
    return d->text;
}

/* Compiler.tree: the root document's tree, in its DocTree: from its last
   one when that parsed cleanly (reparse.c), else a whole parse; other
   files are parsed as usual. */
static AstFile *tree_of(void *ctx, Compiler *c, uint32_t file)
{
    Server *s = ctx;
    Doc *d = s->analysing;
    Analysis *an = d->an;
    if (!an || file != an->root || an->has_tree)
        return NULL;
    an->has_tree = true;
    const SourceFile *now = source_get(&c->sources, file);
    const Analysis *last = d->old;
    const Module *m = last && last->c.modules.len ? last->c.modules.items[0] : NULL;
    AstFile *t = NULL;
    if (m && last->parsed_clean && m->file == last->root) {
        const SourceFile *was = source_get(&last->c.sources, last->root);
        t = reparse(&d->tree, m->ast, was->text, was->len, now);
    }
    int before = c->diag.diags.len;
    if (!t)
        t = doc_tree_parse(&d->tree, &c->diag, &c->sources, file);
    an->parsed_clean = c->diag.diags.len == before;
    return t;
}

/* Checks `d` as the root of a compilation (nothing is emitted). */
static void analyse(Server *s, Doc *d)
{
    /* the previous analysis is freed once the new one is published: its
       pages are not returned while the user waits */
    if (d->old)
        analysis_free(d->old);
    d->old = d->an;
    Analysis *an = calloc(1, sizeof *an);
    if (!an)
        ecsc_oom();
    Compiler *c = &an->c;
    compiler_init(c);
    c->arena.pool = &s->pool;
    c->emit = EMIT_ALL & ~(unsigned)EMIT_SERVICES;     /* as --check */
    c->diag.max_errors = 200;
    c->overlay = overlay;
    c->tree = tree_of;
    c->overlay_ctx = s;
    for (const char *const *p = s->opt->include_dirs; p && *p; p++)
        vec_push(&c->arena, &c->include_dirs, (void *)*p);
    for (const char *const *p = s->opt->defines; p && *p; p++)
        compiler_define(c, *p);
    const char *env = getenv("ECSC_PATH");
    if (env && *env) {
        char *dirs = arena_strdup(&c->arena, env);
        for (char *t = strtok(dirs, ":"); t; t = strtok(NULL, ":"))
            if (*t)
                vec_push(&c->arena, &c->include_dirs, t);
    }
    an->root = compiler_add_source_lines(c, d->path ? d->path : d->uri, d->text, d->len,
                                         d->lines.starts, d->lines.nlines);
    d->an = an;
    s->analysing = d;
    an->ok = compiler_check(c);
    s->analysing = NULL;
    d->dirty = false;
    d->unpublished = true;
    for (int i = 0; i < d->ndeps; i++)
        free(d->deps[i]);
    free(d->deps);
    d->deps = calloc((size_t)c->modules.len + 1, sizeof *d->deps);
    if (!d->deps)
        ecsc_oom();
    d->ndeps = 0;
    VEC_EACH(const Module *, m, c->modules) {
        if (m_i > 0 && !m->is_stdlib)
            d->deps[d->ndeps++] = xstrdup(m->key);
    }
}

Analysis *server_analysis(Server *s, Doc *d)
{
    if (d->dirty || !d->an)
        analyse(s, d);
    return d->an;
}

static void publish(Server *s, Doc *d)
{
    cJSON *diags = lsp_diagnostics(s, d);
    d->unpublished = false;
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddStringToObject(msg, "method", "textDocument/publishDiagnostics");
    cJSON *p = cJSON_AddObjectToObject(msg, "params");
    cJSON_AddStringToObject(p, "uri", d->uri);
    cJSON_AddNumberToObject(p, "version", (double)d->version);
    cJSON_AddItemToObject(p, "diagnostics", diags);
    server_send(s, msg);
}

/* Whether the last analysis of `d` read the file of `changed`. */
static bool depends_on(const Doc *d, const Doc *changed)
{
    for (int i = 0; changed->real && i < d->ndeps; i++)
        if (strcmp(d->deps[i], changed->real) == 0)
            return true;
    return false;
}

/* Marks the documents that import `changed` as needing a new analysis. */
static void mark_importers(Server *s, const Doc *changed)
{
    for (int i = 0; i < s->ndocs; i++)
        if (s->docs[i] != changed && depends_on(s->docs[i], changed))
            s->docs[i]->dirty = true;
}

/* Analyses and publishes every changed document, unless more input is
   already waiting (it may change them again: the analysis is deferred
   until the input is idle). */
static void flush(Server *s)
{
    if (rpc_pending(&s->in))
        return;
    for (int i = 0; i < s->ndocs; i++) {
        Doc *d = s->docs[i];
        if (d->dirty)
            analyse(s, d);
        if (d->unpublished)
            publish(s, d);
    }
    for (int i = 0; i < s->ndocs; i++) {
        analysis_free(s->docs[i]->old);
        s->docs[i]->old = NULL;
    }
}

/* ---- params -------------------------------------------------------------- */

static const char *str_at(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool pos_of(const cJSON *o, LspPos *p)
{
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "line");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "character");
    if (!cJSON_IsNumber(l) || !cJSON_IsNumber(c) || l->valuedouble < 0 || c->valuedouble < 0 ||
        l->valuedouble > UINT32_MAX || c->valuedouble > UINT32_MAX)
        return false;
    p->line = (uint32_t)l->valuedouble;
    p->col = (uint32_t)c->valuedouble;
    return true;
}

Doc *params_doc(Server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    return server_doc(s, str_at(td, "uri"));
}

bool params_offset(const Doc *d, const cJSON *params, uint32_t *offset)
{
    LspPos p;
    if (!pos_of(cJSON_GetObjectItemCaseSensitive(params, "position"), &p))
        return false;
    *offset = line_index_offset(&d->lines, p);
    return true;
}

/* ---- document sync ------------------------------------------------------ */

static char *copy_text(const char *t, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        ecsc_oom();
    memcpy(p, t, n);
    p[n] = '\0';
    return p;
}

static Reply did_open(Server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const char *uri = str_at(td, "uri");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(td, "text");
    if (!uri || !cJSON_IsString(text))
        return fail(RPC_INVALID_PARAMS, "didOpen needs textDocument.uri and .text");
    Doc *d = server_doc(s, uri);
    if (!d) {
        d = calloc(1, sizeof *d);
        if (!d)
            ecsc_oom();
        d->uri = xstrdup(uri);
        doc_tree_init(&d->tree, &s->pool);
        d->path = uri_to_path(uri);
        char real[PATH_MAX];
        if (d->path)
            d->real = xstrdup(realpath(d->path, real) ? real : d->path);
        if (s->ndocs == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 8;
            s->docs = realloc(s->docs, sizeof *s->docs * (size_t)s->cap);
            if (!s->docs)
                ecsc_oom();
        }
        s->docs[s->ndocs++] = d;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(td, "version");
    d->version = cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
    doc_set_text(d, copy_text(text->valuestring, strlen(text->valuestring)), strlen(text->valuestring));
    mark_importers(s, d);
    return ok(NULL);
}

/* Applies one entry of contentChanges: with a range, an incremental edit;
   without, the whole new text. */
static bool apply_change(Doc *d, const cJSON *ch)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(ch, "text");
    if (!cJSON_IsString(text))
        return false;
    size_t tn = strlen(text->valuestring);
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(ch, "range");
    if (!range) {
        doc_set_text(d, copy_text(text->valuestring, tn), tn);
        return true;
    }
    LspPos a, b;
    if (!pos_of(cJSON_GetObjectItemCaseSensitive(range, "start"), &a) ||
        !pos_of(cJSON_GetObjectItemCaseSensitive(range, "end"), &b))
        return false;
    uint32_t lo = line_index_offset(&d->lines, a), hi = line_index_offset(&d->lines, b);
    if (hi < lo)
        return false;
    size_t n = (size_t)d->len - (hi - lo) + tn;
    if (n > (size_t)RPC_MAX_MESSAGE)
        return false;
    char *t = malloc(n + 1);
    if (!t)
        ecsc_oom();
    memcpy(t, d->text, lo);
    memcpy(t + lo, text->valuestring, tn);
    memcpy(t + lo + tn, d->text + hi, d->len - hi);
    t[n] = '\0';
    free(d->text);
    d->text = t;
    d->len = (uint32_t)n;
    line_index_edit(&d->lines, t, (uint32_t)n, lo, hi, (uint32_t)(lo + tn));
    d->dirty = true;
    return true;
}

static Reply did_change(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    const cJSON *changes = cJSON_GetObjectItemCaseSensitive(params, "contentChanges");
    if (!d || !cJSON_IsArray(changes))
        return fail(RPC_INVALID_PARAMS, "didChange of a document that is not open");
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(td, "version");
    if (cJSON_IsNumber(v))
        d->version = (long)v->valuedouble;
    const cJSON *ch;
    cJSON_ArrayForEach(ch, changes) {
        if (!apply_change(d, ch))
            return fail(RPC_INVALID_PARAMS, "a content change with a bad range or no text");
    }
    mark_importers(s, d);
    return ok(NULL);
}

static Reply did_close(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    if (!d)
        return ok(NULL);
    int k = 0;
    while (s->docs[k] != d)
        k++;
    memmove(s->docs + k, s->docs + k + 1, sizeof *s->docs * (size_t)(s->ndocs - k - 1));
    s->ndocs--;
    /* its importers read the file on disk again */
    mark_importers(s, d);
    cJSON *msg = cJSON_CreateObject();
    cJSON_AddStringToObject(msg, "jsonrpc", "2.0");
    cJSON_AddStringToObject(msg, "method", "textDocument/publishDiagnostics");
    cJSON *p = cJSON_AddObjectToObject(msg, "params");
    cJSON_AddStringToObject(p, "uri", d->uri);
    cJSON_AddItemToObject(p, "diagnostics", cJSON_CreateArray());
    server_send(s, msg);
    doc_free(d);
    return ok(NULL);
}

static Reply did_save(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    if (d)
        mark_importers(s, d);
    return ok(NULL);
}

/* ---- lifecycle ---------------------------------------------------------- */

static Reply initialize(Server *s, const cJSON *params)
{
    (void)params;
    s->initialized = true;
    cJSON *r = cJSON_CreateObject();
    cJSON *caps = cJSON_AddObjectToObject(r, "capabilities");
    cJSON_AddStringToObject(caps, "positionEncoding", "utf-16");
    cJSON *sync = cJSON_AddObjectToObject(caps, "textDocumentSync");
    cJSON_AddBoolToObject(sync, "openClose", 1);
    cJSON_AddNumberToObject(sync, "change", 2);     /* incremental */
    cJSON_AddBoolToObject(sync, "save", 1);
    cJSON_AddBoolToObject(caps, "hoverProvider", 1);
    cJSON *comp = cJSON_AddObjectToObject(caps, "completionProvider");
    cJSON *trig = cJSON_AddArrayToObject(comp, "triggerCharacters");
    cJSON_AddItemToArray(trig, cJSON_CreateString("\""));
    cJSON_AddItemToArray(trig, cJSON_CreateString("/"));
    cJSON_AddBoolToObject(caps, "definitionProvider", 1);
    cJSON_AddBoolToObject(caps, "referencesProvider", 1);
    cJSON *ren = cJSON_AddObjectToObject(caps, "renameProvider");
    cJSON_AddBoolToObject(ren, "prepareProvider", 1);
    cJSON_AddBoolToObject(caps, "documentSymbolProvider", 1);
    cJSON *ca = cJSON_AddObjectToObject(caps, "codeActionProvider");
    cJSON *kinds = cJSON_AddArrayToObject(ca, "codeActionKinds");
    cJSON_AddItemToArray(kinds, cJSON_CreateString("quickfix"));
    cJSON_AddBoolToObject(caps, "documentFormattingProvider", 1);
    cJSON *info = cJSON_AddObjectToObject(r, "serverInfo");
    cJSON_AddStringToObject(info, "name", "ecsc");
    cJSON_AddStringToObject(info, "version", ECSC_VERSION);
    return ok(r);
}

static Reply shutdown_req(Server *s, const cJSON *params)
{
    (void)params;
    s->shutdown = true;
    return ok(NULL);
}

static Reply exit_note(Server *s, const cJSON *params)
{
    (void)params;
    s->exit = true;
    return ok(NULL);
}

static Reply ignore(Server *s, const cJSON *params)
{
    (void)s;
    (void)params;
    return ok(NULL);
}

typedef Reply Handler(Server *s, const cJSON *params);

static const struct {
    const char *method;
    Handler *fn;
} handlers[] = {
    {"initialize", initialize},
    {"initialized", ignore},
    {"shutdown", shutdown_req},
    {"exit", exit_note},
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didClose", did_close},
    {"textDocument/didSave", did_save},
    {"textDocument/hover", lsp_hover},
    {"textDocument/completion", lsp_completion},
    {"textDocument/definition", lsp_definition},
    {"textDocument/references", lsp_references},
    {"textDocument/rename", lsp_rename},
    {"textDocument/prepareRename", lsp_prepare_rename},
    {"textDocument/documentSymbol", lsp_symbols},
    {"textDocument/codeAction", lsp_code_action},
    {"textDocument/formatting", lsp_formatting},
    {"$/cancelRequest", ignore},
    {"$/setTrace", ignore},
    {"workspace/didChangeConfiguration", ignore},
    {"workspace/didChangeWatchedFiles", ignore},
};

static void handle(Server *s, const char *body, size_t len)
{
    cJSON *msg = cJSON_ParseWithLength(body, len);
    if (!msg || !cJSON_IsObject(msg)) {
        cJSON_Delete(msg);
        send_reply(s, NULL, fail(RPC_PARSE_ERROR, "the message is not a JSON object"));
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
    const char *method = str_at(msg, "method");
    if (id && !cJSON_IsNumber(id) && !cJSON_IsString(id))
        id = NULL;
    if (!method) {
        /* a response to a request of ours, or nonsense */
        if (!cJSON_GetObjectItemCaseSensitive(msg, "result") &&
            !cJSON_GetObjectItemCaseSensitive(msg, "error"))
            send_reply(s, id, fail(RPC_INVALID_REQUEST, "a request needs a method"));
        cJSON_Delete(msg);
        return;
    }
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
    if (cJSON_IsNull(params))
        params = NULL;      /* as if left out (Emacs's jsonrpc sends null) */
    Reply r;
    size_t k = 0, n = sizeof handlers / sizeof *handlers;
    while (k < n && strcmp(handlers[k].method, method) != 0)
        k++;
    if (s->shutdown && strcmp(method, "exit") != 0)
        r = fail(RPC_INVALID_REQUEST, "the server is shutting down");
    else if (!s->initialized && strcmp(method, "initialize") != 0 && strcmp(method, "exit") != 0)
        r = fail(RPC_SERVER_NOT_INITIALIZED, "initialize first");
    else if (k == n)
        r = fail(RPC_METHOD_NOT_FOUND, "no such method");
    else if (params && !cJSON_IsObject(params) && !cJSON_IsArray(params))
        r = fail(RPC_INVALID_PARAMS, "params must be an object");
    else
        r = handlers[k].fn(s, params);
    if (id)
        send_reply(s, id, r);
    else
        cJSON_Delete(r.result);     /* a notification gets no answer */
    cJSON_Delete(msg);
}

int lsp_serve(int in_fd, int out_fd, const LspOptions *opt)
{
    Server s = {.out = out_fd, .opt = opt};
    s.pool.max = 64;        /* 128 MiB: an analysis of shop-1000 takes about 30 */
    rpc_reader_init(&s.in, in_fd);
    while (!s.exit) {
        RpcStatus st = rpc_read(&s.in);
        if (st == RPC_EOF || st == RPC_IO_ERROR)
            break;
        if (st == RPC_BAD_HEADER)
            send_reply(&s, NULL, fail(RPC_PARSE_ERROR, "a message without a valid Content-Length"));
        else if (st == RPC_TOO_LARGE)
            send_reply(&s, NULL, fail(RPC_INVALID_REQUEST, "a message larger than 64 MiB"));
        else
            handle(&s, s.in.body, s.in.len);
        flush(&s);
    }
    for (int i = 0; i < s.ndocs; i++)
        doc_free(s.docs[i]);
    free(s.docs);
    arena_pool_free(&s.pool);
    rpc_reader_free(&s.in);
    return s.shutdown ? 0 : 1;
}
