import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheKey, defaultCacheDir, readCredentialSet, TokenProvider, type Credentials } from '../../src/credentials';
import type { ImsClient } from '../../src/ims';
import { createLogger } from '../../src/log';
import { tmpDir } from '../helpers/cli';

const ENDPOINT = 'https://ims.example.com';
const CLIENT: Credentials = { mode: 'client', clientId: 'ci-client', clientSecret: 'ci-secret-value', scopes: 'openid,AdobeID' };

function fakeIms(expiresIn = 86_399) {
  let n = 0;
  const clientCredentialsToken = jest.fn(async (_id: string, _secret: string, _scopes: string) => ({
    access_token: `minted-token-${++n}`,
    expires_in: expiresIn,
  }));
  return { ims: { clientCredentialsToken } as unknown as ImsClient, calls: clientCredentialsToken };
}

function logger() {
  const lines: string[] = [];
  return { log: createLogger('debug', (l) => lines.push(l)), lines };
}

const mode = (p: string) => fs.statSync(p).mode & 0o777;
const cacheFile = (dir: string, c = CLIENT as Extract<Credentials, { mode: 'client' }>) =>
  path.join(dir, `token-${cacheKey(ENDPOINT, c.clientId, c.scopes)}.json`);

afterEach(() => jest.restoreAllMocks());

describe('readCredentialSet', () => {
  test('a user token', () => {
    expect(readCredentialSet({ AEM_CC_ACCESS_TOKEN: 'tok-abcdef' })).toEqual({ user: { mode: 'user', token: 'tok-abcdef' } });
  });
  test('a user token with AEM_CC_API_KEY, the key it is sent with', () => {
    expect(readCredentialSet({ AEM_CC_ACCESS_TOKEN: 'tok-abcdef', AEM_CC_API_KEY: 'web-app' })).toEqual({
      user: { mode: 'user', token: 'tok-abcdef', apiKey: 'web-app' },
    });
  });
  test('client credentials with default and given scopes', () => {
    expect(readCredentialSet({ AEM_CC_CLIENT_ID: 'id', AEM_CC_CLIENT_SECRET: 'secret' })).toEqual({
      client: { mode: 'client', clientId: 'id', clientSecret: 'secret', scopes: expect.stringContaining('read_organizations') },
    });
    expect(readCredentialSet({ AEM_CC_CLIENT_ID: 'id', AEM_CC_CLIENT_SECRET: 'secret', AEM_CC_SCOPES: 'a,b' }).client).toMatchObject({
      scopes: 'a,b',
    });
  });
  test('both kinds: both are read, each checked on its own (the key belongs to the user token)', () => {
    const env = { AEM_CC_ACCESS_TOKEN: 'tok-abcdef', AEM_CC_CLIENT_ID: 'id', AEM_CC_CLIENT_SECRET: 'secret', AEM_CC_API_KEY: 'web-app' };
    expect(readCredentialSet(env)).toEqual({
      user: { mode: 'user', token: 'tok-abcdef', apiKey: 'web-app' },
      client: { mode: 'client', clientId: 'id', clientSecret: 'secret', scopes: expect.any(String) },
    });
  });
  test.each([
    [{}, 'missing_credentials'],
    [{ AEM_CC_ACCESS_TOKEN: '' }, 'missing_credentials'],
    [{ AEM_CC_CLIENT_ID: 'cid-7f3a9' }, 'missing_credentials'],
    [{ AEM_CC_CLIENT_SECRET: 'csec-7f3a9' }, 'missing_credentials'],
    [{ AEM_CC_ACCESS_TOKEN: 'tok-7f3a9', AEM_CC_CLIENT_ID: 'cid-7f3a9' }, 'missing_credentials'],
    [{ AEM_CC_ACCESS_TOKEN: 'tok-7f3a9', AEM_CC_CLIENT_ID: 'cid-7f3a9', AEM_CC_CLIENT_SECRET: 'csec 7f3a9' }, 'invalid_input'],
    [{ AEM_CC_ACCESS_TOKEN: 'tok-7f3a9\n' }, 'invalid_input'],
    [{ AEM_CC_ACCESS_TOKEN: 'tok 7f3a9' }, 'invalid_input'],
    [{ AEM_CC_CLIENT_ID: 'cid-7f3a9', AEM_CC_CLIENT_SECRET: 'csec-é7f3a9' }, 'invalid_input'],
    [{ AEM_CC_CLIENT_ID: 'cid-7f3a9', AEM_CC_CLIENT_SECRET: 'csec-7f3a9', AEM_CC_SCOPES: 'a, b' }, 'invalid_input'],
    // the key of a user token, without one: client credentials always send their own client id
    [{ AEM_CC_CLIENT_ID: 'cid-7f3a9', AEM_CC_CLIENT_SECRET: 'csec-7f3a9', AEM_CC_API_KEY: 'key-7f3a9' }, 'invalid_input'],
    [{ AEM_CC_API_KEY: 'key-7f3a9' }, 'missing_credentials'],
    [{ AEM_CC_ACCESS_TOKEN: 'tok-7f3a9', AEM_CC_API_KEY: 'key 7f3a9' }, 'invalid_input'],
  ])('%j -> %s', (env, code) => {
    let err: any;
    try {
      readCredentialSet(env);
    } catch (e) {
      err = e;
    }
    expect(err?.code).toBe(code);
    expect(err.exitCode).toBe(2);
    for (const v of Object.values(env)) if (v.includes('7f3a9')) expect(err.message).not.toContain('7f3a9');
  });
  test('default cache dir', () => {
    expect(defaultCacheDir({ AEM_CC_CACHE_DIR: '/x/y' })).toBe('/x/y');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/aem-cc');
  });
});

