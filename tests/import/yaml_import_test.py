#!/usr/bin/env python3
"""yaml_import_test.py ECSC DATA WORK - `ecsc import` of docker-compose files and Copilot manifests.

Each public example of DATA (tests/import/data, sources and licences in its README.md) is imported,
its .ecs checked for the expected mapping (statements, with runs of blanks made one), its warnings
for what could not be carried over, then compiled (`ecsc FILE -o OUT`, exit 0) with a value for
each param it declares, and the compiled JSON checked too. Hostile YAML (alias bombs, deep
nesting, a huge scalar, tabs, bytes that are not UTF-8) must be refused with E0045 and its line,
quickly and without a crash."""
import json
import os
import re
import shutil
import subprocess
import sys
import time

ECSC, DATA, WORK = sys.argv[1:4]
failures = []
checked = 0


def fail(what, msg):
    failures.append(f"{what}: {msg}")


def run(args, timeout=30):
    start = time.monotonic()
    p = subprocess.run([ECSC] + args, capture_output=True, text=True, timeout=timeout,
                       errors="replace")
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def squeeze(text):
    return [re.sub(r"\s+", " ", line.strip()) for line in text.splitlines()]


# file -> (import options, statements the .ecs must hold, warnings stderr must hold,
#          {taskdef file: {container: {JSON member: value}}} of the compiled output)
CASES = {
    "compose/nginx-flask-mysql/compose.yaml": (
        [],
        ["app nginx-flask-mysql {}",
         "task nginx-flask-mysql {",
         "container db {", "container backend {", "container proxy {",
         "launch fargate", "cpu 0.25 vcpu", "memory 512 MiB", "volume db-data",
         'image "mariadb:10-focal"',
         'image "${backend_image}"',
         'command ["--default-authentication-plugin=mysql_native_password"]',
         'health cmd "mysqladmin ping -h 127.0.0.1 --password=\\"$(cat /run/secrets/db-password)\\" '
         '--silent" every 10s timeout 5s retries 3 start 30s',
         'health exec ["wget", "--no-verbose", "--tries=1", "--spider", '
         '"http://localhost:8000/health"] every 30s timeout 10s retries 3 start 40s',
         "depends_on db healthy", "depends_on backend healthy",
         'mount db-data at "/var/lib/mysql"',
         'logs json-file { max-size = "10m", max-file = "3", labels = "service=db" }',
         "port 8000", "port 80",
         'env { MYSQL_DATABASE = "example", MYSQL_ROOT_PASSWORD_FILE = "/run/secrets/db-password" }',
         "service nginx-flask-mysql {", "task nginx-flask-mysql", "subnets subnets",
         "param subnets [subnet_id] # the subnets of the services' tasks"],
        ["warning[W0045]: line 16: secret 'db-password' is not carried over",
         "warning[W0045]: line 35: the service is built from source (`build`)",
         "warning[W0045]: line 24: `expose` is not carried over",
         "warning[W0046]: line 18: the named volume 'db-data' is a task volume"],
        {"nginx-flask-mysql-nginx-flask-mysql.json": {
            "db": {"mountPoints": [{"sourceVolume": "db-data", "containerPath": "/var/lib/mysql",
                                   "readOnly": False}]},
            "backend": {"dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],
                        "portMappings": [{"containerPort": 8000, "protocol": "tcp"}]},
            "proxy": {"dependsOn": [{"containerName": "backend", "condition": "HEALTHY"}]},
            "": {"cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"]}}}),
    "compose/react-express-mongodb/compose.yaml": (
        [],
        ["container frontend {", "container backend {", "container db {",
         "depends_on backend start", "depends_on db start", 'image "mongo:latest"', "port 27017"],
        ["line 7: the bind mount './frontend' -> '/app' is not carried over",
         "warning[W0046]: line 16: port 3000/tcp is also 'frontend''s"],
        {}),
    "compose/ecs-cli-fargate/docker-compose.yml": (
        [],
        ["task ecs-cli-fargate {", 'image "amazon/amazon-ecs-sample"', "port 80",
         'logs awslogs group "tutorial" prefix "web" { awslogs-region = "us-west-2" }',
         "cpu 0.25 vcpu", "memory 512 MiB", "public_ip"],
        ["warning[W0046]: task_execution_role 'ecsTaskExecutionRole' is a role name",
         "ecs-params.yml's subnets and security groups are not all ids"],
        {"ecs-cli-fargate-ecs-cli-fargate.json": {
            "web": {"logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "tutorial", "awslogs-region": "us-west-2",
                "awslogs-stream-prefix": "web"}}},
            "": {"cpu": "256", "memory": "512"}}}),
    "compose/ecs-cli-v2/docker-compose.yml": (
        ["--compose-tasks=each"],
        ["task mysql {", 'image "mysql"', "cpu 100", "memory 500 MiB",
         'env { MYSQL_ROOT_PASSWORD = "password" }', "service mysql {"],
        [],
        {"ecs-cli-v2-mysql.json": {"mysql": {"cpu": 100, "memory": 500},
                                   "": {"cpu": "256", "memory": "512"}}}),
    "copilot/front-end/manifest.yml": (
        [],
        ["task front-end {", "storage 30 GiB", "scale 2..5 on cpu 70%",
         'route public "/*" to front-end:80', "load_balancer public {", "listen 80 http",
         'env { TEST_JSON_ENV_VAR = "{}", TEST_BOOL_ENV_VAR = "on", TEST_JOB_CHECK_VAR = "no" }'],
        ["line 37: `storage.volumes` is not carried over",
         "line 33: `count.memory_percentage` is not carried over"],
        {"front-end-front-end.json": {"": {"ephemeralStorage": {"sizeInGiB": 30}}}}),
    "copilot/frontend/manifest.yml": (
        [],
        ['route public "/*" to frontend:80 health "/_healthcheck" every 15s healthy 3 unhealthy 2',
         "scale 1..10 on cpu 70%", "exec", "role frontend", "role frontend {}",
         'secret GITHUB_TOKEN from ssm "GITHUB_TOKEN"',
         "environment test {", "environment staging {", "environment production {",
         "desired 2"],
        ["line 16: `http.allowed_source_ips` is not carried over",
         "`count.range.spot_from` is not carried over"],
        {}),
    "copilot/hello/manifest.yml": (
        [],
        ['route public "/*" to hello:3000', "environment prod {}"],
        ["line 12: `http.alias` is not carried over", "line 20: `http` of environment prod"],
        {}),
    "copilot/subscribers/manifest.yml": (
        [],
        ['image "flask-sample"', "port 8080",
         'health cmd "curl -f http://localhost:8080 || exit 1" every 6s timeout 20s retries 1 start 15s',
         "service subscribers {", "exec"],
        ["line 29: `network.connect` is not carried over (Service Connect)",
         "line 20: healthcheck retries 0 is outside ECS's 1-10: 1"],
        {"subscribers-subscribers.json": {"subscribers": {"healthCheck": {
            "command": ["CMD-SHELL", "curl -f http://localhost:8080 || exit 1"],
            "interval": 6, "timeout": 20, "retries": 1, "startPeriod": 15}}}}),
    "copilot/worker/manifest.yml": (
        [],
        ["task worker {", "cpu 1 vcpu", "memory 2 GiB", "service worker {"],
        ["warning[W0047]: line 10: `subscribe` is not carried over"],
        {}),
    "copilot/cuteness-aggregator/manifest.yml": (
        [],
        ["task cuteness-aggregator {"],
        ["warning[W0047]: line 21: `schedule: 0 */2 * * *` is not carried over"],
        {}),
    "copilot/environments/test/manifest.yml": (
        [],
        ["environment test {}", "param vpc vpc_id # set per environment"],
        ["'mock-vpc-id' is not a vpc-id", "`observability` of the environment manifest"],
        {}),
}


