#!/bin/sh
# vim_test.sh [REPO] - the Vim mode's tests, headless: filetype detection,
# the filetype plugin, the syntax group at each annotated position of
# tests/editors/sample.ecs, every word of grammar/keywords.def in its place,
# and the indentation of tests/editors/indent.ecs. Needs vim (Debian
# package vim-nox or vim). Prints the report; exits 1 on failure.
set -eu
REPO=$(CDPATH= cd -- "${1:-$(dirname -- "$0")/../..}" && pwd)
command -v vim >/dev/null 2>&1 || { echo "vim_test.sh: vim not found (apt-get install vim-nox)" >&2; exit 1; }
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
status=0
ECS_REPO="$REPO" ECS_LOG="$LOG" vim -Nu NONE -i NONE -es \
    --cmd "set runtimepath^=$REPO/editors/vim" \
    --cmd 'filetype plugin indent on' --cmd 'syntax on' \
    -S "$REPO/tests/editors/vim_test.vim" </dev/null || status=$?
if [ ! -s "$LOG" ]; then
    echo "vim_test.sh: vim exited with status $status and no report" >&2
    exit 1
fi
cat "$LOG"
[ "$status" -eq 0 ] && tail -n 1 "$LOG" | grep -q ' 0 failed$'
