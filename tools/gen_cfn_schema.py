#!/usr/bin/env python3
"""Generate compiler/sema/cfn_schema_data.inc from the CloudFormation
resource specification CDK publishes (@aws-cdk/aws-service-spec, db.json.gz).

Usage:
    python3 tools/gen_cfn_schema.py \\
        tests/cfn/node_modules/@aws-cdk/aws-service-spec/db.json.gz \\
        compiler/sema/cfn_schema_data.inc

(tests/cfn/setup.sh installs the pinned package; nothing is downloaded at
build time: the generated file is committed.)

Emits the resource types a `raw` block can reach (RESOURCES below) with
every property type they use, as the same static rows as
ecs_schema_data.inc (compiler/sema/schema.c defines them), under the names
cfn_enum_data / cfn_member_data / cfn_shape_data.  Shape names:
  "AWS::ECS::Cluster"                 a resource's Properties
  "AWS::ECS::Cluster.ClusterSettings" a property type
  "Tag (CloudFormation)"              {Key, Value} (the ECS model has its own "Tag")
  "string", "integer", ...            primitives; "json": any JSON
  "X[]" / "{X}"                       a list / a map of string to X
The specification gives types, required members and nothing more: no enums
and no bounds (CloudFormation's own validator, run by tests/cfn, checks
those on the output).  Deterministic: shapes sorted by name (byte order),
members by name.  Python standard library only.
"""

import gzip
import json
import os
import sys

RESOURCES = (
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::EC2::LaunchTemplate",
    "AWS::ECS::CapacityProvider",
    "AWS::ECS::Cluster",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::IAM::Role",
    "AWS::Scheduler::Schedule",
)

TAG = "Tag (CloudFormation)"

PRIMITIVES = {
    "string": "SCHEMA_STRING",
    "integer": "SCHEMA_INTEGER",
    "number": "SCHEMA_DOUBLE",
    "boolean": "SCHEMA_BOOLEAN",
    "date-time": "SCHEMA_TIMESTAMP",
    "json": "SCHEMA_STRUCT",        # flagged document: any JSON
}


def die(msg):
    sys.stderr.write("gen_cfn_schema.py: %s\n" % msg)
    sys.exit(1)


def c_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            for b in ch.encode("utf-8"):
                out.append("\\%03o" % b)
    out.append('"')
    return "".join(out)


