import { ERROR_EXIT, EXIT, type ErrorCode } from '../../src/contract';
import { AemCcError, combine, invalidInput, isAemCcError } from '../../src/errors';
import { commandBoundMs, main } from '../../src/cli';

// cli.ts finds package.json relative to its compiled place (dist/src); from src/ under ts-jest that
// path is one level too high, so give it the version there.
jest.mock('../../../package.json', () => ({ version: '0.1.0' }), { virtual: true });

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
  test('the code has exactly the contract\'s error codes', () => {
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

describe('commandBoundMs', () => {
  test('is 4x the per-request timeout plus 10 s', () => {
    expect(commandBoundMs(10_000)).toBe(50_000);
    expect(commandBoundMs(100)).toBe(10_400);
    expect(commandBoundMs(300)).toBe(11_200);
    expect(commandBoundMs(120_000)).toBe(490_000);
  });
  test('leaves room for every attempt of a request', () => {
    for (const t of [100, 300, 1000, 10_000]) expect(commandBoundMs(t)).toBeGreaterThan(4 * t);
  });
});

describe('main() maps failures to lines and exit codes (no request needed)', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('AEM_CC_')) delete process.env[k];
  });
  afterAll(() => {
    process.env = saved;
  });

  async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdin: async () => '', env });
    return { code, stdout, stderr };
  }

  test.each([
    [['apply', '--org', 'Contoso'], 'invalid_input', /no author URL/],
    [['apply', '--author-url', 'https://a.example.com'], 'invalid_input', /no org given/],
    [['frobnicate'], 'invalid_input', /unknown command/],
    [[], 'invalid_input', /no command given/],
    [['status', '--author-url', 'https://a.example.com', '--bogus'], 'invalid_input', /unknown option/],
    [['status', '--author-url', 'https://a.example.com', 'extra'], 'invalid_input', /too many arguments|unexpected/i],
    [['apply', '--author-url', 'https://a.example.com', '--org', 'Contoso', '--removal-policy', 'retain'], 'invalid_input', /unknown option '--removal-policy'/],
    [['destroy', '--author-url', 'https://a.example.com'], 'invalid_input', /binding token/],
    [['status', '--author-url', 'https://a.example.com'], 'missing_credentials', /AEM_CC_ACCESS_TOKEN/],
  ])('%j -> %s', async (argv, code, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^aem-cc: ${code}: `));
    expect(lines[0]).toMatch(message);
  });

  test('--version and --help exit 0 on stdout', async () => {
    const v = await run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const argv of [['--help'], ['help'], ['apply', '--help']]) {
      const h = await run(argv);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/apply/);
      expect(h.stderr).toBe('');
    }
  });
});
