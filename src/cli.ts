/**
 * The `aem-cc` command line: parses flags (identically named env vars as fallback, flags win),
 * validates every input before any request, runs one lifecycle command, and turns typed errors into
 * the contract's exit codes and `aem-cc: <code>: <message>` lines. Heavy modules (undici, zod, the
 * emulator) are loaded only by the commands that need them, to keep start-up close to bare Node.
 */
import { Command, CommanderError, Option } from 'commander';
import { ENV, EXIT, LIMITS, READ_QUERY_KEYS } from './contract';
import { AemCcError, invalidInput } from './errors';
import type { Context } from './lifecycle';
import { type Logger, redact, redactSecrets, registerSecret, registerSecretsFromEnv, show } from './log';
import { proxyPasswords } from './proxy';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
}

const defaultIo: Io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdin: readStdin,
  env: process.env,
};

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}

/** Raw options as commander gives them (strings, from a flag or its env var). */
interface RawOpts {
  authorUrl?: string;
  org?: string;
  allowedOrgs?: string;
  removalPolicy?: string;
  revertTo?: string;
  bindingToken?: string;
  imsEndpoint?: string;
  settingsPath?: string;
  timeoutMs?: string;
  logLevel?: string;
  json?: boolean;
  port?: string;
  fixture?: string;
  faults?: string;
  latency?: string;
}

function opt(flags: string, description: string, env?: string): Option {
  const o = new Option(flags, description);
  return env ? o.env(env) : o;
}

const common = () => [
  opt('--author-url <url>', 'AEM author base URL (https; http only on loopback)', ENV.authorUrl),
  opt('--ims-endpoint <url>', 'IMS base URL (default https://ims-na1.adobelogin.com)', ENV.imsEndpoint),
  opt('--settings-path <path>', 'path of the Creative Cloud settings endpoint on the author', ENV.settingsPath),
  opt('--timeout-ms <ms>', 'per-request timeout in ms (default 10000); a command ends within 4x this + 10 s', ENV.timeoutMs),
  opt('--log-level <level>', 'error, warn, info (default) or debug; logs go to stderr', ENV.logLevel),
  opt('--json', 'print one JSON object on stdout'),
];

