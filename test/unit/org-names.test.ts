/**
 * Issue 13, item 5: how org names compare (NFC, every space separator a plain space, nothing else
 * folded) and what `nameDifferences` finds between a name given and a listed look-alike.
 */
import { looseOrgName, nameDifferences, orgNameKey, sameOrgName } from '../../src/org-names';
import { codePointLabel, findCharacter } from '../../src/unicode';

const NFC = (s: string) => s.normalize('NFC');
const NFD = (s: string) => s.normalize('NFD');

describe('sameOrgName', () => {
  test.each([
    ['NFD and NFC', NFD('Agência Criativa (Dev)'), NFC('Agência Criativa (Dev)')],
    ['NFC and NFD', NFC('Estúdio Lisboa'), NFD('Estúdio Lisboa')],
    ['a canonical singleton (ANGSTROM SIGN and Å)', '\u212Bngström AB', 'Ångström AB'],
    ['Hangul jamo and syllables', NFD('콘토소 크리에이티브'), '콘토소 크리에이티브'],
    ['a no-break space', 'Contoso\u00a0Creative (Prod)', 'Contoso Creative (Prod)'],
    ['a narrow no-break space', 'Atelier\u202fMontréal', 'Atelier Montréal'],
    ['an ideographic space', 'クリエイティブ\u3000東京', 'クリエイティブ 東京'],
    ['two kinds of space, both sides', 'Contoso\u2009Creative\u00a0(Prod)', 'Contoso\u3000Creative\u202f(Prod)'],
    ['NFD and a no-break space together', NFD('Agência\u00a0Criativa'), 'Agência Criativa'],
  ])('the same name: %s', (_what, a, b) => {
    expect(a).not.toBe(b);
    expect(sameOrgName(a, b)).toBe(true);
    expect(sameOrgName(b, a)).toBe(true);
  });

  // what differs -> the two names
  const different: Record<string, [string, string]> = {
    'letter case': ['Litware Studio', 'LitWare Studio'],
    'a zero-width space': ['Tailspin Toys\u200b', 'Tailspin Toys'],
    'a zero-width joiner': ['Tailspin\u200dToys', 'TailspinToys'],
    'a word joiner': ['Tailspin\u2060 Toys', 'Tailspin Toys'],
    'a soft hyphen': ['Tail\u00adspin', 'Tailspin'],
    'two spaces in a row': ['Wide  World', 'Wide World'],
    'a trailing space': ['Wide World ', 'Wide World'],
    'a tab': ['Wide\tWorld', 'Wide World'],
    'a line separator (not a space separator)': ['Wide\u2028World', 'Wide World'],
    'a ligature (compatibility, not canonical)': ['Proﬁle Studio', 'Profile Studio'],
    'a full-width letter': ['Ｗide World', 'Wide World'],
    'a Cyrillic look-alike letter': ['Сontoso', 'Contoso'],
    'a different name': ['Contoso Creative (Dev)', 'Contoso Creative (Prod)'],
  };
  test.each(Object.entries(different))('not the same name: %s', (_what, [a, b]) => {
    expect(sameOrgName(a, b)).toBe(false);
  });

  test('every space separator of Unicode, and nothing else, reads as a plain space', () => {
    const read: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (ch !== ' ' && orgNameKey(`a${ch}b`) === 'a b') read.push(cp);
    }
    expect(read.map((cp) => cp.toString(16))).toEqual([
      'a0',
      '1680',
      '2000',
      '2001',
      '2002',
      '2003',
      '2004',
      '2005',
      '2006',
      '2007',
      '2008',
      '2009',
      '200a',
      '202f',
      '205f',
      '3000',
    ]);
  });

  test('orgNameKey changes nothing else: case, invisible characters and compatibility forms stay', () => {
    for (const s of ['LitWare', 'a\u200bb', 'ﬁ', 'Ｗ', 'a  b', 'a\tb']) expect(orgNameKey(s)).toBe(s);
  });
});

