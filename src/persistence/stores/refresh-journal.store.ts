/** The refresh journal over mongoose (see models/refresh-intent.model.ts). */
import type { RefreshIntent, RefreshJournal } from '../../domain/derived/ports';
import type { Models } from '../models';

export function refreshJournal(m: Models): RefreshJournal {
  const J = m.RefreshIntent;
  return {
    async open(intent) {
      await J.create(intent);
    },
    async close(id) {
      await J.deleteOne({ _id: id });
    },
    covering(recordingId, caseNumbers) {
      const byId = { recordingIds: recordingId };
      return J.find(caseNumbers.length ? { $or: [byId, { caseNumber: { $in: [...caseNumbers] } }] } : byId).lean<RefreshIntent[]>();
    },
    openedBefore: (at, limit) =>
      J.find({ at: { $lte: at } })
        .sort({ at: 1 })
        .limit(limit)
        .lean<RefreshIntent[]>(),
  };
}
