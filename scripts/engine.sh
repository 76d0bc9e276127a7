#!/usr/bin/env bash
# npm run engine: build the two engines users run (HashiCorp Terraform and OpenTofu) and HashiCorp's own
# null and external providers into .engine/ (git-ignored), so that cdktf runs with real plan/apply
# semantics, offline:
#
#   .engine/bin/terraform     Terraform, built from the unmodified upstream archive in ../shared/vendor/
#   .engine/bin/tofu          OpenTofu, built from its Go module
#   .engine/mirror/           one filesystem mirror (unpacked layout) that both engines read: the null and
#                             external providers, built from their upstream archives in ../shared/vendor/,
#                             under registry.terraform.io/ (Terraform) and registry.opentofu.org/ (OpenTofu)
#   .engine/cli.tfrc          CLI config: providers come from the mirror only, nothing reaches the network
#   .engine/env.sh            `. .engine/env.sh` points cdktf-cli at all of the above; AEM_CC_ENGINE picks
#                             the engine (terraform, the default, or tofu)
#   .engine/engine.json       what was built (per program: version, upstream tag, commit, source sum),
#                             written last with .engine/stamp: their presence marks a complete engine
#
# Nothing prebuilt is downloaded: the archives are checked against their pinned sha256 and built as they
# are with this machine's Go toolchain; Go dependencies come through the Go module proxy.
set -euo pipefail

# ---- pins -------------------------------------------------------------------------------------------
# OpenTofu: newest release the Go module proxy serves on the supported lines (no 1.13.x patch release is
# served; v1.12.6 is the newest 1.12.x). Its go.mod replaces hashicorp/hcl/v2 with OpenTofu's fork; the
# script reads that replace line from the release's go.mod and checks it against the one pinned here.
TOFU_VERSION=1.12.6
TOFU_HCL_REPLACE='github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828'
# The archives in ../shared/vendor/ (its README gives the upstream, tag, commit, licence and sha256 of
# each). null 3.2.4 and external 2.3.5 are the versions @cdktf/provider-null 11 and
# @cdktf/provider-external 11 were generated from, so what every cdktf user gets from the registry.
TERRAFORM_VERSION=1.15.9
TERRAFORM_COMMIT=87488977e32a400445e0c0b4d95c0713a5eee941
TERRAFORM_SHA256=a9f643f8ef31703b073891445f272d5a5a5b649f104a2cb1012afa38f42bf352
NULL_VERSION=3.2.4
NULL_COMMIT=01034f80eb238732fd9e8673582e0e770cfab578
NULL_SHA256=f10281d9bc0ca3e5b0dcc2dd1a27f411d018a009cecd91eb73d83e1166da7d6a
EXTERNAL_VERSION=2.3.5
EXTERNAL_COMMIT=8c00d8b09dd569b30a80ceedfb3a7aa163999c26
EXTERNAL_SHA256=11025341b347fdef303534e4228725cb12ae2451d8f1a2ad4ac82fd3c3dbb236
# The engine env.sh selects when AEM_CC_ENGINE is unset: most cdktf users run HashiCorp Terraform, and
# it is what cdktf-cli itself runs by default (TERRAFORM_BINARY_NAME unset means `terraform`).
DEFAULT_ENGINE=terraform
# Bump when the build recipe changes, so that an existing .engine/ is rebuilt.
RECIPE=2

# ---- paths ------------------------------------------------------------------------------------------
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
ENGINE="$ROOT/.engine"
BIN="$ENGINE/bin"
MIRROR="$ENGINE/mirror"
CLIRC="$ENGINE/cli.tfrc"
ENV_SH="$ENGINE/env.sh"
MANIFEST="$ENGINE/engine.json"
STAMP_FILE="$ENGINE/stamp"
# CI clones the repository with ../shared beside it; AEM_CC_VENDOR_DIR points elsewhere if needed.
VENDOR=${AEM_CC_VENDOR_DIR:-$ROOT/../shared/vendor}
MIRROR_HOSTS="registry.terraform.io registry.opentofu.org"

# What a complete engine of this recipe records; any difference means "rebuild".
STAMP="recipe=$RECIPE tofu=$TOFU_VERSION terraform=$TERRAFORM_VERSION@$TERRAFORM_SHA256 null=$NULL_VERSION@$NULL_SHA256 external=$EXTERNAL_VERSION@$EXTERNAL_SHA256 root=$ENGINE"

