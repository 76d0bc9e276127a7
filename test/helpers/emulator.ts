/**
 * One in-process emulator per test file: started on port 0 in beforeAll, reset before each test,
 * closed in afterAll. The handle is the shared control client (src/emulator/control-client.ts) plus
 * what tests need to reach the emulator (author URLs, a handler's environment) and `idle()`.
 */
import { DEFAULT_SETTINGS_PATH } from '../../src/contract';
import {
  CURRENT_USER_PATH,
  DEFAULT_FIXTURE,
  DEFAULT_IDS,
  emulatorControl,
  type Fixture,
  mintAccessToken,
  startEmulator,
  type EmulatorControl,
  type EmulatorOptions,
  type RequestEntry,
  type RunningEmulator,
} from '../../src/emulator';

export const ORGS = DEFAULT_IDS.orgs;
export const USERS = DEFAULT_IDS.users;
export const CLIENT = DEFAULT_IDS.client;
export const SETTINGS_PATH = DEFAULT_SETTINGS_PATH;

export type { RequestEntry };

/**
 * A user who signs in through the built-in web app client, with a token shaped as IMS issues them: a JWT
 * whose client_id claim names that client (the built-in fixture's tokens are opaque strings).
 */
const WEB_USER_ID = 'A2A2A2A2A2A2A2A2A2A2A2A2@c0ffee.e';
export const WEB_USER = {
  userId: WEB_USER_ID,
  token: mintAccessToken({ clientId: DEFAULT_IDS.webApp.clientId, userId: WEB_USER_ID, scope: 'openid,AdobeID' }).token,
} as const;

/** A copy of the built-in fixture with WEB_USER added: Ana's orgs and entitlements, an administrator everywhere. */
export function fixtureWithWebUser(): Fixture {
  const f = structuredClone(DEFAULT_FIXTURE) as Fixture;
  f.users.push({ ...f.users[0], userId: WEB_USER.userId, token: WEB_USER.token, name: 'Ana (web app sign-in)' });
  for (const e of f.environments) e.admins.push(WEB_USER.userId);
  return f;
}

export interface EmulatorHandle extends EmulatorControl {
  authorUrl(env: string): string;
  /** Resolves once the emulator handles no request (see RunningEmulator.idle). */
  idle(): Promise<void>;
  /** Environment for a user-token run against this emulator. */
  userEnv(token?: string, extra?: Record<string, string>): Record<string, string>;
  /** Environment for a client-credentials run against this emulator. */
  clientEnv(extra?: Record<string, string>): Record<string, string>;
}

export function emulatorHandle(getEmu: () => RunningEmulator): EmulatorHandle {
  const control = emulatorControl(() => getEmu().url);
  return Object.assign(control, {
    authorUrl: (env: string) => `${control.url}/env/${env}`,
    idle: () => getEmu().idle(),
    userEnv: (token: string = USERS.ana.token, extra: Record<string, string> = {}) => ({
      AEM_CC_ACCESS_TOKEN: token,
      AEM_CC_IMS_ENDPOINT: control.url,
      ...extra,
    }),
    clientEnv: (extra: Record<string, string> = {}) => ({
      AEM_CC_CLIENT_ID: CLIENT.clientId,
      AEM_CC_CLIENT_SECRET: CLIENT.clientSecret,
      AEM_CC_IMS_ENDPOINT: control.url,
      ...extra,
    }),
  });
}

/** Registers beforeAll/beforeEach/afterAll in the calling scope and returns the handle. */
export function useEmulator(opts: EmulatorOptions = {}): EmulatorHandle {
  let emu: RunningEmulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...opts });
  });
  beforeEach(async () => {
    await handle.reset();
  });
  afterAll(async () => {
    await emu?.close();
  });
  const handle = emulatorHandle(() => {
    if (!emu) throw new Error('the emulator is not running (use the handle inside tests)');
    return emu;
  });
  return handle;
}

/** Polls `probe` every `intervalMs` until it is true; throws after `timeoutMs`. */
export async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs = 10_000, intervalMs = 5): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A request as `expectRequests` compares it: method, path and status. */
export type ExpectedRequest = Pick<RequestEntry, 'method' | 'path' | 'status'>;

/** The requests the handler sends, as the emulator logs them (status 200 unless given). */
export const REQ = {
  token: (status = 200): ExpectedRequest => ({ method: 'POST', path: '/ims/token/v3', status }),
  orgs: (status = 200): ExpectedRequest => ({ method: 'GET', path: '/ims/organizations/v6', status }),
  profile: (status = 200): ExpectedRequest => ({ method: 'GET', path: '/ims/profile/v1', status }),
  currentUser: (env: string, status = 200): ExpectedRequest => ({ method: 'GET', path: `/env/${env}${CURRENT_USER_PATH}`, status }),
  bindingGet: (env: string, status = 200): ExpectedRequest => ({ method: 'GET', path: `/env/${env}${SETTINGS_PATH}`, status }),
  bindingPut: (env: string, status = 200): ExpectedRequest => ({ method: 'PUT', path: `/env/${env}${SETTINGS_PATH}`, status }),
};

/** The prerequisite reads of an apply on `env`, sent in parallel: profile, organizations, current user, binding. */
export const prerequisiteReads = (env: string): ExpectedRequest[] => [REQ.profile(), REQ.orgs(), REQ.currentUser(env), REQ.bindingGet(env)];

/** One step of an expected request log: a request, or requests sent in parallel (logged in any order). */
export type RequestStep = ExpectedRequest | ExpectedRequest[];

/**
 * Asserts that the request log is exactly `steps`, nothing before, between or after: single requests
 * in their order, the requests of a parallel step in any order among themselves (compared sorted).
 * Only method, path and status are compared (see `ExpectedRequest`).
 */
export function expectRequests(log: ExpectedRequest[], steps: RequestStep[]): void {
  const line = (r: ExpectedRequest) => `${r.method} ${r.path} -> ${r.status}`;
  const got: string[] = [];
  const want: string[] = [];
  let at = 0;
  for (const step of steps) {
    const group = Array.isArray(step) ? step : [step];
    const seen = log.slice(at, at + group.length).map(line);
    const expected = group.map(line);
    if (Array.isArray(step)) {
      seen.sort();
      expected.sort();
    }
    got.push(...seen);
    want.push(...expected);
    at += group.length;
  }
  got.push(...log.slice(at).map(line));
  expect(got).toEqual(want);
}

export const isPut = (r: ExpectedRequest) => r.method === 'PUT';
export const isToken = (r: ExpectedRequest) => r.method === 'POST' && r.path === '/ims/token/v3';

/**
 * A private emulator for one test (for tests that run concurrently, since faults and the request
 * log are per emulator): started, handed to `fn`, always closed.
 */
export async function withEmulator<T>(opts: EmulatorOptions, fn: (h: EmulatorHandle) => Promise<T>): Promise<T> {
  const emu = await startEmulator({ port: 0, ...opts });
  try {
    return await fn(emulatorHandle(() => emu));
  } finally {
    await emu.close();
  }
}
