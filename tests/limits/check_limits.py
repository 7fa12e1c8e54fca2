#!/usr/bin/env python3
"""check_limits.py ECSC WORK [--sanitized] - hostile input within time and memory.

Each case of issue 13 ("Input that must not crash, hang or exhaust memory")
is generated into WORK and compiled; each must give the expected exit
status and diagnostic, under 2 s of CPU time and 512 MiB of memory
(RLIMIT_AS, so an allocation past it fails inside ecsc, which must then
say "out of memory" and exit 2 rather than crash), with a 1 MiB stack for
the chains.  Under the sanitizers (--sanitized) the address space cannot be
limited and everything is slower: time is allowed 10x and memory is read
from the peak RSS instead, against 3x the bound.

Prints one line per case and `N passed, M failed`; exits 1 on any failure.
"""
import os
import resource
import subprocess
import sys
import time

MIB = 1024 * 1024
CPU_LIMIT = 2.0             # seconds of CPU time (user + system)
MEM_LIMIT = 512 * MIB       # bytes of address space
STACK = 1 * MIB             # `ulimit -s 1024`
APP = 'app shop { region "eu-west-1"; account "123456789012" }\n'
TASK = ('task web { launch fargate; cpu 256; memory 512 MiB\n'
        '  container app { image "nginx:1.25"; env { A = %s } } }\n')


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


# ---- the cases: each returns (argv after ecsc, exit status, text stderr must hold) ----------

def import_chain(w):
    """2000 files, each importing the next (SIGSEGV at ~1745 before, ~300 with 1 MiB)."""
    n = 2000
    for i in range(n):
        nxt = 'import "./m%d.ecs"\n' % (i + 1) if i + 1 < n else APP + TASK % '"x"'
        write(os.path.join(w, 'chain', 'm%d.ecs' % i), nxt + 'c%d = "v"\n' % i)
    return [os.path.join(w, 'chain', 'm0.ecs'), '--check'], 0, ''


def const_chain(w):
    """50,000 constants, each naming the one before (SIGSEGV at ~47,600 before)."""
    lines = [APP, 'c0 = "x"\n'] + ['c%d = $c%d\n' % (i, i - 1) for i in range(1, 50000)]
    lines.append(TASK % '$c49999')
    return [write(os.path.join(w, 'consts.ecs'), ''.join(lines)), '--check'], 0, ''


def list_chain(w):
    """50,000 constants, each a list holding the one before: nesting, not recursion."""
    lines = [APP, 'c0 = "x"\n'] + ['c%d = [$c%d]\n' % (i, i - 1) for i in range(1, 50000)]
    lines.append('task web { launch fargate; cpu 256; memory 512 MiB\n'
                 '  container app { image "nginx:1.25"; command $c49999 } }\n')
    return [write(os.path.join(w, 'lists.ecs'), ''.join(lines)), '--check'], 1, r'E0021'


def doubling(w):
    """A 1 KB file whose constants double a string 39 times (2 GB and abort() before)."""
    lines = [APP, 's0 = "xx"\n'] + ['s%d = "${s%d}${s%d}"\n' % (i, i - 1, i - 1) for i in range(1, 40)]
    lines.append(TASK % '$s39')
    return [write(os.path.join(w, 'double.ecs'), ''.join(lines)), '--check'], 1, r'E0020'


def big_template(w):
    """A template with a 120 KB body used 2000 times (49 s before)."""
    body = ''.join('    K%d = "value-%d-%s"\n' % (i, i, 'a' * 32) for i in range(2000))
    text = (APP + 'template big {\n launch fargate\n cpu 256\n memory 512 MiB\n'
            ' container c { image "nginx:1.25"\n  env {\n' + body + '  } } }\n'
            + ''.join('task t%d from big\n' % i for i in range(2000)))
    return [write(os.path.join(w, 'template.ecs'), text), '-o', os.path.join(w, 'out-t')], 1, r'E0020'


def value_copies(w):
    """A 64 KiB string (the longest literal) put into 2000 env entries: 128 MB of output."""
    text = (APP + 'big = "%s"\n' % ('x' * 65000) + 'task web { launch fargate; cpu 256; memory 512 MiB\n'
            '  container app { image "nginx:1.25"; env {\n'
            + ''.join('    K%d = $big\n' % i for i in range(2000)) + '  } } }\n')
    return [write(os.path.join(w, 'copies.ecs'), text), '-o', os.path.join(w, 'out-c')], 1, r'E0020'


def multiplying_templates(w):
    """Templates that each use the next ten times, with an error in the last body."""
    text = APP + ''.join('template t%d { %s }\n' % (i, '; '.join(['use t%d' % (i + 1)] * 10))
                         for i in range(1, 5))
    text += 'template t5 { cpu $nope }\n'
    text += ('task web { launch fargate; use t1; memory 512 MiB\n'
             '  container app { image "nginx:1.25" } }\n')
    return [write(os.path.join(w, 'multiply.ecs'), text), '--check', '--max-errors=0'], 1, r'E0909'


def long_string(w):
    """A 10 MB unterminated string (37 s and 20 MB of output before)."""
    text = APP + 'x = "' + 'a' * 10_000_000 + '\n'
    return [write(os.path.join(w, 'longstr.ecs'), text), '--check'], 1, r'E0002'


def long_line(w):
    """A 500 KB line with 25 errors (34 s before)."""
    text = APP + 'x = [' + ', '.join(['y' * 20000 + ' @ '] * 25) + ']\n'
    return [write(os.path.join(w, 'longline.ecs'), text), '--check', '--max-errors=0'], 1, r'E0003'


