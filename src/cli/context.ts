/**
 * From checked connection settings to a lifecycle `Context` on the real IMS and AEM clients. The HTTP
 * stack (undici, zod) is loaded here, lazily, only by the commands that send requests.
 */
import { ENV } from '../contract';
import { invalidInput } from '../errors';
import { parseAuthorUrl, parseImsEndpoint, parseLogLevel, parseSettingsPath, parseTimeoutMs } from '../inputs';
import type { CredentialUse } from '../acting';
import type { Credentials } from '../credentials';
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
 * Reads the credentials from `env`, picks the one the command acts with (acting.ts: `read` commands
 * the client credentials when set, `switch` commands the user token when set) and logs it, builds a
 * context on the real clients, runs `fn` with it and closes the connections whatever happens.
 * @param use what the command does with its credential; `none` for a command that sends nothing
 *   (`destroy` with retain), which reads no credential at all
 * @throws AemCcError `invalid_input` or `missing_credentials` for bad credentials, else what `fn` throws
 */
export async function withContext<T>(
  conn: Connection,
  env: NodeJS.ProcessEnv,
  use: CredentialUse | 'none',
  fn: (ctx: Context) => Promise<T>,
): Promise<T> {
  return withContexts([conn], env, use, ([ctx]) => fn(ctx!));
}

/**
 * `withContext` for several environments at once (the plan-time read of a whole stack): one context per
 * connection, in order, acting with one credential (chosen and logged once), sharing the command's time
 * bound and pooled connections; one token provider per IMS endpoint, so a client-credentials token is
 * asked for once (or taken from the cache); and, for each IMS endpoint and token, one organizations
 * request however many environments resolve their org. The time bound and the log line are the first
 * connection's (they all come from one query, with one timeout and log level).
 * @throws AemCcError `invalid_input` or `missing_credentials` for bad credentials, else what `fn` throws
 */
export async function withContexts<T>(
  conns: readonly Connection[],
  env: NodeJS.ProcessEnv,
  use: CredentialUse | 'none',
  fn: (ctxs: Context[]) => Promise<T>,
): Promise<T> {
  const { defaultCacheDir, readCredentialSet, TokenProvider } = await import('../credentials');
  const { chooseCredentials, describeActing } = await import('../acting');
  const { apiKeyFor } = await import('../api-key');
  const first = conns[0]!;
  // A command that sends nothing gets an empty token it never uses, and reads no variable.
  const set = use === 'none' ? undefined : readCredentialSet(env);
  const creds: Credentials = use === 'none' || !set ? { mode: 'user', token: '' } : chooseCredentials(set, use);
  const apiKey = apiKeyFor(creds);
  if (use !== 'none' && set) first.logger.info(describeActing(set, use, creds, apiKey));
  const { Http, closeHttp } = await import('../http');
  const { ImsClient } = await import('../ims');
  const { AemClient } = await import('../aem');
  const deadline = AbortSignal.timeout(commandBoundMs(first.timeoutMs));
  const perIms = new Map<string, { http: InstanceType<typeof Http>; ims: Context['ims']; tokens: Context['tokens'] }>();
  const imsFor = (conn: Connection) => {
    let shared = perIms.get(conn.imsEndpoint);
    if (!shared) {
      const http = new Http({ timeoutMs: conn.timeoutMs, deadline, logger: conn.logger, env });
      const ims = sharingOrganizations(new ImsClient(http, conn.imsEndpoint));
      const tokens = new TokenProvider(creds, ims, conn.imsEndpoint, conn.logger, defaultCacheDir(env));
      http.useTokens(tokens); // a 401 on a cached client-credentials token: renewed once, retried once
      perIms.set(conn.imsEndpoint, (shared = { http, ims, tokens }));
    }
    return shared;
  };
  const ctxs = conns.map((conn): Context => {
    const { http, ims, tokens } = imsFor(conn);
    const aem = new AemClient(http, conn.authorUrl, conn.settingsPath, apiKey);
    return { ims, aem, tokens, logger: conn.logger, authorUrl: conn.authorUrl, credential: creds.mode };
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
