/**
 * Crashes and races: an apply killed with SIGKILL at any point and run again ends with the desired
 * binding and no extra switch; two applies (and two `cdktf deploy`s of different apps) racing on one
 * environment never lose an update, and the loser exits 4 `conflict` saying what changed.
 */
import { spawn } from 'node:child_process';
import { BIN, runCli, tmpDir } from '../helpers/cli';
import { EmulatorHandle, isPut, ORGS, waitFor, withEmulator } from '../helpers/emulator';
import { AppDir, bindingApp, cdktf, DEPLOY, engineEnv, makeApp, removeApp, ROOT } from '../e2e/harness';

jest.setTimeout(300_000);

const okPuts = async (emu: EmulatorHandle) => (await emu.requests()).filter((r) => isPut(r) && r.status === 200).length;

/** Starts `aem-cc apply` and SIGKILLs it after `afterMs`; resolves when it is gone. */
function applyKilledAfter(emu: EmulatorHandle, org: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'apply', '--author-url', emu.authorUrl('dev'), '--org', org], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', AEM_CC_CACHE_DIR: tmpDir('cache-'), ...emu.userEnv() },
      stdio: 'ignore',
    });
    const t = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

describe('an apply killed with SIGKILL at any point', () => {
  // 150 ms of latency per answer: the kill lands before, during and after the reads, during the
  // write (sent but unanswered: the write still lands, like a lost answer) and after it.
  test.each([0, 40, 90, 150, 220, 300, 380, 460, 560, 700, 900])(
    'killed after %i ms, then run again: desired binding, exactly one switch',
    async (ms) => {
      await withEmulator({ latencyMs: 150 }, async (emu) => {
        await applyKilledAfter(emu, ORGS.dev, ms);
        // Whatever happened, the write (if it was sent) has been handled before we look again.
        await emu.idle();
        const again = await runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json'], { env: emu.userEnv() });
        expect(again.code).toBe(0);
        const s = await emu.state();
        // Every switch raises the generation by one: 2 means exactly one switch, whoever made it (a
        // write sent just before the kill still lands; the emulator logs it with status 0, no answer).
        expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
      });
    },
  );
});

describe('two applies racing on one environment', () => {
  test('different orgs at once: one wins, the other exits 4 conflict naming the org it found, no lost update', async () => {
    // Both must read generation 1 before either writes, however late the second process starts on a
    // busy machine: the first two writes get a 429 (Retry-After: 1), which holds both back a second.
    await withEmulator({ latencyMs: 200, faults: 'binding-put:429x2' }, async (emu) => {
      const run = (org: string) => runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', org, '--json'], { env: emu.userEnv() });
      const [a, b] = await Promise.all([run(ORGS.dev), run(ORGS.stage)]);
      const codes = [a.code, b.code].sort();
      expect(codes).toEqual([0, 4]);
      const winner = a.code === 0 ? a : b;
      const loser = a.code === 0 ? b : a;
      const won = JSON.parse(winner.stdout).orgId as string;
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: won, generation: 2 });
      expect(loser.stderr).toMatch(/^aem-cc: conflict: /m);
      expect(loser.stderr).toContain(`is now ${won === ORGS.dev ? 'Contoso Creative (Dev)' : 'Contoso Creative (Stage)'} (${won}) at generation 2`);
      expect(await okPuts(emu)).toBe(1);
    });
  });
});

describe('cdktf deploy, interrupted and racing (real engine)', () => {
  let apps: AppDir[] = [];
  afterEach(() => {
    apps.forEach(removeApp);
    apps = [];
  });
  const props = (emu: EmulatorHandle, org: string) =>
    `{ authorUrl: ${JSON.stringify(emu.authorUrl('dev'))}, imsEndpoint: ${JSON.stringify(emu.url)}, org: ${JSON.stringify(org)} }`;
  const env = (emu: EmulatorHandle, app: AppDir) => ({ ...emu.userEnv(), AEM_CC_CACHE_DIR: `${app.dir}/.cache` });

  test('a deploy SIGKILLed while its switch is in flight, then re-run: desired binding, one switch, clean diff', async () => {
    await withEmulator({ latencyMs: 400 }, async (emu) => {
      const app = makeApp('killed');
      apps.push(app);
      app.write(bindingApp('killed', [{ id: 'cc', props: props(emu, ORGS.dev) }]));
      const child = spawn(`${ROOT}/node_modules/.bin/cdktf`, DEPLOY, {
        cwd: app.dir,
        env: { ...engineEnv(), CI: '1', ...env(emu, app) },
        stdio: 'ignore',
        detached: true, // its own process group: the kill takes cdktf, the engine and the handler at once
      });
      const exited = new Promise((r) => child.on('exit', r));
      await waitFor(async () => (await emu.requests()).some(isPut), 120_000, 20);
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
      await emu.idle(); // the in-flight write is handled server-side
      const again = await cdktf(app.dir, DEPLOY, env(emu, app));
      expect(again.code).toBe(0);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 }); // one switch in all
      expect((await cdktf(app.dir, ['diff', '--skip-provider-lock'], env(emu, app))).output).toMatch(/No changes/);
    });
  });

  test('two apps deploying different orgs to one environment at once: one succeeds, the other fails with conflict', async () => {
    // Three 429s (Retry-After: 1) on the write widen the window so both plans read generation 1.
    await withEmulator({ faults: 'binding-put:429x3' }, async (emu) => {
      const a = makeApp('race-a');
      const b = makeApp('race-b');
      apps.push(a, b);
      a.write(bindingApp('racea', [{ id: 'cc', props: props(emu, ORGS.dev) }]));
      b.write(bindingApp('raceb', [{ id: 'cc', props: props(emu, ORGS.stage) }]));
      const [ra, rb] = await Promise.all([cdktf(a.dir, DEPLOY, env(emu, a)), cdktf(b.dir, DEPLOY, env(emu, b))]);
      const results = [
        { r: ra, org: ORGS.dev },
        { r: rb, org: ORGS.stage },
      ];
      const winners = results.filter((x) => x.r.code === 0);
      const losers = results.filter((x) => x.r.code !== 0);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].r.output).toMatch(/aem-cc: conflict:/);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: winners[0].org, generation: 2 });
      expect(await okPuts(emu)).toBe(1);
    });
  });
});
