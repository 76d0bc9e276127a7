/**
 * The emulator: Adobe IMS and AEM author environments on one loopback origin (docs/contract.md,
 * "The emulator"). IMS at `<base>/ims/...`, environment `<id>` at `<base>/env/<id>`, control routes at
 * `<base>/__emulator/...`. It enforces the same rules as the real services (admin, access,
 * entitlement, generation). It never logs or echoes an Authorization header or a secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ACTIVE_STATUS, ADMIN_GROUP, CC_SERVICE_CODE, DEFAULT_SETTINGS_PATH, EMULATOR, ORG_ID_RE } from '../contract';
import { FaultQueue, parseFaultSpec, type FaultKind, type RequestRoute } from './faults';
import { DEFAULT_FIXTURE, parseFixture, type Fixture, type FixtureOrg, type FixtureUser } from './fixture';
import { mintAccessToken, stableId, TOKEN_EXPIRES_IN_SECONDS, type AccessTokenClaims } from './tokens';

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Defaults to DEFAULT_FIXTURE. Checked like a fixture file. */
  fixture?: Fixture;
  /** Fault spec, e.g. `token:429x2,binding-put:reset`. */
  faults?: string;
  /** Delay before every IMS/AEM answer (control routes are never delayed). */
  latencyMs?: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: the IMS endpoint; `${url}/env/<id>` is an author URL. */
  url: string;
  port: number;
  /** Stops listening and drops every connection (pending `slow` requests included); takes well under a second. */
  close(): Promise<void>;
}

export interface EmulatorState {
  environments: Record<string, { orgId: string | null; orgName: string | null; generation: number }>;
  requests: { method: string; path: string; status: number }[];
}

/** How long a `slow` fault keeps a request unanswered before dropping the connection. */
export const SLOW_FAULT_MS = 60_000;
export const CURRENT_USER_PATH = '/libs/granite/security/currentuser.json';
const MAX_BODY_BYTES = 1 << 20;
const MAX_LOG_ENTRIES = 10_000;
const MAX_LATENCY_MS = 600_000;
const ENV_PATH_RE = /^\/env\/([^/]+)(\/.*)?$/;
const CONTROL_PREFIX = '/__emulator';

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
interface LogEntry {
  method: string;
  path: string;
  status: number;
}
interface Binding {
  orgId: string | null;
  generation: number;
}
type Fields = Map<string, string>;

class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('bad request');
  }
}

const reply = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
const imsError = (status: number, error: string, description: string): Reply => reply(status, { error, error_description: description });
const aemError = (status: number, error: string, message: string, headers?: Record<string, string>): Reply =>
  reply(status, { error, message }, headers);

