/**
 * Client credentials shared by parallel handler processes: one token request for all of them, and
 * parallel applies of the same binding (acting with the user token set beside them) converge without a
 * second switch.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeRun, json, runCli, tmpDir, expectCode } from '../helpers/cli';
import { isPut, isToken, ORGS, useEmulator, USERS } from '../helpers/emulator';
import { DEFAULT_IDS } from '../../src/emulator';

const emu = useEmulator();

test('10 parallel apply/status processes sharing one cache dir make exactly one token request', async () => {
  const cacheDir = path.join(tmpDir(), 'shared-cache');
  // both kinds, as a deploy has them: the statuses read with the client credentials, the applies switch with the user token
  const env = emu.clientEnv({ AEM_CC_CACHE_DIR: cacheDir, AEM_CC_ACCESS_TOKEN: USERS.ana.token });
  const runs = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0
        ? runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json'], { env })
        : runCli(['status', '--author-url', emu.authorUrl('prod'), '--json'], { env }),
    ),
  );
  for (const r of runs) expect({ code: r.code, run: r.code === 0 ? '' : describeRun(r) }).toEqual({ code: 0, run: '' });
  const s = await emu.state();
  expect(s.requests.filter(isToken)).toEqual([{ method: 'POST', path: '/ims/token/v3', status: 200, apiKey: false }]);
  // five applies of the same change: the generation rose exactly once, whoever won the race
  expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
  expect(s.requests.filter((q) => isPut(q) && q.status === 200)).toHaveLength(1);
  for (const r of runs.filter((_, i) => i % 2 === 0)) expect(json(r)).toMatchObject({ orgId: ORGS.dev, generation: 2 });
  for (const r of runs.filter((_, i) => i % 2 === 1))
    expect(json(r)).toEqual({ orgId: ORGS.prod, orgName: 'Contoso Creative (Prod)', generation: 7 });

  // the cache: a private directory with one 0600 token file, no lock or temp file left behind
  expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
  const files = fs.readdirSync(cacheDir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^token-[0-9a-f]{32}\.json$/);
  expect(fs.statSync(path.join(cacheDir, files[0])).mode & 0o777).toBe(0o600);

  // a later command reuses it: no token request at all
  await emu.reset();
  const again = await runCli(['status', '--author-url', emu.authorUrl('prod'), '--json'], { env });
  expectCode(again, 0);
  expect((await emu.requests()).filter(isToken)).toHaveLength(0);
});

test('separate cache dirs do not share (each process asks once)', async () => {
  const runs = await Promise.all(
    Array.from({ length: 3 }, () => runCli(['status', '--author-url', emu.authorUrl('prod')], { env: emu.clientEnv() })),
  );
  expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
  expect((await emu.requests()).filter(isToken)).toHaveLength(3);
});

test('a token cache dir open to others is not used, and the command still works', async () => {
  const cacheDir = path.join(tmpDir(), 'loose');
  fs.mkdirSync(cacheDir, { mode: 0o777 });
  fs.chmodSync(cacheDir, 0o777);
  const env = emu.clientEnv({ AEM_CC_CACHE_DIR: cacheDir });
  const a = await runCli(['status', '--author-url', emu.authorUrl('prod')], { env });
  const b = await runCli(['status', '--author-url', emu.authorUrl('prod')], { env });
  expect([a.code, b.code]).toEqual([0, 0]);
  expect(a.stderr).toMatch(/aem-cc \[warn\] token cache directory .* is accessible to other users/);
  expect(fs.readdirSync(cacheDir)).toEqual([]);
  expect((await emu.requests()).filter(isToken)).toHaveLength(2);
});

test('a planted cache file with loose permissions is not trusted', async () => {
  const cacheDir = path.join(tmpDir(), 'planted');
  const env = emu.clientEnv({ AEM_CC_CACHE_DIR: cacheDir });
  expectCode(await runCli(['status', '--author-url', emu.authorUrl('prod')], { env }), 0);
  const [file] = fs.readdirSync(cacheDir);
  const full = path.join(cacheDir, file);
  // someone swaps in a token of their choosing (bob's) and leaves it world-readable
  fs.writeFileSync(full, JSON.stringify({ accessToken: 'emu-token-bob', expiresAt: Date.now() + 86_400_000 }));
  fs.chmodSync(full, 0o644);
  await emu.reset();
  const r = await runCli(['status', '--author-url', emu.authorUrl('dev'), '--json'], { env });
  expectCode(r, 0);
  expect(r.stderr).toMatch(/ignoring token cache file/);
  const log = await emu.requests();
  expect(log.filter(isToken)).toHaveLength(1);
  // the read was made as the client's technical account, not as bob
  expect(log.filter((q) => !isToken(q)).map((q) => q.userId)).toEqual([DEFAULT_IDS.technicalAccount.userId]);
  expect(fs.statSync(full).mode & 0o777).toBe(0o600);
});
