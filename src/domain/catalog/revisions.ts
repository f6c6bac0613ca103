/**
 * Content revisions of recordings, so that "as known at" covers edits to a recording too.
 *
 * Write order (no transactions): the revision is inserted first, then the recording is written
 * (conditional on its rev) naming the revision as its head. So the recording never holds
 * content without a revision for it. A crash or a lost race between the two leaves a revision
 * the chain does not reach: invisible to every reader, and the next write (or the retry) simply
 * chains a new one from the head it reads. Nothing has to be repaired and nothing is ever
 * overwritten. Pure helpers here; the writes are in recordings.service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { RecordingContent, RevisionRef, RevisionSource, StoredRecording, StoredRevision } from './records';

const CONTENT_KEYS = [
  'cameraSerial',
  'officerId',
  'unit',
  'recordedAt',
  'durationSeconds',
  'sha256',
  'sizeBytes',
  'title',
  'category',
  'location',
  'caseNumbers',
  'flags',
  'redactionReview',
  'protectedVictimKind',
  'crimeScene',
  'tags',
  'contentHash',
  'reviewSources',
  'feedPlace',
  'noInvestigation',
] as const satisfies readonly (keyof RecordingContent)[];

function contentOf(r: RecordingContent): RecordingContent {
  return {
    cameraSerial: r.cameraSerial,
    officerId: r.officerId,
    unit: r.unit,
    recordedAt: r.recordedAt,
    durationSeconds: r.durationSeconds,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes,
    title: r.title,
    category: r.category,
    location: { ...r.location },
    caseNumbers: [...r.caseNumbers],
    flags: { ...r.flags },
    // Absent on content stored before 2026-12: not reviewed, not said.
    redactionReview: r.redactionReview ? { reviewedBy: r.redactionReview.reviewedBy, reviewedAt: r.redactionReview.reviewedAt } : null,
    protectedVictimKind: r.protectedVictimKind ?? null,
    crimeScene: r.crimeScene ?? null,
    tags: [...r.tags],
    contentHash: r.contentHash,
    reviewSources: r.reviewSources
      ? {
          category: r.reviewSources.category ? { ...r.reviewSources.category } : null,
          caseLinks: r.reviewSources.caseLinks.map((l) => ({ ...l })),
        }
      : null,
    feedPlace: r.feedPlace ? { ...r.feedPlace } : null,
    noInvestigation: r.noInvestigation ? { ...r.noInvestigation } : null,
  };
}

export function newRevision(
  recordingId: string,
  content: RecordingContent,
  prev: RevisionRef | null,
  at: Date,
  by: string,
  backfilled = false,
  source: RevisionSource | null = null,
  basis: string | null = null,
): StoredRevision {
  return {
    _id: `REV-${randomUUID()}`,
    recordingId,
    seq: prev ? prev.seq + 1 : 0,
    prev: prev?.id ?? null,
    recordedAt: at,
    recordedBy: by,
    backfilled,
    source,
    basis,
    content: contentOf(content),
  };
}

export const refOf = (r: StoredRevision): RevisionRef => ({ id: r._id, seq: r.seq });

/**
 * The revisions to write before replacing `prev`'s content with `next`: for a recording stored
 * before revisions were kept, first its current content (stamped with its last update), then
 * the new one. The last one is the new head.
 */
export function revisionsForUpdate(
  prev: StoredRecording,
  next: RecordingContent,
  at: Date,
  by: string,
  source: RevisionSource | null = null,
  basis: string | null = null,
): StoredRevision[] {
  const out: StoredRevision[] = [];
  let head = prev.revision ?? null;
  if (!head) {
    const backfill = newRevision(prev._id, prev, null, prev.updatedAt, prev.updatedBy, true);
    out.push(backfill);
    head = refOf(backfill);
  }
  out.push(newRevision(prev._id, next, head, at, by, false, source, basis));
  return out;
}

/** The chain reachable from the recording's head, oldest first ([] when it has none). */
export function chainOf(head: RevisionRef | null, revisions: readonly StoredRevision[]): StoredRevision[] {
  if (!head) return [];
  const byId = new Map(revisions.map((r) => [r._id, r]));
  const out: StoredRevision[] = [];
  for (let r = byId.get(head.id); r; r = r.prev ? byId.get(r.prev) : undefined) {
    out.push(r);
    if (out.length > revisions.length) break; // a cycle cannot be written, but never loop on bad data
  }
  return out.reverse();
}

/** The revision current at `at` (the last one recorded at or before it), or null if none was. */
export function revisionAt(chain: readonly StoredRevision[], at: Date): StoredRevision | null {
  let found: StoredRevision | null = null;
  for (const r of chain) if (r.recordedAt.getTime() <= at.getTime()) found = r;
  return found;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const flat = (c: RecordingContent): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) {
    // Bookkeeping, not what anyone said: the hash, and the feed's own place (shown through location).
    if (k === 'contentHash' || k === 'feedPlace') continue;
    const v = c[k];
    if (k === 'location' || k === 'flags') {
      for (const [sub, x] of Object.entries(v as object)) out[`${k}.${sub}`] = x ?? null;
    } else {
      out[k] = v instanceof Date ? v.toISOString() : (v ?? null);
    }
  }
  return out;
};

/** What differs from `before` to `after`, field by field (location and flags per member). */
export function changesBetween(before: RecordingContent | null, after: RecordingContent): FieldChange[] {
  const a = flat(after);
  if (!before) return [];
  const b = flat(before);
  const out: FieldChange[] = [];
  for (const field of Object.keys(a)) {
    if (JSON.stringify(b[field] ?? null) !== JSON.stringify(a[field] ?? null))
      out.push({ field, from: b[field] ?? null, to: a[field] ?? null });
  }
  return out;
}
