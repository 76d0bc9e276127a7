/**
 * `npm run bench`: measures the handler and the construct against the emulator with a real engine
 * (Terraform, or OpenTofu with AEM_CC_ENGINE=tofu, and the null/external providers from .engine/), each
 * figure next to its reference measured in the same run, and writes bench/results.json,
 * docs/benchmarks.md and docs/benchmarks-deploy.svg. `npx tsx bench/run.ts --report-only` rewrites the
 * page and the chart from bench/results.json.
 *
 * Knobs (environment): BENCH_REPS (cdktf repetitions at 10 and 50 bindings, default 3), BENCH_REPS_1 (at
 * one binding, where the ratios are the most sensitive to noise, default max(BENCH_REPS, 5)),
 * BENCH_HANDLER_RUNS (runs of each handler process, default 15), BENCH_SCALE (binding counts, default
 * 1,10,50), BENCH_PARALLELISM (passed as `--parallelism` to every deploy and diff, both sides; default:
 * the engine's own, 10), BENCH_KEEP=1 keeps bench/tmp/.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DEFAULT_FIXTURE, DEFAULT_IDS, emulatorControl, EmulatorState, Fixture, RunningEmulator, startEmulator } from '../src/emulator';
import { Binding, floorApp, oursApp, readResultFor } from './apps';
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
import { packageSize, PackageSize } from './package-size';
import { writeReport } from './report';
import { buildVariants, Variant } from './variants';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const REPS_1 = Number(process.env.BENCH_REPS_1 ?? Math.max(REPS, 5));
const HANDLER_RUNS = Number(process.env.BENCH_HANDLER_RUNS ?? 15);
const PARALLELISM = process.env.BENCH_PARALLELISM;
const SCALE = (process.env.BENCH_SCALE ?? '1,10,50').split(',').map(Number);
const BIN = path.join(PKG, 'bin', 'aem-cc.js');
const ORG = 'Contoso Creative (Dev)';
const ORG_ID = DEFAULT_IDS.orgs.dev;
const ANA = DEFAULT_IDS.users.ana;

/** The Node lines the handler is measured on: the machine's, and Node 24 from tools/ (npm run tools). */
export const NODE_LINES = {
  node20: process.execPath,
  node24: path.join(ROOT, 'tools', 'node_modules', 'node24', 'bin', 'node'),
} as const;
export type NodeLine = keyof typeof NODE_LINES;

/** Request counts are exact (docs/contract.md, "Requests per command"); the rest are upper bounds. */
export const TARGETS = {
  requestsPerApply: 5,
  requestsPerRead: 2,
  /** For a stack's read of 10 environments: its requests over 10. */
  requestsPerReadPerEnvironment: 2,
  requestsPerDestroyRetain: 0,
  tokenRequestsPerDeploy: 1,
  readRatio: { node24: 3, node20: 4.5 } as Record<NodeLine, number>,
  deployRatio: { 1: 1.1, 10: 1.3, 50: 1.6 } as Record<number, number>,
  diffRatioAt50: 1.15,
  packageAddedMB: 6,
};

export interface ScalePoint {
  bindings: number;
  reps: number;
  oursDeployMs: Stat;
  floorDeployMs: Stat;
  deployRatio: Ratio;
  oursDiffMs: Stat;
  floorDiffMs: Stat;
  diffRatio: Ratio;
  /** The floor with bare `node -e` as program and provisioners: the least a node handler can cost. */
  nodeFloorDeployMs: Stat;
  nodeFloorRatio: Ratio;
  oursSynthMs: Stat;
  floorSynthMs: Stat;
}

/** One Node line's handler figures: whole processes, interleaved with `node -e 0`. */
export interface HandlerCost {
  node: string;
  nodeMs: Stat;
  readMs: Stat;
  applyMs: Stat;
  destroyMs: Stat;
  readRatio: Ratio;
  applyRatio: Ratio;
  destroyRatio: Ratio;
  /** What each start-up step saves on a `read`: the variant without it beside the handler as built. */
  steps: Array<{ name: string; without: string; variantMs: Stat; finalMs: Stat; savedMs: number }>;
}

