/**
 * The jest configuration of StrykerJS's second pass (stryker.integration.config.js): the integration
 * suites that drive the lifecycle and the input checks through the built CLI, end to end against the
 * emulator. Each surviving mutant runs these whole, in one process, so the list is short on purpose
 * (about 30 s a mutant on two cores); the suites about transport and process (proxies and TLS, retries,
 * token renewal, locks, redaction, wasm tiering) are left to the unit pass and to `npm test`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

const integration = base.projects.find((p) => p.displayName === 'integration');
if (!integration) throw new Error('stryker.jest.integration.config.js: jest.config.js has no project integration');

const SUITES = ['lifecycle', 'bad-inputs', 'read-stack', 'errors', 'lookalike-names', 'read-ways-out'];

module.exports = {
  testEnvironment: integration.testEnvironment,
  roots: ['<rootDir>/test/integration'],
  testMatch: SUITES.map((s) => `**/test/integration/${s}.test.ts`),
  transform: integration.transform,
  testTimeout: base.testTimeout,
};
