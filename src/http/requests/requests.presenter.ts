/** Stored Sunshine requests -> API JSON (ISO dates with offsets, America/Chicago). */
import { type ReviewWait, reviewWait } from '../../domain/review/request-wait';
import type { HolidayCalendar } from '../../engine/calendar-schema';
import { OPEN_STATUSES, availabilityPassed } from '../../domain/requests/lifecycle';
import type { StoredRequest } from '../../domain/requests/ports';
import { legalIsoOrNull } from '../../engine/legal-time';
import type { RecordingRow } from '../../domain/requests/request-recordings';
import type { Questions } from '../../engine/questions';
import { presentDecision } from '../eligibility/eligibility.presenter';
import type { RequestRecordingsPage, RequestView } from './requests.schemas';

/** presentRequest with the rules' questions and what the request waits for in the review queue, flagged `soonBusinessDays` before its due date. */
export const requestPresenter =
  (rules: { questions: Questions; holidays: HolidayCalendar }, soonBusinessDays: number) =>
  (r: StoredRequest, now: Date): RequestView =>
    presentRequest(r, now, rules.questions, reviewWait(r, now, rules.holidays, soonBusinessDays));

/** `questions`: the rules' questions table, for the question behind each decision's missing facts; `wait`: what it waits for in the review queue. */
export function presentRequest(r: StoredRequest, now: Date, questions: Questions, wait: ReviewWait): RequestView {
  const open = OPEN_STATUSES.includes(r.status);
  return {
    reviewWait: wait,
    requestId: r._id,
    number: r.number ?? null,
    status: r.status,
    outcome: r.outcome ?? null,
    receivedAt: legalIsoOrNull(r.receivedAt),
    requester: { name: r.requester.name, kind: r.requester.kind, contact: r.requester.contact ?? null, claim: r.requester.claim ?? null },
    scope: r.scope,
    recordingIds: r.recordingIds,
    notResponsive: (r.notResponsive ?? []).map((x) => ({
      recordingId: x.recordingId,
      reason: x.reason,
      at: legalIsoOrNull(x.at),
      by: x.by,
    })),
    attachments: (r.attachments ?? []).map((x) => ({ ...x, at: legalIsoOrNull(x.at) })),
    mediaItems: r.mediaItems ?? 0,
    dueBy: legalIsoOrNull(r.dueBy),
    due: r.due,
    overdue: open && r.dueBy < now,
    decidedAt: legalIsoOrNull(r.decidedAt),
    decisions: r.decisions.map((d) => presentDecision(d, questions)),
    delay: r.delay
      ? {
          cause: r.delay.cause,
          availableAt: legalIsoOrNull(r.delay.availableAt),
          at: legalIsoOrNull(r.delay.at),
          by: r.delay.by,
          place: r.delay.place ?? null,
          replaces: legalIsoOrNull(r.delay.replaces ?? null),
        }
      : null,
    availabilityPassed: availabilityPassed(r, now),
    finalResponseAt: legalIsoOrNull(r.finalResponseAt),
    respondedLate: r.finalResponseAt ? r.finalResponseAt > r.dueBy : null,
    responseNote: r.responseNote ?? null,
    reviewMinutes: r.reviewMinutes ?? 0,
    withdrawnAt: legalIsoOrNull(r.withdrawnAt),
    suit: r.suit
      ? {
          reference: r.suit.reference,
          court: r.suit.court ?? null,
          servedAt: legalIsoOrNull(r.suit.servedAt),
          holdId: r.suit.holdId,
          recordedAt: legalIsoOrNull(r.suit.recordedAt),
          recordedBy: r.suit.recordedBy,
        }
      : null,
    responses: (r.responses ?? []).map((x) => ({
      seq: x.seq,
      kind: x.kind,
      at: legalIsoOrNull(x.at),
      by: x.by,
      answeredRecordingIds: x.answeredRecordingIds,
      decisionIds: x.decisionIds,
      pendingRecordingIds: x.pendingRecordingIds,
      delay: x.delay ? { cause: x.delay.cause, availableAt: legalIsoOrNull(x.delay.availableAt), place: x.delay.place ?? null } : null,
      note: x.note ?? null,
    })),
    history: r.history.map((h) => ({
      from: h.from ?? null,
      to: h.to,
      at: legalIsoOrNull(h.at),
      by: h.by,
      role: h.role,
      note: h.note ?? null,
      decisionIds: h.decisionIds,
    })),
    createdAt: legalIsoOrNull(r.createdAt),
    createdBy: r.createdBy,
    updatedAt: legalIsoOrNull(r.updatedAt),
    updatedBy: r.updatedBy,
  };
}

export function presentRecordingRows(rows: readonly RecordingRow[], questions: Questions): RequestRecordingsPage['items'] {
  return rows.map((x) => ({
    recordingId: x.recordingId,
    answer: x.answer,
    decision: x.decision === null ? null : presentDecision(x.decision, questions),
    notResponsive: x.notResponsive
      ? { reason: x.notResponsive.reason, at: legalIsoOrNull(x.notResponsive.at), by: x.notResponsive.by }
      : null,
    recording: x.recording ? { ...x.recording, recordedAt: legalIsoOrNull(x.recording.recordedAt) } : null,
  }));
}
