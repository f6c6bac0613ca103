/**
 * Release-engine throughput on one core over a realistic generated mix (engine-mix.ts),
 * against json-rules-engine running the same rules on the same facts (engine-jre.ts).
 * Target: engine.decide >= 100x json-rules-engine (and >= 500k decisions/s absolute).
 * Both run the engine compiled as the service runs it (compiled-engine.ts), each in a
 * process of its own (engine-measure.ts says why).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildEngine } from './compiled-engine';
import type { BenchResult, Benchmark } from './types';

const ROOT = path.resolve(__dirname, '../..');

/** The measurement `name` at `scale`, in a fresh process, from the JSON line it prints last. */
function isolated(name: string, scale: number): BenchResult {
  buildEngine();
  const out = execFileSync(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(__dirname, 'engine-measure.ts'), name, String(scale)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as BenchResult;
}

export const benchmarks: Benchmark[] = [
  { name: 'engine.json-rules-engine', needsDb: false, run: (ctx) => isolated('engine.json-rules-engine', ctx.scale) },
  { name: 'engine.decide', needsDb: false, baseline: 'engine.json-rules-engine', run: (ctx) => isolated('engine.decide', ctx.scale) },
];
