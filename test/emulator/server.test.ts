/**
 * The emulator in-process: every IMS/AEM route and rule, the request log, fault injection, the
 * control routes, fixture loading and fault spec parsing, and a fast close().
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS_PATH, EMULATOR } from '../../src/contract';
import {
  DEFAULT_FIXTURE,
  DEFAULT_IDS,
  decodeTokenPayload,
  emulatorControl,
  faultRouteOf,
  loadFixture,
  parseFaultSpec,
  parseFixture,
  startEmulator,
  type EmulatorState,
  type Fixture,
  type RunningEmulator,
} from '../../src/emulator';
import { waitFor } from '../helpers/emulator';

const { orgs: O, users: U, client: C, technicalAccount: T } = DEFAULT_IDS;
const SETTINGS = DEFAULT_SETTINGS_PATH;
const CURRENT_USER = '/libs/granite/security/currentuser.json';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  await emulatorControl(emu.url).reset();
});

interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: string | FormData | URLSearchParams;
  signal?: AbortSignal;
}
async function call(method: string, path: string, o: CallOptions = {}, base = emu.url) {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${base}${path}`, { method, headers, body: o.body, signal: o.signal });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
const state = (base = emu.url): Promise<EmulatorState> => emulatorControl(base).state();
const setFaults = (spec: string) => emulatorControl(emu.url).setFaults(spec);
/** The faults route itself, to see how it refuses a request. */
const postFaults = (body: string) => call('POST', EMULATOR.faultsPath, { body, headers: { 'content-type': 'application/json' } });
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const putBinding = (env: string, orgId: unknown, o: { token?: string; ifMatch?: string; raw?: string } = {}) =>
  call('PUT', `/env/${env}${SETTINGS}`, {
    token: o.token,
    headers: { 'content-type': 'application/json', ...(o.ifMatch !== undefined ? { 'if-match': o.ifMatch } : {}) },
    body: o.raw ?? JSON.stringify({ orgId }),
  });
async function mint(clientId: string = C.clientId, secret: string = C.clientSecret): Promise<string> {
  const r = await call('POST', '/ims/token/v3', {
    body: form({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'openid,AdobeID' }),
  });
  expect(r.status).toBe(200);
  return r.json.access_token;
}
describe('built-in fixture', () => {
  test('passes its own schema and holds the documented values', () => {
    const f = parseFixture(DEFAULT_FIXTURE);
    expect(f.orgs.map((o) => [o.id, o.name, o.creativeCloud])).toEqual([
      ['C0FFEE00000000000000DE01@AdobeOrg', 'Contoso Creative (Dev)', true],
      ['C0FFEE0000000000000057A6@AdobeOrg', 'Contoso Creative (Stage)', true],
      ['C0FFEE000000000000009D01@AdobeOrg', 'Contoso Creative (Prod)', true],
      ['C0FFEE00000000000000AC01@AdobeOrg', 'Contoso Marketing', false],
      ['C0FFEE00000000000000D0A1@AdobeOrg', 'Contoso Agency', true],
      ['C0FFEE00000000000000D0A2@AdobeOrg', 'Contoso Agency', true],
      ['C0FFEE000000000000000E01@AdobeOrg', 'Fabrikam Creative', true],
    ]);
    expect(f.users.map((u) => [u.token, u.userId, u.email, u.accountType])).toEqual([
      ['emu-token-ana', 'A1A1A1A1A1A1A1A1A1A1A1A1@c0ffee.e', 'ana@contoso.com', 'type3'],
      ['emu-token-ana-personal', 'B2B2B2B2B2B2B2B2B2B2B2B2@AdobeID', 'ana@contoso.com', 'type1'],
      ['emu-token-bob', 'C3C3C3C3C3C3C3C3C3C3C3C3@c0ffee.e', 'bob@contoso.com', 'type3'],
      ['emu-token-outsider', 'D4D4D4D4D4D4D4D4D4D4D4D4@fabrikam.e', 'eve@fabrikam.com', 'type3'],
      [undefined, 'F5F5F5F5F5F5F5F5F5F5F5F5@techacct.adobe.com', 'f5f5f5f5-0000-4000-8000-c0ffee00c1c1@techacct.adobe.com', undefined],
    ]);
    // the client credentials act as the technical account, which holds no Creative Cloud entitlement
    expect(f.clients).toEqual([{ clientId: 'emu-ci-client', clientSecret: 'emu-ci-secret', userId: T.userId }]);
    expect(f.users.find((u) => u.userId === T.userId)?.entitlements).toEqual([]);
    expect(f.environments.map((e) => [e.id, e.orgId, e.generation, e.admins])).toEqual([
      ['dev', null, 1, [U.ana.userId, U.anaPersonal.userId, T.userId]],
      ['stage', O.nocc, 3, [U.ana.userId, U.anaPersonal.userId, T.userId]],
      ['prod', O.prod, 7, [U.ana.userId, U.anaPersonal.userId, T.userId]],
      ['sandbox', O.dev, 1, [U.ana.userId, U.anaPersonal.userId, T.userId]],
    ]);
    expect(Object.isFrozen(DEFAULT_FIXTURE.environments[0])).toBe(true);
  });
});

