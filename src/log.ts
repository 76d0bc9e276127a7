/**
 * Logging to stderr with levels and redaction. Every line the handler writes for people (logs and
 * errors) goes through `redact`, so a secret cannot reach a terminal, a CI log or a Terraform plan
 * even at debug level, whatever code path produced the text.
 */
import { LogLevel, SECRET_ENV } from './contract';

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
const MASK = '[REDACTED]';

/** Secret values known to this process: the credential env vars and any token obtained at run time. */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real tokens and secrets are long.
  if (value && value.length >= 6) secrets.add(value);
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

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join(MASK);
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
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
