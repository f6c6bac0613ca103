/** A recording's revisions -> API JSON (ISO dates with offsets). */
import type { RevisionEntry } from '../../domain/catalog/recordings.service';
import type { StoredRecording } from '../../domain/catalog/records';
import { legalIso } from '../../engine/legal-time';
import type { RecordingHistoryView } from './history.responses';

type Value = RecordingHistoryView['revisions'][number]['changes'][number]['from'];

const value = (v: unknown): Value => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  // Revisions flatten dates to ISO strings and nested objects to their members; anything else is shown as JSON.
  return JSON.stringify(v);
};

export function presentHistory(recording: StoredRecording, revisions: readonly RevisionEntry[]): RecordingHistoryView {
  return {
    recordingId: recording._id,
    currentRevisionId: recording.revision?.id ?? null,
    revisions: revisions.map((r) => ({
      revisionId: r.revisionId,
      seq: r.seq,
      recordedAt: legalIso(r.recordedAt),
      recordedBy: r.recordedBy,
      backfilled: r.backfilled,
      source: r.source,
      basis: r.basis,
      changes: r.changes.map((c) => ({ field: c.field, from: value(c.from), to: value(c.to) })),
      content: {
        cameraSerial: r.content.cameraSerial,
        officerId: r.content.officerId,
        unit: r.content.unit,
        recordedAt: legalIso(r.content.recordedAt),
        durationSeconds: r.content.durationSeconds,
        sizeBytes: r.content.sizeBytes ?? null,
        title: r.content.title ?? null,
        category: r.content.category,
        location: {
          address: r.content.location.address ?? null,
          lat: r.content.location.lat ?? null,
          lon: r.content.location.lon ?? null,
          nonpublic: r.content.location.nonpublic,
          kind: r.content.location.kind ?? null,
        },
        caseNumbers: [...r.content.caseNumbers],
        flags: { ...r.content.flags },
        tags: [...r.content.tags],
      },
    })),
  };
}