export interface Results {
  generatedAt: string;
  durationSec: number;
  machine: Record<string, string | number>;
  settings: Record<string, string | number>;
  targets: typeof TARGETS;
  requestsPerApply: Stat;
  requestsPerRead: Stat;
  requestsPerReadPerEnvironment: Stat & { environments: number };
  requestsPerDestroyRetain: Stat;
  requestLog: Record<string, string[]>;
  tokenRequestsPerDeploy: Stat & { bindings: number; allSucceeded: boolean };
  versionMs: { nodeMs: Stat; versionMs: Stat; ratio: Ratio };
  handler: Record<NodeLine, HandlerCost>;
  scale: ScalePoint[];
  packageSize: PackageSize;
  met: Record<string, boolean>;
}

// ---------------------------------------------------------------------------------------------------

/** The built-in fixture plus bench-01..bench-50: unbound environments whose admins are ana and the CI client. */
function benchFixture(): Fixture {
  const f: Fixture = JSON.parse(JSON.stringify(DEFAULT_FIXTURE));
  const admins = [...new Set([ANA.userId, ...f.clients.map((c) => c.userId)])];
  for (let i = 1; i <= Math.max(10, ...SCALE); i++) f.environments.push({ id: benchEnv(i), admins, orgId: null, generation: 1 });
  return f;
}
const benchEnv = (i: number) => `bench-${String(i).padStart(2, '0')}`;

let emu: RunningEmulator;
const control = emulatorControl(() => emu.url);
const state = () => control.state();
const reset = () => control.reset();

/** The environment a user-token handler run gets (what the engine passes through plus the provisioner's map). */
function handlerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, AEM_CC_IMS_ENDPOINT: emu.url, AEM_CC_ACCESS_TOKEN: ANA.token, ...extra };
}

function readQuery(envId: string): string {
  return JSON.stringify({
    author_url: `${emu.url}/env/${envId}`,
    org: ORG,
    ims_endpoint: emu.url,
    settings_path: '/adobe/assets/settings/creative-cloud',
  });
}

/** A stack's read query, as the construct writes it, for `envs`. */
function stackQuery(envs: string[]): string {
  const q: Record<string, string> = {};
  for (const e of envs) Object.assign(q, { [`s/${e}:author_url`]: `${emu.url}/env/${e}`, [`s/${e}:org`]: ORG, [`s/${e}:ims_endpoint`]: emu.url });
  return JSON.stringify(q);
}

async function handler(args: string[], env: NodeJS.ProcessEnv, input?: string, bin = BIN, node: string = NODE_LINES.node20) {
  const r = await exec(node, [bin, ...args], { env, input });
  if (r.code !== 0) throw new Error(`${path.basename(bin)} ${args.join(' ')} exited ${r.code}: ${r.output}`);
  return r;
}

// ---- handler request counts --------------------------------------------------------------------------

/** Every sample is exactly `n`: a request more is a regression, a request fewer a change to look at. */
const exactly = (s: Stat, n: number) => s.min === n && s.max === n;

