/**
 * Recording catalog writes: idempotent upsert (same content twice = one document,
 * "unchanged"), media integrity (a different sha256 for an existing id is refused), camera
 * must exist (422), tombstones are never resurrected. Used by PUT and by bulk import.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError } from '../../errors';
import type { Models } from '../../persistence/models';
import type { RecordingDoc } from '../../persistence/models/catalog.model';
import { isDuplicateKey } from '../../persistence/errors';
import { type KeyedSerializer, RECORDINGS } from '../../persistence/serializer';
import type { DerivedRefresher } from '../derived/refresher';
import type { CameraDirectory } from './camera-directory';
import type { RecordingInput } from './catalog.schemas';
import { decodeCursor, page } from './pagination';

export type UpsertResult = 'inserted' | 'updated' | 'unchanged';
export type StoredRecording = RecordingDoc & { _id: string };

export interface BatchItem {
  recordingId: string;
  input: RecordingInput;
  /** Caller's reference, e.g. the import line number. */
  ref: number;
}
export type BatchOutcome =
  | { ref: number; recordingId: string; result: UpsertResult }
  | { ref: number; recordingId: string; result: 'rejected'; field: string; message: string };

export function contentHash(input: RecordingInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

function toDocument(id: string, input: RecordingInput, unit: string, hash: string, actor: Actor, now: Date) {
  return {
    _id: id,
    cameraSerial: input.cameraSerial,
    officerId: input.officerId,
    unit,
    recordedAt: new Date(input.recordedAt),
    durationSeconds: input.durationSeconds,
    sha256: input.sha256,
    sizeBytes: input.sizeBytes ?? null,
    title: input.title ?? null,
    category: input.category,
    location: {
      address: input.location.address ?? null,
      lat: input.location.lat ?? null,
      lon: input.location.lon ?? null,
      nonpublic: input.location.nonpublic,
      kind: input.location.kind ?? null,
    },
    caseNumbers: input.caseNumbers,
    flags: input.flags,
    tags: input.tags,
    contentHash: hash,
    createdAt: now,
    createdBy: actor.sub,
    updatedAt: now,
    updatedBy: actor.sub,
  };
}

export class RecordingsService {
  constructor(
    private readonly models: Models,
    private readonly derived: DerivedRefresher,
    private readonly locks: KeyedSerializer,
    private readonly cameras: CameraDirectory,
  ) {}

  async list(f: { caseNumber?: string; cameraSerial?: string; officerId?: string; category?: string; recordedFrom?: string; recordedTo?: string; cursor?: string; limit: number }) {
    const q: Record<string, unknown> = {};
    if (f.caseNumber) q.caseNumbers = f.caseNumber;
    if (f.cameraSerial) q.cameraSerial = f.cameraSerial;
    if (f.officerId) q.officerId = f.officerId;
    if (f.category) q.category = f.category;
    if (f.recordedFrom || f.recordedTo) {
      q.recordedAt = { ...(f.recordedFrom ? { $gte: new Date(f.recordedFrom) } : {}), ...(f.recordedTo ? { $lte: new Date(f.recordedTo) } : {}) };
    }
    const after = decodeCursor(f.cursor);
    if (after) q._id = { $gt: after };
    const rows = await this.models.Recording.find(q).sort({ _id: 1 }).limit(f.limit + 1).lean<StoredRecording[]>();
    return page(rows, f.limit);
  }

  async get(id: string): Promise<StoredRecording | null> {
    return this.models.Recording.findById(id).lean<StoredRecording>();
  }

  async put(id: string, input: RecordingInput, actor: Actor, now: Date): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    const [outcome] = await this.upsertBatch([{ recordingId: id, input, ref: 0 }], actor, now);
    if (!outcome) throw new Error('upsertBatch returned nothing');
    if (outcome.result === 'rejected') {
      const code = outcome.field === 'cameraSerial' ? 'UNPROCESSABLE' : 'CONFLICT';
      throw new AppError(code, outcome.message, [{ path: `body.${outcome.field}`, message: outcome.message }]);
    }
    const recording = await this.get(id);
    if (!recording) throw new Error(`recording ${id} vanished after upsert`);
    return { result: outcome.result, recording };
  }

  /**
   * Upserts a batch: new ids go in with one insertMany (unordered: good lines are stored
   * even if others fail); ids that exist are compared by content hash and updated only
   * when changed. Derived release/retention state is refreshed for every stored change.
   */
  upsertBatch(items: BatchItem[], actor: Actor, now: Date): Promise<BatchOutcome[]> {
    return this.locks.run(RECORDINGS, () => this.upsertBatchLocked(items, actor, now));
  }

  private async upsertBatchLocked(items: BatchItem[], actor: Actor, now: Date): Promise<BatchOutcome[]> {
    const outcomes: BatchOutcome[] = [];
    const units = await this.cameras.unitsOf(items.map((i) => i.input.cameraSerial));
    const candidates: { item: BatchItem; hash: string; unit: string }[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const unit = units.get(item.input.cameraSerial);
      if (!unit) {
        outcomes.push({ ref: item.ref, recordingId: item.recordingId, result: 'rejected', field: 'cameraSerial', message: `camera ${JSON.stringify(item.input.cameraSerial)} is not registered (PUT /api/v1/cameras/${item.input.cameraSerial} first)` });
        continue;
      }
      if (seen.has(item.recordingId)) {
        outcomes.push({ ref: item.ref, recordingId: item.recordingId, result: 'rejected', field: 'recordingId', message: `recording ${item.recordingId} appears twice in the same batch` });
        continue;
      }
      seen.add(item.recordingId);
      candidates.push({ item, hash: contentHash(item.input), unit });
    }
    if (candidates.length === 0) return outcomes;

    const docs = candidates.map((c) => toDocument(c.item.recordingId, c.item.input, c.unit, c.hash, actor, now));
    // Release decision and retention state go in with the document itself: one write, no refresh pass.
    const derived = await this.derived.deriveFor(docs as unknown as (RecordingDoc & { _id: string })[], now);
    const withDerived = docs.map((d) => ({ ...d, ...derived.get(d._id) }));
    const duplicates = new Set<string>();
    try {
      await this.models.Recording.collection.insertMany(withDerived as never[], { ordered: false });
    } catch (e) {
      const writeErrors = extractWriteErrors(e);
      if (!writeErrors) throw e;
      for (const we of writeErrors) {
        const doc = docs[we.index];
        if (we.code === 11000 && doc) duplicates.add(doc._id);
        else throw e;
      }
    }
    const existing = duplicates.size
      ? new Map(
          (await this.models.Recording.find(duplicates.size === 1 ? { _id: [...duplicates][0] } : { _id: { $in: [...duplicates] } }, { sha256: 1, contentHash: 1, destruction: 1 }).lean()).map((d) => [d._id, d]),
        )
      : new Map();
    for (const c of candidates) {
      const id = c.item.recordingId;
      if (!duplicates.has(id)) {
        outcomes.push({ ref: c.item.ref, recordingId: id, result: 'inserted' });
        continue;
      }
      const prev = existing.get(id);
      if (!prev) {
        outcomes.push({ ref: c.item.ref, recordingId: id, result: 'rejected', field: 'recordingId', message: 'concurrent write; retry' });
        continue;
      }
      if (prev.contentHash === c.hash) {
        outcomes.push({ ref: c.item.ref, recordingId: id, result: 'unchanged' });
        continue;
      }
      if (prev.sha256 !== c.item.input.sha256) {
        outcomes.push({ ref: c.item.ref, recordingId: id, result: 'rejected', field: 'sha256', message: `sha256 differs from the stored media hash for ${id}: the media changed, which integrity rules forbid` });
        continue;
      }
      if (prev.destruction) {
        outcomes.push({ ref: c.item.ref, recordingId: id, result: 'rejected', field: 'recordingId', message: `recording ${id} was destroyed; its tombstone metadata is frozen` });
        continue;
      }
      const { _id, createdAt, createdBy, ...update } = toDocument(id, c.item.input, c.unit, c.hash, actor, now);
      void _id; void createdAt; void createdBy;
      // Derived state was computed from the new content above; content and state change in one write.
      await this.models.Recording.collection.updateOne({ _id: id as never }, { $set: { ...update, ...derived.get(id) } });
      outcomes.push({ ref: c.item.ref, recordingId: id, result: 'updated' });
    }
    return outcomes.sort((a, b) => a.ref - b.ref);
  }
}

interface WriteErrorLike {
  index: number;
  code: number;
}
function extractWriteErrors(e: unknown): WriteErrorLike[] | null {
  if (typeof e !== 'object' || e === null || !('writeErrors' in e)) return isDuplicateKey(e) ? [{ index: 0, code: 11000 }] : null;
  const raw = (e as { writeErrors: unknown }).writeErrors;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((w: { index?: unknown; code?: unknown; err?: { index?: unknown; code?: unknown } }) => ({
    index: Number(w.index ?? w.err?.index ?? -1),
    code: Number(w.code ?? w.err?.code ?? 0),
  }));
}
