/**
 * Turns bench results into the console table, docs/benchmarks.md and the deploy-time chart
 * docs/benchmarks-deploy.svg (vega-lite compiled to vega, rendered headless to SVG: no canvas).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, Ratio, Stat } from './lib';
import type { NodeLine, Results } from './run';

const s = (ms: number) => (ms / 1000).toFixed(2);
const sec = (x: Stat) => `${s(x.median)} s (${s(x.min)}–${s(x.max)})`;
const msf = (x: Stat) => `${x.median.toFixed(0)} ms (${x.min.toFixed(0)}–${x.max.toFixed(0)})`;
const cnt = (x: Stat) => `${x.median} (${x.min}–${x.max})`;
const rat = (x: Ratio) => `${x.median.toFixed(2)} (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
/** A ratio beside its target: three decimals, so that a median just over the target does not print as equal to it. */
const rat3 = (x: Ratio) => `${x.median.toFixed(3)} (${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
const ok = (b: boolean) => (b ? 'met' : '**missed**');
const okPlain = (b: boolean) => (b ? 'met' : 'MISSED');

interface Row {
  figure: string;
  value: string;
  reference: string;
  target: string;
  met: boolean;
}

const LINE_NAMES: Record<NodeLine, string> = { node20: 'Node 20', node24: 'Node 24' };
const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;

function rows(r: Results): Row[] {
  const out: Row[] = [
    {
      figure: 'requests per switching apply',
      value: cnt(r.requestsPerApply),
      reference: 'emulator request log',
      target: `${r.targets.requestsPerApply}`,
      met: r.met.requestsPerApply,
    },
    {
      figure: 'requests per read (one environment)',
      value: cnt(r.requestsPerRead),
      reference: 'emulator request log',
      target: `${r.targets.requestsPerRead}`,
      met: r.met.requestsPerRead,
    },
    {
      figure: `requests per environment of a stack's read (${r.requestsPerReadPerEnvironment.environments} environments)`,
      value: cnt(r.requestsPerReadPerEnvironment),
      reference: 'emulator request log',
      target: `<= ${r.targets.requestsPerReadPerEnvironment}`,
      met: r.met.requestsPerReadPerEnvironment,
    },
    {
      figure: 'requests per destroy with retain',
      value: cnt(r.requestsPerDestroyRetain),
      reference: 'emulator request log',
      target: `${r.targets.requestsPerDestroyRetain}`,
      met: r.met.requestsPerDestroyRetain,
    },
    {
      figure: `token requests per deploy (${r.tokenRequestsPerDeploy.bindings} bindings, client credentials)`,
      value: cnt(r.tokenRequestsPerDeploy),
      reference: 'emulator request log',
      target: `${r.targets.tokenRequestsPerDeploy}`,
      met: r.met.tokenRequestsPerDeploy,
    },
  ];
  for (const line of ['node24', 'node20'] as NodeLine[]) {
    const h = r.handler[line];
    if (!h) continue;
    out.push({
      figure: `\`aem-cc read\` process / \`node -e 0\` (${LINE_NAMES[line]}, ${h.node})`,
      value: rat3(h.readRatio),
      reference: `${msf(h.readMs)} / ${msf(h.nodeMs)}`,
      target: `<= ${r.targets.readRatio[line]}`,
      met: r.met[`readRatio.${line}`],
    });
  }
  for (const p of r.scale) {
    const target = r.targets.deployRatio[p.bindings];
    if (target === undefined) continue;
    out.push({
      figure: `deploy ratio at ${p.bindings} binding${p.bindings === 1 ? '' : 's'} (ours / floor)`,
      value: rat3(p.deployRatio),
      reference: `${sec(p.oursDeployMs)} / ${sec(p.floorDeployMs)}`,
      target: `<= ${target}`,
      met: r.met[`deployRatio.${p.bindings}`],
    });
  }
  const at50 = r.scale.find((p) => p.bindings === 50);
  if (at50) {
    out.push({
      figure: 'no-change diff ratio at 50 bindings (ours / floor)',
      value: rat3(at50.diffRatio),
      reference: `${sec(at50.oursDiffMs)} / ${sec(at50.floorDiffMs)}`,
      target: `<= ${r.targets.diffRatioAt50}`,
      met: r.met.diffRatioAt50,
    });
  }
  out.push({
    figure: "what the package adds to an app's node_modules (beyond cdktf and its providers)",
    value: mb(r.packageSize.addedBytes),
    reference: `tarball ${mb(r.packageSize.tarballBytes)}`,
    target: `<= ${r.targets.packageAddedMB} MB`,
    met: r.met.packageAddedMB,
  });
  return out;
}

