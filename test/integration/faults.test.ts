/**
 * Fault injection: every transient failure on every route is retried to success; persistent ones
 * end with exit 1 naming the endpoint, the binding unchanged, within the command's bound; a write
 * whose answer is lost converges with the generation raised exactly once. Each test asserts the whole
 * request log: every attempt on every route, in order (the parallel reads in any order among themselves).
 *
 * Each test has its own emulator (faults and the request log are per emulator), so they run
 * concurrently: most of their time is spent waiting on backoff and Retry-After.
 */
import { commandBoundMs } from '../../src/cli/context';
import { describeRun, json, runCli, expectCode, expectErrors } from '../helpers/cli';
import { expectRequests, ORGS, REQ, withEmulator, type EmulatorHandle, type ExpectedRequest, type RequestStep } from '../helpers/emulator';

/**
 * Per-request timeouts: short where a `slow` fault makes the handler wait them out, roomy elsewhere
 * so that a loaded test machine never turns an answered request into a spurious timeout (which
 * would consume a retry and change what the test observes).
 */
const TIMEOUT = '2000';
const SLOW_TIMEOUT = '300';
const BOUND = commandBoundMs(Number(TIMEOUT));
/** The HTTP layer's attempts for a request that is safe to repeat (src/http.ts). */
const ATTEMPTS = 4;

/** Each fault route of the handler's requests on dev, as the emulator logs it. */
const ROUTES = {
  token: REQ.token,
  orgs: REQ.orgs,
  profile: REQ.profile,
  currentuser: (status?: number) => REQ.currentUser('dev', status),
  'binding-get': (status?: number) => REQ.bindingGet('dev', status),
  'binding-put': (status?: number) => REQ.bindingPut('dev', status),
} as const;
type Route = keyof typeof ROUTES;
const ROUTE_NAMES = Object.keys(ROUTES) as Route[];
/**
 * The routes an apply uses. Not the token route: an apply acts with a user token (client credentials act
 * as a technical account, which cannot switch), so the token route is driven by a read-only command.
 */
const APPLY_ROUTES = ROUTE_NAMES.filter((r) => r !== 'token');

/**
 * The request log of an apply on dev: the token request (for `status` with client credentials only), the
 * four reads in parallel, the write, then `after` (a re-read). `answers` gives the statuses a route
 * answered in turn (default one 200; the token none, as in user-token mode; `[]` for a route never reached).
 */
function applyLog(answers: Partial<Record<Route, number[]>>, after: ExpectedRequest[] = []): RequestStep[] {
  const seq = (route: Route) => (answers[route] ?? (route === 'token' ? [] : [200])).map((status) => ROUTES[route](status));
  return [...seq('token'), [...seq('profile'), ...seq('orgs'), ...seq('currentuser'), ...seq('binding-get')], ...seq('binding-put'), ...after];
}
const times = (n: number, status: number) => Array.from({ length: n }, () => status);
/** A route's log status for a fault kind: the status it answers with, or 0 when it answers nothing. */
const logged = (kind: string) => (kind === 'reset' || kind === 'slow' ? 0 : kind === 'malformed' ? 200 : Number(kind));

/**
 * The command that meets faults on `route`: an apply on dev (unbound, generation 1) to the dev org with a
 * user token, or for the token route a `status` of dev with client credentials (what every plan's read
 * does: a token request, then the binding read).
 */
function applyDev(emu: EmulatorHandle, route: Route, extra: string[] = [], timeoutMs = TIMEOUT) {
  const args =
    route === 'token'
      ? ['status', '--author-url', emu.authorUrl('dev'), '--json', '--timeout-ms', timeoutMs, ...extra]
      : ['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json', '--timeout-ms', timeoutMs, ...extra];
  return runCli(args, { env: route === 'token' ? emu.clientEnv() : emu.userEnv(), timeoutMs: BOUND + 5_000 });
}

const TRANSIENT = ['429', '500', '502', '503', 'reset'] as const;
/**
 * Every (route, transient kind) pair, in five runs: run i puts kind (i + j) mod 5 on route j, so
 * each run has one fault on every route at once and, over the five runs, every route meets every
 * kind. (Spawning a CLI costs ~0.4 s of CPU; five runs instead of thirty keep the suite fast.)
 */
const RUNS = TRANSIENT.map((_, i) => APPLY_ROUTES.map((route, j) => ({ route, kind: TRANSIENT[(i + j) % TRANSIENT.length] })));

