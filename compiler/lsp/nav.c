/* nav.c - go to definition, find references, rename and document
 * symbols, over the index of the document's analysis (index.h). */
#include "lsp/index.h"

#include <stdlib.h>
#include <string.h>

static Reply reply(cJSON *result)
{
    Reply r = {result, 0, NULL};
    return r;
}

static Reply fail(int code, const char *message)
{
    Reply r = {NULL, code, message};
    return r;
}

/* The document, its analysis and index, and the symbol at the position
   of `params`; NULL with *err set when the request cannot be answered. */
typedef struct At {
    Doc *doc;
    Analysis *an;
    Index ix;
    const Sym *sym;
    Span word;
} At;

static bool at_position(Server *s, const cJSON *params, At *at, Reply *err)
{
    memset(at, 0, sizeof *at);
    at->doc = params_doc(s, params);
    uint32_t off;
    if (!at->doc || !params_offset(at->doc, params, &off)) {
        *err = fail(RPC_INVALID_PARAMS, "no open document at that position");
        return false;
    }
    at->an = server_analysis(s, at->doc);
    index_build(&at->ix, at->an);
    at->sym = index_at(&at->ix, at->an->root, off, &at->word);
    return true;
}

Reply lsp_definition(Server *s, const cJSON *params)
{
    At at;
    Reply err;
    if (!at_position(s, params, &at, &err))
        return err;
    cJSON *loc = at.sym ? json_location(s, at.an, at.sym->name_span) : NULL;
    return reply(loc ? loc : cJSON_CreateNull());
}

Reply lsp_references(Server *s, const cJSON *params)
{
    At at;
    Reply err;
    if (!at_position(s, params, &at, &err))
        return err;
    cJSON *arr = cJSON_CreateArray();
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(params, "context");
    bool decl = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ctx, "includeDeclaration"));
    VEC_EACH(const Ref *, r, at.ix.refs) {
        if (!at.sym || r->sym != at.sym)
            continue;
        if (!decl && r->span.file == at.sym->name_span.file && r->span.lo == at.sym->name_span.lo)
            continue;
        cJSON *loc = json_location(s, at.an, r->span);
        if (loc)
            cJSON_AddItemToArray(arr, loc);
    }
    return reply(arr);
}

/* A name the language takes for a declaration (docs/language.md §14):
   letters, digits, '-' and '_', starting with a letter or '_'. */
static bool valid_name(const char *n, SymKind k)
{
    size_t len = strlen(n);
    if (len == 0 || len > 255 || !((n[0] >= 'a' && n[0] <= 'z') || (n[0] >= 'A' && n[0] <= 'Z') ||
                                   n[0] == '_'))
        return false;
    for (const char *p = n; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                  (*p >= '0' && *p <= '9') || *p == '_' || (*p == '-' && k != SYM_CONSTANT);
        if (!ok)
            return false;
    }
    return true;
}

Reply lsp_prepare_rename(Server *s, const cJSON *params)
{
    At at;
    Reply err;
    if (!at_position(s, params, &at, &err))
        return err;
    if (!at.sym)
        return reply(cJSON_CreateNull());
    if (at.sym->module->is_stdlib)
        return fail(RPC_REQUEST_FAILED, "the standard library's names cannot be renamed");
    /* a qualified reference `alias.name`: only the name part */
    Span w = at.word;
    const char *text = at.doc->text;
    for (uint32_t i = w.lo; i < w.hi; i++)
        if (text[i] == '.')
            w.lo = i + 1;
    return reply(json_range(&at.doc->lines, w.lo, w.hi));
}

