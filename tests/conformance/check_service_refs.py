#!/usr/bin/env python3
"""check_service_refs.py OUT_DIR... - every services/<name>.json agrees with
the task definition it names, in the same output folder:

- taskDefinition is the family of a task definition ecsc wrote;
- each loadBalancers[] entry names a container of that task definition
  and one of its container ports;
- awsvpc task definitions have networkConfiguration.awsvpcConfiguration,
  other network modes have none;
- a launchType is one the task definition is compatible with.

Prints `N passed, M failed` (one per service file); exits 1 on failure, 2
when no service file is found.
"""
import json
import os
import sys


def service_files(root):
    for base, dirs, names in os.walk(root):
        dirs.sort()
        if os.path.basename(base) == 'services':
            for n in sorted(names):
                if n.endswith('.json'):
                    yield os.path.join(base, n)


def check(path):
    out = os.path.dirname(os.path.dirname(path))
    svc = json.load(open(path, encoding='utf-8'))
    problems = []
    family = svc.get('taskDefinition')
    td_path = os.path.join(out, 'taskdefs', '%s.json' % family)
    if not os.path.exists(td_path):
        return ['taskDefinition %r: no taskdefs/%s.json beside it' % (family, family)]
    td = json.load(open(td_path, encoding='utf-8'))
    containers = {c['name']: c for c in td.get('containerDefinitions', [])}
    for lb in svc.get('loadBalancers', []):
        c = containers.get(lb.get('containerName'))
        if c is None:
            problems.append('loadBalancers: container %r is not in %s' % (lb.get('containerName'), family))
            continue
        ports = {p.get('containerPort') for p in c.get('portMappings', [])}
        if lb.get('containerPort') not in ports:
            problems.append('loadBalancers: container %r does not expose port %r (ports: %s)'
                            % (c['name'], lb.get('containerPort'), sorted(p for p in ports if p)))
    awsvpc = td.get('networkMode') == 'awsvpc'
    has_net = 'awsvpcConfiguration' in svc.get('networkConfiguration', {})
    if awsvpc and not has_net:
        problems.append('task definition uses awsvpc but the service has no awsvpcConfiguration')
    if not awsvpc and has_net:
        problems.append('awsvpcConfiguration on a service whose task definition is %s'
                        % td.get('networkMode', 'the default network mode'))
    launch = svc.get('launchType')
    compat = td.get('requiresCompatibilities')
    if launch and compat and launch not in compat:
        problems.append('launchType %s but the task definition requires %s' % (launch, compat))
    return problems


def main():
    files = [f for root in sys.argv[1:] for f in service_files(root)]
    if not files:
        print('no services/*.json found')
        return 2
    failed = 0
    for f in files:
        problems = check(f)
        if problems:
            failed += 1
            print('FAIL %s' % f)
            for p in problems:
                print('  ' + p)
    print('%d passed, %d failed' % (len(files) - failed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
