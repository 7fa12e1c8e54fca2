/* rpc.c - LSP's framing of JSON-RPC messages (rpc.h). */
#include "lsp/rpc.h"

#include "base/arena.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void rpc_reader_init(RpcReader *r, int fd)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->cap = 65536;
    r->buf = malloc(r->cap);
    if (!r->buf)
        ecsc_oom();
}

void rpc_reader_free(RpcReader *r)
{
    free(r->buf);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* Reads more bytes into the buffer (compacting it first); 0 at the end of
   the stream, -1 on an error. */
static long fill(RpcReader *r)
{
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->end - r->pos);
        r->end -= r->pos;
        r->pos = 0;
    }
    if (r->end == r->cap)
        return -1;      /* callers never need more than the buffer holds */
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n < 0 && errno == EINTR)
            continue;
        if (n > 0)
            r->end += (size_t)n;
        return (long)n;
    }
}

bool rpc_pending(RpcReader *r)
{
    if (r->pos < r->end)
        return true;
    struct pollfd p = {r->fd, POLLIN, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & POLLIN);
}

/* One header line without its CR LF, or NULL at EOF / error (*eof tells). */
static char *read_line(RpcReader *r, bool *eof, size_t *header_bytes)
{
    for (;;) {
        char *nl = memchr(r->buf + r->pos, '\n', r->end - r->pos);
        if (nl) {
            char *line = r->buf + r->pos;
            size_t n = (size_t)(nl - line);
            *header_bytes += n + 1;
            r->pos += n + 1;
            if (n > 0 && line[n - 1] == '\r')
                n--;
            line[n] = '\0';
            return line;
        }
        if (r->end - r->pos > RPC_MAX_HEADER) {
            r->pos = r->end;        /* a header line that never ends: drop it */
            *header_bytes += RPC_MAX_HEADER + 1;
            return "";
        }
        long got = fill(r);
        if (got <= 0) {
            *eof = got == 0 && r->pos == r->end;
            return NULL;
        }
    }
}

/* Consumes `n` body bytes, copying them into r->body when `keep`. */
static bool take(RpcReader *r, size_t n, bool keep)
{
    size_t done = 0;
    while (done < n) {
        if (r->pos == r->end && fill(r) <= 0)
            return false;
        size_t k = r->end - r->pos;
        if (k > n - done)
            k = n - done;
        if (keep)
            memcpy(r->body + done, r->buf + r->pos, k);
        r->pos += k;
        done += k;
    }
    return true;
}

RpcStatus rpc_read(RpcReader *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
    long long length = -1;
    bool bad = false, any = false;
    size_t header_bytes = 0;
    for (;;) {
        bool eof = false;
        char *line = read_line(r, &eof, &header_bytes);
        if (!line)
            return eof && !any ? RPC_EOF : RPC_IO_ERROR;
        if (!*line) {
            if (!any)
                continue;   /* blank lines between messages */
            break;
        }
        any = true;
        if (header_bytes > RPC_MAX_HEADER) {
            bad = true;
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon) {
            bad = true;
            continue;
        }
        *colon = '\0';
        if (strcasecmp(line, "Content-Length") == 0) {
            char *end;
            errno = 0;
            long long v = strtoll(colon + 1, &end, 10);
            while (*end == ' ' || *end == '\t')
                end++;
            if (errno || *end || v < 0 || end == colon + 1)
                bad = true;
            else
                length = v;
        }
    }
    if (bad || length < 0)
        return RPC_BAD_HEADER;
    if (length > RPC_MAX_MESSAGE)
        return take(r, (size_t)length, false) ? RPC_TOO_LARGE : RPC_IO_ERROR;
    r->body = malloc((size_t)length + 1);
    if (!r->body)
        ecsc_oom();
    if (!take(r, (size_t)length, true))
        return RPC_IO_ERROR;
    r->body[length] = '\0';
    r->len = (size_t)length;
    return RPC_OK;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

bool rpc_write(int fd, const char *json, size_t len)
{
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", len);
    return write_all(fd, head, (size_t)h) && write_all(fd, json, len);
}
