/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  // Integration and e2e tests spawn real processes; give them room, but keep every test bounded.
  testTimeout: 60_000,
  // Two cores: run test files two at a time so the engine tests do not starve each other.
  maxWorkers: 2,
};
