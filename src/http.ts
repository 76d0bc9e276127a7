/**
 * The one place that talks HTTP, shared by the IMS and AEM clients: undici, through the proxy the
 * environment names (`dispatchers.ts`), with a per-request timeout, a deadline on the whole
 * command, retries with exponential backoff and full jitter for requests that are safe to repeat
 * (honouring `Retry-After` up to a cap; never for failures another attempt cannot fix, see
 * `connect-failures.ts`), one renewal of a refused bearer token (`BearerTokens`), and zod
 * validation of every answer.
 */
import { request, type ResponseData } from './undici';
import { backOff } from 'exponential-backoff';
import { describeIssue, type Schema } from './schemas';
import { permanentConnectFailure, proxyRefusal } from './connect-failures';
import { Dispatchers } from './dispatchers';
import { AemCcError } from './errors';
import { Logger, redact, show } from './log';
import { describeRoute, proxyForScheme, proxySettings, ProxySettings } from './proxy';

/** Statuses that say "try again later": rate limits and server-side trouble. */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/**
 * The most one `Retry-After` may make us wait. A server that asks for longer gets no further
 * attempt: the command ends at once and says how long the server asked for, rather than hanging a
 * deploy or retrying early against the server's explicit request.
 */
export const MAX_RETRY_AFTER_MS = 10_000;

export interface HttpOptions {
  /** Timeout of each attempt, in ms. */
  timeoutMs: number;
  /** The whole command must end by this signal (the command's time bound). */
  deadline: AbortSignal;
  logger: Logger;
  /** Total attempts for a retryable request (first try included). */
  attempts?: number;
  /** First backoff delay in ms; doubles each retry, with full jitter. */
  backoffMs?: number;
  /**
   * How a `Retry-After` wait is slept: resolves after `ms` or as soon as `signal` aborts. Default: a
   * timer. A seam for tests that count the waits instead of sitting them out.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Where the proxy variables (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, either case) and
   * `NODE_EXTRA_CA_CERTS` (for messages; Node itself reads it at start) are read. Default: process.env.
   */
  env?: NodeJS.ProcessEnv;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  /**
   * The access token to send as `Authorization: Bearer`. Given here rather than in `headers` so
   * that Http can replace a refused token once (see `BearerTokens`).
   */
  bearer?: string;
  body?: string;
  /** Whether sending it twice is harmless (GETs, the token request, the `If-Match` PUT). */
  idempotent: boolean;
  /** A short name for messages, e.g. "IMS organizations". */
  what: string;
  /**
   * The shape a 2xx answer must have. Checked inside the retry loop: a garbled answer to a request
   * that is safe to repeat is retried like a 5xx, and only then becomes a `remote_error`.
   */
  schema?: Schema;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body, checked against the request's schema (2xx answers to requests that have one). */
  decoded?: unknown;
}

/**
 * Where the bearer tokens that requests carry come from (the credential layer). Lets Http replace
 * a token that a service answered 401, once, and lets the clients say what a standing 401 means.
 */
export interface BearerTokens {
  /**
   * A replacement for `refused`, which a service has just answered 401, or undefined when there is
   * none (a user's token; a token that was itself a replacement). Concurrent calls for the same
   * token share one answer; at most one token request per process.
   */
  renew(refused: string): Promise<string | undefined>;
  /** For a 401 that stands: which credentials were checked, and the fix for them (a sentence). */
  explainRefusal(): { checked: string; fix: string };
}

/** A failure after which another attempt may succeed. */
class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly retryAfter: RetryAfter | undefined,
    readonly kind: 'status' | 'network' | 'timeout' | 'malformed',
    readonly response?: HttpResponse,
  ) {
    super(message);
  }
}

/** Dispatchers by proxy settings, shared by every Http of the process so connections are reused. */
const shared = new Map<string, Dispatchers>();
function dispatchersFor(settings: ProxySettings): Dispatchers {
  const key = JSON.stringify(settings);
  let d = shared.get(key);
  if (!d) shared.set(key, (d = new Dispatchers(settings)));
  return d;
}

/** What a `Retry-After` header asked for. */
export interface RetryAfter {
  /** The wait in ms from now; 0 for a date in the past. Not capped: the caller decides what is too long. */
  ms: number;
  /** How the server put it, for messages: "3600 s" or "until Wed, 21 Oct 2015 07:28:00 GMT". */
  asked: string;
}

