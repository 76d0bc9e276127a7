/**
 * Bad input is refused before any request: exit 2, an `aem-cc: invalid_input:` (or
 * `missing_credentials:`) line, and the emulator's request log stays empty. Nothing reaches a shell.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorLines, runCli, tmpDir } from '../helpers/cli';
import { ORGS, useEmulator } from '../helpers/emulator';

const emu = useEmulator();
const marker = path.join(tmpDir('pwn-'), 'pwned');
const huge = 'A'.repeat(10_000);

interface Row {
  name: string;
  /** Arguments, given the emulator's base URL. */
  args: (u: string) => string[];
  env?: (u: string) => Record<string, string>;
  /** Replaces the default credentials (the ana token) entirely. */
  creds?: Record<string, string>;
  stdin?: (u: string) => string;
  code?: 'invalid_input' | 'missing_credentials';
  message?: RegExp;
}

const author = (u: string) => `${u}/env/dev`;
const apply = (org: string) => (u: string) => ['apply', '--author-url', author(u), '--org', org];
const applyAt = (url: string | ((u: string) => string)) => (u: string) => [
  'apply',
  '--author-url',
  typeof url === 'string' ? url : url(u),
  '--org',
  ORGS.dev,
];
const destroy =
  (...extra: string[]) =>
  (u: string) => ['destroy', '--author-url', author(u), ...extra];
const read = (q: (u: string) => unknown) => ({
  args: () => ['read'],
  stdin: (u: string) => (typeof q(u) === 'string' ? (q(u) as string) : JSON.stringify(q(u))),
});

