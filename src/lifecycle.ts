/**
 * The lifecycle of a binding: the prerequisite checks and their diagnostics, and the commands
 * (apply, destroy, read, status, check, orgs). Semantics follow the design's lifecycle table:
 * never a PUT when already bound, `If-Match` on every write, re-read and converge on a lost answer
 * or a 412, and destroy acts only on a binding that is still exactly this instance's token.
 */
import { ACTIVE_STATUS, ADMIN_GROUP, CC_SERVICE_CODE } from './contract';
import { AemClient } from './aem';
import { AemCcError, combine } from './errors';
import { ImsClient, ImsOrgSummary } from './ims';
import { BindingToken, OrgRef, RemovalPolicy, show } from './inputs';
import { Logger } from './log';
import { TokenProvider } from './credentials';
import type { BindingState, CurrentUserResponse, ProfileResponse } from './schemas';

export interface Context {
  ims: ImsClient;
  aem: AemClient;
  tokens: TokenProvider;
  logger: Logger;
  authorUrl: string;
}

export interface CheckResult {
  name: 'credentials' | 'admin' | 'org' | 'entitlement' | 'allowed';
  ok: boolean;
  code?: string;
  message?: string;
}

export interface ApplyResult {
  orgId: string;
  orgName: string;
  previousOrgId: string | null;
  generation: number;
  changed: boolean;
}

export interface DestroyResult {
  action: 'retained' | 'reverted' | 'skipped';
  orgId: string | null;
  generation: number | null;
}

export interface StatusResult {
  orgId: string | null;
  orgName: string | null;
  generation: number;
  inSync?: boolean;
}

export interface ReadResult {
  org_id: string;
  org_name: string;
  generation: string;
  in_sync: string;
  token: string;
  desired_org_id: string;
  desired_org_name: string;
}

export function describeOrg(o: { id: string; name: string } | { orgId: string | null; orgName: string | null }): string {
  if ('id' in o) return `${o.name} (${o.id})`;
  return o.orgId ? `${o.orgName ?? 'unnamed org'} (${o.orgId})` : 'no org';
}

/** Resolves an org id or exact name among the orgs the identity can access. */
export function resolveOrg(ref: OrgRef, orgs: ImsOrgSummary[], profile?: ProfileResponse): ImsOrgSummary {
  if (ref.kind === 'id') {
    const hit = orgs.find((o) => o.id === ref.id);
    if (hit) return hit;
    throw new AemCcError(
      'org_not_accessible',
      `org ${ref.id} is not among the ${orgs.length} org(s) this identity can access; checked: IMS organizations of ` +
        `${who(profile)}. Use an org listed by "aem-cc orgs", or have an administrator of that org add this user to it.` +
        personalHint(profile),
    );
  }
  const hits = orgs.filter((o) => o.name === ref.name);
  if (hits.length === 1) return hits[0];
  if (hits.length > 1) {
    throw new AemCcError(
      'org_ambiguous',
      `the org name ${show(ref.name)} matches ${hits.length} orgs this identity can access: ` +
        `${hits.map((o) => `${o.name} (${o.id})`).join(', ')}; checked: IMS organizations. Give the org id instead of the name.`,
    );
  }
  const near = orgs.filter((o) => o.name.toLowerCase().includes(ref.name.toLowerCase()) || ref.name.toLowerCase().includes(o.name.toLowerCase()));
  const suggestion = near.length ? ` Did you mean ${near.map((o) => `${show(o.name)} (${o.id})`).join(' or ')}? Names are matched exactly.` : '';
  throw new AemCcError(
    'org_not_found',
    `no org named ${show(ref.name)} among the ${orgs.length} org(s) this identity can access; checked: IMS organizations of ${who(profile)}.` +
      `${suggestion} Run "aem-cc orgs" to list them, or give the org id.` +
      personalHint(profile),
  );
}

function who(profile?: ProfileResponse): string {
  if (!profile) return 'the acting identity';
  return `${profile.userId}${profile.email ? ` (${profile.email})` : ''}`;
}

function isPersonal(profile?: ProfileResponse): boolean {
  return profile?.account_type === 'type1' || (profile?.userId ?? '').endsWith('@AdobeID');
}

function personalHint(profile?: ProfileResponse): string {
  if (!isPersonal(profile)) return '';
  return (
    ` Note: ${profile!.userId} is a personal Adobe ID; a federated ID with the same e-mail` +
    `${profile!.email ? ` (${profile!.email})` : ''} is a different user ID with its own orgs.`
  );
}

