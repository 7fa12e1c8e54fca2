#!/usr/bin/env node
// CloudFormation conformance checker for templates emitted by ecsc.
//
//   node tests/cfn/validate_cfn.mjs [options] FILE_OR_DIR...
//
// Every template goes through two independent checks; a file passes only if
// both report no error:
//
//   1. validator: AWS's offline CloudFormation validator
//      (@aws/cloudformation-validate, bundled inside aws-cdk-lib), called the
//      way aws-cdk-lib's CloudFormationValidatePlugin calls it: a
//      CompositeEngine with CDK's built-in rego rules, detailLevel STANDARD,
//      severity floor WARN, CDK's ignore list. FATAL/ERROR fail, WARN printed.
//   2. spec: our own checker over @aws-cdk/aws-service-spec (the resource
//      database CDK generates its L1 constructs from): resource types,
//      property names at every depth, required properties, value types,
//      Ref / Fn::GetAtt / Fn::Sub targets, DependsOn, dependency cycles,
//      Conditions, Mappings, Outputs and Parameter types.
//
// Directories are searched recursively for *.json (plus *.yaml/*.yml/*.template
// with --yaml). Files named explicitly are always checked; YAML is parsed with
// aws-cdk-lib's CloudFormation YAML reader (short-form tags like !Ref).
//
// Options:
//   --strict        warnings of either check count as errors
//   --yaml          also pick up YAML files when scanning directories
//   --no-validator  skip check 1        --no-spec   skip check 2
//   -q, --quiet     print only failing files' diagnostics (and the summary)
//
// Output: one PASS/FAIL line per file followed by its diagnostics, then the
// closing line "N passed, M failed". Exit 0 if all pass, 1 if any fails,
// 2 on a usage error or when no file was found.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const requireHere = createRequire(path.join(HERE, 'package.json'));

// ---------------------------------------------------------------- CLI ------

function usage(msg) {
  if (msg) process.stderr.write(`validate_cfn: ${msg}\n`);
  process.stderr.write(
    'usage: node validate_cfn.mjs [--strict] [--yaml] [--no-validator] [--no-spec] [-q] FILE_OR_DIR...\n');
  process.exit(2);
}

const opts = { strict: false, yaml: false, validator: true, spec: true, quiet: false };
const inputs = [];
for (const a of process.argv.slice(2)) {
  if (a === '--strict') opts.strict = true;
  else if (a === '--yaml') opts.yaml = true;
  else if (a === '--no-validator') opts.validator = false;
  else if (a === '--no-spec') opts.spec = false;
  else if (a === '-q' || a === '--quiet') opts.quiet = true;
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-') && a !== '-') usage(`unknown option ${a}`);
  else inputs.push(a);
}
if (inputs.length === 0) usage('no FILE_OR_DIR given');
if (!opts.validator && !opts.spec) usage('both checks disabled');

const JSON_RE = /\.json$/i;
const YAML_RE = /\.(ya?ml|template)$/i;

function collect(p, out) {
  let st;
  try { st = fs.statSync(p); } catch { usage(`no such file or directory: ${p}`); }
  if (st.isFile()) { out.push(p); return; }
  if (!st.isDirectory()) return;
  const walk = (dir) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) { if (ent.name !== 'node_modules') walk(full); }
      else if (JSON_RE.test(ent.name) || (opts.yaml && YAML_RE.test(ent.name))) out.push(full);
    }
  };
  walk(p);
}
const files = [];
for (const p of inputs) collect(p, files);
if (files.length === 0) {
  process.stderr.write('validate_cfn: no template file found\n');
  process.exit(2);
}

// ----------------------------------------------------------- parsing -------

