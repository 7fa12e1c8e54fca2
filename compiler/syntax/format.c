/* format.c - prints a syntax tree in the canonical layout (format.h).
 *
 * The printer walks the tree and puts back the comments the lexer recorded
 * (AstFile.comments), by position: a comment between two statements stays
 * on its own line between them, one at the end of a statement's line stays
 * at the end of that line, one inside a list stays between the same items.
 * The layout (docs/language.md, "Formatting"):
 *   - two spaces of indentation per block; one statement per line; at most
 *     one blank line between statements, none at the start or end of a
 *     block;
 *   - a block or list written on one line stays on one line (`{ a = 1 }`,
 *     `[a, b]`); one written on several lines keeps its line breaks;
 *   - in a run of one-line statements (no blank line or multi-line
 *     statement between them), arguments start in one column, `=` of
 *     assignments line up, statements with the same head word line up
 *     their leading word arguments as a table (`param port    number`),
 *     and comments at the end of lines line up.
 * Everything that is not layout is printed as written: strings with their
 * escapes, numbers with their digits.
 */
#include "syntax/format.h"

#include "syntax/parse.h"

#include <string.h>

typedef struct Fmt {
    Arena *arena;
    const char *src;
    AstComment **cm;                /* the file's comments, in source order */
    int ncm;
    StrBuf *out;                    /* where put_* functions write */
    const AstNode *skip_opener;     /* a block whose `{  # comment` the caller prints */
} Fmt;

/* One line of a block's body: a statement or a comment on its own line. */
typedef struct Item {
    const AstStmt *stmt;            /* NULL: a comment on its own line */
    const AstComment *comment;      /* that comment, or the statement's at the end of its line */
    const AstComment *opener;       /* a multi-line statement's `{  # comment` */
    const AstNode *opener_block;
    bool blank_before, multiline;
    size_t key_w;                   /* the head (or key) is padded to this width */
    const size_t *colw;             /* same-head rows: widths of the leading argument cells */
    int ncolw;
} Item;

/* Arguments printed without a space between them form one cell:
   `api:8080`, `2..10`. */
typedef struct Cell {
    int first, count;
    size_t width;
    bool word;                      /* one AST_WORD */
} Cell;

static void put_node(Fmt *f, const AstNode *n);
static void put_stmt(Fmt *f, const AstStmt *s, size_t key_w, const size_t *colw, int ncolw);
static void print_body(Fmt *f, const Vec *stmts, uint32_t lo, uint32_t hi, size_t indent);

/* ---- source positions ---------------------------------------------------- */

static bool newline_in(const Fmt *f, uint32_t lo, uint32_t hi)
{
    return hi > lo && memchr(f->src + lo, '\n', hi - lo) != NULL;
}

/* Two newlines with only blanks between them in [lo, hi). */
static bool blank_line_in(const Fmt *f, uint32_t lo, uint32_t hi)
{
    bool after_newline = false;
    for (uint32_t i = lo; i < hi; i++) {
        char c = f->src[i];
        if (c == '\n') {
            if (after_newline)
                return true;
            after_newline = true;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            after_newline = false;
        }
    }
    return false;
}