export function hasCreativeCloud(profile: ProfileResponse, orgId: string): boolean {
  return profile.projectedProductContext.some(
    (pc) => pc.prodCtx.serviceCode === CC_SERVICE_CODE && pc.prodCtx.statusCode === ACTIVE_STATUS && pc.prodCtx.owningEntity === orgId,
  );
}

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

export function allowedError(org: ImsOrgSummary, allowed: string[]): AemCcError {
  return new AemCcError(
    'org_not_allowed',
    `${describeOrg(org)} is not in the allowed orgs for this environment (${allowed.join(', ')}); checked: --allowed-orgs / allowedOrgs. ` +
      `If the org is right, add its id to allowedOrgs in the stack; otherwise fix the desired org.`,
  );
}

function isAdmin(user: CurrentUserResponse): boolean {
  return user.memberOf.some((g) => g.authorizableId === ADMIN_GROUP);
}

interface Gathered {
  token: string;
  profile: ProfileResponse;
  orgs: ImsOrgSummary[];
  user: CurrentUserResponse;
  binding: BindingState;
}

/**
 * Reads everything the prerequisites need, in parallel, and evaluates every check. Remote failures
 * (after retries) end the command with exit 1; failed checks are all collected.
 */
async function gather(ctx: Context, knownLive?: BindingState): Promise<{ data: Partial<Gathered>; failures: AemCcError[]; token: string }> {
  const token = await ctx.tokens.token();
  const [profile, orgs, user, binding] = await Promise.allSettled([
    ctx.ims.profile(token),
    ctx.ims.organizations(token),
    ctx.aem.currentUser(token),
    knownLive ?? ctx.aem.getBinding(token),
  ]);
  const failures: AemCcError[] = [];
  const data: Partial<Gathered> = { token };
  const take = <K extends keyof Gathered>(key: K, r: PromiseSettledResult<Gathered[K]>) => {
    if (r.status === 'fulfilled') data[key] = r.value;
    else failures.push(asAemCcError(r.reason));
  };
  take('profile', profile);
  take('orgs', orgs);
  take('user', user);
  take('binding', binding);
  // A remote failure means we could not check, which is not a failed check: it wins, exit 1.
  const remote = failures.find((f) => f.exitCode === 1);
  if (remote) throw remote;
  return { data, failures: dedupe(failures), token };
}

function asAemCcError(e: unknown): AemCcError {
  if (e instanceof AemCcError) return e;
  return new AemCcError('remote_error', `unexpected failure: ${(e as Error)?.message ?? String(e)}`);
}

function dedupe(errors: AemCcError[]): AemCcError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.code) ? false : (seen.add(e.code), true)));
}

interface Evaluated {
  checks: CheckResult[];
  failures: AemCcError[];
  target?: ImsOrgSummary;
  binding?: BindingState;
  token: string;
}

async function evaluate(ctx: Context, desired: OrgRef, allowed: string[] | undefined, knownLive?: BindingState): Promise<Evaluated> {
  const { data, failures: readFailures, token } = await gather(ctx, knownLive);
  const failures = [...readFailures];
  const checks: CheckResult[] = [];
  const record = (name: CheckResult['name'], err?: AemCcError) => {
    checks.push(err ? { name, ok: false, code: err.code, message: err.message } : { name, ok: true });
    if (err && !failures.includes(err)) failures.push(err);
  };
  const credErr = readFailures.find((f) => f.code === 'invalid_credentials');
  record('credentials', credErr);
  if (credErr) return { checks, failures, token };

  const adminErr = readFailures.find((f) => f.code === 'not_admin') ?? (data.user && !isAdmin(data.user) ? ctx.aem.notAdmin() : undefined);
  record('admin', adminErr);

  let target: ImsOrgSummary | undefined;
  try {
    target = resolveOrg(desired, data.orgs!, data.profile);
    record('org');
  } catch (e) {
    record('org', asAemCcError(e));
  }
  if (target) {
    record('entitlement', hasCreativeCloud(data.profile!, target.id) ? undefined : entitlementError(data.profile!, target));
    if (allowed) record('allowed', allowed.includes(target.id) ? undefined : allowedError(target, allowed));
  }
  return { checks, failures: dedupe(failures), target, binding: data.binding, token };
}

export async function check(ctx: Context, desired: OrgRef, allowed?: string[]): Promise<{ ok: boolean; checks: CheckResult[]; failure?: AemCcError }> {
  const ev = await evaluate(ctx, desired, allowed);
  return { ok: ev.failures.length === 0, checks: ev.checks, failure: ev.failures.length ? combine(ev.failures) : undefined };
}

export interface ApplyOptions {
  desired: OrgRef;
  allowed?: string[];
  /** The token the plan predicted; a binding that moved since is a stale plan (exit 4). */
  bindingToken?: BindingToken;
  /** The live binding, when the caller has just read it (destroy's "still mine" check): one GET fewer. */
  knownLive?: BindingState;
}

