/**
 * How the AEM client reads a 403, against local servers giving the answers Adobe's services are known
 * to give: the gateway's 403003 and AEM's "not allowlisted" are about the client (invalid_credentials);
 * any other 403 is not_admin, quoting what AEM said.
 */
import { AemClient } from '../../src/aem';
import type { ApiKey } from '../../src/api-key';
import { Http } from '../../src/http';
import { silentLogger } from '../../src/log';
import { rejectionOf } from '../helpers/errors';
import { constantServer, type Listener } from '../helpers/listeners';

const SETTINGS = '/adobe/assets/settings/creative-cloud';
const PROBLEM = { 'content-type': 'application/problem+json' };

async function getBindingAgainst(
  answer: { status: number; headers?: Record<string, string>; body: string },
  key: ApiKey = { value: 'web-app', source: 'AEM_CC_API_KEY' },
) {
  const server: Listener = await constantServer(answer);
  try {
    const http = new Http({ timeoutMs: 2_000, deadline: AbortSignal.timeout(10_000), logger: silentLogger, attempts: 1 });
    return await rejectionOf(new AemClient(http, server.url, SETTINGS, key).getBinding('some-token'));
  } finally {
    await server.close();
  }
}

test('the gateway refusing the key: invalid_credentials, naming the key source and the fix, never the value', async () => {
  const err = await getBindingAgainst({ status: 403, body: JSON.stringify({ error_code: '403003', message: 'Api Key is invalid' }) });
  expect(err.code).toBe('invalid_credentials');
  expect(err.exitCode).toBe(3);
  expect(err.message).toMatch(
    /answered 403 403003 "Api Key is invalid": Adobe's API gateway refused the client; checked: the X-Api-Key sent was AEM_CC_API_KEY/,
  );
  expect(err.message).toMatch(/api\.yaml/);
});

test('no key sent: the fix is AEM_CC_API_KEY', async () => {
  const err = await getBindingAgainst({ status: 403, body: JSON.stringify({ error_code: '403003', message: 'Api Key is invalid' }) }, {
    source: 'none: not a JWT',
  } as never);
  expect(err.message).toMatch(/no X-Api-Key was sent \(none: not a JWT\)\. Set AEM_CC_API_KEY to the client id/);
});

test('another gateway code (403023 "Profile is not valid") is about the credential too', async () => {
  const err = await getBindingAgainst({ status: 403, body: JSON.stringify({ error_code: '403023', message: 'Profile is not valid' }) });
  expect(err.code).toBe('invalid_credentials');
  expect(err.message).toMatch(/403023 "Profile is not valid"/);
});

test("AEM's RFC 7807 'not allowlisted': invalid_credentials, naming the api.yaml and the config pipeline", async () => {
  const detail = 'IMS Client ID not allowlisted. Allowlist the Client ID using the Configuration Pipeline.';
  const body = JSON.stringify({ type: 'https://api.adobeaemcloud.com/adobe/meta/errors/forbidden', title: 'Forbidden', status: 403, detail });
  const err = await getBindingAgainst({ status: 403, headers: PROBLEM, body });
  expect(err.code).toBe('invalid_credentials');
  expect(err.message).toContain(JSON.stringify(detail));
  expect(err.message).toMatch(/data\.allowedClientIDs\.author of an api\.yaml \(kind: "API"\).* config pipeline/);
});

test('any other 403 stays not_admin, quoting what AEM said (a real AEM may mean its scopes)', async () => {
  const detail = 'The access token is missing required scopes.';
  const body = JSON.stringify({ type: 'https://api.adobeaemcloud.com/adobe/meta/errors/forbidden', title: 'Forbidden', status: 403, detail });
  const err = await getBindingAgainst({ status: 403, headers: PROBLEM, body });
  expect(err.code).toBe('not_admin');
  expect(err.message).toContain(`answered 403: ${JSON.stringify(detail)})`);
  const plain = await getBindingAgainst({ status: 403, body: 'forbidden' });
  expect(plain.code).toBe('not_admin');
  expect(plain.message).toMatch(/answered 403\)/);
});
