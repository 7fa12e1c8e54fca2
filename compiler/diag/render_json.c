/* render_json.c - diagnostics for tools: JSON lines and SARIF 2.1.0.
 *
 * JSON: one object a line, keys in a fixed order:
 *   {"file", "range": {"start": {"line", "column"}, "end": {...}},
 *    "severity", "code", "message", "notes": [{"file", "range", "message"}]}
 * Lines and columns are 1-based and columns count bytes, as in the text
 * form; "end" is the position just past the span.  A diagnostic or note
 * with no place has "file" and "range" null.
 *
 * SARIF: results are gathered over every diag_render call and written as
 * one log by diag_renderer_finish.  SARIF columns count Unicode code
 * points (run.columnKind says so); files embedded in ecsc ("<std/NAME>")
 * are given relative to the uriBaseId ECSC_STDLIB.
 */
#include "diag/diag.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static int cmp_diag(const void *pa, const void *pb)
{
    const Diagnostic *a = *(Diagnostic *const *)pa, *b = *(Diagnostic *const *)pb;
    if (a->span.file != b->span.file)
        return a->span.file < b->span.file ? -1 : 1;
    if (a->span.lo != b->span.lo)
        return a->span.lo < b->span.lo ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static Diagnostic **sorted_diags(const DiagEngine *d)
{
    int n = d->diags.len;
    Diagnostic **s = malloc(sizeof *s * (size_t)(n ? n : 1));
    if (!s)
        ecsc_oom();
    if (n) {
        memcpy(s, d->diags.items, sizeof *s * (size_t)n);
        qsort(s, (size_t)n, sizeof *s, cmp_diag);
    }
    return s;
}

static const char *severity_name(DiagSeverity s)
{
    return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" : "note";
}

static cJSON *position(uint32_t line, uint32_t col)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "line", line);
    cJSON_AddNumberToObject(p, "column", col);
    return p;
}

static void add_place(cJSON *obj, const SourceMap *sm, Span sp)
{
    const SourceFile *f = source_get(sm, sp.file);
    if (!f) {
        cJSON_AddNullToObject(obj, "file");
        cJSON_AddNullToObject(obj, "range");
        return;
    }
    uint32_t l1, c1, l2, c2;
    source_line_col(sm, sp.file, sp.lo, &l1, &c1);
    source_line_col(sm, sp.file, sp.hi > sp.lo ? sp.hi : sp.lo, &l2, &c2);
    cJSON_AddStringToObject(obj, "file", f->name);
    cJSON *range = cJSON_AddObjectToObject(obj, "range");
    cJSON_AddItemToObject(range, "start", position(l1, c1));
    cJSON_AddItemToObject(range, "end", position(l2, c2));
}

static void render_json(const DiagEngine *d, const SourceMap *sm, FILE *out)
{
    Diagnostic **s = sorted_diags(d);
    for (int i = 0; i < d->diags.len; i++) {
        const Diagnostic *dg = s[i];
        cJSON *o = cJSON_CreateObject();
        add_place(o, sm, dg->span);
        cJSON_AddStringToObject(o, "severity", severity_name(dg->severity));
        if (dg->code)
            cJSON_AddStringToObject(o, "code", dg->code);
        else
            cJSON_AddNullToObject(o, "code");
        cJSON_AddStringToObject(o, "message", dg->msg);
        cJSON *notes = cJSON_AddArrayToObject(o, "notes");
        for (int k = 0; k < dg->notes.len; k++) {
            const DiagNote *note = dg->notes.items[k];
            cJSON *n = cJSON_CreateObject();
            add_place(n, sm, note->span);
            cJSON_AddStringToObject(n, "message", note->msg);
            cJSON_AddItemToArray(notes, n);
        }
        char *text = cJSON_PrintUnformatted(o);
        if (!text)
            ecsc_oom();
        fprintf(out, "%s\n", text);
        free(text);
        cJSON_Delete(o);
    }
    free(s);
}

/* --- SARIF ----------------------------------------------------------------- */

