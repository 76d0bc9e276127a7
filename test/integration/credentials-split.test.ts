/**
 * Both a user token and client credentials in the environment, as a CI job that plans with client
 * credentials and switches with a user token has them: each command acts with the documented one
 * (read-only commands with the client credentials, switching ones with the user token), says so on
 * stderr, and sends the matching X-Api-Key, with Adobe's gateway rule switched on.
 */
import { DEFAULT_IDS } from '../../src/emulator';
import { json, runCli, expectCode } from '../helpers/cli';
import { CLIENT, fixtureWithWebUser, isToken, ORGS, useEmulator, WEB_USER, type RequestEntry } from '../helpers/emulator';

const emu = useEmulator({ fixture: fixtureWithWebUser(), requireApiKey: true });
/** Whom the built-in client's tokens stand for: its technical account. */
const CLIENT_USER = DEFAULT_IDS.technicalAccount.userId;
const both = (extra: Record<string, string> = {}) =>
  emu.userEnv(WEB_USER.token, { AEM_CC_CLIENT_ID: CLIENT.clientId, AEM_CC_CLIENT_SECRET: CLIENT.clientSecret, ...extra });
const author = (env: string) => emu.authorUrl(env);

/** Who made the requests of the log (the user ids of their bearers), and whether a token was requested. */
async function actors(): Promise<{ users: string[]; tokenRequests: number; refused: RequestEntry[] }> {
  const log = await emu.requests();
  const users = [...new Set(log.filter((r) => !isToken(r)).map((r) => r.userId ?? '(none)'))];
  return { users, tokenRequests: log.filter(isToken).length, refused: log.filter((r) => r.status === 403 || r.status === 401) };
}

test.each([
  ['orgs', () => ['orgs', '--json']],
  ['status', () => ['status', '--author-url', author('prod'), '--json']],
] as const)('%s reads with the client credentials, and says so', async (_name, args) => {
  const r = await runCli([...args()], { env: both() });
  expectCode(r, 0);
  expect(await actors()).toEqual({ users: [CLIENT_USER], tokenRequests: 1, refused: [] });
  expect(r.stderr).toMatch(
    /aem-cc \[info\] acting as the client credentials in AEM_CC_CLIENT_ID .*: this command only reads; the user token in AEM_CC_ACCESS_TOKEN is for check, apply and destroy with revert; X-Api-Key to AEM: from AEM_CC_CLIENT_ID/,
  );
});

test('read (the plan) with the client credentials, then apply with the user token: the plan predicted what the apply left', async () => {
  const plan = await runCli(['read'], { env: both(), stdin: JSON.stringify({ author_url: author('dev'), org: ORGS.dev }) });
  expect(json(plan)).toMatchObject({ token: `${ORGS.dev}#2` });
  expect(await actors()).toEqual({ users: [CLIENT_USER], tokenRequests: 1, refused: [] });
  await emu.reset();
  const apply = await runCli(['apply', '--author-url', author('dev'), '--org', ORGS.dev, '--binding-token', `${ORGS.dev}#2`, '--json'], {
    env: both(),
  });
  expect(json(apply)).toMatchObject({ orgId: ORGS.dev, generation: 2, changed: true });
  expect(await actors()).toEqual({ users: [WEB_USER.userId], tokenRequests: 0, refused: [] });
  expect(apply.stderr).toMatch(
    /aem-cc \[info\] acting as the user token in AEM_CC_ACCESS_TOKEN: this command checks or makes a switch, which needs a user; the client credentials in AEM_CC_CLIENT_ID .* is for orgs, status and read \(the plan\); X-Api-Key to AEM: from the client_id claim of the token in AEM_CC_ACCESS_TOKEN/,
  );
});

test('check and destroy with revert act with the user token; destroy with retain reads no credential and sends nothing', async () => {
  expectCode(await runCli(['check', '--author-url', author('dev'), '--org', ORGS.dev], { env: both() }), 0);
  expect(await actors()).toEqual({ users: [WEB_USER.userId], tokenRequests: 0, refused: [] });
  await emu.reset();
  const revert = await runCli(['destroy', '--author-url', author('prod'), '--binding-token', `${ORGS.prod}#7`, '--revert-to', ORGS.stage, '--json'], {
    env: both(),
  });
  expect(json(revert)).toEqual({ action: 'reverted', orgId: ORGS.stage, generation: 8 });
  expect(await actors()).toEqual({ users: [WEB_USER.userId], tokenRequests: 0, refused: [] });
  await emu.reset();
  const retain = await runCli(['destroy', '--author-url', author('prod'), '--binding-token', `${ORGS.prod}#7`, '--json'], { env: both() });
  expect(json(retain)).toMatchObject({ action: 'retained' });
  expect(retain.stderr).not.toMatch(/acting as/);
  expect(await emu.requests()).toEqual([]);
});

test("empty client variables count as unset: orgs then acts as the user (the guide's dry run)", async () => {
  const r = await runCli(['orgs', '--json'], { env: both({ AEM_CC_CLIENT_ID: '', AEM_CC_CLIENT_SECRET: '' }) });
  expect(json(r).orgs.filter((o: { creativeCloudEntitled: boolean }) => o.creativeCloudEntitled)).toHaveLength(5);
  expect(await actors()).toEqual({ users: [WEB_USER.userId], tokenRequests: 0, refused: [] });
});

test('each credential is checked on its own: half of the client credentials is refused even beside a good token', async () => {
  const r = await runCli(['apply', '--author-url', author('dev'), '--org', ORGS.dev], {
    env: emu.userEnv(WEB_USER.token, { AEM_CC_CLIENT_ID: CLIENT.clientId }),
  });
  expectCode(r, 2);
  expect(r.stderr).toMatch(/aem-cc: missing_credentials: only one of AEM_CC_CLIENT_ID and AEM_CC_CLIENT_SECRET is set/);
  expect(await emu.requests()).toEqual([]);
});
