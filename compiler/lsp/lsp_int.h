/* lsp_int.h - what the parts of the language server share (internal to
 * compiler/lsp). */
#ifndef ECSC_LSP_INT_H
#define ECSC_LSP_INT_H

#include "base/strbuf.h"
#include "driver/compiler.h"
#include "lsp/lsp.h"
#include "lsp/rpc.h"
#include "lsp/text.h"
#include "sema/module.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* One compilation of a document as root: kept until the next, so that
   requests can look at its syntax trees and diagnostics. */
typedef struct Analysis {
    Compiler c;
    uint32_t root;          /* the document's file id in `c` */
    bool ok;                /* checked without errors */
    bool parsed_clean;      /* the root's parse raised no diagnostic */
    bool has_tree;          /* the root's tree was made (tree_of) */
} Analysis;

/* The statements of a document's own parses, kept from one analysis to
   the next so that an edit reuses those it did not touch (reparse.c). */
typedef struct DocTree {
    Arena arenas[2];        /* the current one, and the one before */
    int cur;
    size_t live;            /* bytes of the current one after its first tree */
} DocTree;

typedef struct Doc {
    char *uri;
    char *path;             /* the file's path, or NULL (not a file: URI) */
    char *real;             /* its real path (or `path` when it has none yet) */
    char *text;             /* malloc'd, NUL-terminated */
    uint32_t len;
    long version;
    LineIndex lines;
    bool dirty;             /* changed since it was last analysed */
    Analysis *an;           /* the last analysis, or NULL */
    Analysis *old;          /* the one before, until `an` is published */
    char **deps;            /* module keys the last analysis read (malloc'd) */
    int ndeps;
    bool unpublished;       /* analysed since diagnostics were last published */
    DocTree tree;           /* the syntax trees of its analyses */
} Doc;

typedef struct Server {
    RpcReader in;
    int out;
    const LspOptions *opt;
    Doc **docs;
    int ndocs, cap;
    bool initialized, shutdown, exit;
    long long next_id;      /* of requests the server sends */
    Doc *analysing;         /* the document being checked (for tree_of) */
    ArenaPool pool;         /* the chunks of freed analyses, for the next */
} Server;

/* JSON-RPC error codes */
enum {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_SERVER_NOT_INITIALIZED = -32002,
    RPC_REQUEST_FAILED = -32803,
};

/* A request's outcome: a result (possibly JSON null), or an error. */
typedef struct Reply {
    cJSON *result;
    int error;              /* 0, or an RPC_* code */
    const char *message;
} Reply;

void server_send(Server *s, cJSON *msg);     /* takes `msg` */
Doc *server_doc(Server *s, const char *uri);
/* The document's analysis, brought up to date first. */
Analysis *server_analysis(Server *s, Doc *d);

/* Params helpers: the document and byte offset of a TextDocumentPosition. */
Doc *params_doc(Server *s, const cJSON *params);
bool params_offset(const Doc *d, const cJSON *params, uint32_t *offset);

/* {"line":..,"character":..} and {"start":..,"end":..} */
cJSON *json_pos(LspPos p);
cJSON *json_range(const LineIndex *li, uint32_t lo, uint32_t hi);
/* A Location of `sp` in analysis `an` (any of its files), or NULL when
   that file has no URI (the embedded standard library). */
cJSON *json_location(Server *s, const Analysis *an, Span sp);
/* The URI of file `file` of `an` (malloc'd), or NULL. */
char *analysis_uri(Server *s, const Analysis *an, uint32_t file);
/* "file:///a%20b" <-> "/a b" (malloc'd; NULL if not a file: URI). */
char *uri_to_path(const char *uri);
char *path_to_uri(const char *path);

/* The tree of file `now` after an edit from text t0 (whose tree is
   `old`, the last in `t`), made of the statements of `old` the edit did
   not touch and a parse of the lines between them (reparse.c); NULL when
   only a parse of the whole file gives the same tree.  `old` is not valid
   afterwards (its statements are the new tree's, moved). */
AstFile *reparse(DocTree *t, AstFile *old, const char *t0, uint32_t len0, const SourceFile *now);
/* A parse of the whole file, the first tree of a new arena of `t`. */
AstFile *doc_tree_parse(DocTree *t, DiagEngine *diag, const SourceMap *sm, uint32_t file);
void doc_tree_init(DocTree *t, ArenaPool *pool);
void doc_tree_free(DocTree *t);

/* The capabilities, each in its own file. */
Reply lsp_hover(Server *s, const cJSON *params);
Reply lsp_completion(Server *s, const cJSON *params);
Reply lsp_definition(Server *s, const cJSON *params);
Reply lsp_references(Server *s, const cJSON *params);
Reply lsp_rename(Server *s, const cJSON *params);
Reply lsp_prepare_rename(Server *s, const cJSON *params);
Reply lsp_symbols(Server *s, const cJSON *params);
Reply lsp_code_action(Server *s, const cJSON *params);
Reply lsp_formatting(Server *s, const cJSON *params);
/* The diagnostics of `d`'s last analysis as LSP Diagnostics. */
cJSON *lsp_diagnostics(Server *s, Doc *d);
/* One of them (for a code action's `diagnostics`). */
cJSON *lsp_diagnostics_one(Server *s, Doc *d, const Diagnostic *dg);

#endif
