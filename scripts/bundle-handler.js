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
const result = esbuild.buildSync({
  entryPoints: [path.join(root, 'src', 'cli', 'index.ts')],
  outfile,
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
});

// Every third-party package in the bundle, with its licence text, as their licences require.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
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
  `dist/aem-cc.js bundles these packages; their licences follow.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`,
);
const kb = (fs.statSync(outfile).size / 1024).toFixed(0);
console.log(`bundle: dist/aem-cc.js (${kb} KB, ${packages.size} packages: ${[...packages.keys()].join(', ')})`);
