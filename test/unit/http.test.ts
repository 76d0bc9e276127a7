import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { closeHttp, Http } from '../../src/http';
import { silentLogger } from '../../src/log';
import { waitFor } from '../helpers/emulator';

// A real garbage collector run, on demand (jest does not start node with --expose-gc).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let server: http.Server;
let base: string;
/** Requests received, by path: each test hangs on a path of its own, so earlier tests' requests never count. */
const hits = new Map<string, number>();
const hitsOn = (path: string) => hits.get(path) ?? 0;
beforeAll(async () => {
  server = http.createServer((req) => {
    hits.set(req.url ?? '', hitsOn(req.url ?? '') + 1); // and never answers
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeHttp();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('Http per-attempt timeout', () => {
  test('fires after timeoutMs even when the garbage collector runs meanwhile', async () => {
    // With AbortSignal.any([AbortSignal.timeout(ms), deadline]) the collector takes the timeout
    // signal and the attempt hangs until the deadline (nodejs/node#57736): 10 s here, not 0.2 s.
    const gcTimer = setInterval(gc, 50);
    const h = new Http({ timeoutMs: 200, deadline: AbortSignal.timeout(10_000), logger: silentLogger, attempts: 1 });
    const started = Date.now();
    try {
      await expect(h.send({ method: 'GET', url: `${base}/gc`, idempotent: true, what: 'hanging endpoint' })).rejects.toMatchObject({
        code: 'timeout',
      });
    } finally {
      clearInterval(gcTimer);
    }
    // generous for a loaded machine, and still far below the deadline
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a non-idempotent request is tried once', async () => {
    const h = new Http({ timeoutMs: 150, deadline: AbortSignal.timeout(4_000), logger: silentLogger, backoffMs: 10 });
    await expect(h.send({ method: 'POST', url: `${base}/once`, idempotent: false, what: 'hanging endpoint' })).rejects.toMatchObject({
      code: 'timeout',
    });
    // The send is over, so no attempt can follow; the one attempt is counted once it has arrived.
    await waitFor(() => hitsOn('/once') >= 1);
    expect(hitsOn('/once')).toBe(1);
  });

  test('the command deadline ends retries early', async () => {
    const h = new Http({ timeoutMs: 200, deadline: AbortSignal.timeout(300), logger: silentLogger, attempts: 10, backoffMs: 10 });
    const started = Date.now();
    const err = await h.send({ method: 'GET', url: `${base}/deadline`, idempotent: true, what: 'hanging endpoint' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(err.message).toMatch(/time bound/);
    expect(Date.now() - started).toBeLessThan(1_000);
    // 300 ms hold at most two 200 ms attempts (and the backoff between them) of the ten allowed
    await waitFor(() => hitsOn('/deadline') >= 1);
    expect(hitsOn('/deadline')).toBeLessThanOrEqual(2);
  });
});
