/**
 * The baseline every later ratio is measured against: raw MongoDB driver throughput on the
 * same FerretDB (no mongoose, no service code): insertMany docs/s, _id point reads/s, and a
 * full-collection cursor scan docs/s, over recording-shaped documents.
 */
import mongoose from 'mongoose';
import type { Benchmark } from './types';

export const BASELINE_COLLECTION = 'bench_baseline';

/** A document of the same shape and size as a stored recording (content, derived state, audit fields). */
export function recordingLikeDoc(i: number): Record<string, unknown> {
  const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000);
  const hex = i.toString(16).padStart(8, '0');
  return {
    _id: `BWC-${String(i).padStart(9, '0')}`,
    cameraSerial: `CAM-${i % 1300}`,
    officerId: `O-${i % 2000}`,
    unit: `Patrol Division ${i % 6}`,
    recordedAt: at,
    durationSeconds: 300 + (i % 1200),
    sha256: hex.repeat(8),
    sizeBytes: 50_000_000 + i,
    title: `Traffic stop ${i}`,
    category: i % 3 === 0 ? 'non_evidentiary' : 'unclassified',
    location: { address: `${100 + (i % 9000)} Main St`, lat: 39.1, lon: -94.58, nonpublic: i % 20 === 0, kind: i % 20 === 0 ? 'dwelling' : 'public' },
    caseNumbers: i % 10 === 0 ? [`KC-${i % 5000}`] : [],
    flags: {
      mutilatedDeceased: false, juvenileSubject: false, depictsMinor: i % 50 === 0, sexualOffenseVictim: false, undercoverOfficer: false,
      confidentialSource: false, suspectNotInCustody: false, dangerToPerson: false, audio911: false,
    },
    tags: [],
    contentHash: hex.repeat(8),
    release: { outcome: 'withhold', ruleIds: ['MO-ACTIVE'], reviewAt: null, rulesVersion: 'mo-0000000000000000', decidedAt: at },
    reviewAt: null,
    retention: { status: 'retain', retainUntil: new Date(Date.UTC(2025, 0, 1)), blockers: [], ruleIds: ['RET-NONEVIDENTIARY-180D'], rulesVersion: 'mo-0000000000000000', decidedAt: at },
    destruction: null,
    createdAt: at, createdBy: 'feed', updatedAt: at, updatedBy: 'feed',
  };
}

async function withClient<T>(uri: string, fn: (c: InstanceType<typeof mongoose.mongo.MongoClient>) => Promise<T>): Promise<T> {
  const client = new mongoose.mongo.MongoClient(uri);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

const N = 100_000;
const BATCH = 1000;

export const benchmarks: Benchmark[] = [
  {
    name: 'baseline.insertMany',
    needsDb: true,
    async run(ctx) {
      const n = Math.round(N * ctx.scale);
      return withClient(ctx.mongoUri, async (client) => {
        const coll = client.db('bench').collection(BASELINE_COLLECTION);
        await coll.drop().catch(() => undefined);
        const t0 = performance.now();
        for (let i = 0; i < n; i += BATCH) {
          const docs = [];
          for (let j = i; j < Math.min(n, i + BATCH); j++) docs.push(recordingLikeDoc(j));
          await coll.insertMany(docs, { ordered: false });
        }
        const s = (performance.now() - t0) / 1000;
        return { value: n / s, unit: 'docs/s', extra: { docs: n, seconds: s.toFixed(1) } };
      });
    },
  },
  {
    name: 'baseline.idRead',
    needsDb: true,
    async run(ctx) {
      const n = Math.round(N * ctx.scale);
      const reads = Math.max(50, Math.round(400 * ctx.scale));
      const concurrency = 8;
      return withClient(ctx.mongoUri, async (client) => {
        const coll = client.db('bench').collection(BASELINE_COLLECTION);
        let next = 0;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < reads) {
              const i = (next++ * 7919) % n;
              const doc = await coll.findOne({ _id: `BWC-${String(i).padStart(9, '0')}` as never });
              if (!doc) throw new Error(`baseline document ${i} missing`);
            }
          }),
        );
        const s = (performance.now() - t0) / 1000;
        return { value: reads / s, unit: 'reads/s', extra: { reads, concurrency } };
      });
    },
  },
  {
    name: 'baseline.cursorScan',
    needsDb: true,
    async run(ctx) {
      return withClient(ctx.mongoUri, async (client) => {
        const coll = client.db('bench').collection(BASELINE_COLLECTION);
        let count = 0;
        const t0 = performance.now();
        for await (const _doc of coll.find({}, { batchSize: 1000 })) count++;
        const s = (performance.now() - t0) / 1000;
        return { value: count / s, unit: 'docs/s', extra: { docs: count } };
      });
    },
  },
];
