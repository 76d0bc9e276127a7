/**
 * The environment `.engine/env.sh` sets up (PATH to the local engines, TERRAFORM_BINARY_NAME,
 * TF_CLI_CONFIG_FILE, ...), read by sourcing it in bash the way a user does, for one engine. Shared by
 * the e2e tests and the benchmark, which both run the real cdktf CLI with an engine that
 * `npm run engine` built.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The engines `npm run engine` builds, as `AEM_CC_ENGINE` names them (and as their binaries are named). */
export const ENGINES = ['terraform', 'tofu'] as const;
export type Engine = (typeof ENGINES)[number];

/** Display names, for test titles and reports. */
export const ENGINE_NAMES: Record<Engine, string> = { terraform: 'Terraform', tofu: 'OpenTofu' };

const REPO = path.resolve(__dirname, '..');
const cache = new Map<string, NodeJS.ProcessEnv>();

/**
 * The engine `env.sh` picks when `AEM_CC_ENGINE` is unset is Terraform; a caller's own
 * `AEM_CC_ENGINE` (e.g. `AEM_CC_ENGINE=tofu npm run bench`) wins, as it does for env.sh.
 * @throws Error when `AEM_CC_ENGINE` names no engine of `.engine/`.
 */
export function defaultEngine(env: NodeJS.ProcessEnv = process.env): Engine {
  const chosen = env.AEM_CC_ENGINE || 'terraform';
  if (!(ENGINES as readonly string[]).includes(chosen)) {
    throw new Error(`AEM_CC_ENGINE=${chosen} is not an engine of .engine/; use ${ENGINES.join(' or ')}.`);
  }
  return chosen as Engine;
}

/**
 * The variables `. .engine/env.sh` exports for `engine` (default: `defaultEngine()`), on top of a
 * minimal PATH and HOME. Cached per engine and repository root.
 * @throws Error when the engine is not built (`npm run engine` has not run).
 */
export function engineEnv(engine: Engine = defaultEngine(), root: string = REPO): NodeJS.ProcessEnv {
  const key = `${root}\0${engine}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const envSh = path.join(root, '.engine', 'env.sh');
  if (!fs.existsSync(envSh)) {
    throw new Error(`the engine is not installed (${envSh} is missing): run "npm run engine" (npm test, demo and bench do it first).`);
  }
  const out = execFileSync('bash', ['-c', '. "$1" && env -0', 'engine-env', envSh], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', AEM_CC_ENGINE: engine },
  });
  const env: NodeJS.ProcessEnv = {};
  for (const kv of out.toString('utf8').split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  cache.set(key, env);
  return env;
}

export interface CdktfRun {
  code: number;
  output: string;
  durationMs: number;
}

/** The CDK CLIs the tests drive: cdktf-cli (the repository's devDependency) and CDK Terrain's cdktn-cli. */
export type Cli = 'cdktf' | 'cdktn';

/**
 * The CLI's executable and what goes first on PATH for it. cdktn-cli 0.24 needs Node >= 22.19, so it
 * runs on the Node 22 of tools/ (`npm run tools`), and so does every `node` it starts: the handler too.
 */
export function cliCommand(cli: Cli, root: string = REPO): { bin: string; pathPrefix: string[] } {
  if (cli === 'cdktf') return { bin: path.join(root, 'node_modules', '.bin', 'cdktf'), pathPrefix: [] };
  const tools = path.join(root, 'tools', 'node_modules');
  const bin = path.join(tools, '.bin', 'cdktn');
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run "npm run tools" (npm test does it first).`);
  return { bin, pathPrefix: [path.join(tools, 'node22', 'bin')] };
}

export interface CdktfOptions {
  /** Variables on top of the engine's environment (credentials, cache dir, ...). */
  env?: Record<string, string>;
  /** Killed (SIGKILL) after this many ms. */
  timeoutMs: number;
  /** Which engine cdktf runs; default `defaultEngine()`. */
  engine?: Engine;
  /** The repository whose CLIs and .engine/ are used. */
  root?: string;
  /** Which CLI runs (default cdktf). */
  cli?: Cli;
}

/** Runs the real cdktf (or cdktn) CLI of `root` in `dir` with the engine's environment plus `env` (no shell), timed. */
export function runCdktf(dir: string, args: string[], opts: CdktfOptions): Promise<CdktfRun> {
  const root = opts.root ?? REPO;
  const { bin, pathPrefix } = cliCommand(opts.cli ?? 'cdktf', root);
  const base = engineEnv(opts.engine, root);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: dir,
      env: { ...base, PATH: [...pathPrefix, base.PATH].join(path.delimiter), CI: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output, durationMs: Number(process.hrtime.bigint() - started) / 1e6 });
    });
  });
}

/**
 * Writes `dir/cdktf.json` for a JavaScript app (`node main.js`) that generates no providers: what the
 * end-to-end tests and the bench run (cdktn reads the same file).
 */
export function writeCdktfJson(dir: string, projectId: string): void {
  const config = {
    language: 'typescript',
    app: 'node main.js',
    projectId,
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  };
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify(config, null, 2));
}
