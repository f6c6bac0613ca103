/** Recomputes the derived release/retention state stored on recordings after a change. */
import type { RecordingDoc } from '../../persistence/models/catalog.model';

export interface DerivedRefresher {
  /** Derived fields ($set payload) for documents about to be written, so they go in with one write. */
  deriveFor(docs: readonly (RecordingDoc & { _id: string })[], now: Date): Promise<Map<string, Record<string, unknown>>>;
  /** Recompute for these recordings, before the write that changed them is acknowledged. */
  refreshRecordings(ids: readonly string[], now: Date): Promise<void>;
  /** Recompute for every recording linked to the case. */
  refreshCase(caseNumber: string, now: Date): Promise<void>;
}
