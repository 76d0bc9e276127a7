/**
 * Which credential each kind of command acts with when the environment holds one kind or both, and
 * the log line that says so (variables named, values never).
 */
import { chooseCredentials, describeActing } from '../../src/acting';
import type { CredentialSet } from '../../src/credentials';

const user = { mode: 'user', token: 'user-token-value' } as const;
const client = { mode: 'client', clientId: 'ci-client-value', clientSecret: 'ci-secret-value', scopes: 'openid' } as const;
const both: CredentialSet = { user, client };

test.each([
  ['both set, a read-only command (orgs, status, read)', both, 'read', client],
  ['both set, a command that switches (check, apply, destroy with revert)', both, 'switch', user],
  ['only a user token: every command', { user }, 'read', user],
  ['only a user token: every command', { user }, 'switch', user],
  ['only client credentials: every command (the identity check then speaks)', { client }, 'read', client],
  ['only client credentials: every command (the identity check then speaks)', { client }, 'switch', client],
] as const)('%s, %s -> %j', (_what, set, use, expected) => {
  expect(chooseCredentials(set, use)).toBe(expected);
});

describe('describeActing', () => {
  const keyFromClaim = { value: 'web-app', source: 'the client_id claim of the token in AEM_CC_ACCESS_TOKEN' };

  test('both set, switching: the user, why, what the client credentials are for, and the key source', () => {
    const line = describeActing(both, 'switch', user, keyFromClaim);
    expect(line).toBe(
      'acting as the user token in AEM_CC_ACCESS_TOKEN: this command checks or makes a switch, which needs a user; ' +
        'the client credentials in AEM_CC_CLIENT_ID (an OAuth Server-to-Server credential: a technical account) is for ' +
        'orgs, status and read (the plan); X-Api-Key to AEM: from the client_id claim of the token in AEM_CC_ACCESS_TOKEN',
    );
  });

  test('both set, reading: the technical account, and what the user token is for', () => {
    const line = describeActing(both, 'read', client, { value: 'ci-client-value', source: 'AEM_CC_CLIENT_ID' });
    expect(line).toMatch(
      /^acting as the client credentials in AEM_CC_CLIENT_ID .*: this command only reads; the user token in AEM_CC_ACCESS_TOKEN is for check, apply and destroy with revert; X-Api-Key to AEM: from AEM_CC_CLIENT_ID$/,
    );
  });

  test('one kind: which one, and no key with the reason', () => {
    expect(describeActing({ user }, 'switch', user, { source: 'none: not a JWT' })).toBe(
      'acting as the user token in AEM_CC_ACCESS_TOKEN; X-Api-Key to AEM: none: not a JWT',
    );
  });

  test('never a value', () => {
    const line = describeActing(both, 'read', client, { value: 'ci-client-value', source: 'AEM_CC_CLIENT_ID' });
    for (const v of ['user-token-value', 'ci-client-value', 'ci-secret-value']) expect(line).not.toContain(v);
  });
});