/* 1-based column in code points of byte `offset` on 1-based `line`. */
static uint32_t cp_column(const SourceFile *f, uint32_t line, uint32_t offset)
{
    uint32_t col = 1;
    for (uint32_t i = f->line_starts[line - 1]; i < offset && i < f->len; i++)
        if (((unsigned char)f->text[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/* A URI reference for a file name: percent-encoded, absolute names as
   file:// URIs. */
static char *file_uri(const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(name);
    char *u = malloc(n * 3 + 8), *w = u;
    if (!u)
        ecsc_oom();
    if (name[0] == '/')
        w += sprintf(w, "file://");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            *w++ = (char)*p;
        } else {
            *w++ = '%';
            *w++ = hex[*p >> 4];
            *w++ = hex[*p & 15];
        }
    }
    *w = '\0';
    return u;
}

static cJSON *sarif_physical(const SourceMap *sm, Span sp)
{
    const SourceFile *f = source_get(sm, sp.file);
    if (!f)
        return NULL;
    cJSON *phys = cJSON_CreateObject();
    cJSON *art = cJSON_AddObjectToObject(phys, "artifactLocation");
    size_t n = strlen(f->name);
    if (strncmp(f->name, "<std/", 5) == 0 && f->name[n - 1] == '>') {
        char *rel = malloc(n + 4);
        if (!rel)
            ecsc_oom();
        snprintf(rel, n + 4, "%.*s.ecs", (int)(n - 6), f->name + 5);
        char *u = file_uri(rel);
        cJSON_AddStringToObject(art, "uri", u);
        cJSON_AddStringToObject(art, "uriBaseId", "ECSC_STDLIB");
        free(u);
        free(rel);
    } else {
        char *u = file_uri(f->name);
        cJSON_AddStringToObject(art, "uri", u);
        free(u);
    }
    uint32_t l1, c1, l2, c2;
    uint32_t hi = sp.hi > sp.lo ? sp.hi : sp.lo;
    source_line_col(sm, sp.file, sp.lo, &l1, &c1);
    source_line_col(sm, sp.file, hi, &l2, &c2);
    cJSON *region = cJSON_AddObjectToObject(phys, "region");
    cJSON_AddNumberToObject(region, "startLine", l1);
    cJSON_AddNumberToObject(region, "startColumn", cp_column(f, l1, sp.lo));
    cJSON_AddNumberToObject(region, "endLine", l2);
    cJSON_AddNumberToObject(region, "endColumn", cp_column(f, l2, hi));
    return phys;
}

static cJSON *sarif_message(const char *text)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "text", text);
    return m;
}

static void sarif_add(cJSON *results, const DiagEngine *d, const SourceMap *sm)
{
    Diagnostic **s = sorted_diags(d);
    for (int i = 0; i < d->diags.len; i++) {
        const Diagnostic *dg = s[i];
        cJSON *r = cJSON_CreateObject();
        if (dg->code) {
            cJSON_AddStringToObject(r, "ruleId", dg->code);
            cJSON_AddNumberToObject(r, "ruleIndex", -1);   /* set by sarif_write */
        }
        cJSON_AddStringToObject(r, "level", dg->severity == DIAG_ERROR ? "error"
                                            : dg->severity == DIAG_WARNING ? "warning" : "note");
        cJSON_AddItemToObject(r, "message", sarif_message(dg->msg));
        cJSON *phys = sarif_physical(sm, dg->span);
        if (phys) {
            cJSON *locs = cJSON_AddArrayToObject(r, "locations");
            cJSON *loc = cJSON_CreateObject();
            cJSON_AddItemToObject(loc, "physicalLocation", phys);
            cJSON_AddItemToArray(locs, loc);
        }
        if (dg->notes.len) {
            cJSON *rel = cJSON_AddArrayToObject(r, "relatedLocations");
            for (int k = 0; k < dg->notes.len; k++) {
                const DiagNote *note = dg->notes.items[k];
                cJSON *loc = cJSON_CreateObject();
                cJSON_AddNumberToObject(loc, "id", k);
                cJSON *np = sarif_physical(sm, note->span);
                if (np)
                    cJSON_AddItemToObject(loc, "physicalLocation", np);
                cJSON_AddItemToObject(loc, "message", sarif_message(note->msg));
                cJSON_AddItemToArray(rel, loc);
            }
        }
        cJSON_AddItemToArray(results, r);
    }
    free(s);
}

