/**
 * From checked connection settings to a lifecycle `Context` on the real IMS and AEM clients. The HTTP
 * stack (undici, zod) is loaded here, lazily, only by the commands that send requests.
 */
import { ENV } from '../contract';
import { invalidInput } from '../errors';
import { parseAuthorUrl, parseImsEndpoint, parseLogLevel, parseSettingsPath, parseTimeoutMs } from '../inputs';
import type { Context } from '../lifecycle';
import { createLogger, type Logger } from '../log';
import type { Io } from './io';
import type { RawOptions } from './options';

/** Where and how a command talks to IMS and AEM, checked. */
export interface Connection {
  /** The author URL; empty for a command that talks to IMS only (`orgs`). */
  authorUrl: string;
  imsEndpoint: string;
  settingsPath: string;
  /** Per-request timeout, in ms. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * Checks the connection flags (log level, author URL, IMS endpoint, settings path, timeout, in that
 * order) and applies their defaults; logs go to `io.stderr`.
 * @param needAuthor whether the command needs an author URL (all but `orgs`)
 * @throws AemCcError `invalid_input` naming the first bad or missing value
 */
export function parseConnection(raw: RawOptions, needAuthor: boolean, io: Io): Connection {
  const level = parseLogLevel(raw.logLevel);
  if (needAuthor && raw.authorUrl === undefined) {
    throw invalidInput(
      `no author URL given; set --author-url or ${ENV.authorUrl} to the environment's author URL, ` +
        `e.g. https://author-p1234-e5678.adobeaemcloud.com.`,
    );
  }
  return {
    authorUrl: needAuthor ? parseAuthorUrl(raw.authorUrl) : '',
    imsEndpoint: parseImsEndpoint(raw.imsEndpoint),
    settingsPath: parseSettingsPath(raw.settingsPath),
    timeoutMs: parseTimeoutMs(raw.timeoutMs),
    logger: createLogger(level, io.stderr),
  };
}

/** The bound on a whole command, in ms: generous enough for every retry, short enough never to hang a deploy. */
export function commandBoundMs(timeoutMs: number): number {
  return 4 * timeoutMs + 10_000;
}

/**
 * Reads the credentials from `env`, builds a context on the real clients, runs `fn` with it and closes
 * the connections whatever happens.
 * @param needsCredentials false for a command that sends nothing (`destroy` with retain)
 * @throws AemCcError `invalid_input` or `missing_credentials` for bad credentials, else what `fn` throws
 */
export async function withContext<T>(
  conn: Connection,
  env: NodeJS.ProcessEnv,
  needsCredentials: boolean,
  fn: (ctx: Context) => Promise<T>,
): Promise<T> {
  return withContexts([conn], env, needsCredentials, ([ctx]) => fn(ctx!));
}

/**
 * `withContext` for several environments at once (the plan-time read of a whole stack): one context per
 * connection, in order, sharing the command's time bound and pooled connections; one token provider per
 * IMS endpoint, so a client-credentials token is asked for once (or taken from the cache); and, for each
 * IMS endpoint and token, one organizations request however many environments resolve their org.
 * The time bound is the first connection's (they all come from one query, with one timeout).
 * @throws AemCcError `invalid_input` or `missing_credentials` for bad credentials, else what `fn` throws
 */
export async function withContexts<T>(
  conns: readonly Connection[],
  env: NodeJS.ProcessEnv,
  needsCredentials: boolean,
  fn: (ctxs: Context[]) => Promise<T>,
): Promise<T> {
  const { defaultCacheDir, readCredentials, TokenProvider } = await import('../credentials');
  const creds = needsCredentials ? readCredentials(env) : ({ mode: 'user', token: '' } as const);
  const { Http, closeHttp } = await import('../http');
  const { ImsClient } = await import('../ims');
  const { AemClient } = await import('../aem');
  const first = conns[0]!;
  const deadline = AbortSignal.timeout(commandBoundMs(first.timeoutMs));
  const perIms = new Map<string, Omit<Context, 'aem' | 'authorUrl'> & { http: InstanceType<typeof Http> }>();
  const imsFor = (conn: Connection) => {
    let shared = perIms.get(conn.imsEndpoint);
    if (!shared) {
      const http = new Http({ timeoutMs: conn.timeoutMs, deadline, logger: conn.logger, env });
      const ims = sharingOrganizations(new ImsClient(http, conn.imsEndpoint));
      const tokens = new TokenProvider(creds, ims, conn.imsEndpoint, conn.logger, defaultCacheDir(env));
      http.useTokens(tokens); // a 401 on a cached client-credentials token: renewed once, retried once
      perIms.set(conn.imsEndpoint, (shared = { http, ims, tokens, logger: conn.logger }));
    }
    return shared;
  };
  const ctxs = conns.map((conn): Context => {
    const { http, ims, tokens } = imsFor(conn);
    return { ims, aem: new AemClient(http, conn.authorUrl, conn.settingsPath), tokens, logger: conn.logger, authorUrl: conn.authorUrl };
  });
  try {
    return await fn(ctxs);
  } finally {
    await closeHttp();
  }
}

/**
 * `ims` whose `organizations(token)` sends its request once per token for the whole command, however
 * many callers ask (concurrent ones included): the orgs an identity can access do not change within one
 * command, and the stack's read resolves an org per environment.
 */
function sharingOrganizations<I extends { organizations(token: string): Promise<unknown> }>(ims: I): I {
  const asked = new Map<string, ReturnType<I['organizations']>>();
  const organizations = (token: string) => {
    if (!asked.has(token)) asked.set(token, ims.organizations(token) as ReturnType<I['organizations']>);
    return asked.get(token)!;
  };
  return Object.assign(Object.create(ims) as I, { organizations });
}
