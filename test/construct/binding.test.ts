/**
 * Synth-time behaviour of the construct: what it synthesizes, what it refuses, and what it must
 * never write (secrets, machine paths, user values in command strings).
 *
 * The suite runs twice (jest.config.js): on cdktf, and on CDK Terrain, where the construct sources'
 * seam is the cdktn flavour and this file's `cdktf` import resolves to `cdktn`. `CDK_CORE` says which.
 */
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AemCreativeCloudOrgBinding, RemovalPolicy } from '../../constructs';
import { coreOf } from '../../constructs/peers';

declare const CDK_CORE: 'cdktf' | 'cdktn';

const DEV = 'C0FFEE00000000000000DE01@AdobeOrg';
const STAGE = 'C0FFEE0000000000000057A6@AdobeOrg';
const AUTHOR = 'https://author-p1234-e5678.adobeaemcloud.com';

// Like a real app: the output directory lives inside the project that installed the package.
const OUTDIR = path.join(__dirname, '..', '.tmp', 'construct-synth');
fs.mkdirSync(OUTDIR, { recursive: true });

function synth(build: (stack: TerraformStack) => void): any {
  const app = Testing.app({ outdir: OUTDIR });
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return JSON.parse(Testing.synth(stack));
}

function only<T>(record: Record<string, T> | undefined): T {
  const values = Object.values(record ?? {});
  expect(values).toHaveLength(1);
  return values[0];
}

describe('what it synthesizes', () => {
  test(`runs on the core this project names, with that core's provider bindings`, () => {
    const app = Testing.app({ outdir: OUTDIR });
    const stack = new TerraformStack(app, 'test');
    const binding = new AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV });
    expect([coreOf(stack), coreOf(binding.resource), coreOf(binding.liveRead!)]).toEqual([CDK_CORE, CDK_CORE, CDK_CORE]);
  });

  test('a null_resource with apply/destroy provisioners, a plan-time read, outputs and both providers', () => {
    const json = synth((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV }));
    const res: any = only(json.resource.null_resource);
    // live_org shows the org a plan switches away from; set on create only, so it never forces a replacement.
    expect(res.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ['triggers["live_org"]'] });
    expect(res.triggers.live_org).toMatch(/result\.org_id == ""/);
    expect(res.triggers).toMatchObject({ author_url: AUTHOR, org: DEV, removal_policy: 'retain', revert_to: '', allowed_orgs: '' });
    expect(res.triggers.binding_token).toMatch(/^\$\{data\.external\..*\.result\["token"\]\}$/);
    const [create, destroy] = res.provisioner.map((p: any) => p['local-exec']);
    expect(create.command).toBe('apply');
    expect(create.when).toBeUndefined();
    expect(destroy.command).toBe('destroy');
    expect(destroy.when).toBe('destroy');
    expect(create.interpreter).toEqual(['node', '${self.triggers.handler}']);
    expect(create.environment.AEM_CC_ORG).toBe('${self.triggers.org}');
    expect(destroy.environment.AEM_CC_REMOVAL_POLICY).toBe('${self.triggers.removal_policy}');
    // Destroy-time provisioners may only reference self.
    for (const v of Object.values(destroy.environment) as string[]) expect(v).toMatch(/^\$\{self\.triggers\.[a-z_]+\}$/);
    const read: any = only(json.data.external);
    expect(read.program).toEqual(['node', expect.stringMatching(/bin\/aem-cc\.js$/), 'read']);
    expect(read.query).toMatchObject({ author_url: AUTHOR, org: DEV });
    expect(Object.keys(json.output).sort()).toEqual([
      expect.stringMatching(/generation/),
      expect.stringMatching(/org_id/),
      expect.stringMatching(/org_name/),
    ]);
    expect(json.provider.null).toHaveLength(1);
    expect(json.provider.external).toHaveLength(1);
  });

  test('two bindings in one stack share one pair of providers', () => {
    const json = synth((s) => {
      new AemCreativeCloudOrgBinding(s, 'a', { authorUrl: AUTHOR, org: DEV });
      new AemCreativeCloudOrgBinding(s, 'b', { authorUrl: 'https://author-p1-e2.adobeaemcloud.com', org: STAGE });
    });
    expect(Object.keys(json.resource.null_resource)).toHaveLength(2);
    expect(json.provider.null).toHaveLength(1);
    expect(json.provider.external).toHaveLength(1);
  });

  test('revertTo is carried in the triggers the destroy provisioner reads', () => {
    const json = synth((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV, removalPolicy: RemovalPolicy.revertTo(STAGE) }));
    const res: any = only(json.resource.null_resource);
    expect(res.triggers).toMatchObject({ removal_policy: 'revert', revert_to: STAGE });
  });

  test('driftDetection: false drops the data source; the token is the desired org', () => {
    const json = synth((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV, driftDetection: false }));
    expect(json.data).toBeUndefined();
    const res: any = only(json.resource.null_resource);
    expect(res.triggers.binding_token).toBe(DEV);
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
    expect(res.triggers.handler).toMatch(/^(\.\.\/)+.*bin\/aem-cc\.js$/);
  });

  test('credentials in the environment never reach the synthesized JSON', () => {
    const saved = { ...process.env };
    process.env.AEM_CC_ACCESS_TOKEN = 'canary-synth-token-123456';
    process.env.AEM_CC_CLIENT_SECRET = 'canary-synth-secret-654321';
    try {
      const text = JSON.stringify(synth((s) => new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: AUTHOR, org: DEV })));
      expect(text).not.toContain('canary-synth-token-123456');
      expect(text).not.toContain('canary-synth-secret-654321');
      expect(text).not.toMatch(/AEM_CC_(ACCESS_TOKEN|CLIENT_SECRET|CLIENT_ID)/);
    } finally {
      process.env = saved;
    }
  });

  test('unresolved tokens are not validated at synth (the handler checks them at run time)', () => {
    const json = synth((s) => {
      const url = new TerraformVariable(s, 'author', { type: 'string' });
      const org = new TerraformVariable(s, 'org', { type: 'string' });
      new AemCreativeCloudOrgBinding(s, 'cc', { authorUrl: url.stringValue, org: org.stringValue, allowedOrgs: [DEV] });
    });
    const res: any = only(json.resource.null_resource);
    expect(res.triggers.author_url).toBe('${var.author}');
  });
});

