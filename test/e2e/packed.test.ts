/**
 * What a new user does: install the packed tarball into a fresh app OUTSIDE this repository, then
 * deploy and diff against the emulator with the real engines. Proves the package carries everything it
 * needs (handler, compiled code, both entries, dependencies) and that the synthesized handler path is
 * relative to the stack directory, into the app's own node_modules.
 *
 * - a cdktf app (cdktf 0.21, the prebuilt @cdktf/provider-* packages, the newest constructs), driven by
 *   cdktf-cli on the machine's Node;
 * - a CDK Terrain app with no cdktf anywhere in its tree (cdktn 0.24 and the constructs it accepts),
 *   driven by cdktn-cli on Node 22, on Terraform and on OpenTofu: deploy switches, the next diff has no
 *   changes, destroy with revertTo reverts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cdktf, DEPLOY, DESTROY, DIFF, ENGINE_NAMES, ENGINES, NO_CHANGES, ROOT } from './harness';
import { DEFAULT_IDS, RunningEmulator, startEmulator } from '../../src/emulator';
import { emulatorHandle } from '../helpers/emulator';

jest.setTimeout(600_000);

let emu: RunningEmulator;
let dir: string;
let tarball: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aem-cc-fresh-app-'));
  // dist/ is current (npm test builds it first), so pack without running the build again.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT })
    .toString()
    .trim()
    .split('\n')
    .pop()!;
  tarball = path.join(dir, packed);
});
afterAll(async () => {
  await emu.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const state = () => emulatorHandle(() => emu).state();

/** A fresh npm project in `app` with `packages` installed (from npm's cache where it has them). */
function install(app: string, packages: string[]): void {
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: path.basename(app), version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', tarball, ...packages], {
    cwd: app,
    stdio: 'pipe',
  });
}

/** main.js and cdktf.json of a one-binding app in `appDir`, importing the construct from `entry`. */
function writeApp(appDir: string, core: 'cdktf' | 'cdktn', entry: string, env: string, props: string): void {
  fs.mkdirSync(appDir, { recursive: true });
  fs.writeFileSync(
    path.join(appDir, 'main.js'),
    [
      `const { App, TerraformStack } = require('${core}');`,
      `const { AemCreativeCloudOrgBinding, RemovalPolicy } = require('${entry}');`,
      `const app = new App();`,
      `const stack = new TerraformStack(app, 'fresh');`,
      `new AemCreativeCloudOrgBinding(stack, 'creative-cloud', {`,
      `  authorUrl: ${JSON.stringify(`${emu.url}/env/${env}`)}, imsEndpoint: ${JSON.stringify(emu.url)}, ${props}`,
      `});`,
      `app.synth();`,
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(appDir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: 'node main.js', terraformProviders: [], terraformModules: [] }),
  );
}

test('cdktf: the packed tarball, installed into a fresh app, synthesizes, deploys and diffs clean', async () => {
  const app = path.join(dir, 'cdktf-app');
  // What a cdktf user installs; the provider packages are peers, and constructs is the newest cdktf accepts.
  install(app, [
    `cdktf@${require('cdktf/package.json').version}`,
    'constructs@10.8.1',
    '@cdktf/provider-null@11.0.1',
    '@cdktf/provider-external@11.0.1',
  ]);
  writeApp(app, 'cdktf', 'cdktf-aem-creative-cloud', 'stage', `org: 'Contoso Creative (Stage)'`);
  const env = { AEM_CC_ACCESS_TOKEN: 'emu-token-ana', AEM_CC_CACHE_DIR: path.join(app, '.cache') };

  const deploy = await cdktf(app, DEPLOY, env);
  expect(deploy.output).toMatch(/switched .*\/env\/stage to Contoso Creative \(Stage\)/);
  expect(deploy.code).toBe(0);
  const synthesized = fs.readFileSync(path.join(app, 'cdktf.out', 'stacks', 'fresh', 'cdk.tf.json'), 'utf8');
  const handler = '../../../node_modules/cdktf-aem-creative-cloud/bin/aem-cc.js';
  const resource = JSON.parse(synthesized).resource.null_resource['creative-cloud_binding_0F998158'];
  expect(resource.provisioner.map((p: any) => p['local-exec'].interpreter)).toEqual([
    ['node', handler],
    ['node', handler],
  ]);
  expect(synthesized).not.toContain(ROOT);
  expect((await state()).environments.stage).toMatchObject({ orgId: DEFAULT_IDS.orgs.stage, generation: 4 });
  expect((await cdktf(app, DIFF, env)).output).toMatch(NO_CHANGES);
});

