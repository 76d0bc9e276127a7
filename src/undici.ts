/**
 * The parts of undici the handler uses (its `Agent`, its `EnvHttpProxyAgent` and `Dispatcher#request`),
 * loaded from undici's own modules rather than its index. The index also loads fetch, WebSocket, the
 * cookie, cache and mock modules, and through the cookie module's use of the `Headers` global, Node's own
 * bundled copy of undici: about a third of a handler process's start-up, for nothing the handler calls
 * (measured with --cpu-prof, docs/benchmarks.md). Types come from undici's public declarations; the
 * modules are the ones its index itself loads (undici 7: lib/dispatcher/agent.js,
 * lib/dispatcher/env-http-proxy-agent.js, and lib/api/ for the request method).
 */
import type * as Undici from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports -- undici's internal modules have no declarations of their own */
const DispatcherBase = require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher;
export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
// What undici's index does to give every dispatcher its request(), stream(), ... methods.
Object.assign(DispatcherBase.prototype, require('undici/lib/api'));
/* eslint-enable @typescript-eslint/no-require-imports */

export type Dispatcher = Undici.Dispatcher;
export type ResponseData = Undici.Dispatcher.ResponseData;
export type Agent = Undici.Agent;
export type EnvHttpProxyAgent = Undici.EnvHttpProxyAgent;

/**
 * Sends one request through `dispatcher` (undici's documented `Dispatcher#request`, with the URL split
 * into origin and path as its top-level `request()` does).
 * @param url an absolute http or https URL
 * @returns undici's response data; the body must be consumed or destroyed
 * @throws undici's errors (connection, abort, ...) as they are
 */
export function request(dispatcher: Dispatcher, url: string, opts: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>): Promise<ResponseData> {
  const u = new URL(url);
  return dispatcher.request({ ...opts, origin: u.origin, path: `${u.pathname}${u.search}` });
}
