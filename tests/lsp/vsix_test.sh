#!/bin/sh
# vsix_test.sh REPO - the VS Code extension builds (editors/vscode/build.sh:
# the pinned npm packages, esbuild, vsce) into a .vsix that installs as one
# folder: its package.json starts dist/extension.js on .ecs files, and that
# bundle holds the language client (vscode-languageclient) itself, needing
# no node_modules, and loads in Node.js with only `vscode` provided.
set -eu
REPO=$1
V=$REPO/editors/vscode
rm -f "$V"/ecs-language-*.vsix
sh "$V/build.sh"
node - "$V" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib"), Module = require("module");
const dir = process.argv[2];
const pkg = require(path.join(dir, "package.json"));
const vsix = path.join(dir, `ecs-language-${pkg.version}.vsix`);
const buf = fs.readFileSync(vsix);
// the zip's central directory: the names and, for the bundle, its bytes
const files = {};
let eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
let p = buf.readUInt32LE(eocd + 16), n = buf.readUInt16LE(eocd + 10);
for (let i = 0; i < n; i++) {
  const method = buf.readUInt16LE(p + 10), csize = buf.readUInt32LE(p + 20);
  const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
  const off = buf.readUInt32LE(p + 42), name = buf.toString("utf8", p + 46, p + 46 + nlen);
  const lnlen = buf.readUInt16LE(off + 26), lxlen = buf.readUInt16LE(off + 28);
  const data = buf.subarray(off + 30 + lnlen + lxlen, off + 30 + lnlen + lxlen + csize);
  files[name] = method === 8 ? zlib.inflateRawSync(data) : data;
  p += 46 + nlen + xlen + clen;
}
const fail = (m) => { console.error("FAIL: " + m); process.exit(1); };
for (const f of ["extension/package.json", "extension/dist/extension.js",
                 "extension/syntaxes/ecs.tmLanguage.json", "extension/snippets/ecs.json"])
  if (!files[f]) fail(`${f} is not in ${path.basename(vsix)}`);
if (Object.keys(files).some((f) => f.includes("node_modules/"))) fail("node_modules packed");
const mpkg = JSON.parse(files["extension/package.json"]);
if (mpkg.main !== "./dist/extension.js") fail("main is " + mpkg.main);
if (!mpkg.activationEvents.includes("onLanguage:ecs")) fail("not activated on .ecs files");
const bundle = files["extension/dist/extension.js"].toString();
if (!bundle.includes("class LanguageClient") && !bundle.includes("LanguageClient = class"))
  fail("the bundle does not hold vscode-languageclient");
if (/require\(["']vscode-languageclient/.test(bundle)) fail("the client is required, not bundled");
// load the packed bundle from an empty folder, with a stand-in for `vscode`
const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "vsix-"));
fs.writeFileSync(path.join(tmp, "extension.js"), bundle);
const load = Module._load;
Module._load = function (req, parent, isMain) {
  if (req === "vscode") return new Proxy({}, { get: () => new Proxy(function () {}, { get: () => ({}) }) });
  return load.call(this, req, parent, isMain);
};
const ext = require(path.join(tmp, "extension.js"));
fs.rmSync(tmp, { recursive: true });
if (typeof ext.activate !== "function" || typeof ext.deactivate !== "function")
  fail("the bundle exports no activate/deactivate");
console.log(`vsix: ${Object.keys(files).length} files, bundle ${bundle.length} bytes, client included`);
JS
