/**
 * The prerequisites of a switch: every read they need, sent in parallel, then every check evaluated on
 * what came back (credentials, administrator, org, entitlement, allowed orgs) and reported together.
 */
import { ACTIVE_STATUS, ADMIN_GROUP, CC_SERVICE_CODE, EXIT } from '../contract';
import { AemCcError, asAemCcError, combine } from '../errors';
import type { ImsOrgSummary } from '../ims';
import type { OrgRef } from '../inputs';
import { sameOrgName } from '../org-names';
import type { BindingState, CurrentUserResponse, ProfileResponse } from '../schemas';
import type { Context } from './context';
import { allowedError, entitlementError, orgAmbiguous, orgNotAccessible, orgNotFound } from './diagnostics';
import { identityError } from './identity';

/** One check's outcome, as `check --json` prints it (`code` and `message` only when it failed). */
export interface CheckResult {
  name: 'credentials' | 'identity' | 'admin' | 'org' | 'entitlement' | 'allowed';
  ok: boolean;
  code?: string;
  message?: string;
}

/** One read: its value, or the error it ended with. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: AemCcError };

/** What the prerequisite reads gave, each read on its own. */
export interface PrerequisiteReads {
  /** The access token the reads used; the write uses it too. */
  token: string;
  /** What the token came from (a technical account's cannot switch: identity.ts). */
  credential: Context['credential'];
  profile: Read<ProfileResponse>;
  orgs: Read<ImsOrgSummary[]>;
  user: Read<CurrentUserResponse>;
  binding: Read<BindingState>;
}

/**
 * Every check's outcome. When all passed: the desired org resolved, the live binding and the token.
 * Otherwise: every failure, in report order, one per code (never empty).
 */
export type Evaluation =
  | { ok: true; checks: CheckResult[]; target: ImsOrgSummary; binding: BindingState; token: string }
  | { ok: false; checks: CheckResult[]; failures: AemCcError[] };

/**
 * Resolves an org id or name among the orgs the identity can access. Names are compared as
 * `sameOrgName` compares them (NFC, every space separator a plain space, letter case kept), on both
 * sides: IMS may list a name in NFD or with a no-break space too.
 * @param profile only for messages (who was checked, the personal-ID hint)
 * @throws AemCcError `org_not_accessible` (an id not among them), `org_ambiguous` (a name several orgs
 *   share), `org_not_found` (no org has that name)
 */
export function resolveOrg(ref: OrgRef, orgs: ImsOrgSummary[], profile?: ProfileResponse): ImsOrgSummary {
  if (ref.kind === 'id') {
    const hit = orgs.find((o) => o.id === ref.id);
    if (hit) return hit;
    throw orgNotAccessible(ref.id, orgs.length, profile);
  }
  const hits = orgs.filter((o) => sameOrgName(o.name, ref.name));
  if (hits.length === 1) return hits[0];
  if (hits.length > 1) throw orgAmbiguous(ref.name, hits);
  throw orgNotFound(ref.name, orgs, profile);
}

/** Whether the profile holds an active Creative Cloud product context owned by `orgId`. */
export function hasCreativeCloud(profile: ProfileResponse, orgId: string): boolean {
  return profile.projectedProductContext.some(
    (pc) => pc.prodCtx.serviceCode === CC_SERVICE_CODE && pc.prodCtx.statusCode === ACTIVE_STATUS && pc.prodCtx.owningEntity === orgId,
  );
}

function isAdmin(user: CurrentUserResponse): boolean {
  return user.memberOf.some((g) => g.authorizableId === ADMIN_GROUP);
}

function settle<T>(r: PromiseSettledResult<T>): Read<T> {
  return r.status === 'fulfilled' ? { ok: true, value: r.value } : { ok: false, error: asAemCcError(r.reason) };
}

/**
 * Sends every read the prerequisites need, in parallel: IMS profile and organizations, AEM current user
 * and binding (not read again when `knownLive` is given).
 * @throws AemCcError the first remote failure (exit 1, after the HTTP layer's retries): a read that
 *   could not be made is not a failed check. Refusals (401, 403) come back as failed reads instead.
 */
