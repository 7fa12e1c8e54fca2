/* complete.c - textDocument/completion: the fields of the block at the
 * cursor, a field's option words, the declared names of the kind a field
 * takes, the standard library's modules after `import`, and snippets for
 * the declarations and blocks. */
#include "lsp/context.h"
#include "lsp/index.h"

#include "driver/stdlib.h"
#include "sema/vocab.h"

#include <stdio.h>
#include <string.h>

/* LSP CompletionItemKind numbers */
enum { CK_FIELD = 5, CK_KEYWORD = 14, CK_SNIPPET = 15, CK_MODULE = 9, CK_REFERENCE = 18, CK_ENUM = 20 };

typedef struct Items {
    cJSON *arr;
    const Doc *doc;
    const Context *cx;
} Items;

static void item(Items *it, const char *label, int kind, const char *detail, const char *doc,
                 const char *snippet)
{
    /* once per label */
    const cJSON *e;
    cJSON_ArrayForEach(e, it->arr) {
        if (strcmp(cJSON_GetObjectItemCaseSensitive(e, "label")->valuestring, label) == 0)
            return;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "label", label);
    cJSON_AddNumberToObject(o, "kind", kind);
    if (detail)
        cJSON_AddStringToObject(o, "detail", detail);
    if (doc && *doc)
        cJSON_AddStringToObject(o, "documentation", doc);
    cJSON *edit = cJSON_AddObjectToObject(o, "textEdit");
    cJSON_AddItemToObject(edit, "range", json_range(&it->doc->lines, it->cx->word_lo,
                                                    it->cx->word_hi));
    cJSON_AddStringToObject(edit, "newText", snippet ? snippet : label);
    if (snippet)
        cJSON_AddNumberToObject(o, "insertTextFormat", 2);
    cJSON_AddItemToArray(it->arr, o);
}

static void decl_items(Items *it)
{
    char snip[256];
    for (size_t i = 0; i < decode_ndecls; i++) {
        const DeclDef *d = &decode_decls[i];
        item(it, d->name, CK_KEYWORD, "declaration", d->doc, NULL);
        if (strcmp(d->name, "param") == 0)
            snprintf(snip, sizeof snip, "param ${1:name} ${2:string}$0");
        else if (d->flags & FIELD_NAMED)
            snprintf(snip, sizeof snip, "%s ${1:name} {\n\t$0\n}", d->name);
        else
            snprintf(snip, sizeof snip, "%s {\n\t$0\n}", d->name);
        char label[64];
        snprintf(label, sizeof label, "%s …", d->name);
        item(it, label, CK_SNIPPET, "block", d->doc, snip);
    }
    Arena a;
    arena_init(&a);
    Vec words = vocab_words(&a, VOCAB_DECLARATION);
    VEC_EACH(const char *, w, words) {
        item(it, w, CK_KEYWORD, "declaration", NULL, NULL);
    }
    arena_free(&a);
    item(it, "import …", CK_SNIPPET, "import", NULL, "import \"${1:std/sizes}\"$0");
    item(it, "template …", CK_SNIPPET, "block", NULL, "template ${1:name} {\n\t$0\n}");
    item(it, "environment …", CK_SNIPPET, "block", NULL, "environment ${1:prod} {\n\t$0\n}");
}

static void field_items(Items *it, const BlockDef *b)
{
    for (size_t i = 0; i < b->nfields; i++) {
        const FieldDef *f = &b->fields[i];
        char detail[160];
        snprintf(detail, sizeof detail, "%s field%s%s", b->name, f->api ? " → " : "",
                 f->api ? f->api : "");
        item(it, f->name, CK_FIELD, detail, f->doc, NULL);
        if (strcmp(f->name, "container") == 0)
            item(it, "container …", CK_SNIPPET, "block", f->doc,
                 "container ${1:name} {\n\timage \"${2:image}\"\n\t$0\n}");
        else if (f->flags & FIELD_MAP) {
            char label[64], snip[96];
            snprintf(label, sizeof label, "%s { … }", f->name);
            snprintf(snip, sizeof snip, "%s { ${1:KEY} = \"${2:value}\" }$0", f->name);
            item(it, label, CK_SNIPPET, detail, f->doc, snip);
        }
    }
    item(it, "use", CK_KEYWORD, "use a template", NULL, NULL);
}

static SymKind block_kind(const BlockDef *b)
{
    if (b == &decode_task_block)
        return SYM_TASK;
    if (b == &decode_service_block)
        return SYM_SERVICE;
    if (b == &decode_container_block)
        return SYM_CONTAINER;
    return SYM_NKINDS;
}

/* The task whose containers and volumes the cursor's words may name:
   the innermost `task NAME {`, or a service's `task NAME` line. */