Reply lsp_rename(Server *s, const cJSON *params)
{
    At at;
    Reply err;
    if (!at_position(s, params, &at, &err))
        return err;
    const cJSON *nn = cJSON_GetObjectItemCaseSensitive(params, "newName");
    if (!cJSON_IsString(nn))
        return fail(RPC_INVALID_PARAMS, "rename needs newName");
    if (!at.sym)
        return fail(RPC_REQUEST_FAILED, "no named declaration here");
    if (at.sym->module->is_stdlib)
        return fail(RPC_REQUEST_FAILED, "the standard library's names cannot be renamed");
    if (!valid_name(nn->valuestring, at.sym->kind))
        return fail(RPC_REQUEST_FAILED, "not a valid name: letters, digits, '-' and '_', "
                                        "starting with a letter or '_'");
    cJSON *changes = cJSON_CreateObject();
    VEC_EACH(const Ref *, r, at.ix.refs) {
        if (r->sym != at.sym)
            continue;
        Span sp = r->span;
        const SourceFile *f = source_get(&at.an->c.sources, sp.file);
        for (uint32_t i = sp.lo; i < sp.hi; i++)
            if (f->text[i] == '.')
                sp.lo = i + 1;      /* keep the alias of `alias.name` */
        cJSON *loc = json_location(s, at.an, sp);
        if (!loc)
            continue;
        const char *uri = cJSON_GetObjectItemCaseSensitive(loc, "uri")->valuestring;
        cJSON *edits = cJSON_GetObjectItemCaseSensitive(changes, uri);
        if (!edits)
            edits = cJSON_AddArrayToObject(changes, uri);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "range", cJSON_DetachItemFromObject(loc, "range"));
        cJSON_AddStringToObject(e, "newText", nn->valuestring);
        cJSON_AddItemToArray(edits, e);
        cJSON_Delete(loc);
    }
    cJSON *we = cJSON_CreateObject();
    cJSON_AddItemToObject(we, "changes", changes);
    return reply(we);
}

/* LSP SymbolKind numbers */
static int symbol_kind(SymKind k)
{
    switch (k) {
    case SYM_APP: return 2;             /* Module */
    case SYM_ROLE: return 23;           /* Struct */
    case SYM_TASK: return 5;            /* Class */
    case SYM_PARAM: return 13;          /* Variable */
    case SYM_LB: return 11;             /* Interface */
    case SYM_SERVICE: return 9;         /* Constructor */
    case SYM_CAPACITY: return 19;       /* Object */
    case SYM_TEMPLATE: return 26;       /* TypeParameter */
    case SYM_CONSTANT: return 14;       /* Constant */
    case SYM_CONTAINER: return 8;       /* Field */
    case SYM_VOLUME: return 7;          /* Property */
    case SYM_NKINDS: break;
    }
    return 13;
}

static cJSON *symbol(const Doc *d, const Sym *y)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", y->name);
    cJSON_AddStringToObject(o, "detail", sym_kind_name(y->kind));
    cJSON_AddNumberToObject(o, "kind", symbol_kind(y->kind));
    cJSON_AddItemToObject(o, "range", json_range(&d->lines, y->span.lo, y->span.hi));
    cJSON_AddItemToObject(o, "selectionRange",
                          json_range(&d->lines, y->name_span.lo, y->name_span.hi));
    return o;
}

Reply lsp_symbols(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    if (!d)
        return fail(RPC_INVALID_PARAMS, "the document is not open");
    Analysis *an = server_analysis(s, d);
    Index ix;
    index_build(&ix, an);
    cJSON *arr = cJSON_CreateArray();
    cJSON *last_parent = NULL;
    const Sym *parent = NULL;
    VEC_EACH(const Sym *, y, ix.syms) {
        if (y->name_span.file != an->root)
            continue;
        if (!y->parent) {
            last_parent = symbol(d, y);
            parent = y;
            cJSON_AddItemToArray(arr, last_parent);
            continue;
        }
        if (y->parent != parent || !last_parent)
            continue;
        cJSON *kids = cJSON_GetObjectItemCaseSensitive(last_parent, "children");
        if (!kids)
            kids = cJSON_AddArrayToObject(last_parent, "children");
        cJSON_AddItemToArray(kids, symbol(d, y));
    }
    return reply(arr);
}
