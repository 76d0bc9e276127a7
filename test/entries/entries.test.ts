/**
 * The two entry points, as users get them (the compiled `dist/constructs` and `dist/constructs-cdktn`
 * that `npm run build` makes): the cdktf entry synthesizes what 0.1.0 did with exactly the changes listed
 * since, both entries synthesize the same JSON for every prop combination, and an entry used with the
 * other core's app fails with one line that names the import to use instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { coreOf, requirePeers } from '../../constructs/peers';
import { FLAVOUR as CDKTF_FLAVOUR } from '../../constructs/core';

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = { cdktf: path.join(ROOT, 'dist', 'constructs'), cdktn: path.join(ROOT, 'dist', 'constructs-cdktn') };
type Core = keyof typeof ENTRY;
const CORES: Core[] = ['cdktf', 'cdktn'];
const DEV = 'C0FFEE00000000000000DE01@AdobeOrg';
const STAGE = 'C0FFEE0000000000000057A6@AdobeOrg';
const AUTHOR = 'https://author-p1234-e5678.adobeaemcloud.com';

let tmp: string;
beforeAll(() => {
  for (const core of CORES) {
    if (!fs.existsSync(path.join(ENTRY[core], 'index.js')))
      throw new Error(`${ENTRY[core]} is missing: run "npm run build" (npm test does it first).`);
  }
  fs.mkdirSync(path.join(ROOT, 'test', '.tmp'), { recursive: true });
  tmp = fs.mkdtempSync(path.join(ROOT, 'test', '.tmp', 'entries-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Build = (lib: any, core: any, stack: any) => void;

/** Synthesizes one stack with `core` and its entry (a real app.synth(), files and metadata included). */
function synth(coreName: Core, name: string, build: Build): any {
  const core = require(coreName);
  const lib = require(ENTRY[coreName]);
  const outdir = path.join(tmp, `${name}-${coreName}`);
  const app = new core.App({ outdir });
  const stack = new core.TerraformStack(app, 'dev');
  new core.LocalBackend(stack, { path: '../../../terraform.dev.tfstate' });
  build(lib, core, stack);
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));
}

/** The handler's path relative to the stack directory depends on where the app's output is: named, not compared. */
function withoutHandlerPath(json: any): any {
  const handler = JSON.stringify(json).match(/"node","([^"]+\/aem-cc\.js)"/)?.[1];
  return handler ? JSON.parse(JSON.stringify(json).split(`"${handler}"`).join('"<handler>"')) : json;
}

const PROPS: Array<[string, Build]> = [
  ['an org id, defaults', (lib, _c, s) => new lib.AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV })],
  [
    'an org name, allowedOrgs, revertTo by name, custom IMS endpoint and settings path',
    (lib, _c, s) =>
      new lib.AemCreativeCloudOrgBinding(s, 'cc', {
        authorUrl: AUTHOR,
        org: 'Contoso Creative (Dev)',
        allowedOrgs: [DEV, STAGE],
        removalPolicy: lib.RemovalPolicy.revertTo('Contoso Creative (Stage)'),
        imsEndpoint: 'https://ims-na1-stg1.adobelogin.com',
        settingsPath: '/adobe/assets/settings/cc',
      }),
  ],
  [
    'Cloud Manager ids instead of authorUrl',
    (lib, _c, s) => new lib.AemCreativeCloudOrgBinding(s, 'cc', { programId: 'p1234', environmentId: 5678, org: DEV }),
  ],
  ['driftDetection: false', (lib, _c, s) => new lib.AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV, driftDetection: false })],
  [
    'an org from a Terraform variable (a token)',
    (lib, core, s) =>
      new lib.AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: new core.TerraformVariable(s, 'org', { type: 'string' }).stringValue }),
  ],
  [
    'two bindings in one stack',
    (lib, _c, s) => {
      new lib.AemCreativeCloudOrgBinding(s, 'a', { authorUrl: AUTHOR, org: DEV });
      new lib.AemCreativeCloudOrgBinding(s, 'b', {
        authorUrl: 'https://author-p1234-e9999.adobeaemcloud.com',
        org: STAGE,
        removalPolicy: lib.RemovalPolicy.revertTo(DEV),
      });
    },
  ],
  ['AemCreativeCloudOrgBindingRemoved', (lib, _c, s) => new lib.AemCreativeCloudOrgBindingRemoved(s, 'cc')],
  [
    'AemCreativeCloudOrgBindingRemoved with the settings the binding had',
    (lib, _c, s) =>
      new lib.AemCreativeCloudOrgBindingRemoved(s, 'cc', {
        imsEndpoint: 'https://ims-na1-stg1.adobelogin.com',
        settingsPath: '/adobe/assets/settings/cc',
        allowedOrgs: [DEV, STAGE],
      }),
  ],
];

