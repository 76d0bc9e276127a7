#!/usr/bin/env bash
# npm run engine: build the real engine (OpenTofu + the null and external providers) from Go modules
# into .engine/ (git-ignored), for running the cdktf app with real plan/apply semantics, offline:
#
#   .engine/bin/tofu          OpenTofu, built from its Go module with this machine's Go toolchain
#   .engine/mirror/           filesystem mirror (unpacked layout) holding the two providers, under both
#                             registry.opentofu.org/ and registry.terraform.io/
#   .engine/tofurc            CLI config: providers come from the mirror only, nothing reaches the network
#   .engine/env.sh            `. .engine/env.sh` points cdktf-cli at all of the above
#   .engine/engine.json       what was built, written last: its presence marks a complete engine
#
# Nothing prebuilt is downloaded: only Go modules, through the Go module proxy.
#
# Providers: the upstream hashicorp/null and hashicorp/external modules
# (github.com/terraform-providers/terraform-provider-{null,external}) are not served by the Go module
# proxy that this project can reach (their v3/v2 tags are no valid module versions, commit queries are
# refused, and their exact pseudo-versions are unknown), so this script builds small stand-ins with the
# same provider addresses and schemas (null_resource, null_data_source, data "external"), written here on
# HashiCorp's terraform-plugin-framework, and files them under the versions that @cdktf/provider-null and
# @cdktf/provider-external were generated from. engine.json says so in "providerSource".
set -euo pipefail

# ---- pins -------------------------------------------------------------------------------------------
# OpenTofu: newest release the Go module proxy serves on the supported lines (no 1.13.x patch release is
# served; v1.12.6 is the newest 1.12.x). Its go.mod replaces hashicorp/hcl/v2 with OpenTofu's fork; the
# script reads that replace line from the release's go.mod and checks it against the one pinned here.
TOFU_VERSION=v1.12.6
TOFU_HCL_REPLACE='github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828'
# The versions @cdktf/provider-null 11.0.1 and @cdktf/provider-external 11.0.1 were generated from
# (package.json "cdktf.provider.version"; their bindings require "~> 3.0" and "~> 2.1").
NULL_VERSION=3.2.4
EXTERNAL_VERSION=2.3.5
PLUGIN_FRAMEWORK_VERSION=v1.19.0
# Bump when the build recipe changes, so that an existing .engine/ is rebuilt.
RECIPE=1
PROVIDER_SOURCE="stand-in built from this script on terraform-plugin-framework ${PLUGIN_FRAMEWORK_VERSION} (upstream modules not served by the Go module proxy)"

