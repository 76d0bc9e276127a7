/**
 * Validation of every user-supplied value, before any request is made. Each refusal names the
 * value (never a secret), what was checked and the fix, and is an `invalid_input` (exit 2).
 */
import {
  BINDING_TOKEN_RE,
  DEFAULT_IMS_ENDPOINT,
  DEFAULT_SETTINGS_PATH,
  DEFAULT_TIMEOUT_MS,
  LIMITS,
  LogLevel,
  LOG_LEVELS,
  ORG_ID_RE,
} from './contract';
import { invalidInput } from './errors';
import { show } from './log';
import { isLoopbackHost } from './proxy';
import { findCharacter } from './unicode';

/** How a user value appears in a message (redacted, then cut and quoted): see `log.ts`. */
export { show };

const CONTROL_RE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
/** Characters an org name may not contain: shell and quoting metacharacters are copy-paste accidents. */
const NAME_FORBIDDEN_RE = /[`$\\;|<>"{}*?[\]~%=^]/;
const LATIN_RE = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPTS_RE = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;

function checkText(what: string, raw: unknown, max: number): string {
  if (typeof raw !== 'string') throw invalidInput(`${what} must be a string, got ${raw === null ? 'null' : typeof raw}.`);
  if (raw.length === 0 || raw.trim().length === 0) throw invalidInput(`${what} is empty; give a value.`);
  if (raw.length > max)
    throw invalidInput(`${what} is ${raw.length} characters long; at most ${max} are accepted. Check that the right value was passed.`);
  if (CONTROL_RE.test(raw))
    // Named, with where it is: quoted, the value would look right.
    throw invalidInput(
      `${what} ${show(raw)} contains a control or invisible formatting character, ${findCharacter(raw, CONTROL_RE)}; ` +
        `remove it (often a stray newline from a copied value).`,
    );
  if (raw !== raw.trim()) throw invalidInput(`${what} ${show(raw)} has leading or trailing white space; remove it.`);
  return raw;
}

/**
 * An https URL, or http on loopback only (the emulator); no credentials, query string or fragment,
 * since those would be sent along with the bearer token or end up in the plan.
 */
export function parseServiceUrl(what: string, raw: unknown, opts: { allowPath: boolean }): string {
  const value = checkText(what, raw, LIMITS.urlLength);
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw invalidInput(
      `${what} ${show(value)} contains non-ASCII characters; type the URL in plain ASCII (punycode for international hosts), ` +
        `which also rules out look-alike letters.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidInput(`${what} ${show(value)} is not a URL; expected e.g. https://author-p1234-e5678.adobeaemcloud.com.`);
  }
  if (url.username || url.password) {
    throw invalidInput(
      `${what} contains credentials (user:password@); remove them. Credentials come only from AEM_CC_ACCESS_TOKEN or ` +
        `AEM_CC_CLIENT_ID/AEM_CC_CLIENT_SECRET.`,
    );
  }
  if (url.search || value.includes('?')) throw invalidInput(`${what} ${show(value)} has a query string; give the base URL only.`);
  if (url.hash || value.includes('#')) throw invalidInput(`${what} ${show(value)} has a fragment (#...); give the base URL only.`);
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw invalidInput(
        `${what} ${show(value)} uses http on a non-loopback host; TLS is required for every real service: use https:// ` +
          `(http is accepted only on 127.0.0.1, localhost or [::1], for the emulator).`,
      );
    }
  } else if (url.protocol !== 'https:') {
    throw invalidInput(`${what} ${show(value)} has scheme ${show(url.protocol)}; use https://.`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (!opts.allowPath && path !== '') throw invalidInput(`${what} ${show(value)} has a path; give the origin only, e.g. ${DEFAULT_IMS_ENDPOINT}.`);
  // Checked on the raw value: the URL parser has already resolved (and so hidden) any dot segment.
  if (/\/(\.|%2e)(\.|%2e)?(\/|$)/i.test(value)) throw invalidInput(`${what} ${show(value)} has a relative path segment; give a plain URL.`);
  return `${url.origin}${path}`;
}

export function parseAuthorUrl(raw: unknown): string {
  return parseServiceUrl('the author URL (--author-url / AEM_CC_AUTHOR_URL)', raw, { allowPath: true });
}

export function parseImsEndpoint(raw: unknown): string {
  if (raw === undefined) return DEFAULT_IMS_ENDPOINT;
  return parseServiceUrl('the IMS endpoint (--ims-endpoint / AEM_CC_IMS_ENDPOINT)', raw, { allowPath: false });
}

export type OrgRef = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** An org id (exactly 24 upper-case hex digits + `@AdobeOrg`) or an exact org name. */
export function parseOrg(raw: unknown, what = 'the org (--org / AEM_CC_ORG)'): OrgRef {
  const value = checkText(what, raw, LIMITS.orgNameLength);
  if (ORG_ID_RE.test(value)) return { kind: 'id', id: value };
  if (/@/.test(value) || /^[0-9A-Fa-f]{24}$/.test(value)) {
    const upper = value.toUpperCase().replace(/@ADOBEORG$/, '@AdobeOrg');
    const hint = ORG_ID_RE.test(upper) ? ` Did you mean ${upper}? Org ids are case-sensitive.` : '';
    const bare = /^[0-9A-Fa-f]{24}$/.test(value) ? ` Did you mean ${value.toUpperCase()}@AdobeOrg?` : '';
    throw invalidInput(
      `${what} ${show(value)} looks like an org id but is not one: an IMS org id is 24 upper-case hex digits followed by @AdobeOrg.${hint}${bare} ` +
        `Copy it from the Admin Console, or give the org's exact name instead.`,
    );
  }
  if (NAME_FORBIDDEN_RE.test(value)) {
    throw invalidInput(
      `${what} ${show(value)} contains a shell or quoting metacharacter; org names are matched exactly and such characters are ` +
        `almost always a copy-paste accident. Give the org id (…@AdobeOrg) instead, or the name as shown by "aem-cc orgs".`,
    );
  }
  if (LATIN_RE.test(value) && CONFUSABLE_SCRIPTS_RE.test(value)) {
    throw invalidInput(
      `${what} ${show(value)} mixes Latin with Cyrillic or Greek letters, which look alike; retype the name, or give the org id instead.`,
    );
  }
  return { kind: 'name', name: value };
}

export function parseAllowedOrgs(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string')
    throw invalidInput(`the allowed orgs (--allowed-orgs / AEM_CC_ALLOWED_ORGS) must be a comma-separated string of org ids.`);
  if (raw === '') return undefined;
  const ids = raw.split(',');
  if (ids.length > LIMITS.allowedOrgs)
    throw invalidInput(`the allowed orgs list has ${ids.length} entries; at most ${LIMITS.allowedOrgs} are accepted.`);
  for (const id of ids) {
    if (!ORG_ID_RE.test(id)) {
      throw invalidInput(
        `the allowed orgs (--allowed-orgs / AEM_CC_ALLOWED_ORGS) contain ${show(id)}, which is not an org id; list org ids ` +
          `(24 upper-case hex digits + @AdobeOrg) separated by commas, without spaces. Names are not accepted here, so the ` +
          `guardrail cannot be fooled by a rename.`,
      );
    }
  }
  return [...new Set(ids)];
}

export function parseSettingsPath(raw: unknown): string {
  if (raw === undefined) return DEFAULT_SETTINGS_PATH;
  const what = 'the settings path (--settings-path / AEM_CC_SETTINGS_PATH)';
  const value = checkText(what, raw, LIMITS.settingsPathLength);
  if (!/^(\/[A-Za-z0-9_.-]+)+$/.test(value) || /\/\.\.?(\/|$)/.test(value)) {
    throw invalidInput(
      `${what} ${show(value)} is not a plain absolute path; expected e.g. ${DEFAULT_SETTINGS_PATH} (letters, digits, "_", "-", "." and "/" only).`,
    );
  }
  return value;
}

export function parseTimeoutMs(raw: unknown): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_MS;
  const what = 'the timeout (--timeout-ms / AEM_CC_TIMEOUT_MS)';
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw invalidInput(`${what} ${show(String(raw))} is not a whole number of milliseconds.`);
  const n = Number(raw);
  if (n < LIMITS.minTimeoutMs || n > LIMITS.maxTimeoutMs)
    throw invalidInput(`${what} is ${n} ms; give a value from ${LIMITS.minTimeoutMs} to ${LIMITS.maxTimeoutMs}.`);
  return n;
}

