/**
 * `npm run bench`: measures the handler and the construct against the emulator with the real engine
 * (Terraform, or OpenTofu with AEM_CC_ENGINE=tofu, and the null/external providers from .engine/), each figure next to its reference measured
 * in the same run, and writes bench/results.json, docs/benchmarks.md and docs/benchmarks-deploy.svg.
 * `npx tsx bench/run.ts --report-only` rewrites the page and the chart from bench/results.json.
 *
 * Knobs (environment): BENCH_REPS (cdktf repetitions, default 3), BENCH_REPS_50 (at 50 bindings,
 * default BENCH_REPS), BENCH_REPS_QUICKSTART (the quickstart-like app, default max(BENCH_REPS, 5)),
 * BENCH_STARTUP_RUNS (cold-start runs per command, default 25), BENCH_SCALE (binding counts, default
 * 1,10,50; a quick check may leave out 50), BENCH_PARALLELISM (passed as `--parallelism` to every
 * deploy and diff, both sides; default: the engine's own, 10), BENCH_KEEP=1 keeps bench/tmp/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DEFAULT_FIXTURE, DEFAULT_IDS, emulatorControl, EmulatorState, Fixture, RunningEmulator, startEmulator } from '../src/emulator';
import { Binding, floorApp, oursApp } from './apps';
import {
  cdktfOk,
  DEPLOY,
  DIFF,
  defaultEngine,
  ENGINE_NAMES,
  engineEnv,
  exec,
  log,
  makeApp,
  NO_CHANGES,
  Ratio,
  ratio,
  PKG,
  removeDir,
  ROOT,
  snapshotPackage,
  round,
  Stat,
  stat,
  SYNTH,
  timeSync,
  TMP,
} from './lib';
import { writeReport } from './report';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const REPS_50 = Number(process.env.BENCH_REPS_50 ?? REPS);
/** The 1-binding quickstart-like app is quick to deploy, and its ratios are the most sensitive to noise. */
const REPS_QUICKSTART = Number(process.env.BENCH_REPS_QUICKSTART ?? Math.max(REPS, 5));
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 25);
const PARALLELISM = process.env.BENCH_PARALLELISM;
const HANDLER_RUNS = 5;
const SCALE = (process.env.BENCH_SCALE ?? '1,10,50').split(',').map(Number);
const BIN = path.join(PKG, 'bin', 'aem-cc.js');
/** bin/aem-cc.js before its start-up changes, for the with/without figures. */
const BIN_BEFORE = path.join(PKG, 'bench', 'aem-cc-before.js');
const ORG = 'Contoso Creative (Dev)';
const ORG_ID = DEFAULT_IDS.orgs.dev;
const ANA = DEFAULT_IDS.users.ana;

/** Request counts are exact (the floor: docs/contract.md, "Requests per command"); the rest are upper bounds. */
export const TARGETS = {
  requestsPerApply: 5,
  requestsPerRead: 2,
  requestsPerDestroyRetain: 0,
  coldStartRatio: 1.5,
  deployRatio: 1.25,
  diffRatio: 1.25,
  scaleRatioAt50: 1.3,
  tokenRequestsParallel: 1,
};

export interface ScalePoint {
  bindings: number;
  reps: number;
  oursDeployMs: Stat;
  floorDeployMs: Stat;
  deployRatio: Ratio;
  /** The floor with bare `node -e` as program and provisioners: the least a node handler can cost. */
  nodeFloorDeployMs: Stat;
  nodeFloorRatio: Ratio;
  oursSynthMs: Stat;
  floorSynthMs: Stat;
}

export interface Results {
  generatedAt: string;
  durationSec: number;
  machine: Record<string, string | number>;
  settings: Record<string, string | number>;
  targets: typeof TARGETS;
  requestsPerApply: Stat;
  requestsPerRead: Stat;
  requestsPerDestroyRetain: Stat;
  requestLog: Record<string, string[]>;
  coldStartRatio: Ratio & { nodeMs: Stat; versionMs: Stat; withoutFastPath: Ratio & { versionMs: Stat } };
  handler: { nodeMs: Stat; readMs: Stat; readBeforeMs: Stat; applyMs: Stat; applyBeforeMs: Stat; importMs: Record<string, Stat> };
  deployRatio: Ratio & { oursMs: Stat; floorMs: Stat };
  diffRatio: Ratio & { oursMs: Stat; floorMs: Stat };
  scale: ScalePoint[];
  tokenRequestsParallel: Stat & { processes: number; allSucceeded: boolean };
  met: Record<string, boolean>;
}

// ---------------------------------------------------------------------------------------------------