describe('IMS token', () => {
  test("client_credentials (urlencoded, v3) mints a JWT-shaped token for the client's user", async () => {
    const before = Date.now();
    const r = await call('POST', '/ims/token/v3', {
      body: form({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: C.clientSecret, scope: 'openid,AdobeID' }),
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 86399 });
    const [h, p, s] = r.json.access_token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({
      alg: 'RS256',
      x5u: 'ims_na1-key-at-1.cer',
      kid: 'ims_na1-key-at-1',
      itt: 'at',
    });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(claims).toEqual({
      id: expect.any(String),
      type: 'access_token',
      client_id: C.clientId,
      user_id: T.userId,
      as: 'ims-na1',
      created_at: expect.stringMatching(/^\d+$/),
      expires_in: '86400000',
      scope: 'openid,AdobeID',
    });
    expect(Number(claims.created_at)).toBeGreaterThanOrEqual(before);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTokenPayload(r.json.access_token)).toEqual(claims);
  });

  test("multipart/form-data (v2), as Adobe's client sends it, via FormData", async () => {
    const fd = new FormData();
    fd.append('grant_type', 'client_credentials');
    fd.append('client_id', C.clientId);
    fd.append('client_secret', C.clientSecret);
    const r = await call('POST', '/ims/token/v2', { body: fd });
    expect(r.status).toBe(200);
    expect(decodeTokenPayload(r.json.access_token)).toMatchObject({ user_id: T.userId, scope: '' });
  });

  test('multipart/form-data with a hand-written boundary', async () => {
    const b = '----emu-boundary-123';
    const part = (k: string, v: string) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    const body = part('grant_type', 'client_credentials') + part('client_id', C.clientId) + part('client_secret', C.clientSecret) + `--${b}--\r\n`;
    const r = await call('POST', '/ims/token/v3', { body, headers: { 'content-type': `multipart/form-data; boundary=${b}` } });
    expect(r.status).toBe(200);
    // and a wrong secret in the same encoding is refused: the fields really are read
    const bad = part('grant_type', 'client_credentials') + part('client_id', C.clientId) + part('client_secret', 'nope') + `--${b}--\r\n`;
    const r2 = await call('POST', '/ims/token/v3', { body: bad, headers: { 'content-type': `multipart/form-data; boundary=${b}` } });
    expect(r2.status).toBe(401);
  });

  test('bad client, bad grant, bad encoding', async () => {
    const wrongSecret = await call('POST', '/ims/token/v3', {
      body: form({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: 'wrong-secret-value' }),
    });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    expect(wrongSecret.text).not.toContain('wrong-secret-value');
    const unknownClient = await call('POST', '/ims/token/v3', {
      body: form({ grant_type: 'client_credentials', client_id: 'x', client_secret: C.clientSecret }),
    });
    expect(unknownClient.status).toBe(401);
    expect(unknownClient.json.error).toBe('invalid_client');
    const noSecret = await call('POST', '/ims/token/v3', { body: form({ grant_type: 'client_credentials', client_id: C.clientId }) });
    expect(noSecret.status).toBe(401);
    const password = await call('POST', '/ims/token/v3', {
      body: form({ grant_type: 'password', client_id: C.clientId, client_secret: C.clientSecret }),
    });
    expect(password.status).toBe(400);
    expect(password.json.error).toBe('unsupported_grant_type');
    const noGrant = await call('POST', '/ims/token/v3', { body: form({ client_id: C.clientId }) });
    expect(noGrant.status).toBe(400);
    expect(noGrant.json.error).toBe('invalid_request');
    const asJson = await call('POST', '/ims/token/v3', {
      body: JSON.stringify({ grant_type: 'client_credentials' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(asJson.status).toBe(400);
    expect(asJson.json.error_description).toMatch(/Content-Type/);
    expect((await call('GET', '/ims/token/v3')).status).toBe(405);
  });
});

describe('IMS organizations and profile', () => {
  test('organizations of a fixture token and of a minted token', async () => {
    const r = await call('GET', '/ims/organizations/v6', { token: U.ana.token });
    expect(r.status).toBe(200);
    expect(r.json.map((o: any) => `${o.orgRef.ident}@${o.orgRef.authSrc}`)).toEqual([O.dev, O.stage, O.prod, O.nocc, O.dup1, O.dup2]);
    expect(r.json[3]).toEqual({
      orgRef: { ident: 'C0FFEE00000000000000AC01', authSrc: 'AdobeOrg' },
      orgName: 'Contoso Marketing',
      orgType: 'Enterprise',
      countryCode: 'US',
      groups: [],
    });
    const outsider = await call('GET', '/ims/organizations/v6', { token: U.outsider.token });
    expect(outsider.json.map((o: any) => o.orgName)).toEqual(['Fabrikam Creative']);
    const minted = await call('GET', '/ims/organizations/v6', { token: await mint() });
    expect(minted.json).toEqual(r.json.slice(0, 3)); // the technical account: the three Creative Cloud orgs
  });

  test('missing or unknown bearer: 401 invalid_token', async () => {
    for (const path of ['/ims/organizations/v6', '/ims/profile/v1']) {
      const none = await call('GET', path);
      expect(none.status).toBe(401);
      expect(none.json).toEqual({ error: 'invalid_token', error_description: expect.any(String) });
      const unknown = await call('GET', path, { token: 'emu-token-nobody' });
      expect(unknown.status).toBe(401);
      expect(unknown.json.error).toBe('invalid_token');
      expect(unknown.text).not.toContain('emu-token-nobody');
    }
  });

  test('profile: CC contexts for entitled orgs only, plus non-CC contexts; stable idents', async () => {
    const r = await call('GET', '/ims/profile/v1', { token: U.ana.token });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      userId: U.ana.userId,
      authId: expect.any(String),
      email: 'ana@contoso.com',
      displayName: 'Ana Admin',
      account_type: 'type3',
    });
    const ctx = r.json.projectedProductContext.map((c: any) => c.prodCtx);
    const cc = ctx.filter((c: any) => c.serviceCode === 'creative_cloud');
    expect(cc.map((c: any) => c.owningEntity)).toEqual([O.dev, O.stage, O.prod, O.dup1, O.dup2]);
    for (const c of cc)
      expect(c).toEqual({
        serviceCode: 'creative_cloud',
        statusCode: 'ACTIVE',
        owningEntity: expect.any(String),
        ident: expect.any(String),
        label: 'Creative Cloud All Apps',
      });
    expect(ctx.some((c: any) => c.serviceCode !== 'creative_cloud' && c.owningEntity === O.nocc)).toBe(true);
    const again = await call('GET', '/ims/profile/v1', { token: U.ana.token });
    expect(again.json).toEqual(r.json);

    const personal = await call('GET', '/ims/profile/v1', { token: U.anaPersonal.token });
    expect(personal.json).toMatchObject({ userId: U.anaPersonal.userId, email: 'ana@contoso.com', account_type: 'type1' });
    expect(personal.json.projectedProductContext.filter((c: any) => c.prodCtx.serviceCode === 'creative_cloud')).toEqual([]);
  });

  test("a technical account's profile (our model: IMS's is undocumented): named as IMS names one, no account type, no Creative Cloud", async () => {
    const r = await call('GET', '/ims/profile/v1', { token: await mint() });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      userId: T.userId,
      authId: T.userId,
      email: expect.stringMatching(/@techacct\.adobe\.com$/),
      displayName: 'Contoso CI (technical account)',
      projectedProductContext: [O.dev, O.stage, O.prod].map((owningEntity) => ({
        prodCtx: expect.objectContaining({ serviceCode: 'dma_aem_cloud', statusCode: 'ACTIVE', owningEntity }),
      })),
    });
  });

  test('a technical account, though an administrator, is refused the switch: it holds no entitlement (422 not_entitled)', async () => {
    const r = await putBinding('dev', O.dev, { token: await mint(), ifMatch: '"1"' });
    expect([r.status, r.json.error]).toEqual([422, 'not_entitled']);
    expect((await state()).environments.dev).toEqual({ orgId: null, orgName: null, generation: 1 });
  });
});

