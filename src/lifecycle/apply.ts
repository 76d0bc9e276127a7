/**
 * `apply`: bind the environment to the desired org. Every prerequisite first; no write when it is
 * already bound; `If-Match` on the write; after a lost answer or a 412, a re-read that converges when the
 * binding is the desired one and reports a conflict when it is not.
 */
import { EXIT } from '../contract';
import { asAemCcError } from '../errors';
import type { PutResult } from '../aem';
import type { ImsOrgSummary } from '../ims';
import type { BindingToken, OrgRef } from '../inputs';
import type { BindingState } from '../schemas';
import type { Context } from './context';
import { changedDuringApply, describeOrg, stalePlan, writeAnsweredOtherOrg, writeRefused } from './diagnostics';
import { requirePrerequisites } from './prerequisites';

/** What `apply --json` prints. `generation` is the binding's after the apply; `changed`: whether it rose. */
export interface ApplyResult {
  orgId: string;
  orgName: string;
  previousOrgId: string | null;
  generation: number;
  changed: boolean;
}

export interface ApplyOptions {
  desired: OrgRef;
  /** Org ids the desired org must be one of (`org_not_allowed` otherwise). */
  allowed?: string[];
  /** The token the plan predicted; a binding that moved since is a stale plan (exit 4). */
  bindingToken?: BindingToken;
  /** The live binding, when the caller has just read it (destroy's "still mine" check): one GET fewer. */
  knownLive?: BindingState;
}

/**
 * Binds the environment to `opts.desired`.
 * Requests: the prerequisite reads in parallel (4, or 3 with `knownLive`), then at most one write
 * (retried by the HTTP layer), then at most one re-read after a lost answer or a 412.
 * @throws AemCcError every failed prerequisite (exit 3); `conflict` (exit 4) when the binding moved since
 *   the plan or during the apply; `not_admin`, `org_not_found`, `org_not_accessible`, `no_cc_entitlement`
 *   (exit 3) when AEM refuses the write for a known reason; `remote_error` or `timeout` (exit 1) for
 *   remote failures and answers we do not know.
 */
export async function apply(ctx: Context, opts: ApplyOptions): Promise<ApplyResult> {
  const { target, binding: live, token } = await requirePrerequisites(ctx, opts.desired, opts.allowed, opts.knownLive);
  if (live.orgId === target.id) {
    ctx.logger.info(`${ctx.authorUrl} is already bound to ${describeOrg(target)} (generation ${live.generation}); nothing to switch`);
    return done(ctx, opts, { orgId: target.id, orgName: target.name, previousOrgId: live.orgId, generation: live.generation, changed: false });
  }
  refuseStalePlan(ctx, opts.bindingToken, target, live);
  ctx.logger.info(`switching ${ctx.authorUrl} from ${describeOrg(live)} to ${describeOrg(target)} (If-Match generation ${live.generation})`);
  let put: PutResult;
  try {
    put = await ctx.aem.putBinding(token, target.id, live.generation);
  } catch (e) {
    // The write may have landed and only its answer been lost: read back before giving up.
    const err = asAemCcError(e);
    if (err.exitCode !== EXIT.remote) throw err;
    ctx.logger.warn(`the write's answer was lost (${err.code}); reading the binding back to see whether it landed`);
    const after = await ctx.aem.getBinding(token).catch(() => undefined);
    if (after?.orgId === target.id) return converged(ctx, opts, live, after, target);
    throw err;
  }
  if (put.kind === 'ok') {
    if (put.state.orgId !== target.id) throw writeAnsweredOtherOrg(put.state, target);
    ctx.logger.info(`switched ${ctx.authorUrl} to ${describeOrg(target)}; generation ${live.generation} -> ${put.state.generation}`);
    const changed = put.state.generation !== live.generation;
    return done(ctx, opts, { orgId: target.id, orgName: target.name, previousOrgId: live.orgId, generation: put.state.generation, changed });
  }
  if (put.kind === 'rejected') throw put.status === 403 ? ctx.aem.notAdmin() : writeRefused(put, target);
  // 412: the generation moved on between our read and our write (or our own earlier attempt landed).
  const now = await ctx.aem.getBinding(token);
  if (now.orgId === target.id) return converged(ctx, opts, live, now, target);
  throw changedDuringApply(ctx.authorUrl, live, now);
}

/**
 * The plan predicted `desired#N`: it saw generation N-1 with another org bound. If the binding has
 * moved since (another deploy, or a switch by hand), switching now would overwrite a change nobody
 * reviewed: refuse, like Terraform refuses a stale saved plan, and let the next plan show it.
 */
function refuseStalePlan(ctx: Context, token: BindingToken | undefined, target: ImsOrgSummary, live: BindingState): void {
  if (!token || token.generation === undefined) return;
  if (token.orgId === target.id && live.generation === token.generation - 1) return;
  throw stalePlan(ctx.authorUrl, token, target, live);
}

function converged(ctx: Context, opts: ApplyOptions, before: BindingState, now: BindingState, target: ImsOrgSummary): ApplyResult {
  const bound = `${ctx.authorUrl} is bound to ${describeOrg(target)} (generation ${now.generation})`;
  ctx.logger.info(`${bound}; converged after a lost answer or concurrent identical change`);
  const changed = now.generation !== before.generation;
  return done(ctx, opts, { orgId: target.id, orgName: target.name, previousOrgId: before.orgId, generation: now.generation, changed });
}

/** The result, with a warning when it is not what the plan predicted (the next plan will show it). */
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
