#!/usr/bin/env node
'use strict';
// The handler's entry point: the bundled handler in dist/aem-cc.js (npm run build), nothing heavy loaded
// before the command is known.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Fast path for exactly `--version` / `-V`: the same answer the full CLI gives (the package.json
  // version and a newline on stdout, exit 0), without loading the handler, so that `aem-cc --version`
  // starts about as fast as bare `node`. Every other argument list, including `--version` next to
  // anything else, goes through the full CLI below.
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // undici parses HTTP with a WebAssembly build of llhttp. By default V8 compiles hot wasm functions
  // again with its optimizing compiler on a background thread, and Node waits for that compile before
  // the process may exit: 60-150 ms after the command has finished, on every run (measured by
  // `npm run bench`, docs/benchmarks.md). A command parses a handful of small answers, so the baseline
  // compiler (Liftoff) is plenty. Set only on V8 versions known to have the flag: V8 prints an unknown
  // flag's error on stdout, which would corrupt the `read` command's JSON answer.
  const v8Major = Number(process.versions.v8.split('.')[0]);
  if (v8Major >= 9 && v8Major <= 13) require('node:v8').setFlagsFromString('--liftoff-only');
  // V8's compile cache (Node >= 22.1; absent on Node 20, where this does nothing): the engine starts the
  // handler once per binding and plan, and every start after the first reuses the compiled bundle from
  // the cache directory (os.tmpdir()/node-compile-cache, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1
  // turns it off). It holds compiled code of this package only, never an input or a secret.
  require('node:module').enableCompileCache?.();
  require('../dist/aem-cc.js')
    .main(argv)
    .then((code) => {
      process.exitCode = code;
    });
}
