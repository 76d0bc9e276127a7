/**
 * examples/promotion end to end: the real `cdktf` CLI runs the example app itself (its main.ts and
 * config.ts, through `npx tsx`), with the default engine (Terraform) and HashiCorp's null/external providers from `.engine/`,
 * against an in-process emulator; STAGES_FILE points the three stages at the emulator.
 *
 * The example folder is shared, so nothing may be written into it: every command gets `--output` in a
 * temporary work dir. The app's LocalBackend path is relative to the stack directory
 * (`<output>/stacks/<stage>/../../../terraform.<stage>.tfstate`), so the state lands next to the output
 * dir, in the work dir too. Output dirs that must share state are siblings of the same depth, which
 * also keeps the handler's relative path (a trigger) identical between the deploy and the diffs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cdktf, CdktfResult, DEPLOY, DIFF, NO_CHANGES, ROOT } from './harness';
import { DEFAULT_IDS, EmulatorState, RunningEmulator, startEmulator } from '../../src/emulator';
import { emulatorHandle } from '../helpers/emulator';

const APP = path.join(ROOT, 'examples', 'promotion');
const O = DEFAULT_IDS.orgs;

let emu: RunningEmulator;
let work: string;
let appListingBefore: string[];

/** Every path under the example folder (what the test must leave as it found it). */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(dir, p));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

type Stage = 'dev' | 'stage' | 'prod';
interface StageJson {
  authorUrl: string;
  org: string;
  allowedOrgs?: string[];
  removalPolicy?: 'retain' | { revertTo: string };
}

/** The stages file the test deploys: dev by name, stage and prod by id, each with its guardrail. */
function stages(): { imsEndpoint: string; stages: Record<Stage, StageJson> } {
  return {
    imsEndpoint: emu.url,
    stages: {
      dev: { authorUrl: `${emu.url}/env/dev`, org: 'Contoso Creative (Dev)', allowedOrgs: [O.dev] },
      stage: { authorUrl: `${emu.url}/env/stage`, org: O.stage, allowedOrgs: [O.stage], removalPolicy: { revertTo: 'Contoso Marketing' } },
      prod: { authorUrl: `${emu.url}/env/prod`, org: O.prod, allowedOrgs: [O.prod], removalPolicy: 'retain' },
    },
  };
}

function writeStages(name: string, value: unknown): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** Runs cdktf in the example folder with its output (and so its state) under the work dir. */
function run(args: string[], stagesFile: string, outDir: string): Promise<CdktfResult> {
  return cdktf(APP, [...args, '--output', outDir], {
    STAGES_FILE: stagesFile,
    AEM_CC_ACCESS_TOKEN: 'emu-token-ana',
    AEM_CC_CACHE_DIR: path.join(work, '.cache'),
  });
}

// No reset between tests here (they are one promotion, in order), so the handle without useEmulator.
const state = (): Promise<EmulatorState> => emulatorHandle(() => emu).state();
const putsTo = (s: EmulatorState, env: string) => s.requests.filter((r) => r.method === 'PUT' && r.path.startsWith(`/env/${env}/`));

