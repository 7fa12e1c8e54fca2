/* rpc.h - JSON-RPC messages over a byte stream with LSP's framing:
 * `Content-Length: N` headers, a blank line, N bytes of JSON.
 *
 * The reader owns a buffer over a file descriptor, so the server can ask
 * whether more input is already waiting (to skip analysing a document
 * that the next message changes again).  Messages larger than
 * RPC_MAX_MESSAGE and headers longer than RPC_MAX_HEADER are skipped
 * with an error, never buffered whole.
 */
#ifndef ECSC_LSP_RPC_H
#define ECSC_LSP_RPC_H

#include <stdbool.h>
#include <stddef.h>

enum {
    RPC_MAX_HEADER = 8192,                  /* all header lines of one message */
    RPC_MAX_MESSAGE = 64 * 1024 * 1024,     /* one message's body */
};

typedef enum RpcStatus {
    RPC_OK,             /* a body is in `body`/`len` */
    RPC_EOF,            /* the stream ended between messages */
    RPC_BAD_HEADER,     /* no or a bad Content-Length; the reader resynchronises */
    RPC_TOO_LARGE,      /* the body was longer than RPC_MAX_MESSAGE and was skipped */
    RPC_IO_ERROR,       /* read failed or the stream ended inside a message */
} RpcStatus;

typedef struct RpcReader {
    int fd;
    char *buf;          /* buf[pos, end) is read and not yet consumed */
    size_t pos, end, cap;
    char *body;         /* the last message (malloc'd, NUL-terminated) */
    size_t len;
} RpcReader;

void rpc_reader_init(RpcReader *r, int fd);
void rpc_reader_free(RpcReader *r);
/* Reads the next message. */
RpcStatus rpc_read(RpcReader *r);
/* True if a byte of the next message is already buffered or readable now. */
bool rpc_pending(RpcReader *r);

/* Writes `json` with its header to `fd`; false if the write failed. */
bool rpc_write(int fd, const char *json, size_t len);

#endif
