/**
 * Issue 13, item 2: a secret pasted where a user value belongs (any flag, any `read` key, any
 * variable) never shows, not even in part: no 12-character run of it, raw or JSON-escaped, appears
 * in any output, whatever its length (short, 80, 81, 300, 2000) or content (quotes, backslashes,
 * newlines, non-ASCII). The secret sits in AEM_CC_ACCESS_TOKEN, AEM_CC_CLIENT_ID or
 * AEM_CC_CLIENT_SECRET, or is a proxy password.
 *
 * Hundreds of combinations run in-process through the compiled `main(argv, io)` (log lines are
 * caught from process.stderr, where the logger writes); the examples as given, and every secret
 * through `read` and `check`, run as real processes.
 */
import * as path from 'node:path';
import { READ_QUERY_KEYS } from '../../src/contract';
import { REPO_ROOT, runCli, tmpDir } from '../helpers/cli';
import { ORGS, useEmulator } from '../helpers/emulator';

const emu = useEmulator();
// The compiled CLI, as the bin runs it (it finds package.json relative to dist/; npm test builds first).

const { main } = require(path.join(REPO_ROOT, 'dist', 'src', 'cli')) as typeof import('../../src/cli');

/**
 * A reproducible pseudo-random secret of `length` code points: drawn from PLAIN, with each of
 * `specials` placed at least once (every 7th position cycles through them), so a secret said to hold
 * quotes really does.
 */
function secret(seed: number, length: number, specials = ''): string {
  let a = seed >>> 0;
  const next = () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const plain = [...PLAIN];
  const special = [...specials];
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    out.push(special.length && i % 7 === 3 ? special[Math.floor(i / 7) % special.length] : plain[Math.floor(next() * plain.length)]);
  }
  return out.join('');
}
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
const SECRETS: Array<[string, string]> = [
  ['short, a quote and a backslash', 'Qv7"x\\9Lp2'],
  ['80 plain', secret(1, 80)],
  ['81 with quotes', secret(2, 81, '"')],
  ['300 with backslashes and quotes', secret(3, 300, '\\"')],
  ['300 with newlines', secret(4, 300, '\n')],
  ['300 non-ASCII', secret(5, 300, 'éü漢🔑')],
  ['2000 of everything', secret(6, 2000, '"\\\n\té漢🔑 ,#%@/')],
];

const RUN = 12;
/** Every 12-character run (or the whole, when shorter) of the secret and of its JSON-escaped form. */
function fragments(s: string): Set<string> {
  const out = new Set<string>();
  for (const form of new Set([s, JSON.stringify(s).slice(1, -1)])) {
    if (form.length < RUN) out.add(form);
    for (let i = 0; i + RUN <= form.length; i++) out.add(form.slice(i, i + RUN));
  }
  return out;
}
/** The runs of `s` that appear in `output` (empty when it does not leak). */
function leaked(s: string, output: string): string[] {
  const f = fragments(s);
  const found = new Set<string>();
  for (const piece of f) if (piece.length < RUN && output.includes(piece)) found.add(piece);
  for (let i = 0; i + RUN <= output.length; i++) {
    const w = output.slice(i, i + RUN);
    if (f.has(w)) found.add(w);
  }
  return [...found];
}

/** Where the secret is kept: one of the secret variables (with what else that mode needs), or a proxy password. */
const HOLDERS: Array<(s: string) => Record<string, string>> = [
  (s) => ({ AEM_CC_ACCESS_TOKEN: s }),
  (s) => ({ AEM_CC_CLIENT_ID: s, AEM_CC_CLIENT_SECRET: 'other-client-secret-value' }),
  (s) => ({ AEM_CC_CLIENT_ID: 'other-client-id-value', AEM_CC_CLIENT_SECRET: s }),
];

interface Placement {
  name: string;
  args: (s: string) => string[];
  env?: (s: string) => Record<string, string>;
  stdin?: (s: string) => string;
}
const dev = () => emu.authorUrl('dev');
const token = `${ORGS.prod}#7`;
const readQuery = (over: Record<string, string>) => JSON.stringify({ author_url: dev(), org: ORGS.dev, ...over });

