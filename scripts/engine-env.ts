/**
 * The environment `.engine/env.sh` sets up (PATH to the local tofu, TERRAFORM_BINARY_NAME,
 * TF_CLI_CONFIG_FILE, ...), read by sourcing it in bash the way a user does. Shared by the e2e tests
 * and the benchmark, which both run the real cdktf CLI with the engine that `npm run engine` built.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const cache = new Map<string, NodeJS.ProcessEnv>();

export function engineEnv(root: string = path.resolve(__dirname, '..')): NodeJS.ProcessEnv {
  const hit = cache.get(root);
  if (hit) return hit;
  const envSh = path.join(root, '.engine', 'env.sh');
  if (!fs.existsSync(envSh)) {
    throw new Error(`the engine is not installed (${envSh} is missing): run "npm run engine" (npm test, demo and bench do it first).`);
  }
  const out = execFileSync('bash', ['-c', '. "$1" && env -0', 'engine-env', envSh], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
  });
  const env: NodeJS.ProcessEnv = {};
  for (const kv of out.toString('utf8').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  cache.set(root, env);
  return env;
}

export interface CdktfRun {
  code: number;
  output: string;
  durationMs: number;
}

/** Runs the real cdktf CLI of `root` in `dir` with the engine's environment plus `env` (no shell), timed. */
export function runCdktf(dir: string, args: string[], env: Record<string, string>, timeoutMs: number, root: string = path.resolve(__dirname, '..')): Promise<CdktfRun> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'cdktf'), args, {
      cwd: dir,
      env: { ...engineEnv(root), CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output, durationMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}