async function requestCounts() {
  const apply: number[] = [];
  const read: number[] = [];
  const stackRead: number[] = [];
  const destroy: number[] = [];
  const requestLog: Record<string, string[]> = {};
  const fmt = (s: EmulatorState, from: number) => s.requests.slice(from).map((r) => `${r.method} ${r.path} -> ${r.status}`);
  const applyEnv = handlerEnv({ AEM_CC_AUTHOR_URL: `${emu.url}/env/dev`, AEM_CC_ORG: ORG, AEM_CC_BINDING_TOKEN: `${ORG_ID}#2` });
  const tenEnvs = Array.from({ length: 10 }, (_, i) => benchEnv(i + 1));
  for (let i = 0; i < 5; i++) {
    await reset();
    // read, as the plan runs it for one binding (dev is unbound: the read predicts a switch)
    await handler(['read'], handlerEnv(), readQuery('dev'));
    let s = await state();
    read.push(s.requests.length);
    requestLog.read = fmt(s, 0);
    // a stack's read of ten environments
    let from = s.requests.length;
    await handler(['read'], handlerEnv(), stackQuery(tenEnvs));
    s = await state();
    stackRead.push((s.requests.length - from) / tenEnvs.length);
    requestLog.stackRead10 = fmt(s, from);
    // apply that switches dev from no org to the Dev org
    from = s.requests.length;
    const a = await handler(['apply'], applyEnv);
    if (!/switched/.test(a.output)) throw new Error(`the apply did not switch: ${a.output}`);
    s = await state();
    apply.push(s.requests.length - from);
    requestLog.apply = fmt(s, from);
    if (s.environments.dev.orgId !== ORG_ID) throw new Error('the apply did not bind dev');
    // destroy under the default removal policy (retain)
    from = s.requests.length;
    const d = await handler(['destroy'], { ...applyEnv, AEM_CC_REMOVAL_POLICY: 'retain' });
    if (!/retain/.test(d.output)) throw new Error(`the destroy did not retain: ${d.output}`);
    s = await state();
    destroy.push(s.requests.length - from);
    requestLog.destroyRetain = fmt(s, from);
  }
  return {
    apply: stat(apply),
    read: stat(read),
    stackRead: { ...stat(stackRead), environments: tenEnvs.length },
    destroy: stat(destroy),
    requestLog,
  };
}

// ---- start-up ----------------------------------------------------------------------------------------

/** `aem-cc --version` (its own fast path) beside `node -e 0`: reported, no target rests on it. */
function versionStartup() {
  const node: number[] = [];
  const version: number[] = [];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  for (let i = 0; i < 3; i++) timeSync('node', [BIN, '--version'], env);
  for (let i = 0; i < HANDLER_RUNS; i++) {
    node.push(timeSync('node', ['-e', '0'], env));
    version.push(timeSync('node', [BIN, '--version'], env));
  }
  const nodeMs = stat(node);
  const versionMs = stat(version);
  return { nodeMs, versionMs, ratio: ratio(versionMs, nodeMs) };
}

/**
 * What one handler process costs on `line`: `read`, a switching `apply` and a retain `destroy`, beside
 * bare `node -e 0`, interleaved; then `read` with each start-up step taken away (variants.ts), each
 * interleaved with the handler as built.
 */
