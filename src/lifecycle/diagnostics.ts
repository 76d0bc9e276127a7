/**
 * The lifecycle's error messages, in one place. Each builder returns (never throws) an `AemCcError` whose
 * message says what was wrong, what was checked and what to do; the code decides the exit code.
 */
import type { ErrorCode } from '../contract';
import { AemCcError } from '../errors';
import type { ImsOrgSummary } from '../ims';
import { type BindingToken, show } from '../inputs';
import { looseOrgName, nameDifferences, type NameDifference } from '../org-names';
import type { BindingState, ProfileResponse } from '../schemas';

/** An org for messages: `Name (id)`, or `no org` for an unbound environment. */
export function describeOrg(o: { id: string; name: string } | { orgId: string | null; orgName: string | null }): string {
  if ('id' in o) return `${o.name} (${o.id})`;
  return o.orgId ? `${o.orgName ?? 'unnamed org'} (${o.orgId})` : 'no org';
}

/** The acting identity for messages: its user id and e-mail, when the profile was read. */
function who(profile?: ProfileResponse): string {
  if (!profile) return 'the acting identity';
  return `${profile.userId}${profile.email ? ` (${profile.email})` : ''}`;
}

/** A personal Adobe ID: `account_type` type1, or a user id in the `@AdobeID` namespace. */
function isPersonal(profile?: ProfileResponse): boolean {
  return profile?.account_type === 'type1' || (profile?.userId ?? '').endsWith('@AdobeID');
}

/** For a personal Adobe ID: the reminder that its federated twin is another user (else empty). */
function personalHint(profile?: ProfileResponse): string {
  if (!profile || !isPersonal(profile)) return '';
  return (
    ` Note: ${profile.userId} is a personal Adobe ID; a federated ID with the same e-mail` +
    `${profile.email ? ` (${profile.email})` : ''} is a different user ID with its own orgs.`
  );
}

/** `org_not_accessible`: an org id that is not among the `accessible` orgs of the identity. */
export function orgNotAccessible(orgId: string, accessible: number, profile?: ProfileResponse): AemCcError {
  return new AemCcError(
    'org_not_accessible',
    `org ${orgId} is not among the ${accessible} org(s) this identity can access; checked: IMS organizations of ` +
      `${who(profile)}. Use an org listed by "aem-cc orgs", or have an administrator of that org add this user to it.` +
      personalHint(profile),
  );
}

/** How names were compared, for the `checked:` part of the messages about names. */
const NAME_RULE = 'with names compared after Unicode NFC normalisation and every space separator read as a plain space';

/** `org_ambiguous`: an org name shared by several accessible orgs, listed with their ids. */
export function orgAmbiguous(name: string, matches: ImsOrgSummary[]): AemCcError {
  // Written differently but compared equal: say so, or the list would show the same name twice.
  const lookAlike = new Set(matches.map((o) => o.name)).size > 1;
  return new AemCcError(
    'org_ambiguous',
    `the org name ${show(name)} matches ${matches.length} orgs this identity can access: ` +
      `${matches.map((o) => `${o.name} (${o.id})`).join(', ')}` +
      `${lookAlike ? ', whose names look alike but are written differently (in Unicode normalisation or the kind of space)' : ''}; ` +
      `checked: IMS organizations, ${NAME_RULE}. Give the org id instead of the name.`,
  );
}

/**
 * `org_not_found`: no accessible org has this name. The suggestion, when there is one: the listed names
 * that differ from it only in ways a reader cannot see (or only in letter case), each with what differs;
 * otherwise the names that contain it, or that it contains, letter case and those differences aside.
 */
export function orgNotFound(name: string, orgs: ImsOrgSummary[], profile?: ProfileResponse): AemCcError {
  const checked =
    `no org named ${show(name)} among the ${orgs.length} org(s) this identity can access; ` +
    `checked: IMS organizations of ${who(profile)}, ${NAME_RULE}.`;
  const alike = orgs.flatMap((o) => {
    const differences = nameDifferences(name, o.name);
    return differences?.length ? [{ org: o, differences }] : [];
  });
  if (alike.length) {
    const suggestions = alike.map(({ org, differences }) => ` Did you mean ${show(org.name)} (${org.id})? ${describeDifferences(differences)}`);
    const kinds = new Set(alike.flatMap(({ differences }) => differences.map((d) => d.kind)));
    const advice =
      kinds.has('invisible') || kinds.has('spacing')
        ? ' The difference cannot be seen, so give the org id, which is exact.'
        : kinds.has('compatibility')
          ? ' The difference is easy to miss, so give the org id, which is exact.'
          : ' Names are matched with their letter case: give the name as listed, or the org id.';
    return new AemCcError('org_not_found', `${checked}${suggestions.join('')}${advice}` + personalHint(profile));
  }
  const loose = looseOrgName(name);
  const contains = (a: string, b: string) => b !== '' && a.includes(b);
  const near = orgs.filter((o) => contains(looseOrgName(o.name), loose) || contains(loose, looseOrgName(o.name)));
  const suggestion = near.length
    ? ` Did you mean ${near.map((o) => `${show(o.name)} (${o.id})`).join(' or ')}? Names are matched whole, with their letter case.`
    : '';
  return new AemCcError('org_not_found', `${checked}${suggestion} Run "aem-cc orgs" to list them, or give the org id.` + personalHint(profile));
}

