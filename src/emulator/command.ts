/**
 * `aem-cc emulator [--port N|0] [--fixture FILE] [--faults SPEC] [--latency MS] [--require-api-key]`.
 * The first stdout line is `aem-cc emulator listening on http://127.0.0.1:<port>`; a short summary
 * follows. SIGINT/SIGTERM stop it within a second and the returned promise resolves (exit 0).
 */
import { DEFAULT_SETTINGS_PATH, EMULATOR } from '../contract';
import { invalidInput } from '../errors';
import { parseFaultSpec } from './faults';
import { DEFAULT_FIXTURE, loadFixture, type Fixture } from './fixture';
import { startEmulator } from './server';

export interface EmulatorCommandOptions {
  port?: number;
  fixturePath?: string;
  faults?: string;
  latencyMs?: number;
  /** Require `X-Api-Key` on AEM requests, as Adobe's API gateway does (`--require-api-key`). */
  requireApiKey?: boolean;
}

export interface EmulatorCommandIo {
  /** Where the banner goes; default process.stdout. */
  stdout?: { write(chunk: string): unknown };
  /** Stops the emulator like SIGINT does (for tests and embedding). */
  signal?: AbortSignal;
}

/** `emu-…(13 chars)`: enough to tell tokens apart, never the value. */
function hint(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

function summary(url: string, fixture: Fixture, builtIn: boolean, opts: EmulatorCommandOptions): string[] {
  const faults = opts.faults ?? '';
  const orgName = (id: string | null) => (id ? (fixture.orgs.find((o) => o.id === id)?.name ?? '?') : null);
  const show = (secret: string) => (builtIn ? secret : hint(secret));
  const envWidth = Math.max(...fixture.environments.map((e) => e.id.length), 3);
  const lines = [
    `  fixture:      ${builtIn ? 'built-in default (see docs/emulator.md)' : 'from --fixture'}`,
    `  IMS endpoint: ${url}   (--ims-endpoint / AEM_CC_IMS_ENDPOINT)`,
    `  settings:     <author URL>${DEFAULT_SETTINGS_PATH}`,
    '  environments (author URL, bound org, generation):',
  ];
  for (const e of fixture.environments) {
    const bound = e.orgId ? `${orgName(e.orgId)} (${e.orgId})` : '(not bound)';
    lines.push(`    ${e.id.padEnd(envWidth)}  ${url}/env/${e.id}  ${bound}  generation ${e.generation}`);
  }
  lines.push(
    builtIn
      ? '  users (bearer tokens of the built-in fixture: emulator-only values, not secrets, safe to print):'
      : '  users (token hints; the values stay in the fixture file):',
  );
  for (const u of fixture.users) {
    const adminOf = fixture.environments.filter((e) => e.admins.includes(u.userId)).map((e) => e.id);
    lines.push(
      `    ${u.token === undefined ? '(no token)' : show(u.token)}  ${u.name} <${u.email}> ${u.accountType ?? 'technical account'} ${u.userId}; ` +
        `CC in ${u.entitlements.length}/${u.orgs.length} orgs; admin of ${adminOf.length ? adminOf.join(', ') : 'no environment'}` +
        `${u.clientId ? `; signs in through ${u.clientId}` : ''}`,
    );
  }
  for (const c of fixture.clients) {
    const user = fixture.users.find((u) => u.userId === c.userId);
    lines.push(`  client credentials: ${c.clientId} / ${show(c.clientSecret)} -> ${user?.name ?? c.userId} (can read, cannot switch)`);
  }
  lines.push(
    opts.requireApiKey
      ? '  X-Api-Key: required on AEM requests (403 "Api Key is invalid" without the client id of the token)'
      : "  X-Api-Key: not required (--require-api-key requires it, as Adobe's API gateway does)",
    `  faults: ${faults.trim() || 'none'}; latency: ${opts.latencyMs ?? 0} ms`,
    `  control: GET ${EMULATOR.statePath}, POST ${EMULATOR.resetPath}, POST ${EMULATOR.faultsPath} {"spec"}, ` +
      `PUT ${EMULATOR.environmentsPath}/<id> {"orgId"}`,
    '  Stop with Ctrl-C (SIGINT) or SIGTERM.',
  );
  return lines;
}

/**
 * A fixture or fault spec the caller gave that cannot be used: `invalid_input` (exit 2) with the reason
 * the fixture loader or the fault parser gives (they throw plain errors, which the control routes answer
 * with 400).
 */
function asInput<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw invalidInput((e as Error).message);
  }
}

/**
 * A port that cannot be listened on is the caller's to change, not a fault of the emulator: `invalid_input`
 * (exit 2) naming the port and what to do. Other listen errors pass through unchanged.
 */
function listenError(e: unknown, port: number): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return invalidInput(
      `port ${port} on 127.0.0.1 is already in use (another emulator still running?); ` +
        'stop what listens there, or pick another --port (0: any free port).',
    );
  }
  if (code === 'EACCES') {
    return invalidInput(`port ${port} on 127.0.0.1 may not be listened on by this user; pick a port above 1023, or --port 0.`);
  }
  return e;
}

/**
 * Runs the emulator until SIGINT, SIGTERM or `io.signal` aborts.
 * @throws AemCcError `invalid_input` when the fixture or the fault spec cannot be used, or the port is taken (EADDRINUSE) or not
 *   allowed (EACCES)
 */
export async function runEmulatorCommand(opts: EmulatorCommandOptions, io: EmulatorCommandIo = {}): Promise<void> {
  const out = io.stdout ?? process.stdout;
  const fixture = opts.fixturePath ? asInput(() => loadFixture(opts.fixturePath!)) : DEFAULT_FIXTURE;
  const faults = opts.faults ?? '';
  asInput(() => parseFaultSpec(faults)); // refuse a bad spec before listening
  const latencyMs = opts.latencyMs ?? 0;
  const emulator = await startEmulator({ port: opts.port, fixture, faults, latencyMs, requireApiKey: opts.requireApiKey }).catch((e: unknown) => {
    throw listenError(e, opts.port ?? 0);
  });

  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (io.signal?.aborted) stop();
  io.signal?.addEventListener('abort', onSignal, { once: true });

  try {
    out.write(`aem-cc emulator listening on ${emulator.url}\n`);
    out.write(`${summary(emulator.url, fixture, !opts.fixturePath, opts).join('\n')}\n`);
    await stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    io.signal?.removeEventListener('abort', onSignal);
    await emulator.close();
  }
}
