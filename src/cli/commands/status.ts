/** `aem-cc status [--org]`: the live binding; with `--org`, whether it is that org. */
import { EXIT } from '../../contract';
import { parseOrg } from '../../inputs';
import type { StatusResult } from '../../lifecycle';
import { describeOrg } from '../../lifecycle/diagnostics';
import type { CommandSpec } from '../command';
import { parseConnection, withContext } from '../context';
import { FLAGS } from '../options';
import { printJson } from '../report';

export const statusCommand: CommandSpec = {
  name: 'status',
  description: 'show the live binding; with --org, whether it is in sync',
  flags: [FLAGS.org],
  async run(raw, io) {
    const conn = parseConnection(raw, true, io);
    const desired = raw.org === undefined ? undefined : parseOrg(raw.org);
    const { status } = await import('../../lifecycle');
    const result = await withContext(conn, io.env, 'read', (ctx) => status(ctx, desired));
    if (raw.json) return printJson(io, result);
    io.stdout(formatStatus(conn.authorUrl, result));
    return EXIT.ok;
  },
};

/** `<author URL>: <org>, generation <n>`, then whether it is in sync with --org when that was asked. */
export function formatStatus(authorUrl: string, r: StatusResult): string {
  let sync = '';
  if (r.inSync === true) sync = ', in sync';
  if (r.inSync === false) sync = ', NOT in sync with --org';
  return `${authorUrl}: ${describeOrg(r)}, generation ${r.generation}${sync}\n`;
}
