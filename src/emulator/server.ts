/**
 * The emulator: Adobe IMS and AEM author environments on one loopback origin (docs/contract.md,
 * "The emulator"). IMS at `<base>/ims/...`, environment `<id>` at `<base>/env/<id>`, control routes at
 * `<base>/__emulator/...`. This module is the request loop (log, faults, latency, dispatch through the
 * route table) and the server's lifetime; the routes and their rules live in the *-routes modules.
 * It never logs or echoes an Authorization header or a secret.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type FaultKind, parseFaultSpec } from './faults';
import { DEFAULT_FIXTURE, type Fixture, parseFixture } from './fixture';
import { aemError, apiKeyOf, BadRequest, bearerOf, readBody, reply, type Reply } from './replies';
import type { Match } from './route';
import { type Resolution, resolve } from './route-table';
import { EmulatorStore, type RequestEntry } from './store';

export type { BindingView, EmulatorState, RequestEntry } from './store';

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Defaults to DEFAULT_FIXTURE. Checked like a fixture file. */
  fixture?: Fixture;
  /** Fault spec, e.g. `token:429x2,binding-put:reset`. */
  faults?: string;
  /** Delay before every IMS/AEM answer, in ms (control routes are never delayed). Default 0, at most 600 000. */
  latencyMs?: number;
  /**
   * Whether AEM requests must carry an `X-Api-Key` naming a client the emulator knows, which must be
   * the token's own client, as Adobe's API gateway requires (gateway.ts). Default false.
   */
  requireApiKey?: boolean;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: the IMS endpoint; `${url}/env/<id>` is an author URL. */
  url: string;
  port: number;
  /**
   * Resolves once no IMS or AEM request is being handled (latency waits included): every request that
   * has arrived has been answered, dropped, or left to a `slow` fault.
   */
  idle(): Promise<void>;
  /** Stops listening and drops every connection (pending `slow` requests included); takes well under a second. */
  close(): Promise<void>;
}

/** How long a `slow` fault keeps a request unanswered before dropping the connection. */
export const SLOW_FAULT_MS = 60_000;
const MAX_LATENCY_MS = 600_000;

/** The answer a fault gives instead of the route's (`reset` and `slow` give none). */
function faultReply(kind: Exclude<FaultKind, 'reset' | 'slow'>): Reply {
  switch (kind) {
    case '429':
      return reply(429, { error: 'too_many_requests', message: 'emulated fault: rate limited' }, { 'retry-after': '1' });
    case 'malformed':
      return reply(200, '<html><body>emulated fault: this answer is not JSON');
    default:
      return reply(Number(kind), { error: 'server_error', message: `emulated fault: ${kind}` });
  }
}

/**
 * Starts the emulator on 127.0.0.1.
 * @throws Error for a port outside 0..65535, a latency outside 0..600000 ms, an invalid fixture or
 *   fault spec (naming the bad field or entry), or when the port cannot be listened on
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`emulator port must be a whole number from 0 to 65535, got ${port}`);
  const latencyMs = opts.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new Error(`emulator latency must be from 0 to ${MAX_LATENCY_MS} ms, got ${latencyMs}`);
  }
  const fixture = parseFixture(opts.fixture ?? DEFAULT_FIXTURE, opts.fixture ? 'passed to startEmulator' : 'built-in default');
  const store = new EmulatorStore(fixture, opts.requireApiKey ?? false);
  store.faults.set(parseFaultSpec(opts.faults ?? ''));

  // ---- timers, sockets and requests in flight, so that close() is fast and idle() exact ----
  let closed = false;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  /** Resolves true after `ms`, or false as soon as the emulator closes. */
  const wait = (ms: number) =>
    new Promise<boolean>((resolveWait) => {
      if (closed) return resolveWait(false);
      const done = (ok: boolean) => {
        waiters.delete(wake);
        resolveWait(ok);
      };
      const wake = () => done(false);
      waiters.add(wake);
      later(ms, () => done(!closed));
    });

  const send = (res: ServerResponse, r: Reply, entry?: RequestEntry) => {
    if (res.destroyed || res.writableEnded || res.headersSent) return;
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    res.writeHead(r.status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(Buffer.byteLength(text)),
      ...r.headers,
    });
    res.end(text);
    if (entry) entry.status = r.status;
  };

  /** The route's reply, or the area's when no route matched; a handler's failure becomes a 4xx/500 reply. */
  const dispatch = async (req: IncomingMessage, method: string, url: URL, body: Buffer, area: Resolution['area'], match: Match) => {
    try {
      if (!match.route) return area.unmatched(method, url.pathname, match.allowed, store);
      return await match.route.handler({ req, method, url, params: match.params, body, store });
    } catch (e) {
      return e instanceof BadRequest ? reply(e.status, e.body) : aemError(500, 'emulator_error', (e as Error).message);
    }
  };

  /** A control route: answered at once, never logged, delayed or faulted. */
  const control = async (req: IncomingMessage, res: ServerResponse, method: string, url: URL, r: Resolution) => {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      return send(res, e instanceof BadRequest ? reply(e.status, e.body) : aemError(500, 'emulator_error', (e as Error).message));
    }
    send(res, await dispatch(req, method, url, body, r.area, r.match));
  };

  /** An IMS or AEM request: logged on arrival, then its fault (if any), the latency, and its route. */
  const serve = async (req: IncomingMessage, res: ServerResponse, method: string, url: URL, r: Resolution) => {
    const entry = store.record(method, url.pathname, {
      apiKey: apiKeyOf(req) !== undefined,
      userId: store.identify(bearerOf(req))?.user.userId,
    });
    const route = r.match.route?.fault;
    const fault = route ? store.faults.take(route) : undefined;

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BadRequest) return send(res, reply(e.status, e.body), entry);
      req.socket.destroy();
      return;
    }
    if (latencyMs > 0 && !(await wait(latencyMs))) return;
    if (closed) return;

    if (fault === 'slow') {
      later(SLOW_FAULT_MS, () => req.socket.destroy());
      return;
    }
    if (fault === 'reset' && route !== 'binding-put') {
      req.socket.destroy();
      return;
    }
    if (fault && fault !== 'reset') return send(res, faultReply(fault), entry);

    const answer = await dispatch(req, method, url, body, r.area, r.match);
    if (fault === 'reset') {
      // binding-put: the write happened (if it was going to succeed), the answer is lost.
      req.socket.destroy();
      return;
    }
    send(res, answer, entry);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return send(res, aemError(400, 'bad_request', 'unparseable request target'));
    }
    const r = resolve(method, url.pathname);
    if (r.control) return control(req, res, method, url, r);
    inFlight += 1;
    try {
      await serve(req, res, method, url, r);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const w of [...idleWaiters]) w();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, s) => s.destroy());

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('emulator: could not determine the listening port');
  const actualPort = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    idle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolveIdle) => {
        const w = () => {
          idleWaiters.delete(w);
          resolveIdle();
        };
        idleWaiters.add(w);
      });
    },
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const w of [...waiters]) w();
        server.close(() => resolveClose());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