def many_env(w):
    """60,000 environment entries (the duplicate-key check took half a minute)."""
    text = (APP + 'task web { launch fargate; cpu 256; memory 512 MiB\n'
            '  container app { image "nginx:1.25"; env {\n'
            + ''.join('    K%d = "v"\n' % i for i in range(60000)) + '    K7 = "again"\n  } } }\n')
    return [write(os.path.join(w, 'env.ecs'), text), '--check'], 1, r"E0102.*'K7' is set twice"


def environment_overrides(w):
    """An environment overriding each of 10,000 tasks (each override searched all before)."""
    n = 10000
    text = APP + ''.join('task t%d { launch fargate; cpu 256; memory 512 MiB\n'
                         '  container app { image "nginx:1.25" } }\n' % i for i in range(n))
    text += 'environment prod {\n' + ''.join('  task t%d { memory 1 GiB }\n' % i for i in range(n)) + '}\n'
    return [write(os.path.join(w, 'envs.ecs'), text), '--check', '--env', 'prod'], 0, ''


def deep_nesting(w):
    """100,000 open brackets: E0005 and nothing else (a 'memory exhausted' followed)."""
    return [write(os.path.join(w, 'deep.ecs'), 'x = ' + '[' * 100000 + '\n'), '--check'], 1, r'E0005'


def params_zero(w):
    """--params /dev/zero grew to gigabytes."""
    return ['--params', '/dev/zero', write(os.path.join(w, 'p.ecs'), APP), '--check'], 2, 'more than the 1024 KiB'


def params_folder(w):
    """--params naming a folder was silently ignored."""
    return ['--params', w, write(os.path.join(w, 'p.ecs'), APP), '--check'], 2, 'is a directory'


def params_large(w):
    """A 2 MiB params file."""
    p = write(os.path.join(w, 'big.params'), ''.join('P%d=%s\n' % (i, 'v' * 60) for i in range(35000)))
    return ['--params', p, write(os.path.join(w, 'p.ecs'), APP), '--check'], 2, 'more than the 1024 KiB'


def params_read_error(w):
    """A params file that opens but cannot be read (EIO)."""
    return ['--params', '/proc/self/mem', write(os.path.join(w, 'p.ecs'), APP), '--check'], 2, 'cannot read'


CASES = [import_chain, const_chain, list_chain, doubling, big_template, value_copies,
         multiplying_templates, long_string, long_line, many_env, environment_overrides, deep_nesting, params_zero,
         params_folder, params_large, params_read_error]


def run(ecsc, args, sanitized):
    def limits():
        resource.setrlimit(resource.RLIMIT_STACK, (STACK, STACK))
        if not sanitized:
            resource.setrlimit(resource.RLIMIT_AS, (MEM_LIMIT, MEM_LIMIT))
    child_usage()       # what earlier children (rm, …) used is not this one's
    start = time.monotonic()
    p = subprocess.Popen([ecsc, '--color=never'] + args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, preexec_fn=limits)
    try:
        err = p.communicate(timeout=120 if sanitized else 30)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return None, b'', 0, 0, time.monotonic() - start
    # The child's own usage: the only child reaped since the call above.
    return p.returncode, err, *child_usage(), time.monotonic() - start


_last = [0.0, 0]


def child_usage():
    """(CPU seconds, peak RSS in bytes) of the child reaped last."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = ru.ru_utime + ru.ru_stime
    used = cpu - _last[0]
    _last[0] = cpu
    return used, ru.ru_maxrss * 1024


def main():
    ecsc, work = sys.argv[1], sys.argv[2]
    sanitized = '--sanitized' in sys.argv[3:]
    cpu_limit = CPU_LIMIT * (10 if sanitized else 1)
    os.makedirs(work, exist_ok=True)
    passed = failed = 0
    for case in CASES:
        w = os.path.join(work, case.__name__)
        subprocess.run(['rm', '-rf', w], check=True)
        os.makedirs(w)
        args, want_rc, want = case(w)
        if case is params_read_error and not os.access('/proc/self/mem', os.R_OK):
            print('skip %s: no /proc/self/mem' % case.__name__)
            continue
        rc, err, cpu, rss, wall = run(ecsc, args, sanitized)
        text = err.decode('utf-8', 'replace')
        problems = []
        if rc is None:
            problems.append('no answer after %.0f s' % wall)
        elif rc != want_rc:
            problems.append('exit %d, expected %d' % (rc, want_rc))
        if rc is not None and cpu > cpu_limit:
            problems.append('%.2f s of CPU, more than %.0f s' % (cpu, cpu_limit))
        if sanitized and rss > 3 * MEM_LIMIT:
            problems.append('peak RSS %d MiB, more than %d MiB' % (rss // MIB, 3 * MEM_LIMIT // MIB))
        if want and not __import__('re').search(want, text):
            problems.append('stderr lacks /%s/' % want)
        if 'memory exhausted' in text or 'out of memory' in text:
            problems.append('ran out of memory')
        if len(err) > 1 * MIB:
            problems.append('%d bytes of diagnostics' % len(err))
        if case is deep_nesting and text.count('error[') != 1:
            problems.append('%d errors, expected E0005 alone' % text.count('error['))
        if case is multiplying_templates and text.count('error[') != 1:
            problems.append('%d errors, expected the one in t5 once' % text.count('error['))
        line = '%s: exit %s, %.2f s CPU, %.2f s wall, %d bytes of stderr' % (
            case.__name__, rc, cpu, wall, len(err))
        if problems:
            failed += 1
            print('FAIL ' + line + '\n  ' + '\n  '.join(problems) + '\n' + text[:2000])
        else:
            passed += 1
            print('ok   ' + line)
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