export async function apply(ctx: Context, opts: ApplyOptions): Promise<ApplyResult> {
  const ev = await evaluate(ctx, opts.desired, opts.allowed, opts.knownLive);
  if (ev.failures.length) throw combine(ev.failures);
  const target = ev.target!;
  const live = ev.binding!;
  if (live.orgId === target.id) {
    ctx.logger.info(`${ctx.authorUrl} is already bound to ${describeOrg(target)} (generation ${live.generation}); nothing to switch`);
    return done(ctx, opts, { orgId: target.id, orgName: target.name, previousOrgId: live.orgId, generation: live.generation, changed: false });
  }
  refuseStalePlan(ctx, opts.bindingToken, target, live);
  ctx.logger.info(`switching ${ctx.authorUrl} from ${describeOrg(live)} to ${describeOrg(target)} (If-Match generation ${live.generation})`);
  let put;
  try {
    put = await ctx.aem.putBinding(ev.token, target.id, live.generation);
  } catch (e) {
    // The write may have landed and only its answer been lost: read back before giving up.
    const err = asAemCcError(e);
    if (err.exitCode !== 1) throw err;
    ctx.logger.warn(`the write's answer was lost (${err.code}); reading the binding back to see whether it landed`);
    const after = await ctx.aem.getBinding(ev.token).catch(() => undefined);
    if (after?.orgId === target.id) return converged(ctx, opts, live, after, target);
    throw err;
  }
  if (put.kind === 'ok') {
    if (put.state.orgId !== target.id) {
      throw new AemCcError('remote_error', `the binding write answered 200 but reports ${describeOrg(put.state)} instead of ${describeOrg(target)}; nothing more was tried. Run "aem-cc status" and report this.`);
    }
    ctx.logger.info(`switched ${ctx.authorUrl} to ${describeOrg(target)}; generation ${live.generation} -> ${put.state.generation}`);
    return done(ctx, opts, { orgId: target.id, orgName: target.name, previousOrgId: live.orgId, generation: put.state.generation, changed: put.state.generation !== live.generation });
  }
  if (put.kind === 'rejected') throw rejection(ctx, put, target);
  // 412: the generation moved on between our read and our write (or our own earlier attempt landed).
  const now = await ctx.aem.getBinding(ev.token);
  if (now.orgId === target.id) return converged(ctx, opts, live, now, target);
  throw new AemCcError(
    'conflict',
    `the binding of ${ctx.authorUrl} changed while this apply ran: it was ${describeOrg(live)} at generation ${live.generation} ` +
      `and is now ${describeOrg(now)} at generation ${now.generation}, so another deploy or a change by hand in ` +
      `AEM Assets > Settings > Creative Cloud switched it; checked: If-Match generation ${live.generation} (412) and a re-read. ` +
      `Nothing was overwritten. Find out who switched it, then run "cdktf diff" and deploy again.`,
  );
}

/**
 * The plan predicted `desired#N`: it saw generation N-1 with another org bound. If the binding has
 * moved since (another deploy, or a switch by hand), switching now would overwrite a change nobody
 * reviewed: refuse, like Terraform refuses a stale saved plan, and let the next plan show it.
 */
function refuseStalePlan(ctx: Context, token: BindingToken | undefined, target: ImsOrgSummary, live: BindingState): void {
  if (!token || token.generation === undefined) return;
  if (token.orgId === target.id && live.generation === token.generation - 1) return;
  const planned = token.orgId === target.id ? `generation ${token.generation - 1}` : `${token.orgId}`;
  throw new AemCcError(
    'conflict',
    `the binding of ${ctx.authorUrl} changed after the plan was made: the plan expected to switch from ${planned} ` +
      `(binding token ${token.orgId}#${token.generation}), but it is now ${describeOrg(live)} at generation ${live.generation}, ` +
      `so another deploy or a change by hand in AEM Assets > Settings > Creative Cloud switched it in between; checked: the live ` +
      `binding against the plan's binding token. Nothing was changed. Run "cdktf diff" to review the new state, then deploy again.`,
  );
}

function converged(ctx: Context, opts: ApplyOptions, before: BindingState, now: BindingState, target: ImsOrgSummary): ApplyResult {
  ctx.logger.info(`${ctx.authorUrl} is bound to ${describeOrg(target)} (generation ${now.generation}); converged after a lost answer or concurrent identical change`);
  return done(ctx, opts, { orgId: target.id, orgName: target.name, previousOrgId: before.orgId, generation: now.generation, changed: now.generation !== before.generation });
}

