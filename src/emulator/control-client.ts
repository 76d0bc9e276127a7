/**
 * The one client of the emulator's control routes, shared by the tests, the benchmark and the demo
 * (which loads it from dist/). It needs nothing but `fetch`, so it stays cheap to load.
 */
import { EMULATOR } from '../contract';
import type { FaultRule } from './faults';
import type { BindingView, EmulatorState, RequestEntry } from './store';

export interface EmulatorControl {
  /** The emulator's base URL. */
  readonly url: string;
  /** Every environment's binding, and the request log. */
  state(): Promise<EmulatorState>;
  /** The request log: every IMS and AEM request since start or reset, in arrival order. */
  requests(): Promise<RequestEntry[]>;
  /** Bindings back to the fixture's, no faults, an empty log (minted tokens stay valid). */
  reset(): Promise<void>;
  /** Replaces the pending faults (`''` clears them); resolves to the pending list. */
  setFaults(spec: string): Promise<FaultRule[]>;
  /** A switch made by hand in the AEM UI: the environment's binding becomes `orgId`, generation + 1. */
  switchByHand(envId: string, orgId: string): Promise<BindingView>;
}

/**
 * A control client for the emulator at `url` (or at whatever the function gives when called, for an
 * emulator started later).
 * Every call rejects with an Error naming the request and quoting the answer when it is not a 2xx.
 */
export function emulatorControl(url: string | (() => string)): EmulatorControl {
  const base = typeof url === 'string' ? () => url : url;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const res = await fetch(`${base()}${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator control ${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  };
  const control: EmulatorControl = {
    get url() {
      return base();
    },
    state: () => call<EmulatorState>('GET', EMULATOR.statePath),
    requests: async () => (await control.state()).requests,
    reset: async () => {
      await call('POST', EMULATOR.resetPath);
    },
    setFaults: async (spec) => (await call<{ faults: FaultRule[] }>('POST', EMULATOR.faultsPath, { spec })).faults,
    switchByHand: (envId, orgId) => call<BindingView>('PUT', `${EMULATOR.environmentsPath}/${encodeURIComponent(envId)}`, { orgId }),
  };
  return control;
}

/** A request log entry as one line: `GET /ims/profile/v1 -> 200`. */
export function describeRequest(r: RequestEntry): string {
  return `${r.method.padEnd(4)} ${r.path} -> ${r.status}`;
}