export async function main(argv: string[], rawIo: Io = defaultIo): Promise<number> {
  // Terraform passes an empty string for an unset optional input: an empty variable counts as unset.
  for (const name of Object.values(ENV)) if (process.env[name] === '') delete process.env[name];
  // Every secret is known before any input is parsed, so that one pasted into a flag, a variable
  // or a read key is masked wherever it is echoed. stdout carries data (the read protocol has a
  // "token" field of its own), so only secret values are masked there, not credential shapes.
  registerSecretsFromEnv(rawIo.env);
  for (const password of proxyPasswords(rawIo.env)) registerSecret(password);
  const io: Io = { ...rawIo, stdout: (s) => rawIo.stdout(redactSecrets(s)) };
  let code: number = EXIT.ok;
  let action: (() => Promise<number>) | undefined;
  const program = new Command('aem-cc')
    .description('Bind an AEM as a Cloud Service Assets environment to a Creative Cloud IMS org, safely.')
    .version(version(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: () => undefined, outputError: () => undefined })
    .showHelpAfterError(false);

  const add = (name: string, description: string, extra: Option[], run: (o: RawOpts) => Promise<number>, withCommon = true) => {
    const cmd = program.command(name).description(description).allowExcessArguments(false);
    for (const o of [...(withCommon ? common() : []), ...extra]) cmd.addOption(o);
    cmd.action((o: RawOpts) => {
      action = () => run(o);
    });
    return cmd;
  };

  const orgOpt = () => opt('--org <org>', 'org id (…@AdobeOrg) or exact org name', ENV.org);
  const allowedOpt = () => opt('--allowed-orgs <ids>', 'comma-separated org ids the org must be one of', ENV.allowedOrgs);

  add('orgs', 'list the orgs the identity can access and whether it is Creative Cloud entitled in each', [], (o) => run(io, 'orgs', o));
  add('check', 'check every prerequisite for binding to --org; changes nothing', [orgOpt(), allowedOpt()], (o) => run(io, 'check', o));
  add('status', 'show the live binding; with --org, whether it is in sync', [orgOpt()], (o) => run(io, 'status', o));
  add('apply', 'bind the environment to --org after checking every prerequisite', [orgOpt(), allowedOpt(), opt('--binding-token <token>', 'the orgId#generation the plan predicted', ENV.bindingToken)], (o) => run(io, 'apply', o));
  add(
    'destroy',
    'apply the removal policy: retain (nothing sent) or revert, only if the binding is still this instance\'s token',
    [
      opt('--binding-token <token>', 'orgId#generation this instance owns', ENV.bindingToken),
      opt('--removal-policy <policy>', 'retain (default) or revert', ENV.removalPolicy),
      opt('--revert-to <org>', 'org id or exact name to revert to (with --removal-policy revert)', ENV.revertTo),
      allowedOpt(),
    ],
    (o) => run(io, 'destroy', o),
  );
  add('read', 'Terraform external-program protocol: JSON query on stdin, JSON result on stdout', [], () => runRead(io), false);
  add(
    'emulator',
    'run the IMS + AEM emulator on loopback (tests and demos)',
    [
      opt('--port <n>', 'port to listen on (0: any free port)'),
      opt('--fixture <file>', 'fixture JSON (default: the built-in fixture)'),
      opt('--faults <spec>', 'faults to inject, e.g. token:429x2,binding-put:reset'),
      opt('--latency <ms>', 'delay every answer by this many ms'),
    ],
    (o) => runEmulator(io, o),
    false,
  );

  const noCommand = () => invalidInput(`no command given; run "aem-cc --help" to see the commands.`);
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!action) throw noCommand();
    code = await action();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0)) return EXIT.ok;
      // commander's answer to a missing command: help on the (silenced) error stream, exit 1. Say so instead.
      if (e.code === 'commander.help') return report(io, noCommand());
      // report() redacts: commander quotes the offending argument, which may be a secret pasted in the wrong place.
      return report(io, invalidInput(`${e.message.replace(/^error: /, '')}; run "aem-cc --help" for usage.`));
    }
    code = report(io, e);
  }
  return code;
}

/** Prints a failure as the contract says and gives its exit code. */
function report(io: Io, e: unknown): number {
  // The secrets were registered by main() before any input was parsed.
  if (e instanceof AemCcError) {
    for (const err of e.all()) io.stderr(redact(`aem-cc: ${err.code}: ${err.message}\n`));
    return e.exitCode;
  }
  const msg = e instanceof Error ? e.message : String(e);
  io.stderr(redact(`aem-cc: remote_error: unexpected failure: ${msg}. This is a bug in aem-cc or an answer it does not understand; run again with --log-level debug and report it.\n`));
  return EXIT.remote;
}

interface Inputs {
  authorUrl: string;
  imsEndpoint: string;
  settingsPath: string;
  timeoutMs: number;
  logger: Logger;
}

function baseInputs(o: RawOpts, needAuthor: boolean): Inputs {
  const inputs = require('./inputs') as typeof import('./inputs');
  const log = require('./log') as typeof import('./log');
  const level = inputs.parseLogLevel(o.logLevel);
  if (needAuthor && o.authorUrl === undefined) {
    throw invalidInput(`no author URL given; set --author-url or ${ENV.authorUrl} to the environment's author URL, e.g. https://author-p1234-e5678.adobeaemcloud.com.`);
  }
  return {
    authorUrl: needAuthor ? inputs.parseAuthorUrl(o.authorUrl) : '',
    imsEndpoint: inputs.parseImsEndpoint(o.imsEndpoint),
    settingsPath: inputs.parseSettingsPath(o.settingsPath),
    timeoutMs: inputs.parseTimeoutMs(o.timeoutMs),
    logger: log.createLogger(level),
  };
}

function requireOrg(o: RawOpts) {
  const inputs = require('./inputs') as typeof import('./inputs');
  if (o.org === undefined) throw invalidInput(`no org given; set --org or ${ENV.org} to an org id (…@AdobeOrg) or the exact org name.`);
  return inputs.parseOrg(o.org);
}

/** The bound on a whole command: generous enough for every retry, short enough never to hang a deploy. */
export function commandBoundMs(timeoutMs: number): number {
  return 4 * timeoutMs + 10_000;
}