let yamlCfn;
function parseTemplate(file, text) {
  if (YAML_RE.test(file) || (!JSON_RE.test(file) && !/^\s*[{[]/.test(text))) {
    yamlCfn ??= createRequire(requireHere.resolve('aws-cdk-lib/package.json'))(
      './cloudformation-include/lib/private/yaml-cfn.js');
    return yamlCfn.deserialize(text);
  }
  return JSON.parse(text);
}

// ------------------------------------------------- check 1: validator ------

// Same settings as aws-cdk-lib/core/lib/validation/cloudformation-validate-plugin.js
const CDK_IGNORE_RULES = ['W3005', 'W1020', 'I4010', 'W4011', 'W4012', 'W9002', 'W9013', 'W1103'];

class AwsValidator {
  constructor() {
    const cdkPkg = requireHere.resolve('aws-cdk-lib/package.json');
    const cdkRequire = createRequire(cdkPkg);
    // bundled dependency: aws-cdk-lib/node_modules/@aws/cloudformation-validate
    this.mod = cdkRequire('@aws/cloudformation-validate');
    this.rulesDir = path.join(path.dirname(cdkPkg), 'core', 'lib', 'validation', 'rules');
    this.ruleIndex = JSON.parse(fs.readFileSync(path.join(this.rulesDir, 'index.generated.json'), 'utf8')).rules;
    this.engine = null;
    this.engineTypes = null;
  }
  version() { return this.mod.version(); }
  engineFor(types) {
    // like CDK: load built-in rego rules relevant to the resource types present;
    // one engine per process as long as the type set does not grow
    if (this.engine && [...types].every((t) => this.engineTypes.has(t))) return this.engine;
    const all = new Set([...(this.engineTypes ?? []), ...types]);
    const regoRules = this.ruleIndex
      .filter((r) => r.types === null || r.types.some((t) => all.has(t)))
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((r) => ({ name: r.file, content: fs.readFileSync(path.join(this.rulesDir, r.file), 'utf8') }));
    this.engine?.free();
    this.engine = new this.mod.CompositeEngine(regoRules.length ? { regoRules } : {});
    this.engineTypes = all;
    return this.engine;
  }
  validate(file, text, types) {
    const engine = this.engineFor(types);
    const report = engine.validateTemplate(new this.mod.TemplateContent(text, file), {
      detailLevel: 'STANDARD',
      severityLevel: 'WARN',
      strict: opts.strict,
      exclude: { ids: CDK_IGNORE_RULES, services: [{ ruleId: 'W3697', service: 'AWS::AutoScaling' }] },
    });
    const out = [];
    if (report.status === 'ERROR' && !report.diagnostics.some((d) => d.severity === 'FATAL' || d.severity === 'ERROR')) {
      out.push({ sev: 'error', tag: 'validator', where: '', msg: 'validator could not parse the template' });
    }
    if (report.status === 'ANALYSIS_INCOMPLETE') {
      out.push({ sev: 'warning', tag: 'validator', where: '', msg: 'validator analysis incomplete' });
    }
    for (const d of report.diagnostics) {
      const sev = d.severity === 'FATAL' || d.severity === 'ERROR' ? 'error' : d.severity === 'WARN' ? 'warning' : 'info';
      let where = '';
      if (d.entity?.entityType === 'Resource') where = `Resources/${d.entity.logicalId}`;
      else if (d.entity) where = `${d.entity.entityType}s/${d.entity.logicalId}`;
      if (d.propertyPath) where = d.propertyPath.includes('/') ? d.propertyPath.replace(/^\//, '') : `${where}/${d.propertyPath.replace(/\./g, '/')}`;
      if (d.startLine) where += ` (line ${d.startLine})`;
      out.push({ sev, tag: `validator ${d.ruleId}`, where, msg: d.message });
    }
    return out;
  }
}

// ------------------------------------------------------ check 2: spec ------

const PSEUDO = {
  'AWS::AccountId': 'string', 'AWS::Region': 'string', 'AWS::StackName': 'string',
  'AWS::StackId': 'string', 'AWS::Partition': 'string', 'AWS::URLSuffix': 'string',
  'AWS::NoValue': 'novalue', 'AWS::NotificationARNs': 'list',
};
const TOP_KEYS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules',
  'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'CreationPolicy', 'DeletionPolicy',
  'UpdatePolicy', 'UpdateReplacePolicy', 'Metadata', 'Version']);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'Snapshot', 'RetainExceptOnCreate']);
const PARAM_KEYS = new Set(['Type', 'Default', 'Description', 'AllowedValues', 'AllowedPattern', 'MaxLength',
  'MinLength', 'MaxValue', 'MinValue', 'ConstraintDescription', 'NoEcho']);
const OUTPUT_KEYS = new Set(['Value', 'Description', 'Export', 'Condition']);
const AWS_PARAM_TYPES = ['AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id',
  'AWS::EC2::KeyPair::KeyName', 'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id',
  'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id', 'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id'];
// value intrinsics accepted in resource properties / outputs
const VALUE_FNS = new Set(['Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::If', 'Fn::GetAZs', 'Fn::Split',
  'Fn::ImportValue', 'Fn::FindInMap', 'Fn::Base64', 'Fn::Cidr', 'Fn::Transform']);
const LANGEXT_FNS = new Set(['Fn::ToJsonString', 'Fn::Length']);
const COND_FNS = new Set(['Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Condition']);
const LOGICAL_ID_RE = /^[A-Za-z0-9]{1,255}$/;

function paramTypeKind(t) {
  // returns 'string' | 'number' | 'list' | null (invalid)
  if (typeof t !== 'string') return null;
  if (t === 'String' || t === 'AWS::SSM::Parameter::Name') return 'string';
  if (t === 'Number') return 'number';
  if (t === 'List<Number>' || t === 'CommaDelimitedList') return 'list';
  if (AWS_PARAM_TYPES.includes(t)) return 'string';
  const m = /^List<(.+)>$/.exec(t);
  if (m && AWS_PARAM_TYPES.includes(m[1])) return 'list';
  const s = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(t);
  if (s) {
    const inner = s[1];
    if (inner === 'String' || AWS_PARAM_TYPES.includes(inner)) return 'string';
    if (inner === 'List<String>' || inner === 'CommaDelimitedList') return 'list';
    const l = /^List<(.+)>$/.exec(inner);
    if (l && AWS_PARAM_TYPES.includes(l[1])) return 'list';
  }
  return null;
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isIntrinsic = (v) => isObj(v) && Object.keys(v).length === 1 &&
  (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0].startsWith('Fn::') || Object.keys(v)[0] === 'Condition');
const fmtPath = (p) => p.join('/');
const jsType = (v) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v);

class SpecChecker {
  constructor() {
    const { loadAwsServiceSpecSync } = requireHere('@aws-cdk/aws-service-spec');
    this.db = loadAwsServiceSpecSync();
    this.cache = new Map();
  }
  resource(type) {
    if (!this.cache.has(type)) {
      const r = this.db.lookup('resource', 'cloudFormationType', 'equals', type);
      this.cache.set(type, r.length ? r[0] : null);
    }
    return this.cache.get(type);
  }
  typeDef(ref) { return this.db.get('typeDefinition', ref.reference.$ref); }

  check(tpl) {
    return new TemplateCheck(this, tpl).run();
  }
}