/** RFC 9110's IMF-fixdate, the only HTTP-date form servers may send. */
const HTTP_DATE_RE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP-date (RFC 9110 10.2.3), nothing else
 * (not any string `Date.parse` happens to take). Returns undefined when absent or garbled, so the
 * request falls back to plain backoff.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): RetryAfter | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) {
    const seconds = Number(v);
    return { ms: seconds * 1000, asked: `${seconds} s` };
  }
  if (!HTTP_DATE_RE.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return { ms: Math.max(0, at - now), asked: `until ${v}` };
}

/** The origin and path of a URL, for messages: never its query string (it may carry a token). */
export function describeEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

export class Http {
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly env: NodeJS.ProcessEnv;
  private network?: { settings: ProxySettings; dispatchers: Dispatchers };
  private tokens?: BearerTokens;
  /** Refused tokens and what replaced them, so later requests still carrying one send the new one. */
  private readonly replaced = new Map<string, string>();

  constructor(private readonly opts: HttpOptions) {
    this.attempts = opts.attempts ?? 4;
    this.backoffMs = opts.backoffMs ?? 250;
    this.env = opts.env ?? process.env;
  }

  /** The proxy settings and dispatchers, read on first use; a malformed proxy variable throws `invalid_input`. */
  private route(): { settings: ProxySettings; dispatchers: Dispatchers } {
    if (!this.network) {
      const settings = proxySettings(this.env);
      const shown = (p: ProxySettings['https']) => (p ? `${p.shown} (${p.from})` : 'none');
      this.opts.logger.debug(
        `proxies: https ${shown(settings.https)}, http ${shown(settings.http)}, ` +
          `${settings.noProxy ? `${settings.noProxy.from}=${show(settings.noProxy.value)}` : 'NO_PROXY unset (loopback direct)'}`,
      );
      this.network = { settings, dispatchers: dispatchersFor(settings) };
    }
    return this.network;
  }

  /** Lets a 401 on a request's bearer token be answered by one renewal from `tokens` and one retry. */
  useTokens(tokens: BearerTokens): void {
    this.tokens = tokens;
  }

  /** What a standing 401 means for the credentials in use (a default when none were given). */
  explainRefusal(): { checked: string; fix: string } {
    return (
      this.tokens?.explainRefusal() ?? {
        checked: 'the token from AEM_CC_ACCESS_TOKEN or the client credentials',
        fix: 'Get a fresh token (IMS user tokens expire after 24 hours)',
      }
    );
  }