/** A plain-text table with aligned columns. */
function textTable(head: string[], body: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(w[i]))
      .join('  ')
      .trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}

function mdTable(head: string[], body: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((b) => `| ${b.join(' | ')} |`)].join('\n');
}

async function chart(r: Results): Promise<string> {
  // vega and vega-lite are ESM-only; import() works from this CommonJS module.
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const point = (bindings: number, series: string, x: Stat) => ({ bindings, series, median: x.median / 1000, min: x.min / 1000, max: x.max / 1000 });
  const values = r.scale.flatMap((p) => [
    point(p.bindings, 'ours: AemCreativeCloudOrgBinding', p.oursDeployMs),
    point(p.bindings, 'node floor: same resources, bare node -e', p.nodeFloorDeployMs),
    point(p.bindings, 'floor: same resources, true / printf', p.floorDeployMs),
  ]);
  const x = {
    field: 'bindings',
    type: 'quantitative',
    title: 'bindings in one stack',
    scale: { type: 'log', domain: [1, 50] },
    axis: { values: r.scale.map((p) => p.bindings), format: 'd' },
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    sort: null,
    scale: { range: ['#d62728', '#ff7f0e', '#1f77b4'] },
    legend: { orient: 'top-left', labelLimit: 400 },
  };
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'cdktf deploy wall time against the number of bindings',
      subtitle: `median of the runs, bars: min–max · ${r.machine.cores} cores, ${r.machine.cpu}`,
    },
    width: 520,
    height: 300,
    background: 'white',
    data: { values },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' }, color } },
      {
        mark: { type: 'line', point: { filled: true, size: 60 } },
        encoding: { x, y: { field: 'median', type: 'quantitative', title: 'deploy wall time (s)', scale: { zero: true } }, color },
      },
    ],
  };
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** The missed targets, each with what this run shows about why. */
function missed(r: Results, main: Row[]): string {
  const out = main.filter((x) => !x.met).map((x) => `- **${x.figure}**: ${x.value} (${x.reference}); target ${x.target}.`);
  if (!out.length) return '';
  out.push('', 'What this run shows about them:', '');
  for (const p of r.scale) {
    const target = r.targets.deployRatio[p.bindings];
    if (target === undefined || p.deployRatio.median <= target) continue;
    const processes = p.bindings + 1;
    // Over the node floor (bare `node -e` in the handler's place), per handler process the deploy starts.
    const perProcess = (p.oursDeployMs.median - p.nodeFloorDeployMs.median) / processes;
    const budget = (target * p.floorDeployMs.median - p.nodeFloorDeployMs.median) / processes;
    out.push(
      `- At ${p.bindings} binding${p.bindings > 1 ? 's' : ''}, bare \`node -e\` in the handler's place (the node floor) already takes ` +
        `${p.nodeFloorRatio.median.toFixed(2)}x the floor. Over that, each of the deploy's ${processes} handler processes adds ` +
        `${perProcess.toFixed(0)} ms here; the target leaves ${budget > 0 ? `${budget.toFixed(0)} ms` : 'nothing'} per process.` +
        (p.bindings === 1 ? ' At one binding the per-pair ratios spread widely (see the min–max): the median moves with the noise.' : ''),
    );
  }
  for (const line of ['node24', 'node20'] as NodeLine[]) {
    const h = r.handler[line];
    if (!h || r.met[`readRatio.${line}`]) continue;
    out.push(
      `- On ${LINE_NAMES[line]}, \`aem-cc read\` costs ${(h.readMs.median - h.nodeMs.median).toFixed(0)} ms over bare \`node -e 0\` ` +
        `(${msf(h.readMs)} against ${msf(h.nodeMs)}); the target leaves ${(h.nodeMs.median * (r.targets.readRatio[line] - 1)).toFixed(0)} ms. ` +
        'What each start-up step already takes off is below.',
    );
  }
  return `## Missed targets\n\n${out.join('\n')}\n`;
}

/**
 * A caution when the run shows its own noise: ours doing strictly more than the floor yet taking less
 * time (a ratio under 0.95) means the machine's speed moved during the run, and every ratio of the run
 * with it.
 */
