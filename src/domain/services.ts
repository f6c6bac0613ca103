/** Wires the domain services over one set of stores and one rules bundle. */
import type { Rules } from '../rules';
import { AuditService } from './audit/audit.service';
import { type SessionPolicy, SessionService } from './auth/sessions.service';
import { CamerasService } from './catalog/cameras.service';
import { CasesService } from './catalog/cases.service';
import { CourtOrdersService } from './catalog/court-orders.service';
import { CounselDeterminationsService } from './counsel/determinations.service';
import { HoldsService } from './catalog/holds.service';
import { RecordingsService } from './catalog/recordings.service';
import { DerivedService } from './derived/derived.service';
import { FactsGatherer } from './derived/facts.gatherer';
import { EligibilityService } from './eligibility/eligibility.service';
import type { Stores } from './ports';
import { RequestsFactsSource } from './requests/request-facts.source';
import { RequestsService } from './requests/requests.service';
import { RetentionReviewService } from './retention/retention-review.service';
import { QueueMaintainer } from './review/queue-maintainer';
import { ReviewService } from './review/review.service';
import { buildRetentionServices } from './retention/retention.services';
import { reconcileAll } from './retention/retention-tally';
import { ImpactService } from './rules/impact.service';

/** Used when the caller gives none (scripts, tests): the configuration's defaults. */
const DEFAULT_SESSION_POLICY: SessionPolicy = { maxAgeSeconds: 8 * 3600, idleSeconds: 30 * 60 };

export function buildServices(
  stores: Stores,
  rules: Rules,
  hooks: { onDecision?: (outcome: string) => void; sessions?: SessionPolicy } = {},
) {
  const gatherer = new FactsGatherer(stores, new RequestsFactsSource(stores.requests));
  const reviewQueue = new QueueMaintainer(stores.review, () => rules);
  const derived = new DerivedService(stores.recordings, stores.journal, gatherer, rules, reviewQueue);
  const eligibility = new EligibilityService(stores.decisions, gatherer, rules, hooks.onDecision);
  const audit = new AuditService(stores.audit);
  return {
    rules,
    stores,
    gatherer,
    derived,
    reviewQueue,
    audit,
    sessions: new SessionService(stores.sessions, audit, hooks.sessions ?? DEFAULT_SESSION_POLICY),
    impact: new ImpactService(stores.scans, gatherer, rules),
    eligibility,
    cameras: new CamerasService(stores.cameras),
    recordings: new RecordingsService(stores.recordings, stores.cameras, derived, stores.revisions),
    cases: new CasesService(stores.cases, stores.recordings, derived),
    orders: new CourtOrdersService(stores.orders, stores.recordings, derived),
    holds: new HoldsService(stores.holds, derived),
    determinations: new CounselDeterminationsService(
      stores.determinations,
      stores.recordings,
      stores.cases,
      stores.requests,
      gatherer,
      derived,
      () => rules,
    ),
    requests: new RequestsService(stores.requests, stores.recordings, eligibility, derived, rules, stores.holds, stores.cases),
    retention: buildRetentionServices({ stores, gatherer, rules: () => rules }),
    review: new ReviewService(stores.review, stores.recordings, stores.cases, stores.requests, rules, reviewQueue, stores.tallies),
    retentionReviews: new RetentionReviewService(stores.retentionReviews, stores.recordings, gatherer, derived, () => rules),
  };
}
export type Services = ReturnType<typeof buildServices>;

const BACKFILL_PAGE = 200;
const BACKFILL_PAGES_PER_SWEEP = 50;

/**
 * The periodic sweep (main.ts timer, `npm run sweep`): re-decides recordings whose reviewAt
 * passed or whose rules changed (DerivedService.sweep), then moves earlier any open request's
 * due date that runs later than the Sunshine clock in force (RequestsService.repairDueDates), then
 * ends the staff sessions past their idle or absolute end (SessionService.expireDue). Requests
 * stored before request numbers existed are numbered (as at start-up; idempotent). Last, the
 * retention summary's counts take in every recording re-decided or written since the tally job
 * last ran, and finish moves a writer left half done.
 */
export async function sweep(
  services: Pick<Services, 'derived' | 'requests' | 'sessions' | 'reviewQueue' | 'recordings'> & { stores: Pick<Stores, 'tallies'> },
  now: Date,
): Promise<{
  reviewSourcesBackfilled: number;
  redecided: number;
  dueDatesMovedEarlier: number;
  sessionsExpired: number;
  requestsNumbered: number;
  talliesSettled: number;
}> {
  // Counsel session 6, G2: recordings a clerk answered before the sources of review facts were kept
  // get them first (each is decided again as it is written), a bounded number of pages per sweep.
  let reviewSourcesBackfilled = 0;
  for (let pages = 0; pages < BACKFILL_PAGES_PER_SWEEP; pages++) {
    const n = await services.recordings.backfillReviewSources(now, BACKFILL_PAGE);
    reviewSourcesBackfilled += n;
    if (n < BACKFILL_PAGE) break;
  }
  const redecided = await services.derived.sweep(now);
  const dueDatesMovedEarlier = await services.requests.repairDueDates(now);
  // The review queue: built once over a catalog older than it, then its counts set again from its entries.
  await services.reviewQueue.sweep(now);
  const requestsNumbered = await services.requests.numberExisting();
  // Sessions nobody used again before their end: their expiry is recorded here, not only on a next request.
  const sessionsExpired = await services.sessions.expireDue(now);
  await services.stores.tallies.backfill();
  const talliesSettled = await reconcileAll(services.stores.tallies);
  return { reviewSourcesBackfilled, redecided, dueDatesMovedEarlier, sessionsExpired, requestsNumbered, talliesSettled };
}