# ---- reuse ------------------------------------------------------------------------------------------
# The first line a program prints. Its whole output is read first: with pipefail, `prog | head -n 1`
# fails at random when head exits before prog has written everything (SIGPIPE, exit 141).
first_line() {
  local out
  out=$("$@") || return 1
  printf '%s\n' "${out%%$'\n'*}"
}

engine_is_current() {
  [ -f "$STAMP_FILE" ] && [ -f "$MANIFEST" ] || return 1
  [ "$(head -n 1 "$STAMP_FILE")" = "$STAMP" ] || return 1
  local os_arch
  os_arch=$(sed -n 2p "$STAMP_FILE")
  [ -n "$os_arch" ] || return 1
  [ -x "$BIN/tofu" ] && [ -x "$BIN/terraform" ] && [ -f "$CLIRC" ] && [ -f "$ENV_SH" ] || return 1
  local host
  for host in $MIRROR_HOSTS; do
    [ -x "$MIRROR/$host/hashicorp/null/$NULL_VERSION/$os_arch/terraform-provider-null_v${NULL_VERSION}_x5" ] || return 1
    [ -x "$MIRROR/$host/hashicorp/external/$EXTERNAL_VERSION/$os_arch/terraform-provider-external_v${EXTERNAL_VERSION}_x5" ] || return 1
  done
  [ "$(TF_CLI_CONFIG_FILE="$CLIRC" CHECKPOINT_DISABLE=1 first_line "$BIN/tofu" version 2>/dev/null)" = "OpenTofu v$TOFU_VERSION" ] || return 1
  [ "$(TF_CLI_CONFIG_FILE="$CLIRC" CHECKPOINT_DISABLE=1 first_line "$BIN/terraform" version 2>/dev/null)" = "Terraform v$TERRAFORM_VERSION" ]
}

reused_line() {
  echo "engine: Terraform v$TERRAFORM_VERSION, OpenTofu v$TOFU_VERSION, providers null $NULL_VERSION and external $EXTERNAL_VERSION already in .engine/ (reused)"
}

if engine_is_current; then
  reused_line
  exit 0
fi

# ---- build ------------------------------------------------------------------------------------------
mkdir -p "$ENGINE"
# One build at a time; a second caller waits, then reuses what the first built.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ENGINE/.lock"
  if ! flock -n 9; then
    echo "engine: another build of .engine/ is running; waiting for it..."
    flock 9
    if engine_is_current; then reused_line; exit 0; fi
  fi
fi

GO=$(command -v go || true)
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; }
if [ -z "$GO" ]; then
  echo "engine: error: no Go toolchain found (go on PATH or /usr/local/go/bin/go); Terraform v$TERRAFORM_VERSION and OpenTofu v$TOFU_VERSION need Go >= 1.26." >&2
  exit 1
fi
export GOTOOLCHAIN=local   # use this machine's Go; never fetch another toolchain
export CGO_ENABLED=0       # static binaries, as the upstream releases are built
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"
GO_VERSION=$("$GO" env GOVERSION)
OS_ARCH="$("$GO" env GOOS)_$("$GO" env GOARCH)"

# Remove what earlier interrupted runs left behind (we hold the lock, so none of them is running).
rm -rf "$ENGINE"/.stage.* 2>/dev/null || true
STAGE=$(mktemp -d "$ENGINE/.stage.XXXXXX")
LOG="$STAGE/build.log"
: >"$LOG"
STEP="preparing"
STEP_HINT=""
STEP_START=$(date +%s)
BUILD_START=$STEP_START
TICKER=""

stop_ticker() {
  if [ -n "$TICKER" ]; then kill "$TICKER" 2>/dev/null || true; wait "$TICKER" 2>/dev/null || true; TICKER=""; fi
}