class TemplateCheck {
  constructor(spec, tpl) {
    this.spec = spec;
    this.t = tpl;
    this.diags = [];
    this.edges = new Map(); // resource -> Set(resource)
  }
  err(p, msg) { this.diags.push({ sev: 'error', tag: 'spec', where: fmtPath(p), msg }); }
  warn(p, msg) { this.diags.push({ sev: opts.strict ? 'error' : 'warning', tag: 'spec', where: fmtPath(p), msg }); }

  run() {
    const t = this.t;
    if (!isObj(t)) { this.err([], 'template is not a JSON object'); return this.diags; }
    for (const k of Object.keys(t)) if (!TOP_KEYS.has(k)) this.err([k], `unknown top-level section '${k}'`);
    const sec = (k) => {
      if (t[k] === undefined) return {};
      if (!isObj(t[k])) { this.err([k], `section ${k} must be an object`); return {}; }
      return t[k];
    };
    this.params = sec('Parameters');
    this.mappings = sec('Mappings');
    this.conditions = sec('Conditions');
    this.resources = sec('Resources');
    this.outputs = sec('Outputs');
    const transform = t.Transform;
    this.transforms = new Set(transform === undefined ? [] : Array.isArray(transform) ? transform : [transform]);
    if (t.AWSTemplateFormatVersion !== undefined && t.AWSTemplateFormatVersion !== '2010-09-09') {
      this.err(['AWSTemplateFormatVersion'], `must be "2010-09-09", got ${JSON.stringify(t.AWSTemplateFormatVersion)}`);
    }
    if (t.Description !== undefined && typeof t.Description !== 'string') this.err(['Description'], 'must be a string');
    if (Object.keys(this.resources).length === 0) this.err(['Resources'], 'template has no Resources');

    this.checkParameters();
    this.checkMappings();
    this.checkConditions();
    for (const [id, res] of Object.entries(this.resources)) this.checkResource(id, res);
    this.checkOutputs();
    this.checkCycles();
    return this.diags;
  }

  checkLogicalIds(section, obj) {
    for (const id of Object.keys(obj)) {
      if (!LOGICAL_ID_RE.test(id)) this.err([section, id], `logical ID '${id}' must be alphanumeric (A-Za-z0-9)`);
    }
  }

  // ---- Parameters / Mappings / Conditions ----
  checkParameters() {
    this.checkLogicalIds('Parameters', this.params);
    for (const [id, p] of Object.entries(this.params)) {
      const at = ['Parameters', id];
      if (this.resources[id] !== undefined) this.err(at, `parameter '${id}' has the same name as a resource`);
      if (!isObj(p)) { this.err(at, 'parameter must be an object'); continue; }
      for (const k of Object.keys(p)) if (!PARAM_KEYS.has(k)) this.err([...at, k], `unknown parameter attribute '${k}'`);
      if (p.Type === undefined) { this.err(at, 'parameter has no Type'); continue; }
      const kind = paramTypeKind(p.Type);
      if (!kind) { this.err([...at, 'Type'], `invalid parameter type ${JSON.stringify(p.Type)}`); continue; }
      if (p.Default !== undefined) {
        if (kind === 'number' && !(typeof p.Default === 'number' || (typeof p.Default === 'string' && p.Default.trim() !== '' && !isNaN(Number(p.Default))))) {
          this.err([...at, 'Default'], `default ${JSON.stringify(p.Default)} is not a number`);
        } else if (isObj(p.Default) || Array.isArray(p.Default)) {
          this.err([...at, 'Default'], 'parameter Default must be a scalar (lists are comma-delimited strings)');
        }
        if (Array.isArray(p.AllowedValues) && kind !== 'list' && !p.AllowedValues.map(String).includes(String(p.Default))) {
          this.err([...at, 'Default'], `default ${JSON.stringify(p.Default)} is not in AllowedValues`);
        }
      }
      if (p.AllowedValues !== undefined && !Array.isArray(p.AllowedValues)) this.err([...at, 'AllowedValues'], 'must be a list');
      for (const k of ['MaxLength', 'MinLength', 'MaxValue', 'MinValue']) {
        if (p[k] !== undefined && isNaN(Number(p[k]))) this.err([...at, k], 'must be a number');
      }
      if (p.NoEcho !== undefined && !(typeof p.NoEcho === 'boolean' || p.NoEcho === 'true' || p.NoEcho === 'false')) {
        this.err([...at, 'NoEcho'], 'must be a boolean');
      }
    }
  }

  checkMappings() {
    this.checkLogicalIds('Mappings', this.mappings);
    for (const [id, m] of Object.entries(this.mappings)) {
      if (!isObj(m)) { this.err(['Mappings', id], 'mapping must be an object'); continue; }
      for (const [k1, v1] of Object.entries(m)) {
        if (!isObj(v1)) { this.err(['Mappings', id, k1], 'mapping entry must be an object of key/value pairs'); continue; }
        for (const [k2, v2] of Object.entries(v1)) {
          if (isObj(v2)) this.err(['Mappings', id, k1, k2], 'mapping values must be strings, numbers or lists');
        }
      }
    }
  }

  checkConditions() {
    this.checkLogicalIds('Conditions', this.conditions);
    const deps = new Map();
    for (const [id, c] of Object.entries(this.conditions)) {
      const at = ['Conditions', id];
      const used = new Set();
      this.checkCondExpr(c, at, used);
      deps.set(id, used);
    }
    // cycles among conditions
    const state = new Map();
    const visit = (n, stack) => {
      if (state.get(n) === 2) return;
      if (state.get(n) === 1) { this.err(['Conditions', n], `circular condition reference: ${[...stack, n].join(' -> ')}`); return; }
      state.set(n, 1);
      for (const m of deps.get(n) ?? []) if (deps.has(m)) visit(m, [...stack, n]);
      state.set(n, 2);
    };
    for (const id of deps.keys()) visit(id, []);
  }

