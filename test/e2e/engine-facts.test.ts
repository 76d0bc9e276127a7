/**
 * Engine facts the README states, proven with the real cdktf CLI and OpenTofu against the emulator:
 * when a destroy-time provisioner runs and when it does not, and the supported way to remove a
 * binding with its removal policy honoured.
 */
import { AppDir, bindingApp, cdktf, DEPLOY, DESTROY, makeApp, removeApp } from './harness';
import { isPut, ORGS as O, useEmulator } from '../helpers/emulator';

// Started before, reset before each and closed after all tests (test/helpers/emulator.ts).
const emu = useEmulator();
let app: AppDir | undefined;

const state = () => emu.state();
const putCount = async () => (await state()).requests.filter(isPut).length;
const env = () => ({ AEM_CC_ACCESS_TOKEN: 'emu-token-ana', AEM_CC_CACHE_DIR: `${app!.dir}/.cache` });
const revertProps = (org: string) =>
  `{ authorUrl: ${JSON.stringify(`${emu.url}/env/dev`)}, imsEndpoint: ${JSON.stringify(emu.url)}, org: ${JSON.stringify(org)}, removalPolicy: RemovalPolicy.revertTo(${JSON.stringify(O.prod)}) }`;

afterEach(() => {
  removeApp(app);
  app = undefined;
});
jest.setTimeout(300_000);

test('deleting the construct from the code and deploying removes it WITHOUT running revertTo', async () => {
  app = makeApp('deleted');
  app.write(bindingApp('deleted', [{ id: 'cc', props: revertProps(O.dev) }]));
  expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
  app.write(bindingApp('deleted', []).replace('app.synth();', `new (require('@cdktf/provider-null').provider.NullProvider)(stack, 'n');\napp.synth();`));
  const d = await cdktf(app.dir, DEPLOY, env());
  expect(d.code).toBe(0);
  expect(d.output).toMatch(/0 added, 0 changed, 1 destroyed/);
  expect(await putCount()).toBe(1); // only the first deploy's switch: the policy was not honoured
  expect((await state()).environments.dev).toMatchObject({ orgId: O.dev });
});

test('AemCreativeCloudOrgBindingRemoved in its place removes it WITH its revertTo honoured', async () => {
  app = makeApp('removed');
  app.write(bindingApp('removed', [{ id: 'cc', props: revertProps(O.dev) }]));
  expect((await cdktf(app.dir, DEPLOY, env())).code).toBe(0);
  app.write(
    bindingApp('removed', []).replace(
      'app.synth();',
      `new (require('cdktf-aem-creative-cloud').AemCreativeCloudOrgBindingRemoved)(stack, 'cc');\napp.synth();`,
    ),
  );
  const d = await cdktf(app.dir, DEPLOY, env());
  expect(d.code).toBe(0);
  expect(d.output).toMatch(/reverted/);
  expect((await state()).environments.dev).toMatchObject({ orgId: O.prod, generation: 3 });
});

test('a failed create leaves a tainted resource whose destroy never reverts anything', async () => {
  app = makeApp('tainted');
  app.write(bindingApp('tainted', [{ id: 'cc', props: revertProps('Contoso Marketing') }]));
  const d = await cdktf(app.dir, DEPLOY, env());
  expect(d.code).not.toBe(0);
  expect(d.output).toMatch(/no_cc_entitlement/);
  const destroy = await cdktf(app.dir, DESTROY, env());
  expect(destroy.code).toBe(0);
  expect(await putCount()).toBe(0);
  expect((await state()).environments.dev).toMatchObject({ orgId: null, generation: 1 });
});
