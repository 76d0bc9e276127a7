/**
 * One in-process emulator per test file: started on port 0 in beforeAll, reset before each test,
 * closed in afterAll. The handle's helpers use the control routes (docs/contract.md, "The emulator").
 */
import { DEFAULT_IDS, startEmulator, type EmulatorOptions, type EmulatorState, type RunningEmulator } from '../../src/emulator';

export const ORGS = DEFAULT_IDS.orgs;
export const USERS = DEFAULT_IDS.users;
export const CLIENT = DEFAULT_IDS.client;
export const SETTINGS_PATH = '/adobe/assets/settings/creative-cloud';

export type RequestEntry = EmulatorState['requests'][number];

export interface EmulatorHandle {
  readonly url: string;
  authorUrl(env: string): string;
  state(): Promise<EmulatorState>;
  requests(): Promise<RequestEntry[]>;
  reset(): Promise<void>;
  setFaults(spec: string): Promise<void>;
  switchByHand(env: string, orgId: string): Promise<EmulatorState['environments'][string]>;
  /** Environment for a user-token run against this emulator. */
  userEnv(token?: string, extra?: Record<string, string>): Record<string, string>;
  /** Environment for a client-credentials run against this emulator. */
  clientEnv(extra?: Record<string, string>): Record<string, string>;
}

async function call(url: string, init?: RequestInit): Promise<any> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

export function emulatorHandle(getEmu: () => RunningEmulator): EmulatorHandle {
  const base = () => getEmu().url;
  const handle: EmulatorHandle = {
    get url() {
      return base();
    },
    authorUrl: (env) => `${base()}/env/${env}`,
    state: () => call(`${base()}/__emulator/state`),
    requests: async () => (await handle.state()).requests,
    reset: async () => {
      await call(`${base()}/__emulator/reset`, { method: 'POST' });
    },
    setFaults: async (spec) => {
      await call(`${base()}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec }) });
    },
    switchByHand: (env, orgId) =>
      call(`${base()}/__emulator/environments/${encodeURIComponent(env)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orgId }),
      }),
    userEnv: (token = USERS.ana.token, extra = {}) => ({ AEM_CC_ACCESS_TOKEN: token, AEM_CC_IMS_ENDPOINT: base(), ...extra }),
    clientEnv: (extra = {}) => ({ AEM_CC_CLIENT_ID: CLIENT.clientId, AEM_CC_CLIENT_SECRET: CLIENT.clientSecret, AEM_CC_IMS_ENDPOINT: base(), ...extra }),
  };
  return handle;
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
export async function waitFor(probe: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 5): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const isPut = (r: RequestEntry) => r.method === 'PUT';
export const isToken = (r: RequestEntry) => r.method === 'POST' && r.path === '/ims/token/v3';

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
