/**
 * The lifecycle commands that change nothing: `check` (every prerequisite), `status` (the live
 * binding), `read` (the plan-time read) and `orgs` (the accessible orgs).
 */
import { ENV } from '../contract';
import { AemCcError, combine } from '../errors';
import type { ImsOrgSummary } from '../ims';
import type { OrgRef } from '../inputs';
import type { Context } from './context';
import { allowedError } from './diagnostics';
import { isTechnicalAccount, withTechnicalAccountHint } from './identity';
import { type CheckResult, checkPrerequisites, hasCreativeCloud, resolveOrg } from './prerequisites';

/** `check`'s answer: every check, and the combined failure to report when one failed. */
export interface CheckReport {
  ok: boolean;
  checks: CheckResult[];
  failure?: AemCcError;
}

/** What `status --json` prints; `inSync` only when a desired org was given. */
export interface StatusResult {
  orgId: string | null;
  orgName: string | null;
  generation: number;
  inSync?: boolean;
}

/** What `read` prints for Terraform's external data source: a flat object of strings. */
export interface ReadResult {
  org_id: string;
  org_name: string;
  generation: string;
  in_sync: string;
  token: string;
  desired_org_id: string;
  desired_org_name: string;
}

/** One accessible org, as `orgs --json` prints it. */
export interface OrgEntry {
  id: string;
  name: string;
  creativeCloudEntitled: boolean;
}

/**
 * Every prerequisite for binding to `desired`, changing nothing. Four requests, in parallel.
 * @throws AemCcError a remote failure (exit 1); failed checks are in the answer, not thrown
 */
export async function check(ctx: Context, desired: OrgRef, allowed?: string[]): Promise<CheckReport> {
  const ev = await checkPrerequisites(ctx, desired, allowed);
  if (ev.ok) return { ok: true, checks: ev.checks };
  return { ok: false, checks: ev.checks, failure: combine(ev.failures) };
}

/**
 * The live binding and, with `desired`, whether it is that org. One request, two in parallel for a
 * desired org given by name (it is resolved among the accessible orgs).
 * @throws AemCcError remote failures; `org_not_found`/`org_ambiguous` for a name that does not resolve
 */
export async function status(ctx: Context, desired?: OrgRef): Promise<StatusResult> {
  const token = await ctx.tokens.token();
  if (!desired) {
    const live = await ctx.aem.getBinding(token);
    return { orgId: live.orgId, orgName: live.orgName, generation: live.generation };
  }
  if (desired.kind === 'id') {
    const live = await ctx.aem.getBinding(token);
    return { orgId: live.orgId, orgName: live.orgName, generation: live.generation, inSync: live.orgId === desired.id };
  }
  const [live, orgs] = await Promise.all([ctx.aem.getBinding(token), ctx.ims.organizations(token)]);
  const desiredId = resolveFor(ctx, desired, orgs).id;
  return { orgId: live.orgId, orgName: live.orgName, generation: live.generation, inSync: live.orgId === desiredId };
}

/**
 * The plan-time read: the live binding, the desired org resolved, and the binding token the apply will
 * leave (`desired#generation` when in sync, else `desired#(generation + 1)`). Two requests, in parallel.
 * @throws AemCcError remote failures; the org's resolution errors; `org_not_allowed` outside `allowed`
 */
export async function read(ctx: Context, desired: OrgRef, allowed?: string[]): Promise<ReadResult> {
  const token = await ctx.tokens.token();
  const [live, orgs] = await Promise.all([ctx.aem.getBinding(token), ctx.ims.organizations(token)]);
  const target = resolveFor(ctx, desired, orgs);
  if (allowed && !allowed.includes(target.id)) throw allowedError(target, allowed);
  const inSync = live.orgId === target.id;
  const generation = inSync ? live.generation : live.generation + 1;
  return {
    org_id: live.orgId ?? '',
    org_name: live.orgName ?? '',
    generation: String(live.generation),
    in_sync: String(inSync),
    token: `${target.id}#${generation}`,
    desired_org_id: target.id,
    desired_org_name: target.name,
  };
}

/**
 * The accessible orgs and whether the identity is Creative Cloud entitled in each. Two requests, in
 * parallel. For a technical account it logs (info) that it cannot switch whatever it is entitled to.
 */
export async function orgs(ctx: Context): Promise<{ orgs: OrgEntry[] }> {
  const token = await ctx.tokens.token();
  const [list, profile] = await Promise.all([ctx.ims.organizations(token), ctx.ims.profile(token)]);
  if (isTechnicalAccount(ctx.credential, profile)) {
    ctx.logger.info(
      `${profile.userId} is a technical account: it can read but cannot switch, so these are not the orgs a switch can use; ` +
        `list the switching user's with that user's token alone (${ENV.clientId} and ${ENV.clientSecret} unset or empty)`,
    );
  }
  return { orgs: list.map((o) => ({ id: o.id, name: o.name, creativeCloudEntitled: hasCreativeCloud(profile, o.id) })) };
}

/** `resolveOrg`, its errors with the technical-account hint when that is who resolved it (identity.ts). */
function resolveFor(ctx: Context, desired: OrgRef, list: ImsOrgSummary[]): ImsOrgSummary {
  try {
    return resolveOrg(desired, list);
  } catch (e) {
    throw e instanceof AemCcError ? withTechnicalAccountHint(e, ctx.credential) : e;
  }
}
