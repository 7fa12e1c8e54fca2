// check_diagnostics.mjs MODE FILE - checks what ecsc wrote to stderr.
//   json FILE   every line is one diagnostic object with the documented keys,
//               in the documented order; prints the count.
//   sarif FILE  the file is one SARIF log valid against the SARIF 2.1.0 JSON
//               schema (sarif-2.1.0.json of Microsoft's SARIF multitool, the
//               SDK of the standard; draft 2020-12, checked with ajv's 2020
//               validator and ajv-formats); prints the count of results.
// Exit 0 when all is well, 1 with a message otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [mode, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const fail = (msg) => { console.error(`check_diagnostics: ${msg}`); process.exit(1); };
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function checkPlace(o, where) {
  if (o.file === null) {
    if (o.range !== null) fail(`${where}: file null but range not`);
    return;
  }
  if (typeof o.file !== 'string') fail(`${where}: file is not a string`);
  for (const end of ['start', 'end']) {
    const p = o.range?.[end];
    if (!p || !same(Object.keys(p), ['line', 'column']) ||
        !Number.isInteger(p.line) || !Number.isInteger(p.column) || p.line < 1 || p.column < 1)
      fail(`${where}: bad range.${end}: ${JSON.stringify(o.range)}`);
  }
}

if (mode === 'json') {
  const lines = text.split('\n').filter((l) => l.length);
  lines.forEach((line, i) => {
    let d;
    try { d = JSON.parse(line); } catch (e) { fail(`line ${i + 1} is not JSON: ${e.message}`); }
    const keys = ['file', 'range', 'severity', 'code', 'message', 'notes'];
    if (!same(Object.keys(d), keys)) fail(`line ${i + 1}: keys ${Object.keys(d)} instead of ${keys}`);
    checkPlace(d, `line ${i + 1}`);
    if (!['error', 'warning'].includes(d.severity)) fail(`line ${i + 1}: severity ${d.severity}`);
    if (!/^[EW][0-9]{4}$/.test(d.code)) fail(`line ${i + 1}: code ${d.code}`);
    if (typeof d.message !== 'string' || !d.message) fail(`line ${i + 1}: no message`);
    d.notes.forEach((n, k) => {
      if (!same(Object.keys(n), ['file', 'range', 'message'])) fail(`line ${i + 1} note ${k}: keys`);
      checkPlace(n, `line ${i + 1} note ${k}`);
    });
  });
  console.log(lines.length);
} else if (mode === 'sarif') {
  const Ajv2020 = require('ajv/dist/2020').default;
  const addFormats = require('ajv-formats').default;
  const schema = JSON.parse(readFileSync(
    new URL('./node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  let log;
  try { log = JSON.parse(text); } catch (e) { fail(`not one JSON document: ${e.message}`); }
  if (!validate(log)) fail(`not valid SARIF 2.1.0:\n${JSON.stringify(validate.errors, null, 2)}`);
  if (log.version !== '2.1.0' || log.runs.length !== 1) fail('expected version 2.1.0 and one run');
  const run = log.runs[0];
  if (run.tool.driver.name !== 'ecsc') fail('tool.driver.name is not ecsc');
  const ids = run.tool.driver.rules.map((r) => r.id);
  const seen = [...new Set(run.results.map((r) => r.ruleId))].sort();
  if (!same(ids, seen)) fail(`rules ${ids} are not the codes seen ${seen}`);
  for (const r of run.results)
    if (ids[r.ruleIndex] !== r.ruleId) fail(`ruleIndex ${r.ruleIndex} of ${r.ruleId}`);
  console.log(run.results.length);
} else {
  fail(`unknown mode ${mode}`);
}
