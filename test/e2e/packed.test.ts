/**
 * What a new user does: install the packed tarball into a fresh cdktf app OUTSIDE this repository,
 * then synth, deploy and diff against the emulator with the real engine. Proves the package carries
 * everything it needs (handler, compiled code, dependencies) and that the synthesized handler path is
 * relative to the stack directory, into the app's own node_modules.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cdktf, DEPLOY, DIFF, NO_CHANGES, ROOT } from './harness';
import { DEFAULT_IDS, RunningEmulator, startEmulator } from '../../src/emulator';
import { emulatorHandle } from '../helpers/emulator';

jest.setTimeout(300_000);

let emu: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aem-cc-fresh-app-'));
});
afterAll(async () => {
  await emu.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the packed tarball, installed into a fresh app, synthesizes, deploys and diffs clean', async () => {
  // dist/ is current (npm test builds it first), so pack without running the build again.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT }).toString().trim().split('\n').pop()!;
  const tarball = path.join(dir, packed);
  expect(fs.existsSync(tarball)).toBe(true);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }));
  const cdktfVersion = require('cdktf/package.json').version as string;
  const constructsVersion = require('constructs/package.json').version as string;
  // The packages are in npm's cache after the repository's `npm ci`; the registry is asked only if not.
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, `cdktf@${cdktfVersion}`, `constructs@${constructsVersion}`], {
    cwd: dir,
    stdio: 'pipe',
  });
  fs.writeFileSync(
    path.join(dir, 'main.js'),
    [
      `const { App, TerraformStack } = require('cdktf');`,
      `const { AemCreativeCloudOrgBinding } = require('cdktf-aem-creative-cloud');`,
      `const app = new App();`,
      `const stack = new TerraformStack(app, 'fresh');`,
      `new AemCreativeCloudOrgBinding(stack, 'creative-cloud', {`,
      `  authorUrl: ${JSON.stringify(`${emu.url}/env/stage`)}, imsEndpoint: ${JSON.stringify(emu.url)}, org: 'Contoso Creative (Stage)',`,
      `});`,
      `app.synth();`,
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', terraformProviders: [], terraformModules: [] }));
  const env = { AEM_CC_ACCESS_TOKEN: 'emu-token-ana', AEM_CC_CACHE_DIR: path.join(dir, '.cache') };

  const deploy = await cdktf(dir, DEPLOY, env);
  expect(deploy.output).toMatch(/switched .*\/env\/stage to Contoso Creative \(Stage\)/);
  expect(deploy.code).toBe(0);
  const synthesized = fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'fresh', 'cdk.tf.json'), 'utf8');
  expect(JSON.parse(synthesized).resource.null_resource['creative-cloud_binding_0F998158'].triggers.handler).toBe(
    '../../../node_modules/cdktf-aem-creative-cloud/bin/aem-cc.js',
  );
  expect(synthesized).not.toContain(ROOT);
  const state = await emulatorHandle(() => emu).state();
  expect(state.environments.stage).toMatchObject({ orgId: DEFAULT_IDS.orgs.stage, generation: 4 });
  expect((await cdktf(dir, DIFF, env)).output).toMatch(NO_CHANGES);
});
