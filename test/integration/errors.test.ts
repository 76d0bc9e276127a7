/**
 * Every error code and its exit code, from the real CLI against the emulator. A failed
 * prerequisite changes nothing: no PUT reaches the emulator.
 */
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { commandBoundMs } from '../../src/cli/context';
import { json, runCli, type CliResult, expectCode, expectErrors } from '../helpers/cli';
import { emulatorHandle, expectRequests, isPut, ORGS, prerequisiteReads, REQ, USERS, useEmulator, waitFor } from '../helpers/emulator';

const emu = useEmulator();

function apply(org: string, opts: { token?: string; env?: Record<string, string>; extra?: string[]; envId?: string } = {}) {
  return runCli(['apply', '--author-url', emu.authorUrl(opts.envId ?? 'dev'), '--org', org, ...(opts.extra ?? [])], {
    env: opts.env ?? emu.userEnv(opts.token ?? USERS.ana.token),
  });
}

/** Exit code, first line's code, and that the binding did not move. */
async function expectFailure(r: CliResult, exit: number, codes: string[], envId = 'dev') {
  const lines = expectErrors(r, exit, codes);
  expect(r.stdout).toBe('');
  const s = await emu.state();
  expect(s.requests.filter(isPut)).toEqual([]);
  const fixture = { dev: [null, 1], stage: [ORGS.nocc, 3], prod: [ORGS.prod, 7], sandbox: [ORGS.dev, 1] } as Record<string, [string | null, number]>;
  expect([s.environments[envId].orgId, s.environments[envId].generation]).toEqual(fixture[envId]);
  return lines;
}

test('invalid_input: exit 2, nothing sent', async () => {
  const r = await apply('c0ffee00000000000000de01@AdobeOrg');
  const [line] = await expectFailure(r, 2, ['invalid_input']);
  expect(line.message).toMatch(/Did you mean C0FFEE00000000000000DE01@AdobeOrg\?/);
  expect(await emu.requests()).toEqual([]);
});

test('missing_credentials: exit 2, nothing sent', async () => {
  const r = await apply(ORGS.dev, { env: { AEM_CC_IMS_ENDPOINT: emu.url } });
  const [line] = await expectFailure(r, 2, ['missing_credentials']);
  expect(line.message).toMatch(/AEM_CC_ACCESS_TOKEN/);
  expect(await emu.requests()).toEqual([]);
});

test('invalid_credentials: a bad user token, exit 3, reported once', async () => {
  const r = await apply(ORGS.dev, { token: 'not-a-valid-token' });
  const [line] = await expectFailure(r, 3, ['invalid_credentials']);
  expect(line.message).toMatch(/fresh token/);
});

test('invalid_credentials: a bad client secret, exit 3, only the token request sent', async () => {
  const r = await apply(ORGS.dev, { env: emu.clientEnv({ AEM_CC_CLIENT_SECRET: 'wrong-secret-value' }) });
  const [line] = await expectFailure(r, 3, ['invalid_credentials']);
  expect(line.message).toMatch(/AEM_CC_CLIENT_ID, AEM_CC_CLIENT_SECRET/);
  expect(await emu.requests()).toEqual([{ method: 'POST', path: '/ims/token/v3', status: 401, apiKey: false }]);
});

test('not_admin: bob, exit 3', async () => {
  const r = await apply(ORGS.dev, { token: USERS.bob.token });
  const [line] = await expectFailure(r, 3, ['not_admin']);
  expect(line.message).toMatch(/administrators/);
});

test('org_not_found: an unknown name, with a suggestion for a near one', async () => {
  const [line] = await expectFailure(await apply('contoso creative (dev)'), 3, ['org_not_found']);
  expect(line.message).toContain('Did you mean "Contoso Creative (Dev)" (C0FFEE00000000000000DE01@AdobeOrg)?');
  const [other] = await expectFailure(await apply('Northwind Traders'), 3, ['org_not_found']);
  expect(other.message).toMatch(/aem-cc orgs/);
});

