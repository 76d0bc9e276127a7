/**
 * How Http drives its retries around `Retry-After` (issue 13, item 3, and its neighbours): waits are
 * counted through the `sleep` seam instead of sat out, so these tests assert what is slept and
 * announced, not how long anything took.
 */
import * as http from 'node:http';
import { closeHttp, Http, MAX_RETRY_AFTER_MS } from '../../src/http';
import { createLogger } from '../../src/log';
import { listening, type Listener } from '../helpers/listeners';

/** Answers the n-th request (0-based) with answers[n], the last one for every request after. */
async function scripted(answers: Array<{ status: number; retryAfter?: string }>): Promise<Listener> {
  let n = 0;
  const requests: Listener['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '' });
    const a = answers[Math.min(n++, answers.length - 1)];
    res.writeHead(a.status, { 'content-type': 'application/json', ...(a.retryAfter === undefined ? {} : { 'retry-after': a.retryAfter }) });
    res.end('{}');
  });
  return listening(server, requests);
}

let server: Listener | undefined;
afterEach(async () => {
  await closeHttp();
  await server?.close();
  server = undefined;
});

function client(opts: { deadlineMs?: number; realSleep?: boolean } = {}) {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const h = new Http({
    timeoutMs: 2_000,
    deadline: AbortSignal.timeout(opts.deadlineMs ?? 20_000),
    logger: createLogger('debug', (l) => lines.push(l)),
    backoffMs: 1,
    sleep: opts.realSleep
      ? undefined
      : async (ms) => {
          sleeps.push(ms);
        },
  });
  const retrying = () => lines.filter((l) => /retrying/.test(l));
  return { h, sleeps, lines, retrying };
}

const get = (s: Listener, idempotent = true) => ({ method: 'GET' as const, url: `${s.url}/x`, idempotent, what: 'test endpoint' });

describe('Retry-After longer than the cap: no further attempt, the wait named', () => {
  test.each([
    ['429', '3600', /asked to wait 3600 s/],
    ['503', '3600', /answered HTTP 503 and asked to wait 3600 s/],
    ['500', '86400', /asked to wait 86400 s/],
    ['429', String(MAX_RETRY_AFTER_MS / 1000 + 1), /asked to wait 11 s/],
  ])('%s with Retry-After: %s', async (status, retryAfter, message) => {
    server = await scripted([{ status: Number(status), retryAfter }]);
    const { h, sleeps, retrying } = client();
    const err = await h.send(get(server)).catch((e) => e);
    expect(err).toMatchObject({ code: 'remote_error', message: expect.stringMatching(message) });
    expect(err.message).toMatch(/no further attempt/);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(retrying()).toEqual([]);
  });

  test('an HTTP-date an hour ahead is named as the date', async () => {
    const at = new Date(Date.now() + 3_600_000).toUTCString();
    server = await scripted([{ status: 429, retryAfter: at }]);
    const { h, sleeps } = client();
    const err = await h.send(get(server)).catch((e) => e);
    expect(err.message).toContain(`asked to wait until ${at} (Retry-After)`);
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('Retry-After within the cap: honoured between attempts, never after the last one', () => {
  test.each([
    ['exactly at the cap', String(MAX_RETRY_AFTER_MS / 1000), MAX_RETRY_AFTER_MS],
    ['one second', '1', 1000],
    ['zero', '0', 0],
    ['an HTTP-date in the past', 'Tue, 31 Dec 2024 23:59:00 GMT', 0],
  ])('%s', async (_what, retryAfter, ms) => {
    server = await scripted([{ status: 429, retryAfter }]);
    const { h, sleeps, retrying } = client();
    const err = await h.send(get(server)).catch((e) => e);
    expect(err).toMatchObject({
      code: 'remote_error',
      message: expect.stringMatching(/kept failing: HTTP 429 \(the server asked to wait .*\) after 4 attempt\(s\)/),
    });
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([ms, ms, ms]); // three waits between four attempts, none after the last
    expect(retrying()).toHaveLength(3);
    expect(retrying().join('')).not.toMatch(/attempt 4 of 4/);
  });

  test('garbage is ignored: plain backoff, nothing slept for it', async () => {
    server = await scripted([{ status: 429, retryAfter: 'in a while' }]);
    const { h, sleeps, retrying } = client();
    await expect(h.send(get(server))).rejects.toMatchObject({ code: 'remote_error' });
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([]);
    expect(retrying()).toHaveLength(3);
  });

  test('a retry that succeeds after one wait', async () => {
    server = await scripted([{ status: 503, retryAfter: '2' }, { status: 200 }]);
    const { h, sleeps } = client();
    expect((await h.send(get(server))).status).toBe(200);
    expect(sleeps).toEqual([2000]);
    expect(server.requests).toHaveLength(2);
  });

  test('a request that is not safe to repeat: one attempt, nothing slept or announced', async () => {
    server = await scripted([{ status: 429, retryAfter: '1' }]);
    const { h, sleeps, retrying } = client();
    await expect(h.send(get(server, false))).rejects.toMatchObject({ code: 'remote_error', message: expect.stringMatching(/after 1 attempt/) });
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(retrying()).toEqual([]);
  });
});

test('the deadline ends a Retry-After wait: timeout, naming what the server asked for', async () => {
  server = await scripted([{ status: 429, retryAfter: '10' }]);
  const { h } = client({ deadlineMs: 300, realSleep: true });
  const started = Date.now();
  const err = await h.send(get(server)).catch((e) => e);
  expect(err).toMatchObject({ code: 'timeout' });
  expect(err.message).toMatch(/time bound; checked: 1 of 4 attempt\(s\) with backoff, the last one: HTTP 429 \(the server asked to wait 10 s\)/);
  expect(server.requests).toHaveLength(1);
  expect(Date.now() - started).toBeLessThan(5_000); // generous: far below the 10 s the server asked for
});
