/**
 * Three projects, one per kind of test, so that each can run alone:
 * - unit: in-process, no build and no engine (npm run test:unit, seconds);
 * - integration: the built CLI (dist/) as a child process against the emulator (npm run test:integration);
 * - e2e: the real cdktf CLI and engine from .engine/ (npm run test:e2e; reliability included, it deploys too).
 * `npm test` runs all three after its pretest has built the TypeScript and the engine.
 * @type {import('jest').Config}
 */
const fs = require('node:fs');
const path = require('node:path');

const PROJECTS = {
  unit: ['test/unit', 'test/construct', 'test/emulator'],
  integration: ['test/integration'],
  e2e: ['test/e2e', 'test/reliability'],
};

/** Every test file under `dir`, relative to this folder. */
function testFiles(dir) {
  return fs.readdirSync(path.join(__dirname, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return testFiles(rel);
    return e.name.endsWith('.test.ts') ? [rel] : [];
  });
}

// A test file outside every project would be skipped by every script, npm test included, without a
// word: refuse to run instead.
const roots = Object.values(PROJECTS).flat();
const orphans = testFiles('test').filter((f) => !roots.some((r) => f.startsWith(`${r}/`)));
if (orphans.length) {
  throw new Error(`jest.config.js: not in any project (${Object.keys(PROJECTS).join(', ')}): ${orphans.join(', ')}; add each folder to one.`);
}

const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
  projects: Object.entries(PROJECTS).map(([displayName, dirs]) => ({
    displayName,
    testEnvironment: 'node',
    roots: dirs.map((d) => `<rootDir>/${d}`),
    testMatch: ['**/*.test.ts'],
    transform,
  })),
  // Integration and e2e tests spawn real processes; give them room, but keep every test bounded.
  testTimeout: 60_000,
  // Two cores: run test files two at a time so the engine tests do not starve each other.
  maxWorkers: 2,
};