describe('IMS validate_token', () => {
  test('GET with bearer, POST with a token field, fixture tokens, unknown tokens', async () => {
    const token = await mint();
    const get = await call('GET', `/ims/validate_token/v1?type=access_token&client_id=${C.clientId}`, { token });
    expect(get.status).toBe(200);
    expect(get.json).toEqual({ valid: true, token: expect.objectContaining({ user_id: T.userId, client_id: C.clientId, type: 'access_token' }) });
    const post = await call('POST', '/ims/validate_token/v1', { body: form({ token, type: 'access_token', client_id: C.clientId }) });
    expect(post.json.valid).toBe(true);
    const query = await call('GET', `/ims/validate_token/v1?token=${encodeURIComponent(U.bob.token)}&type=access_token`);
    expect(query.json).toMatchObject({ valid: true, token: { user_id: U.bob.userId } });
    const unknown = await call('GET', '/ims/validate_token/v1?type=access_token', { token: 'emu-token-nobody' });
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({ valid: false, reason: 'invalid_token' });
    const otherClient = await call('GET', '/ims/validate_token/v1?type=access_token&client_id=another', { token });
    expect(otherClient.json.valid).toBe(false);
    const refresh = await call('GET', '/ims/validate_token/v1?type=refresh_token', { token });
    expect(refresh.json.valid).toBe(false);
    const none = await call('GET', '/ims/validate_token/v1?type=access_token');
    expect(none.status).toBe(400);
  });
});

describe('AEM currentuser.json', () => {
  test('admin, non-admin, props, auth, unknown environment', async () => {
    const ana = await call('GET', `/env/dev${CURRENT_USER}?props=memberOf`, { token: U.ana.token });
    expect(ana.status).toBe(200);
    expect(ana.json.authorizableId).toBe(U.ana.userId);
    expect(ana.json.memberOf.map((g: any) => g.authorizableId)).toContain('administrators');
    const bob = await call('GET', `/env/dev${CURRENT_USER}?props=memberOf`, { token: U.bob.token });
    expect(bob.json.authorizableId).toBe(U.bob.userId);
    expect(bob.json.memberOf.map((g: any) => g.authorizableId)).toEqual(['contributor']);
    const outsider = await call('GET', `/env/prod${CURRENT_USER}?props=memberOf`, { token: U.outsider.token });
    expect(outsider.json.memberOf.map((g: any) => g.authorizableId)).not.toContain('administrators');
    const minted = await call('GET', `/env/prod${CURRENT_USER}?props=memberOf`, { token: await mint() });
    expect(minted.json.authorizableId).toBe(T.userId);
    expect(minted.json.memberOf.map((g: any) => g.authorizableId)).toContain('administrators');
    const noProps = await call('GET', `/env/dev${CURRENT_USER}`, { token: U.ana.token });
    expect(noProps.json.memberOf).toBeUndefined();
    const anon = await call('GET', `/env/dev${CURRENT_USER}?props=memberOf`);
    expect(anon.status).toBe(401);
    expect(anon.json.error).toBeDefined();
    const missing = await call('GET', `/env/nope${CURRENT_USER}?props=memberOf`, { token: U.ana.token });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toBe('not_found');
  });
});

