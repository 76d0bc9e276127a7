/**
 * The `X-Api-Key` header the AEM client sends beside the bearer token: the client id of the Adobe
 * Developer Console credential that the token was issued to.
 *
 * Adobe's sources (docs/going-live.md lists them): the APIs on Adobe's gateway require "x-api-key"
 * = the Client ID on every call (AdobeDocs/cloudmanager-api-docs, authentication.md); Adobe's
 * tutorials for the OpenAPI-based AEM APIs send `X-Api-Key` = the credential's client id, with
 * server-to-server and with user (Web App) tokens alike (AdobeDocs/experience-manager-learn.en,
 * invoke-api-using-oauth-s2s.md and invoke-api-using-oauth-web-app.md); and Adobe's Cloud Manager
 * CLI takes the key of a user token from the token's own `client_id` claim, because a key that does
 * not match the token's client fails (adobe/aio-cli-plugin-cloudmanager, src/cloudmanager-helpers.js
 * l.157-167, issue #562).
 *
 * IMS gets no key: Adobe's own IMS client sends only `User-Agent` and `Authorization` to
 * organizations and profile, and the client id only in the token request's form body
 * (@adobe/aio-lib-ims 8.1.2 src/ims.js l.65-118, l.387-400, l.573-576). `src/ims.ts` does the same.
 */
import { ENV } from './contract';
import type { Credentials } from './credentials';
import { AemCcError } from './errors';
import { describeEndpoint, type HttpRequest, type HttpResponse } from './http';
import { decodeTokenPayload } from './jwt';
import { registerSecret } from './log';

/** The key to send to AEM, and where it came from (for logs and messages; never the value). */
export interface ApiKey {
  /** The header's value; undefined when none can be sent (then no header is sent). */
  value?: string;
  /** Where the value came from, or why there is none: a phrase for messages. */
  source: string;
}

/** What can be a header value: printable ASCII without spaces, as client ids are. */
const HEADER_SAFE = /^[\x21-\x7e]{1,255}$/;

/**
 * The `client_id` claim of a JWT-shaped access token, read without verifying the token. That is
 * enough here: the value only names the client in a header, and AEM verifies the token itself, so
 * a forged claim gains nothing but a refusal. Undefined for a token that is not a JWT, has no such
 * claim, or whose claim could not go in a header.
 */
export function tokenClientId(token: string): string | undefined {
  const claim = decodeTokenPayload(token)?.client_id;
  return typeof claim === 'string' && HEADER_SAFE.test(claim) ? claim : undefined;
}

/**
 * The `X-Api-Key` for these credentials:
 * - client credentials: their client id (AEM_CC_CLIENT_ID);
 * - a user token: AEM_CC_API_KEY when set, else the token's `client_id` claim, else none. A token
 *   that is not a JWT with that claim (the emulator's fixture tokens, or an IMS that changed its
 *   format) is sent without the header rather than refused: AEM decides whether it needs one, and a
 *   refusal for a missing key names AEM_CC_API_KEY.
 * The value is registered as a secret, like the client id it is, so that no output shows it.
 */
export function apiKeyFor(creds: Credentials): ApiKey {
  if (creds.mode === 'client') return known(creds.clientId, `${ENV.clientId} (the client credentials' client id)`);
  if (creds.apiKey !== undefined) return known(creds.apiKey, ENV.apiKey);
  const claim = tokenClientId(creds.token);
  if (claim !== undefined) return known(claim, `the client_id claim of the token in ${ENV.accessToken}`);
  return { source: `none: the token in ${ENV.accessToken} is not a JWT with a client_id claim, and ${ENV.apiKey} is not set` };
}

function known(value: string, source: string): ApiKey {
  registerSecret(value);
  return { value, source };
}

/** Why a 403 answer is about the client rather than the user: a gateway code, or AEM's allow list. */
type ClientRefusal = { kind: 'gateway'; code: string; message: string } | { kind: 'allowlist'; detail: string };

/**
 * Reads a 403 answer as a refusal of the client: Adobe's gateway body `{error_code: "403…", message}`
 * (403003 "Api Key is invalid" for a missing or wrong key), or AEM's RFC 7807 body whose `detail`
 * says the client id is not allowlisted. Undefined for anything else (a 403 that is about the user).
 */
function clientRefusalOf(res: HttpResponse): ClientRefusal | undefined {
  if (res.status !== 403) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return undefined;
  }
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.error_code === 'string' && /^403\d{3}$/.test(b.error_code)) {
    return { kind: 'gateway', code: b.error_code, message: typeof b.message === 'string' ? b.message : '' };
  }
  if (typeof b.detail === 'string' && /allow-?list/i.test(b.detail)) return { kind: 'allowlist', detail: b.detail };
  return undefined;
}

/** A remote text for a message: JSON-quoted and cut. */
const quoted = (text: string) => JSON.stringify(text.length > 200 ? `${text.slice(0, 197)}...` : text);

/**
 * The error for an AEM answer that refuses the client behind the token rather than its user (exit 3,
 * `invalid_credentials`), or undefined when `res` is not one: a 403 from Adobe's gateway (403003: the
 * `X-Api-Key` is missing, or not a client id the gateway accepts for this token), or AEM's 403 for a
 * client id that is not registered for the environment (the `api.yaml` of the config pipeline). Each
 * message names what was sent (`key.source`, never the value) and what to fix.
 */
export function apiKeyRefusal(req: HttpRequest, res: HttpResponse, key: ApiKey): AemCcError | undefined {
  const refusal = clientRefusalOf(res);
  if (!refusal) return undefined;
  const where = `${req.what} (${req.method} ${describeEndpoint(req.url)})`;
  const sent = key.value === undefined ? `no X-Api-Key was sent (${key.source})` : `the X-Api-Key sent was ${key.source}`;
  const register =
    `register the client id for this environment: list it under data.allowedClientIDs.author of an api.yaml (kind: "API") ` +
    `in the repository's config folder and deploy it with a config pipeline (docs/going-live.md, step 3)`;
  if (refusal.kind === 'allowlist') {
    return new AemCcError(
      'invalid_credentials',
      `${where} answered 403 ${quoted(refusal.detail)}: AEM does not accept tokens of this client for this environment; checked: ` +
        `${sent}. Use a token of a registered client, or ${register}.`,
    );
  }
  const fix =
    key.value === undefined
      ? `Set ${ENV.apiKey} to the client id of the Adobe Developer Console credential that issued the token in ${ENV.accessToken}`
      : `The X-Api-Key must be the client id of the Developer Console credential that issued the token (${ENV.clientId} with client ` +
        `credentials; with a user token its client_id claim, or ${ENV.apiKey}), and that credential's project must include the AEM API`;
  return new AemCcError(
    'invalid_credentials',
    `${where} answered 403 ${refusal.code} ${quoted(refusal.message)}: Adobe's API gateway refused the client; checked: ${sent}. ` +
      `${fix}; for AEM's APIs, also ${register}.`,
  );
}
