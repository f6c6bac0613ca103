/**
 * Why a recording's stored state will change on its review date, in words (the upcoming-changes
 * list). The review date is the earliest of the dates derive.ts takes it from; each of those equal
 * to it is a reason. A date none of the recording's own fields explains came from a linked case
 * (a limitation period or another time limit of the case runs out).
 */
import { type CsvColumn } from '../../csv';
import { legalIso, legalIsoOrNull, parseLegalMoment } from '../../engine/legal-time';
import type { StoredRecording } from './records';

export const CHANGE_KINDS = ['notice_ends', 'release_review', 'retention_period_ends', 'classification_due', 'case_status'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export interface ChangeReason {
  kind: ChangeKind;
  text: string;
}

/** Days an unclassified recording waits before it joins the classification backlog (derive.ts). */
const CLASSIFY_WITHIN_DAYS = 30;

export function changeReasons(r: Pick<StoredRecording, 'reviewAt' | 'release' | 'retention' | 'category' | 'recordedAt'>): ChangeReason[] {
  const at = r.reviewAt?.getTime();
  if (at === undefined) return [];
  const same = (d: Date | null | undefined) => !!d && new Date(d).getTime() === at;
  const out: ChangeReason[] = [];
  if (same(r.release?.availableFrom)) {
    out.push({
      kind: 'notice_ends',
      text: "A court order's notice period ends: the recording may be released from then, as the order says.",
    });
  } else if (same(r.release?.reviewAt)) {
    out.push({
      kind: 'release_review',
      text: 'A time limit in the answer for the public ends: that answer is decided again (it may change).',
    });
  }
  if (same(r.retention?.retainUntil)) {
    out.push(
      r.retention?.status === 'retain'
        ? {
            kind: 'retention_period_ends',
            text: 'The retention period ends: the recording may become eligible for destruction, unless a hold, an open request or a review keeps it.',
          }
        : { kind: 'retention_period_ends', text: 'A retain-until date is reached: retention is decided again.' },
    );
  }
  if (
    r.category === 'unclassified' &&
    parseLegalMoment(new Date(r.recordedAt).toISOString()).plus({ days: CLASSIFY_WITHIN_DAYS }).toMillis() === at
  ) {
    out.push({ kind: 'classification_due', text: `Unclassified for ${CLASSIFY_WITHIN_DAYS} days: it joins the classification backlog.` });
  }
  if (out.length === 0) {
    out.push({
      kind: 'case_status',
      text: "A linked case's status may change (a limitation period or another time limit runs out): its answer and retention are decided again.",
    });
  }
  return out;
}

/** One row of the upcoming-changes export: the recording as stored now, and why it changes when. */
export interface UpcomingRow {
  recording: StoredRecording;
  reasons: ChangeReason[];
}

/** The upcoming-changes CSV (GET /api/v1/reports/upcoming-changes/csv): the list's columns, the reasons in words. */
export const UPCOMING_CSV: readonly CsvColumn<UpcomingRow>[] = [
  { header: 'changesOn', cell: (r) => legalIsoOrNull(r.recording.reviewAt) },
  { header: 'recordingId', cell: (r) => r.recording._id },
  { header: 'unit', cell: (r) => r.recording.unit ?? '' },
  { header: 'officerId', cell: (r) => r.recording.officerId },
  { header: 'cameraSerial', cell: (r) => r.recording.cameraSerial },
  { header: 'category', cell: (r) => r.recording.category },
  { header: 'recordedAt', cell: (r) => legalIso(r.recording.recordedAt) },
  { header: 'caseNumbers', cell: (r) => r.recording.caseNumbers.join(';') },
  { header: 'publicAnswerNow', cell: (r) => r.recording.release?.outcome ?? '' },
  { header: 'retentionNow', cell: (r) => r.recording.retention?.status ?? '' },
  { header: 'changeKinds', cell: (r) => r.reasons.map((x) => x.kind).join(';') },
  { header: 'why', cell: (r) => r.reasons.map((x) => x.text).join(' ') },
];
