/**
 * The retention summary's maintained counts (domain/retention/retention-tally.ts) over two
 * collections, without multi-document transactions (FerretDB v2.5 has none):
 *
 * - `retention_tallies`: one document per (unit, category) cell, `c.<field>` counters and `ops`,
 *   the ids of the moves already applied to it (a move is applied to a cell by one atomic update
 *   that $incs its counters and $pushes its id, conditional on the id not being there yet).
 * - on each recording, `tally` = `{ key, v, op? }`: the tally it is counted under (`key`, null
 *   when not counted), a version, and the move in progress. Every write of a recording's derived
 *   state or content sets `tallyDirty: true` in the same update (recordings.store.ts).
 *
 * Moving a dirty recording's tally is idempotent steps any process can finish:
 * 1. conditional on the rev and tally version read: `tally = {key: new, v+1, op: {id, from, to}}`;
 *    a recording unchanged in what it counts only has `tallyDirty` cleared.
 * 2. each cell the move touches gets its delta, summed over every recording carrying the op id,
 *    guarded by the id (applied at most once, whoever retries).
 * 3. the op is taken off the recordings (and `tallyDirty` cleared where no write came since).
 * A writer that dies after 1 leaves the op on its recordings: `reconcile` finishes moves older
 * than REPAIR_AFTER_MS (the sweep and the background job run it). Op ids carry their time and
 * stay in a cell's `ops` for GC_AFTER_MS, far longer than any live writer takes, so a late retry
 * still finds its guard. Until a move is done, `cells()` applies it in memory, so the counts
 * always equal the sum of the stored tallies.
 *
 * New recordings are counted as they go in (countedInsert), with no write to them afterwards: a
 * move costs two writes of the whole recording and all its index entries, which made counting a
 * 1M-recording seed take 64 minutes.
 * 1. `retention_tally_journal` gets the batch's op id and recording ids;
 * 2. the recordings go in counted (`tally = {key, v: 1, j: op id}`, not dirty);
 * 3. the cells get the batch's counts, guarded by the op id as a move's are;
 * 4. the journal entry goes.
 * While an entry is there, its recordings (`tally.j`) are not moved, so what they are counted under
 * is what they went in with: `cells()` adds them in memory, and `reconcile` finishes an entry older
 * than REPAIR_AFTER_MS from the recordings that carry it.
 */
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { StoredRecording } from '../../domain/catalog/records';
import type { ReportDoc } from '../../domain/catalog/ports';
import {
  type RetentionTallies,
  type Tally,
  type TallyCell,
  type UnsettledDoc,
  TALLY_FORMAT,
  sameTally,
  tallyOf,
} from '../../domain/retention/retention-tally';
import { isDuplicateKey } from '../errors';
import type { Models } from '../models';
import {
  type Branch,
  KEPT_UNTIL_INDEX,
  REPORT_PROJECTION,
  REVIEW_AT_INDEX,
  VERSIONS_INDEX,
  otherRulesVersion,
  readBranches,
} from './recording-scans.store';

/** A move not finished after this long was left by a writer that died; reconcile finishes it. */
export const REPAIR_AFTER_MS = 2 * 60_000;
/** Applied op ids stay in a cell this long (a retry of the same move must still find its guard). */
export const GC_AFTER_MS = 30 * 60_000;
const READY_ID = '#ready';
/**
 * The partial indexes of the recordings to count and of the moves in progress (models/catalog.model.ts).
 * Hinted: with statistics, at 100k recordings, the planner scanned the catalog for these few
 * (about 250 ms for each read of the dashboard's counts).
 */
const DIRTY_INDEX = 'tally_dirty';
const OP_INDEX = 'tally_op';

interface TallyOp {
  id: string;
  /** The recording's rev when the move was decided: `tallyDirty` is cleared only if it is still that. */
  rev: number;
  from: Tally | null;
  to: Tally | null;
}
interface StoredTally {
  key: Tally | null;
  v: number;
  op?: TallyOp;
  /** The insert batch that counted it (countedInsert); it is not moved while the batch's journal entry is there. */
  j?: string;
}
interface JournalDoc {
  _id: string;
  ids: string[];
}
interface TallyCellDoc {
  _id: string;
  unit: string;
  category: string;
  c?: Record<string, number>;
  ops?: string[];
}
type TalliedDoc = ReportDoc & {
  rev?: number | null;
  tally?: StoredTally | null;
  tallyDirty?: boolean;
  review?: { inReview: boolean } | null;
};
/** What the counts read of a recording beside the report's fields: its tally and whether it waits for review. */
const TALLIED_PROJECTION = { ...REPORT_PROJECTION, tally: 1, 'review.inReview': 1 } as const;

