/**
 * Retention report throughput: the streamed CSV report (the same domain generator the HTTP
 * route and `npm run report:retention` use) over a seeded catalog of 100k × scale recordings,
 * in recordings/s, compared with a raw driver cursor scan (baseline.cursorScan; target >= 0.5).
 * Peak RSS is sampled while the report runs (heap growth without a forced GC is mostly garbage
 * V8 has not collected yet); a second, untimed pass forces a GC every 10 batches and reports
 * the heap actually retained, which stays flat however many rows have been written. `retention.cursorScan` is the
 * raw driver scan of the seeded recordings collection itself (the "same collection"):
 * on FerretDB v1 a scan costs in proportion to document size (each document is decoded from
 * SQLite JSON in the FerretDB process), and a recording with its derived state is ~2.6× the
 * size of a baseline document, so both ratios are reported. A last figure recomputes every
 * row at another date (asOf), which gathers facts per batch.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildServices } from '../../src/domain/services';
import { RetentionReportService } from '../../src/domain/retention/retention-report.service';
import { connectDb } from '../../src/persistence/connection';
import { createModels, ensureSchema } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import { loadRules } from '../../src/rules';
import { seedCatalog } from './retention-seed';
import type { BenchResult, Benchmark } from './types';

const N = 100_000;
const AS_OF = new Date('2026-11-20T18:00:00Z');
const MiB = 2 ** 20;

/** Samples RSS and heap every 20 ms while `fn` runs. */
async function sampled<T>(fn: () => Promise<T>): Promise<{ value: T; peakRss: number; rssBefore: number; peakHeapGrowth: number }> {
  const rssBefore = process.memoryUsage.rss();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = rssBefore;
  let peakHeap = heapBefore;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  try {
    const value = await fn();
    return { value, peakRss, rssBefore, peakHeapGrowth: peakHeap - heapBefore };
  } finally {
    clearInterval(timer);
  }
}

/** Consumes a text stream like an HTTP response would, counting bytes. */
async function drainText(chunks: AsyncGenerator<string>): Promise<number> {
  let bytes = 0;
  await pipeline(
    Readable.from(chunks, { objectMode: true, highWaterMark: 2 }),
    new Writable({
      objectMode: true,
      write(chunk: string, _enc, cb) {
        bytes += Buffer.byteLength(chunk);
        cb();
      },
    }),
  );
  return bytes;
}

let seeded: { uri: string; n: number } | null = null;

interface Catalog {
  report: RetentionReportService;
  /** Raw driver scan of the seeded recordings collection (no mongoose, no projection). */
  rawScan(): Promise<number>;
}

async function withCatalog<T>(mongoUri: string, scale: number, fn: (c: Catalog) => Promise<T>): Promise<T> {
  const db = await connectDb(mongoUri, 'bench_retention');
  try {
    const models = createModels(db.connection);
    const rules = loadRules('rules/missouri');
    const stores = createStores(models);
    const services = buildServices(stores, rules);
    const n = Math.round(N * scale);
    if (!seeded || seeded.uri !== mongoUri || seeded.n !== n) {
      await db.connection.dropDatabase();
      await ensureSchema(models);
      process.stderr.write(`  seeding ${n} recordings ...\n`);
      const s = await seedCatalog(models, { gatherer: services.gatherer, rules }, { seed: 42, recordings: n, asOf: AS_OF, patrolCameras: 900, detectiveCameras: 400, officers: 1500 }, (k) => {
        if (k % 20_000 === 0) process.stderr.write(`    ${k}\n`);
      });
      process.stderr.write(`  seeded ${s.recordings} recordings, ${s.cases} cases, ${s.holds} holds, ${s.orders} orders in ${s.seconds.toFixed(1)} s\n`);
      seeded = { uri: mongoUri, n };
    }
    const rawScan = async () => {
      let count = 0;
      for await (const _doc of models.Recording.collection.find({}, { batchSize: 1000 })) count++;
      return count;
    };
    return await fn({ report: new RetentionReportService(stores.scans, services.gatherer, () => rules), rawScan });
  } finally {
    await db.close();
  }
}

async function measure(report: RetentionReportService, asOf: Date | undefined): Promise<BenchResult> {
  let rows = 0;
  let scanned = 0;
  const t0 = performance.now();
  const { value: bytes, peakRss, rssBefore, peakHeapGrowth } = await sampled(() =>
    drainText(report.render('csv', asOf ? { asOf } : {}, AS_OF, { onBatch: (k) => (scanned = k), onSummary: (s) => (rows = s.total) })),
  );
  const s = (performance.now() - t0) / 1000;
  return {
    value: scanned / s,
    unit: 'recordings/s',
    extra: {
      recordings: scanned,
      rows,
      seconds: s.toFixed(1),
      csvMiB: (bytes / MiB).toFixed(1),
      peakRssMiB: (peakRss / MiB).toFixed(0),
      rssGrowthMiB: ((peakRss - rssBefore) / MiB).toFixed(0),
      heapPeakNoGcMiB: (peakHeapGrowth / MiB).toFixed(0),
    },
  };
}

/** Untimed pass: heap retained (after a forced GC every 10 batches) above the heap before the report. */
async function retainedHeap(report: RetentionReportService): Promise<{ maxMiB: string; lastMiB: string }> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  const base = process.memoryUsage().heapUsed;
  let batches = 0;
  let max = 0;
  let last = 0;
  await drainText(
    report.render('csv', {}, AS_OF, {
      onBatch: () => {
        if (++batches % 10 !== 0) return;
        gc();
        last = process.memoryUsage().heapUsed - base;
        max = Math.max(max, last);
      },
    }),
  );
  return { maxMiB: (max / MiB).toFixed(1), lastMiB: (last / MiB).toFixed(1) };
}

const ratioTo = (r: BenchResult, base: BenchResult | undefined): string => (base ? (r.value / base.value).toFixed(2) : 'n/a');

export const benchmarks: Benchmark[] = [
  {
    name: 'retention.cursorScan',
    needsDb: true,
    async run(ctx) {
      return withCatalog(ctx.mongoUri, ctx.scale, async (c) => {
        const t0 = performance.now();
        const docs = await c.rawScan();
        const s = (performance.now() - t0) / 1000;
        return { value: docs / s, unit: 'docs/s', baseline: 'baseline.cursorScan', extra: { docs, seconds: s.toFixed(1) } };
      });
    },
  },
  {
    name: 'retention.report',
    needsDb: true,
    async run(ctx) {
      return withCatalog(ctx.mongoUri, ctx.scale, async (c) => {
        const r = await measure(c.report, undefined);
        const heap = await retainedHeap(c.report);
        return {
          ...r,
          baseline: 'baseline.cursorScan',
          target: 0.5,
          extra: { ...r.extra, retainedHeapMaxMiB: heap.maxMiB, retainedHeapLastMiB: heap.lastMiB, vsSameCollectionScan: ratioTo(r, ctx.results.get('retention.cursorScan')) },
        };
      });
    },
  },
  {
    name: 'retention.report.asOf',
    needsDb: true,
    async run(ctx) {
      // Every row recomputed a year ahead: facts gathered per batch of 1000, engine per recording.
      const r = await withCatalog(ctx.mongoUri, ctx.scale, (c) => measure(c.report, new Date('2027-11-20T18:00:00Z')));
      return { ...r, baseline: 'baseline.cursorScan', extra: { ...r.extra, vsSameCollectionScan: ratioTo(r, ctx.results.get('retention.cursorScan')) } };
    },
  },
];
