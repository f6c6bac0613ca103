/**
 * The streamed retention CSV over the whole shared catalog (fixture.ts), over real HTTP
 * (GET /api/v1/reports/retention?format=csv, auditor token) from a separate service process,
 * in recordings/s, against a raw driver cursor scan of the same recordings collection.
 * The service process's resident set is sampled every 20 ms during the report and its peak
 * (VmHWM, which also covers start-up) is checked: target >= 0.5x the scan, peak RSS <= 300 MiB.
 */
import mongoose from 'mongoose';
import { mintToken } from '../../src/auth/tokens';
import { BenchClient } from './client';
import { CATALOG_DB, sharedCatalog } from './fixture';
import { startService } from './server';
import type { Benchmark } from './types';

const MiB = 2 ** 20;

export const benchmarks: Benchmark[] = [
  {
    name: 'raw.cursorScan',
    needsDb: true,
    async run(ctx) {
      const { deps, size } = await sharedCatalog(ctx);
      const client = new mongoose.mongo.MongoClient(ctx.mongoUri);
      await client.connect();
      try {
        const coll = client.db(CATALOG_DB).collection(deps.models.Recording.collection.collectionName);
        let docs = 0;
        const t0 = performance.now();
        for await (const _doc of coll.find({}, { batchSize: 1000 })) docs++;
        const s = (performance.now() - t0) / 1000;
        return { value: docs / s, unit: 'docs/s', extra: { docs, catalog: size, seconds: s.toFixed(1) } };
      } finally {
        await client.close();
      }
    },
  },
  {
    name: 'retention.csv',
    needsDb: true,
    baseline: 'raw.cursorScan',
    async run(ctx) {
      const { deps, size } = await sharedCatalog(ctx);
      const service = await startService(ctx.mongoUri, CATALOG_DB);
      const http = new BenchClient(service.port, mintToken({ sub: 'bench', role: 'auditor' }, 3600, deps.config));
      const before = service.memory();
      let sampledPeak = before.rssMiB;
      const sampler = setInterval(() => {
        sampledPeak = Math.max(sampledPeak, service.memory().rssMiB);
      }, 20);
      try {
        const t0 = performance.now();
        const res = await http.send('GET', '/api/v1/reports/retention?format=csv', { keepText: false });
        const s = (performance.now() - t0) / 1000;
        if (res.status !== 200) throw new Error(`retention report answered ${res.status}`);
        const after = service.memory();
        sampledPeak = Math.max(sampledPeak, after.rssMiB);
        return {
          value: size / s,
          unit: 'recordings/s',
          baseline: 'raw.cursorScan',
          target: 0.5,
          limits: [{ label: 'peak RSS MiB', value: Math.max(after.peakMiB, sampledPeak), max: 300 }],
          extra: {
            recordings: size,
            seconds: s.toFixed(1),
            csvMiB: (res.bytes / MiB).toFixed(1),
            rssBeforeMiB: before.rssMiB.toFixed(0),
            sampledPeakMiB: sampledPeak.toFixed(0),
            vmHwmMiB: after.peakMiB.toFixed(0),
          },
        };
      } finally {
        clearInterval(sampler);
        http.close();
        await service.stop();
      }
    },
  },
];
