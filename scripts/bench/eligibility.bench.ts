/**
 * API and re-evaluation benchmarks over a synthetic department loaded through the domain
 * services: eligibility answers/s for single-recording GETs over real HTTP (ratio to raw
 * driver _id reads on a collection of the same size), and the full re-evaluation of the
 * catalog under a rule set (what a rules change triggers), recordings/s.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { mintToken } from '../../src/auth/tokens';
import { buildDeps } from '../../src/bootstrap';
import { CameraInput, CaseEventInput, CaseInput, RecordingImportLine } from '../../src/domain/catalog/catalog.schemas';
import { generateDepartment } from '../../src/domain/catalog/synthetic';
import { loadConfig } from '../../src/config';
import type { HttpDeps } from '../../src/http/deps';
import { createLogger } from '../../src/logger';
import { connectDb } from '../../src/persistence/connection';
import type { BenchContext, Benchmark } from './types';

const N = 100_000;
const SECRET = 'bench-secret-bench-secret-bench-secret-0000';
const actor = { sub: 'bench', role: 'admin' as const };
let loaded: { deps: HttpDeps; ids: string[]; close: () => Promise<void> } | null = null;

async function load(ctx: BenchContext) {
  if (loaded) return loaded;
  const config = loadConfig({ JWT_SECRET: SECRET, LOG_LEVEL: 'silent', MONGODB_URI: ctx.mongoUri, MONGODB_DB: 'bench_elig' });
  const db = await connectDb(ctx.mongoUri, 'bench_elig');
  const now = new Date('2026-11-20T18:00:00Z');
  const deps = await buildDeps(config, createLogger('silent'), db, { now: () => now });
  const s = deps.services;
  const ids: string[] = [];
  let batch: Parameters<typeof s.recordings.upsertBatch>[0] = [];
  const t0 = performance.now();
  for (const item of generateDepartment({ seed: 7, recordings: Math.round(N * ctx.scale), asOf: now })) {
    if (item.kind === 'camera') await s.cameras.put(item.serial, CameraInput.parse(item.input), actor, now);
    else if (item.kind === 'case') {
      await s.cases.put(item.caseNumber, CaseInput.parse(item.input), actor, now);
      for (const e of item.events) await s.cases.addEvent(item.caseNumber, CaseEventInput.parse(e), actor, now);
    } else if (item.kind === 'recording') {
      const { recordingId, ...input } = RecordingImportLine.parse(item.line);
      batch.push({ recordingId, input, ref: ids.length });
      ids.push(recordingId);
      if (batch.length === 1000) {
        await s.recordings.upsertBatch(batch, actor, now);
        batch = [];
        process.stderr.write(`\r  loaded ${ids.length} recordings (${Math.round((performance.now() - t0) / 1000)} s)`);
      }
    }
  }
  if (batch.length) await s.recordings.upsertBatch(batch, actor, now);
  process.stderr.write('\n');
  loaded = { deps, ids, close: () => db.close() };
  return loaded;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'api.eligibility',
    needsDb: true,
    async run(ctx) {
      const { deps, ids } = await load(ctx);
      const server = http.createServer(createApp(deps).callback());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as AddressInfo).port;
      const token = mintToken({ sub: 'bench', role: 'clerk' }, 3600, deps.config);
      const requests = Math.max(50, Math.round(400 * ctx.scale));
      const concurrency = 8;
      let next = 0;
      let failures = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) {
            const id = ids[(next++ * 7919) % ids.length];
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/recordings/${id}/eligibility?requester=public`, { headers: { Authorization: `Bearer ${token}` } });
            if (res.status !== 200) failures++;
            await res.arrayBuffer();
          }
        }),
      );
      const s = (performance.now() - t0) / 1000;
      await new Promise<void>((r) => server.close(() => r()));
      if (failures) throw new Error(`${failures} eligibility requests failed`);
      return { value: requests / s, unit: 'answers/s', baseline: 'baseline.idRead', target: 0.5, extra: { requests, concurrency, catalog: ids.length } };
    },
  },
  {
    // A full re-evaluation of the catalog under a rule set (what the impact preview and a
    // post-change sweep compute): cursor scan + fact gathering per batch + both engines.
    name: 'rules.reevaluate',
    needsDb: true,
    async run(ctx) {
      const { deps, ids, close } = await load(ctx);
      const t0 = performance.now();
      const report = await deps.services.impact.preview(deps.services.rules, new Date('2027-01-01T00:00:00Z'));
      const s = (performance.now() - t0) / 1000;
      await close();
      loaded = null;
      return { value: report.recordings / s, unit: 'recordings/s', baseline: 'baseline.cursorScan', extra: { recordings: report.recordings, catalog: ids.length, seconds: s.toFixed(1) } };
    },
  },
];
