#!/usr/bin/env python3
"""check_docs.py ECSC REPO WORK - the documentation's examples are real.

- Every ```ecs block of docs/language.md compiles with `ecsc --check` and
  no diagnostics.  The HTML comment on the line before a block says what
  wraps it (`<!-- in: task-fargate -->`, `task-ec2`, `task-bridge`; none: a
  whole file) and which warning it shows on purpose
  (`<!-- in: file (warning W0002 intended) -->`).
- The README's example compiles to exactly the JSON the README shows.
- In docs/diagnostics.md, a ```ecs block after `<!-- check: bad CODE -->`
  (the marker may be followed by a `**Bad:**` line) is a whole file that
  reports CODE; one after `<!-- check: fixed CODE -->` compiles (`-o`) with
  no diagnostic at all: the fix a section shows really works.  Options of
  ecsc may follow the code (`<!-- check: fixed E0442 --emit=taskdefs,cfn -->`,
  for a file whose services/ needs the deployed stack's ARNs).
Prints `N passed, M failed`; exits 1 on any failure.
"""
import os
import re
import subprocess
import sys

APP = 'app doc { region "eu-west-1"; account "123456789012" }\n'
WRAPPERS = {
    'file': '%s\n',
    'task-ec2': APP + 'task t {\n  launch ec2\n%s\n}\n',
    'task-bridge': APP + 'task t {\n  launch ec2\n  network bridge\n%s\n}\n',
    'task-fargate': APP + 'task t {\n  launch fargate\n  cpu 1 vcpu\n  memory 2 GiB\n%s\n}\n',
}
MARKER = re.compile(r'<!-- in: (\S+)(?: \(warning (\w+) intended\))? -->')


def ecs_blocks(lines):
    """(line number, marker line, body) for each ```ecs block."""
    i = 0
    while i < len(lines):
        if lines[i].strip() == '```ecs':
            j = i + 1
            while j < len(lines) and lines[j].strip() != '```':
                j += 1
            yield i + 1, lines[i - 1] if i else '', '\n'.join(lines[i + 1:j])
            i = j
        i += 1


CHECK = re.compile(r'<!-- check: (bad|fixed) (\w+)((?: --\S+)*) -->')


def check_marked(ecsc, work, path, report):
    """The bad and fixed examples of diagnostics.md that carry a marker."""
    lines = open(path, encoding='utf-8').read().split('\n')
    for i, line in enumerate(lines):
        m = CHECK.match(line.strip())
        if not m:
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip() != '```ecs':
            if lines[j].startswith('#') or lines[j].startswith('<!--'):
                break
            j += 1
        if j >= len(lines) or lines[j].strip() != '```ecs':
            report(False, 'docs/diagnostics.md:%d: a check marker without its ```ecs block' % (i + 1))
            continue
        k = j + 1
        while k < len(lines) and lines[k].strip() != '```':
            k += 1
        kind, code, args = m.group(1), m.group(2), m.group(3).split()
        src = os.path.join(work, 'diag%d-%s.ecs' % (i + 1, kind))
        with open(src, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines[j + 1:k]) + '\n')
        r = subprocess.run([ecsc, '--color=never', *args, src, '-o', src[:-4] + '-out'],
                           capture_output=True, text=True)
        codes = set(re.findall(r'(?:error|warning)\[(\w+)\]', r.stderr))
        ok = code in codes if kind == 'bad' else (r.returncode == 0 and not codes)
        report(ok, 'docs/diagnostics.md:%d (%s %s)' % (j + 1, kind, code), r.stderr)


def main():
    ecsc, repo, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    passed = failed = 0

    def report(ok, what, detail=''):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print('FAIL %s\n%s' % (what, detail))

    lines = open(os.path.join(repo, 'docs', 'language.md'), encoding='utf-8').read().split('\n')
    for n, (lineno, marker, body) in enumerate(ecs_blocks(lines), 1):
        if marker.strip().startswith('<!-- import-output:'):
            continue    # `ecsc import`'s output: tests/import/doc_examples.py imports and compiles it
        m = MARKER.match(marker.strip())
        kind, warning = (m.group(1), m.group(2)) if m else ('file', None)
        if kind not in WRAPPERS:
            report(False, 'docs/language.md:%d: unknown wrapper %r' % (lineno, kind))
            continue
        path = os.path.join(work, 'block%d.ecs' % n)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(WRAPPERS[kind] % body)
        r = subprocess.run([ecsc, '--check', '--color=never', path], capture_output=True, text=True)
        codes = set(re.findall(r'(?:error|warning)\[(\w+)\]', r.stderr))
        ok = r.returncode == 0 and codes == ({warning} if warning else set())
        report(ok, 'docs/language.md:%d (%s)' % (lineno, kind), r.stderr)

    check_marked(ecsc, work, os.path.join(repo, 'docs', 'diagnostics.md'), report)

    readme = open(os.path.join(repo, 'README.md'), encoding='utf-8').read()
    src = re.search(r'```\n(app shop .*?)```', readme, re.S)
    want = re.search(r'```json\n(.*?)```', readme, re.S)
    if not src or not want:
        report(False, 'README.md: example or its JSON not found')
    else:
        path = os.path.join(work, 'readme.ecs')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(src.group(1))
        out = os.path.join(work, 'readme-out')
        r = subprocess.run([ecsc, '--color=never', path, '-o', out], capture_output=True, text=True)
        got = ''
        target = os.path.join(out, 'taskdefs', 'shop-web.json')
        if r.returncode == 0 and os.path.exists(target):
            got = open(target, encoding='utf-8').read()
        report(got == want.group(1), 'README.md example output differs', r.stderr + got)

    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
