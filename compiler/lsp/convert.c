/* convert.c - compiler places and diagnostics as LSP JSON: positions,
 * ranges, locations, file URIs and Diagnostic objects. */
#include "lsp/lsp_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *json_pos(LspPos p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", p.line);
    cJSON_AddNumberToObject(o, "character", p.col);
    return o;
}

cJSON *json_range(const LineIndex *li, uint32_t lo, uint32_t hi)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "start", json_pos(line_index_pos(li, lo)));
    cJSON_AddItemToObject(o, "end", json_pos(line_index_pos(li, hi)));
    return o;
}

static int hexval(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1;
}

char *uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') {            /* file://host/path: only the local host */
        if (strncmp(p, "localhost/", 10) != 0)
            return NULL;
        p += 9;
    }
    char *out = malloc(strlen(p) + 1), *w = out;
    if (!out)
        ecsc_oom();
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            int c = hexval(p[1]) * 16 + hexval(p[2]);
            if (c == 0) {
                free(out);
                return NULL;    /* a NUL in a path */
            }
            *w++ = (char)c;
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
    return out;
}

char *path_to_uri(const char *path)
{
    static const char keep[] = "/-_.~!$&'()*+,;=:@";
    char *out = malloc(strlen(path) * 3 + 8), *w = out;
    if (!out)
        ecsc_oom();
    w += sprintf(w, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr(keep, *p))
            *w++ = (char)*p;
        else
            w += sprintf(w, "%%%02X", *p);
    }
    *w = '\0';
    return out;
}

/* The open document of file `file` of `an`, or NULL. */
static Doc *doc_of_file(Server *s, const Analysis *an, uint32_t file)
{
    if (file == an->root) {
        for (int i = 0; i < s->ndocs; i++)
            if (s->docs[i]->an == an)
                return s->docs[i];
    }
    const SourceFile *f = source_get(&an->c.sources, file);
    char real[PATH_MAX];
    if (!f || f->name[0] == '<' || !realpath(f->name, real))
        return NULL;
    for (int i = 0; i < s->ndocs; i++)
        if (s->docs[i]->real && strcmp(s->docs[i]->real, real) == 0)
            return s->docs[i];
    return NULL;
}

char *analysis_uri(Server *s, const Analysis *an, uint32_t file)
{
    Doc *d = doc_of_file(s, an, file);
    if (d)
        return strdup(d->uri);
    const SourceFile *f = source_get(&an->c.sources, file);
    if (!f || f->name[0] == '<')
        return NULL;            /* <std/NAME> */
    char real[PATH_MAX];
    return path_to_uri(realpath(f->name, real) ? real : f->name);
}

cJSON *json_location(Server *s, const Analysis *an, Span sp)
{
    if (!sp.file)
        return NULL;
    char *uri = analysis_uri(s, an, sp.file);
    if (!uri)
        return NULL;
    const SourceFile *f = source_get(&an->c.sources, sp.file);
    LineIndex li;
    line_index_init(&li, f->text, f->len);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "uri", uri);
    cJSON_AddItemToObject(o, "range", json_range(&li, sp.lo, sp.hi));
    line_index_free(&li);
    free(uri);
    return o;
}

/* Where a diagnostic in another file shows in the root: at the import
   that reads that file, or at the start. */
static Span in_root(const Analysis *an, const Diagnostic *dg)
{
    Span sp = dg->span;
    VEC_EACH(const DiagNote *, n, dg->notes) {
        if (n->span.file == an->root)
            return n->span;     /* a template's use site */
    }
    const Module *root = an->c.modules.len ? an->c.modules.items[0] : NULL;
    VEC_EACH(const ModuleImport *, im, root ? root->imports : (Vec){0}) {
        if (im->module->file == sp.file)
            return im->span;
    }
    return span_make(an->root, 0, 0);
}

static cJSON *one_diagnostic(Server *s, const Analysis *an, const Doc *d, const Diagnostic *dg)
{
    cJSON *o = cJSON_CreateObject();
    Span sp = dg->span.file == an->root ? dg->span : in_root(an, dg);
    cJSON_AddItemToObject(o, "range", json_range(&d->lines, sp.lo, sp.hi));
    cJSON_AddNumberToObject(o, "severity", dg->severity == DIAG_ERROR ? 1
                                           : dg->severity == DIAG_WARNING ? 2 : 3);
    cJSON_AddStringToObject(o, "code", dg->code);
    cJSON_AddStringToObject(o, "source", "ecsc");
    StrBuf msg = {0};
    if (dg->span.file && dg->span.file != an->root) {
        const SourceFile *f = source_get(&an->c.sources, dg->span.file);
        uint32_t line, col;
        source_line_col(&an->c.sources, dg->span.file, dg->span.lo, &line, &col);
        strbuf_printf(&msg, "in %s:%u:%u: ", f->name, line, col);
    }
    strbuf_puts(&msg, dg->msg);
    cJSON *rel = cJSON_CreateArray();
    VEC_EACH(const DiagNote *, n, dg->notes) {
        cJSON *loc = json_location(s, an, n->span);
        if (!loc) {
            strbuf_printf(&msg, "\nnote: %s", n->msg);
            continue;
        }
        cJSON *ri = cJSON_CreateObject();
        cJSON_AddItemToObject(ri, "location", loc);
        cJSON_AddStringToObject(ri, "message", n->msg);
        cJSON_AddItemToArray(rel, ri);
    }
    cJSON_AddStringToObject(o, "message", strbuf_cstr(&msg));
    strbuf_free(&msg);
    if (cJSON_GetArraySize(rel))
        cJSON_AddItemToObject(o, "relatedInformation", rel);
    else
        cJSON_Delete(rel);
    return o;
}

cJSON *lsp_diagnostics(Server *s, Doc *d)
{
    cJSON *arr = cJSON_CreateArray();
    const Analysis *an = d->an;
    if (!an)
        return arr;
    VEC_EACH(const Diagnostic *, dg, an->c.diag.diags) {
        cJSON_AddItemToArray(arr, one_diagnostic(s, an, d, dg));
    }
    return arr;
}

cJSON *lsp_diagnostics_one(Server *s, Doc *d, const Diagnostic *dg)
{
    return one_diagnostic(s, d->an, d, dg);
}
