/**
 * Credentials, from the environment only: a user's IMS access token, or client credentials whose
 * token is shared by parallel handler processes through a cache file (0600, in a 0700 directory,
 * keyed by endpoint + client id + scopes) under a lock, so N parallel applies make one token request.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SCOPES, ENV } from './contract';
import { AemCcError, invalidInput } from './errors';
import type { BearerTokens } from './http';
import type { ImsClient } from './ims';
import { Logger, registerSecret } from './log';

/**
 * A user's access token (`apiKey`: AEM_CC_API_KEY, the X-Api-Key to send with it, when set), or
 * client credentials.
 */
export type Credentials =
  { mode: 'user'; token: string; apiKey?: string } | { mode: 'client'; clientId: string; clientSecret: string; scopes: string };
export type UserToken = Extract<Credentials, { mode: 'user' }>;
export type ClientCredentials = Extract<Credentials, { mode: 'client' }>;

/** Every credential the environment holds: at least one of the two kinds, possibly both. */
export interface CredentialSet {
  user?: UserToken;
  client?: ClientCredentials;
}

/**
 * Whether a cache file or directory is this user's alone: no group/other bits, and ours.
 *
 * On Windows there is nothing to check this way: Node reports modes like 0o666 for every file and
 * no owner, because access is governed by ACLs, which Node cannot read. There the answer is yes:
 * the default cache lies under %LOCALAPPDATA%, which the user profile's ACLs keep to the user
 * (and SYSTEM and administrators); a directory given in AEM_CC_CACHE_DIR is trusted like any other
 * path the user chose. Refusing instead would refuse every cache on Windows, advise a chmod that
 * cannot be followed, and turn ten parallel applies into ten token requests.
 */
export function isPrivate(st: Pick<fs.Stats, 'mode' | 'uid'>, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'win32') return true;
  return (st.mode & 0o077) === 0 && (typeof process.getuid !== 'function' || st.uid === process.getuid());
}

/** Renew a cached token this long before it expires, so no command starts with a dying token. */
const RENEW_MARGIN_MS = 10 * 60_000;

/**
 * The credentials in the environment: a user token, client credentials, or both (see `chooseCredentials`
 * in acting.ts for which one a command acts with). Each kind is checked on its own.
 * @throws AemCcError `missing_credentials` when there is neither, or only half of the client credentials;
 *   `invalid_input` for a value with white space or control characters (never shown), scopes that are
 *   not a comma-separated list, or AEM_CC_API_KEY without a user token
 */
export function readCredentialSet(env: NodeJS.ProcessEnv = process.env): CredentialSet {
  const token = env[ENV.accessToken];
  const clientId = env[ENV.clientId];
  const clientSecret = env[ENV.clientSecret];
  const apiKey = env[ENV.apiKey];
  if (present(apiKey) && !present(token) && (present(clientId) || present(clientSecret))) {
    throw invalidInput(
      `${ENV.apiKey} is set but ${ENV.accessToken} is not: ${ENV.apiKey} is the X-Api-Key sent with a user token, and with ` +
        `client credentials the key is always ${ENV.clientId}. Unset ${ENV.apiKey}, or set ${ENV.accessToken}.`,
    );
  }
  const set: CredentialSet = {};
  if (present(token)) set.user = userToken(token!, apiKey);
  if (present(clientId) || present(clientSecret)) set.client = clientCredentials(clientId, clientSecret, env[ENV.scopes]);
  if (set.user || set.client) return set;
  throw new AemCcError(
    'missing_credentials',
    `no credentials in the environment; checked ${ENV.accessToken}, ${ENV.clientId} and ${ENV.clientSecret}. ` +
      `Set ${ENV.accessToken} to an IMS access token of an AEM Assets administrator, or ${ENV.clientId} and ${ENV.clientSecret} ` +
      `for client credentials, or both (docs/contract.md, "Which credential each command uses"). Credentials are read from the ` +
      `environment only, never from flags or files.`,
  );
}

const present = (v: string | undefined) => v !== undefined && v !== '';

function userToken(token: string, apiKey: string | undefined): UserToken {
  checkSecretShape(ENV.accessToken, token);
  if (!present(apiKey)) return { mode: 'user', token };
  checkSecretShape(ENV.apiKey, apiKey!);
  return { mode: 'user', token, apiKey };
}

function clientCredentials(clientId: string | undefined, clientSecret: string | undefined, scopesVar: string | undefined): ClientCredentials {
  if (!present(clientId) || !present(clientSecret)) {
    throw new AemCcError(
      'missing_credentials',
      `only one of ${ENV.clientId} and ${ENV.clientSecret} is set; client credentials need both. Set the missing one from your CI secret store.`,
    );
  }
  checkSecretShape(ENV.clientId, clientId!);
  checkSecretShape(ENV.clientSecret, clientSecret!);
  const scopes = scopesVar || DEFAULT_SCOPES;
  if (!/^[A-Za-z0-9_.:/-]+(,[A-Za-z0-9_.:/-]+)*$/.test(scopes)) {
    throw invalidInput(`${ENV.scopes} must be a comma-separated list of scope names without spaces, e.g. ${DEFAULT_SCOPES}.`);
  }
  return { mode: 'client', clientId: clientId!, clientSecret: clientSecret!, scopes };
}

