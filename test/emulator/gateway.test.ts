/**
 * The emulator's client checks in front of AEM (src/emulator/gateway.ts): the API key rule that
 * `requireApiKey` turns on, and an environment's client allow list. IMS routes never check a key.
 */
import { DEFAULT_SETTINGS_PATH } from '../../src/contract';
import { DEFAULT_FIXTURE, DEFAULT_IDS, type Fixture, parseFixture, startEmulator, type RunningEmulator } from '../../src/emulator';

const { users: U, client: C, webApp: W } = DEFAULT_IDS;
const SETTINGS = DEFAULT_SETTINGS_PATH;
const INVALID_KEY = { error_code: '403003', message: 'Api Key is invalid' };

/** A fixture in which prod registers only the web app, sandbox nothing at all. */
function fixture(): Fixture {
  const f = structuredClone(DEFAULT_FIXTURE) as Fixture;
  for (const e of f.environments) {
    if (e.id === 'prod') e.allowedClientIds = [W.clientId];
    if (e.id === 'sandbox') e.allowedClientIds = [];
  }
  return f;
}

let strict: RunningEmulator;
let lax: RunningEmulator;
beforeAll(async () => {
  strict = await startEmulator({ fixture: fixture(), requireApiKey: true });
  lax = await startEmulator({ fixture: fixture() });
});
afterAll(async () => {
  await Promise.all([strict.close(), lax.close()]);
});

async function get(emu: RunningEmulator, path: string, token: string, apiKey?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (apiKey !== undefined) headers['x-api-key'] = apiKey;
  const res = await fetch(`${emu.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

async function mint(emu: RunningEmulator): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: C.clientSecret });
  const res = await fetch(`${emu.url}/ims/token/v3`, { method: 'POST', body });
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('requireApiKey: the gateway rule on AEM routes', () => {
  test.each([
    ['no X-Api-Key', undefined],
    ['an empty one', ''],
    ['a client id the emulator does not know', 'someone-elses-client'],
  ])('%s: 403 403003 "Api Key is invalid", before the token is even looked at', async (_what, key) => {
    for (const token of [U.ana.token, 'not-a-token']) {
      const r = await get(strict, `/env/dev${SETTINGS}`, token, key);
      expect([r.status, r.json]).toEqual([403, INVALID_KEY]);
    }
  });

  test("the key must be the token's own client: a fixture user's sign-in client, a minted token's client", async () => {
    expect((await get(strict, `/env/dev${SETTINGS}`, U.ana.token, W.clientId)).status).toBe(200);
    const r = await get(strict, `/env/dev${SETTINGS}`, U.ana.token, C.clientId);
    expect([r.status, r.json]).toEqual([403, INVALID_KEY]);
    const minted = await mint(strict);
    expect((await get(strict, `/env/dev${SETTINGS}`, minted, C.clientId)).status).toBe(200);
    expect((await get(strict, `/env/dev${SETTINGS}`, minted, W.clientId)).status).toBe(403);
  });

  test('a known key with an unknown token is still a 401', async () => {
    expect((await get(strict, `/env/dev${SETTINGS}`, 'not-a-token', W.clientId)).status).toBe(401);
  });

  test('IMS routes need no key', async () => {
    expect((await get(strict, '/ims/profile/v1', U.ana.token)).status).toBe(200);
    expect((await get(strict, '/ims/organizations/v6', U.ana.token)).status).toBe(200);
  });

  test('without requireApiKey, no key is needed and a wrong one is not checked', async () => {
    expect((await get(lax, `/env/dev${SETTINGS}`, U.ana.token)).status).toBe(200);
    expect((await get(lax, `/env/dev${SETTINGS}`, U.ana.token, 'anything-at-all')).status).toBe(200);
  });
});

describe("an environment's allowedClientIds (the api.yaml registration)", () => {
  const forbidden = {
    type: 'https://api.adobeaemcloud.com/adobe/meta/errors/forbidden',
    title: 'Forbidden',
    status: 403,
    detail: 'IMS Client ID not allowlisted. Allowlist the Client ID using the Configuration Pipeline.',
  };

  test("a token of a client not on the list: 403 with AEM's RFC 7807 body, on every AEM route", async () => {
    const minted = await mint(lax);
    for (const path of [`/env/prod${SETTINGS}`, '/env/prod/libs/granite/security/currentuser.json']) {
      const r = await get(lax, path, minted, C.clientId);
      expect(r.status).toBe(403);
      expect(r.type).toBe('application/problem+json');
      expect(r.json).toEqual({ ...forbidden, instance: path });
    }
    expect((await get(lax, `/env/prod${SETTINGS}`, U.ana.token)).status).toBe(200); // the web app is registered
    expect((await get(lax, `/env/sandbox${SETTINGS}`, U.ana.token)).status).toBe(403); // nothing is
    expect((await get(lax, `/env/dev${SETTINGS}`, minted)).status).toBe(200); // no list: any client
  });

  test('checked after the key: a registered client with a wrong key meets the gateway first', async () => {
    const minted = await mint(strict);
    expect((await get(strict, `/env/prod${SETTINGS}`, minted)).json).toEqual(INVALID_KEY);
    expect((await get(strict, `/env/prod${SETTINGS}`, minted, C.clientId)).json).toMatchObject({ detail: forbidden.detail });
  });
});

test("fixture: client ids must be header-safe; validation reports a fixture user's sign-in client", async () => {
  const bad = structuredClone(DEFAULT_FIXTURE) as Fixture;
  bad.users[0].clientId = 'two words';
  expect(() => parseFixture(bad)).toThrow(/users\[0\]\.clientId: must be non-empty printable ASCII/);
  const badList = structuredClone(DEFAULT_FIXTURE) as Fixture;
  badList.environments[0].allowedClientIds = [''];
  expect(() => parseFixture(badList)).toThrow(/environments\[0\]\.allowedClientIds\[0\]/);
  const res = await fetch(`${lax.url}/ims/validate_token/v1?type=access_token`, { headers: { authorization: `Bearer ${U.bob.token}` } });
  expect(await res.json()).toMatchObject({ valid: true, token: { user_id: U.bob.userId, client_id: W.clientId } });
});
