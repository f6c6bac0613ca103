/** Sunshine requests, the decision log and the audit trail over mongoose. */
import type { AuditStore, AuditEntry } from '../../domain/audit/ports';
import type { DecisionLogEntry, DecisionStore } from '../../domain/eligibility/ports';
import { CLOSED_STATUSES, OPEN_STATUSES } from '../../domain/requests/lifecycle';
import type { RequestFactsRow, RequestStore, StoredRequest } from '../../domain/requests/ports';
import { isDuplicateKey } from '../errors';
import type { Models } from '../models';
import { AUDIT_TARGET_INDEX } from '../models/audit.model';
import { defined } from './catalog.stores';

export function requestStore(m: Models): RequestStore {
  const Q = m.Request;
  return {
    async insert(r) {
      await Q.create(r);
    },
    get: (id) => Q.findById(id).lean<StoredRequest>(),
    list(f, now) {
      const and: Record<string, unknown>[] = [];
      if (f.status) and.push({ status: f.status });
      if (f.dueBefore) and.push({ dueBy: { $lt: f.dueBefore } });
      if (f.overdue === true) and.push({ status: { $in: [...OPEN_STATUSES] } }, { dueBy: { $lt: now } });
      if (f.overdue === false) and.push({ $or: [{ status: { $in: [...CLOSED_STATUSES] } }, { dueBy: { $gte: now } }] });
      if (f.cursor) and.push({ $or: [{ dueBy: { $gt: f.cursor.dueBy } }, { dueBy: f.cursor.dueBy, _id: { $gt: f.cursor.id } }] });
      return Q.find(and.length ? { $and: and } : {})
        .sort({ dueBy: 1, _id: 1 })
        .limit(f.limit + 1)
        .lean<StoredRequest[]>();
    },
    openDueBy: (until) =>
      Q.find({ status: { $in: [...OPEN_STATUSES] }, dueBy: { $lte: until } })
        .sort({ dueBy: 1, _id: 1 })
        .lean<StoredRequest[]>(),
    naming: (ids) =>
      ids.length
        ? Q.find({ recordingIds: { $in: [...ids] } }, { number: 1, recordingIds: 1, receivedAt: 1, finalResponseAt: 1, withdrawnAt: 1 })
            .sort({ _id: 1 })
            .lean<RequestFactsRow[]>()
        : Promise.resolve([]),
    getByNumber: (number) => Q.findOne({ number }).lean<StoredRequest>(),
    nextSeq: (key) => nextCounterSeq(m, key),
    unnumbered: (limit) =>
      Q.find({ number: { $exists: false } }, { receivedAt: 1 })
        .sort({ receivedAt: 1, _id: 1 })
        .limit(limit)
        .lean<Pick<StoredRequest, '_id' | 'receivedAt'>[]>(),
    async setNumber(id, number) {
      // Not a lifecycle change: the version is left alone, so a transition racing with it still applies.
      const res = await Q.updateOne({ _id: id, number: { $exists: false } }, { $set: { number } });
      return res.matchedCount === 1;
    },
    async attach(id, entry) {
      const res = await Q.updateOne({ _id: id }, { $push: { attachments: entry }, $set: { updatedAt: entry.at, updatedBy: entry.by } });
      return res.matchedCount === 1;
    },
    async recordSuit(id, suit) {
      const res = await Q.updateOne({ _id: id, suit: null }, { $set: { suit, updatedAt: suit.recordedAt, updatedBy: suit.recordedBy } });
      return res.matchedCount === 1;
    },
    async transition(id, expected, set, entry) {
      // Documents written before `version` existed count as version 0.
      const version = expected.version === 0 ? { $in: [0, null] } : expected.version;
      const res = await Q.updateOne(
        { _id: id, status: { $in: [...expected.statuses] }, version },
        { $set: set, $inc: { version: 1 }, $push: { history: entry } },
      );
      return res.matchedCount === 1;
    },
  };
}

