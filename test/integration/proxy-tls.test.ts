/**
 * Issue 13, item 1: the network path as a corporate CI runner has it. The proxy variables are
 * honoured for IMS and AEM (through undici's EnvHttpProxyAgent), loopback is reached directly while
 * NO_PROXY is unset, proxy credentials never reach any output, and a certificate the TLS client
 * refuses fails at once, naming NODE_EXTRA_CA_CERTS, instead of being retried as if transient.
 *
 * Tried as a new user would: real CLI processes, a recording CONNECT proxy that tunnels every
 * target to a local TLS front (test-only certificates made with openssl at test time) in front of
 * the emulator, so "https://ims-na1.adobelogin.com" is answered without leaving the machine.
 */
import { describeRun, expectCode, expectErrors, json, runCli } from '../helpers/cli';
import { ORGS, useEmulator } from '../helpers/emulator';
import { connectProxy, type ConnectProxy } from '../helpers/listeners';
import { makePki, tlsFront, type TestPki, type TlsFront } from '../helpers/tls';

const emu = useEmulator();
const ADOBE_IMS = 'https://ims-na1.adobelogin.com';
const AUTHOR = 'https://author-p1234-e5678.adobeaemcloud.com';
const NAMES = ['ims-na1.adobelogin.com', 'author-p1234-e5678.adobeaemcloud.com', '127.0.0.1', 'localhost'];

