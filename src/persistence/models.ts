import type { Connection } from 'mongoose';
import { cameraSchema, caseSchema, courtOrderSchema, holdSchema, recordingRevisionSchema, recordingSchema, retentionReviewSchema } from './models/catalog.model';
import { auditSchema } from './models/audit.model';
import { RETIRED_RECORDING_INDEXES } from './models/catalog.model';
import { decisionSchema } from './models/decision.model';
import { refreshIntentSchema } from './models/refresh-intent.model';
import { counterSchema, requestSchema } from './models/request.model';
import { pendingLoginSchema, sessionSchema } from './models/session.model';

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
    Decision: conn.model('Decision', decisionSchema),
    Request: conn.model('Request', requestSchema),
    Counter: conn.model('Counter', counterSchema),
    Audit: conn.model('Audit', auditSchema),
    RefreshIntent: conn.model('RefreshIntent', refreshIntentSchema),
    Session: conn.model('Session', sessionSchema),
    PendingLogin: conn.model('PendingLogin', pendingLoginSchema),
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
