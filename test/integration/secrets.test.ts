/**
 * No secret value ever appears in any output: a canary user token and a canary client secret go
 * through every command, at debug level, succeeding and failing, and never show up on stdout or
 * stderr. Neither does the access token minted for the canary client.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FIXTURE, type Fixture } from '../../src/emulator';
import { runCli, tmpDir, type CliResult, expectCode } from '../helpers/cli';
import { ORGS, useEmulator } from '../helpers/emulator';

const CANARY_TOKEN = 'canary-tok-XYZ-7c1d2e9f0a4b';
const CANARY_SECRET = 'canary-secret-QRS-5e6f7a8b9c0d';
const CANARY_CLIENT = 'canary-client-id-0042';
const CANARY_USER = 'CA1A1A1A1A1A1A1A1A1A1A1A@c0ffee.e';
/** The canary client's technical account: IMS issues client-credentials tokens to one. */
const CANARY_TECH = 'CA7EC7EC7EC7EC7EC7EC7EC7@techacct.adobe.com';

function canaryFixture(): Fixture {
  const f = structuredClone(DEFAULT_FIXTURE) as Fixture;
  f.users.push({
    userId: CANARY_USER,
    email: 'canary@contoso.com',
    name: 'Canary Admin',
    accountType: 'type3',
    token: CANARY_TOKEN,
    orgs: [ORGS.dev, ORGS.stage, ORGS.prod, ORGS.nocc],
    entitlements: [ORGS.dev, ORGS.stage, ORGS.prod],
  });
  f.users.push({
    userId: CANARY_TECH,
    email: 'ca7ec7ec@techacct.adobe.com',
    name: 'Canary CI (technical account)',
    orgs: [ORGS.dev, ORGS.stage, ORGS.prod],
    entitlements: [],
  });
  f.clients.push({ clientId: CANARY_CLIENT, clientSecret: CANARY_SECRET, userId: CANARY_TECH });
  for (const e of f.environments) if (e.id !== 'sandbox') e.admins.push(CANARY_USER, CANARY_TECH);
  return f;
}

const emu = useEmulator({ fixture: canaryFixture() });
const outputs: Array<{ what: string; r: CliResult }> = [];
const secrets = () => [CANARY_TOKEN, CANARY_SECRET, CANARY_CLIENT, ...mintedTokens];
const mintedTokens: string[] = [];

function expectClean(what: string, r: CliResult) {
  outputs.push({ what, r });
  for (const s of secrets()) {
    expect({ what, stdoutHas: r.stdout.includes(s), stderrHas: r.stderr.includes(s) }).toEqual({ what, stdoutHas: false, stderrHas: false });
  }
  // a redaction marker instead, where a secret would have been: proof the debug path ran
  return r;
}

const author = (env: string) => emu.authorUrl(env);
const userEnv = (extra: Record<string, string> = {}) => emu.userEnv(CANARY_TOKEN, { AEM_CC_LOG_LEVEL: 'debug', ...extra });