/** The fault route a request matches, by method and path shape (undefined: no fault applies). */
export function faultRouteOf(method: string, path: string): RequestRoute | undefined {
  if (method === 'POST' && (path === '/ims/token/v3' || path === '/ims/token/v2')) return 'token';
  if (method === 'GET' && path === '/ims/organizations/v6') return 'orgs';
  if (method === 'GET' && path === '/ims/profile/v1') return 'profile';
  if ((method === 'GET' || method === 'POST') && path === '/ims/validate_token/v1') return 'validate';
  const m = ENV_PATH_RE.exec(path);
  if (m) {
    const rest = m[2];
    if (method === 'GET' && rest === CURRENT_USER_PATH) return 'currentuser';
    if (rest === DEFAULT_SETTINGS_PATH && method === 'GET') return 'binding-get';
    if (rest === DEFAULT_SETTINGS_PATH && method === 'PUT') return 'binding-put';
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest(413, { error: 'payload_too_large', message: `request bodies are limited to ${MAX_BODY_BYTES} bytes` }));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Form fields of a urlencoded or multipart body (later fields win; files are ignored). */
async function parseForm(contentType: string | undefined, body: Buffer): Promise<Fields> {
  const fields: Fields = new Map();
  if (body.length === 0) return fields;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) fields.set(k, v);
    return fields;
  }
  if (type === 'multipart/form-data') {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': contentType! } }).formData();
    } catch (e) {
      throw new BadRequest(400, {
        error: 'invalid_request',
        error_description: `could not parse the multipart/form-data body (${(e as Error).message})`,
      });
    }
    for (const [k, v] of form.entries()) if (typeof v === 'string') fields.set(k, v);
    return fields;
  }
  throw new BadRequest(400, {
    error: 'invalid_request',
    error_description: `unsupported Content-Type ${JSON.stringify(type || '(none)')}: send application/x-www-form-urlencoded or multipart/form-data`,
  });
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function bearerOf(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** The generations an If-Match header names (`"7"`, `7`, `W/"7"`, lists); `*` and junk name none. */
function ifMatchGenerations(header: string): number[] {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter((t) => /^(0|[1-9][0-9]{0,15})$/.test(t))
    .map(Number);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`emulator port must be a whole number from 0 to 65535, got ${port}`);
  const latencyMs = opts.latencyMs ?? 0;
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
    throw new Error(`emulator latency must be from 0 to ${MAX_LATENCY_MS} ms, got ${latencyMs}`);
  }
  const fixture = parseFixture(opts.fixture ?? DEFAULT_FIXTURE, opts.fixture ? 'passed to startEmulator' : 'built-in default');
  const initialFaults = parseFaultSpec(opts.faults ?? '');
  const faults = new FaultQueue();

  const orgs = new Map<string, FixtureOrg>(fixture.orgs.map((o) => [o.id, o]));
  const usersById = new Map<string, FixtureUser>(fixture.users.map((u) => [u.userId, u]));
  const usersByToken = new Map<string, FixtureUser>(fixture.users.map((u) => [u.token, u]));
  const clients = new Map(fixture.clients.map((c) => [c.clientId, c]));
  const environments = new Map(fixture.environments.map((e) => [e.id, e]));
  /** Minted token -> its claims; survives /__emulator/reset. */
  const minted = new Map<string, AccessTokenClaims>();
  const startedAt = Date.now();

  let bindings = new Map<string, Binding>();
  let log: LogEntry[] = [];
  const resetState = () => {
    bindings = new Map(fixture.environments.map((e) => [e.id, { orgId: e.orgId, generation: e.generation }]));
    log = [];
    faults.clear();
  };
  resetState();
  faults.set(initialFaults);

  // ---- timers and sockets, so that close() is fast whatever is pending ----
  let closed = false;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  /** Resolves true after `ms`, or false as soon as the emulator closes. */
  const wait = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (closed) return resolve(false);
      const done = (ok: boolean) => {
        waiters.delete(wake);
        resolve(ok);
      };
      const wake = () => done(false);
      waiters.add(wake);
      later(ms, () => done(!closed));
    });

  // ---- identities ----
  const identify = (token: string | undefined): { user: FixtureUser; claims: Record<string, unknown> } | undefined => {
    if (!token) return undefined;
    const fromFixture = usersByToken.get(token);
    if (fromFixture) {
      return {
        user: fromFixture,
        claims: {
          type: 'access_token',
          user_id: fromFixture.userId,
          as: 'ims-na1',
          created_at: String(startedAt),
          expires_in: String(86_400_000),
          scope: '',
        },
      };
    }
    const claims = minted.get(token);
    if (!claims) return undefined;
    if (Number(claims.created_at) + Number(claims.expires_in) <= Date.now()) return undefined;
    const user = usersById.get(claims.user_id);
    return user ? { user, claims: { ...claims } } : undefined;
  };

  const bindingView = (b: Binding) => ({ orgId: b.orgId, orgName: b.orgId ? (orgs.get(b.orgId)?.name ?? null) : null, generation: b.generation });
  const etag = (b: Binding) => ({ etag: `"${b.generation}"` });
  const isEntitled = (user: FixtureUser, orgId: string) => user.entitlements.includes(orgId) && orgs.get(orgId)?.creativeCloud === true;

  // ---- IMS ----
  const imsToken = (fields: Fields): Reply => {
    const grant = fields.get('grant_type');
    if (!grant) return imsError(400, 'invalid_request', 'grant_type is required');
    if (grant !== 'client_credentials') {
      return imsError(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(grant)} is not supported by the emulator; use client_credentials`);
    }
    const clientId = fields.get('client_id');
    const secret = fields.get('client_secret');
    const client = clientId ? clients.get(clientId) : undefined;
    if (!client || secret === undefined || !sameSecret(secret, client.clientSecret)) {
      return imsError(401, 'invalid_client', 'invalid client_id or client_secret');
    }
    const { token, claims } = mintAccessToken({ clientId: client.clientId, userId: client.userId, scope: fields.get('scope') ?? '' });
    minted.set(token, claims);
    return reply(200, { access_token: token, token_type: 'bearer', expires_in: TOKEN_EXPIRES_IN_SECONDS });
  };

  const invalidToken = () => imsError(401, 'invalid_token', 'the access token is missing, unknown or expired');

  const imsOrgs = (user: FixtureUser): Reply =>
    reply(
      200,
      user.orgs.map((id) => {
        const [ident, authSrc] = id.split('@') as [string, string];
        return { orgRef: { ident, authSrc }, orgName: orgs.get(id)!.name, orgType: 'Enterprise', countryCode: 'US', groups: [] };
      }),
    );

  const imsProfile = (user: FixtureUser): Reply => {
    const contexts: unknown[] = [];
    for (const orgId of user.orgs) {
      if (isEntitled(user, orgId)) {
        contexts.push({
          prodCtx: {
            serviceCode: CC_SERVICE_CODE,
            statusCode: ACTIVE_STATUS,
            owningEntity: orgId,
            ident: stableId(CC_SERVICE_CODE, user.userId, orgId),
            label: 'Creative Cloud All Apps',
          },
        });
      }
      // Not Creative Cloud: AEM access in every org the user can reach (a check must look at serviceCode).
      contexts.push({
        prodCtx: {
          serviceCode: 'dma_aem_cloud',
          statusCode: ACTIVE_STATUS,
          owningEntity: orgId,
          ident: stableId('dma_aem_cloud', user.userId, orgId),
          label: 'AEM Assets as a Cloud Service',
        },
      });
    }
    return reply(200, {
      userId: user.userId,
      authId: user.userId,
      email: user.email,
      emailVerified: 'true',
      displayName: user.name,
      account_type: user.accountType,
      projectedProductContext: contexts,
    });
  };

  const imsValidate = (req: IncomingMessage, fields: Fields): Reply => {
    const token = bearerOf(req) ?? fields.get('token');
    if (!token) return imsError(400, 'invalid_request', 'no token: send it as "Authorization: Bearer" or a "token" field');
    const type = fields.get('type');
    if (type !== undefined && type !== 'access_token') return reply(200, { valid: false, reason: 'bad_type' });
    const id = identify(token);
    if (!id) return reply(200, { valid: false, reason: 'invalid_token' });
    const clientId = fields.get('client_id');
    const tokenClient = id.claims.client_id;
    if (clientId !== undefined && typeof tokenClient === 'string' && clientId !== tokenClient) {
      return reply(200, { valid: false, reason: 'bad_client_id' });
    }
    const claims = { ...id.claims };
    if (claims.client_id === undefined && clientId !== undefined) claims.client_id = clientId;
    return reply(200, { valid: true, token: claims });
  };

  // ---- AEM ----
  const unauthorized = () => aemError(401, 'unauthorized', 'a valid IMS access token is required (Authorization: Bearer)', { 'www-authenticate': 'Bearer' });

  const currentUser = (envId: string, user: FixtureUser, query: URLSearchParams): Reply => {
    const env = environments.get(envId)!;
    const props = query.getAll('props').flatMap((p) => p.split(','));
    const body: Record<string, unknown> = {
      authorizableId: user.userId,
      name: user.name,
      home: `/home/users/${stableId('home', user.userId).slice(0, 1).toLowerCase()}/${stableId('home', user.userId)}`,
    };
    if (props.includes('memberOf')) {
      const groups = env.admins.includes(user.userId) ? [ADMIN_GROUP, 'contributor'] : ['contributor'];
      body.memberOf = groups.map((g) => ({ authorizableId: g, home: `/home/groups/${g.slice(0, 1)}/${g}` }));
    }
    return reply(200, body);
  };

  const bindingPut = (envId: string, user: FixtureUser, req: IncomingMessage, body: Buffer): Reply => {
    const env = environments.get(envId)!;
    const binding = bindings.get(envId)!;
    if (!env.admins.includes(user.userId)) {
      return aemError(403, 'forbidden', `user ${user.userId} is not a member of "${ADMIN_GROUP}" in environment ${envId}`);
    }
    const ifMatch = req.headers['if-match'];
    if (ifMatch === undefined || ifMatch.trim() === '') {
      return aemError(428, 'precondition_required', 'send If-Match: "<generation>" (the ETag of the current binding)');
    }
    const parsed = parseJsonObject(body);
    const orgId = parsed?.orgId;
    if (!parsed || typeof orgId !== 'string' || !ORG_ID_RE.test(orgId)) {
      return aemError(400, 'invalid_body', 'expected a JSON object {"orgId": "<24 upper-case hex>@AdobeOrg"}');
    }
    if (!ifMatchGenerations(ifMatch).includes(binding.generation)) {
      return aemError(412, 'precondition_failed', `If-Match ${ifMatch.slice(0, 40)} does not match the current generation ${binding.generation}`, etag(binding));
    }
    if (!orgs.has(orgId)) return aemError(422, 'unknown_org', `org ${orgId} does not exist`);
    if (!user.orgs.includes(orgId)) return aemError(422, 'org_not_accessible', `user ${user.userId} cannot access org ${orgId}`);
    if (!isEntitled(user, orgId)) {
      return aemError(422, 'not_entitled', `user ${user.userId} holds no active Creative Cloud entitlement in org ${orgId}`);
    }
    if (binding.orgId !== orgId) {
      binding.orgId = orgId;
      binding.generation += 1;
    }
    return reply(200, bindingView(binding), etag(binding));
  };

  /** An IMS or AEM request, after faults and latency. */
  const dispatch = async (req: IncomingMessage, method: string, url: URL, body: Buffer): Promise<Reply> => {
    const path = url.pathname;
    const bearer = bearerOf(req);
    if (path.startsWith('/ims/')) {
      if (path === '/ims/token/v3' || path === '/ims/token/v2') {
        if (method !== 'POST') return reply(405, { error: 'method_not_allowed', error_description: 'use POST' }, { allow: 'POST' });
        const fields = new Map([...url.searchParams]);
        for (const [k, v] of await parseForm(req.headers['content-type'], body)) fields.set(k, v);
        return imsToken(fields);
      }
      if (path === '/ims/organizations/v6' || path === '/ims/profile/v1') {
        if (method !== 'GET') return reply(405, { error: 'method_not_allowed', error_description: 'use GET' }, { allow: 'GET' });
        const id = identify(bearer);
        if (!id) return invalidToken();
        return path === '/ims/profile/v1' ? imsProfile(id.user) : imsOrgs(id.user);
      }
      if (path === '/ims/validate_token/v1') {
        if (method !== 'GET' && method !== 'POST') return reply(405, { error: 'method_not_allowed', error_description: 'use GET or POST' }, { allow: 'GET, POST' });
        const fields = new Map([...url.searchParams]);
        if (method === 'POST') for (const [k, v] of await parseForm(req.headers['content-type'], body)) fields.set(k, v);
        return imsValidate(req, fields);
      }
      return imsError(404, 'not_found', `no IMS route ${method} ${path} in the emulator`);
    }
    const m = ENV_PATH_RE.exec(path);
    if (m) {
      const envId = m[1]!;
      const rest = m[2] ?? '';
      if (!environments.has(envId)) {
        return aemError(404, 'not_found', `no AEM environment ${JSON.stringify(envId.slice(0, 64))}; known: ${[...environments.keys()].join(', ')}`);
      }
      if (rest === CURRENT_USER_PATH || rest === DEFAULT_SETTINGS_PATH) {
        const allowed = rest === CURRENT_USER_PATH ? ['GET'] : ['GET', 'PUT'];
        if (!allowed.includes(method)) return aemError(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
        const id = identify(bearer);
        if (!id) return unauthorized();
        if (rest === CURRENT_USER_PATH) return currentUser(envId, id.user, url.searchParams);
        if (method === 'GET') {
          const b = bindings.get(envId)!;
          return reply(200, bindingView(b), etag(b));
        }
        return bindingPut(envId, id.user, req, body);
      }
      return aemError(404, 'not_found', `no route ${method} ${rest || '/'} in AEM environment ${envId}`);
    }
    return aemError(404, 'not_found', `no route ${method} ${path} in the emulator (IMS is under /ims/, AEM environments under /env/<id>)`);
  };

  // ---- control routes ----
  const state = (): EmulatorState => ({
    environments: Object.fromEntries([...bindings].map(([id, b]) => [id, bindingView(b)])),
    requests: log.map((e) => ({ ...e })),
  });

  const control = async (req: IncomingMessage, method: string, path: string): Promise<Reply> => {
    const wrongMethod = (allowed: string) => aemError(405, 'method_not_allowed', `use ${allowed}`, { allow: allowed });
    if (path === EMULATOR.statePath) return method === 'GET' ? reply(200, state()) : wrongMethod('GET');
    if (path === EMULATOR.resetPath) {
      if (method !== 'POST') return wrongMethod('POST');
      resetState();
      return reply(200, state());
    }
    if (path === EMULATOR.faultsPath) {
      if (method === 'GET') return reply(200, { faults: faults.pending() });
      if (method !== 'POST') return wrongMethod('GET, POST');
      const parsed = parseJsonObject(await readBody(req));
      if (!parsed || typeof parsed.spec !== 'string') {
        return aemError(400, 'invalid_fault_spec', 'expected a JSON object {"spec": "ROUTE:KIND[xCOUNT],..."} (an empty spec clears the faults)');
      }
      try {
        faults.set(parseFaultSpec(parsed.spec));
      } catch (e) {
        return aemError(400, 'invalid_fault_spec', (e as Error).message);
      }
      return reply(200, { faults: faults.pending() });
    }
    if (path.startsWith(`${EMULATOR.environmentsPath}/`)) {
      if (method !== 'PUT') return wrongMethod('PUT');
      let envId: string;
      try {
        envId = decodeURIComponent(path.slice(EMULATOR.environmentsPath.length + 1));
      } catch {
        return aemError(400, 'bad_request', 'the environment id in the path is not valid percent-encoding');
      }
      const binding = bindings.get(envId);
      if (!binding) return aemError(404, 'not_found', `no AEM environment ${JSON.stringify(envId.slice(0, 64))}; known: ${[...environments.keys()].join(', ')}`);
      const parsed = parseJsonObject(await readBody(req));
      const orgId = parsed?.orgId;
      if (typeof orgId !== 'string' || !orgs.has(orgId)) {
        return aemError(400, 'invalid_body', `expected {"orgId": "<an org id of the fixture>"}; known: ${[...orgs.keys()].join(', ')}`);
      }
      binding.orgId = orgId;
      binding.generation += 1;
      return reply(200, bindingView(binding), etag(binding));
    }
    return aemError(404, 'not_found', `no control route ${method} ${path}`);
  };

  // ---- the request loop ----
  const send = (res: ServerResponse, r: Reply, entry?: LogEntry) => {
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

  const faultReply = (kind: Exclude<FaultKind, 'reset' | 'slow'>): Reply => {
    switch (kind) {
      case '429':
        return reply(429, { error: 'too_many_requests', message: 'emulated fault: rate limited' }, { 'retry-after': '1' });
      case 'malformed':
        return reply(200, '<html><body>emulated fault: this answer is not JSON');
      default:
        return reply(Number(kind), { error: 'server_error', message: `emulated fault: ${kind}` });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      return send(res, aemError(400, 'bad_request', 'unparseable request target'));
    }
    const path = url.pathname;
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
      try {
        return send(res, await control(req, method, path));
      } catch (e) {
        if (e instanceof BadRequest) return send(res, reply(e.status, e.body));
        return send(res, aemError(500, 'emulator_error', (e as Error).message));
      }
    }

    const entry: LogEntry = { method, path, status: 0 };
    log.push(entry);
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
    const route = faultRouteOf(method, path);
    const fault = route ? faults.take(route) : undefined;

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

    let r: Reply;
    try {
      r = await dispatch(req, method, url, body);
    } catch (e) {
      r = e instanceof BadRequest ? reply(e.status, e.body) : aemError(500, 'emulator_error', (e as Error).message);
    }
    if (fault === 'reset') {
      // binding-put: the write happened (if it was going to succeed), the answer is lost.
      req.socket.destroy();
      return;
    }
    send(res, r, entry);
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('emulator: could not determine the listening port');
  const actualPort = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const w of [...waiters]) w();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
