/**
 * The review queue's storage, over mongoose: its entries and counts (models/review-queue.model.ts),
 * what the maintainer reads of recordings and open requests, and the review items.
 *
 * Reads of the queue name their index (hint): with statistics, PostgreSQL/DocumentDB may prefer a
 * scan of the whole collection or of `_id` for a `limit` query (see the plan tests).
 */
import { OPEN_STATUSES } from '../../domain/requests/lifecycle';
import type {
  EntryFilter,
  InReviewRow,
  OpenRequestRow,
  QueueCount,
  QueueEntry,
  ReviewStore,
  StoredReviewItem,
} from '../../domain/review/ports';
import { isDuplicateKey } from '../errors';
import type { Models } from '../models';
import { BUILT_ID } from '../models/review-queue.model';
import { NO_DUE } from '../../domain/review/queue-maintainer';
import { batchesOf } from './batched-scan';
import { catalogFloor } from './catalog-floor';
import { writeErrorsOf } from './guard';

const ROW = { unit: 1, caseNumbers: 1, recordedAt: 1, review: 1 } as const;
const IN_QUEUE = { inQueue: true } as const;
const countId = (questionId: string, unit: string) => `${questionId}|${unit}`;
/** The first window of age the queue's items are read in (then doubling): a week. */
const AGE_WINDOW = 7 * 86_400_000;

/** The failed positions of an unordered bulk write when every failure is a duplicate key; else rethrows `e`. */
function onlyDuplicates(e: unknown): { index: number }[] {
  const failed = writeErrorsOf(e);
  if (!failed || failed.length === 0 || failed.some((x) => x.code !== 11000 || x.index < 0)) throw e;
  return failed;
}

/** The query of a question's entries under the filter, and the indexes that serve it. */
function questionQuery(questionId: string, f: EntryFilter): { q: Record<string, unknown>; order: string; age: string } {
  return f.unit
    ? { q: { ...IN_QUEUE, units: f.unit, questionId }, order: 'queue_unit_order', age: 'queue_unit_age' }
    : { q: { ...IN_QUEUE, questionId }, order: 'queue_order', age: 'queue_age' };
}

