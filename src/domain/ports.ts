/** Every store the domain uses (persistence/stores builds them over one database). */
import type { AuditStore } from './audit/ports';
import type { SessionStore } from './auth/ports';
import type {
  CameraStore,
  CaseStore,
  CourtOrderStore,
  HoldStore,
  RecordingRevisionStore,
  RecordingScans,
  RecordingStore,
  RetentionReviewStore,
} from './catalog/ports';
import type { DerivedWrites, LinkedFactReader, RefreshJournal } from './derived/ports';
import type { DeterminationStore } from './counsel/ports';
import type { DecisionStore } from './eligibility/ports';
import type { RequestStore } from './requests/ports';
import type { ReviewStore } from './review/ports';
import type { RetentionTallies } from './retention/retention-tally';

export interface Stores {
  cameras: CameraStore;
  recordings: RecordingStore & DerivedWrites;
  revisions: RecordingRevisionStore;
  /** The fact documents of recordings in one read (the gatherer's). */
  facts: LinkedFactReader;
  scans: RecordingScans;
  /** The retention summary's maintained counts. */
  tallies: RetentionTallies;
  cases: CaseStore;
  orders: CourtOrderStore;
  holds: HoldStore;
  retentionReviews: RetentionReviewStore;
  requests: RequestStore;
  decisions: DecisionStore;
  audit: AuditStore;
  journal: RefreshJournal;
  sessions: SessionStore;
  review: ReviewStore;
  determinations: DeterminationStore;
}