/** The built-in fixture plus bench-01..bench-50: unbound environments whose admin is ana. */
function benchFixture(): Fixture {
  const f: Fixture = JSON.parse(JSON.stringify(DEFAULT_FIXTURE));
  for (let i = 1; i <= Math.max(10, ...SCALE); i++) {
    f.environments.push({ id: benchEnv(i), admins: [ANA.userId], orgId: null, generation: 1 });
  }
  return f;
}
const benchEnv = (i: number) => `bench-${String(i).padStart(2, '0')}`;

let emu: RunningEmulator;
const control = emulatorControl(() => emu.url);
const state = () => control.state();
const reset = () => control.reset();

/** The environment a user-token handler run gets (what the engine passes through plus the provisioner's map). */
function handlerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, AEM_CC_IMS_ENDPOINT: emu.url, ...extra };
  if (!('AEM_CC_CLIENT_ID' in extra)) env.AEM_CC_ACCESS_TOKEN = ANA.token;
  return env;
}

function readQuery(envId: string): string {
  return JSON.stringify({
    author_url: `${emu.url}/env/${envId}`,
    org: ORG,
    ims_endpoint: emu.url,
    settings_path: '/adobe/assets/settings/creative-cloud',
  });
}

async function handler(args: string[], env: NodeJS.ProcessEnv, input?: string, bin = BIN) {
  const r = await exec('node', [bin, ...args], { env, input });
  if (r.code !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} exited ${r.code}: ${r.output}`);
  return r;
}

// ---- handler request counts --------------------------------------------------------------------------

/** Every sample is exactly `n`: a request more is a regression, a request fewer a change to look at. */
const exactly = (s: Stat, n: number) => s.min === n && s.max === n;

async function requestCounts() {
  const apply: number[] = [];
  const read: number[] = [];
  const destroy: number[] = [];
  const requestLog: Record<string, string[]> = {};
  const fmt = (s: EmulatorState, from: number) => s.requests.slice(from).map((r) => `${r.method} ${r.path} -> ${r.status}`);
  const applyEnv = handlerEnv({
    AEM_CC_AUTHOR_URL: `${emu.url}/env/dev`,
    AEM_CC_ORG: ORG,
    AEM_CC_BINDING_TOKEN: `${ORG_ID}#2`,
    AEM_CC_ALLOWED_ORGS: '',
  });
  for (let i = 0; i < HANDLER_RUNS; i++) {
    await reset();
    // read, as the plan runs it (dev is unbound: the read predicts a switch)
    await handler(['read'], handlerEnv({}), readQuery('dev'));
    let s = await state();
    read.push(s.requests.length);
    requestLog.read = fmt(s, 0);
    // apply that switches dev from no org to the Dev org
    let from = s.requests.length;
    const a = await handler(['apply'], applyEnv);
    if (!/switched/.test(a.output)) throw new Error(`the apply did not switch: ${a.output}`);
    s = await state();
    apply.push(s.requests.length - from);
    requestLog.apply = fmt(s, from);
    if (s.environments.dev.orgId !== ORG_ID) throw new Error('the apply did not bind dev');
    // destroy under the default removal policy (retain)
    from = s.requests.length;
    const d = await handler(['destroy'], { ...applyEnv, AEM_CC_REMOVAL_POLICY: 'retain', AEM_CC_REVERT_TO: '' });
    if (!/retain/.test(d.output)) throw new Error(`the destroy did not retain: ${d.output}`);
    s = await state();
    destroy.push(s.requests.length - from);
    requestLog.destroyRetain = fmt(s, from);
  }
  return { apply: stat(apply), read: stat(read), destroy: stat(destroy), requestLog };
}

// ---- client-credentials token sharing ----------------------------------------------------------------

async function tokenRequestsParallel() {
  const N = 10;
  const counts: number[] = [];
  let allSucceeded = true;
  for (let rep = 0; rep < REPS; rep++) {
    await reset();
    fs.mkdirSync(TMP, { recursive: true });
    const cache = fs.mkdtempSync(path.join(TMP, 'token-cache-'));
    fs.chmodSync(cache, 0o700);
    // The plan-time reads of 10 bindings: client credentials serve reads (their technical account cannot switch).
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        exec('node', [BIN, 'read'], {
          env: handlerEnv({
            AEM_CC_CLIENT_ID: DEFAULT_IDS.client.clientId,
            AEM_CC_CLIENT_SECRET: DEFAULT_IDS.client.clientSecret,
            AEM_CC_CACHE_DIR: cache,
          }),
          input: readQuery(benchEnv(i + 1)),
        }),
      ),
    );
    for (const r of runs) {
      if (r.code === 0) continue;
      allSucceeded = false;
      log(`client-credentials read failed: ${r.output.trim()}`);
    }
    const s = await state();
    counts.push(s.requests.filter((r) => r.path.startsWith('/ims/token/v3')).length);
    removeDir(cache);
  }
  return { ...stat(counts), processes: N, allSucceeded };
}

