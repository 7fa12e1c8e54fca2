#!/usr/bin/env python3
"""check_snippets.py ECSC REPO - the VS Code snippets expand to valid .ecs.

Each snippet of editors/vscode/snippets/ecs.json is expanded with its
default placeholders (the first choice of a ${n|a,b|} list), the expansions
are put together into one application (the container snippet inside a
task) and compiled with `ecsc --check`; the check passes when ecsc reports
no error (warnings are allowed: the capacity snippet runs no service). Also checks that every block the brief asks for has a snippet.
Closing line `N passed, M failed`; exits 1 on any failure.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

REQUIRED = ["app", "task", "container", "role", "service", "load_balancer", "capacity", "param"]


def expand(body):
    text = "\n".join(body) if isinstance(body, list) else body
    prev = None
    while prev != text:        # innermost first, for nested placeholders
        prev = text
        text = re.sub(r"\$\{\d+\|([^|,}]*)(?:,[^|}]*)*\|\}", r"\1", text)
        text = re.sub(r"\$\{\d+:([^${}]*)\}", r"\1", text)
    text = re.sub(r"\$\{\d+\}|\$\d+", "", text)
    return text


def main(argv):
    if len(argv) != 3:
        print("usage: check_snippets.py ECSC REPO", file=sys.stderr)
        return 2
    ecsc, repo = argv[1], argv[2]
    passed = failed = 0

    def report(ok, name, details=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   - {name}")
        else:
            failed += 1
            print(f"FAIL - {name}")
            for line in details.rstrip().splitlines():
                print(f"         {line}")

    with open(os.path.join(repo, "editors/vscode/snippets/ecs.json"), encoding="utf-8") as f:
        snippets = json.load(f)
    by_prefix = {s["prefix"]: s for s in snippets.values()}
    missing = [p for p in REQUIRED if p not in by_prefix]
    report(not missing, "a snippet for each of " + ", ".join(REQUIRED),
           "missing: " + " ".join(missing))
    for name, s in snippets.items():
        body = expand(s["body"])
        report("$" not in body.replace("\\$", ""), f"snippet '{name}' expands fully", body)
    if missing:
        print(f"{passed} passed, {failed} failed")
        return 1

    container = expand(by_prefix["container"]["body"]).replace("container app", "container sidecar")
    container = "\n".join("  " + line if line else line for line in container.splitlines())
    # the context the snippets refer to: the params of the load balancer
    parts = ["param vpc vpc_id", "param public_subnets [subnet_id]"]
    parts += [expand(by_prefix[p]["body"]) for p in ("app", "role", "param", "load_balancer", "capacity")]
    parts.append(expand(by_prefix["task"]["body"]).replace("task web {", "task web {\n" + container, 1))
    parts.append(expand(by_prefix["service"]["body"]))
    source = "\n".join(parts)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "snippets.ecs")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        r = subprocess.run([ecsc, "--check", "--color=never", path], capture_output=True, text=True)
        out = (r.stdout + r.stderr).strip()
        # warnings are allowed (the capacity snippet has no service of its own)
        errors = [l for l in out.splitlines() if re.search(r": error\[", l)]
        report(r.returncode == 0 and not errors, "the expanded snippets compile with ecsc --check",
               out + "\n--- the expanded source:\n" + source)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
