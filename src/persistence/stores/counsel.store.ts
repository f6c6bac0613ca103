/** Counsel determinations over mongoose. */
import type { DeterminationStore, StoredDetermination } from '../../domain/counsel/ports';
import type { Models } from '../models';
import { insertOrConflict } from './guard';
import { defined } from './catalog.stores';
import { nextCounterSeq } from './requests.store';

export function determinationStore(m: Models): DeterminationStore {
  const D = m.CounselDetermination;
  return {
    insert: (d) => insertOrConflict('Determination', d._id, () => D.create(d)),
    get: (number) => D.findById(number).lean<StoredDetermination>(),
    list: (f, limit) =>
      D.find(defined({ recordingId: f.recordingId, caseNumber: f.caseNumber, requestNumber: f.requestNumber }))
        .sort({ _id: -1 })
        .limit(limit)
        .lean<StoredDetermination[]>(),
    covering: (ids, caseNumbers) => {
      const byId = { recordingId: { $in: [...ids] } };
      return D.find(caseNumbers.length ? { $or: [byId, { caseNumber: { $in: [...caseNumbers] } }] } : byId).lean<StoredDetermination[]>();
    },
    async withdraw(number, w) {
      const res = await D.updateOne({ _id: number, withdrawal: null }, { $set: { withdrawal: w } });
      return res.modifiedCount === 1;
    },
    async markSuperseded(number, by) {
      const res = await D.updateOne({ _id: number, supersededBy: null }, { $set: { supersededBy: by } });
      return res.modifiedCount === 1;
    },
    nextSeq: (key) => nextCounterSeq(m, key),
  };
}