/* The index of the first comment that starts at or after `pos`. */
static int comment_from(const Fmt *f, uint32_t pos)
{
    int lo = 0, hi = f->ncm;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (f->cm[mid]->span.lo < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool comment_in(const Fmt *f, uint32_t lo, uint32_t hi)
{
    int i = comment_from(f, lo);
    return i < f->ncm && f->cm[i]->span.lo < hi;
}

/* A block's or list's first comment when it is on the line of the opening
   bracket, before any item: `{  # comment`. */
static const AstComment *opener_comment(const Fmt *f, const AstNode *n, uint32_t first_item)
{
    uint32_t lo = n->span.lo + 1;
    int i = comment_from(f, lo);
    if (i < f->ncm && f->cm[i]->span.lo < first_item && !newline_in(f, lo, f->cm[i]->span.lo))
        return f->cm[i];
    return NULL;
}

/* ---- output -------------------------------------------------------------- */

/* Display width: UTF-8 sequences count as one column. */
static size_t text_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

static size_t line_start(const StrBuf *b)
{
    size_t i = b->len;
    while (i > 0 && b->data[i - 1] != '\n')
        i--;
    return i;
}

static size_t column(const StrBuf *b)
{
    size_t start = line_start(b);
    return text_width(b->data + start, b->len - start);
}

static size_t line_indent(const StrBuf *b)
{
    size_t i = line_start(b), n = 0;
    while (i + n < b->len && b->data[i + n] == ' ')
        n++;
    return n;
}

static void put_spaces(StrBuf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        strbuf_putc(b, ' ');
}

static void put_src(Fmt *f, Span sp)
{
    strbuf_putn(f->out, f->src + sp.lo, sp.hi - sp.lo);
}

/* A comment without the blanks (and carriage return) at its end. */
static void put_comment(Fmt *f, const AstComment *c)
{
    uint32_t hi = c->span.hi;
    while (hi > c->span.lo + 1 && (f->src[hi - 1] == ' ' || f->src[hi - 1] == '\t' ||
                                   f->src[hi - 1] == '\r'))
        hi--;
    put_src(f, span_make(c->span.file, c->span.lo, hi));
}

/* ---- values -------------------------------------------------------------- */

static bool is_punct(const AstNode *n, const char *p)
{
    return n->kind == AST_PUNCT && strcmp(n->text, p) == 0;
}

/* Whether args[i] follows args[i-1] without a space.  `:` always binds
   (`api:8080`); `..` binds unless a word or $variable is on its left,
   which would take the dots into its name (`a..b` is one word). */
static bool glued(const Vec *args, int i)
{
    if (i <= 0)
        return false;
    const AstNode *l = args->items[i - 1], *r = args->items[i];
    if (is_punct(l, ":") || is_punct(r, ":"))
        return true;
    if (is_punct(r, ".."))
        return l->kind != AST_WORD && l->kind != AST_VAR;
    if (is_punct(l, ".."))
        return glued(args, i - 1);
    return false;
}

static bool has_content(const Fmt *f, const AstNode *n)
{
    return n->items.len > 0 || comment_in(f, n->span.lo, n->span.hi);
}

/* A list written on several lines is printed as a block of lines when a
   newline follows `[` (or a comment its last item), else it continues
   after `[` (put_list_lines). */
static bool list_block_style(const Fmt *f, const AstNode *n)
{
    const Vec *it = &n->items;
    if (!it->len)
        return true;
    const AstNode *first = it->items[0], *last = it->items[it->len - 1];
    return newline_in(f, n->span.lo + 1, first->span.lo) ||
           comment_in(f, last->span.hi, n->span.hi - 1);
}

static bool prints_multiline(const Fmt *f, const AstNode *n);

static bool list_multiline(const Fmt *f, const AstNode *n)
{
    if (!has_content(f, n) || !newline_in(f, n->span.lo, n->span.hi))
        return false;
    if (list_block_style(f, n))
        return true;
    for (int i = 0; i < n->items.len; i++) {
        const AstNode *x = n->items.items[i];
        if (prints_multiline(f, x) ||
            (i > 0 && newline_in(f, ((AstNode *)n->items.items[i - 1])->span.hi, x->span.lo)))
            return true;
    }
    return false;
}

/* Whether `n` prints on more than one line: a block written on several
   lines, a list whose lines stay apart, or an expression with a comment
   inside (printed as written). */
static bool prints_multiline(const Fmt *f, const AstNode *n)
{
    switch (n->kind) {
    case AST_BLOCK:
        return has_content(f, n) && newline_in(f, n->span.lo, n->span.hi);
    case AST_LIST:
        return list_multiline(f, n);
    case AST_EXPR:
        if (comment_in(f, n->span.lo, n->span.hi))
            return true;
        for (int i = 0; i < n->items.len; i++)
            if (prints_multiline(f, n->items.items[i]))
                return true;
        return false;
    default:
        return false;
    }
}

static bool stmt_multiline(const Fmt *f, const AstStmt *s)
{
    for (int i = 0; i < s->args.len; i++)
        if (prints_multiline(f, s->args.items[i]))
            return true;
    return false;
}

/* `512 MiB` keeps one space before its unit, `30s` none, as written. */
static void put_number(Fmt *f, const AstNode *n)
{
    strbuf_puts(f->out, n->text);
    size_t written = strlen(n->text) + strlen(n->unit);
    if (n->unit[0] && n->span.hi - n->span.lo > written)
        strbuf_putc(f->out, ' ');
    strbuf_puts(f->out, n->unit);
}

static void put_expr(Fmt *f, const AstNode *n)
{
    if (comment_in(f, n->span.lo, n->span.hi)) {
        put_src(f, n->span);        /* a comment inside (...): kept as written */
        return;
    }
    strbuf_putc(f->out, '(');
    for (int i = 0; i < n->items.len; i++) {
        if (i)
            strbuf_putc(f->out, ' ');
        put_node(f, n->items.items[i]);
    }
    strbuf_putc(f->out, ')');
}

/* A comment at the end of an item's line inside a list: the first comment
   in [lo, hi) if no newline comes before it. */
static int trailing_in(const Fmt *f, int ci, uint32_t lo, uint32_t hi)
{
    if (ci < f->ncm && f->cm[ci]->span.lo < hi && !newline_in(f, lo, f->cm[ci]->span.lo))
        return ci;
    return -1;
}

/* A list written on several lines keeps its line breaks.  Written as
   `[a, b,` + newline, it continues in the column after `[` and closes after
   its last item; written as `[` + newline (or with a comment after the
   last item), its lines are indented one step, each ends with a comma and
   `]` gets a line of its own. */
static void put_list_lines(Fmt *f, const AstNode *n)
{
    const Vec *it = &n->items;
    uint32_t lo = n->span.lo + 1, hi = n->span.hi - 1;
    const AstNode *first = it->len ? it->items[0] : NULL;
    bool block = list_block_style(f, n);
    size_t base = line_indent(f->out);
    size_t cont = block ? base + 2 : column(f->out) + 1;
    strbuf_putc(f->out, '[');
    int ci = comment_from(f, lo);
    if (block) {
        const AstComment *op = opener_comment(f, n, first ? first->span.lo : hi);
        if (op) {
            strbuf_puts(f->out, "  ");
            put_comment(f, op);
            ci++;
        }
        strbuf_putc(f->out, '\n');
    }
    for (int i = 0; i < it->len; i++) {
        const AstNode *x = it->items[i];
        bool line_start = i == 0 ? block : newline_in(f, ((AstNode *)it->items[i - 1])->span.hi,
                                                      x->span.lo);
        for (; ci < f->ncm && f->cm[ci]->span.lo < x->span.lo; ci++) {
            put_spaces(f->out, cont);
            put_comment(f, f->cm[ci]);
            strbuf_putc(f->out, '\n');
        }
        if (line_start)
            put_spaces(f->out, cont);
        else if (i > 0)
            strbuf_putc(f->out, ' ');
        put_node(f, x);
        ci = comment_from(f, x->span.hi);
        bool is_last = i == it->len - 1;
        uint32_t next = is_last ? hi : ((AstNode *)it->items[i + 1])->span.lo;
        bool eol = is_last ? block : newline_in(f, x->span.hi, next);
        if (!is_last || block)
            strbuf_putc(f->out, ',');
        if (eol) {
            int t = trailing_in(f, ci, x->span.hi, next);
            if (t >= 0) {
                strbuf_puts(f->out, "  ");
                put_comment(f, f->cm[t]);
                ci = t + 1;
            }
            strbuf_putc(f->out, '\n');
        }
    }
    for (; ci < f->ncm && f->cm[ci]->span.lo < hi; ci++) {
        put_spaces(f->out, cont);
        put_comment(f, f->cm[ci]);
        strbuf_putc(f->out, '\n');
    }
    if (block)
        put_spaces(f->out, base);
    strbuf_putc(f->out, ']');
}

static void put_list(Fmt *f, const AstNode *n)
{
    if (!has_content(f, n)) {
        strbuf_puts(f->out, "[]");
    } else if (newline_in(f, n->span.lo, n->span.hi)) {
        put_list_lines(f, n);
    } else {
        strbuf_putc(f->out, '[');
        for (int i = 0; i < n->items.len; i++) {
            if (i)
                strbuf_puts(f->out, ", ");
            put_node(f, n->items.items[i]);
        }
        strbuf_putc(f->out, ']');
    }
}

/* A block written on one line stays there: `{ a = 1, b = 2 }` when it
   holds only assignments, `{ image "x"; port 80 }` otherwise. */
static void put_block_inline(Fmt *f, const AstNode *n)
{
    bool all_assign = true;
    for (int i = 0; i < n->items.len; i++)
        all_assign = all_assign && ((AstStmt *)n->items.items[i])->is_assign;
    strbuf_puts(f->out, "{ ");
    for (int i = 0; i < n->items.len; i++) {
        if (i)
            strbuf_puts(f->out, all_assign ? ", " : "; ");
        put_stmt(f, n->items.items[i], 0, NULL, 0);
    }
    strbuf_puts(f->out, " }");
}

static void put_block(Fmt *f, const AstNode *n)
{
    if (!has_content(f, n)) {
        strbuf_puts(f->out, "{}");
        return;
    }
    if (!newline_in(f, n->span.lo, n->span.hi)) {
        put_block_inline(f, n);
        return;
    }
    size_t base = line_indent(f->out);
    uint32_t lo = n->span.lo + 1, hi = n->span.hi - 1;
    const AstStmt *first = n->items.len ? n->items.items[0] : NULL;
    const AstComment *op = opener_comment(f, n, first ? first->span.lo : hi);
    strbuf_putc(f->out, '{');
    if (op) {
        if (f->skip_opener != n) {
            strbuf_puts(f->out, "  ");
            put_comment(f, op);
        }
        lo = op->span.hi;
    }
    strbuf_putc(f->out, '\n');
    print_body(f, &n->items, lo, hi, base + 2);
    put_spaces(f->out, base);
    strbuf_putc(f->out, '}');
}

static void put_node(Fmt *f, const AstNode *n)
{
    switch (n->kind) {
    case AST_NUMBER:
        put_number(f, n);
        break;
    case AST_WORD:
    case AST_PUNCT:
        strbuf_puts(f->out, n->text);
        break;
    case AST_STRING:
    case AST_VAR:
        put_src(f, n->span);        /* as written: escapes, ${...} */
        break;
    case AST_EXPR:
        put_expr(f, n);
        break;
    case AST_LIST:
        put_list(f, n);
        break;
    case AST_BLOCK:
        put_block(f, n);
        break;
    }
}

/* ---- statements ---------------------------------------------------------- */

static int stmt_cells(Fmt *f, const AstStmt *s, Cell *cells)
{
    int n = 0;
    for (int i = 0; i < s->args.len; i++) {
        if (!glued(&s->args, i))
            cells[n++] = (Cell){.first = i};
        cells[n - 1].count++;
    }
    StrBuf *saved = f->out, scratch = {0};
    f->out = &scratch;
    for (int k = 0; k < n; k++) {
        scratch.len = 0;
        for (int i = 0; i < cells[k].count; i++)
            put_node(f, s->args.items[cells[k].first + i]);
        cells[k].width = text_width(scratch.data, scratch.len);
        cells[k].word = cells[k].count == 1 &&
                        ((AstNode *)s->args.items[cells[k].first])->kind == AST_WORD;
    }
    f->out = saved;
    strbuf_free(&scratch);
    return n;
}

static size_t span_width(const Fmt *f, Span sp)
{
    return text_width(f->src + sp.lo, sp.hi - sp.lo);
}

/* head (padded to key_w), then the arguments; cell k of the first ncolw
   is padded to colw[k]. */
static void put_stmt(Fmt *f, const AstStmt *s, size_t key_w, const size_t *colw, int ncolw)
{
    put_src(f, s->head_span);
    size_t hw = span_width(f, s->head_span);
    if (s->is_assign) {
        put_spaces(f->out, key_w > hw ? key_w - hw : 0);
        strbuf_puts(f->out, " = ");
        put_node(f, s->args.items[0]);
        return;
    }
    if (!s->args.len)
        return;
    put_spaces(f->out, (key_w > hw ? key_w - hw : 0) + 1);
    int k = 0;                      /* the cell being written */
    size_t cell_start = f->out->len;    /* where it starts in out */
    for (int i = 0; i < s->args.len; i++) {
        if (i > 0 && !glued(&s->args, i)) {
            if (k < ncolw) {
                size_t w = text_width(f->out->data + cell_start, f->out->len - cell_start);
                put_spaces(f->out, colw[k] > w ? colw[k] - w : 0);
            }
            strbuf_putc(f->out, ' ');
            k++;
            cell_start = f->out->len;
        }
        put_node(f, s->args.items[i]);
    }
}

/* ---- blocks of statements ------------------------------------------------ */

/* The statements of [lo, hi) and the comments between them, in order. */
static Item *collect_items(Fmt *f, const Vec *stmts, uint32_t lo, uint32_t hi, int *count)
{
    int ci = comment_from(f, lo), n = 0;
    int ncomments = comment_from(f, hi) - ci;
    Item *items = ARENA_ARRAY(f->arena, Item, stmts->len + (ncomments > 0 ? ncomments : 0) + 1);
    uint32_t prev = lo;
    for (int i = 0; i <= stmts->len; i++) {
        const AstStmt *s = i < stmts->len ? stmts->items[i] : NULL;
        uint32_t until = s ? s->span.lo : hi;
        for (; ci < f->ncm && f->cm[ci]->span.lo < until; ci++) {
            items[n++] = (Item){.comment = f->cm[ci], .blank_before = blank_line_in(f, prev, f->cm[ci]->span.lo)};
            prev = f->cm[ci]->span.hi;
        }
        if (!s)
            break;
        Item *it = &items[n++];
        *it = (Item){.stmt = s, .blank_before = blank_line_in(f, prev, s->span.lo),
                     .multiline = stmt_multiline(f, s)};
        prev = s->span.hi;
        ci = comment_from(f, s->span.hi);     /* those inside belong to its blocks and lists */
        uint32_t next = i + 1 < stmts->len ? ((AstStmt *)stmts->items[i + 1])->span.lo : hi;
        if (ci < f->ncm && f->cm[ci]->span.lo < next && !newline_in(f, s->span.hi, f->cm[ci]->span.lo)) {
            it->comment = f->cm[ci++];
            prev = it->comment->span.hi;
        }
        for (int k = 0; it->multiline && k < s->args.len; k++) {
            const AstNode *a = s->args.items[k];
            if (!prints_multiline(f, a))
                continue;
            if (a->kind == AST_BLOCK) {
                const AstStmt *first = a->items.len ? a->items.items[0] : NULL;
                it->opener = opener_comment(f, a, first ? first->span.lo : a->span.hi - 1);
                it->opener_block = a;
            }
            break;
        }
    }
    if (n)
        items[0].blank_before = false;
    *count = n;
    return items;
}

/* Statements with the same head in a row line up their leading word
   arguments as a table, up to the first column that holds something else
   (`param port    number   default 8080`). */
static void align_table(Fmt *f, Item **rows, int nrows)
{
    int maxargs = 0;
    Cell **cells = ARENA_ARRAY(f->arena, Cell *, nrows);
    int *ncells = ARENA_ARRAY(f->arena, int, nrows);
    for (int r = 0; r < nrows; r++) {
        const AstStmt *s = rows[r]->stmt;
        maxargs = s->args.len > maxargs ? s->args.len : maxargs;
        cells[r] = ARENA_ARRAY(f->arena, Cell, s->args.len + 1);
        ncells[r] = stmt_cells(f, s, cells[r]);
    }
    size_t *colw = ARENA_ARRAY(f->arena, size_t, maxargs + 1);
    int ncol = 0;
    for (;; ncol++) {
        int rows_on = 0;
        bool words = true;
        for (int r = 0; r < nrows; r++) {
            if (ncells[r] <= ncol + 1)
                continue;       /* nothing after this cell to line up */
            const Cell *c = &cells[r][ncol];
            rows_on++;
            words = words && c->word;
            colw[ncol] = c->width > colw[ncol] ? c->width : colw[ncol];
        }
        if (rows_on < 2 || !words)
            break;
    }
    for (int r = 0; r < nrows && ncol > 0; r++) {
        rows[r]->colw = colw;
        rows[r]->ncolw = ncol;
    }
}

/* Alignment within each run of one-line statements. */
static void align_group(Fmt *f, Item *items, int n)
{
    size_t head_w = 0, key_w = 0;
    for (int i = 0; i < n; i++) {
        const AstStmt *s = items[i].stmt;
        if (!s)
            continue;
        size_t w = span_width(f, s->head_span);
        if (s->is_assign)
            key_w = w > key_w ? w : key_w;
        else if (s->args.len)
            head_w = w > head_w ? w : head_w;
    }
    Item **rows = ARENA_ARRAY(f->arena, Item *, n);
    int nrows = 0;
    for (int i = 0; i < n; i++) {
        const AstStmt *s = items[i].stmt;
        if (!s)
            continue;
        items[i].key_w = s->is_assign ? key_w : head_w;
        if (nrows && (s->is_assign || strcmp(rows[0]->stmt->head, s->head) != 0)) {
            if (nrows > 1)
                align_table(f, rows, nrows);
            nrows = 0;
        }
        if (!s->is_assign)
            rows[nrows++] = &items[i];
    }
    if (nrows > 1)
        align_table(f, rows, nrows);
}

/* `param` declarations line up among themselves, as a table, not with
   the statements of the body that follows them. */
static bool is_param(const Item *it)
{
    return it->stmt && !it->stmt->is_assign && strcmp(it->stmt->head, "param") == 0;
}

/* Groups: runs of one-line statements with no blank line between them. */
static void align_groups(Fmt *f, Item *items, int n)
{
    for (int i = 0; i < n;) {
        if (items[i].multiline) {
            i++;
            continue;
        }
        int e = i + 1, last = items[i].stmt ? i : -1;
        for (; e < n && !items[e].blank_before && !items[e].multiline; e++) {
            if (!items[e].stmt)
                continue;
            if (last >= 0 && is_param(&items[last]) != is_param(&items[e]))
                break;
            last = e;
        }
        align_group(f, items + i, e - i);
        i = e;
    }
}

/* A run of lines with no blank line between them: statements are printed
   first, so that the comments at the end of their first lines can line
   up. */
static void print_section(Fmt *f, Item *items, int n, size_t indent)
{
    StrBuf *texts = ARENA_ARRAY(f->arena, StrBuf, n);
    size_t *first_w = ARENA_ARRAY(f->arena, size_t, n);
    size_t comment_col = 0;
    StrBuf *saved = f->out;
    for (int i = 0; i < n; i++) {
        Item *it = &items[i];
        if (!it->stmt)
            continue;
        f->out = &texts[i];
        f->skip_opener = it->opener_block;
        put_spaces(f->out, indent);
        put_stmt(f, it->stmt, it->key_w, it->colw, it->ncolw);
        f->skip_opener = NULL;
        const char *nl = memchr(texts[i].data, '\n', texts[i].len);
        first_w[i] = text_width(texts[i].data, nl ? (size_t)(nl - texts[i].data) : texts[i].len);
        const AstComment *c = it->multiline ? it->opener : it->comment;
        if (c && first_w[i] + 2 > comment_col)
            comment_col = first_w[i] + 2;
    }
    f->out = saved;
    for (int i = 0; i < n; i++) {
        Item *it = &items[i];
        if (!it->stmt) {
            put_spaces(f->out, indent);
            put_comment(f, it->comment);
            strbuf_putc(f->out, '\n');
            continue;
        }
        StrBuf *t = &texts[i];
        const char *nl = memchr(t->data, '\n', t->len);
        size_t first_len = nl ? (size_t)(nl - t->data) : t->len;
        const AstComment *first_c = it->multiline ? it->opener : it->comment;
        strbuf_putn(f->out, t->data, first_len);
        if (first_c) {
            put_spaces(f->out, comment_col - first_w[i]);
            put_comment(f, first_c);
        }
        strbuf_putn(f->out, t->data + first_len, t->len - first_len);
        if (it->multiline && it->comment) {
            strbuf_puts(f->out, "  ");
            put_comment(f, it->comment);
        }
        strbuf_putc(f->out, '\n');
        strbuf_free(t);
    }
}

static void print_body(Fmt *f, const Vec *stmts, uint32_t lo, uint32_t hi, size_t indent)
{
    int n;
    Item *items = collect_items(f, stmts, lo, hi, &n);
    align_groups(f, items, n);
    for (int i = 0; i < n;) {
        int e = i + 1;
        while (e < n && !items[e].blank_before)
            e++;
        print_section(f, items + i, e - i, indent);
        if (e < n)
            strbuf_putc(f->out, '\n');
        i = e;
    }
}

/* ---- entry points -------------------------------------------------------- */

bool fmt_file(Arena *a, DiagEngine *diag, const SourceMap *sm, uint32_t file, StrBuf *out)
{
    int errors = diag_error_count(diag);
    AstFile *ast = parse_file(a, diag, sm, file);
    if (diag_error_count(diag) > errors)
        return false;
    const SourceFile *sf = source_get(sm, file);
    Fmt f = {.arena = a, .src = sf->text, .cm = (AstComment **)ast->comments.items,
             .ncm = ast->comments.len, .out = out};
    print_body(&f, &ast->stmts, 0, sf->len, 0);
    return true;
}

bool fmt_source(Arena *a, DiagEngine *diag, SourceMap *sm, const char *name,
                const char *text, size_t len, StrBuf *out)
{
    return fmt_file(a, diag, sm, source_add(sm, name, text, len), out);
}