/** `It differs from the name given only in ...`: each difference, with the characters involved where known. */
function describeDifferences(differences: NameDifference[]): string {
  const parts = differences.map((d) => {
    switch (d.kind) {
      case 'invisible': {
        const n = d.listedOnly.length + d.givenOnly.length;
        return `${n > 1 ? 'invisible characters' : 'an invisible character'}${oneSidedText(d)}`;
      }
      case 'spacing':
        return `spacing${oneSidedText(d)}`;
      case 'compatibility':
        return 'compatibility forms (a ligature, a full-width letter or another character that Unicode NFKC normalisation makes equal)';
      case 'case':
        return 'letter case';
    }
  });
  return `It differs from the name given only in ${joinAnd(parts)}.`;
}

/** ` (the listed name has X, the name given does not)`, both ways; when neither side has its own, they are elsewhere. */
function oneSidedText(d: { listedOnly: string[]; givenOnly: string[] }): string {
  const sides = [
    ...(d.listedOnly.length ? [`the listed name has ${joinAnd(d.listedOnly)}, the name given does not`] : []),
    ...(d.givenOnly.length ? [`the name given has ${joinAnd(d.givenOnly)}, the listed name does not`] : []),
  ];
  return ` (${sides.length ? sides.join('; ') : 'the same characters in other places'})`;
}

/** `a`, `a and b`, `a, b and c`. */
function joinAnd(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : (items[0] ?? '');
}

/**
 * No active Creative Cloud entitlement in `org`: `identity_mismatch` for a personal Adobe ID (the
 * entitlement usually belongs to the federated ID with the same e-mail), else `no_cc_entitlement`.
 */
export function entitlementError(profile: ProfileResponse, org: ImsOrgSummary): AemCcError {
  if (isPersonal(profile)) {
    return new AemCcError(
      'identity_mismatch',
      `${profile.userId}${profile.email ? ` (${profile.email})` : ''} is a personal Adobe ID and holds no active Creative Cloud ` +
        `entitlement in ${describeOrg(org)}; checked: the IMS profile's product contexts. A personal Adobe ID and a federated ID ` +
        `with the same e-mail are different user IDs, and the switch needs the entitlement under the same user ID that signs in to AEM. ` +
        `Sign in with the ID that holds the entitlement (usually the federated one), or have an admin of that org assign ` +
        `Creative Cloud to this ID.`,
    );
  }
  return new AemCcError(
    'no_cc_entitlement',
    `${who(profile)} holds no active Creative Cloud entitlement in ${describeOrg(org)}; checked: the IMS profile's product ` +
      `contexts (creative_cloud, ACTIVE, owned by that org). Pick the org with active Creative Cloud entitlements ` +
      `("aem-cc orgs" marks them), or have an admin of that org assign Creative Cloud to this user.`,
  );
}

/** `org_not_allowed`: the org is outside the environment's guardrail. */
export function allowedError(org: ImsOrgSummary, allowed: string[]): AemCcError {
  return new AemCcError(
    'org_not_allowed',
    `${describeOrg(org)} is not in the allowed orgs for this environment (${allowed.join(', ')}); checked: --allowed-orgs / allowedOrgs. ` +
      `If the org is right, add its id to allowedOrgs in the stack; otherwise fix the desired org.`,
  );
}

/** `conflict` (exit 4): the binding moved between the plan and this apply (a binding token with a generation). */
export function stalePlan(authorUrl: string, token: { orgId: string; generation: number }, target: ImsOrgSummary, live: BindingState): AemCcError {
  const planned = token.orgId === target.id ? `generation ${token.generation - 1}` : `${token.orgId}`;
  return new AemCcError(
    'conflict',
    `the binding of ${authorUrl} changed after the plan was made: the plan expected to switch from ${planned} ` +
      `(binding token ${token.orgId}#${token.generation}), but it is now ${describeOrg(live)} at generation ${live.generation}, ` +
      `so another deploy or a change by hand in AEM Assets > Settings > Creative Cloud switched it in between; checked: the live ` +
      `binding against the plan's binding token. Nothing was changed. Run "cdktf diff" to review the new state, then deploy again.`,
  );
}

/** `conflict` (exit 4): the write met a 412 and the re-read shows another org than the desired one. */
export function changedDuringApply(authorUrl: string, before: BindingState, now: BindingState): AemCcError {
  return new AemCcError(
    'conflict',
    `the binding of ${authorUrl} changed while this apply ran: it was ${describeOrg(before)} at generation ${before.generation} ` +
      `and is now ${describeOrg(now)} at generation ${now.generation}, so another deploy or a change by hand in ` +
      `AEM Assets > Settings > Creative Cloud switched it; checked: If-Match generation ${before.generation} (412) and a re-read. ` +
      `Nothing was overwritten. Find out who switched it, then run "cdktf diff" and deploy again.`,
  );
}

