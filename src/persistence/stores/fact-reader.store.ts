/**
 * Recordings with the documents their facts come from, in one aggregate: the recordings by id,
 * then `$lookup`s of their cases, the court orders and holds naming them or their cases, and
 * their retention reviews and the Sunshine requests naming them. On DocumentDB each `$lookup` is a join that uses the foreign
 * collection's index (`Bitmap Index Scan` on `recordingIds_1`, `caseNumber_1`, ... in its
 * plan), so this is one round trip where the separate reads were two in sequence (the recordings,
 * then four queries that need their case numbers). `$lookup` with both `localField` and a
 * `pipeline` answers nothing on FerretDB v2.5.0, so the joined documents come whole.
 */
import type { StoredCase, StoredHold, StoredOrder, StoredRecording, StoredRetentionReview } from '../../domain/catalog/records';
import type { RecordingFactReader } from '../../domain/derived/ports';
import type { RequestFactsRow } from '../../domain/requests/ports';
import type { Models } from '../models';

interface Joined extends StoredRecording {
  _facts_cases: StoredCase[];
  _facts_ordersById: StoredOrder[];
  _facts_ordersByCase: StoredOrder[];
  _facts_holdsById: StoredHold[];
  _facts_holdsByCase: StoredHold[];
  _facts_reviews: StoredRetentionReview[];
  _facts_requests: RequestFactsRow[];
}

/** Each document once (an order naming a recording and its case is joined twice, a case linked by two recordings too). */
class Unique<T extends { _id: string }> {
  private readonly byId = new Map<string, T>();
  add(...lists: T[][]): void {
    for (const list of lists) for (const d of list) this.byId.set(d._id, d);
  }
  get all(): T[] {
    return [...this.byId.values()];
  }
}

const REQUEST_FIELDS: Record<keyof RequestFactsRow, string> = {
  _id: '$$q._id',
  recordingIds: '$$q.recordingIds',
  receivedAt: '$$q.receivedAt',
  finalResponseAt: '$$q.finalResponseAt',
  withdrawnAt: '$$q.withdrawnAt',
};

export function factReader(m: Models): RecordingFactReader {
  const from = (model: { collection: { collectionName: string } }) => model.collection.collectionName;
  return {
    async withFacts(ids) {
      if (ids.length === 0) return { recordings: [], cases: [], orders: [], holds: [], reviews: [], requests: [] };
      const rows = await m.Recording.aggregate<Joined>([
        { $match: { _id: { $in: [...ids] } } },
        { $lookup: { from: from(m.RetentionReview), localField: '_id', foreignField: 'recordingId', as: '_facts_reviews' } },
        { $lookup: { from: from(m.Request), localField: '_id', foreignField: 'recordingIds', as: '_facts_requests' } },
        // Only what the facts read of a request (its logged decisions and history stay behind).
        { $set: { _facts_requests: { $map: { input: '$_facts_requests', as: 'q', in: REQUEST_FIELDS } } } },
        { $lookup: { from: from(m.Case), localField: 'caseNumbers', foreignField: '_id', as: '_facts_cases' } },
        { $lookup: { from: from(m.CourtOrder), localField: '_id', foreignField: 'recordingIds', as: '_facts_ordersById' } },
        { $lookup: { from: from(m.CourtOrder), localField: 'caseNumbers', foreignField: 'caseNumber', as: '_facts_ordersByCase' } },
        { $lookup: { from: from(m.Hold), localField: '_id', foreignField: 'recordingIds', as: '_facts_holdsById' } },
        { $lookup: { from: from(m.Hold), localField: 'caseNumbers', foreignField: 'caseNumber', as: '_facts_holdsByCase' } },
      ]);
      const recordings: StoredRecording[] = [];
      const [cases, orders, holds, reviews, requests] = [
        new Unique<StoredCase>(),
        new Unique<StoredOrder>(),
        new Unique<StoredHold>(),
        new Unique<StoredRetentionReview>(),
        new Unique<RequestFactsRow>(),
      ];
      for (const {
        _facts_cases,
        _facts_ordersById,
        _facts_ordersByCase,
        _facts_holdsById,
        _facts_holdsByCase,
        _facts_reviews,
        _facts_requests,
        ...recording
      } of rows) {
        recordings.push(recording);
        cases.add(_facts_cases);
        orders.add(_facts_ordersById, _facts_ordersByCase);
        holds.add(_facts_holdsById, _facts_holdsByCase);
        reviews.add(_facts_reviews);
        requests.add(_facts_requests);
      }
      return { recordings, cases: cases.all, orders: orders.all, holds: holds.all, reviews: reviews.all, requests: requests.all };
    },
  };
}
