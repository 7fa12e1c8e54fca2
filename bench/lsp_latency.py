#!/usr/bin/env python3
"""lsp_latency.py ECSC [N] [EDITS] -- how soon `ecsc lsp` publishes diagnostics
after an edit of shop-N.ecs (bench/gen_shop; N = 1000 by default).

A scripted client (tests/lsp/lspclient.py) opens the file, then makes EDITS
(default 200) incremental edits, one at a time, each waiting for the
diagnostics of its version before the next: alternately an error (a field
name misspelt: `desird`) and its fix, at a service chosen round-robin.  The
time from writing the didChange to reading its publishDiagnostics is
printed as p50, p95 and max, in milliseconds; so is the CPU time the server
spent on each edit (/proc/PID/schedstat, in ns), which a busy machine does not
inflate the way it does the wall time, for all edits and for the errors and
the fixes apart (an error stops the check after decoding; a fix runs all of
it).  It checks that an error
edit gets exactly one diagnostic (E0101; later stages do not run) and a fix
gets those of the file as generated (the warnings about AWS quotas).
"""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "lsp"))
import lspclient  # noqa: E402


def main():
    ecsc = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    text = subprocess.run([sys.executable, os.path.join(HERE, "gen_shop"), str(n)], check=True,
                          capture_output=True, text=True).stdout
    uri = "file:///bench/shop-%d.ecs" % n
    c = lspclient.Client(ecsc)
    try:
        c.initialize()
        t0 = time.monotonic()
        c.open(uri, text)
        first = c.diagnostics(uri, 1, timeout=60)
        print("open: %.1f ms, %d diagnostics" % ((time.monotonic() - t0) * 1000, len(first)))
        base = len(first)
        lines = text.split("\n")
        desired = [i for i, l in enumerate(lines) if l.strip().startswith("desired")]
        times, cpu = [], []

        def oncpu():
            with open("/proc/%d/schedstat" % c.proc.pid) as f:
                return int(f.read().split()[0]) / 1e6
        for k in range(edits):
            line = desired[(k // 2 * 37) % len(desired)]
            col = lines[line].index("desired")
            bad = k % 2 == 0
            change = {"range": {"start": {"line": line, "character": col + 5},
                                "end": {"line": line, "character": col + (6 if bad else 5)}},
                      "text": "" if bad else "e"}
            t, u = time.monotonic(), oncpu()
            c.change(uri, k + 2, [change])
            d = c.diagnostics(uri, k + 2, timeout=60)
            times.append((time.monotonic() - t) * 1000)
            cpu.append(oncpu() - u)
            codes = [x["code"] for x in d]
            ok = codes == ["E0101"] if bad else len(d) == base
            if not ok:
                sys.exit("edit %d: unexpected diagnostics %s" % (k, codes))
        c.shutdown()
    finally:
        c.kill()
    def report(what, xs):
        xs = sorted(xs)
        p95 = xs[min(len(xs) - 1, int(round(0.95 * len(xs))) - 1)]
        print("shop-%d, %d edits, %s: p50 %.1f ms, p95 %.1f ms, max %.1f ms" %
              (n, edits, what, statistics.median(xs), p95, xs[-1]))
    report("edit to diagnostics (wall)", times)
    report("server CPU per edit", cpu)
    report("server CPU per error edit", cpu[0::2])
    report("server CPU per fix edit", cpu[1::2])
    print("load average: %s" % open("/proc/loadavg").read().split()[0])


if __name__ == "__main__":
    main()
