/**
 * `aem-cc destroy --binding-token`: the removal policy. `retain` sends nothing (and needs no
 * credentials); `revert` switches only while the live binding is exactly the token.
 */
import { ENV, EXIT } from '../../contract';
import { invalidInput } from '../../errors';
import { parseAllowedOrgs, parseBindingToken, parseRemovalPolicy } from '../../inputs';
import type { DestroyResult } from '../../lifecycle';
import type { CommandSpec } from '../command';
import { parseConnection, withContext } from '../context';
import { FLAGS } from '../options';
import { printJson } from '../report';

export const destroyCommand: CommandSpec = {
  name: 'destroy',
  description: "apply the removal policy: retain (nothing sent) or revert, only if the binding is still this instance's token",
  flags: [FLAGS.bindingToken, FLAGS.removalPolicy, FLAGS.revertTo, FLAGS.allowedOrgs],
  async run(raw, io) {
    const conn = parseConnection(raw, true, io);
    const allowed = parseAllowedOrgs(raw.allowedOrgs);
    const token = raw.bindingToken === undefined ? undefined : parseBindingToken(raw.bindingToken);
    const policy = parseRemovalPolicy(raw.removalPolicy, raw.revertTo);
    if (!token) {
      const fix = `set --binding-token or ${ENV.bindingToken} (the construct passes it)`;
      throw invalidInput(`destroy needs the binding token this instance owns; ${fix}.`);
    }
    const { destroy } = await import('../../lifecycle');
    const result = await withContext(conn, io.env, policy.kind === 'retain' ? 'none' : 'switch', (ctx) => destroy(ctx, token, policy, allowed));
    if (raw.json) return printJson(io, result);
    io.stdout(formatDestroy(conn.authorUrl, result));
    return EXIT.ok;
  },
};

/** `<action>: <author URL> is bound to <org>`, with the generation when known. */
export function formatDestroy(authorUrl: string, r: DestroyResult): string {
  const generation = r.generation === null ? '' : ` (generation ${r.generation})`;
  return `${r.action}: ${authorUrl} is bound to ${r.orgId ?? 'no org'}${generation}\n`;
}