describe('AEM binding setting', () => {
  test('GET: state and ETag; 401; 404', async () => {
    const dev = await call('GET', `/env/dev${SETTINGS}`, { token: U.ana.token });
    expect(dev.status).toBe(200);
    expect(dev.json).toEqual({ orgId: null, orgName: null, generation: 1 });
    expect(dev.headers.get('etag')).toBe('"1"');
    const stage = await call('GET', `/env/stage${SETTINGS}`, { token: U.bob.token });
    expect(stage.json).toEqual({ orgId: O.nocc, orgName: 'Contoso Marketing', generation: 3 });
    expect(stage.headers.get('etag')).toBe('"3"');
    expect((await call('GET', `/env/dev${SETTINGS}`)).status).toBe(401);
    expect((await call('GET', `/env/dev${SETTINGS}`, { token: 'bogus' })).status).toBe(401);
    const missing = await call('GET', `/env/nope${SETTINGS}`, { token: U.ana.token });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: 'not_found' });
  });

  test('PUT rule order: 401, 403, 428, 400, 412, 422', async () => {
    // each request also violates every later rule, so only the order makes the status right
    expect((await putBinding('dev', 'junk', {})).status).toBe(401);
    expect((await putBinding('dev', 'junk', { token: 'bogus' })).status).toBe(401);
    const forbidden = await putBinding('dev', 'junk', { token: U.bob.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({ error: expect.any(String), message: expect.any(String) });
    expect((await putBinding('dev', 'junk', { token: U.outsider.token })).status).toBe(403);
    const noIfMatch = await putBinding('dev', 'junk', { token: U.ana.token });
    expect(noIfMatch.status).toBe(428);
    for (const raw of ['not json', '[]', '{}', '{"orgId": 5}', JSON.stringify({ orgId: O.dev.toLowerCase() }), JSON.stringify({ orgId: null })]) {
      const bad = await putBinding('dev', undefined, { token: U.ana.token, ifMatch: '"99"', raw });
      expect([raw, bad.status]).toEqual([raw, 400]);
    }
    const stale = await putBinding('dev', 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg', { token: U.ana.token, ifMatch: '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"1"');
    const unknown = await putBinding('dev', 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg', { token: U.ana.token, ifMatch: '"1"' });
    expect(unknown.status).toBe(422);
    expect(unknown.json).toEqual({ error: 'unknown_org', message: expect.any(String) });
    const notAccessible = await putBinding('dev', O.other, { token: U.ana.token, ifMatch: '"1"' });
    expect(notAccessible.status).toBe(422);
    expect(notAccessible.json.error).toBe('org_not_accessible');
    const noCcOrg = await putBinding('dev', O.nocc, { token: U.ana.token, ifMatch: '"1"' });
    expect(noCcOrg.status).toBe(422);
    expect(noCcOrg.json.error).toBe('not_entitled');
    // the trap: same e-mail, personal Adobe ID, no entitlement, though AEM admin and org member
    const personal = await putBinding('dev', O.dev, { token: U.anaPersonal.token, ifMatch: '"1"' });
    expect(personal.status).toBe(422);
    expect(personal.json.error).toBe('not_entitled');
    expect((await state()).environments.dev).toEqual({ orgId: null, orgName: null, generation: 1 });
  });

  test('PUT same org: 200, generation unchanged (If-Match quoted or not)', async () => {
    for (const ifMatch of ['"7"', '7', 'W/"7"']) {
      const r = await putBinding('prod', O.prod, { token: U.ana.token, ifMatch });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ orgId: O.prod, orgName: 'Contoso Creative (Prod)', generation: 7 });
      expect(r.headers.get('etag')).toBe('"7"');
    }
  });

  test('PUT switch: 200, generation + 1, new ETag; the old ETag is then stale', async () => {
    const r = await putBinding('dev', O.dev, { token: U.ana.token, ifMatch: '"1"' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ orgId: O.dev, orgName: 'Contoso Creative (Dev)', generation: 2 });
    expect(r.headers.get('etag')).toBe('"2"');
    const get = await call('GET', `/env/dev${SETTINGS}`, { token: U.ana.token });
    expect(get.json).toEqual(r.json);
    expect((await putBinding('dev', O.stage, { token: U.ana.token, ifMatch: '"1"' })).status).toBe(412);
    const stage = await putBinding('stage', O.stage, { token: U.ana.token, ifMatch: '3' });
    expect(stage.json).toEqual({ orgId: O.stage, orgName: 'Contoso Creative (Stage)', generation: 4 });
    expect((await state()).environments).toEqual({
      dev: { orgId: O.dev, orgName: 'Contoso Creative (Dev)', generation: 2 },
      stage: { orgId: O.stage, orgName: 'Contoso Creative (Stage)', generation: 4 },
      prod: { orgId: O.prod, orgName: 'Contoso Creative (Prod)', generation: 7 },
      sandbox: { orgId: O.dev, orgName: 'Contoso Creative (Dev)', generation: 1 },
    });
  });
});

