/**
 * X-Api-Key, through the real CLI against the emulator: every AEM request carries the client id of the
 * credential in use, no IMS request carries one (as Adobe's own IMS client sends none), and a user token
 * that names no client sends none unless AEM_CC_API_KEY says which.
 */
import { json, runCli, expectCode } from '../helpers/cli';
import { fixtureWithWebUser, ORGS, useEmulator, WEB_USER, type RequestEntry } from '../helpers/emulator';

const WEB_TOKEN = WEB_USER.token;
const emu = useEmulator({ fixture: fixtureWithWebUser() });

const isAem = (r: RequestEntry) => r.path.startsWith('/env/');
/** `<method> <path> key|no-key` for every request of the log, AEM and IMS apart. */
async function headerLog(): Promise<{ aem: string[]; ims: string[] }> {
  const line = (r: RequestEntry) => `${r.method} ${r.path} ${r.apiKey ? 'key' : 'no-key'}`;
  const log = await emu.requests();
  return { aem: log.filter(isAem).map(line), ims: log.filter((r) => !isAem(r)).map(line) };
}
const allWith = (lines: string[], mark: 'key' | 'no-key') => lines.length > 0 && lines.every((l) => l.endsWith(` ${mark}`));

test('client credentials: every AEM request of status and read carries the key, no IMS request does', async () => {
  expectCode(await runCli(['status', '--author-url', emu.authorUrl('prod'), '--org', 'Contoso Creative (Prod)'], { env: emu.clientEnv() }), 0);
  const r = await runCli(['read'], { env: emu.clientEnv(), stdin: JSON.stringify({ author_url: emu.authorUrl('dev'), org: ORGS.dev }) });
  expectCode(r, 0);
  const { aem, ims } = await headerLog();
  expect(aem).toHaveLength(2);
  expect(allWith(aem, 'key')).toBe(true);
  // each run has its own token cache (runCli), so each asks IMS for a token
  expect(ims.sort()).toEqual([
    'GET /ims/organizations/v6 no-key',
    'GET /ims/organizations/v6 no-key',
    'POST /ims/token/v3 no-key',
    'POST /ims/token/v3 no-key',
  ]);
});

test("a user token that is a JWT: its client_id claim is the key of every AEM request, the apply's write included", async () => {
  const r = await runCli(['apply', '--author-url', emu.authorUrl('sandbox'), '--org', ORGS.prod, '--json'], { env: emu.userEnv(WEB_TOKEN) });
  expect(json(r)).toMatchObject({ orgId: ORGS.prod, changed: true });
  const { aem, ims } = await headerLog();
  expect(aem.sort()).toEqual([
    `GET /env/sandbox/adobe/assets/settings/creative-cloud key`,
    `GET /env/sandbox/libs/granite/security/currentuser.json key`,
    `PUT /env/sandbox/adobe/assets/settings/creative-cloud key`,
  ]);
  expect(ims.sort()).toEqual(['GET /ims/organizations/v6 no-key', 'GET /ims/profile/v1 no-key']);
});

test('an opaque user token sends no key; AEM_CC_API_KEY names one, for every AEM request including the write', async () => {
  expectCode(await runCli(['status', '--author-url', emu.authorUrl('dev')], { env: emu.userEnv() }), 0);
  expect((await headerLog()).aem).toEqual(['GET /env/dev/adobe/assets/settings/creative-cloud no-key']);
  await emu.reset();
  const r = await runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json'], {
    env: emu.userEnv(undefined, { AEM_CC_API_KEY: 'emu-web-app' }),
  });
  expect(json(r)).toMatchObject({ changed: true });
  const { aem, ims } = await headerLog();
  expect(aem).toHaveLength(3);
  expect(allWith(aem, 'key')).toBe(true);
  expect(aem).toContain('PUT /env/dev/adobe/assets/settings/creative-cloud key');
  expect(allWith(ims, 'no-key')).toBe(true);
});

test('AEM_CC_API_KEY without a user token is refused before any request: client credentials send their own id', async () => {
  const r = await runCli(['status', '--author-url', emu.authorUrl('dev')], { env: emu.clientEnv({ AEM_CC_API_KEY: 'emu-web-app' }) });
  expectCode(r, 2);
  expect(r.stderr).toMatch(/aem-cc: invalid_input: AEM_CC_API_KEY is set but AEM_CC_ACCESS_TOKEN is not/);
  expect(await emu.requests()).toEqual([]);
});