describe('transient faults are retried to success', () => {
  test.concurrent.each(RUNS.map((faults) => ({ spec: faults.map((f) => `${f.route}:${f.kind}`).join(','), faults })))(
    '$spec',
    async ({ spec, faults }) =>
      withEmulator({ faults: spec }, async (emu) => {
        const r = await applyDev(emu, 'currentuser');
        expectCode(r, 0);
        expect(json(r)).toEqual({ orgId: ORGS.dev, orgName: 'Contoso Creative (Dev)', previousOrgId: null, generation: 2, changed: true });
        const s = await emu.state();
        // the generation rose exactly once
        expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
        // every fault was served once, then the same request was sent again and answered
        const answers = Object.fromEntries(faults.map(({ route, kind }) => [route, [logged(kind), 200]]));
        // binding-put:reset: the first write landed, its answer was lost; the retry finds it moved on (412)
        // and the binding is read once more to see that it is the desired one
        const putLost = faults.some((f) => f.route === 'binding-put' && f.kind === 'reset');
        if (putLost) answers['binding-put'] = [0, 412];
        expectRequests(s.requests, applyLog(answers, putLost ? [ROUTES['binding-get']()] : []));
        expect(r.durationMs).toBeGreaterThanOrEqual(1_000); // each run has a 429: Retry-After: 1 honoured
        expect(r.durationMs).toBeLessThan(BOUND);
      }),
  );
});

describe('up to two faults in a row, of every kind, on every route at once, end in success', () => {
  // Each run puts KINDx2 on all six routes together; `slow` needs a short per-request timeout.
  test.concurrent.each([...TRANSIENT, 'malformed', 'slow'])('%sx2 on every route', async (kind) =>
    withEmulator({ faults: APPLY_ROUTES.map((r) => `${r}:${kind}x2`).join(',') }, async (emu) => {
      const timeout = kind === 'slow' ? '500' : TIMEOUT;
      const r = await applyDev(emu, 'currentuser', [], timeout);
      expectCode(r, 0);
      expect(json(r)).toMatchObject({ orgId: ORGS.dev, generation: 2, changed: true });
      if (r.durationMs >= commandBoundMs(Number(timeout))) throw new Error(`over the bound: ${describeRun(r)}`);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 }); // one switch, however many attempts
      const answers = Object.fromEntries(APPLY_ROUTES.map((route) => [route, [logged(kind), logged(kind), 200]]));
      if (kind === 'reset') {
        // The first write landed and lost its answer; the second too met the reset, after a 412; the
        // third is answered 412, and a re-read finds the desired binding.
        answers['binding-put'] = [0, 0, 412];
        expectRequests(s.requests, applyLog(answers, [ROUTES['binding-get']()]));
      } else {
        expectRequests(s.requests, applyLog(answers));
      }
    }),
  );
});

describe('the token route (client credentials, as every plan uses them)', () => {
  test.concurrent.each([...TRANSIENT, 'malformed', 'slow'])('token:%sx2, then the token and the read succeed', async (kind) =>
    withEmulator({ faults: `token:${kind}x2` }, async (emu) => {
      const timeout = kind === 'slow' ? '500' : TIMEOUT;
      const r = await applyDev(emu, 'token', [], timeout);
      expectCode(r, 0);
      expect(json(r)).toEqual({ orgId: null, orgName: null, generation: 1 });
      if (r.durationMs >= commandBoundMs(Number(timeout))) throw new Error(`over the bound: ${describeRun(r)}`);
      expectRequests((await emu.state()).requests, [...[logged(kind), logged(kind), 200].map((s) => REQ.token(s)), REQ.bindingGet('dev')]);
    }),
  );
});

describe('a malformed answer (200, not JSON): retried, then remote_error naming the endpoint', () => {
  test.concurrent.each(ROUTE_NAMES)('%s:malformedx10', async (route) =>
    withEmulator({ faults: `${route}:malformedx10` }, async (emu) => {
      const r = await applyDev(emu, route);
      const lines = expectErrors(r, 1, ['remote_error']);
      expect(lines[0].message).toContain(ROUTES[route]().path);
      expect(lines[0].message).toMatch(/not JSON/);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: null, generation: 1 });
      // every attempt on the route, then nothing more: a failed read never leads to a write, and the
      // faulted write itself applied nothing (read back once, as a lost answer is)
      expectRequests(s.requests, persistentFailureLog(route, times(ATTEMPTS, 200)));
    }),
  );
});

