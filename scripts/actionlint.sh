#!/usr/bin/env bash
# npm run actionlint:build: build actionlint (the GitHub Actions workflow linter) from its Go module into
# .tools/bin/actionlint (git-ignored), for test/examples/workflow.test.ts, which checks the workflow that
# users copy (examples/promotion/ci/github-actions.yml). Nothing prebuilt is downloaded: only Go modules,
# through the Go module proxy. Reused as it is when .tools/bin/actionlint already says it is $VERSION.
set -euo pipefail

# Newest release the Go module proxy serves. Bump it here; the next run rebuilds.
VERSION=v1.7.12
MODULE=github.com/rhysd/actionlint/cmd/actionlint

ROOT=$(cd "$(dirname "$0")/.." && pwd -P)
BIN="$ROOT/.tools/bin"
EXE="$BIN/actionlint"

# The version is the first line of `-version`; the whole output is read first, since with pipefail a
# `| head -n 1` can fail with SIGPIPE when head exits before actionlint has written everything.
version_of() {
  local out
  out=$("$1" -version) || return 1
  printf '%s\n' "${out%%$'\n'*}"
}
if [ -x "$EXE" ] && [ "$(version_of "$EXE" 2>/dev/null)" = "$VERSION" ]; then
  echo "actionlint: $VERSION already in .tools/bin/ (reused)"
  exit 0
fi

GO=$(command -v go || true)
[ -n "$GO" ] || { [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go; }
if [ -z "$GO" ]; then
  echo "actionlint: error: no Go toolchain found (go on PATH or /usr/local/go/bin/go); actionlint $VERSION needs Go >= 1.25." >&2
  exit 1
fi

mkdir -p "$BIN"
# Built into a stage folder and renamed into place only once it runs and reports $VERSION, so an
# interrupted or failed build never leaves a half-written .tools/bin/actionlint behind.
STAGE=$(mktemp -d "$ROOT/.tools/.stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
LOG="$STAGE/build.log"

START=$SECONDS
echo "actionlint: building $VERSION into .tools/bin/ with $("$GO" env GOVERSION) from its Go module (GOPROXY)..."
if ! GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$STAGE" GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
    "$GO" install -trimpath -ldflags "-s -w" "$MODULE@$VERSION" >"$LOG" 2>&1 \
  || [ "$(version_of "$STAGE/actionlint" 2>>"$LOG")" != "$VERSION" ]; then
  {
    echo "actionlint: error: building $MODULE@$VERSION failed after $((SECONDS - START))s; last lines of the log:"
    tail -n 25 "$LOG" | sed 's/^/    /'
    echo "actionlint: what to do: check that the Go module proxy serves it ('go mod download -json github.com/rhysd/actionlint@$VERSION')"
    echo "            and that Go is >= the 'go' line of its go.mod, then re-run 'npm run actionlint:build'. Nothing in .tools/bin/ was replaced."
  } >&2
  exit 1
fi
mv -f "$STAGE/actionlint" "$EXE"
echo "actionlint: $VERSION built into .tools/bin/ in $((SECONDS - START))s"
