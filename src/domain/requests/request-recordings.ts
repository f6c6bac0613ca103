/**
 * The request's recording table, one row per recording in scope with what a clerk decides with
 * (category, recorded time, officer, title, place) and the answer for this requester, with totals
 * by answer; the same rows are the bulk check exported as CSV (issue 14: a request naming a case,
 * a camera or a date range at a place). PURE: built from the stored request and the recordings.
 */
import { createHash } from 'node:crypto';
import { type CsvColumn, csvHeader, csvRows } from '../../csv';
import { FLAG_NAMES, type FlagName } from '../../engine/facts';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { type QuestionMatch, type Questions, questionsFor } from '../../engine/questions';
import type { StoredRecording } from '../catalog/records';
import type { LoggedDecision } from '../eligibility/ports';
import type { NotResponsiveEntry, StoredRequest } from './ports';

/**
 * The answer for one recording: released in full, released with redactions, withheld, pending legal
 * review, not decided yet (linked to the requested case after the last decision; decided at
 * the next review or response), or marked not responsive.
 */
export const RECORDING_ANSWERS = [
  'released',
  'released_with_redactions',
  'withheld',
  'pending_legal_review',
  'not_decided',
  'not_responsive',
] as const;
export type RecordingAnswer = (typeof RECORDING_ANSWERS)[number];

/** The app's words for each answer (before the response it is what may be done, not what was done). */
const ANSWER_WORDS: Record<RecordingAnswer, string> = {
  released: 'May be released',
  released_with_redactions: 'May be released with redactions',
  withheld: 'Withhold',
  pending_legal_review: 'Needs legal review',
  not_decided: 'Not decided yet',
  not_responsive: 'Not responsive',
};

export interface RecordingRow {
  recordingId: string;
  answer: RecordingAnswer;
  decision: LoggedDecision | null;
  notResponsive: NotResponsiveEntry | null;
  /** Null when the recording is no longer in the catalog. */
  recording: {
    category: string;
    recordedAt: Date;
    officerId: string;
    unit: string;
    cameraSerial: string;
    title: string | null;
    place: string | null;
    durationSeconds: number;
    /** The content flags set (FLAG_NAMES), shown with the answer (usability test, problem 9). */
    flags: FlagName[];
    /** Whether a person has reviewed the content: before that no flag is known. */
    reviewed: boolean;
  } | null;
}

export type AnswerTotals = Record<RecordingAnswer, number>;

export function answerOf(d: LoggedDecision | undefined, notResponsive: boolean): RecordingAnswer {
  if (notResponsive) return 'not_responsive';
  if (!d) return 'not_decided';
  if (d.outcome === 'withhold') return 'withheld';
  if (d.outcome === 'needs_legal_review') return 'pending_legal_review';
  return d.redactions.length ? 'released_with_redactions' : 'released';
}

/** Every recording in scope (`all`, sorted) with its answer, and the totals by answer. */
export function answers(
  r: StoredRequest,
  all: readonly string[],
): { ids: { recordingId: string; answer: RecordingAnswer }[]; totals: AnswerTotals } {
  const decisions = new Map(r.decisions.map((d) => [d.recordingId, d]));
  const excluded = new Set((r.notResponsive ?? []).map((x) => x.recordingId));
  const totals = Object.fromEntries(RECORDING_ANSWERS.map((a) => [a, 0])) as AnswerTotals;
  const ids = all.map((recordingId) => {
    const answer = answerOf(decisions.get(recordingId), excluded.has(recordingId));
    totals[answer] += 1;
    return { recordingId, answer };
  });
  return { ids, totals };
}

export function rowsFor(
  r: StoredRequest,
  ids: readonly { recordingId: string; answer: RecordingAnswer }[],
  docs: readonly StoredRecording[],
): RecordingRow[] {
  const byId = new Map(docs.map((d) => [d._id, d]));
  const decisions = new Map(r.decisions.map((d) => [d.recordingId, d]));
  const excluded = new Map((r.notResponsive ?? []).map((x) => [x.recordingId, x]));
  return ids.map(({ recordingId, answer }) => {
    const doc = byId.get(recordingId);
    return {
      recordingId,
      answer,
      decision: answer === 'not_responsive' ? null : (decisions.get(recordingId) ?? null),
      notResponsive: excluded.get(recordingId) ?? null,
      recording: doc
        ? {
            category: doc.category,
            recordedAt: doc.recordedAt,
            officerId: doc.officerId,
            unit: doc.unit,
            cameraSerial: doc.cameraSerial,
            title: doc.title ?? null,
            place: doc.location?.address ?? null,
            durationSeconds: doc.durationSeconds,
            flags: FLAG_NAMES.filter((f) => doc.flags[f] === true),
            reviewed: doc.redactionReview !== null && doc.redactionReview !== undefined,
          }
        : null,
    };
  });
}