/** Refuses a secret with white space or control characters, without ever showing its value. */
function checkSecretShape(name: string, value: string): void {
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw invalidInput(
      `${name} contains white space, a newline or a non-ASCII character (value not shown); set it to the bare value, ` +
        `e.g. without a trailing newline from a file.`,
    );
  }
  registerSecret(value);
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * Where client-credentials tokens are cached: AEM_CC_CACHE_DIR when set; on Windows
 * `%LOCALAPPDATA%\aem-cc\Cache` (the user's local, non-roaming application data, as the env-paths
 * convention of well-kept Node tools has it; `<home>\AppData\Local` when the variable is missing);
 * elsewhere `$XDG_CACHE_HOME/aem-cc`, else `~/.cache/aem-cc`. `host` is a seam for tests that
 * stand in for another platform.
 */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  host: { platform: NodeJS.Platform; homedir: string } = { platform: process.platform, homedir: os.homedir() },
): string {
  if (env[ENV.cacheDir]) return env[ENV.cacheDir]!;
  if (host.platform === 'win32') {
    const localAppData = env.LOCALAPPDATA || path.win32.join(host.homedir, 'AppData', 'Local');
    return path.win32.join(localAppData, 'aem-cc', 'Cache');
  }
  const base = env.XDG_CACHE_HOME || path.posix.join(host.homedir, '.cache');
  return path.posix.join(base, 'aem-cc');
}

export function cacheKey(imsEndpoint: string, clientId: string, scopes: string): string {
  // Loaded here, not at the top: only client credentials need it, and loading node:crypto is a good part of
  // a user-token read's start-up when nothing else needs it (plain-http loopback, as in the benchmark).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load in a synchronous function
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(`${imsEndpoint}\n${clientId}\n${scopes}`).digest('hex').slice(0, 32);
}

/** Where the token in use came from: how a 401 on it is handled and explained. */
type Issued = { token: string; source: 'user' } | { token: string; source: 'fresh' | 'cache' | 'renewed'; file?: string };

/**
 * Gives the access token to use: the user's, or a (cached) client-credentials token. Implements
 * `BearerTokens`: a cached client-credentials token that a service answers 401 (revoked, or an IMS
 * that forgot it) is dropped from the cache and renewed once, under the cache lock, so parallel
 * processes that meet the same refusal make one token request between them.
 */
export class TokenProvider implements BearerTokens {
  private issued?: Issued;
  private renewal?: { refused: string; next: Promise<string | undefined> };