describe('TokenProvider', () => {
  test('user mode gives the user token and never asks IMS', async () => {
    const { ims, calls } = fakeIms();
    const p = new TokenProvider({ mode: 'user', token: 'user-token-1' }, ims, ENDPOINT, logger().log, path.join(tmpDir(), 'c'));
    expect(await p.token()).toBe('user-token-1');
    expect(calls).not.toHaveBeenCalled();
  });

  test('client mode: one request, then the cache is reused (also by another process-like instance)', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms();
    const a = new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir);
    expect(await a.token()).toBe('minted-token-1');
    expect(await a.token()).toBe('minted-token-1');
    const b = new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir);
    expect(await b.token()).toBe('minted-token-1');
    expect(calls).toHaveBeenCalledTimes(1);
    expect(calls).toHaveBeenCalledWith('ci-client', 'ci-secret-value', 'openid,AdobeID');
  });

  test('parallel callers share one request', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms();
    const tokens = await Promise.all(Array.from({ length: 8 }, () => new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token()));
    expect(new Set(tokens)).toEqual(new Set(['minted-token-1']));
    expect(calls).toHaveBeenCalledTimes(1);
  });

  test('cache dir is created 0700 and the cache file is 0600; the file holds no secret but the token', async () => {
    const dir = path.join(tmpDir(), 'nested', 'cache');
    const { ims } = fakeIms();
    await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token();
    expect(mode(dir)).toBe(0o700);
    const file = cacheFile(dir);
    expect(mode(file)).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual({ accessToken: 'minted-token-1', expiresAt: expect.any(Number) });
    expect(text).not.toContain('ci-secret-value');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('the cache key separates endpoints, clients and scopes', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms();
    await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token();
    await new TokenProvider({ ...CLIENT, scopes: 'openid' } as Credentials, ims, ENDPOINT, logger().log, dir).token();
    await new TokenProvider({ ...CLIENT, clientId: 'other' } as Credentials, ims, ENDPOINT, logger().log, dir).token();
    await new TokenProvider(CLIENT, ims, 'https://ims-na1-stg1.adobelogin.com', logger().log, dir).token();
    expect(calls).toHaveBeenCalledTimes(4);
    expect(new Set([cacheKey('a', 'b', 'c'), cacheKey('a', 'b', 'd'), cacheKey('a', 'x', 'c'), cacheKey('z', 'b', 'c')]).size).toBe(4);
  });

  test('a cached token is renewed 10 minutes before it expires, not earlier', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms(3600); // one hour
    const t0 = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(t0);
    expect(await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token()).toBe('minted-token-1');
    now.mockReturnValue(t0 + 49 * 60_000); // 11 minutes left: still good
    expect(await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token()).toBe('minted-token-1');
    now.mockReturnValue(t0 + 51 * 60_000); // 9 minutes left: renew
    expect(await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token()).toBe('minted-token-2');
    expect(calls).toHaveBeenCalledTimes(2);
    // the renewed token replaced the old one in the cache
    expect(JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8')).accessToken).toBe('minted-token-2');
  });

  test('a token that is short-lived from the start is never served from the cache', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms(300);
    await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token();
    await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token();
    expect(calls).toHaveBeenCalledTimes(2);
  });

  test("a cache dir with looser permissions is not used (and not tightened behind the user's back)", async () => {
    const dir = path.join(tmpDir(), 'cache');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const { ims, calls } = fakeIms();
    const { log, lines } = logger();
    expect(await new TokenProvider(CLIENT, ims, ENDPOINT, log, dir).token()).toBe('minted-token-1');
    expect(await new TokenProvider(CLIENT, ims, ENDPOINT, log, dir).token()).toBe('minted-token-2');
    expect(calls).toHaveBeenCalledTimes(2);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(mode(dir)).toBe(0o755);
    expect(lines.join('')).toMatch(/chmod 700/);
  });

  test('a cache file with looser permissions is ignored and replaced by a 0600 one', async () => {
    const dir = path.join(tmpDir(), 'cache');
    fs.mkdirSync(dir, { mode: 0o700 });
    const file = cacheFile(dir);
    fs.writeFileSync(file, JSON.stringify({ accessToken: 'planted-token', expiresAt: Date.now() + 86_400_000 }), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const { ims, calls } = fakeIms();
    const { log, lines } = logger();
    expect(await new TokenProvider(CLIENT, ims, ENDPOINT, log, dir).token()).toBe('minted-token-1');
    expect(calls).toHaveBeenCalledTimes(1);
    expect(lines.join('')).toMatch(/ignoring token cache file/);
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).accessToken).toBe('minted-token-1');
  });

  test('a corrupt or wrongly shaped cache file is ignored', async () => {
    const dir = path.join(tmpDir(), 'cache');
    fs.mkdirSync(dir, { mode: 0o700 });
    const { ims, calls } = fakeIms();
    for (const content of ['not json', '{"accessToken": 5, "expiresAt": 1}', '[]']) {
      fs.writeFileSync(cacheFile(dir), content, { mode: 0o600 });
      await new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token();
    }
    expect(calls).toHaveBeenCalledTimes(3);
  });

  test('an IMS failure is passed on and nothing is cached', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const ims = { clientCredentialsToken: jest.fn(async () => Promise.reject(new Error('IMS down'))) } as unknown as ImsClient;
    await expect(new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir).token()).rejects.toThrow('IMS down');
    expect(fs.existsSync(cacheFile(dir))).toBe(false);
    // the lock was released: the next attempt is not stuck behind it
    const { ims: ok } = fakeIms();
    expect(await new TokenProvider(CLIENT, ok, ENDPOINT, logger().log, dir).token()).toBe('minted-token-1');
  });
});

