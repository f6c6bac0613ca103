/**
 * Recording content revisions over mongoose: append-only. Inserts go in lean and unordered, one
 * call per batch (the first document checked against the schema, as recordings.store does); ids
 * are fresh UUIDs, so a write never replaces anything.
 */
import type { RecordingRevisionStore } from '../../domain/catalog/ports';
import type { StoredRevision } from '../../domain/catalog/records';
import type { Models } from '../models';

export function revisionStore(m: Models): RecordingRevisionStore {
  const R = m.RecordingRevision;
  return {
    async insertMany(revisions) {
      if (revisions.length === 0) return;
      await new R(revisions[0]).validate();
      await R.insertMany([...revisions], { ordered: false, lean: true });
    },
    async ofRecordings(recordingIds) {
      const out = new Map<string, StoredRevision[]>();
      if (recordingIds.length === 0) return out;
      const rows = await R.find({ recordingId: { $in: [...recordingIds] } })
        .sort({ recordingId: 1, seq: 1 })
        .lean<StoredRevision[]>();
      for (const r of rows) {
        const list = out.get(r.recordingId);
        if (list) list.push(r);
        else out.set(r.recordingId, [r]);
      }
      return out;
    },
  };
}
