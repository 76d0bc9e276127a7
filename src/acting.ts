/**
 * Which credential a command acts with, and the log line that says so.
 *
 * Client credentials (an Adobe Developer Console OAuth Server-to-Server credential) act as a technical
 * account, "the Server-to-Server (or technical system account)" in Adobe's words (Experience League,
 * "OpenAPI-based AEM APIs" overview, "Which Authentication method to use"); Adobe's rule for the
 * switch needs a user with "active entitlement to Creative Cloud for the same user ID used across
 * Creative Cloud and Experience Manager" (Experience League, "Connect AEM Assets to Creative Cloud").
 * So when the environment holds both kinds:
 *
 * | use | commands | acts with |
 * |---|---|---|
 * | `read` | `orgs`, `status`, `read` (every plan) | the client credentials |
 * | `switch` | `check`, `apply`, `destroy` with revert | the user token |
 *
 * and when it holds one kind, every command acts with that one (a technical account then fails the
 * identity check of `check`, `apply` and a revert, saying what to set).
 */
import { ENV } from './contract';
import type { ApiKey } from './api-key';
import type { CredentialSet, Credentials } from './credentials';

/** What a command does with its credential: only read, or check or make a switch. */
export type CredentialUse = 'read' | 'switch';

/** The commands of each use, for messages. */
const COMMANDS: Record<CredentialUse, string> = {
  read: 'orgs, status and read (the plan)',
  switch: 'check, apply and destroy with revert',
};

/**
 * The credential a command acts with: for `read` the client credentials when set, for `switch` the
 * user token when set; otherwise whichever one the environment holds.
 * @param set what `readCredentialSet` read (at least one kind)
 */
export function chooseCredentials(set: CredentialSet, use: CredentialUse): Credentials {
  const chosen = use === 'read' ? (set.client ?? set.user) : (set.user ?? set.client);
  if (!chosen) throw new Error('chooseCredentials: an empty credential set'); // readCredentialSet never returns one
  return chosen;
}

/** The credential for messages: which variable it came from, and what kind of identity it is. */
export function describeCredential(c: Credentials): string {
  return c.mode === 'user'
    ? `the user token in ${ENV.accessToken}`
    : `the client credentials in ${ENV.clientId} (an OAuth Server-to-Server credential: a technical account)`;
}

/**
 * The log line of every command that sends requests: which credential it acts with and why, the other
 * credential's part when both are set, and where its X-Api-Key comes from. Names variables, never values.
 */
export function describeActing(set: CredentialSet, use: CredentialUse, chosen: Credentials, apiKey: ApiKey): string {
  const key = `; X-Api-Key to AEM: ${apiKey.value === undefined ? apiKey.source : `from ${apiKey.source}`}`;
  const other: Credentials | undefined = chosen.mode === 'user' ? set.client : set.user;
  if (!other) return `acting as ${describeCredential(chosen)}${key}`;
  const why =
    use === 'read'
      ? `this command only reads; ${describeCredential(other)} is for ${COMMANDS.switch}`
      : `this command checks or makes a switch, which needs a user; ${describeCredential(other)} ` + `is for ${COMMANDS.read}`;
  return `acting as ${describeCredential(chosen)}: ${why}${key}`;
}