# ---- paths ------------------------------------------------------------------------------------------
ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
ENGINE="$ROOT/.engine"
BIN="$ENGINE/bin"
MIRROR="$ENGINE/mirror"
TOFURC="$ENGINE/tofurc"
ENV_SH="$ENGINE/env.sh"
MANIFEST="$ENGINE/engine.json"
TOFU_PLAIN=${TOFU_VERSION#v}

# ---- reuse ------------------------------------------------------------------------------------------
manifest_value() { # KEY -> the string value of "KEY" in engine.json (flat, one key a line)
  sed -n "s/^ *\"$1\": *\"\\(.*\\)\",\\{0,1\\}\$/\\1/p" "$MANIFEST" 2>/dev/null | head -n 1
}

engine_is_current() {
  [ -f "$MANIFEST" ] || return 1
  [ "$(manifest_value tofuVersion)" = "$TOFU_PLAIN" ] || return 1
  [ "$(manifest_value nullVersion)" = "$NULL_VERSION" ] || return 1
  [ "$(manifest_value externalVersion)" = "$EXTERNAL_VERSION" ] || return 1
  [ "$(manifest_value recipe)" = "$RECIPE" ] || return 1
  [ "$(manifest_value root)" = "$ENGINE" ] || return 1
  local os_arch
  os_arch=$(manifest_value osArch)
  [ -n "$os_arch" ] || return 1
  [ -x "$BIN/tofu" ] && [ -f "$TOFURC" ] && [ -f "$ENV_SH" ] || return 1
  local host
  for host in registry.opentofu.org registry.terraform.io; do
    [ -x "$MIRROR/$host/hashicorp/null/$NULL_VERSION/$os_arch/terraform-provider-null_v${NULL_VERSION}_x5" ] || return 1
    [ -x "$MIRROR/$host/hashicorp/external/$EXTERNAL_VERSION/$os_arch/terraform-provider-external_v${EXTERNAL_VERSION}_x5" ] || return 1
  done
  TF_CLI_CONFIG_FILE="$TOFURC" CHECKPOINT_DISABLE=1 "$BIN/tofu" version 2>/dev/null | head -n 1 | grep -qx "OpenTofu $TOFU_VERSION"
}

reused_line() {
  echo "engine: OpenTofu $TOFU_VERSION, stand-in providers null $NULL_VERSION and external $EXTERNAL_VERSION, already in .engine/ (reused)"
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
  echo "engine: error: no Go toolchain found (go on PATH or /usr/local/go/bin/go); OpenTofu $TOFU_VERSION needs Go >= 1.26.6." >&2
  exit 1
fi
export GOTOOLCHAIN=local   # use this machine's Go; never fetch another toolchain
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
STEP_START=$SECONDS
BUILD_START=$SECONDS

on_exit() {
  local rc=$?
  if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
    echo "engine: interrupted during step $STEP; nothing in .engine/ was replaced. Re-run 'npm run engine'." >&2
  elif [ "$rc" -ne 0 ]; then
    {
      echo
      echo "engine: error: step $STEP failed after $((SECONDS - STEP_START))s (exit $rc)."
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

step() { # N TITLE HINT [NOTE]
  STEP="[$1/4] $2"
  STEP_HINT=$3
  STEP_START=$SECONDS
  echo "$STEP${4:+ ($4)}..."
}
step_done() { echo "      done in $((SECONDS - STEP_START))s"; }
logged() { "$@" >>"$LOG" 2>&1; }

echo "engine: building into .engine/ with $GO_VERSION ($OS_ARCH); Go modules come from the Go module proxy (GOPROXY), nothing prebuilt is downloaded"

# [1/4] OpenTofu ---------------------------------------------------------------------------------------
step 1 "building OpenTofu $TOFU_VERSION from its Go module" \
  "check that the Go module proxy serves github.com/opentofu/opentofu@$TOFU_VERSION ('go mod download -json github.com/opentofu/opentofu@$TOFU_VERSION') and that Go is >= the 'go' line of its go.mod." \
  "takes a few minutes on 2 cores the first time"
TOFU_SRC="$STAGE/tofu-src"
mkdir -p "$TOFU_SRC" "$STAGE/bin"
( cd "$TOFU_SRC" && "$GO" mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION" ) >"$STAGE/tofu-module.json" 2>>"$LOG" \
  || { cat "$STAGE/tofu-module.json" >>"$LOG"; exit 1; }
TOFU_GOMOD=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' "$STAGE/tofu-module.json")
[ -f "$TOFU_GOMOD" ] || { echo "no GoMod in 'go mod download' output" >>"$LOG"; exit 1; }
TOFU_GO_LINE=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$TOFU_GOMOD" | head -n 1)
GOMOD_REPLACE=$(sed -n 's/^replace \(github.com\/hashicorp\/hcl\/v2 .*\)$/\1/p; s/^[[:space:]]\{1,\}\(github.com\/hashicorp\/hcl\/v2 .* => .*\)$/\1/p' "$TOFU_GOMOD" | head -n 1)
if [ "$GOMOD_REPLACE" != "$TOFU_HCL_REPLACE" ]; then
  echo "the hcl replace in opentofu $TOFU_VERSION's go.mod is '$GOMOD_REPLACE', the script pins '$TOFU_HCL_REPLACE'" >>"$LOG"
  STEP_HINT="update TOFU_HCL_REPLACE in scripts/engine.sh to the replace line of OpenTofu $TOFU_VERSION's go.mod."
  exit 1
fi
cat >"$TOFU_SRC/go.mod" <<EOF
module enginebuild/tofu

go ${TOFU_GO_LINE:-1.26}

require github.com/opentofu/opentofu $TOFU_VERSION

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
TOFU_SAYS=$(TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 "$STAGE/bin/tofu" version 2>>"$LOG" | head -n 1)
if [ "$TOFU_SAYS" != "OpenTofu $TOFU_VERSION" ]; then
  echo "'tofu version' printed '$TOFU_SAYS', expected 'OpenTofu $TOFU_VERSION'" >>"$LOG"
  exit 1
fi
step_done

# [2/4] providers --------------------------------------------------------------------------------------
step 2 "building STAND-INS for the null $NULL_VERSION and external $EXTERNAL_VERSION providers on terraform-plugin-framework $PLUGIN_FRAMEWORK_VERSION (the module proxy refuses HashiCorp's provider modules; see README, The engine)" \
  "check that the Go module proxy serves github.com/hashicorp/terraform-plugin-framework@$PLUGIN_FRAMEWORK_VERSION and its dependencies."
PROV_SRC="$STAGE/providers-src"
mkdir -p "$PROV_SRC/null" "$PROV_SRC/external"
cat >"$PROV_SRC/go.mod" <<EOF
module enginebuild/providers

go 1.24

require github.com/hashicorp/terraform-plugin-framework $PLUGIN_FRAMEWORK_VERSION
EOF
cat >"$PROV_SRC/null/main.go" <<'EOF'
// Stand-in for registry.terraform.io/hashicorp/null with the same schema: null_resource (triggers,
// replaced when they change; id) and the deprecated null_data_source. Built by scripts/engine.sh.
package main

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var version = "dev"

type nullProvider struct{}

func (p *nullProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "null"
	resp.Version = version
}

func (p *nullProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (p *nullProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *nullProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &nullResource{} }}
}

func (p *nullProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &nullDataSource{} }}
}

type nullResourceModel struct {
	ID       types.String `tfsdk:"id"`
	Triggers types.Map    `tfsdk:"triggers"`
}

type nullResource struct{}

func (r *nullResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_resource"
}

func (r *nullResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{
		Description: "Does nothing itself: its lifecycle (create, replace when triggers change, destroy) drives provisioners.",
		Attributes: map[string]rschema.Attribute{
			"triggers": rschema.MapAttribute{
				ElementType:   types.StringType,
				Optional:      true,
				Description:   "Arbitrary values whose change forces replacement.",
				PlanModifiers: []planmodifier.Map{mapplanmodifier.RequiresReplace()},
			},
			"id": rschema.StringAttribute{
				Computed:      true,
				Description:   "A random value set at create time.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *nullResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m nullResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.ID = types.StringValue(fmt.Sprintf("%d", rand.Int64()))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *nullResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *nullResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m nullResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *nullResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (r *nullResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

type nullDataSourceModel struct {
	ID                 types.String `tfsdk:"id"`
	Inputs             types.Map    `tfsdk:"inputs"`
	Outputs            types.Map    `tfsdk:"outputs"`
	Random             types.String `tfsdk:"random"`
	HasComputedDefault types.String `tfsdk:"has_computed_default"`
}

type nullDataSource struct{}

func (d *nullDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_source"
}

func (d *nullDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		DeprecationMessage: "The null_data_source was historically used to construct intermediate values; use locals instead.",
		Attributes: map[string]dschema.Attribute{
			"inputs":               dschema.MapAttribute{ElementType: types.StringType, Optional: true},
			"outputs":              dschema.MapAttribute{ElementType: types.StringType, Computed: true},
			"random":               dschema.StringAttribute{Computed: true},
			"has_computed_default": dschema.StringAttribute{Optional: true, Computed: true},
			"id":                   dschema.StringAttribute{Computed: true},
		},
	}
}

func (d *nullDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m nullDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.HasComputedDefault.IsNull() || m.HasComputedDefault.IsUnknown() {
		m.HasComputedDefault = types.StringValue("default")
	}
	if m.Inputs.IsNull() {
		m.Outputs = types.MapNull(types.StringType)
	} else {
		m.Outputs = m.Inputs
	}
	m.Random = types.StringValue(fmt.Sprintf("%d", rand.Int64()))
	m.ID = types.StringValue("static")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &nullProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/hashicorp/null", ProtocolVersion: 5})
	if err != nil {
		log.Fatal(err)
	}
}
EOF
cat >"$PROV_SRC/external/main.go" <<'EOF'
// Stand-in for registry.terraform.io/hashicorp/external with the same schema: data "external" runs
// `program` with `query` as a JSON object on stdin and reads a JSON object of strings from stdout into
// `result`. Built by scripts/engine.sh.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os/exec"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var version = "dev"

type externalProvider struct{}

func (p *externalProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "external"
	resp.Version = version
}

func (p *externalProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (p *externalProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *externalProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *externalProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return &externalDataSource{} }}
}

type externalModel struct {
	ID         types.String `tfsdk:"id"`
	Program    types.List   `tfsdk:"program"`
	Query      types.Map    `tfsdk:"query"`
	WorkingDir types.String `tfsdk:"working_dir"`
	Result     types.Map    `tfsdk:"result"`
}

type externalDataSource struct{}

func (d *externalDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName
}

func (d *externalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		Description: "Runs a program that reads a JSON object of strings (query) on stdin and prints one (result) on stdout.",
		Attributes: map[string]dschema.Attribute{
			"program":     dschema.ListAttribute{ElementType: types.StringType, Required: true},
			"working_dir": dschema.StringAttribute{Optional: true},
			"query":       dschema.MapAttribute{ElementType: types.StringType, Optional: true},
			"result":      dschema.MapAttribute{ElementType: types.StringType, Computed: true},
			"id":          dschema.StringAttribute{Computed: true},
		},
	}
}

func (d *externalDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m externalModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var program []types.String
	resp.Diagnostics.Append(m.Program.ElementsAs(ctx, &program, false)...)
	query := map[string]string{}
	if !m.Query.IsNull() {
		resp.Diagnostics.Append(m.Query.ElementsAs(ctx, &query, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	args := make([]string, 0, len(program))
	for _, a := range program {
		if a.IsNull() {
			resp.Diagnostics.AddError("External Program Missing", "program must not contain null elements")
			return
		}
		args = append(args, a.ValueString())
	}
	if len(args) == 0 || args[0] == "" {
		resp.Diagnostics.AddError("External Program Missing", "program must name at least the executable")
		return
	}
	exe, err := exec.LookPath(args[0])
	if err != nil {
		resp.Diagnostics.AddError("External Program Lookup Failed",
			fmt.Sprintf("The data source could not find the program.\n\nProgram: %s\nError: %s", args[0], err))
		return
	}
	stdin, _ := json.Marshal(query)
	cmd := exec.CommandContext(ctx, exe, args[1:]...)
	cmd.Dir = m.WorkingDir.ValueString()
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := err.Error()
		var ee *exec.ExitError
		if errors.As(err, &ee) && stderr.Len() > 0 {
			msg = strings.TrimSpace(stderr.String())
		}
		resp.Diagnostics.AddError("External Program Execution Failed",
			fmt.Sprintf("The data source received an error while executing the program.\n\nProgram: %s\nError Message: %s\nState: %s", exe, msg, err))
		return
	}
	result := map[string]string{}
	if err := json.Unmarshal(out, &result); err != nil {
		resp.Diagnostics.AddError("Unexpected External Program Results",
			fmt.Sprintf("Program output must be a JSON encoded map of string keys and string values.\n\nProgram: %s\nResult Error: %s", exe, err))
		return
	}
	rm, diags := types.MapValueFrom(ctx, types.StringType, result)
	resp.Diagnostics.Append(diags...)
	m.Result = rm
	m.ID = types.StringValue("-")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &externalProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/hashicorp/external", ProtocolVersion: 5})
	if err != nil {
		log.Fatal(err)
	}
}
EOF
( cd "$PROV_SRC" && logged "$GO" mod tidy )
for name in null external; do
  version=$NULL_VERSION
  [ "$name" = null ] || version=$EXTERNAL_VERSION
  ( cd "$PROV_SRC" && logged "$GO" build -trimpath -ldflags "-s -w -X main.version=$version" \
      -o "$STAGE/terraform-provider-${name}_v${version}_x5" "./$name" )
done
step_done

# [3/4] mirror, CLI config, env.sh ---------------------------------------------------------------------
step 3 "laying out the provider mirror ($OS_ARCH), tofurc and env.sh" "check free disk space and write access to .engine/."
write_tofurc() { # MIRROR_PATH FILE
  cat >"$2" <<EOF
# Generated by scripts/engine.sh. Providers come only from the filesystem mirror below: nothing is fetched.
disable_checkpoint = true

provider_installation {
  filesystem_mirror {
    path    = "$1"
    include = ["registry.opentofu.org/hashicorp/*", "registry.terraform.io/hashicorp/*"]
  }
}
EOF
}
for host in registry.opentofu.org registry.terraform.io; do
  for name in null external; do
    version=$NULL_VERSION
    [ "$name" = null ] || version=$EXTERNAL_VERSION
    dir="$STAGE/mirror/$host/hashicorp/$name/$version/$OS_ARCH"
    mkdir -p "$dir"
    ln "$STAGE/terraform-provider-${name}_v${version}_x5" "$dir/" 2>/dev/null \
      || cp "$STAGE/terraform-provider-${name}_v${version}_x5" "$dir/"
  done
done
write_tofurc "$MIRROR" "$STAGE/tofurc"
cat >"$STAGE/env.sh" <<EOF
# Generated by scripts/engine.sh: \`. .engine/env.sh\` makes cdktf-cli run the local engine, offline.
case ":\$PATH:" in
  "$BIN:"*) ;;
  *) export PATH="$BIN:\$PATH" ;;
esac
export TERRAFORM_BINARY_NAME=tofu                 # cdktf-cli runs \$TERRAFORM_BINARY_NAME (default: terraform)
export TF_CLI_CONFIG_FILE="$TOFURC"  # providers from .engine/mirror only
export CHECKPOINT_DISABLE=1                       # no checkpoint/telemetry calls (tofu and cdktf-cli)
export CDKTF_DISABLE_PLUGIN_CACHE_ENV=1           # cdktf-cli would otherwise set TF_PLUGIN_CACHE_DIR=~/.terraform.d/plugin-cache
export DISABLE_VERSION_CHECK=true                 # no npm look-up for newer cdktf versions
EOF
step_done

# [4/4] check ------------------------------------------------------------------------------------------
step 4 "checking the engine: tofu init against the mirror" "see the log above: OpenTofu could not load the providers from the mirror."
CHECK="$STAGE/check"
mkdir -p "$CHECK"
write_tofurc "$STAGE/mirror" "$STAGE/check.tofurc"
cat >"$CHECK/main.tf" <<EOF
terraform {
  required_providers {
    null     = { source = "hashicorp/null", version = "$NULL_VERSION" }
    external = { source = "hashicorp/external", version = "$EXTERNAL_VERSION" }
  }
}
EOF
( cd "$CHECK" && TF_CLI_CONFIG_FILE="$STAGE/check.tofurc" CHECKPOINT_DISABLE=1 TF_PLUGIN_CACHE_DIR= \
    logged "$STAGE/bin/tofu" init -input=false -no-color )
( cd "$CHECK" && TF_CLI_CONFIG_FILE="$STAGE/check.tofurc" CHECKPOINT_DISABLE=1 \
    "$STAGE/bin/tofu" providers schema -json >"$STAGE/schema.json" 2>>"$LOG" )
for want in '"null_resource"' '"null_data_source"' '"external"'; do
  grep -q "$want" "$STAGE/schema.json" || { echo "provider schema lacks $want" >>"$LOG"; exit 1; }
done
step_done

# ---- install: swap into place, manifest last ------------------------------------------------------------
STEP="installing into .engine/"
STEP_HINT="check write access to .engine/."
BUILD_SECONDS=$((SECONDS - BUILD_START))
cat >"$STAGE/engine.json" <<EOF
{
  "tofuVersion": "$TOFU_PLAIN",
  "nullVersion": "$NULL_VERSION",
  "externalVersion": "$EXTERNAL_VERSION",
  "goVersion": "$GO_VERSION",
  "builtAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "buildSeconds": $BUILD_SECONDS,
  "osArch": "$OS_ARCH",
  "providerSource": "$PROVIDER_SOURCE",
  "pluginFrameworkVersion": "$PLUGIN_FRAMEWORK_VERSION",
  "hclReplace": "$TOFU_HCL_REPLACE",
  "recipe": "$RECIPE",
  "root": "$ENGINE"
}
EOF
rm -f "$MANIFEST"   # from here until the last mv, .engine/ does not look complete
rm -rf "$BIN" "$MIRROR" "$TOFURC" "$ENV_SH" "$ENGINE/last-build.log"
mv "$STAGE/bin" "$BIN"
mv "$STAGE/mirror" "$MIRROR"
mv "$STAGE/tofurc" "$TOFURC"
mv "$STAGE/env.sh" "$ENV_SH"
mv "$STAGE/engine.json" "$MANIFEST"
echo "engine: OpenTofu $TOFU_VERSION and stand-in providers null $NULL_VERSION, external $EXTERNAL_VERSION built into .engine/ in ${BUILD_SECONDS}s; use it with: . .engine/env.sh"