async function handlerCost(line: NodeLine, variants: Variant[]): Promise<HandlerCost> {
  const node = NODE_LINES[line];
  const env = { PATH: process.env.PATH, HOME: process.env.HOME };
  const applyEnv = handlerEnv({ AEM_CC_AUTHOR_URL: `${emu.url}/env/dev`, AEM_CC_ORG: ORG });
  const destroyEnv = handlerEnv({ AEM_CC_AUTHOR_URL: `${emu.url}/env/dev`, AEM_CC_BINDING_TOKEN: `${ORG_ID}#2`, AEM_CC_REMOVAL_POLICY: 'retain' });
  const samples = { node: [] as number[], read: [] as number[], apply: [] as number[], destroy: [] as number[] };
  // Warm-up: the compile cache (where the line has it) and the file system cache.
  for (let i = 0; i < 2; i++) await handler(['read'], handlerEnv(), readQuery('dev'), BIN, node);
  for (let i = 0; i < HANDLER_RUNS; i++) {
    samples.node.push((await exec(node, ['-e', '0'], { env })).ms);
    samples.read.push((await handler(['read'], handlerEnv(), readQuery('dev'), BIN, node)).ms);
    await reset();
    samples.apply.push((await handler(['apply'], applyEnv, undefined, BIN, node)).ms);
    samples.destroy.push((await handler(['destroy'], destroyEnv, undefined, BIN, node)).ms);
  }
  const [nodeMs, readMs, applyMs, destroyMs] = [samples.node, samples.read, samples.apply, samples.destroy].map(stat);
  const hasCompileCache = execFileSync(node, ['-p', `typeof require('node:module').enableCompileCache`]).toString().trim() === 'function';
  const steps: HandlerCost['steps'] = [];
  for (const v of variants.filter((x) => x.name !== 'final' && (x.onlyWith !== 'compileCache' || hasCompileCache))) {
    const variant: number[] = [];
    const final: number[] = [];
    for (let i = 0; i < 2; i++) await handler(['read', ...(v.args ?? [])], handlerEnv(v.env), readQuery('dev'), v.bin, node);
    for (let i = 0; i < HANDLER_RUNS; i++) {
      // alternate which goes first, so that drift in the machine's speed hits both sides
      const pair = [
        async () => variant.push((await handler(['read', ...(v.args ?? [])], handlerEnv(v.env), readQuery('dev'), v.bin, node)).ms),
        async () => final.push((await handler(['read'], handlerEnv(), readQuery('dev'), BIN, node)).ms),
      ];
      for (const run of i % 2 ? pair.reverse() : pair) await run();
    }
    const variantMs = stat(variant);
    const finalMs = stat(final);
    steps.push({ name: v.name, without: v.without, variantMs, finalMs, savedMs: round(variantMs.median - finalMs.median) });
    log(`${line} step ${v.name}: without it ${variantMs.median} ms, with it ${finalMs.median} ms`);
  }
  return {
    node: execFileSync(node, ['--version']).toString().trim(),
    nodeMs,
    readMs,
    applyMs,
    destroyMs,
    readRatio: ratio(readMs, nodeMs),
    applyRatio: ratio(applyMs, nodeMs),
    destroyRatio: ratio(destroyMs, nodeMs),
    steps,
  };
}

// ---- cdktf -------------------------------------------------------------------------------------------

const withParallelism = (args: string[]) => (PARALLELISM ? [...args, `--parallelism=${PARALLELISM}`] : args);
const cdktfEnv = (dir: string, extra: Record<string, string> = {}) => ({
  AEM_CC_ACCESS_TOKEN: ANA.token,
  AEM_CC_CACHE_DIR: path.join(dir, '.cache'),
  ...extra,
});

type Kind = 'ours' | 'floor' | 'nodefloor';

let readResult: Record<string, string> | undefined;
/** What the handler's read prints for an unbound environment and the Dev org: the floor's constant. */
async function constantReadResult(): Promise<Record<string, string>> {
  if (!readResult) {
    await reset();
    readResult = JSON.parse((await handler(['read'], handlerEnv(), readQuery('bench-01'))).stdout) as Record<string, string>;
  }
  return readResult;
}

async function appSource(kind: Kind, stack: string, bindings: Binding[]): Promise<string> {
  if (kind === 'ours') return oursApp(stack, emu.url, bindings);
  return floorApp(stack, emu.url, bindings, readResultFor(stack, bindings.length, await constantReadResult()), kind === 'floor' ? 'true' : 'node');
}