/**
 * Every change to the synthesized JSON since 0.1.0 (golden-cdktf-0.1.0.cdk.tf.json, what 0.1.0 wrote for the
 * app below), each with why it does not disturb a deployed binding. The cdktf entry must synthesize exactly
 * the golden with these applied: a change that is not listed here fails the test.
 */
const RETIRED_TRIGGERS = ['allowed_orgs', 'handler', 'ims_endpoint', 'settings_path'];
/** The stack's one read is a construct of its own: its logical id is cdktf's hash of that path, taken as synthesized. */
const STACK_READ_PATH = 'dev/aem-cc-live-read/read';
const CHANGES_SINCE_0_1_0: Array<[string, (json: any, actual: any) => void]> = [
  [
    // Same value: format("%s (%s)", name, id) is the string the old template interpolated. And live_org is
    // in ignore_changes, so a new expression plans nothing for a deployed binding.
    '0.3.0: live_org is written with the core expression helpers (conditional, Op.eq, Fn.format) instead of a hand-written template',
    (json) => {
      for (const res of Object.values<any>(json.resource.null_resource)) {
        if (res.triggers.live_org === undefined) continue;
        const r = `data.external.${res.triggers.binding_token.match(/data\.external\.([^.]+)\./)[1]}.result`;
        res.triggers.live_org = `\${("" == ${r}["org_id"]) ? "no org" : format("%s (%s)", ${r}["org_name"], ${r}["org_id"])}, generation \${${r}["generation"]}`;
      }
    },
  ],
  [
    // Issue 13: they are not remote intent, and the handler's path moved with every install layout and
    // library version (pnpm), replacing every binding. A destroy-time provisioner may hold literals.
    '0.3.0: allowed_orgs, handler, ims_endpoint and settings_path leave the triggers for the provisioners, as literals',
    (json) => {
      for (const res of Object.values<any>(json.resource.null_resource)) {
        const t = res.triggers;
        for (const p of res.provisioner) {
          p['local-exec'].interpreter = ['node', t.handler];
          Object.assign(p['local-exec'].environment, {
            AEM_CC_ALLOWED_ORGS: t.allowed_orgs,
            AEM_CC_IMS_ENDPOINT: t.ims_endpoint,
            AEM_CC_SETTINGS_PATH: t.settings_path,
          });
        }
        for (const key of RETIRED_TRIGGERS) delete t[key];
      }
    },
  ],
  [
    // A binding deployed by 0.1.0 or 0.2.0 keeps them in its state rather than being replaced on the first
    // deploy after the upgrade (test/e2e/lifecycle.test.ts: "upgrading from 0.2.0 ...").
    '0.3.0: the retired trigger keys are in ignore_changes',
    (json) => {
      for (const res of Object.values<any>(json.resource.null_resource)) {
        res.lifecycle.ignore_changes = [...(res.lifecycle.ignore_changes ?? []), ...RETIRED_TRIGGERS.map((k) => `triggers["${k}"]`)];
      }
    },
  ],
  [
    // Issue 14: one handler process per plan instead of one per binding. A data source has no state to
    // migrate, and every reference resolves to the same value, so a deployed binding plans no change.
    '0.3.0: the bindings of a stack share one data "external"; each binding\'s query keys and result keys carry its construct path',
    (json, actual) => {
      const [id] = Object.keys(actual.data.external);
      const reads = Object.entries<any>(json.data.external);
      const query: Record<string, string> = {};
      let program: string[] = [];
      for (const [oldId, read] of reads) {
        const key = read['//'].metadata.path.replace(/\/live$/, '');
        for (const [k, v] of Object.entries<string>(read.query)) query[`${key}:${k}`] = v;
        program = read.program;
        const text = JSON.stringify(json).replace(
          new RegExp(`data\\.external\\.${oldId}\\.result\\[\\\\"([a-z_]+)\\\\"\\]`, 'g'),
          `data.external.${id}.result[\\"${key}:$1\\"]`,
        );
        Object.assign(json, JSON.parse(text));
      }
      json.data.external = { [id]: { '//': { metadata: { path: STACK_READ_PATH, uniqueId: id } }, program, query } };
    },
  ],
];

test('the cdktf entry synthesizes the JSON 0.1.0 did, with exactly the changes listed since', () => {
  // The golden file is what 0.1.0 wrote for this app (handler path three levels up, as from ./cdktf.out).
  const json = synth('cdktf', 'golden', (lib, _c, s) => {
    new lib.AemCreativeCloudOrgBinding(s, 'cc', {
      authorUrl: AUTHOR,
      org: DEV,
      allowedOrgs: [DEV, STAGE],
      removalPolicy: lib.RemovalPolicy.revertTo(STAGE),
    });
    new lib.AemCreativeCloudOrgBinding(s, 'nodrift', {
      authorUrl: 'https://author-p1234-e9999.adobeaemcloud.com',
      org: 'Contoso Creative (Dev)',
      driftDetection: false,
    });
  });
  const expected = JSON.parse(fs.readFileSync(path.join(__dirname, 'golden-cdktf-0.1.0.cdk.tf.json'), 'utf8'));
  expect(Object.keys(json.data.external)).toEqual([expect.stringMatching(/^aem-cc-live-read_[0-9A-F]{8}$/)]);
  for (const [, change] of CHANGES_SINCE_0_1_0) change(expected, json);
  expect(withoutHandlerPath(json)).toEqual(withoutHandlerPath(expected));
});

