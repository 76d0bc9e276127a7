/**
 * `apply`, branch by branch, against a fake context: what it returns or throws (code and exit code),
 * and exactly which calls it made.
 */
import { EXIT } from '../../../src/contract';
import { AemCcError } from '../../../src/errors';
import { apply } from '../../../src/lifecycle';
import { ADMIN_USER, AGENCY1, bound, DEV, fakeContext, NOT_ADMIN, PREREQUISITE_READS, PROD, STAGE } from './fakes';
import { rejectionOf } from '../../helpers/errors';

const DESIRED = { kind: 'id', id: DEV.id } as const;
const lost = () => new AemCcError('remote_error', 'connection failed after 4 attempts (fake)');

describe('apply: the switch', () => {
  test('unbound -> desired: every prerequisite read in parallel, one write with If-Match of the live generation', async () => {
    const f = fakeContext();
    const r = await apply(f.ctx, { desired: DESIRED });
    expect(r).toEqual({ orgId: DEV.id, orgName: DEV.name, previousOrgId: null, generation: 2, changed: true });
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`]);
  });

  test('already bound to the desired org: no write, changed false', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 7)] });
    const r = await apply(f.ctx, { desired: { kind: 'name', name: DEV.name } });
    expect(r).toEqual({ orgId: DEV.id, orgName: DEV.name, previousOrgId: DEV.id, generation: 7, changed: false });
    expect(f.calls).toEqual(PREREQUISITE_READS);
  });

  test('the binding read the caller already made is not made again', async () => {
    const f = fakeContext({ bindings: [new Error('getBinding must not be called')] });
    const r = await apply(f.ctx, { desired: DESIRED, knownLive: bound(STAGE, 4), allowed: [DEV.id] });
    expect(r).toMatchObject({ previousOrgId: STAGE.id, changed: true });
    expect(f.calls).toEqual(['token', 'profile', 'organizations', 'currentUser', `putBinding ${DEV.id} 4`]);
  });

  test('a binding token that matches the live binding lets the switch go ahead, silently', async () => {
    const f = fakeContext();
    await apply(f.ctx, { desired: DESIRED, bindingToken: { orgId: DEV.id, generation: 2 } });
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`]);
    expect(f.logs.filter((l) => l.includes('[warn]'))).toEqual([]);
  });
});

describe('apply: a stale plan (the binding moved since the plan)', () => {
  test.each([
    ['another generation of another org', { orgId: DEV.id, generation: 2 }, bound(STAGE, 2), 'from generation 1'],
    ['the plan was for another org', { orgId: PROD.id, generation: 2 }, bound(null, 1), `from ${PROD.id}`],
  ])('%s: conflict (exit 4), nothing written', async (_what, bindingToken, live, planned) => {
    const f = fakeContext({ bindings: [live] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED, bindingToken }));
    expect([e.code, e.exitCode]).toEqual(['conflict', EXIT.conflict]);
    expect(e.message).toContain(`the plan expected to switch ${planned} (binding token ${bindingToken.orgId}#${bindingToken.generation})`);
    expect(e.message).toContain(`at generation ${live.generation}`);
    expect(f.calls).toEqual(PREREQUISITE_READS);
  });
});

describe("apply: the write's answer is lost (a remote failure after the HTTP layer's retries)", () => {
  test('the re-read shows the desired org: converged, exit 0', async () => {
    const f = fakeContext({ puts: [lost()], bindings: [bound(null, 1), bound(DEV, 2)] });
    const r = await apply(f.ctx, { desired: DESIRED });
    expect(r).toEqual({ orgId: DEV.id, orgName: DEV.name, previousOrgId: null, generation: 2, changed: true });
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`, 'getBinding']);
    expect(f.logs.join('')).toMatch(/\[warn\] the write's answer was lost \(remote_error\)/);
  });

  test("the re-read fails too: the write's own error is reported (exit 1), not the re-read's", async () => {
    const writeError = lost();
    const f = fakeContext({ puts: [writeError], bindings: [bound(null, 1), new AemCcError('timeout', 're-read timed out (fake)')] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect(e).toBe(writeError);
    expect(e.exitCode).toBe(EXIT.remote);
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`, 'getBinding']);
  });

  test("the re-read shows another org: the write's error is reported", async () => {
    const writeError = lost();
    const f = fakeContext({ puts: [writeError], bindings: [bound(null, 1), bound(null, 1)] });
    expect(await rejectionOf(apply(f.ctx, { desired: DESIRED }))).toBe(writeError);
  });

  test('an error that is not ours becomes remote_error, keeps the original as cause, and is read back too', async () => {
    const bug = new TypeError('socket is not a function');
    const f = fakeContext({ puts: [bug], bindings: [bound(null, 1), bound(STAGE, 2)] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect([e.code, e.exitCode, e.message]).toEqual(['remote_error', EXIT.remote, 'unexpected failure: socket is not a function']);
    expect(e.cause).toBe(bug);
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`, 'getBinding']);
  });

  test('a refusal is not a lost answer: no re-read (a 401 on the write)', async () => {
    const refused = new AemCcError('invalid_credentials', 'AEM refused the access token (fake)');
    const f = fakeContext({ puts: [refused] });
    expect(await rejectionOf(apply(f.ctx, { desired: DESIRED }))).toBe(refused);
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`]);
  });
});

