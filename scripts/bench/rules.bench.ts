/**
 * Optional (`--only rules`): the full re-evaluation of the shared catalog under a rule set
 * (what the impact preview and a post-change sweep compute): cursor scan + fact gathering
 * per batch + both engines, recordings/s against the raw cursor scan.
 */
import { sharedCatalog } from './fixture';
import type { Benchmark } from './types';

export const benchmarks: Benchmark[] = [
  {
    name: 'rules.reevaluate',
    needsDb: true,
    optional: true,
    baseline: 'raw.cursorScan',
    async run(ctx) {
      const { deps, size } = await sharedCatalog(ctx);
      const t0 = performance.now();
      const report = await deps.services.impact.preview(deps.services.rules, new Date('2027-01-01T00:00:00Z'));
      const s = (performance.now() - t0) / 1000;
      return {
        value: report.recordings / s,
        unit: 'recordings/s',
        baseline: 'raw.cursorScan',
        extra: { recordings: report.recordings, catalog: size, seconds: s.toFixed(1) },
      };
    },
  },
];
