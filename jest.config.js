/**
 * One project per kind of test, so that each can run alone:
 * - unit: in-process, no build and no engine (npm run test:unit, seconds); the construct suite runs
 *   twice, on cdktf (unit) and on CDK Terrain (unit-cdktn);
 * - integration: the built CLI and entries (dist/) against the emulator (npm run test:integration);
 * - e2e: the real cdktf and cdktn CLIs and engines from .engine/, and the tools that run them
 *   (npm run test:e2e; reliability and the workflow lint included).
 * `npm test` runs them all after its pretest has built the TypeScript, the engines and the tools.
 * @type {import('jest').Config}
 */
const fs = require('node:fs');
const path = require('node:path');

const PROJECTS = [
  { name: 'unit', dirs: ['test/unit', 'test/construct', 'test/emulator'], globals: { CDK_CORE: 'cdktf' } },
  // The construct suite once more on CDK Terrain: the construct sources' one seam (./core, and
  // ../../constructs/core where a test names the provider classes) becomes the cdktn flavour and the
  // tests' own `cdktf` imports become `cdktn`, so the same tests run on both cores.
  {
    name: 'unit-cdktn',
    dirs: ['test/construct'],
    globals: { CDK_CORE: 'cdktn' },
    moduleNameMapper: { '^(\\.|\\.\\./\\.\\./constructs)/core$': '<rootDir>/constructs/core.cdktn.ts', '^cdktf$': 'cdktn' },
  },
  { name: 'integration', dirs: ['test/integration', 'test/entries'] },
  { name: 'e2e', dirs: ['test/e2e', 'test/reliability', 'test/examples'] },
];

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
const roots = PROJECTS.flatMap((p) => p.dirs);
const orphans = testFiles('test').filter((f) => !roots.some((r) => f.startsWith(`${r}/`)));
if (orphans.length) {
  throw new Error(`jest.config.js: not in any project (${PROJECTS.map((p) => p.name).join(', ')}): ${orphans.join(', ')}; add each folder to one.`);
}

const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };

module.exports = {
  projects: PROJECTS.map(({ name, dirs, ...rest }) => ({
    displayName: name,
    testEnvironment: 'node',
    roots: dirs.map((d) => `<rootDir>/${d}`),
    testMatch: ['**/*.test.ts'],
    transform,
    ...rest,
  })),
  // Integration and e2e tests spawn real processes; give them room, but keep every test bounded.
  testTimeout: 60_000,
  // Two cores: run test files two at a time so the engine tests do not starve each other.
  maxWorkers: 2,
};
