/**
 * Every row of the lifecycle table, at handler level: the real CLI as a child process against the
 * in-process emulator, asserting exit codes, JSON answers, the emulator's state and its request log.
 */
import { describeRun, errorLines, json, runCli, expectCode, expectErrors } from '../helpers/cli';
import { expectRequests, ORGS, prerequisiteReads, REQ, useEmulator, USERS } from '../helpers/emulator';

const emu = useEmulator();

async function cli(args: string[], opts: { env?: Record<string, string>; stdin?: string } = {}) {
  return runCli(args, { env: opts.env ?? emu.userEnv(), stdin: opts.stdin });
}
function apply(env: string, org: string, extra: string[] = []) {
  return cli(['apply', '--author-url', emu.authorUrl(env), '--org', org, '--json', ...extra]);
}
function read(env: string, org: string, extra: Record<string, string> = {}) {
  return cli(['read'], { stdin: JSON.stringify({ author_url: emu.authorUrl(env), org, ...extra }) });
}
function destroy(env: string, token: string, extra: string[]) {
  return cli(['destroy', '--author-url', emu.authorUrl(env), '--binding-token', token, '--json', ...extra]);
}

describe('apply', () => {
  test('first apply switches: exit 0, the JSON answer, generation + 1, five requests: four reads in parallel, then the write', async () => {
    const r = await apply('dev', ORGS.dev);
    expectCode(r, 0);
    expect(json(r)).toEqual({ orgId: ORGS.dev, orgName: 'Contoso Creative (Dev)', previousOrgId: null, generation: 2, changed: true });
    const s = await emu.state();
    expect(s.environments.dev).toEqual({ orgId: ORGS.dev, orgName: 'Contoso Creative (Dev)', generation: 2 });
    // nothing else moved
    expect(s.environments.prod).toEqual({ orgId: ORGS.prod, orgName: 'Contoso Creative (Prod)', generation: 7 });
    expectRequests(s.requests, [prerequisiteReads('dev'), REQ.bindingPut('dev')]);
  });

  test('second apply makes no PUT and answers changed:false: the four reads only', async () => {
    expectCode(await apply('dev', ORGS.dev), 0);
    await emu.reset();
    await emu.switchByHand('dev', ORGS.dev); // same state as after the first apply, fresh log
    const r = await apply('dev', ORGS.dev);
    expectCode(r, 0);
    expect(json(r)).toEqual({ orgId: ORGS.dev, orgName: 'Contoso Creative (Dev)', previousOrgId: ORGS.dev, generation: 2, changed: false });
    const s = await emu.state();
    expectRequests(s.requests, [prerequisiteReads('dev')]);
    expect(s.environments.dev.generation).toBe(2);
  });

  test('adopting an environment already bound to the desired org: no switch (prod)', async () => {
    const r = await apply('prod', 'Contoso Creative (Prod)');
    expect(json(r)).toMatchObject({ orgId: ORGS.prod, changed: false, generation: 7 });
    expectRequests(await emu.requests(), [prerequisiteReads('prod')]);
  });

  test('apply by exact name, text output', async () => {
    const r = await cli(['apply', '--author-url', emu.authorUrl('stage'), '--org', 'Contoso Creative (Stage)']);
    expectCode(r, 0);
    expect(r.stdout).toMatch(
      /^switched .*\/env\/stage to Contoso Creative \(Stage\) \(C0FFEE0000000000000057A6@AdobeOrg\), generation 4; was C0FFEE00000000000000AC01@AdobeOrg\n$/,
    );
    expect((await emu.state()).environments.stage).toMatchObject({ orgId: ORGS.stage, generation: 4 });
  });

  test('inputs from the environment work like flags, and flags win', async () => {
    const env = emu.userEnv(undefined, { AEM_CC_AUTHOR_URL: emu.authorUrl('dev'), AEM_CC_ORG: ORGS.prod });
    const r = await runCli(['apply', '--json'], { env });
    expect(json(r)).toMatchObject({ orgId: ORGS.prod, changed: true });
    const r2 = await runCli(['apply', '--json', '--org', ORGS.dev], { env });
    expect(json(r2)).toMatchObject({ orgId: ORGS.dev, previousOrgId: ORGS.prod, changed: true, generation: 3 });
  });

  test('client credentials alone: one token request and the four reads, then identity_mismatch naming the fix; no write', async () => {
    const r = await runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json'], { env: emu.clientEnv() });
    const [line] = expectErrors(r, 3, ['identity_mismatch']);
    expect(line.message).toMatch(/technical account of the client credentials in AEM_CC_CLIENT_ID .* cannot switch the Creative Cloud org/);
    expect(line.message).toMatch(/Set AEM_CC_ACCESS_TOKEN to an IMS access token of a user/);
    expectRequests(await emu.requests(), [REQ.token(), prerequisiteReads('dev')]);
    expect((await emu.state()).environments.dev).toMatchObject({ orgId: null, generation: 1 });
  });

  test('client credentials beside a user token: the apply acts with the user token, and switches', async () => {
    const env = emu.clientEnv({ AEM_CC_ACCESS_TOKEN: USERS.ana.token });
    const r = await runCli(['apply', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json'], { env });
    expect(json(r)).toMatchObject({ orgId: ORGS.dev, changed: true });
    const log = await emu.requests();
    expectRequests(log, [prerequisiteReads('dev'), REQ.bindingPut('dev')]);
    expect(new Set(log.map((q) => q.userId))).toEqual(new Set([USERS.ana.userId]));
  });
});

describe('read (Terraform external-program protocol)', () => {
  /** The answer's keys, in the order the rows below give their values. */
  const KEYS = ['org_id', 'org_name', 'generation', 'in_sync', 'token', 'desired_org_id', 'desired_org_name'];

  test.each([
    [
      'not in sync: the token predicts desired#(generation + 1)',
      'stage',
      'Contoso Creative (Stage)',
      [ORGS.nocc, 'Contoso Marketing', '3', 'false', `${ORGS.stage}#4`, ORGS.stage, 'Contoso Creative (Stage)'],
    ],
    [
      'in sync: the token is desired#generation',
      'prod',
      ORGS.prod,
      [ORGS.prod, 'Contoso Creative (Prod)', '7', 'true', `${ORGS.prod}#7`, ORGS.prod, 'Contoso Creative (Prod)'],
    ],
    ['an unbound environment reads as empty strings', 'dev', ORGS.dev, ['', '', '1', 'false', `${ORGS.dev}#2`, ORGS.dev, 'Contoso Creative (Dev)']],
  ])('%s; every value a string; two reads in parallel', async (_what, env, org, values) => {
    const r = await read(env, org);
    expectCode(r, 0);
    expect(json(r)).toEqual(Object.fromEntries(KEYS.map((k, i) => [k, values[i]])));
    expectRequests(await emu.requests(), [[REQ.bindingGet(env), REQ.orgs()]]);
  });

  test('the predicted token is exactly what apply leaves behind', async () => {
    for (const [env, org] of [
      ['dev', ORGS.dev],
      ['stage', ORGS.stage],
      ['prod', ORGS.prod],
      ['sandbox', ORGS.prod],
    ] as const) {
      const predicted = json(await read(env, org)).token;
      const applied = json(await apply(env, org));
      expect(`${applied.orgId}#${applied.generation}`).toBe(predicted);
      // and the next plan is clean
      expect(json(await read(env, org))).toMatchObject({ in_sync: 'true', token: predicted });
    }
  });

  test('read honours allowed_orgs from the query', async () => {
    const r = await read('prod', ORGS.prod, { allowed_orgs: ORGS.dev });
    expectCode(r, 3);
    expect(errorLines(r.stderr)[0].code).toBe('org_not_allowed');
  });
});

describe('drift', () => {
  test('an out-of-band switch shows in read, and apply switches it back', async () => {
    expectCode(await apply('dev', ORGS.dev), 0); // generation 2
    await emu.switchByHand('dev', ORGS.stage); // generation 3, by hand in the UI
    const plan = json(await read('dev', ORGS.dev));
    expect(plan).toMatchObject({ org_id: ORGS.stage, generation: '3', in_sync: 'false', token: `${ORGS.dev}#4` });
    const r = await apply('dev', ORGS.dev);
    expect(json(r)).toEqual({ orgId: ORGS.dev, orgName: 'Contoso Creative (Dev)', previousOrgId: ORGS.stage, generation: 4, changed: true });
    expect(json(await read('dev', ORGS.dev))).toMatchObject({ in_sync: 'true', token: plan.token });
  });

  test("desired changes Y to Z: switch to Z, then the old instance's destroy does nothing", async () => {
    const oldToken = json(await read('dev', ORGS.dev)).token; // dev#2
    expect(json(await apply('dev', ORGS.dev))).toMatchObject({ generation: 2 });
    const newToken = json(await read('dev', ORGS.prod)).token; // prod#3
    expect(json(await apply('dev', ORGS.prod))).toMatchObject({ orgId: ORGS.prod, generation: 3 });
    await emu.reset();
    await emu.switchByHand('dev', ORGS.dev);
    await emu.switchByHand('dev', ORGS.prod); // same state (prod#3), clean log
    const d = await destroy('dev', oldToken, ['--removal-policy', 'revert', '--revert-to', ORGS.stage]);
    expectCode(d, 0);
    expect(json(d)).toEqual({ action: 'skipped', orgId: ORGS.prod, generation: 3 });
    expectRequests(await emu.requests(), [REQ.bindingGet('dev')]);
    expect(newToken).toBe(`${ORGS.prod}#3`);
  });
});

describe('destroy', () => {
  test('retain makes zero requests and needs no credentials', async () => {
    const r = await runCli(['destroy', '--author-url', emu.authorUrl('prod'), '--binding-token', `${ORGS.prod}#7`, '--json'], { env: {} });
    expectCode(r, 0);
    expect(json(r)).toEqual({ action: 'retained', orgId: ORGS.prod, generation: 7 });
    const r2 = await cli(['destroy', '--author-url', emu.authorUrl('prod'), '--binding-token', `${ORGS.prod}#7`, '--removal-policy', 'retain']);
    expectCode(r2, 0);
    expect(r2.stdout).toMatch(/^retained: /);
    expect(await emu.requests()).toEqual([]);
    expect((await emu.state()).environments.prod.generation).toBe(7);
  });

  test('revert with the matching token reverts', async () => {
    const t = json(await apply('prod', ORGS.dev)); // prod: prod#7 -> dev#8
    expect(t).toMatchObject({ orgId: ORGS.dev, generation: 8 });
    await emu.reset();
    await emu.switchByHand('prod', ORGS.dev); // dev#8 again, clean log
    const r = await destroy('prod', `${ORGS.dev}#8`, ['--removal-policy', 'revert', '--revert-to', 'Contoso Creative (Prod)']);
    expectCode(r, 0);
    expect(json(r)).toEqual({ action: 'reverted', orgId: ORGS.prod, generation: 9 });
    const s = await emu.state();
    expect(s.environments.prod).toEqual({ orgId: ORGS.prod, orgName: 'Contoso Creative (Prod)', generation: 9 });
    // one binding read (the "still mine" check, reused by the prerequisites), profile, orgs, current user, the write
    expectRequests(s.requests, [REQ.bindingGet('prod'), [REQ.profile(), REQ.orgs(), REQ.currentUser('prod')], REQ.bindingPut('prod')]);
  });

  test('revert-to implies the revert policy', async () => {
    await emu.switchByHand('sandbox', ORGS.stage); // stage#2
    const r = await destroy('sandbox', `${ORGS.stage}#2`, ['--revert-to', ORGS.dev]);
    expect(json(r)).toEqual({ action: 'reverted', orgId: ORGS.dev, generation: 3 });
  });

  test('revert with a stale token does nothing but one GET', async () => {
    const r = await destroy('prod', `${ORGS.prod}#6`, ['--removal-policy', 'revert', '--revert-to', ORGS.dev]);
    expectCode(r, 0);
    expect(json(r)).toEqual({ action: 'skipped', orgId: ORGS.prod, generation: 7 });
    expectRequests(await emu.requests(), [REQ.bindingGet('prod')]);
    // another org at the same generation is not "mine" either
    await emu.reset();
    const r2 = await destroy('prod', `${ORGS.stage}#7`, ['--removal-policy', 'revert', '--revert-to', ORGS.dev]);
    expect(json(r2)).toMatchObject({ action: 'skipped' });
    expect((await emu.state()).environments.prod).toMatchObject({ orgId: ORGS.prod, generation: 7 });
  });

  test('without drift detection the token is the org alone, compared by org', async () => {
    const r = await destroy('prod', ORGS.prod, ['--removal-policy', 'revert', '--revert-to', ORGS.dev]);
    expect(json(r)).toEqual({ action: 'reverted', orgId: ORGS.dev, generation: 8 });
    await emu.reset();
    const r2 = await destroy('prod', 'Contoso Creative (Dev)', ['--removal-policy', 'revert', '--revert-to', ORGS.stage]);
    expect(json(r2)).toMatchObject({ action: 'skipped', orgId: ORGS.prod, generation: 7 });
    // a name is resolved among the accessible orgs after the binding read
    expectRequests(await emu.requests(), [REQ.bindingGet('prod'), REQ.orgs()]);
  });

  test('revert runs every prerequisite: a failed one changes nothing', async () => {
    const r = await runCli(
      ['destroy', '--author-url', emu.authorUrl('prod'), '--binding-token', `${ORGS.prod}#7`, '--removal-policy', 'revert', '--revert-to', ORGS.nocc],
      { env: emu.userEnv() },
    );
    expectCode(r, 3);
    expect(errorLines(r.stderr).map((l) => l.code)).toEqual(['no_cc_entitlement']);
    expectRequests(await emu.requests(), [REQ.bindingGet('prod'), [REQ.profile(), REQ.orgs(), REQ.currentUser('prod')]]);
  });
});

describe('status, check, orgs', () => {
  test('status without --org', async () => {
    const r = await cli(['status', '--author-url', emu.authorUrl('prod'), '--json']);
    expectCode(r, 0);
    expect(json(r)).toEqual({ orgId: ORGS.prod, orgName: 'Contoso Creative (Prod)', generation: 7 });
    expectRequests(await emu.requests(), [REQ.bindingGet('prod')]);
    const t = await cli(['status', '--author-url', emu.authorUrl('dev')]);
    expect(t.stdout).toMatch(/\/env\/dev: no org, generation 1\n$/);
  });

  test('status with --org, by id and by name, each in sync and not', async () => {
    expect(json(await cli(['status', '--author-url', emu.authorUrl('prod'), '--org', ORGS.prod, '--json']))).toEqual({
      orgId: ORGS.prod,
      orgName: 'Contoso Creative (Prod)',
      generation: 7,
      inSync: true,
    });
    expect(json(await cli(['status', '--author-url', emu.authorUrl('prod'), '--org', 'Contoso Creative (Dev)', '--json']))).toMatchObject({
      inSync: false,
    });
    expect(json(await cli(['status', '--author-url', emu.authorUrl('prod'), '--org', 'Contoso Creative (Prod)', '--json']))).toMatchObject({
      orgId: ORGS.prod,
      inSync: true,
    });
    const t = await cli(['status', '--author-url', emu.authorUrl('stage'), '--org', ORGS.stage]);
    expect(t.stdout).toMatch(/Contoso Marketing \(C0FFEE00000000000000AC01@AdobeOrg\), generation 3, NOT in sync with --org/);
    // by id: the binding only; by name: the binding and the organizations, in parallel
    expectRequests(await emu.requests(), [
      REQ.bindingGet('prod'),
      [REQ.bindingGet('prod'), REQ.orgs()],
      [REQ.bindingGet('prod'), REQ.orgs()],
      REQ.bindingGet('stage'),
    ]);
  });

  test('check --json: every check ok, nothing changed', async () => {
    const r = await cli(['check', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--allowed-orgs', `${ORGS.dev},${ORGS.prod}`, '--json']);
    expectCode(r, 0);
    expect(json(r)).toEqual({
      ok: true,
      checks: [
        { name: 'credentials', ok: true },
        { name: 'identity', ok: true },
        { name: 'admin', ok: true },
        { name: 'org', ok: true },
        { name: 'entitlement', ok: true },
        { name: 'allowed', ok: true },
      ],
    });
    const s = await emu.state();
    expectRequests(s.requests, [prerequisiteReads('dev')]);
    expect(s.environments.dev.generation).toBe(1);
  });

  test('check --json with failures: JSON on stdout, one line per failure on stderr, exit 3', async () => {
    const r = await runCli(['check', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--allowed-orgs', ORGS.prod, '--json'], {
      env: emu.userEnv('emu-token-ana-personal'),
    });
    expectCode(r, 3);
    const out = json(r);
    expect(out.ok).toBe(false);
    expect(out.checks.map((c: any) => [c.name, c.ok, c.code])).toEqual([
      ['credentials', true, undefined],
      ['identity', true, undefined],
      ['admin', true, undefined],
      ['org', true, undefined],
      ['entitlement', false, 'identity_mismatch'],
      ['allowed', false, 'org_not_allowed'],
    ]);
    expect(errorLines(r.stderr).map((l) => l.code)).toEqual(['identity_mismatch', 'org_not_allowed']);
  });

  test('check as the technical account of the client credentials: identity fails (exit 3), entitlement is not judged', async () => {
    const r = await runCli(['check', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev, '--json'], { env: emu.clientEnv() });
    expectCode(r, 3);
    expect(json(r).checks.map((c: any) => [c.name, c.ok, c.code])).toEqual([
      ['credentials', true, undefined],
      ['identity', false, 'identity_mismatch'],
      ['admin', true, undefined],
      ['org', true, undefined],
    ]);
    expect(errorLines(r.stderr).map((l) => l.code)).toEqual(['identity_mismatch']);
    const text = await runCli(['check', '--author-url', emu.authorUrl('dev'), '--org', ORGS.dev], { env: emu.clientEnv() });
    expect(text.stdout).toMatch(/^ok {4}credentials\nFAIL {2}identity {2}\(identity_mismatch\)\nok {4}admin\nok {4}org\n$/);
  });

  test('orgs as the technical account: its orgs, none entitled, and a note that it cannot switch', async () => {
    const r = await runCli(['orgs', '--json'], { env: emu.clientEnv() });
    expect(json(r).orgs.map((o: any) => [o.id, o.creativeCloudEntitled])).toEqual([
      [ORGS.dev, false],
      [ORGS.stage, false],
      [ORGS.prod, false],
    ]);
    expect(r.stderr).toMatch(/aem-cc \[info\] F5F5F5F5F5F5F5F5F5F5F5F5@techacct\.adobe\.com is a technical account: it can read but cannot switch/);
  });

  test('orgs --json marks Creative Cloud entitlements', async () => {
    const r = await cli(['orgs', '--json']);
    expectCode(r, 0);
    expect(json(r)).toEqual({
      orgs: [
        { id: ORGS.dev, name: 'Contoso Creative (Dev)', creativeCloudEntitled: true },
        { id: ORGS.stage, name: 'Contoso Creative (Stage)', creativeCloudEntitled: true },
        { id: ORGS.prod, name: 'Contoso Creative (Prod)', creativeCloudEntitled: true },
        { id: ORGS.nocc, name: 'Contoso Marketing', creativeCloudEntitled: false },
        { id: ORGS.dup1, name: 'Contoso Agency', creativeCloudEntitled: true },
        { id: ORGS.dup2, name: 'Contoso Agency', creativeCloudEntitled: true },
      ],
    });
    expectRequests(await emu.requests(), [[REQ.orgs(), REQ.profile()]]);
    const personal = json(await runCli(['orgs', '--json'], { env: emu.userEnv('emu-token-ana-personal') }));
    expect(personal.orgs.every((o: any) => o.creativeCloudEntitled === false)).toBe(true);
    const text = await cli(['orgs']);
    expect(text.stdout).toMatch(/Contoso Marketing\s+C0FFEE00000000000000AC01@AdobeOrg\s+-\n/);
    expect(text.stdout).toMatch(/Contoso Creative \(Dev\)\s+C0FFEE00000000000000DE01@AdobeOrg\s+entitled\n/);
  });
});

test('sanity: failures print everything for debugging', async () => {
  const r = await cli(['status', '--author-url', emu.authorUrl('nope')]);
  expectCode(r, 1);
  expect(describeRun(r)).toMatch(/remote_error/);
});
