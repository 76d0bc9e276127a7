/**
 * Adobe's own IMS client, unchanged, against the emulator: the proof that the emulator speaks IMS.
 * `Ims` builds every URL as `endpoint + '/ims/...'`, so its public `endpoint` is the emulator's base URL.
 */
import { startEmulator, type RunningEmulator, DEFAULT_IDS, emulatorControl } from '../../src/emulator';

/* The package's generated .d.ts is looser than its code (returns typed `object`, a mandatory cache
   argument), so the client is described here by what it really does; the code runs unchanged. */
interface ImsClient {
  endpoint: string;
  getAccessTokenByClientCredentials(clientId: string, secret: string, orgId: string, scopes?: string[]): Promise<any>;
  validateToken(token: string, clientId?: string): Promise<any>;
  getOrganizations(token: string): Promise<any>;
  get(api: string, token: string, parameters: object): Promise<any>;
}

const { Ims, getTokenData } = require('@adobe/aio-lib-ims') as {
  Ims: new (env: string) => ImsClient;
  getTokenData(token: string): Record<string, string>;
};

const { orgs: O, users: U, client: C, technicalAccount: T } = DEFAULT_IDS;

let emu: RunningEmulator;
let ims: ImsClient;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  ims = new Ims('prod');
  ims.endpoint = emu.url;
});
afterAll(async () => {
  await emu.close();
});

describe('@adobe/aio-lib-ims against the emulator', () => {
  test('getAccessTokenByClientCredentials mints a JWT-shaped token the client can decode (multipart body)', async () => {
    const before = Date.now();
    const result = await ims.getAccessTokenByClientCredentials(C.clientId, C.clientSecret, O.dev, ['openid', 'AdobeID', 'read_organizations']);
    expect(result.payload).toMatchObject({ token_type: 'bearer', expires_in: 86399 });
    const token: string = result.access_token.token;
    expect(token.split('.')).toHaveLength(3);
    const data = getTokenData(token);
    expect(data).toMatchObject({
      type: 'access_token',
      client_id: C.clientId,
      user_id: T.userId,
      as: 'ims-na1',
      expires_in: '86400000',
      scope: 'openid,AdobeID,read_organizations',
    });
    expect(Number(data.created_at)).toBeGreaterThanOrEqual(before);
    // expiry computed by the client from created_at + expires_in (ms)
    expect(result.access_token.expiry).toBe(Number(data.created_at) + 86_400_000);
    const last = (await emulatorControl(emu.url).requests()).at(-1);
    expect(last).toEqual({ method: 'POST', path: '/ims/token/v2', status: 200, apiKey: false });
  });

  test('a wrong secret is refused with invalid_client', async () => {
    await expect(ims.getAccessTokenByClientCredentials(C.clientId, 'wrong-secret', O.dev, [])).rejects.toThrow(/401.*invalid_client/);
  });

  test('validateToken accepts a minted token and refuses a forged one', async () => {
    const { access_token } = await ims.getAccessTokenByClientCredentials(C.clientId, C.clientSecret, O.dev, ['openid']);
    const ok = await ims.validateToken(access_token.token);
    expect(ok.valid).toBe(true);
    expect(ok.token).toMatchObject({ user_id: T.userId, client_id: C.clientId, type: 'access_token' });
    // same shape, never issued by this emulator
    const [h, p] = access_token.token.split('.');
    const forged = `${h}.${p}.AAAA`;
    const bad = await ims.validateToken(forged);
    expect(bad).toEqual({ valid: false, reason: 'invalid_token' });
    // a client id that is not the token's
    const wrongClient = await ims.validateToken(access_token.token, 'someone-else');
    expect(wrongClient.valid).toBe(false);
  });

  test("getOrganizations lists the orgs of the token's user (the client's technical account)", async () => {
    const { access_token } = await ims.getAccessTokenByClientCredentials(C.clientId, C.clientSecret, O.dev, ['read_organizations']);
    const list = await ims.getOrganizations(access_token.token);
    expect(Array.isArray(list)).toBe(true);
    const ids = list.map((o: { orgRef: { ident: string; authSrc: string } }) => `${o.orgRef.ident}@${o.orgRef.authSrc}`);
    expect(ids).toEqual([O.dev, O.stage, O.prod]);
    expect(list[0]).toMatchObject({ orgName: 'Contoso Creative (Dev)', orgType: 'Enterprise', countryCode: 'US', groups: [] });
    // a fixture token works too, exactly as written
    const bobs = await ims.getOrganizations(U.bob.token);
    expect(bobs).toHaveLength(3);
  });

  test('get(/ims/profile/v1) returns the profile with its product contexts', async () => {
    const ccOrgs = (profile: any) =>
      profile.projectedProductContext
        .filter((c: { prodCtx: { serviceCode: string } }) => c.prodCtx.serviceCode === 'creative_cloud')
        .map((c: { prodCtx: { owningEntity: string } }) => c.prodCtx.owningEntity);
    const ana = await ims.get('/ims/profile/v1', U.ana.token, {});
    expect(ana).toMatchObject({ userId: U.ana.userId, email: 'ana@contoso.com', account_type: 'type3', displayName: 'Ana Admin' });
    expect(ccOrgs(ana)).toEqual([O.dev, O.stage, O.prod, O.dup1, O.dup2]);
    const { access_token } = await ims.getAccessTokenByClientCredentials(C.clientId, C.clientSecret, O.dev, ['openid']);
    const technical = await ims.get('/ims/profile/v1', access_token.token, {});
    expect(technical).toMatchObject({ userId: T.userId });
    expect(ccOrgs(technical)).toEqual([]);
  });

  test("Adobe's client sends no X-Api-Key to IMS: token, organizations and profile (what src/ims.ts matches)", async () => {
    await emulatorControl(emu.url).reset();
    const { access_token } = await ims.getAccessTokenByClientCredentials(C.clientId, C.clientSecret, O.dev, ['openid']);
    await ims.getOrganizations(access_token.token);
    await ims.get('/ims/profile/v1', access_token.token, {});
    const log = await emulatorControl(emu.url).requests();
    expect(log.map((r) => [r.method, r.path, r.apiKey])).toEqual([
      ['POST', '/ims/token/v2', false],
      ['GET', '/ims/organizations/v6', false],
      ['GET', '/ims/profile/v1', false],
    ]);
  });

  test('an unknown token is refused by organizations', async () => {
    await expect(ims.getOrganizations('not-a-token')).rejects.toThrow(/401.*invalid_token/);
  });
});