describe('unknown routes', () => {
  test('404 JSON everywhere', async () => {
    for (const path of ['/', '/favicon.ico', '/ims/nope', '/env/dev', '/env/dev/content/dam', '/env/nope/anything']) {
      const r = await call('GET', path, { token: U.ana.token });
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.json.error).toBe('not_found');
    }
  });
});

describe('request log', () => {
  test('method, path without query, status; control routes excluded; empty after reset', async () => {
    expect((await state()).requests).toEqual([]);
    await call('GET', `/env/dev${CURRENT_USER}?props=memberOf`, { token: U.ana.token });
    await call('GET', '/ims/organizations/v6');
    await putBinding('dev', O.dev, { token: U.ana.token });
    await state();
    await setFaults('');
    await call('GET', '/nope?secret=x');
    const s = await state();
    expect(s.requests).toEqual([
      { method: 'GET', path: `/env/dev${CURRENT_USER}`, status: 200, apiKey: false, userId: U.ana.userId },
      { method: 'GET', path: '/ims/organizations/v6', status: 401, apiKey: false },
      { method: 'PUT', path: `/env/dev${SETTINGS}`, status: 428, apiKey: false, userId: U.ana.userId },
      { method: 'GET', path: '/nope', status: 404, apiKey: false },
    ]);
    expect(JSON.stringify(s)).not.toContain(U.ana.token);
  });

  test('whether an X-Api-Key header came (never its value), and whose token it was (an unknown token: none)', async () => {
    const key = 'key-value-never-logged';
    await call('GET', `/env/dev${SETTINGS}`, { token: U.bob.token, headers: { 'x-api-key': key } });
    await call('GET', '/ims/profile/v1', { token: 'not-a-known-token', headers: { 'X-Api-Key': key } });
    await call('GET', '/ims/profile/v1', { token: U.ana.token, headers: { 'x-api-key': '  ' } });
    const s = await state();
    expect(s.requests).toEqual([
      { method: 'GET', path: `/env/dev${SETTINGS}`, status: 200, apiKey: true, userId: U.bob.userId },
      { method: 'GET', path: '/ims/profile/v1', status: 401, apiKey: true },
      { method: 'GET', path: '/ims/profile/v1', status: 200, apiKey: false, userId: U.ana.userId },
    ]);
    expect(JSON.stringify(s)).not.toContain(key);
  });

  test('never records tokens or secrets', async () => {
    const token = await mint();
    await call('GET', `/ims/validate_token/v1?token=${token}&type=access_token`);
    await call('POST', '/ims/token/v3', { body: form({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: 'typo-secret' }) });
    const text = JSON.stringify(await state());
    for (const secret of [token, C.clientSecret, 'typo-secret']) expect(text).not.toContain(secret);
  });
});

