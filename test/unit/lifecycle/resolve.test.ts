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

// Issue 13, item 5: names compare after Unicode NFC normalisation with every space separator read as a
// plain space, on both sides (IMS may list a name in NFD, or with a no-break space, as well).
describe('resolveOrg: look-alike names', () => {
  const NFD = (s: string) => s.normalize('NFD');
  const AGENCIA = { id: 'A6E0C1A0000000000000DE01@AdobeOrg', name: 'Agência Criativa (Dev)'.normalize('NFC') };
  const ESTUDIO = { id: 'E57D10000000000000000001@AdobeOrg', name: NFD('Estúdio Lisboa') };
  const FABRIKAM = { id: 'FAB01000000000000000000A@AdobeOrg', name: 'Fabrikam\u00a0Design' };
  const ATELIER = { id: 'A7E11E00000000000000000B@AdobeOrg', name: 'Atelier\u202fMontréal' };
  const TOKYO = { id: '70C10000000000000000000C@AdobeOrg', name: 'クリエイティブ\u3000東京' };
  const LISTED = [...ORGS, AGENCIA, ESTUDIO, FABRIKAM, ATELIER, TOKYO];

  test.each([
    ['the example: NFD given, NFC listed', NFD('Agência Criativa (Dev)'), AGENCIA],
    ['the example: a no-break space given, a plain space listed', 'Contoso Creative\u00a0(Prod)', PROD],
    ['NFC given, NFD listed', 'Estúdio Lisboa'.normalize('NFC'), ESTUDIO],
    ['a plain space given, a no-break space listed', 'Fabrikam Design', FABRIKAM],
    ['a plain space given, a narrow no-break space listed', 'Atelier Montréal', ATELIER],
    ['an em space given, a narrow no-break space listed', 'Atelier\u2003Montréal', ATELIER],
    ['a plain space given, an ideographic space listed', 'クリエイティブ 東京', TOKYO],
    ['an ogham space mark given, a plain space listed', 'Contoso\u1680Creative (Dev)', DEV],
  ])('%s', (_what, given, org) => {
    expect(resolveOrg({ kind: 'name', name: given }, LISTED)).toEqual(org);
  });

  test('two orgs whose names differ only in normalisation or the kind of space: ambiguous, both listed', () => {
    const a = { id: 'ADA70000000000000000A001@AdobeOrg', name: 'Adatum Créations'.normalize('NFC') };
    const b = { id: 'ADA70000000000000000A002@AdobeOrg', name: NFD('Adatum\u00a0Créations') };
    for (const given of [a.name, b.name, 'Adatum Créations']) {
      const e = thrownBy(() => resolveOrg({ kind: 'name', name: given }, [...LISTED, a, b]));
      expect(e.code).toBe('org_ambiguous');
      expect(e.message).toContain(a.id);
      expect(e.message).toContain(b.id);
    }
  });

  test('letter case still matters: the suggestion says so', () => {
    const e = thrownBy(() => resolveOrg({ kind: 'name', name: 'fabrikam design' }, LISTED));
    expect(e.code).toBe('org_not_found');
    expect(e.message).toContain(`Did you mean "Fabrikam\u00a0Design" (${FABRIKAM.id})? It differs from the name given only in letter case.`);
  });

  test('a listed name with a zero-width space is not matched; the suggestion names the character', () => {
    const listed = { id: '7A11590000000000000000DD@AdobeOrg', name: 'Tailspin\u200b Toys' };
    const e = thrownBy(() => resolveOrg({ kind: 'name', name: 'Tailspin Toys' }, [...LISTED, listed]));
    expect(e.code).toBe('org_not_found');
    expect(e.message).toContain(
      `Did you mean "Tailspin\u200b Toys" (${listed.id})? It differs from the name given only in an invisible character ` +
        `(the listed name has U+200B ZERO WIDTH SPACE at character 9, the name given does not). ` +
        `The difference cannot be seen, so give the org id, which is exact.`,
    );
  });
});