export function reviewStore(m: Models): ReviewStore {
  const I = m.ReviewItem;
  const E = m.ReviewEntry;
  const C = m.ReviewCount;
  const entries = (q: Record<string, unknown>) => E.find(q).lean<QueueEntry[]>();
  // The driver's collections keyed by string ids (as recordings.store writes derived state).
  const entryColl = E.db.collection<{ _id: string }>(E.collection.collectionName);
  const countColl = C.db.collection<{ _id: string }>(C.collection.collectionName);
  /**
   * Entries no open request waits for (dueSort NO_DUE: nearly all of a question's), in (age, id)
   * order after `after`, up to `limit`. DocumentDB's indexes answer ranges but do not return rows in
   * key order, so one sorted read would sort every entry of the question (hundreds of thousands at
   * 1M recordings): windows of age are read instead, a week then doubling, from the cursor, else
   * `from` (a lower bound of the entries' age) or the catalog's earliest day (no entry is older than
   * its oldest recording), the last one open-ended. Read through the question's age index (`index`):
   * in the order index the dueSort term NO_DUE matches nearly every entry, and a window read through
   * it took 33-68 ms at 1M recordings against 4-34 ms.
   */
  async function undueAfter(
    q: Record<string, unknown>,
    index: string,
    after: { oldest: number; id: string } | null,
    limit: number,
    from: number | null = null,
  ): Promise<QueueEntry[]> {
    const out: QueueEntry[] = [];
    if (limit <= 0) return out;
    const read = (range: Record<string, unknown>, n: number) =>
      E.find({ ...q, dueSort: NO_DUE, ...range })
        .sort({ oldest: 1, _id: 1 })
        .limit(n)
        .hint(index)
        .lean<QueueEntry[]>();
    const now = Date.now();
    let lo: number;
    if (after) {
      out.push(...(await read({ oldest: after.oldest, _id: { $gt: after.id } }, limit)));
      lo = after.oldest + 1;
    } else lo = from ?? (await catalogFloor(m, new Date(now))).getTime();
    let span = AGE_WINDOW;
    while (out.length < limit) {
      const hi = lo + span;
      const open = hi > now;
      out.push(...(await read(open ? { oldest: { $gte: lo } } : { oldest: { $gte: lo, $lt: hi } }, limit - out.length)));
      if (open) break;
      lo = hi;
      span *= 2;
    }
    return out;
  }

  return {
    reviewRows: (ids) => (ids.length ? m.Recording.find({ _id: { $in: [...ids] } }, ROW).lean<InReviewRow[]>() : Promise.resolve([])),
    // Through the caseNumbers index, unsorted (see recordings.store byCase).
    inReviewByCases: (cases) =>
      cases.length
        ? m.Recording.find({ caseNumbers: { $in: [...cases] }, 'review.inReview': true }, ROW).lean<InReviewRow[]>()
        : Promise.resolve([]),
    async *inReviewIds() {
      const cursor = m.Recording.collection.find<{ _id: string }>({ 'review.inReview': true }, { projection: { _id: 1 }, batchSize: 500 });
      for await (const batch of batchesOf(cursor)) yield batch.map((d) => d._id);
    },
    countInReview: () => m.Recording.countDocuments({ 'review.inReview': true }),
    openRequestsFor: (ids) =>
      ids.length
        ? m.Request.find(
            { recordingIds: { $in: [...ids] }, status: { $in: [...OPEN_STATUSES] } },
            {
              number: 1,
              status: 1,
              dueBy: 1,
              'requester.kind': 1,
              recordingIds: 1,
              'notResponsive.recordingId': 1,
              'responses.answeredRecordingIds': 1,
            },
          ).lean<OpenRequestRow[]>()
        : Promise.resolve([]),
    async itemIdsHolding(ids) {
      if (ids.length === 0) return [];
      const rows = await E.find({ ...IN_QUEUE, recordingIds: { $in: [...ids] } }, { itemId: 1 })
        .hint('queue_recording')
        .lean<{ itemId: string }[]>();
      return [...new Set(rows.map((r) => r.itemId))];
    },
    async *queuedItemIds() {
      const cursor = E.collection.find<{ itemId: string }>(IN_QUEUE, { projection: { itemId: 1 }, batchSize: 500 });
      for await (const batch of batchesOf(cursor)) yield [...new Set(batch.map((d) => d.itemId))];
    },
    entriesOf: (itemIds) => (itemIds.length ? entries({ itemId: { $in: [...itemIds] } }) : Promise.resolve([])),
    async writeEntries(writes) {
      const lost: string[] = [];
      const inserts = writes.filter((w) => w.expectRev === null);
      if (inserts.length) {
        // Unordered: a duplicate key (someone inserted it meanwhile) loses that one only.
        await entryColl
          .insertMany(
            inserts.map((w) => ({ _id: w.id, ...w.body, rev: 1 })),
            { ordered: false },
          )
          .catch((e: unknown) => {
            // Only duplicate keys are lost races; anything else (an outage cutting the batch off) is thrown.
            for (const x of onlyDuplicates(e)) lost.push(inserts[x.index]!.id);
          });
      }
      const updates = writes.filter((w) => w.expectRev !== null);
      const results = await Promise.all(
        updates.map((w) => entryColl.updateOne({ _id: w.id, rev: w.expectRev }, { $set: { ...w.body, rev: (w.expectRev ?? 0) + 1 } })),
      );
      results.forEach((r, i) => {
        if (r.matchedCount === 0) lost.push(updates[i]!.id);
      });
      return lost;
    },
    async addCounts(deltas) {
      const send = (ds: typeof deltas) =>
        countColl.bulkWrite(
          ds.map((d) => ({
            updateOne: {
              filter: { _id: countId(d.questionId, d.unit) },
              update: {
                $inc: { items: d.items, recordings: d.recordings },
                $set: { questionId: d.questionId, unit: d.unit, answeredBy: d.answeredBy },
                ...(d.oldest != null ? { $min: { oldest: d.oldest } } : {}),
              },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      if (deltas.length === 0) return;
      // Two first upserts of one count at once: one of them meets the other's insert (duplicate
      // key) and goes again, as an update of the document now there.
      await send(deltas).catch(async (e: unknown) => {
        await send(onlyDuplicates(e).map((x) => deltas[x.index]!));
      });
    },
    counts: (unit) => C.find({ unit, _id: { $ne: BUILT_ID } }).lean<QueueCount[]>(),
    async recount() {
      type Row = { _id: { q: string; u: string }; answeredBy: string; items: number; recordings: number; oldest: number | null };
      const [overall, perUnit] = await Promise.all([
        E.collection
          .aggregate<Row>([
            { $match: IN_QUEUE },
            {
              $group: {
                _id: { q: '$questionId', u: '' },
                answeredBy: { $first: '$answeredBy' },
                items: { $sum: 1 },
                recordings: { $sum: { $size: '$recordingIds' } },
                oldest: { $min: '$oldest' },
              },
            },
          ])
          .toArray(),
        E.collection
          .aggregate<Row>([
            { $match: IN_QUEUE },
            { $unwind: '$unitCounts' },
            {
              $group: {
                _id: { q: '$questionId', u: '$unitCounts.unit' },
                answeredBy: { $first: '$answeredBy' },
                items: { $sum: 1 },
                recordings: { $sum: '$unitCounts.n' },
                oldest: { $min: '$oldest' },
              },
            },
          ])
          .toArray(),
      ]);
      const rows = [...overall, ...perUnit];
      const ids = rows.map((r) => countId(r._id.q, r._id.u));
      if (rows.length)
        await countColl.bulkWrite(
          rows.map((r, i) => ({
            updateOne: {
              filter: { _id: ids[i]! },
              update: {
                $set: {
                  questionId: r._id.q,
                  unit: r._id.u,
                  answeredBy: r.answeredBy,
                  items: r.items,
                  recordings: r.recordings,
                  oldest: r.oldest,
                },
              },
              upsert: true,
            },
          })),
          { ordered: false },
        );
      await C.deleteMany({ _id: { $nin: [...ids, BUILT_ID] } });
    },
    built: async () => (await C.exists({ _id: BUILT_ID })) !== null,
    async deferIndexes() {
      if ((await entryColl.countDocuments({}, { limit: 1 })) > 0) return false;
      await entryColl.dropIndexes();
      return true;
    },
    async buildIndexes() {
      await E.createIndexes();
    },
    async markBuilt(at) {
      await countColl
        .updateOne(
          { _id: BUILT_ID },
          { $set: { questionId: '', unit: BUILT_ID, answeredBy: 'counsel', items: 0, recordings: 0, at } },
          { upsert: true },
        )
        .catch((e: unknown) => {
          if (!isDuplicateKey(e)) throw e;
        });
    },
    async groupHeads(questionId, f, from) {
      const { q, order, age: byAge } = questionQuery(questionId, f);
      // The entries an open request waits for (few), whole; then the first of the rest by age, read
      // from the group's own lower bound when the counts know it (one window instead of doubling ones
      // from the catalog's earliest day for a question whose items begin years later).
      const due = await E.find({ ...q, dueSort: { $lt: NO_DUE } })
        .sort({ dueSort: 1, oldest: 1, _id: 1 })
        .hint(order)
        .lean<QueueEntry[]>();
      const rest = await undueAfter(q, byAge, null, 1, from ?? null);
      const first = due[0] ?? rest[0];
      if (!first) return null;
      let age = rest[0]?.oldest ?? Number.MAX_SAFE_INTEGER;
      for (const e of due) if (e.oldest < age) age = e.oldest;
      return { first, age };
    },
    async entriesAfter(questionId, after, f, limit, from) {
      const { q, order, age: byAge } = questionQuery(questionId, f);
      const read = (more: Record<string, unknown>, n: number) =>
        n > 0
          ? E.find({ ...q, ...more })
              .sort({ dueSort: 1, oldest: 1, _id: 1 })
              .limit(n)
              .hint(order)
              .lean<QueueEntry[]>()
          : Promise.resolve([]);
      const out: QueueEntry[] = [];
      if (!after || after.dueSort < NO_DUE) {
        // Among the entries an open request waits for (few): after (due, age, id), in that order.
        if (!after) out.push(...(await read({ dueSort: { $lt: NO_DUE } }, limit)));
        else {
          out.push(...(await read({ dueSort: after.dueSort, oldest: after.oldest, _id: { $gt: after.id } }, limit)));
          out.push(...(await read({ dueSort: after.dueSort, oldest: { $gt: after.oldest } }, limit - out.length)));
          out.push(...(await read({ dueSort: { $gt: after.dueSort, $lt: NO_DUE } }, limit - out.length)));
        }
        if (out.length < limit) out.push(...(await undueAfter(q, byAge, null, limit - out.length, from ?? null)));
        return out;
      }
      return undueAfter(q, byAge, { oldest: after.oldest, id: after.id }, limit);
    },
    entriesWhere(f, cap) {
      const q: Record<string, unknown> = { ...IN_QUEUE };
      if (f.caseNumber) q.caseNumbers = f.caseNumber;
      if (f.recordingIds) q.recordingIds = { $in: [...f.recordingIds] };
      if (f.unit) q.units = f.unit;
      if (f.questionIds) q.questionId = { $in: [...f.questionIds] };
      if (f.answeredBy) q.answeredBy = f.answeredBy;
      return E.find(q)
        .hint(f.caseNumber ? 'queue_case' : 'queue_recording')
        .limit(cap)
        .lean<QueueEntry[]>();
    },
    countDue: (from, to) => E.countDocuments({ ...IN_QUEUE, dueSort: { $gte: from, $lt: to } }).hint('queue_due'),
    countAssigned: () => E.countDocuments({ ...IN_QUEUE, assigned: true }).hint('queue_assigned'),
    items: (ids) => (ids.length ? I.find({ _id: { $in: [...ids] } }).lean<StoredReviewItem[]>() : Promise.resolve([])),
    async ensure(item) {
      // A plain insert, not an upsert: concurrent findOneAndUpdate upserts are not safe on FerretDB v2.5
      // (see the request counters); a duplicate key means someone created it first.
      await I.create(item).catch((e: unknown) => {
        if (!isDuplicateKey(e)) throw e;
      });
    },
    assign: (id, assignee, step) =>
      I.findOneAndUpdate(
        { _id: id },
        { $set: { assignee, assignedAt: assignee ? step.at : null, updatedAt: step.at }, $push: { steps: step } },
        { returnDocument: 'after' },
      ).lean<StoredReviewItem>(),
    comment: (id, comment, step) =>
      I.findOneAndUpdate(
        { _id: id },
        { $set: { updatedAt: step.at }, $push: { comments: comment, steps: step } },
        { returnDocument: 'after' },
      ).lean<StoredReviewItem>(),
  };
}
