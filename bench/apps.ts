/**
 * The benchmark's cdktf apps, as plain JS (`node main.js`: no TypeScript compile in the loop).
 *
 * - `oursApp`: the quickstart's shape (one stack, a LocalBackend, AemCreativeCloudOrgBinding by org
 *   name) with n bindings, one per emulator environment.
 * - `floorApp`: the same app, synthesized by the same constructs into the same configuration (one data
 *   source per stack, the same resources, triggers, lifecycle, provisioners' environments and outputs),
 *   with the handler taken out as the app's last step: the stack's external program prints a constant
 *   JSON result (`printf`) and the provisioners run `true`. What is left between the two is the handler:
 *   its start-up and its HTTP requests.
 * - the node floor: the floor with bare `node -e` in place of `printf` and `true`, the least any handler
 *   run as a node process costs.
 */
export interface Binding {
  envId: string;
  org: string;
}

const BINDINGS = (stack: string, emuUrl: string, bindings: Binding[]) => [
  `const { App, LocalBackend, TerraformStack } = require('cdktf');`,
  `const { AemCreativeCloudOrgBinding } = require('cdktf-aem-creative-cloud');`,
  `const app = new App();`,
  `const stack = new TerraformStack(app, ${JSON.stringify(stack)});`,
  `new LocalBackend(stack, { path: '../../../terraform.' + ${JSON.stringify(stack)} + '.tfstate' });`,
  `const bindings = ${JSON.stringify(bindings)};`,
  `const emu = ${JSON.stringify(emuUrl)};`,
  `bindings.forEach((b, i) => {`,
  `  new AemCreativeCloudOrgBinding(stack, 'cc-' + i, { authorUrl: emu + '/env/' + b.envId, org: b.org, imsEndpoint: emu });`,
  `});`,
  `app.synth();`,
];

export function oursApp(stack: string, emuUrl: string, bindings: Binding[]): string {
  return [...BINDINGS(stack, emuUrl, bindings), ``].join('\n');
}

/**
 * The stack's read result as the handler prints it for `n` bindings `<stack>/cc-<i>`, each with `single`
 * (what a one-environment read prints for one of the bench's unbound environments and the Dev org).
 */
export function readResultFor(stack: string, n: number, single: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) for (const [k, v] of Object.entries(single)) out[`${stack}/cc-${i}:${k}`] = v;
  return out;
}

/**
 * `result` is what the handler's stack read prints before the first deploy (`readResultFor`).
 * `runner` 'true': the program is `printf` and the provisioners run `true` (the floor);
 * 'node': the program and the provisioners are bare `node -e` (what any handler run by node costs at least).
 */
export function floorApp(
  stack: string,
  emuUrl: string,
  bindings: Binding[],
  result: Record<string, string>,
  runner: 'true' | 'node' = 'true',
): string {
  const json = JSON.stringify(result);
  const program = runner === 'true' ? ['printf', '%s', json] : ['node', '-e', 'process.stdout.write(process.argv[1])', json];
  const interpreter = runner === 'true' ? ['true'] : ['node', '-e', '0'];
  return [
    ...BINDINGS(stack, emuUrl, bindings),
    // The handler taken out of what the constructs synthesized: everything else stays as it is.
    `const fs = require('node:fs');`,
    `const file = require('node:path').join(app.outdir, 'stacks', ${JSON.stringify(stack)}, 'cdk.tf.json');`,
    `const config = JSON.parse(fs.readFileSync(file, 'utf8'));`,
    `for (const read of Object.values(config.data.external)) read.program = ${JSON.stringify(program)};`,
    `for (const res of Object.values(config.resource.null_resource)) for (const p of res.provisioner) p['local-exec'].interpreter = ${JSON.stringify(interpreter)};`,
    `fs.writeFileSync(file, JSON.stringify(config, null, 2));`,
    ``,
  ].join('\n');
}
