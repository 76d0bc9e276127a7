/**
 * Benchmark plumbing: the engine's environment, a cdktf runner, fresh app directories under
 * bench/tmp/ (inside the repo, so apps resolve `cdktf-aem-creative-cloud` by name), timing and stats.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultEngine, ENGINE_NAMES, engineEnv, runCdktf, writeCdktfJson } from '../scripts/engine-env';
export { defaultEngine, ENGINE_NAMES, engineEnv };

export const ROOT = path.resolve(__dirname, '..');
export const TMP = path.join(ROOT, 'bench', 'tmp');
/**
 * A snapshot of the package as built when the bench starts (package.json, bin/, dist/), inside the
 * repo. Apps live under it, so `require('cdktf-aem-creative-cloud')` resolves (by name, through the
 * package's self-reference) to the snapshot, and the handler the construct points at is the snapshot's
 * bin/aem-cc.js: a rebuild of dist/ by someone else while the bench runs cannot change what is measured.
 * Dependencies still resolve from the repo's node_modules.
 */
export const PKG = path.join(TMP, 'pkg');

export function snapshotPackage(): void {
  fs.rmSync(PKG, { recursive: true, force: true });
  fs.mkdirSync(path.join(PKG, 'apps'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(PKG, 'package.json'));
  for (const d of ['bin', 'dist']) fs.cpSync(path.join(ROOT, d), path.join(PKG, d), { recursive: true });
}

export interface Run {
  code: number;
  output: string;
  ms: number;
}

/** Runs the real cdktf CLI in `dir` with the engine's environment plus `env` (no shell), timed. */
export async function cdktf(dir: string, args: string[], env: Record<string, string>, timeoutMs = 600_000): Promise<Run> {
  const r = await runCdktf(dir, args, { env, timeoutMs, root: ROOT });
  return { code: r.code, output: r.output, ms: r.durationMs };
}

/** Like `cdktf`, but a non-zero exit is an error that shows the output's tail. */
export async function cdktfOk(dir: string, args: string[], env: Record<string, string>): Promise<Run> {
  const r = await cdktf(dir, args, env);
  if (r.code !== 0) throw new Error(`cdktf ${args.join(' ')} in ${dir} exited ${r.code}:\n${r.output.slice(-4000)}`);
  return r;
}

/** Runs a process to completion (no shell), timed, with stdin; resolves whatever the exit code. */
export function exec(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<Run & { stdout: string }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? PKG, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (d) => {
      output += d;
      stdout += d;
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output, stdout, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Wall time of a short synchronous process run, in ms (for start-up measurements). */
export function timeSync(cmd: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: PKG, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export const DEPLOY = ['deploy', '--auto-approve', '--skip-provider-lock'];
export const DIFF = ['diff', '--skip-provider-lock'];
export const SYNTH = ['synth'];
export const NO_CHANGES = /No changes\. Your infrastructure matches the configuration/;

/** A fresh cdktf app directory (cdktf.json + main.js) under the package snapshot. */
export function makeApp(name: string, mainJs: string): string {
  const dir = fs.mkdtempSync(path.join(PKG, 'apps', `${name}-`));
  writeCdktfJson(dir, `bench-${name}`);
  fs.writeFileSync(path.join(dir, 'main.js'), mainJs);
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A figure measured several times: the median, with min, max and every sample. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

export function stat(samples: number[]): Stat {
  if (samples.length === 0) throw new Error('no samples');
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]), n: s.length, samples: samples.map(round) };
}

/**
 * A ratio: `median` is the median of the numerator's samples over the median of the denominator's;
 * `min` and `max` are the extremes of the per-pair ratios (sample i over sample i: the runs are
 * interleaved, so pair i ran under the same conditions).
 */
export interface Ratio {
  median: number;
  min: number;
  max: number;
}

export function ratio(num: Stat, den: Stat): Ratio {
  const pairs = num.samples.slice(0, Math.min(num.n, den.n)).map((x, i) => x / den.samples[i]);
  return { median: round(num.median / den.median, 3), min: round(Math.min(...pairs), 3), max: round(Math.max(...pairs), 3) };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}