describe('user token canary', () => {
  test.each([
    ['orgs', (_a: (e: string) => string) => ['orgs', '--json'], 0],
    ['check ok', (a: (e: string) => string) => ['check', '--author-url', a('dev'), '--org', ORGS.dev], 0],
    ['apply switches', (a: (e: string) => string) => ['apply', '--author-url', a('dev'), '--org', 'Contoso Creative (Dev)', '--json'], 0],
    ['status', (a: (e: string) => string) => ['status', '--author-url', a('prod'), '--org', ORGS.prod], 0],
    [
      'destroy revert',
      (a: (e: string) => string) => ['destroy', '--author-url', a('prod'), '--binding-token', `${ORGS.prod}#7`, '--revert-to', ORGS.stage],
      0,
    ],
    ['no_cc_entitlement', (a: (e: string) => string) => ['apply', '--author-url', a('dev'), '--org', ORGS.nocc], 3],
    ['not_admin (sandbox)', (a: (e: string) => string) => ['apply', '--author-url', a('sandbox'), '--org', ORGS.dev], 3],
    ['org_not_found', (a: (e: string) => string) => ['apply', '--author-url', a('dev'), '--org', 'Contoso'], 3],
    ['invalid_input', (a: (e: string) => string) => ['apply', '--author-url', a('dev'), '--org', 'c0ffee@AdobeOrg'], 2],
    ['remote_error (404)', (a: (e: string) => string) => ['apply', '--author-url', a('nowhere'), '--org', ORGS.dev], 1],
  ] as const)('%s', async (what, args, exit) => {
    const r = expectClean(what, await runCli([...args(author)], { env: userEnv() }));
    expectCode(r, exit);
    expect(r.stderr).toMatch(/aem-cc \[debug\] -> GET|aem-cc: invalid_input/);
  });

  test('read', async () => {
    const r = expectClean(
      'read',
      await runCli(['read'], { env: userEnv(), stdin: JSON.stringify({ author_url: author('stage'), org: ORGS.stage, log_level: 'debug' }) }),
    );
    expectCode(r, 0);
  });

  test('faults at debug level (retries, lost write, persistent failure, timeout)', async () => {
    await emu.setFaults('orgs:429,profile:reset,binding-put:reset');
    const a = expectClean(
      'faults apply',
      await runCli(['apply', '--author-url', author('dev'), '--org', ORGS.dev, '--timeout-ms', '300'], { env: userEnv() }),
    );
    expectCode(a, 0);
    await emu.setFaults('binding-get:500x10');
    expectCode(expectClean('persistent', await runCli(['status', '--author-url', author('dev'), '--timeout-ms', '300'], { env: userEnv() })), 1);
    await emu.setFaults('orgs:slowx10');
    expectCode(expectClean('timeout', await runCli(['orgs', '--timeout-ms', '200'], { env: userEnv() })), 1);
    await emu.setFaults('profile:malformedx10');
    expectCode(expectClean('malformed', await runCli(['orgs'], { env: userEnv() })), 1);
  });

  test('a badly shaped token is refused without showing it', async () => {
    const r = expectClean(
      'token with newline',
      await runCli(['status', '--author-url', author('dev')], { env: userEnv({ AEM_CC_ACCESS_TOKEN: `${CANARY_TOKEN}\n` }) }),
    );
    expectCode(r, 2);
    expect(r.stderr).toMatch(/value not shown/);
    const both = expectClean(
      'token and half of the client credentials',
      await runCli(['status', '--author-url', author('dev')], { env: userEnv({ AEM_CC_CLIENT_SECRET: CANARY_SECRET }) }),
    );
    expectCode(both, 2);
  });

  test('a secret pasted into a flag or the read query is not echoed back', async () => {
    const r = expectClean('token as org', await runCli(['apply', '--author-url', author('dev'), '--org', CANARY_TOKEN], { env: userEnv() }));
    expectCode(r, 3);
    const q = expectClean(
      'token in query',
      await runCli(['read'], { env: userEnv(), stdin: JSON.stringify({ author_url: author('dev'), org: ORGS.dev, timeout_ms: CANARY_TOKEN }) }),
    );
    expectCode(q, 2);
    expect(q.stderr).toMatch(/\[REDACTED\]/);
    await emu.reset();
    for (const args of [
      ['status', '--author-url', author('dev'), `--access-token=${CANARY_TOKEN}`],
      ['status', '--author-url', author('dev'), CANARY_TOKEN],
      [CANARY_TOKEN],
      ['status', '--author-url', author('dev'), '--timeout-ms', CANARY_TOKEN],
      ['destroy', '--author-url', author('dev'), '--binding-token', `${CANARY_TOKEN}#1`],
    ]) {
      const c = expectClean(`misplaced: ${args.join(' ')}`, await runCli(args, { env: userEnv() }));
      expectCode(c, 2);
    }
    expect(await emu.requests()).toEqual([]);
  });
});

