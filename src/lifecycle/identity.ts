/**
 * Which identities may switch the Creative Cloud org: people, not technical accounts.
 *
 * Adobe's rule for the switch (Experience League, "Connect AEM Assets to Creative Cloud",
 * prerequisites): "Administrator rights to Experience Manager Assets" and "Active entitlement to
 * Creative Cloud for the same user ID used across Creative Cloud and Experience Manager. Entitlements to
 * personal and federated IDs with the same email address are treated as different user IDs." It speaks
 * of a person's user ID. Client credentials (OAuth Server-to-Server) act as a technical account, "the
 * Server-to-Server (or technical system account)", and Adobe advises user authentication "whenever AEM
 * user context is involved" (Experience League, OpenAPI-based AEM APIs overview). Adobe does not say
 * whether AEM lets a technical account switch; our assumption is that it does not (its Creative Cloud
 * entitlement, if one were assigned, is not a user ID used across both products), so the handler lets
 * no technical account switch and says so before trying. A technical account can read.
 */
import { ENV, TECHNICAL_ACCOUNT_SUFFIX } from '../contract';
import { AemCcError } from '../errors';
import type { ProfileResponse } from '../schemas';
import type { Context } from './context';

/** What the command acts with (Credentials' mode): a user token, or client credentials. */
export type CredentialKind = Context['credential'];

/** What a technical account can do, for messages. */
const CAN_READ = 'it can read (orgs, status, read, destroy with retain) but cannot switch the Creative Cloud org';

/**
 * Whether the acting identity is a technical account: client credentials always act as one, and a
 * profile whose user id is `<id>@techacct.adobe.com` is one (a token minted with client credentials, set
 * as AEM_CC_ACCESS_TOKEN).
 */
export function isTechnicalAccount(credential: CredentialKind, profile?: ProfileResponse): boolean {
  return credential === 'client' || (profile?.userId ?? '').endsWith(TECHNICAL_ACCOUNT_SUFFIX);
}

/**
 * The `identity` check: undefined for a person; for a technical account `identity_mismatch` (exit 3),
 * saying what it can do, which rule it cannot meet, and which credential to set instead.
 * @param profile only for messages and for a technical account behind a user token; may be missing
 */
export function identityError(credential: CredentialKind, profile?: ProfileResponse): AemCcError | undefined {
  if (!isTechnicalAccount(credential, profile)) return undefined;
  const rule =
    `checked: the acting identity against Adobe's rule for the switch, an active Creative Cloud entitlement "for the same user ID ` +
    `used across Creative Cloud and Experience Manager", which is a person's (docs/going-live.md, step 4)`;
  const user = `a user who is an AEM Assets administrator of this environment and holds that entitlement`;
  if (credential === 'client') {
    const who = profile ? `${profile.userId}, the technical account of` : 'the technical account of';
    return new AemCcError(
      'identity_mismatch',
      `${who} the client credentials in ${ENV.clientId} (an OAuth Server-to-Server credential), is acting: ${CAN_READ}; ${rule}. ` +
        `Set ${ENV.accessToken} to an IMS access token of ${user}, and keep the client credentials beside it for plans: ` +
        `check, apply and destroy with revert then act with the user token.`,
    );
  }
  return new AemCcError(
    'identity_mismatch',
    `${profile!.userId}, the identity of the token in ${ENV.accessToken}, is a technical account (its user id ends in ` +
      `${TECHNICAL_ACCOUNT_SUFFIX}: a token minted with client credentials): ${CAN_READ}; ${rule}. Set ${ENV.accessToken} to a ` +
      `token that ${user} obtained by signing in (an OAuth Web App or Single Page App credential).`,
  );
}

/**
 * An org that does not resolve for a technical account (`org_not_found`, `org_not_accessible`), with
 * a hint: what IMS lists among a technical account's organizations is not documented, and it may be
 * only the org of its Developer Console project. `err` itself for a person, or for any other error.
 */
export function withTechnicalAccountHint(err: AemCcError, credential: CredentialKind): AemCcError {
  if (credential !== 'client' || (err.code !== 'org_not_found' && err.code !== 'org_not_accessible')) return err;
  return new AemCcError(
    err.code,
    `${err.message} Note: this command acts as the technical account of ${ENV.clientId}; which orgs IMS lists for a technical ` +
      `account is not documented, and it may be only the org of its Developer Console project. Check with "aem-cc orgs"; if the ` +
      `Creative Cloud org is not listed, run plans with the user token too (leave ${ENV.clientId} and ${ENV.clientSecret} unset).`,
    err.related,
    { cause: err },
  );
}
