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
  // WebAssembly stays on V8's baseline compiler: no wait at exit for an optimizing compile (why and
  // on which Node lines: bin/wasm-tiering.js).
  require('./wasm-tiering.js').keepWasmOnLiftoff();
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
