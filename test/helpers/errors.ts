/** Catching the `AemCcError` a call must fail with, so a test can assert its code, exit code and message. */
import { AemCcError } from '../../src/errors';

/** Runs `fn` and returns the AemCcError it threw; fails the test when it threw nothing or something else. */
export function thrownBy(fn: () => unknown): AemCcError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AemCcError);
    return e as AemCcError;
  }
  throw new Error('expected an AemCcError, got none');
}

/** The AemCcError a promise rejected with; fails the test when it resolved or rejected with something else. */
export async function rejectionOf(p: Promise<unknown>): Promise<AemCcError> {
  const outcome = await p.then(
    (value) => ({ resolved: true as const, value }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(AemCcError);
  return outcome.error as AemCcError;
}