describe('nameDifferences (a name given, a listed one)', () => {
  test.each([
    ['the same name', NFD('Agência'), 'Agência', []],
    ['letter case', 'LitWare Studio', 'Litware Studio', [{ kind: 'case' }]],
    [
      'a zero-width space the listed name has',
      'Tailspin Toys',
      'Tailspin Toys\u200b',
      [{ kind: 'invisible', listedOnly: ['U+200B ZERO WIDTH SPACE at character 14'], givenOnly: [] }],
    ],
    [
      'a Hangul filler where the listed name has a space (it passes the input check: it is a letter)',
      'Tailspin\u3164Toys',
      'Tailspin Toys',
      [{ kind: 'invisible', listedOnly: [], givenOnly: ['U+3164 HANGUL FILLER at character 9'] }],
    ],
    [
      'two invisible characters, counted in characters after NFC',
      NFD('Agência'),
      NFD('Ag\u200bência\u2060'),
      [{ kind: 'invisible', listedOnly: ['U+200B ZERO WIDTH SPACE at character 3', 'U+2060 WORD JOINER at character 9'], givenOnly: [] }],
    ],
    ['the same invisible character in other places', 'Tail\u200bspin', 'Tailspin\u200b', [{ kind: 'invisible', listedOnly: [], givenOnly: [] }]],
    ['two spaces in a row', 'Wide World', 'Wide  World', [{ kind: 'spacing', listedOnly: ['several spaces in a row'], givenOnly: [] }]],
    ['a trailing no-break space', 'Wide World', 'Wide World\u00a0', [{ kind: 'spacing', listedOnly: ['a space at the end'], givenOnly: [] }]],
    ['a tab', 'Wide World', 'Wide\tWorld', [{ kind: 'spacing', listedOnly: ['a tab or line break'], givenOnly: [] }]],
    ['a ligature', 'Profile Studio', 'Proﬁle Studio', [{ kind: 'compatibility' }]],
    ['a full-width letter', 'Wide World', 'Ｗide World', [{ kind: 'compatibility' }]],
    [
      'case and an invisible character',
      'tailspin toys',
      'Tailspin Toys\u200b',
      [{ kind: 'invisible', listedOnly: ['U+200B ZERO WIDTH SPACE at character 14'], givenOnly: [] }, { kind: 'case' }],
    ],
  ])('%s', (_what, given, listed, expected) => {
    expect(nameDifferences(given, listed)).toEqual(expected);
  });

  test.each([
    ['another name', 'Northwind', 'Contoso'],
    ['a partial name', 'Contoso', 'Contoso Creative'],
    ['a Cyrillic look-alike letter (another letter; the input check refuses mixed scripts)', 'Сontoso', 'Contoso'],
  ])('differs in more than that: %s', (_what, given, listed) => {
    expect(nameDifferences(given, listed)).toBeUndefined();
  });

  test('looseOrgName folds everything nameDifferences looks at', () => {
    expect(looseOrgName(NFD(' Ｔailspin\u200b  Toys\u00a0'))).toBe('tailspin toys');
  });
});

describe('codePointLabel and findCharacter', () => {
  // character -> how errors name it
  const labels: Record<string, string> = {
    '\u200b': 'U+200B ZERO WIDTH SPACE',
    '\u00a0': 'U+00A0 NO-BREAK SPACE',
    '\n': 'U+000A LINE FEED',
    '\u0007': 'U+0007 (a control character)',
    '\u2061': 'U+2061 (an invisible formatting character)',
    '\u2008': 'U+2008 (a space)',
    '\ufe0f': 'U+FE0F (an invisible character)',
    '\u{e0041}': 'U+E0041 (an invisible formatting character)',
    A: 'U+0041',
  };
  test.each(Object.entries(labels))('%j is %s', (ch, label) => {
    expect(codePointLabel(ch)).toBe(label);
  });

  test('positions count characters, not UTF-16 units', () => {
    expect(findCharacter('😀😀a\u200bb', /\u200b/)).toBe('U+200B ZERO WIDTH SPACE at character 4');
    expect(findCharacter('abc', /\u200b/)).toBeUndefined();
  });
});
