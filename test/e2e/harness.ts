/**
 * End-to-end harness: the real `cdktf` CLI, Terraform or OpenTofu, and HashiCorp's null/external
 * providers from `.engine/` (built by `npm run engine`), driving the real handler against an in-process
 * emulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CdktfRun, Cli, cliCommand, Engine, ENGINE_NAMES, ENGINES, engineEnv, runCdktf, writeCdktfJson } from '../../scripts/engine-env';
export { Cli, cliCommand, Engine, ENGINE_NAMES, ENGINES, engineEnv };

export const ROOT = path.resolve(__dirname, '..', '..');

export interface AppDir {
  dir: string;
  /** Writes main.js (plain JS: no TypeScript compile in the loop) and cdktf.json. */
  write(mainJs: string): void;
  /** Every file under the app, for secret scans. */
  files(): string[];
}

/** A fresh cdktf app inside the repo (so it resolves this package by name), removed by `cleanup`. */
export function makeApp(name: string): AppDir {
  const base = path.join(ROOT, 'test', '.tmp');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `${name}-`));
  writeCdktfJson(dir, `e2e-${name}`);
  return {
    dir,
    write(mainJs: string) {
      fs.writeFileSync(path.join(dir, 'main.js'), mainJs);
    },
    files() {
      const all: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) all.push(p);
        }
      };
      walk(dir);
      return all;
    },
  };
}

export function removeApp(app: AppDir | undefined): void {
  if (app) fs.rmSync(app.dir, { recursive: true, force: true });
}

/** main.js of an app with one stack and the given bindings (props as JS source). */
export function bindingApp(stack: string, bindings: Array<{ id: string; props: string }>, extraStacks = ''): string {
  return [
    `const { App, LocalBackend, TerraformStack } = require('cdktf');`,
    `const { AemCreativeCloudOrgBinding, RemovalPolicy } = require('cdktf-aem-creative-cloud');`,
    `const app = new App();`,
    `const stack = new TerraformStack(app, ${JSON.stringify(stack)});`,
    `new LocalBackend(stack, { path: '../../../terraform.' + ${JSON.stringify(stack)} + '.tfstate' });`,
    ...bindings.map((b) => `new AemCreativeCloudOrgBinding(stack, ${JSON.stringify(b.id)}, ${b.props});`),
    extraStacks,
    `app.synth();`,
  ].join('\n');
}

export type CdktfResult = CdktfRun;

/** Runs the real cdktf CLI (or `cli`) in `dir` with `engine`'s environment (default: Terraform) plus `env` (no shell). */
export function cdktf(
  dir: string,
  args: string[],
  env: Record<string, string>,
  engine?: Engine,
  timeoutMs = 180_000,
  cli: Cli = 'cdktf',
): Promise<CdktfResult> {
  return runCdktf(dir, args, { env, timeoutMs, engine, root: ROOT, cli });
}

export const DEPLOY = ['deploy', '--auto-approve', '--skip-provider-lock'];
export const DIFF = ['diff', '--skip-provider-lock'];
export const DESTROY = ['destroy', '--auto-approve', '--skip-provider-lock'];

/** What both engines print when a plan has nothing to do. */
export const NO_CHANGES = /No changes\. Your infrastructure matches the configuration/;
