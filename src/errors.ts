/**
 * Typed errors with stable codes. Every error a user can hit says what was wrong, what was checked
 * and what to do; the CLI turns the code into the exit code from the contract.
 */
import { ERROR_EXIT, ErrorCode, ExitCode } from './contract';

export class AemCcError extends Error {
  readonly code: ErrorCode;
  /** Further failed checks reported together with this one (prerequisites), each with its own code. */
  readonly related: readonly AemCcError[];

  constructor(code: ErrorCode, message: string, related: readonly AemCcError[] = []) {
    super(message);
    this.name = 'AemCcError';
    this.code = code;
    this.related = related;
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
