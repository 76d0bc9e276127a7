/**
 * Issue 13, item 6: the path-, mode- and interpreter-dependent pieces, checked for Windows with
 * platform stubs on this (Linux) machine: the cache's default location and permission check, and
 * the handler path in the synthesized JSON (path.win32, other drives included). What these stubs
 * cannot show, and was not run on Windows, is listed in the README ("Windows").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCacheDir, isPrivate, TokenProvider, type Credentials } from '../../src/credentials';
import type { ImsClient } from '../../src/ims';
import { createLogger } from '../../src/log';
import { relativeHandlerPath } from '../../constructs/handler-path';
import { applyProvisioner, destroyProvisioner } from '../../constructs/provisioners';
import { tmpDir } from '../helpers/cli';

const WIN = { platform: 'win32' as const, homedir: 'C:\\Users\\ci' };

describe('cache location', () => {
  test.each([
    ['%LOCALAPPDATA% on Windows', { LOCALAPPDATA: 'C:\\Users\\ci\\AppData\\Local' }, WIN, 'C:\\Users\\ci\\AppData\\Local\\aem-cc\\Cache'],
    ['<home>\\AppData\\Local when LOCALAPPDATA is missing', {}, WIN, 'C:\\Users\\ci\\AppData\\Local\\aem-cc\\Cache'],
    ['XDG_CACHE_HOME is not a Windows convention', { XDG_CACHE_HOME: 'C:\\xdg', LOCALAPPDATA: 'D:\\Local' }, WIN, 'D:\\Local\\aem-cc\\Cache'],
    ['AEM_CC_CACHE_DIR wins on Windows', { AEM_CC_CACHE_DIR: 'D:\\ci\\cache', LOCALAPPDATA: 'C:\\x' }, WIN, 'D:\\ci\\cache'],
    ['XDG_CACHE_HOME on Linux', { XDG_CACHE_HOME: '/c' }, { platform: 'linux' as const, homedir: '/home/ci' }, '/c/aem-cc'],
    ['~/.cache on Linux', {}, { platform: 'linux' as const, homedir: '/home/ci' }, '/home/ci/.cache/aem-cc'],
    ['~/.cache on macOS', {}, { platform: 'darwin' as const, homedir: '/Users/ci' }, '/Users/ci/.cache/aem-cc'],
  ])('%s', (_what, env, host, expected) => {
    expect(defaultCacheDir(env, host)).toBe(expected);
  });
});

/** Runs `fn` while process.platform reports `platform`: the stub a Windows runner would be. */
async function onPlatform<T>(platform: NodeJS.Platform, fn: () => Promise<T> | T): Promise<T> {
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { ...original, value: platform });
  try {
    return await fn();
  } finally {
    Object.defineProperty(process, 'platform', original);
  }
}

test('example: on a Windows runner (process.platform stubbed) the cache is used: ten parallel token() calls, one token request', async () => {
  const dir = path.join(tmpDir(), 'cache');
  fs.mkdirSync(dir, { mode: 0o777 });
  fs.chmodSync(dir, 0o777); // Node on Windows reports 0o777/0o666 whatever the ACLs say
  let n = 0;
  const clientCredentialsToken = jest.fn(async () => ({ access_token: `minted-token-${++n}`, expires_in: 86_399 }));
  const lines: string[] = [];
  const creds: Credentials = { mode: 'client', clientId: 'ci-client', clientSecret: 'ci-secret-value', scopes: 'openid' };
  const defaultDir = await onPlatform('win32', async () => {
    const make = () =>
      new TokenProvider(
        creds,
        { clientCredentialsToken } as unknown as ImsClient,
        'https://ims.example.com',
        createLogger('debug', (l) => lines.push(l)),
        dir,
      );
    await Promise.all(Array.from({ length: 10 }, () => make().token()));
    return defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\ci\\AppData\\Local' });
  });
  expect(clientCredentialsToken).toHaveBeenCalledTimes(1);
  expect(lines.join('')).not.toMatch(/chmod/);
  expect(defaultDir).toBe('C:\\Users\\ci\\AppData\\Local\\aem-cc\\Cache');
});

