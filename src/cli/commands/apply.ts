/** `aem-cc apply --org`: every prerequisite, then the switch (no write when already bound). */
import { EXIT } from '../../contract';
import { parseAllowedOrgs, parseBindingToken } from '../../inputs';
import type { ApplyResult } from '../../lifecycle';
import type { CommandSpec } from '../command';
import { parseConnection, withContext } from '../context';
import { FLAGS, requireOrg } from '../options';
import { printJson } from '../report';

export const applyCommand: CommandSpec = {
  name: 'apply',
  description: 'bind the environment to --org after checking every prerequisite',
  flags: [FLAGS.org, FLAGS.allowedOrgs, { ...FLAGS.bindingToken, description: 'the orgId#generation the plan predicted' }],
  async run(raw, io) {
    const conn = parseConnection(raw, true, io);
    const desired = requireOrg(raw);
    const allowed = parseAllowedOrgs(raw.allowedOrgs);
    const bindingToken = raw.bindingToken === undefined ? undefined : parseBindingToken(raw.bindingToken);
    const { apply } = await import('../../lifecycle');
    const result = await withContext(conn, io.env, 'switch', (ctx) => apply(ctx, { desired, allowed, bindingToken }));
    if (raw.json) return printJson(io, result);
    io.stdout(formatApply(conn.authorUrl, result));
    return EXIT.ok;
  },
};

/** One line: what was switched from what, or that it was already bound. */
export function formatApply(authorUrl: string, r: ApplyResult): string {
  if (!r.changed) return `${authorUrl} already bound to ${r.orgName} (${r.orgId}), generation ${r.generation}; no switch\n`;
  return `switched ${authorUrl} to ${r.orgName} (${r.orgId}), generation ${r.generation}; was ${r.previousOrgId ?? 'no org'}\n`;
}
