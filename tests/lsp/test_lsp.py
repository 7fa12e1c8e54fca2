#!/usr/bin/env python3
"""test_lsp.py ECSC REPO - `ecsc lsp` driven by a scripted JSON-RPC client, one
test per capability: lifecycle, robustness (malformed messages, framing,
non-UTF-8 text, the fuzz corpus), diagnostics (open, full and incremental
change, UTF-16 positions, notes, importers, cleared when fixed), hover,
completion, go to definition, references, rename, document symbols, code
actions and formatting.  Python 3 standard library only (unittest).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lspclient import Client, LspError, pos, uri  # noqa: E402

ECSC = REPO = None


def read(path):
    with open(os.path.join(REPO, path), encoding="utf-8") as f:
        return f.read()


class Base(unittest.TestCase):
    def setUp(self):
        self.c = Client(ECSC)
        self.c.initialize()
        self.tmp = tempfile.mkdtemp(prefix="ecsc-lsp-")

    def tearDown(self):
        self.c.kill()
        shutil.rmtree(self.tmp)

    def write(self, name, text):
        p = os.path.join(self.tmp, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return uri(p)

    def open(self, name, text, on_disk=True):
        u = self.write(name, text) if on_disk else uri(os.path.join(self.tmp, name))
        self.c.open(u, text)
        return u, self.c.diagnostics(u, 1)

    def at(self, u, text, needle, nth=0, delta=0, **extra):
        p = {"textDocument": {"uri": u}, "position": pos(text, needle, nth, delta)}
        p.update(extra)
        return p


class Lifecycle(unittest.TestCase):
    def test_initialize_capabilities_and_exit(self):
        c = Client(ECSC)
        try:
            r = c.request("textDocument/hover", {})
            self.assertEqual(r["error"]["code"], -32002)     # not initialized
            caps = c.initialize()["capabilities"]
            for k in ("hoverProvider", "completionProvider", "definitionProvider",
                      "referencesProvider", "renameProvider", "documentSymbolProvider",
                      "codeActionProvider", "documentFormattingProvider"):
                self.assertIn(k, caps)
            self.assertEqual(caps["textDocumentSync"]["change"], 2)
            self.assertEqual(c.request("no/such")["error"]["code"], -32601)
            self.assertEqual(c.shutdown(), 0)
        finally:
            c.kill()

    def test_exit_without_shutdown_is_status_1(self):
        c = Client(ECSC)
        c.initialize()
        c.notify("exit")
        self.assertEqual(c.proc.wait(timeout=10), 1)
        c.kill()


class Robust(Base):
    def still_answers(self):
        r = self.c.request("textDocument/completion", {"textDocument": {"uri": "file:///x"},
                                                       "position": {"line": 0, "character": 0}})
        self.assertEqual(r["error"]["code"], -32602)

    def test_malformed_json(self):
        body = b'{"jsonrpc": "2.0", "id": 1, "method": '
        self.c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        r = self.c.read()
        self.assertEqual(r["error"]["code"], -32700)
        self.still_answers()

    def test_not_an_object_and_bad_params(self):
        for body in (b"[1, 2]", b"42", b'"x"'):
            self.c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.assertEqual(self.c.read()["error"]["code"], -32700)
        r = self.c.request("textDocument/hover", [1, 2])
        self.assertIn("error", r)
        r = self.c.request("textDocument/hover", {"textDocument": 3, "position": "x"})
        self.assertEqual(r["error"]["code"], -32602)
        self.c.send({"jsonrpc": "2.0", "id": 99})
        self.assertEqual(self.c.read()["error"]["code"], -32600)
        self.still_answers()

    def test_bad_framing(self):
        self.c.send_raw(b"Content-Length: banana\r\n\r\n")
        self.assertEqual(self.c.read()["error"]["code"], -32700)
        self.c.send_raw(b"X-Nothing: 1\r\n\r\n")
        self.assertEqual(self.c.read()["error"]["code"], -32700)
        self.still_answers()

    def test_too_large_is_skipped(self):
        n = 64 * 1024 * 1024 + 1
        self.c.send_raw(b"Content-Length: %d\r\n\r\n" % n)
        chunk = b" " * (1 << 20)
        left = n
        while left:
            k = min(left, len(chunk))
            self.c.send_raw(chunk[:k])
            left -= k
        self.assertEqual(self.c.read(timeout=60)["error"]["code"], -32600)
        self.still_answers()

    def test_not_utf8(self):
        u = uri(os.path.join(self.tmp, "bad.ecs"))
        body = (b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":'
                b'{"uri":"' + u.encode() + b'","languageId":"ecs","version":1,'
                b'"text":"app caf\xe9 { region \\"eu-west-1\\" }\\n"}}}')
        self.c.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        d = self.c.diagnostics(u, 1)      # read() checks the reply is UTF-8
        self.assertIn("E0006", [x["code"] for x in d])
        self.still_answers()

    def test_fuzz_corpus(self):
        corpus = os.path.join(REPO, "tests", "fuzz", "regressions")
        files = []
        for root, _, names in os.walk(corpus):
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".ecs")]
        self.assertTrue(files)
        for i, f in enumerate(files):
            with open(f, "rb") as fh:
                text = fh.read().decode("utf-8", "replace")
            u = uri(os.path.join(self.tmp, "fuzz%d.ecs" % i))
            self.c.open(u, text)
            self.c.diagnostics(u, 1, timeout=60)
            self.c.result("textDocument/documentSymbol", {"textDocument": {"uri": u}})
            self.c.result("textDocument/hover", {"textDocument": {"uri": u},
                                                 "position": {"line": 3, "character": 4}})
        self.still_answers()


class Diagnostics(Base):
    def test_open_change_fix(self):
        text = read("tests/lsp/data/shop.ecs")
        u, d = self.open("shop.ecs", text)
        self.assertEqual(d, [])
        # full sync: an unknown field, with a did-you-mean note
        bad = text.replace("    image      \"public", "    imag       \"public", 1)
        self.c.change(u, 2, [{"text": bad}])
        d = self.c.diagnostics(u, 2)
        self.assertEqual([x["code"] for x in d], ["E0101"])
        self.assertEqual(d[0]["severity"], 1)
        self.assertEqual(d[0]["range"]["start"], pos(bad, "imag "))
        self.assertEqual(d[0]["range"]["end"], pos(bad, "imag ", delta=4))
        self.assertIn("did you mean 'image'", d[0]["message"])
        # incremental sync: put the 'e' back
        self.c.change(u, 3, [{"range": {"start": pos(bad, "imag "), "end": pos(bad, "imag ")},
                              "text": ""}, {"range": {"start": pos(bad, "imag ", delta=4),
                                                      "end": pos(bad, "imag ", delta=5)},
                                            "text": "e"}])
        self.assertEqual(self.c.diagnostics(u, 3), [])

    def test_utf16_positions(self):
        text = ('app shop { region "eu-west-1"; account "123456789012"; tags { team = "😀é" } }\n'
                'task web { launch fargate; cpu 256; memory 512 MiB\n'
                '  container app { env { A = "日本😀" }; imagee "nginx:1.25" } }\n')
        u, d = self.open("utf16.ecs", text)
        self.assertEqual([x["code"] for x in d], ["E0101"])
        self.assertEqual(d[0]["range"]["start"], pos(text, "imagee"))
        line = text.split("\n")[2]
        self.assertEqual(d[0]["range"]["start"]["character"], 38)       # UTF-16 units
        self.assertEqual(len(line[:line.index("imagee")].encode()), 44)  # bytes
        # an incremental edit placed by UTF-16 columns after the emoji
        p = pos(text, "imagee", delta=5)
        self.c.change(u, 2, [{"range": {"start": p, "end": {"line": p["line"],
                                                            "character": p["character"] + 1}},
                              "text": ""}])
        self.assertEqual(self.c.diagnostics(u, 2), [])

    def test_notes_are_related_information_and_warnings(self):
        text = read("tests/lsp/data/shop.ecs") + "\nrole reader { allow \"s3:*\" on \"*\" }\n"
        u, d = self.open("dup.ecs", text)
        e = [x for x in d if x["code"] == "E0110"]
        self.assertEqual(len(e), 1)
        rel = e[0]["relatedInformation"]
        self.assertEqual(rel[0]["location"]["range"]["start"], pos(text, "reader"))
        self.assertEqual(rel[0]["location"]["uri"], u)

    def test_warning_severity(self):
        text = read("tests/lsp/data/shop.ecs").replace("task worker {", "task worker {\n  raw { family = \"x\" }", 1)
        u, d = self.open("warn.ecs", text)
        self.assertTrue(d)
        self.assertEqual({x["severity"] for x in d}, {2})

    def test_importers_see_unsaved_changes(self):
        lib = 'template small {\n  launch fargate\n  cpu 256\n  memory 512 MiB\n}\n'
        main = ('import "./lib.ecs"\napp shop { region "eu-west-1"; account "123456789012" }\n'
                'task web from small {\n  container app { image "nginx:1.25" }\n}\n')
        ul, dl = self.open("lib.ecs", lib)
        um, dm = self.open("main.ecs", main)
        self.assertEqual((dl, dm), ([], []))
        broken = lib.replace("cpu 256", "cpu 256 banana")
        self.c.change(ul, 2, [{"text": broken}])
        d = self.c.diagnostics(um, 1)
        self.assertTrue(d, "the importer gets the error of the unsaved library")
        self.assertIn("lib.ecs", d[0]["message"])
        self.c.change(ul, 3, [{"text": lib}])
        self.assertEqual(self.c.diagnostics(um, 1), [])

    def test_close_clears(self):
        text = read("tests/lsp/data/shop.ecs").replace("launch  fargate", "launch  fargat", 1)
        u, d = self.open("close.ecs", text)
        self.assertTrue(d)
        self.c.notify("textDocument/didClose", {"textDocument": {"uri": u}})
        self.assertEqual(self.c.diagnostics(u), [])


class Reparse(Base):
    """After each edit the server parses again only the lines the edit
    touched; whatever it reuses, the diagnostics and symbols must be those
    of the same text opened afresh."""

    EDITS = [
        ("    port       8080", "    port       80 80"),     # an error in a container
        ("    port       80 80", "    port       8080"),     # fixed
        ("role reader {", "role reader {\n  allow \"s3:*\" on \"*\""),   # a line added
        ("task worker {", "task worker { bogus 1"),         # joined to a line
        ("task worker { bogus 1", "task worker {"),
        ("\ntask web {", "\n# a comment\n\ntask web {"),  # lines before a statement
        ("container proxy {", "container proxy {\n    imag \"x\""),
        ("    imag \"x\"", ""),
        ("task worker {", "}\ntask worker {"),             # a stray brace
        ("}\ntask worker {", "task worker {"),
        ("app shop {", "app shop {{"),
        ("app shop {{", "app shop {"),
    ]

    def symbols(self, u):
        return self.c.result("textDocument/documentSymbol", {"textDocument": {"uri": u}})

    def test_incremental_edits_match_a_fresh_parse(self):
        text = read("tests/lsp/data/shop.ecs")
        u, _ = self.open("inc.ecs", text)
        for k, (old, new) in enumerate(self.EDITS):
            at = text.index(old)
            start, end = pos(text, old), pos(text, old, delta=len(old))
            text = text[:at] + new + text[at + len(old):]
            self.c.change(u, k + 2, [{"range": {"start": start, "end": end}, "text": new}])
            got = self.c.diagnostics(u, k + 2)
            fresh = uri(os.path.join(self.tmp, "fresh%d.ecs" % k))
            self.c.open(fresh, text)
            want = self.c.diagnostics(fresh, 1)
            strip = lambda ds: [(d["code"], d["range"], d["message"]) for d in ds]
            self.assertEqual(strip(got), strip(want), "after edit %d" % k)
            self.assertEqual(self.symbols(u), self.symbols(fresh), "after edit %d" % k)


class Hover(Base):
    def hover(self, u, text, needle, nth=0, delta=0):
        r = self.c.result("textDocument/hover", self.at(u, text, needle, nth, delta))
        return r and r["contents"]["value"]

    def test_keywords_references_and_units(self):
        text = read("tests/lsp/data/shop.ecs")
        u, _ = self.open("shop.ecs", text)
        h = self.hover(u, text, "image")
        self.assertIn("The image to run", h)
        self.assertIn("ContainerDefinition.image", h)
        self.assertIn("a declaration", self.hover(u, text, "task web"))
        self.assertIn("taskRoleArn", self.hover(u, text, "role    reader"))
        h = self.hover(u, text, "role    reader", delta=9)
        self.assertIn("**role** `reader`", h)
        self.assertIn("shop.ecs:8:6", h)
        self.assertIn("**512** (CPU units)", self.hover(u, text, "0.5 vcpu"))
        self.assertIn("**1024** (MiB)", self.hover(u, text, "1 GiB"))
        self.assertIn("**1209600** (seconds)", self.hover(u, text, "14d"))
        self.assertIn("an option of `launch`", self.hover(u, text, "fargate"))
        self.assertIn("**container** `app` of task `web`", self.hover(u, text, "depends_on app", delta=11))
        self.assertIsNone(self.hover(u, text, "# shop.ecs", delta=3))

    def test_every_field_has_documentation(self):
        text = ('app a { region "eu-west-1"; account "123456789012" }\n'
                'task t {\n  container c {\n    X\n  }\n}\n')
        u, _ = self.open("every.ecs", text)
        items = self.c.result("textDocument/completion", self.at(u, text, "X"))["items"]
        fields = [i for i in items if i["kind"] == 5]
        self.assertGreater(len(fields), 40)
        for i in fields:
            self.assertTrue(i.get("documentation"), i["label"])


class Completion(Base):
    TEXT = ('import "std/sizes"\n'
            'app a { region "eu-west-1"; account "123456789012" }\n'
            'role reader { allow "s3:GetObject" on "arn:aws:s3:::b/*" }\n'
            'param subnets [subnet_id]\nparam vpc vpc_id\n'
            'load_balancer public { vpc vpc; subnets subnets; listen 80 http; access_logs create }\n'
            'task web {\n  launch fargate\n  cpu 256\n  memory 512 MiB\n  role reader\n'
            '  container app {\n    image "nginx:1.25"\n    port 80\n  }\n'
            '  container side { image "busybox:1.36"; depends_on app start }\n}\n'
            'service web {\n  task web\n  subnets subnets\n'
            '  route public "/*" to app:80\n}\n')

    def labels(self, u, text, needle, nth=0, delta=0):
        r = self.c.result("textDocument/completion", self.at(u, text, needle, nth, delta))
        return [i["label"] for i in r["items"]]

    def test_fields_of_the_block_at_the_cursor(self):
        t = self.TEXT
        u, d = self.open("c.ecs", t)
        self.assertEqual(d, [])
        inner = self.labels(u, t, "    port 80", delta=4)
        self.assertIn("image", inner)
        self.assertIn("health", inner)
        self.assertNotIn("desired", inner)          # a service field
        svc = self.labels(u, t, "  subnets subnets\n  route", delta=2)
        self.assertIn("desired", svc)
        self.assertNotIn("image", svc)
        task = self.labels(u, t, "  role reader", delta=2)
        self.assertIn("execution_role", task)
        self.assertIn("container …", task)           # a snippet
        top = self.labels(u, t, "app a")
        self.assertIn("service", top)
        self.assertIn("task …", top)

    def test_names_of_the_right_kind_and_enums(self):
        t = self.TEXT
        u, _ = self.open("n.ecs", t)
        self.assertEqual(self.labels(u, t, "role reader\n", delta=5), ["reader"])
        self.assertIn("web", self.labels(u, t, "  task web\n", delta=7))
        self.assertEqual(self.labels(u, t, "to app:80", delta=3), ["app", "side"])
        self.assertIn("public", self.labels(u, t, "route public", delta=6))
        self.assertIn("app", self.labels(u, t, "depends_on app", delta=11))
        launch = self.labels(u, t, "launch fargate", delta=7)
        self.assertIn("ec2", launch)
        self.assertIn("fargate", launch)

    def test_stdlib_modules_after_import(self):
        t = self.TEXT
        u, _ = self.open("i.ecs", t)
        mods = self.labels(u, t, "std/sizes")
        self.assertIn("std/sizes", mods)
        self.assertIn("std/sidecars", mods)


class Navigation(Base):
    LIB = ('template small {\n  launch fargate\n  cpu 256\n  memory 512 MiB\n}\n'
           'shared_tag = "1.0"\n')
    MAIN = ('import "./lib.ecs"\n'
            'app shop { region "eu-west-1"; account "123456789012" }\n'
            'role reader { allow "s3:GetObject" on "arn:aws:s3:::b/*" }\n'
            'task web from small {\n  role reader\n'
            '  container app { image "nginx:${shared_tag}" }\n'
            '  container side { image "busybox:1.36"; depends_on app start }\n}\n'
            'task other from small {\n  container app { image "nginx:1.25" }\n}\n')

    def setUp(self):
        super().setUp()
        self.ul, _ = self.open("lib.ecs", self.LIB)
        self.um, d = self.open("main.ecs", self.MAIN)
        self.assertEqual(d, [])

    def test_definition_across_imports(self):
        t = self.MAIN
        r = self.c.result("textDocument/definition", self.at(self.um, t, "from small", delta=6))
        self.assertEqual(r["uri"], self.ul)
        self.assertEqual(r["range"]["start"], pos(self.LIB, "small"))
        r = self.c.result("textDocument/definition", self.at(self.um, t, "shared_tag"))
        self.assertEqual(r["range"]["start"], pos(self.LIB, "shared_tag"))
        r = self.c.result("textDocument/definition", self.at(self.um, t, "role reader", delta=6))
        self.assertEqual(r["range"]["start"], pos(t, "reader"))
        # a container of the same task, not the other task's `app`
        r = self.c.result("textDocument/definition", self.at(self.um, t, "depends_on app", delta=11))
        self.assertEqual(r["range"]["start"], pos(t, "container app", delta=10))

    def test_references_and_rename(self):
        t = self.MAIN
        refs = self.c.result("textDocument/references",
                             self.at(self.um, t, "from small", delta=6,
                                     context={"includeDeclaration": True}))
        self.assertEqual(len(refs), 3)
        self.assertEqual({r["uri"] for r in refs}, {self.ul, self.um})
        refs = self.c.result("textDocument/references",
                             self.at(self.um, t, "from small", delta=6,
                                     context={"includeDeclaration": False}))
        self.assertEqual(len(refs), 2)
        r = self.c.result("textDocument/prepareRename", self.at(self.um, t, "small"))
        self.assertEqual(r["start"], pos(t, "small"))
        edit = self.c.result("textDocument/rename", self.at(self.um, t, "small", newName="tiny"))
        ch = edit["changes"]
        self.assertEqual(len(ch[self.um]), 2)
        self.assertEqual(len(ch[self.ul]), 1)
        self.assertEqual(ch[self.ul][0]["range"]["start"], pos(self.LIB, "small"))
        # the container `app` of task web: two places, not task other's
        edit = self.c.result("textDocument/rename",
                             self.at(self.um, t, "container app", delta=10, newName="main"))
        self.assertEqual(len(edit["changes"][self.um]), 2)
        r = self.c.request("textDocument/rename", self.at(self.um, t, "small", newName="no way"))
        self.assertIn("error", r)

    def test_document_symbols(self):
        syms = self.c.result("textDocument/documentSymbol", {"textDocument": {"uri": self.um}})
        self.assertEqual([s["name"] for s in syms], ["shop", "reader", "web", "other"])
        self.assertEqual([k["name"] for k in syms[2]["children"]], ["app", "side"])
        self.assertEqual(syms[2]["selectionRange"]["start"], pos(self.MAIN, "web"))


class CodeActions(Base):
    def test_did_you_mean(self):
        text = read("tests/lsp/data/shop.ecs").replace("launch  fargate", "launch  fargat", 1)
        u, d = self.open("fix.ecs", text)
        self.assertEqual(len(d), 1)
        acts = self.c.result("textDocument/codeAction", {
            "textDocument": {"uri": u}, "range": d[0]["range"], "context": {"diagnostics": d}})
        self.assertEqual(len(acts), 1)
        e = acts[0]["edit"]["changes"][u][0]
        self.assertEqual(e["newText"], "fargate")
        fixed = text.replace("launch  fargat", "launch  fargate", 1)
        self.c.change(u, 2, [{"range": e["range"], "text": e["newText"]}])
        self.assertEqual(self.c.diagnostics(u, 2), [])
        self.assertEqual(fixed, read("tests/lsp/data/shop.ecs"))


class MoreCodeActions(Base):
    TEXT = ('app a { region "eu-west-1"; account "123456789012" }\n'
            'param subnets [subnet_id]\n'
            'role ops { allow "s3:GetObject" on "arn:aws:s3:::b/*" }\n'
            'task web { launch fargate; cpu 256; memory 512 MiB\n'
            '  container app { image "nginx:1.25"; health cmd ["curl", "-f"] } }\n'
            'service web { task web; subnets subnets; exec }\n')

    def fix(self, u, d, version):
        acts = self.c.result("textDocument/codeAction", {
            "textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}})
        self.assertEqual(len(acts), 1, acts)
        edits = acts[0]["edit"]["changes"][u]
        self.assertEqual(len(edits), 1)
        self.c.change(u, version, [{"range": edits[0]["range"], "text": edits[0]["newText"]}])
        return acts[0]["title"]

    def test_exec_for_cmd_and_a_missing_role(self):
        u, d = self.open("acts.ecs", self.TEXT)
        self.assertEqual([x["code"] for x in d], ["E0103"])
        self.assertIn("exec", self.fix(u, d[0], 2))
        d = self.c.diagnostics(u, 2)
        self.assertEqual([x["code"] for x in d], ["E0525"])
        self.assertIn("role ops", self.fix(u, d[0], 3))
        self.assertEqual(self.c.diagnostics(u, 3), [])


def offset(text, p):
    """The index in `text` of LSP position `p` (UTF-16 columns)."""
    lines = text.split("\n")
    at = sum(len(x) + 1 for x in lines[:p["line"]])
    units = lines[p["line"]].encode("utf-16-le")[:2 * p["character"]]
    return at + len(units.decode("utf-16-le"))


def apply(text, edits):
    """`text` with LSP TextEdits applied (last first: they do not overlap)."""
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                          e["range"]["start"]["character"]), reverse=True):
        lo, hi = offset(text, e["range"]["start"]), offset(text, e["range"]["end"])
        text = text[:lo] + e["newText"] + text[hi:]
    return text


class Formatting(Base):
    OPTIONS = {"tabSize": 8, "insertSpaces": False}     # ignored: the language's layout

    def fmt(self, text):
        return subprocess.run([ECSC, "fmt", "-"], input=text.encode(), check=True,
                              capture_output=True).stdout.decode()

    def format(self, u):
        return self.c.request("textDocument/formatting",
                              {"textDocument": {"uri": u}, "options": self.OPTIONS})

    def test_edits_give_ecsc_fmt_output_and_only_the_changed_lines(self):
        # an emoji (two UTF-16 units) before and inside the changed lines
        text = read("tests/lsp/data/shop.ecs").replace(
            "# shop.ecs", "# \U0001F6D2 shop.ecs", 1).replace(
            "  memory  1 GiB", "      memory 1 GiB # \U0001F4BE size", 1)
        want = self.fmt(text)
        self.assertNotEqual(want, text)
        u, _ = self.open("fmt.ecs", text)
        edits = self.format(u)["result"]
        self.assertEqual(len(edits), 1)
        r = edits[0]["range"]
        self.assertEqual(r["start"], {"line": 2, "character": 0})    # `region`, realigned
        last = pos(text, "    port   9000")["line"]       # the last line that changes
        self.assertEqual(r["end"], {"line": last + 1, "character": 0})
        self.assertEqual(apply(text, edits), want)
        # applied in the editor: formatted, so no edit and still no problem
        self.c.change(u, 2, [{"range": r, "text": edits[0]["newText"]}])
        self.assertEqual(self.c.diagnostics(u, 2), [])
        self.assertEqual(self.format(u)["result"], [])
        # a whole file: added at the end, and everything replaced
        self.c.change(u, 3, [{"text": want + "param   extra   string\n"}])
        self.assertEqual(apply(want + "param   extra   string\n", self.format(u)["result"]),
                         want + "param extra string\n")
        self.c.change(u, 4, [{"text": "app  a {region \"eu-west-1\"}"}])
        self.assertEqual(apply("app  a {region \"eu-west-1\"}", self.format(u)["result"]),
                         self.fmt("app  a {region \"eu-west-1\"}"))

    def test_syntax_errors_fail_and_leave_the_text(self):
        u, d = self.open("broken.ecs", "task web {\n  cpu   256\n")
        self.assertTrue(d)
        r = self.format(u)
        self.assertEqual(r["error"]["code"], -32803)
        self.assertIn("syntax errors", r["error"]["message"])
        self.assertEqual(self.format("file:///not/open.ecs")["error"]["code"], -32602)
        self.c.change(u, 2, [{"text": "task web {\n  cpu   256\n}\n"}])
        self.assertEqual(apply("task web {\n  cpu   256\n}\n", self.format(u)["result"]),
                         "task web {\n  cpu 256\n}\n")


def main():
    global ECSC, REPO
    ECSC, REPO = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])


if __name__ == "__main__":
    main()
