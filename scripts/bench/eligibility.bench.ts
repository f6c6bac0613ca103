/**
 * Eligibility over real HTTP on the shared catalog (fixture.ts): GET
 * /api/v1/recordings/:id/eligibility with a clerk token, against a separate service process,
 * 1 client and 16 concurrent clients, random ids over the whole catalog. Baseline: the raw
 * driver's `_id` findOne on the same recordings collection, 1 and 16 in flight.
 * Targets: >= 0.5x the raw throughput, p99 <= 25 ms.
 */
import mongoose from 'mongoose';
import { mintToken } from '../../src/auth/tokens';
import { BenchClient } from './client';
import { CATALOG_DB, sharedCatalog } from './fixture';
import { type LoadResult, closedLoop } from './load';
import { startService } from './server';
import type { BenchContext, BenchResult, Benchmark } from './types';

const CLIENTS = [1, 16] as const;
const ops = (scale: number, clients: number) =>
  Math.max(clients === 1 ? 300 : 1000, Math.round((clients === 1 ? 2000 : 6000) * Math.min(1, scale * 4)));
const pick = (ids: readonly string[], i: number) => ids[(i * 7919) % ids.length] ?? '';

function asResult(r: LoadResult, unit: string, extra: Record<string, number | string> = {}): BenchResult {
  return {
    value: r.perSecond,
    unit,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    clients: r.clients,
    extra: { ops: r.ops, maxMs: r.maxMs.toFixed(1), ...extra },
  };
}

async function rawReads(ctx: BenchContext, clients: number): Promise<BenchResult> {
  const { sampleIds, size, deps } = await sharedCatalog(ctx);
  const client = new mongoose.mongo.MongoClient(ctx.mongoUri, { maxPoolSize: 32 });
  await client.connect();
  try {
    const coll = client.db(CATALOG_DB).collection<{ _id: string }>(deps.models.Recording.collection.collectionName);
    const read = async (i: number) => {
      if (!(await coll.findOne({ _id: pick(sampleIds, i) }))) throw new Error(`recording ${pick(sampleIds, i)} missing`);
    };
    await closedLoop(200, clients, (i) => read(i + 100_000));
    return asResult(await closedLoop(ops(ctx.scale, clients), clients, read), 'reads/s', { catalog: size });
  } finally {
    await client.close();
  }
}

async function httpReads(ctx: BenchContext, clients: number): Promise<BenchResult> {
  const { sampleIds, size, deps } = await sharedCatalog(ctx);
  const service = await startService(ctx.mongoUri, CATALOG_DB);
  const http = new BenchClient(service.port, mintToken({ sub: 'bench', role: 'clerk' }, 3600, deps.config));
  let failures = 0;
  const get = async (i: number) => {
    const res = await http.send('GET', `/api/v1/recordings/${pick(sampleIds, i)}/eligibility?requester=public`);
    if (res.status !== 200 && failures++ === 0) process.stderr.write(`  eligibility answered ${res.status}: ${res.text.slice(0, 300)}\n`);
  };
  try {
    await closedLoop(200, clients, (i) => get(i + 100_000));
    const r = await closedLoop(ops(ctx.scale, clients), clients, get);
    if (failures) throw new Error(`${failures} eligibility requests failed`);
    return {
      ...asResult(r, 'answers/s', { catalog: size, serviceRssMiB: service.memory().rssMiB.toFixed(0) }),
      limits: [{ label: 'p99 ms', value: r.p99Ms, max: 25 }],
    };
  } finally {
    http.close();
    await service.stop();
  }
}

export const benchmarks: Benchmark[] = CLIENTS.flatMap((clients): Benchmark[] => [
  { name: `raw.idRead.c${clients}`, needsDb: true, run: (ctx) => rawReads(ctx, clients) },
  {
    name: `api.eligibility.c${clients}`,
    needsDb: true,
    baseline: `raw.idRead.c${clients}`,
    run: async (ctx) => ({ ...(await httpReads(ctx, clients)), baseline: `raw.idRead.c${clients}`, target: 0.5 }),
  },
]);
