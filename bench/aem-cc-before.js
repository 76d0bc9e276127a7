#!/usr/bin/env node
'use strict';
// bin/aem-cc.js as it was before its start-up changes (the `--version` fast path and Liftoff-only
// WebAssembly): every argument list loads the compiled CLI, and the exit waits for V8's background
// optimizing compile of undici's wasm HTTP parser. The benchmark runs it beside bin/aem-cc.js to show
// what those changes save. Not shipped (bench/ is not in package.json "files").
require('../dist/src/cli/index')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