const PLACEMENTS: Placement[] = [
  // every flag
  { name: '--author-url', args: (s) => ['status', '--author-url', s] },
  { name: '--author-url (in the path)', args: (s) => ['status', '--author-url', `${emu.url}/env/${s}`] },
  { name: '--ims-endpoint', args: (s) => ['orgs', '--ims-endpoint', s] },
  { name: '--settings-path', args: (s) => ['status', '--author-url', dev(), '--settings-path', s] },
  { name: '--settings-path (after a slash)', args: (s) => ['status', '--author-url', dev(), '--settings-path', `/${s}`] },
  { name: '--timeout-ms', args: (s) => ['status', '--author-url', dev(), '--timeout-ms', s] },
  { name: '--log-level', args: (s) => ['status', '--author-url', dev(), '--log-level', s] },
  { name: '--org (status)', args: (s) => ['status', '--author-url', dev(), '--org', s] },
  { name: '--org (check, debug)', args: (s) => ['check', '--author-url', dev(), '--org', s, '--log-level', 'debug'] },
  { name: '--allowed-orgs', args: (s) => ['apply', '--author-url', dev(), '--org', ORGS.dev, '--allowed-orgs', s] },
  { name: '--binding-token (apply)', args: (s) => ['apply', '--author-url', dev(), '--org', ORGS.dev, '--binding-token', s] },
  { name: '--binding-token (destroy)', args: (s) => ['destroy', '--author-url', dev(), '--binding-token', s] },
  { name: '--removal-policy', args: (s) => ['destroy', '--author-url', dev(), '--binding-token', token, '--removal-policy', s] },
  { name: '--revert-to', args: (s) => ['destroy', '--author-url', dev(), '--binding-token', token, '--revert-to', s] },
  { name: 'emulator --port', args: (s) => ['emulator', '--port', s] },
  { name: 'emulator --latency', args: (s) => ['emulator', '--latency', s] },
  { name: 'emulator --faults', args: (s) => ['emulator', '--faults', s] },
  { name: 'emulator --fixture', args: (s) => ['emulator', '--fixture', path.join(tmpDir(), s.replace(/\//g, '_').slice(0, 200))] },
  // misplaced: as an unknown flag, a stray argument, the command
  { name: 'unknown flag', args: (s) => ['status', '--author-url', dev(), `--access-token=${s}`] },
  { name: 'stray argument', args: (s) => ['status', '--author-url', dev(), s] },
  { name: 'as the command', args: (s) => [s] },
  // every read key, and a key that is the secret
  ...READ_QUERY_KEYS.map((k) => ({ name: `read "${k}"`, args: () => ['read'], stdin: (s: string) => readQuery({ [k]: s }) })),
  { name: 'read, as a key', args: () => ['read'], stdin: (s) => JSON.stringify({ author_url: dev(), org: ORGS.dev, [s]: 'x' }) },
  { name: 'read, not JSON', args: () => ['read'], stdin: (s) => `{"org": ${s}` },
  // every variable
  ...[
    ['AEM_CC_AUTHOR_URL', ['status']],
    ['AEM_CC_ORG', ['check', '--author-url', '<dev>']],
    ['AEM_CC_ALLOWED_ORGS', ['check', '--author-url', '<dev>', '--org', ORGS.dev]],
    ['AEM_CC_REMOVAL_POLICY', ['destroy', '--author-url', '<dev>', '--binding-token', token]],
    ['AEM_CC_REVERT_TO', ['destroy', '--author-url', '<dev>', '--binding-token', token]],
    ['AEM_CC_BINDING_TOKEN', ['destroy', '--author-url', '<dev>']],
    ['AEM_CC_IMS_ENDPOINT', ['orgs']],
    ['AEM_CC_SETTINGS_PATH', ['status', '--author-url', '<dev>']],
    ['AEM_CC_TIMEOUT_MS', ['status', '--author-url', '<dev>']],
    ['AEM_CC_LOG_LEVEL', ['status', '--author-url', '<dev>']],
    ['AEM_CC_SCOPES', ['status', '--author-url', '<dev>', '--log-level', 'debug']],
    ['HTTPS_PROXY', ['status', '--author-url', '<dev>', '--log-level', 'debug']],
    ['NO_PROXY', ['status', '--author-url', 'https://author.example.invalid']],
  ].map(([name, args]) => ({
    name: `$${name as string}`,
    args: () => (args as string[]).map((a) => (a === '<dev>' ? dev() : a)),
    env: (s: string) => ({ [name as string]: s, ...(name === 'NO_PROXY' ? { HTTPS_PROXY: 'http://127.0.0.1:9' } : {}) }),
  })),
  {
    name: '$AEM_CC_CACHE_DIR',
    args: () => ['status', '--author-url', dev(), '--log-level', 'debug'],
    env: (s) => ({ AEM_CC_CACHE_DIR: path.join(tmpDir(), s) }),
  },
];

const baseEnv = () => ({ AEM_CC_IMS_ENDPOINT: emu.url, AEM_CC_CACHE_DIR: path.join(tmpDir(), 'cache') });

/**
 * Runs the CLI in-process with `env` as its environment (set on process.env for the call, since
 * commander reads a flag's variable from there); returns everything it wrote (stdout, stderr, log lines).
 */
async function inProcess(args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; output: string }> {
  let output = '';
  const before = { ...process.env };
  Object.assign(process.env, env);
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    const code = await main(args, { stdout: (s) => (output += s), stderr: (s) => (output += s), stdin: async () => stdin, env: process.env });
    return { code, output };
  } finally {
    spy.mockRestore();
    for (const k of Object.keys(process.env)) if (!(k in before)) delete process.env[k];
    Object.assign(process.env, before);
  }
}

const saved: Record<string, string | undefined> = {};
beforeAll(() => {
  // In-process runs read the proxy variables from process.env: none of the machine's may apply.
  for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
});

describe.each(SECRETS)('secret: %s', (_what, s) => {
  test.each(PLACEMENTS.map((p, i) => [p.name, p, i] as const))('pasted into %s', async (_name, p, i) => {
    const holder = HOLDERS[i % HOLDERS.length](s);
    // a variable placement sets the secret itself; HTTPS_PROXY's password is the secret there
    const placed = p.env?.(s) ?? {};
    const env = { ...baseEnv(), ...holder, ...placed };
    if (p.name === '$HTTPS_PROXY') Object.assign(env, { HTTPS_PROXY: `http://user:${encodeURIComponent(s)}@127.0.0.1:9`, NO_PROXY: 'example.com' });
    const r = await inProcess(p.args(s), env, p.stdin?.(s));
    expect({ exit: r.code === 0 ? 'ok' : 'failed', leaked: leaked(s, r.output) }).toEqual({ exit: expect.any(String), leaked: [] });
    expect(r.output).toMatch(/aem-cc/); // something was printed: the check above looked at a real answer
  });
});

describe('the examples as given, as real processes', () => {
  // Shaped like a base64 token with padding: "=" is one of the characters an org name refuses.
  const long = `${secret(7, 118)}==`;
  test('a token longer than 80 characters passed as --author-url: no part of it is printed', async () => {
    const r = await runCli(['status', '--author-url', long], { env: { AEM_CC_ACCESS_TOKEN: long } });
    expect(r.code).toBe(2);
    expect(leaked(long, r.stdout + r.stderr)).toEqual([]);
    expect(r.stderr).toMatch(/aem-cc: invalid_input: the author URL .*\[REDACTED\]/);
  });

  test('a shorter secret with a quote and a backslash pasted into a flag: not printed escaped', async () => {
    const s = 'pa"ss\\word-123';
    const r = await runCli(['status', '--author-url', emu.authorUrl('dev'), '--timeout-ms', s], {
      env: { AEM_CC_CLIENT_ID: 'emu-ci-client', AEM_CC_CLIENT_SECRET: s },
    });
    expect(r.code).toBe(2);
    expect(leaked(s, r.stdout + r.stderr)).toEqual([]);
  });

  test('read, with the token in the "org" key', async () => {
    const r = await runCli(['read'], { env: { AEM_CC_ACCESS_TOKEN: long, AEM_CC_IMS_ENDPOINT: emu.url }, stdin: readQuery({ org: long }) });
    expect(r.code).not.toBe(0);
    expect(leaked(long, r.stdout + r.stderr)).toEqual([]);
  });

  test.each(SECRETS)('%s, in the "org" key and as --org at debug level', async (_what, s) => {
    const env = { AEM_CC_ACCESS_TOKEN: s, AEM_CC_IMS_ENDPOINT: emu.url, AEM_CC_LOG_LEVEL: 'debug' };
    const a = await runCli(['read'], { env, stdin: readQuery({ org: s }) });
    const b = await runCli(['check', '--author-url', emu.authorUrl('dev'), '--org', s], {
      env: { AEM_CC_CLIENT_ID: 'emu-ci-client', AEM_CC_CLIENT_SECRET: s, AEM_CC_IMS_ENDPOINT: emu.url, AEM_CC_LOG_LEVEL: 'debug' },
    });
    for (const r of [a, b]) expect(leaked(s, r.stdout + r.stderr)).toEqual([]);
  });
});
