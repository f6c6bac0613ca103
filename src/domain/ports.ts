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
import type { DerivedWrites, RefreshJournal } from './derived/ports';
import type { DecisionStore } from './eligibility/ports';
import type { RequestStore } from './requests/ports';

export interface Stores {
  cameras: CameraStore;
  recordings: RecordingStore & DerivedWrites;
  revisions: RecordingRevisionStore;
  scans: RecordingScans;
  cases: CaseStore;
  orders: CourtOrderStore;
  holds: HoldStore;
  retentionReviews: RetentionReviewStore;
  requests: RequestStore;
  decisions: DecisionStore;
  audit: AuditStore;
  journal: RefreshJournal;
  sessions: SessionStore;
}
