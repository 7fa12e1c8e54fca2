/* strbuf.h - a growable byte buffer (malloc-owned; free with strbuf_free). */
#ifndef ECSC_BASE_STRBUF_H
#define ECSC_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct StrBuf {
    char *data;
    size_t len, cap;
} StrBuf;

void strbuf_free(StrBuf *b);
void strbuf_putn(StrBuf *b, const char *s, size_t n);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_putc(StrBuf *b, char c);
void strbuf_printf(StrBuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Always NUL-terminated (an empty buffer yields ""). */
const char *strbuf_cstr(StrBuf *b);

#endif