function noise(r: Results): string {
  const under = r.scale.flatMap((p) => {
    const ratios: [string, Ratio][] = [
      ['deploy', p.deployRatio],
      ['no-change diff', p.diffRatio],
    ];
    return ratios
      .filter(([, x]) => x.median < 0.95)
      .map(([what, x]) => `the ${what} at ${p.bindings} binding${p.bindings > 1 ? 's' : ''} (${x.median.toFixed(3)})`);
  });
  if (!under.length) return '';
  return (
    `**Noise in this run:** ours ran faster than the floor, which runs strictly less, for ${under.join(', ')}. ` +
    'The machine changed speed between the interleaved runs; read every ratio of this run with that in mind, ' +
    'and compare runs before trusting a target met or missed by a small margin.\n'
  );
}

/** Writes docs/benchmarks.md and docs/benchmarks-deploy.svg; returns the console table. */
export async function writeReport(r: Results): Promise<string> {
  const m = r.machine;
  const machineLine = `${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${m.engine} (null ${m.nullProvider}, external ${m.externalProvider}); cdktf ${m.cdktf}, cdktf-cli ${m.cdktfCli}`;
  const main = rows(r);
  const lines = (['node20', 'node24'] as NodeLine[]).filter((l) => r.handler[l]);
  const handlerHead = ['per handler process', ...lines.map((l) => `${LINE_NAMES[l]} (${r.handler[l].node})`)];
  const handlerBody = [
    ['`node -e 0`', ...lines.map((l) => msf(r.handler[l].nodeMs))],
    ['`aem-cc read` (one environment)', ...lines.map((l) => `${msf(r.handler[l].readMs)}, x${rat(r.handler[l].readRatio)}`)],
    ['`aem-cc apply` that switches', ...lines.map((l) => `${msf(r.handler[l].applyMs)}, x${rat(r.handler[l].applyRatio)}`)],
    ['`aem-cc destroy` (retain)', ...lines.map((l) => `${msf(r.handler[l].destroyMs)}, x${rat(r.handler[l].destroyRatio)}`)],
  ];
  const stepNames = [...new Set(lines.flatMap((l) => r.handler[l].steps.map((x) => x.name)))];
  const stepHead = ['step (the handler without it)', ...lines.map((l) => `${LINE_NAMES[l]}: without / with, saved`)];
  const stepBody = stepNames.map((name) => {
    const without = lines.map((l) => r.handler[l].steps.find((x) => x.name === name)).find(Boolean)!.without;
    return [
      without,
      ...lines.map((l) => {
        const x = r.handler[l].steps.find((y) => y.name === name);
        return x ? `${x.variantMs.median.toFixed(0)} / ${x.finalMs.median.toFixed(0)} ms, **${x.savedMs.toFixed(0)} ms**` : 'n/a (no compile cache)';
      }),
    ];
  });
  const scaleHead = [
    'bindings',
    'runs',
    'deploy ours',
    'deploy floor',
    'ratio',
    'diff ours',
    'diff floor',
    'ratio',
    'deploy node floor',
    'node floor / floor',
    'synth ours',
    'synth floor',
  ];
  const scaleBody = r.scale.map((p) => [
    String(p.bindings),
    String(p.reps),
    sec(p.oursDeployMs),
    sec(p.floorDeployMs),
    rat(p.deployRatio),
    sec(p.oursDiffMs),
    sec(p.floorDiffMs),
    rat(p.diffRatio),
    sec(p.nodeFloorDeployMs),
    rat(p.nodeFloorRatio),
    sec(p.oursSynthMs),
    sec(p.floorSynthMs),
  ]);

  const text = [
    `machine: ${machineLine}`,
    '',
    textTable(
      ['figure', 'median (min–max)', 'measured / reference', 'target', ''],
      main.map((x) => [x.figure.replace(/`/g, ''), x.value, x.reference, x.target, okPlain(x.met)]),
    ),
    '',
    textTable(
      handlerHead,
      handlerBody.map((row) => row.map((c) => c.replace(/`/g, ''))),
    ),
    '',
    textTable(
      stepHead,
      stepBody.map((row) => row.map((c) => c.replace(/\*/g, ''))),
    ),
    '',
    textTable(scaleHead, scaleBody),
  ].join('\n');

  const svg = await chart(r);
  fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks-deploy.svg'), svg);

  const md = `# Benchmarks

Generated by \`npm run bench\` on ${r.generatedAt} (the whole run took ${Math.round(r.durationSec / 60)} min); the raw
figures, every sample included, are in [\`bench/results.json\`](../bench/results.json). Run it again with
\`npm run bench\` (it builds, builds the engines and tools if needed, and rewrites this page).

**Machine:** ${machineLine}. Load average (1 min) at the start ${r.settings.load1AtStart}, at the end
${r.settings.load1AtEnd}: the machine may be shared, and other work on it shows up as noise in every figure.

Each figure is the median of several runs with the min and max beside it, measured in the same run as its
reference. Ratios are median over median; their min–max is the range of the per-pair ratios (the runs of the
two sides are interleaved, alternating which goes first). Every \`cdktf deploy\` runs in a fresh app directory
against a freshly reset emulator, and is checked (ours: every environment bound; floor: no request sent);
every diff is checked to say "No changes".

## Results

${mdTable(
  ['figure', 'median (min–max)', 'measured / reference', 'target', ''],
  main.map((x) => [x.figure, x.value, x.reference, x.target, ok(x.met)]),
)}

${missed(r, main)}${noise(r)}
## Handler processes

Whole processes, started as the engine starts them (\`node <package>/bin/aem-cc.js read|apply|destroy\`, inputs in
the environment and on stdin), against an emulator that answers at once, ${r.settings.handlerRuns} runs each interleaved with
\`node -e 0\` on the same Node line, after two warm-up runs (the compile cache of Node 24 is warm, as in a deploy).

${mdTable(handlerHead, handlerBody)}

\`aem-cc --version\` (its own fast path, no target rests on it): ${msf(r.versionMs.versionMs)} against ${msf(r.versionMs.nodeMs)} for \`node -e 0\`.

## What each start-up step saves

Each row is the handler built without that one step, beside the handler as built, ${r.settings.handlerRuns} interleaved \`read\`s
each (bench/variants.ts builds the variants from the current sources with the options of \`npm run build\`).
"Saved" is the difference of the medians: what the step takes off every handler process.

${mdTable(stepHead, stepBody)}

## Scale: bindings in one stack

A deploy of *n* bindings starts *n* + 1 handler processes (the stack's one plan-time \`read\`, and an \`apply\` per
binding), a no-change diff one.

${mdTable(scaleHead, scaleBody)}

![deploy time against the number of bindings, ours beside the floor](benchmarks-deploy.svg)

Deploys run with ${typeof r.settings.parallelism === 'string' ? r.settings.parallelism : `\`--parallelism=${r.settings.parallelism}\``} parallelism.
One binding ran ${r.settings.repsAt1} times per side, the other points ${r.settings.reps}; synth is \`cdktf synth\` (the CLI's start-up
included), ${r.settings.reps} runs each.

## Package size

What installing the package adds to a cdktf app's \`node_modules\` (beyond cdktf 0.21, constructs and the two provider
packages): ${mb(r.packageSize.addedBytes)} (${Object.entries(r.packageSize.added)
    .map(([k, v]) => `\`${k}\` ${mb(v)}`)
    .join(', ')}). The handler's dependencies (undici, zod, commander, exponential-backoff,
