/**
 * What a request waits for in the review queue: its recordings still to be answered whose
 * decision for this requester is needs_legal_review, or a withhold waiting for the prosecutor to
 * confirm the case link it rests on (Decision.unconfirmedLinks), and whether its due date is near while they
 * wait (within `soonBusinessDays` business days, or passed), so the request queue can flag it.
 */
import { DateTime } from 'luxon';
import { addBusinessDays } from '../../engine/business-days';
import type { HolidayCalendar } from '../../engine/calendar-schema';
import { awaitsLinkConfirmation, OPEN_STATUSES } from '../requests/lifecycle';
import type { StoredRequest } from '../requests/ports';

export interface ReviewWait {
  recordingIds: string[];
  dueSoon: boolean;
}

export function reviewWait(r: StoredRequest, now: Date, calendar: HolidayCalendar, soonBusinessDays: number): ReviewWait {
  if (!OPEN_STATUSES.includes(r.status)) return { recordingIds: [], dueSoon: false };
  const done = new Set([
    ...(r.notResponsive ?? []).map((x) => x.recordingId),
    ...(r.responses ?? []).flatMap((x) => x.answeredRecordingIds),
  ]);
  const inScope = new Set(r.recordingIds);
  const recordingIds = [
    ...new Set(
      r.decisions
        .filter(
          (d) =>
            (d.outcome === 'needs_legal_review' || awaitsLinkConfirmation(d)) && inScope.has(d.recordingId) && !done.has(d.recordingId),
        )
        .map((d) => d.recordingId),
    ),
  ].sort();
  const soonFrom = addBusinessDays(calendar, DateTime.fromJSDate(r.dueBy), -soonBusinessDays).toMillis();
  return { recordingIds, dueSoon: recordingIds.length > 0 && now.getTime() >= soonFrom };
}