export async function readPrerequisites(ctx: Context, knownLive?: BindingState): Promise<PrerequisiteReads> {
  const token = await ctx.tokens.token();
  const [profile, orgs, user, binding] = await Promise.allSettled([
    ctx.ims.profile(token),
    ctx.ims.organizations(token),
    ctx.aem.currentUser(token),
    knownLive ?? ctx.aem.getBinding(token),
  ]);
  const reads: PrerequisiteReads = {
    token,
    credential: ctx.credential,
    profile: settle(profile),
    orgs: settle(orgs),
    user: settle(user),
    binding: settle(binding),
  };
  for (const r of [reads.profile, reads.orgs, reads.user, reads.binding]) {
    if (!r.ok && r.error.exitCode === EXIT.remote) throw r.error;
  }
  return reads;
}

function dedupe(errors: AemCcError[]): AemCcError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.code) ? false : (seen.add(e.code), true)));
}

/**
 * Evaluates every check on the reads, in order: credentials (a refused token ends the evaluation: nothing
 * else can be judged), identity (a technical account cannot switch), administrator, org, then
 * entitlement (not judged for a technical account) and allowed orgs for the resolved org.
 * Failures are reported read failures first, then failed checks, one per code.
 * @param notAdmin the `not_admin` error to report when the current user is not an administrator
 */
export function evaluatePrerequisites(
  reads: PrerequisiteReads,
  desired: OrgRef,
  allowed: string[] | undefined,
  notAdmin: () => AemCcError,
): Evaluation {
  const readFailures = [reads.profile, reads.orgs, reads.user, reads.binding].flatMap((r) => (r.ok ? [] : [r.error]));
  const checks: CheckResult[] = [];
  const checkFailures: AemCcError[] = [];
  const record = (name: CheckResult['name'], err?: AemCcError) => {
    checks.push(err ? { name, ok: false, code: err.code, message: err.message } : { name, ok: true });
    if (err) checkFailures.push(err);
  };

  const credentials = readFailures.find((f) => f.code === 'invalid_credentials');
  record('credentials', credentials);
  if (credentials) return { ok: false, checks, failures: dedupe(readFailures) };

  const identity = identityError(reads.credential, reads.profile.ok ? reads.profile.value : undefined);
  record('identity', identity);

  record('admin', readFailures.find((f) => f.code === 'not_admin') ?? (reads.user.ok && !isAdmin(reads.user.value) ? notAdmin() : undefined));

  let target: ImsOrgSummary | undefined;
  if (reads.orgs.ok) {
    try {
      target = resolveOrg(desired, reads.orgs.value, reads.profile.ok ? reads.profile.value : undefined);
      record('org');
    } catch (e) {
      record('org', asAemCcError(e));
    }
  } else {
    record('org', reads.orgs.error);
  }
  if (target) {
    if (identity) {
      // No entitlement check for a technical account: the identity check has said it cannot switch.
    } else if (!reads.profile.ok) record('entitlement', reads.profile.error);
    else record('entitlement', hasCreativeCloud(reads.profile.value, target.id) ? undefined : entitlementError(reads.profile.value, target));
    if (allowed) record('allowed', allowed.includes(target.id) ? undefined : allowedError(target, allowed));
  }

  const failures = dedupe([...readFailures, ...checkFailures]);
  if (failures.length === 0 && target && reads.binding.ok) return { ok: true, checks, target, binding: reads.binding.value, token: reads.token };
  return { ok: false, checks, failures };
}

/**
 * Reads and evaluates every prerequisite (see `readPrerequisites` and `evaluatePrerequisites`).
 * @throws AemCcError a remote failure (exit 1)
 */
export async function checkPrerequisites(ctx: Context, desired: OrgRef, allowed?: string[], knownLive?: BindingState): Promise<Evaluation> {
  const reads = await readPrerequisites(ctx, knownLive);
  return evaluatePrerequisites(reads, desired, allowed, () => ctx.aem.notAdmin());
}

/**
 * Like `checkPrerequisites`, for a command that must not go on when one failed.
 * @throws AemCcError every failed check combined (the first one's code leads; exit 3 or as coded), or a remote failure
 */
export async function requirePrerequisites(
  ctx: Context,
  desired: OrgRef,
  allowed?: string[],
  knownLive?: BindingState,
): Promise<Extract<Evaluation, { ok: true }>> {
  const ev = await checkPrerequisites(ctx, desired, allowed, knownLive);
  if (!ev.ok) throw combine(ev.failures);
  return ev;
}
