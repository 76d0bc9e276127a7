/**
 * A fake `Context` for the lifecycle's unit tests: IMS, AEM and the token provider answer from a script,
 * and every call is recorded in order, so a test can assert exactly what a command asked for.
 */
import type { PutResult } from '../../../src/aem';
import { AemCcError } from '../../../src/errors';
import type { ImsOrgSummary } from '../../../src/ims';
import type { Context } from '../../../src/lifecycle';
import { createLogger } from '../../../src/log';
import { type BindingState, type CurrentUserResponse, ProfileResponse } from '../../../src/schemas';

export const DEV: ImsOrgSummary = { id: 'C0FFEE00000000000000DE01@AdobeOrg', name: 'Contoso Creative (Dev)' };
export const STAGE: ImsOrgSummary = { id: 'C0FFEE0000000000000057A6@AdobeOrg', name: 'Contoso Creative (Stage)' };
export const PROD: ImsOrgSummary = { id: 'C0FFEE000000000000009D01@AdobeOrg', name: 'Contoso Creative (Prod)' };
export const AGENCY1: ImsOrgSummary = { id: 'C0FFEE00000000000000D0A1@AdobeOrg', name: 'Contoso Agency' };
export const AGENCY2: ImsOrgSummary = { id: 'C0FFEE00000000000000D0A2@AdobeOrg', name: 'Contoso Agency' };
export const AUTHOR = 'https://author-p1-e1.adobeaemcloud.com';

/** The binding as AEM reports it. */
export const bound = (org: ImsOrgSummary | null, generation: number): BindingState => ({
  orgId: org?.id ?? null,
  orgName: org?.name ?? null,
  generation,
});

/** An administrator, federated, Creative Cloud entitled in every org but Stage. */
export const ADMIN_PROFILE = ProfileResponse.parse({
  userId: 'A1A1A1A1A1A1A1A1A1A1A1A1@c0ffee.e',
  email: 'ana@contoso.com',
  account_type: 'type3',
  projectedProductContext: [DEV, PROD, AGENCY1, AGENCY2].map((o) => ({
    prodCtx: { serviceCode: 'creative_cloud', statusCode: 'ACTIVE', owningEntity: o.id },
  })),
});
export const ADMIN_USER: CurrentUserResponse = { authorizableId: ADMIN_PROFILE.userId, memberOf: [{ authorizableId: 'administrators' }] };

/** An answer: a value, or an error the fake throws. */
type Answer<T> = T | Error;

export interface Script {
  orgs: Answer<ImsOrgSummary[]>;
  profile: Answer<ProfileResponse>;
  user: Answer<CurrentUserResponse>;
  /** getBinding's answers in turn; the last one repeats. */
  bindings: Answer<BindingState>[];
  /** putBinding's answers in turn; the last one repeats. */
  puts: Answer<PutResult>[];
  /** What the token came from: a user token (the default) or client credentials. */
  credential: Context['credential'];
}

export interface Fake {
  ctx: Context;
  /** Every call, in order: `token`, `profile`, `organizations`, `currentUser`, `getBinding`, `putBinding <orgId> <generation>`. */
  calls: string[];
  /** Every log line. */
  logs: string[];
}

/** The `not_admin` error the fake AEM client reports. */
export const NOT_ADMIN = new AemCcError('not_admin', 'not an administrator (fake)');

/** A context answering from `script` (by default: an unbound environment at generation 1, an entitled administrator, a write that lands). */
export function fakeContext(script: Partial<Script> = {}): Fake {
  const s: Script = {
    orgs: [DEV, STAGE, PROD, AGENCY1, AGENCY2],
    profile: ADMIN_PROFILE,
    user: ADMIN_USER,
    bindings: [bound(null, 1)],
    puts: [{ kind: 'ok', state: bound(DEV, 2) }],
    credential: 'user',
    ...script,
  };
  const calls: string[] = [];
  const logs: string[] = [];
  const answer = async <T>(a: Answer<T>): Promise<T> => {
    if (a instanceof Error) throw a;
    return a;
  };
  const next = <T>(list: Answer<T>[]): Answer<T> => {
    const [first] = list;
    if (list.length > 1) list.splice(0, 1);
    return first;
  };
  const ctx: Context = {
    authorUrl: AUTHOR,
    credential: s.credential,
    logger: createLogger('debug', (line) => logs.push(line)),
    tokens: {
      token: async () => {
        calls.push('token');
        return 'access-token';
      },
    },
    ims: {
      organizations: async () => (calls.push('organizations'), answer(s.orgs)),
      profile: async () => (calls.push('profile'), answer(s.profile)),
    },
    aem: {
      currentUser: async () => (calls.push('currentUser'), answer(s.user)),
      getBinding: async () => (calls.push('getBinding'), answer(next(s.bindings))),
      putBinding: async (_token: string, orgId: string, generation: number) => (
        calls.push(`putBinding ${orgId} ${generation}`),
        answer(next(s.puts))
      ),
      notAdmin: () => NOT_ADMIN,
    },
  };
  return { ctx, calls, logs };
}

/** The calls of the prerequisite reads (the binding read left out when the caller passed it in). */
export const PREREQUISITE_READS = ['token', 'profile', 'organizations', 'currentUser', 'getBinding'];