function unsettledDoc(d: TalliedDoc): UnsettledDoc {
  const { tally, tallyDirty: _dirty, rev: _rev, review, ...doc } = d;
  return { ...doc, tally: tally?.key ?? null, review: review ? { inReview: review.inReview } : null };
}

/** Op ids sort by time: `T<ms, 15 digits>-<random>`. */
const opIdAt = (ms: number): string => `T${String(ms).padStart(15, '0')}`;
const newOpId = (now: number): string => `${opIdAt(now)}-${randomUUID().slice(0, 8)}`;
export const cellId = (unit: string, category: string): string => JSON.stringify([unit, category]);
const atRev = (rev: number | null | undefined) => (rev ? rev : { $in: [0, null] });

/**
 * The recordings whose stored state the summary recomputes: the branches of DerivedService's sweep
 * (dueForRefresh), and one more, each read on its own through its index.
 */
export function staleBranches(now: Date, rulesVersion: string, chartFrom: Date): Branch[] {
  return [
    { filter: { reviewAt: { $lte: now } }, hint: REVIEW_AT_INDEX },
    ...otherRulesVersion(rulesVersion).map((filter) => ({ filter, hint: VERSIONS_INDEX })),
    // Kept, with a retain-until already passed this month (earlier today: the period runs to the
    // day's end): counted in a month the chart shows, which leaves it out (only retain-until
    // after now). Earlier ones (kept past their schedule) count in months it does not show.
    { filter: { 'retention.status': 'retain', 'retention.retainUntil': { $gte: chartFrom, $lte: now } }, hint: KEPT_UNTIL_INDEX },
  ];
}

/** What a set of tally changes adds to each cell, as `$inc` fields. */
class CellDeltas {
  readonly byCell = new Map<string, { unit: string; category: string; inc: Record<string, number> }>();
  add(t: Tally | null, n: number): void {
    if (!t) return;
    const id = cellId(t.unit, t.category);
    let d = this.byCell.get(id);
    if (!d) this.byCell.set(id, (d = { unit: t.unit, category: t.category, inc: {} }));
    for (const f of t.fields) d.inc[`c.${f}`] = (d.inc[`c.${f}`] ?? 0) + n;
  }
}

type CellCollection = Collection<TallyCellDoc>;

/**
 * Applies an op's deltas to the cells, each at most once (guarded by the op id). One update per
 * cell, side by side: not one bulk write, which DocumentDB applies in one transaction (three seed
 * batches at once, each holding the locks of the cells it had updated, deadlocked).
 */
async function applyToCells(C: CellCollection, opId: string, deltas: CellDeltas): Promise<void> {
  await Promise.all(
    [...deltas.byCell].map(async ([id, d]) => {
      const inc = Object.fromEntries(Object.entries(d.inc).filter(([, n]) => n !== 0));
      if (Object.keys(inc).length === 0) return;
      await C.updateOne(
        { _id: id, ops: { $ne: opId } },
        { $inc: inc, $push: { ops: opId }, $setOnInsert: { unit: d.unit, category: d.category } },
        { upsert: true },
      ).catch((e: unknown) => {
        // The cell exists and carries the id already: this op was applied to it before.
        if (!isDuplicateKey(e)) throw e;
      });
    }),
  );
}

const journalOf = (m: Models): Collection<JournalDoc> =>
  m.RetentionTallyJournal.db.collection<JournalDoc>(m.RetentionTallyJournal.collection.collectionName);
const cellsOf = (m: Models): CellCollection => m.RetentionTally.db.collection<TallyCellDoc>(m.RetentionTally.collection.collectionName);

/** A new recording as it goes in counted: under its tally, by the batch `j`, not dirty. */
export type CountedDoc<T> = T & { tally: StoredTally; tallyDirty: false };

/**
 * Inserts new recordings counted (the steps in the header): `insert` puts the documents in and
 * returns the ids it did not insert (they existed). A batch whose writer dies between the journal
 * entry and its deletion is finished by `reconcile` from the recordings it inserted.
 */
export async function countedInsert<T extends StoredRecording>(
  m: Models,
  docs: readonly T[],
  insert: (docs: CountedDoc<T>[]) => Promise<Set<string>>,
  clock: () => number = Date.now,
): Promise<Set<string>> {
  const opId = newOpId(clock());
  const J = journalOf(m);
  await J.insertOne({ _id: opId, ids: docs.map((d) => d._id) });
  const counted = docs.map((d) => ({ ...d, tally: { key: tallyOf(d), v: 1, j: opId }, tallyDirty: false as const }));
  const existing = await insert(counted);
  const deltas = new CellDeltas();
  for (const d of counted) if (!existing.has(d._id)) deltas.add(d.tally.key, +1);
  await applyToCells(cellsOf(m), opId, deltas);
  await J.deleteOne({ _id: opId });
  return existing;
}

