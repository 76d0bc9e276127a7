/**
 * The emulator's IMS: client-credentials tokens, organizations, profile and token validation, under
 * `/ims/`, with IMS's error shape (`{error, error_description}`).
 */
import { ACTIVE_STATUS, CC_SERVICE_CODE } from '../contract';
import { bearerOf, type Fields, imsError, parseForm, reply, type Reply, sameSecret } from './replies';
import type { Area, Route, RouteRequest } from './route';
import type { EmulatorStore } from './store';
import { type FixtureUser, isTechnicalAccount } from './fixture';
import { mintAccessToken, stableId, TOKEN_EXPIRES_IN_SECONDS } from './tokens';

/** The query's fields, then (for a POST) the form body's, which win. */
async function fieldsOf(r: RouteRequest): Promise<Fields> {
  const fields: Fields = new Map([...r.url.searchParams]);
  if (r.method === 'POST') for (const [k, v] of await parseForm(r.req.headers['content-type'], r.body)) fields.set(k, v);
  return fields;
}

async function token(r: RouteRequest): Promise<Reply> {
  const fields = await fieldsOf(r);
  const grant = fields.get('grant_type');
  if (!grant) return imsError(400, 'invalid_request', 'grant_type is required');
  if (grant !== 'client_credentials') {
    return imsError(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(grant)} is not supported by the emulator; use client_credentials`);
  }
  const clientId = fields.get('client_id');
  const secret = fields.get('client_secret');
  const client = clientId ? r.store.client(clientId) : undefined;
  if (!client || secret === undefined || !sameSecret(secret, client.clientSecret)) {
    return imsError(401, 'invalid_client', 'invalid client_id or client_secret');
  }
  const minted = mintAccessToken({ clientId: client.clientId, userId: client.userId, scope: fields.get('scope') ?? '' });
  r.store.remember(minted.token, minted.claims);
  return reply(200, { access_token: minted.token, token_type: 'bearer', expires_in: TOKEN_EXPIRES_IN_SECONDS });
}

/** A handler that needs the bearer of a known user (401 invalid_token otherwise). */
const withUser =
  (fn: (user: FixtureUser, store: EmulatorStore) => Reply) =>
  (r: RouteRequest): Reply => {
    const id = r.store.identify(bearerOf(r.req));
    return id ? fn(id.user, r.store) : imsError(401, 'invalid_token', 'the access token is missing, unknown or expired');
  };

function organizations(user: FixtureUser, store: EmulatorStore): Reply {
  return reply(
    200,
    user.orgs.map((id) => {
      const [ident, authSrc] = id.split('@');
      return { orgRef: { ident, authSrc }, orgName: store.orgs.get(id)?.name, orgType: 'Enterprise', countryCode: 'US', groups: [] };
    }),
  );
}

function profile(user: FixtureUser, store: EmulatorStore): Reply {
  const contexts: unknown[] = [];
  for (const orgId of user.orgs) {
    if (store.isEntitled(user, orgId)) {
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
  // A technical account's profile is undocumented; ours is the most defensible guess: its user id and
  // e-mail as IMS names them, its AEM product contexts, no account type and no Creative Cloud context.
  const person = isTechnicalAccount(user) ? {} : { emailVerified: 'true', account_type: user.accountType };
  return reply(200, {
    userId: user.userId,
    authId: user.userId,
    email: user.email,
    displayName: user.name,
    ...person,
    projectedProductContext: contexts,
  });
}

async function validate(r: RouteRequest): Promise<Reply> {
  const fields = await fieldsOf(r);
  const token = bearerOf(r.req) ?? fields.get('token');
  if (!token) return imsError(400, 'invalid_request', 'no token: send it as "Authorization: Bearer" or a "token" field');
  const type = fields.get('type');
  if (type !== undefined && type !== 'access_token') return reply(200, { valid: false, reason: 'bad_type' });
  const id = r.store.identify(token);
  if (!id) return reply(200, { valid: false, reason: 'invalid_token' });
  const clientId = fields.get('client_id');
  const tokenClient = id.claims.client_id;
  if (clientId !== undefined && typeof tokenClient === 'string' && clientId !== tokenClient) {
    return reply(200, { valid: false, reason: 'bad_client_id' });
  }
  const claims = { ...id.claims };
  if (claims.client_id === undefined && clientId !== undefined) claims.client_id = clientId;
  return reply(200, { valid: true, token: claims });
}

const IMS_ROUTES: readonly Route[] = [
  { method: 'POST', path: '/ims/token/v3', fault: 'token', handler: token },
  { method: 'POST', path: '/ims/token/v2', fault: 'token', handler: token },
  { method: 'GET', path: '/ims/organizations/v6', fault: 'orgs', handler: withUser(organizations) },
  { method: 'GET', path: '/ims/profile/v1', fault: 'profile', handler: withUser(profile) },
  { method: 'GET', path: '/ims/validate_token/v1', fault: 'validate', handler: validate },
  { method: 'POST', path: '/ims/validate_token/v1', fault: 'validate', handler: validate },
];

export const imsArea: Area = {
  owns: (path) => path.startsWith('/ims/'),
  routes: IMS_ROUTES,
  unmatched(method, path, allowed) {
    if (allowed.length) return imsError(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
    return imsError(404, 'not_found', `no IMS route ${method} ${path} in the emulator`);
  },
};
