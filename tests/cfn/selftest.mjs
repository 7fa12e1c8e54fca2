#!/usr/bin/env node
// Self-test of validate_cfn.mjs: the hand-written templates in cases/ must
// pass, and each mutation below (applied to one of them) must fail with the
// listed diagnostics. Runs the checker once over all files.
//
//   node tests/cfn/selftest.mjs
//
// Closing line: "N passed, M failed" (one count per expectation); exit 1 on
// any failure.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CASES = path.join(HERE, 'cases');

// name: [base case, mutation, substrings that must appear among the file's errors]
// "validator" = AWS's bundled validator, "spec" = our aws-service-spec checker.
const MUTATIONS = {
  unknown_property: ['ecs_alb_service', (t) => { t.Resources.Service.Properties.DesiredCountt = 2; },
    ['[validator F3002]', "[spec] Resources/Service/Properties/DesiredCountt: unknown property 'DesiredCountt'"]],
  bad_nested_property: ['ecs_alb_service', (t) => { t.Resources.TaskDefinition.Properties.ContainerDefinitions[0].PortMappings[0].HostPortt = 80; },
    ['[validator F3002]', "unknown property 'HostPortt' for PortMapping"]],
  missing_required: ['ecs_alb_service', (t) => { delete t.Resources.ListenerRule.Properties.Priority; },
    ['[validator F3003]', "missing required property 'Priority'"]],
  missing_required_nested: ['ecs_alb_service', (t) => { delete t.Resources.TaskDefinition.Properties.ContainerDefinitions[0].Image; },
    ['[validator F3003]', "missing required property 'Image' for ContainerDefinition"]],
  ref_to_nothing: ['ecs_alb_service', (t) => { t.Resources.Service.Properties.Cluster = { Ref: 'NoSuchCluster' }; },
    ['[validator F1020]', "Ref to unknown parameter or resource 'NoSuchCluster'"]],
  getatt_bad_attribute: ['ecs_alb_service', (t) => { t.Resources.TaskDefinition.Properties.ExecutionRoleArn = { 'Fn::GetAtt': ['ExecutionRole', 'Arnn'] }; },
    ['[validator E9004]', "AWS::IAM::Role has no attribute 'Arnn'"]],
  getatt_bad_resource: ['ecs_alb_service', (t) => { t.Resources.TaskDefinition.Properties.TaskRoleArn = { 'Fn::GetAtt': ['TaskRole', 'Arn'] }; },
    ["Fn::GetAtt to unknown resource 'TaskRole'"]],
  sub_bad_attribute: ['ecs_alb_service', (t) => { t.Outputs.Url.Value = { 'Fn::Sub': 'http://${LoadBalancer.DnsName}/' }; },
    ['[validator F6101]', "has no attribute 'DnsName'"]],
  sub_unknown_var: ['ecs_alb_service', (t) => { t.Resources.LogGroup.Properties.LogGroupName = { 'Fn::Sub': '/ecs/${Nope}/web' }; },
    ['[validator F1018]', 'Fn::Sub variable ${Nope}']],
  dependency_cycle: ['ecs_alb_service', (t) => { t.Resources.LogGroup.DependsOn = 'Service'; },
    ['[validator F3004]', 'circular dependency between resources']],
  self_reference: ['intrinsics', (t) => { t.Resources.Bucket.Properties.BucketName = { 'Fn::Sub': '${Bucket.Arn}-x' }; },
    ['[validator F3004]', 'resource references itself']],
  dependson_missing: ['ecs_alb_service', (t) => { t.Resources.Service.DependsOn = ['ListenerRule', 'Ghost']; },
    ['[validator E3005]', "DependsOn target 'Ghost' is not a resource"]],
  wrong_type_string_for_int: ['ecs_alb_service', (t) => { t.Resources.TargetGroup.Properties.Port = 'eighty'; },
    ['[validator F3012]', 'expected integer, got string "eighty"']],
  wrong_type_object_for_string: ['ecs_alb_service', (t) => { t.Resources.Cluster.Properties.ClusterName = { Name: 'x' }; },
    ['[validator F3012]', 'expected string, got object']],
  wrong_type_scalar_for_list: ['ecs_alb_service', (t) => { t.Resources.Service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups = { Ref: 'ServiceSecurityGroup' }; },
    ['[validator F3012]', 'Ref yields a string but list of string is expected']],
  wrong_type_nested_bool: ['intrinsics', (t) => { t.Resources.Asg.Properties.Tags[0].PropagateAtLaunch = 'maybe'; },
    ['[validator F3012]', 'expected boolean, got string "maybe"']],
  getatt_list_for_string: ['intrinsics', (t) => { t.Resources.SubnetA.Properties.CidrBlock = { 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] }; },
    ['[validator F3012]', 'Fn::GetAtt yields a list but string is expected']],
  bad_param_type: ['ecs_alb_service', (t) => { t.Parameters.ImageTag.Type = 'Strin'; },
    ['[validator F2002]', 'invalid parameter type "Strin"']],
  unknown_resource_type: ['ecs_alb_service', (t) => { t.Resources.Cluster.Type = 'AWS::ECS::Clustr'; },
    ['[validator F3006]', "unknown resource type 'AWS::ECS::Clustr'"]],
  output_ref_nothing: ['ecs_alb_service', (t) => { t.Outputs.ServiceName.Value = { Ref: 'Servce' }; },
    ['[validator F6101]', "Ref to unknown parameter or resource 'Servce'"]],
  unknown_condition: ['ecs_alb_service', (t) => { t.Outputs.CertInUse.Condition = 'HasCertt'; },
    ['[validator E6005]', 'unknown condition "HasCertt"']],
  if_unknown_condition: ['intrinsics', (t) => { t.Resources.Topic.Properties.KmsMasterKeyId['Fn::If'][0] = 'IsProdd'; },
    ['[validator E1028]', 'unknown condition "IsProdd"']],
  findinmap_unknown: ['intrinsics', (t) => { t.Resources.Queue.Properties.DelaySeconds['Fn::FindInMap'][0] = 'EnvMapp'; },
    ['[validator F1012]', "unknown mapping 'EnvMapp'"]],
  unknown_intrinsic: ['intrinsics', (t) => { t.Resources.Vpc.Properties.CidrBlock = { 'Fn::Concat': ['a', 'b'] }; },
    ["unknown intrinsic function 'Fn::Concat'"]],
  condition_refs_resource: ['intrinsics', (t) => { t.Conditions.IsProd = { 'Fn::Equals': [{ Ref: 'Vpc' }, 'x'] }; },
    ["Ref to resource 'Vpc' is not allowed in Conditions"]],
  duplicate_export: ['intrinsics', (t) => { t.Outputs.Ports.Export = { Name: 'same' }; t.Outputs.NotProd.Export = { Name: 'same' }; },
    ["duplicate export name 'same'"]],
  bad_logical_id: ['intrinsics', (t) => { t.Resources['My-Bucket'] = { Type: 'AWS::S3::Bucket' }; },
    ['[validator F0006]', "logical ID 'My-Bucket' must be alphanumeric"]],
  bad_resource_attribute: ['intrinsics', (t) => { t.Resources.Bucket.Propertes = {}; },
    ['[validator E3001]', "unknown resource attribute 'Propertes'"]],
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecsc-cfn-selftest-'));
let passed = 0, failed = 0;
try {
  const valid = fs.readdirSync(CASES).filter((f) => f.endsWith('.json')).sort();
  const bases = Object.fromEntries(valid.map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(CASES, f), 'utf8'))]));
  const files = valid.map((f) => path.join(CASES, f));
  for (const [name, [base, mutate]] of Object.entries(MUTATIONS)) {
    const t = structuredClone(bases[base]);
    mutate(t);
    const f = path.join(tmp, `${name}.json`);
    fs.writeFileSync(f, JSON.stringify(t, null, 2));
    files.push(f);
  }
  const run = spawnSync(process.execPath, [path.join(HERE, 'validate_cfn.mjs'), ...files], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error(`validate_cfn.mjs exited ${run.status}`);
  }
  // split the report into per-file blocks
  const blocks = new Map();
  let cur = null;
  for (const line of run.stdout.split('\n')) {
    const m = /^(PASS|FAIL) (.+) \(\d+ errors?, \d+ warnings?\)$/.exec(line);
    if (m) { cur = { status: m[1], lines: [] }; blocks.set(m[2], cur); }
    else if (cur && line.startsWith('  ')) cur.lines.push(line.trim());
  }
  const check = (ok, label, detail) => {
    if (ok) { passed++; console.log(`ok   ${label}`); }
    else { failed++; console.log(`FAIL ${label}${detail ? `\n${detail}` : ''}`); }
  };
  for (const f of valid) {
    const b = blocks.get(path.join(CASES, f));
    check(b?.status === 'PASS', `valid/${f} passes`, b?.lines.join('\n'));
  }
  for (const [name, [, , expect]] of Object.entries(MUTATIONS)) {
    const b = blocks.get(path.join(tmp, `${name}.json`));
    const errors = (b?.lines ?? []).filter((l) => l.startsWith('error '));
    check(b?.status === 'FAIL', `invalid/${name} fails`, b?.lines.join('\n'));
    for (const s of expect) {
      check(errors.some((l) => l.includes(s)), `invalid/${name} reports ${s}`, errors.join('\n'));
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
