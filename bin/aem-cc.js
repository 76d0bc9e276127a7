#!/usr/bin/env node
'use strict';
// The handler's entry point: compiled code in dist/, nothing heavy loaded before the command is known.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Fast path for exactly `--version` / `-V`: the same answer the full CLI gives (the package.json
  // version and a newline on stdout, exit 0), without loading commander and the compiled CLI, so that
  // `aem-cc --version` starts about as fast as bare `node`. Every other argument list, including
  // `--version` next to anything else, goes through the full CLI below.
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
  require('../dist/src/cli/index')
    .main(argv)
    .then((code) => {
      process.exitCode = code;
    });
}
