/**
 * Manual reviews of closed records (A17). RSMo 610.120.1: "Except as otherwise provided under
 * section 610.124, records required to be closed shall not be destroyed", so the schedule keeps a
 * closed record (RET-CLOSED-RETAINED) until a person reviews it under the 610.124 procedure and
 * records, with the step cited, that it may return to its normal retention. A Local Records Board
 * authority is refused unless the schedule's opt-in localRecordsBoard is on (counsel review
 * finding 8): recording it would look like a release that the engine does not count. Append-only: one insert; the
 * recording's derived state is refreshed through the intent journal like any fact change.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../auth/roles';
import { IsoDateTime, RetentionReviewAuthority } from '../../engine/facts';
import { legalDay } from '../../engine/legal-time';
import { rowsInForce } from '../../engine/retention';
import { AppError, notFound } from '../../errors';
import type { Rules } from '../../rules';
import { NonBlank } from '../catalog/catalog.schemas';
import type { RecordingStore, RetentionReviewStore } from '../catalog/ports';
import type { StoredRetentionReview } from '../catalog/records';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { DerivedRefresher } from '../derived/refresher';
import { retentionAt } from './retention-at';

const CLOSED_RECORD_RULE_ID = 'RET-CLOSED-RETAINED';

export const RetentionReviewInput = z.strictObject({
  /** rsmo_610_124: the 610.124 procedure; local_records_board: a Local Records Board authority, accepted only under the schedule's opt-in localRecordsBoard. */
  authority: RetentionReviewAuthority,
  /** The authority cited, precisely enough to be checked (schedule and item number, approval date, 610.124 step). */
  citation: NonBlank(500),
  /** Why the closed record may now follow its normal schedule. */
  reason: NonBlank(2000),
  /** When the review was made (default: now); not in the future. */
  reviewedAt: IsoDateTime.optional().describe('When the review was made (default now); not in the future (400)'),
});
export type RetentionReviewInput = z.infer<typeof RetentionReviewInput>;

/** Up to this far ahead of the server clock, reviewedAt is taken as clock skew, not the future. */
const SKEW_MS = 5 * 60_000;

export class RetentionReviewService {
  constructor(
    private readonly reviews: RetentionReviewStore,
    private readonly recordings: Pick<RecordingStore, 'get'>,
    private readonly gatherer: FactsGatherer,
    private readonly derived: DerivedRefresher,
    private readonly rules: () => Rules,
  ) {}

  /**
   * Records the review; refused (409) unless the recording is, right now, retained as a closed
   * record: a review of anything else would be a destruction authority nobody can check.
   */
  async create(recordingId: string, input: RetentionReviewInput, actor: Actor, now: Date): Promise<StoredRetentionReview> {
    const doc = await this.recordings.get(recordingId);
    if (!doc) throw notFound('Recording', recordingId);
    if (doc.destruction) throw new AppError('CONFLICT', `Recording ${recordingId} was already destroyed; a review cannot apply to it.`);
    const reviewedAt = input.reviewedAt ? new Date(input.reviewedAt) : now;
    if (reviewedAt.getTime() > now.getTime() + SKEW_MS) {
      throw new AppError('VALIDATION_FAILED', 'reviewedAt is in the future', [{ path: 'reviewedAt', message: 'must not be after now' }]);
    }
    if (input.authority === 'local_records_board') {
      const row = rowsInForce(this.rules().retention, legalDay(now)).find((r) => r.condition.kind === 'closed_record');
      if (row?.condition.kind !== 'closed_record' || !row.condition.localRecordsBoard.accept) {
        throw new AppError(
          'VALIDATION_FAILED',
          'A Local Records Board authority does not release a closed record: RSMo 610.120.1 excepts only the RSMo 610.124 procedure (the opt-in parameter localRecordsBoard is off).',
          [{ path: 'authority', message: 'must be rsmo_610_124 (local_records_board only under the opt-in parameter localRecordsBoard)' }],
        );
      }
    }
    const bundle = (await this.gatherer.forDocs([doc])).get(recordingId);
    if (!bundle) throw notFound('Recording', recordingId);
    const before = retentionAt(this.rules(), bundle, now);
    if (!before.blockers.some((b) => b.ruleId === CLOSED_RECORD_RULE_ID)) {
      throw new AppError(
        'INVALID_TRANSITION',
        `Recording ${recordingId} is not retained as a closed record (no ${CLOSED_RECORD_RULE_ID} blocker now), so there is nothing for a manual review to release.`,
        [],
        {
          retention: { status: before.status, blockers: before.blockers.map((b) => b.ruleId) },
        },
      );
    }
    const review: StoredRetentionReview = {
      _id: `RREV-${randomUUID()}`,
      recordingId,
      authority: input.authority,
      citation: input.citation.trim(),
      reason: input.reason.trim(),
      reviewedAt,
      reviewedBy: actor.sub,
      recordedAt: now,
    };
    await this.derived.change({ recordingIds: [recordingId], caseNumber: null }, now, () => this.reviews.insert(review));
    return review;
  }

  list(recordingId: string): Promise<StoredRetentionReview[]> {
    return this.reviews.forRecordings([recordingId]);
  }
}
