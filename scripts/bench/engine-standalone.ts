/**
 * Quick runner for iterating on engine speed: `npx tsx scripts/bench/engine-standalone.ts [count] [seconds]`.
 * Prints decisions/s over the benchmark mix and the outcome/rule distribution, with the engine
 * compiled as the service runs it (compiled-engine.ts). To compare versions, use engine-ab.ts.
 */
import { compiledEngine } from './compiled-engine';
import { generateMix, MIX_AS_OF } from '../support/engine-mix';

const { createReleaseEngine, loadRuleSet } = compiledEngine();
const count = Number(process.argv[2] ?? 20000);
const seconds = Number(process.argv[3] ?? 2);
const engine = createReleaseEngine(loadRuleSet());
const items = generateMix(count);
const dist = new Map<string, number>();
for (const it of items) {
  const d = engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim);
  const key = `${d.outcome} ${d.reasons[0]?.ruleId ?? ''}`;
  dist.set(key, (dist.get(key) ?? 0) + 1);
}
let n = 0;
let sink = 0;
const start = process.hrtime.bigint();
const deadline = start + BigInt(Math.round(seconds * 1e9));
while (process.hrtime.bigint() < deadline) {
  for (const it of items) {
    sink += engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim).reasons.length;
  }
  n += items.length;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${Math.round(n / elapsed).toLocaleString('en-US')} decisions/s (${n} in ${elapsed.toFixed(2)} s, sink ${sink})`);
for (const [k, v] of [...dist].sort((a, b) => b[1] - a[1])) console.log(`  ${((100 * v) / items.length).toFixed(1).padStart(5)}%  ${k}`);
