/**
 * The emulator's one state object, shared by its IMS, AEM and control routes: the fixture's orgs,
 * users, clients and environments (fixed), and what changes (bindings, minted tokens, the request log,
 * pending faults). `reset()` puts the bindings, log and faults back as they were at start.
 */
import { FaultQueue } from './faults';
import type { Fixture, FixtureClient, FixtureEnvironment, FixtureOrg, FixtureUser } from './fixture';
import type { AccessTokenClaims } from './tokens';

/** What `GET /__emulator/state` answers. */
export interface EmulatorState {
  environments: Record<string, BindingView>;
  requests: RequestEntry[];
}

/** An environment's binding as AEM reports it. */
export interface BindingView {
  orgId: string | null;
  orgName: string | null;
  generation: number;
}

/**
 * One IMS or AEM request: method, path without query, status (0 while or when no answer was sent),
 * whether it carried an `X-Api-Key` header (never its value), and the user id its bearer token stands
 * for (absent when it had none the emulator knows). Never a header value, token or body.
 */
export interface RequestEntry {
  method: string;
  path: string;
  status: number;
  apiKey: boolean;
  userId?: string;
}

/** What `record` notes of a request besides its method and path. */
export type RequestFacts = Pick<RequestEntry, 'apiKey' | 'userId'>;

/** An environment's binding as stored. */
export interface Binding {
  orgId: string | null;
  generation: number;
}

/** The user a bearer token stands for, and the claims a validation reports. */
export interface Identity {
  user: FixtureUser;
  claims: Record<string, unknown>;
}

const MAX_LOG_ENTRIES = 10_000;
/** Fixture tokens never expire; validation reports them as 24 h tokens issued at start. */
const FIXTURE_TOKEN_LIFETIME_MS = 86_400_000;

export class EmulatorStore {
  readonly orgs: ReadonlyMap<string, FixtureOrg>;
  readonly environments: ReadonlyMap<string, FixtureEnvironment>;
  readonly faults = new FaultQueue();
  private readonly usersById: ReadonlyMap<string, FixtureUser>;
  private readonly usersByToken: ReadonlyMap<string, FixtureUser>;
  private readonly clients: ReadonlyMap<string, FixtureClient>;
  /** Minted token -> its claims; survives reset(). */
  private readonly minted = new Map<string, AccessTokenClaims>();
  private readonly startedAt = Date.now();
  private bindings = new Map<string, Binding>();
  private log: RequestEntry[] = [];

  /** Every client id the emulator's Developer Console knows: the clients' and those users sign in through. */
  private readonly apiKeys: ReadonlySet<string>;

  /**
   * @param requireApiKey whether AEM requests must carry a known `X-Api-Key`, as Adobe's API gateway
   *   requires (see gateway.ts)
   */
  constructor(
    private readonly fixture: Fixture,
    readonly requireApiKey = false,
  ) {
    this.orgs = new Map(fixture.orgs.map((o) => [o.id, o]));
    this.environments = new Map(fixture.environments.map((e) => [e.id, e]));
    this.usersById = new Map(fixture.users.map((u) => [u.userId, u]));
    this.usersByToken = new Map(fixture.users.flatMap((u) => (u.token === undefined ? [] : [[u.token, u] as const])));
    this.clients = new Map(fixture.clients.map((c) => [c.clientId, c]));
    this.apiKeys = new Set([...fixture.clients.map((c) => c.clientId), ...fixture.users.flatMap((u) => (u.clientId ? [u.clientId] : []))]);
    this.reset();
  }

  /** Bindings back to the fixture's, no faults, an empty request log. Minted tokens stay valid. */
  reset(): void {
    this.bindings = new Map(this.fixture.environments.map((e) => [e.id, { orgId: e.orgId, generation: e.generation }]));
    this.log = [];
    this.faults.clear();
  }

  /** Logs a request as it arrives (status 0 until answered); the log keeps the last 10 000. */
  record(method: string, path: string, facts: RequestFacts): RequestEntry {
    const entry: RequestEntry = { method, path, status: 0, apiKey: facts.apiKey };
    if (facts.userId !== undefined) entry.userId = facts.userId;
    this.log.push(entry);
    if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
    return entry;
  }

  /** The user of a fixture token or of an unexpired minted token, with its claims. */
  identify(token: string | undefined): Identity | undefined {
    if (!token) return undefined;
    const fromFixture = this.usersByToken.get(token);
    if (fromFixture) {
      const claims = {
        type: 'access_token',
        user_id: fromFixture.userId,
        as: 'ims-na1',
        created_at: String(this.startedAt),
        expires_in: String(FIXTURE_TOKEN_LIFETIME_MS),
        scope: '',
        ...(fromFixture.clientId ? { client_id: fromFixture.clientId } : {}),
      };
      return { user: fromFixture, claims };
    }
    const claims = this.minted.get(token);
    if (!claims) return undefined;
    if (Number(claims.created_at) + Number(claims.expires_in) <= Date.now()) return undefined;
    const user = this.usersById.get(claims.user_id);
    return user ? { user, claims: { ...claims } } : undefined;
  }

  /** Whether `key` is a client id the emulator knows (a valid API key for its gateway). */
  isApiKey(key: string | undefined): boolean {
    return key !== undefined && this.apiKeys.has(key);
  }

  client(clientId: string): FixtureClient | undefined {
    return this.clients.get(clientId);
  }

  /** Remembers a token minted for a client, so that it identifies the client's user from now on. */
  remember(token: string, claims: AccessTokenClaims): void {
    this.minted.set(token, claims);
  }

  /** Whether the user holds a Creative Cloud entitlement in the org, and the org has Creative Cloud at all. */
  isEntitled(user: FixtureUser, orgId: string): boolean {
    return user.entitlements.includes(orgId) && this.orgs.get(orgId)?.creativeCloud === true;
  }

  /** An environment's binding (changed in place by a switch), or undefined for an unknown environment. */
  binding(envId: string): Binding | undefined {
    return this.bindings.get(envId);
  }

  /** A binding as AEM reports it: with the org's name. */
  view(b: Binding): BindingView {
    return { orgId: b.orgId, orgName: b.orgId ? (this.orgs.get(b.orgId)?.name ?? null) : null, generation: b.generation };
  }

  /** Every binding and a copy of the request log. */
  snapshot(): EmulatorState {
    return {
      environments: Object.fromEntries([...this.bindings].map(([id, b]) => [id, this.view(b)])),
      requests: this.log.map((e) => ({ ...e })),
    };
  }
}