test('org_ambiguous: "Contoso Agency" lists both ids', async () => {
  const [line] = await expectFailure(await apply('Contoso Agency'), 3, ['org_ambiguous']);
  expect(line.message).toContain(ORGS.dup1);
  expect(line.message).toContain(ORGS.dup2);
  // by id it is fine
  const ok = await apply(ORGS.dup2, { extra: ['--json'] });
  expect(json(ok)).toMatchObject({ orgId: ORGS.dup2, orgName: 'Contoso Agency', changed: true });
});

test('org_not_accessible: the Fabrikam id', async () => {
  const [line] = await expectFailure(await apply(ORGS.other), 3, ['org_not_accessible']);
  expect(line.message).toContain(ORGS.other);
});

test('no_cc_entitlement: the org without Creative Cloud', async () => {
  const [line] = await expectFailure(await apply('Contoso Marketing'), 3, ['no_cc_entitlement']);
  expect(line.message).toContain(ORGS.nocc);
});

test('identity_mismatch: the personal Adobe ID with the same e-mail', async () => {
  const [line] = await expectFailure(await apply(ORGS.dev, { token: USERS.anaPersonal.token }), 3, ['identity_mismatch']);
  expect(line.message).toMatch(/personal Adobe ID/);
  expect(line.message).toMatch(/a personal Adobe ID and a federated ID with the same e-mail are different user IDs/i);
  expect(line.message).toContain('ana@contoso.com');
});

test('org_not_allowed: the guardrail', async () => {
  const [line] = await expectFailure(await apply(ORGS.dev, { extra: ['--allowed-orgs', `${ORGS.stage},${ORGS.prod}`] }), 3, ['org_not_allowed']);
  expect(line.message).toContain(ORGS.stage);
  expect(line.message).toContain(ORGS.prod);
});

test('several failed prerequisites: one line each, the first carries the first code, exit 3, nothing changed', async () => {
  const r = await apply(ORGS.other, { token: USERS.bob.token, extra: ['--allowed-orgs', ORGS.prod] });
  const lines = await expectFailure(r, 3, ['not_admin', 'org_not_accessible']);
  // the first error line (after the info line saying which credential acted)
  expect(r.stderr.split('\n').find((l) => l.startsWith('aem-cc: '))).toMatch(/^aem-cc: not_admin: /);
  expect(lines[1].message).toContain(ORGS.other);

  await emu.reset();
  const r2 = await apply(ORGS.dev, { token: USERS.anaPersonal.token, extra: ['--allowed-orgs', ORGS.prod] });
  await expectFailure(r2, 3, ['identity_mismatch', 'org_not_allowed']);

  await emu.reset();
  const r3 = await apply('Contoso Creative (Dev)', { token: USERS.bob.token, extra: ['--allowed-orgs', ORGS.prod] });
  await expectFailure(r3, 3, ['not_admin', 'org_not_allowed']);
});

test('remote_error: a persistent 500 names the endpoint, exit 1', async () => {
  await emu.setFaults('orgs:500x10');
  const r = await apply(ORGS.dev, { extra: ['--timeout-ms', '2000'] });
  const [line] = await expectFailure(r, 1, ['remote_error']);
  expect(line.message).toContain('/ims/organizations/v6');
  expect(line.message).toMatch(/HTTP 500/);
});

test('remote_error: an author URL where there is no AEM', async () => {
  const r = await apply(ORGS.dev, { envId: 'dev', extra: ['--settings-path', '/not/here'] });
  const [line] = await expectFailure(r, 1, ['remote_error']);
  expect(line.message).toMatch(/404/);
  expect(line.message).toContain('/env/dev/not/here');
});

