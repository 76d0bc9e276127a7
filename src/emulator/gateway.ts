/**
 * The emulator's checks in front of its AEM routes that concern the client (the Developer Console
 * credential) rather than the user, each answering the way Adobe's services are known to:
 *
 * - The API key, with `requireApiKey` (`aem-cc emulator --require-api-key`): Adobe's gateway answers a
 *   missing or invalid `X-Api-Key` with `403 {"error_code":"403003","message":"Api Key is invalid"}`
 *   (AdobeDocs/adobeio-runtime#5, a maintainer: "you are missing the api key"; the same body for a
 *   wrong or unsubscribed key in AdobeDocs/lightroom-api-docs#17 and adobe/stock-api-sdk#3). Whether
 *   the AEM author itself refuses a request without the key is not documented: this models the
 *   gateway's documented rule, the stricter case. A key that names another client than the token's is
 *   refused the same way (our assumption: Adobe's Cloud Manager CLI derives the key from the token
 *   because a mismatched pair fails, adobe/aio-cli-plugin-cloudmanager#562, but the answer is not
 *   documented).
 * - The environment's allow list (`allowedClientIds`, the `api.yaml` registration): AEM answers a
 *   token of a client not registered for the environment with 403 and an RFC 7807 body whose detail is
 *   "IMS Client ID not allowlisted. Allowlist the Client ID using the Configuration Pipeline." (Adobe
 *   employees in Adobe Experience League Community threads; the body's shape is the one Adobe's
 *   OpenAPI how-to guide documents: type, title, status, detail, instance).
 */
import type { FixtureEnvironment } from './fixture';
import { reply, type Reply } from './replies';
import type { EmulatorStore, Identity } from './store';

/** The gateway's answer to a missing or invalid API key. */
export const INVALID_API_KEY: Readonly<Reply> = Object.freeze(reply(403, { error_code: '403003', message: 'Api Key is invalid' }));

/** AEM's detail text for a client id that is not registered for the environment. */
export const NOT_ALLOWLISTED = 'IMS Client ID not allowlisted. Allowlist the Client ID using the Configuration Pipeline.';

/** AEM's RFC 7807 refusal of a client that is not registered for the environment. */
function notAllowlisted(path: string): Reply {
  return reply(
    403,
    { type: 'https://api.adobeaemcloud.com/adobe/meta/errors/forbidden', title: 'Forbidden', status: 403, detail: NOT_ALLOWLISTED, instance: path },
    { 'content-type': 'application/problem+json' },
  );
}

/**
 * Before the token is looked at (the gateway checks the key first): with `requireApiKey`, the key must
 * be there and name a client the emulator knows. Undefined when the request may go on.
 */
export function keyRefusal(store: EmulatorStore, apiKey: string | undefined): Reply | undefined {
  if (!store.requireApiKey || store.isApiKey(apiKey)) return undefined;
  return { ...INVALID_API_KEY };
}

/**
 * After the token identified its user: with `requireApiKey`, the key must be the token's own client
 * (when the token names one); and when the environment has an allow list, the token's client (or, for
 * a token that names none, the key) must be on it. Undefined when the request may go on.
 */
export function clientRefusal(
  store: EmulatorStore,
  env: FixtureEnvironment | undefined,
  id: Identity,
  apiKey: string | undefined,
  path: string,
): Reply | undefined {
  const tokenClient = typeof id.claims.client_id === 'string' ? id.claims.client_id : undefined;
  if (store.requireApiKey && tokenClient !== undefined && apiKey !== tokenClient) return { ...INVALID_API_KEY };
  const client = tokenClient ?? apiKey;
  if (env?.allowedClientIds && (client === undefined || !env.allowedClientIds.includes(client))) return notAllowlisted(path);
  return undefined;
}
