import {
  BindingState,
  CurrentUserResponse,
  OrganizationsResponse,
  ProfileResponse,
  ReadQuery,
  TokenResponse,
  ValidateResponse,
} from '../../src/schemas';

describe('schemas: strict about what we decide on, lenient about extra fields', () => {
  test('token answer', () => {
    expect(TokenResponse.parse({ access_token: 'a.b.c', token_type: 'bearer', expires_in: 86399, extra: 1 })).toMatchObject({
      access_token: 'a.b.c',
      expires_in: 86399,
    });
    expect(TokenResponse.safeParse({ access_token: '', expires_in: 1 }).success).toBe(false);
    expect(TokenResponse.safeParse({ access_token: 'x', expires_in: '86399' }).success).toBe(false);
    expect(TokenResponse.safeParse({ access_token: 'x', expires_in: 0 }).success).toBe(false);
    expect(TokenResponse.safeParse({ expires_in: 5 }).success).toBe(false);
  });

  test('organizations', () => {
    const ok = [
      { orgRef: { ident: 'C0FFEE00000000000000DE01', authSrc: 'AdobeOrg' }, orgName: 'Dev', orgType: 'Enterprise', groups: [], future: true },
    ];
    expect(OrganizationsResponse.parse(ok)[0].orgRef.ident).toBe('C0FFEE00000000000000DE01');
    expect(OrganizationsResponse.safeParse({ orgs: ok }).success).toBe(false);
    expect(OrganizationsResponse.safeParse([{ orgName: 'x' }]).success).toBe(false);
    expect(OrganizationsResponse.safeParse([{ orgRef: { ident: '', authSrc: 'AdobeOrg' }, orgName: 'x' }]).success).toBe(false);
  });

  test('profile: product contexts default to none', () => {
    expect(ProfileResponse.parse({ userId: 'u@AdobeID' }).projectedProductContext).toEqual([]);
    expect(ProfileResponse.safeParse({ userId: '' }).success).toBe(false);
    expect(ProfileResponse.safeParse({ userId: 'u', projectedProductContext: [{ prodCtx: {} }] }).success).toBe(false);
  });

  test('validate, current user', () => {
    expect(ValidateResponse.parse({ valid: false, reason: 'expired' }).valid).toBe(false);
    expect(ValidateResponse.safeParse({ valid: 'true' }).success).toBe(false);
    expect(CurrentUserResponse.parse({ authorizableId: 'a' }).memberOf).toEqual([]);
    expect(
      CurrentUserResponse.parse({ authorizableId: 'a', memberOf: [{ authorizableId: 'administrators', home: '/x' }] }).memberOf[0],
    ).toMatchObject({ authorizableId: 'administrators' });
    expect(CurrentUserResponse.safeParse({ authorizableId: 'a', memberOf: ['administrators'] }).success).toBe(false);
  });

  test('binding state', () => {
    expect(BindingState.parse({ orgId: null, orgName: null, generation: 0 })).toEqual({ orgId: null, orgName: null, generation: 0 });
    for (const bad of [
      { orgId: null, orgName: null },
      { orgId: null, orgName: null, generation: -1 },
      { orgId: null, orgName: null, generation: 1.5 },
      { orgId: null, orgName: null, generation: '7' },
      { orgId: 5, orgName: null, generation: 1 },
    ]) {
      expect(BindingState.safeParse(bad).success).toBe(false);
    }
  });

  test('read query: an object of strings only', () => {
    expect(ReadQuery.parse({ author_url: 'x', org: 'y' })).toEqual({ author_url: 'x', org: 'y' });
    for (const bad of [{ org: 1 }, { org: null }, { org: ['x'] }, ['x'], 'x', null]) expect(ReadQuery.safeParse(bad).success).toBe(false);
  });
});