  /**
   * Sends a request, retrying transient failures when it is safe. A 401 to a request with a
   * `bearer` is retried once with the token `useTokens()` gives in its place, if any (a cached
   * client-credentials token that a service stopped accepting). Returns whatever final status the
   * server gave (callers decide what a 401 or 412 means); throws `remote_error` or `timeout` when
   * every attempt failed transiently or the command's deadline passed, and whatever the renewal
   * throws (its token request's failure).
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const bearer = req.bearer === undefined ? undefined : (this.replaced.get(req.bearer) ?? req.bearer);
    const res = await this.sendWithRetries({ ...req, bearer });
    if (res.status !== 401 || bearer === undefined || !this.tokens) return res;
    const next = await this.tokens.renew(bearer);
    if (next === undefined || next === bearer) return res;
    this.replaced.set(bearer, next);
    if (req.bearer !== undefined) this.replaced.set(req.bearer, next);
    this.opts.logger.debug(`${req.what}: 401 with the cached token; sending it once more with the renewed token`);
    return this.sendWithRetries({ ...req, bearer: next });
  }

  private async sendWithRetries(req: HttpRequest): Promise<HttpResponse> {
    const endpoint = describeEndpoint(req.url);
    const maxAttempts = req.idempotent ? this.attempts : 1;
    const deadline = this.opts.deadline;
    let last: RetryableFailure | undefined;
    let made = 0; // attempts made so far: fewer than maxAttempts when a wait was refused or the deadline hit
    try {
      return await backOff(() => this.once(req), {
        numOfAttempts: maxAttempts,
        startingDelay: this.backoffMs,
        timeMultiple: 2,
        maxDelay: 4_000,
        jitter: 'full',
        // Called after every failed attempt, the last one included: decide here, before announcing
        // or sleeping anything, whether another attempt will really be made.
        retry: async (e: unknown, attempt: number) => {
          made = attempt;
          if (!(e instanceof RetryableFailure) || deadline.aborted) return false;
          last = e;
          if (attempt >= maxAttempts) return false;
          if (e.retryAfter && e.retryAfter.ms > MAX_RETRY_AFTER_MS) return false;
          const wait = e.retryAfter ? ` after ${Math.ceil(e.retryAfter.ms / 1000)} s (Retry-After)` : '';
          this.opts.logger.warn(`${req.what}: ${e.message} (attempt ${attempt} of ${maxAttempts}); retrying${wait}`);
          if (e.retryAfter) await (this.opts.sleep ?? sleep)(e.retryAfter.ms, deadline);
          return !deadline.aborted;
        },
      });
    } catch (e) {
      if (deadline.aborted) {
        throw new AemCcError(
          'timeout',
          `${req.what} (${req.method} ${endpoint}) did not complete within the command's time bound; ` +
            `checked: ${Math.max(made, 1)} of ${maxAttempts} attempt(s) with backoff` +
            (last ? `, the last one: ${last.message}${askedFor(last)}` : '') +
            `. ` +
            `The service is slow or unreachable: retry later, or raise --timeout-ms / AEM_CC_TIMEOUT_MS.`,
        );
      }
      if (e instanceof RetryableFailure) throw this.finalError(req, e, made);
      throw e;
    }
  }

  /** The error for a request whose last attempt failed transiently: what failed, how often, what to do. */
  private finalError(req: HttpRequest, e: RetryableFailure, attempts: number): AemCcError {
    const endpoint = describeEndpoint(req.url);
    if (e.retryAfter && e.retryAfter.ms > MAX_RETRY_AFTER_MS) {
      // The server said when to come back, and it is later than this command may wait.
      return new AemCcError(
        'remote_error',
        `${req.what} (${req.method} ${endpoint}) answered ${e.message} and asked to wait ${e.retryAfter.asked} ` +
          `(Retry-After) before trying again; checked: that is longer than the ${MAX_RETRY_AFTER_MS / 1000} s this handler ` +
          `waits within one command, so it made no further attempt (${attempts} made). Nothing was changed by this request: run again ` +
          `after that time (for a deploy, re-run "cdktf deploy"; it converges).`,
      );
    }
    // Still 429/5xx after every attempt: the service is down or rate-limiting us.
    if (e.kind === 'status') {
      return new AemCcError(
        'remote_error',
        `${req.what} (${req.method} ${endpoint}) kept failing: ${e.message}${askedFor(e)} after ${attempts} attempt(s) ` +
          `with backoff. Adobe's service is unavailable or rate-limiting this client: retry later; ` +
          `nothing was changed by this attempt unless a later run reports otherwise.`,
      );
    }
    if (e.kind === 'malformed') return new AemCcError('remote_error', `${e.message} (${attempts} attempt(s) with backoff)`);
    const route = describeRoute(this.route().settings, new URL(req.url));
    return new AemCcError(
      e.kind === 'timeout' ? 'timeout' : 'remote_error',
      `${req.what} (${req.method} ${endpoint}) failed: ${e.message} after ${attempts} attempt(s) with ` +
        `backoff, connecting ${route}. Check that the URL is right and the service reachable from here, then retry.`,
    );
  }