describe('cache permission check', () => {
  test('the modes Node reports on Windows (0o666, 0o777, no owner) count as private there, and not on Linux', () => {
    for (const mode of [0o100666, 0o40777, 0o100444]) {
      expect(isPrivate({ mode, uid: 0 }, 'win32')).toBe(true);
      expect(isPrivate({ mode, uid: process.getuid?.() ?? 0 }, 'linux')).toBe(false);
    }
    expect(isPrivate({ mode: 0o100600, uid: process.getuid?.() ?? 0 }, 'linux')).toBe(true);
  });

  test('with Windows rules, a cache whose modes look open is used: 10 parallel providers make one token request, no chmod advice', async () => {
    const dir = path.join(tmpDir(), 'cache');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777); // what Node on Windows reports for every directory
    let n = 0;
    const clientCredentialsToken = jest.fn(async () => ({ access_token: `minted-token-${++n}`, expires_in: 86_399 }));
    const ims = { clientCredentialsToken } as unknown as ImsClient;
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    const creds: Credentials = { mode: 'client', clientId: 'ci-client', clientSecret: 'ci-secret-value', scopes: 'openid' };
    const tokens = await Promise.all(
      Array.from({ length: 10 }, () => new TokenProvider(creds, ims, 'https://ims.example.com', log, dir, 'win32').token()),
    );
    expect(new Set(tokens)).toEqual(new Set(['minted-token-1']));
    expect(clientCredentialsToken).toHaveBeenCalledTimes(1);
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    fs.chmodSync(path.join(dir, file), 0o666); // as Windows reports files
    expect(await new TokenProvider(creds, ims, 'https://ims.example.com', log, dir, 'win32').token()).toBe('minted-token-1');
    expect(clientCredentialsToken).toHaveBeenCalledTimes(1);
    expect(lines.join('')).not.toMatch(/chmod|accessible to other users|ignoring token cache file/);

    // the same directory under POSIX rules is refused, as before
    const posix = await new TokenProvider(creds, ims, 'https://ims.example.com', log, dir, 'linux').token();
    expect(posix).toBe('minted-token-2');
    expect(lines.join('')).toMatch(/chmod 700/);
  });
});

describe('the handler path in cdk.tf.json', () => {
  const stack = 'C:\\work\\app\\cdktf.out\\stacks\\prod';
  const handler = 'C:\\work\\app\\node_modules\\cdktf-aem-creative-cloud\\bin\\aem-cc.js';
  const expected = '../../../node_modules/cdktf-aem-creative-cloud/bin/aem-cc.js';

  test('POSIX', () => {
    expect(relativeHandlerPath('/work/app/cdktf.out/stacks/prod', '/work/app/node_modules/cdktf-aem-creative-cloud/bin/aem-cc.js', path.posix)).toBe(
      expected,
    );
  });

  test('Windows, same drive: relative, forward slashes', () => {
    expect(relativeHandlerPath(stack, handler, path.win32)).toBe(expected);
  });

  test('Windows, drive letters in different case are the same drive', () => {
    expect(relativeHandlerPath(stack.replace('C:', 'c:'), handler, path.win32)).toBe(expected);
  });

  test('Windows, spaces in the path: kept as they are (no shell ever parses it)', () => {
    expect(
      relativeHandlerPath(
        'C:\\My Apps\\app\\cdktf.out\\stacks\\prod',
        'C:\\My Apps\\app\\node_modules\\cdktf-aem-creative-cloud\\bin\\aem-cc.js',
        path.win32,
      ),
    ).toBe(expected);
  });

  test.each([
    ['another drive', 'D:\\tools\\node_modules\\cdktf-aem-creative-cloud\\bin\\aem-cc.js'],
    ['a UNC share', '\\\\server\\share\\node_modules\\cdktf-aem-creative-cloud\\bin\\aem-cc.js'],
  ])('Windows, the package on %s: an error that says what to do, never an absolute path in the JSON', (_what, other) => {
    expect(() => relativeHandlerPath(stack, other, path.win32)).toThrow(
      /are on different drives, so no relative path joins them.*Install cdktf-aem-creative-cloud into the app's own node_modules/,
    );
  });
});

describe('the interpreter', () => {
  test('provisioners run node directly with the handler path as an argument: no shell, nothing platform-specific', () => {
    // Terraform's local-exec execs interpreter[0] with the rest and the command as arguments (Go's
    // os/exec: on Windows LookPath finds node.exe through PATH and PATHEXT; no cmd.exe is involved
    // when an interpreter is given). The external data source execs program[0] the same way.
    const config = { handler: '../../../node_modules/cdktf-aem-creative-cloud/bin/aem-cc.js', imsEndpoint: 'x', settingsPath: 'y', allowedOrgs: '' };
    for (const p of [applyProvisioner(config), destroyProvisioner(config)]) {
      expect(p.interpreter).toEqual(['node', config.handler]);
      expect(p.command).toMatch(/^(apply|destroy)$/);
    }
  });
});