export function decisionStore(m: Models): DecisionStore {
  return {
    async insertMany(entries) {
      const first = entries[0];
      if (!first) return;
      // Every eligibility answer waits for this insert. Hydrating the entries (their facts and
      // decision are large nested documents) cost about as much as the round trip, so the first
      // is checked against the schema and the batch goes in lean, as recordings.insertNew does.
      await new m.Decision(first).validate();
      await m.Decision.insertMany([...entries], { ordered: true, lean: true });
    },
    get: (id) => m.Decision.findById(id).lean<DecisionLogEntry>(),
  };
}

/** The index of the first failed document of an ordered insertMany (= how many went in before it). */
function firstWriteErrorIndex(e: unknown): number | null {
  if (typeof e !== 'object' || e === null || !('writeErrors' in e)) return null;
  const raw: unknown = e.writeErrors;
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const indexes = list.map((w) => {
    const x = (typeof w === 'object' && w !== null ? w : {}) as { index?: unknown; err?: { index?: unknown } };
    return Number(x.index ?? x.err?.index ?? NaN);
  });
  const valid = indexes.filter((i) => Number.isInteger(i) && i >= 0);
  return valid.length ? Math.min(...valid) : null;
}

export function auditStore(m: Models): AuditStore {
  const A = m.Audit;
  return {
    async last() {
      const [top] = await A.find({}, { seq: 1, hash: 1 }).sort({ _id: -1 }).limit(1).lean<{ seq: number; hash: string }[]>();
      return top ? { seq: top.seq, hash: top.hash } : null;
    },
    async at(id) {
      const e = await A.findById(id, { seq: 1, hash: 1 }).lean<{ seq: number; hash: string }>();
      return e ? { seq: e.seq, hash: e.hash } : null;
    },
    async insertChain(entries) {
      if (entries.length === 0) return 0;
      try {
        // Ordered: stops at the first taken position, so what went in is a prefix of the chain.
        // Lean after checking the first against the schema (every audited request waits for this).
        await new A(entries[0]).validate();
        await A.insertMany([...entries], { ordered: true, lean: true });
        return entries.length;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        const first = firstWriteErrorIndex(e);
        if (first === null) throw e;
        return first;
      }
    },
    async *inOrder() {
      for await (const e of A.find({}).sort({ _id: 1 }).lean<AuditEntry>().cursor({ batchSize: 1000 })) yield e;
    },
    search(f, limit) {
      const q: Record<string, unknown> = defined({ 'actor.sub': f.actor, action: f.action });
      // An anchored, escaped prefix: served by the targetKeys index (the caller upper-cased it).
      if (f.target) q.targetKeys = { $regex: `^${f.target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` };
      if (f.from || f.to) q.at = defined({ $gte: f.from, $lte: f.to });
      if (f.before) q._id = { $lt: f.before };
      const find = A.find(q).sort({ _id: -1 }).limit(limit);
      // Hinted: with statistics, PostgreSQL walks the whole `_id` index backwards for the newest
      // entries of one target (it assumes many match), which on a trail of millions reads all of it.
      // The target's index reads only its entries, which are then sorted (test/persistence/indexes).
      if (f.target) find.hint(AUDIT_TARGET_INDEX);
      return find.lean<AuditEntry[]>();
    },
  };
}

/**
 * The next number of a counter (request numbers SR-YYYY, determination numbers CD-YYYY): one atomic
 * $inc on the counter document. Not an upsert: on the embedded FerretDB v2.5, two concurrent
 * findOneAndUpdate upserts of a missing counter both answered seq 1 (a lost increment, no
 * duplicate-key error; test/persistence/request-numbers.test.ts). So the counter is created first
 * with a plain insert at 0, whose duplicate key (code 11000: another process created it) is
 * expected, and the increment only ever updates an existing document.
 */
export async function nextCounterSeq(m: Models, key: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const doc = await m.Counter.findOneAndUpdate({ _id: key }, { $inc: { seq: 1 } }, { returnDocument: 'after' }).lean<{
      seq: number;
    }>();
    if (doc) return doc.seq;
    if (attempt >= 3) throw new Error(`counter ${key}: still missing after creating it`);
    await m.Counter.create({ _id: key, seq: 0 }).catch((e: unknown) => {
      if (!isDuplicateKey(e)) throw e;
    });
  }
}