describe('cdktn: a fresh CDK Terrain app with no cdktf in its tree', () => {
  let app: string;
  beforeAll(() => {
    app = path.join(dir, 'cdktn-app');
    install(app, [`cdktn@${require('cdktn/package.json').version}`, `constructs@${require('constructs/package.json').version}`]);
  });

  test('has no cdktf package anywhere in node_modules, and the cdktf entry says what to install instead', () => {
    // Every installed package, nested node_modules and scopes included.
    const names: string[] = [];
    const packagesIn = (nodeModules: string): void => {
      for (const e of fs.readdirSync(nodeModules, { withFileTypes: true })) {
        if (!e.isDirectory() || e.name.startsWith('.')) continue;
        const p = path.join(nodeModules, e.name);
        if (e.name.startsWith('@')) fs.readdirSync(p).forEach((sub) => packageAt(path.join(p, sub)));
        else packageAt(p);
      }
    };
    const packageAt = (p: string): void => {
      if (fs.existsSync(path.join(p, 'package.json'))) names.push(JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')).name);
      if (fs.existsSync(path.join(p, 'node_modules'))) packagesIn(path.join(p, 'node_modules'));
    };
    packagesIn(path.join(app, 'node_modules'));
    expect(names).toContain('cdktn');
    expect(names).toContain('cdktf-aem-creative-cloud');
    expect(names.filter((n) => n === 'cdktf' || n.startsWith('@cdktf/'))).toEqual([]);
    const r = spawnSync(process.execPath, ['-e', `require('cdktf-aem-creative-cloud')`], { cwd: app, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      `cdktf-aem-creative-cloud: cdktf, @cdktf/provider-null, @cdktf/provider-external are not installed; the entry 'cdktf-aem-creative-cloud' is for cdktf`,
    );
    expect(r.stderr).toContain(`With cdktn, import 'cdktf-aem-creative-cloud/cdktn' instead.`);
  });

  test("TypeScript finds the cdktn entry's types under every module resolution, the older `node` included", () => {
    fs.writeFileSync(
      path.join(app, 'check.ts'),
      `import { AemCreativeCloudOrgBinding, RemovalPolicy } from 'cdktf-aem-creative-cloud/cdktn';\nexport const policy: RemovalPolicy = RemovalPolicy.retain();\nexport type B = AemCreativeCloudOrgBinding;\n`,
    );
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    for (const [module, resolution] of [
      ['commonjs', 'node'],
      ['node16', 'node16'],
      ['nodenext', 'nodenext'],
      ['esnext', 'bundler'],
    ]) {
      const r = spawnSync(
        process.execPath,
        [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', module, '--moduleResolution', resolution, 'check.ts'],
        { cwd: app, encoding: 'utf8' },
      );
      expect({ resolution, out: r.stdout + r.stderr, status: r.status }).toEqual({ resolution, out: '', status: 0 });
    }
  });

  test.each(ENGINES.map((e) => [ENGINE_NAMES[e], e] as const))(
    'on %s, driven by cdktn-cli on Node 22: deploy switches, the next diff has no changes, destroy with revertTo reverts',
    async (_name, engine) => {
      const appDir = path.join(app, `on-${engine}`);
      const env = { AEM_CC_ACCESS_TOKEN: 'emu-token-ana', AEM_CC_CACHE_DIR: path.join(appDir, '.cache') };
      // One environment per engine, so neither run depends on the other's; both start bound elsewhere.
      const envId = engine === 'terraform' ? 'dev' : 'prod';
      writeApp(
        appDir,
        'cdktn',
        'cdktf-aem-creative-cloud/cdktn',
        envId,
        `org: ${JSON.stringify(DEFAULT_IDS.orgs.dev)}, removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Stage)')`,
      );
      const before = (await state()).environments[envId];

      const deploy = await cdktf(appDir, DEPLOY, env, engine, 300_000, 'cdktn');
      if (deploy.code !== 0) console.log(deploy.output);
      expect(deploy.code).toBe(0);
      expect(deploy.output).toMatch(new RegExp(`switched .*/env/${envId} to Contoso Creative \\(Dev\\)`));
      expect((await state()).environments[envId]).toMatchObject({ orgId: DEFAULT_IDS.orgs.dev, generation: before.generation + 1 });
      const synthesized = JSON.parse(fs.readFileSync(path.join(appDir, 'cdktf.out', 'stacks', 'fresh', 'cdk.tf.json'), 'utf8'));
      expect(synthesized['//'].metadata.version).toBe(require('cdktn/package.json').version);

      const diff = await cdktf(appDir, DIFF, env, engine, 300_000, 'cdktn');
      expect(diff.output).toMatch(NO_CHANGES);

      const destroy = await cdktf(appDir, DESTROY, env, engine, 300_000, 'cdktn');
      expect(destroy.code).toBe(0);
      expect(destroy.output).toMatch(/reverted/);
      expect((await state()).environments[envId]).toMatchObject({ orgId: DEFAULT_IDS.orgs.stage, generation: before.generation + 2 });
    },
  );
});
