/**
 * How org names are compared, and how two names that look alike still differ.
 *
 * A name reaches us from two sides that write the same visible text differently: the user (a stack, a
 * CI variable, a terminal; macOS and some keyboards give NFD, word processors and web pages a no-break
 * space) and IMS (whatever the org's admin typed, stored as typed). So both sides are compared in one
 * form: Unicode NFC, with every space separator (`\p{Zs}`: no-break, narrow no-break, ideographic,
 * en/em and the other typographic spaces) read as U+0020. Those differences are the same text for a
 * reader; Unicode itself calls NFC and NFD equivalent.
 *
 * Nothing else is folded, deliberately: letter case, invisible characters (zero-width space and
 * joiners, which also carry meaning in Persian, Indic scripts and emoji), compatibility forms (a
 * ligature, a full-width letter) and runs of spaces still make two names differ, since each of those
 * can tell two real orgs apart or hide a look-alike. When such a name is not found, `nameDifferences`
 * says which of them is all that separates it from a listed one, so the message can say so.
 */
import { codePointLabel, INVISIBLE_RE } from './unicode';

const SPACE_SEPARATORS = /\p{Zs}/gu;
const INVISIBLE = new RegExp(INVISIBLE_RE.source, 'gu');
const WHITE_SPACE = /[^\S\uFEFF]+/gu;
const HANGUL_FILLERS = /[\u115F\u1160\u3164\uFFA0]/gu;

/** The form names are compared in: NFC, every space separator as U+0020. */
export function orgNameKey(name: string): string {
  return name.replace(SPACE_SEPARATORS, ' ').normalize('NFC');
}

/** Whether two org names are the same name (equal after `orgNameKey`). Letter case counts. */
export function sameOrgName(a: string, b: string): boolean {
  return orgNameKey(a) === orgNameKey(b);
}

/**
 * What, beyond `orgNameKey`, may separate a name given from a listed one that looks the same:
 * - `invisible`: default-ignorable characters (zero-width space and joiners, word joiner, soft hyphen,
 *   bidi marks, ...; a Hangul filler, which renders as a blank, where the other side has a space);
 *   `listedOnly`/`givenOnly` label those only one side has, with their position (`U+200B ZERO WIDTH
 *   SPACE at character 14`); both empty when the sides have the same ones in other places;
 * - `compatibility`: forms Unicode NFKC makes equal (ligatures, full-width and other compatibility
 *   characters);
 * - `spacing`: several spaces in a row, a space at the start or end, a tab or a line break; the
 *   features only one side has (both empty when the runs are merely in other places);
 * - `case`: letter case.
 */
export type NameDifference =
  | { kind: 'invisible'; listedOnly: string[]; givenOnly: string[] }
  | { kind: 'compatibility' }
  | { kind: 'spacing'; listedOnly: string[]; givenOnly: string[] }
  | { kind: 'case' };

type Fold = (s: string) => string;
/** The folds that make look-alikes equal, in the order they are applied. */
const FOLDS: Array<[NameDifference['kind'], Fold]> = [
  // Hangul fillers are letters that render as a blank as wide as a space: read as one; the others as nothing.
  ['invisible', (s) => s.replace(HANGUL_FILLERS, ' ').replace(INVISIBLE, '')],
  ['compatibility', (s) => s.normalize('NFKC')],
  // White space but U+FEFF, which JavaScript counts as white space and Unicode as invisible: it is the invisible fold's.
  ['spacing', (s) => s.replace(WHITE_SPACE, ' ').replace(/^ | $/g, '')],
  ['case', (s) => s.toLowerCase()],
];

/** `orgNameKey`, then every fold but `skip`. */
function loose(name: string, skip?: NameDifference['kind']): string {
  return FOLDS.reduce((s, [kind, fold]) => (kind === skip ? s : fold(s)), orgNameKey(name));
}

/** The loosest form (every fold): how look-alikes are found, and partial names matched in suggestions. */
export function looseOrgName(name: string): string {
  return loose(name);
}

/**
 * How `listed` differs from `given` when only invisible characters, spacing, compatibility forms or
 * letter case separate them: each fold without which the two would still differ, in the order of
 * `NameDifference`.
 * @returns the differences; `[]` for the same name (`sameOrgName`); undefined when they differ in more
 *   (a visible letter, a word)
 */
export function nameDifferences(given: string, listed: string): NameDifference[] | undefined {
  if (loose(given) !== loose(listed)) return undefined;
  if (sameOrgName(given, listed)) return [];
  const out: NameDifference[] = [];
  for (const [kind] of FOLDS) {
    if (loose(given, kind) === loose(listed, kind)) continue;
    if (kind === 'invisible') out.push({ kind, ...oneSided(given, listed, invisibleCharacters) });
    else if (kind === 'spacing') out.push({ kind, ...oneSided(given, listed, spacingFeatures) });
    else out.push({ kind });
  }
  return out;
}

/** What one side has and the other does not (as `describe` names them). */
function oneSided(given: string, listed: string, describe: (s: string) => string[]): { listedOnly: string[]; givenOnly: string[] } {
  const g = describe(orgNameKey(given));
  const l = describe(orgNameKey(listed));
  const strip = (s: string) => s.replace(/ at character \d+$/, '');
  return {
    listedOnly: l.filter((x) => !g.some((y) => strip(y) === strip(x))),
    givenOnly: g.filter((x) => !l.some((y) => strip(y) === strip(x))),
  };
}

/** Every invisible character of `key`, labelled, with its position counted in characters (1-based). */
function invisibleCharacters(key: string): string[] {
  return [...key].flatMap((c, i) => (INVISIBLE_RE.test(c) ? [`${codePointLabel(c)} at character ${i + 1}`] : []));
}

/** The spacing a reader cannot see in `key` (after invisible characters are dropped, as the fold does). */
function spacingFeatures(key: string): string[] {
  const s = key.replace(INVISIBLE, '');
  const out: string[] = [];
  if (/ {2,}/.test(s)) out.push('several spaces in a row');
  if (/^[^\S\uFEFF]/u.test(s)) out.push('a space at the start');
  if (/[^\S\uFEFF]$/u.test(s)) out.push('a space at the end');
  if (/[\t\n\v\f\r\u2028\u2029]/.test(s)) out.push('a tab or line break');
  return out;
}
