/**
 * One test per row of the design's lifecycle table, through the real `cdktf` CLI, HashiCorp's
 * null/external providers and each engine users run (Terraform and OpenTofu), against the emulator.
 * The same tests run on both engines; where the engines differ, the test says what each one does.
 */
import {
  AppDir,
  bindingApp,
  cdktf as runCdktf,
  DEPLOY,
  DESTROY,
  DIFF,
  Engine,
  ENGINE_NAMES,
  ENGINES,
  engineEnv,
  makeApp,
  NO_CHANGES,
  removeApp,
  ROOT,
} from './harness';
import { DEFAULT_FIXTURE, DEFAULT_IDS, Fixture } from '../../src/emulator';
import { CLIENT, fixtureWithWebUser, isPut, isToken, useEmulator, WEB_USER, withEmulator, type EmulatorHandle } from '../helpers/emulator';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const O = DEFAULT_IDS.orgs;
const TECH = DEFAULT_IDS.technicalAccount.userId;
const CANARY_TOKEN = `canary-user-token-${process.pid}-7f3a9c`;
const CANARY_SECRET = `canary-client-secret-${process.pid}-b81e2d`;

// The built-in fixture plus a user and a client (with its technical account) whose secrets are canaries
// we search for afterwards.
const CANARY_USER = 'E5E5E5E5E5E5E5E5E5E5E5E5@c0ffee.e';
const CANARY_TECH = 'E5E5E5E5E5E5E5E5E5E5E5E5@techacct.adobe.com';
const fixture: Fixture = JSON.parse(JSON.stringify(DEFAULT_FIXTURE));
fixture.users.push({ ...fixture.users[0], userId: CANARY_USER, token: CANARY_TOKEN, name: 'Canary' });
fixture.users.push({ userId: CANARY_TECH, email: 'e5e5@techacct.adobe.com', name: 'Canary CI', orgs: [O.dev, O.stage, O.prod], entitlements: [] });
fixture.clients.push({ clientId: 'canary-client', clientSecret: CANARY_SECRET, userId: CANARY_TECH });
for (const e of fixture.environments) e.admins.push(CANARY_USER, CANARY_TECH);
// An administrator who no longer has the Dev org among their orgs: for them "Contoso Creative (Dev)"
// does not resolve any more (issue 13, item 8), while Stage and Prod still do.
const MOVED = { userId: 'F6F6F6F6F6F6F6F6F6F6F6F6@c0ffee.e', token: 'emu-token-moved' };
fixture.users.push({ ...fixture.users[0], ...MOVED, name: 'Moved', orgs: [O.stage, O.prod], entitlements: [O.stage, O.prod] });
for (const e of fixture.environments) e.admins.push(MOVED.userId);

// Started before, reset before each and closed after all tests (test/helpers/emulator.ts).
const emu = useEmulator({ fixture });
let app: AppDir | undefined;

type State = Awaited<ReturnType<EmulatorHandle['state']>>;
const state = () => emu.state();
const puts = (s: State) => s.requests.filter(isPut);
/** How many requests the log holds now: later checks look only at what came after. */
async function mark(): Promise<number> {
  return (await state()).requests.length;
}
const putsSince = (s: State, from: number) => puts({ ...s, requests: s.requests.slice(from) });

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { AEM_CC_ACCESS_TOKEN: 'emu-token-ana', AEM_CC_CACHE_DIR: `${app!.dir}/.cache`, ...extra };
}
function props(envId: string, org: string, more = '', url = emu.url): string {
  return `{ authorUrl: ${JSON.stringify(`${url}/env/${envId}`)}, imsEndpoint: ${JSON.stringify(url)}, org: ${JSON.stringify(org)}${more} }`;
}

