/**
 * `npm run bench [-- --only engine --scale 0.2]`: runs every scripts/bench/*.bench.ts
 * (baseline first) against a fresh embedded database (FerretDB v2 + PostgreSQL), prints a table with ratios against
 * the named baselines and writes bench-results/<timestamp>.json.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedDb } from '../src/persistence/embedded/embedded-db';
import type { BenchResult, Benchmark } from './bench/types';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, scale: { type: 'string', default: '1' }, out: { type: 'string', default: 'bench-results' } },
  });
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const dir = path.join(__dirname, 'bench');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort((a, b) => (a.startsWith('baseline') ? -1 : b.startsWith('baseline') ? 1 : a.localeCompare(b)));
  const all: Benchmark[] = [];
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as { benchmarks?: Benchmark[] };
    all.push(...(mod.benchmarks ?? []));
  }
  // Database baselines run only when a selected benchmark needs the database (ratios are taken in the same run).
  const picked = all.filter((b) => !values.only || b.name.includes(values.only));
  const selected = picked.some((b) => b.needsDb && !b.name.startsWith('baseline.'))
    ? [...all.filter((b) => b.name.startsWith('baseline.') && !picked.includes(b)), ...picked]
    : picked;
  const needsDb = selected.some((b) => b.needsDb);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'footage-bench-'));
  chmodSync(tmp, 0o711); // PostgreSQL runs as the postgres user when the bench runs as root
  const db = needsDb ? await startEmbeddedDb({ ferretdbBin: '.tools/bin/ferretdb', dataDir: tmp }) : null;
  const results = new Map<string, BenchResult>();
  try {
    for (const b of selected) {
      if (b.needsDb && !db) continue;
      process.stderr.write(`running ${b.name} ...\n`);
      const r = await b.run({ mongoUri: `${db?.uri ?? ''}`, scale, results });
      results.set(b.name, r);
      process.stderr.write(`  ${b.name}: ${format(r.value)} ${r.unit}\n`);
    }
  } finally {
    await db?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  const rows = [...results.entries()].map(([name, r]) => {
    const base = r.baseline ? results.get(r.baseline) : undefined;
    const ratio = base ? r.value / base.value : undefined;
    return {
      name,
      value: format(r.value),
      unit: r.unit,
      vs: r.baseline ?? '',
      ratio: ratio === undefined ? '' : ratio.toFixed(2),
      target: r.target === undefined ? '' : `>= ${r.target}`,
      ok: ratio === undefined || r.target === undefined ? '' : ratio >= r.target ? 'yes' : 'NO',
      extra: r.extra ? Object.entries(r.extra).map(([k, v]) => `${k}=${v}`).join(' ') : '',
    };
  });
  console.table(rows);
  mkdirSync(values.out ?? 'bench-results', { recursive: true });
  const file = path.join(values.out ?? 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ scale, node: process.version, cpus: os.cpus().length, results: Object.fromEntries(results) }, null, 2));
  console.log(`wrote ${file}`);
}

function format(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