function done(ctx: Context, opts: ApplyOptions, r: ApplyResult): ApplyResult {
  const t = opts.bindingToken;
  if (t && t.generation !== undefined && (t.orgId !== r.orgId || t.generation !== r.generation)) {
    ctx.logger.warn(
      `the plan predicted ${t.orgId}#${t.generation} but the binding is ${r.orgId}#${r.generation} (it changed between plan and apply); ` +
        `the next plan will show a replacement that makes no switch`,
    );
  }
  return r;
}

function rejection(ctx: Context, put: { status: number; error?: string; message?: string }, target: ImsOrgSummary): AemCcError {
  if (put.status === 403) return ctx.aem.notAdmin();
  const detail = put.message ? `: ${put.message}` : '';
  const code = put.error === 'unknown_org' ? 'org_not_found' : put.error === 'org_not_accessible' ? 'org_not_accessible' : 'no_cc_entitlement';
  return new AemCcError(
    code,
    `AEM refused to switch to ${describeOrg(target)} (422 ${put.error ?? ''}${detail}); checked by AEM itself after our own checks passed, ` +
      `so the org's entitlements or the user's access changed just now. Run "aem-cc check" to see the current state, fix it, and deploy again.`,
  );
}

export async function destroy(ctx: Context, token: BindingToken, policy: RemovalPolicy, allowed?: string[]): Promise<DestroyResult> {
  if (policy.kind === 'retain') {
    const orgId = token.generation !== undefined ? token.orgId : token.org.kind === 'id' ? token.org.id : null;
    ctx.logger.info(`removal policy retain: leaving ${ctx.authorUrl} bound as it is; nothing sent`);
    return { action: 'retained', orgId, generation: token.generation ?? null };
  }
  const access = await ctx.tokens.token();
  const live = await ctx.aem.getBinding(access);
  const mine = await isMine(ctx, access, token, live);
  if (!mine) {
    ctx.logger.info(`the binding moved on (live ${live.orgId ?? 'none'}#${live.generation}, this instance's token ${tokenText(token)}); not reverting`);
    return { action: 'skipped', orgId: live.orgId, generation: live.generation };
  }
  const r = await apply(ctx, { desired: policy.to, allowed, knownLive: live });
  return { action: r.changed ? 'reverted' : 'skipped', orgId: r.orgId, generation: r.generation };
}

function tokenText(t: BindingToken): string {
  if (t.generation !== undefined) return `${t.orgId}#${t.generation}`;
  return t.org.kind === 'id' ? t.org.id : t.org.name;
}

/** "It is still mine": the live binding is exactly what this instance made it. */
async function isMine(ctx: Context, access: string, token: BindingToken, live: BindingState): Promise<boolean> {
  if (token.generation !== undefined) return live.orgId === token.orgId && live.generation === token.generation;
  // Without drift detection the token is the desired org alone: compare by org.
  if (token.org.kind === 'id') return live.orgId === token.org.id;
  const orgs = await ctx.ims.organizations(access);
  const hits = orgs.filter((o) => o.name === (token.org as { name: string }).name);
  return hits.length === 1 && hits[0].id === live.orgId;
}

export async function status(ctx: Context, desired?: OrgRef): Promise<StatusResult> {
  const token = await ctx.tokens.token();
  if (!desired) {
    const live = await ctx.aem.getBinding(token);
    return { orgId: live.orgId, orgName: live.orgName, generation: live.generation };
  }
  const [live, orgs] = await Promise.all([ctx.aem.getBinding(token), desired.kind === 'name' ? ctx.ims.organizations(token) : Promise.resolve(undefined)]);
  const desiredId = desired.kind === 'id' ? desired.id : resolveOrg(desired, orgs!).id;
  return { orgId: live.orgId, orgName: live.orgName, generation: live.generation, inSync: live.orgId === desiredId };
}

/** Plan-time read: live state, desired org resolved, and the token the apply will leave. Two requests. */
export async function read(ctx: Context, desired: OrgRef, allowed?: string[]): Promise<ReadResult> {
  const token = await ctx.tokens.token();
  const [live, orgs] = await Promise.all([ctx.aem.getBinding(token), ctx.ims.organizations(token)]);
  const target = resolveOrg(desired, orgs);
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

export async function orgs(ctx: Context): Promise<{ orgs: Array<{ id: string; name: string; creativeCloudEntitled: boolean }> }> {
  const token = await ctx.tokens.token();
  const [list, profile] = await Promise.all([ctx.ims.organizations(token), ctx.ims.profile(token)]);
  return { orgs: list.map((o) => ({ id: o.id, name: o.name, creativeCloudEntitled: hasCreativeCloud(profile, o.id) })) };
}
