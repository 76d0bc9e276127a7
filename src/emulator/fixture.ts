/**
 * The emulator's fixture: which orgs, users, client-credentials pairs and AEM environments exist
 * (format in docs/emulator.md, "Fixture format"). `loadFixture` reads and checks a JSON file,
 * `parseFixture` checks a value, `DEFAULT_FIXTURE` is the built-in one the README demo, the examples
 * and the tests rely on.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ORG_ID_RE, TECHNICAL_ACCOUNT_SUFFIX } from '../contract';

const ENV_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const OrgId = z.string().regex(ORG_ID_RE, { message: 'must be 24 upper-case hex digits followed by "@AdobeOrg"' });
const NonEmpty = z.string().min(1, { message: 'must not be empty' });
/** A client id: what goes in an X-Api-Key header. */
const ClientId = z.string().regex(/^[\x21-\x7e]+$/, { message: 'must be non-empty printable ASCII without spaces' });

export const FixtureOrg = z
  .object({
    id: OrgId,
    name: NonEmpty,
    /** Whether the org has Creative Cloud at all; users can only be entitled in orgs that have it. */
    creativeCloud: z.boolean(),
  })
  .strict();

/** Whether a fixture user is a technical account (named as IMS names one) rather than a person. */
export const isTechnicalAccount = (u: { userId: string }): boolean => u.userId.endsWith(TECHNICAL_ACCOUNT_SUFFIX);

export const FixtureUser = z
  .object({
    /** A person's user id, or a technical account's (`<id>@techacct.adobe.com`). */
    userId: z.string().regex(/^\S+$/, { message: 'must be non-empty without spaces' }),
    email: NonEmpty,
    name: NonEmpty,
    /** The profile's `account_type`; required for a person, absent for a technical account (see below). */
    accountType: z.enum(['type1', 'type2', 'type3']).optional(),
    /**
     * The bearer token that stands for this user; accepted exactly as written. Required for a person; a
     * technical account may have none and act only through a client's minted tokens.
     */
    token: z
      .string()
      .regex(/^[\x21-\x7e]+$/, { message: 'must be non-empty printable ASCII without spaces' })
      .optional(),
    orgs: z.array(OrgId),
    entitlements: z.array(OrgId),
    /**
     * The client id of the Developer Console credential this user signs in through (an OAuth Web App):
     * the `client_id` claim of the user's token, as validation reports it and the API key rule checks it.
     */
    clientId: ClientId.optional(),
  })
  .strict();

export const FixtureClient = z
  .object({
    clientId: ClientId,
    clientSecret: NonEmpty,
    userId: NonEmpty,
  })
  .strict();

export const FixtureEnvironment = z
  .object({
    id: z.string().regex(ENV_ID_RE, { message: 'must be 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit' }),
    admins: z.array(NonEmpty),
    orgId: OrgId.nullable(),
    generation: z.number().int().nonnegative(),
    /**
     * The client ids registered for the author tier (an `api.yaml` of `kind: "API"`, deployed by the
     * config pipeline): AEM refuses a token of any other client with 403 "IMS Client ID not allowlisted".
     * Absent: every client is accepted.
     */
    allowedClientIds: z.array(ClientId).optional(),
  })
  .strict();