describe('what it refuses at synth, naming the value and the fix', () => {
  test.each([
    ['a lowercase org id', { org: 'c0ffee00000000000000de01@AdobeOrg' }, /looks like an org id.*Did you mean C0FFEE00000000000000DE01@AdobeOrg/],
    ['a short org id', { org: 'C0FFEE@AdobeOrg' }, /looks like an org id/],
    ['an empty org', { org: '' }, /is empty/],
    ['a name with shell metacharacters', { org: 'Dev $(rm -rf /)' }, /metacharacter/],
    ['a name with a newline', { org: 'Dev\nProd' }, /control/],
    ['a Cyrillic look-alike in a name', { org: 'Contoso Сreative' }, /Cyrillic/],
    ['an http author URL off loopback', { authorUrl: 'http://author.example.com' }, /TLS is required/],
    ['an author URL with credentials', { authorUrl: 'https://user:pw@author.example.com' }, /credentials/],
    ['an author URL with a query', { authorUrl: 'https://author.example.com/?a=1' }, /query string/],
    ['an author URL with a fragment', { authorUrl: 'https://author.example.com/#x' }, /fragment/],
    ['a non-URL author', { authorUrl: 'author.example.com' }, /not a URL/],
    ['an http IMS endpoint off loopback', { imsEndpoint: 'http://ims.example.com' }, /TLS is required/],
    ['an org outside allowedOrgs', { org: DEV, allowedOrgs: [STAGE] }, /not in allowedOrgs/],
    ['a name in allowedOrgs', { org: DEV, allowedOrgs: ['Contoso Creative (Dev)'] }, /not an org id/],
    ['an empty allowedOrgs', { org: DEV, allowedOrgs: [] }, /empty list/],
    [
      'a revertTo outside allowedOrgs',
      { org: DEV, allowedOrgs: [DEV], removalPolicy: RemovalPolicy.revertTo(STAGE) },
      /revertTo.*not in allowedOrgs/,
    ],
    ['a malformed revertTo', { org: DEV, removalPolicy: RemovalPolicy.revertTo('abc@adobeorg') }, /looks like an org id/],
    [
      'an unknown removal policy',
      { org: DEV, removalPolicy: { kind: 'delete' } as unknown as RemovalPolicy },
      /RemovalPolicy\.retain\(\) or RemovalPolicy\.revertTo/,
    ],
    ['a settings path with ..', { org: DEV, settingsPath: '/adobe/../etc' }, /plain absolute path/],
  ])('%s', (_what, override, message) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    expect(() => new AemCreativeCloudOrgBinding(stack, 'cc', { authorUrl: AUTHOR, org: DEV, ...override })).toThrow(message);
    expect(() => new AemCreativeCloudOrgBinding(new TerraformStack(Testing.app(), 't2'), 'cc', { authorUrl: AUTHOR, org: DEV, ...override })).toThrow(
      /AemCreativeCloudOrgBinding t2\/cc: /,
    );
  });

  test('two bindings for the same author URL anywhere in the app', () => {
    const app = new App({ outdir: Testing.app().outdir });
    new AemCreativeCloudOrgBinding(new TerraformStack(app, 'one'), 'cc', { authorUrl: AUTHOR, org: DEV });
    expect(() => new AemCreativeCloudOrgBinding(new TerraformStack(app, 'two'), 'cc', { authorUrl: `${AUTHOR}/`, org: STAGE })).toThrow(
      /one\/cc already binds https:\/\/author-p1234-e5678\.adobeaemcloud\.com/,
    );
  });
});