class Gen:
    def __init__(self, db):
        schema = db["schema"]
        self.types = {t["$id"]: t for t in schema["typeDefinition"]["entities"]}
        self.resources = {r["cloudFormationType"]: r for r in schema["resource"]["entities"]
                          if "cloudFormationType" in r}
        self.shapes = {}        # name -> dict(kind, a, b, members, document)
        self.type_names = {}    # typedef $id -> shape name

    def shape_of(self, t, owner):
        """The shape name of a property's type, defining what it needs."""
        kind = t.get("type")
        if kind in PRIMITIVES:
            if kind not in self.shapes:
                self.shapes[kind] = {"kind": PRIMITIVES[kind], "document": kind == "json"}
            return kind
        if kind == "union":
            # a choice of types: accepted as any JSON (rare; CloudFormation checks it)
            return self.shape_of({"type": "json"}, owner)
        if kind == "tag":
            if TAG not in self.shapes:
                s = self.shape_of({"type": "string"}, owner)
                self.shapes[TAG] = {"kind": "SCHEMA_STRUCT",
                                      "members": [("Key", s, True), ("Value", s, True)]}
            return TAG
        if kind in ("array", "map"):
            elem = self.shape_of(t["element"], owner)
            name = elem + "[]" if kind == "array" else "{" + elem + "}"
            if name not in self.shapes:
                if kind == "array":
                    self.shapes[name] = {"kind": "SCHEMA_LIST", "a": elem}
                else:
                    self.shapes[name] = {"kind": "SCHEMA_MAP",
                                         "a": self.shape_of({"type": "string"}, owner),
                                         "b": elem}
            return name
        if kind == "ref":
            tid = t["reference"]["$ref"]
            if tid in self.type_names:
                return self.type_names[tid]
            td = self.types.get(tid) or die("unknown type reference %s" % tid)
            name = owner + "." + td["name"]
            self.type_names[tid] = name
            self.shapes[name] = {"kind": "SCHEMA_STRUCT", "members": None}
            self.shapes[name]["members"] = self.members(td, owner)
            return name
        die("unknown type kind %r" % kind)

    def members(self, entity, owner):
        out = []
        for pname, p in sorted(entity.get("properties", {}).items()):
            out.append((pname, self.shape_of(p["type"], owner), bool(p.get("required"))))
        return out

    def run(self):
        for rtype in RESOURCES:
            r = self.resources.get(rtype) or die("no resource %s in the specification" % rtype)
            self.shapes[rtype] = {"kind": "SCHEMA_STRUCT", "members": None}
            self.shapes[rtype]["members"] = self.members(r, rtype)

    def write(self, out, source):
        names = sorted(self.shapes, key=lambda n: n.encode("utf-8"))
        index = {n: i for i, n in enumerate(names)}
        members, rows = [], []
        for n in names:
            s = self.shapes[n]
            first, count = 0, 0
            if s.get("members") is not None:
                first, count = len(members), len(s["members"])
                members.extend(s["members"])
            a = index[s["a"]] if "a" in s else -1
            b = index[s["b"]] if "b" in s else -1
            flags = "SCHEMA_F_DOCUMENT" if s.get("document") else "0"
            rows.append((n, s["kind"], a, b, first, count, flags))
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            f.write("/* cfn_schema_data.inc - GENERATED FILE, DO NOT EDIT.\n *\n"
                    " * Generated by tools/gen_cfn_schema.py from the CloudFormation resource\n"
                    " * specification of @aws-cdk/aws-service-spec %s (db.json.gz),\n"
                    " * Apache License 2.0.  Resource types: the ones `raw` reaches:\n" % source)
            for r in RESOURCES:
                f.write(" *   %s\n" % r)
            f.write(" *\n * Regenerate from the repository root with:\n"
                    " *   python3 tools/gen_cfn_schema.py \\\n"
                    " *     tests/cfn/node_modules/@aws-cdk/aws-service-spec/db.json.gz \\\n"
                    " *     compiler/sema/cfn_schema_data.inc\n *\n"
                    " * Included only by compiler/sema/schema.c, which defines the row types.\n"
                    " * Shapes are sorted by name and structure members by name (byte order).\n */\n\n")
            f.write("static const SchemaMemberRow cfn_member_data[] = {\n")
            for name, shape, req in members:
                f.write("    {%s, %d, %s, false},\n" % (c_string(name), index[shape],
                                                        "true" if req else "false"))
            f.write("};\n\nstatic const SchemaShape cfn_shape_data[] = {\n")
            for i, (n, kind, a, b, first, count, flags) in enumerate(rows):
                f.write("    /* %3d */ {%s, %s, %d, %d, %d, %d, %s, 0.0, 0.0},\n"
                        % (i, c_string(n), kind, a, b, first, count, flags))
            f.write("};\n")


def main():
    if len(sys.argv) != 3:
        die("usage: gen_cfn_schema.py DB_JSON_GZ OUT.inc")
    src, out = sys.argv[1], sys.argv[2]
    with gzip.open(src, "rt", encoding="utf-8") as f:
        db = json.load(f)
    version = "unknown"
    pkg = os.path.join(os.path.dirname(src), "package.json")
    if os.path.exists(pkg):
        with open(pkg, encoding="utf-8") as f:
            version = json.load(f).get("version", "unknown")
    g = Gen(db)
    g.run()
    g.write(out, version)


if __name__ == "__main__":
    main()
