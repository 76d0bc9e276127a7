/**
 * Synth-time behaviour of the construct: what it synthesizes, what it refuses, and what it must
 * never write (secrets, machine paths, user values in command strings). Written on the core's own jest
 * matchers (`Testing.setupJest()`, `toHaveResourceWithProperties`, ...), and every refusal pins the
 * whole message a user reads.
 *
 * The suite runs twice (jest.config.js): on cdktf, and on CDK Terrain, where the construct sources'
 * seam is the cdktn flavour and this file's `cdktf` import resolves to `cdktn`. `CDK_CORE` says which.
 */
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
// The matchers' types (cdktn's are the same); the matchers themselves are installed by Testing.setupJest().
import type {} from 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AemCreativeCloudOrgBinding, AemCreativeCloudOrgBindingRemoved, RemovalPolicy } from '../../constructs';
import { DataExternal, ExternalProvider, NullProvider, Resource } from '../../constructs/core';
import { coreOf } from '../../constructs/peers';

declare const CDK_CORE: 'cdktf' | 'cdktn';

Testing.setupJest();

const DEV = 'C0FFEE00000000000000DE01@AdobeOrg';
const STAGE = 'C0FFEE0000000000000057A6@AdobeOrg';
const AUTHOR = 'https://author-p1234-e5678.adobeaemcloud.com';
const IMS = 'https://ims-na1.adobelogin.com';
const SETTINGS = '/adobe/assets/settings/creative-cloud';

// Like a real app: the output directory lives inside the project that installed the package.
const OUTDIR = path.join(__dirname, '..', '.tmp', 'construct-synth');
fs.mkdirSync(OUTDIR, { recursive: true });

/** The synthesized stack `test` as the JSON text the core's matchers take. */
function synthText(build: (stack: TerraformStack) => void): string {
  const app = Testing.app({ outdir: OUTDIR });
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return Testing.synth(stack);
}

function synth(build: (stack: TerraformStack) => void): any {
  return JSON.parse(synthText(build));
}

function only<T>(record: Record<string, T> | undefined): T {
  const values = Object.values(record ?? {});
  expect(values).toHaveLength(1);
  return values[0];
}

/** The handler's path from the stack directory of OUTDIR: up to the repository, then bin/. */
const HANDLER = path.relative(path.join(OUTDIR, 'stacks', 'test'), path.join(__dirname, '..', '..', 'bin', 'aem-cc.js'));

/** live_org of the binding whose plan-time read is `read`: what the plan saw, as the engine will render it. */
/** ignore_changes entries for trigger keys. */
const ignored = (...keys: string[]) => keys.map((k) => `triggers["${k}"]`);
/** The trigger keys 0.1.0 and 0.2.0 had and 0.3.0 retired (they were not remote intent). */
const RETIRED = ignored('allowed_orgs', 'handler', 'ims_endpoint', 'settings_path');

/** The refusal of a token where the destroy-time provisioner needs a literal. */
function tokenRefused(name: string): string {
  return (
    `${name} is a token (a Terraform variable or another resource's attribute), known only at deploy time; checked: ${name} is ` +
    `written into the destroy-time provisioner, which may reference nothing but the resource itself. Give ${name} as a plain ` +
    `value when the app synthesizes (e.g. read from process.env), not as a token.`
  );
}

/** The stack's one plan-time read (stack 'test'), and a binding's value in its result. */
const READ = 'aem-cc-live-read_31CF3E3E';
const result = (key: string, field: string) => `data.external.${READ}.result["${key}:${field}"]`;

function liveOrg(key: string): string {
  const r = (field: string) => result(key, field);
  return `\${("" == ${r('org_id')}) ? "no org" : format("%s (%s)", ${r('org_name')}, ${r('org_id')})}, generation \${${r('generation')}}`;
}

