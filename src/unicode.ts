/**
 * Naming the characters a reader cannot see. A message that quotes a value with an invisible or
 * look-alike character in it prints something that looks right; naming the character (`U+200B ZERO
 * WIDTH SPACE`) and where it is, is what lets the reader find it. Cheap to import: the construct loads
 * it at synth time through `inputs.ts`.
 */

/** Characters that render as nothing, or as an ordinary space: Unicode's default-ignorable code points. */
export const INVISIBLE_RE = /\p{Default_Ignorable_Code_Point}/u;

/** The Unicode names of the invisible, spacing and control characters that reach names and URLs by copy and paste. */
const NAMES = new Map<number, string>([
  [0x09, 'CHARACTER TABULATION'],
  [0x0a, 'LINE FEED'],
  [0x0d, 'CARRIAGE RETURN'],
  [0xa0, 'NO-BREAK SPACE'],
  [0xad, 'SOFT HYPHEN'],
  [0x34f, 'COMBINING GRAPHEME JOINER'],
  [0x1680, 'OGHAM SPACE MARK'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x2002, 'EN SPACE'],
  [0x2003, 'EM SPACE'],
  [0x2007, 'FIGURE SPACE'],
  [0x2009, 'THIN SPACE'],
  [0x200a, 'HAIR SPACE'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x2028, 'LINE SEPARATOR'],
  [0x2029, 'PARAGRAPH SEPARATOR'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x202f, 'NARROW NO-BREAK SPACE'],
  [0x205f, 'MEDIUM MATHEMATICAL SPACE'],
  [0x2060, 'WORD JOINER'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0x3000, 'IDEOGRAPHIC SPACE'],
  [0x3164, 'HANGUL FILLER'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'],
]);

/**
 * A character for messages: `U+200B ZERO WIDTH SPACE`, or `U+2061 (an invisible character)` for one
 * outside the table above (by its general category: control, formatting, space, invisible).
 * @param ch one character (a whole code point; only the first is described)
 */
export function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES.get(cp);
  if (name) return `${hex} ${name}`;
  if (/\p{Cc}/u.test(ch)) return `${hex} (a control character)`;
  if (/\p{Zs}/u.test(ch)) return `${hex} (a space)`;
  if (/\p{Cf}/u.test(ch)) return `${hex} (an invisible formatting character)`;
  if (INVISIBLE_RE.test(ch)) return `${hex} (an invisible character)`;
  return hex;
}

/**
 * The first character of `text` that `re` matches, labelled, with its position (1-based, counted in
 * characters as a reader counts them, not UTF-16 units): `U+200B ZERO WIDTH SPACE at character 8`.
 * @returns undefined when nothing matches
 */
export function findCharacter(text: string, re: RegExp): string | undefined {
  const chars = [...text];
  const at = chars.findIndex((c) => re.test(c));
  return at < 0 ? undefined : `${codePointLabel(chars[at])} at character ${at + 1}`;
}
