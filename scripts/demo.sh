#!/usr/bin/env bash
# The README's first command: the real `cdktf deploy` of examples/quickstart, with a real engine from
# .engine/ (Terraform by default, OpenTofu with AEM_CC_ENGINE=tofu; HashiCorp's null and external
# providers), against the embedded emulator. It shows the binding before, the deploy switching it, the
# binding after, and a `cdktf diff` that has nothing to do.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="$ROOT/examples/quickstart"
AEM_CC=(node "$ROOT/bin/aem-cc.js")
# shellcheck disable=SC1091
. "$ROOT/.engine/env.sh"

# cdktf's output without blank lines and the engine's init boilerplate: what a reader needs to see. The
# engine's warning box about lock-file checksums (it comes from the local provider mirror and would not
# appear with a registry) shrinks to one line.
tidy() {
  grep -v -E '^\s*$|You may now begin working|any changes that are required|should now work|If you ever set or change|rerun this command to reinit|commands will detect it|Reusing previous version|Using previously-installed|Initializing (the backend|provider plugins|modules)|Finding hashicorp/|Installing hashicorp/|Installed hashicorp/|has created a lock file|selections it made above|init" in the future|make the same selections|Partner and community providers|provider signing' |
    awk '
      /╷/ { box = $0 "\n"; inbox = 1; next }
      inbox && /╵/ {
        if (box ~ /Incomplete lock file information/) print "            (the engine warns that the lock file holds checksums for this platform only: the local mirror; cut)"
        else printf "%s%s\n", box, $0
        inbox = 0; box = ""; next
      }
      inbox { box = box $0 "\n"; next }
      { print }
    '
}
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

EMU_LOG="$(mktemp)"
cleanup() {
  if [[ -n "${EMU_PID:-}" ]]; then kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; fi
  rm -f "$EMU_LOG"
}
trap cleanup EXIT

step "1/6 starting the emulator (IMS + AEM on loopback, built-in fixture)"
"${AEM_CC[@]}" emulator --port 0 >"$EMU_LOG" 2>&1 &
EMU_PID=$!
for _ in $(seq 1 50); do grep -q 'listening on' "$EMU_LOG" 2>/dev/null && break; sleep 0.1; done
BASE="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$EMU_LOG" | head -1)"
[[ -n "$BASE" ]] || { echo "demo: the emulator did not start; its output:" >&2; cat "$EMU_LOG" >&2; exit 1; }
echo "emulator at $BASE; engine: $("$TERRAFORM_BINARY_NAME" version | head -n 1) (AEM_CC_ENGINE=$AEM_CC_ENGINE)"

# The credentials of the fixture's federated AEM administrator. Emulator-only; a real run takes them
# from the CI secret store, never from a file.
export AEM_CC_ACCESS_TOKEN=emu-token-ana
export AEM_CC_IMS_ENDPOINT="$BASE"
export AUTHOR_URL="$BASE/env/dev" IMS_ENDPOINT="$BASE" ORG="Contoso Creative (Dev)"
rm -rf "$APP/cdktf.out" "$APP/terraform.quickstart.tfstate" "$APP/terraform.quickstart.tfstate.backup"

step "2/6 the orgs this identity can access (aem-cc orgs)"
"${AEM_CC[@]}" orgs

step "3/6 the binding before: dev is not connected to any Creative Cloud org (aem-cc status)"
"${AEM_CC[@]}" status --author-url "$AUTHOR_URL" --org "$ORG"

step "4/6 cdktf deploy of examples/quickstart (binds dev to \"$ORG\")"
cd "$APP"
CI=1 NO_COLOR=1 npx cdktf deploy --auto-approve --skip-provider-lock 2>&1 | tidy

step "5/6 the binding after (aem-cc status)"
"${AEM_CC[@]}" status --author-url "$AUTHOR_URL" --org "$ORG"

step "6/6 cdktf diff right after the deploy: nothing to change"
CI=1 NO_COLOR=1 npx cdktf diff --skip-provider-lock 2>&1 | tidy

echo
echo "demo: done. The emulator's request log:"
# Through the emulator's control client (the one the tests and the benchmark use), from dist/.
node -e '
const { emulatorControl, describeRequest } = require(process.argv[1]);
emulatorControl(process.argv[2]).requests().then((log) => {
  for (const r of log) console.log(`  ${describeRequest(r)}`);
});' "$ROOT/dist/src/emulator/control-client.js" "$BASE"