describe('what it synthesizes', () => {
  test(`runs on the core this project names, with that core's provider bindings`, () => {
    const app = Testing.app({ outdir: OUTDIR });
    const stack = new TerraformStack(app, 'test');
    const binding = new AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV });
    expect([coreOf(stack), coreOf(binding.resource), coreOf(binding.liveRead!)]).toEqual([CDK_CORE, CDK_CORE, CDK_CORE]);
  });

  test('a null_resource with apply/destroy provisioners, a plan-time read, outputs and both providers', () => {
    const text = synthText((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV }));
    // The remote intent and the token from the state; the rest literal, from the configuration as it is now.
    const env = {
      AEM_CC_AUTHOR_URL: '${self.triggers.author_url}',
      AEM_CC_BINDING_TOKEN: '${self.triggers.binding_token}',
      AEM_CC_IMS_ENDPOINT: IMS,
      AEM_CC_SETTINGS_PATH: SETTINGS,
      AEM_CC_ALLOWED_ORGS: '',
    };
    const interpreter = ['node', HANDLER];
    expect(text).toHaveResourceWithProperties(Resource, {
      // Only the remote intent, the binding token and what the plan saw live.
      triggers: {
        author_url: AUTHOR,
        org: DEV,
        removal_policy: 'retain',
        revert_to: '',
        binding_token: `\${${result('test/cc', 'token')}}`,
        live_org: liveOrg('test/cc'),
      },
      // live_org is set on create only, so it never forces a replacement; the retired keys of 0.1/0.2 stay
      // in an upgraded binding's state instead of replacing it.
      lifecycle: { create_before_destroy: true, ignore_changes: [...ignored('live_org'), ...RETIRED] },
      provisioner: [
        { 'local-exec': { command: 'apply', interpreter, environment: { ...env, AEM_CC_ORG: '${self.triggers.org}' } } },
        {
          'local-exec': {
            command: 'destroy',
            when: 'destroy',
            interpreter,
            environment: { ...env, AEM_CC_REMOVAL_POLICY: '${self.triggers.removal_policy}', AEM_CC_REVERT_TO: '${self.triggers.revert_to}' },
          },
        },
      ],
    });
    expect(text).toHaveDataSourceWithProperties(DataExternal, {
      program: ['node', HANDLER, 'read'],
      query: { 'test/cc:author_url': AUTHOR, 'test/cc:org': DEV, 'test/cc:ims_endpoint': IMS, 'test/cc:settings_path': SETTINGS },
    });
    expect(text).toHaveProvider(NullProvider);
    expect(text).toHaveProvider(ExternalProvider);
    expect(JSON.parse(text).output).toEqual({
      cc_generation_58EA4F5C: { value: `\${element(split("#", ${result('test/cc', 'token')}), 1)}` },
      cc_org_id_89B35966: { description: 'Creative Cloud org bound to test/cc', value: `\${${result('test/cc', 'desired_org_id')}}` },
      cc_org_name_E99FC2B9: { value: `\${${result('test/cc', 'desired_org_name')}}` },
    });
  });

  test('the triggers hold only the remote intent: another IMS endpoint, settings path, allowedOrgs or app location replaces nothing', () => {
    const json = (outdir: string, more: object) => {
      fs.mkdirSync(outdir, { recursive: true });
      const app = Testing.app({ outdir });
      const stack = new TerraformStack(app, 'test');
      new AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV, ...more });
      return only<any>(JSON.parse(Testing.synth(stack)).resource.null_resource);
    };
    const before = json(OUTDIR, {});
    const after = json(path.join(OUTDIR, 'moved', 'deeper'), {
      imsEndpoint: 'https://ims-na1-stg1.adobelogin.com',
      settingsPath: '/adobe/assets/settings/cc',
      allowedOrgs: [DEV, STAGE],
    });
    expect(after.triggers).toEqual(before.triggers);
    expect(after.lifecycle).toEqual(before.lifecycle);
    // They did reach the handler: as literals of both provisioners.
    for (const p of after.provisioner) {
      expect(p['local-exec'].interpreter).toEqual(['node', `../../${HANDLER}`]);
      expect(p['local-exec'].environment).toMatchObject({
        AEM_CC_IMS_ENDPOINT: 'https://ims-na1-stg1.adobelogin.com',
        AEM_CC_SETTINGS_PATH: '/adobe/assets/settings/cc',
        AEM_CC_ALLOWED_ORGS: `${DEV},${STAGE}`,
      });
    }
  });

  test('two bindings in one stack share one pair of providers', () => {
    const json = synth((s) => {
      new AemCreativeCloudOrgBinding(s, 'a', { authorUrl: AUTHOR, org: DEV });
      new AemCreativeCloudOrgBinding(s, 'b', { authorUrl: 'https://author-p1-e2.adobeaemcloud.com', org: STAGE });
    });
    expect(Object.keys(json.resource.null_resource)).toHaveLength(2);
    expect(json.provider).toEqual({ null: [{}], external: [{}] });
  });

  test("a stack's bindings share one plan-time read, each under its construct path; bindings without drift detection add nothing", () => {
    const OTHER = 'https://author-p1-e2.adobeaemcloud.com';
    const json = synth((s) => {
      new AemCreativeCloudOrgBinding(s, 'a', { authorUrl: AUTHOR, org: DEV });
      // Anywhere under the stack, with its own settings.
      const group = new Construct(s, 'group');
      new AemCreativeCloudOrgBinding(group, 'b', { authorUrl: OTHER, org: 'Contoso Creative (Stage)', allowedOrgs: [STAGE], settingsPath: '/x/cc' });
      new AemCreativeCloudOrgBinding(s, 'c', { authorUrl: 'https://author-p1-e3.adobeaemcloud.com', org: DEV, driftDetection: false });
    });
    expect(Object.keys(json.data.external)).toEqual([READ]);
    expect(json.data.external[READ].query).toEqual({
      'test/a:author_url': AUTHOR,
      'test/a:org': DEV,
      'test/a:ims_endpoint': IMS,
      'test/a:settings_path': SETTINGS,
      'test/group/b:author_url': OTHER,
      'test/group/b:org': 'Contoso Creative (Stage)',
      'test/group/b:ims_endpoint': IMS,
      'test/group/b:settings_path': '/x/cc',
      'test/group/b:allowed_orgs': STAGE,
    });
    const tokens = Object.values<any>(json.resource.null_resource).map((r) => r.triggers.binding_token);
    expect(tokens.sort()).toEqual([`\${${result('test/a', 'token')}}`, `\${${result('test/group/b', 'token')}}`, DEV].sort());
  });

  test('revertTo is carried in the triggers the destroy provisioner reads', () => {
    const text = synthText(
      (s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV, removalPolicy: RemovalPolicy.revertTo(STAGE) }),
    );
    expect(text).toHaveResourceWithProperties(Resource, { triggers: expect.objectContaining({ removal_policy: 'revert', revert_to: STAGE }) });
  });

  test('driftDetection: false drops the data source; the token is the desired org', () => {
    const text = synthText((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV, driftDetection: false }));
    expect(text).not.toHaveDataSource(DataExternal);
    expect(text).toHaveResourceWithProperties(Resource, {
      triggers: expect.objectContaining({ binding_token: DEV }),
      lifecycle: { create_before_destroy: true, ignore_changes: RETIRED },
    });
    expect(JSON.parse(text).output).toEqual({
      cc_generation_58EA4F5C: { value: '' },
      cc_org_id_89B35966: { description: 'Creative Cloud org bound to test/cc', value: DEV },
      cc_org_name_E99FC2B9: { value: '' },
    });
  });

  test('no user value and no machine path in any command; no absolute path anywhere', () => {
    const weird = 'Contoso & Sons (Creative)';
    const json = synth(
      (s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: weird, removalPolicy: RemovalPolicy.revertTo(STAGE) }),
    );
    const res: any = only(json.resource.null_resource);
    for (const p of res.provisioner) {
      expect(['apply', 'destroy']).toContain(p['local-exec'].command);
      expect(p['local-exec'].interpreter.join(' ')).not.toContain(weird);
    }
    const text = JSON.stringify(json);
    expect(text).not.toContain(path.resolve(__dirname, '..', '..'));
    expect(text).not.toMatch(/"\/(work|home|root|tmp|usr)\//);
    for (const p of res.provisioner) expect(p['local-exec'].interpreter).toEqual(['node', expect.stringMatching(/^(\.\.\/)+.*bin\/aem-cc\.js$/)]);
  });

  test('credentials in the environment never reach the synthesized JSON', () => {
    const saved = { ...process.env };
    process.env.AEM_CC_ACCESS_TOKEN = 'canary-synth-token-123456';
    process.env.AEM_CC_CLIENT_SECRET = 'canary-synth-secret-654321';
    try {
      const text = synthText((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV }));
      expect(text).not.toContain('canary-synth-token-123456');
      expect(text).not.toContain('canary-synth-secret-654321');
      expect(text).not.toMatch(/AEM_CC_(ACCESS_TOKEN|CLIENT_SECRET|CLIENT_ID)/);
    } finally {
      process.env = saved;
    }
  });

  test('unresolved tokens are not validated at synth (the handler checks them at run time)', () => {
    const text = synthText((s) => {
      const url = new TerraformVariable(s, 'author', { type: 'string' });
      const org = new TerraformVariable(s, 'org', { type: 'string' });
      new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: url.stringValue, org: org.stringValue, allowedOrgs: [DEV] });
    });
    expect(text).toHaveResourceWithProperties(Resource, { triggers: expect.objectContaining({ author_url: '${var.author}', org: '${var.org}' }) });
  });
});