const citations = (d: LoggedDecision | null): string =>
  d ? [...new Set([...d.reasons, ...d.redactions].map((x) => x.citation))].join('; ') : '';

/** The bulk check's columns (src/csv.ts quotes and guards every cell against formula injection). */
type BulkCheckRow = RecordingRow & { requestNumber: string; requester: string; questions: readonly QuestionMatch[] };

export const BULK_CHECK_CSV: readonly CsvColumn<BulkCheckRow>[] = [
  { header: 'request', cell: (x) => x.requestNumber },
  { header: 'requester', cell: (x) => x.requester },
  { header: 'recording', cell: (x) => x.recordingId },
  { header: 'answer', cell: (x) => ANSWER_WORDS[x.answer] },
  { header: 'recorded_at', cell: (x) => (x.recording ? legalIso(x.recording.recordedAt) : '') },
  { header: 'category', cell: (x) => x.recording?.category ?? '' },
  { header: 'officer', cell: (x) => x.recording?.officerId ?? '' },
  { header: 'unit', cell: (x) => x.recording?.unit ?? '' },
  { header: 'camera', cell: (x) => x.recording?.cameraSerial ?? '' },
  { header: 'title', cell: (x) => x.recording?.title ?? '' },
  { header: 'place', cell: (x) => x.recording?.place ?? '' },
  { header: 'redactions', cell: (x) => (x.decision?.redactions ?? []).map((y) => y.kind).join('; ') },
  { header: 'available_from', cell: (x) => x.decision?.availableFrom ?? '' },
  { header: 'view_only', cell: (x) => (x.decision ? x.decision.viewOnly : '') },
  { header: 'may_change_on', cell: (x) => x.decision?.reviewAt ?? '' },
  { header: 'missing_facts', cell: (x) => (x.decision?.missingFacts ?? []).join('; ') },
  // The question behind each missing fact (questions.yaml) and who answers it, so the sheet says who must act.
  { header: 'questions', cell: (x) => x.questions.map((q) => q.text).join(' | ') },
  { header: 'answered_by', cell: (x) => [...new Set(x.questions.map((q) => q.answeredBy))].join('; ') },
  { header: 'citations', cell: (x) => citations(x.decision) },
  { header: 'not_responsive_reason', cell: (x) => x.notResponsive?.reason ?? '' },
  { header: 'decided_at', cell: (x) => (x.decision ? x.decision.asOf : '') },
  { header: 'decision_id', cell: (x) => x.decision?.decisionId ?? '' },
];

export interface BulkCheckCsv {
  name: string;
  text: string;
  sha256: string;
  bytes: number;
  rows: number;
  totals: AnswerTotals;
  /** The recordings the file shows (for the audit trail). */
  recordingIds: string[];
}

export function bulkCheckCsv(
  r: StoredRequest,
  rows: readonly RecordingRow[],
  totals: AnswerTotals,
  now: Date,
  questions: Questions,
): BulkCheckCsv {
  const requestNumber = r.number ?? r._id;
  const requester = r.requester.name;
  const asked = (d: LoggedDecision | null): QuestionMatch[] =>
    d === null ? [] : questionsFor(questions, d.missingFacts, { recordingId: d.recordingId, requester: d.requester });
  const text =
    csvHeader(BULK_CHECK_CSV) +
    csvRows(
      BULK_CHECK_CSV,
      rows.map((x) => ({ ...x, requestNumber, requester, questions: asked(x.decision) })),
    );
  const stamp = (legalIsoOrNull(now) ?? '').slice(0, 10);
  return {
    name: `${requestNumber}-recordings-${stamp}.csv`,
    text,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    bytes: Buffer.byteLength(text, 'utf8'),
    rows: rows.length,
    totals,
    recordingIds: rows.map((x) => x.recordingId),
  };
}