test('timeout: a slow answer with a small --timeout-ms, exit 1, bounded', async () => {
  await emu.setFaults('binding-get:slowx10');
  const r = await apply(ORGS.dev, { extra: ['--timeout-ms', '300'] });
  const [line] = await expectFailure(r, 1, ['timeout']);
  expect(line.message).toContain('/adobe/assets/settings/creative-cloud');
  expect(r.durationMs).toBeLessThan(commandBoundMs(300));
});

test("conflict: apply with the plan's binding token refuses a binding that moved since the plan", async () => {
  const plan = json(await runCli(['read'], { env: emu.userEnv(), stdin: JSON.stringify({ author_url: emu.authorUrl('dev'), org: ORGS.dev }) }));
  expect(plan.token).toBe(`${ORGS.dev}#2`);
  await emu.switchByHand('dev', ORGS.stage); // stage#2, after the plan
  const r = await apply(ORGS.dev, { extra: ['--binding-token', plan.token] });
  const [line] = expectErrors(r, 4, ['conflict']);
  expect(line.message).toContain('Contoso Creative (Stage) (C0FFEE0000000000000057A6@AdobeOrg) at generation 2');
  const s = await emu.state();
  expect(s.requests.filter(isPut)).toEqual([]);
  expect(s.environments.dev).toMatchObject({ orgId: ORGS.stage, generation: 2 });
  // a fresh plan's token is accepted and the apply lands exactly where it predicted
  const plan2 = json(await runCli(['read'], { env: emu.userEnv(), stdin: JSON.stringify({ author_url: emu.authorUrl('dev'), org: ORGS.dev }) }));
  const ok = await apply(ORGS.dev, { extra: ['--binding-token', plan2.token, '--json'] });
  expectCode(ok, 0);
  expect(`${json(ok).orgId}#${json(ok).generation}`).toBe(plan2.token);
});

describe("conflict (exit 4): a change lands between the handler's read and its write", () => {
  // A separate emulator that answers slowly: the handler's PUT is logged on arrival and answered
  // only after the latency, so a change by hand made as soon as the PUT is seen always lands first.
  let slow: RunningEmulator;
  const h = emulatorHandle(() => slow);
  beforeAll(async () => {
    slow = await startEmulator({ port: 0, latencyMs: 800 });
  });
  afterAll(async () => slow.close());
  beforeEach(async () => h.reset());

  async function raceWithHand(handOrg: string) {
    const run = runCli(['apply', '--author-url', h.authorUrl('dev'), '--org', ORGS.dev, '--json'], { env: h.userEnv() });
    await waitFor(async () => (await h.requests()).some(isPut), 15_000);
    await h.switchByHand('dev', handOrg);
    return run;
  }

  test('switched elsewhere by hand: exit 4, the message names what it changed to, nothing overwritten', async () => {
    const r = await raceWithHand(ORGS.stage);
    const lines = expectErrors(r, 4, ['conflict']);
    expect(lines[0].message).toContain('Contoso Creative (Stage) (C0FFEE0000000000000057A6@AdobeOrg) at generation 2');
    expect(lines[0].message).toMatch(/Nothing was overwritten/);
    const s = await h.state();
    expect(s.environments.dev).toEqual({ orgId: ORGS.stage, orgName: 'Contoso Creative (Stage)', generation: 2 });
    // the reads, the write refused with 412, the re-read that shows the other org
    expectRequests(s.requests, [prerequisiteReads('dev'), REQ.bindingPut('dev', 412), REQ.bindingGet('dev')]);
  });

  test('switched to the desired org by someone else: converges, exit 0, no second write', async () => {
    const r = await raceWithHand(ORGS.dev);
    expectCode(r, 0);
    expect(json(r)).toMatchObject({ orgId: ORGS.dev, generation: 2 });
    const s = await h.state();
    expect(s.environments.dev).toMatchObject({ orgId: ORGS.dev, generation: 2 });
    expectRequests(s.requests, [prerequisiteReads('dev'), REQ.bindingPut('dev', 412), REQ.bindingGet('dev')]);
  });
});
