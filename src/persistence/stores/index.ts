/** Builds the domain's stores over one set of models; every store translates driver outages. */
import type { Stores } from '../../domain/ports';
import type { Models } from '../models';
import { cameraStore, caseStore, courtOrderStore, holdStore, retentionReviewStore } from './catalog.stores';
import { factReader } from './fact-reader.store';
import { determinationStore } from './counsel.store';
import { guarded } from './guard';
import { recordingScans } from './recording-scans.store';
import { refreshJournal } from './refresh-journal.store';
import { recordingStore } from './recordings.store';
import { retentionTallies } from './retention-tallies.store';
import { reviewStore } from './review.store';
import { revisionStore } from './revisions.store';
import { sessionStore } from './sessions.store';
import { auditStore, decisionStore, requestStore } from './requests.store';

export function createStores(models: Models): Stores {
  return {
    cameras: guarded(cameraStore(models)),
    recordings: guarded(recordingStore(models)),
    revisions: guarded(revisionStore(models)),
    facts: guarded(factReader(models)),
    scans: guarded(recordingScans(models)),
    tallies: guarded(retentionTallies(models)),
    cases: guarded(caseStore(models)),
    orders: guarded(courtOrderStore(models)),
    holds: guarded(holdStore(models)),
    retentionReviews: guarded(retentionReviewStore(models)),
    requests: guarded(requestStore(models)),
    decisions: guarded(decisionStore(models)),
    audit: guarded(auditStore(models)),
    journal: guarded(refreshJournal(models)),
    sessions: guarded(sessionStore(models)),
    review: guarded(reviewStore(models)),
    determinations: guarded(determinationStore(models)),
  };
}
