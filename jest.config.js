/** @type {import('jest').Config} */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
};

module.exports = {
  projects: [
    { ...base, displayName: 'cdktf', globals: { CDK_CORE: 'cdktf' } },
    // The construct suite once more on CDK Terrain: the construct sources' one seam (./core) becomes the
    // cdktn flavour and the tests' own `cdktf` imports become `cdktn`, so the same tests run on both cores.
    {
      ...base,
      displayName: 'cdktn',
      globals: { CDK_CORE: 'cdktn' },
      testMatch: ['<rootDir>/test/construct/**/*.test.ts'],
      moduleNameMapper: { '^\\./core$': '<rootDir>/constructs/core.cdktn.ts', '^cdktf$': 'cdktn' },
    },
  ],
  // Integration and e2e tests spawn real processes; give them room, but keep every test bounded.
  testTimeout: 60_000,
  // Two cores: run test files two at a time so the engine tests do not starve each other.
  maxWorkers: 2,
};
