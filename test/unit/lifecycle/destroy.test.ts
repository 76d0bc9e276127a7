/**
 * `destroy`, branch by branch, against a fake context: retain sends nothing; revert acts only while the
 * binding is still exactly this instance's, and then reuses its binding read for the prerequisites.
 */
import { EXIT } from '../../../src/contract';
import { destroy } from '../../../src/lifecycle';
import { AGENCY1, AGENCY2, bound, DEV, fakeContext, PROD, STAGE } from './fakes';
import { rejectionOf } from '../../helpers/errors';

const REVERT_TO_PROD = { kind: 'revert', to: { kind: 'id', id: PROD.id } } as const;

describe('destroy with retain', () => {
  test.each([
    ['orgId#generation', { orgId: DEV.id, generation: 2 }, { orgId: DEV.id, generation: 2 }],
    ['an org id alone', { org: { kind: 'id', id: DEV.id } }, { orgId: DEV.id, generation: null }],
    ['an org name alone', { org: { kind: 'name', name: DEV.name } }, { orgId: null, generation: null }],
  ] as const)('token %s: retained, no call at all', async (_what, token, expected) => {
    const f = fakeContext();
    expect(await destroy(f.ctx, token, { kind: 'retain' })).toEqual({ action: 'retained', ...expected });
    expect(f.calls).toEqual([]);
  });
});

describe('destroy with revert', () => {
  test('the binding moved on (another generation): skipped after one binding read', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 3)] });
    expect(await destroy(f.ctx, { orgId: DEV.id, generation: 2 }, REVERT_TO_PROD)).toEqual({ action: 'skipped', orgId: DEV.id, generation: 3 });
    expect(f.calls).toEqual(['token', 'getBinding']);
  });

  test('another org at the same generation is not mine either', async () => {
    const f = fakeContext({ bindings: [bound(STAGE, 2)] });
    expect(await destroy(f.ctx, { orgId: DEV.id, generation: 2 }, REVERT_TO_PROD)).toMatchObject({ action: 'skipped' });
    expect(f.calls).toEqual(['token', 'getBinding']);
  });

  test('still mine: reverts, the prerequisites reuse the binding read (no second GET)', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 2)], puts: [{ kind: 'ok', state: bound(PROD, 3) }] });
    expect(await destroy(f.ctx, { orgId: DEV.id, generation: 2 }, REVERT_TO_PROD, [PROD.id])).toEqual({
      action: 'reverted',
      orgId: PROD.id,
      generation: 3,
    });
    expect(f.calls).toEqual(['token', 'getBinding', 'token', 'profile', 'organizations', 'currentUser', `putBinding ${PROD.id} 2`]);
  });

  test('still mine and already at the revert org: skipped, no write', async () => {
    const f = fakeContext({ bindings: [bound(PROD, 5)] });
    expect(await destroy(f.ctx, { orgId: PROD.id, generation: 5 }, REVERT_TO_PROD)).toEqual({ action: 'skipped', orgId: PROD.id, generation: 5 });
    expect(f.calls).toEqual(['token', 'getBinding', 'token', 'profile', 'organizations', 'currentUser']);
  });

  test('still mine but a prerequisite fails: exit 3, nothing written', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 2)] });
    const e = await rejectionOf(destroy(f.ctx, { orgId: DEV.id, generation: 2 }, REVERT_TO_PROD, [STAGE.id]));
    expect([e.code, e.exitCode]).toEqual(['org_not_allowed', EXIT.prerequisite]);
    expect(f.calls).toEqual(['token', 'getBinding', 'token', 'profile', 'organizations', 'currentUser']);
  });

  test('still mine, and the write meets a conflict: exit 4, as apply reports it', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 2), bound(STAGE, 3)], puts: [{ kind: 'precondition_failed' }] });
    const e = await rejectionOf(destroy(f.ctx, { orgId: DEV.id, generation: 2 }, REVERT_TO_PROD));
    expect([e.code, e.exitCode]).toEqual(['conflict', EXIT.conflict]);
  });
});

describe('destroy with revert, a token without a generation (drift detection off): compared by org', () => {
  test('by id: the same org is mine', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 9)], puts: [{ kind: 'ok', state: bound(PROD, 10) }] });
    expect(await destroy(f.ctx, { org: { kind: 'id', id: DEV.id } }, REVERT_TO_PROD)).toMatchObject({ action: 'reverted' });
  });

  test('by id: another org is not', async () => {
    const f = fakeContext({ bindings: [bound(STAGE, 9)] });
    expect(await destroy(f.ctx, { org: { kind: 'id', id: DEV.id } }, REVERT_TO_PROD)).toMatchObject({ action: 'skipped' });
    expect(f.calls).toEqual(['token', 'getBinding']);
  });

  test('by name: resolved among the accessible orgs (one more read), mine when it is the live org', async () => {
    const f = fakeContext({ bindings: [bound(DEV, 9)], puts: [{ kind: 'ok', state: bound(PROD, 10) }] });
    expect(await destroy(f.ctx, { org: { kind: 'name', name: DEV.name } }, REVERT_TO_PROD)).toMatchObject({ action: 'reverted' });
    expect(f.calls.slice(0, 3)).toEqual(['token', 'getBinding', 'organizations']);
  });

  test.each([
    ['with a no-break space', 'Contoso\u00a0Creative (Dev)', DEV, 'reverted'],
    ['in NFD, listed in NFC', 'Contoso Créative (Dev)'.normalize('NFD'), { ...DEV, name: 'Contoso Créative (Dev)'.normalize('NFC') }, 'reverted'],
    ['in another letter case: not the same name', 'contoso creative (dev)', DEV, 'skipped'],
  ] as const)('by name %s: compared as resolveOrg compares names', async (_what, given, listed, action) => {
    const f = fakeContext({ orgs: [listed, STAGE, PROD], bindings: [bound(listed, 9)], puts: [{ kind: 'ok', state: bound(PROD, 10) }] });
    expect(await destroy(f.ctx, { org: { kind: 'name', name: given } }, REVERT_TO_PROD)).toMatchObject({ action });
  });

  test('by name: a name several orgs share is never mine', async () => {
    const f = fakeContext({ bindings: [bound(AGENCY1, 9)] });
    expect(await destroy(f.ctx, { org: { kind: 'name', name: AGENCY2.name } }, REVERT_TO_PROD)).toMatchObject({ action: 'skipped' });
    expect(f.calls).toEqual(['token', 'getBinding', 'organizations']);
  });
});
