/**
 * Fault injection: every transient failure on every route is retried to success; persistent ones
 * end with exit 1 naming the endpoint, the binding unchanged, within the command's bound; a write
 * whose answer is lost converges with the generation raised exactly once.
 *
 * Each test has its own emulator (faults and the request log are per emulator), so they run
 * concurrently: most of their time is spent waiting on backoff and Retry-After.
 */
import { commandBoundMs } from '../../src/cli/context';
import { describeRun, errorLines, json, runCli, expectCode, expectErrors } from '../helpers/cli';
import { isPut, ORGS, SETTINGS_PATH, withEmulator, type EmulatorHandle, type RequestEntry } from '../helpers/emulator';

/**
 * Per-request timeouts: short where a `slow` fault makes the handler wait them out, roomy elsewhere
 * so that a loaded test machine never turns an answered request into a spurious timeout (which
 * would consume a retry and change what the test observes).
 */
const TIMEOUT = '2000';
const SLOW_TIMEOUT = '300';
const BOUND = commandBoundMs(Number(TIMEOUT));

const ROUTES = {
  token: { method: 'POST', path: '/ims/token/v3' },
  orgs: { method: 'GET', path: '/ims/organizations/v6' },
  profile: { method: 'GET', path: '/ims/profile/v1' },
  currentuser: { method: 'GET', path: '/env/dev/libs/granite/security/currentuser.json' },
  'binding-get': { method: 'GET', path: `/env/dev${SETTINGS_PATH}` },
  'binding-put': { method: 'PUT', path: `/env/dev${SETTINGS_PATH}` },
} as const;
type Route = keyof typeof ROUTES;
const on = (route: Route) => (q: RequestEntry) => q.method === ROUTES[route].method && q.path === ROUTES[route].path;

/** An apply on dev (unbound, generation 1) to the dev org; the token route needs client credentials. */
function applyDev(emu: EmulatorHandle, route: Route, extra: string[] = [], timeoutMs = TIMEOUT) {
  const env = route === 'token' ? emu.clientEnv() : emu.userEnv();
  return runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json', '--timeout-ms', timeoutMs, ...extra], { env, timeoutMs: BOUND + 5_000 });
}

const TRANSIENT = ['429', '500', '502', '503', 'reset'] as const;
const ROUTE_NAMES = Object.keys(ROUTES) as Route[];
/**
 * Every (route, transient kind) pair, in five runs: run i puts kind (i + j) mod 5 on route j, so
 * each run has one fault on every route at once and, over the five runs, every route meets every
 * kind. (Spawning a CLI costs ~0.4 s of CPU; five runs instead of thirty keep the suite fast.)
 */
const RUNS = TRANSIENT.map((_, i) => ROUTE_NAMES.map((route, j) => ({ route, kind: TRANSIENT[(i + j) % TRANSIENT.length] })));

test('every route meets every transient kind', () => {
  const pairs = new Set(RUNS.flat().map((f) => `${f.route}:${f.kind}`));
  expect(pairs.size).toBe(ROUTE_NAMES.length * TRANSIENT.length);
});

describe('transient faults are retried to success', () => {
  test.concurrent.each(RUNS.map((faults) => ({ spec: faults.map((f) => `${f.route}:${f.kind}`).join(','), faults })))('$spec', async ({ spec, faults }) =>
    withEmulator({ faults: spec }, async (emu) => {
      const r = await applyDev(emu, 'token'); // client credentials, so the token route is used too
      expectCode(r, 0);
      expect(json(r)).toEqual({ orgId: ORGS.dev, orgName: 'Contoso Creative (Dev)', previousOrgId: null, generation: 2, changed: true });
      const s = await emu.state();
      // the generation rose exactly once
      expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
      for (const { route, kind } of faults) {
        // the fault was really served, then the same request was sent again and answered
        const hits = s.requests.filter(on(route)).map((q) => q.status);
        const served = kind === 'reset' ? 0 : Number(kind);
        // binding-put:reset: the first write landed, its answer was lost; the retry finds it moved
        // on (412) and the binding is read once more to see that it is the desired one
        const putLost = faults.some((f) => f.route === 'binding-put' && f.kind === 'reset');
        const expected =
          route === 'binding-put' && putLost ? [served, 412] : route === 'binding-get' && putLost ? [served, 200, 200] : [served, 200];
        expect({ route, kind, hits }).toEqual({ route, kind, hits: expected });
      }
      expect(r.durationMs).toBeGreaterThanOrEqual(1_000); // each run has a 429: Retry-After: 1 honoured
      expect(r.durationMs).toBeLessThan(BOUND);
    }),
  );
});

