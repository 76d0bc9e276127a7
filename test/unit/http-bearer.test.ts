/**
 * Http's side of a refused bearer token (issue 13, item 4): one renewal, one retry, no loop, and
 * later requests of the command sent with the renewed token straight away.
 */
import * as http from 'node:http';
import { closeHttp, Http, type BearerTokens } from '../../src/http';
import { silentLogger } from '../../src/log';
import { listening, type Listener } from '../helpers/listeners';

let server: Listener;
const seen: string[] = [];
let accepted = new Set<string>();
beforeAll(async () => {
  server = await listening(
    http.createServer((req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      seen.push(token);
      res.writeHead(accepted.has(token) ? 200 : 401, { 'content-type': 'application/json' }).end('{}');
    }),
  );
});
afterAll(async () => {
  await closeHttp();
  await server.close();
});
beforeEach(() => {
  seen.length = 0;
});

function tokens(replacement: string | undefined): BearerTokens & { renew: jest.Mock } {
  return { renew: jest.fn(async () => replacement), explainRefusal: () => ({ checked: 'c', fix: 'f' }) };
}
const get = (bearer: string) => ({ method: 'GET' as const, url: `${server.url}/x`, bearer, idempotent: true, what: 'test endpoint' });
const client = () => new Http({ timeoutMs: 2_000, deadline: AbortSignal.timeout(10_000), logger: silentLogger, backoffMs: 1 });

test('a 401 is renewed once and retried once; later requests carry the new token from the start', async () => {
  accepted = new Set(['new-token']);
  const h = client();
  const t = tokens('new-token');
  h.useTokens(t);
  expect((await h.send(get('old-token'))).status).toBe(200);
  expect((await h.send(get('old-token'))).status).toBe(200);
  expect(seen).toEqual(['old-token', 'new-token', 'new-token']);
  expect(t.renew).toHaveBeenCalledTimes(1);
});

test('the renewed token refused too: the 401 stands after exactly two requests', async () => {
  accepted = new Set();
  const h = client();
  const t = tokens('new-token');
  h.useTokens(t);
  expect((await h.send(get('old-token'))).status).toBe(401);
  expect(seen).toEqual(['old-token', 'new-token']);
  expect(t.renew).toHaveBeenCalledTimes(1);
});

test('nothing to renew (a user token): one request, the 401 returned', async () => {
  accepted = new Set();
  const h = client();
  h.useTokens(tokens(undefined));
  expect((await h.send(get('user-token'))).status).toBe(401);
  expect(seen).toEqual(['user-token']);
});

test('without useTokens, or without a bearer, nothing is renewed', async () => {
  accepted = new Set();
  expect((await client().send(get('any-token'))).status).toBe(401);
  expect(seen).toEqual(['any-token']);
  expect(client().explainRefusal().checked).toMatch(/AEM_CC_ACCESS_TOKEN or the client credentials/);
});
