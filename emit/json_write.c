/* json_write.c - deterministic pretty printer for cJSON trees. */
#include "json_write.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"     /* ecsc_oom */

static void buf_grow(JsonBuf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        ecsc_oom();
    size_t need = b->len + extra + 1;   /* + the NUL */
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            ecsc_oom();
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p)
        ecsc_oom();
    b->data = p;
    b->cap = cap;
}

/* Room for `extra` more bytes and a NUL; the text is NUL-terminated only
   by json_buf_cstr() and json_write_pretty(). */
static inline void buf_reserve(JsonBuf *b, size_t extra)
{
    if (extra >= b->cap - b->len || !b->data)
        buf_grow(b, extra);
}

static inline void buf_put(JsonBuf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

#define buf_lit(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

static void buf_puts(JsonBuf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

static inline void buf_putc(JsonBuf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
}

static void buf_indent(JsonBuf *b, int depth)
{
    size_t n = (size_t)depth * 2;
    buf_reserve(b, n);
    memset(b->data + b->len, ' ', n);
    b->len += n;
}

void json_buf_put(JsonBuf *b, const char *s, size_t n) { buf_put(b, s, n); }
void json_buf_puts(JsonBuf *b, const char *s) { buf_puts(b, s); }
void json_buf_indent(JsonBuf *b, int depth) { buf_indent(b, depth); }

const char *json_buf_cstr(JsonBuf *b)
{
    buf_reserve(b, 0);
    b->data[b->len] = '\0';
    return b->data;
}

void json_buf_free(JsonBuf *b)
{
    free(b->data);
    *b = (JsonBuf){0};
}

/* The bytes json_write_string cannot copy as they are: NUL (the end),
   control characters, '"' and '\\'. */
static const unsigned char special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

void json_write_string(JsonBuf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    if (s) {
        /* The common case, nothing to escape: found 8 bytes at a time (a
           word may only be flagged falsely when it holds a special byte
           too), then copied at once. */
        size_t n = strlen(s), i = 0;
        const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
        for (; i + 8 <= n; i += 8) {
            uint64_t v;
            memcpy(&v, s + i, 8);
            uint64_t q = v ^ (ones * '"'), bs = v ^ (ones * '\\');
            if (((v - ones * 0x20) & ~v & highs) | ((q - ones) & ~q & highs)
                | ((bs - ones) & ~bs & highs))
                break;
        }
        while (i < n && !special[(unsigned char)s[i]])
            i++;
        if (i == n) {
            buf_put(b, s, n);
            buf_putc(b, '"');
            return;
        }
        const char *run = s;    /* start of the pending unescaped bytes */
        const char *p = s + i;
        for (;; p++) {
            unsigned char c = (unsigned char)*p;
            if (!special[c])
                continue;       /* the common case: copied as is */
            if (!c)
                break;
            const char *esc = NULL;
            char ubuf[7];
            switch (c) {
            case '"': esc = "\\\""; break;
            case '\\': esc = "\\\\"; break;
            case '\n': esc = "\\n"; break;
            case '\t': esc = "\\t"; break;
            case '\r': esc = "\\r"; break;
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            default:
                memcpy(ubuf, "\\u00", 4);
                ubuf[4] = hex[c >> 4];
                ubuf[5] = hex[c & 0xf];
                ubuf[6] = '\0';
                esc = ubuf;
                break;
            }
            buf_put(b, run, (size_t)(p - run));
            buf_puts(b, esc);
            run = p + 1;
        }
        buf_put(b, run, (size_t)(p - run));
    }
    buf_putc(b, '"');
}

static void write_number(JsonBuf *b, double v)
{
    char tmp[64];
    if (!isfinite(v)) {
        buf_puts(b, "null");    /* JSON has no NaN/Inf; same as cJSON */
        return;
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        /* what "%lld" prints, without printf */
        long long n = (long long)v;
        unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
        char *end = tmp + sizeof tmp, *p = end;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (n < 0)
            *--p = '-';
        buf_put(b, p, (size_t)(end - p));
        return;
    } else {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, v);
            if (strtod(tmp, NULL) == v)
                break;
        }
    }
    buf_puts(b, tmp);
}

void json_write_value(JsonBuf *b, const cJSON *item, int depth)
{
    switch (item->type & 0xFF) {
    case cJSON_False:
        buf_lit(b, "false");
        return;
    case cJSON_True:
        buf_lit(b, "true");
        return;
    case cJSON_NULL:
        buf_lit(b, "null");
        return;
    case cJSON_Number:
        write_number(b, item->valuedouble);
        return;
    case cJSON_String:
        json_write_string(b, item->valuestring);
        return;
    case cJSON_Raw:
        buf_puts(b, item->valuestring ? item->valuestring : "null");
        return;
    case cJSON_Array:
    case cJSON_Object: {
        int is_object = (item->type & 0xFF) == cJSON_Object;
        const cJSON *child = item->child;
        buf_putc(b, is_object ? '{' : '[');
        if (!child) {
            buf_putc(b, is_object ? '}' : ']');
            return;
        }
        for (; child; child = child->next) {
            buf_putc(b, '\n');
            buf_indent(b, depth + 1);
            if (is_object) {
                json_write_string(b, child->string);
                buf_put(b, ": ", 2);
            }
            json_write_value(b, child, depth + 1);
            if (child->next)
                buf_putc(b, ',');
        }
        buf_putc(b, '\n');
        buf_indent(b, depth);
        buf_putc(b, is_object ? '}' : ']');
        return;
    }
    default:
        buf_puts(b, "null");    /* cJSON_Invalid: nothing sensible to print */
        return;
    }
}

void json_write_doc(JsonBuf *b, const cJSON *item)
{
    if (item)
        json_write_value(b, item, 0);
    else
        buf_lit(b, "null");
    buf_putc(b, '\n');
}

char *json_write_pretty(const cJSON *item, size_t *len_out)
{
    JsonBuf b = {NULL, 0, 0};
    if (item)
        json_write_value(&b, item, 0);
    else
        buf_puts(&b, "null");
    buf_putc(&b, '\n');
    json_buf_cstr(&b);
    if (len_out)
        *len_out = b.len;
    return b.data;
}
