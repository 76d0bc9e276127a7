import {
  parseAllowedOrgs,
  parseAuthorUrl,
  parseBindingToken,
  parseImsEndpoint,
  parseLogLevel,
  parseOrg,
  parseRemovalPolicy,
  parseSettingsPath,
  parseTimeoutMs,
  show,
} from '../../src/inputs';
import { LIMITS } from '../../src/contract';
import { thrownBy } from '../helpers/errors';

const DEV = 'C0FFEE00000000000000DE01@AdobeOrg';
const PROD = 'C0FFEE000000000000009D01@AdobeOrg';

describe('parseOrg', () => {
  test.each([
    [DEV, { kind: 'id', id: DEV }],
    ['Contoso Creative (Dev)', { kind: 'name', name: 'Contoso Creative (Dev)' }],
    ["O'Reilly & Sons, Inc.", { kind: 'name', name: "O'Reilly & Sons, Inc." }],
    ['Контосо', { kind: 'name', name: 'Контосо' }], // one script only: not a look-alike trap
    ['Ünïcödé Gmbh', { kind: 'name', name: 'Ünïcödé Gmbh' }],
  ])('accepts %j', (raw, expected) => {
    expect(parseOrg(raw)).toEqual(expected);
  });

  test.each([
    ['lower-case id', 'c0ffee00000000000000de01@AdobeOrg', /Did you mean C0FFEE00000000000000DE01@AdobeOrg\?/],
    ['lower-case auth source', 'C0FFEE00000000000000DE01@adobeorg', /Did you mean C0FFEE00000000000000DE01@AdobeOrg\?/],
    ['23 hex digits', 'C0FFEE00000000000000DE0@AdobeOrg', /looks like an org id/],
    ['25 hex digits', 'C0FFEE00000000000000DE011@AdobeOrg', /looks like an org id/],
    ['bare 24 hex', 'C0FFEE00000000000000DE01', /Did you mean C0FFEE00000000000000DE01@AdobeOrg\?/],
    ['non-hex id', 'G0FFEE00000000000000DE01@AdobeOrg', /looks like an org id/],
    ['Cyrillic letter in an id', 'C0FFEE00000000000000DЕ01@AdobeOrg', /looks like an org id/],
    ['empty', '', /empty/],
    ['blank', '   ', /empty/],
    ['leading space', ' Contoso', /white space/],
    ['trailing newline', 'Contoso\n', /control/],
    ['tab inside', 'Contoso\tCreative', /control/],
    ['zero-width space', 'Contoso\u200bCreative', /control or invisible/],
    ['NUL', 'Contoso\u0000', /control/],
    ['command substitution', '$(touch /tmp/pwned)', /metacharacter/],
    ['backticks', '`id`', /metacharacter/],
    ['double quotes', 'Contoso "Dev"', /metacharacter/],
    ['semicolon', 'Contoso; rm -rf /', /metacharacter/],
    ['pipe', 'a | b', /metacharacter/],
    ['Cyrillic look-alike', 'Contoso Сreative (Dev)', /Cyrillic or Greek/],
    ['Greek look-alike', 'Cοntoso Creative', /Cyrillic or Greek/],
    ['too long', 'x'.repeat(256), /256 characters/],
  ])('refuses %s', (_what, raw, message) => {
    const e = thrownBy(() => parseOrg(raw));
    expect(e.code).toBe('invalid_input');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(message);
  });

  test.each([
    ['a zero-width space', 'Contoso\u200bCreative', 'U+200B ZERO WIDTH SPACE at character 8'],
    ['a trailing newline', 'Contoso\n', 'U+000A LINE FEED at character 8'],
    ['a right-to-left override after an emoji', '🎨 Contoso\u202e', 'U+202E RIGHT-TO-LEFT OVERRIDE at character 10'],
  ])('a refusal for %s names the character and where it is (quoted, the value looks right)', (_what, raw, named) => {
    expect(thrownBy(() => parseOrg(raw)).message).toContain(`contains a control or invisible formatting character, ${named}; remove it`);
  });

  test('refuses non-strings', () => {
    expect(thrownBy(() => parseOrg(42)).message).toMatch(/must be a string, got number/);
    expect(thrownBy(() => parseOrg(null)).message).toMatch(/got null/);
  });

  test('a refusal never echoes a huge value whole', () => {
    const e = thrownBy(() => parseOrg(`$${'a'.repeat(200)}`));
    expect(e.message.length).toBeLessThan(600);
    expect(e.message).toContain('...');
  });
});

