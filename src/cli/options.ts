/**
 * The flags, defined once: each with the environment variable that stands in for it. Commands list the
 * flags they take; the router turns them into commander options and fills in unset flags from the
 * environment it was given (never from `process.env`: commander's own `.env()` would read that). This
 * module does not load commander: the engine's calls (`aem-cc read|apply|destroy`, inputs in the
 * environment) never need it.
 */
import { ENV } from '../contract';
import { invalidInput } from '../errors';
import { type OrgRef, parseOrg } from '../inputs';

export interface Flag {
  /** The option's name in `RawOptions`: commander's attribute name for `flags` (a test keeps them equal). */
  key: keyof RawOptions;
  /** commander's flag syntax, e.g. `--org <org>`. */
  flags: string;
  description: string;
  /** The variable read when the flag is not given. */
  env?: string;
}

/** Option values as the router hands them to a command: strings from a flag or its variable, `json` a switch. */
export interface RawOptions {
  authorUrl?: string;
  org?: string;
  allowedOrgs?: string;
  removalPolicy?: string;
  revertTo?: string;
  bindingToken?: string;
  imsEndpoint?: string;
  settingsPath?: string;
  timeoutMs?: string;
  logLevel?: string;
  json?: boolean;
  port?: string;
  fixture?: string;
  faults?: string;
  latency?: string;
  requireApiKey?: boolean;
}

/** Each flag's `key` is its name in this record. */
function keyed<T extends { [K in keyof RawOptions]?: Omit<Flag, 'key'> }>(flags: T): { [K in keyof T]: T[K] & { key: K } } {
  const entries = Object.entries(flags).map(([key, flag]) => [key, { ...flag, key }]);
  return Object.fromEntries(entries) as unknown as { [K in keyof T]: T[K] & { key: K } };
}

export const FLAGS = keyed({
  authorUrl: { flags: '--author-url <url>', description: 'AEM author base URL (https; http only on loopback)', env: ENV.authorUrl },
  imsEndpoint: { flags: '--ims-endpoint <url>', description: 'IMS base URL (default https://ims-na1.adobelogin.com)', env: ENV.imsEndpoint },
  settingsPath: {
    flags: '--settings-path <path>',
    description: 'path of the Creative Cloud settings endpoint on the author',
    env: ENV.settingsPath,
  },
  timeoutMs: {
    flags: '--timeout-ms <ms>',
    description: 'per-request timeout in ms (default 10000); a command ends within 4x this + 10 s',
    env: ENV.timeoutMs,
  },
  logLevel: { flags: '--log-level <level>', description: 'error, warn, info (default) or debug; logs go to stderr', env: ENV.logLevel },
  json: { flags: '--json', description: 'print one JSON object on stdout' },
  org: { flags: '--org <org>', description: 'org id (…@AdobeOrg) or exact org name', env: ENV.org },
  allowedOrgs: { flags: '--allowed-orgs <ids>', description: 'comma-separated org ids the org must be one of', env: ENV.allowedOrgs },
  bindingToken: { flags: '--binding-token <token>', description: 'orgId#generation this instance owns', env: ENV.bindingToken },
  removalPolicy: { flags: '--removal-policy <policy>', description: 'retain (default) or revert', env: ENV.removalPolicy },
  revertTo: { flags: '--revert-to <org>', description: 'org id or exact name to revert to (with --removal-policy revert)', env: ENV.revertTo },
  port: { flags: '--port <n>', description: 'port to listen on (0: any free port)' },
  fixture: { flags: '--fixture <file>', description: 'fixture JSON (default: the built-in fixture)' },
  faults: { flags: '--faults <spec>', description: 'faults to inject, e.g. token:429x2,binding-put:reset' },
  latency: { flags: '--latency <ms>', description: 'delay every answer by this many ms' },
  requireApiKey: { flags: '--require-api-key', description: "require X-Api-Key on AEM requests, as Adobe's API gateway does" },
});

/** The flags of every command that talks to IMS and AEM, in help order. */
export const CONNECTION_FLAGS: readonly Flag[] = [
  FLAGS.authorUrl,
  FLAGS.imsEndpoint,
  FLAGS.settingsPath,
  FLAGS.timeoutMs,
  FLAGS.logLevel,
  FLAGS.json,
];

/**
 * The options commander parsed, with every flag that was not given filled in from its variable in `env`
 * (flags win; `env` has already had its empty variables removed).
 */
export function withVariables(parsed: RawOptions, flags: readonly Flag[], env: NodeJS.ProcessEnv): RawOptions {
  const out: Record<string, unknown> = { ...parsed };
  for (const flag of flags) {
    if (!flag.env) continue;
    if (out[flag.key] === undefined && env[flag.env] !== undefined) out[flag.key] = env[flag.env];
  }
  return out as RawOptions;
}

/**
 * The desired org, which `check` and `apply` cannot do without.
 * @throws AemCcError `invalid_input` when it is missing or malformed
 */
export function requireOrg(raw: RawOptions): OrgRef {
  if (raw.org === undefined) throw invalidInput(`no org given; set --org or ${ENV.org} to an org id (…@AdobeOrg) or the exact org name.`);
  return parseOrg(raw.org);
}
