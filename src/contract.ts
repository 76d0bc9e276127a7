/**
 * The shared contract: names, codes and wire shapes that the handler, the construct, the emulator,
 * the tests and the docs must agree on (docs/contract.md). Changing anything here is a
 * change of contract: change every user with it.
 *
 * This module must stay cheap to import: the construct imports it at synth time and the CLI on
 * every start, so it holds constants only. The zod schemas live in `schemas.ts`.
 */

/** Environment variables the handler reads. Flags with the same name win over these. */
export const ENV = {
  authorUrl: 'AEM_CC_AUTHOR_URL',
  org: 'AEM_CC_ORG',
  allowedOrgs: 'AEM_CC_ALLOWED_ORGS',
  removalPolicy: 'AEM_CC_REMOVAL_POLICY',
  revertTo: 'AEM_CC_REVERT_TO',
  bindingToken: 'AEM_CC_BINDING_TOKEN',
  imsEndpoint: 'AEM_CC_IMS_ENDPOINT',
  settingsPath: 'AEM_CC_SETTINGS_PATH',
  timeoutMs: 'AEM_CC_TIMEOUT_MS',
  logLevel: 'AEM_CC_LOG_LEVEL',
  accessToken: 'AEM_CC_ACCESS_TOKEN',
  clientId: 'AEM_CC_CLIENT_ID',
  clientSecret: 'AEM_CC_CLIENT_SECRET',
  scopes: 'AEM_CC_SCOPES',
  /**
   * The `X-Api-Key` sent to AEM with the user token (AEM_CC_ACCESS_TOKEN): the client id of the Adobe
   * Developer Console credential that issued it. Default: the token's own `client_id` claim. Client
   * credentials always send AEM_CC_CLIENT_ID.
   */
  apiKey: 'AEM_CC_API_KEY',
  /** Where the client-credentials token cache lives; defaults to the user's cache dir. */
  cacheDir: 'AEM_CC_CACHE_DIR',
} as const;

/**
 * The secret-bearing variables: never echoed, never synthesized, never logged. Client ids (and so the
 * API key, which is one) are identifiers rather than secrets, but they are handled like the client
 * credentials they belong to, so that no output shows one.
 */
export const SECRET_ENV = [ENV.accessToken, ENV.clientId, ENV.clientSecret, ENV.apiKey] as const;

export const DEFAULT_IMS_ENDPOINT = 'https://ims-na1.adobelogin.com';
export const DEFAULT_SETTINGS_PATH = '/adobe/assets/settings/creative-cloud';
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_SCOPES = 'openid,AdobeID,read_organizations,additional_info.projectedProductContext';

/** IMS org ids: 24 upper-case hex digits and the auth source. */
export const ORG_ID_RE = /^[0-9A-F]{24}@AdobeOrg$/;
/** A binding token: `<orgId>#<generation>`. */
export const BINDING_TOKEN_RE = /^([0-9A-F]{24}@AdobeOrg)#(0|[1-9][0-9]{0,15})$/;

/** The Creative Cloud entitlement marker in an IMS profile's projected product contexts. */
export const CC_SERVICE_CODE = 'creative_cloud';
export const ACTIVE_STATUS = 'ACTIVE';
export const ADMIN_GROUP = 'administrators';
/**
 * How IMS names a technical account, the identity of an OAuth Server-to-Server (client credentials)
 * credential: `<id>@techacct.adobe.com` (Experience League, "Generating Access Tokens for Server-Side
 * APIs": `"id": "ABCDAE10A495E8C@techacct.adobe.com"`). A technical account can read but cannot switch.
 */
export const TECHNICAL_ACCOUNT_SUFFIX = '@techacct.adobe.com';

export const EXIT = {
  ok: 0,
  remote: 1,
  input: 2,
  prerequisite: 3,
  conflict: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Stable error codes and the exit code each maps to. */
export const ERROR_EXIT = {
  invalid_input: EXIT.input,
  missing_credentials: EXIT.input,
  invalid_credentials: EXIT.prerequisite,
  not_admin: EXIT.prerequisite,
  org_not_found: EXIT.prerequisite,
  org_ambiguous: EXIT.prerequisite,
  org_not_accessible: EXIT.prerequisite,
  no_cc_entitlement: EXIT.prerequisite,
  identity_mismatch: EXIT.prerequisite,
  org_not_allowed: EXIT.prerequisite,
  conflict: EXIT.conflict,
  remote_error: EXIT.remote,
  timeout: EXIT.remote,
} as const;
export type ErrorCode = keyof typeof ERROR_EXIT;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REMOVAL_POLICIES = ['retain', 'revert'] as const;
export type RemovalPolicyKind = (typeof REMOVAL_POLICIES)[number];

/** Keys of the Terraform external-program protocol's query (`read`'s stdin); its result is `ReadResult`. */
export const READ_QUERY_KEYS = ['author_url', 'org', 'allowed_orgs', 'ims_endpoint', 'settings_path', 'timeout_ms', 'log_level'] as const;

/**
 * A stack's one plan-time read covers all its bindings: each binding's keys (`READ_BINDING_KEYS`) are
 * prefixed with the binding's key (its construct path) and this separator, in the query
 * (`dev/cc:author_url`) and in the result (`dev/cc:token`); `timeout_ms` and `log_level` stay unprefixed.
 */
export const READ_KEY_SEPARATOR = ':';
/** The query keys that belong to one binding. */
export const READ_BINDING_KEYS = ['author_url', 'org', 'allowed_orgs', 'ims_endpoint', 'settings_path'] as const;

/** Upper bounds for user-supplied values: anything longer is a mistake, refused before any request. */
export const LIMITS = {
  urlLength: 2048,
  orgNameLength: 255,
  allowedOrgs: 100,
  settingsPathLength: 512,
  maxTimeoutMs: 120_000,
  minTimeoutMs: 100,
  /** The `read` query on stdin, in bytes (UTF-16 code units, as read). */
  readQueryBytes: 64 * 1024,
} as const;

/** Emulator control routes (tests and demos only). */
export const EMULATOR = {
  /** Every control route is under this prefix (and only control routes are). */
  controlPrefix: '/__emulator',
  statePath: '/__emulator/state',
  resetPath: '/__emulator/reset',
  faultsPath: '/__emulator/faults',
  environmentsPath: '/__emulator/environments',
  faultRoutes: ['token', 'orgs', 'profile', 'validate', 'currentuser', 'binding-get', 'binding-put', '*'] as const,
  faultKinds: ['429', '500', '502', '503', 'reset', 'slow', 'malformed'] as const,
} as const;