def params_of(ecs):
    args = []
    for line in squeeze(ecs):
        m = re.match(r"param (\S+) (\S+)", line)
        if not m:
            continue
        name, typ = m.groups()
        value = {"[subnet_id]": "subnet-0a1b2c3d,subnet-4e5f6a7b", "vpc_id": "vpc-0a1b2c3d"}.get(
            typ, "registry.example.com/app:1.0")
        args += ["-D", f"{name}={value}"]
    return args


def check_json(what, out, want):
    for fname, containers in want.items():
        path = os.path.join(out, "taskdefs", fname)
        if not os.path.exists(path):
            fail(what, f"{fname} was not written (has: {os.listdir(os.path.join(out, 'taskdefs'))})")
            continue
        td = json.load(open(path))
        cds = {c["name"]: c for c in td["containerDefinitions"]}
        for cname, members in containers.items():
            obj = td if cname == "" else cds.get(cname)
            if obj is None:
                fail(what, f"{fname}: no container {cname}")
                continue
            for k, v in members.items():
                if obj.get(k) != v:
                    fail(what, f"{fname}: {cname or 'task'}.{k} is {obj.get(k)!r}, not {v!r}")


def formatted(what, ecs):
    """What import writes is in the canonical layout: `ecsc fmt --check -` passes."""
    p = subprocess.run([ECSC, "fmt", "--check", "-"], input=ecs, capture_output=True, text=True,
                       timeout=30, errors="replace")
    if p.returncode != 0:
        fail(what, f"the import is not formatted (ecsc fmt --check - exit {p.returncode}): "
                   f"{(p.stdout + p.stderr)[:500]}")
    names = re.findall(r"^param (\S+)", ecs, re.M)
    if len(names) != len(set(names)):
        fail(what, f"a param is declared twice: {sorted(names)}")