describe('up to two faults in a row, of every kind, on every route at once, end in success', () => {
  // Each run puts KINDx2 on all six routes together; `slow` needs a short per-request timeout.
  test.concurrent.each([...TRANSIENT, 'malformed', 'slow'])('%sx2 on every route', async (kind) =>
    withEmulator({ faults: ROUTE_NAMES.map((r) => `${r}:${kind}x2`).join(',') }, async (emu) => {
      const timeout = kind === 'slow' ? '500' : TIMEOUT;
      const r = await applyDev(emu, 'token', [], timeout);
      expectCode(r, 0);
      expect(json(r)).toMatchObject({ orgId: ORGS.dev, generation: 2, changed: true });
      if (r.durationMs >= commandBoundMs(Number(timeout))) throw new Error(`over the bound: ${describeRun(r)}`);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 }); // one switch, however many attempts
      for (const route of ROUTE_NAMES) expect(s.requests.filter(on(route)).length).toBeGreaterThanOrEqual(3);
    }),
  );
});

describe('a malformed answer (200, not JSON): retried, then remote_error naming the endpoint', () => {
  test.concurrent.each(Object.keys(ROUTES) as Route[])('%s:malformedx10', async (route) =>
    withEmulator({ faults: `${route}:malformedx10` }, async (emu) => {
      const r = await applyDev(emu, route);
      const lines = expectErrors(r, 1, ['remote_error']);
      expect(lines[0].message).toContain(ROUTES[route].path);
      expect(lines[0].message).toMatch(/not JSON/);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: null, generation: 1 });
      // a failed read never leads to a write; the faulted write itself applied nothing
      expect(s.requests.filter(isPut).length).toBe(route === 'binding-put' ? 4 : 0);
      expect(s.requests.filter(on(route)).length).toBeGreaterThanOrEqual(2);
      expect(s.requests.filter(on(route)).length).toBeLessThanOrEqual(5);
    }),
  );
});

describe('persistent faults end with exit 1, the endpoint named, the binding unchanged, in bounded time', () => {
  test.concurrent.each([
    { spec: 'orgs:500x10', route: 'orgs' as Route, code: 'remote_error' },
    { spec: 'profile:503x10', route: 'profile' as Route, code: 'remote_error' },
    { spec: 'currentuser:resetx10', route: 'currentuser' as Route, code: 'remote_error' },
    { spec: 'binding-get:502x10', route: 'binding-get' as Route, code: 'remote_error' },
    { spec: 'binding-put:500x10', route: 'binding-put' as Route, code: 'remote_error' },
    { spec: 'token:429x10', route: 'token' as Route, code: 'remote_error' },
    { spec: 'token:resetx10', route: 'token' as Route, code: 'remote_error' },
    { spec: 'profile:slowx10', route: 'profile' as Route, code: 'timeout' },
    { spec: 'binding-put:slowx10', route: 'binding-put' as Route, code: 'timeout' },
  ])('$spec -> $code', async ({ spec, route, code }) =>
    withEmulator({ faults: spec }, async (emu) => {
      const timeout = code === 'timeout' ? SLOW_TIMEOUT : TIMEOUT;
      const r = await applyDev(emu, route, ['--log-level', 'debug'], timeout);
      if (r.durationMs >= commandBoundMs(Number(timeout))) throw new Error(`over the bound: ${describeRun(r)}`);
      const lines = expectErrors(r, 1, [code]);
      expect(lines[0].message).toContain(ROUTES[route].path);
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: null, generation: 1 });
      // bounded retries: a handful of attempts, not a storm
      const hits = s.requests.filter(on(route)).length;
      expect(hits).toBeGreaterThanOrEqual(2);
      expect(hits).toBeLessThanOrEqual(5);
    }),
  );
});

describe('a write whose answer is lost', () => {
  test.concurrent.each(['binding-put:reset', 'binding-put:resetx10'])('%s converges with the generation raised exactly once', async (spec) =>
    withEmulator({ faults: spec }, async (emu) => {
      const r = await applyDev(emu, 'binding-put');
      expectCode(r, 0);
      expect(json(r)).toMatchObject({ orgId: ORGS.dev, generation: 2, changed: true });
      const s = await emu.state();
      expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
      expect(s.requests.filter(isPut).length).toBeGreaterThanOrEqual(1);
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
    expect((await emu.requests()).filter((q) => q.status >= 500).map((q) => q.status)).toEqual([503, 500]);
  }),
);
