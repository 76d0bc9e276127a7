/** `aem-cc orgs`: the orgs the identity can access, and whether it is Creative Cloud entitled in each. */
import { EXIT } from '../../contract';
import type { OrgEntry } from '../../lifecycle';
import type { CommandSpec } from '../command';
import { parseConnection, withContext } from '../context';
import { printJson } from '../report';

export const orgsCommand: CommandSpec = {
  name: 'orgs',
  description: 'list the orgs the identity can access and whether it is Creative Cloud entitled in each',
  flags: [],
  async run(raw, io) {
    const conn = parseConnection(raw, false, io);
    const { orgs } = await import('../../lifecycle');
    const result = await withContext(conn, io.env, 'read', (ctx) => orgs(ctx));
    if (raw.json) return printJson(io, result);
    io.stdout(formatOrgs(result.orgs));
    return EXIT.ok;
  },
};

/** A table: name, org id, `entitled` or `-`, one org a line under a header. */
export function formatOrgs(orgs: OrgEntry[]): string {
  const w = Math.max(4, ...orgs.map((x) => x.name.length));
  const lines = [`${'NAME'.padEnd(w)}  ${'ORG ID'.padEnd(33)}  CREATIVE CLOUD`];
  for (const x of orgs) lines.push(`${x.name.padEnd(w)}  ${x.id.padEnd(33)}  ${x.creativeCloudEntitled ? 'entitled' : '-'}`);
  return `${lines.join('\n')}\n`;
}
