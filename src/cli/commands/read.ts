/**
 * `aem-cc read`: Terraform's external-program protocol. A JSON object of strings on stdin, one JSON object
 * of strings on stdout. Two forms of query:
 * - one environment: the keys `READ_QUERY_KEYS` (the variables fill in absent keys);
 * - a stack's bindings, as the construct writes it (one read per stack): each binding's keys
 *   (`READ_BINDING_KEYS`) prefixed with its key and `READ_KEY_SEPARATOR` (`dev/cc:author_url`), plus the
 *   unprefixed `timeout_ms` and `log_level`. Every environment is read concurrently, and the result holds
 *   each binding's values under the same prefix (`dev/cc:token`).
 * Either way the read fails if any environment fails, each failure naming its binding.
 */
import { ENV, LIMITS, READ_BINDING_KEYS, READ_KEY_SEPARATOR, READ_QUERY_KEYS } from '../../contract';
import { AemCcError, combine, invalidInput, isAemCcError } from '../../errors';
import { type OrgRef, parseAllowedOrgs, parseOrg, show } from '../../inputs';
import type { ReadResult } from '../../lifecycle';
import type { CommandSpec } from '../command';
import { type Connection, parseConnection, withContexts } from '../context';
import type { Io } from '../io';
import { printJson } from '../report';

const READ_KEYS = new Set<string>(READ_QUERY_KEYS);
const BINDING_KEYS = new Set<string>(READ_BINDING_KEYS);
/** The keys that stay unprefixed in a stack's query: they apply to the whole command. */
const COMMAND_KEYS = new Set<string>(READ_QUERY_KEYS.filter((k) => !BINDING_KEYS.has(k)));

export const readCommand: CommandSpec = {
  name: 'read',
  description: 'Terraform external-program protocol: JSON query on stdin, JSON result on stdout',
  flags: [],
  connection: false,
  async run(_raw, io) {
    const { planReadFailed, read } = await import('../../lifecycle');
    try {
      const input = parseReadQuery(await io.stdin(), io);
      const connections = input.bindings.map((b) => b.connection);
      const results = await withContexts(connections, io.env, 'read', (ctxs) =>
        Promise.allSettled(input.bindings.map((b, i) => read(ctxs[i]!, b.desired, b.allowed))),
      );
      return printJson(io, answer(input, results));
    } catch (e) {
      // Any failure here stops the plan, a destroy's too: say how to get past it.
      throw isAemCcError(e) ? planReadFailed(e) : e;
    }
  },
};

/** One environment to read: where, and which org the binding wants. */
export interface ReadBinding {
  /** The binding's key in a stack's query (its construct path); undefined for the one-environment form. */
  key?: string;
  connection: Connection;
  desired: OrgRef;
  allowed?: string[];
}

export interface ReadInput {
  bindings: ReadBinding[];
}

/**
 * The result for every binding, under its prefix (the one-environment form: unprefixed); or, if any
 * environment failed, every failure in binding order, each naming its binding, the first one's code leading.
 * @throws AemCcError the failures; anything else unexpected as it is
 */
function answer(input: ReadInput, results: PromiseSettledResult<ReadResult>[]): Record<string, string> {
  const failures: AemCcError[] = [];
  const out: Record<string, string> = {};
  results.forEach((r, i) => {
    const b = input.bindings[i]!;
    if (r.status === 'rejected') {
      if (!isAemCcError(r.reason)) throw r.reason;
      failures.push(b.key === undefined ? r.reason : inBinding(b, r.reason));
      return;
    }
    for (const [field, value] of Object.entries(r.value)) out[b.key === undefined ? field : `${b.key}${READ_KEY_SEPARATOR}${field}`] = value;
  });
  if (failures.length) throw combine(failures.flatMap((f) => f.all()));
  return out;
}

/** `e` (and each failure reported with it) with the binding it is about in front: its key and author URL. */
function inBinding(b: ReadBinding, e: AemCcError): AemCcError {
  const name = (x: AemCcError) =>
    new AemCcError(x.code, `binding ${show(b.key!)} (${b.connection.authorUrl}): ${x.message}`, [], { cause: x.cause ?? x });
  const [first, ...rest] = e.all().map(name);
  return new AemCcError(first!.code, first!.message, rest, { cause: e });
}