describe('parseAuthorUrl / parseImsEndpoint', () => {
  test.each([
    ['https://author-p1234-e5678.adobeaemcloud.com', 'https://author-p1234-e5678.adobeaemcloud.com'],
    ['https://author-p1234-e5678.adobeaemcloud.com/', 'https://author-p1234-e5678.adobeaemcloud.com'],
    ['HTTPS://Author.Example.COM', 'https://author.example.com'],
    ['http://127.0.0.1:4502/env/dev', 'http://127.0.0.1:4502/env/dev'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://[::1]:8080/env/x/', 'http://[::1]:8080/env/x'],
    ['https://example.com:8443/base', 'https://example.com:8443/base'],
    ['https://example.com/.well-known/x', 'https://example.com/.well-known/x'],
  ])('accepts %s', (raw, expected) => {
    expect(parseAuthorUrl(raw)).toBe(expected);
  });

  test.each([
    ['credentials', 'https://user:pw@author.example.com', /credentials/],
    ['user only', 'https://user@author.example.com', /credentials/],
    ['query string', 'https://author.example.com/?a=1', /query string/],
    ['empty query', 'https://author.example.com/?', /query string/],
    ['fragment', 'https://author.example.com/#x', /fragment/],
    ['non-loopback http', 'http://author.example.com', /non-loopback/],
    ['http on 127-looking DNS name', 'http://127.0.0.1.evil.com', /non-loopback/],
    ['ftp', 'ftp://author.example.com', /scheme "ftp:"/],
    ['file', 'file:///etc/passwd', /scheme/],
    ['javascript', 'javascript:alert(1)', /scheme/],
    ['not a URL', 'author.example.com', /not a URL/],
    ['Cyrillic host', 'https://аuthor.example.com', /non-ASCII/],
    ['space inside', 'https://author .example.com', /non-ASCII|not a URL/],
    ['relative segment', 'https://author.example.com/a/../b', /relative path segment/],
    ['encoded relative segment', 'https://author.example.com/a/%2E%2e/b', /relative path segment/],
    ['trailing dot segment', 'https://author.example.com/env/..', /relative path segment/],
    ['single dot segment', 'https://author.example.com/./env', /relative path segment/],
    ['huge', `https://a.example.com/${'x'.repeat(10_000)}`, /at most 2048/],
    ['empty', '', /empty/],
  ])('refuses %s', (_what, raw, message) => {
    const e = thrownBy(() => parseAuthorUrl(raw));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(message);
  });

  test('a refused URL with credentials does not echo the password', () => {
    expect(thrownBy(() => parseAuthorUrl('https://user:hunter2-secret@author.example.com')).message).not.toContain('hunter2');
  });

  test('IMS endpoint: default, origin only', () => {
    expect(parseImsEndpoint(undefined)).toBe('https://ims-na1.adobelogin.com');
    expect(parseImsEndpoint('https://ims-na1-stg1.adobelogin.com/')).toBe('https://ims-na1-stg1.adobelogin.com');
    expect(thrownBy(() => parseImsEndpoint('https://ims-na1.adobelogin.com/ims')).message).toMatch(/has a path/);
    expect(thrownBy(() => parseImsEndpoint('http://ims.example.com')).message).toMatch(/non-loopback/);
  });
});

describe('other inputs', () => {
  test('allowed orgs', () => {
    expect(parseAllowedOrgs(undefined)).toBeUndefined();
    expect(parseAllowedOrgs('')).toBeUndefined();
    expect(parseAllowedOrgs(`${DEV},${PROD},${DEV}`)).toEqual([DEV, PROD]);
    expect(thrownBy(() => parseAllowedOrgs(`${DEV}, ${PROD}`)).message).toMatch(/not an org id/);
    expect(thrownBy(() => parseAllowedOrgs('Contoso Creative (Dev)')).message).toMatch(/Names are not accepted/);
    expect(thrownBy(() => parseAllowedOrgs(`${DEV},`)).code).toBe('invalid_input');
    expect(thrownBy(() => parseAllowedOrgs(Array(101).fill(DEV).join(','))).message).toMatch(/at most 100/);
  });

  test('the length and count limits are inclusive: at the limit accepted, one over refused', () => {
    const name = (n: number) => 'C'.repeat(n);
    expect(parseOrg(name(LIMITS.orgNameLength))).toEqual({ kind: 'name', name: name(LIMITS.orgNameLength) });
    expect(thrownBy(() => parseOrg(name(LIMITS.orgNameLength + 1))).message).toMatch(/256 characters long; at most 255/);
    expect(parseAllowedOrgs(Array(LIMITS.allowedOrgs).fill(DEV).join(','))).toEqual([DEV]);
    // A binding token holds an org (id or name) and a generation: room for the longest name and '#<generation>'.
    const longest = `${name(LIMITS.orgNameLength)}`;
    expect(parseBindingToken(longest)).toEqual({ org: { kind: 'name', name: longest } });
    expect(parseBindingToken(`${DEV}#${'9'.repeat(15)}`)).toEqual({ orgId: DEV, generation: 999999999999999 });
  });

  test('settings path', () => {
    expect(parseSettingsPath(undefined)).toBe('/adobe/assets/settings/creative-cloud');
    expect(parseSettingsPath('/custom/cc-settings.json')).toBe('/custom/cc-settings.json');
    for (const bad of ['relative/path', '/a/../b', '/a/./b', '/a b', '/a?x=1', '/a#b', '/', '//host/x', '/a/..']) {
      expect(thrownBy(() => parseSettingsPath(bad)).code).toBe('invalid_input');
    }
  });

  test('timeout', () => {
    expect(parseTimeoutMs(undefined)).toBe(10_000);
    expect(parseTimeoutMs('100')).toBe(100);
    expect(parseTimeoutMs('120000')).toBe(120_000);
    for (const bad of ['99', '120001', '0', '-1', '1.5', '1e3', 'abc', '', ' 300', '9999999999']) {
      expect(thrownBy(() => parseTimeoutMs(bad)).code).toBe('invalid_input');
    }
  });

  test('log level', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    for (const l of ['error', 'warn', 'info', 'debug']) expect(parseLogLevel(l)).toBe(l);
    for (const bad of ['DEBUG', 'verbose', 'trace', '']) expect(thrownBy(() => parseLogLevel(bad)).message).toMatch(/error, warn, info, debug/);
  });

  test('binding token', () => {
    expect(parseBindingToken(`${DEV}#7`)).toEqual({ orgId: DEV, generation: 7 });
    expect(parseBindingToken(`${DEV}#0`)).toEqual({ orgId: DEV, generation: 0 });
    expect(parseBindingToken(DEV)).toEqual({ org: { kind: 'id', id: DEV } });
    expect(parseBindingToken('Contoso Creative (Dev)')).toEqual({ org: { kind: 'name', name: 'Contoso Creative (Dev)' } });
    for (const bad of [
      `${DEV}#`,
      `${DEV}#-1`,
      `${DEV}#01`,
      `${DEV}#1.5`,
      `${DEV}#1#2`,
      'xyz#1',
      `${DEV.toLowerCase()}#1`,
      '',
      `${DEV}#${'9'.repeat(17)}`,
    ]) {
      expect(thrownBy(() => parseBindingToken(bad)).code).toBe('invalid_input');
    }
  });

  test('removal policy', () => {
    expect(parseRemovalPolicy(undefined, undefined)).toEqual({ kind: 'retain' });
    expect(parseRemovalPolicy('retain', undefined)).toEqual({ kind: 'retain' });
    expect(parseRemovalPolicy('revert', PROD)).toEqual({ kind: 'revert', to: { kind: 'id', id: PROD } });
    expect(parseRemovalPolicy(undefined, 'Contoso Creative (Prod)')).toEqual({
      kind: 'revert',
      to: { kind: 'name', name: 'Contoso Creative (Prod)' },
    });
    expect(thrownBy(() => parseRemovalPolicy('retain', PROD)).message).toMatch(/conflict/);
    expect(thrownBy(() => parseRemovalPolicy('revert', undefined)).message).toMatch(/no org to revert to/);
    expect(thrownBy(() => parseRemovalPolicy('delete', undefined)).message).toMatch(/unknown/);
    expect(thrownBy(() => parseRemovalPolicy('Retain', undefined)).code).toBe('invalid_input');
    expect(thrownBy(() => parseRemovalPolicy('revert', 'c0ffee000000000000009d01@AdobeOrg')).message).toMatch(/revert to/);
  });

  test('show() quotes, escapes control characters and cuts long values', () => {
    expect(show('a\nb')).toBe('"a\\nb"');
    expect(show('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(77)}...`));
  });
});
