/**
 * The real CLI against the emulator with Adobe's gateway rule switched on (`requireApiKey`) and one
 * environment (prod) that registers only the web app's client id, as an api.yaml would: the right key
 * goes with every AEM request in both credential modes, and a missing, wrong or unregistered one ends
 * in `invalid_credentials` (exit 3) with a message that names the header, the variable and the fix.
 */
import { DEFAULT_IDS, type Fixture } from '../../src/emulator';
import { errorLines, expectErrors, json, runCli, expectCode } from '../helpers/cli';
import { fixtureWithWebUser, isPut, ORGS, useEmulator, WEB_USER } from '../helpers/emulator';

const WEB_APP = DEFAULT_IDS.webApp.clientId;
const WEB_TOKEN = WEB_USER.token;

/** The web app's user, and prod registering only the web app's client id. */
function fixture(): Fixture {
  const f = fixtureWithWebUser();
  for (const e of f.environments) if (e.id === 'prod') e.allowedClientIds = [WEB_APP];
  return f;
}

const emu = useEmulator({ fixture: fixture(), requireApiKey: true });
const author = (env: string) => emu.authorUrl(env);

/** Every AEM request of the log carried a key, and the emulator let it through (no 403). */
async function expectKeyedAem(): Promise<void> {
  const aem = (await emu.requests()).filter((r) => r.path.startsWith('/env/'));
  expect(aem.length).toBeGreaterThan(0);
  expect(aem.map((r) => [r.path, r.apiKey, r.status === 403])).toEqual(aem.map((r) => [r.path, true, false]));
}

describe('the right key in both credential modes', () => {
  test("a user token (a JWT): apply switches, every AEM request carrying the token's client_id claim", async () => {
    const r = await runCli(['apply', '--author-url', author('dev'), '--org', ORGS.dev, '--json'], { env: emu.userEnv(WEB_TOKEN) });
    expect(json(r)).toMatchObject({ orgId: ORGS.dev, changed: true });
    await expectKeyedAem();
    expect((await emu.requests()).filter(isPut)).toHaveLength(1);
  });

  test('client credentials: status and read, every AEM request carrying AEM_CC_CLIENT_ID', async () => {
    expectCode(await runCli(['status', '--author-url', author('stage')], { env: emu.clientEnv() }), 0);
    const r = await runCli(['read'], { env: emu.clientEnv(), stdin: JSON.stringify({ author_url: author('dev'), org: ORGS.dev }) });
    expect(json(r)).toMatchObject({ desired_org_id: ORGS.dev });
    await expectKeyedAem();
  });

  test('an opaque user token with AEM_CC_API_KEY: apply switches', async () => {
    const r = await runCli(['apply', '--author-url', author('stage'), '--org', ORGS.stage, '--json'], {
      env: emu.userEnv(undefined, { AEM_CC_API_KEY: WEB_APP }),
    });
    expect(json(r)).toMatchObject({ orgId: ORGS.stage, changed: true });
    await expectKeyedAem();
  });
});

describe('what a refused key means, and what to do', () => {
  test('no key (an opaque token, no AEM_CC_API_KEY): exit 3, naming X-Api-Key and AEM_CC_API_KEY; nothing changed', async () => {
    const r = await runCli(['apply', '--author-url', author('dev'), '--org', ORGS.dev], { env: emu.userEnv() });
    const [line] = expectErrors(r, 3, ['invalid_credentials']);
    expect(line.message).toMatch(/answered 403 403003 "Api Key is invalid": Adobe's API gateway refused the client/);
    expect(line.message).toMatch(/no X-Api-Key was sent \(none: the token in AEM_CC_ACCESS_TOKEN is not a JWT with a client_id claim/);
    expect(line.message).toMatch(/Set AEM_CC_API_KEY to the client id of the Adobe Developer Console credential/);
    expect(line.message).toMatch(/api\.yaml \(kind: "API"\)/);
    const s = await emu.state();
    expect(s.requests.filter(isPut)).toEqual([]);
    expect(s.environments.dev).toMatchObject({ orgId: null, generation: 1 });
  });

  test('check reports it as the credentials check, and nothing else is judged', async () => {
    const r = await runCli(['check', '--author-url', author('dev'), '--org', ORGS.dev, '--json'], { env: emu.userEnv() });
    expectCode(r, 3);
    expect(json(r).checks).toEqual([{ name: 'credentials', ok: false, code: 'invalid_credentials', message: expect.stringMatching(/403003/) }]);
  });

  test.each([
    ["another client's id (not the token's)", DEFAULT_IDS.client.clientId],
    ['a client id the gateway does not know', 'not-a-registered-client'],
  ])('a wrong key, %s: exit 3, saying where the key came from', async (_what, key) => {
    const r = await runCli(['status', '--author-url', author('dev')], { env: emu.userEnv(undefined, { AEM_CC_API_KEY: key }) });
    const [line] = expectErrors(r, 3, ['invalid_credentials']);
    expect(line.message).toMatch(/403003 .*the X-Api-Key sent was AEM_CC_API_KEY\. The X-Api-Key must be the client id/);
    expect(line.message).not.toContain(key); // an identifier, but redacted like the client id
  });

  test('a client the environment does not register (prod: the web app only): exit 3, naming the api.yaml and config pipeline', async () => {
    const r = await runCli(['status', '--author-url', author('prod')], { env: emu.clientEnv() });
    const [line] = expectErrors(r, 3, ['invalid_credentials']);
    expect(line.message).toMatch(/answered 403 "IMS Client ID not allowlisted\. Allowlist the Client ID using the Configuration Pipeline\."/);
    expect(line.message).toMatch(/data\.allowedClientIDs\.author of an api\.yaml .* config pipeline/);
    expect(line.message).toMatch(/the X-Api-Key sent was AEM_CC_CLIENT_ID/);
    // the web app is registered there
    expectCode(await runCli(['status', '--author-url', author('prod')], { env: emu.userEnv(WEB_TOKEN) }), 0);
    expect(errorLines(r.stderr)).toHaveLength(1);
  });
});