async function makeContext(base: Inputs, env: NodeJS.ProcessEnv, needsCredentials = true): Promise<{ ctx: Context; close: () => Promise<void> }> {
  const { readCredentials, TokenProvider } = await import('./credentials');
  const creds = needsCredentials ? readCredentials(env) : ({ mode: 'user', token: '' } as const);
  const { Http, closeHttp } = await import('./http');
  const { ImsClient } = await import('./ims');
  const { AemClient } = await import('./aem');
  const http = new Http({ timeoutMs: base.timeoutMs, deadline: AbortSignal.timeout(commandBoundMs(base.timeoutMs)), logger: base.logger });
  const ims = new ImsClient(http, base.imsEndpoint);
  const aem = new AemClient(http, base.authorUrl, base.settingsPath);
  const tokens = new TokenProvider(creds, ims, base.imsEndpoint, base.logger);
  http.useTokens(tokens); // a 401 on a cached client-credentials token: renewed once, retried once
  return { ctx: { ims, aem, tokens, logger: base.logger, authorUrl: base.authorUrl }, close: closeHttp };
}

async function run(io: Io, command: 'orgs' | 'check' | 'status' | 'apply' | 'destroy', o: RawOpts): Promise<number> {
  const inputs = require('./inputs') as typeof import('./inputs');
  // Every input is validated here, before credentials are read or any request is made.
  const base = baseInputs(o, command !== 'orgs');
  const desired = command === 'check' || command === 'apply' ? requireOrg(o) : command === 'status' && o.org !== undefined ? inputs.parseOrg(o.org) : undefined;
  const allowed = inputs.parseAllowedOrgs(o.allowedOrgs);
  const bindingToken = o.bindingToken !== undefined ? inputs.parseBindingToken(o.bindingToken) : undefined;
  let policy: import('./inputs').RemovalPolicy | undefined;
  if (command === 'destroy') {
    policy = inputs.parseRemovalPolicy(o.removalPolicy, o.revertTo);
    if (!bindingToken) throw invalidInput(`destroy needs the binding token this instance owns; set --binding-token or ${ENV.bindingToken} (the construct passes it).`);
  } else if (o.removalPolicy !== undefined || o.revertTo !== undefined) {
    throw invalidInput(`--removal-policy and --revert-to apply to "destroy" only.`);
  }
  const { ctx, close } = await makeContext(base, io.env, !(command === 'destroy' && policy?.kind === 'retain'));
  const lc = await import('./lifecycle');
  try {
    switch (command) {
      case 'orgs': {
        const r = await lc.orgs(ctx);
        if (o.json) return out(io, r);
        const w = Math.max(4, ...r.orgs.map((x) => x.name.length));
        io.stdout(`${'NAME'.padEnd(w)}  ${'ORG ID'.padEnd(33)}  CREATIVE CLOUD\n`);
        for (const x of r.orgs) io.stdout(`${x.name.padEnd(w)}  ${x.id.padEnd(33)}  ${x.creativeCloudEntitled ? 'entitled' : '-'}\n`);
        return EXIT.ok;
      }
      case 'check': {
        const r = await lc.check(ctx, desired!, allowed);
        if (o.json) out(io, { ok: r.ok, checks: r.checks });
        else for (const c of r.checks) io.stdout(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.ok ? '' : `  (${c.code})`}\n`);
        if (r.failure) return report(io, r.failure);
        return EXIT.ok;
      }
      case 'status': {
        const r = await lc.status(ctx, desired);
        if (o.json) return out(io, r);
        io.stdout(`${base.authorUrl}: ${lc.describeOrg(r)}, generation ${r.generation}${r.inSync === undefined ? '' : r.inSync ? ', in sync' : ', NOT in sync with --org'}\n`);
        return EXIT.ok;
      }
      case 'apply': {
        const r = await lc.apply(ctx, { desired: desired!, allowed, bindingToken });
        if (o.json) return out(io, r);
        io.stdout(
          r.changed
            ? `switched ${base.authorUrl} to ${r.orgName} (${r.orgId}), generation ${r.generation}; was ${r.previousOrgId ?? 'no org'}\n`
            : `${base.authorUrl} already bound to ${r.orgName} (${r.orgId}), generation ${r.generation}; no switch\n`,
        );
        return EXIT.ok;
      }
      case 'destroy': {
        const r = await lc.destroy(ctx, bindingToken!, policy!, allowed);
        if (o.json) return out(io, r);
        io.stdout(`${r.action}: ${base.authorUrl} is bound to ${r.orgId ?? 'no org'}${r.generation === null ? '' : ` (generation ${r.generation})`}\n`);
        return EXIT.ok;
      }
    }
  } finally {
    await close();
  }
}

function out(io: Io, value: unknown): number {
  // Each string is redacted before it is quoted: masking the JSON text afterwards could split an escape.
  io.stdout(`${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? redactSecrets(v) : v))}\n`);
  return EXIT.ok;
}

const READ_KEYS = new Set<string>(READ_QUERY_KEYS);

/** `read`: the Terraform external-program protocol (a JSON object of strings in, one out). */
async function runRead(io: Io): Promise<number> {
  const raw = await io.stdin();
  if (raw.length > 64 * 1024) throw invalidInput(`the read query on stdin is ${raw.length} bytes; at most 65536 are accepted.`);
  let query: unknown;
  try {
    query = JSON.parse(raw);
  } catch {
    throw invalidInput(`the read query on stdin is not JSON; "aem-cc read" speaks Terraform's external-program protocol: a JSON object of strings, e.g. {"author_url":"https://…","org":"…"}.`);
  }
  if (typeof query !== 'object' || query === null || Array.isArray(query)) throw invalidInput(`the read query on stdin must be a JSON object of strings.`);
  const q = query as Record<string, unknown>;
  for (const [k, v] of Object.entries(q)) {
    if (!READ_KEYS.has(k)) throw invalidInput(`the read query has an unknown key ${show(k)}; accepted keys: ${[...READ_KEYS].join(', ')}.`);
    if (typeof v !== 'string') throw invalidInput(`the read query's "${k}" is ${v === null ? 'null' : typeof v}; every value must be a string (Terraform's external-program protocol).`);
  }
  const s = q as Record<string, string | undefined>;
  const pick = (key: string, envName: string) => (s[key] !== undefined ? s[key] : io.env[envName]);
  const base = baseInputs(
    {
      authorUrl: pick('author_url', ENV.authorUrl),
      imsEndpoint: pick('ims_endpoint', ENV.imsEndpoint),
      settingsPath: pick('settings_path', ENV.settingsPath),
      timeoutMs: pick('timeout_ms', ENV.timeoutMs),
      logLevel: pick('log_level', ENV.logLevel),
    },
    true,
  );
  const inputs = require('./inputs') as typeof import('./inputs');
  const org = pick('org', ENV.org);
  if (org === undefined) throw invalidInput(`the read query has no "org"; give the desired org id or exact name.`);
  const desired = inputs.parseOrg(org);
  const allowed = inputs.parseAllowedOrgs(pick('allowed_orgs', ENV.allowedOrgs));
  const { ctx, close } = await makeContext(base, io.env);
  try {
    const lc = await import('./lifecycle');
    return out(io, await lc.read(ctx, desired, allowed));
  } finally {
    await close();
  }
}

async function runEmulator(io: Io, o: RawOpts): Promise<number> {
  const int = (v: string | undefined, what: string, max: number) => {
    if (v === undefined) return undefined;
    if (!/^\d{1,6}$/.test(v) || Number(v) > max) throw invalidInput(`${what} ${show(v)} is not a whole number from 0 to ${max}.`);
    return Number(v);
  };
  const port = int(o.port, '--port', 65535);
  const latencyMs = int(o.latency, '--latency', LIMITS.maxTimeoutMs);
  const { runEmulatorCommand } = await import('./emulator/command');
  void io;
  await runEmulatorCommand({ port, fixturePath: o.fixture, faults: o.faults, latencyMs });
  return EXIT.ok;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) return resolve('');
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c) => {
      data += c;
      if (data.length > 64 * 1024 + 1) process.stdin.destroy();
    });
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('close', () => resolve(data));
    process.stdin.on('error', reject);
  });
}
