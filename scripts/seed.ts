/**
 * `npm run seed -- [--recordings 20000] [--seed 42] [--as-of 2026-11-20] [--years 4]`
 *
 * Fills the configured database with a deterministic synthetic department (see
 * src/domain/catalog/synthetic.ts): 1,300 cameras across patrol divisions and detective
 * units, ~1,500 officers, cases with event histories of every kind, recordings over the
 * past years, court orders and holds. Everything goes through the same domain services
 * and zod schemas as the API. The same --seed, --recordings and --as-of give the same
 * data (service-assigned ids such as hold and event ids aside); a second run adds nothing.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Actor } from '../src/auth/roles';
import { CameraInput, CaseEventInput, CaseInput, CourtOrderInput, HoldInput, RecordingImportLine } from '../src/domain/catalog/catalog.schemas';
import type { BatchItem } from '../src/domain/catalog/recordings.service';
import { type SyntheticItem, departmentCounts, generateDepartment } from '../src/domain/catalog/synthetic';
import { AppError } from '../src/errors';
import type { AppDeps } from '../src/bootstrap';
import { runCli, withDeps } from './cli';

/** Runs up to `size` tasks at once; the first failure stops the seed. */
class Pool {
  private running = new Set<Promise<void>>();
  private error: unknown = null;
  constructor(private readonly size: number) {}

  async add(task: () => Promise<void>): Promise<void> {
    if (this.error) throw this.error;
    while (this.running.size >= this.size) await Promise.race(this.running);
    if (this.error) throw this.error;
    const p: Promise<void> = task()
      .catch((e: unknown) => {
        this.error ??= e;
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    if (this.error) throw this.error;
  }
}

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

const PHASES: Record<SyntheticItem['kind'], string> = { camera: 'cameras', case: 'cases', recording: 'recordings', order: 'orders and holds', hold: 'orders and holds' };

async function seed(deps: AppDeps, opts: { seed: number; recordings: number; asOf: Date; years: number }): Promise<void> {
  const s = deps.services;
  const actor: Actor = { sub: 'seed', role: 'admin' };
  const now = deps.now();
  const counts = departmentCounts(opts);
  const totals: Record<string, number> = { cameras: counts.cameras, cases: counts.cases, recordings: counts.recordings, 'orders and holds': counts.orders + counts.holds };
  const tally = { cameras: 0, casesCreated: 0, events: 0, inserted: 0, unchanged: 0, updated: 0, rejected: 0, orders: 0, holds: 0, existing: 0 };
  const bars = new cliProgress.MultiBar({ format: '{phase} |{bar}| {value}/{total} {note}', hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 10_000 }, cliProgress.Presets.shades_classic);
  let phase = '';
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  let phaseStart = performance.now();
  const pool = new Pool(8);
  const batches = new Pool(2);
  let batch: BatchItem[] = [];
  const tick = (n = 1) => {
    done += n;
    bar?.update(done, { phase, note: '' });
  };
  const sendBatch = async () => {
    const items = batch;
    batch = [];
    if (!items.length) return;
    await batches.add(async () => {
      for (const o of await s.recordings.upsertBatch(items, actor, now)) {
        if (o.result === 'rejected') throw new Error(`recording ${o.recordingId}: ${o.field}: ${o.message}`);
        tally[o.result] += 1;
      }
      tick(items.length);
    });
  };
  const finishPhase = async () => {
    await sendBatch();
    await batches.drain();
    await pool.drain();
    bar?.update(done, { phase, note: `done in ${((performance.now() - phaseStart) / 1000).toFixed(1)} s` });
  };
  try {
    for (const item of generateDepartment(opts)) {
      if (PHASES[item.kind] !== phase) {
        await finishPhase();
        phase = PHASES[item.kind];
        done = 0;
        phaseStart = performance.now();
        bar = bars.create(totals[phase] ?? 0, 0, { phase, note: '' });
      }
      switch (item.kind) {
        case 'camera':
          await pool.add(async () => {
            await s.cameras.put(item.serial, CameraInput.parse(item.input), actor, now);
            tally.cameras += 1;
            tick();
          });
          break;
        case 'case':
          await pool.add(async () => {
            // Events are appended, not upserted: a case seeded before keeps its history untouched
            // (and is not re-put: each put re-derives the case's linked recordings).
            if (await s.cases.get(item.caseNumber)) {
              tally.existing += 1;
            } else {
              await s.cases.put(item.caseNumber, CaseInput.parse(item.input), actor, now);
              tally.casesCreated += 1;
              for (const e of item.events) await s.cases.addEvent(item.caseNumber, CaseEventInput.parse(e), actor, now);
              tally.events += item.events.length;
            }
            tick();
          });
          break;
        case 'recording': {
          const { recordingId, ...input } = RecordingImportLine.parse(item.line);
          batch.push({ recordingId, input, ref: batch.length });
          if (batch.length >= 1000) await sendBatch();
          break;
        }
        case 'order':
          await pool.add(async () => {
            try {
              await s.orders.create(CourtOrderInput.parse(item.input), actor, now);
              tally.orders += 1;
            } catch (e) {
              if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
              tally.existing += 1;
            }
            tick();
          });
          break;
        case 'hold': {
          const input = HoldInput.parse(item.input);
          const scope = input.caseNumber ? { caseNumber: input.caseNumber } : { recordingIds: input.recordingIds ?? [] };
          // Holds get a fresh id each time: look for the same hold before placing it again.
          if (await deps.models.Hold.exists({ reason: input.reason, authority: input.authority, ...scope })) tally.existing += 1;
          else {
            await s.holds.create(input, actor, now);
            tally.holds += 1;
          }
          tick();
          break;
        }
      }
    }
    await finishPhase();
  } finally {
    bars.stop();
  }
  console.log(
    `seed ${opts.seed}, as of ${opts.asOf.toISOString()}: ${tally.cameras} cameras, ${tally.casesCreated} new cases with ${tally.events} events, ` +
      `recordings inserted ${tally.inserted} / unchanged ${tally.unchanged} / updated ${tally.updated}, ${tally.orders} court orders, ${tally.holds} holds` +
      (tally.existing ? `; ${tally.existing} cases, orders or holds were already present` : ''),
  );
}

runCli(async () => {
  const { values } = parseArgs({
    options: { recordings: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, years: { type: 'string' } },
  });
  const opts = {
    recordings: positiveInt('recordings', values.recordings, 20_000),
    seed: positiveInt('seed', values.seed, 42),
    asOf: asOfFrom(values['as-of']),
    years: Math.max(1, positiveInt('years', values.years, 4)),
  };
  await withDeps((deps) => seed(deps, opts));
});
