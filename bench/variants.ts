/**
 * The handler with one start-up step taken away at a time, beside the handler as built: what each step
 * saves is the time of the variant without it minus the time of the handler with everything (an
 * ablation, measured in the same interleaved runs). Each variant is built from the current sources with
 * the same esbuild options as `npm run build` (scripts/bundle-handler.js), but for its one difference.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PKG, ROOT } from './lib';

/** How a variant runs: a bin script (what `node <bin> read` starts), extra arguments, extra environment. */
export interface Variant {
  name: string;
  /** What the variant lacks, for the report. */
  without: string;
  bin: string;
  args?: string[];
  env?: Record<string, string>;
  /** Only meaningful on Node lines that have the feature (the compile cache: Node >= 22.1). */
  onlyWith?: 'compileCache';
}

const { buildHandler } = require('../scripts/bundle-handler.js') as {
  buildHandler(o: {
    outfile: string;
    emulatorApart?: boolean;
    withoutHttp2?: boolean;
    alias?: Record<string, string>;
    banner?: string;
    plugins?: unknown[];
  }): Promise<unknown>;
};

/** A bin like bin/aem-cc.js (wasm kept on Liftoff, the compile cache where Node has it) for another handler file. */
function binFor(handler: string, opts: { liftoff?: boolean; compileCache?: boolean } = {}): string {
  const { liftoff = true, compileCache = true } = opts;
  return [
    `'use strict';`,
    liftoff ? `require(${JSON.stringify(path.join(PKG, 'bin', 'wasm-tiering.js'))}).keepWasmOnLiftoff();` : '',
    compileCache ? `require('node:module').enableCompileCache?.();` : '',
    `require(${JSON.stringify(handler)}).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });`,
  ].join('\n');
}

/** Where src/undici.ts's exports come from undici's index, as before the handler loaded its own modules. */
const UNDICI_INDEX_SHIM = `
const undici = require('undici');
exports.Agent = undici.Agent;
exports.EnvHttpProxyAgent = undici.EnvHttpProxyAgent;
exports.request = (dispatcher, url, opts) => undici.request(url, { ...opts, dispatcher });
`;

/**
 * Builds every variant under the package snapshot (bench/tmp/pkg/variants/) and returns them, the handler
 * as built first. The snapshot's dist/ holds the built handler and the tsc output.
 */
export async function buildVariants(): Promise<Variant[]> {
  const dir = path.join(PKG, 'variants');
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const bundled = async (name: string, options: Omit<Parameters<typeof buildHandler>[0], 'outfile'>) => {
    const outfile = path.join(dir, `${name}.js`);
    await buildHandler({ outfile, ...options });
    return write(`${name}-bin.js`, binFor(outfile));
  };
  // The shim must resolve 'undici' from the repository's node_modules: it lives in bench/tmp.
  const shim = path.join(ROOT, 'bench', 'tmp', 'undici-index-shim.js');
  fs.writeFileSync(shim, UNDICI_INDEX_SHIM);
  const undiciIndex = {
    name: 'undici-index',
    setup(build: { onResolve(o: { filter: RegExp }, f: (a: { importer: string }) => unknown): void }) {
      build.onResolve({ filter: /^\.\/undici$/ }, (a) => (a.importer.includes(`${path.sep}src${path.sep}`) ? { path: shim } : undefined));
    },
  };
  const finalBin = path.join(PKG, 'bin', 'aem-cc.js');
  return [
    { name: 'final', without: '(nothing: the handler as built)', bin: finalBin },
    { name: 'commander', without: 'the engine-call fast path (`read --`: commander parses the command line)', bin: finalBin, args: ['--'] },
    { name: 'undici-index', without: "undici's own modules (its index instead)", bin: await bundled('undici-index', { plugins: [undiciIndex] }) },
    { name: 'zod-classic', without: 'zod/mini (the whole of zod instead)', bin: await bundled('zod-classic', { alias: { 'zod/mini': 'zod' } }) },
    { name: 'emulator-in', without: 'the emulator bundled apart', bin: await bundled('emulator-in', { emulatorApart: false }) },
    { name: 'http2', without: "undici's http2 fallback (node:http2 loaded)", bin: await bundled('http2', { withoutHttp2: false }) },
    { name: 'crypto', without: 'the lazy node:crypto (loaded at start)', bin: await bundled('crypto', { banner: `require('node:crypto');` }) },
    {
      name: 'unbundled',
      without: 'the bundle (the tsc output, one file per module, from node_modules)',
      bin: write('unbundled-bin.js', binFor(path.join(PKG, 'dist', 'src', 'cli', 'index.js'))),
    },
    {
      name: 'liftoff',
      without: 'wasm kept on Liftoff (bin/wasm-tiering.js)',
      bin: write('liftoff-bin.js', binFor(path.join(PKG, 'dist', 'aem-cc.js'), { liftoff: false })),
    },
    {
      name: 'compile-cache',
      without: "V8's compile cache",
      bin: finalBin,
      env: { NODE_DISABLE_COMPILE_CACHE: '1' },
      onlyWith: 'compileCache',
    },
  ];
}