static int cmp_str(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The log around the gathered results: rules are the codes seen, sorted;
   each result gets its ruleIndex. */
static void sarif_write(cJSON *results, FILE *out)
{
    int n = cJSON_GetArraySize(results), nrules = 0;
    const char **ids = malloc(sizeof *ids * (size_t)(n ? n : 1));
    if (!ids)
        ecsc_oom();
    cJSON *r;
    cJSON_ArrayForEach(r, results) {
        cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "ruleId");
        if (id)
            ids[nrules++] = id->valuestring;
    }
    if (nrules)
        qsort(ids, (size_t)nrules, sizeof *ids, cmp_str);
    int uniq = 0;
    for (int i = 0; i < nrules; i++)
        if (!uniq || strcmp(ids[uniq - 1], ids[i]) != 0)
            ids[uniq++] = ids[i];

    cJSON *log = cJSON_CreateObject();
    cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(log, "version", "2.1.0");
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run);
    cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    cJSON_AddStringToObject(driver, "name", "ecsc");
    cJSON_AddStringToObject(driver, "version", ECSC_VERSION);
    cJSON_AddStringToObject(driver, "semanticVersion", ECSC_VERSION);
    cJSON *rules = cJSON_AddArrayToObject(driver, "rules");
    for (int i = 0; i < uniq; i++) {
        cJSON *rule = cJSON_CreateObject();
        cJSON_AddStringToObject(rule, "id", ids[i]);
        char help[96];
        snprintf(help, sizeof help, "docs/diagnostics.md explains %s with a bad and a fixed example",
                 ids[i]);
        cJSON_AddItemToObject(rule, "help", sarif_message(help));
        cJSON_AddItemToArray(rules, rule);
    }
    cJSON *base = cJSON_AddObjectToObject(run, "originalUriBaseIds");
    cJSON *stdlib = cJSON_AddObjectToObject(base, "ECSC_STDLIB");
    cJSON_AddItemToObject(stdlib, "description",
                          sarif_message("the standard library embedded in ecsc "
                                        "(installed as share/ecsc/stdlib/)"));
    cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
    cJSON_ArrayForEach(r, results) {
        cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "ruleId");
        if (!id)
            continue;
        const char **hit = bsearch(&id->valuestring, ids, (size_t)uniq, sizeof *ids, cmp_str);
        cJSON_SetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "ruleIndex"), (double)(hit - ids));
    }
    free(ids);
    cJSON_AddItemToObject(run, "results", results);
    char *text = cJSON_PrintUnformatted(log);
    if (!text)
        ecsc_oom();
    fprintf(out, "%s\n", text);
    free(text);
    cJSON_Delete(log);
}

/* --- the renderer ---------------------------------------------------------- */

bool diag_format_parse(const char *s, DiagFormat *f)
{
    if (strcmp(s, "text") == 0)
        *f = DIAG_FORMAT_TEXT;
    else if (strcmp(s, "json") == 0)
        *f = DIAG_FORMAT_JSON;
    else if (strcmp(s, "sarif") == 0)
        *f = DIAG_FORMAT_SARIF;
    else
        return false;
    return true;
}

void diag_renderer_init(DiagRenderer *r, DiagFormat format, FILE *out, bool color)
{
    *r = (DiagRenderer){.format = format, .out = out, .color = color};
    if (format == DIAG_FORMAT_SARIF)
        r->sarif = cJSON_CreateArray();
}

void diag_render(DiagRenderer *r, const DiagEngine *d, const SourceMap *sm)
{
    switch (r->format) {
    case DIAG_FORMAT_TEXT:
        diag_render_text(d, sm, r->out, r->color);
        break;
    case DIAG_FORMAT_JSON:
        render_json(d, sm, r->out);
        break;
    case DIAG_FORMAT_SARIF:
        sarif_add(r->sarif, d, sm);
        break;
    }
}

void diag_renderer_finish(DiagRenderer *r)
{
    if (r->sarif) {
        sarif_write(r->sarif, r->out);   /* takes the results */
        r->sarif = NULL;
    }
}