/** A run whose removal policy reverted dev to the Prod org: exit 0 (else its output is printed), "reverted", generation 3. */
async function expectRevertedToProd(r: { code: number | null; output: string }): Promise<void> {
  if (r.code !== 0) console.log(r.output);
  expect(r.code).toBe(0);
  expect(r.output).toMatch(/reverted/);
  expect((await state()).environments.dev).toMatchObject({ orgId: O.prod, generation: 3 });
}

afterEach(() => {
  removeApp(app);
  app = undefined;
});

jest.setTimeout(300_000);

describe.each(ENGINES.map((e) => [ENGINE_NAMES[e], e] as const))('on %s', (_name: string, engine: Engine) => {
  const cdktf = (dir: string, args: string[], e: Record<string, string>) => runCdktf(dir, args, e, engine);

  test('first deploy, live X desired Y: switches X to Y, and the next diff says no changes', async () => {
    app = makeApp('first');
    app.write(bindingApp('first', [{ id: 'cc', props: props('dev', 'Contoso Creative (Dev)') }]));
    const d = await cdktf(app.dir, DEPLOY, env());
    if (d.code !== 0) console.log(d.output);
    expect(d.output).toMatch(/switched .*\/env\/dev to Contoso Creative \(Dev\)/);
    // The plan shows what it switches away from, and what to.
    expect(d.output).toMatch(/"live_org"\s+= "no org, generation 1"/);
    expect(d.output).toContain(`"binding_token"  = "${O.dev}#2"`);
    expect(d.code).toBe(0);
    let s = await state();
    expect(s.environments.dev).toMatchObject({ orgId: O.dev, generation: 2 });
    expect(puts(s)).toHaveLength(1);
    const diff = await cdktf(app.dir, DIFF, env());
    if (diff.code !== 0) console.log(diff.output);
    expect(diff.code).toBe(0);
    expect(diff.output).toMatch(NO_CHANGES);
    s = await state();
    expect(puts(s)).toHaveLength(1);
  });

  test("a stack's bindings share one plan-time read: a deploy of n bindings starts n + 1 handler processes, a no-change diff one", async () => {
    app = makeApp('processes');
    app.write(
      bindingApp('processes', [
        { id: 'a', props: props('dev', 'Contoso Creative (Dev)') },
        { id: 'b', props: props('stage', O.stage) },
        { id: 'c', props: props('sandbox', O.stage) },
      ]),
    );
    // Every node process the engine starts loads this first; the handler's record their command.
    const log = path.join(app.dir, 'handler-processes.log');
    const counter = path.join(app.dir, 'count-handler.js');
    fs.writeFileSync(
      counter,
      `if (/aem-cc\\.js$/.test(process.argv[1] || '')) require('node:fs').appendFileSync(${JSON.stringify(log)}, process.argv.slice(2).join(' ') + '\\n');`,
    );
    const counted = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').sort() : []);
    const d = await cdktf(app.dir, DEPLOY, env({ NODE_OPTIONS: `--require ${counter}` }));
    if (d.code !== 0) console.log(d.output);
    expect(d.code).toBe(0);
    expect(counted()).toEqual(['apply', 'apply', 'apply', 'read']);
    const s = await state();
    expect([s.environments.dev, s.environments.stage, s.environments.sandbox].map((e) => e!.orgId)).toEqual([O.dev, O.stage, O.stage]);
    fs.rmSync(log);
    const diff = await cdktf(app.dir, DIFF, env({ NODE_OPTIONS: `--require ${counter}` }));
    expect(diff.output).toMatch(NO_CHANGES);
    expect(counted()).toEqual(['read']);
  });

  test('adopt: live already Y, the deploy makes no switch and the next diff says no changes', async () => {
    app = makeApp('adopt');
    app.write(bindingApp('adopt', [{ id: 'cc', props: props('prod', O.prod) }]));
    const d = await cdktf(app.dir, DEPLOY, env());
    expect(d.code).toBe(0);
    expect(d.output).toMatch(/already bound to Contoso Creative \(Prod\)/);
    const s = await state();
    expect(puts(s)).toHaveLength(0);
    expect(s.environments.prod).toMatchObject({ orgId: O.prod, generation: 7 });
    const diff = await cdktf(app.dir, DIFF, env());
    expect(diff.output).toMatch(NO_CHANGES);
  });

  test('drift: a switch by hand shows in cdktf diff, the next deploy repairs it, then no changes', async () => {
    app = makeApp('drift');
    app.write(bindingApp('drift', [{ id: 'cc', props: props('dev', O.dev) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    await emu.switchByHand('dev', O.stage); // someone used the UI: generation 3
    const diff = await cdktf(app.dir, DIFF, env());
    expect(diff.output).toMatch(/must be replaced/);
    expect(diff.output).toContain(`${O.dev}#4`);
    expect(diff.output).toMatch(
      /"live_org"\s+= "no org, generation 1" -> "Contoso Creative \(Stage\) \(C0FFEE0000000000000057A6@AdobeOrg\), generation 3"/,
    );
    const repair = await cdktf(app.dir, DEPLOY, env());
    expect(repair.code).toBe(0);
    const s = await state();
    expect(s.environments.dev).toMatchObject({ orgId: O.dev, generation: 4 });
    expect(puts(s)).toHaveLength(2); // the first deploy's and the repair's: the old instance's destroy sent nothing
    expect((await cdktf(app.dir, DIFF, env())).output).toMatch(NO_CHANGES);
  });

  test('desired changes Y to Z under revertTo: exactly one switch, no transient revert', async () => {
    app = makeApp('change');
    const revert = `, removalPolicy: RemovalPolicy.revertTo(${JSON.stringify(O.prod)})`;
    app.write(bindingApp('change', [{ id: 'cc', props: props('dev', O.dev, revert) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    const m = await mark();
    app.write(bindingApp('change', [{ id: 'cc', props: props('dev', O.stage, revert) }]));
    const d = await cdktf(app.dir, DEPLOY, env());
    expect(d.code).toBe(0);
    const s = await state();
    expect(putsSince(s, m)).toHaveLength(1);
    expect(s.environments.dev).toMatchObject({ orgId: O.stage, generation: 3 });
    // The replaced instance is destroyed after the new one switched. Neither engine runs a destroy-time
    // provisioner for such a deposed object (Terraform 1.15.9 and OpenTofu 1.12.6 alike); if one did, the
    // instance's token would no longer match the live binding and its destroy would send nothing.
    expect(d.output).toMatch(/1 added, 0 changed, 1 destroyed/);
    expect(d.output).toMatch(/\(deposed object [0-9a-f]+\): Destroying\.\.\./);
    expect(d.output).not.toMatch(/Executing: \[[^\]]*"destroy"\]/);
    expect(d.output).not.toMatch(/reverted/);
    expect((await cdktf(app.dir, DIFF, env())).output).toMatch(NO_CHANGES);
  });

  test('cdktf destroy with retain (the default) sends nothing that changes anything', async () => {
    app = makeApp('retain');
    app.write(bindingApp('retain', [{ id: 'cc', props: props('dev', O.dev) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    const m = await mark();
    const d = await cdktf(app.dir, DESTROY, env());
    expect(d.code).toBe(0);
    expect(d.output).toMatch(/retain/);
    const s = await state();
    expect(putsSince(s, m)).toHaveLength(0);
    expect(s.environments.dev).toMatchObject({ orgId: O.dev, generation: 2 });
  });

  test("cdktf destroy with revertTo reverts, because the binding is still this instance's token", async () => {
    app = makeApp('revert');
    app.write(
      bindingApp('revert', [{ id: 'cc', props: props('dev', O.dev, `, removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Stage)')`) }]),
    );
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    const d = await cdktf(app.dir, DESTROY, env());
    expect(d.code).toBe(0);
    expect(d.output).toMatch(/Executing: \[[^\]]*"destroy"\]/); // what the engine prints when it runs the destroy provisioner
    const s = await state();
    expect(s.environments.dev).toMatchObject({ orgId: O.stage, generation: 3 });
  });

  // Engine facts: when a destroy-time provisioner runs and when it does not, and the supported way to
  // remove a binding with its removal policy honoured.
  const revertProps = (org: string) => props('dev', org, `, removalPolicy: RemovalPolicy.revertTo(${JSON.stringify(O.prod)})`);

  test('deleting the construct from the code and deploying removes it WITHOUT running revertTo', async () => {
    app = makeApp('deleted');
    app.write(bindingApp('deleted', [{ id: 'cc', props: revertProps(O.dev) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    app.write(
      bindingApp('deleted', []).replace('app.synth();', `new (require('@cdktf/provider-null').provider.NullProvider)(stack, 'n');\napp.synth();`),
    );
    const d = await cdktf(app.dir, DEPLOY, env());
    expect(d.code).toBe(0);
    expect(d.output).toMatch(/0 added, 0 changed, 1 destroyed/);
    expect(puts(await state())).toHaveLength(1); // only the first deploy's switch: the policy was not honoured
    expect((await state()).environments.dev).toMatchObject({ orgId: O.dev });
  });

  test('AemCreativeCloudOrgBindingRemoved in its place removes it WITH its revertTo honoured', async () => {
    app = makeApp('removed');
    app.write(bindingApp('removed', [{ id: 'cc', props: revertProps(O.dev) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    app.write(
      // The binding's own props, unchanged: the removed block takes its IMS endpoint from them.
      bindingApp('removed', []).replace(
        'app.synth();',
        `new (require('cdktf-aem-creative-cloud').AemCreativeCloudOrgBindingRemoved)(stack, 'cc', ${revertProps(O.dev)});\napp.synth();`,
      ),
    );
    await expectRevertedToProd(await cdktf(app.dir, DEPLOY, env()));
  });

  test('upgrading from 0.2.0 (under pnpm): the first plan has no changes, and destroy runs the handler where it is now', async () => {
    app = makeApp('upgrade');
    // 0.2.0's resource for this binding: golden-cdktf-0.1.0.cdk.tf.json's (0.2.0 wrote the same JSON), with this
    // app's values in its triggers, and the handler where a pnpm install of 0.2.0 had it. That install is a
    // link to this repository, removed below as pnpm removes the old version's directory on an upgrade.
    const old = path.join(app.dir, 'node_modules', '.pnpm', 'cdktf-aem-creative-cloud@0.2.0_vs2kbxmnrwcy3cpyi7xrdzqvkm', 'node_modules');
    fs.mkdirSync(old, { recursive: true });
    fs.symlinkSync(ROOT, path.join(old, 'cdktf-aem-creative-cloud'), 'dir');
    const oldHandler =
      '../../../node_modules/.pnpm/cdktf-aem-creative-cloud@0.2.0_vs2kbxmnrwcy3cpyi7xrdzqvkm/node_modules/cdktf-aem-creative-cloud/bin/aem-cc.js';
    const golden = path.join(ROOT, 'test', 'entries', 'golden-cdktf-0.1.0.cdk.tf.json');
    const asReleased = [
      `const b = stack.node.findChild('cc').resource;`,
      `const was = require(${JSON.stringify(golden)}).resource.null_resource.cc_binding_09E4B744;`,
      // 0.2.0 had a plan-time read per binding, which its triggers refer to.
      `const { '//': _, ...read } = require(${JSON.stringify(golden)}).data.external.cc_live_0ECAE2C4;`,
      `stack.addOverride('data.external.cc_live_0ECAE2C4', { ...read, program: ['node', ${JSON.stringify(oldHandler)}, 'read'],`,
      `  query: { ...read.query, author_url: ${JSON.stringify(`${emu.url}/env/dev`)}, org: ${JSON.stringify(O.dev)}, allowed_orgs: '', ims_endpoint: ${JSON.stringify(emu.url)} } });`,
      `b.addOverride('provisioner', was.provisioner);`,
      `b.addOverride('lifecycle.ignore_changes', was.lifecycle.ignore_changes);`,
      `b.addOverride('triggers', { ...was.triggers, author_url: ${JSON.stringify(`${emu.url}/env/dev`)}, org: ${JSON.stringify(O.dev)},`,
      `  allowed_orgs: '', revert_to: ${JSON.stringify(O.prod)}, ims_endpoint: ${JSON.stringify(emu.url)}, handler: ${JSON.stringify(oldHandler)} });`,
      `app.synth();`,
    ].join('\n');
    app.write(bindingApp('upgrade', [{ id: 'cc', props: revertProps(O.dev) }]).replace('app.synth();', asReleased));
    const d = await cdktf(app.dir, DEPLOY, env());
    if (d.code !== 0) console.log(d.output);
    expect(d.code).toBe(0);
    expect(d.output.replace(/\s+/g, ' ')).toContain(`"handler" = "${oldHandler}"`);
    expect(d.output).toMatch(/switched .*\/env\/dev to Contoso Creative \(Dev\)/);

    fs.rmSync(path.join(app.dir, 'node_modules', '.pnpm'), { recursive: true });
    app.write(bindingApp('upgrade', [{ id: 'cc', props: revertProps(O.dev) }]));
    const diff = await cdktf(app.dir, DIFF, env());
    if (!NO_CHANGES.test(diff.output)) console.log(diff.output);
    expect(diff.output).toMatch(NO_CHANGES);
    // The retired keys stay in the state (ignore_changes), the old handler path with them: nothing reads them.
    const stackDir = path.join(app.dir, 'cdktf.out', 'stacks', 'upgrade');
    const shown = JSON.parse(execFileSync(engine, ['show', '-json'], { cwd: stackDir, env: engineEnv(engine) }).toString());
    expect(shown.values.root_module.resources.find((r: any) => r.type === 'null_resource').values.triggers).toMatchObject({
      handler: oldHandler,
      ims_endpoint: emu.url,
      org: O.dev,
    });

    // 0.2.0 would run the handler at the state's path, gone with the old install; this one runs it where it is.
    await expectRevertedToProd(await cdktf(app.dir, DESTROY, env()));
  });

  test('a failed create leaves a tainted resource whose destroy never reverts anything', async () => {
    app = makeApp('tainted');
    app.write(bindingApp('tainted', [{ id: 'cc', props: revertProps('Contoso Marketing') }]));
    const d = await cdktf(app.dir, DEPLOY, env());
    expect(d.code).not.toBe(0);
    expect(d.output).toMatch(/no_cc_entitlement/);
    const destroy = await cdktf(app.dir, DESTROY, env());
    expect(destroy.code).toBe(0);
    expect(puts(await state())).toHaveLength(0);
    expect((await state()).environments.dev).toMatchObject({ orgId: null, generation: 1 });
  });

  test('a failed prerequisite fails the deploy with its code and leaves the binding as it was', async () => {
    app = makeApp('prereq');
    app.write(bindingApp('prereq', [{ id: 'cc', props: props('dev', 'Contoso Marketing') }]));
    const d = await cdktf(app.dir, DEPLOY, env());
    expect(d.code).not.toBe(0);
    expect(d.output).toMatch(/no_cc_entitlement/);
    const s = await state();
    expect(puts(s)).toHaveLength(0);
    expect(s.environments.dev).toMatchObject({ orgId: null, generation: 1 });
  });

  test('the personal-vs-federated trap fails the deploy with identity_mismatch and says why', async () => {
    app = makeApp('trap');
    app.write(bindingApp('trap', [{ id: 'cc', props: props('dev', O.dev) }]));
    const d = await cdktf(app.dir, DEPLOY, env({ AEM_CC_ACCESS_TOKEN: 'emu-token-ana-personal' }));
    expect(d.code).not.toBe(0);
    expect(d.output).toMatch(/identity_mismatch/);
    expect(d.output.replace(/\s+/g, ' ')).toMatch(/personal Adobe ID and a federated ID with the same e-mail are different user IDs/);
    expect(puts(await state())).toHaveLength(0);
  });

  // Issue 13, item 8: the plan of `cdktf destroy` runs the plan-time read too; when it fails, the error
  // names the ways out, and each one is shown to work here, on this engine.
  const WAYS_OUT = [
    'This is the plan-time read of drift detection, which every plan runs, the plan of "cdktf destroy" included; to destroy anyway:',
    'or set driftDetection: false on the binding, or run the destroy with TF_CLI_ARGS_destroy=-refresh=false in its environment',
  ];
  /** The output as one line: the diagnostics' box drawing and the engine's line wrapping taken out (colours are off: NO_COLOR). */
  const flat = (output: string) => output.replace(/[│╷╵]/g, ' ').replace(/\s+/g, ' ');
  const SKIP_READ = { TF_CLI_ARGS_destroy: '-refresh=false' };

  test('no credentials: the destroy plan stops at the read, naming the ways out; with TF_CLI_ARGS_destroy=-refresh=false it destroys (retain)', async () => {
    app = makeApp('blocked');
    app.write(bindingApp('blocked', [{ id: 'cc', props: props('dev', O.dev) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    const m = await mark();
    const noCredentials = { AEM_CC_CACHE_DIR: `${app.dir}/.cache` };
    const blocked = await cdktf(app.dir, DESTROY, noCredentials);
    expect(blocked.code).not.toBe(0);
    expect(flat(blocked.output)).toMatch(/aem-cc: missing_credentials: no credentials in the environment/);
    for (const part of WAYS_OUT) expect(flat(blocked.output)).toContain(part);
    expect((await state()).requests.length).toBe(m); // the read stopped before any request; nothing was destroyed
    const d = await cdktf(app.dir, DESTROY, { ...noCredentials, ...SKIP_READ });
    if (d.code !== 0) console.log(d.output);
    expect(d.code).toBe(0);
    expect(d.output).toMatch(/Destroy complete! Resources: 1 destroyed/);
    expect(d.output).toMatch(/removal policy retain/);
    const s = await state();
    expect(s.requests.length).toBe(m); // no read and no write: retain needs no credentials
    expect(s.environments.dev).toMatchObject({ orgId: O.dev, generation: 2 });
  });

  test('a desired org that no longer resolves: the destroy plan stops, naming the ways out; with TF_CLI_ARGS_destroy=-refresh=false revertTo still reverts', async () => {
    app = makeApp('unresolved');
    const revert = `, removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Stage)')`;
    app.write(bindingApp('unresolved', [{ id: 'cc', props: props('dev', 'Contoso Creative (Dev)', revert) }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    const m = await mark();
    const blocked = await cdktf(app.dir, DESTROY, env({ AEM_CC_ACCESS_TOKEN: MOVED.token }));
    expect(blocked.code).not.toBe(0);
    // The stack's one read names the binding it failed for: its construct path and author URL.
    expect(flat(blocked.output)).toMatch(
      /aem-cc: org_not_found: binding "unresolved\/cc" \(http:\/\/127\.0\.0\.1:\d+\/env\/dev\): no org named "Contoso Creative \(Dev\)"/,
    );
    for (const part of WAYS_OUT) expect(flat(blocked.output)).toContain(part);
    expect(putsSince(await state(), m)).toHaveLength(0);
    // The destroy provisioner reads only self.triggers (the state's binding token): no plan-time read needed.
    const d = await cdktf(app.dir, DESTROY, env({ AEM_CC_ACCESS_TOKEN: MOVED.token, ...SKIP_READ }));
    if (d.code !== 0) console.log(d.output);
    expect(d.code).toBe(0);
    expect(d.output).toMatch(/reverted: .*\/env\/dev is bound to C0FFEE0000000000000057A6@AdobeOrg \(generation 3\)/);
    const s = await state();
    expect(putsSince(s, m)).toHaveLength(1);
    expect(s.environments.dev).toMatchObject({ orgId: O.stage, generation: 3 });
  });

  test('driftDetection: false is the other way out: the destroy plan reads nothing, and revertTo reverts from the state', async () => {
    app = makeApp('nodrift');
    const revert = (more: string) =>
      props('dev', 'Contoso Creative (Dev)', `, removalPolicy: RemovalPolicy.revertTo('Contoso Creative (Stage)')${more}`);
    app.write(bindingApp('nodrift', [{ id: 'cc', props: revert('') }]));
    expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
    const m = await mark();
    app.write(bindingApp('nodrift', [{ id: 'cc', props: revert(', driftDetection: false') }]));
    const d = await cdktf(app.dir, DESTROY, env({ AEM_CC_ACCESS_TOKEN: MOVED.token }));
    if (d.code !== 0) console.log(d.output);
    expect(d.code).toBe(0);
    const s = await state();
    // Exactly the revert's five requests (binding read, the three prerequisite reads, the write): no plan-time read.
    expect(
      s.requests
        .slice(m)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(
      [
        `GET /env/dev/adobe/assets/settings/creative-cloud`,
        `GET /ims/profile/v1`,
        `GET /ims/organizations/v6`,
        `GET /env/dev/libs/granite/security/currentuser.json`,
        `PUT /env/dev/adobe/assets/settings/creative-cloud`,
      ].sort(),
    );
    expect(s.environments.dev).toMatchObject({ orgId: O.stage, generation: 3 });
  });

  // Going live: plans with client credentials (a technical account), the switch with a user token, and
  // Adobe's gateway rule on. The engines pass their whole environment to the external data source and
  // to local-exec, so both credentials reach both: the handler picks per command.
  test('client credentials alone cannot switch; beside a user token the plan reads with them and the apply switches with the user', async () =>
    withEmulator({ fixture: fixtureWithWebUser(), requireApiKey: true }, async (gw) => {
      app = makeApp('split');
      app.write(bindingApp('split', [{ id: 'cc', props: props('dev', 'Contoso Creative (Dev)', '', gw.url) }]));
      const client = { AEM_CC_CLIENT_ID: CLIENT.clientId, AEM_CC_CLIENT_SECRET: CLIENT.clientSecret, AEM_CC_CACHE_DIR: `${app.dir}/.cache` };
      const who = async (from = 0) => (await gw.requests()).slice(from).filter((r) => !isToken(r));

      // client credentials alone: the plan reads, the apply stops before any write and names the fix
      const alone = await cdktf(app.dir, DEPLOY, client);
      expect(alone.code).not.toBe(0);
      expect(alone.output).toMatch(/identity_mismatch/);
      expect(alone.output.replace(/\s+/g, ' ')).toMatch(/Set AEM_CC_ACCESS_TOKEN to an IMS access token of a user/);
      let log = await who();
      expect(log.filter(isPut)).toEqual([]);
      expect(new Set(log.map((r) => r.userId))).toEqual(new Set([TECH]));

      // both: the plan's read acts as the technical account, the apply (and its write) as the user
      const from = (await gw.requests()).length;
      const d = await cdktf(app.dir, DEPLOY, { ...client, AEM_CC_ACCESS_TOKEN: WEB_USER.token });
      if (d.code !== 0) console.log(d.output);
      expect(d.code).toBe(0);
      expect(d.output).toMatch(/switched .*\/env\/dev to Contoso Creative \(Dev\)/);
      expect(d.output).toMatch(/acting as the user token in AEM_CC_ACCESS_TOKEN: this command checks or makes a switch/);
      log = await who(from);
      const put = log.findIndex(isPut);
      expect(put).toBeGreaterThan(0);
      expect(log[put]).toMatchObject({ status: 200, userId: WEB_USER.userId });
      // the plan's reads (binding and organizations; once per plan the engine makes) as the technical account
      expect(new Set(log.filter((r) => r.userId === TECH).map((r) => `${r.method} ${r.path}`))).toEqual(
        new Set(['GET /env/dev/adobe/assets/settings/creative-cloud', 'GET /ims/organizations/v6']),
      );
      expect(log.filter((r) => r.userId === WEB_USER.userId)).toHaveLength(5); // the apply's four reads and its write
      expect(log.every((r) => r.userId === TECH || r.userId === WEB_USER.userId)).toBe(true);
      // every AEM request carried the key of its own token's client (the emulator refuses any other), none refused
      for (const r of log.filter((q) => q.path.startsWith('/env/'))) expect([r.path, r.apiKey, r.status]).toEqual([r.path, true, 200]);
      expect((await gw.state()).environments.dev).toMatchObject({ orgId: O.dev, generation: 2 });

      const diff = await cdktf(app.dir, DIFF, { ...client, AEM_CC_ACCESS_TOKEN: WEB_USER.token });
      expect(diff.output).toMatch(NO_CHANGES);
    }));

  test.each([
    ['a user token', { AEM_CC_ACCESS_TOKEN: CANARY_TOKEN }, [CANARY_TOKEN]],
    // plans read with the client credentials, the apply and the revert switch with the user token
    [
      'client credentials beside a user token',
      { AEM_CC_CLIENT_ID: 'canary-client', AEM_CC_CLIENT_SECRET: CANARY_SECRET, AEM_CC_ACCESS_TOKEN: CANARY_TOKEN },
      [CANARY_SECRET, CANARY_TOKEN],
    ],
  ])('a secret canary (%s) appears in no file under the app and no output', async (_what, creds, canaries) => {
    app = makeApp('canary');
    app.write(
      bindingApp('canary', [{ id: 'cc', props: props('dev', O.dev, `, removalPolicy: RemovalPolicy.revertTo(${JSON.stringify(O.stage)})`) }]),
    );
    const base = { AEM_CC_CACHE_DIR: `${app.dir}/../canary-cache-${process.pid}`, AEM_CC_LOG_LEVEL: 'debug' };
    const outputs: string[] = [];
    for (const args of [DEPLOY, DIFF, ['diff', '--skip-provider-lock'], DESTROY]) {
      const r = await cdktf(app.dir, args, { ...base, ...creds });
      expect(r.code).toBe(0);
      outputs.push(r.output);
    }
    expect((await state()).environments.dev).toMatchObject({ orgId: O.stage }); // it really ran: deployed and reverted
    for (const canary of canaries) for (const o of outputs) expect(o).not.toContain(canary);
    const files = app.files();
    expect(files.some((f) => f.endsWith('cdk.tf.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.tfstate'))).toBe(true);
    for (const canary of canaries)
      for (const f of files) expect({ file: f, hit: fs.readFileSync(f).includes(canary) }).toEqual({ file: f, hit: false });
    // The saved plan is a zip (compressed), so a byte search could miss a secret: render it and search that.
    const plans = files.filter((f) => path.basename(f) === 'plan');
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) {
      const shown = execFileSync(engine, ['show', '-json', 'plan'], {
        cwd: path.dirname(plan),
        env: { ...engineEnv(engine), ...base, ...creds },
      }).toString();
      expect(shown).toContain('binding_token');
      for (const canary of canaries) expect(shown).not.toContain(canary);
    }
    fs.rmSync(base.AEM_CC_CACHE_DIR, { recursive: true, force: true });
  });
});