describe('org_not_found and org_ambiguous: the texts, pinned', () => {
  const head = (given: string, n: number) =>
    `no org named ${JSON.stringify(given)} among the ${n} org(s) this identity can access; checked: IMS organizations of the acting identity, ` +
    `with names compared after Unicode NFC normalisation and every space separator read as a plain space.`;
  const UNSEEN = ' The difference cannot be seen, so give the org id, which is exact.';
  const WIDE = { id: 'D1DE0000000000000000000F@AdobeOrg', name: 'Wide  World Importers' };
  const PROFILE = { id: 'C0FFEE00000000000000F1A0@AdobeOrg', name: 'Proﬁle Studio' };
  const TAILSPIN = { id: '7A11590000000000000000DD@AdobeOrg', name: 'Tailspin Toys\u200b' };
  const TAILSPIN2 = { id: '7A11590000000000000000DE@AdobeOrg', name: 'Tailspin\u2060 Toys' };
  const LISTED = [DEV, PROD, WIDE, PROFILE, TAILSPIN];
  const message = (given: string, orgs = LISTED) => thrownBy(() => resolveOrg({ kind: 'name', name: given }, orgs)).message;

  test.each([
    [
      'spacing: two spaces in a row in the listed name',
      'Wide World Importers',
      ` Did you mean "Wide  World Importers" (${WIDE.id})? It differs from the name given only in spacing ` +
        `(the listed name has several spaces in a row, the name given does not).${UNSEEN}`,
    ],
    [
      'a compatibility form: a ligature',
      'Profile Studio',
      ` Did you mean "Proﬁle Studio" (${PROFILE.id})? It differs from the name given only in compatibility forms ` +
        `(a ligature, a full-width letter or another character that Unicode NFKC normalisation makes equal).` +
        ` The difference is easy to miss, so give the org id, which is exact.`,
    ],
    [
      'an invisible character and letter case together',
      'tailspin toys',
      ` Did you mean "Tailspin Toys\u200b" (${TAILSPIN.id})? It differs from the name given only in an invisible character ` +
        `(the listed name has U+200B ZERO WIDTH SPACE at character 14, the name given does not) and letter case.${UNSEEN}`,
    ],
    [
      'an invisible character in the name given (a Hangul filler passes the input check)',
      'Contoso\u3164Creative (Dev)',
      ` Did you mean "Contoso Creative (Dev)" (${DEV.id})? It differs from the name given only in an invisible character ` +
        `(the name given has U+3164 HANGUL FILLER at character 8, the listed name does not).${UNSEEN}`,
    ],
    [
      'letter case only',
      'contoso creative (prod)',
      ` Did you mean "Contoso Creative (Prod)" (${PROD.id})? It differs from the name given only in letter case.` +
        ` Names are matched with their letter case: give the name as listed, or the org id.`,
    ],
    [
      'a partial name: the names that contain it, look-alike spellings included',
      'Contoso\u00a0Creative',
      ` Did you mean "Contoso Creative (Dev)" (${DEV.id}) or "Contoso Creative (Prod)" (${PROD.id})? Names are matched whole, ` +
        `with their letter case. Run "aem-cc orgs" to list them, or give the org id.`,
    ],
    ['another name: no suggestion', 'Northwind Traders', ' Run "aem-cc orgs" to list them, or give the org id.'],
  ])('%s', (_what, given, tail) => {
    expect(message(given)).toBe(head(given, LISTED.length) + tail);
  });

  test('two look-alikes of one name: each suggested with its own difference', () => {
    expect(message('Tailspin Toys', [TAILSPIN, TAILSPIN2])).toBe(
      head('Tailspin Toys', 2) +
        ` Did you mean "Tailspin Toys\u200b" (${TAILSPIN.id})? It differs from the name given only in an invisible character ` +
        `(the listed name has U+200B ZERO WIDTH SPACE at character 14, the name given does not).` +
        ` Did you mean "Tailspin\u2060 Toys" (${TAILSPIN2.id})? It differs from the name given only in an invisible character ` +
        `(the listed name has U+2060 WORD JOINER at character 9, the name given does not).${UNSEEN}`,
    );
  });

  test('an ambiguous name whose matches are written alike: no look-alike note', () => {
    expect(thrownBy(() => resolveOrg({ kind: 'name', name: 'Contoso Agency' }, ORGS)).message).toBe(
      `the org name "Contoso Agency" matches 2 orgs this identity can access: Contoso Agency (${DUP1.id}), Contoso Agency (${DUP2.id}); ` +
        `checked: IMS organizations, with names compared after Unicode NFC normalisation and every space separator read as a plain space. ` +
        `Give the org id instead of the name.`,
    );
  });
});