const ROWS: Row[] = [
  // org ids and names
  { name: 'org id with 23 hex digits', args: apply('C0FFEE00000000000000DE0@AdobeOrg'), message: /looks like an org id/ },
  { name: 'lower-case org id', args: apply('c0ffee00000000000000de01@AdobeOrg'), message: /case-sensitive/ },
  { name: 'lower-case auth source', args: apply('C0FFEE00000000000000DE01@adobeorg') },
  { name: 'bare 24 hex digits', args: apply('C0FFEE00000000000000DE01') },
  { name: 'org id with a Cyrillic Е', args: apply('C0FFEE00000000000000DЕ01@AdobeOrg') },
  { name: 'name with Cyrillic look-alikes', args: apply('Contoso Сreative (Dev)'), message: /Cyrillic or Greek/ },
  { name: 'name with a Greek omicron', args: apply('Cοntoso Creative (Dev)'), message: /Cyrillic or Greek/ },
  { name: 'empty org', args: apply(''), message: /empty/ },
  { name: 'whitespace org', args: apply('   '), message: /empty/ },
  { name: 'empty org from the environment', args: (u) => ['apply', '--author-url', author(u)], env: () => ({ AEM_CC_ORG: '' }) },
  { name: 'name with a newline', args: apply('Contoso Creative\n(Dev)'), message: /control/ },
  { name: 'name with a tab', args: apply('Contoso\tCreative'), message: /control/ },
  { name: 'name with a zero-width space', args: apply('Contoso\u200bCreative (Dev)'), message: /invisible/ },
  { name: 'name with a bidi override', args: apply('Contoso \u202eveD'), message: /invisible/ },
  { name: 'name with an escape sequence', args: apply('Contoso \u001b[31mred') },
  { name: 'command substitution', args: apply(`$(touch ${marker})`), message: /metacharacter/ },
  {
    name: 'command substitution from the environment',
    args: (u) => ['apply', '--author-url', author(u)],
    env: () => ({ AEM_CC_ORG: `$(touch ${marker})` }),
  },
  { name: 'backticks', args: apply(`\`touch ${marker}\``), message: /metacharacter/ },
  { name: 'double quotes', args: apply('Contoso "Creative"'), message: /metacharacter/ },
  { name: 'semicolon and redirection', args: apply(`x; touch ${marker} > /dev/null`) },
  { name: 'huge org (10k chars)', args: apply(huge), message: /at most 255/ },
  // URLs
  { name: 'author URL with credentials', args: applyAt((u) => u.replace('http://', 'http://admin:hunter2@') + '/env/dev'), message: /credentials/ },
  { name: 'author URL with a query string', args: applyAt((u) => `${u}/env/dev?wcmmode=disabled`), message: /query string/ },
  { name: 'author URL with a fragment', args: applyAt((u) => `${u}/env/dev#top`), message: /fragment/ },
  { name: 'author URL on non-loopback http', args: applyAt('http://author-p1234-e5678.adobeaemcloud.com'), message: /non-loopback/ },
  { name: 'author URL with ftp', args: applyAt('ftp://127.0.0.1/env/dev'), message: /scheme/ },
  { name: 'author URL with a Cyrillic host', args: applyAt('https://аuthor-p1234-e5678.adobeaemcloud.com'), message: /non-ASCII/ },
  { name: 'author URL with a dot segment', args: applyAt((u) => `${u}/env/prod/../dev`), message: /relative path segment/ },
  { name: 'author URL with command substitution', args: applyAt(`https://$(touch ${marker}).example.com`) },
  { name: 'huge author URL', args: applyAt((u) => `${u}/env/${huge}`), message: /at most 2048/ },
  { name: 'no author URL', args: () => ['apply', '--org', ORGS.dev], message: /no author URL/ },
  { name: 'IMS endpoint with a path', args: apply(ORGS.dev), env: (u) => ({ AEM_CC_IMS_ENDPOINT: `${u}/ims` }), message: /has a path/ },
  { name: 'IMS endpoint on non-loopback http', args: (u) => [...apply(ORGS.dev)(u), '--ims-endpoint', 'http://ims.example.com'] },
  { name: 'settings path with ..', args: (u) => [...apply(ORGS.dev)(u), '--settings-path', '/adobe/../etc/passwd'] },
  // other flags
  { name: 'bad timeout', args: (u) => [...apply(ORGS.dev)(u), '--timeout-ms', '10s'], message: /whole number/ },
  { name: 'timeout too small', args: (u) => [...apply(ORGS.dev)(u), '--timeout-ms', '5'] },
  { name: 'timeout from the environment', args: apply(ORGS.dev), env: () => ({ AEM_CC_TIMEOUT_MS: '-1' }) },
  { name: 'bad log level', args: (u) => [...apply(ORGS.dev)(u), '--log-level', 'verbose'], message: /error, warn, info, debug/ },
  { name: 'allowed orgs with a name', args: (u) => [...apply(ORGS.dev)(u), '--allowed-orgs', 'Contoso Creative (Dev)'] },
  { name: 'unknown option', args: (u) => [...apply(ORGS.dev)(u), '--force'], message: /unknown option/ },
  { name: 'unknown command', args: () => ['deploy'], message: /unknown command/ },
  { name: 'no command', args: () => [], message: /no command/ },
  { name: 'excess argument', args: (u) => [...apply(ORGS.dev)(u), 'extra'] },
  { name: 'removal policy on apply', args: (u) => [...apply(ORGS.dev)(u), '--removal-policy', 'retain'] },
  // destroy
  { name: 'unknown removal policy', args: destroy('--binding-token', `${ORGS.dev}#1`, '--removal-policy', 'delete'), message: /unknown/ },
  {
    name: 'retain with revert-to',
    args: destroy('--binding-token', `${ORGS.dev}#1`, '--removal-policy', 'retain', '--revert-to', ORGS.prod),
    message: /conflict/,
  },
  {
    name: 'revert without revert-to',
    args: destroy('--binding-token', `${ORGS.dev}#1`, '--removal-policy', 'revert'),
    message: /no org to revert to/,
  },
  { name: 'revert to a malformed org id', args: destroy('--binding-token', `${ORGS.dev}#1`, '--revert-to', 'C0FFEE@AdobeOrg') },
  { name: 'destroy without a binding token', args: destroy('--removal-policy', 'retain'), message: /binding token/ },
  { name: 'bad binding token', args: destroy('--binding-token', 'C0FFEE#1', '--removal-policy', 'retain') },
  { name: 'binding token with a negative generation', args: destroy('--binding-token', `${ORGS.dev}#-1`, '--revert-to', ORGS.prod) },
  { name: 'binding token with two #', args: destroy('--binding-token', `${ORGS.dev}#1#2`, '--revert-to', ORGS.prod) },
  // read
  { name: 'read: a number value', ...read((u) => ({ author_url: author(u), org: 42 })), message: /must be a string/ },
  { name: 'read: a null value', ...read((u) => ({ author_url: author(u), org: null })) },
  { name: 'read: a nested object', ...read((u) => ({ author_url: author(u), org: { id: ORGS.dev } })) },
  { name: 'read: a boolean value', ...read((u) => ({ author_url: author(u), org: ORGS.dev, timeout_ms: true })) },
  { name: 'read: an unknown key', ...read((u) => ({ author_url: author(u), org: ORGS.dev, removal_policy: 'retain' })), message: /unknown key/ },
  { name: 'read: a credential key', ...read((u) => ({ author_url: author(u), org: ORGS.dev, access_token: 'x' })), message: /unknown key/ },
  { name: 'read: not JSON', ...read(() => 'author_url=x&org=y'), message: /not JSON/ },
  { name: 'read: empty stdin', ...read(() => '') },
  { name: 'read: an array', ...read((u) => [author(u), ORGS.dev]), message: /JSON object/ },
  { name: 'read: null', ...read(() => 'null') },
  { name: 'read: a bad org', ...read((u) => ({ author_url: author(u), org: `$(touch ${marker})` })) },
  { name: 'read: no org', ...read((u) => ({ author_url: author(u) })), message: /no "org"/ },
  { name: 'read: a huge query', ...read((u) => ({ author_url: author(u), org: 'x'.repeat(70_000) })), message: /65536/ },
  // the emulator command, on the port this test's emulator already listens on
  { name: 'emulator: a bad fault spec', args: () => ['emulator', '--port', '0', '--faults', 'orgs:boom'], message: /unknown kind "boom"/ },
  {
    name: 'emulator: a fixture that is not there',
    args: () => ['emulator', '--port', '0', '--fixture', '/nonexistent/f.json'],
    message: /cannot read the file/,
  },
  { name: 'emulator: a port in use', args: (u) => ['emulator', '--port', new URL(u).port], message: /^port \d+ on 127\.0\.0\.1 is already in use/ },
  // credentials
  {
    name: 'an API key with client credentials alone',
    args: apply(ORGS.dev),
    creds: { AEM_CC_CLIENT_ID: 'emu-ci-client', AEM_CC_CLIENT_SECRET: 'emu-ci-secret', AEM_CC_API_KEY: 'emu-web-app' },
    message: /AEM_CC_API_KEY is set but AEM_CC_ACCESS_TOKEN is not/,
  },
  { name: 'token with a trailing newline', args: apply(ORGS.dev), creds: { AEM_CC_ACCESS_TOKEN: 'emu-token-ana\n' }, message: /value not shown/ },
  {
    name: 'scopes with spaces',
    args: apply(ORGS.dev),
    creds: { AEM_CC_CLIENT_ID: 'emu-ci-client', AEM_CC_CLIENT_SECRET: 'emu-ci-secret', AEM_CC_SCOPES: 'openid, AdobeID' },
  },
  { name: 'no credentials', args: apply(ORGS.dev), creds: {}, code: 'missing_credentials' },
  { name: 'empty token', args: apply(ORGS.dev), creds: { AEM_CC_ACCESS_TOKEN: '' }, code: 'missing_credentials' },
  { name: 'client id without secret', args: apply(ORGS.dev), creds: { AEM_CC_CLIENT_ID: 'emu-ci-client' }, code: 'missing_credentials' },
  { name: 'read without credentials', ...read((u) => ({ author_url: author(u), org: ORGS.dev })), creds: {}, code: 'missing_credentials' },
];

test.each(ROWS)('$name', async (row) => {
  const u = emu.url;
  const env = { ...(row.creds ?? { AEM_CC_ACCESS_TOKEN: 'emu-token-ana' }), AEM_CC_IMS_ENDPOINT: u, ...(row.env?.(u) ?? {}) };
  const r = await runCli(row.args(u), { env, stdin: row.stdin?.(u), timeoutMs: 15_000 });
  const code = row.code ?? 'invalid_input';
  const lines = errorLines(r.stderr);
  expect({ exit: r.code, first: lines[0]?.code, lines: lines.length }).toEqual({ exit: 2, first: code, lines: 1 });
  expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^aem-cc: ${code}: `));
  if (row.message) expect(lines[0].message).toMatch(row.message);
  expect(r.stdout).toBe('');
  // refused before any request
  expect(await emu.requests()).toEqual([]);
  // a refusal message stays readable: a 10k value is never echoed whole
  expect(r.stderr.length).toBeLessThan(2_000);
  expect(r.stderr).not.toContain('hunter2');
  expect(fs.existsSync(marker)).toBe(false);
});
