/** Cameras, cases, court orders and holds over mongoose (the catalog's small collections). */
import type { CameraStore, CaseStore, CourtOrderStore, HoldStore, RetentionReviewStore } from '../../domain/catalog/ports';
import type { StoredCamera, StoredCase, StoredHold, StoredOrder, StoredRetentionReview } from '../../domain/catalog/records';
import type { Models } from '../models';
import { existingOnInsert, insertOrConflict } from './guard';

/** `_id > after` when paging by the opaque cursor. */
const afterId = (after: string | null) => (after ? { _id: { $gt: after } } : {});

/** Equality filters for the fields given (undefined ones left out). */
export function defined(f: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
}

/** Orders and holds cover recordings by id or through a case. */
function coverage(recordingIds: readonly string[], caseNumbers: readonly string[]) {
  const byId = { recordingIds: { $in: [...recordingIds] } };
  return caseNumbers.length ? { $or: [byId, { caseNumber: { $in: [...caseNumbers] } }] } : byId;
}

export function cameraStore(m: Models): CameraStore {
  return {
    async put(serial, fields) {
      const { updatedAt, updatedBy } = fields;
      const res = await m.Camera.updateOne(
        { _id: serial },
        { $set: fields, $setOnInsert: { createdAt: updatedAt, createdBy: updatedBy } },
        { upsert: true },
      );
      return res.upsertedCount === 1;
    },
    get: (serial) => m.Camera.findById(serial).lean<StoredCamera>(),
    list: (f, after, limit) =>
      m.Camera.find({ ...defined(f), ...afterId(after) })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<StoredCamera[]>(),
    async unitsOf(serials) {
      if (serials.length === 0) return new Map();
      const rows = await m.Camera.find({ _id: { $in: [...new Set(serials)] } }, { unit: 1 }).lean<{ _id: string; unit: string }[]>();
      return new Map(rows.map((c) => [c._id, c.unit]));
    },
    // The cameras collection is small (one document per device), so a distinct over it is cheap.
    units: async () => (await m.Camera.distinct<string>('unit')).filter((u) => typeof u === 'string').sort((a, b) => a.localeCompare(b)),
  };
}

export function caseStore(m: Models): CaseStore {
  return {
    get: (caseNumber) => m.Case.findById(caseNumber).lean<StoredCase>(),
    getMany: (caseNumbers) =>
      caseNumbers.length ? m.Case.find({ _id: { $in: [...caseNumbers] } }).lean<StoredCase[]>() : Promise.resolve([]),
    async put(caseNumber, fields, onCreate) {
      const res = await m.Case.updateOne(
        { _id: caseNumber },
        { $set: fields, $setOnInsert: { ...onCreate, events: [] } },
        { upsert: true },
      );
      return res.upsertedCount === 1;
    },
    async known(caseNumbers) {
      if (caseNumbers.length === 0) return new Set();
      const rows = await m.Case.find({ _id: { $in: [...caseNumbers] } }, { _id: 1 }).lean<{ _id: string }[]>();
      return new Set(rows.map((r) => r._id));
    },
    async numbersLike(text, prefix, limit) {
      const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const rows = await m.Case.find(
        { $or: [{ _id: { $regex: `^${esc(text)}$`, $options: 'i' } }, { _id: { $regex: `^${esc(prefix)}`, $options: 'i' } }] },
        { _id: 1 },
      )
        .sort({ _id: 1 })
        .limit(limit)
        .lean<{ _id: string }[]>();
      return rows.map((r) => r._id);
    },
    async appendEvent(caseNumber, event, updatedBy) {
      // One atomic $push: concurrent appends all land.
      const res = await m.Case.updateOne(
        { _id: caseNumber },
        { $push: { events: event }, $set: { updatedAt: event.recordedAt, updatedBy } },
      );
      return res.matchedCount === 1;
    },
    async insertNew(cases) {
      if (cases.length === 0) return new Set<string>();
      // As recordings.insertNew: the first document is checked against the schema, the batch goes in lean.
      await new m.Case(cases[0]).validate();
      return existingOnInsert(cases, () => m.Case.insertMany([...cases], { ordered: false, lean: true }));
    },
  };
}

export function courtOrderStore(m: Models): CourtOrderStore {
  return {
    insert: (order) => insertOrConflict('Court order', order._id, () => m.CourtOrder.create(order)),
    get: (orderNumber) => m.CourtOrder.findById(orderNumber).lean<StoredOrder>(),
    amendJuvenileCourt: async (orderNumber, entry, now) => {
      await m.CourtOrder.updateOne(
        { _id: orderNumber },
        { $push: { juvenileCourtAmendments: entry }, $set: { updatedAt: now, updatedBy: entry.recordedBy } },
      );
    },
    covering: (ids, caseNumbers) => m.CourtOrder.find(coverage(ids, caseNumbers)).lean<StoredOrder[]>(),
  };
}

export function holdStore(m: Models): HoldStore {
  return {
    insert: (hold) => insertOrConflict('Hold', hold._id, () => m.Hold.create(hold)),
    get: (id) => m.Hold.findById(id).lean<StoredHold>(),
    async release(id, releasedAt, releasedBy, releaseReason) {
      const res = await m.Hold.updateOne({ _id: id, active: true }, { $set: { active: false, releasedAt, releasedBy, releaseReason } });
      return res.matchedCount === 1;
    },
    list: (f, after, limit) =>
      m.Hold.find({ ...(f.active !== undefined ? { active: f.active } : {}), ...afterId(after) })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<StoredHold[]>(),
    covering: (ids, caseNumbers) => m.Hold.find(coverage(ids, caseNumbers)).lean<StoredHold[]>(),
  };
}

export function retentionReviewStore(m: Models): RetentionReviewStore {
  return {
    insert: (review) => insertOrConflict('Retention review', review._id, () => m.RetentionReview.create(review)),
    forRecordings: (ids) =>
      ids.length
        ? m.RetentionReview.find({ recordingId: { $in: [...ids] } })
            .sort({ _id: 1 })
            .lean<StoredRetentionReview[]>()
        : Promise.resolve([]),
  };
}