/** Prints a failed command's output, so a red test says why. */
function expectCode(r: CdktfResult, code: 0 | 'non-zero', what: string): void {
  const ok = code === 0 ? r.code === 0 : r.code !== 0;
  if (!ok) console.log(`${what} exited ${r.code}:\n${r.output}`);
  if (code === 0) expect(r.code).toBe(0);
  else expect(r.code).not.toBe(0);
}
/** One line per message: cdktf and the engine wrap long lines. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const timings: string[] = [];
function timed(label: string, r: CdktfResult): CdktfResult {
  timings.push(`${label}: ${(r.durationMs / 1000).toFixed(1)} s`);
  return r;
}

jest.setTimeout(240_000);

beforeAll(async () => {
  appListingBefore = listing(APP);
  fs.mkdirSync(path.join(ROOT, 'test', '.tmp'), { recursive: true });
  work = fs.mkdtempSync(path.join(ROOT, 'test', '.tmp', 'promotion-'));
  emu = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emu?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`cdktf timings (examples/promotion):\n  ${timings.join('\n  ')}`);
});

describe('promotion dev -> stage -> prod', () => {
  let stagesFile: string;
  const deployOut = () => path.join(work, 'out-deploy');

  test('deploy dev, then stage, then prod: each bound as configured, prod adopted without a switch', async () => {
    stagesFile = writeStages('stages.json', stages());

    const dev = timed('deploy dev', await run([...DEPLOY, 'dev'], stagesFile, deployOut()));
    expectCode(dev, 0, 'deploy dev');
    expect(flat(dev.output)).toMatch(/switched http:\/\/127\.0\.0\.1:\d+\/env\/dev to Contoso Creative \(Dev\)/);
    let s = await state();
    expect(s.environments.dev).toMatchObject({ orgId: O.dev, generation: 2 });
    // Only dev moved: stage and prod are as the fixture left them.
    expect(s.environments.stage).toMatchObject({ orgId: O.nocc, generation: 3 });
    expect(s.environments.prod).toMatchObject({ orgId: O.prod, generation: 7 });

    const stage = timed('deploy stage', await run([...DEPLOY, 'stage'], stagesFile, deployOut()));
    expectCode(stage, 0, 'deploy stage');
    expect(flat(stage.output)).toMatch(/switched http:\/\/127\.0\.0\.1:\d+\/env\/stage to Contoso Creative \(Stage\)/);
    s = await state();
    expect(s.environments.stage).toMatchObject({ orgId: O.stage, orgName: 'Contoso Creative (Stage)', generation: 4 });

    const prod = timed('deploy prod', await run([...DEPLOY, 'prod'], stagesFile, deployOut()));
    expectCode(prod, 0, 'deploy prod');
    expect(flat(prod.output)).toMatch(/already bound to Contoso Creative \(Prod\)/);
    s = await state();
    expect(s.environments.prod).toMatchObject({ orgId: O.prod, generation: 7 });
    expect(putsTo(s, 'dev')).toHaveLength(1);
    expect(putsTo(s, 'stage')).toHaveLength(1);
    expect(putsTo(s, 'prod')).toHaveLength(0);

    // The stages file's removalPolicy shapes reach the construct (the triggers), and its guardrails the handler.
    const binding = (st: Stage) => {
      const tf = JSON.parse(fs.readFileSync(path.join(deployOut(), 'stacks', st, 'cdk.tf.json'), 'utf8'));
      return Object.values<any>(tf.resource.null_resource)[0];
    };
    expect(binding('stage').triggers).toMatchObject({ removal_policy: 'revert', revert_to: 'Contoso Marketing' });
    expect(binding('stage').provisioner[1]['local-exec'].environment).toMatchObject({ AEM_CC_ALLOWED_ORGS: O.stage });
    expect(binding('prod').triggers).toMatchObject({ removal_policy: 'retain', revert_to: '' });
    // Each stage has its own state file, next to the output dir.
    for (const st of ['dev', 'stage', 'prod']) expect(fs.existsSync(path.join(work, `terraform.${st}.tfstate`))).toBe(true);
  });

  test('cdktf diff dev|stage|prod right after: no changes anywhere', async () => {
    expect(stagesFile).toBeDefined();
    const before = (await state()).requests.length;
    // Three stacks, three state files, three output dirs: the diffs can run side by side.
    const results = await Promise.all(
      (['dev', 'stage', 'prod'] as const).map(
        async (st) => [st, timed(`diff ${st}`, await run([...DIFF, st], stagesFile, path.join(work, `out-diff-${st}`)))] as const,
      ),
    );
    for (const [st, r] of results) {
      expectCode(r, 0, `diff ${st}`);
      expect({ stage: st, noChanges: NO_CHANGES.test(r.output) }).toEqual({ stage: st, noChanges: true });
    }
    expect((await state()).requests.slice(before).filter((r) => r.method === 'PUT')).toHaveLength(0);
  });
});

describe('guardrails', () => {
  // Independent of the deploys and of each other: started together, each in its own directory (the
  // by-name check plans dev, so it must not share dev's state with the promotion above).
  const pending: Partial<Record<'orgOutside' | 'sameUrl' | 'badShape' | 'nameOutside', Promise<CdktfResult>>> = {};
  let devBefore: EmulatorState['environments'][string];
  beforeAll(async () => {
    devBefore = (await state()).environments.dev;
    const guards = path.join(work, 'guards');
    fs.mkdirSync(guards);
    const out = (name: string) => path.join(guards, `out-${name}`);

    const orgOutside = stages();
    orgOutside.stages.prod.org = O.stage; // a copy-paste from the stage block
    pending.orgOutside = run(['synth'], writeStages('org-outside.json', orgOutside), out('org'));

    const sameUrl = stages();
    sameUrl.stages.prod.authorUrl = `${emu.url}/env/stage/`; // the same environment, spelled differently
    pending.sameUrl = run(['synth'], writeStages('same-url.json', sameUrl), out('url'));

    const badShape = stages() as { stages: Record<string, unknown> };
    (badShape.stages.prod as StageJson).allowedOrgs = ['Contoso Creative (Prod)'];
    pending.badShape = run(['synth'], writeStages('bad-shape.json', badShape), out('shape'));

    const nameOutside = stages();
    nameOutside.stages.dev.org = 'Contoso Creative (Stage)'; // a name: only the handler can resolve it
    pending.nameOutside = run([...DIFF, 'dev'], writeStages('name-outside.json', nameOutside), out('name'));
  });

  test("an org id outside the stage's allowedOrgs fails synth, naming the stage and the org", async () => {
    const r = timed('synth (org outside allowedOrgs)', await pending.orgOutside!);
    expectCode(r, 'non-zero', 'synth');
    expect(flat(r.output)).toContain(`stages.prod.org: stage "prod" may not be bound to org ${O.stage}`);
    expect(fs.existsSync(path.join(work, 'guards', 'out-org', 'stacks'))).toBe(false);
  });

  test('two stages on one author URL fail synth, naming both stages', async () => {
    const r = timed('synth (same author URL)', await pending.sameUrl!);
    expectCode(r, 'non-zero', 'synth');
    expect(flat(r.output)).toMatch(
      /stages\.prod\.authorUrl: stages "stage" and "prod" point at the same AEM environment \(http:\/\/127\.0\.0\.1:\d+\/env\/stage\)/,
    );
  });

  test('a malformed stages file fails synth naming the file, the stage and the field', async () => {
    const r = timed('synth (name in allowedOrgs)', await pending.badShape!);
    expectCode(r, 'non-zero', 'synth');
    expect(flat(r.output)).toMatch(/bad-shape\.json: stages\.prod\.allowedOrgs\[0\]: "Contoso Creative \(Prod\)" is not an org id/);
  });

  test('an org given by name outside allowedOrgs is refused at plan time by the handler (org_not_allowed)', async () => {
    const r = timed('diff dev (name outside allowedOrgs)', await pending.nameOutside!);
    expectCode(r, 'non-zero', 'diff');
    // The stack's one plan-time read names the binding: its construct path and author URL.
    expect(flat(r.output)).toMatch(
      /org_not_allowed: binding "dev\/creative-cloud" \(http:\/\/127\.0\.0\.1:\d+\/env\/dev\): Contoso Creative \(Stage\) \(C0FFEE0000000000000057A6@AdobeOrg\) is not in the allowed orgs/,
    );
    expect((await state()).environments.dev).toEqual(devBefore);
  });
});

describe('the shared example folder', () => {
  test('is left as it was (no cdktf.out, no state files)', () => {
    expect(listing(APP)).toEqual(appListingBefore);
  });
});
