/**
 * The benchmark's cdktf apps, as plain JS (`node main.js`: no TypeScript compile in the loop).
 *
 * - `oursApp`: the quickstart's shape (one stack, a LocalBackend, AemCreativeCloudOrgBinding by org
 *   name) with n bindings, one per emulator environment.
 * - `floorApp`: the same engine work without the handler, built from the raw provider classes the
 *   construct uses: per binding a `data "external"` with the same query whose program prints a
 *   constant JSON result (`printf`), a `null_resource` with the same triggers, lifecycle and
 *   environment maps whose apply/destroy provisioners run `true`, and the same three outputs.
 *   What is left between the two is the handler: its start-up and its HTTP requests.
 * - the node floor: the floor with `node -e` in place of `printf` and `true`, the least any handler
 *   run as a node process per provisioner costs.
 */
export interface Binding {
  envId: string;
  org: string;
}

const header = (stack: string) => [
  `const { App, Fn, LocalBackend, TerraformOutput, TerraformStack } = require('cdktf');`,
  `const app = new App();`,
  `const stack = new TerraformStack(app, ${JSON.stringify(stack)});`,
  `new LocalBackend(stack, { path: '../../../terraform.' + ${JSON.stringify(stack)} + '.tfstate' });`,
];

export function oursApp(stack: string, emuUrl: string, bindings: Binding[]): string {
  return [
    ...header(stack),
    `const { AemCreativeCloudOrgBinding } = require('cdktf-aem-creative-cloud');`,
    `const bindings = ${JSON.stringify(bindings)};`,
    `const emu = ${JSON.stringify(emuUrl)};`,
    `bindings.forEach((b, i) => {`,
    `  new AemCreativeCloudOrgBinding(stack, 'cc-' + i, { authorUrl: emu + '/env/' + b.envId, org: b.org, imsEndpoint: emu });`,
    `});`,
    `app.synth();`,
    ``,
  ].join('\n');
}

/**
 * `result` is what the handler's `read` prints for that binding before the first deploy.
 * `runner` 'true': the program is `printf` and the provisioners run `true` (the floor);
 * 'node': the program and the provisioners are bare `node -e` (what any handler run by node costs at least).
 */
export function floorApp(
  stack: string,
  emuUrl: string,
  bindings: Array<Binding & { result: Record<string, string> }>,
  runner: 'true' | 'node' = 'true',
): string {
  const program =
    runner === 'true'
      ? `['printf', '%s', JSON.stringify(b.result)]`
      : `['node', '-e', 'process.stdout.write(process.argv[1])', JSON.stringify(b.result)]`;
  const interpreter = runner === 'true' ? `['true']` : `['node', '-e', '0']`;
  return [
    ...header(stack),
    `const { Construct } = require('constructs');`,
    `const { NullProvider } = require('@cdktf/provider-null/lib/provider');`,
    `const { ExternalProvider } = require('@cdktf/provider-external/lib/provider');`,
    `const { Resource } = require('@cdktf/provider-null/lib/resource');`,
    `const { DataExternal } = require('@cdktf/provider-external/lib/data-external');`,
    `new NullProvider(stack, 'aem-cc-null');`,
    `new ExternalProvider(stack, 'aem-cc-external');`,
    `const bindings = ${JSON.stringify(bindings)};`,
    `const emu = ${JSON.stringify(emuUrl)};`,
    `const SETTINGS = '/adobe/assets/settings/creative-cloud';`,
    `const fromSelf = {`,
    `  AEM_CC_AUTHOR_URL: '\${self.triggers.author_url}',`,
    `  AEM_CC_IMS_ENDPOINT: '\${self.triggers.ims_endpoint}',`,
    `  AEM_CC_SETTINGS_PATH: '\${self.triggers.settings_path}',`,
    `  AEM_CC_BINDING_TOKEN: '\${self.triggers.binding_token}',`,
    `  AEM_CC_ALLOWED_ORGS: '\${self.triggers.allowed_orgs}',`,
    `};`,
    `bindings.forEach((b, i) => {`,
    `  const scope = new Construct(stack, 'cc-' + i);`,
    `  const authorUrl = emu + '/env/' + b.envId;`,
    `  const live = new DataExternal(scope, 'live', {`,
    `    program: ${program},`,
    `    query: { author_url: authorUrl, org: b.org, ims_endpoint: emu, settings_path: SETTINGS },`,
    `  });`,
    `  const token = live.result.lookup('token');`,
    `  new Resource(scope, 'binding', {`,
    `    triggers: { author_url: authorUrl, org: b.org, allowed_orgs: '', removal_policy: 'retain', revert_to: '', ims_endpoint: emu, settings_path: SETTINGS, binding_token: token, handler: ${JSON.stringify(runner)} },`,
    `    lifecycle: { createBeforeDestroy: true },`,
    `    provisioners: [`,
    `      { type: 'local-exec', interpreter: ${interpreter}, command: 'apply', environment: { ...fromSelf, AEM_CC_ORG: '\${self.triggers.org}' } },`,
    `      { type: 'local-exec', when: 'destroy', interpreter: ${interpreter}, command: 'destroy', environment: { ...fromSelf, AEM_CC_REMOVAL_POLICY: '\${self.triggers.removal_policy}', AEM_CC_REVERT_TO: '\${self.triggers.revert_to}' } },`,
    `    ],`,
    `  });`,
    `  new TerraformOutput(scope, 'org_id', { value: live.result.lookup('desired_org_id'), description: 'Creative Cloud org bound to ' + scope.node.path });`,
    `  new TerraformOutput(scope, 'org_name', { value: live.result.lookup('desired_org_name') });`,
    `  new TerraformOutput(scope, 'generation', { value: Fn.element(Fn.split('#', token), 1) });`,
    `});`,
    `app.synth();`,
    ``,
  ].join('\n');
}