describe('what it refuses at synth: the whole message, naming the construct, the value and the fix', () => {
  const URL_WHAT = 'the author URL (--author-url / AEM_CC_AUTHOR_URL)';
  const NOT_AN_ID = 'looks like an org id but is not one: an IMS org id is 24 upper-case hex digits followed by @AdobeOrg.';
  const COPY_ID = `Copy it from the Admin Console, or give the org's exact name instead.`;
  const NO_TLS = `uses http on a non-loopback host; TLS is required for every real service: use https:// (http is accepted only on 127.0.0.1, localhost or [::1], for the emulator).`;

  test.each<[string, Record<string, unknown>, string]>([
    [
      'a lowercase org id',
      { org: 'c0ffee00000000000000de01@AdobeOrg' },
      `the org "c0ffee00000000000000de01@AdobeOrg" ${NOT_AN_ID} Did you mean C0FFEE00000000000000DE01@AdobeOrg? Org ids are case-sensitive. ${COPY_ID}`,
    ],
    ['a short org id', { org: 'C0FFEE@AdobeOrg' }, `the org "C0FFEE@AdobeOrg" ${NOT_AN_ID} ${COPY_ID}`],
    ['an empty org', { org: '' }, 'the org is empty; give a value.'],
    [
      'a name with shell metacharacters',
      { org: 'Dev $(rm -rf /)' },
      `the org "Dev $(rm -rf /)" contains a shell or quoting metacharacter; org names are matched exactly and such characters are almost ` +
        `always a copy-paste accident. Give the org id (…@AdobeOrg) instead, or the name as shown by "aem-cc orgs".`,
    ],
    [
      'a name with a newline',
      { org: 'Dev\nProd' },
      'the org "Dev\\nProd" contains a control or invisible formatting character, U+000A LINE FEED at character 4; remove it ' +
        '(often a stray newline from a copied value).',
    ],
    [
      'a Cyrillic look-alike in a name',
      { org: 'Contoso Сreative' },
      'the org "Contoso Сreative" mixes Latin with Cyrillic or Greek letters, which look alike; retype the name, or give the org id instead.',
    ],
    ['an http author URL off loopback', { authorUrl: 'http://author.example.com' }, `${URL_WHAT} "http://author.example.com" ${NO_TLS}`],
    [
      'an author URL with credentials',
      { authorUrl: 'https://user:pw@author.example.com' },
      `${URL_WHAT} contains credentials (user:password@); remove them. Credentials come only from AEM_CC_ACCESS_TOKEN or ` +
        `AEM_CC_CLIENT_ID/AEM_CC_CLIENT_SECRET.`,
    ],
    [
      'an author URL with a query',
      { authorUrl: 'https://author.example.com/?a=1' },
      `${URL_WHAT} "https://author.example.com/?a=1" has a query string; give the base URL only.`,
    ],
    [
      'an author URL with a fragment',
      { authorUrl: 'https://author.example.com/#x' },
      `${URL_WHAT} "https://author.example.com/#x" has a fragment (#...); give the base URL only.`,
    ],
    [
      'a non-URL author',
      { authorUrl: 'author.example.com' },
      `${URL_WHAT} "author.example.com" is not a URL; expected e.g. https://author-p1234-e5678.adobeaemcloud.com.`,
    ],
    [
      'an http IMS endpoint off loopback',
      { imsEndpoint: 'http://ims.example.com' },
      `the IMS endpoint (--ims-endpoint / AEM_CC_IMS_ENDPOINT) "http://ims.example.com" ${NO_TLS}`,
    ],
    [
      'an org outside allowedOrgs',
      { org: DEV, allowedOrgs: [STAGE] },
      `org ${DEV} is not in allowedOrgs (${STAGE}); if the org is right, add it to allowedOrgs, otherwise fix org.`,
    ],
    [
      'a name in allowedOrgs',
      { org: DEV, allowedOrgs: ['Contoso Creative (Dev)'] },
      `the allowed orgs (--allowed-orgs / AEM_CC_ALLOWED_ORGS) contain "Contoso Creative (Dev)", which is not an org id; list org ids ` +
        `(24 upper-case hex digits + @AdobeOrg) separated by commas, without spaces. Names are not accepted here, so the guardrail cannot ` +
        `be fooled by a rename.`,
    ],
    [
      'an empty allowedOrgs',
      { org: DEV, allowedOrgs: [] },
      'allowedOrgs is an empty list, which would allow nothing; list the org ids this environment may be bound to, or leave allowedOrgs out.',
    ],
    [
      'a revertTo outside allowedOrgs',
      { org: DEV, allowedOrgs: [DEV], removalPolicy: RemovalPolicy.revertTo(STAGE) },
      `RemovalPolicy.revertTo(${STAGE}) is not in allowedOrgs (${DEV}); add it, or revert to an allowed org.`,
    ],
    [
      'a malformed revertTo',
      { org: DEV, removalPolicy: RemovalPolicy.revertTo('abc@adobeorg') },
      `the org to revert to (RemovalPolicy.revertTo) "abc@adobeorg" ${NOT_AN_ID} ${COPY_ID}`,
    ],
    [
      'an unknown removal policy',
      { org: DEV, removalPolicy: { kind: 'delete' } },
      'removalPolicy must be RemovalPolicy.retain() or RemovalPolicy.revertTo(org); got {"kind":"delete"}.',
    ],
    [
      'a settings path with ..',
      { org: DEV, settingsPath: '/adobe/../etc' },
      `the settings path (--settings-path / AEM_CC_SETTINGS_PATH) "/adobe/../etc" is not a plain absolute path; expected e.g. ` +
        `/adobe/assets/settings/creative-cloud (letters, digits, "_", "-", "." and "/" only).`,
    ],
  ])('%s', (_what, override, message) => {
    // toThrow(new Error(m)) compares the whole message, not a fragment of it.
    const stack = new TerraformStack(Testing.app(), 'prod');
    expect(() => new AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV, ...override })).toThrow(
      new Error(`AemCreativeCloudOrgBinding prod/cc: ${message}`),
    );
  });

  test.each<[string, (v: TerraformVariable) => Record<string, unknown>]>([
    ['imsEndpoint', (v) => ({ imsEndpoint: v.stringValue })],
    ['settingsPath', (v) => ({ settingsPath: v.stringValue })],
    ['allowedOrgs', (v) => ({ allowedOrgs: [DEV, v.stringValue] })],
    ['allowedOrgs', (v) => ({ allowedOrgs: v.listValue })],
  ])('%s as a token: the destroy-time provisioner carries it, so it must be known at synth', (name, props) => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const variable = new TerraformVariable(stack, 'v', {});
    expect(() => new AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV, ...props(variable) })).toThrow(
      new Error(`AemCreativeCloudOrgBinding prod/cc: ${tokenRefused(name)}`),
    );
  });

  test('two bindings for the same author URL anywhere in the app', () => {
    const app = new App({ outdir: Testing.app().outdir });
    new AemCreativeCloudOrgBinding(new TerraformStack(app, 'one'), 'cc', { authorUrl: AUTHOR, org: DEV });
    expect(() => new AemCreativeCloudOrgBinding(new TerraformStack(app, 'two'), 'cc', { authorUrl: `${AUTHOR}/`, org: STAGE })).toThrow(
      new Error(
        `AemCreativeCloudOrgBinding two/cc: one/cc already binds ${AUTHOR}; an AEM Assets environment has one Creative Cloud org at a ` +
          `time, so two bindings would switch it back and forth. Keep one binding per author URL (check that each stage points at its ` +
          `own environment).`,
      ),
    );
  });
});

