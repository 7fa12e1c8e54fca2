/* ast.c - names and the S-expression dump of the syntax tree. */
#include "syntax/ast.h"

#include "base/strbuf.h"

const char *ast_kind_name(AstKind k)
{
    switch (k) {
    case AST_STRING: return "a string";
    case AST_NUMBER: return "a number";
    case AST_WORD: return "a word";
    case AST_LIST: return "a list";
    case AST_BLOCK: return "a block";
    case AST_PUNCT: return "punctuation";
    case AST_VAR: return "a variable";
    case AST_EXPR: return "an expression";
    }
    return "?";
}

static void indent(StrBuf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        strbuf_puts(out, "  ");
}

static void dump_quoted(StrBuf *out, const char *s)
{
    strbuf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, (char)c);
        } else if (c == '\n') {
            strbuf_puts(out, "\\n");
        } else if (c == '\t') {
            strbuf_puts(out, "\\t");
        } else if (c == '\r') {
            strbuf_puts(out, "\\r");
        } else if (c < 0x20 || c == 0x7f) {
            strbuf_printf(out, "\\x%02X", c);
        } else {
            strbuf_putc(out, (char)c);
        }
    }
    strbuf_putc(out, '"');
}

static void dump_stmt(const AstStmt *s, StrBuf *out, int depth);

static void dump_node(const AstNode *n, StrBuf *out, int depth)
{
    switch (n->kind) {
    case AST_STRING:
        strbuf_puts(out, "(string ");
        dump_quoted(out, n->text);
        for (int i = 0; i < n->items.len; i++) {
            const AstNode *part = n->items.items[i];
            if (part->kind == AST_VAR)
                strbuf_printf(out, " (var %s @%u-%u)", part->text, part->span.lo, part->span.hi);
        }
        break;
    case AST_NUMBER:
        strbuf_printf(out, "(number %s", n->text);
        if (n->unit[0])
            strbuf_printf(out, " %s", n->unit);
        break;
    case AST_WORD:
        strbuf_printf(out, "(word %s", n->text);
        break;
    case AST_PUNCT:
        strbuf_printf(out, "(punct %s", n->text);
        break;
    case AST_VAR:
        strbuf_printf(out, "(var %s", n->text);
        break;
    case AST_EXPR:
        strbuf_puts(out, "(expr");
        for (int i = 0; i < n->items.len; i++) {
            strbuf_putc(out, ' ');
            dump_node(n->items.items[i], out, depth);
        }
        break;
    case AST_LIST:
        strbuf_puts(out, "(list");
        for (int i = 0; i < n->items.len; i++) {
            strbuf_putc(out, ' ');
            dump_node(n->items.items[i], out, depth);
        }
        break;
    case AST_BLOCK:
        strbuf_puts(out, "(block");
        for (int i = 0; i < n->items.len; i++) {
            strbuf_putc(out, '\n');
            dump_stmt(n->items.items[i], out, depth + 1);
        }
        break;
    }
    strbuf_printf(out, " @%u-%u)", n->span.lo, n->span.hi);
}

static void dump_stmt(const AstStmt *s, StrBuf *out, int depth)
{
    indent(out, depth);
    strbuf_printf(out, "(%s ", s->is_assign ? "assign" : "stmt");
    if (s->head_quoted)
        dump_quoted(out, s->head);
    else
        strbuf_puts(out, s->head);
    for (int i = 0; i < s->args.len; i++) {
        strbuf_putc(out, ' ');
        dump_node(s->args.items[i], out, depth);
    }
    strbuf_printf(out, " @%u-%u)", s->span.lo, s->span.hi);
}

void ast_dump(const AstFile *f, StrBuf *out)
{
    for (int i = 0; i < f->stmts.len; i++) {
        dump_stmt(f->stmts.items[i], out, 0);
        strbuf_putc(out, '\n');
    }
}
