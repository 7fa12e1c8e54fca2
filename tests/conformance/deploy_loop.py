#!/usr/bin/python3
"""deploy_loop.py ECSC SRC WORK [--models DIR] - the deploy workflow on every example.

For each examples/*.ecs:
 1. `ecsc FILE -o WORK/NAME/plain` (no -D, no --params): exit 0, taskdefs/
    and cfn/template.json written, no error, and every service that needs
    deploy-time values named in one W0057 warning;
 2. a stand-in for `aws cloudformation describe-stacks` is made from the
    template itself: each Output gets a value of the shape it promises
    (target group and listener rule ARNs, role ARNs, sg- ids), each
    Parameter without a Default a value of its type;
 3. `ecsc FILE -o WORK/NAME/full --stack-outputs stack.json`: exit 0, no
    diagnostic at all, and services/ holds one file per AWS::ECS::Service of
    the template;
 4. the services are validated against the ECS API model (validate_ecs.py)
    and against their task definitions (check_service_refs.py).

Prints one line per example and `N passed, M failed`; exit 1 on failure.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

PARAM_VALUES = {
    'List<AWS::EC2::Subnet::Id>': 'subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002',
    'AWS::EC2::Subnet::Id': 'subnet-0a1b2c3d4e5f60001',
    'AWS::EC2::VPC::Id': 'vpc-0a1b2c3d4e5f60001',
    'List<AWS::EC2::SecurityGroup::Id>': 'sg-0a1b2c3d4e5f60001',
    'AWS::EC2::SecurityGroup::Id': 'sg-0a1b2c3d4e5f60001',
    'Number': '1',
}


def output_value(key, n):
    """A value of the shape the output `key` promises."""
    acct = '123456789012'
    if key.endswith('SecurityGroupId'):
        return 'sg-%017x' % n
    if key.endswith('TargetGroupArn'):
        return 'arn:aws:elasticloadbalancing:eu-west-1:%s:targetgroup/tg%d/%016x' % (acct, n, n)
    if key.endswith('RuleArn'):
        return 'arn:aws:elasticloadbalancing:eu-west-1:%s:listener-rule/app/lb/1/2/%d' % (acct, n)
    if key.endswith('RoleArn') or key.endswith('Arn'):
        return 'arn:aws:iam::%s:role/role%d' % (acct, n)
    return 'value-%d' % n


def stand_in(template):
    outputs = [{'OutputKey': k, 'OutputValue': output_value(k, i + 1)}
               for i, k in enumerate(template.get('Outputs', {}))]
    params = []
    for k, p in template.get('Parameters', {}).items():
        v = p.get('Default')
        if v is None:
            t = p.get('Type', 'String')
            v = PARAM_VALUES.get(t, 'arn:aws:acm:eu-west-1:123456789012:certificate/x'
                                 if 'cert' in k.lower() else 'x')
        params.append({'ParameterKey': k, 'ParameterValue': v})
    return {'Stacks': [{'StackName': 'example', 'Outputs': outputs, 'Parameters': params}]}


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def one(ecsc, src, work, name, models):
    ex = os.path.join(src, 'examples', name + '.ecs')
    plain = os.path.join(work, name, 'plain')
    full = os.path.join(work, name, 'full')
    r = run([ecsc, '--color=never', ex, '-o', plain])
    if r.returncode != 0:
        return 'plain build exited %d:\n%s' % (r.returncode, r.stderr)
    if 'error' in r.stderr:
        return 'plain build reported an error:\n' + r.stderr
    tpath = os.path.join(plain, 'cfn', 'template.json')
    if not os.path.isdir(os.path.join(plain, 'taskdefs')) or not os.path.exists(tpath):
        return 'plain build wrote no taskdefs/ or no cfn/template.json'
    with open(tpath) as f:
        template = json.load(f)
    services = [k for k, v in template['Resources'].items() if v['Type'] == 'AWS::ECS::Service']
    written = os.listdir(os.path.join(plain, 'services')) if os.path.isdir(
        os.path.join(plain, 'services')) else []
    if len(written) < len(services) and 'W0057' not in r.stderr:
        return 'services/ is incomplete but no W0057 warning says so:\n' + r.stderr
    if r.stderr.count('W0057') > 1:
        return 'more than one W0057 warning:\n' + r.stderr
    stack = os.path.join(work, name, 'stack.json')
    with open(stack, 'w') as f:
        json.dump(stand_in(template), f, indent=2)
    r = run([ecsc, '--color=never', ex, '-o', full, '--stack-outputs', stack])
    if r.returncode != 0 or r.stderr:
        return 'build with --stack-outputs: exit %d:\n%s' % (r.returncode, r.stderr)
    sdir = os.path.join(full, 'services')
    got = sorted(os.listdir(sdir)) if os.path.isdir(sdir) else []
    if len(got) != len(services):
        return 'services/ has %d files, the template %d services' % (len(got), len(services))
    if not services:
        return None
    cmd = [sys.executable, os.path.join(HERE, 'validate_ecs.py'), '--operation', 'CreateService']
    if models:
        cmd += ['--models', models]
    r = run(cmd + [sdir])
    if r.returncode != 0:
        return 'botocore rejected services/:\n' + r.stdout + r.stderr
    r = run([sys.executable, os.path.join(HERE, 'check_service_refs.py'), full])
    if r.returncode != 0:
        return 'a service disagrees with its task definition:\n' + r.stdout + r.stderr
    return None


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    ecsc, src, work = argv[1:4]
    models = None
    if len(argv) > 5 and argv[4] == '--models' and os.path.isdir(argv[5]):
        models = argv[5]
    names = sorted(f[:-4] for f in os.listdir(os.path.join(src, 'examples')) if f.endswith('.ecs'))
    passed = failed = 0
    for name in names:
        why = one(ecsc, src, work, name, models)
        if why:
            failed += 1
            print('FAIL %s: %s' % (name, why))
        else:
            passed += 1
            print('PASS %s' % name)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
