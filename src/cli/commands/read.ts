/**
 * `aem-cc read`: Terraform's external-program protocol. A JSON object of strings on stdin (keys
 * `READ_QUERY_KEYS`; the variables fill in absent keys), one JSON object of strings on stdout.
 */
import { ENV, LIMITS, READ_QUERY_KEYS } from '../../contract';
import { invalidInput } from '../../errors';
import { type OrgRef, parseAllowedOrgs, parseOrg, show } from '../../inputs';
import type { CommandSpec } from '../command';
import { type Connection, parseConnection, withContext } from '../context';
import type { Io } from '../io';
import { printJson } from '../report';

const READ_KEYS = new Set<string>(READ_QUERY_KEYS);

export const readCommand: CommandSpec = {
  name: 'read',
  description: 'Terraform external-program protocol: JSON query on stdin, JSON result on stdout',
  flags: [],
  connection: false,
  async run(_raw, io) {
    const input = parseReadQuery(await io.stdin(), io);
    const { read } = await import('../../lifecycle');
    return printJson(io, await withContext(input.connection, io.env, 'read', (ctx) => read(ctx, input.desired, input.allowed)));
  },
};

export interface ReadInput {
  connection: Connection;
  desired: OrgRef;
  allowed?: string[];
}

/**
 * Checks the query text: size, JSON, an object whose keys are known and whose values are strings; then
 * every value, as the flags of the other commands are checked.
 * @throws AemCcError `invalid_input` naming what is wrong
 */
export function parseReadQuery(raw: string, io: Io): ReadInput {
  if (raw.length > LIMITS.readQueryBytes) {
    throw invalidInput(`the read query on stdin is ${raw.length} bytes; at most ${LIMITS.readQueryBytes} are accepted.`);
  }
  let query: unknown;
  try {
    query = JSON.parse(raw);
  } catch {
    throw invalidInput(
      `the read query on stdin is not JSON; "aem-cc read" speaks Terraform's external-program protocol: a JSON object of strings, ` +
        `e.g. {"author_url":"https://…","org":"…"}.`,
    );
  }
  if (typeof query !== 'object' || query === null || Array.isArray(query))
    throw invalidInput(`the read query on stdin must be a JSON object of strings.`);
  for (const [k, v] of Object.entries(query)) {
    if (!READ_KEYS.has(k)) throw invalidInput(`the read query has an unknown key ${show(k)}; accepted keys: ${[...READ_KEYS].join(', ')}.`);
    if (typeof v !== 'string') {
      throw invalidInput(
        `the read query's "${k}" is ${v === null ? 'null' : typeof v}; every value must be a string (Terraform's external-program protocol).`,
      );
    }
  }
  const q = query as Record<string, string | undefined>;
  const pick = (key: (typeof READ_QUERY_KEYS)[number], variable: string) => (q[key] !== undefined ? q[key] : io.env[variable]);
  const connection = parseConnection(
    {
      authorUrl: pick('author_url', ENV.authorUrl),
      imsEndpoint: pick('ims_endpoint', ENV.imsEndpoint),
      settingsPath: pick('settings_path', ENV.settingsPath),
      timeoutMs: pick('timeout_ms', ENV.timeoutMs),
      logLevel: pick('log_level', ENV.logLevel),
    },
    true,
    io,
  );
  const org = pick('org', ENV.org);
  if (org === undefined) throw invalidInput(`the read query has no "org"; give the desired org id or exact name.`);
  return { connection, desired: parseOrg(org), allowed: parseAllowedOrgs(pick('allowed_orgs', ENV.allowedOrgs)) };
}
