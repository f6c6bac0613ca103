/**
 * One engine benchmark's measurement, in a process of its own (engine.bench.ts starts it):
 * `npx tsx scripts/bench/engine-measure.ts <engine.decide|engine.json-rules-engine> <scale>` prints the
 * result as JSON on its last line. Each runs in a fresh process because what runs before a measurement
 * is measured too: run after json-rules-engine in the bench harness's process, beside the other
 * benchmarks' modules, the same engine measured 429k decisions/s against 504k alone (2026-12-04). A
 * fresh V8 per measurement, as JMH forks one per benchmark, gives each the same start.
 */
import { loadCompiledEngine } from './compiled-engine';
import { createJreDecider } from '../support/engine-jre';
import { generateMix, MIX_AS_OF, type MixItem } from '../support/engine-mix';
import type { BenchResult } from './types';

const now = (): number => Number(process.hrtime.bigint()) / 1e9;

function mixSize(scale: number): number {
  return Math.max(1000, Math.round(20000 * scale));
}

interface Measured {
  rate: number;
  /** Decisions per CPU second of this process: on a shared machine, the figure other processes disturb least. */
  cpuRate: number;
  n: number;
  sink: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** Runs `step` over the items until `seconds` have passed (after a warm-up pass). */
function measureSync(items: MixItem[], seconds: number, step: (item: MixItem) => number): Measured {
  let sink = 0;
  for (const it of items) sink += step(it);
  let n = 0;
  const start = now();
  const cpu = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const it of items) sink += step(it);
    n += items.length;
    elapsed = now() - start;
  }
  return { rate: n / elapsed, cpuRate: n / cpuSeconds(cpu), n, sink };
}

/** The same for an asynchronous step (json-rules-engine is promise-based). */
async function measureAsync(items: MixItem[], seconds: number, step: (item: MixItem) => Promise<number>): Promise<Measured> {
  let sink = 0;
  for (const it of items.slice(0, 500)) sink += await step(it);
  let n = 0;
  const start = now();
  const cpu = process.cpuUsage();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (const it of items) sink += await step(it);
    n += items.length;
    elapsed = now() - start;
  }
  return { rate: n / elapsed, cpuRate: n / cpuSeconds(cpu), n, sink };
}

async function jre(scale: number): Promise<BenchResult> {
  const { createReleaseEngine, loadRuleSet } = loadCompiledEngine();
  const ruleSet = loadRuleSet();
  const engine = createReleaseEngine(ruleSet);
  const decide = createJreDecider(ruleSet, engine, MIX_AS_OF);
  const items = generateMix(Math.max(1000, Math.round(mixSize(scale) / 10)));
  const r = await measureAsync(items, 2 * Math.min(1, scale), async (it) => (await decide(it)).ruleIds.length);
  return { value: r.rate, unit: 'decisions/s', extra: { decisions: r.n, mix: items.length, perCpuSecond: Math.round(r.cpuRate) } };
}

function decide(scale: number): BenchResult {
  const { createReleaseEngine, loadRuleSet } = loadCompiledEngine();
  const engine = createReleaseEngine(loadRuleSet());
  const items = generateMix(mixSize(scale));
  const r = measureSync(
    items,
    3 * Math.min(1, scale),
    (it) => engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim).reasons.length,
  );
  // Cold: fresh copies of the inputs, so no per-object cache (parsed dates, case status) helps.
  const cold = structuredClone(items);
  const t0 = now();
  for (const it of cold) engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim);
  const coldRate = cold.length / (now() - t0);
  return {
    value: r.rate,
    unit: 'decisions/s',
    baseline: 'engine.json-rules-engine',
    target: 100,
    extra: {
      decisions: r.n,
      mix: items.length,
      perCpuSecond: Math.round(r.cpuRate),
      coldDecisionsPerSec: Math.round(coldRate),
      absoluteTarget: 500000,
    },
  };
}

const MEASUREMENTS: Record<string, (scale: number) => BenchResult | Promise<BenchResult>> = {
  'engine.decide': decide,
  'engine.json-rules-engine': jre,
};

async function main(): Promise<void> {
  const [name = '', scale = '1'] = process.argv.slice(2);
  const measure = MEASUREMENTS[name];
  if (measure === undefined) throw new Error(`unknown engine benchmark ${name}: one of ${Object.keys(MEASUREMENTS).join(', ')}`);
  console.log(JSON.stringify(await measure(Number(scale))));
}

void main();