describe('TokenProvider.renew: a refused cached token (issue 13, item 4)', () => {
  /** A provider whose token came from a cache planted with `token`. */
  async function fromCache(dir: string, token: string, ims: ImsClient) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(cacheFile(dir), JSON.stringify({ accessToken: token, expiresAt: Date.now() + 86_400_000 }), { mode: 0o600 });
    const p = new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir);
    expect(await p.token()).toBe(token);
    return p;
  }
  const cached = (dir: string) => JSON.parse(fs.readFileSync(cacheFile(dir), 'utf8')).accessToken;

  test('drops the refused entry, asks IMS once, caches and gives the new token; never renews twice', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms();
    const p = await fromCache(dir, 'revoked-token', ims);
    const [a, b] = await Promise.all([p.renew('revoked-token'), p.renew('revoked-token')]);
    expect([a, b]).toEqual(['minted-token-1', 'minted-token-1']);
    expect(await p.token()).toBe('minted-token-1');
    expect(cached(dir)).toBe('minted-token-1');
    expect(await p.renew('minted-token-1')).toBeUndefined(); // the renewed token is not renewed: no loop
    expect(calls).toHaveBeenCalledTimes(1);
    expect(p.explainRefusal().checked).toMatch(/renewed once from IMS after the one in the token cache in .* was refused/);
  });

  test('another process renewed it first: its token is used, IMS is not asked, the new entry is kept', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms();
    const p = await fromCache(dir, 'revoked-token', ims);
    fs.writeFileSync(cacheFile(dir), JSON.stringify({ accessToken: 'renewed-elsewhere', expiresAt: Date.now() + 86_400_000 }), { mode: 0o600 });
    expect(await p.renew('revoked-token')).toBe('renewed-elsewhere');
    expect(cached(dir)).toBe('renewed-elsewhere');
    expect(calls).not.toHaveBeenCalled();
  });

  test('eight providers (as eight processes) meeting the same refusal make one token request', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const { ims, calls } = fakeIms();
    const providers = [];
    for (let i = 0; i < 8; i++) providers.push(await fromCache(dir, 'revoked-token', ims));
    // the first renewal rewrites the entry; the others must find it, not drop it
    const renewed = await Promise.all(providers.map((p) => p.renew('revoked-token')));
    expect(new Set(renewed)).toEqual(new Set(['minted-token-1']));
    expect(calls).toHaveBeenCalledTimes(1);
  });

  test('nothing to renew: a user token, a token fresh from IMS, a token that is not ours', async () => {
    const { ims, calls } = fakeIms();
    const user = new TokenProvider({ mode: 'user', token: 'user-token-1' }, ims, ENDPOINT, logger().log, path.join(tmpDir(), 'c'));
    await user.token();
    expect(await user.renew('user-token-1')).toBeUndefined();
    expect(user.explainRefusal()).toEqual({ checked: 'the token in AEM_CC_ACCESS_TOKEN', fix: expect.stringMatching(/24 hours/) });

    const fresh = new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, path.join(tmpDir(), 'cache'));
    expect(await fresh.token()).toBe('minted-token-1');
    expect(await fresh.renew('minted-token-1')).toBeUndefined();
    expect(fresh.explainRefusal().checked).toMatch(/obtained from IMS just now \(not from the token cache\)/);
    expect(await fresh.renew('some-other-token')).toBeUndefined();
    expect(calls).toHaveBeenCalledTimes(1);
  });

  test('the renewal fails: the failure is passed on, the refused entry is gone anyway', async () => {
    const dir = path.join(tmpDir(), 'cache');
    const down = { clientCredentialsToken: jest.fn(async () => Promise.reject(new Error('IMS down'))) } as unknown as ImsClient;
    const p = await fromCache(dir, 'revoked-token', down);
    await expect(p.renew('revoked-token')).rejects.toThrow('IMS down');
    expect(fs.existsSync(cacheFile(dir))).toBe(false);
  });

  test('the token is asked for once per command, even without a usable cache', async () => {
    const dir = path.join(tmpDir(), 'loose');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    const { ims, calls } = fakeIms();
    const p = new TokenProvider(CLIENT, ims, ENDPOINT, logger().log, dir);
    expect([await p.token(), await p.token()]).toEqual(['minted-token-1', 'minted-token-1']);
    expect(calls).toHaveBeenCalledTimes(1);
  });
});
