#!/usr/bin/env python3
"""check_large_output.py FULL TASKDEFS_ONLY SERVICES_ONLY

A large build's files pass through the writer thread's ring (more than its
4 MiB, so it wraps) or are written by the compiler's own thread when the
ring is full.  Whatever way each file went, its bytes must be whole:

- FULL/taskdefs and FULL/services equal, byte for byte, the ones of builds
  that wrote only them (--emit=taskdefs, --emit=services);
- every file of FULL parses as JSON;
- every resource of every fragment in FULL/cfn/fragments equals the
  template's resource of the same logical id (the template is written on
  the compiler's thread from its pieces, the fragments mostly by the writer).
"""
import json
import os
import sys


def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = p
    return out


def main():
    full, tdir, sdir = sys.argv[1:4]
    bad = []
    all_full = files(full)
    for only, sub in ((tdir, "taskdefs"), (sdir, "services")):
        want = {k: v for k, v in files(only).items() if k.startswith(sub + "/")}
        have = {k: v for k, v in all_full.items() if k.startswith(sub + "/")}
        if sorted(want) != sorted(have):
            bad.append(f"{sub}/: {len(have)} files, the {sub}-only build wrote {len(want)}")
        for k in sorted(set(want) & set(have)):
            with open(want[k], "rb") as a, open(have[k], "rb") as b:
                if a.read() != b.read():
                    bad.append(f"{k} differs from the {sub}-only build")
    docs = {}
    for k, p in sorted(all_full.items()):
        if not k.endswith(".json"):
            continue
        try:
            with open(p, encoding="utf-8") as f:
                docs[k] = json.load(f)
        except ValueError as e:
            bad.append(f"{k}: not JSON: {e}")
    template = docs.get("cfn/template.json", {}).get("Resources", {})
    nfrag = 0
    for k, d in docs.items():
        if not k.startswith("cfn/fragments/"):
            continue
        nfrag += 1
        for rid, r in d.get("Resources", {}).items():
            if template.get(rid) != r:
                bad.append(f"{k}: resource {rid} differs from the template's")
    if nfrag < 100 or len(template) < 100:
        bad.append(f"too small a build to test: {nfrag} fragments, {len(template)} resources")
    for b in bad[:20]:
        print("FAIL", b)
    if bad:
        sys.exit(1)
    print(f"large output: {len(all_full)} files whole, {nfrag} fragments agree with the template")


main()
