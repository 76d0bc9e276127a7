'use strict';
// undici parses HTTP with a WebAssembly build of llhttp. By default V8 compiles hot wasm functions again
// with its optimizing compiler (TurboFan) on a background thread, and Node waits for that compile before
// the process may exit: 60-150 ms after the command has finished, on every run (measured by
// `npm run bench`, docs/benchmarks.md). A command parses a handful of small answers, so V8's baseline
// compiler (Liftoff) is plenty.

/**
 * The V8 flags that keep wasm on Liftoff. Three, not one: on the command line `--liftoff-only` implies
 * the other two, but V8 resolves implications once, at start, and these flags are set later, at run time;
 * V8 13 (Node 24) reads `wasm_dynamic_tiering` itself, and with `--liftoff-only` alone still tiers up.
 */
exports.WASM_FLAGS = ['--liftoff-only', '--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];

/**
 * Keeps WebAssembly on Liftoff for the rest of this process (node:v8 setFlagsFromString with WASM_FLAGS).
 * Only on V8 11-13 (Node 20, 22 and 24), where the three flags are known to exist: V8 prints an unknown
 * flag's error on stdout, which would corrupt the `read` command's JSON answer.
 *
 * @returns {boolean} true if the flags were set; false on other V8 versions, where nothing changes
 */
exports.keepWasmOnLiftoff = function keepWasmOnLiftoff() {
  const v8Major = Number(process.versions.v8.split('.')[0]);
  if (v8Major < 11 || v8Major > 13) return false;
  const v8 = require('node:v8');
  for (const flag of exports.WASM_FLAGS) v8.setFlagsFromString(flag);
  return true;
};
