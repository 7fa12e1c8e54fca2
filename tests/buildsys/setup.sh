#!/bin/sh
# Install the npm packages of the diagnostics test (SARIF schema, ajv) into tests/buildsys/node_modules
# when they are missing or stale. Stale means: the sha256 of package-lock.json
# differs from the stamp written after the last successful install.
#
# Quiet on success, idempotent, safe to run from parallel ctest jobs (flock),
# and confined to tests/buildsys: npm's cache and logs go to tests/buildsys/.npm-cache.
#
#   tests/buildsys/setup.sh          install if needed
#   tests/buildsys/setup.sh --force  reinstall
set -eu

DIR=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
STAMP="$DIR/node_modules/.ecsc-lock-sha256"
LOCK="$DIR/.setup.lock"
LOG="$DIR/.npm-ci.log"

command -v node >/dev/null 2>&1 || { echo "tests/buildsys/setup.sh: node not found (need Node.js >= 20)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "tests/buildsys/setup.sh: npm not found" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
    echo "tests/buildsys/setup.sh: Node.js >= 20 required, found $(node --version)" >&2
    exit 1
fi

lock_hash() { sha256sum "$DIR/package-lock.json" | cut -d' ' -f1; }

up_to_date() {
    [ "${FORCE:-0}" = 0 ] &&
    [ -f "$STAMP" ] &&
    [ "$(cat "$STAMP")" = "$(lock_hash)" ] &&
    [ -f "$DIR/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json" ] &&
    [ -d "$DIR/node_modules/ajv-formats" ]
}

FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

# fast path without taking the lock
if up_to_date; then exit 0; fi

install() {
    # re-check under the lock: a parallel job may have finished the install
    if up_to_date; then return 0; fi
    if ! (cd "$DIR" &&
          npm_config_cache="$DIR/.npm-cache" \
          npm_config_update_notifier=false \
          npm_config_fund=false \
          npm_config_audit=false \
          npm ci --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >"$LOG" 2>&1); then
        echo "tests/buildsys/setup.sh: npm ci failed:" >&2
        cat "$LOG" >&2
        return 1
    fi
    lock_hash >"$STAMP"
    rm -f "$LOG"
}

if command -v flock >/dev/null 2>&1; then
    (
        flock 9
        install
    ) 9>"$LOCK"
else
    install
fi