  checkCondExpr(c, at, used) {
    if (!isObj(c) || Object.keys(c).length !== 1) { this.err(at, 'condition must be a single condition function'); return; }
    const [fn, arg] = Object.entries(c)[0];
    const p = [...at, fn];
    if (fn === 'Condition') {
      if (typeof arg !== 'string' || this.conditions[arg] === undefined) this.err(p, `Condition references unknown condition ${JSON.stringify(arg)}`);
      else used.add(arg);
    } else if (fn === 'Fn::Equals') {
      if (!Array.isArray(arg) || arg.length !== 2) { this.err(p, 'Fn::Equals takes a list of 2 values'); return; }
      arg.forEach((v, i) => this.walk(v, [...p, String(i)], { inCondition: true }));
    } else if (fn === 'Fn::And' || fn === 'Fn::Or') {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) { this.err(p, `${fn} takes a list of 2 to 10 conditions`); return; }
      arg.forEach((v, i) => this.checkCondExpr(v, [...p, String(i)], used));
    } else if (fn === 'Fn::Not') {
      if (!Array.isArray(arg) || arg.length !== 1) { this.err(p, 'Fn::Not takes a list of 1 condition'); return; }
      this.checkCondExpr(arg[0], [...p, '0'], used);
    } else {
      this.err(p, `'${fn}' is not a condition function`);
    }
  }

  condExists(name, p) {
    if (typeof name !== 'string' || this.conditions[name] === undefined) {
      this.err(p, `unknown condition ${JSON.stringify(name)}`);
    }
  }

  // ---- intrinsic walk: validates every intrinsic and records dependencies ----
  // ctx: { from: resource logical id | undefined, inCondition, subVars }
  walk(v, p, ctx) {
    if (Array.isArray(v)) { v.forEach((x, i) => this.walk(x, [...p, String(i)], ctx)); return; }
    if (!isObj(v)) return;
    const keys = Object.keys(v);
    if (keys.length === 1 && isIntrinsic(v)) { this.walkIntrinsic(keys[0], v[keys[0]], [...p, keys[0]], ctx); return; }
    for (const k of keys) {
      if (k.startsWith('Fn::') || k === 'Ref') this.err([...p, k], `intrinsic '${k}' must be the only key of its object`);
      this.walk(v[k], [...p, k], ctx);
    }
  }

  addEdge(ctx, target) {
    if (!ctx.from) return;
    if (!this.edges.has(ctx.from)) this.edges.set(ctx.from, new Set());
    this.edges.get(ctx.from).add(target);
  }

  checkRefName(name, p, ctx) {
    if (typeof name !== 'string') { this.err(p, 'Ref takes a string'); return; }
    if (PSEUDO[name]) return;
    if (this.params[name] !== undefined) return;
    if (this.resources[name] !== undefined) {
      if (ctx.inCondition) this.err(p, `Ref to resource '${name}' is not allowed in Conditions`);
      else if (ctx.inParams) this.err(p, `Ref to resource '${name}' is not allowed here`);
      this.addEdge(ctx, name);
      return;
    }
    this.err(p, `Ref to unknown parameter or resource '${name}'`);
  }

  // attribute validity for resource `id`; returns loose result type
  checkGetAtt(id, attr, p, ctx) {
    if (ctx.inCondition) this.err(p, 'Fn::GetAtt is not allowed in Conditions');
    const res = this.resources[id];
    if (res === undefined) {
      this.err(p, PSEUDO[id] || this.params[id] !== undefined
        ? `Fn::GetAtt target '${id}' is not a resource`
        : `Fn::GetAtt to unknown resource '${id}'`);
      return 'any';
    }
    this.addEdge(ctx, id);
    if (typeof attr !== 'string') return 'any'; // e.g. attribute given by Ref: checked loosely
    const type = isObj(res) ? res.Type : undefined;
    if (typeof type !== 'string') return 'any';
    if (isCustomType(type)) return 'any';
    if (type === 'AWS::CloudFormation::Stack' && attr.startsWith('Outputs.')) return 'string';
    const spec = this.spec.resource(type);
    if (!spec) return 'any'; // unknown type reported elsewhere
    const a = spec.attributes[attr];
    if (!a) {
      const known = Object.keys(spec.attributes);
      this.err(p, `${type} has no attribute '${attr}'` + (known.length ? ` (has: ${known.join(', ')})` : ' (has no attributes)'));
      return 'any';
    }
    return a.type?.type === 'array' ? 'list' : a.type?.type === 'json' ? 'any' : 'string';
  }

  checkSubString(s, p, ctx, vars) {
    if (typeof s !== 'string') { this.err(p, 'Fn::Sub template must be a string'); return; }
    const re = /\$\{([^}]*)\}/g;
    let m;
    while ((m = re.exec(s))) {
      const body = m[1];
      if (body.startsWith('!')) continue; // ${!Literal}
      const name = body.trim();
      if (name === '') { this.err(p, 'empty ${} in Fn::Sub'); continue; }
      if (vars.has(name)) continue;
      if (PSEUDO[name]) { if (name === 'AWS::NoValue') this.err(p, '${AWS::NoValue} cannot be used in Fn::Sub'); continue; }
      const dot = name.indexOf('.');
      if (dot > 0) {
        const id = name.slice(0, dot);
        if (vars.has(id)) continue;
        this.checkGetAtt(id, name.slice(dot + 1), p, ctx);
      } else if (this.params[name] !== undefined) {
        continue;
      } else if (this.resources[name] !== undefined) {
        if (ctx.inCondition) this.err(p, `Fn::Sub references resource '${name}' in Conditions`);
        this.addEdge(ctx, name);
      } else {
        this.err(p, `Fn::Sub variable \${${name}} is not a parameter, resource, pseudo parameter or local variable`);
      }
    }
  }

  walkIntrinsic(fn, arg, p, ctx) {
    const list = (n, msg) => { if (!Array.isArray(arg) || (n !== undefined && arg.length !== n)) { this.err(p, msg); return false; } return true; };
    switch (fn) {
      case 'Ref': this.checkRefName(arg, p, ctx); return;
      case 'Condition':
        this.condExists(arg, p);
        return;
      case 'Fn::GetAtt': {
        let id, attr;
        if (typeof arg === 'string') {
          const dot = arg.indexOf('.');
          if (dot <= 0) { this.err(p, `Fn::GetAtt string form must be "Resource.Attribute", got ${JSON.stringify(arg)}`); return; }
          id = arg.slice(0, dot); attr = arg.slice(dot + 1);
        } else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
          [id, attr] = arg;
          if (typeof attr !== 'string') {
            if (isObj(attr) && Object.keys(attr).length === 1 && attr.Ref !== undefined) this.walk(attr, [...p, '1'], { ...ctx, from: undefined });
            else { this.err(p, 'Fn::GetAtt attribute must be a string or a Ref'); return; }
          }
        } else { this.err(p, 'Fn::GetAtt takes ["Resource", "Attribute"]'); return; }
        this.checkGetAtt(id, attr, p, ctx);
        return;
      }
      case 'Fn::Sub': {
        let s = arg; const vars = new Set();
        if (Array.isArray(arg)) {
          if (arg.length !== 2 || !isObj(arg[1])) { this.err(p, 'Fn::Sub takes "string" or ["string", {vars}]'); return; }
          s = arg[0];
          for (const [k, v] of Object.entries(arg[1])) { vars.add(k); this.walk(v, [...p, '1', k], ctx); }
        }
        this.checkSubString(s, p, ctx, vars);
        return;
      }
      case 'Fn::Join':
        if (!list(2, 'Fn::Join takes ["delimiter", [values]]')) return;
        if (typeof arg[0] !== 'string') this.err([...p, '0'], 'Fn::Join delimiter must be a string');
        if (!Array.isArray(arg[1]) && !(isIntrinsic(arg[1]) && this.loose(arg[1]) !== 'string')) {
          this.err([...p, '1'], 'Fn::Join second argument must be a list');
        }
        this.walk(arg[1], [...p, '1'], ctx);
        return;
      case 'Fn::Select':
        if (!list(2, 'Fn::Select takes [index, list]')) return;
        if (!(typeof arg[0] === 'number' || (typeof arg[0] === 'string' && /^\d+$/.test(arg[0])) || isIntrinsic(arg[0]))) {
          this.err([...p, '0'], 'Fn::Select index must be an integer');
        }
        if (!Array.isArray(arg[1]) && !(isIntrinsic(arg[1]) && this.loose(arg[1]) !== 'string')) {
          this.err([...p, '1'], 'Fn::Select second argument must be a list');
        }
        this.walk(arg, p, ctx);
        return;
      case 'Fn::Split':
        if (!list(2, 'Fn::Split takes ["delimiter", "string"]')) return;
        if (typeof arg[0] !== 'string') this.err([...p, '0'], 'Fn::Split delimiter must be a string');
        this.walk(arg[1], [...p, '1'], ctx);
        return;
      case 'Fn::If':
        if (!list(3, 'Fn::If takes ["Condition", valueIfTrue, valueIfFalse]')) return;
        this.condExists(arg[0], [...p, '0']);
        this.walk(arg[1], [...p, '1'], ctx);
        this.walk(arg[2], [...p, '2'], ctx);
        return;
      case 'Fn::GetAZs':
        if (!(typeof arg === 'string' || isIntrinsic(arg))) this.err(p, 'Fn::GetAZs takes a region string');
        this.walk(arg, p, ctx);
        return;
      case 'Fn::ImportValue':
        if (isObj(arg) && !isIntrinsic(arg) || Array.isArray(arg)) this.err(p, 'Fn::ImportValue takes a string');
        this.walk(arg, p, ctx);
        return;
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) { this.err(p, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]'); return; }
        const [m, k1, k2] = arg;
        if (typeof m === 'string') {
          const map = this.mappings[m];
          if (map === undefined) this.err(p, `Fn::FindInMap references unknown mapping '${m}'`);
          else if (isObj(map) && typeof k1 === 'string' && map[k1] === undefined && arg.length === 3) this.err(p, `mapping '${m}' has no key '${k1}'`);
          else if (isObj(map) && typeof k1 === 'string' && isObj(map[k1]) && typeof k2 === 'string' && map[k1][k2] === undefined && arg.length === 3) {
            this.err(p, `mapping '${m}' key '${k1}' has no key '${k2}'`);
          }
        }
        this.walk(arg, p, ctx);
        return;
      }
      case 'Fn::Base64':
        this.walk(arg, p, ctx);
        return;
      case 'Fn::Cidr':
        if (!list(undefined, 'Fn::Cidr takes [ipBlock, count, cidrBits]') || (arg.length !== 2 && arg.length !== 3)) {
          if (Array.isArray(arg)) this.err(p, 'Fn::Cidr takes [ipBlock, count, cidrBits]');
          return;
        }
        this.walk(arg, p, ctx);
        return;
      case 'Fn::Transform':
        this.walk(arg, p, ctx);
        return;
      case 'Fn::Equals': case 'Fn::And': case 'Fn::Or': case 'Fn::Not':
        if (ctx.inCondition) { this.checkCondExpr({ [fn]: arg }, p.slice(0, -1), new Set()); return; }
        // allowed inside Fn::If conditions only via Conditions section; also allowed in Rules, not in resources
        this.err(p, `${fn} can only be used in the Conditions section`);
        return;
      default:
        if (LANGEXT_FNS.has(fn)) {
          if (!this.transforms.has('AWS::LanguageExtensions')) this.err(p, `${fn} requires Transform AWS::LanguageExtensions`);
          this.walk(arg, p, ctx);
          return;
        }
        this.err(p, `unknown intrinsic function '${fn}'`);
    }
  }

  // loose result type of an intrinsic: 'string' | 'number' | 'list' | 'any' | 'novalue' | 'object'
  loose(v) {
    if (!isIntrinsic(v)) {
      const j = jsType(v);
      return j === 'list' ? 'list' : j === 'object' ? 'object' : j === 'number' ? 'number' : j === 'boolean' ? 'boolean' : 'string';
    }
    const [fn, arg] = Object.entries(v)[0];
    switch (fn) {
      case 'Ref': {
        if (typeof arg !== 'string') return 'any';
        if (PSEUDO[arg]) return PSEUDO[arg];
        const prm = this.params[arg];
        if (prm !== undefined) return paramTypeKind(prm?.Type) === 'list' ? 'list' : 'string';
        return 'string';
      }
      case 'Fn::GetAtt': {
        let id, attr;
        if (typeof arg === 'string') { const d = arg.indexOf('.'); if (d <= 0) return 'any'; id = arg.slice(0, d); attr = arg.slice(d + 1); }
        else if (Array.isArray(arg)) [id, attr] = arg;
        const res = this.resources[id];
        if (!isObj(res) || typeof attr !== 'string' || typeof res.Type !== 'string' || isCustomType(res.Type)) return 'any';
        const spec = this.spec.resource(res.Type);
        const a = spec?.attributes[attr];
        if (!a) return 'any';
        return a.type?.type === 'array' ? 'list' : a.type?.type === 'json' ? 'any' : 'string';
      }
      case 'Fn::Sub': case 'Fn::Join': case 'Fn::Base64': case 'Fn::ImportValue': case 'Fn::ToJsonString': return 'string';
      case 'Fn::GetAZs': case 'Fn::Split': case 'Fn::Cidr': return 'list';
      case 'Fn::Length': return 'number';
      default: return 'any';
    }
  }

  // ---- Resources ----
  checkResource(id, res) {
    const at = ['Resources', id];
    if (!LOGICAL_ID_RE.test(id)) this.err(at, `logical ID '${id}' must be alphanumeric (A-Za-z0-9)`);
    if (!isObj(res)) { this.err(at, 'resource must be an object'); return; }
    for (const k of Object.keys(res)) if (!RESOURCE_KEYS.has(k)) this.err([...at, k], `unknown resource attribute '${k}'`);
    const ctx = { from: id };
    // DependsOn
    if (res.DependsOn !== undefined) {
      const deps = typeof res.DependsOn === 'string' ? [res.DependsOn] : res.DependsOn;
      if (!Array.isArray(deps)) this.err([...at, 'DependsOn'], 'DependsOn must be a string or a list of strings');
      else deps.forEach((d, i) => {
        const dp = [...at, 'DependsOn', String(i)];
        if (typeof d !== 'string') this.err(dp, 'DependsOn entries must be strings');
        else if (this.resources[d] === undefined) this.err(dp, `DependsOn target '${d}' is not a resource`);
        else this.addEdge(ctx, d);
      });
    }
    if (res.Condition !== undefined) this.condExists(res.Condition, [...at, 'Condition']);
    for (const k of ['DeletionPolicy', 'UpdateReplacePolicy']) {
      if (res[k] !== undefined && !isIntrinsic(res[k]) && !DELETION_POLICIES.has(res[k])) {
        this.err([...at, k], `invalid ${k} ${JSON.stringify(res[k])}`);
      }
    }
    for (const k of ['Properties', 'Metadata', 'CreationPolicy', 'UpdatePolicy']) {
      if (res[k] !== undefined) this.walk(res[k], [...at, k], ctx);
    }
    const type = res.Type;
    if (typeof type !== 'string') { this.err([...at, 'Type'], 'resource has no Type'); return; }
    const props = res.Properties;
    if (props !== undefined && !isObj(props)) { this.err([...at, 'Properties'], 'Properties must be an object'); return; }
    if (isCustomType(type)) {
      if (!/^(Custom::[A-Za-z0-9_@-]{1,60}|AWS::CloudFormation::CustomResource)$/.test(type)) this.err([...at, 'Type'], `invalid custom resource type '${type}'`);
      if (!props || props.ServiceToken === undefined) this.err([...at, 'Properties'], 'custom resource requires ServiceToken');
      else this.checkValue(props.ServiceToken, { type: 'string' }, [...at, 'Properties', 'ServiceToken']);
      return;
    }
    const spec = this.spec.resource(type);
    if (!spec) {
      if (/^AWS::Serverless::/.test(type) && this.transforms.has('AWS::Serverless-2016-10-31')) {
        this.warn([...at, 'Type'], `${type} is a SAM type (expanded by the transform); not checked`);
      } else if (this.transforms.size && !/^(AWS|Alexa)::/.test(type)) {
        this.warn([...at, 'Type'], `unknown resource type '${type}' (template has a Transform); not checked`);
      } else {
        this.err([...at, 'Type'], `unknown resource type '${type}'`);
      }
      return;
    }
    this.checkObject(props ?? {}, spec.properties, [...at, 'Properties'], type, props === undefined);
  }

  // obj: object literal; defs: Record<name, Property>
  checkObject(obj, defs, p, what, missing = false) {
    for (const [k, v] of Object.entries(obj)) {
      const d = defs[k];
      if (!d) {
        const near = suggest(k, Object.keys(defs));
        this.err([...p, k], `unknown property '${k}' for ${what}` + (near ? ` (did you mean '${near}'?)` : ''));
        continue;
      }
      this.checkProp(v, d, [...p, k]);
    }
    for (const [k, d] of Object.entries(defs)) {
      if (d.required && obj[k] === undefined) {
        this.err(missing ? p.slice(0, -1) : p, `missing required property '${k}' for ${what}`);
      }
    }
  }

  checkProp(v, d, p) {
    const types = [d.type, ...(d.previousTypes ?? [])];
    if (types.length === 1) { this.checkValue(v, d.type, p); return; }
    this.checkUnion(v, types, p);
  }

  checkUnion(v, types, p) {
    let best = null;
    for (const t of types) {
      const saved = this.diags;
      this.diags = [];
      this.checkValue(v, t, p);
      const mine = this.diags;
      this.diags = saved;
      const errs = mine.filter((x) => x.sev === 'error').length;
      if (errs === 0) { this.diags.push(...mine); return; }
      if (!best || errs < best.errs) best = { errs, mine };
    }
    this.diags.push(...best.mine);
  }

  typeName(t) {
    switch (t.type) {
      case 'ref': return this.spec.typeDef(t)?.name ?? 'object';
      case 'array': return `list of ${this.typeName(t.element)}`;
      case 'map': return `map of ${this.typeName(t.element)}`;
      case 'union': return t.types.map((x) => this.typeName(x)).join(' | ');
      case 'tag': return 'Tag';
      default: return t.type;
    }
  }

  // check value v against DB PropertyType t
  checkValue(v, t, p) {
    if (t.type === 'union') { this.checkUnion(v, t.types, p); return; }
    if (isIntrinsic(v)) {
      const [fn, arg] = Object.entries(v)[0];
      if (fn === 'Fn::If') {
        if (Array.isArray(arg) && arg.length === 3) {
          this.checkValue(arg[1], t, [...p, 'Fn::If', '1']);
          this.checkValue(arg[2], t, [...p, 'Fn::If', '2']);
        }
        return;
      }
      const r = this.loose(v);
      if (r === 'any' || r === 'novalue' || t.type === 'json') return;
      const scalar = ['string', 'number', 'integer', 'boolean', 'date-time'].includes(t.type);
      if (scalar && r === 'list') this.err(p, `${fn} yields a list but ${this.typeName(t)} is expected`);
      else if (t.type === 'array' && r !== 'list') this.err(p, `${fn} yields a ${r} but ${this.typeName(t)} is expected`);
      else if ((t.type === 'ref' || t.type === 'map' || t.type === 'tag') && r !== 'object') {
        this.err(p, `${fn} yields a ${r} but ${this.typeName(t)} is expected`);
      }
      return;
    }
    const j = jsType(v);
    const bad = () => this.err(p, `expected ${this.typeName(t)}, got ${j} ${shortJson(v)}`);
    switch (t.type) {
      case 'json':
        return; // free-form (refs inside already checked by walk)
      case 'string': case 'date-time':
        if (j === 'string') return;
        if (j === 'number' || j === 'boolean') { this.warn(p, `expected ${t.type}, got ${j} ${shortJson(v)} (CloudFormation coerces it)`); return; }
        return bad();
      case 'number': case 'integer': {
        if (j === 'number') {
          if (t.type === 'integer' && !Number.isInteger(v)) bad();
          return;
        }
        if (j === 'string' && v.trim() !== '' && !isNaN(Number(v)) && (t.type === 'number' || Number.isInteger(Number(v)))) {
          this.warn(p, `expected ${t.type}, got numeric string ${shortJson(v)} (CloudFormation coerces it)`);
          return;
        }
        return bad();
      }
      case 'boolean':
        if (j === 'boolean') return;
        if (j === 'string' && /^(true|false)$/i.test(v)) { this.warn(p, `expected boolean, got string ${shortJson(v)} (CloudFormation coerces it)`); return; }
        return bad();
      case 'null':
        if (v === null) return;
        return bad();
      case 'array':
        if (j !== 'list') return bad();
        v.forEach((x, i) => this.checkValue(x, t.element, [...p, String(i)]));
        return;
      case 'map':
        if (j !== 'object') return bad();
        for (const [k, x] of Object.entries(v)) this.checkValue(x, t.element, [...p, k]);
        return;
      case 'tag':
        if (j !== 'object') return bad();
        this.checkObject(v, TAG_DEFS, p, 'Tag');
        return;
      case 'ref': {
        if (j !== 'object') return bad();
        const def = this.spec.typeDef(t);
        if (!def) return;
        this.checkObject(v, def.properties, p, def.name);
        return;
      }
      default:
        return;
    }
  }

  // ---- Outputs ----
  checkOutputs() {
    this.checkLogicalIds('Outputs', this.outputs);
    const exportNames = new Map();
    for (const [id, o] of Object.entries(this.outputs)) {
      const at = ['Outputs', id];
      if (!isObj(o)) { this.err(at, 'output must be an object'); continue; }
      for (const k of Object.keys(o)) if (!OUTPUT_KEYS.has(k)) this.err([...at, k], `unknown output attribute '${k}'`);
      if (o.Value === undefined) this.err(at, 'output has no Value');
      else {
        this.walk(o.Value, [...at, 'Value'], {});
        if (isObj(o.Value) && !isIntrinsic(o.Value)) this.err([...at, 'Value'], 'output Value must be a string or an intrinsic');
        else if (isIntrinsic(o.Value) && this.loose(o.Value) === 'novalue') this.err([...at, 'Value'], 'output Value cannot be AWS::NoValue');
      }
      if (o.Condition !== undefined) this.condExists(o.Condition, [...at, 'Condition']);
      if (o.Export !== undefined) {
        if (!isObj(o.Export) || o.Export.Name === undefined || Object.keys(o.Export).length !== 1) {
          this.err([...at, 'Export'], 'Export must be {"Name": ...}');
        } else {
          this.walk(o.Export.Name, [...at, 'Export', 'Name'], {});
          if (typeof o.Export.Name === 'string') {
            if (exportNames.has(o.Export.Name)) this.err([...at, 'Export', 'Name'], `duplicate export name '${o.Export.Name}' (also ${exportNames.get(o.Export.Name)})`);
            exportNames.set(o.Export.Name, id);
          }
        }
      }
    }
  }

  // ---- dependency cycles (Tarjan SCC) ----
  checkCycles() {
    let index = 0;
    const idx = new Map(), low = new Map(), on = new Set(), stack = [];
    const sccs = [];
    const strong = (v) => {
      idx.set(v, index); low.set(v, index); index++;
      stack.push(v); on.add(v);
      for (const w of this.edges.get(v) ?? []) {
        if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
        else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
      }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do { w = stack.pop(); on.delete(w); comp.push(w); } while (w !== v);
        if (comp.length > 1 || this.edges.get(v)?.has(v)) sccs.push(comp.reverse());
      }
    };
    for (const v of Object.keys(this.resources)) if (!idx.has(v)) strong(v);
    for (const c of sccs) {
      this.err(['Resources', c[0]], `circular dependency between resources: ${c.join(', ')}` +
        (c.length === 1 ? ' (resource references itself)' : ''));
    }
  }
}

