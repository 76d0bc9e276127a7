/**
 * Issue 13, item 5 (look-alike names), through the real CLI against an emulator whose org names are
 * written the ways real ones are: NFC and NFD, a no-break space, a narrow no-break space, an
 * ideographic space, a trailing zero-width space, a name that differs only in letter case, and a pair
 * that differ only in normalisation. Org names given to `--org`, the `read` query's `org`,
 * `--revert-to` and a name binding token compare after NFC with every space separator read as a plain
 * space; a name that still fails gets a suggestion that says what differs when it cannot be seen.
 */
import type { Fixture } from '../../src/emulator';
import { expectCode, expectErrors, json, runCli } from '../helpers/cli';
import { isPut, useEmulator } from '../helpers/emulator';

const ID = {
  agencia: 'A6E0C1A0000000000000DE01@AdobeOrg',
  contoso: 'C0FFEE000000000000009D01@AdobeOrg',
  estudio: 'E57D10000000000000000001@AdobeOrg',
  fabrikam: 'FAB01000000000000000000A@AdobeOrg',
  atelier: 'A7E11E00000000000000000B@AdobeOrg',
  tokyo: '70C10000000000000000000C@AdobeOrg',
  tailspin: '7A11590000000000000000DD@AdobeOrg',
  litware: '11C0A0000000000000000EEE@AdobeOrg',
  wide: 'D1DE0000000000000000000F@AdobeOrg',
  adatum1: 'ADA70000000000000000A001@AdobeOrg',
  adatum2: 'ADA70000000000000000A002@AdobeOrg',
};
const NFC = (s: string) => s.normalize('NFC');
const NFD = (s: string) => s.normalize('NFD');
/** How each org's name is listed by IMS (the emulator serves them as written here). */
const LISTED: Record<keyof typeof ID, string> = {
  agencia: NFC('Agência Criativa (Dev)'),
  contoso: 'Contoso Creative (Prod)',
  estudio: NFD('Estúdio Lisboa'),
  fabrikam: 'Fabrikam\u00a0Design',
  atelier: 'Atelier\u202fMontréal',
  tokyo: 'クリエイティブ\u3000東京',
  tailspin: 'Tailspin Toys\u200b',
  litware: 'Litware Studio',
  wide: 'Wide World Importers',
  adatum1: NFC('Adatum Créations'),
  adatum2: NFD('Adatum Créations'),
};
const ANA = 'A1A1A1A1A1A1A1A1A1A1A1A1@c0ffee.e';
const fixture: Fixture = {
  orgs: Object.entries(ID).map(([k, id]) => ({ id, name: LISTED[k as keyof typeof ID], creativeCloud: true })),
  users: [
    {
      userId: ANA,
      email: 'ana@contoso.com',
      name: 'Ana Admin',
      accountType: 'type3',
      token: 'emu-token-ana',
      orgs: Object.values(ID),
      entitlements: Object.values(ID),
    },
  ],
  clients: [],
  environments: [
    { id: 'dev', admins: [ANA], orgId: null, generation: 1 },
    { id: 'lab', admins: [ANA], orgId: ID.agencia, generation: 4 },
  ],
};

const emu = useEmulator({ fixture });

const run = (args: string[], stdin?: string) => runCli(args, { env: emu.userEnv(), stdin });
const check = (org: string) => run(['check', '--author-url', emu.authorUrl('dev'), '--org', org, '--json']);
const apply = (org: string, envId = 'dev') => run(['apply', '--author-url', emu.authorUrl(envId), '--org', org, '--json']);
const read = (org: string) => run(['read'], JSON.stringify({ author_url: emu.authorUrl('dev'), org }));

describe('the examples, as reported', () => {
  test('--org "Agência Criativa (Dev)" in NFD finds the org listed in NFC: check passes, apply switches', async () => {
    const given = NFD('Agência Criativa (Dev)');
    expect(given).not.toBe(LISTED.agencia); // the same name, in another normalisation form
    const c = await check(given);
    expectCode(c, 0);
    expect(json(c).ok).toBe(true);
    const a = await apply(given);
    expectCode(a, 0);
    expect(json(a)).toEqual({ orgId: ID.agencia, orgName: LISTED.agencia, previousOrgId: null, generation: 2, changed: true });
  });

  test('--org "Contoso Creative (Prod)" with a no-break space finds "Contoso Creative (Prod)": check passes, apply switches', async () => {
    const given = 'Contoso\u00a0Creative (Prod)';
    expectCode(await check(given), 0);
    const a = await apply(given);
    expectCode(a, 0);
    expect(json(a)).toMatchObject({ orgId: ID.contoso, orgName: 'Contoso Creative (Prod)', changed: true });
  });
});

