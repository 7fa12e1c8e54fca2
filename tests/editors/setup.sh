#!/bin/sh
# Installs vscode-tmgrammar-test (pinned) into tests/editors/node_modules when
# missing or stale.  tests/editors/setup.sh [--force]
D=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec sh "$D/../npm_setup.sh" "$D" "$@" node_modules/.bin/vscode-tmgrammar-test