describe('AemCreativeCloudOrgBindingRemoved', () => {
  test("a removed block with the binding's destroy provisioner: the state's intent, the configuration's handler and settings", () => {
    // The binding's own props object, passed unchanged: only imsEndpoint, settingsPath and allowedOrgs are used.
    const props = {
      authorUrl: AUTHOR,
      org: DEV,
      removalPolicy: RemovalPolicy.revertTo(STAGE),
      imsEndpoint: 'https://ims-na1-stg1.adobelogin.com',
      allowedOrgs: [DEV, STAGE],
    };
    const json = synth((s) => new AemCreativeCloudOrgBindingRemoved(s, 'cc', props));
    expect(json.removed).toEqual([
      {
        from: 'null_resource.cc_binding_09E4B744',
        lifecycle: { destroy: true },
        provisioner: [
          {
            'local-exec': {
              when: 'destroy',
              interpreter: ['node', HANDLER],
              command: 'destroy',
              environment: {
                AEM_CC_AUTHOR_URL: '${self.triggers.author_url}',
                AEM_CC_BINDING_TOKEN: '${self.triggers.binding_token}',
                AEM_CC_REMOVAL_POLICY: '${self.triggers.removal_policy}',
                AEM_CC_REVERT_TO: '${self.triggers.revert_to}',
                AEM_CC_IMS_ENDPOINT: 'https://ims-na1-stg1.adobelogin.com',
                AEM_CC_SETTINGS_PATH: SETTINGS,
                AEM_CC_ALLOWED_ORGS: `${DEV},${STAGE}`,
              },
            },
          },
        ],
      },
    ]);
    // The removed block names the binding's resource: the same construct path.
    const binding = synth((s) => new AemCreativeCloudOrgBinding(s, 'cc', props));
    expect(Object.keys(binding.resource.null_resource)).toEqual(['cc_binding_09E4B744']);
    expect(json.provider).toEqual({ null: [{}], external: [{}] });
  });

  test('without props: the default IMS endpoint and settings path, any org', () => {
    const env = synth((s) => new AemCreativeCloudOrgBindingRemoved(s, 'cc')).removed[0].provisioner[0]['local-exec'].environment;
    expect(env).toMatchObject({ AEM_CC_IMS_ENDPOINT: IMS, AEM_CC_SETTINGS_PATH: SETTINGS, AEM_CC_ALLOWED_ORGS: '' });
  });

  test('refuses what the binding refuses in the props it uses, with its own name: a token, a bad value', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const variable = new TerraformVariable(stack, 'ims', { type: 'string' });
    expect(() => new AemCreativeCloudOrgBindingRemoved(stack, 'a', { imsEndpoint: variable.stringValue })).toThrow(
      new Error(`AemCreativeCloudOrgBindingRemoved prod/a: ${tokenRefused('imsEndpoint')}`),
    );
    expect(() => new AemCreativeCloudOrgBindingRemoved(stack, 'b', { allowedOrgs: [] })).toThrow(
      new Error(
        'AemCreativeCloudOrgBindingRemoved prod/b: allowedOrgs is an empty list, which would allow nothing; list the org ids this ' +
          'environment may be bound to, or leave allowedOrgs out.',
      ),
    );
  });
});