// ---- start-up ----------------------------------------------------------------------------------------

function coldStart() {
  const node: number[] = [];
  const fast: number[] = [];
  const slow: number[] = [];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (let i = 0; i < 3; i++) {
    timeSync('node', ['-e', '0'], env);
    timeSync('node', [BIN, '--version'], env);
    timeSync('node', [BIN_BEFORE, '--version'], env);
  }
  for (let i = 0; i < STARTUP_RUNS; i++) {
    node.push(timeSync('node', ['-e', '0'], env));
    fast.push(timeSync('node', [BIN, '--version'], env));
    slow.push(timeSync('node', [BIN_BEFORE, '--version'], env));
  }
  const nodeMs = stat(node);
  const versionMs = stat(fast);
  const slowMs = stat(slow);
  return { ...ratio(versionMs, nodeMs), nodeMs, versionMs, withoutFastPath: { ...ratio(slowMs, nodeMs), versionMs: slowMs } };
}

/**
 * What one handler process costs: `read` and a switching `apply`, with bin/aem-cc.js and with the
 * entry point as it was before its start-up changes, beside bare node (interleaved); and the big imports.
 */
async function handlerCost() {
  const node: number[] = [],
    read: number[] = [],
    readBefore: number[] = [],
    apply: number[] = [],
    applyBefore: number[] = [];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const applyEnv = handlerEnv({ AEM_CC_AUTHOR_URL: `${emu.url}/env/dev`, AEM_CC_ORG: ORG });
  for (let i = 0; i < 10; i++) {
    node.push((await exec('node', ['-e', '0'], { env })).ms);
    read.push((await handler(['read'], handlerEnv({}), readQuery('dev'))).ms);
    readBefore.push((await handler(['read'], handlerEnv({}), readQuery('dev'), BIN_BEFORE)).ms);
    await reset();
    apply.push((await handler(['apply'], applyEnv)).ms);
    await reset();
    applyBefore.push((await handler(['apply'], applyEnv, undefined, BIN_BEFORE)).ms);
  }
  const importMs: Record<string, Stat> = {};
  for (const m of ['commander', 'undici', 'zod']) {
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const out = execFileSync(
        'node',
        ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(m)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`],
        { cwd: PKG },
      );
      samples.push(Number(out.toString()));
    }
    importMs[m] = stat(samples);
  }
  return { nodeMs: stat(node), readMs: stat(read), readBeforeMs: stat(readBefore), applyMs: stat(apply), applyBeforeMs: stat(applyBefore), importMs };
}

// ---- cdktf -------------------------------------------------------------------------------------------

const withParallelism = (args: string[]) => (PARALLELISM ? [...args, `--parallelism=${PARALLELISM}`] : args);
const cdktfEnv = (dir: string) => ({ AEM_CC_ACCESS_TOKEN: ANA.token, AEM_CC_CACHE_DIR: path.join(dir, '.cache') });

let readResult: Record<string, string> | undefined;
/** What the handler's read prints for an unbound environment and the Dev org: the floor's constant. */
async function constantReadResult(): Promise<Record<string, string>> {
  if (!readResult) {
    await reset();
    readResult = JSON.parse((await handler(['read'], handlerEnv({}), readQuery('bench-01'))).output) as Record<string, string>;
  }
  return readResult;
}

type Kind = 'ours' | 'floor' | 'nodefloor';

async function appSource(kind: Kind, stack: string, bindings: Binding[]): Promise<string> {
  if (kind === 'ours') return oursApp(stack, emu.url, bindings);
  const result = await constantReadResult();
  return floorApp(
    stack,
    emu.url,
    bindings.map((b) => ({ ...b, result })),
    kind === 'floor' ? 'true' : 'node',
  );
}

/** One deploy in a fresh app dir against a reset emulator, checked; then, if asked, a no-change diff. */
async function deployOnce(kind: Kind, name: string, bindings: Binding[], diff: boolean): Promise<{ deployMs: number; diffMs?: number }> {
  const dir = makeApp(`${name}-${kind}`, await appSource(kind, name, bindings));
  try {
    await reset();
    const d = await cdktfOk(dir, withParallelism(DEPLOY), cdktfEnv(dir));
    const s = await state();
    if (kind === 'ours') {
      const wrong = bindings.filter((b) => s.environments[b.envId]?.orgId !== ORG_ID);
      if (wrong.length) throw new Error(`after the deploy ${wrong.length} environments are not bound (${wrong[0].envId}):\n${d.output.slice(-3000)}`);
    } else if (s.requests.length) {
      throw new Error(`the floor deploy sent ${s.requests.length} requests; it must send none`);
    }
    let diffMs: number | undefined;
    if (diff) {
      const r = await cdktfOk(dir, withParallelism(DIFF), cdktfEnv(dir));
      if (!NO_CHANGES.test(r.output)) throw new Error(`the diff after the ${kind} deploy is not clean:\n${r.output.slice(-3000)}`);
      diffMs = r.ms;
    }
    return { deployMs: d.ms, diffMs };
  } finally {
    if (!process.env.BENCH_KEEP) removeDir(dir);
  }
}

async function synthOnce(kind: Kind, name: string, bindings: Binding[]): Promise<number> {
  const dir = makeApp(`${name}-synth-${kind}`, await appSource(kind, name, bindings));
  try {
    return (await cdktfOk(dir, SYNTH, cdktfEnv(dir))).ms;
  } finally {
    if (!process.env.BENCH_KEEP) removeDir(dir);
  }
}

async function quickstart() {
  const bindings = [{ envId: 'dev', org: ORG }];
  const ours = { deploy: [] as number[], diff: [] as number[] };
  const floor = { deploy: [] as number[], diff: [] as number[] };
  for (let i = 0; i < REPS_QUICKSTART; i++) {
    // interleaved, alternating which goes first, so drift in the machine's speed hits both sides
    const order: Kind[] = i % 2 ? ['floor', 'ours'] : ['ours', 'floor'];
    for (const kind of order) {
      const r = await deployOnce(kind, 'quickstart', bindings, true);
      const side = kind === 'ours' ? ours : floor;
      side.deploy.push(r.deployMs);
      side.diff.push(r.diffMs!);
      log(`quickstart ${kind}: deploy ${(r.deployMs / 1000).toFixed(2)} s, diff ${(r.diffMs! / 1000).toFixed(2)} s`);
    }
  }
  const od = stat(ours.deploy),
    fd = stat(floor.deploy),
    oi = stat(ours.diff),
    fi = stat(floor.diff);
  return { deploy: { ...ratio(od, fd), oursMs: od, floorMs: fd }, diff: { ...ratio(oi, fi), oursMs: oi, floorMs: fi } };
}

async function scalePoint(n: number): Promise<ScalePoint> {
  const bindings = Array.from({ length: n }, (_, i) => ({ envId: benchEnv(i + 1), org: ORG }));
  const reps = n >= 50 ? REPS_50 : REPS;
  const ms: Record<Kind, number[]> = { ours: [], floor: [], nodefloor: [] };
  const oursSynth: number[] = [],
    floorSynth: number[] = [];
  const kinds: Kind[] = ['ours', 'floor', 'nodefloor'];
  for (let i = 0; i < reps; i++) {
    // interleaved, rotating which goes first
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(i + k) % kinds.length];
      const t = (await deployOnce(kind, `scale${n}`, bindings, false)).deployMs;
      ms[kind].push(t);
      log(`scale ${n} ${kind}: deploy ${(t / 1000).toFixed(2)} s`);
    }
  }
  for (let i = 0; i < REPS; i++) {
    oursSynth.push(await synthOnce('ours', `scale${n}`, bindings));
    floorSynth.push(await synthOnce('floor', `scale${n}`, bindings));
  }
  const o = stat(ms.ours),
    f = stat(ms.floor),
    nf = stat(ms.nodefloor);
  return {
    bindings: n,
    reps,
    oursDeployMs: o,
    floorDeployMs: f,
    deployRatio: ratio(o, f),
    nodeFloorDeployMs: nf,
    nodeFloorRatio: ratio(nf, f),
    oursSynthMs: stat(oursSynth),
    floorSynthMs: stat(floorSynth),
  };
}

// ---- machine -----------------------------------------------------------------------------------------

function machine(): Record<string, string | number> {
  const engine = defaultEngine();
  const env = { ...process.env, ...engineEnv(engine) };
  const version = JSON.parse(execFileSync(engine, ['version', '-json'], { env }).toString()) as { terraform_version: string };
  const pkg = (p: string) => (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', p, 'package.json'), 'utf8')) as { version: string }).version;
  const built = JSON.parse(fs.readFileSync(path.join(ROOT, '.engine', 'engine.json'), 'utf8')) as { programs: Record<string, { version: string }> };
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    engine: `${ENGINE_NAMES[engine]} ${version.terraform_version}`,
    nullProvider: built.programs.null.version,
    externalProvider: built.programs.external.version,
    cdktfCli: pkg('cdktf-cli'),
    cdktf: pkg('cdktf'),
    package: (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  };
}

// ---- main --------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const load1AtStart = round(os.loadavg()[0], 2);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'index.js')))
    throw new Error('dist/ is missing: run "npm run build" ("npm run bench" does it first).');
  snapshotPackage();
  const m = machine();
  log(`machine: ${m.cores} cores, ${m.cpu}, Node ${m.node}, ${m.engine}, cdktf ${m.cdktf}`);
  emu = await startEmulator({ port: 0, fixture: benchFixture() });
  try {
    log('handler request counts (user token)');
    const rc = await requestCounts();
    log(`requests: apply ${rc.apply.median}, read ${rc.read.median}, destroy(retain) ${rc.destroy.median}`);
    log('token requests of 10 parallel client-credentials reads');
    const tokens = await tokenRequestsParallel();
    log(`token requests: ${tokens.median} (min ${tokens.min}, max ${tokens.max})`);
    log(`cold start (${STARTUP_RUNS} interleaved runs each)`);
    const cold = coldStart();
    log(`cold start ratio ${cold.median} (without the fast path ${cold.withoutFastPath.median})`);
    log('handler process cost');
    const hc = await handlerCost();
    log(
      `node -e 0 ${hc.nodeMs.median} ms, read ${hc.readMs.median} ms (before ${hc.readBeforeMs.median}), apply ${hc.applyMs.median} ms (before ${hc.applyBeforeMs.median})`,
    );
    log(`quickstart-like app, ours vs floor, ${REPS_QUICKSTART} runs each${PARALLELISM ? `, --parallelism=${PARALLELISM}` : ''}`);
    const qs = await quickstart();
    const scale: ScalePoint[] = [];
    for (const n of SCALE) scale.push(await scalePoint(n));

    const at50 = scale.find((p) => p.bindings === 50) ?? scale[scale.length - 1];
    const results: Results = {
      generatedAt: new Date().toISOString(),
      durationSec: Math.round((Date.now() - t0) / 1000),
      machine: m,
      settings: {
        reps: REPS,
        repsQuickstart: REPS_QUICKSTART,
        repsAt50: REPS_50,
        startupRuns: STARTUP_RUNS,
        handlerRuns: HANDLER_RUNS,
        parallelism: PARALLELISM ?? 'engine default (10)',
        load1AtStart: load1AtStart,
        load1AtEnd: round(os.loadavg()[0], 2),
      },
      targets: TARGETS,
      requestsPerApply: rc.apply,
      requestsPerRead: rc.read,
      requestsPerDestroyRetain: rc.destroy,
      requestLog: rc.requestLog,
      coldStartRatio: cold,
      handler: hc,
      deployRatio: qs.deploy,
      diffRatio: qs.diff,
      scale,
      tokenRequestsParallel: tokens,
      met: {
        requestsPerApply: exactly(rc.apply, TARGETS.requestsPerApply),
        requestsPerRead: exactly(rc.read, TARGETS.requestsPerRead),
        requestsPerDestroyRetain: exactly(rc.destroy, TARGETS.requestsPerDestroyRetain),
        coldStartRatio: cold.median <= TARGETS.coldStartRatio,
        deployRatio: qs.deploy.median <= TARGETS.deployRatio,
        diffRatio: qs.diff.median <= TARGETS.diffRatio,
        scaleRatioAt50: at50.deployRatio.median <= TARGETS.scaleRatioAt50,
        tokenRequestsParallel: tokens.allSucceeded && tokens.max <= TARGETS.tokenRequestsParallel,
      },
    };
    fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const table = await writeReport(results);
    process.stdout.write(`\n${table}\n\nwrote bench/results.json, docs/benchmarks.md, docs/benchmarks-deploy.svg (${results.durationSec} s)\n`);
  } finally {
    await emu.close();
    if (!process.env.BENCH_KEEP) fs.rmSync(TMP, { recursive: true, force: true });
  }
}

/** `--report-only`: rewrite docs/benchmarks.md and the chart from bench/results.json, measuring nothing. */
async function reportOnly() {
  const results = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'results.json'), 'utf8')) as Results;
  process.stdout.write(
    `${await writeReport(results)}\n\nrewrote docs/benchmarks.md and docs/benchmarks-deploy.svg from bench/results.json (${results.generatedAt})\n`,
  );
}

(process.argv.includes('--report-only') ? reportOnly() : main()).catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
