/**
 * Seeds a deterministic synthetic department (scripts/support/synthetic.ts) through the
 * domain services and the API's zod schemas: used by `npm run seed` and by the bench fixture.
 *
 * Phases follow the generator's order: cameras, cases with their events, court orders and
 * holds, then recordings; court orders that name recordings by id go in after the recordings
 * (the service refuses an order naming a recording the catalog does not hold). Cases go in
 * batches through `cases.createMany`; other small items run `parallel` service calls at once; recordings go in
 * batches of `batchSize` through `recordings.upsertBatch`, `batches` batches in flight, so
 * the engine work of one batch overlaps the database writes of the others.
 */
import type { Actor } from '../src/auth/roles';
import type { AppDepsWithDb } from '../src/deps';
import {
  CameraInput,
  CaseEventInput,
  CaseInput,
  CourtOrderInput,
  HoldInput,
  RecordingImportLine,
} from '../src/domain/catalog/catalog.schemas';
import type { NewCase } from '../src/domain/catalog/cases.service';
import type { BatchItem } from '../src/domain/catalog/recordings.service';
import { type DepartmentCounts, type SyntheticItem, departmentCounts, generateDepartment } from './support/synthetic';
import { AppError } from '../src/errors';
import { reconcileAll } from '../src/domain/retention/retention-tally';

/** Runs up to `size` tasks at once; the first failure stops the seed. */
export class Pool {
  private running = new Set<Promise<void>>();
  private error: Error | null = null;
  constructor(private readonly size: number) {}

  /** Throws the first task's failure, if one failed (a task may fail while `add` waits). */
  private rethrow(): void {
    if (this.error) throw this.error;
  }

  async add(task: () => Promise<void>): Promise<void> {
    this.rethrow();
    while (this.running.size >= this.size) await Promise.race(this.running);
    this.rethrow();
    const p: Promise<void> = task()
      .catch((e: unknown) => {
        this.error ??= e instanceof Error ? e : new Error(String(e));
      })
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.rethrow();
  }
}

type SyntheticOrderInput = Extract<SyntheticItem, { kind: 'order' }>['input'];

export type Phase = 'cameras' | 'cases' | 'orders and holds' | 'recordings' | 'indexes' | 'retention counts' | 'review queue';
const PHASES: Record<SyntheticItem['kind'], Phase> = {
  camera: 'cameras',
  case: 'cases',
  recording: 'recordings',
  order: 'orders and holds',
  hold: 'orders and holds',
};

export interface SeedOptions {
  seed: number;
  recordings: number;
  asOf: Date;
  years: number;
  /** Recordings per upsertBatch call (default 1000). */
  batchSize?: number;
  /** Recording batches in flight (default 3). */
  batches?: number;
  /** Cameras, cases, orders in flight (default 16). */
  parallel?: number;
  /** Build the recordings' secondary indexes after loading an empty catalog (default true). */
  deferIndexes?: boolean;
}

export interface SeedTally {
  cameras: number;
  casesCreated: number;
  events: number;
  inserted: number;
  unchanged: number;
  updated: number;
  orders: number;
  holds: number;
  existing: number;
}

export interface SeedReport {
  tally: SeedTally;
  counts: DepartmentCounts;
  /** Seconds per phase, in order. */
  phases: { phase: Phase; items: number; seconds: number }[];
  seconds: number;
}

export interface SeedHooks {
  onPhase?(phase: Phase, total: number): void;
  onProgress?(phase: Phase, done: number): void;
  onPhaseDone?(phase: Phase, seconds: number): void;
  /** Every recording id as it is generated (the bench keeps a sample). */
  onRecordingId?(id: string): void;
}

/**
 * Seeds, then builds the review queue once over the whole catalog (into an empty queue, with its
 * indexes built after the inserts: QueueMaintainer.buildEmpty): kept current batch by batch, its
 * look-up of each case's recordings in review would scan the recordings collection while its
 * indexes are deferred (see below).
 */
export async function seedDepartment(deps: AppDepsWithDb, opts: SeedOptions, hooks: SeedHooks = {}): Promise<SeedReport> {
  const report = await deps.services.derived.withoutFollower(() => seedWithoutQueue(deps, opts, hooks));
  const t = performance.now();
  hooks.onPhase?.('review queue', 0);
  await deps.services.reviewQueue.buildEmpty(deps.now());
  const seconds = (performance.now() - t) / 1000;
  report.phases.push({ phase: 'review queue', items: 0, seconds });
  report.seconds += seconds;
  hooks.onPhaseDone?.('review queue', seconds);
  return report;
}

