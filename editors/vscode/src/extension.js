// extension.js - starts `ecsc lsp` for .ecs files and connects VS Code's
// language client to it (bundled with esbuild into dist/extension.js, so the
// extension needs no node_modules once built; see build.sh).
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const cfg = vscode.workspace.getConfiguration("ecsc");
  const command = cfg.get("path") || "ecsc";
  const args = ["lsp", ...(cfg.get("lspArgs") || [])];
  const serverOptions = {
    run: { command, args, transport: TransportKind.stdio },
    debug: { command, args, transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ language: "ecs" }],
    synchronize: { configurationSection: "ecsc" },
  };
  client = new LanguageClient("ecsc", "ecsc language server", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