/** One deploy in a fresh app dir against a reset emulator, checked; then, if asked, a no-change diff. */
async function deployOnce(
  kind: Kind,
  name: string,
  bindings: Binding[],
  diff: boolean,
  extraEnv: Record<string, string> = {},
): Promise<{ deployMs: number; diffMs?: number; state: EmulatorState }> {
  const dir = makeApp(`${name}-${kind}`, await appSource(kind, name, bindings));
  try {
    await reset();
    const d = await cdktfOk(dir, withParallelism(DEPLOY), cdktfEnv(dir, extraEnv));
    const s = await state();
    if (kind === 'ours') {
      const wrong = bindings.filter((b) => s.environments[b.envId]?.orgId !== ORG_ID);
      if (wrong.length) throw new Error(`after the deploy ${wrong.length} environments are not bound (${wrong[0].envId}):\n${d.output.slice(-3000)}`);
    } else if (s.requests.length) {
      throw new Error(`the floor deploy sent ${s.requests.length} requests; it must send none`);
    }
    let diffMs: number | undefined;
    if (diff) {
      const r = await cdktfOk(dir, withParallelism(DIFF), cdktfEnv(dir, extraEnv));
      if (!NO_CHANGES.test(r.output)) throw new Error(`the diff after the ${kind} deploy is not clean:\n${r.output.slice(-3000)}`);
      diffMs = r.ms;
    }
    return { deployMs: d.ms, diffMs, state: s };
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

async function scalePoint(n: number): Promise<ScalePoint> {
  const bindings = Array.from({ length: n }, (_, i) => ({ envId: benchEnv(i + 1), org: ORG }));
  const reps = n === 1 ? REPS_1 : REPS;
  const ms: Record<Kind, { deploy: number[]; diff: number[] }> = {
    ours: { deploy: [], diff: [] },
    floor: { deploy: [], diff: [] },
    nodefloor: { deploy: [], diff: [] },
  };
  const kinds: Kind[] = ['ours', 'floor', 'nodefloor'];
  for (let i = 0; i < reps; i++) {
    // interleaved, rotating which goes first
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(i + k) % kinds.length];
      const r = await deployOnce(kind, `scale${n}`, bindings, kind !== 'nodefloor');
      ms[kind].deploy.push(r.deployMs);
      if (r.diffMs !== undefined) ms[kind].diff.push(r.diffMs);
      log(`scale ${n} ${kind}: deploy ${(r.deployMs / 1000).toFixed(2)} s${r.diffMs ? `, diff ${(r.diffMs / 1000).toFixed(2)} s` : ''}`);
    }
  }
  const oursSynth: number[] = [];
  const floorSynth: number[] = [];
  for (let i = 0; i < REPS; i++) {
    oursSynth.push(await synthOnce('ours', `scale${n}`, bindings));
    floorSynth.push(await synthOnce('floor', `scale${n}`, bindings));
  }
  const [o, f, nf, od, fd] = [ms.ours.deploy, ms.floor.deploy, ms.nodefloor.deploy, ms.ours.diff, ms.floor.diff].map(stat);
  return {
    bindings: n,
    reps,
    oursDeployMs: o,
    floorDeployMs: f,
    deployRatio: ratio(o, f),
    oursDiffMs: od,
    floorDiffMs: fd,
    diffRatio: ratio(od, fd),
    nodeFloorDeployMs: nf,
    nodeFloorRatio: ratio(nf, f),
    oursSynthMs: stat(oursSynth),
    floorSynthMs: stat(floorSynth),
  };
}

/**
 * Token requests of a whole `cdktf deploy` of 10 bindings in client-credentials mode: the plan reads with
 * the client credentials (a technical account), the applies switch with the user token (the split of
 * docs/going-live.md), so the one token request is the plan's, whatever the number of bindings.
 */