def test_example(rel, case):
    global checked
    opts, stmts, warns, js = case
    what = rel
    rc, ecs, err, _ = run(["import"] + opts + [os.path.join(DATA, rel)])
    if rc != 0:
        fail(what, f"import exit {rc}: {err}")
        return
    formatted(what, ecs)
    lines = set(squeeze(ecs))
    for s in stmts:
        if s not in lines:
            fail(what, f"no statement `{s}` in:\n{ecs}")
    for w in warns:
        if w not in err:
            fail(what, f"no warning `{w}` in:\n{err}")
    # every warning is also a comment at its place: nothing is dropped silently
    for m in re.finditer(r"warning\[(W\d+)\]: (.*)", err):
        if f"{m.group(2)} ({m.group(1)})" not in ecs:
            fail(what, f"warning without its comment: {m.group(0)}")
    src = os.path.join(WORK, re.sub(r"\W", "_", rel) + ".ecs")
    out = src[:-4] + ".out"
    open(src, "w").write(ecs)
    shutil.rmtree(out, ignore_errors=True)
    rc, _, err, _ = run([src, "-o", out, "-D", "account=123456789012", "-D", "region=eu-west-1"]
                        + params_of(ecs) + (["--all-envs"] if "environment " in ecs else []))
    if rc != 0:
        fail(what, f"the imported file does not compile (exit {rc}):\n{err}")
        return
    check_json(what, out, js)
    checked += 1


def hostile(name, text, line, part, path_suffix=".yml"):
    global checked
    path = os.path.join(WORK, name + path_suffix)
    open(path, "wb").write(text)
    rc, out, err, secs = run(["import", path], timeout=60)
    if rc != 1 or "error[E0045]" not in err or part not in err or out:
        fail(name, f"exit {rc}, stdout {len(out)} bytes, stderr: {err[:500]}")
    elif line and f"line {line}," not in err:
        fail(name, f"the error does not name line {line}: {err[:300]}")
    elif secs > 5:
        fail(name, f"took {secs:.1f}s")
    else:
        checked += 1


