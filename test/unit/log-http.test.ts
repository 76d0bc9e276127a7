import { createLogger, redact, redactSecrets, registerSecret, registerSecretsFromEnv, SECRET_RUN, show } from '../../src/log';
import { describeEndpoint, parseRetryAfter } from '../../src/http';

describe('redact', () => {
  test('registered secrets are masked wherever they appear', () => {
    registerSecret('s3cr3t-value-123');
    expect(redact('token s3cr3t-value-123 and again s3cr3t-value-123!')).toBe('token [REDACTED] and again [REDACTED]!');
  });

  test('secrets from the credential env vars are registered; other vars are not', () => {
    registerSecretsFromEnv({ AEM_CC_ACCESS_TOKEN: 'env-token-abcdef', AEM_CC_CLIENT_SECRET: 'env-secret-abcdef', AEM_CC_ORG: 'Contoso Creative' });
    expect(redact('env-token-abcdef env-secret-abcdef Contoso Creative')).toBe('[REDACTED] [REDACTED] Contoso Creative');
  });

  test('very short values are not registered (they would mask ordinary words)', () => {
    registerSecret('ab');
    expect(redact('a tab b')).toBe('a tab b');
  });

  test.each([
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer [REDACTED]'],
    ['authorization=xyz123', 'authorization=[REDACTED]'],
    ['sent bearer eyJhbGciOi.eyJ0eXAi.sig-_+/=', 'sent bearer [REDACTED]'],
    [
      'grant_type=client_credentials&client_id=id&client_secret=zzz&scope=a',
      'grant_type=client_credentials&client_id=id&client_secret=[REDACTED]&scope=a',
    ],
    ['?access_token=t0k&x=1', '?access_token=[REDACTED]&x=1'],
    ['{"access_token":"t0k","expires_in":1}', '{"access_token":"[REDACTED]","expires_in":1}'],
    ['{"client_secret": "x y z"}', '{"client_secret": "[REDACTED]"}'],
    ['nothing to hide here', 'nothing to hide here'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  test('the logger redacts and honours its level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    registerSecret('logger-secret-42');
    log.debug('hidden');
    log.info('value logger-secret-42');
    log.warn('Authorization: Bearer zzz');
    expect(lines).toEqual(['aem-cc [info] value [REDACTED]\n', 'aem-cc [warn] Authorization: Bearer [REDACTED]\n']);
  });
});

describe('redaction of parts and transformed forms (issue 13, item 2)', () => {
  const long = 'Lk3mN9pQ2rS7tV4wX8yZ1aB5cD6eF0gH'; // 32 characters
  const quoted = 'qu"ote\\back-slash';
  beforeAll(() => {
    registerSecret(long);
    registerSecret(quoted);
    registerSecret('kéy-漢字-🔑-0123456789');
  });

  test('any run of SECRET_RUN characters is masked; a shorter one is not', () => {
    expect(SECRET_RUN).toBe(12);
    expect(redact(`url https://x/${long.slice(5, 5 + SECRET_RUN)}/y`)).toBe('url https://x/[REDACTED]/y');
    expect(redact(`cut ${long.slice(0, 20)}...`)).toBe('cut [REDACTED]...');
    expect(redact(`short ${long.slice(0, SECRET_RUN - 1)}`)).toBe(`short ${long.slice(0, SECRET_RUN - 1)}`);
  });

  test('letter case does not hide it (a host name is shown in lower case)', () => {
    expect(redact(`https://${long.toLowerCase()}.example.com`)).toBe('https://[REDACTED].example.com');
  });

  test('escaped and percent-encoded forms are masked, whole or in part', () => {
    expect(redact(JSON.stringify({ v: quoted }))).toBe('{"v":"[REDACTED]"}');
    expect(redact(`path /${encodeURIComponent(quoted)}`)).toBe('path /[REDACTED]');
    expect(redact(`${JSON.stringify(`xx${long}yy`)}`)).toBe('"xx[REDACTED]yy"');
  });

  test('non-ASCII secrets, without splitting a surrogate pair', () => {
    const out = redact('before kéy-漢字-🔑-0123 after');
    expect(out).toBe('before [REDACTED] after');
    expect(out).not.toMatch(/[\uD800-\uDFFF]/);
  });

  test('redactSecrets() masks secrets only: data such as the read protocol\'s "token" field stays intact', () => {
    const answer = '{"in_sync":"false","token":"C0FFEE00000000000000DE01@AdobeOrg#2"}';
    expect(redactSecrets(answer)).toBe(answer);
    expect(redactSecrets(`{"token":"${long}"}`)).toBe('{"token":"[REDACTED]"}');
    expect(redact(answer)).toBe('{"in_sync":"false","token":"[REDACTED]"}'); // stderr: credential shapes too
  });

  test('show() redacts the raw value before cutting and quoting', () => {
    const s = `${long}${long}${long}`; // 96: longer than show's cut
    registerSecret(s);
    expect(show(s)).toMatch(/^"(\[REDACTED\])+"$/);
    expect(show(quoted)).toBe('"[REDACTED]"');
    expect(show(`x\n${'y'.repeat(100)}`)).toBe(JSON.stringify(`x\n${'y'.repeat(75)}...`));
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  test.each([
    [undefined, undefined],
    ['', undefined],
    ['0', { ms: 0, asked: '0 s' }],
    ['1', { ms: 1000, asked: '1 s' }],
    [' 3 ', { ms: 3000, asked: '3 s' }],
    ['10', { ms: 10_000, asked: '10 s' }],
    ['3600', { ms: 3_600_000, asked: '3600 s' }], // not capped here: the caller refuses to wait that long
    [['2', '5'], { ms: 2000, asked: '2 s' }],
    ['Wed, 01 Jan 2025 00:00:04 GMT', { ms: 4000, asked: 'until Wed, 01 Jan 2025 00:00:04 GMT' }],
    ['Tue, 31 Dec 2024 23:59:00 GMT', { ms: 0, asked: 'until Tue, 31 Dec 2024 23:59:00 GMT' }], // in the past
    ['Wed, 01 Jan 2025 01:00:00 GMT', { ms: 3_600_000, asked: 'until Wed, 01 Jan 2025 01:00:00 GMT' }],
    ['soon', undefined],
    ['12abc', undefined],
    ['-1', undefined], // Date.parse would take it as the year -1
    ['1.5', undefined],
    ['2025-01-01T00:00:04Z', undefined], // not an HTTP-date
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value as string | string[] | undefined, now)).toEqual(expected);
  });
});

describe('describeEndpoint', () => {
  test('never shows a query string or credentials', () => {
    expect(describeEndpoint('https://ims.example.com/ims/validate_token/v1?type=access_token&token=abc')).toBe(
      'https://ims.example.com/ims/validate_token/v1',
    );
    expect(describeEndpoint('https://u:p@ims.example.com/x')).toBe('https://ims.example.com/x');
    expect(describeEndpoint('not a url')).toBe('<invalid url>');
  });
});