  constructor(
    private readonly creds: Credentials,
    private readonly ims: ImsClient,
    private readonly imsEndpoint: string,
    private readonly logger: Logger,
    private readonly cacheDir: string = defaultCacheDir(),
    /** The platform whose permission rules apply to the cache (see `isPrivate`); a seam for tests. */
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** The token to send; the same one for the whole command, unless it was renewed after a 401. */
  async token(): Promise<string> {
    if (this.issued) return this.issued.token;
    if (this.creds.mode === 'user') {
      this.issued = { token: this.creds.token, source: 'user' };
    } else {
      this.issued = await this.clientToken(this.creds);
    }
    return this.issued.token;
  }

  /**
   * After a 401 on `refused`: a new token, when `refused` is this process's client-credentials
   * token and came from the cache; undefined otherwise (a user's token cannot be renewed, a token
   * fresh from IMS would be refused again, and a renewed one is not renewed twice). Under the lock,
   * the cache entry is dropped only if it still holds `refused`: when another process has already
   * replaced it, that token is used and IMS is not asked again. Throws what the token request throws.
   */
  async renew(refused: string): Promise<string | undefined> {
    if (this.creds.mode !== 'client') return undefined;
    if (this.renewal) return this.renewal.refused === refused ? this.renewal.next : undefined;
    const issued = this.issued;
    if (issued?.token !== refused || issued.source !== 'cache' || !issued.file) return undefined;
    this.renewal = { refused, next: this.replaceRefused(this.creds, refused, issued.file) };
    return this.renewal.next;
  }

  /** What a standing 401 means for these credentials: a sentence each for what was checked and the fix. */
  explainRefusal(): { checked: string; fix: string } {
    const issued = this.issued;
    if (!issued || issued.source === 'user') {
      return { checked: `the token in ${ENV.accessToken}`, fix: 'Get a fresh token (IMS user tokens expire after 24 hours)' };
    }
    const fix =
      `The service does not accept this client's tokens: check in the Adobe Developer Console that the credential of ` +
      `${ENV.clientId} is enabled for this API with the scopes in ${ENV.scopes}`;
    const cache = issued.file ? `the token cache in ${path.dirname(issued.file)}` : 'the token cache';
    if (issued.source === 'renewed') {
      return {
        checked:
          `a client-credentials token for ${ENV.clientId} renewed once from IMS after the one in ${cache} was refused ` +
          `(and dropped from the cache)`,
        fix,
      };
    }
    if (issued.source === 'cache') {
      return { checked: `a client-credentials token for ${ENV.clientId} from ${cache}`, fix: `${fix}; to start afresh, delete ${issued.file}` };
    }
    return { checked: `a client-credentials token for ${ENV.clientId} obtained from IMS just now (not from the token cache)`, fix };
  }

  private async clientToken(c: ClientCredentials): Promise<Issued> {
    const dir = this.ensureCacheDir();
    if (!dir) return { token: (await this.fetchToken(c)).accessToken, source: 'fresh' };
    const file = path.join(dir, `token-${cacheKey(this.imsEndpoint, c.clientId, c.scopes)}.json`);
    const cached = this.readCache(file);
    if (cached) return { token: cached, source: 'cache', file };
    // Only one process asks IMS; the others wait for the lock and then find its token in the cache.
    return this.underLock(file, async () => {
      const again = this.readCache(file);
      if (again) return { token: again, source: 'cache', file };
      const t = await this.fetchToken(c);
      this.writeCache(file, t);
      return { token: t.accessToken, source: 'fresh', file };
    });
  }

  /** Replaces `refused` in the cache by a new token, unless another process already did. */
  private replaceRefused(c: ClientCredentials, refused: string, file: string): Promise<string> {
    return this.underLock(file, async () => {
      const now = this.readCache(file);
      if (now && now !== refused) {
        this.logger.info('the cached client-credentials token was refused (401); another process had already renewed it: using that one');
        this.issued = { token: now, source: 'renewed', file };
        return now;
      }
      this.logger.warn(
        `a service refused the cached client-credentials token (401); dropped it from the cache (${file}) and asking IMS for a new one, once`,
      );
      this.dropCache(file);
      const t = await this.fetchToken(c);
      this.writeCache(file, t);
      this.issued = { token: t.accessToken, source: 'renewed', file };
      return t.accessToken;
    });
  }

  /** Runs `fn` holding the cache file's lock (shared by every handler process on this machine). */
  private async underLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
    const lockfile = await import('proper-lockfile');
    const release = await lockfile.lock(file, {
      realpath: false,
      stale: 30_000,
      retries: { retries: 200, minTimeout: 25, maxTimeout: 150, factor: 1.3 },
    });
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  private async fetchToken(c: ClientCredentials): Promise<CachedToken> {
    const res = await this.ims.clientCredentialsToken(c.clientId, c.clientSecret, c.scopes);
    registerSecret(res.access_token);
    this.logger.debug(`obtained a client-credentials token valid for ${res.expires_in} s`);
    return { accessToken: res.access_token, expiresAt: Date.now() + res.expires_in * 1000 };
  }

  /** The cache directory, created 0700; undefined (no caching) when it exists with looser permissions. */
  private ensureCacheDir(): string | undefined {
    const dir = this.cacheDir;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const st = fs.statSync(dir);
      if (!isPrivate(st, this.platform)) {
        this.logger.warn(
          `token cache directory ${dir} is accessible to other users (mode ${(st.mode & 0o777).toString(8)}) or not owned by this user; ` +
            `not using it. Fix with: chmod 700 "${dir}"`,
        );
        return undefined;
      }
      return dir;
    } catch (e) {
      this.logger.warn(`token cache directory ${dir} is unusable (${(e as Error).message}); continuing without a cache`);
      return undefined;
    }
  }

  private readCache(file: string): string | undefined {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!isPrivate(st, this.platform)) {
      this.logger.warn(`ignoring token cache file ${file}: its permissions are looser than 0600 or it has another owner`);
      return undefined;
    }
    try {
      const c = JSON.parse(fs.readFileSync(file, 'utf8')) as CachedToken;
      if (typeof c.accessToken !== 'string' || typeof c.expiresAt !== 'number') return undefined;
      if (c.expiresAt - RENEW_MARGIN_MS <= Date.now()) return undefined;
      registerSecret(c.accessToken);
      this.logger.debug('using the cached client-credentials token');
      return c.accessToken;
    } catch {
      return undefined;
    }
  }

  /** Removes a cache entry that a service refused; a file already gone is fine. */
  private dropCache(file: string): void {
    try {
      fs.unlinkSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn(`could not remove the refused token from the cache (${(e as Error).message}); it will be overwritten`);
    }
  }

  private writeCache(file: string, t: CachedToken): void {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify(t), { mode: 0o600 });
      fs.chmodSync(tmp, 0o600); // the umask cannot widen it, but an existing tmp file might have been wider
      fs.renameSync(tmp, file);
    } catch (e) {
      this.logger.warn(`could not write the token cache (${(e as Error).message}); continuing`);
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* nothing to clean up */
      }
    }
  }
}
