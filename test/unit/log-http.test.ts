import { createLogger, redact, registerSecret, registerSecretsFromEnv } from '../../src/log';
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
    ['grant_type=client_credentials&client_id=id&client_secret=zzz&scope=a', 'grant_type=client_credentials&client_id=id&client_secret=[REDACTED]&scope=a'],
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
    expect(describeEndpoint('https://ims.example.com/ims/validate_token/v1?type=access_token&token=abc')).toBe('https://ims.example.com/ims/validate_token/v1');
    expect(describeEndpoint('https://u:p@ims.example.com/x')).toBe('https://ims.example.com/x');
    expect(describeEndpoint('not a url')).toBe('<invalid url>');
  });
});
