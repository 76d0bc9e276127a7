#!/usr/bin/env node
// npm run mutation: StrykerJS on the handler's core, in two passes (docs/quality.md):
//   1. stryker.config.js: every mutant against the unit tests, per-test coverage (fast, incremental);
//   2. stryker.integration.config.js: the mutants pass 1 left alive, against the integration suites,
//      which run the built CLI (coverage analysis cannot follow a child process, so each runs whole).
// Then it prints the score per module (killed or timed out, over all) of the two passes together, and
// writes it to reports/mutation/summary.json.
// StrykerJS 10 needs Node >= 22 and the project's floor is Node 20, so Stryker runs on Node 22 from
// tools/ (`npm run tools`, run first by the npm script), first on PATH so that its jest workers do too.
// Options: --unit-only (pass 1 alone); --integration-only (pass 2 alone, on the survivors in the last
// pass 1 report); --integration-for <paths> (pass 2 only for survivors under these comma-separated path
// prefixes, e.g. src/lifecycle/,src/inputs.ts: each survivor runs the integration suites whole, so a
// pass 2 over every module takes hours on two cores); --mutate <glob or file:line-line> (narrow pass 1).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const root = path.resolve(__dirname, '..');
const reports = path.join(root, 'reports', 'mutation');
const { values: opts } = parseArgs({
  options: {
    'unit-only': { type: 'boolean', default: false },
    'integration-only': { type: 'boolean', default: false },
    'integration-for': { type: 'string' },
    mutate: { type: 'string' },
  },
});
if (opts['unit-only'] && opts['integration-only']) {
  console.error('mutation: --unit-only and --integration-only exclude each other; give one.');
  process.exit(2);
}

const binDir = path.join(root, 'tools', 'node_modules', 'node22', 'bin');
const node = path.join(binDir, process.platform === 'win32' ? 'node.exe' : 'node');
if (!fs.existsSync(node)) {
  console.error(`mutation: no Node 22 in tools/ (${node}); run "npm run tools" first.`);
  process.exit(2);
}
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');

/** Runs `stryker run <config> ...args` on Node 22; exits with Stryker's code if it fails. */
function strykerRun(config, args) {
  const started = Date.now();
  console.log(`mutation: stryker run ${config} ${args.join(' ')}`.trim());
  const r = spawnSync(node, [stryker, 'run', config, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: [binDir, process.env.PATH].join(path.delimiter) },
  });
  console.log(`mutation: ${config} done in ${Math.round((Date.now() - started) / 1000)} s`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The mutants of a Stryker JSON report (mutation-testing-report-schema), with their file. */
function mutants(reportFile) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  return Object.entries(report.files).flatMap(([file, f]) => f.mutants.map((m) => ({ ...m, file: path.relative(root, path.resolve(root, file)) })));
}

const ALIVE = new Set(['Survived', 'NoCoverage']);
const DETECTED = new Set(['Killed', 'Timeout']);
/** The same mutant in another run: same file, place, mutator and replacement (ids differ between runs). */
const key = (m) =>
  [m.file, m.location.start.line, m.location.start.column, m.location.end.line, m.location.end.column, m.mutatorName, m.replacement].join('|');

const mutateArgs = opts.mutate ? ['--mutate', opts.mutate] : [];
if (!opts['integration-only']) strykerRun('stryker.config.js', mutateArgs);
const unit = mutants(path.join(reports, 'mutation.json'));
const prefixes = opts['integration-for']?.split(',').filter(Boolean);
const inScope = (m) => !prefixes || prefixes.some((p) => m.file.startsWith(p));
const alive = unit.filter((m) => ALIVE.has(m.status) && inScope(m));

let integration = [];
if (!opts['unit-only'] && alive.length) {
  // The report's columns are 1-based, a --mutate range's 0-based: each range is exactly the mutant's node.
  const ranges = alive.map(
    (m) => `${m.file}:${m.location.start.line}:${m.location.start.column - 1}-${m.location.end.line}:${m.location.end.column - 1}`,
  );
  strykerRun('stryker.integration.config.js', ['--mutate', [...new Set(ranges)].join(',')]);
  integration = mutants(path.join(reports, 'integration.json'));
}
const killedLater = new Set(integration.filter((m) => DETECTED.has(m.status)).map(key));

/** Module: a folder under src/ (src/lifecycle) or a file (src/http.ts). */
const moduleOf = (file) => {
  const parts = file.split(/[\\/]/);
  return parts.length > 2 ? parts.slice(0, 2).join('/') : file;
};
const modules = {};
const survivors = [];
for (const m of unit) {
  if (m.status === 'Ignored' || m.status === 'CompileError' || m.status === 'RuntimeError') continue;
  const s = (modules[moduleOf(m.file)] ??= { mutants: 0, killedByUnit: 0, killedByIntegration: 0, survived: 0 });
  s.mutants++;
  if (DETECTED.has(m.status)) s.killedByUnit++;
  else if (killedLater.has(key(m))) s.killedByIntegration++;
  else {
    s.survived++;
    survivors.push({ file: m.file, line: m.location.start.line, mutator: m.mutatorName, replacement: m.replacement, status: m.status });
  }
}
for (const s of Object.values(modules)) s.score = Math.round(((s.killedByUnit + s.killedByIntegration) / s.mutants) * 1000) / 10;
const integrationPass = opts['unit-only'] ? 'none' : (prefixes?.join(', ') ?? 'every module');
fs.writeFileSync(path.join(reports, 'summary.json'), `${JSON.stringify({ modules, survivors, integrationPass }, null, 2)}\n`);
console.log(`\nintegration pass for: ${integrationPass}`);
console.log('module                  mutants  killed (unit + integration)  survived  score');
for (const [name, s] of Object.entries(modules).sort()) {
  console.log(
    `${name.padEnd(24)}${String(s.mutants).padStart(7)}  ${`${s.killedByUnit} + ${s.killedByIntegration}`.padStart(27)}  ${String(s.survived).padStart(8)}  ${s.score.toFixed(1).padStart(5)}%`,
  );
}
console.log(
  `\nmutation: survivors listed in ${path.relative(root, path.join(reports, 'summary.json'))}; the HTML report of pass 1 is reports/mutation/mutation.html`,
);