export function parseLogLevel(raw: unknown): LogLevel {
  if (raw === undefined) return 'info';
  if (typeof raw === 'string' && (LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  throw invalidInput(`the log level (--log-level / AEM_CC_LOG_LEVEL) ${show(String(raw))} is not one of ${LOG_LEVELS.join(', ')}.`);
}

/** What `destroy` was told it owns: `orgId#generation`, or (without drift detection) an org alone. */
export type BindingToken = { orgId: string; generation: number } | { org: OrgRef; generation?: undefined };

export function parseBindingToken(raw: unknown): BindingToken {
  const what = 'the binding token (--binding-token / AEM_CC_BINDING_TOKEN)';
  const value = checkText(what, raw, LIMITS.orgNameLength + 20);
  const m = BINDING_TOKEN_RE.exec(value);
  if (m) return { orgId: m[1], generation: Number(m[2]) };
  if (value.includes('#')) {
    throw invalidInput(
      `${what} ${show(value)} is not of the form <orgId>#<generation>; it is written by the construct, so pass it through unchanged.`,
    );
  }
  return { org: parseOrg(value, what) };
}

export type RemovalPolicy = { kind: 'retain' } | { kind: 'revert'; to: OrgRef };

export function parseRemovalPolicy(policy: unknown, revertTo: unknown): RemovalPolicy {
  const what = 'the removal policy (--removal-policy / AEM_CC_REMOVAL_POLICY)';
  const p = policy === undefined ? (revertTo === undefined ? 'retain' : 'revert') : policy;
  if (p === 'retain') {
    if (revertTo !== undefined) {
      throw invalidInput(
        `${what} is "retain" but --revert-to / AEM_CC_REVERT_TO is also set; these conflict: drop --revert-to, or use --removal-policy revert.`,
      );
    }
    return { kind: 'retain' };
  }
  if (p === 'revert') {
    if (revertTo === undefined)
      throw invalidInput(`${what} is "revert" but no org to revert to was given; set --revert-to / AEM_CC_REVERT_TO to an org id or exact name.`);
    return { kind: 'revert', to: parseOrg(revertTo, 'the org to revert to (--revert-to / AEM_CC_REVERT_TO)') };
  }
  throw invalidInput(`${what} ${show(String(p))} is unknown; use "retain" (default) or "revert" with --revert-to.`);
}