export const FixtureSchema = z
  .object({
    orgs: z.array(FixtureOrg),
    users: z.array(FixtureUser),
    clients: z.array(FixtureClient).default([]),
    environments: z.array(FixtureEnvironment),
  })
  .strict()
  .superRefine((f, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const orgs = new Map(f.orgs.map((o) => [o.id, o]));
    const unique = <T>(items: T[], key: (t: T) => string, field: string, what: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const k = key(item);
        if (seen.has(k)) add([field, i], `duplicate ${what} ${JSON.stringify(k)}`);
        seen.add(k);
      });
    };
    unique(f.orgs, (o) => o.id, 'orgs', 'org id');
    unique(f.users, (u) => u.userId, 'users', 'userId');
    f.users.forEach((u, i) => {
      if (u.token !== undefined && f.users.findIndex((v) => v.token === u.token) !== i) {
        add(['users', i, 'token'], 'the same token is used by an earlier user');
      }
      if (isTechnicalAccount(u)) {
        // What IMS's profile says of a technical account is undocumented; the emulator presents none of
        // these, and never lets one switch (it holds no entitlement): see docs/going-live.md.
        if (u.accountType !== undefined) add(['users', i, 'accountType'], `a technical account (${TECHNICAL_ACCOUNT_SUFFIX}) has no accountType`);
        if (u.entitlements.length) add(['users', i, 'entitlements'], 'a technical account holds no Creative Cloud entitlement in the emulator');
      } else {
        if (u.accountType === undefined) add(['users', i, 'accountType'], 'required for a person (type1, type2 or type3)');
        if (u.token === undefined) add(['users', i, 'token'], 'required for a person (only a technical account acts through a client alone)');
      }
    });
    unique(f.clients, (c) => c.clientId, 'clients', 'clientId');
    unique(f.environments, (e) => e.id, 'environments', 'environment id');
    const userIds = new Set(f.users.map((u) => u.userId));
    f.users.forEach((u, i) => {
      u.orgs.forEach((o, j) => {
        if (!orgs.has(o)) add(['users', i, 'orgs', j], `unknown org ${o} (not in "orgs")`);
      });
      u.entitlements.forEach((o, j) => {
        const org = orgs.get(o);
        if (!org) add(['users', i, 'entitlements', j], `unknown org ${o} (not in "orgs")`);
        else if (!u.orgs.includes(o)) add(['users', i, 'entitlements', j], `org ${o} is not in this user's "orgs"`);
        else if (!org.creativeCloud) add(['users', i, 'entitlements', j], `org ${o} has "creativeCloud": false`);
      });
    });
    f.clients.forEach((c, i) => {
      if (!userIds.has(c.userId)) add(['clients', i, 'userId'], `unknown user ${c.userId} (not in "users")`);
      // IMS issues client-credentials tokens to the credential's technical account, never to a person.
      else if (!isTechnicalAccount(c))
        add(['clients', i, 'userId'], `must be a technical account (…${TECHNICAL_ACCOUNT_SUFFIX}): IMS issues client-credentials tokens to one`);
    });
    f.environments.forEach((e, i) => {
      e.admins.forEach((a, j) => {
        if (!userIds.has(a)) add(['environments', i, 'admins', j], `unknown user ${a} (not in "users")`);
      });
      if (e.orgId !== null && !orgs.has(e.orgId)) add(['environments', i, 'orgId'], `unknown org ${e.orgId} (not in "orgs")`);
    });
  });

export type Fixture = z.output<typeof FixtureSchema>;
export type FixtureOrg = z.output<typeof FixtureOrg>;
export type FixtureUser = z.output<typeof FixtureUser>;
export type FixtureClient = z.output<typeof FixtureClient>;
export type FixtureEnvironment = z.output<typeof FixtureEnvironment>;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/**
 * Checks a fixture value (already parsed JSON). Throws an Error naming `source` and every bad field
 * (`users[1].orgs[0]: unknown org ...`). Returns a fresh copy with defaults filled in.
 */
export function parseFixture(value: unknown, source = 'fixture'): Fixture {
  const result = FixtureSchema.safeParse(value);
  if (result.success) return structuredClone(result.data);
  const lines = result.error.issues.slice(0, 20).map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  if (result.error.issues.length > 20) lines.push(`  ... and ${result.error.issues.length - 20} more`);
  throw new Error(`emulator fixture ${source} is invalid:\n${lines.join('\n')}`);
}

