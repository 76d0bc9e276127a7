#!/usr/bin/env node
// npm run build, last step: the handler as one file, dist/aem-cc.js, which bin/aem-cc.js runs. The engine
// starts the handler once per binding and plan, so its start-up is paid many times per deploy: one file
// means no module resolution and one read from disk, and esbuild drops what nothing imports (zod/mini is
// built for that). Modules a command loads with `await import()` stay lazy: esbuild wraps each bundled
// module in an initializer that runs on first use. The licences of the bundled packages ship beside it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outfile = path.join(root, 'dist', 'aem-cc.js');
const emulatorFile = path.join(root, 'dist', 'aem-cc-emulator.js');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Whitespace and syntax only: names stay, so stack traces and error names read as in the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};
// undici's HTTP/2 client loads node:http2 when undici loads (Node then compiles its http2 module: 40 ms of
// a 225 ms read on Node 24, measured with --cpu-prof), but only ever uses it for a connection that
// negotiates h2, which needs undici's \`allowH2\`, off by default and never set here: every request is
// HTTP/1.1. undici itself falls back to \`{ constants: {} }\` where node:http2 is missing; the bundle gives it
// that fallback. The tests run every request through the bundle.
const withoutHttp2 = {
  name: 'without-http2',
  setup(build) {
    build.onResolve({ filter: /^(node:)?http2$/ }, () => ({ path: 'http2', namespace: 'unused-http2' }));
    build.onLoad({ filter: /.*/, namespace: 'unused-http2' }, () => ({ contents: 'module.exports = { constants: {} };', loader: 'js' }));
  },
};
// The emulator (tests and demos only, with its fixture checks on the whole of zod) is a bundle of its own,
// which the handler's `aem-cc emulator` command requires from beside it: the engine's calls never parse it.
const emulatorApart = {
  name: 'emulator-apart',
  setup(build) {
    build.onResolve({ filter: /\/emulator\/command$/ }, () => ({ path: './aem-cc-emulator.js', external: true }));
  },
};

/**
 * Builds the handler's bundle to `options.outfile`. The options turn the start-up steps off one at a time,
 * for the benchmark's "what each step saves" (bench/variants.ts): `emulatorApart` and `withoutHttp2`
 * (default true), `plugins` (more esbuild plugins, e.g. to swap a module), `alias`, `banner`.
 * @returns esbuild's result, with its metafile
 */
function buildHandler(options = {}) {
  const { emulatorApart: apart = true, withoutHttp2: noHttp2 = true, plugins = [], alias, banner, outfile: out = outfile } = options;
  return esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src', 'cli', 'index.ts')],
    outfile: out,
    plugins: [...(apart ? [emulatorApart] : []), ...(noHttp2 ? [withoutHttp2] : []), ...plugins],
    ...(alias ? { alias } : {}),
    ...(banner ? { banner: { js: banner } } : {}),
  });
}

async function main() {
  const [result, emulator] = await Promise.all([
    buildHandler(),
    esbuild.build({ ...common, entryPoints: [path.join(root, 'src', 'emulator', 'command.ts')], outfile: emulatorFile }),
  ]);
  writeLicences([result, emulator]);
  const kb = (file) => `${(fs.statSync(file).size / 1024).toFixed(0)} KB`;
  console.log(`bundle: dist/aem-cc.js (${kb(outfile)}), dist/aem-cc-emulator.js (${kb(emulatorFile)})`);
}

/** Every third-party package in the bundles, with its licence text, as their licences require. */
function writeLicences(results) {
  const packages = new Map();
  for (const input of results.flatMap((r) => Object.keys(r.metafile.inputs))) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m) continue;
    const dir = path.join(root, input.slice(0, m.index + m[0].length));
    if (!packages.has(m[1])) packages.set(m[1], dir);
  }
  const sections = [...packages]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, dir]) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
      const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `(no licence file; package.json says: ${pkg.license})`;
      return `${name}@${pkg.version} (${pkg.license})\n\n${text}\n`;
    });
  fs.writeFileSync(
    `${outfile}.LICENSES.txt`,
    `dist/aem-cc.js and dist/aem-cc-emulator.js bundle these packages; their licences follow.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`,
  );
}

module.exports = { buildHandler };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