on_exit() {
  local rc=$?
  stop_ticker
  if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
    echo "engine: interrupted during step $STEP; nothing in .engine/ was replaced. Re-run 'npm run engine'." >&2
  elif [ "$rc" -ne 0 ]; then
    {
      echo
      echo "engine: error: step $STEP failed after $(($(date +%s) - STEP_START))s (exit $rc)."
      if [ -s "$LOG" ]; then
        cp "$LOG" "$ENGINE/last-build.log" 2>/dev/null || true
        echo "engine: last lines of the build log (whole log: .engine/last-build.log):"
        tail -n 25 "$LOG" | sed 's/^/    /'
      fi
      [ -z "$STEP_HINT" ] || echo "engine: what to do: $STEP_HINT"
      echo "engine: nothing in .engine/ was replaced; re-run 'npm run engine' once the cause is fixed."
    } >&2
  fi
  rm -rf "$STAGE"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

STEPS=6
step() { # N TITLE HINT [NOTE]
  stop_ticker
  STEP="[$1/$STEPS] $2"
  STEP_HINT=$3
  STEP_START=$(date +%s)
  echo "$STEP${4:+ ($4)}..."
  # A cold Go build is silent for minutes: say every 30 s that it is still going, and for how long.
  local started=$STEP_START total=$BUILD_START
  # (The sleep runs in the background so that stopping the ticker stops it too, and nothing holds stdout.)
  ( nap=""; trap 'kill "$nap" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 30 & nap=$!
      wait "$nap"
      now=$(date +%s)
      echo "      ... still $2: $((now - started))s in this step, $((now - total))s in all"
    done ) &
  TICKER=$!
}
step_done() {
  stop_ticker
  echo "      done in $(($(date +%s) - STEP_START))s"
}
logged() { "$@" >>"$LOG" 2>&1; }

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

echo "engine: building into .engine/ with $GO_VERSION ($OS_ARCH); sources: ../shared/vendor/ and Go modules from the Go module proxy, nothing prebuilt is downloaded"

# [1/6] the vendored archives ----------------------------------------------------------------------------
step 1 "checking the vendored sources in ${VENDOR#"$ROOT/"}" \
  "put the unmodified archives named above in $VENDOR (see its README.md for their upstream, tag and commit), or point AEM_CC_VENDOR_DIR at the folder that holds them."
SRC="$STAGE/src"
mkdir -p "$SRC"
check_archive() { # FILE EXPECTED_SHA256 DIR -> unpacks FILE into $SRC, which must yield DIR
  local file="$VENDOR/$1" want=$2 dir=$3 got
  if [ ! -f "$file" ]; then
    echo "engine: error: $file is missing; expected the unmodified upstream archive with sha256 $want." >&2
    exit 1
  fi
  got=$(sha256_of "$file")
  if [ "$got" != "$want" ]; then
    echo "engine: error: $file has sha256 $got, expected $want; it is not the pinned upstream archive (replace it with the one ../shared/vendor/README.md lists)." >&2
    exit 1
  fi
  tar -xzf "$file" -C "$SRC"
  [ -f "$SRC/$dir/go.mod" ] || { echo "engine: error: $file does not unpack to $dir/ with a go.mod." >&2; exit 1; }
  echo "      $1: sha256 $got (as pinned)"
}
check_archive "terraform-$TERRAFORM_VERSION.tar.gz" "$TERRAFORM_SHA256" "terraform-$TERRAFORM_VERSION"
check_archive "terraform-provider-null-$NULL_VERSION.tar.gz" "$NULL_SHA256" "terraform-provider-null-$NULL_VERSION"
check_archive "terraform-provider-external-$EXTERNAL_VERSION.tar.gz" "$EXTERNAL_SHA256" "terraform-provider-external-$EXTERNAL_VERSION"
step_done

# [2/6] OpenTofu ---------------------------------------------------------------------------------------
step 2 "building OpenTofu v$TOFU_VERSION from its Go module" \
  "check that the Go module proxy serves github.com/opentofu/opentofu@v$TOFU_VERSION ('go mod download -json github.com/opentofu/opentofu@v$TOFU_VERSION') and that Go is >= the 'go' line of its go.mod." \
  "about 4 minutes on 2 cores the first time"
TOFU_SRC="$STAGE/tofu-src"
mkdir -p "$TOFU_SRC" "$STAGE/bin"
( cd "$TOFU_SRC" && "$GO" mod download -json "github.com/opentofu/opentofu@v$TOFU_VERSION" ) >"$STAGE/tofu-module.json" 2>>"$LOG" \
  || { cat "$STAGE/tofu-module.json" >>"$LOG"; exit 1; }
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" "$2" | sed -n 1p; }
TOFU_GOMOD=$(json_field GoMod "$STAGE/tofu-module.json")
TOFU_MODULE_SUM=$(json_field Sum "$STAGE/tofu-module.json")
[ -f "$TOFU_GOMOD" ] || { echo "no GoMod in 'go mod download' output" >>"$LOG"; exit 1; }
TOFU_GO_LINE=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$TOFU_GOMOD" | sed -n 1p)
GOMOD_REPLACE=$(sed -n 's/^replace \(github.com\/hashicorp\/hcl\/v2 .*\)$/\1/p; s/^[[:space:]]\{1,\}\(github.com\/hashicorp\/hcl\/v2 .* => .*\)$/\1/p' "$TOFU_GOMOD" | sed -n 1p)
if [ "$GOMOD_REPLACE" != "$TOFU_HCL_REPLACE" ]; then
  echo "the hcl replace in opentofu v$TOFU_VERSION's go.mod is '$GOMOD_REPLACE', the script pins '$TOFU_HCL_REPLACE'" >>"$LOG"
  STEP_HINT="update TOFU_HCL_REPLACE in scripts/engine.sh to the replace line of OpenTofu v$TOFU_VERSION's go.mod."
  exit 1
fi
# `go install module@version` ignores replace directives, so build from a wrapper module that repeats it.
cat >"$TOFU_SRC/go.mod" <<EOF
module enginebuild/tofu

go ${TOFU_GO_LINE:-1.26}

require github.com/opentofu/opentofu v$TOFU_VERSION

replace $TOFU_HCL_REPLACE
EOF
cat >"$TOFU_SRC/tools.go" <<'EOF'
//go:build tools

// Package tofu only pins github.com/opentofu/opentofu so that `go build` can build its cmd/tofu.
package tofu

import _ "github.com/opentofu/opentofu/cmd/tofu"
EOF
( cd "$TOFU_SRC" && logged "$GO" mod tidy )
( cd "$TOFU_SRC" && logged "$GO" build -trimpath \
    -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
    -o "$STAGE/bin/tofu" github.com/opentofu/opentofu/cmd/tofu )
TOFU_SAYS=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 first_line "$STAGE/bin/tofu" version 2>>"$LOG")
if [ "$TOFU_SAYS" != "OpenTofu v$TOFU_VERSION" ]; then
  echo "'tofu version' printed '$TOFU_SAYS', expected 'OpenTofu v$TOFU_VERSION'" >>"$LOG"
  exit 1
