/**
 * Issue 13, item 3: a `Retry-After` longer than the handler may wait ends the command at once
 * (exit 1, the server's wait named), nothing is slept or announced after the last attempt, and the
 * command's time bound holds. Tried as a new user would: one CLI call against a small local listener
 * that answers every request with 429 (or 503) and a `Retry-After`.
 */
import { commandBoundMs } from '../../src/cli/context';
import { describeRun, expectErrors, runCli } from '../helpers/cli';
import { constantServer, type Listener } from '../helpers/listeners';

const TOKEN = { AEM_CC_ACCESS_TOKEN: 'retry-after-test-token' };
const BOUND = commandBoundMs(10_000);

let server: Listener | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function status(s: Listener, extra: string[] = []) {
  return runCli(['status', '--author-url', `${s.url}/env/dev`, ...extra], { env: TOKEN, timeoutMs: BOUND + 10_000 });
}

test('example: every request 429 with Retry-After: 3600 ends at once with exit 1, naming the hour the server asked for', async () => {
  server = await constantServer({ status: 429, headers: { 'retry-after': '3600' } });
  const r = await status(server);
  const [line] = expectErrors(r, 1, ['remote_error']);
  expect(line.message).toMatch(/asked to wait 3600 s/);
  expect(line.message).toMatch(/Retry-After/);
  expect(server.requests).toHaveLength(1); // no second attempt: it could not succeed within the bound
  expect(r.stderr).not.toMatch(/retrying/);
  expect(r.durationMs).toBeLessThan(BOUND); // generous: the point is that it did not sit out 10 s waits
}, 90_000);

test('orgs (two requests in parallel): each is tried once, and the message gives the wait', async () => {
  server = await constantServer({ status: 429, headers: { 'retry-after': '3600' } });
  const r = await runCli(['orgs', '--ims-endpoint', server.url], { env: TOKEN, timeoutMs: BOUND + 10_000 });
  const [line] = expectErrors(r, 1, ['remote_error']);
  expect(line.message).toMatch(/asked to wait 3600 s/);
  expect(server.requests.length).toBeLessThanOrEqual(2);
  expect(new Set(server.requests.map((q) => q.path)).size).toBe(server.requests.length);
}, 90_000);

test('503 with an HTTP-date an hour ahead: exit 1 at once, the date named', async () => {
  const at = new Date(Date.now() + 3_600_000).toUTCString();
  server = await constantServer({ status: 503, headers: { 'retry-after': at } });
  const r = await status(server);
  const [line] = expectErrors(r, 1, ['remote_error']);
  expect(line.message).toContain(`until ${at}`);
  expect(server.requests).toHaveLength(1);
}, 90_000);

test('Retry-After: 1 (within the cap) is honoured on every retry, never after the last attempt', async () => {
  server = await constantServer({ status: 429, headers: { 'retry-after': '1' } });
  const r = await status(server, ['--log-level', 'debug']);
  const [line] = expectErrors(r, 1, ['remote_error']);
  expect(line.message).toMatch(/after 4 attempt\(s\)/);
  expect(server.requests).toHaveLength(4);
  // three waits between four attempts; the last attempt is neither announced as retried nor followed by a wait
  const retrying = r.stderr.split('\n').filter((l) => /retrying/.test(l));
  expect({ retrying, run: describeRun(r) }).toEqual({
    retrying: [expect.stringMatching(/attempt 1 of 4/), expect.stringMatching(/attempt 2 of 4/), expect.stringMatching(/attempt 3 of 4/)],
    run: expect.any(String),
  });
  expect(r.durationMs).toBeGreaterThanOrEqual(3_000);
  expect(r.durationMs).toBeLessThan(BOUND);
}, 90_000);
