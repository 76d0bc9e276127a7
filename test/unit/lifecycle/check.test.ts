/**
 * The prerequisite checks through `check`, against a fake context: which checks run, in which order,
 * and how refused reads (401, 403) and remote failures are reported.
 */
import { AemCcError } from '../../../src/errors';
import { check } from '../../../src/lifecycle';
import { ADMIN_USER, DEV, fakeContext, NOT_ADMIN, PREREQUISITE_READS, PROD, STAGE } from './fakes';
import { rejectionOf } from '../../helpers/errors';

const names = (checks: { name: string; ok: boolean; code?: string }[]) => checks.map((c) => [c.name, c.ok, c.code]);

test('all pass: six checks in order, no failure, the four reads', async () => {
  const f = fakeContext();
  const r = await check(f.ctx, { kind: 'id', id: DEV.id }, [DEV.id]);
  expect(r).toEqual({
    ok: true,
    checks: ['credentials', 'identity', 'admin', 'org', 'entitlement', 'allowed'].map((name) => ({ name, ok: true })),
  });
  expect(f.calls).toEqual(PREREQUISITE_READS);
});

test('without allowed orgs there is no allowed check', async () => {
  const r = await check(fakeContext().ctx, { kind: 'id', id: DEV.id });
  expect(r.checks.map((c) => c.name)).toEqual(['credentials', 'identity', 'admin', 'org', 'entitlement']);
});

test('a refused token ends the evaluation: one credentials failure, reported once however many reads were refused', async () => {
  const refused = () => new AemCcError('invalid_credentials', 'refused (fake)');
  const f = fakeContext({ profile: refused(), orgs: refused(), user: refused(), bindings: [refused()] });
  const r = await check(f.ctx, { kind: 'id', id: DEV.id });
  expect(names(r.checks)).toEqual([['credentials', false, 'invalid_credentials']]);
  expect(r.failure?.all().map((e) => e.code)).toEqual(['invalid_credentials']);
});

test("a 403 on the binding read is the admin check's failure, reported once", async () => {
  const forbidden = new AemCcError('not_admin', 'GET answered 403 (fake)');
  const f = fakeContext({ bindings: [forbidden] });
  const r = await check(f.ctx, { kind: 'id', id: DEV.id });
  expect(names(r.checks)).toEqual([
    ['credentials', true, undefined],
    ['identity', true, undefined],
    ['admin', false, 'not_admin'],
    ['org', true, undefined],
    ['entitlement', true, undefined],
  ]);
  expect(r.failure?.all()).toEqual([forbidden]);
});

test("not a member of administrators: the AEM client's not_admin, and every other check still runs", async () => {
  const f = fakeContext({ user: { ...ADMIN_USER, memberOf: [{ authorizableId: 'contributor' }] } });
  const r = await check(f.ctx, { kind: 'name', name: STAGE.name }, [PROD.id]);
  expect(names(r.checks)).toEqual([
    ['credentials', true, undefined],
    ['identity', true, undefined],
    ['admin', false, 'not_admin'],
    ['org', true, undefined],
    ['entitlement', false, 'no_cc_entitlement'],
    ['allowed', false, 'org_not_allowed'],
  ]);
  expect(r.failure?.all()[0]).toMatchObject({ code: 'not_admin', message: NOT_ADMIN.message });
});

test('an org that does not resolve: no entitlement or allowed check for it', async () => {
  const r = await check(fakeContext().ctx, { kind: 'name', name: 'Northwind' }, [DEV.id]);
  expect(names(r.checks)).toEqual([
    ['credentials', true, undefined],
    ['identity', true, undefined],
    ['admin', true, undefined],
    ['org', false, 'org_not_found'],
  ]);
});

test('a remote failure is not a failed check: it is thrown (exit 1)', async () => {
  const down = new AemCcError('timeout', 'no answer (fake)');
  const f = fakeContext({ user: down });
  expect(await rejectionOf(check(f.ctx, { kind: 'id', id: DEV.id }))).toBe(down);
});

test('an administrator who is in other groups too (as AEM users are) passes the admin check', async () => {
  const groups = [{ authorizableId: 'contributor' }, { authorizableId: 'administrators' }, { authorizableId: 'dam-users' }];
  const f = fakeContext({ user: { ...ADMIN_USER, memberOf: groups } });
  const r = await check(f.ctx, { kind: 'name', name: DEV.name });
  expect(names(r.checks).find(([n]) => n === 'admin')).toEqual(['admin', true, undefined]);
});
