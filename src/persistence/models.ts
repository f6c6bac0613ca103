import type { Connection } from 'mongoose';
import { targetKeys } from '../domain/audit/audit.service';
import {
  cameraSchema,
  caseSchema,
  courtOrderSchema,
  holdSchema,
  recordingRevisionSchema,
  recordingSchema,
  retentionReviewSchema,
  retentionTallyJournalSchema,
  retentionTallySchema,
} from './models/catalog.model';
import { auditSchema } from './models/audit.model';
import { RETIRED_RECORDING_INDEXES } from './models/catalog.model';
import { counselDeterminationSchema } from './models/counsel.model';
import { decisionSchema } from './models/decision.model';
import { refreshIntentSchema } from './models/refresh-intent.model';
import { counterSchema, requestSchema } from './models/request.model';
import { pendingLoginSchema, sessionSchema } from './models/session.model';
import { reviewItemSchema } from './models/review-item.model';
import { retentionTallies } from './stores/retention-tallies.store';
import { reviewCountSchema, reviewEntrySchema } from './models/review-queue.model';

/** Binds every schema to one connection (tests use a connection per database). */
export function createModels(conn: Connection) {
  return {
    Camera: conn.model('Camera', cameraSchema),
    Recording: conn.model('Recording', recordingSchema),
    RecordingRevision: conn.model('RecordingRevision', recordingRevisionSchema),
    Case: conn.model('Case', caseSchema),
    CourtOrder: conn.model('CourtOrder', courtOrderSchema),
    Hold: conn.model('Hold', holdSchema),
    RetentionReview: conn.model('RetentionReview', retentionReviewSchema),
    RetentionTally: conn.model('RetentionTally', retentionTallySchema),
    RetentionTallyJournal: conn.model('RetentionTallyJournal', retentionTallyJournalSchema),
    Decision: conn.model('Decision', decisionSchema),
    Request: conn.model('Request', requestSchema),
    Counter: conn.model('Counter', counterSchema),
    Audit: conn.model('Audit', auditSchema),
    RefreshIntent: conn.model('RefreshIntent', refreshIntentSchema),
    Session: conn.model('Session', sessionSchema),
    CounselDetermination: conn.model('CounselDetermination', counselDeterminationSchema),
    PendingLogin: conn.model('PendingLogin', pendingLoginSchema),
    ReviewItem: conn.model('ReviewItem', reviewItemSchema),
    ReviewEntry: conn.model('ReviewEntry', reviewEntrySchema),
    ReviewCount: conn.model('ReviewCount', reviewCountSchema),
  };
}
export type Models = ReturnType<typeof createModels>;

/** Creates collections and every declared index (idempotent). Run at start-up. */
export async function ensureSchema(models: Models): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createCollection().catch((e: unknown) => {
      if (!(e instanceof Error && /already exists/i.test(e.message))) throw e;
    });
    // Retired indexes go first: a new one may cover the same keys (with a partial filter).
    if (model === models.Recording) await dropRetiredIndexes(models.Recording);
    await model.createIndexes();
  }
  await backfillAuditTargetKeys(models.Audit);
  // Recordings stored before the retention counts existed are marked for counting (once; instant on an empty catalog).
  await retentionTallies(models).backfill();
}

/**
 * Audit entries written before `targetKeys` existed get them (the upper-cased targets the search
 * reads), so the search by recording finds them too. The first entry is done last: while it lacks
 * keys the backfill has not finished, and the next start resumes; once it has them, a start costs
 * one read by `_id`.
 */
async function backfillAuditTargetKeys(model: Models['Audit']): Promise<void> {
  const first = await model
    .findOne({}, { targetKeys: 1, targets: 1 })
    .sort({ _id: 1 })
    .lean<{ _id: string; targetKeys?: string[]; targets: string[] }>();
  if (!first || first.targetKeys) return;
  let batch: { updateOne: { filter: { _id: string }; update: { $set: { targetKeys: string[] } } } }[] = [];
  const flush = async () => {
    if (batch.length) await model.bulkWrite(batch, { ordered: false });
    batch = [];
  };
  const missing = model
    .find({ _id: { $gt: first._id }, targetKeys: { $exists: false } }, { targets: 1 })
    .sort({ _id: 1 })
    .lean<{ _id: string; targets: string[] }[]>();
  for await (const e of missing.cursor({ batchSize: 1000 })) {
    batch.push({ updateOne: { filter: { _id: e._id }, update: { $set: { targetKeys: targetKeys(e.targets) } } } });
    if (batch.length >= 1000) await flush();
  }
  await flush();
  await model.updateOne({ _id: first._id }, { $set: { targetKeys: targetKeys(first.targets) } });
}

async function dropRetiredIndexes(model: Models['Recording']): Promise<void> {
  const present = new Set((await model.listIndexes()).map((i: { name?: string }) => i.name));
  for (const name of RETIRED_RECORDING_INDEXES) {
    if (!present.has(name)) continue;
    // Another process starting at the same time may have dropped it first.
    await model.collection.dropIndex(name).catch((e: unknown) => {
      if (!(e instanceof Error && /not found|can't find|cannot find/i.test(e.message))) throw e;
    });
  }
}
