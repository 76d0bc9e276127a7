/**
 * The proxy variables as read (either case, scheme-less values, what is refused), the route each
 * URL takes under NO_PROXY (undici's matching plus our loopback rule), checked with in-process
 * requests through a recording proxy, and which connection failures count as permanent.
 */
import { CERT_FAILURE_CODES, certificateFailure, permanentConnectFailure, proxyRefusal } from '../../src/connect-failures';
import { closeHttp, Http } from '../../src/http';
import { silentLogger } from '../../src/log';
import { describeRoute, proxyPasswords, proxySettings } from '../../src/proxy';
import { connectProxy, constantServer, type ConnectProxy, type Listener } from '../helpers/listeners';

describe('proxySettings', () => {
  test('nothing set: no proxy', () => {
    expect(proxySettings({})).toEqual({});
    expect(proxySettings({ HTTPS_PROXY: '', http_proxy: '  ', NO_PROXY: '' })).toEqual({});
  });

  test('upper and lower case; the lower-case name wins', () => {
    expect(proxySettings({ HTTPS_PROXY: 'http://a:1' }).https).toMatchObject({ url: 'http://a:1/', from: 'HTTPS_PROXY' });
    expect(proxySettings({ https_proxy: 'http://b:2', HTTPS_PROXY: 'http://a:1' }).https).toMatchObject({ url: 'http://b:2/', from: 'https_proxy' });
    expect(proxySettings({ no_proxy: 'x', NO_PROXY: 'y' }).noProxy).toEqual({ value: 'x', from: 'no_proxy' });
  });

  test('https falls back to HTTP_PROXY (undici does the same); http never uses HTTPS_PROXY', () => {
    expect(proxySettings({ HTTP_PROXY: 'http://p:3128' })).toMatchObject({ https: { from: 'HTTP_PROXY' }, http: { from: 'HTTP_PROXY' } });
    expect(proxySettings({ HTTPS_PROXY: 'http://p:3128' }).http).toBeUndefined();
  });

  test('a value without a scheme is http; credentials are kept for undici and left out of what is shown', () => {
    expect(proxySettings({ HTTPS_PROXY: 'proxy.corp:3128' }).https).toEqual({
      url: 'http://proxy.corp:3128/',
      from: 'HTTPS_PROXY',
      shown: 'http://proxy.corp:3128',
      hasCredentials: false,
    });
    expect(proxySettings({ HTTPS_PROXY: 'https://u:p%40ss@proxy.corp:8443' }).https).toEqual({
      url: 'https://u:p%40ss@proxy.corp:8443/',
      from: 'HTTPS_PROXY',
      shown: 'https://proxy.corp:8443',
      hasCredentials: true,
    });
  });

  test.each([
    ['http://user:pw-1234567@proxy corp:3128', /HTTPS_PROXY is not a proxy URL \(value not shown/],
    ['http://', /HTTPS_PROXY is not a proxy URL/],
    ['socks5://user:pw-1234567@proxy:1080', /scheme socks5, which aem-cc does not support/],
    ['ftp://proxy:21', /scheme ftp/],
  ])('%s is refused (exit 2) without showing it', (value, message) => {
    let err: any;
    try {
      proxySettings({ HTTPS_PROXY: value });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect(err.message).not.toContain('pw-1234567');
  });

  test('proxyPasswords: raw and decoded, from every proxy variable', () => {
    expect(proxyPasswords({ HTTPS_PROXY: 'http://u:p%40ss-word@h:1', http_proxy: 'h2:2', HTTP_PROXY: 'user:other-pass@h3:3' })).toEqual([
      'p%40ss-word',
      'p@ss-word',
      'other-pass',
      'other-pass',
    ]);
    expect(proxyPasswords({ HTTPS_PROXY: 'not a url' })).toEqual([]);
  });

  test('describeRoute names the proxy and its variable, never credentials', () => {
    const s = proxySettings({ HTTPS_PROXY: 'http://u:secret-pw@proxy:3128', NO_PROXY: '.corp' });
    expect(describeRoute(s, new URL('https://ims-na1.adobelogin.com'))).toBe(
      'through the proxy http://proxy:3128 (HTTPS_PROXY), unless NO_PROXY=".corp" lists the host',
    );
    expect(describeRoute(proxySettings({ HTTPS_PROXY: 'p:1' }), new URL('http://127.0.0.1:8080'))).toMatch(
      /^directly \(no proxy configured: HTTP_PROXY is unset/,
    );
    expect(describeRoute(proxySettings({ HTTP_PROXY: 'p:1' }), new URL('http://127.0.0.1:8080'))).toBe(
      'directly (loopback is not proxied while NO_PROXY is unset)',
    );
  });
});

describe('which requests go through the proxy (in-process requests, a recording proxy)', () => {
  let origin: Listener;
  let proxy: ConnectProxy;
  beforeAll(async () => {
    origin = await constantServer({ status: 200, body: '{}' });
    proxy = await connectProxy();
  });
  afterAll(async () => {
    await closeHttp();
    await proxy.close();
    await origin.close();
  });
  beforeEach(() => {
    proxy.targets.length = 0;
  });

  async function send(url: string, env: NodeJS.ProcessEnv) {
    const h = new Http({ timeoutMs: 2_000, deadline: AbortSignal.timeout(10_000), logger: silentLogger, attempts: 1, env });
    const res = await h.send({ method: 'GET', url, idempotent: true, what: 'test endpoint' }).catch((e) => e);
    await closeHttp();
    return res;
  }

  const P = () => `http://127.0.0.1:${proxy.port}`;
  const loop = () => `http://127.0.0.1:${origin.port}/x`;
  const local = () => `http://localhost:${origin.port}/x`;
  test.each([
    ['NO_PROXY unset: loopback direct', () => ({ HTTP_PROXY: P() }), loop, false],
    ['NO_PROXY unset: localhost direct', () => ({ http_proxy: P() }), local, false],
    ['NO_PROXY set without loopback: proxied', () => ({ HTTP_PROXY: P(), NO_PROXY: 'example.com' }), loop, true],
    ['NO_PROXY=127.0.0.1', () => ({ HTTP_PROXY: P(), NO_PROXY: '127.0.0.1' }), loop, false],
    ['NO_PROXY=127.0.0.1:<the port>', () => ({ HTTP_PROXY: P(), NO_PROXY: `127.0.0.1:${origin.port}` }), loop, false],
    ['NO_PROXY=127.0.0.1:<another port>', () => ({ HTTP_PROXY: P(), NO_PROXY: '127.0.0.1:1' }), loop, true],
    ['NO_PROXY=*', () => ({ HTTP_PROXY: P(), NO_PROXY: '*' }), loop, false],
    ['NO_PROXY list with spaces', () => ({ HTTP_PROXY: P(), NO_PROXY: 'example.com, 127.0.0.1' }), loop, false],
    ['NO_PROXY=localhost for localhost', () => ({ HTTP_PROXY: P(), NO_PROXY: 'localhost' }), local, false],
    ['NO_PROXY=.localhost (leading dot) for localhost', () => ({ HTTP_PROXY: P(), NO_PROXY: '.localhost' }), local, false],
    ['no_proxy wins over NO_PROXY', () => ({ HTTP_PROXY: P(), no_proxy: 'example.com', NO_PROXY: '127.0.0.1' }), loop, true],
    ['HTTPS_PROXY alone does not apply to http', () => ({ HTTPS_PROXY: P(), NO_PROXY: 'example.com' }), loop, false],
  ])('%s', async (_name, env, url, proxied) => {
    const res = await send(url(), env());
    expect(res).toMatchObject({ status: 200 });
    expect(proxy.targets.length > 0).toBe(proxied);
  });

  test.each([
    ['.example.invalid', false],
    ['example.invalid', false],
    ['*.example.invalid', false],
    ['other.invalid', true],
    ['ims.example.invalid.other', true],
  ])('domain suffix: NO_PROXY=%s for https://ims.example.invalid, proxied: %s', async (noProxy, proxied) => {
    // .invalid never resolves (RFC 6761): a direct attempt fails locally, a proxied one reaches the proxy.
    await send('https://ims.example.invalid/x', { HTTPS_PROXY: P(), NO_PROXY: noProxy });
    expect(proxy.targets).toEqual(proxied ? ['ims.example.invalid:443'] : []);
  });
});

describe('permanent connection failures', () => {
  const ctx = { request: 'X (GET https://h/x)', url: new URL('https://h/x'), route: 'directly', env: {} };

  test.each(CERT_FAILURE_CODES.map((c) => [c]))('%s is a certificate failure, not retried, NODE_EXTRA_CA_CERTS named', (code) => {
    const e = Object.assign(new Error('cert trouble'), { code });
    expect(certificateFailure(e)?.code).toBe(code);
    expect(permanentConnectFailure(e, ctx)?.message).toMatch(/not transient.*NODE_EXTRA_CA_CERTS|NODE_EXTRA_CA_CERTS.*not transient/);
  });

  test('found in the cause chain (undici wraps ERR_TLS_CERT_ALTNAME_INVALID met through a proxy)', () => {
    const inner = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const outer = Object.assign(new Error('secure proxy connection failed', { cause: inner }), { code: 'UND_ERR_PRX_TLS' });
    expect(certificateFailure(outer)).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', group: 'name' });
  });

  test.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'OUT_OF_MEM',
    'ERR_SSL_WRONG_VERSION_NUMBER',
    undefined,
  ])('%s stays retryable', (code) => {
    expect(permanentConnectFailure(Object.assign(new Error('x'), { code }), ctx)).toBeUndefined();
  });

  test('a proxy refusal: 407 and 403 are permanent, 502 is not', () => {
    const refusal = (s: number) => Object.assign(new Error(`Proxy response (${s}) !== 200 when HTTP Tunneling`), { name: 'AbortError' });
    const proxy = { url: 'http://u:p@proxy:1/', from: 'HTTPS_PROXY', shown: 'http://proxy:1', hasCredentials: true };
    expect(proxyRefusal(refusal(407))).toBe(407);
    expect(permanentConnectFailure(refusal(407), { ...ctx, proxy })?.message).toMatch(
      /407 Proxy Authentication Required; checked: the user and password in HTTPS_PROXY/,
    );
    expect(permanentConnectFailure(refusal(403), { ...ctx, proxy })?.message).toMatch(/refused to connect to h \(403\)/);
    expect(permanentConnectFailure(refusal(502), { ...ctx, proxy })).toBeUndefined();
  });
});