fi
step_done

# [3/6] Terraform --------------------------------------------------------------------------------------
step 3 "building Terraform v$TERRAFORM_VERSION from terraform-$TERRAFORM_VERSION.tar.gz" \
  "check that the Go module proxy serves the modules in terraform-$TERRAFORM_VERSION/go.sum, and that Go is >= the 'go' line of its go.mod." \
  "about 7 minutes on 2 cores the first time"
# version.dev=no: a release build, so `terraform version` prints "Terraform v1.15.9" without "-dev".
( cd "$SRC/terraform-$TERRAFORM_VERSION" && logged "$GO" build -trimpath \
    -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" \
    -o "$STAGE/bin/terraform" . )
TERRAFORM_SAYS=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 first_line "$STAGE/bin/terraform" version 2>>"$LOG")
if [ "$TERRAFORM_SAYS" != "Terraform v$TERRAFORM_VERSION" ]; then
  echo "'terraform version' printed '$TERRAFORM_SAYS', expected 'Terraform v$TERRAFORM_VERSION'" >>"$LOG"
  exit 1
fi
step_done

# [4/6] and [5/6] the providers ----------------------------------------------------------------------------
build_provider() { # NAME VERSION -> $STAGE/terraform-provider-NAME_vVERSION_x5
  local name=$1 version=$2 out="$STAGE/terraform-provider-${1}_v${2}_x5"
  # The flags of the providers' own release build (.goreleaser.yml), with CGO_ENABLED=0 and -trimpath.
  ( cd "$SRC/terraform-provider-$name-$version" && logged "$GO" build -trimpath \
      -ldflags "-s -w -X main.Version=$version" -o "$out" . )
  # The binary must be the upstream module, not anything else with the same name.
  local info
  info=$("$GO" version -m "$out")
  printf '%s\n' "$info" >>"$LOG"
  case "$info" in
    *$'\tpath\t'"github.com/terraform-providers/terraform-provider-$name"$'\n'*) ;;
    *) echo "$out is not built from github.com/terraform-providers/terraform-provider-$name" >>"$LOG"; exit 1 ;;
  esac
}
step 4 "building HashiCorp's null provider $NULL_VERSION from terraform-provider-null-$NULL_VERSION.tar.gz" \
  "check that the Go module proxy serves the modules in terraform-provider-null-$NULL_VERSION/go.sum." \
  "about a minute the first time"