// the database's builtin tag type; whether Value is required differs per resource
// schema, which the validator checks, so only Key is required here
const TAG_DEFS = { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' } } };

function isCustomType(t) { return t.startsWith('Custom::') || t === 'AWS::CloudFormation::CustomResource'; }

function shortJson(v) {
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function suggest(k, names) {
  const lk = k.toLowerCase();
  let best = null, bestD = Infinity;
  for (const n of names) {
    if (n.toLowerCase() === lk) return n;
    const d = lev(lk, n.toLowerCase());
    if (d < bestD) { bestD = d; best = n; }
  }
  return bestD <= Math.max(2, Math.floor(k.length / 4)) ? best : null;
}
function lev(a, b) {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]; dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

// -------------------------------------------------------------- main -------

// Order matters for speed: building the WebAssembly engine allocates heavily,
// and doing that while the ~1.5M-object spec database is live costs seconds of
// GC. So: parse everything, run the validator on all files, free it, and only
// then load the database.
const results = files.map((file) => {
  const r = { file, diags: [], text: undefined, tpl: undefined };
  try {
    r.text = fs.readFileSync(file, 'utf8');
    r.tpl = parseTemplate(file, r.text);
  } catch (e) {
    r.diags.push({ sev: 'error', tag: 'parse', where: '', msg: String(e?.message ?? e).split('\n')[0] });
  }
  return r;
});
const parsed = results.filter((r) => r.tpl !== undefined);

function loadFailed(e) {
  process.stderr.write(`validate_cfn: cannot load checker packages (run tests/cfn/setup.sh): ${e?.message ?? e}\n`);
  process.exit(2);
}

if (opts.validator && parsed.length) {
  let validator;
  try { validator = new AwsValidator(); } catch (e) { loadFailed(e); }
  const types = new Set();
  for (const { tpl } of parsed) {
    if (isObj(tpl) && isObj(tpl.Resources)) {
      for (const r of Object.values(tpl.Resources)) if (isObj(r) && typeof r.Type === 'string') types.add(r.Type);
    }
  }
  validator.engineFor(types);
  for (const r of parsed) {
    try { r.diags.push(...validator.validate(r.file, r.text, types)); }
    catch (e) { r.diags.push({ sev: 'error', tag: 'validator', where: '', msg: `validator failed: ${String(e?.message ?? e)}` }); }
  }
  validator.engine?.free();
}

if (opts.spec && parsed.length) {
  let spec;
  try { spec = new SpecChecker(); } catch (e) { loadFailed(e); }
  for (const r of parsed) {
    try { r.diags.push(...spec.check(r.tpl)); }
    catch (e) { r.diags.push({ sev: 'error', tag: 'spec', where: '', msg: `checker crashed: ${e?.stack ?? e}` }); }
  }
}

let passed = 0, failed = 0;
for (const { file, diags } of results) {
  const errors = diags.filter((d) => d.sev === 'error');
  const warnings = diags.filter((d) => d.sev === 'warning');
  const ok = errors.length === 0;
  if (ok) passed++; else failed++;
  if (opts.quiet && ok) continue;
  const lines = [`${ok ? 'PASS' : 'FAIL'} ${file} (${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings.length} warning${warnings.length === 1 ? '' : 's'})`];
  for (const d of [...errors, ...warnings]) {
    lines.push(`  ${d.sev} [${d.tag}] ${d.where ? d.where + ': ' : ''}${d.msg}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = failed ? 1 : 0;
