import type { Connection } from 'mongoose';
import { cameraSchema, caseSchema, courtOrderSchema, holdSchema, recordingSchema } from './models/catalog.model';
import { auditSchema } from './models/audit.model';
import { decisionSchema } from './models/decision.model';
import { requestSchema, requestTransitionSchema } from './models/request.model';

/** Binds every schema to one connection (tests use a connection per database). */
export function createModels(conn: Connection) {
  return {
    Camera: conn.model('Camera', cameraSchema),
    Recording: conn.model('Recording', recordingSchema),
    Case: conn.model('Case', caseSchema),
    CourtOrder: conn.model('CourtOrder', courtOrderSchema),
    Hold: conn.model('Hold', holdSchema),
    Decision: conn.model('Decision', decisionSchema),
    Request: conn.model('Request', requestSchema),
    RequestTransition: conn.model('RequestTransition', requestTransitionSchema),
    Audit: conn.model('Audit', auditSchema),
  };
}
export type Models = ReturnType<typeof createModels>;

/** True when the server is FerretDB (its buildInfo carries ferretdbVersion). */
export async function isFerretDb(conn: Connection): Promise<boolean> {
  const info = await conn.db?.admin().command({ buildInfo: 1 });
  return typeof info?.ferretdbVersion === 'string';
}

/**
 * Creates collections and indexes (idempotent). Run at start-up. On FerretDB v1 secondary
 * indexes are never used for reads (only `_id` equality is pushed down, and even that scans),
 * while each one slows every insert, so only MongoDB gets them.
 */
export async function ensureSchema(models: Models): Promise<void> {
  const secondaryIndexes = !(await isFerretDb(models.Recording.db));
  for (const model of Object.values(models)) {
    await model.createCollection().catch((e: unknown) => {
      if (!(e instanceof Error && /already exists/i.test(e.message))) throw e;
    });
    if (secondaryIndexes) await model.createIndexes();
  }
}
