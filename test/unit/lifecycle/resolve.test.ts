import { thrownBy } from '../../helpers/errors';
import { entitlementError, hasCreativeCloud, resolveOrg } from '../../../src/lifecycle';
import { ProfileResponse } from '../../../src/schemas';

const DEV = { id: 'C0FFEE00000000000000DE01@AdobeOrg', name: 'Contoso Creative (Dev)' };
const PROD = { id: 'C0FFEE000000000000009D01@AdobeOrg', name: 'Contoso Creative (Prod)' };
const DUP1 = { id: 'C0FFEE00000000000000D0A1@AdobeOrg', name: 'Contoso Agency' };
const DUP2 = { id: 'C0FFEE00000000000000D0A2@AdobeOrg', name: 'Contoso Agency' };
const OTHER = { id: 'C0FFEE000000000000000E01@AdobeOrg', name: 'Fabrikam Creative' };
const ORGS = [DEV, PROD, DUP1, DUP2];

const federated = ProfileResponse.parse({
  userId: 'A1@c0ffee.e',
  email: 'ana@contoso.com',
  account_type: 'type3',
  projectedProductContext: [
    { prodCtx: { serviceCode: 'creative_cloud', statusCode: 'ACTIVE', owningEntity: DEV.id } },
    { prodCtx: { serviceCode: 'creative_cloud', statusCode: 'INACTIVE', owningEntity: PROD.id } },
    { prodCtx: { serviceCode: 'dma_aem_cloud', statusCode: 'ACTIVE', owningEntity: DUP1.id } },
  ],
});
const personal = ProfileResponse.parse({ userId: 'B2@AdobeID', email: 'ana@contoso.com', account_type: 'type1' });

describe('resolveOrg', () => {
  test('by id and by exact name', () => {
    expect(resolveOrg({ kind: 'id', id: PROD.id }, ORGS)).toEqual(PROD);
    expect(resolveOrg({ kind: 'name', name: 'Contoso Creative (Dev)' }, ORGS)).toEqual(DEV);
  });

  test('an id the identity cannot access', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'id', id: OTHER.id }, ORGS, federated));
    expect(e.code).toBe('org_not_accessible');
    expect(e.message).toContain(OTHER.id);
    expect(e.message).toContain('A1@c0ffee.e');
  });

  test('an ambiguous name lists every candidate with its id', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'name', name: 'Contoso Agency' }, ORGS));
    expect(e.code).toBe('org_ambiguous');
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(DUP1.id);
    expect(e.message).toContain(DUP2.id);
    expect(e.message).toMatch(/org id instead/);
  });

  test('a name that differs in case is not found, with a suggestion', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'name', name: 'contoso creative (dev)' }, ORGS));
    expect(e.code).toBe('org_not_found');
    expect(e.message).toMatch(/Did you mean "Contoso Creative \(Dev\)" \(C0FFEE00000000000000DE01@AdobeOrg\)\?/);
  });

  test('a partial name suggests the orgs containing it', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'name', name: 'Contoso Creative' }, ORGS));
    expect(e.code).toBe('org_not_found');
    expect(e.message).toContain(DEV.id);
    expect(e.message).toContain(PROD.id);
    expect(e.message).not.toContain(DUP1.id);
  });

  test('an unrelated name: not found, no suggestion', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'name', name: 'Northwind' }, ORGS));
    expect(e.code).toBe('org_not_found');
    expect(e.message).not.toMatch(/Did you mean/);
    expect(e.message).toMatch(/aem-cc orgs/);
  });

  test('a personal Adobe ID gets the personal-vs-federated hint', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'id', id: OTHER.id }, ORGS, personal));
    expect(e.message).toMatch(/personal Adobe ID/);
    expect(e.message).toMatch(/federated ID with the same e-mail \(ana@contoso.com\) is a different user ID/);
  });
});

describe('entitlements', () => {
  test('only an ACTIVE creative_cloud context owned by the org counts', () => {
    expect(hasCreativeCloud(federated, DEV.id)).toBe(true);
    expect(hasCreativeCloud(federated, PROD.id)).toBe(false); // inactive
    expect(hasCreativeCloud(federated, DUP1.id)).toBe(false); // another product
    expect(hasCreativeCloud(personal, DEV.id)).toBe(false);
  });

  test('federated without entitlement: no_cc_entitlement; personal: identity_mismatch', () => {
    expect(entitlementError(federated, PROD).code).toBe('no_cc_entitlement');
    const e = entitlementError(personal, PROD);
    expect(e.code).toBe('identity_mismatch');
    expect(e.message).toMatch(/personal Adobe ID and a federated ID with the same e-mail are different user IDs/);
  });
});