build_provider null "$NULL_VERSION"
step_done
step 5 "building HashiCorp's external provider $EXTERNAL_VERSION from terraform-provider-external-$EXTERNAL_VERSION.tar.gz" \
  "check that the Go module proxy serves the modules in terraform-provider-external-$EXTERNAL_VERSION/go.sum."
build_provider external "$EXTERNAL_VERSION"
step_done

# [6/6] mirror, CLI config, env.sh, and both engines against them ----------------------------------------
step 6 "laying out the provider mirror ($OS_ARCH), CLI config and env.sh; checking both engines against them" \
  "see the log above: an engine could not load the providers from the mirror."
write_clirc() { # MIRROR_PATH FILE
  cat >"$2" <<EOF
# Generated by scripts/engine.sh, read by Terraform and OpenTofu alike (TF_CLI_CONFIG_FILE). Providers come
# only from the filesystem mirror below: nothing is fetched from a registry.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$1"
    include = ["registry.terraform.io/hashicorp/*", "registry.opentofu.org/hashicorp/*"]
  }
}
EOF
}
for host in $MIRROR_HOSTS; do
  for name in null external; do
    version=$NULL_VERSION
    [ "$name" = null ] || version=$EXTERNAL_VERSION
    dir="$STAGE/mirror/$host/hashicorp/$name/$version/$OS_ARCH"
    mkdir -p "$dir"
    ln "$STAGE/terraform-provider-${name}_v${version}_x5" "$dir/" 2>/dev/null \
      || cp "$STAGE/terraform-provider-${name}_v${version}_x5" "$dir/"
  done
done
write_clirc "$MIRROR" "$STAGE/cli.tfrc"
cat >"$STAGE/env.sh" <<EOF
# Generated by scripts/engine.sh: \`. .engine/env.sh\` makes cdktf-cli run a local engine, offline.
# AEM_CC_ENGINE picks it: terraform (Terraform v$TERRAFORM_VERSION, the default: what most cdktf users run,
# and cdktf-cli's own default) or tofu (OpenTofu v$TOFU_VERSION). Both read the same provider mirror.
case "\${AEM_CC_ENGINE:-$DEFAULT_ENGINE}" in
  terraform|tofu) export AEM_CC_ENGINE="\${AEM_CC_ENGINE:-$DEFAULT_ENGINE}" ;;
  *)
    echo "env.sh: AEM_CC_ENGINE=\$AEM_CC_ENGINE is not an engine of .engine/; use terraform (the default) or tofu." >&2
    return 2 2>/dev/null || exit 2
    ;;
esac
case ":\$PATH:" in
  "$BIN:"*) ;;
  *) export PATH="$BIN:\$PATH" ;;
esac
export TERRAFORM_BINARY_NAME="\$AEM_CC_ENGINE"    # cdktf-cli runs \$TERRAFORM_BINARY_NAME (default: terraform)
export TF_CLI_CONFIG_FILE="$CLIRC"  # providers from .engine/mirror only
export CHECKPOINT_DISABLE=1                       # no checkpoint/telemetry calls (engines and cdktf-cli)
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1           # cdktf-cli would otherwise set TF_PLUGIN_CACHE_DIR=~/.terraform.d/plugin-cache
export DISABLE_VERSION_CHECK=true                 # no npm look-up for newer cdktf versions
EOF
write_clirc "$STAGE/mirror" "$STAGE/check.tfrc"
for engine in terraform tofu; do
  check="$STAGE/check-$engine"
  mkdir -p "$check"
  cat >"$check/main.tf" <<EOF
