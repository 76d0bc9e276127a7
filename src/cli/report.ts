/**
 * How a command's outcome reaches the user: one JSON line on stdout, or failures on stderr as
 * `aem-cc: <code>: <message>` lines (redacted) with the exit code their code maps to.
 */
import { EXIT, type ExitCode } from '../contract';
import { AemCcError } from '../errors';
import { redact, registerSecretsFromEnv } from '../log';
import type { Io } from './io';

/** Prints `value` as one JSON line on stdout; exit 0. */
export function printJson(io: Io, value: unknown): ExitCode {
  io.stdout(`${JSON.stringify(value)}\n`);
  return EXIT.ok;
}

/**
 * Prints a failure and gives its exit code: one line per failed check for an `AemCcError` (the first
 * carrying the first code), else a `remote_error` line saying it is a bug or an answer we do not
 * understand (exit 1). Every line is redacted, including the secret values of `io.env`.
 */
export function report(io: Io, e: unknown): ExitCode {
  // Inputs are refused before credentials are read: know the secrets here too, in case one was
  // pasted into the wrong flag, variable or query key and is about to be quoted back.
  registerSecretsFromEnv(io.env);
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
