#!/usr/bin/env bash
# npm run cdktn:providers: regenerate providers/cdktn/ (committed, never edited by hand): the cdktn
# bindings for hashicorp/null 3.2.4 and hashicorp/external 2.3.5, made by cdktn's own generator
# (`cdktn get`), offline, from the providers `npm run engine` built. The cdktn entry
# (cdktf-aem-creative-cloud/cdktn) uses them where the cdktf entry uses @cdktf/provider-null and
# @cdktf/provider-external, of which there is no cdktn build on the registry.
#
# Needs .engine/ (npm run engine) and tools/ (npm run tools: cdktn-cli 0.24.0 and the Node 22 it needs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
# The versions @cdktf/provider-null 11 and @cdktf/provider-external 11 were generated from.
NULL_VERSION=3.2.4
EXTERNAL_VERSION=2.3.5
OUT="$ROOT/providers/cdktn"
TOOLS="$ROOT/tools/node_modules"

[ -f "$ROOT/.engine/env.sh" ] || { echo "cdktn-providers: no .engine/: run 'npm run engine' first." >&2; exit 1; }
[ -x "$TOOLS/.bin/cdktn" ] || { echo "cdktn-providers: no tools/node_modules/.bin/cdktn: run 'npm run tools' first." >&2; exit 1; }
# Terraform, not OpenTofu: under OpenTofu the generated doc comments and versions.json name
# registry.opentofu.org instead of registry.terraform.io (the code is the same), and the output must not
# depend on who regenerates it.
# shellcheck disable=SC1091
AEM_CC_ENGINE=terraform . "$ROOT/.engine/env.sh"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# "null@..." rather than "hashicorp/null@...": that is how the @cdktf/provider-* packages were generated,
# so both entries write the same `required_providers` source ("null", which Terraform and OpenTofu read
# as hashicorp/null) and synthesize the same JSON.
cat >"$WORK/cdktf.json" <<JSON
{
  "language": "typescript",
  "app": "true",
  "sendCrashReports": "false",
  "terraformProviders": ["null@$NULL_VERSION", "external@$EXTERNAL_VERSION"],
  "terraformModules": [],
  "codeMakerOutput": "gen"
}
JSON
echo "cdktn-providers: cdktn get for null@$NULL_VERSION and external@$EXTERNAL_VERSION (cdktn-cli on Node 22, $TERRAFORM_BINARY_NAME from .engine/)..."
# cdktn-cli 0.24 needs Node >= 22.19; stdin closed, so it can never wait for an answer.
( cd "$WORK" && PATH="$TOOLS/node22/bin:$PATH" "$TOOLS/.bin/cdktn" get --language typescript </dev/null )
rm -rf "$OUT"
mkdir -p "$OUT"
cp -R "$WORK/gen/." "$OUT/"
# constraints.json is cdktn get's cache key and records the engine's version and nothing we use: dropped,
# so that a regeneration with another Terraform version diffs clean.
rm -f "$OUT/constraints.json"
echo "cdktn-providers: $(find "$OUT" -name '*.ts' | wc -l) TypeScript files in providers/cdktn/; versions: $(tr -d '\n ' <"$OUT/versions.json")"
