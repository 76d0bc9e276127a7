/**
 * The emulator's AEM author environments, each under `/env/<id>`: the current user (with its groups)
 * and the Creative Cloud binding setting, with AEM's rules in AEM's order and its error shape
 * (`{error, message}`).
 */
import { ADMIN_GROUP, DEFAULT_SETTINGS_PATH, ORG_ID_RE } from '../contract';
import { clientRefusal, keyRefusal } from './gateway';
import { aemError, apiKeyOf, bearerOf, ifMatchGenerations, parseJsonObject, reply, type Reply } from './replies';
import type { Area, Handler, Route, RouteRequest } from './route';
import type { Binding, EmulatorStore, Identity } from './store';
import { stableId } from './tokens';

export const CURRENT_USER_PATH = '/libs/granite/security/currentuser.json';
const ENV_PATH_RE = /^\/env\/([^/]+)(\/.*)?$/;

/** The path of `rest` in any environment; the environment's id is the parameter `env`. */
function inEnvironment(rest: string): RegExp {
  return new RegExp(`^/env/(?<env>[^/]+)${rest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** 404 for an environment the fixture does not have, listing those it has. */
export function unknownEnvironment(envId: string, store: EmulatorStore): Reply {
  return aemError(404, 'not_found', `no AEM environment ${JSON.stringify(envId.slice(0, 64))}; known: ${[...store.environments.keys()].join(', ')}`);
}

const etag = (b: Binding) => ({ etag: `"${b.generation}"` });

/**
 * A handler for a known environment (404 otherwise), a request the client checks let through (the API
 * key and the allow list, gateway.ts: 403), and the bearer of a known user (401 otherwise), given the
 * environment's id, its binding and the identity.
 */
const authenticated =
  (fn: (r: RouteRequest, envId: string, binding: Binding, id: Identity) => Reply): Handler =>
  (r) => {
    const envId = r.params.env;
    const binding = r.store.binding(envId);
    if (!binding) return unknownEnvironment(envId, r.store);
    const apiKey = apiKeyOf(r.req);
    const badKey = keyRefusal(r.store, apiKey);
    if (badKey) return badKey;
    const id = r.store.identify(bearerOf(r.req));
    if (!id) return aemError(401, 'unauthorized', 'a valid IMS access token is required (Authorization: Bearer)', { 'www-authenticate': 'Bearer' });
    const badClient = clientRefusal(r.store, r.store.environments.get(envId), id, apiKey, r.url.pathname);
    if (badClient) return badClient;
    return fn(r, envId, binding, id);
  };

function currentUser(r: RouteRequest, envId: string, _binding: Binding, { user }: Identity): Reply {
  const admins = r.store.environments.get(envId)?.admins ?? [];
  const props = r.url.searchParams.getAll('props').flatMap((p) => p.split(','));
  const home = stableId('home', user.userId);
  const body: Record<string, unknown> = {
    authorizableId: user.userId,
    name: user.name,
    home: `/home/users/${home.slice(0, 1).toLowerCase()}/${home}`,
  };
  if (props.includes('memberOf')) {
    const groups = admins.includes(user.userId) ? [ADMIN_GROUP, 'contributor'] : ['contributor'];
    body.memberOf = groups.map((g) => ({ authorizableId: g, home: `/home/groups/${g.slice(0, 1)}/${g}` }));
  }
  return reply(200, body);
}

function bindingGet(r: RouteRequest, _envId: string, binding: Binding): Reply {
  return reply(200, r.store.view(binding), etag(binding));
}

/** The write, with AEM's rules in order: 403, 428, 400, 412, 422; then the switch (generation + 1 if the org changes). */
function bindingPut(r: RouteRequest, envId: string, binding: Binding, { user }: Identity): Reply {
  const { store } = r;
  if (!store.environments.get(envId)?.admins.includes(user.userId)) {
    return aemError(403, 'forbidden', `user ${user.userId} is not a member of "${ADMIN_GROUP}" in environment ${envId}`);
  }
  const ifMatch = r.req.headers['if-match'];
  if (ifMatch === undefined || ifMatch.trim() === '') {
    return aemError(428, 'precondition_required', 'send If-Match: "<generation>" (the ETag of the current binding)');
  }
  const parsed = parseJsonObject(r.body);
  const orgId = parsed?.orgId;
  if (!parsed || typeof orgId !== 'string' || !ORG_ID_RE.test(orgId)) {
    return aemError(400, 'invalid_body', 'expected a JSON object {"orgId": "<24 upper-case hex>@AdobeOrg"}');
  }
  if (!ifMatchGenerations(ifMatch).includes(binding.generation)) {
    const message = `If-Match ${ifMatch.slice(0, 40)} does not match the current generation ${binding.generation}`;
    return aemError(412, 'precondition_failed', message, etag(binding));
  }
  if (!store.orgs.has(orgId)) return aemError(422, 'unknown_org', `org ${orgId} does not exist`);
  if (!user.orgs.includes(orgId)) return aemError(422, 'org_not_accessible', `user ${user.userId} cannot access org ${orgId}`);
  if (!store.isEntitled(user, orgId)) {
    return aemError(422, 'not_entitled', `user ${user.userId} holds no active Creative Cloud entitlement in org ${orgId}`);
  }
  if (binding.orgId !== orgId) {
    binding.orgId = orgId;
    binding.generation += 1;
  }
  return reply(200, store.view(binding), etag(binding));
}

const AEM_ROUTES: readonly Route[] = [
  { method: 'GET', path: inEnvironment(CURRENT_USER_PATH), fault: 'currentuser', handler: authenticated(currentUser) },
  { method: 'GET', path: inEnvironment(DEFAULT_SETTINGS_PATH), fault: 'binding-get', handler: authenticated(bindingGet) },
  { method: 'PUT', path: inEnvironment(DEFAULT_SETTINGS_PATH), fault: 'binding-put', handler: authenticated(bindingPut) },
];

export const aemArea: Area = {
  owns: (path) => ENV_PATH_RE.test(path),
  routes: AEM_ROUTES,
  unmatched(method, path, allowed, store) {
    const [, envId, rest] = ENV_PATH_RE.exec(path) ?? [];
    // An unknown environment is a 404 whatever the method, as on a real author that does not exist.
    if (!store.environments.has(envId)) return unknownEnvironment(envId, store);
    if (allowed.length) return aemError(405, 'method_not_allowed', `use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
    return aemError(404, 'not_found', `no route ${method} ${rest || '/'} in AEM environment ${envId}`);
  },
};