test.each(PROPS)('parity: %s synthesizes the same JSON on cdktf and on cdktn, but for the core version stamp', (_what, build) => {
  const [tf, tn] = CORES.map((core) => synth(core, `parity-${PROPS.findIndex((p) => p[1] === build)}`, build));
  expect(tf['//'].metadata.version).toBe(require('cdktf/package.json').version);
  expect(tn['//'].metadata.version).toBe(require('cdktn/package.json').version);
  delete tf['//'].metadata.version;
  delete tn['//'].metadata.version;
  expect(tn).toEqual(tf);
});

describe('an entry used with the other core', () => {
  const message = (core: Core, path_: string, what = 'AemCreativeCloudOrgBinding') => {
    const other: Core = core === 'cdktf' ? 'cdktn' : 'cdktf';
    // The construct's entry is the other core's; the right one is the app's.
    const entryOf = (c: Core) => (c === 'cdktf' ? 'cdktf-aem-creative-cloud' : 'cdktf-aem-creative-cloud/cdktn');
    const [entry, otherEntry] = [entryOf(other), entryOf(core)];
    return `${what} ${path_}: this stack is a ${core} TerraformStack, but the construct came from '${entry}' (for ${other}); import it from '${otherEntry}' instead.`;
  };

  test.each(CORES)('a %s app: both constructs of the other entry are refused with one line naming the right import', (appCore) => {
    const otherEntry = require(ENTRY[appCore === 'cdktf' ? 'cdktn' : 'cdktf']);
    const core = require(appCore) as { App: new (o: object) => object; TerraformStack: new (scope: object, id: string) => object };
    const app = new core.App({ outdir: path.join(tmp, `mixed-${appCore}`) });
    // A subclass of the stack, as apps often have: its core is still recognised.
    class MyStack extends core.TerraformStack {}
    const stack = new MyStack(app, 'prod');
    expect(coreOf(stack)).toBe(appCore);
    expect(() => new otherEntry.AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV })).toThrow(message(appCore, 'prod/cc'));
    expect(() => new otherEntry.AemCreativeCloudOrgBindingRemoved(stack, 'gone')).toThrow(
      message(appCore, 'prod/gone', 'AemCreativeCloudOrgBindingRemoved'),
    );
  });

  test('a real app process fails with that line first, and nothing from inside the core', () => {
    const main = [
      `const { App, TerraformStack } = require('cdktn');`,
      `const { AemCreativeCloudOrgBinding } = require(${JSON.stringify(ENTRY.cdktf)});`,
      `const app = new App({ outdir: ${JSON.stringify(path.join(tmp, 'mixed-process'))} });`,
      `new AemCreativeCloudOrgBinding(new TerraformStack(app, 'prod'), 'cc', { authorUrl: ${JSON.stringify(AUTHOR)}, org: ${JSON.stringify(DEV)} });`,
      `app.synth();`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', main], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    const errorLine = r.stderr.split('\n').find((l) => l.startsWith('Error: '));
    expect(errorLine).toBe(`Error: ${message('cdktn', 'prod/cc')}`);
    expect(r.stderr).not.toMatch(/_resetResolveDiscoveredProviderFeatureUsage|_recordFunctionUsage|node_modules\/cdkt[fn]\//);
  });
});

describe('a missing peer dependency', () => {
  const notFound = (id: string): never => {
    throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
  };

  test('is named with the install line and the other entry, at import', () => {
    const resolve = (id: string) => (id === 'cdktf' ? '/x/cdktf/lib/index.js' : notFound(id));
    expect(() => requirePeers(CDKTF_FLAVOUR, resolve)).toThrow(
      `cdktf-aem-creative-cloud: @cdktf/provider-null, @cdktf/provider-external are not installed; the entry 'cdktf-aem-creative-cloud' ` +
        `is for cdktf and needs cdktf, @cdktf/provider-null, @cdktf/provider-external beside it (peer dependencies). Install them: ` +
        `npm install cdktf@^0.21.0 @cdktf/provider-null@^11.0.1 @cdktf/provider-external@^11.0.1. With cdktn, import 'cdktf-aem-creative-cloud/cdktn' instead.`,
    );
  });

  test('passes when every peer resolves, and leaves other resolution errors to the import itself', () => {
    expect(() => requirePeers(CDKTF_FLAVOUR, (id) => `/x/${id}`)).not.toThrow();
    const odd = () => {
      throw Object.assign(new Error('exports'), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    };
    expect(() => requirePeers(CDKTF_FLAVOUR, odd)).not.toThrow();
  });
});
