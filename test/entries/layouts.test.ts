/**
 * Triggers that move for no remote reason (issue 13): the handler's path relative to the stack holds the
 * install layout (under pnpm, the package version and a hash of its peers) and the app's place. None of
 * that is remote intent, so none of it may reach a trigger, or upgrading the library by a patch release
 * would replace every binding. The same app is synthesized against the built package installed as npm lays
 * it out (flat) and as pnpm does (node_modules/.pnpm/<name>@<version>_<peers hash>/node_modules/<name>, linked
 * from node_modules/<name>), at two versions, with each entry: the triggers are identical, while the handler
 * path the provisioners carry really differs, and points at the handler of each install.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const NAME = 'cdktf-aem-creative-cloud';
const AUTHOR = 'https://author-p1234-e5678.adobeaemcloud.com';
const DEV = 'C0FFEE00000000000000DE01@AdobeOrg';

let tmp: string;
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'constructs', 'index.js')))
    throw new Error('dist/ is missing: run "npm run build" (npm test does it first).');
  fs.mkdirSync(path.join(ROOT, 'test', '.tmp'), { recursive: true });
  // Inside the repository, so that the installs resolve cdktf, cdktn and constructs from its node_modules.
  tmp = fs.mkdtempSync(path.join(ROOT, 'test', '.tmp', 'layouts-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Install {
  layout: 'npm' | 'pnpm';
  version: string;
  /** pnpm's hash of the resolved peer dependencies, part of the directory name. */
  peersHash: string;
}

/** An app directory with the built package installed into it as `install` says: bin/, dist/ and package.json. */
function installInto(app: string, install: Install): string {
  const linked = path.join(app, 'node_modules', NAME);
  const real =
    install.layout === 'npm'
      ? linked
      : path.join(app, 'node_modules', '.pnpm', `${NAME}@${install.version}_${install.peersHash}`, 'node_modules', NAME);
  fs.mkdirSync(real, { recursive: true });
  // The app's own package.json, as a real app has (without one, Node would resolve the package's name
  // to the repository around it: a package may require itself by name).
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: path.basename(app), version: '1.0.0', private: true }));
  for (const dir of ['bin', 'dist']) fs.cpSync(path.join(ROOT, dir), path.join(real, dir), { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(real, 'package.json'), JSON.stringify({ ...pkg, version: install.version }, null, 2));
  if (real !== linked) fs.symlinkSync(path.relative(path.dirname(linked), real), linked, 'dir');
  return real;
}

/** Synthesizes the same one-binding app in `app` with `core` and its entry, as a separate process would. */
function synth(app: string, core: 'cdktf' | 'cdktn'): any {
  const entry = core === 'cdktf' ? NAME : `${NAME}/cdktn`;
  const main = [
    `const { App, TerraformStack } = require('${core}');`,
    `const { AemCreativeCloudOrgBinding, RemovalPolicy } = require('${entry}');`,
    `const app = new App({ outdir: 'cdktf.out' });`,
    `new AemCreativeCloudOrgBinding(new TerraformStack(app, 'dev'), 'cc', {`,
    `  authorUrl: '${AUTHOR}', org: '${DEV}', allowedOrgs: ['${DEV}'], removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Stage)'),`,
    `});`,
    `app.synth();`,
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', main], { cwd: app, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`synth in ${app} failed: ${r.stderr}`);
  return JSON.parse(fs.readFileSync(path.join(app, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
}

const INSTALLS: Install[] = [
  { layout: 'npm', version: '0.3.0', peersHash: '' },
  { layout: 'npm', version: '0.3.1', peersHash: '' },
  { layout: 'pnpm', version: '0.3.0', peersHash: 'vs2kbxmnrwcy3cpyi7xrdzqvkm' },
  { layout: 'pnpm', version: '0.3.1', peersHash: 'f6w3tnscv4n5hxhqylfqrcdkdu' },
];

test.each(['cdktf', 'cdktn'] as const)(
  '%s: two install layouts and two library versions give identical triggers; only the handler path differs',
  (core) => {
    const synthesized = INSTALLS.map((install, i) => {
      const app = path.join(tmp, `${core}-app-${i}`);
      const real = installInto(app, install);
      const json = synth(app, core);
      const res = Object.values<any>(json.resource.null_resource)[0];
      const handler = res.provisioner[0]['local-exec'].interpreter[1];
      return { install, real, app, res, handler };
    });
    const [first, ...rest] = synthesized;
    for (const s of rest) {
      expect({ install: s.install, triggers: s.res.triggers, lifecycle: s.res.lifecycle }).toEqual({
        install: s.install,
        triggers: first.res.triggers,
        lifecycle: first.res.lifecycle,
      });
    }
    // The layouts did matter: each handler path is the one of its install, and the stack directory reaches it.
    expect(synthesized.map((s) => s.handler)).toEqual([
      `../../../node_modules/${NAME}/bin/aem-cc.js`,
      `../../../node_modules/${NAME}/bin/aem-cc.js`,
      `../../../node_modules/.pnpm/${NAME}@0.3.0_vs2kbxmnrwcy3cpyi7xrdzqvkm/node_modules/${NAME}/bin/aem-cc.js`,
      `../../../node_modules/.pnpm/${NAME}@0.3.1_f6w3tnscv4n5hxhqylfqrcdkdu/node_modules/${NAME}/bin/aem-cc.js`,
    ]);
    for (const s of synthesized) {
      expect(fs.realpathSync(path.resolve(s.app, 'cdktf.out', 'stacks', 'dev', s.handler))).toBe(
        fs.realpathSync(path.join(s.real, 'bin', 'aem-cc.js')),
      );
      for (const p of s.res.provisioner) expect(p['local-exec'].interpreter).toEqual(['node', s.handler]);
    }
  },
);