async function seedWithoutQueue(deps: AppDepsWithDb, opts: SeedOptions, hooks: SeedHooks): Promise<SeedReport> {
  const s = deps.services;
  const actor: Actor = { sub: 'seed', role: 'admin' };
  const now = deps.now();
  const counts = departmentCounts(opts);
  const totals: Record<Phase, number> = {
    cameras: counts.cameras,
    cases: counts.cases,
    recordings: counts.recordings,
    'orders and holds': counts.orders + counts.holds,
    indexes: 0,
    'retention counts': counts.recordings,
    'review queue': 0,
  };
  const tally: SeedTally = {
    cameras: 0,
    casesCreated: 0,
    events: 0,
    inserted: 0,
    unchanged: 0,
    updated: 0,
    orders: 0,
    holds: 0,
    existing: 0,
  };
  const report: SeedReport = { tally, counts, phases: [], seconds: 0 };
  const t0 = performance.now();
  const batchSize = opts.batchSize ?? 1000;
  const pool = new Pool(opts.parallel ?? 16);
  const batches = new Pool(opts.batches ?? 3);
  let phase: Phase | null = null;
  let done = 0;
  let phaseStart = t0;
  let batch: BatchItem[] = [];
  const tick = (n = 1) => {
    done += n;
    if (phase) hooks.onProgress?.(phase, done);
  };
  const sendBatch = async () => {
    const items = batch;
    batch = [];
    if (!items.length) return;
    await batches.add(async () => {
      // The recordings come as the evidence system's feed sends them (its classifications included).
      for (const o of await s.recordings.upsertBatch(items, { ...actor, role: 'ingest' }, now)) {
        if (o.result === 'rejected') throw new Error(`recording ${o.recordingId}: ${o.field}: ${o.message}`);
        tally[o.result] += 1;
      }
      tick(items.length);
    });
  };
  // Cases go in batches through cases.createMany: one insert of new cases with their events. A
  // case seeded before is left untouched (its history is not appended to again).
  const CASE_BATCH = 250;
  let caseBatch: NewCase[] = [];
  const sendCases = async () => {
    const items = caseBatch;
    caseBatch = [];
    if (!items.length) return;
    await pool.add(async () => {
      const { created, existing } = await s.cases.createMany(items, actor, now);
      const events = new Map(items.map((i) => [i.caseNumber, i.events.length]));
      tally.casesCreated += created.length;
      for (const n of created) tally.events += events.get(n) ?? 0;
      tally.existing += existing.length;
      tick(items.length);
    });
  };
  const finishPhase = async () => {
    await sendCases();
    await sendBatch();
    await batches.drain();
    await pool.drain();
    if (!phase) return;
    const seconds = (performance.now() - phaseStart) / 1000;
    report.phases.push({ phase, items: done, seconds });
    hooks.onPhaseDone?.(phase, seconds);
  };
  const createOrder = async (input: SyntheticOrderInput) => {
    try {
      await s.orders.create(CourtOrderInput.parse(input), actor, now);
      tally.orders += 1;
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
      tally.existing += 1;
    }
    tick();
  };
  const deferred: SyntheticOrderInput[] = [];
  // Bulk load: into an empty recordings collection, the recordings go in without the secondary
  // indexes, which are then built once over the whole collection (each index otherwise costs
  // every insert; measured on DocumentDB: none 12k docs/s, ten 1.2k docs/s). Queries during the
  // phase do not use them (no recording is read by case, camera or date while it runs). If the
  // seed stops half way, the service's start-up (ensureSchema) creates them again.
  let indexesDeferred = false;
  const R = deps.models.Recording;
  const deferIndexes = async (): Promise<boolean> => {
    if (opts.deferIndexes === false || (await R.estimatedDocumentCount()) > 0) return false;
    await R.collection.dropIndexes();
    return true;
  };
  const rebuildIndexes = async (): Promise<void> => {
    const t = performance.now();
    await R.createIndexes();
    indexesDeferred = false;
    report.phases.push({ phase: 'indexes', items: R.schema.indexes().length, seconds: (performance.now() - t) / 1000 });
    hooks.onPhaseDone?.('indexes', (performance.now() - t) / 1000);
  };
  for (const item of generateDepartment(opts)) {
    if (PHASES[item.kind] !== phase) {
      await finishPhase();
      if (phase === 'recordings' && indexesDeferred) await rebuildIndexes();
      phase = PHASES[item.kind];
      if (phase === 'recordings') indexesDeferred = await deferIndexes();
      done = 0;
      phaseStart = performance.now();
      hooks.onPhase?.(phase, totals[phase]);
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
        caseBatch.push({
          caseNumber: item.caseNumber,
          input: CaseInput.parse(item.input),
          events: item.events.map((e) => CaseEventInput.parse(e)),
        });
        if (caseBatch.length >= CASE_BATCH) await sendCases();
        break;
      case 'recording': {
        const { recordingId, ...input } = RecordingImportLine.parse(item.line);
        hooks.onRecordingId?.(recordingId);
        batch.push({ recordingId, input, ref: batch.length });
        if (batch.length >= batchSize) await sendBatch();
        break;
      }
      case 'order':
        // An order naming recordings is refused until they exist: it goes in after the recordings.
        if (item.input.recordingIds?.length) {
          deferred.push(item.input);
          break;
        }
        await pool.add(() => createOrder(item.input));
        break;
      case 'hold': {
        // Holds get a fresh id each time: look for the same hold before placing it again.
        // Sequential, so two equal holds in one run are not both placed.
        await pool.drain();
        const input = HoldInput.parse(item.input);
        const scope = input.caseNumber ? { caseNumber: input.caseNumber } : { recordingIds: input.recordingIds ?? [] };
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
  if (phase === 'recordings' && indexesDeferred) await rebuildIndexes();
  if (deferred.length) {
    phase = 'orders and holds';
    done = 0;
    phaseStart = performance.now();
    hooks.onPhase?.(phase, deferred.length);
    for (const input of deferred) await pool.add(() => createOrder(input));
    await finishPhase();
  }
  // The retention summary's counts take in every recording seeded (the service's tally job would
  // do it within seconds of starting; done here so a seeded catalog's dashboard answers at once).
  {
    const t = performance.now();
    const settled = await reconcileAll(deps.services.stores.tallies);
    report.phases.push({ phase: 'retention counts', items: settled, seconds: (performance.now() - t) / 1000 });
    hooks.onPhaseDone?.('retention counts', (performance.now() - t) / 1000);
  }
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}
