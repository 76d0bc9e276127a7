import { ERROR_EXIT, EXIT, type ErrorCode } from '../../src/contract';
import { AemCcError, asAemCcError, combine, invalidInput, isAemCcError } from '../../src/errors';

/** The contract's table (docs/contract.md, "Exit codes and errors"), written out rather than read from the code. */
const CONTRACT: Record<string, number> = {
  invalid_input: 2,
  missing_credentials: 2,
  invalid_credentials: 3,
  not_admin: 3,
  org_not_found: 3,
  org_ambiguous: 3,
  org_not_accessible: 3,
  no_cc_entitlement: 3,
  identity_mismatch: 3,
  org_not_allowed: 3,
  conflict: 4,
  remote_error: 1,
  timeout: 1,
};

describe('error codes and exit codes', () => {
  test("the code has exactly the contract's error codes", () => {
    expect(Object.keys(ERROR_EXIT).sort()).toEqual(Object.keys(CONTRACT).sort());
    expect(EXIT).toEqual({ ok: 0, remote: 1, input: 2, prerequisite: 3, conflict: 4 });
  });

  test.each(Object.entries(CONTRACT))('%s exits %i', (code, exit) => {
    const e = new AemCcError(code as ErrorCode, 'what, checked, fix');
    expect(e.exitCode).toBe(exit);
    expect(e.code).toBe(code);
    expect(isAemCcError(e)).toBe(true);
  });

  test('combine: the first code leads, every failure is kept in order', () => {
    const a = new AemCcError('not_admin', 'a');
    const b = new AemCcError('no_cc_entitlement', 'b');
    const c = new AemCcError('org_not_allowed', 'c');
    const all = combine([a, b, c]);
    expect(all.code).toBe('not_admin');
    expect(all.exitCode).toBe(3);
    expect(all.all().map((e) => [e.code, e.message])).toEqual([
      ['not_admin', 'a'],
      ['no_cc_entitlement', 'b'],
      ['org_not_allowed', 'c'],
    ]);
    expect(() => combine([])).toThrow();
    expect(invalidInput('x').exitCode).toBe(2);
    expect(isAemCcError(new Error('x'))).toBe(false);
  });
});

describe('asAemCcError', () => {
  test('our errors pass through unchanged', () => {
    const e = new AemCcError('conflict', 'x');
    expect(asAemCcError(e)).toBe(e);
  });

  test.each([
    [new TypeError('boom'), 'unexpected failure: boom'],
    ['a string', 'unexpected failure: a string'],
    [undefined, 'unexpected failure: undefined'],
  ])('anything else (%p) becomes remote_error (exit 1) with the original as cause', (thrown, message) => {
    const e = asAemCcError(thrown);
    expect([e.code, e.exitCode, e.message]).toEqual(['remote_error', EXIT.remote, message]);
    expect(e.cause).toBe(thrown);
  });
});

describe('across two copies of the module (the handler and the emulator are bundled apart)', () => {
  /** src/errors as a second, separately loaded copy, as the emulator's bundle has it. */
  function otherCopy(): typeof import('../../src/errors') {
    let copy: typeof import('../../src/errors') | undefined;
    jest.isolateModules(() => {
      copy = require('../../src/errors') as typeof import('../../src/errors');
    });
    return copy!;
  }

  test('an error of the other copy is an AemCcError here, reported with its own code', () => {
    const other = otherCopy();
    expect(other.AemCcError).not.toBe(AemCcError);
    const e = other.invalidInput('port 8181 on 127.0.0.1 is already in use');
    expect(e instanceof AemCcError).toBe(true);
    expect(isAemCcError(e)).toBe(true);
    expect(asAemCcError(e)).toBe(e);
    expect([asAemCcError(e).code, asAemCcError(e).exitCode]).toEqual(['invalid_input', 2]);
  });

  test('anything else is not: a plain Error, an object that only looks like one, null', () => {
    for (const v of [new Error('x'), { code: 'invalid_input', message: 'x' }, null, 'invalid_input']) {
      expect(v instanceof AemCcError).toBe(false);
      expect(asAemCcError(v).code).toBe('remote_error');
    }
  });
});
