#!/bin/sh
# npm_setup.sh DIR [--ignore-scripts] [--force] PATH... - installs the npm
# packages pinned in DIR/package-lock.json into DIR/node_modules when they are
# missing or stale (the sha256 of package-lock.json differs from the stamp
# written after the last successful install, or a PATH below DIR is absent).
#
# Quiet on success, idempotent, safe for parallel ctest jobs (flock), and
# confined to DIR: npm's cache and logs go to DIR/.npm-cache.  The setup.sh
# of tests/cfn, tests/editors and tests/buildsys call it.
set -eu

DIR=$1
shift
FORCE=0
SCRIPTS=""
NEED=""
for a in "$@"; do
    case $a in
    --force) FORCE=1 ;;
    --ignore-scripts) SCRIPTS=--ignore-scripts ;;
    *) NEED="$NEED $a" ;;
    esac
done
WHO="$(basename "$DIR")/setup.sh"
STAMP="$DIR/node_modules/.ecsc-lock-sha256"
LOCK="$DIR/.setup.lock"
LOG="$DIR/.npm-ci.log"

command -v node >/dev/null 2>&1 || { echo "$WHO: node not found (need Node.js >= 20)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "$WHO: npm not found" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
    echo "$WHO: Node.js >= 20 required, found $(node --version)" >&2
    exit 1
fi

lock_hash() { sha256sum "$DIR/package-lock.json" | cut -d' ' -f1; }

up_to_date() {
    [ "$FORCE" = 0 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(lock_hash)" ] || return 1
    for p in $NEED; do
        [ -e "$DIR/$p" ] || return 1
    done
}

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
          npm ci $SCRIPTS --no-audit --no-fund --prefer-offline --loglevel=error >"$LOG" 2>&1); then
        echo "$WHO: npm ci failed:" >&2
        cat "$LOG" >&2
        return 1
    fi
    lock_hash >"$STAMP"
    rm -f "$LOG"
    FORCE=0
}

if command -v flock >/dev/null 2>&1; then
    (
        flock 9
        install
    ) 9>"$LOCK"
else
    install
fi
