/**
 * The shared catalog of the database benchmarks: seeded once per bench run with the same
 * code as `npm run seed` (seed-department.ts, through the domain services) into the database
 * `bench_catalog`, 1,000,000 recordings x --scale. Keeps a uniform sample of recording ids
 * (reservoir) rather than every id, so the bench process stays small.
 */
import type { AppDepsWithDb } from '../../src/deps';
import { buildDeps } from '../../src/deps';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { connectDb } from '../../src/persistence/connection';
import { type SeedReport, seedDepartment } from '../seed-department';
import { BENCH_SECRET } from './server';
import type { BenchContext } from './types';

export const CATALOG_DB = 'bench_catalog';
export const CATALOG_SIZE = 1_000_000;
export const AS_OF = new Date('2026-11-20T18:00:00Z');
const SAMPLE = 20_000;

export interface Catalog {
  deps: AppDepsWithDb;
  size: number;
  /** Up to 20,000 recording ids drawn uniformly from the catalog. */
  sampleIds: string[];
  /** Null when the catalog was seeded before the run (--catalog). */
  seed: SeedReport | null;
}

/** A uniform sample of SAMPLE ids from a stream of them (reservoir sampling). */
function reservoir(): { sampleIds: string[]; seen: () => number; add: (id: string) => void } {
  const sampleIds: string[] = [];
  let seen = 0;
  return {
    sampleIds,
    seen: () => seen,
    add(id) {
      seen += 1;
      if (sampleIds.length < SAMPLE) sampleIds.push(id);
      else {
        const j = Math.floor(Math.random() * seen);
        if (j < SAMPLE) sampleIds[j] = id;
      }
    },
  };
}

let catalog: Promise<Catalog> | null = null;

/** Seeded on first use; later benchmarks in the same run share it. */
export function sharedCatalog(ctx: BenchContext): Promise<Catalog> {
  catalog ??= ctx.seeded ? attachCatalog(ctx) : seedCatalog(ctx);
  return catalog;
}

export async function closeCatalog(): Promise<void> {
  if (!catalog) return;
  const c = await catalog.catch(() => null);
  catalog = null;
  await c?.deps.db.close();
}

async function connect(ctx: BenchContext): Promise<AppDepsWithDb> {
  const config = loadConfig({ JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent', MONGODB_URI: ctx.mongoUri, MONGODB_DB: CATALOG_DB });
  const db = await connectDb(ctx.mongoUri, CATALOG_DB);
  return buildDeps(config, createLogger('silent'), db, { now: () => AS_OF });
}

/** A catalog seeded before the run (--catalog): its size and a sample of its ids, read through the _id index. */
async function attachCatalog(ctx: BenchContext): Promise<Catalog> {
  const deps = await connect(ctx);
  const sample = reservoir();
  for await (const d of deps.models.Recording.collection.find<{ _id: string }>({}, { projection: { _id: 1 } })) sample.add(d._id);
  process.stderr.write(`  the catalog seeded before the run: ${sample.seen().toLocaleString('en-US')} recordings\n`);
  return { deps, size: sample.seen(), sampleIds: sample.sampleIds, seed: null };
}

async function seedCatalog(ctx: BenchContext): Promise<Catalog> {
  const size = Math.round(CATALOG_SIZE * ctx.scale);
  const deps = await connect(ctx);
  const sample = reservoir();
  let lastNote = 0;
  process.stderr.write(`  seeding the shared catalog: ${size.toLocaleString('en-US')} recordings (npm run seed's code) ...\n`);
  const seed = await seedDepartment(
    deps,
    { seed: 42, recordings: size, asOf: AS_OF, years: 4 },
    {
      onRecordingId: sample.add,
      onProgress: (phase, done) => {
        const t = performance.now();
        if (t - lastNote < 15_000) return;
        lastNote = t;
        process.stderr.write(`    ${phase}: ${done.toLocaleString('en-US')}\n`);
      },
      onPhaseDone: (phase, seconds) => process.stderr.write(`    ${phase} done in ${seconds.toFixed(1)} s\n`),
    },
  );
  const rec = seed.phases.find((p) => p.phase === 'recordings');
  process.stderr.write(
    `  seeded in ${seed.seconds.toFixed(1)} s (${rec ? Math.round(rec.items / rec.seconds) : 0} recordings/s in the recordings phase)\n`,
  );
  return { deps, size, sampleIds: sample.sampleIds, seed };
}
