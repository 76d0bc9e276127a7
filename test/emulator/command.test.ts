/**
 * `aem-cc emulator` as a command: the banner, the summary, refusing bad input before listening, and
 * stopping on SIGINT/SIGTERM within a second with exit code 0 (in a real child process).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { DEFAULT_FIXTURE, emulatorControl, runEmulatorCommand } from '../../src/emulator';
import { waitFor } from '../helpers/emulator';

const BANNER = /^aem-cc emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

function capture() {
  let text = '';
  return { stdout: { write: (c: string) => (text += c) }, text: () => text };
}

describe('runEmulatorCommand in-process', () => {
  test('first line is the banner with the URL; the summary names environments and users; stops on abort', async () => {
    const out = capture();
    const ac = new AbortController();
    const done = runEmulatorCommand({ port: 0 }, { stdout: out.stdout, signal: ac.signal });
    await waitFor(() => out.text().includes('Stop with'));
    const lines = out.text().split('\n');
    const m = BANNER.exec(lines[0]!);
    expect(m).not.toBeNull();
    const url = m![1]!;
    const state = await emulatorControl(url).state();
    expect(Object.keys(state.environments)).toEqual(['dev', 'stage', 'prod', 'sandbox']);
    const text = out.text();
    for (const e of ['dev', 'stage', 'prod', 'sandbox']) expect(text).toContain(`${url}/env/${e}`);
    for (const u of DEFAULT_FIXTURE.users) expect(text).toContain(u.token ?? `(no token)  ${u.name}`);
    expect(text).toMatch(/client credentials: emu-ci-client \/ emu-ci-secret -> Contoso CI \(technical account\) \(can read, cannot switch\)/);
    expect(text).toMatch(/emulator-only/);
    expect(text).toContain('Contoso Marketing');
    const t = Date.now();
    ac.abort();
    await done;
    expect(Date.now() - t).toBeLessThan(1000);
    await expect(emulatorControl(url).state()).rejects.toThrow();
  });

  test('a custom fixture: tokens and secrets are shown as hints only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cmd-'));
    const path = join(dir, 'f.json');
    const fixture = JSON.parse(JSON.stringify(DEFAULT_FIXTURE));
    fixture.users[0].token = 'very-secret-user-token-1';
    fixture.clients[0].clientSecret = 'very-secret-client-secret';
    writeFileSync(path, JSON.stringify(fixture));
    const out = capture();
    const ac = new AbortController();
    const done = runEmulatorCommand({ port: 0, fixturePath: path, faults: 'token:429', latencyMs: 5 }, { stdout: out.stdout, signal: ac.signal });
    await waitFor(() => out.text().includes('Stop with'));
    ac.abort();
    await done;
    expect(out.text().split('\n')[0]).toMatch(BANNER);
    expect(out.text()).not.toContain('very-secret-user-token-1');
    expect(out.text()).not.toContain('very-secret-client-secret');
    expect(out.text()).toContain('very…(24 chars)');
    expect(out.text()).toContain('faults: token:429; latency: 5 ms');
    expect(out.text()).toContain('X-Api-Key: not required');
  });

  test('requireApiKey: the summary says so, and AEM answers a request without a key as the gateway does', async () => {
    const out = capture();
    const ac = new AbortController();
    const done = runEmulatorCommand({ port: 0, requireApiKey: true }, { stdout: out.stdout, signal: ac.signal });
    await waitFor(() => out.text().includes('Stop with'));
    const url = BANNER.exec(out.text().split('\n')[0]!)![1]!;
    expect(out.text()).toMatch(/X-Api-Key: required on AEM requests/);
    const res = await fetch(`${url}/env/dev/adobe/assets/settings/creative-cloud`, { headers: { authorization: 'Bearer emu-token-ana' } });
    expect([res.status, await res.json()]).toEqual([403, { error_code: '403003', message: 'Api Key is invalid' }]);
    ac.abort();
    await done;
  });

  test('a port already in use: invalid_input naming the port and the ways out, nothing printed', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const out = capture();
      const err = await runEmulatorCommand({ port }, { stdout: out.stdout }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'invalid_input', exitCode: 2 });
      expect((err as Error).message).toBe(
        `port ${port} on 127.0.0.1 is already in use (another emulator still running?); stop what listens there, or pick another --port (0: any free port).`,
      );
      expect(out.text()).toBe('');
    } finally {
      taken.close();
    }
  });

  test('bad input is refused before listening', async () => {
    const out = capture();
    await expect(runEmulatorCommand({ faults: 'orgs:boom' }, { stdout: out.stdout })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/unknown kind "boom"/),
    });
    await expect(runEmulatorCommand({ fixturePath: '/nonexistent/f.json' }, { stdout: out.stdout })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/nonexistent\/f\.json: cannot read the file/),
    });
    await expect(runEmulatorCommand({ port: 70000 }, { stdout: out.stdout })).rejects.toThrow(/port/);
    await expect(runEmulatorCommand({ latencyMs: -1 }, { stdout: out.stdout })).rejects.toThrow(/latency/);
    expect(out.text()).toBe('');
  });
});

describe('runEmulatorCommand in a child process', () => {
  // Transpile the emulator (and the contract, errors and JWT reader it imports) to plain JS, so a real `node` process can
  // run it and receive real signals.
  const root = join(__dirname, '..', '..');
  const outDir = mkdtempSync(join(tmpdir(), 'emu-js-'));
  beforeAll(() => {
    const files = [
      'src/contract.ts',
      'src/errors.ts',
      'src/jwt.ts',
      ...readdirSync(join(root, 'src/emulator'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `src/emulator/${f}`),
    ];
    for (const f of files) {
      const js = ts.transpileModule(readFileSync(join(root, f), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      }).outputText;
      const dest = join(outDir, f.replace(/\.ts$/, '.js'));
      mkdirSync(join(dest, '..'), { recursive: true });
      writeFileSync(dest, js);
    }
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('%s stops it within a second, exit code 0', async (signal) => {
    const script =
      `require(${JSON.stringify(join(outDir, 'src/emulator/command.js'))}).runEmulatorCommand({ port: 0 })` +
      `.catch((e) => { console.error(e); process.exitCode = 1; });`;
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('Stop with'), 15_000);
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`no banner; stderr: ${stderr}`, { cause: e });
    }
    const url = BANNER.exec(stdout.split('\n')[0]!)![1]!;
    expect((await emulatorControl(url).state()).requests).toEqual([]);
    const t = Date.now();
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 3000)))]);
    clearTimeout(timer);
    if (code === 'timeout') child.kill('SIGKILL');
    expect(code).toBe(0);
    expect(Date.now() - t).toBeLessThan(1000);
    expect(stderr).toBe('');
  });
});
