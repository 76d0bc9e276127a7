/**
 * The router in-process: `main(argv, io)` maps failures to `aem-cc: <code>:` lines and exit codes, reads
 * the environment only from `io.env` (an empty variable counts as unset), and answers --version and
 * --help. Nothing here sends a request.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../../../src/contract';
import { main } from '../../../src/cli';
import { commandBoundMs } from '../../../src/cli/context';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdin: async () => stdin, env });
  return { code, stdout, stderr };
}

/** The one `aem-cc: <code>: ` line a refusal printed. */
function refusal(r: { code: number; stdout: string; stderr: string }) {
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('failures become lines and exit codes (no request needed)', () => {
  test.each([
    [['apply', '--org', 'Contoso'], 'invalid_input', /no author URL/],
    [['apply', '--author-url', 'https://a.example.com'], 'invalid_input', /no org given/],
    [['frobnicate'], 'invalid_input', /unknown command/],
    [[], 'invalid_input', /no command given/],
    [['status', '--author-url', 'https://a.example.com', '--bogus'], 'invalid_input', /unknown option/],
    [['status', '--author-url', 'https://a.example.com', 'extra'], 'invalid_input', /too many arguments|unexpected/i],
    [
      ['apply', '--author-url', 'https://a.example.com', '--org', 'Contoso', '--removal-policy', 'retain'],
      'invalid_input',
      /unknown option '--removal-policy'/,
    ],
    [['destroy', '--author-url', 'https://a.example.com'], 'invalid_input', /binding token/],
    [['status', '--author-url', 'https://a.example.com'], 'missing_credentials', /AEM_CC_ACCESS_TOKEN/],
    [['read'], 'invalid_input', /not JSON/],
    [['emulator', '--port', '70000'], 'invalid_input', /--port "70000" is not a whole number from 0 to 65535/],
  ])('%j -> %s', async (argv, code, message) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.input);
    const line = refusal(r);
    expect(line).toMatch(new RegExp(`^aem-cc: ${code}: `));
    expect(line).toMatch(message);
  });

  test('the first bad input is the one reported: the log level is checked before the author URL', async () => {
    const line = refusal(await run(['apply', '--log-level', 'loud', '--author-url', 'ftp://x', '--org', '@']));
    expect(line).toMatch(/^aem-cc: invalid_input: the log level/);
  });
});

describe('the environment comes from io.env only', () => {
  const NAME = 'AEM_CC_AUTHOR_URL';
  const saved = process.env[NAME];
  afterEach(() => {
    if (saved === undefined) delete process.env[NAME];
    else process.env[NAME] = saved;
  });

  test('a variable in process.env but not in io.env is not read', async () => {
    process.env[NAME] = 'https://from-process-env.example.com';
    expect(refusal(await run(['apply', '--org', 'Contoso'], {}))).toMatch(/no author URL given/);
  });

  test('a variable in io.env is read like its flag', async () => {
    const line = refusal(await run(['apply', '--org', 'Contoso'], { [NAME]: 'http://example.com' }));
    expect(line).toMatch(/^aem-cc: invalid_input: the author URL .* "http:\/\/example.com" uses http on a non-loopback host/);
  });

  test('a flag wins over its variable', async () => {
    const line = refusal(await run(['apply', '--org', 'Contoso', '--author-url', 'ftp://flag.example.com'], { [NAME]: 'http://example.com' }));
    expect(line).toContain('"ftp://flag.example.com"');
  });

  test('an empty variable counts as unset, and neither io.env nor process.env is changed', async () => {
    process.env[NAME] = '';
    const env = { [NAME]: '', AEM_CC_ORG: 'Contoso' };
    expect(refusal(await run(['apply'], env))).toMatch(/no author URL given/);
    expect(env).toEqual({ [NAME]: '', AEM_CC_ORG: 'Contoso' });
    expect(process.env[NAME]).toBe('');
  });

  test('read: a query key wins over its variable, which fills in an absent key', async () => {
    const env = { AEM_CC_ORG: 'Contoso', AEM_CC_AUTHOR_URL: 'https://a.example.com', AEM_CC_LOG_LEVEL: 'loud' };
    expect(refusal(await run(['read'], env, JSON.stringify({ log_level: 'verbose' })))).toMatch(/log level .* "verbose"/);
    expect(refusal(await run(['read'], env, '{}'))).toMatch(/log level .* "loud"/);
  });
});

describe('--version and --help', () => {
  test("--version prints the version of the package root's package.json, exit 0", async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const argv of [['--version'], ['-V']]) expect(await run(argv)).toEqual({ code: EXIT.ok, stdout: `${pkg.version}\n`, stderr: '' });
  });

  test.each([[['--help']], [['help']], [['apply', '--help']]])('%j prints help on stdout, exit 0', async (argv) => {
    const r = await run(argv);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^Usage: aem-cc /);
    expect(r.stdout).toMatch(/apply/);
    expect(r.stderr).toBe('');
  });

  test('each flag names its variable in the help, as commander would', async () => {
    const r = await run(['destroy', '--help']);
    expect(r.stdout).toMatch(/--binding-token <token>\s+orgId#generation this instance owns \(env:\s+AEM_CC_BINDING_TOKEN\)/);
    expect(r.stdout).toMatch(/--revert-to <org>[\s\S]*\(env:\s+AEM_CC_REVERT_TO\)/);
  });
});

test('commandBoundMs is 4x the per-request timeout plus 10 s', () => {
  expect([100, 300, 10_000, 120_000].map(commandBoundMs)).toEqual([10_400, 11_200, 50_000, 490_000]);
});

describe("the engine's calls (a verb alone, inputs in the environment) skip commander", () => {
  test("every flag's key is the name commander gives its option", () => {
    const { Option } = require('commander') as typeof import('commander');
    const { FLAGS } = require('../../../src/cli/options') as typeof import('../../../src/cli/options');
    for (const flag of Object.values(FLAGS))
      expect({ flags: flag.flags, key: new Option(flag.flags).attributeName() }).toEqual({ flags: flag.flags, key: flag.key });
  });

  test.each([
    ['apply', { AEM_CC_AUTHOR_URL: 'https://author-p1-e2.adobeaemcloud.com' }, 'invalid_input', /no org given/],
    ['apply', { AEM_CC_AUTHOR_URL: 'ftp://x', AEM_CC_ORG: 'Contoso' }, 'invalid_input', /the author URL/],
    ['destroy', { AEM_CC_AUTHOR_URL: 'https://author-p1-e2.adobeaemcloud.com' }, 'invalid_input', /binding token/],
    ['destroy', { AEM_CC_AUTHOR_URL: 'https://a.example.com', AEM_CC_BINDING_TOKEN: 'x#1' }, 'invalid_input', /binding token/],
  ])(
    '%s with %j: the same refusal as through commander (with an unrelated flag that forces the commander path)',
    async (verb, env, code, message) => {
      const direct = await run([verb], env);
      // --log-level info changes nothing but makes the command line go through commander.
      const viaCommander = await run([verb, '--log-level', 'info'], env);
      expect(direct).toEqual(viaCommander);
      expect(direct.code).toBe(EXIT.input);
      expect(refusal(direct)).toMatch(new RegExp(`^aem-cc: ${code}: .*${message.source}`));
    },
  );

  test('an engine verb with anything else goes through commander: flags, help and unknown options work', async () => {
    expect((await run(['read', '--help'])).code).toBe(EXIT.ok);
    expect(refusal(await run(['apply', '--bogus']))).toMatch(/^aem-cc: invalid_input: unknown option '--bogus'/);
  });
});