let pki: TestPki;
const open: Array<{ close(): Promise<void> }> = [];
beforeAll(() => {
  pki = makePki();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A TLS front in front of the emulator with a certificate from `make`. */
async function front(make: () => ReturnType<TestPki['leaf']>): Promise<TlsFront> {
  const f = await tlsFront(make(), Number(new URL(emu.url).port));
  open.push(f);
  return f;
}

/** A recording proxy that tunnels every target to `to` (default: the target itself). */
async function proxy(to?: TlsFront, credentials?: string): Promise<ConnectProxy> {
  const p = await connectProxy({ route: to ? () => ({ host: '127.0.0.1', port: to.port }) : undefined, credentials });
  open.push(p);
  return p;
}

const token = { AEM_CC_ACCESS_TOKEN: 'emu-token-ana' };

describe('proxies', () => {
  test('example: HTTPS_PROXY is used for https://ims-na1.adobelogin.com; the listener sees the connections', async () => {
    const p = await proxy(await front(() => pki.leaf(NAMES)));
    const r = await runCli(['orgs', '--ims-endpoint', ADOBE_IMS, '--json'], {
      env: { ...token, HTTPS_PROXY: p.url, NODE_EXTRA_CA_CERTS: pki.ca.certPath },
    });
    expectCode(r, 0);
    expect(json(r).orgs.map((o: { id: string }) => o.id)).toContain(ORGS.dev);
    expect(p.targets.length).toBeGreaterThanOrEqual(1);
    expect(new Set(p.targets)).toEqual(new Set(['ims-na1.adobelogin.com:443']));
  });

  test('lower-case https_proxy, for IMS and the AEM author both', async () => {
    const p = await proxy(await front(() => pki.leaf(NAMES)));
    const r = await runCli(
      ['status', '--author-url', `${AUTHOR}/env/prod`, '--org', 'Contoso Creative (Prod)', '--ims-endpoint', ADOBE_IMS, '--json'],
      {
        env: { ...token, https_proxy: p.url, NODE_EXTRA_CA_CERTS: pki.ca.certPath },
      },
    );
    expectCode(r, 0);
    expect(json(r)).toMatchObject({ orgId: ORGS.prod, inSync: true });
    expect(new Set(p.targets)).toEqual(new Set(['ims-na1.adobelogin.com:443', 'author-p1234-e5678.adobeaemcloud.com:443']));
  });

  test('loopback is reached directly while NO_PROXY is unset, whatever the proxy variables say', async () => {
    const p = await proxy();
    const r = await runCli(['status', '--author-url', emu.authorUrl('prod'), '--json'], {
      env: emu.userEnv(undefined, { HTTPS_PROXY: p.url, HTTP_PROXY: p.url, https_proxy: p.url, http_proxy: p.url }),
    });
    expectCode(r, 0);
    expect(p.targets).toEqual([]);
  });

  test.each([
    ['HTTP_PROXY', 'NO_PROXY'],
    ['http_proxy', 'no_proxy'],
  ])('%s is used for an http origin once %s is set and does not list it', async (proxyVar, noProxyVar) => {
    const p = await proxy();
    const r = await runCli(['status', '--author-url', emu.authorUrl('prod'), '--json'], {
      env: emu.userEnv(undefined, { [proxyVar]: p.url, [noProxyVar]: 'example.com' }),
    });
    expectCode(r, 0);
    expect(json(r)).toMatchObject({ orgId: ORGS.prod });
    expect(new Set(p.targets)).toEqual(new Set([`127.0.0.1:${new URL(emu.url).port}`]));
  });

  test('NO_PROXY naming the host keeps it direct', async () => {
    const p = await proxy();
    const r = await runCli(['status', '--author-url', emu.authorUrl('prod')], {
      env: emu.userEnv(undefined, { HTTP_PROXY: p.url, NO_PROXY: 'example.com,127.0.0.1' }),
    });
    expectCode(r, 0);
    expect(p.targets).toEqual([]);
  });

  test('proxy credentials work and never reach any output, at debug level', async () => {
    const password = 'Pr0xy-pa55word@corp/x';
    const p = await proxy(await front(() => pki.leaf(NAMES)), `ci-user:${password}`);
    const proxyUrl = `http://ci-user:${encodeURIComponent(password)}@127.0.0.1:${p.port}`;
    const r = await runCli(['orgs', '--ims-endpoint', ADOBE_IMS, '--log-level', 'debug'], {
      env: { ...token, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: pki.ca.certPath },
    });
    expectCode(r, 0);
    expect(p.auths.every((a) => a === `Basic ${Buffer.from(`ci-user:${password}`).toString('base64')}`)).toBe(true);
    const all = r.stdout + r.stderr;
    expect(r.stderr).toMatch(/aem-cc \[debug\] proxies: https http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\)/);
    for (const s of [password, encodeURIComponent(password), 'Pr0xy-pa55', Buffer.from(`ci-user:${password}`).toString('base64')]) {
      expect({ s, leaked: all.includes(s) }).toEqual({ s, leaked: false });
    }
  });

  test('a proxy that refuses the credentials (407): exit 1 at once, one tunnel asked for, the fix named, no secret shown', async () => {
    const p = await proxy(await front(() => pki.leaf(NAMES)), 'ci-user:right-password');
    const r = await runCli(['status', '--author-url', `${AUTHOR}/env/prod`, '--log-level', 'debug'], {
      env: { ...token, HTTPS_PROXY: `http://ci-user:wrong-password-123@127.0.0.1:${p.port}`, NODE_EXTRA_CA_CERTS: pki.ca.certPath },
    });
    const [line] = expectErrors(r, 1, ['remote_error']);
    expect(line.message).toMatch(/answered 407 Proxy Authentication Required/);
    expect(line.message).toMatch(/HTTPS_PROXY=http:\/\/user:password@host:port/);
    expect(p.targets).toEqual(['author-p1234-e5678.adobeaemcloud.com:443']);
    expect(r.stdout + r.stderr).not.toContain('wrong-password-123');
  });

  test('a proxy variable that is not a URL: exit 2 before any request, its value not shown', async () => {
    const r = await runCli(['status', '--author-url', emu.authorUrl('prod')], {
      env: emu.userEnv(undefined, { HTTPS_PROXY: 'http://user:s3cret-value@proxy corp:3128', NO_PROXY: 'example.com' }),
    });
    const [line] = expectErrors(r, 2, ['invalid_input']);
    expect(line.message).toMatch(/HTTPS_PROXY is not a proxy URL \(value not shown/);
    expect(r.stderr).not.toContain('s3cret-value');
    expect(await emu.requests()).toEqual([]);
  });
});

describe('TLS verification failures are not transient', () => {
  const status = (f: TlsFront, env: Record<string, string> = {}) =>
    runCli(['status', '--author-url', `${f.url}/env/prod`, '--json'], { env: { ...token, ...env } });

  test('example: a private CA without NODE_EXTRA_CA_CERTS: one connection, exit 1, NODE_EXTRA_CA_CERTS named; with it, it works', async () => {
    const f = await front(() => pki.leaf(NAMES));
    const r = await status(f);
    const [line] = expectErrors(r, 1, ['remote_error']);
    expect(line.message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(line.message).toMatch(/not transient, so it was not retried/);
    expect(line.message).toMatch(/set NODE_EXTRA_CA_CERTS to a PEM file/);
    expect(f.connections()).toBe(1);

    const ok = await status(f, { NODE_EXTRA_CA_CERTS: pki.ca.certPath });
    expectCode(ok, 0);
    expect(json(ok)).toMatchObject({ orgId: ORGS.prod, generation: 7 });
  });

  test.each([
    {
      name: 'a self-signed certificate',
      cert: () => pki.selfSigned(NAMES),
      trust: undefined,
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      advice: /set NODE_EXTRA_CA_CERTS to a PEM file/,
    },
    {
      name: 'a chain ending in an untrusted root',
      cert: () => pki.leaf(NAMES, { withChain: true }),
      trust: undefined,
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
      advice: /set NODE_EXTRA_CA_CERTS to a PEM file/,
    },
    {
      name: 'an expired certificate from a trusted CA',
      cert: () => pki.leaf(NAMES, { expired: true }),
      trust: 'ca',
      code: 'CERT_HAS_EXPIRED',
      advice: /validity period/,
    },
    {
      name: 'a certificate for another host',
      cert: () => pki.leaf(['other.example.com']),
      trust: 'ca',
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      advice: /for another host name/,
    },
  ])('$name: $code, one connection, exit 1', async ({ cert, trust, code, advice }) => {
    const f = await front(cert);
    const r = await status(f, trust ? { NODE_EXTRA_CA_CERTS: pki.ca.certPath } : {});
    const [line] = expectErrors(r, 1, ['remote_error']);
    expect(line.message).toContain(code);
    expect(line.message).toMatch(advice);
    expect(line.message).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect({ connections: f.connections(), run: describeRun(r) }).toEqual({ connections: 1, run: expect.any(String) });
  });

  test('a self-signed certificate trusted through NODE_EXTRA_CA_CERTS works', async () => {
    const cert = pki.selfSigned(NAMES);
    const f = await front(() => cert);
    expectCode(await status(f, { NODE_EXTRA_CA_CERTS: cert.certPath }), 0);
  });

  test.each([
    { name: 'an untrusted private CA', cert: () => pki.leaf(NAMES), code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', trust: false },
    {
      name: 'a certificate for another host (undici wraps this one)',
      cert: () => pki.leaf(['other.example.com']),
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      trust: true,
    },
  ])('through the proxy, $name: one tunnel, exit 1, named', async ({ cert, code, trust }) => {
    const f = await front(cert);
    const p = await proxy(f);
    const r = await runCli(['status', '--author-url', `${AUTHOR}/env/prod`], {
      env: { ...token, HTTPS_PROXY: p.url, ...(trust ? { NODE_EXTRA_CA_CERTS: pki.ca.certPath } : {}) },
    });
    const [line] = expectErrors(r, 1, ['remote_error']);
    expect(line.message).toContain(code);
    expect(line.message).toMatch(/through the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\)/);
    expect(line.message).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(p.targets).toEqual(['author-p1234-e5678.adobeaemcloud.com:443']);
    expect(f.connections()).toBe(1);
  });
});
