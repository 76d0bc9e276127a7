/**
 * Issue 13, item 4: a cached client-credentials token that IMS no longer knows (revoked; here: the
 * emulator restarted on the same port and forgot the tokens it minted) is dropped, renewed once
 * under the cache lock, and the request retried once; ten processes meeting it at once make one
 * token request; when even the renewed token is refused, the message names the cache, not user
 * tokens. Tried as a new user would: CLI runs against an emulator on a fixed port, restarted.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { describeRun, expectCode, expectErrors, json, runCli, tmpDir } from '../helpers/cli';
import { emulatorHandle, isToken, ORGS, type EmulatorHandle } from '../helpers/emulator';
import { listening, type Listener } from '../helpers/listeners';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** An emulator on a fixed port that can be restarted there, forgetting every token it minted. */
class RestartableEmulator {
  private emu?: RunningEmulator;
  readonly handle: EmulatorHandle = emulatorHandle(() => this.emu!);
  constructor(private readonly port: number) {}
  async start() {
    this.emu = await startEmulator({ port: this.port });
  }
  async restart() {
    await this.emu?.close();
    await this.start();
  }
  async close() {
    await this.emu?.close();
  }
}

let emu: RestartableEmulator;
beforeEach(async () => {
  emu = new RestartableEmulator(await freePort());
  await emu.start();
});
afterEach(async () => {
  await emu.close();
});

const cachedToken = (dir: string) => {
  const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).accessToken as string;
};

function status(cacheDir: string, extra: string[] = []) {
  const h = emu.handle;
  return runCli(['status', '--author-url', h.authorUrl('prod'), '--json', ...extra], { env: h.clientEnv({ AEM_CC_CACHE_DIR: cacheDir }) });
}

test('example: after a restart on the same port the next run renews the cached token once and succeeds', async () => {
  const cacheDir = path.join(tmpDir(), 'cache');
  expectCode(await status(cacheDir), 0);
  const before = cachedToken(cacheDir);

  await emu.restart(); // IMS forgets the token, as after a revocation
  const r = await status(cacheDir, ['--log-level', 'debug']);
  expectCode(r, 0);
  expect(json(r)).toEqual({ orgId: ORGS.prod, orgName: 'Contoso Creative (Prod)', generation: 7 });
  const requests = (await emu.handle.requests()).map((q) => `${q.method} ${q.path} ${q.status}`);
  expect(requests).toEqual([
    `GET /env/prod/adobe/assets/settings/creative-cloud 401`,
    `POST /ims/token/v3 200`,
    `GET /env/prod/adobe/assets/settings/creative-cloud 200`,
  ]);
  expect(cachedToken(cacheDir)).not.toBe(before);
  expect(r.stderr).toMatch(/refused the cached client-credentials token \(401\); dropped it from the cache/);

  // the renewed token is what the next run uses: no token request at all
  await emu.handle.reset();
  expectCode(await status(cacheDir), 0);
  expect((await emu.handle.requests()).filter(isToken)).toEqual([]);
});

test('ten processes meeting the revoked token at once make exactly one token request', async () => {
  const cacheDir = path.join(tmpDir(), 'cache');
  expectCode(await status(cacheDir), 0);
  await emu.restart();
  const h = emu.handle;
  const env = h.clientEnv({ AEM_CC_CACHE_DIR: cacheDir });
  const runs = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      i % 2 === 0 ? runCli(['status', '--author-url', h.authorUrl('prod'), '--json'], { env }) : runCli(['orgs', '--json'], { env }),
    ),
  );
  for (const r of runs) expect({ code: r.code, run: r.code === 0 ? '' : describeRun(r) }).toEqual({ code: 0, run: '' });
  expect((await h.requests()).filter(isToken)).toEqual([{ method: 'POST', path: '/ims/token/v3', status: 200, apiKey: false }]);
});

// The commands client credentials serve (a technical account reads; it never switches, so no write of
// its ever meets a revoked token): orgs (IMS), status (AEM), read (both, in parallel).
test('IMS and AEM routes alike: orgs, status and read renew once and succeed', async () => {
  const cacheDir = path.join(tmpDir(), 'cache');
  const h = emu.handle;
  const env = () => h.clientEnv({ AEM_CC_CACHE_DIR: cacheDir });
  const stdin = JSON.stringify({ author_url: h.authorUrl('dev'), org: ORGS.dev });
  for (const [args, input] of [
    [['orgs', '--json'], undefined],
    [['status', '--author-url', h.authorUrl('dev'), '--json'], undefined],
    [['read'], stdin],
  ] as const) {
    expectCode(await runCli([...args], { env: env(), stdin: input }), 0); // warms (or reuses) the cache
    await emu.restart();
    const r = await runCli([...args], { env: env(), stdin: input });
    expectCode(r, 0);
    const requests = await h.requests();
    expect({ args, tokens: requests.filter(isToken).length }).toEqual({ args, tokens: 1 });
    expect(requests.filter((q) => q.status === 401).length).toBeGreaterThanOrEqual(1);
  }
});

describe('a token service whose tokens are always refused (a local listener)', () => {
  let server: Listener;
  let tokens = 0;
  beforeAll(async () => {
    const requests: Listener['requests'] = [];
    server = await listening(
      http.createServer((req, res) => {
        requests.push({ method: req.method ?? '', path: req.url ?? '' });
        req.resume();
        if (req.method === 'POST' && req.url === '/ims/token/v3') {
          tokens += 1;
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ access_token: `refused-token-${tokens}-abcdef`, token_type: 'bearer', expires_in: 86_399 }));
          return;
        }
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_token' }));
      }),
      requests,
    );
  });
  afterAll(() => server.close());

  const run = (cacheDir: string) =>
    runCli(['status', '--author-url', `${server.url}/env/prod`], {
      env: {
        AEM_CC_CLIENT_ID: 'some-client',
        AEM_CC_CLIENT_SECRET: 'some-secret-value',
        AEM_CC_IMS_ENDPOINT: server.url,
        AEM_CC_CACHE_DIR: cacheDir,
      },
    });

  test('a fresh token refused: no renewal, the message names the client credentials, not user tokens', async () => {
    tokens = 0;
    server.requests.length = 0;
    const r = await run(path.join(tmpDir(), 'cache'));
    const [line] = expectErrors(r, 3, ['invalid_credentials']);
    expect(line.message).toMatch(/AEM refused the access token \(401\)/);
    expect(line.message).toMatch(/a client-credentials token for AEM_CC_CLIENT_ID obtained from IMS just now/);
    expect(line.message).not.toMatch(/user token|AEM_CC_ACCESS_TOKEN/);
    expect(tokens).toBe(1);
    expect(server.requests.filter((q) => q.method === 'GET')).toHaveLength(1);
  });

  test('a cached token refused: dropped, renewed once, the renewed one refused too: no loop, the cache named', async () => {
    const cacheDir = path.join(tmpDir(), 'cache');
    await run(cacheDir); // caches refused-token-N
    tokens = 0;
    server.requests.length = 0;
    const r = await run(cacheDir);
    const [line] = expectErrors(r, 3, ['invalid_credentials']);
    expect(line.message).toMatch(/the token cache in .*cache/);
    expect(line.message).toMatch(/renewed once from IMS/);
    expect(line.message).not.toMatch(/user token|AEM_CC_ACCESS_TOKEN/);
    expect(tokens).toBe(1); // one renewal, not a loop
    expect(server.requests.filter((q) => q.method === 'GET')).toHaveLength(2); // the request, and its one retry
  });
});
