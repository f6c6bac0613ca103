/**
 * Bulk import through the real HTTP endpoint: 100k NDJSON lines (x --scale) of a synthetic
 * department POSTed as one chunked request to POST /api/v1/recordings/import (ingest token)
 * on a separate service process, into a fresh database with the department's cameras
 * registered. The body is generated before the clock starts. Baseline (`raw.insertMany`):
 * the very documents the import stored, read back untimed in pages of 1000 and written with
 * the raw driver's insertMany (unordered, 1000 a call) into an empty collection that has the
 * recordings collection's secondary indexes (each index costs every insert on DocumentDB, so a
 * bare collection would measure a different workload); only the inserts are timed. Target >= 0.5x.
 */
import mongoose from 'mongoose';
import { mintToken } from '../../src/auth/tokens';
import { buildDeps } from '../../src/deps';
import { loadConfig } from '../../src/config';
import { CameraInput } from '../../src/domain/catalog/catalog.schemas';
import { ImportSummary } from '../../src/domain/catalog/import.service';
import { generateDepartment } from '../support/synthetic';
import { createLogger } from '../../src/logger';
import { connectDb } from '../../src/persistence/connection';
import { BenchClient } from './client';
import { AS_OF } from './fixture';
import { BENCH_SECRET, startService } from './server';
import type { Benchmark } from './types';

const LINES = 100_000;
const IMPORT_DB = 'bench_import';
const RAW_DB = 'bench_raw';
let imported: { collection: string; n: number } | null = null;

export const benchmarks: Benchmark[] = [
  {
    name: 'import.ndjson',
    needsDb: true,
    baseline: 'raw.insertMany',
    async run(ctx) {
      const n = Math.round(LINES * ctx.scale);
      const config = loadConfig({ JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'silent', MONGODB_URI: ctx.mongoUri, MONGODB_DB: IMPORT_DB });
      const db = await connectDb(ctx.mongoUri, IMPORT_DB);
      const lines: string[] = [];
      try {
        await db.connection.dropDatabase();
        const deps = await buildDeps(config, createLogger('silent'), db, { now: () => AS_OF });
        const actor = { sub: 'bench', role: 'ingest' as const }; // as the evidence system's feed writes them
        for (const item of generateDepartment({ seed: 11, recordings: n, asOf: AS_OF })) {
          if (item.kind === 'camera') await deps.services.cameras.put(item.serial, CameraInput.parse(item.input), actor, AS_OF);
          else if (item.kind === 'recording') lines.push(`${JSON.stringify(item.line)}\n`);
        }
        imported = { collection: deps.models.Recording.collection.collectionName, n };
      } finally {
        await db.close();
      }
      const body = Buffer.from(lines.join(''), 'utf8');
      lines.length = 0;
      const service = await startService(ctx.mongoUri, IMPORT_DB);
      const http = new BenchClient(service.port, mintToken({ sub: 'bench-feed', role: 'ingest' }, 3600, config));
      try {
        const t0 = performance.now();
        const res = await http.send('POST', '/api/v1/recordings/import', { body, type: 'application/x-ndjson' });
        const s = (performance.now() - t0) / 1000;
        if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.text.slice(0, 500)}`);
        const summary = ImportSummary.parse(JSON.parse(res.text));
        if (summary.inserted !== n)
          throw new Error(`expected ${n} inserted, got ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3) })}`);
        const mem = service.memory();
        return {
          value: n / s,
          unit: 'recordings/s',
          baseline: 'raw.insertMany',
          target: 0.5,
          extra: {
            lines: n,
            seconds: s.toFixed(1),
            bodyMiB: (body.length / 2 ** 20).toFixed(1),
            servicePeakRssMiB: mem.peakMiB.toFixed(0),
          },
        };
      } finally {
        http.close();
        await service.stop();
      }
    },
  },
  {
    name: 'raw.insertMany',
    needsDb: true,
    async run(ctx) {
      if (!imported) throw new Error('raw.insertMany copies what import.ndjson stored: run import.ndjson first');
      const client = new mongoose.mongo.MongoClient(ctx.mongoUri);
      await client.connect();
      try {
        const source = client.db(IMPORT_DB).collection<{ _id: string }>(imported.collection);
        const target = client.db(RAW_DB).collection<{ _id: string }>('recordings');
        await target.drop().catch(() => undefined);
        await client.db(RAW_DB).createCollection('recordings');
        let indexes = 0;
        for (const { key, name, v: _v, ns: _ns, ...options } of await source.indexes()) {
          if (name === '_id_') continue;
          await target.createIndex(key, { name, ...options });
          indexes += 1;
        }
        let timed = 0;
        let docs = 0;
        let after = '';
        for (;;) {
          const page = await source
            .find({ _id: { $gt: after } })
            .sort({ _id: 1 })
            .limit(1000)
            .toArray();
          const last = page.at(-1);
          if (!last) break;
          after = last._id;
          const t0 = performance.now();
          await target.insertMany(page, { ordered: false });
          timed += performance.now() - t0;
          docs += page.length;
        }
        const s = timed / 1000;
        return { value: docs / s, unit: 'docs/s', extra: { docs, seconds: s.toFixed(1), secondaryIndexes: indexes } };
      } finally {
        await client.close();
      }
    },
  },
];
