#!/bin/sh
# nvim_test.sh ECSC REPO - runs tests/lsp/nvim_test.lua in `nvim --headless`
# on a copy of tests/lsp/data/shop.ecs with one field misspelt.
set -eu
ECSC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$2
command -v nvim >/dev/null 2>&1 || { echo "nvim not found (Debian: neovim)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed '0,/    image      "public/s//    imag       "public/' "$REPO/tests/lsp/data/shop.ecs" >"$work/shop.ecs"
cd "$work"
HOME=$work XDG_CONFIG_HOME=$work XDG_DATA_HOME=$work XDG_STATE_HOME=$work ECSC=$ECSC \
    timeout 60 nvim --headless --clean -c "luafile $REPO/tests/lsp/nvim_test.lua" shop.ecs
