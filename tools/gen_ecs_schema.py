#!/usr/bin/env python3
"""Generate compiler/sema/ecs_schema_data.inc from botocore's ECS API model.

Usage:
    python3 tools/gen_ecs_schema.py \\
        /work/shared/reference/aws-models/ecs/2014-11-13/service-2.json \\
        compiler/sema/ecs_schema_data.inc

Emits every shape reachable from the root input shapes below, as static C
tables that compiler/sema/schema.c includes.  The output is deterministic:
shapes are sorted by name (byte order, so C can binary-search them with
strcmp), structure members are sorted by name, and enum values keep the
model's order.  Python standard library only.
"""

import json
import os
import re
import sys

ROOTS = ("RegisterTaskDefinitionRequest", "CreateServiceRequest")

KINDS = {
    "structure": "SCHEMA_STRUCT",
    "list": "SCHEMA_LIST",
    "map": "SCHEMA_MAP",
    "string": "SCHEMA_STRING",
    "integer": "SCHEMA_INTEGER",
    "long": "SCHEMA_LONG",
    "boolean": "SCHEMA_BOOLEAN",
    "double": "SCHEMA_DOUBLE",
    "float": "SCHEMA_FLOAT",
    "timestamp": "SCHEMA_TIMESTAMP",
    "blob": "SCHEMA_BLOB",
}

DEFAULT_COMMIT = "unknown"


def die(msg):
    sys.stderr.write("gen_ecs_schema.py: %s\n" % msg)
    sys.exit(1)


def c_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        elif o < 0x80:
            out.append("\\%03o" % o)
        else:
            for b in ch.encode("utf-8"):
                out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


def c_number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        die("non-numeric constraint %r" % (v,))
    f = float(v)
    if f != f or f in (float("inf"), float("-inf")):
        die("non-finite constraint %r" % (v,))
    if f == int(f) and abs(f) < 2 ** 53:
        return "%d.0" % int(f)
    return repr(f)


def find_commit(model_path):
    """Reads the botocore commit from aws-models/NOTICE.md, if present."""
    d = os.path.dirname(os.path.abspath(model_path))
    for _ in range(4):
        notice = os.path.join(d, "NOTICE.md")
        if os.path.isfile(notice):
            with open(notice, encoding="utf-8") as f:
                m = re.search(r"\bcommit\s+([0-9a-f]{40})\b", f.read())
            return m.group(1) if m else DEFAULT_COMMIT
        d = os.path.dirname(d)
    return DEFAULT_COMMIT


def reachable(shapes):
    seen = set()
    stack = list(ROOTS)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        if name not in shapes:
            die("shape %s referenced but not defined" % name)
        seen.add(name)
        s = shapes[name]
        t = s.get("type")
        if t == "structure":
            stack.extend(m["shape"] for m in s.get("members", {}).values())
        elif t == "list":
            stack.append(s["member"]["shape"])
        elif t == "map":
            stack.append(s["key"]["shape"])
            stack.append(s["value"]["shape"])
    return sorted(seen, key=lambda n: n.encode("utf-8"))


def generate(model, commit):
    shapes = model["shapes"]
    names = reachable(shapes)
    index = {n: i for i, n in enumerate(names)}
    for n in names:
        if not n.isascii():
            die("non-ASCII shape name %r" % n)

    members = []   # (name, target index, required, deprecated)
    enums = []     # strings
    rows = []

    for n in names:
        s = shapes[n]
        t = s.get("type")
        if t not in KINDS:
            die("shape %s has unsupported type %r" % (n, t))
        a = b = -1
        first = count = 0
        flags = []
        if t == "structure":
            req = set(s.get("required", []))
            mems = s.get("members", {})
            unknown = req - set(mems)
            if unknown:
                die("shape %s requires unknown members %s" % (n, sorted(unknown)))
            first = len(members)
            for mn in sorted(mems, key=lambda x: x.encode("utf-8")):
                m = mems[mn]
                members.append((mn, index[m["shape"]], mn in req,
                                bool(m.get("deprecated", False))))
            count = len(members) - first
            if s.get("document", False):
                flags.append("SCHEMA_F_DOCUMENT")
        elif t == "list":
            a = index[s["member"]["shape"]]
        elif t == "map":
            a = index[s["key"]["shape"]]
            b = index[s["value"]["shape"]]
        elif t == "string" and "enum" in s:
            first = len(enums)
            enums.extend(s["enum"])
            count = len(enums) - first
        if s.get("deprecated", False):
            flags.append("SCHEMA_F_DEPRECATED")
        lo = hi = "0.0"
        if "min" in s:
            flags.append("SCHEMA_F_MIN")
            lo = c_number(s["min"])
        if "max" in s:
            flags.append("SCHEMA_F_MAX")
            hi = c_number(s["max"])
        rows.append((n, KINDS[t], a, b, first, count,
                     "|".join(flags) if flags else "0", lo, hi))

    # schema.c stores shape indices as int16_t and offsets as uint16_t.
    if len(rows) > 32767 or len(members) > 65535 or len(enums) > 65535:
        die("model too large for schema.c's index types")

    version = model.get("metadata", {}).get("apiVersion", "?")
    out = []
    w = out.append
    w("/* ecs_schema_data.inc - GENERATED FILE, DO NOT EDIT.\n")
    w(" *\n")
    w(" * Generated by tools/gen_ecs_schema.py from botocore's Amazon ECS API model\n")
    w(" * (ecs/%s/service-2.json), boto/botocore commit\n" % version)
    w(" * %s, Apache License 2.0.\n" % commit)
    w(" * Contains every shape reachable from %s.\n" % " and ".join(ROOTS))
    w(" *\n")
    w(" * Regenerate from the repository root with:\n")
    w(" *   python3 tools/gen_ecs_schema.py \\\n")
    w(" *     /work/shared/reference/aws-models/ecs/%s/service-2.json \\\n" % version)
    w(" *     compiler/sema/ecs_schema_data.inc\n")
    w(" *\n")
    w(" * Included only by compiler/sema/schema.c, which defines the row types.\n")
    w(" * Shapes are sorted by name and structure members by name (byte order).\n")
    w(" */\n\n")

    w("static const char *const schema_enum_data[] = {\n")
    for v in enums:
        w("    %s,\n" % c_string(v))
    if not enums:
        w("    NULL,\n")
    w("};\n\n")

    w("/* name, target shape index, required, deprecated */\n")
    w("static const SchemaMemberRow schema_member_data[] = {\n")
    for (mn, target, req, dep) in members:
        w("    {%s, %d, %s, %s}, /* %s */\n" % (
            c_string(mn), target, "true" if req else "false",
            "true" if dep else "false", names[target]))
    w("};\n\n")

    w("/* name, kind, a (list member / map key), b (map value),\n")
    w(" * first and count (members or enum values), flags, min, max */\n")
    w("static const SchemaShape schema_shape_data[] = {\n")
    for i, r in enumerate(rows):
        w("    /* %3d */ {%s, %s, %d, %d, %d, %d, %s, %s, %s},\n" % (
            (i, c_string(r[0])) + r[1:]))
    w("};\n")
    return "".join(out)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s SERVICE-2.JSON OUTPUT.inc\n" % argv[0])
        return 2
    with open(argv[1], encoding="utf-8") as f:
        model = json.load(f)
    text = generate(model, find_commit(argv[1]))
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
