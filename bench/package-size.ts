/**
 * What the package adds to an app's node_modules: a cdktf app (cdktf 0.21, constructs, the two provider
 * packages) installed twice from npm's cache, without and with the packed tarball, and the sizes of the
 * two trees compared (the sum of the files' sizes: what the registry would ship, not disk blocks).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, TMP } from './lib';

export interface PackageSize {
  /** Bytes the package adds beyond cdktf and its peers. */
  addedBytes: number;
  /** Each package the install added, with its bytes (the tarball's own files included). */
  added: Record<string, number>;
  /** The packed tarball's size, in bytes. */
  tarballBytes: number;
}

const APP_PACKAGES = [
  `cdktf@${require('cdktf/package.json').version}`,
  'constructs@10.8.1',
  '@cdktf/provider-null@11.0.1',
  '@cdktf/provider-external@11.0.1',
];

/** Bytes of every file under `dir`. */
function bytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += bytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

/** Every package directory under `nodeModules` (scopes and nested node_modules included), by name, with its bytes. */
function packages(nodeModules: string, out = new Map<string, number>()): Map<string, number> {
  for (const e of fs.readdirSync(nodeModules, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const p = path.join(nodeModules, e.name);
    const dirs = e.name.startsWith('@') ? fs.readdirSync(p).map((s) => path.join(p, s)) : [p];
    for (const d of dirs) {
      const name = path.relative(nodeModules, d).split(path.sep).join('/');
      const nested = path.join(d, 'node_modules');
      out.set(name, (out.get(name) ?? 0) + bytes(d) - (fs.existsSync(nested) ? bytes(nested) : 0));
      if (fs.existsSync(nested)) packages(nested, out);
    }
  }
  return out;
}

function install(dir: string, extra: string[]): Map<string, number> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...APP_PACKAGES, ...extra], {
    cwd: dir,
    stdio: 'pipe',
  });
  return packages(path.join(dir, 'node_modules'));
}

export async function packageSize(): Promise<PackageSize> {
  const dir = path.join(TMP, 'package-size');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // dist/ is current (the bench builds first), so pack without running the build again.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT })
    .toString()
    .trim()
    .split('\n')
    .pop()!;
  const tarball = path.join(dir, packed);
  const without = install(path.join(dir, 'without'), []);
  const withIt = install(path.join(dir, 'with'), [tarball]);
  const added: Record<string, number> = {};
  for (const [name, size] of withIt) {
    const delta = size - (without.get(name) ?? 0);
    if (delta !== 0) added[name] = delta;
  }
  return { addedBytes: Object.values(added).reduce((a, b) => a + b, 0), added, tarballBytes: fs.statSync(tarball).size };
}
