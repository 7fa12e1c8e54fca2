/* parse.c - runs the reentrant flex scanner and bison parser over a file. */
#include "syntax/parse.h"

#include "syntax/parse_ctx.h"
#include "parser.h"
#include "lexer.h"

#include <stdint.h>
#include <string.h>

/* Invalid UTF-8 and NUL bytes are reported once per file, at the first
   offending byte, before lexing: a source file is text. */
static uint32_t check_encoding(DiagEngine *diag, const SourceFile *f)
{
    const unsigned char *t = (const unsigned char *)f->text;
    for (uint32_t i = 0; i < f->len;) {
        /* Eight bytes at a time while they are ASCII and none is NUL. */
        while (f->len - i >= 8) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            if ((w & highs) || ((w - ones) & ~w & highs))
                break;
            i += 8;
        }
        if (i >= f->len)
            break;
        unsigned char c = t[i];
        if (c == 0) {
            diag_error(diag, span_make(f->id, i, i + 1), "E0006", "NUL byte in source file");
            return i;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        uint32_t need = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
        bool ok = need <= 3 && c >= 0xC2 && c <= 0xF4 && i + need < f->len + 1;
        for (uint32_t k = 1; ok && k <= need; k++)
            ok = i + k < f->len && (t[i + k] & 0xC0) == 0x80;
        if (!ok) {
            diag_error(diag, span_make(f->id, i, i + 1), "E0006",
                       "invalid UTF-8 byte 0x%02X (source files must be UTF-8)", c);
            return i;
        }
        i += need + 1;
    }
    return UINT32_MAX;
}

AstFile *parse_file(Arena *a, DiagEngine *diag, const SourceMap *sm, uint32_t file)
{
    const SourceFile *f = source_get(sm, file);
    AstFile *out = ARENA_NEW(a, AstFile);
    out->file = file;
    uint32_t bad = check_encoding(diag, f);

    ParseCtx pc = {.arena = a, .diag = diag, .file = file, .text = f->text,
                   .len = f->len, .result = out, .bad_offset = bad, .stmt_start = true};
    yyscan_t scanner;
    if (yylex_init_extra(&pc, &scanner) != 0)
        ecsc_oom();
    /* The scanner reads a copy that always ends in a newline, so trailing
       context at the end of the file works; offsets are unchanged. */
    size_t n = f->len;
    char *buf = arena_alloc(a, n + 3);
    memcpy(buf, f->text, n);
    buf[n] = '\n';
    buf[n + 1] = buf[n + 2] = '\0';
    YY_BUFFER_STATE bs = yy_scan_buffer(buf, n + 3, scanner);
    if (!bs)
        ecsc_oom();
    yyparse(scanner, &pc);
    yy_delete_buffer(bs, scanner);
    yylex_destroy(scanner);
    strbuf_free(&pc.sbuf);
    return out;
}
