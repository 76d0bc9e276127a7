/**
 * Runs the real `aem-cc` bin as a child process (never through a shell) with a clean environment.
 * Assumes `dist/` is current: `npm test` runs `tsc` first (pretest).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'aem-cc.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface RunOptions {
  /** Variables added to the clean environment (PATH, HOME, AEM_CC_CACHE_DIR). */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed (closed at once when absent). */
  stdin?: string;
  /** The child is killed (SIGKILL) after this long; default 30 s. */
  timeoutMs?: number;
}

let root: string | undefined;
/** A per-process scratch root, removed when the (jest worker) process exits. */
export function tmpRoot(): string {
  if (!root) {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aem-cc-test-'));
    const r = root;
    process.on('exit', () => fs.rmSync(r, { recursive: true, force: true }));
  }
  return root;
}

/** A fresh private (0700) directory under the scratch root. */
export function tmpDir(prefix = 'd-'): string {
  return fs.mkdtempSync(path.join(tmpRoot(), prefix));
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  // bin/aem-cc.js runs the bundled handler.
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'aem-cc.js'))) {
    throw new Error('dist/aem-cc.js is missing: run "npm run build" (npm test and npm run test:integration do it first)');
  }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.homedir() };
  // Under StrykerJS (npm run mutation), the mutant being tested: the CLI built in Stryker's sandbox holds
  // every mutant and runs the one this variable names (stryker.integration.config.js). Unset otherwise.
  if (process.env.__STRYKER_ACTIVE_MUTANT__) env.__STRYKER_ACTIVE_MUTANT__ = process.env.__STRYKER_ACTIVE_MUTANT__;
  env.AEM_CC_CACHE_DIR = tmpDir('cache-');
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading everything
    child.stdin.end(opts.stdin ?? '');
  });
}

/** The `aem-cc: <code>: ...` error lines of a run's stderr (log lines have their own prefix). */
export function errorLines(stderr: string): Array<{ code: string; message: string }> {
  return stderr
    .split('\n')
    .map((l) => /^aem-cc: ([a-z_]+): (.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: m[1], message: m[2] }));
}

/** The one JSON object a `--json` command printed on stdout. */
export function json<T = any>(r: CliResult): T {
  const text = r.stdout.trim();
  if (text === '' || text.split('\n').length !== 1) throw new Error(`expected one JSON line on stdout: ${describeRun(r)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`stdout is not JSON: ${describeRun(r)}`);
  }
}

/** For failing expectations: everything the child printed. */
export function describeRun(r: CliResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''} in ${r.durationMs} ms\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

/** Asserts the exit code, showing everything the child printed when it differs. */
export function expectCode(r: CliResult, code: number): void {
  if (r.code !== code) throw new Error(`expected exit ${code}, got ${describeRun(r)}`);
}

/** Asserts the exit code and the codes of the `aem-cc: <code>:` lines, in order; returns the lines. */
export function expectErrors(r: CliResult, code: number, codes: string[]): Array<{ code: string; message: string }> {
  const lines = errorLines(r.stderr);
  const got = lines.map((l) => l.code);
  if (r.code !== code || got.join() !== codes.join()) {
    throw new Error(`expected exit ${code} with ${JSON.stringify(codes)}, got ${JSON.stringify(got)}: ${describeRun(r)}`);
  }
  return lines;
}