def main():
    global checked
    os.makedirs(WORK, exist_ok=True)
    for rel, case in CASES.items():
        test_example(rel, case)
    bomb = b"services:\n  web:\n    image: nginx\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        bomb += f"x-a{i}: &a{i} [".encode() + b", ".join(f"*a{i-1}".encode() for _ in range(10)) + b"]\n"
    hostile("alias_bomb", bomb, 0, "expands past the limit")
    hostile("deep", b"services: " + b"[" * 100000, 1, "deeper than 64")
    hostile("huge_scalar", b"services:\n  web:\n    image: " + b"x" * (2 << 20) + b"\n", 3,
            "a scalar of")
    hostile("tabs", b"services:\n\tweb:\n\t\timage: nginx\n", 2, "YAML indents with spaces only")
    hostile("not_utf8", b"services:\n  web:\n    image: \xff\xfe\n", 3, "UTF-8")
    hostile("too_big", b"# " + b"x" * (5 << 20) + b"\n", 0, "at most")
    hostile("recursive", b"services: &s\n  web: *s\n", 2, "recursive alias")
    # format errors name what is wrong
    path = os.path.join(WORK, "ecs-params.yml")
    open(path, "w").write("version: 1\ntask_definition:\n  ecs_network_mode: awsvpc\n")
    rc, _, err, _ = run(["import", path])
    if rc != 1 or "error[E0046]: this is ecs-cli's ecs-params.yml" not in err:
        fail("ecs-params alone", f"exit {rc}: {err}")
    else:
        checked += 1
    # env_file: read beside the compose file; never outside it
    d = os.path.join(WORK, "envfile")
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, "app.env"), "w").write("# comment\nexport A=1\nB='two words'\n\nC=3=3\n")
    open(os.path.join(d, "compose.yaml"), "w").write(
        "services:\n  app:\n    image: busybox\n    env_file: app.env\n    environment:\n"
        "      C: override\n      D: ${D_VALUE:-fallback}\n")
    rc, ecs, err, _ = run(["import", os.path.join(d, "compose.yaml")])
    want = 'env { A = "1", B = "two words", C = "override", D = "${D_VALUE}" }'
    if rc != 0 or want not in squeeze(ecs) or 'param D_VALUE string default "fallback"' not in \
            " ".join(squeeze(ecs)):
        fail("env_file", f"exit {rc}:\n{ecs}\n{err}")
    else:
        formatted("env_file", ecs)
        checked += 1
    open(os.path.join(d, "compose.yaml"), "w").write(
        "services:\n  app:\n    image: busybox\n    env_file: ../../etc/passwd\n")
    rc, ecs, err, _ = run(["import", os.path.join(d, "compose.yaml")])
    if rc != 1 or "error[E0047]" not in err or ecs:
        fail("env_file outside", f"exit {rc}: {err}")
    else:
        checked += 1
    # mutations of every example: any exit but 0 or 1, or a sanitizer's report, is a failure
    import random
    rng = random.Random(14)
    for rel in CASES:
        base = open(os.path.join(DATA, rel), "rb").read()
        for i in range(10):
            b = bytearray(base)
            for _ in range(rng.randint(1, 8)):
                op, at = rng.randrange(4), rng.randrange(len(b))
                if op == 0:
                    b[at] = rng.choice(b"\t\n :-[]{}&*!|>'\"#%@`,?\x00\xff")
                elif op == 1:
                    del b[at:at + rng.randint(1, 40)]
                elif op == 2:
                    b[at:at] = b[rng.randrange(len(b)):][:rng.randint(1, 80)]
                else:
                    b[at:at] = b"*a &a <<: " if rng.random() < 0.5 else b"${X:-y}$$"
            path = os.path.join(WORK, "mutant.yml")
            open(path, "wb").write(bytes(b))
            rc, _, err, secs = run(["import", path], timeout=60)
            if rc not in (0, 1) or "Sanitizer" in err or "runtime error" in err or secs > 5:
                fail(f"mutant {i} of {rel}", f"exit {rc} after {secs:.1f}s: {err[-800:]}")
                open(os.path.join(WORK, f"crash-{len(failures)}.yml"), "wb").write(bytes(b))
        checked += 1
    # what ever broke tests/fuzz/fuzz_import (a line "%%" separates the ecs-params.yml given with
    # --ecs-params): exit 0 or 1, quickly, and no sanitizer report (the ASan suite runs this too)
    regressions = os.path.join(os.path.dirname(os.path.dirname(DATA)), "fuzz", "regressions", "import")
    for name in sorted(os.listdir(regressions)) if os.path.isdir(regressions) else []:
        data = open(os.path.join(regressions, name), "rb").read()
        main_part, sep, params = data.partition(b"\n%%\n")
        d = os.path.join(WORK, "regression-" + name)
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "compose.yml"), "wb").write(main_part + sep[:1])
        args = ["import", os.path.join(d, "compose.yml")]
        if sep:
            open(os.path.join(d, "ecs-params.yml"), "wb").write(params)
            args += ["--ecs-params", os.path.join(d, "ecs-params.yml")]
        rc, _, err, secs = run(args, timeout=60)
        if rc not in (0, 1) or "Sanitizer" in err or "runtime error" in err or secs > 5:
            fail(f"fuzz regression {name}", f"exit {rc} after {secs:.1f}s: {err[-800:]}")
        else:
            checked += 1
    # ecs-params.yml beside the compose file: EC2, bridge, host ports, links, host volumes
    d = os.path.join(WORK, "ec2")
    os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(os.path.dirname(DATA), "ec2-bridge.compose.yml"),
                os.path.join(d, "docker-compose.yml"))
    open(os.path.join(d, "ecs-params.yml"), "w").write(
        "version: 1\ntask_definition:\n  ecs_network_mode: bridge\n"
        "  task_role_arn: arn:aws:iam::123456789012:role/app\n"
        "  services:\n    app:\n      mem_reservation: 256\n")
    rc, ecs, err, _ = run(["import", os.path.join(d, "docker-compose.yml")])
    formatted("ec2 bridge", ecs)
    lines = set(squeeze(ecs))
    for want in ["app ec2 {}", "launch ec2", "network bridge", 'volume static host "/srv/static"',
                 "port 80 -> 8080", "port 443 -> 8443", 'links ["app"]', "ulimit nofile 1024 4096",
                 'mount static at "/usr/share/nginx/html" readonly', "memory_reservation 256 MiB",
                 'command ["python", "-m", "app", "--port", "8000"]', "stop_timeout 90s",
                 'extra_host "db.local" "10.0.0.5"', "logs none", 'existing "ec2"',
                 'role "arn:aws:iam::123456789012:role/app"']:
        if want not in lines:
            fail("ec2 bridge", f"no `{want}` in:\n{ecs}")
    src = os.path.join(d, "app.ecs")
    open(src, "w").write(ecs)
    rc, _, err, _ = run(["--check", src, "-D", "account=123456789012", "-D", "region=eu-west-1"])
    if rc != 0:
        fail("ec2 bridge", f"does not compile: {err}")
    checked += 1
    for f in failures:
        print("FAIL", f)
    print(f"{checked} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
