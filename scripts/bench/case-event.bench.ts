/**
 * A case event that re-decides 200 linked recordings, end to end over real HTTP: POST
 * /api/v1/cases/:caseNumber/events (prosecutor token) to a separate service process, on the
 * shared catalog (fixture.ts) with one case that 200 recordings name. The recordings are
 * copies of synthetic ones with new ids, written through recordings.upsertBatch. Median of
 * 9 events (after one warm-up), target <= 250 ms.
 */
import { mintToken } from '../../src/auth/tokens';
import { RecordingImportLine } from '../../src/domain/catalog/catalog.schemas';
import type { BatchItem } from '../../src/domain/catalog/recordings.service';
import { generateDepartment } from '../support/synthetic';
import { BenchClient } from './client';
import { AS_OF, CATALOG_DB, sharedCatalog } from './fixture';
import { percentile } from './load';
import { startService } from './server';
import type { Benchmark } from './types';

const CASE = 'BENCH-CASE-200';
const LINKED = 200;
const EVENTS = [
  'charged',
  'dismissed',
  'charged',
  'convicted',
  'acquitted',
  'charged',
  'dismissed',
  'charged',
  'convicted',
  'charged',
] as const;

export const benchmarks: Benchmark[] = [
  {
    name: 'case.event.200',
    needsDb: true,
    async run(ctx) {
      const { deps } = await sharedCatalog(ctx);
      const s = deps.services;
      const actor = { sub: 'bench', role: 'ingest' as const }; // as the evidence system's feed writes them
      await s.cases.put(CASE, { offenseClass: 'felony', offenseDate: '2026-06-01', juvenile: false, defendants: [] }, actor, AS_OF);
      const items: BatchItem[] = [];
      for (const item of generateDepartment({ seed: 5, recordings: LINKED, asOf: AS_OF })) {
        if (item.kind !== 'recording') continue;
        const { recordingId, ...input } = RecordingImportLine.parse({ ...item.line, caseNumbers: [CASE] });
        items.push({ recordingId: `BENCH-${recordingId}`, input, ref: items.length });
      }
      const outcomes = await s.recordings.upsertBatch(items, actor, AS_OF);
      const rejected = outcomes.filter((o) => o.result === 'rejected');
      if (rejected.length) throw new Error(`${rejected.length} linked recordings rejected: ${JSON.stringify(rejected[0])}`);
      const linked = (await s.cases.linkedRecordings(CASE)).length;

      const service = await startService(ctx.mongoUri, CATALOG_DB);
      const http = new BenchClient(service.port, mintToken({ sub: 'bench', role: 'prosecutor' }, 3600, deps.config));
      const times: number[] = [];
      try {
        for (const [i, type] of EVENTS.entries()) {
          const body = Buffer.from(
            JSON.stringify({ type, date: `2026-${String(7 + Math.floor(i / 3)).padStart(2, '0')}-${String(10 + i).padStart(2, '0')}` }),
          );
          const t0 = performance.now();
          const res = await http.send('POST', `/api/v1/cases/${CASE}/events`, { body, type: 'application/json' });
          const ms = performance.now() - t0;
          if (res.status !== 201) throw new Error(`case event answered ${res.status}: ${res.text.slice(0, 300)}`);
          if (i > 0) times.push(ms);
        }
      } finally {
        http.close();
        await service.stop();
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 50);
      return {
        value: median,
        unit: 'ms',
        limits: [{ label: 'median ms', value: median, max: 250 }],
        extra: { linked, events: times.length, minMs: (times[0] ?? 0).toFixed(0), maxMs: (times.at(-1) ?? 0).toFixed(0) },
      };
    },
  },
];
