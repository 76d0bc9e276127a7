/**
 * `destroy`: apply the removal policy. `retain` sends nothing; `revert` switches to the revert org only
 * while the live binding is still exactly this instance's token ("it is still mine"), so a replacement
 * or a later change by someone else is never undone.
 */
import type { BindingToken, RemovalPolicy } from '../inputs';
import { sameOrgName } from '../org-names';
import type { BindingState } from '../schemas';
import { apply } from './apply';
import type { Context } from './context';
import { tokenText } from './diagnostics';

/** What `destroy --json` prints: what was done, and the binding as it is afterwards (as far as known). */
export interface DestroyResult {
  action: 'retained' | 'reverted' | 'skipped';
  orgId: string | null;
  generation: number | null;
}

/**
 * Applies the removal policy to the binding this instance owns.
 * Requests: none for `retain`; for `revert`, one binding read, plus (when organizations are needed to
 * compare a token given by name) one organizations read, plus, when it is still mine, `apply`'s
 * prerequisites (reusing that binding read) and its write.
 * @throws AemCcError as `apply` does, when reverting
 */
export async function destroy(ctx: Context, token: BindingToken, policy: RemovalPolicy, allowed?: string[]): Promise<DestroyResult> {
  if (policy.kind === 'retain') {
    ctx.logger.info(`removal policy retain: leaving ${ctx.authorUrl} bound as it is; nothing sent`);
    return { action: 'retained', orgId: retainedOrgId(token), generation: token.generation ?? null };
  }
  const access = await ctx.tokens.token();
  const live = await ctx.aem.getBinding(access);
  if (!(await isMine(ctx, access, token, live))) {
    ctx.logger.info(
      `the binding moved on (live ${live.orgId ?? 'none'}#${live.generation}, this instance's token ${tokenText(token)}); not reverting`,
    );
    return { action: 'skipped', orgId: live.orgId, generation: live.generation };
  }
  const r = await apply(ctx, { desired: policy.to, allowed, knownLive: live });
  return { action: r.changed ? 'reverted' : 'skipped', orgId: r.orgId, generation: r.generation };
}

/** The org a retained binding is left at, as far as the token tells without asking: null for a name. */
function retainedOrgId(token: BindingToken): string | null {
  if (token.generation !== undefined) return token.orgId;
  return token.org.kind === 'id' ? token.org.id : null;
}

/** "It is still mine": the live binding is exactly what this instance made it. */
async function isMine(ctx: Context, access: string, token: BindingToken, live: BindingState): Promise<boolean> {
  if (token.generation !== undefined) return live.orgId === token.orgId && live.generation === token.generation;
  // Without drift detection the token is the desired org alone: compare by org, a name as resolveOrg does.
  const org = token.org;
  if (org.kind === 'id') return live.orgId === org.id;
  const hits = (await ctx.ims.organizations(access)).filter((o) => sameOrgName(o.name, org.name));
  return hits.length === 1 && hits[0].id === live.orgId;
}