describe('client secret canary', () => {
  const clientEnv = (cacheDir: string, extra: Record<string, string> = {}) => ({
    AEM_CC_CLIENT_ID: CANARY_CLIENT,
    AEM_CC_CLIENT_SECRET: CANARY_SECRET,
    AEM_CC_IMS_ENDPOINT: emu.url,
    AEM_CC_LOG_LEVEL: 'debug',
    AEM_CC_CACHE_DIR: cacheDir,
    ...extra,
  });

  test('read, status, a refused switch, failures, and a switch beside a user token: neither the secret nor the minted token shows', async () => {
    const cacheDir = path.join(tmpDir(), 'cache');
    const a = await runCli(['read'], { env: clientEnv(cacheDir), stdin: JSON.stringify({ author_url: author('stage'), org: ORGS.stage }) });
    expectCode(a, 0);
    // the token the emulator minted for the canary client, read from the cache
    const [file] = fs.readdirSync(cacheDir);
    mintedTokens.push(JSON.parse(fs.readFileSync(path.join(cacheDir, file), 'utf8')).accessToken);
    expect(mintedTokens[0].split('.')).toHaveLength(3);
    expectClean('client read', a);
    expect(a.stderr).toMatch(/\[REDACTED\]/); // the token request body was logged, redacted

    expectCode(expectClean('client status', await runCli(['status', '--author-url', author('stage')], { env: clientEnv(cacheDir) })), 0);
    const refused = expectClean(
      'client apply refused (a technical account)',
      await runCli(['apply', '--author-url', author('stage'), '--org', ORGS.stage], { env: clientEnv(cacheDir) }),
    );
    expectCode(refused, 3);
    expect(refused.stderr).toMatch(/aem-cc: identity_mismatch: /);
    const both = expectClean(
      'client and user: apply switches with the user token',
      await runCli(['apply', '--author-url', author('stage'), '--org', ORGS.stage, '--json'], {
        env: clientEnv(cacheDir, { AEM_CC_ACCESS_TOKEN: CANARY_TOKEN }),
      }),
    );
    expectCode(both, 0);
    await emu.setFaults('binding-get:500x10');
    expectCode(
      expectClean(
        'client remote error',
        await runCli(['status', '--author-url', author('dev'), '--timeout-ms', '300'], { env: clientEnv(cacheDir) }),
      ),
      1,
    );
  });

  test('a fresh token request under faults, and a refused secret', async () => {
    await emu.setFaults('token:500,token:reset');
    const cacheDir = path.join(tmpDir(), 'cache');
    expectCode(expectClean('token faults', await runCli(['orgs', '--timeout-ms', '300'], { env: clientEnv(cacheDir) })), 0);
    const bad = expectClean(
      'wrong secret',
      await runCli(['orgs'], { env: clientEnv(path.join(tmpDir(), 'c2'), { AEM_CC_CLIENT_SECRET: `${CANARY_SECRET}-wrong` }) }),
    );
    expectCode(bad, 3);
    expect(bad.stderr).toMatch(/aem-cc: invalid_credentials: /);
    const half = expectClean(
      'secret alone',
      await runCli(['orgs'], { env: { AEM_CC_CLIENT_SECRET: CANARY_SECRET, AEM_CC_IMS_ENDPOINT: emu.url, AEM_CC_LOG_LEVEL: 'debug' } }),
    );
    expectCode(half, 2);
  });
});

// Last in the file, so it sees every run above (jest runs a file's tests in order): the token minted
// for the canary client is known only once a run has cached it, after some outputs were checked.
test('every output above, checked again against every secret known by now (the minted token included)', () => {
  for (const { what, r } of outputs)
    for (const s of secrets()) expect({ what, leaked: `${r.stdout}${r.stderr}`.includes(s) }).toEqual({ what, leaked: false });
});