terraform {
  required_providers {
    null     = { source = "hashicorp/null", version = "$NULL_VERSION" }
    external = { source = "hashicorp/external", version = "$EXTERNAL_VERSION" }
  }
}
EOF
  ( cd "$check" && TF_CLI_CONFIG_FILE="$STAGE/check.tfrc" CHECKPOINT_DISABLE=1 TF_PLUGIN_CACHE_DIR='' \
      logged "$STAGE/bin/$engine" init -input=false -no-color )
  ( cd "$check" && TF_CLI_CONFIG_FILE="$STAGE/check.tfrc" CHECKPOINT_DISABLE=1 \
      "$STAGE/bin/$engine" providers schema -json >"$STAGE/schema-$engine.json" 2>>"$LOG" )
  for want in '"null_resource"' '"null_data_source"' '"external"'; do
    grep -q "$want" "$STAGE/schema-$engine.json" || { echo "$engine: provider schema lacks $want" >>"$LOG"; exit 1; }
  done
done
step_done

# ---- install: swap into place, manifest and stamp last ----------------------------------------------------
stop_ticker
STEP="installing into .engine/"
STEP_HINT="check write access to .engine/."
BUILD_SECONDS=$(($(date +%s) - BUILD_START))
vendored() { # NAME VERSION COMMIT SHA256 ARCHIVE UPSTREAM
  printf '    "%s": { "version": "%s", "tag": "v%s", "commit": "%s", "upstream": "%s", "source": "../shared/vendor/%s", "archiveSha256": "%s" }' \
    "$1" "$2" "$2" "$3" "$6" "$5" "$4"
}
{
  echo '{'
  echo "  \"defaultEngine\": \"$DEFAULT_ENGINE\","
  echo '  "programs": {'
  vendored terraform "$TERRAFORM_VERSION" "$TERRAFORM_COMMIT" "$TERRAFORM_SHA256" "terraform-$TERRAFORM_VERSION.tar.gz" "github.com/hashicorp/terraform"; echo ','
  printf '    "tofu": { "version": "%s", "tag": "v%s", "upstream": "github.com/opentofu/opentofu", "source": "Go module github.com/opentofu/opentofu@v%s", "moduleSum": "%s", "hclReplace": "%s" },\n' \
    "$TOFU_VERSION" "$TOFU_VERSION" "$TOFU_VERSION" "$TOFU_MODULE_SUM" "$TOFU_HCL_REPLACE"
  vendored null "$NULL_VERSION" "$NULL_COMMIT" "$NULL_SHA256" "terraform-provider-null-$NULL_VERSION.tar.gz" "github.com/hashicorp/terraform-provider-null"; echo ','
  vendored external "$EXTERNAL_VERSION" "$EXTERNAL_COMMIT" "$EXTERNAL_SHA256" "terraform-provider-external-$EXTERNAL_VERSION.tar.gz" "github.com/hashicorp/terraform-provider-external"; echo
  echo '  },'
  echo "  \"goVersion\": \"$GO_VERSION\","
  echo "  \"osArch\": \"$OS_ARCH\","
  echo "  \"builtAt\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"buildSeconds\": $BUILD_SECONDS,"
  echo "  \"recipe\": $RECIPE,"
  echo "  \"root\": \"$ENGINE\""
  echo '}'
} >"$STAGE/engine.json"
printf '%s\n%s\n' "$STAMP" "$OS_ARCH" >"$STAGE/stamp"
rm -f "$STAMP_FILE" "$MANIFEST"   # from here until the last mv, .engine/ does not look complete
rm -rf "$BIN" "$MIRROR" "$CLIRC" "$ENV_SH" "$ENGINE/last-build.log" "$ENGINE/tofurc"
mv "$STAGE/bin" "$BIN"
mv "$STAGE/mirror" "$MIRROR"
mv "$STAGE/cli.tfrc" "$CLIRC"
mv "$STAGE/env.sh" "$ENV_SH"
mv "$STAGE/engine.json" "$MANIFEST"
mv "$STAGE/stamp" "$STAMP_FILE"
echo "engine: Terraform v$TERRAFORM_VERSION, OpenTofu v$TOFU_VERSION and HashiCorp's null $NULL_VERSION and external $EXTERNAL_VERSION built into .engine/ in ${BUILD_SECONDS}s; use it with: . .engine/env.sh (AEM_CC_ENGINE=terraform|tofu, default $DEFAULT_ENGINE)"
