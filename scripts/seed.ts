/**
 * `npm run seed -- [--recordings 20000] [--seed 42] [--as-of 2026-11-20] [--years 4] [--batches 3]`
 *
 * Fills the configured database with a deterministic synthetic department (see
 * scripts/support/synthetic.ts): 1,300 cameras across patrol divisions and detective
 * units, ~1,500 officers, cases with event histories of every kind, recordings over the
 * past years, court orders and holds. Everything goes through the same domain services
 * and zod schemas as the API. The same --seed, --recordings and --as-of give the same
 * data (service-assigned ids such as hold and event ids aside); a second run adds nothing.
 * The work itself is in seed-department.ts (shared with the bench fixture); `--batches` sets
 * how many recording batches are in flight.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { type Phase, seedDepartment } from './seed-department';
import { runCli, withDeps } from './cli';

function asOfFrom(s: string | undefined): Date {
  if (!s) {
    const d = new Date();
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 18));
  }
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T18:00:00Z` : s);
  if (Number.isNaN(d.getTime())) throw new Error(`--as-of must be a date like 2026-11-20 (got ${s})`);
  return d;
}

function positiveInt(name: string, s: string | undefined, fallback: number): number {
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (got ${s})`);
  return n;
}

runCli(async () => {
  const { values } = parseArgs({
    options: {
      recordings: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      years: { type: 'string' },
      batches: { type: 'string' },
    },
  });
  const opts = {
    recordings: positiveInt('recordings', values.recordings, 20_000),
    seed: positiveInt('seed', values.seed, 42),
    asOf: asOfFrom(values['as-of']),
    years: Math.max(1, positiveInt('years', values.years, 4)),
    batches: Math.max(1, positiveInt('batches', values.batches, 3)),
  };
  await withDeps(async (deps) => {
    const bars = new cliProgress.MultiBar(
      {
        format: '{phase} |{bar}| {value}/{total} {note}',
        hideCursor: true,
        clearOnComplete: false,
        noTTYOutput: true,
        notTTYSchedule: 10_000,
      },
      cliProgress.Presets.shades_classic,
    );
    const open = new Map<Phase, cliProgress.SingleBar>();
    try {
      const r = await seedDepartment(deps, opts, {
        onPhase: (phase, total) => void open.set(phase, bars.create(total, 0, { phase, note: '' })),
        onProgress: (phase, done) => open.get(phase)?.update(done, { phase, note: '' }),
        onPhaseDone: (phase, seconds) => open.get(phase)?.update({ phase, note: `done in ${seconds.toFixed(1)} s` }),
      });
      bars.stop();
      const t = r.tally;
      const rec = r.phases.find((p) => p.phase === 'recordings');
      console.log(
        `seed ${opts.seed}, as of ${opts.asOf.toISOString()}: ${t.cameras} cameras, ${t.casesCreated} new cases with ${t.events} events, ` +
          `recordings inserted ${t.inserted} / unchanged ${t.unchanged} / updated ${t.updated}, ${t.orders} court orders, ${t.holds} holds` +
          (t.existing ? `; ${t.existing} cases, orders or holds were already present` : ''),
      );
      console.log(
        `took ${r.seconds.toFixed(1)} s (${r.phases.map((p) => `${p.phase} ${p.seconds.toFixed(1)} s`).join(', ')})` +
          (rec && rec.seconds > 0 ? `; ${Math.round(rec.items / rec.seconds).toLocaleString('en-US')} recordings/s` : ''),
      );
    } finally {
      bars.stop();
    }
  });
});
