/**
 * How a command's outcome reaches the user: one JSON line on stdout, or failures on stderr as
 * `aem-cc: <code>: <message>` lines (redacted) with the exit code their code maps to.
 */
import { EXIT, type ExitCode } from '../contract';
import { AemCcError } from '../errors';
import { redact, redactSecrets } from '../log';
import type { Io } from './io';

/** Prints `value` as one JSON line on stdout; exit 0. */
export function printJson(io: Io, value: unknown): ExitCode {
  // Each string is redacted before it is quoted: masking the JSON text afterwards could split an escape.
  io.stdout(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redactSecrets(v) : v))}\n`);
  return EXIT.ok;
}

/**
 * Prints a failure and gives its exit code: one line per failed check for an `AemCcError` (the first
 * carrying the first code), else a `remote_error` line saying it is a bug or an answer we do not
 * understand (exit 1). Every line is redacted, including the secret values of `io.env`, which main()
 * registered before parsing anything.
 */
export function report(io: Io, e: unknown): ExitCode {
  // The secrets were registered by main() before any input was parsed.
  if (e instanceof AemCcError) {
    for (const err of e.all()) io.stderr(redact(`aem-cc: ${err.code}: ${err.message}\n`));
    return e.exitCode;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr(
    redact(
      `aem-cc: remote_error: unexpected failure: ${msg}. This is a bug in aem-cc or an answer it does not understand; ` +
        `run again with --log-level debug and report it.\n`,
    ),
  );
  return EXIT.remote;
}