/**
 * Checks the query text: size, JSON, an object whose keys are known and whose values are strings; then
 * every value, as the flags of the other commands are checked, binding by binding.
 * @throws AemCcError `invalid_input` naming what is wrong (and the binding, in a stack's query)
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
  const q = query as Record<string, unknown>;
  for (const [k, v] of Object.entries(q)) {
    if (typeof v !== 'string') {
      throw invalidInput(
        `the read query's ${show(k)} is ${v === null ? 'null' : typeof v}; every value must be a string (Terraform's external-program protocol).`,
      );
    }
  }
  const strings = q as Record<string, string>;
  const prefixed = Object.keys(strings).some((k) => k.includes(READ_KEY_SEPARATOR));
  return { bindings: prefixed ? parseStackQuery(strings, io) : [parseBinding(strings, io)] };
}

/** The one-environment form. */
function parseBinding(q: Record<string, string>, io: Io, key?: string, command: Record<string, string> = q): ReadBinding {
  for (const k of Object.keys(q)) {
    if (!READ_KEYS.has(k)) throw invalidInput(`the read query has an unknown key ${show(k)}; accepted keys: ${[...READ_KEYS].join(', ')}.`);
  }
  const pick = (name: string, variable: string): string | undefined => (q[name] !== undefined ? q[name] : io.env[variable]);
  const fromCommand = (name: string, variable: string): string | undefined => (command[name] !== undefined ? command[name] : io.env[variable]);
  const connection = parseConnection(
    {
      authorUrl: pick('author_url', ENV.authorUrl),
      imsEndpoint: pick('ims_endpoint', ENV.imsEndpoint),
      settingsPath: pick('settings_path', ENV.settingsPath),
      timeoutMs: fromCommand('timeout_ms', ENV.timeoutMs),
      logLevel: fromCommand('log_level', ENV.logLevel),
    },
    true,
    io,
  );
  const org = pick('org', ENV.org);
  if (org === undefined) throw invalidInput(`the read query has no "org"; give the desired org id or exact name.`);
  return { key, connection, desired: parseOrg(org), allowed: parseAllowedOrgs(pick('allowed_orgs', ENV.allowedOrgs)) };
}

/** A stack's query: the bindings in the order their keys first appear, each checked as the one-environment form. */
function parseStackQuery(q: Record<string, string>, io: Io): ReadBinding[] {
  const command: Record<string, string> = {};
  const bindings = new Map<string, Record<string, string>>();
  for (const [k, v] of Object.entries(q)) {
    const at = k.lastIndexOf(READ_KEY_SEPARATOR);
    if (at < 0) {
      if (!COMMAND_KEYS.has(k)) {
        throw invalidInput(
          `the read query has the key ${show(k)} without a binding prefix; in a stack's query only ${[...COMMAND_KEYS].join(', ')} ` +
            `stand alone, and a binding's keys are "<binding>${READ_KEY_SEPARATOR}<key>" (${[...BINDING_KEYS].join(', ')}).`,
        );
      }
      command[k] = v;
      continue;
    }
    const [binding, name] = [k.slice(0, at), k.slice(at + 1)];
    if (!binding || !BINDING_KEYS.has(name)) {
      throw invalidInput(
        `the read query has the key ${show(k)}; a binding's keys are "<binding>${READ_KEY_SEPARATOR}<key>" with <key> one of ` +
          `${[...BINDING_KEYS].join(', ')}.`,
      );
    }
    if (!bindings.has(binding)) bindings.set(binding, {});
    bindings.get(binding)![name] = v;
  }
  return [...bindings].map(([key, keys]) => {
    try {
      return parseBinding(keys, io, key, command);
    } catch (e) {
      throw isAemCcError(e) ? new AemCcError(e.code, `binding ${show(key)}: ${e.message}`, [], { cause: e }) : e;
    }
  });
}
