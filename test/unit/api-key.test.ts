/**
 * The X-Api-Key the AEM client sends: which value for which credentials, and which tokens give none.
 */
import { apiKeyFor, tokenClientId } from '../../src/api-key';
import { mintAccessToken } from '../../src/emulator';
import { redact } from '../../src/log';

const jwt = (payload: unknown) => ['{"alg":"RS256"}', JSON.stringify(payload), 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.');

describe('tokenClientId', () => {
  test('an IMS-shaped access token: its client_id claim, read without verifying anything', () => {
    const { token } = mintAccessToken({ clientId: 'contoso-web-app', userId: 'A1@c0ffee.e', scope: 'openid' });
    expect(tokenClientId(token)).toBe('contoso-web-app');
  });

  test.each([
    ['an opaque token', 'emu-token-ana'],
    ['two parts', 'a.b'],
    ['a payload that is not JSON', `x.${Buffer.from('not json').toString('base64url')}.y`],
    ['a payload that is an array', jwt(['client_id'])],
    ['no client_id claim', jwt({ user_id: 'A1@c0ffee.e' })],
    ['a client_id that is not a string', jwt({ client_id: 42 })],
    ['a client_id with a space', jwt({ client_id: 'two words' })],
    ['a client_id with a line break (no header injection)', jwt({ client_id: 'ok\r\nx-evil: 1' })],
    ['an empty client_id', jwt({ client_id: '' })],
  ])('%s: none', (_what, token) => {
    expect(tokenClientId(token)).toBeUndefined();
  });
});

describe('apiKeyFor', () => {
  test('client credentials: the client id, always', () => {
    expect(apiKeyFor({ mode: 'client', clientId: 'ci-client-4711', clientSecret: 's', scopes: 'openid' })).toEqual({
      value: 'ci-client-4711',
      source: expect.stringContaining('AEM_CC_CLIENT_ID'),
    });
  });

  test('a user token: its client_id claim; AEM_CC_API_KEY wins over it', () => {
    const token = jwt({ client_id: 'web-app-client-1' });
    expect(apiKeyFor({ mode: 'user', token })).toEqual({ value: 'web-app-client-1', source: expect.stringContaining('client_id claim') });
    expect(apiKeyFor({ mode: 'user', token, apiKey: 'override-client-2' })).toEqual({ value: 'override-client-2', source: 'AEM_CC_API_KEY' });
  });

  test('a user token that is not a JWT with a client_id: no value, and the source says why and what to set', () => {
    const key = apiKeyFor({ mode: 'user', token: 'emu-token-ana' });
    expect(key.value).toBeUndefined();
    expect(key.source).toMatch(/not a JWT with a client_id claim, and AEM_CC_API_KEY is not set/);
  });

  test('the value is redacted from every output, like the client id it is', () => {
    apiKeyFor({ mode: 'user', token: jwt({ client_id: 'claim-client-id-77' }) });
    expect(redact('sent claim-client-id-77')).toBe('sent [REDACTED]');
  });
});