describe('Cloud Manager ids instead of authorUrl', () => {
  test.each<[string, Record<string, unknown>]>([
    ['as Cloud Manager shows them', { programId: 'p1234', environmentId: 'e5678' }],
    ['bare digits', { programId: '1234', environmentId: '5678' }],
    ['numbers', { programId: 1234, environmentId: 5678 }],
  ])('%s: the author URL Adobe documents, and exactly the JSON authorUrl gives (switching forms plans nothing)', (_what, ids) => {
    const byUrl = synthText((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV }));
    let binding: AemCreativeCloudOrgBinding | undefined;
    const byIds = synthText((s) => (binding = new AemCreativeCloudOrgBinding(s, 'cc', { org: DEV, ...ids })));
    expect(binding!.authorUrl).toBe('https://author-p1234-e5678.adobeaemcloud.com');
    expect(byIds).toEqual(byUrl);
  });

  const notAnId = (what: string, given: string, kind: 'program' | 'environment') => {
    const [p, example] = kind === 'program' ? ['p', 'p1234 or 1234'] : ['e', 'e5678 or 5678'];
    return (
      `${what} ${given} is not a Cloud Manager ${kind} id: digits without leading zeros, optionally prefixed with ${p}, e.g. ${example}. ` +
      `Copy it from Cloud Manager (the ${kind} in its URL, or in the author URL author-p<program>-e<environment>).`
    );
  };
  const both = (ids: string) =>
    `authorUrl is given together with ${ids}, and both forms name the environment; give authorUrl, or programId and environmentId, not both.`;
  const EXAMPLE = `programId: 'p1234', environmentId: 'e5678'`;

  test.each<[string, Record<string, unknown>, string]>([
    ['a letter among the digits', { programId: 'p12a4', environmentId: 'e5678' }, notAnId('programId', '"p12a4"', 'program')],
    ['an upper-case prefix', { programId: 'P1234', environmentId: 'e5678' }, notAnId('programId', '"P1234"', 'program')],
    ['a leading zero', { programId: '01234', environmentId: 'e5678' }, notAnId('programId', '"01234"', 'program')],
    ["the other id's letter", { programId: 'p1234', environmentId: 'p5678' }, notAnId('environmentId', '"p5678"', 'environment')],
    ['a fraction', { programId: 1234, environmentId: 56.5 }, notAnId('environmentId', '"56.5"', 'environment')],
    ['a negative number', { programId: -3, environmentId: 5678 }, notAnId('programId', '"-3"', 'program')],
    ['an empty string', { programId: '', environmentId: 5678 }, notAnId('programId', '""', 'program')],
    ['neither a string nor a number', { programId: true, environmentId: 5678 }, notAnId('programId', '(a boolean)', 'program')],
    ['both forms', { authorUrl: AUTHOR, programId: 'p1234', environmentId: 'e5678' }, both('programId and environmentId')],
    ['authorUrl with one id', { authorUrl: AUTHOR, environmentId: 'e5678' }, both('environmentId')],
    [
      'a program id alone',
      { programId: 'p1234' },
      `programId is given without environmentId; give both Cloud Manager ids (e.g. ${EXAMPLE}), or authorUrl instead.`,
    ],
    [
      'an environment id alone',
      { environmentId: 'e5678' },
      `environmentId is given without programId; give both Cloud Manager ids (e.g. ${EXAMPLE}), or authorUrl instead.`,
    ],
    [
      'no environment at all',
      {},
      `no environment given; set authorUrl (e.g. ${AUTHOR}), or programId and environmentId (its Cloud Manager ids, e.g. ${EXAMPLE}).`,
    ],
  ])('%s is refused, naming the id and the fix', (_what, props, message) => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    expect(() => new AemCreativeCloudOrgBinding(stack, 'cc', { org: DEV, ...props })).toThrow(
      new Error(`AemCreativeCloudOrgBinding prod/cc: ${message}`),
    );
  });

  test('an id that is a token is refused: the author URL is derived, and compared, at synth', () => {
    const stack = new TerraformStack(Testing.app(), 'prod');
    const environment = new TerraformVariable(stack, 'environment', { type: 'number' });
    expect(() => new AemCreativeCloudOrgBinding(stack, 'cc', { org: DEV, programId: 'p1234', environmentId: environment.numberValue })).toThrow(
      new Error(
        `AemCreativeCloudOrgBinding prod/cc: environmentId is a token, known only at deploy time; checked: the author URL is derived from the ` +
          `Cloud Manager ids at synth, and compared with the app's other bindings. Give the id itself, or give authorUrl instead (which ` +
          `may be a token).`,
      ),
    );
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['authorUrl, then ids', { authorUrl: `${AUTHOR}/` }, { programId: 1234, environmentId: 'e5678' }],
    ['ids, then authorUrl', { programId: 'p1234', environmentId: 5678 }, { authorUrl: 'https://AUTHOR-p1234-e5678.adobeaemcloud.com' }],
    ['ids, then ids', { programId: 'p1234', environmentId: 'e5678' }, { programId: '1234', environmentId: '5678' }],
  ])('two bindings for one environment are refused whichever form each uses: %s', (_what, first, second) => {
    const app = new App({ outdir: Testing.app().outdir });
    new AemCreativeCloudOrgBinding(new TerraformStack(app, 'one'), 'cc', { org: DEV, ...first });
    expect(() => new AemCreativeCloudOrgBinding(new TerraformStack(app, 'two'), 'cc', { org: STAGE, ...second })).toThrow(
      new Error(
        `AemCreativeCloudOrgBinding two/cc: one/cc already binds ${AUTHOR}; an AEM Assets environment has one Creative Cloud org at a ` +
          `time, so two bindings would switch it back and forth. Keep one binding per author URL (check that each stage points at its ` +
          `own environment).`,
      ),
    );
  });
});