proper-lockfile) are inside its bundle, \`dist/aem-cc.js\`, so the package installs none; the constructs need none of them.

## What a handler command sends (user token, one run's log)

${Object.entries(r.requestLog)
  .map(([k, v]) => `- \`${k}\`: ${v.length ? v.map((x) => `\`${x}\``).join(', ') : 'nothing'}`)
  .join('\n')}

## Method

- **Ours** is the quickstart's shape: one stack with a local backend and \`AemCreativeCloudOrgBinding\`s by
  org name (\`Contoso Creative (Dev)\`), user-token mode, against the emulator started in the bench process.
- **The floor** is the same app, synthesized by the same constructs into the same configuration (one data source
  per stack, the same resources, triggers, lifecycle, provisioners' environments and outputs), with the handler
  taken out as the app's last step: the stack's external program is \`printf\` of the handler's own read result
  (a constant) and the provisioners run \`true\`. **The node floor** runs bare \`node -e\` in their place.
- Request counts: 5 runs of each command against a reset emulator, counted from its request log.
- Token requests per deploy: a \`cdktf deploy\` of ${r.tokenRequestsPerDeploy.bindings} bindings with \`AEM_CC_CLIENT_ID\`/\`AEM_CC_CLIENT_SECRET\`
  (the plan reads as a technical account) beside \`AEM_CC_ACCESS_TOKEN\` (the applies switch as the user), a fresh
  token cache each time; \`/ims/token/v3\` requests counted, 2 runs.
`;
  fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), md);
  return text;
}
