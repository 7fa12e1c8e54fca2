#!/bin/sh
# build.sh - builds the VS Code extension: installs the npm packages pinned in
# package-lock.json (vscode-languageclient, esbuild, @vscode/vsce) into
# node_modules, bundles src/extension.js with the language client into
# dist/extension.js, and packs the folder as ecs-language-VERSION.vsix.
#   editors/vscode/build.sh            then: code --install-extension editors/vscode/ecs-language-*.vsix
set -eu
D=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
sh "$D/../../tests/npm_setup.sh" "$D" node_modules/.bin/esbuild node_modules/.bin/vsce \
    node_modules/vscode-languageclient
cd "$D"
node_modules/.bin/esbuild src/extension.js --bundle --platform=node --target=node18 \
    --external:vscode --outfile=dist/extension.js --log-level=warning
node_modules/.bin/vsce package --no-dependencies --allow-missing-repository --skip-license \
    -o "ecs-language-$(node -p 'require("./package.json").version').vsix" >/dev/null