describe('every look-alike spelling resolves, in read (the org key), check and apply', () => {
  const CASES: Array<[string, string, keyof typeof ID]> = [
    ['NFD given, NFC listed', NFD('Agência Criativa (Dev)'), 'agencia'],
    ['NFC given, NFD listed', NFC('Estúdio Lisboa'), 'estudio'],
    ['a no-break space given, a plain one listed', 'Contoso\u00a0Creative\u00a0(Prod)', 'contoso'],
    ['a plain space given, a no-break space listed', 'Fabrikam Design', 'fabrikam'],
    ['a plain space given, a narrow no-break space listed', 'Atelier Montréal', 'atelier'],
    ['an ideographic space given, a narrow no-break space listed, NFD', NFD('Atelier\u3000Montréal'), 'atelier'],
    ['a plain space given, an ideographic space listed', 'クリエイティブ 東京', 'tokyo'],
    ['a figure space given, an ideographic space listed', 'クリエイティブ\u2007東京', 'tokyo'],
  ];

  test.each(CASES)('read: %s', async (_what, given, org) => {
    const r = await read(given);
    expectCode(r, 0);
    expect(json(r)).toMatchObject({ desired_org_id: ID[org], desired_org_name: LISTED[org], in_sync: 'false', token: `${ID[org]}#2` });
  });

  test.each(CASES)('check and apply: %s', async (_what, given, org) => {
    expectCode(await check(given), 0);
    const a = await apply(given);
    expectCode(a, 0);
    expect(json(a)).toMatchObject({ orgId: ID[org], orgName: LISTED[org], changed: true });
  });
});

describe('destroy', () => {
  /** `destroy` of the binding of environment "lab" (bound to "Agência Criativa (Dev)" at generation 4). */
  const destroyLab = (token: string, revertTo: string) =>
    run(['destroy', '--author-url', emu.authorUrl('lab'), '--binding-token', token, '--revert-to', revertTo, '--json']);

  test('--revert-to a name with a no-break space reverts to the org listed with a plain one', async () => {
    const r = await destroyLab(`${ID.agencia}#4`, 'Contoso\u00a0Creative (Prod)');
    expectCode(r, 0);
    expect(json(r)).toEqual({ action: 'reverted', orgId: ID.contoso, generation: 5 });
  });

  test('--revert-to a name in NFD reverts to the org listed in NFC', async () => {
    await emu.switchByHand('lab', ID.contoso); // generation 5
    const r = await destroyLab(`${ID.contoso}#5`, NFD(LISTED.agencia));
    expectCode(r, 0);
    expect(json(r)).toEqual({ action: 'reverted', orgId: ID.agencia, generation: 6 });
  });

  test('"is it still mine" by name (a binding token without drift detection) compares the same way', async () => {
    // lab is bound to "Agência Criativa (Dev)" (NFC); the token, the org as the stack gave it, is NFD.
    const r = await destroyLab(NFD(LISTED.agencia), ID.contoso);
    expectCode(r, 0);
    expect(json(r)).toEqual({ action: 'reverted', orgId: ID.contoso, generation: 5 });
  });
});

describe('what still fails, and the suggestion that says why', () => {
  /** The one error line of a run that must fail with `code`, nothing written. */
  async function failure(r: Awaited<ReturnType<typeof run>>, code: string): Promise<string> {
    const [line] = expectErrors(r, 3, [code]);
    expect((await emu.requests()).filter(isPut)).toEqual([]);
    return line.message;
  }

  test('a listed name with a zero-width space: not found, and the suggestion names the invisible character', async () => {
    const message = await failure(await apply('Tailspin Toys'), 'org_not_found');
    expect(message).toBe(
      `no org named "Tailspin Toys" among the 11 org(s) this identity can access; checked: IMS organizations of ${ANA} (ana@contoso.com), ` +
        `with names compared after Unicode NFC normalisation and every space separator read as a plain space. ` +
        `Did you mean "Tailspin Toys\u200b" (${ID.tailspin})? It differs from the name given only in an invisible character ` +
        `(the listed name has U+200B ZERO WIDTH SPACE at character 14, the name given does not). ` +
        `The difference cannot be seen, so give the org id, which is exact.`,
    );
  });

  test('a name that differs in letter case: not found, and the suggestion says it is the case', async () => {
    const message = await failure(await check('LitWare Studio'), 'org_not_found');
    expect(message).toBe(
      `no org named "LitWare Studio" among the 11 org(s) this identity can access; checked: IMS organizations of ${ANA} (ana@contoso.com), ` +
        `with names compared after Unicode NFC normalisation and every space separator read as a plain space. ` +
        `Did you mean "Litware Studio" (${ID.litware})? It differs from the name given only in letter case. ` +
        `Names are matched with their letter case: give the name as listed, or the org id.`,
    );
  });

  test('a truly different name: not found, no suggestion', async () => {
    const message = await failure(await check('Northwind Traders'), 'org_not_found');
    expect(message).not.toMatch(/Did you mean/);
  });

  test('two orgs whose names differ only in normalisation: the name is ambiguous, whichever form is given', async () => {
    for (const given of [LISTED.adatum1, LISTED.adatum2]) {
      const message = await failure(await apply(given), 'org_ambiguous');
      expect(message).toBe(
        `the org name "${given}" matches 2 orgs this identity can access: ${LISTED.adatum1} (${ID.adatum1}), ${LISTED.adatum2} (${ID.adatum2}), ` +
          `whose names look alike but are written differently (in Unicode normalisation or the kind of space); ` +
          `checked: IMS organizations, with names compared after Unicode NFC normalisation and every space separator read as a plain space. ` +
          `Give the org id instead of the name.`,
      );
    }
  });
});
