#!/usr/bin/env python3
"""doc_examples.py ECSC REPO WORK - the `ecsc import` examples of the documentation are real.

In README.md and docs/language.md, a fenced block after `<!-- import-input: PATH -->` is an input
file (written to PATH in a folder of its own per document); a ```ecs block after
`<!-- import-output: ARGS -->` (the marker may be followed by check_docs.py's `<!-- in: ... -->`
line) is exactly what `ecsc import ARGS` prints, run in that folder once every input of the
document is written. The output must also pass `ecsc fmt --check` and compile with a region, an
account and a value for each param it declares (`--all-envs` when it has environments).
Also: every option that `ecsc import --help` and `ecsc fmt --help` list is in the man page
(docs/ecsc.1) and in README.md, so the help and the documentation do not drift apart.
Prints `N passed, M failed`; exits 1 on any failure.
"""
import os
import re
import shutil
import subprocess
import sys

INPUT = re.compile(r"<!-- import-input: (\S+) -->")
OUTPUT = re.compile(r"<!-- import-output: (.+?) -->")
VALUES = {"[subnet_id]": "subnet-0a1b2c3d,subnet-4e5f6a7b", "vpc_id": "vpc-0a1b2c3d",
          "[string]": "a,b"}


def fenced(lines, i):
    """The fenced block starting at or after line i (skipping marker lines): (body, end)."""
    while i < len(lines) and lines[i].startswith("<!--"):
        i += 1
    if i >= len(lines) or not lines[i].startswith("```"):
        return None, i
    j = i + 1
    while j < len(lines) and lines[j].strip() != "```":
        j += 1
    return "\n".join(lines[i + 1:j]) + "\n", j


def main():
    ecsc, repo, work = sys.argv[1:4]
    ecsc = os.path.abspath(ecsc)
    passed = failed = 0

    def report(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL %s\n%s" % (what, detail))

    for doc in ("README.md", "docs/language.md"):
        lines = open(os.path.join(repo, doc), encoding="utf-8").read().split("\n")
        folder = os.path.join(work, doc.replace("/", "_"))
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        outputs = []
        for i, line in enumerate(lines):
            m = INPUT.match(line.strip())
            if m:
                body, _ = fenced(lines, i + 1)
                if body is None:
                    report(False, "%s:%d: import-input without its block" % (doc, i + 1))
                    continue
                path = os.path.join(folder, m.group(1))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w", encoding="utf-8").write(body)
            m = OUTPUT.match(line.strip())
            if m:
                body, _ = fenced(lines, i + 1)
                if body is None:
                    report(False, "%s:%d: import-output without its block" % (doc, i + 1))
                    continue
                outputs.append((i + 1, m.group(1).split(), body))
        for lineno, args, want in outputs:
            what = "%s:%d (ecsc import %s)" % (doc, lineno, " ".join(args))
            r = subprocess.run([ecsc, "import"] + args, cwd=folder, capture_output=True, text=True)
            if r.returncode != 0 or r.stdout != want:
                report(False, what, "exit %d\n%s\n--- the documentation shows:\n%s\n--- ecsc import prints:\n%s"
                       % (r.returncode, r.stderr, want, r.stdout))
                continue
            r = subprocess.run([ecsc, "fmt", "--check", "-"], input=want, capture_output=True, text=True)
            if r.returncode != 0:
                report(False, what + ": not formatted", r.stdout + r.stderr)
                continue
            src = os.path.join(folder, "out%d.ecs" % lineno)
            open(src, "w", encoding="utf-8").write(want)
            defines = ["-D", "region=eu-west-1", "-D", "account=123456789012"]
            for name, typ in re.findall(r"^param (\S+) +(\S+)", want, re.M):
                if ' default ' not in next(l for l in want.split("\n") if l.startswith("param %s " % name)):
                    defines += ["-D", "%s=%s" % (name, VALUES.get(typ, "x"))]
            envs = ["--all-envs"] if re.search(r"^environment ", want, re.M) else []
            r = subprocess.run([ecsc, "--color=never", src, "-o", src[:-4] + ".out"] + defines + envs,
                               capture_output=True, text=True)
            report(r.returncode == 0, what + ": does not compile", r.stderr)
        if not outputs and doc == "docs/language.md":
            report(False, "%s: no import-output marker" % doc)
    man = re.sub(r"\\f[BIRP]|\\", "", open(os.path.join(repo, "docs", "ecsc.1"), encoding="utf-8").read())
    readme = open(os.path.join(repo, "README.md"), encoding="utf-8").read()
    for cmd in ("import", "fmt"):
        r = subprocess.run([ecsc, cmd, "--help"], capture_output=True, text=True)
        options = set(re.findall(r"^ +(-[a-z]|--[a-z-]+)", r.stdout, re.M)) - {"--help"}
        report(r.returncode == 0 and len(options) >= 2, "ecsc %s --help lists no options" % cmd, r.stdout)
        for opt in sorted(options):
            report(opt in man, "ecsc %s --help's %s is not in docs/ecsc.1" % (cmd, opt))
            report(re.search(r"ecsc %s [^`]{0,200}?%s\b" % (cmd, re.escape(opt)), readme) is not None,
                   "ecsc %s --help's %s is not in README.md's usage" % (cmd, opt))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
