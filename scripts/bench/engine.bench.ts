/**
 * Release-engine throughput on one core over a realistic generated mix (engine-mix.ts),
 * against json-rules-engine running the same rules on the same facts (engine-jre.ts).
 * Target: engine.decide >= 100x json-rules-engine (and >= 500k decisions/s absolute).
 * Both run the engine compiled as the service runs it (compiled-engine.ts).
 */
import { compiledEngine } from './compiled-engine';
import { createJreDecider } from '../support/engine-jre';
import { generateMix, MIX_AS_OF, type MixItem } from '../support/engine-mix';
import type { BenchResult, Benchmark } from './types';

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

export const benchmarks: Benchmark[] = [
  {
    name: 'engine.json-rules-engine',
    needsDb: false,
    async run(ctx): Promise<BenchResult> {
      const { createReleaseEngine, loadRuleSet } = compiledEngine();
      const ruleSet = loadRuleSet();
      const engine = createReleaseEngine(ruleSet);
      const decide = createJreDecider(ruleSet, engine, MIX_AS_OF);
      const items = generateMix(Math.max(1000, Math.round(mixSize(ctx.scale) / 10)));
      const r = await measureAsync(items, 2 * Math.min(1, ctx.scale), async (it) => (await decide(it)).ruleIds.length);
      return { value: r.rate, unit: 'decisions/s', extra: { decisions: r.n, mix: items.length, perCpuSecond: Math.round(r.cpuRate) } };
    },
  },
  {
    name: 'engine.decide',
    needsDb: false,
    baseline: 'engine.json-rules-engine',
    run(ctx): BenchResult {
      const { createReleaseEngine, loadRuleSet } = compiledEngine();
      const engine = createReleaseEngine(loadRuleSet());
      const items = generateMix(mixSize(ctx.scale));
      const r = measureSync(
        items,
        3 * Math.min(1, ctx.scale),
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
    },
  },
];