async function tokenRequestsPerDeploy() {
  const bindings = Array.from({ length: 10 }, (_, i) => ({ envId: benchEnv(i + 1), org: ORG }));
  const client = { AEM_CC_CLIENT_ID: DEFAULT_IDS.client.clientId, AEM_CC_CLIENT_SECRET: DEFAULT_IDS.client.clientSecret };
  const counts: number[] = [];
  let allSucceeded = true;
  for (let i = 0; i < 2; i++) {
    const r = await deployOnce('ours', 'tokens', bindings, false, client).catch((e: Error) => {
      allSucceeded = false;
      log(`client-credentials deploy failed: ${e.message.slice(0, 2000)}`);
      return undefined;
    });
    if (r) counts.push(r.state.requests.filter((q) => q.method === 'POST' && q.path === '/ims/token/v3').length);
  }
  return { ...stat(counts.length ? counts : [Number.NaN]), bindings: bindings.length, allSucceeded };
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
  if (!fs.existsSync(path.join(ROOT, 'dist', 'aem-cc.js'))) throw new Error('dist/ is missing: run "npm run build" ("npm run bench" does it first).');
  if (!fs.existsSync(NODE_LINES.node24)) throw new Error(`${NODE_LINES.node24} is missing: run "npm run tools" ("npm run bench" does it first).`);
  snapshotPackage();
  const m = machine();
  log(`machine: ${m.cores} cores, ${m.cpu}, Node ${m.node}, ${m.engine}, cdktf ${m.cdktf}`);
  log('building the start-up variants');
  const variants = await buildVariants();
  emu = await startEmulator({ port: 0, fixture: benchFixture() });
  try {
    log('handler request counts (user token)');
    const rc = await requestCounts();
    log(
      `requests: apply ${rc.apply.median}, read ${rc.read.median}, per environment of a stack read ${rc.stackRead.median}, destroy ${rc.destroy.median}`,
    );
    log('aem-cc --version');
    const version = versionStartup();
    const handlerCosts = {} as Record<NodeLine, HandlerCost>;
    for (const line of Object.keys(NODE_LINES) as NodeLine[]) {
      log(`handler processes on ${line}`);
      handlerCosts[line] = await handlerCost(line, variants);
      const h = handlerCosts[line];
      log(
        `${line} (${h.node}): node -e 0 ${h.nodeMs.median} ms, read ${h.readMs.median} ms (x${h.readRatio.median}), apply ${h.applyMs.median}, destroy ${h.destroyMs.median}`,
      );
    }
    log('package size');
    const size = await packageSize();
    log(`the package adds ${(size.addedBytes / 1e6).toFixed(2)} MB to an app's node_modules`);
    log('token requests of a 10-binding deploy in client-credentials mode');
    const tokens = await tokenRequestsPerDeploy();
    const scale: ScalePoint[] = [];
    for (const n of SCALE) scale.push(await scalePoint(n));

    const at = (n: number) => scale.find((p) => p.bindings === n);
    const results: Results = {
      generatedAt: new Date().toISOString(),
      durationSec: Math.round((Date.now() - t0) / 1000),
      machine: m,
      settings: {
        reps: REPS,
        repsAt1: REPS_1,
        handlerRuns: HANDLER_RUNS,
        parallelism: PARALLELISM ?? 'engine default (10)',
        load1AtStart: load1AtStart,
        load1AtEnd: round(os.loadavg()[0], 2),
      },
      targets: TARGETS,
      requestsPerApply: rc.apply,
      requestsPerRead: rc.read,
      requestsPerReadPerEnvironment: rc.stackRead,
      requestsPerDestroyRetain: rc.destroy,
      requestLog: rc.requestLog,
      tokenRequestsPerDeploy: tokens,
      versionMs: version,
      handler: handlerCosts,
      scale,
      packageSize: size,
      met: {
        requestsPerApply: exactly(rc.apply, TARGETS.requestsPerApply),
        requestsPerRead: exactly(rc.read, TARGETS.requestsPerRead),
        requestsPerReadPerEnvironment: rc.stackRead.max <= TARGETS.requestsPerReadPerEnvironment,
        requestsPerDestroyRetain: exactly(rc.destroy, TARGETS.requestsPerDestroyRetain),
        tokenRequestsPerDeploy: tokens.allSucceeded && exactly(tokens, TARGETS.tokenRequestsPerDeploy),
        ...Object.fromEntries(
          (Object.keys(NODE_LINES) as NodeLine[]).map((line) => [
            `readRatio.${line}`,
            handlerCosts[line].readRatio.median <= TARGETS.readRatio[line],
          ]),
        ),
        ...Object.fromEntries(
          Object.entries(TARGETS.deployRatio)
            .filter(([n]) => at(Number(n)))
            .map(([n, t]) => [`deployRatio.${n}`, at(Number(n))!.deployRatio.median <= t]),
        ),
        ...(at(50) ? { diffRatioAt50: at(50)!.diffRatio.median <= TARGETS.diffRatioAt50 } : {}),
        packageAddedMB: size.addedBytes / 1e6 <= TARGETS.packageAddedMB,
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
