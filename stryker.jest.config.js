/**
 * The jest configuration StrykerJS runs (stryker.config.js): jest.config.js's `unit` project, flattened
 * into one project, since the jest runner's per-test coverage hooks only the top-level environment.
 * The construct suite on CDK Terrain (unit-cdktn) runs the same tests once more, and e2e needs the
 * engines: neither is here. See docs/quality.md for why the integration suites are not here either.
 * @type {import('jest').Config}
 */
const base = require('./jest.config.js');

const PROJECTS = ['unit'];

const chosen = base.projects.filter((p) => PROJECTS.includes(p.displayName));
if (chosen.length !== PROJECTS.length) throw new Error(`stryker.jest.config.js: jest.config.js has no project ${PROJECTS.join(' or ')}`);
const [first] = chosen;

module.exports = {
  testEnvironment: first.testEnvironment,
  // test/unit only: the construct and emulator suites of the unit project load cdktf or start servers
  // (15 s a file), and a mutant's run pays for every file it touches.
  roots: ['<rootDir>/test/unit'],
  testMatch: first.testMatch,
  transform: first.transform,
  globals: Object.assign({}, ...chosen.map((p) => p.globals ?? {})),
  testTimeout: base.testTimeout,
};