static const Sym *cursor_task(const Context *cx, const Index *ix, const Module *m)
{
    for (int i = cx->depth - 1; i >= 0; i--) {
        const CtxStmt *st = &cx->open[i];
        if (st->nwords < 2)
            continue;
        SymKind k = strcmp(st->words[0], "task") == 0 ? SYM_TASK
                    : strcmp(st->words[0], "service") == 0 ? SYM_SERVICE : SYM_NKINDS;
        if (k == SYM_NKINDS)
            continue;
        Vec v = {0};
        index_visible(ix, m, k, NULL, &v);
        VEC_EACH(const Sym *, y, v) {
            if (strcmp(y->name, st->words[1]) != 0)
                continue;
            if (k == SYM_TASK)
                return y;
            const AstNode *blk = y->stmt->args.len ? y->stmt->args.items[y->stmt->args.len - 1]
                                                   : NULL;
            for (int j = 0; blk && blk->kind == AST_BLOCK && j < blk->items.len; j++) {
                const AstStmt *s = blk->items.items[j];
                const AstNode *n = s->args.len ? s->args.items[0] : NULL;
                if (!s->is_assign && strcmp(s->head, "task") == 0 && n && n->kind == AST_WORD) {
                    Vec t = {0};
                    index_visible(ix, m, SYM_TASK, NULL, &t);
                    VEC_EACH(const Sym *, ty, t) {
                        if (strcmp(ty->name, n->text) == 0)
                            return ty;
                    }
                }
            }
        }
    }
    return NULL;
}

static void name_items(Items *it, const Index *ix, const Module *m, SymKind k, const Sym *task)
{
    Vec v = {0};
    index_visible(ix, m, k, task, &v);
    VEC_EACH(const Sym *, y, v) {
        item(it, y->name, CK_REFERENCE, sym_kind_name(k), NULL, NULL);
    }
}

static void argument_items(Items *it, Analysis *an, const BlockDef *blk, bool top)
{
    const Context *cx = it->cx;
    const char *head = cx->cur.words[0];
    const char *prev = cx->cur.nwords > 1 ? cx->cur.words[cx->cur.nwords - 1] : NULL;
    if (top && cx->cur.nwords == 1)
        return;     /* naming a new declaration */
    Index ix;
    index_build(&ix, an);
    const Module *m = an->c.modules.items[0];
    SymKind k = index_ref_kind(head, top ? SYM_NKINDS : block_kind(blk), prev);
    if (k == SYM_CONTAINER || k == SYM_VOLUME) {
        const Sym *task = cursor_task(cx, &ix, m);
        if (task)
            name_items(it, &ix, m, k, task);
    } else if (k != SYM_NKINDS) {
        name_items(it, &ix, m, k, NULL);
    }
    const FieldDef *f = top ? NULL : context_field(blk, head);
    const DeclDef *d = top ? context_decl(head) : NULL;
    const char *const *words = f ? f->words : d ? d->words : NULL;
    if (k == SYM_CONTAINER || k == SYM_TEMPLATE || k == SYM_LB)
        words = NULL;       /* only a name goes here */
    for (const char *const *w = words; w && *w; w++)
        item(it, *w, CK_ENUM, head, NULL, NULL);
    if (top && strcmp(head, "param") == 0)
        for (const char *const *w = vocab_template_kinds; *w; w++)
            item(it, *w, CK_ENUM, "param kind", NULL, NULL);
}

Reply lsp_completion(Server *s, const cJSON *params)
{
    Doc *d = params_doc(s, params);
    uint32_t off;
    if (!d || !params_offset(d, params, &off)) {
        Reply r = {NULL, RPC_INVALID_PARAMS, "no open document at that position"};
        return r;
    }
    Context cx;
    context_at(d->text, d->len, off, &cx);
    Items it = {cJSON_CreateArray(), d, &cx};
    bool top, templ;
    const BlockDef *blk = context_block(&cx, &top, &templ);
    if (cx.in_string) {
        if (cx.cur.nwords == 1 && strcmp(cx.cur.words[0], "import") == 0 && top)
            for (const StdlibFile *f = stdlib_files; f->name; f++) {
                char label[128];
                snprintf(label, sizeof label, "std/%s", f->name);
                item(&it, label, CK_MODULE, "standard library", NULL, NULL);
            }
    } else if (cx.after_eq) {
        /* a value: nothing to offer */
    } else if (cx.cur.nwords == 0 && top) {
        decl_items(&it);
    } else if (cx.cur.nwords == 0 && blk) {
        field_items(&it, blk);
    } else if (cx.cur.nwords == 0 && templ) {
        field_items(&it, &decode_task_block);
        field_items(&it, &decode_container_block);
        field_items(&it, &decode_service_block);
    } else if (cx.cur.nwords > 0 && (top || blk)) {
        argument_items(&it, server_analysis(s, d), blk, top);
    }
    cJSON *list = cJSON_CreateObject();
    cJSON_AddBoolToObject(list, "isIncomplete", 0);
    cJSON_AddItemToObject(list, "items", it.arr);
    Reply r = {list, 0, NULL};
    return r;
}
