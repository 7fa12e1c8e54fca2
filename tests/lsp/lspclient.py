"""lspclient.py - a scripted JSON-RPC client for `ecsc lsp` (tests and bench).

Starts the server, writes framed messages, reads framed replies with a
timeout, and keeps the notifications it received (publishDiagnostics) for
the test to look at.  Python 3 standard library only.
"""
import json
import os
import select
import subprocess
import time


class LspError(Exception):
    pass


class Client:
    def __init__(self, ecsc, args=(), cwd=None, env=None):
        self.proc = subprocess.Popen([ecsc, "lsp", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, cwd=cwd, env=env)
        self.buf = b""
        self.next_id = 0
        self.notes = []          # notifications received, in order

    # ---- framing -------------------------------------------------------------
    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise LspError("timed out waiting for the server")
        r, _, _ = select.select([self.proc.stdout], [], [], left)
        if not r:
            raise LspError("timed out waiting for the server")
        chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
        if not chunk:
            raise LspError("the server closed its output (exit %s)" % self.proc.poll())
        self.buf += chunk

    def read(self, timeout=10):
        deadline = time.monotonic() + timeout
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
        head, rest = self.buf.split(b"\r\n\r\n", 1)
        length = None
        for line in head.split(b"\r\n"):
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v)
        if length is None:
            raise LspError("a reply without Content-Length: %r" % head)
        self.buf = rest
        while len(self.buf) < length:
            self._fill(deadline)
        body, self.buf = self.buf[:length], self.buf[length:]
        body.decode("utf-8")     # the server must send UTF-8
        return json.loads(body)

    # ---- requests and notifications -------------------------------------------
    def request(self, method, params=None, timeout=10):
        self.next_id += 1
        rid = self.next_id
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.wait_reply(rid, timeout)

    def wait_reply(self, rid, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            m = self.read(max(0.001, deadline - time.monotonic()))
            if m.get("id") == rid and "method" not in m:
                return m
            if "id" not in m or m.get("id") is None and "error" in m:
                self.notes.append(m)

    def result(self, method, params=None):
        r = self.request(method, params)
        if "error" in r:
            raise LspError("%s failed: %s" % (method, r["error"]))
        return r["result"]

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def initialize(self, root=None):
        r = self.result("initialize", {"processId": os.getpid(), "rootUri": root,
                                       "capabilities": {}})
        self.notify("initialized", {})
        return r

    def open(self, uri, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "ecs", "version": version, "text": text}})

    def change(self, uri, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": changes})

    def diagnostics(self, uri, version=None, timeout=10):
        """Waits for the diagnostics of `uri` (of `version`, if given)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, m in enumerate(self.notes):
                p = m.get("params", {})
                if (m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri
                        and (version is None or p.get("version") == version)):
                    del self.notes[:i + 1]
                    return p["diagnostics"]
            m = self.read(max(0.001, deadline - time.monotonic()))
            self.notes.append(m)

    def shutdown(self):
        self.result("shutdown")
        self.notify("exit")
        rc = self.proc.wait(timeout=10)
        self.proc.stdin.close()
        self.proc.stdout.close()
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def uri(path):
    return "file://" + os.path.abspath(path)


def pos(text, needle, nth=0, delta=0):
    """The LSP position (UTF-16) of the nth occurrence of needle, plus delta."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += delta
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    col = len(text[start:at].encode("utf-16-le")) // 2
    return {"line": line, "character": col}
