#!/usr/bin/env node
// npm run test:node24 (and test:node22): run jest on another Node line from tools/ (`npm run tools`),
// with that line first on PATH, so that every process the tests start (the handler, through
// process.execPath or `node`) runs on it too. Usage: node scripts/test-on-node.js <22|24> [jest args...]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [line, ...jestArgs] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');
const binDir = path.join(root, 'tools', 'node_modules', `node${line}`, 'bin');
const node = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
if (!/^\d+$/.test(line ?? '') || !fs.existsSync(node)) {
  console.error(`test-on-node: no Node ${line} in tools/ (${node}); give 22 or 24, and run "npm run tools" first (npm test does it).`);
  process.exit(2);
}
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`test-on-node: jest ${jestArgs.join(' ')} on Node ${version}`);
const r = spawnSync(node, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...jestArgs], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PATH: [binDir, process.env.PATH].join(path.delimiter) },
});
process.exit(r.status ?? 1);
