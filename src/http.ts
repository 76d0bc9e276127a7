/**
 * The one place that talks HTTP, shared by the IMS and AEM clients: undici with a per-request
 * timeout, a deadline on the whole command, retries with exponential backoff and full jitter for
 * requests that are safe to repeat (honouring `Retry-After`), and zod validation of every answer.
 */
import { Agent, Dispatcher, request } from 'undici';
import { backOff } from 'exponential-backoff';
import type { ZodType } from 'zod';
import { AemCcError } from './errors';
import { Logger, redact } from './log';

/** Statuses that say "try again later": rate limits and server-side trouble. */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** The most one `Retry-After` may make us wait: beyond it we give up rather than hang a deploy. */
const MAX_RETRY_AFTER_MS = 10_000;

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
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whether sending it twice is harmless (GETs, the token request, the `If-Match` PUT). */
  idempotent: boolean;
  /** A short name for messages, e.g. "IMS organizations". */
  what: string;
  /**
   * The shape a 2xx answer must have. Checked inside the retry loop: a garbled answer to a request
   * that is safe to repeat is retried like a 5xx, and only then becomes a `remote_error`.
   */
  schema?: ZodType<unknown>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body, checked against the request's schema (2xx answers to requests that have one). */
  decoded?: unknown;
}

/** A failure after which another attempt may succeed. */
class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    readonly kind: 'status' | 'network' | 'timeout' | 'malformed',
    readonly response?: HttpResponse,
  ) {
    super(message);
  }
}

let sharedAgent: Agent | undefined;
function defaultAgent(): Agent {
  // Keep-alive across the 4-5 requests of one command: one TCP (and TLS) handshake per origin.
  sharedAgent ??= new Agent({ keepAliveTimeout: 4_000, connections: 8 });
  return sharedAgent;
}

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Math.min(Number(v.trim()) * 1000, MAX_RETRY_AFTER_MS);
  // Otherwise only an HTTP-date (RFC 9110: "Wed, 21 Oct 2015 07:28:00 GMT"), not any string Date.parse takes.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v.trim())) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.min(at - now, MAX_RETRY_AFTER_MS));
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

  constructor(private readonly opts: HttpOptions) {
    this.attempts = opts.attempts ?? 4;
    this.backoffMs = opts.backoffMs ?? 250;
  }

  /**
   * Sends a request, retrying transient failures when it is safe. Returns whatever final status the
   * server gave (callers decide what a 401 or 412 means); throws `remote_error` or `timeout` when
   * every attempt failed transiently or the command's deadline passed.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const endpoint = describeEndpoint(req.url);
    const maxAttempts = req.idempotent ? this.attempts : 1;
    try {
      return await backOff(() => this.once(req), {
        numOfAttempts: maxAttempts,
        startingDelay: this.backoffMs,
        timeMultiple: 2,
        maxDelay: 4_000,
        jitter: 'full',
        retry: async (e: unknown, attempt: number) => {
          if (!(e instanceof RetryableFailure) || this.opts.deadline.aborted) return false;
          this.opts.logger.warn(`${req.what}: ${e.message} (attempt ${attempt} of ${maxAttempts}); retrying`);
          if (e.retryAfterMs !== undefined) await sleep(e.retryAfterMs, this.opts.deadline);
          return !this.opts.deadline.aborted;
        },
      });
    } catch (e) {
      if (this.opts.deadline.aborted) {
        throw new AemCcError(
          'timeout',
          `${req.what} (${req.method} ${endpoint}) did not complete within the command's time bound; ` +
            `checked: ${maxAttempts} attempt(s) with backoff. The service is slow or unreachable: ` +
            `retry later, or raise --timeout-ms / AEM_CC_TIMEOUT_MS.`,
        );
      }
      if (e instanceof RetryableFailure) {
        // Still 429/5xx after every attempt: the service is down or rate-limiting us.
        if (e.kind === 'status') {
          throw new AemCcError(
            'remote_error',
            `${req.what} (${req.method} ${endpoint}) kept failing: ${e.message} after ${maxAttempts} attempt(s) ` +
              `with backoff. Adobe's service is unavailable or rate-limiting this client: retry later; ` +
              `nothing was changed by this attempt unless a later run reports otherwise.`,
          );
        }
        if (e.kind === 'malformed') {
          throw new AemCcError('remote_error', `${e.message} (${maxAttempts} attempt(s) with backoff)`);
        }
        const code = e.kind === 'timeout' ? 'timeout' : 'remote_error';
        throw new AemCcError(
          code,
          `${req.what} (${req.method} ${endpoint}) failed: ${e.message} after ${maxAttempts} attempt(s) with ` +
            `backoff. Check that the URL is right and the service reachable from here, then retry.`,
        );
      }
      throw e;
    }
  }

  /** Sends and parses JSON with a zod schema; a malformed answer is a `remote_error` naming the endpoint. */
  parse<T>(req: HttpRequest, res: HttpResponse, schema: ZodType<T>): T {
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
      const issue = parsed.error.issues[0];
      const where = issue?.path?.length ? issue.path.join('.') : '(root)';
      throw new AemCcError(
        'remote_error',
        `${req.what} (${req.method} ${endpoint}) answered ${res.status} with an unexpected shape ` +
          `(at ${where}: ${issue?.message ?? 'invalid'}); checked: the response against the documented ` +
          `schema. Nothing was decided on it: check the endpoint configuration, or report it if it persists.`,
      );
    }
    return parsed.data;
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    if (this.opts.deadline.aborted) throw new RetryableFailure('command deadline passed', undefined, 'timeout');
    const started = Date.now();
    // Not AbortSignal.timeout() inside AbortSignal.any(): Node (nodejs/node#57736) lets the garbage
    // collector take such a timeout signal before it fires, and the attempt then hangs until the
    // command deadline. A plain timer keeps its controller alive until it fires or is cleared.
    const attempt = new AbortController();
    const timer = setTimeout(() => attempt.abort(new DOMException(`no answer within ${this.opts.timeoutMs} ms`, 'TimeoutError')), this.opts.timeoutMs);
    const signal = AbortSignal.any([attempt.signal, this.opts.deadline]);
    this.opts.logger.debug(`-> ${req.method} ${describeEndpoint(req.url)}${req.body ? ` body: ${redact(req.body)}` : ''}`);
    let res: Dispatcher.ResponseData;
    let text: string;
    try {
      res = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        dispatcher: defaultAgent(),
      });
      text = await res.body.text();
    } catch (e) {
      const err = e as { name?: string; code?: string; message?: string };
      const timedOut = err.name === 'AbortError' || err.name === 'TimeoutError' || signal.aborted;
      const what = timedOut ? `no answer within ${this.opts.timeoutMs} ms` : `connection failed (${err.code ?? err.name ?? 'error'})`;
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
  const a = sharedAgent;
  sharedAgent = undefined;
  if (a) await a.close();
}
