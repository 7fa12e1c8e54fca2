#!/usr/bin/python3
"""`ecsc import` round trip over the corpus of real task definitions.

Usage:
    roundtrip.py ECSC CORPUS_DIR WORK_DIR --min FILE [--models DIR] [--write-min FILE]

For every task definition in CORPUS_DIR/taskdefs/*.json:
  1. `ecsc import FILE -o WORK/NAME.ecs` must succeed, and the file it
     writes pass `ecsc fmt --check` -- or, for a malformed
     file (one the corpus normaliser of tests/corpus/coverage.py rejects),
     fail with exit 1 and an `error[E004x]` line that names the problem;
  2. `ecsc WORK/NAME.ecs -o WORK/NAME.out` must succeed, each param the
     import made from a placeholder given its original text with -D
     (`param tag string  # from {{tag}}` -> `-D tag={{tag}}`);
  3. the task definition it writes must equal the original's
     register-task-definition content, modulo the normalisation below.

The normalisation (docs/language.md, "Importing"):
  * describe output is unwrapped and keys that register-task-definition does
    not take are dropped (as tests/corpus/coverage.py does);
  * object members compare regardless of order;
  * defaults ECS applies and ecsc writes out are filled in on the original:
    `essential: true`, `protocol: "tcp"` of a port mapping with a
    containerPort, `readOnly: false` of mountPoints and volumesFrom;
  * members whose value is null are dropped (null means unset);
  * empty lists and objects are dropped (they mean what their absence
    means), except `command` and `entryPoint`;
  * requiresCompatibilities is compared as a set; task `cpu` and `memory`
    as numbers of CPU units and MiB ("1 vCPU" is "1024").

Prints one line per file that is not identical (with the first difference)
and `identical: N/M`; fails below the count recorded in --min
(`identical=N`).  Exit 77 when the corpus is absent.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(REPO, "tests", "conformance"))
sys.path.insert(0, os.path.join(REPO, "tests", "corpus"))
import validate_ecs  # noqa: E402
import coverage  # noqa: E402

PARAM = re.compile(r"^param (\S+)\s+string\b.*  # from (.*)$", re.M)
KEEP_EMPTY = {"command", "entryPoint"}


def drop_empty(value, key=None):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            v = drop_empty(v, k)
            if (isinstance(v, (list, dict)) and not v and k not in KEEP_EMPTY):
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [drop_empty(v) for v in value]
    return value


def units(text, unit_word, factor):
    """'1 vCPU' -> 1024, '2GB' -> 2048, 512 -> 512, '512' -> 512."""
    if isinstance(text, (int, float)):
        return int(text)
    m = re.fullmatch(r"\s*([0-9.]+)\s*(%s)?\s*" % unit_word, text, re.I)
    if not m:
        return text
    n = float(m.group(1)) * (factor if m.group(2) else 1)
    return int(n) if n == int(n) else n


def normalise(td):
    td = drop_empty(td)
    if "requiresCompatibilities" in td:
        td["requiresCompatibilities"] = sorted(td["requiresCompatibilities"])
    if "cpu" in td:
        td["cpu"] = units(td["cpu"], "vcpu", 1024)
    if "memory" in td:
        td["memory"] = units(td["memory"], "gb", 1024)
    for cd in td.get("containerDefinitions", []):
        if isinstance(cd, dict):
            cd.setdefault("essential", True)
            for pm in cd.get("portMappings", []):
                if isinstance(pm, dict) and "containerPort" in pm:
                    pm.setdefault("protocol", "tcp")
            for key in ("mountPoints", "volumesFrom"):
                for mp in cd.get(key, []):
                    if isinstance(mp, dict):
                        mp.setdefault("readOnly", False)
    return td


def first_difference(a, b, path=""):
    if type(a) is not type(b):
        return "%s: %s != %s" % (path or "top", json.dumps(a)[:120], json.dumps(b)[:120])
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                return "%s.%s: only in the compiled output: %s" % (path, k, json.dumps(b[k])[:120])
            if k not in b:
                return "%s.%s: missing from the compiled output (was %s)" % (path, k, json.dumps(a[k])[:120])
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %s != %s" % (path, json.dumps(a)[:120], json.dumps(b)[:120])


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def check_file(ecsc, path, work, normaliser):
    """Returns ("identical"|"different"|"malformed-ok"|"fail", message)."""
    name = os.path.basename(path)[:-5]
    document, error = validate_ecs.load_json(path)
    malformed = error
    clean = None
    if not error:
        try:
            clean, _ = normaliser.normalise(document)
        except coverage.Malformed as e:
            malformed = str(e)
    ecs = os.path.join(work, name + ".ecs")
    rc, _, err = run([ecsc, "import", path, "-o", ecs])
    if malformed:
        if rc == 1 and re.search(r"error\[E004[0-4]\]: ", err) and not os.path.exists(ecs):
            return "malformed-ok", "rejected as it should be (%s): %s" % (malformed, err.strip().splitlines()[0])
        return "fail", "malformed (%s) but import gave exit %d: %s" % (malformed, rc, err.strip())
    if rc != 0:
        return "fail", "import failed (exit %d): %s" % (rc, err.strip())
    rc, out, err = run([ecsc, "fmt", "--check", ecs])
    if rc != 0:
        return "fail", "the imported file is not formatted (`ecsc fmt --check`, exit %d): %s" % (rc, (out + err).strip())
    with open(ecs, encoding="utf-8") as f:
        source = f.read()
    # An account and a region, for what ecsc infers from them where the
    # input has no value (an implied execution role shows as a difference).
    defines = ["-D", "account=123456789012", "-D", "region=us-east-1"]
    for pname, original in PARAM.findall(source):
        defines += ["-D", "%s=%s" % (pname, original)]
    out = os.path.join(work, name + ".out")
    rc, _, err = run([ecsc, "--color=never", ecs, "-o", out] + defines)
    if rc != 0:
        return "fail", "the imported file does not compile (exit %d):\n%s" % (rc, err)
    taskdefs = os.path.join(out, "taskdefs")
    files = sorted(os.listdir(taskdefs)) if os.path.isdir(taskdefs) else []
    if len(files) != 1:
        return "fail", "expected one task definition, got %s\n%s" % (files, err)
    with open(os.path.join(taskdefs, files[0]), encoding="utf-8") as f:
        emitted = json.load(f)
    d = first_difference(normalise(clean), normalise(emitted))
    if d:
        return "different", d
    return "identical", ""


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("ecsc")
    ap.add_argument("corpus")
    ap.add_argument("work")
    ap.add_argument("--min", required=True)
    ap.add_argument("--models", default=coverage.DEFAULT_MODELS)
    ap.add_argument("--write-min")
    args = ap.parse_args(argv)
    taskdefs = os.path.join(args.corpus, "taskdefs")
    if not os.path.isdir(taskdefs):
        print("SKIPPED: corpus not found at %s (it ships beside the repository as ../shared)" % args.corpus)
        return 77
    model, is_current, _ = validate_ecs.load_ecs_model(args.models)
    newer = frozenset() if is_current else validate_ecs.NEWER_FIELDS[coverage.OPERATION]
    normaliser = coverage.Normaliser(model, newer)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    counts = {"identical": 0, "different": 0, "malformed-ok": 0, "fail": 0}
    for path in coverage.json_files(taskdefs):
        status, message = check_file(args.ecsc, path, args.work, normaliser)
        counts[status] += 1
        if status != "identical":
            print("%s: %s: %s" % (os.path.basename(path), status, message))
    valid = counts["identical"] + counts["different"] + counts["fail"]
    print("identical: %d/%d valid task definitions (%d malformed, rejected with an error)"
          % (counts["identical"], valid, counts["malformed-ok"]))
    if args.write_min:
        with open(args.write_min, "w", encoding="utf-8") as f:
            f.write("identical=%d\n" % counts["identical"])
    with open(args.min, encoding="utf-8") as f:
        minimum = int(re.search(r"identical=(\d+)", f.read()).group(1))
    status = 0
    if counts["fail"]:
        print("FAIL: %d files failed to import or compile" % counts["fail"])
        status = 1
    if counts["identical"] < minimum:
        print("FAIL: %d identical, the recorded minimum is %d" % (counts["identical"], minimum))
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
