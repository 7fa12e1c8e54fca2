// tm_examples.js REPO - the VS Code grammar marks nothing invalid in the
// .ecs files the compiler accepts: examples/**/*.ecs and stdlib/*.ecs.
// Uses vscode-textmate and vscode-oniguruma as vscode-tmgrammar-test does
// (installed with it by tests/editors/setup.sh). Closing line
// `N passed, M failed`; exits 1 on failure.
'use strict';
const fs = require('fs');
const path = require('path');
const repo = path.resolve(process.argv[2] || path.join(__dirname, '..', '..'));
const modules = path.join(__dirname, 'node_modules');
const vt = require(path.join(modules, 'vscode-textmate'));
const onig = require(path.join(modules, 'vscode-oniguruma'));

function ecsFiles(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'expected') out.push(...ecsFiles(p));
    else if (e.isFile() && e.name.endsWith('.ecs')) out.push(p);
  }
  return out.sort();
}

(async () => {
  const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma', 'release', 'onig.wasm')).buffer;
  await onig.loadWASM(wasm);
  const registry = new vt.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new onig.OnigScanner(s),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async () => vt.parseRawGrammar(
      fs.readFileSync(path.join(repo, 'editors/vscode/syntaxes/ecs.tmLanguage.json'), 'utf8'),
      'ecs.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.ecs');
  let passed = 0, failed = 0;
  const files = [...ecsFiles(path.join(repo, 'examples')), ...ecsFiles(path.join(repo, 'stdlib'))];
  for (const file of files) {
    const rel = path.relative(repo, file);
    const bad = [];
    let stack = vt.INITIAL;
    fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      const r = grammar.tokenizeLine(line, stack);
      for (const t of r.tokens)
        if (t.scopes.some((s) => s.startsWith('invalid.')))
          bad.push(`${rel}:${i + 1}:${t.startIndex + 1}: ${JSON.stringify(line.slice(t.startIndex, t.endIndex))} ${t.scopes.slice(-1)[0]}`);
      stack = r.ruleStack;
    });
    if (bad.length) {
      failed++;
      console.log(`FAIL - ${rel}: nothing marked invalid`);
      bad.slice(0, 20).forEach((b) => console.log(`         ${b}`));
    } else {
      passed++;
      console.log(`ok   - ${rel}: nothing marked invalid`);
    }
  }
  if (files.length === 0) { failed++; console.log('FAIL - no .ecs files found in examples/ and stdlib/'); }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
