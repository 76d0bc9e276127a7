/**
 * Typed errors with stable codes. Every error a user can hit says what was wrong, what was checked
 * and what to do; the CLI turns the code into the exit code from the contract.
 */
import { ERROR_EXIT, ErrorCode, ExitCode } from './contract';

/**
 * Marks an AemCcError from any copy of this module. The handler and the emulator are bundled apart
 * (scripts/bundle-handler.js), each with its own copy of this class, and the handler's `aem-cc emulator`
 * must still report the emulator's errors as what they are (e.g. a port in use: `invalid_input`, exit 2).
 */
const BRAND = Symbol.for('cdktf-aem-creative-cloud/AemCcError');

export class AemCcError extends Error {
  /** `instanceof` by brand, so that it holds across the two bundles (see BRAND). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  readonly code: ErrorCode;
  /** Further failed checks reported together with this one (prerequisites), each with its own code. */
  readonly related: readonly AemCcError[];

  /**
   * @param related further failed checks, reported after this one
   * @param options `cause`: the error this one reports (kept for debugging; never printed)
   */
  constructor(code: ErrorCode, message: string, related: readonly AemCcError[] = [], options: ErrorOptions = {}) {
    super(message, options);
    this.name = 'AemCcError';
    this.code = code;
    this.related = related;
    Object.defineProperty(this, BRAND, { value: true });
  }

  get exitCode(): ExitCode {
    return ERROR_EXIT[this.code];
  }

  /** All failures in report order: this one first, then the related ones. */
  all(): AemCcError[] {
    return [this, ...this.related];
  }
}

/** Several failed prerequisites at once: the first one's code leads, every one gets its own line. */
export function combine(errors: AemCcError[]): AemCcError {
  if (errors.length === 0) throw new Error('combine() needs at least one error');
  const [first, ...rest] = errors;
  return new AemCcError(first.code, first.message, rest);
}

export function invalidInput(message: string): AemCcError {
  return new AemCcError('invalid_input', message);
}

export function isAemCcError(e: unknown): e is AemCcError {
  return e instanceof AemCcError;
}

/**
 * Any failure as an `AemCcError`: itself when it is one, else a `remote_error` (exit 1) that quotes it
 * and keeps it as `cause`. For failures we did not anticipate: a bug, or an answer we do not understand.
 */
export function asAemCcError(e: unknown): AemCcError {
  if (e instanceof AemCcError) return e;
  return new AemCcError('remote_error', `unexpected failure: ${(e as Error | undefined)?.message ?? String(e)}`, [], { cause: e });
}
