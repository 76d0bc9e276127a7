/** `aem-cc check --org`: every prerequisite for binding to the org; changes nothing (exit 3 when one fails). */
import { EXIT } from '../../contract';
import { parseAllowedOrgs } from '../../inputs';
import type { CheckResult } from '../../lifecycle';
import type { CommandSpec } from '../command';
import { parseConnection, withContext } from '../context';
import { FLAGS, requireOrg } from '../options';
import { printJson, report } from '../report';

export const checkCommand: CommandSpec = {
  name: 'check',
  description: 'check every prerequisite for binding to --org; changes nothing',
  flags: [FLAGS.org, FLAGS.allowedOrgs],
  async run(raw, io) {
    const conn = parseConnection(raw, true, io);
    const desired = requireOrg(raw);
    const allowed = parseAllowedOrgs(raw.allowedOrgs);
    const { check } = await import('../../lifecycle');
    const result = await withContext(conn, io.env, 'switch', (ctx) => check(ctx, desired, allowed));
    if (raw.json) printJson(io, { ok: result.ok, checks: result.checks });
    else io.stdout(formatChecks(result.checks));
    return result.failure ? report(io, result.failure) : EXIT.ok;
  },
};

/** One line a check: `ok  ` or `FAIL`, its name, and its code when it failed. */
export function formatChecks(checks: CheckResult[]): string {
  return checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.ok ? '' : `  (${c.code})`}\n`).join('');
}