export function retentionTallies(m: Models, clock: () => number = Date.now): RetentionTallies {
  const R = m.Recording.db.collection<TalliedDoc>(m.Recording.collection.collectionName);
  const C = cellsOf(m);
  const J = journalOf(m);

  /** Sums the moves of every recording carrying `opId` into the cells, once each, then takes the op off. */
  async function applyOp(opId: string): Promise<void> {
    const carriers = await R.find<{ _id: string; tally: StoredTally }>(
      { 'tally.op.id': opId },
      { projection: { _id: 1, tally: 1 }, hint: OP_INDEX },
    ).toArray();
    if (carriers.length === 0) return;
    const deltas = new CellDeltas();
    for (const c of carriers) {
      if (!c.tally.op) continue;
      deltas.add(c.tally.op.from, -1);
      deltas.add(c.tally.op.to, +1);
    }
    await applyToCells(C, opId, deltas);
    await R.bulkWrite(
      carriers.flatMap((c) =>
        c.tally.op
          ? [
              {
                updateOne: {
                  filter: { _id: c._id, rev: atRev(c.tally.op.rev), 'tally.op.id': opId },
                  update: { $unset: { 'tally.op': '' }, $set: { tallyDirty: false } },
                },
              },
            ]
          : [],
      ),
      { ordered: false },
    );
    // Those written since the move was decided stay dirty: the next reconcile moves them again.
    await R.updateMany({ 'tally.op.id': opId }, { $unset: { 'tally.op': '' } });
  }

  /** The recordings an insert batch counted (those that carry it: an id that existed is not one). */
  const journalCarriers = (entries: readonly JournalDoc[]) =>
    entries.length === 0
      ? Promise.resolve([])
      : R.find<{ _id: string; tally: StoredTally }>(
          { _id: { $in: entries.flatMap((e) => e.ids) }, 'tally.j': { $in: entries.map((e) => e._id) } },
          { projection: { _id: 1, tally: 1 } },
        ).toArray();

  /** Finishes an insert batch its writer left (countedInsert): its recordings are not moved meanwhile, so they hold what they went in with. */
  async function finishJournal(entry: JournalDoc): Promise<void> {
    const deltas = new CellDeltas();
    for (const c of await journalCarriers([entry])) deltas.add(c.tally.key, +1);
    await applyToCells(C, entry._id, deltas);
    await J.deleteOne({ _id: entry._id });
  }

  async function reconcile(limit: number): Promise<number> {
    // Moves left half done by a writer that died (or a very slow one: the steps are idempotent).
    // ($exists too: without it the planner does not see that the partial tally_op index covers the range.)
    const stuck: unknown[] = await R.distinct('tally.op.id', { 'tally.op.id': { $exists: true, $lt: opIdAt(clock() - REPAIR_AFTER_MS) } });
    for (const id of stuck) if (typeof id === 'string') await applyOp(id);
    for (const entry of await J.find({ _id: { $lt: opIdAt(clock() - REPAIR_AFTER_MS) } }).toArray()) await finishJournal(entry);
    // Applied op ids past GC_AFTER_MS are forgotten here (the tally job runs this every few seconds), not by each op's writer.
    const forgetBefore = opIdAt(clock() - GC_AFTER_MS);
    await C.updateMany({ ops: { $lt: forgetBefore } }, { $pull: { ops: { $lt: forgetBefore } } });

    const docs = await R.find<TalliedDoc>(
      { tallyDirty: true },
      {
        hint: DIRTY_INDEX,
        projection: {
          _id: 1,
          rev: 1,
          unit: 1,
          category: 1,
          'retention.status': 1,
          'retention.retainUntil': 1,
          'retention.blockers': 1,
          'review.inReview': 1,
          tally: 1,
        },
      },
    )
      .limit(limit)
      .toArray();
    if (docs.length === 0) return 0;
    // Read after the recordings: a recording an insert batch counted went in after its entry, so
    // the entry is here unless the batch is finished.
    const inserting = new Set((await J.find({}, { projection: { _id: 1 } }).toArray()).map((e) => e._id));
    const opId = newOpId(clock());
    const writes: AnyBulkWriteOperation<TalliedDoc>[] = [];
    let moves = 0;
    for (const d of docs) {
      const t = d.tally ?? null;
      if (t?.op) continue; // a move in progress: its writer, or the repair above, finishes it
      if (t?.j !== undefined && inserting.has(t.j)) continue; // counted by an insert batch not finished yet
      const from = t?.key ?? null;
      const to = tallyOf(d);
      const filter = { _id: d._id, rev: atRev(d.rev), ...(t ? { 'tally.v': t.v } : { tally: null }), tallyDirty: true };
      if (sameTally(from, to)) {
        writes.push({ updateOne: { filter, update: { $set: { tallyDirty: false } } } });
      } else {
        const op: TallyOp = { id: opId, rev: d.rev ?? 0, from, to };
        writes.push({ updateOne: { filter, update: { $set: { tally: { key: to, v: (t?.v ?? 0) + 1, op } } } } });
        moves++;
      }
    }
    if (writes.length) await R.bulkWrite(writes, { ordered: false });
    if (moves) await applyOp(opId);
    return writes.length;
  }

  return {
    async ready() {
      // The marker says which TALLY_FORMAT the recordings were marked for (absent: the first, without `rv`).
      return (await C.countDocuments({ _id: READY_ID, format: { $gte: TALLY_FORMAT } }, { limit: 1 })) > 0;
    },
    async backfill() {
      if (await this.ready()) return;
      const marked = (await C.countDocuments({ _id: READY_ID }, { limit: 1 })) > 0;
      // Recordings stored before the counts existed are counted by the reconcile that follows; under
      // an older format every recording is counted again (moved from its old tally to its new one).
      await R.updateMany(
        marked ? {} : { tally: { $exists: false } },
        marked ? { $set: { tallyDirty: true } } : { $set: { tally: null, tallyDirty: true } },
      );
      await C.updateOne({ _id: READY_ID }, { $set: { unit: '', category: '', format: TALLY_FORMAT } }, { upsert: true });
    },
    async cells() {
      const [inFlight, inserting] = await Promise.all([
        R.find<{ _id: string; tally: StoredTally }>(
          { 'tally.op.id': { $exists: true } },
          { projection: { _id: 1, tally: 1 }, hint: OP_INDEX },
        ).toArray(),
        J.find({}).toArray().then(journalCarriers),
      ]);
      // The applied op ids are read only when a move or an insert batch is in flight (usually none):
      // they are most of the cells' bytes (23,000 ids over 121 cells after a 1M seed, 29 ms against
      // 11 ms without). A move decided after the in-flight read is in the cells' counts or not, as with any read.
      const docs = await C.find<TallyCellDoc>(
        { _id: { $ne: READY_ID } },
        inFlight.length || inserting.length ? {} : { projection: { ops: 0 } },
      ).toArray();
      const cells = new Map<string, TallyCell & { ops: Set<string> }>(
        docs.map((d) => [d._id, { unit: d.unit, category: d.category, counts: { ...(d.c ?? {}) }, ops: new Set(d.ops ?? []) }]),
      );
      // Moves decided but not applied to a cell yet: applied here, so the counts equal the stored tallies.
      const apply = (opId: string, t: Tally | null, n: number) => {
        if (!t) return;
        const id = cellId(t.unit, t.category);
        let cell = cells.get(id);
        if (!cell) cells.set(id, (cell = { unit: t.unit, category: t.category, counts: {}, ops: new Set() }));
        if (cell.ops.has(opId)) return;
        for (const f of t.fields) cell.counts[f] = (cell.counts[f] ?? 0) + n;
      };
      for (const r of inFlight) {
        const op = r.tally.op;
        if (!op) continue;
        apply(op.id, op.from, -1);
        apply(op.id, op.to, +1);
      }
      for (const r of inserting) if (r.tally.j !== undefined) apply(r.tally.j, r.tally.key, +1);
      return [...cells.values()].map(({ unit, category, counts }) => ({ unit, category, counts }));
    },
    async dirty(limit) {
      const docs = await R.find<TalliedDoc>({ tallyDirty: true }, { projection: TALLIED_PROJECTION, hint: DIRTY_INDEX })
        .limit(limit + 1)
        .toArray();
      return docs.length > limit ? null : docs.map(unsettledDoc);
    },
    async unsettled(now, rulesVersion, limit, chartFrom) {
      const projection = TALLIED_PROJECTION;
      const [dirty, stale] = await Promise.all([
        R.find<TalliedDoc>({ tallyDirty: true }, { projection, hint: DIRTY_INDEX })
          .limit(limit + 1)
          .toArray(),
        readBranches(staleBranches(now, rulesVersion, chartFrom), (b) =>
          R.find<TalliedDoc>(b.filter, { projection, hint: b.hint })
            .limit(limit + 1)
            .toArray(),
        ),
      ]);
      const byId = new Map<string, UnsettledDoc>();
      for (const d of [...dirty, ...stale]) byId.set(d._id, unsettledDoc(d));
      return byId.size > limit ? null : [...byId.values()];
    },
    reconcile,
  };
}