describe('faults', () => {
  test('token:429x2: two 429 with Retry-After: 1, then success', async () => {
    expect(await setFaults('token:429x2')).toEqual([{ route: 'token', kind: '429', count: 2 }]);
    const body = () => form({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: C.clientSecret });
    for (let i = 0; i < 2; i++) {
      const r = await call('POST', '/ims/token/v3', { body: body() });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect((await call('POST', '/ims/token/v3', { body: body() })).status).toBe(200);
    expect((await state()).requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  test.each([
    ['500', 500],
    ['502', 502],
    ['503', 503],
  ])('%s answers %d once, on its route only', async (kind, status) => {
    await setFaults(`orgs:${kind}`);
    expect((await call('GET', '/ims/profile/v1', { token: U.ana.token })).status).toBe(200);
    expect((await call('GET', '/ims/organizations/v6', { token: U.ana.token })).status).toBe(status);
    expect((await call('GET', '/ims/organizations/v6', { token: U.ana.token })).status).toBe(200);
  });

  test('malformed: 200 with a body that is not JSON', async () => {
    await setFaults('binding-get:malformed');
    const r = await call('GET', `/env/prod${SETTINGS}`, { token: U.ana.token });
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(r.text)).toThrow();
    expect((await call('GET', `/env/prod${SETTINGS}`, { token: U.ana.token })).json.generation).toBe(7);
  });

  test('reset: the socket is destroyed, no answer, logged with status 0', async () => {
    await setFaults('profile:reset');
    await expect(call('GET', '/ims/profile/v1', { token: U.ana.token })).rejects.toThrow();
    expect((await state()).requests).toMatchObject([{ method: 'GET', path: '/ims/profile/v1', status: 0 }]);
    expect((await call('GET', '/ims/profile/v1', { token: U.ana.token })).status).toBe(200);
  });

  test('slow: no answer (the client gives up), logged with status 0', async () => {
    await setFaults('currentuser:slow');
    const started = Date.now();
    await expect(call('GET', `/env/dev${CURRENT_USER}?props=memberOf`, { token: U.ana.token, signal: AbortSignal.timeout(400) })).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect((await state()).requests).toMatchObject([{ method: 'GET', path: `/env/dev${CURRENT_USER}`, status: 0 }]);
  });

  test('* matches any route; counts are consumed in order', async () => {
    await setFaults('*:503x2,orgs:500');
    expect((await call('GET', '/ims/profile/v1', { token: U.ana.token })).status).toBe(503);
    expect((await call('GET', `/env/dev${SETTINGS}`, { token: U.ana.token })).status).toBe(503);
    expect((await call('GET', '/ims/profile/v1', { token: U.ana.token })).status).toBe(200);
    expect((await call('GET', '/ims/organizations/v6', { token: U.ana.token })).status).toBe(500);
    expect((await call('GET', '/ims/organizations/v6', { token: U.ana.token })).status).toBe(200);
    expect((await call('GET', EMULATOR.faultsPath)).json.faults).toEqual([]);
  });

  test('control routes neither consume faults nor get them', async () => {
    await setFaults('*:500');
    expect((await call('GET', EMULATOR.statePath)).status).toBe(200);
    expect((await call('GET', EMULATOR.faultsPath)).json.faults).toEqual([{ route: '*', kind: '500', count: 1 }]);
  });

  test('binding-put:reset applies the change, then drops the answer', async () => {
    await setFaults('binding-put:reset');
    await expect(putBinding('dev', O.stage, { token: U.ana.token, ifMatch: '"1"' })).rejects.toThrow();
    const s = await state();
    expect(s.environments.dev).toEqual({ orgId: O.stage, orgName: 'Contoso Creative (Stage)', generation: 2 });
    expect(s.requests).toMatchObject([{ method: 'PUT', path: `/env/dev${SETTINGS}`, status: 0 }]);
    // a request that would have failed changes nothing
    await setFaults('binding-put:reset');
    await expect(putBinding('dev', O.prod, { token: U.bob.token, ifMatch: '"2"' })).rejects.toThrow();
    expect((await state()).environments.dev.generation).toBe(2);
  });

  test('other kinds on binding-put do not apply the change', async () => {
    await setFaults('binding-put:503,binding-put:malformed');
    expect((await putBinding('dev', O.dev, { token: U.ana.token, ifMatch: '"1"' })).status).toBe(503);
    expect((await putBinding('dev', O.dev, { token: U.ana.token, ifMatch: '"1"' })).status).toBe(200);
    expect((await state()).environments.dev).toEqual({ orgId: null, orgName: null, generation: 1 });
  });

  test('POST /__emulator/faults replaces the pending list; a bad spec is a clear 400', async () => {
    await setFaults('orgs:500x5');
    await setFaults('profile:502');
    expect((await call('GET', '/ims/organizations/v6', { token: U.ana.token })).status).toBe(200);
    const bad = await postFaults(JSON.stringify({ spec: 'orgs:teapot' }));
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_fault_spec');
    expect(bad.json.message).toMatch(/unknown kind "teapot"/);
    expect(bad.json.message).toMatch(/429, 500, 502, 503, reset, slow, malformed/);
    const notJson = await postFaults('orgs:500');
    expect(notJson.status).toBe(400);
    // the bad specs left the pending list alone
    expect((await call('GET', '/ims/profile/v1', { token: U.ana.token })).status).toBe(502);
  });

  test('faults and latency given at start', async () => {
    const other = await startEmulator({ faults: 'validate:503', latencyMs: 300 });
    try {
      let t = Date.now();
      const r = await call('GET', '/ims/validate_token/v1', { token: U.ana.token }, other.url);
      expect(r.status).toBe(503);
      expect(Date.now() - t).toBeGreaterThanOrEqual(280);
      t = Date.now();
      expect((await call('GET', '/ims/validate_token/v1', { token: U.ana.token }, other.url)).json.valid).toBe(true);
      expect(Date.now() - t).toBeGreaterThanOrEqual(280);
      t = Date.now();
      await state(other.url);
      expect(Date.now() - t).toBeLessThan(250);
    } finally {
      await other.close();
    }
  });
});

describe('control routes', () => {
  test('reset: bindings, faults and log back to start; minted tokens stay valid', async () => {
    const token = await mint();
    await putBinding('dev', O.dev, { token, ifMatch: '"1"' });
    await setFaults('orgs:500x3');
    const r = await call('POST', EMULATOR.resetPath);
    expect(r.status).toBe(200);
    const s = await state();
    expect(s.requests).toEqual([]);
    expect(s.environments.dev).toEqual({ orgId: null, orgName: null, generation: 1 });
    expect((await call('GET', '/ims/organizations/v6', { token })).status).toBe(200);
    expect((await call('GET', '/ims/validate_token/v1', { token })).json.valid).toBe(true);
  });

  test('PUT /__emulator/environments/<id> switches by hand: generation + 1, any fixture org; not logged', async () => {
    const r = await call('PUT', `${EMULATOR.environmentsPath}/prod`, { body: JSON.stringify({ orgId: O.other }) });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ orgId: O.other, orgName: 'Fabrikam Creative', generation: 8 });
    const s = await state();
    expect(s.environments.prod).toEqual({ orgId: O.other, orgName: 'Fabrikam Creative', generation: 8 });
    expect(s.requests).toEqual([]);
    expect(
      (await call('PUT', `${EMULATOR.environmentsPath}/prod`, { body: JSON.stringify({ orgId: 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg' }) })).status,
    ).toBe(400);
    expect((await call('PUT', `${EMULATOR.environmentsPath}/prod`, { body: 'nope' })).status).toBe(400);
    expect((await call('PUT', `${EMULATOR.environmentsPath}/nope`, { body: JSON.stringify({ orgId: O.dev }) })).status).toBe(404);
    expect((await state()).environments.prod.generation).toBe(8);
  });
});

describe('fixture loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-fixture-'));
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const copy = (): Fixture => JSON.parse(JSON.stringify(DEFAULT_FIXTURE));

  test('errors name the file and the field', () => {
    expect(() => loadFixture(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read/);
    const notJson = file('broken.json', '{"orgs": [');
    expect(() => loadFixture(notJson)).toThrow(new RegExp(`${notJson.replace(/[.]/g, '\\.')}: not valid JSON`));
    const cases: [(f: any) => void, RegExp][] = [
      [(f) => (f.orgs[0].id = 'c0ffee@AdobeOrg'), /orgs\[0\]\.id: must be 24 upper-case hex/],
      [(f) => (f.users[0].orgs[1] = 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg'), /users\[0\]\.orgs\[1\]: unknown org/],
      [(f) => (f.users[1].entitlements = [O.other]), /users\[1\]\.entitlements\[0\]: .*not in this user's "orgs"/],
      [(f) => f.users[0].entitlements.push(O.nocc), /users\[0\]\.entitlements\[5\]: .*"creativeCloud": false/],
      [(f) => (f.users[2].token = f.users[0].token), /users\[2\]\.token: the same token/],
      [(f) => (f.users[0].accountType = 'type9'), /users\[0\]\.accountType/],
      [(f) => (f.users[0].entitlement = []), /users\[0\]: Unrecognized key/],
      [(f) => (f.clients[0].userId = 'ghost@AdobeID'), /clients\[0\]\.userId: unknown user/],
      [(f) => (f.clients[0].userId = U.ana.userId), /clients\[0\]\.userId: must be a technical account \(…@techacct\.adobe\.com\)/],
      [(f) => (f.users[4].accountType = 'type2'), /users\[4\]\.accountType: a technical account .* has no accountType/],
      [(f) => (f.users[4].entitlements = [O.dev]), /users\[4\]\.entitlements: a technical account holds no Creative Cloud entitlement/],
      [(f) => delete f.users[0].accountType, /users\[0\]\.accountType: required for a person/],
      [(f) => delete f.users[0].token, /users\[0\]\.token: required for a person/],
      [(f) => (f.environments[1].admins = ['ghost@AdobeID']), /environments\[1\]\.admins\[0\]: unknown user/],
      [(f) => (f.environments[0].generation = 1.5), /environments\[0\]\.generation/],
      [(f) => (f.environments[0].id = 'has/slash'), /environments\[0\]\.id/],
      [(f) => (f.environments[3].id = 'dev'), /environments\[3\]: duplicate environment id "dev"/],
      [(f) => delete f.users, /users: /],
    ];
    cases.forEach(([mutate, re], i) => {
      const f = copy();
      mutate(f);
      const p = file(`case-${i}.json`, JSON.stringify(f));
      let message = '';
      try {
        loadFixture(p);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(p);
      expect(message).toMatch(re);
    });
  });

  test('a valid file loads, and the emulator serves it', async () => {
    const p = file(
      'custom.json',
      JSON.stringify({
        orgs: [{ id: '0123456789ABCDEF01234567@AdobeOrg', name: 'Solo', creativeCloud: true }],
        users: [
          {
            userId: 'U1@AdobeID',
            email: 'u@x.test',
            name: 'U',
            accountType: 'type2',
            token: 'tok-u',
            orgs: ['0123456789ABCDEF01234567@AdobeOrg'],
            entitlements: ['0123456789ABCDEF01234567@AdobeOrg'],
          },
        ],
        environments: [{ id: 'only', admins: ['U1@AdobeID'], orgId: null, generation: 0 }],
      }),
    );
    const f = loadFixture(p);
    expect(f.clients).toEqual([]);
    const other = await startEmulator({ fixture: f });
    try {
      const put = await call(
        'PUT',
        `/env/only${SETTINGS}`,
        { token: 'tok-u', headers: { 'if-match': '"0"' }, body: JSON.stringify({ orgId: '0123456789ABCDEF01234567@AdobeOrg' }) },
        other.url,
      );
      expect(put.status).toBe(200);
      expect(put.json).toEqual({ orgId: '0123456789ABCDEF01234567@AdobeOrg', orgName: 'Solo', generation: 1 });
      // the default fixture's tokens mean nothing there
      expect((await call('GET', '/ims/profile/v1', { token: U.ana.token }, other.url)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  test('startEmulator checks a fixture passed in code', async () => {
    const f = copy();
    f.environments[0].orgId = 'FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg';
    await expect(startEmulator({ fixture: f })).rejects.toThrow(/environments\[0\]\.orgId: unknown org/);
  });
});

describe('fault spec parsing', () => {
  test('valid specs', () => {
    expect(parseFaultSpec('')).toEqual([]);
    expect(parseFaultSpec('  ')).toEqual([]);
    expect(parseFaultSpec('token:429x2,binding-put:reset')).toEqual([
      { route: 'token', kind: '429', count: 2 },
      { route: 'binding-put', kind: 'reset', count: 1 },
    ]);
    expect(parseFaultSpec(' *:slow , orgs:malformedx3 ')).toEqual([
      { route: '*', kind: 'slow', count: 1 },
      { route: 'orgs', kind: 'malformed', count: 3 },
    ]);
  });

  test.each([
    ['tokn:429', /entry 1 "tokn:429": unknown route "tokn"/],
    ['token:404', /unknown kind "404"/],
    ['token', /missing ":"/],
    ['token:429x0', /count "0"/],
    ['token:429x', /count ""/],
    ['token:429x-1', /count "-1"/],
    ['token:429,,orgs:500', /entry 2 "": empty entry/],
    ['orgs:500,profile:', /entry 2 "profile:": unknown kind ""/],
  ])('%j is refused', (spec, re) => {
    expect(() => parseFaultSpec(spec)).toThrow(re);
    expect(() => parseFaultSpec(spec)).toThrow(
      /routes: token, orgs, profile, validate, currentuser, binding-get, binding-put, \*; kinds: 429, 500, 502, 503, reset, slow, malformed/,
    );
  });
});

describe('the route table', () => {
  test.each([
    ['POST', '/ims/token/v3', 'token'],
    ['POST', '/ims/token/v2', 'token'],
    ['GET', '/ims/organizations/v6', 'orgs'],
    ['GET', '/ims/profile/v1', 'profile'],
    ['GET', '/ims/validate_token/v1', 'validate'],
    ['POST', '/ims/validate_token/v1', 'validate'],
    ['GET', `/env/dev${CURRENT_USER}`, 'currentuser'],
    ['GET', `/env/any-env${SETTINGS}`, 'binding-get'],
    ['PUT', `/env/dev${SETTINGS}`, 'binding-put'],
    ['GET', '/ims/token/v3', undefined],
    ['PUT', `/env/dev${CURRENT_USER}`, undefined],
    ['GET', `/env/dev/other${SETTINGS}`, undefined],
    ['GET', EMULATOR.statePath, undefined],
    ['GET', '/elsewhere', undefined],
  ])('%s %s counts as fault route %s', (method, path, route) => {
    expect(faultRouteOf(method, path)).toBe(route);
  });

  test.each([
    ['GET', '/ims/token/v3', 'POST', { error: 'method_not_allowed', error_description: 'use POST' }],
    ['PUT', '/ims/validate_token/v1', 'GET, POST', { error: 'method_not_allowed', error_description: 'use GET or POST' }],
    ['POST', `/env/dev${SETTINGS}`, 'GET, PUT', { error: 'method_not_allowed', message: 'use GET or PUT' }],
    ['DELETE', EMULATOR.faultsPath, 'GET, POST', { error: 'method_not_allowed', message: 'use GET, POST' }],
  ])("%s %s: 405 allowing %s, in the area's error shape", async (method, path, allow, body) => {
    const r = await call(method, path, { token: U.ana.token });
    expect([r.status, r.headers.get('allow'), r.json]).toEqual([405, allow, body]);
  });

  test('an unknown environment is a 404 whatever the method', async () => {
    const r = await call('POST', `/env/nope${SETTINGS}`, { token: U.ana.token });
    expect([r.status, r.json.message]).toEqual([404, 'no AEM environment "nope"; known: dev, stage, prod, sandbox']);
  });
});

describe('idle()', () => {
  test('resolves once every request that arrived has been answered (latency included)', async () => {
    const other = await startEmulator({ latencyMs: 300 });
    try {
      await other.idle(); // nothing pending: at once
      const answered = call('GET', '/ims/profile/v1', { token: U.ana.token }, other.url);
      await waitFor(async () => (await state(other.url)).requests.length === 1);
      expect((await state(other.url)).requests).toMatchObject([{ method: 'GET', path: '/ims/profile/v1', status: 0 }]);
      await other.idle();
      expect((await state(other.url)).requests).toMatchObject([{ method: 'GET', path: '/ims/profile/v1', status: 200 }]);
      expect((await answered).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('close()', () => {
  test.each([
    ['a slow request', { faults: 'orgs:slow' }, '/ims/organizations/v6'],
    ['a latency wait', { latencyMs: 30_000 }, '/ims/profile/v1'],
  ])('finishes within a second with %s pending, and drops it', async (_what, opts, path) => {
    const other = await startEmulator(opts);
    const pending = call('GET', path, { token: U.ana.token }, other.url);
    pending.catch(() => undefined);
    await waitFor(async () => (await state(other.url)).requests.length === 1);
    const t = Date.now();
    await other.close();
    expect(Date.now() - t).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
    await expect(state(other.url)).rejects.toThrow();
  });
});
