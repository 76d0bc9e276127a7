/**
 * StrykerJS, second pass (`npm run mutation` runs it after stryker.config.js): the mutants the unit tests
 * left alive, against the integration suites. Those run the built CLI in child processes, which per-test
 * coverage cannot see, so coverage analysis is off and every mutant runs the suites below whole (jest
 * stops at the first failure); scripts/mutation.js passes the survivors' locations as --mutate.
 * The sandbox bundles dist/aem-cc.js from the instrumented sources (buildCommand), and test/helpers/cli.ts passes
 * Stryker's active-mutant variable to the CLI it starts, so the child runs the mutant under test.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const base = require('./stryker.config.js');

module.exports = {
  ...base,
  jest: { ...base.jest, configFile: 'stryker.jest.integration.config.js' },
  coverageAnalysis: 'off',
  // Stryker allows ignoreStatic only with per-test coverage; the survivors of pass 1 are not static anyway.
  ignoreStatic: false,
  incremental: false,
  // The suites run the bundled CLI (dist/aem-cc.js): esbuild bundles the mutated TypeScript as it is. One
  // command, no shell (Stryker runs it without one), and node_modules is not linked into the sandbox yet:
  // the script finds esbuild and the bundled libraries in the project's node_modules, above the sandbox.
  buildCommand: 'node scripts/bundle-handler.js',
  reporters: ['progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/integration.json' },
  // A whole suite per mutant: give each run room beyond the unit runs' timing.
  timeoutMS: 120_000,
  dryRunTimeoutMinutes: 10,
};
