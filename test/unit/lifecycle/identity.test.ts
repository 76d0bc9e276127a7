/**
 * Which identities may switch: a person, yes; a technical account (client credentials, or a token whose
 * user id is `…@techacct.adobe.com`) no. `check` and `apply` say so with the fix; the read-only commands
 * work for it, and say what it is.
 */
import { apply, check, orgs, read, status } from '../../../src/lifecycle';
import { ProfileResponse } from '../../../src/schemas';
import { rejectionOf } from '../../helpers/errors';
import { ADMIN_USER, DEV, fakeContext, PREREQUISITE_READS, PROD } from './fakes';

/** A technical account as our emulator presents one (what IMS presents is undocumented): no account type, no Creative Cloud. */
const TECHNICAL = ProfileResponse.parse({
  userId: 'F5F5F5F5F5F5F5F5F5F5F5F5@techacct.adobe.com',
  email: 'f5f5@techacct.adobe.com',
  projectedProductContext: [{ prodCtx: { serviceCode: 'dma_aem_cloud', statusCode: 'ACTIVE', owningEntity: DEV.id } }],
});
/** The same, had someone assigned it a Creative Cloud product profile (Adobe lets one do that): still no switch. */
const TECHNICAL_WITH_CC = ProfileResponse.parse({
  ...TECHNICAL,
  projectedProductContext: [{ prodCtx: { serviceCode: 'creative_cloud', statusCode: 'ACTIVE', owningEntity: DEV.id } }],
});
const adminTechnical = { ...ADMIN_USER, authorizableId: TECHNICAL.userId };

const checks = (r: { checks: { name: string; ok: boolean; code?: string }[] }) => r.checks.map((c) => [c.name, c.ok, c.code]);

test.each([
  ['client credentials', { credential: 'client' as const, profile: TECHNICAL }],
  ['client credentials, with a Creative Cloud context on the account', { credential: 'client' as const, profile: TECHNICAL_WITH_CC }],
  ['a user token that is a technical account’s', { credential: 'user' as const, profile: TECHNICAL }],
])('check, acting as a technical account (%s): identity fails, entitlement is not judged, the rest still runs', async (_what, script) => {
  const f = fakeContext({ ...script, user: adminTechnical });
  const r = await check(f.ctx, { kind: 'id', id: DEV.id }, [PROD.id]);
  expect(checks(r)).toEqual([
    ['credentials', true, undefined],
    ['identity', false, 'identity_mismatch'],
    ['admin', true, undefined],
    ['org', true, undefined],
    ['allowed', false, 'org_not_allowed'],
  ]);
  expect(r.failure?.all().map((e) => e.code)).toEqual(['identity_mismatch', 'org_not_allowed']);
  expect(f.calls).toEqual(PREREQUISITE_READS);
});

test('the message: what a technical account can do, the rule it cannot meet, and the fix (client credentials)', async () => {
  const f = fakeContext({ credential: 'client', profile: TECHNICAL, user: adminTechnical });
  const err = await rejectionOf(apply(f.ctx, { desired: { kind: 'id', id: DEV.id } }));
  expect(err.code).toBe('identity_mismatch');
  const m = err.message;
  expect(m).toMatch(/^F5F5F5F5F5F5F5F5F5F5F5F5@techacct\.adobe\.com, the technical account of the client credentials in AEM_CC_CLIENT_ID/);
  expect(m).toMatch(/it can read \(orgs, status, read, destroy with retain\) but cannot switch the Creative Cloud org/);
  expect(m).toMatch(/"for the same user ID used across Creative Cloud and Experience Manager"/);
  expect(m).toMatch(/Set AEM_CC_ACCESS_TOKEN to an IMS access token of a user .* keep the client credentials beside it for plans/);
  expect(f.calls.some((c) => c.startsWith('putBinding'))).toBe(false);
});

test('the message for a technical account behind AEM_CC_ACCESS_TOKEN: sign in as a user instead', async () => {
  const f = fakeContext({ credential: 'user', profile: TECHNICAL, user: adminTechnical });
  const r = await check(f.ctx, { kind: 'id', id: DEV.id });
  expect(r.failure?.message).toMatch(
    /the identity of the token in AEM_CC_ACCESS_TOKEN, is a technical account \(its user id ends in @techacct\.adobe\.com/,
  );
  expect(r.failure?.message).toMatch(/obtained by signing in \(an OAuth Web App or Single Page App credential\)/);
});

test('a person acting with a user token passes the identity check', async () => {
  expect(checks(await check(fakeContext().ctx, { kind: 'id', id: DEV.id }))[1]).toEqual(['identity', true, undefined]);
});

describe('a technical account reads', () => {
  test('status and read work', async () => {
    const f = fakeContext({ credential: 'client', profile: TECHNICAL });
    expect(await status(f.ctx)).toMatchObject({ generation: 1 });
    expect(await read(f.ctx, { kind: 'id', id: DEV.id })).toMatchObject({ token: `${DEV.id}#2` });
  });

  test('orgs works, and says the account cannot switch', async () => {
    const f = fakeContext({ credential: 'client', profile: TECHNICAL, orgs: [DEV] });
    expect(await orgs(f.ctx)).toEqual({ orgs: [{ id: DEV.id, name: DEV.name, creativeCloudEntitled: false }] });
    expect(f.logs.join('')).toMatch(/\[info\] F5F5.*@techacct\.adobe\.com is a technical account: it can read but cannot switch/);
    const person = fakeContext();
    await orgs(person.ctx);
    expect(person.logs.join('')).not.toMatch(/technical account/);
  });

  test('an org it cannot see: the error says its org list may be its project org only, and what to do', async () => {
    const f = fakeContext({ credential: 'client', profile: TECHNICAL, orgs: [DEV] });
    const err = await rejectionOf(read(f.ctx, { kind: 'name', name: PROD.name }));
    expect(err.code).toBe('org_not_found');
    expect(err.message).toMatch(/which orgs IMS lists for a technical account is not documented/);
    expect(err.message).toMatch(/run plans with the user token too \(leave AEM_CC_CLIENT_ID and AEM_CC_CLIENT_SECRET unset\)/);
    const byId = await rejectionOf(status(f.ctx, { kind: 'name', name: PROD.name }));
    expect(byId.message).toMatch(/technical account/);
    const person = await rejectionOf(read(fakeContext({ orgs: [DEV] }).ctx, { kind: 'name', name: PROD.name }));
    expect(person.message).not.toMatch(/technical account/);
  });
});
