#!/bin/sh
# Installs the diagnostics test's pinned npm packages (the official SARIF 2.1.0
# schema, ajv) into tests/buildsys/node_modules when missing or stale.
# tests/buildsys/setup.sh [--force]
D=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
exec sh "$D/../npm_setup.sh" "$D" --ignore-scripts "$@" \
    node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json node_modules/ajv-formats
