/**
 * Logging to stderr with levels and redaction. Every line the handler writes for people (logs,
 * errors and stdout) goes through `redact`, and every user value quoted in a message through
 * `show`, so a secret cannot reach a terminal, a CI log or a Terraform plan even at debug level,
 * whatever code path produced the text, and however the value was cut or escaped on the way.
 */
import { LogLevel, SECRET_ENV } from './contract';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const MASK = '[REDACTED]';
/**
 * The shortest run of a secret that is masked wherever it appears. A value is shown cut, escaped
 * or re-encoded (a URL's path, a host name in lower case) more often than whole: masking every run
 * this long means no recognisable part of a secret survives any of that.
 */
export const SECRET_RUN = 12;

/** Secret values known to this process: the credential env vars and any token obtained at run time. */
const secrets = new Set<string>();
/** Every SECRET_RUN-long run of every secret (raw, JSON-escaped and percent-encoded), ASCII letters in lower case. */
const runs = new Set<string>();

/** ASCII letters to lower case, nothing else: keeps string length (and so indexes) unchanged. */
function fold(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The forms in which a secret may reach an output: as is, JSON-escaped, percent-encoded. */
function forms(value: string): string[] {
  const out = new Set([value, JSON.stringify(value).slice(1, -1)]);
  try {
    out.add(encodeURIComponent(value));
  } catch {
    /* a lone surrogate cannot be percent-encoded: the other forms stand */
  }
  return [...out];
}

/**
 * Makes `value` a secret for `redact()`, from now on. Values shorter than 6 characters are ignored
 * (they would mask ordinary words); real tokens and secrets are long.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6 || secrets.has(value)) return;
  secrets.add(value);
  for (const form of forms(value)) {
    const f = fold(form);
    for (let i = 0; i + SECRET_RUN <= f.length; i++) runs.add(f.slice(i, i + SECRET_RUN));
  }
}

export function registerSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of SECRET_ENV) registerSecret(env[name]);
}

const PATTERNS: Array<[RegExp, string]> = [
  [/(authorization\s*[:=]\s*)(bearer\s+)?[^\s,;"']+/gi, `$1$2${MASK}`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${MASK}`],
  [/((?:client_secret|access_token|refresh_token|token|code|password)=)[^&\s"']+/gi, `$1${MASK}`],
  [/("(?:client_secret|access_token|refresh_token|token|password)"\s*:\s*")[^"]*"/gi, `$1${MASK}"`],
];

/** Masks every run of a registered secret that is SECRET_RUN long, letter case aside. */
function maskRuns(text: string): string {
  if (runs.size === 0 || text.length < SECRET_RUN) return text;
  const f = fold(text);
  const hit = new Uint8Array(text.length);
  let any = false;
  for (let i = 0; i + SECRET_RUN <= f.length; i++) {
    if (runs.has(f.slice(i, i + SECRET_RUN))) {
      hit.fill(1, i, i + SECRET_RUN);
      any = true;
    }
  }
  if (!any) return text;
  let out = '';
  for (let i = 0; i < text.length;) {
    if (!hit[i]) {
      out += text[i++];
      continue;
    }
    // never leave half of a surrogate pair on either side of the mask
    if (out.length && /[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
    while (i < text.length && hit[i]) i++;
    if (i < text.length && /[\uDC00-\uDFFF]/.test(text[i])) i++;
    out += MASK;
  }
  return out;
}

/**
 * The text with every registered secret masked: whole, JSON-escaped or percent-encoded, and any
 * SECRET_RUN-long run of them (a cut, re-escaped or re-cased part). For data the handler prints
 * (stdout, JSON values), where credential-shaped fields such as `"token"` are legitimate.
 */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of secrets) for (const form of forms(s)) out = out.split(form).join(MASK);
  return maskRuns(out);
}

/**
 * `redactSecrets`, then credentials by shape (`Authorization` headers, bearer tokens, form and
 * JSON fields), for messages and logs. Every line the handler writes to stderr passes through here.
 */
export function redact(text: string): string {
  let out = redactSecrets(text);
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

/**
 * A user value as messages show it: redacted first, on the raw value, then cut to 80 characters
 * and quoted with control characters escaped. In that order, so that neither the cut nor the
 * escaping can hide a secret from redaction.
 */
export function show(value: string): string {
  const safe = redact(value);
  const cut = safe.length > 80 ? `${safe.slice(0, 77)}...` : safe;
  return JSON.stringify(cut);
}

export interface Logger {
  level: LogLevel;
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (at: LogLevel, msg: string) => {
    if (ORDER[at] <= ORDER[logger.level]) write(`aem-cc [${at}] ${redact(msg)}\n`);
  };
  const logger: Logger = {
    level,
    error: (m) => emit('error', m),
    warn: (m) => emit('warn', m),
    info: (m) => emit('info', m),
    debug: (m) => emit('debug', m),
  };
  return logger;
}

/** A logger that drops everything: for library use and unit tests. */
export const silentLogger: Logger = createLogger('error', () => undefined);