/** The log of an apply whose `route` answered `statuses` (every attempt failing): it goes no further. */
function persistentFailureLog(route: Route, statuses: number[]): RequestStep[] {
  if (route === 'token') return applyLog({ token: statuses, profile: [], orgs: [], currentuser: [], 'binding-get': [], 'binding-put': [] });
  if (route === 'binding-put') return applyLog({ 'binding-put': statuses }, [ROUTES['binding-get']()]);
  return applyLog({ [route]: statuses, 'binding-put': [] });
}

describe('persistent faults end with exit 1, the endpoint named, the binding unchanged, in bounded time', () => {
  test.concurrent.each([
    { spec: 'orgs:500x10', route: 'orgs' as Route, code: 'remote_error', status: 500 },
    { spec: 'profile:503x10', route: 'profile' as Route, code: 'remote_error', status: 503 },
    { spec: 'currentuser:resetx10', route: 'currentuser' as Route, code: 'remote_error', status: 0 },
    { spec: 'binding-get:502x10', route: 'binding-get' as Route, code: 'remote_error', status: 502 },
    { spec: 'binding-put:500x10', route: 'binding-put' as Route, code: 'remote_error', status: 500 },
    { spec: 'token:429x10', route: 'token' as Route, code: 'remote_error', status: 429 },
    { spec: 'token:resetx10', route: 'token' as Route, code: 'remote_error', status: 0 },
    { spec: 'profile:slowx10', route: 'profile' as Route, code: 'timeout', status: 0 },
    { spec: 'binding-put:slowx10', route: 'binding-put' as Route, code: 'timeout', status: 0 },
  ])('$spec -> $code', async ({ spec, route, code, status }) =>
    withEmulator({ faults: spec }, async (emu) => {
      const timeout = code === 'timeout' ? SLOW_TIMEOUT : TIMEOUT;
      const r = await applyDev(emu, route, ['--log-level', 'debug'], timeout);
      if (r.durationMs >= commandBoundMs(Number(timeout))) throw new Error(`over the bound: ${describeRun(r)}`);
      const lines = expectErrors(r, 1, [code]);
      expect(lines[0].message).toContain(ROUTES[route]().path);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: null, generation: 1 });
      // bounded retries: exactly the HTTP layer's attempts, not a storm
      expectRequests(s.requests, persistentFailureLog(route, times(ATTEMPTS, status)));
    }),
  );
});

describe('a write whose answer is lost', () => {
  test.concurrent.each([
    // the retry meets a 412 (the first write landed), and a re-read finds the desired binding
    { spec: 'binding-put:reset', puts: [0, 412] },
    // every attempt loses its answer (the later ones after a 412); the re-read finds the desired binding
    { spec: 'binding-put:resetx10', puts: times(ATTEMPTS, 0) },
  ])('$spec converges with the generation raised exactly once', async ({ spec, puts }) =>
    withEmulator({ faults: spec }, async (emu) => {
      const r = await applyDev(emu, 'binding-put');
      expectCode(r, 0);
      expect(json(r)).toMatchObject({ orgId: ORGS.dev, generation: 2, changed: true });
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
      expectRequests(s.requests, applyLog({ 'binding-put': puts }, [ROUTES['binding-get']()]));
    }),
  );
});

test.concurrent('read and status retry their GETs too', async () =>
  withEmulator({ faults: 'binding-get:503,orgs:reset' }, async (emu) => {
    const r = await runCli(['read'], {
      env: emu.userEnv(),
      stdin: JSON.stringify({ author_url: emu.authorUrl('prod'), org: ORGS.prod, timeout_ms: TIMEOUT }),
    });
    expectCode(r, 0);
    expect(json(r)).toMatchObject({ in_sync: 'true', token: `${ORGS.prod}#7` });
    await emu.setFaults('binding-get:500');
    const st = await runCli(['status', '--author-url', emu.authorUrl('prod'), '--json', '--timeout-ms', TIMEOUT], { env: emu.userEnv() });
    expect(json(st)).toEqual({ orgId: ORGS.prod, orgName: 'Contoso Creative (Prod)', generation: 7 });
    expectRequests(await emu.requests(), [
      [REQ.bindingGet('prod', 503), REQ.bindingGet('prod'), REQ.orgs(0), REQ.orgs()],
      REQ.bindingGet('prod', 500),
      REQ.bindingGet('prod'),
    ]);
  }),
);
