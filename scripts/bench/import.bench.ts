/**
 * Bulk import throughput through the real HTTP endpoint: 100k NDJSON lines (x scale) of
 * the synthetic department POSTed as one chunked request to POST /api/v1/recordings/import
 * on a loopback server, into a fresh database with the department's cameras registered.
 * Compared with the raw driver's insertMany (baseline.insertMany). The body is generated
 * before the clock starts (so generation is not measured) and written with backpressure.
 * Cases are not registered: their links resolve to unknown cases, which costs the engine
 * about the same, and registering thousands of cases is not what this measures.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app';
import { mintToken } from '../../src/auth/tokens';
import { buildDeps } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { CameraInput } from '../../src/domain/catalog/catalog.schemas';
import { ImportSummary } from '../../src/domain/catalog/import.service';
import { generateDepartment } from '../../src/domain/catalog/synthetic';
import { createLogger } from '../../src/logger';
import { connectDb } from '../../src/persistence/connection';
import type { Benchmark } from './types';

const N = 100_000;
const SECRET = 'bench-secret-bench-secret-bench-secret-0000';
const PATH = '/api/v1/recordings/import';
const CHUNK = 64 * 1024;

function post(port: number, token: string, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: PATH, method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    let offset = 0;
    const pump = () => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'import.ndjson',
    needsDb: true,
    async run(ctx) {
      const n = Math.round(N * ctx.scale);
      const dbName = `bench_import_${Date.now()}`;
      const config = loadConfig({ JWT_SECRET: SECRET, LOG_LEVEL: 'silent', MONGODB_URI: ctx.mongoUri, MONGODB_DB: dbName });
      const db = await connectDb(ctx.mongoUri, dbName);
      const now = new Date('2026-11-20T18:00:00Z');
      const deps = await buildDeps(config, createLogger('silent'), db, { now: () => now });
      const actor = { sub: 'bench', role: 'admin' as const };
      const lines: string[] = [];
      for (const item of generateDepartment({ seed: 11, recordings: n, asOf: now })) {
        if (item.kind === 'camera') await deps.services.cameras.put(item.serial, CameraInput.parse(item.input), actor, now);
        else if (item.kind === 'recording') lines.push(`${JSON.stringify(item.line)}\n`);
      }
      const body = Buffer.from(lines.join(''), 'utf8');
      lines.length = 0;

      const app = createApp(deps);
      const server = http.createServer(app.callback());
      server.requestTimeout = 0;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const token = mintToken({ sub: 'bench-feed', role: 'ingest' }, 3600, config);

      const rssStart = process.memoryUsage().rss;
      let rssPeak = rssStart;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }, 50);
      try {
        const t0 = performance.now();
        const res = await post(port, token, body);
        const s = (performance.now() - t0) / 1000;
        if (res.status !== 200) throw new Error(`import answered ${res.status}: ${res.text.slice(0, 500)}`);
        const summary = ImportSummary.parse(JSON.parse(res.text));
        if (summary.inserted !== n) throw new Error(`expected ${n} inserted, got ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 3) })}`);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
        return {
          value: n / s,
          unit: 'recordings/s',
          baseline: 'baseline.insertMany',
          target: 0.5,
          extra: {
            lines: n,
            seconds: s.toFixed(1),
            bodyMiB: (body.length / 2 ** 20).toFixed(1),
            peakRssMiB: (rssPeak / 2 ** 20).toFixed(0),
            rssGrowthMiB: ((rssPeak - rssStart) / 2 ** 20).toFixed(0),
          },
        };
      } finally {
        clearInterval(sampler);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await db.close();
      }
    },
  },
];
