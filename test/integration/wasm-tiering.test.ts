/**
 * bin/wasm-tiering.js on the Node line running the tests (npm test runs this project on Node 20 and on
 * Node 24): the flags are accepted without a word on stdout, and a real `read` compiles undici's llhttp
 * wasm with Liftoff only, while the same read without them tiers up to TurboFan (which Node waits for at
 * exit: the cost this module removes, measured by `npm run bench`). V8 reports each compile with
 * `--trace-wasm-compilation-times` ("Compiled function ... using Liftoff|TurboFan"), on stdout.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { BIN, REPO_ROOT } from '../helpers/cli';
import { useEmulator } from '../helpers/emulator';

const emu = useEmulator();
const TIERING = path.join(REPO_ROOT, 'bin', 'wasm-tiering.js');
const HANDLER = path.join(REPO_ROOT, 'dist', 'aem-cc.js');

/**
 * Node with `nodeArgs` and a clean environment: stdout, stderr and the exit code. Asynchronous, so that
 * the in-process emulator can answer the child.
 */
function node(nodeArgs: string[], env: Record<string, string> = {}, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** How many wasm functions a `read` through `script` compiled with each tier. */
async function tiersOfRead(script: string[]): Promise<Record<string, number>> {
  const query = JSON.stringify({ author_url: emu.authorUrl('dev'), org: 'Contoso Creative (Dev)', ims_endpoint: emu.url });
  const r = await node(['--trace-wasm-compilation-times', ...script], emu.userEnv() as Record<string, string>, query);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  const tiers: Record<string, number> = {};
  for (const m of r.stdout.matchAll(/^Compiled function \S+ using (\w+)/gm)) tiers[m[1]!] = (tiers[m[1]!] ?? 0) + 1;
  // The answer itself is still there, whole, on its own line.
  expect(JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{'))!)).toMatchObject({ token: expect.any(String) });
  return tiers;
}

test(`on this Node line (V8 ${process.versions.v8}) the flags are set and print nothing`, async () => {
  const r = await node(['-e', `process.stdout.write(String(require(${JSON.stringify(TIERING)}).keepWasmOnLiftoff()))`]);
  expect(r).toEqual({ code: 0, stdout: 'true', stderr: '' });
});

test('a V8 outside 11-13 is left alone: no flag set, false returned', async () => {
  const script = [
    `Object.defineProperty(process, 'versions', { value: { ...process.versions, v8: '14.1.0' } });`,
    `const v8 = require('node:v8'); let calls = 0; v8.setFlagsFromString = () => { calls++; };`,
    `process.stdout.write(JSON.stringify([require(${JSON.stringify(TIERING)}).keepWasmOnLiftoff(), calls]))`,
  ].join('\n');
  expect(await node(['-e', script])).toEqual({ code: 0, stdout: '[false,0]', stderr: '' });
});

test('a read through bin/aem-cc.js compiles wasm with Liftoff only; without the flags the same read tiers up', async () => {
  const ours = await tiersOfRead([BIN, 'read']);
  expect(ours.Liftoff).toBeGreaterThan(0);
  expect(ours.TurboFan ?? 0).toBe(0);
  // The control: the same handler and read, the flags not set. Were V8 to stop tiering up here, this
  // test would say so, and bin/wasm-tiering.js could go.
  const bare = await tiersOfRead(['-e', `require(${JSON.stringify(HANDLER)}).main(['read']).then((c) => { process.exitCode = c; })`]);
  expect(bare.TurboFan ?? 0).toBeGreaterThan(0);
});
