/**
 * `npm run bench [-- --scale 0.1] [--only eligibility]`: starts a fresh embedded database
 * (FerretDB v2 + PostgreSQL), runs the benchmarks of scripts/bench/*.bench.ts in the order
 * below, prints a table (value, baseline, ratio, target, p50/p99, clients, ok) and writes
 * bench-results/bench-<timestamp>.json. The database benchmarks share one catalog of
 * 1,000,000 x scale recordings seeded once with `npm run seed`'s code (bench/fixture.ts);
 * each ratio is against the raw driver on the same database in the same run. Benchmarks
 * marked optional run only when --only names them.
 *
 * `--catalog <mongodb uri>` runs against a catalog seeded there beforehand instead (a 1M seed takes
 * over an hour): `MONGODB_URI=<uri> MONGODB_DB=bench_catalog npm run seed -- --recordings 1000000
 * --as-of 2026-11-20`. No database is started; the benchmarks write into that one.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedDb } from '../src/persistence/embedded/embedded-db';
import { closeCatalog, sharedCatalog } from './bench/fixture';
import type { BenchResult, Benchmark } from './bench/types';

const ORDER = ['engine', 'eligibility', 'retention', 'case-event', 'import', 'rules'];

async function loadBenchmarks(): Promise<Benchmark[]> {
  const dir = path.join(__dirname, 'bench');
  const rank = (f: string) => {
    const i = ORDER.indexOf(f.replace('.bench.ts', ''));
    return i < 0 ? ORDER.length : i;
  };
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const all: Benchmark[] = [];
  for (const f of files) all.push(...((await import(path.join(dir, f))) as { benchmarks: Benchmark[] }).benchmarks);
  return all;
}

/** The picked benchmarks plus the baselines they are compared with, in run order. */
function select(all: Benchmark[], only: string | undefined): Benchmark[] {
  const picked = new Set(all.filter((b) => (only ? b.name.includes(only) : !b.optional)));
  for (const b of [...picked]) {
    const base = all.find((x) => x.name === b.baseline);
    if (base) picked.add(base);
  }
  return all.filter((b) => picked.has(b));
}

const fmt = (v: number | undefined): string => (v === undefined ? '' : v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));

function row(name: string, r: BenchResult, results: ReadonlyMap<string, BenchResult>) {
  const base = r.baseline ? results.get(r.baseline) : undefined;
  const ratio = base ? r.value / base.value : undefined;
  const targets = [...(r.target !== undefined ? [`>= ${r.target}x`] : []), ...(r.limits ?? []).map((l) => `${l.label} <= ${l.max}`)];
  const checks = [
    ...(r.target !== undefined && ratio !== undefined ? [ratio >= r.target] : r.target !== undefined ? [false] : []),
    ...(r.limits ?? []).map((l) => l.value <= l.max),
  ];
  return {
    name,
    value: `${fmt(r.value)} ${r.unit}`,
    baseline: base && r.baseline ? `${fmt(base.value)} (${r.baseline})` : '',
    ratio: ratio === undefined ? '' : ratio.toFixed(2),
    target: targets.join('; '),
    p50ms: fmt(r.p50Ms),
    p99ms: fmt(r.p99Ms),
    clients: r.clients ?? '',
    ok: checks.length === 0 ? '' : checks.every(Boolean) ? 'yes' : 'NO',
    extra: [
      ...(r.limits ?? []).map((l) => `${l.label.replace(/ /g, '')}=${fmt(l.value)}`),
      ...Object.entries(r.extra ?? {}).map(([k, v]) => `${k}=${v}`),
    ].join(' '),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      scale: { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench-results' },
      catalog: { type: 'string' },
    },
  });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const selected = select(await loadBenchmarks(), values.only);
  const needsDb = selected.some((b) => b.needsDb);
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'footage-bench-'));
  chmodSync(tmp, 0o711); // PostgreSQL runs as the postgres user when the bench runs as root
  const catalogUri = values.catalog;
  const db = needsDb && !catalogUri ? await startEmbeddedDb({ ferretdbBin: '.tools/bin/ferretdb', dataDir: tmp }) : null;
  // An interrupted run (a 1M seed takes a while) still stops the database and removes its folder.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`${signal}: stopping the bench database\n`);
      void (db?.stop() ?? Promise.resolve()).finally(() => {
        rmSync(tmp, { recursive: true, force: true });
        process.exit(130);
      });
    });
  }
  const results = new Map<string, BenchResult>();
  let seed: Awaited<ReturnType<typeof sharedCatalog>>['seed'] | null = null;
  try {
    for (const b of selected) {
      if (b.needsDb && !db && !catalogUri) continue;
      const ctx = { mongoUri: catalogUri ?? db?.uri ?? '', scale, results, seeded: catalogUri !== undefined };
      if (b.needsDb && !seed) seed = (await sharedCatalog(ctx)).seed;
      process.stderr.write(`running ${b.name} ...\n`);
      const r = await b.run(ctx);
      results.set(b.name, r);
      process.stderr.write(
        `  ${b.name}: ${fmt(r.value)} ${r.unit}${r.p99Ms !== undefined ? ` (p50 ${fmt(r.p50Ms)} ms, p99 ${fmt(r.p99Ms)} ms)` : ''}\n`,
      );
    }
  } finally {
    await closeCatalog();
    await db?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  console.table([...results.entries()].map(([name, r]) => row(name, r, results)));
  if (seed) {
    const rec = seed.phases.find((p) => p.phase === 'recordings');
    console.log(
      `catalog seeded through the domain services in ${seed.seconds.toFixed(1)} s (${seed.phases.map((p) => `${p.phase} ${p.seconds.toFixed(1)} s`).join(', ')}` +
        `${rec ? `; ${Math.round(rec.items / rec.seconds)} recordings/s` : ''}); whole bench ${(seconds / 60).toFixed(1)} min`,
    );
  }
  mkdirSync(values.out ?? 'bench-results', { recursive: true });
  const file = path.join(values.out ?? 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const table = [...results.entries()].map(([name, r]) => row(name, r, results));
  writeFileSync(
    file,
    JSON.stringify(
      { scale, node: process.version, cpus: os.cpus().length, seconds, seed, table, results: Object.fromEntries(results) },
      null,
      2,
    ),
  );
  console.log(`wrote ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