/** Reads and checks a fixture file; errors name the file and the field. */
export function loadFixture(path: string): Fixture {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`emulator fixture ${path}: cannot read the file: ${(e as Error).message}`, { cause: e });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`emulator fixture ${path}: not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return parseFixture(value, path);
}

/** The ids of the built-in fixture, for tests, examples and docs. */
export const DEFAULT_IDS = {
  orgs: {
    dev: 'C0FFEE00000000000000DE01@AdobeOrg',
    stage: 'C0FFEE0000000000000057A6@AdobeOrg',
    prod: 'C0FFEE000000000000009D01@AdobeOrg',
    nocc: 'C0FFEE00000000000000AC01@AdobeOrg',
    dup1: 'C0FFEE00000000000000D0A1@AdobeOrg',
    dup2: 'C0FFEE00000000000000D0A2@AdobeOrg',
    other: 'C0FFEE000000000000000E01@AdobeOrg',
  },
  users: {
    ana: { userId: 'A1A1A1A1A1A1A1A1A1A1A1A1@c0ffee.e', token: 'emu-token-ana' },
    anaPersonal: { userId: 'B2B2B2B2B2B2B2B2B2B2B2B2@AdobeID', token: 'emu-token-ana-personal' },
    bob: { userId: 'C3C3C3C3C3C3C3C3C3C3C3C3@c0ffee.e', token: 'emu-token-bob' },
    outsider: { userId: 'D4D4D4D4D4D4D4D4D4D4D4D4@fabrikam.e', token: 'emu-token-outsider' },
  },
  /** The technical account of the client credentials below: it can read, and cannot switch. */
  technicalAccount: { userId: 'F5F5F5F5F5F5F5F5F5F5F5F5@techacct.adobe.com' },
  client: { clientId: 'emu-ci-client', clientSecret: 'emu-ci-secret' },
  /** The OAuth Web App credential every fixture user signs in through: their tokens' client id. */
  webApp: { clientId: 'emu-web-app' },
  environments: ['dev', 'stage', 'prod', 'sandbox'],
} as const;

const O = DEFAULT_IDS.orgs;
const U = DEFAULT_IDS.users;
const WEB_APP = DEFAULT_IDS.webApp.clientId;
const T = DEFAULT_IDS.technicalAccount;
const admins = [U.ana.userId, U.anaPersonal.userId, T.userId];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The built-in fixture (used without `--fixture`): dev/stage/prod orgs, an org without Creative
 * Cloud, two orgs with the same name, an org nobody but "outsider" can see, the personal-vs-federated
 * trap (two user ids with the same e-mail), and client credentials whose technical account is an
 * administrator but, like every technical account, cannot switch. Frozen: copy before changing.
 */
export const DEFAULT_FIXTURE: Fixture = deepFreeze({
  orgs: [
    { id: O.dev, name: 'Contoso Creative (Dev)', creativeCloud: true },
    { id: O.stage, name: 'Contoso Creative (Stage)', creativeCloud: true },
    { id: O.prod, name: 'Contoso Creative (Prod)', creativeCloud: true },
    { id: O.nocc, name: 'Contoso Marketing', creativeCloud: false },
    { id: O.dup1, name: 'Contoso Agency', creativeCloud: true },
    { id: O.dup2, name: 'Contoso Agency', creativeCloud: true },
    { id: O.other, name: 'Fabrikam Creative', creativeCloud: true },
  ],
  users: [
    {
      userId: U.ana.userId,
      email: 'ana@contoso.com',
      name: 'Ana Admin',
      accountType: 'type3',
      token: U.ana.token,
      orgs: [O.dev, O.stage, O.prod, O.nocc, O.dup1, O.dup2],
      entitlements: [O.dev, O.stage, O.prod, O.dup1, O.dup2],
      clientId: WEB_APP,
    },
    {
      userId: U.anaPersonal.userId,
      email: 'ana@contoso.com',
      name: 'Ana (personal Adobe ID)',
      accountType: 'type1',
      token: U.anaPersonal.token,
      orgs: [O.dev, O.stage, O.prod],
      entitlements: [],
      clientId: WEB_APP,
    },
    {
      userId: U.bob.userId,
      email: 'bob@contoso.com',
      name: 'Bob Builder',
      accountType: 'type3',
      token: U.bob.token,
      orgs: [O.dev, O.stage, O.prod],
      entitlements: [O.dev, O.stage, O.prod],
      clientId: WEB_APP,
    },
    {
      userId: U.outsider.userId,
      email: 'eve@fabrikam.com',
      name: 'Eve Outsider',
      accountType: 'type3',
      token: U.outsider.token,
      orgs: [O.other],
      entitlements: [O.other],
      clientId: WEB_APP,
    },
    {
      // The OAuth Server-to-Server credential's technical account, as IMS names one, with the AEM
      // Administrators product profile of every environment and access to the Creative Cloud orgs (an
      // assumption: what IMS lists for a technical account is undocumented). No Creative Cloud
      // entitlement, no account type, no token of its own: it acts through the client credentials.
      userId: T.userId,
      email: 'f5f5f5f5-0000-4000-8000-c0ffee00c1c1@techacct.adobe.com',
      name: 'Contoso CI (technical account)',
      orgs: [O.dev, O.stage, O.prod],
      entitlements: [],
    },
  ],
  clients: [{ clientId: DEFAULT_IDS.client.clientId, clientSecret: DEFAULT_IDS.client.clientSecret, userId: T.userId }],
  environments: [
    { id: 'dev', admins: [...admins], orgId: null, generation: 1 },
    { id: 'stage', admins: [...admins], orgId: O.nocc, generation: 3 },
    { id: 'prod', admins: [...admins], orgId: O.prod, generation: 7 },
    { id: 'sandbox', admins: [...admins], orgId: O.dev, generation: 1 },
  ],
} satisfies Fixture);