/** `remote_error`: the write answered 200 but names another org than the one written. */
export function writeAnsweredOtherOrg(answer: BindingState, target: ImsOrgSummary): AemCcError {
  return new AemCcError(
    'remote_error',
    `the binding write answered 200 but reports ${describeOrg(answer)} instead of ${describeOrg(target)}; nothing more was tried. ` +
      `Run "aem-cc status" and report this.`,
  );
}

/** The refusals AEM is known to send with a 422 (its `error` field), and the code each is reported as. */
const KNOWN_REFUSALS = new Map<string, ErrorCode>([
  ['unknown_org', 'org_not_found'],
  ['org_not_accessible', 'org_not_accessible'],
  ['not_entitled', 'no_cc_entitlement'],
]);

/** A remote value quoted for a message: JSON-quoted, long values cut, `(none)` when absent. */
function quote(value: string | undefined): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value.length > 300 ? `${value.slice(0, 297)}...` : value);
}

/**
 * AEM's refusal of a write (after our own checks passed), as the error to report:
 * - `422 unknown_org` -> `org_not_found`; `422 org_not_accessible` -> `org_not_accessible`;
 *   `422 not_entitled` -> `no_cc_entitlement` (exit 3): the org's entitlements or the user's access
 *   changed between our checks and the write;
 * - any other refusal (a 422 whose `error` we do not know) -> `remote_error` (exit 1), quoting AEM's
 *   `error` and `message`: it is an answer we do not know, and naming a cause would be a guess.
 * A 403 is not handled here: the caller reports it as `not_admin` with the AEM client's message.
 */
export function writeRefused(refusal: { status: number; error?: string; message?: string }, target: ImsOrgSummary): AemCcError {
  const code = refusal.error === undefined ? undefined : KNOWN_REFUSALS.get(refusal.error);
  if (code === undefined) {
    return new AemCcError(
      'remote_error',
      `AEM refused to switch to ${describeOrg(target)} with an answer aem-cc does not know: ${refusal.status}, error ${quote(refusal.error)}, ` +
        `message ${quote(refusal.message)}; checked: the answer to the binding write against the refusals AEM is known to send ` +
        `(${[...KNOWN_REFUSALS.keys()].join(', ')}). The binding was not changed by this write. Run "aem-cc check" and ` +
        `"aem-cc status" to see the current state; if every check passes, report this answer.`,
    );
  }
  const detail = refusal.message ? `: ${refusal.message}` : '';
  return new AemCcError(
    code,
    `AEM refused to switch to ${describeOrg(target)} (${refusal.status} ${
      refusal.error
    }${detail}); checked by AEM itself after our own checks passed, ` +
      `so the org's entitlements or the user's access changed just now. Run "aem-cc check" to see the current state, fix it, and deploy again.`,
  );
}

/**
 * The ways out of a destroy that the plan-time read blocks. `read` runs in every plan, the plan of
 * `cdktf destroy` included, and cannot tell which plan it serves. Each way out was verified on
 * Terraform 1.15.9 and OpenTofu 1.12.6 (test/e2e/lifecycle.test.ts): `TF_CLI_ARGS_destroy` is the
 * variable `terraform destroy` (what `cdktf destroy` runs) reads its extra flags from, and `-refresh=false`
 * makes its plan skip reading data sources. `TF_CLI_ARGS_plan` and `TF_CLI_ARGS_apply` do not reach a
 * destroy, and a bare `TF_CLI_ARGS` would break the `init` cdktf runs first.
 */
const DESTROY_WAYS_OUT =
  'This is the plan-time read of drift detection, which every plan runs, the plan of "cdktf destroy" included; to destroy anyway: ' +
  'fix the cause above, or set driftDetection: false on the binding, or run the destroy with TF_CLI_ARGS_destroy=-refresh=false in its ' +
  'environment (Terraform 1.15.9 and OpenTofu 1.12.6 then skip this read). The removal policy still applies: revertTo needs valid ' +
  'credentials when the destroy runs, retain needs none.';

/**
 * A failure of the plan-time read, ending with the ways out of a destroy it blocks (whatever the
 * cause: the plan stops either way). Same code, exit code, further failures and cause.
 */
export function planReadFailed(e: AemCcError): AemCcError {
  return new AemCcError(e.code, `${e.message} ${DESTROY_WAYS_OUT}`, e.related, { cause: e.cause });
}

/** A binding token for messages: `orgId#generation`, or the org alone (without drift detection). */
export function tokenText(t: BindingToken): string {
  if (t.generation !== undefined) return `${t.orgId}#${t.generation}`;
  return t.org.kind === 'id' ? t.org.id : t.org.name;
}
