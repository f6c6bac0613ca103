/**
 * Recordings over mongoose. Every write that depends on what was read is conditional on the
 * `rev` the writer read and increments it, so a writer that lost the race sees `false` and
 * recomputes. Updates go through the model (casting, strict: 'throw'); inserts through
 * Model.insertMany (see insertNew); existing ids are reported back, never overwritten.
 */
import type { RecordingStore } from '../../domain/catalog/ports';
import type { DerivedWrites } from '../../domain/derived/ports';
import type { StoredRecording } from '../../domain/catalog/records';
import type { Models } from '../models';
import { existingOnInsert } from './guard';
import { dueBranches, readBranches } from './recording-scans.store';
import { countedInsert } from './retention-tallies.store';
import { recordingSearch } from './recording-search';

const CASE_BATCH = 1000;
/** Derived-state writes go in up to this many concurrent bulk writes of at least DERIVED_PART_MIN each (see writeDerivedMany). */
const DERIVED_PARTS = 4;
const DERIVED_PART_MIN = 25;
const byId = <T extends { _id: string }>(docs: T[]): T[] => docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

/** Documents written before `rev` existed count as rev 0. */
const atRev = (id: string, rev: number) => (rev === 0 ? { _id: id, rev: { $in: [0, null] } } : { _id: id, rev });

export function recordingStore(m: Models): RecordingStore & DerivedWrites {
  const R = m.Recording;
  const search = recordingSearch(m);
  return {
    get: (id) => R.findById(id).lean<StoredRecording>(),
    getMany: (ids) => (ids.length ? R.find({ _id: { $in: [...ids] } }).lean<StoredRecording[]>() : Promise.resolve([])),
    list: (f, order, after, limit, now) => search.list(f, order, after, limit, now),
    upcoming: (f, after, limit) => search.upcoming(f, after, limit),
    async existing(ids) {
      if (ids.length === 0) return new Set();
      const rows = await R.find({ _id: { $in: [...ids] } }, { _id: 1 }).lean<{ _id: string }[]>();
      return new Set(rows.map((r) => r._id));
    },
    // A case's recordings in one reply where they fit (the first batch is otherwise 101 documents
    // and the rest costs another round trip in every case event), put in _id order here: asked to
    // sort by _id, DocumentDB may walk the whole _id index and filter (sort push-down) when it
    // misjudges how many recordings name the case, measured at 5 s for 200 of 1M recordings.
    byCase: async (caseNumber) => byId(await R.find({ caseNumbers: caseNumber }).batchSize(CASE_BATCH).lean<StoredRecording[]>()),
    async idsByCase(caseNumber) {
      return byId(await R.find({ caseNumbers: caseNumber }, { _id: 1 }).batchSize(CASE_BATCH).lean<{ _id: string }[]>()).map((r) => r._id);
    },
    async linkedCaseNumbers(caseNumbers) {
      if (caseNumbers.length === 0) return new Set();
      const wanted = new Set(caseNumbers);
      const values: unknown[] = await R.distinct('caseNumbers', { caseNumbers: { $in: [...wanted] } });
      return new Set(values.filter((v): v is string => typeof v === 'string' && wanted.has(v)));
    },
    async insertNew(docs) {
      if (docs.length === 0) return new Set<string>();
      // The bulk path. Documents are built by the domain from zod-validated input, typed as
      // StoredRecording; hydrating each one in mongoose costs about three times the insert itself
      // (measured: 1,000 recordings 3.4 s hydrated vs 0.9 s raw), so the first document of each
      // batch is checked against the schema (strict: 'throw', required fields, enums: it catches
      // any drift between the domain type and the schema) and the batch goes in lean.
      await new R(docs[0]).validate();
      // Counted by the retention counts as they go in (retention-tallies.store.ts).
      // Unordered: every new id goes in even when others exist already.
      return countedInsert(m, docs, (counted) => existingOnInsert(counted, () => R.insertMany(counted, { ordered: false, lean: true })));
    },
    async updateContent(id, rev, update) {
      const res = await R.updateOne({ ...atRev(id, rev), destruction: null }, { $set: { ...update, tallyDirty: true }, $inc: { rev: 1 } });
      return res.matchedCount === 1;
    },
    async writeDerived(id, rev, derived) {
      const res = await R.updateOne(atRev(id, rev), { $set: { ...derived, tallyDirty: true }, $inc: { rev: 1 } });
      return res.matchedCount === 1;
    },
    async writeDerivedMany(writes) {
      if (writes.length === 0) return 0;
      // One round trip for a case's recordings; unordered, so a lost race does not stop the rest.
      // Like insertNew: casting each update in mongoose cost about as much as the database's own
      // work for a case's 200 recordings, so the first write's fields are checked against the
      // schema (strict: 'throw', enums, types: the domain builds every write the same way) and
      // the batch goes to the driver as it is.
      const first = writes[0];
      if (first) await new R(first.derived).validate(Object.keys(first.derived));
      // A few bulk writes side by side rather than one: DocumentDB applies a bulk write's updates
      // one after another in one backend, each rewriting the document and all its index entries;
      // in 4 parts on 4 connections the 200 updates of a case event took about half as long
      // (measured 1,490 -> 817 ms and 845 -> 387 ms on the loaded 2-core machine).
      const coll = R.db.collection<{ _id: string }>(R.collection.collectionName);
      const ops = writes.map((w) => ({
        updateOne: { filter: atRev(w.id, w.rev), update: { $set: { ...w.derived, tallyDirty: true }, $inc: { rev: 1 } } },
      }));
      const size = Math.max(DERIVED_PART_MIN, Math.ceil(ops.length / DERIVED_PARTS));
      const parts: (typeof ops)[] = [];
      for (let i = 0; i < ops.length; i += size) parts.push(ops.slice(i, i + size));
      const results = await Promise.all(parts.map((part) => coll.bulkWrite(part, { ordered: false })));
      return results.reduce((n, r) => n + r.matchedCount, 0);
    },
    async needingReviewSources(limit) {
      // Few, and only until the backfill has run (RecordingsService stops asking once none is left): no index.
      const rows = await R.find({ reviewFacts: { $ne: null }, 'reviewFacts.links': { $exists: false }, destruction: null }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(limit)
        .lean();
      return rows.map((r) => r._id);
    },
    async recordDestruction(id, rev, destruction, retention, updatedBy) {
      const res = await R.updateOne(
        { ...atRev(id, rev), destruction: null },
        {
          $set: { destruction, retention, reviewAt: null, updatedAt: destruction.recordedAt, updatedBy, tallyDirty: true },
          $inc: { rev: 1 },
        },
      );
      return res.matchedCount === 1;
    },
    async dueForRefresh(now, versions, limit) {
      // reviewAt passed, or decided under other rules or engine code, or never: each branch of the
      // $or read on its own through its index (recording-scans.store dueBranches).
      const rows = await readBranches(dueBranches(now, versions), (b) =>
        R.collection
          .find<{ _id: string }>(b.filter, { projection: { _id: 1 }, hint: b.hint })
          .limit(limit)
          .toArray(),
      );
      return rows.slice(0, limit).map((r) => r._id);
    },
  };
}
