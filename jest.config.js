/**
 * Three projects, one per kind of test, so that each can run alone:
 * - unit: in-process, no build and no engine (npm run test:unit, seconds);
 * - integration: the built CLI (dist/) as a child process against the emulator (npm run test:integration);
 * - e2e: the real cdktf CLI and engine from .engine/ (npm run test:e2e; reliability included, it deploys too).
 * `npm test` runs all three after its pretest has built the TypeScript and the engine.
 * @type {import('jest').Config}
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] };
const project = (displayName, roots) => ({
  displayName,
  testEnvironment: 'node',
  roots: roots.map((r) => `<rootDir>/${r}`),
  testMatch: ['**/*.test.ts'],
  transform,
});

module.exports = {
  projects: [
    project('unit', ['test/unit', 'test/construct', 'test/emulator']),
    project('integration', ['test/integration']),
    project('e2e', ['test/e2e', 'test/reliability']),
  ],
  // Integration and e2e tests spawn real processes; give them room, but keep every test bounded.
  testTimeout: 60_000,
  // Two cores: run test files two at a time so the engine tests do not starve each other.
  maxWorkers: 2,
};