describe('apply: 412, the generation moved between the read and the write', () => {
  test('the re-read shows the desired org (someone made the same change): converged, exit 0, no second write', async () => {
    const f = fakeContext({ puts: [{ kind: 'precondition_failed' }], bindings: [bound(null, 1), bound(DEV, 2)] });
    const r = await apply(f.ctx, { desired: DESIRED, bindingToken: { orgId: DEV.id, generation: 2 } });
    expect(r).toEqual({ orgId: DEV.id, orgName: DEV.name, previousOrgId: null, generation: 2, changed: true });
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`, 'getBinding']);
    expect(f.logs.filter((l) => l.includes('[warn]'))).toEqual([]);
  });

  test('converged at another generation than the plan predicted: a warning that the next plan will show it', async () => {
    const f = fakeContext({ puts: [{ kind: 'precondition_failed' }], bindings: [bound(null, 1), bound(DEV, 3)] });
    const r = await apply(f.ctx, { desired: DESIRED, bindingToken: { orgId: DEV.id, generation: 2 } });
    expect(r.generation).toBe(3);
    expect(f.logs.filter((l) => l.includes('[warn]'))).toEqual([
      `aem-cc [warn] the plan predicted ${DEV.id}#2 but the binding is ${DEV.id}#3 (it changed between plan and apply); ` +
        'the next plan will show a replacement that makes no switch\n',
    ]);
  });

  test('the re-read shows another org: conflict (exit 4) naming it, nothing overwritten', async () => {
    const f = fakeContext({ puts: [{ kind: 'precondition_failed' }], bindings: [bound(null, 1), bound(STAGE, 2)] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect([e.code, e.exitCode]).toEqual(['conflict', EXIT.conflict]);
    expect(e.message).toContain(`it was no org at generation 1 and is now ${STAGE.name} (${STAGE.id}) at generation 2`);
    expect(e.message).toContain('Nothing was overwritten');
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`, 'getBinding']);
  });
});

describe('apply: AEM refuses the write after our checks passed', () => {
  test.each([
    ['unknown_org', 'org_not_found'],
    ['org_not_accessible', 'org_not_accessible'],
    ['not_entitled', 'no_cc_entitlement'],
  ])('422 %s -> %s (exit 3), quoting AEM', async (error, code) => {
    const f = fakeContext({ puts: [{ kind: 'rejected', status: 422, error, message: 'said AEM' }] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect([e.code, e.exitCode]).toEqual([code, EXIT.prerequisite]);
    expect(e.message).toContain(`AEM refused to switch to ${DEV.name} (${DEV.id}) (422 ${error}: said AEM)`);
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`]);
  });

  test.each([
    ['an error we do not know', { error: 'quota_exceeded', message: 'too many switches today' }, '"quota_exceeded"', '"too many switches today"'],
    ['no error at all', {}, '(none)', '(none)'],
    ['an error named like an Object property', { error: 'constructor' }, '"constructor"', '(none)'],
  ])('422 with %s -> remote_error (exit 1): an answer we do not know, not a guessed cause', async (_what, body, error, message) => {
    const f = fakeContext({ puts: [{ kind: 'rejected', status: 422, ...body }] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect([e.code, e.exitCode]).toEqual(['remote_error', EXIT.remote]);
    expect(e.message).toContain(
      `AEM refused to switch to ${DEV.name} (${DEV.id}) with an answer aem-cc does not know: 422, error ${error}, message ${message};`,
    );
    expect(e.message).not.toMatch(/entitlement/);
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`]);
  });

  test('a very long message from AEM is cut', async () => {
    const f = fakeContext({ puts: [{ kind: 'rejected', status: 422, error: 'x', message: 'm'.repeat(5_000) }] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect(e.message).toContain(`message "${'m'.repeat(297)}..."`);
    expect(e.message.length).toBeLessThan(1_000);
  });

  test("403 -> not_admin (exit 3), the AEM client's message", async () => {
    const f = fakeContext({ puts: [{ kind: 'rejected', status: 403, error: 'forbidden' }] });
    expect(await rejectionOf(apply(f.ctx, { desired: DESIRED }))).toBe(NOT_ADMIN);
  });

  test('200 that reports another org than the one written -> remote_error (exit 1), nothing more tried', async () => {
    const f = fakeContext({ puts: [{ kind: 'ok', state: bound(STAGE, 2) }] });
    const e = await rejectionOf(apply(f.ctx, { desired: DESIRED }));
    expect([e.code, e.exitCode]).toEqual(['remote_error', EXIT.remote]);
    expect(e.message).toBe(
      `the binding write answered 200 but reports ${STAGE.name} (${STAGE.id}) instead of ${DEV.name} (${DEV.id}); nothing more was tried. ` +
        'Run "aem-cc status" and report this.',
    );
    expect(f.calls).toEqual([...PREREQUISITE_READS, `putBinding ${DEV.id} 1`]);
  });
});

describe('apply: prerequisites', () => {
  test('every failed check is reported together, the first code leading (exit 3); nothing written', async () => {
    const f = fakeContext({ user: { ...ADMIN_USER, memberOf: [{ authorizableId: 'contributor' }] } });
    const e = await rejectionOf(apply(f.ctx, { desired: { kind: 'name', name: STAGE.name }, allowed: [PROD.id] }));
    expect(e.all().map((x) => x.code)).toEqual(['not_admin', 'no_cc_entitlement', 'org_not_allowed']);
    expect(e.exitCode).toBe(EXIT.prerequisite);
    expect(f.calls).toEqual(PREREQUISITE_READS);
  });

  test('a remote failure of one read wins over failed checks: exit 1', async () => {
    const down = new AemCcError('remote_error', 'IMS profile kept failing (fake)');
    const f = fakeContext({ profile: down, user: { ...ADMIN_USER, memberOf: [] } });
    expect(await rejectionOf(apply(f.ctx, { desired: { kind: 'id', id: AGENCY1.id } }))).toBe(down);
    expect(f.calls).toEqual(PREREQUISITE_READS);
  });
});