  /** Sends and parses JSON with a zod schema; a malformed answer is a `remote_error` naming the endpoint. */
  parse<T>(req: HttpRequest, res: HttpResponse, schema: Schema<T>): T {
    if (res.decoded !== undefined && req.schema === schema) return res.decoded as T;
    const endpoint = describeEndpoint(req.url);
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch {
      throw new AemCcError(
        'remote_error',
        `${req.what} (${req.method} ${endpoint}) answered ${res.status} with a body that is not JSON; ` +
          `checked: the response body. The service is misbehaving or the URL points at something else ` +
          `(check --author-url / --ims-endpoint / --settings-path).`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new AemCcError(
        'remote_error',
        `${req.what} (${req.method} ${endpoint}) answered ${res.status} with an unexpected shape ` +
          `(at ${describeIssue(parsed.error)}); checked: the response against the documented ` +
          `schema. Nothing was decided on it: check the endpoint configuration, or report it if it persists.`,
      );
    }
    return parsed.data;
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    if (this.opts.deadline.aborted) throw new RetryableFailure('command deadline passed', undefined, 'timeout');
    const { settings, dispatchers } = this.route();
    const target = new URL(req.url);
    const started = Date.now();
    // Not AbortSignal.timeout() inside AbortSignal.any(): Node (nodejs/node#57736) lets the garbage
    // collector take such a timeout signal before it fires, and the attempt then hangs until the
    // command deadline. A plain timer keeps its controller alive until it fires or is cleared.
    const attempt = new AbortController();
    const timer = setTimeout(
      () => attempt.abort(new DOMException(`no answer within ${this.opts.timeoutMs} ms`, 'TimeoutError')),
      this.opts.timeoutMs,
    );
    const signal = AbortSignal.any([attempt.signal, this.opts.deadline]);
    this.opts.logger.debug(`-> ${req.method} ${describeEndpoint(req.url)}${req.body ? ` body: ${redact(req.body)}` : ''}`);
    let res: ResponseData;
    let text: string;
    try {
      res = await request(dispatchers.for(target), req.url, {
        method: req.method,
        headers: req.bearer === undefined ? req.headers : { ...req.headers, authorization: `Bearer ${req.bearer}` },
        body: req.body,
        signal,
      });
      text = await res.body.text();
    } catch (e) {
      const err = e as { name?: string; code?: string; message?: string };
      // Before the timeout test: undici reports a proxy's refusal as an AbortError.
      const permanent = signal.aborted
        ? undefined
        : permanentConnectFailure(e, {
            request: `${req.what} (${req.method} ${describeEndpoint(req.url)})`,
            url: target,
            route: describeRoute(settings, target),
            proxy: proxyForScheme(settings, target),
            env: this.env,
          });
      if (permanent) {
        this.opts.logger.debug(`<- ${req.method} ${describeEndpoint(req.url)}: ${err.code ?? err.name ?? 'error'}, not retryable`);
        throw permanent;
      }
      const refusedBy = proxyRefusal(e);
      const timedOut = refusedBy === undefined && (err.name === 'AbortError' || err.name === 'TimeoutError' || signal.aborted);
      const what = timedOut
        ? `no answer within ${this.opts.timeoutMs} ms`
        : refusedBy !== undefined
          ? `the proxy answered ${refusedBy} to the tunnel request`
          : `connection failed (${err.code ?? err.name ?? 'error'})`;
      this.opts.logger.debug(`<- ${req.method} ${describeEndpoint(req.url)}: ${what} after ${Date.now() - started} ms`);
      throw new RetryableFailure(what, undefined, timedOut ? 'timeout' : 'network');
    } finally {
      clearTimeout(timer);
    }
    const response: HttpResponse = { status: res.statusCode, headers: res.headers, text };
    if (req.schema && res.statusCode >= 200 && res.statusCode < 300) {
      try {
        response.decoded = this.parse(req, response, req.schema);
      } catch (e) {
        this.opts.logger.debug(`<- ${req.method} ${describeEndpoint(req.url)}: ${res.statusCode} with a malformed body`);
        throw new RetryableFailure((e as Error).message, undefined, 'malformed', response);
      }
    }
    this.opts.logger.debug(`<- ${req.method} ${describeEndpoint(req.url)}: ${res.statusCode} in ${Date.now() - started} ms`);
    if (RETRY_STATUSES.has(res.statusCode)) {
      throw new RetryableFailure(`HTTP ${res.statusCode}`, parseRetryAfter(res.headers['retry-after']), 'status', response);
    }
    return response;
  }
}

/** " (the server asked to wait 3 s)" for a failure that carried a Retry-After, else "". */
function askedFor(e: RetryableFailure): string {
  return e.retryAfter ? ` (the server asked to wait ${e.retryAfter.asked})` : '';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Closes pooled connections so the process can exit as soon as its command is done. */
export async function closeHttp(): Promise<void> {
  const open = [...shared.values()];
  shared.clear();
  await Promise.all(open.map((d) => d.close()));
}
