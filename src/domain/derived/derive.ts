/** Pure: a recording's derived state from its gathered facts at `now`, and its stored form. */
import type { CounselInput } from '../../engine/counsel';
import type { Decision, RetentionResult } from '../../engine/facts';
import { type ReviewNeeds, reviewNeeds } from '../../engine/review';
import { legalDateTime, parseLegalMoment } from '../../engine/legal-time';
import { retentionStatus } from '../../engine/retention';
import { conflictKey, scheduleAlone } from '../../engine/schedule-alone';
import type { Rules } from '../../rules';
import type { DerivedFields, ReviewState } from '../catalog/records';
import { questionOf } from '../review/questions';
import type { RecordingFactBundle } from './facts.gatherer';

export interface DerivedState {
  decision: Decision;
  retention: RetentionResult;
  reviewAt: Date | null;
  /** Absent when not asked for (the impact preview compares decisions only). */
  review?: ReviewState;
  /** The conflicts list's key (engine/schedule-alone.ts conflictKey); null or absent: none. */
  conflictFrom?: string | null;
  /** Linked case numbers with no case in the catalog (the gathered facts hold none for them), sorted. */
  unknownCases: string[];
}

/** The recording's case numbers that the gathered facts hold no case for. */
function unknownCasesOf(b: RecordingFactBundle): string[] {
  if (b.recording.caseNumbers.length === 0) return [];
  const known = new Set(b.cases.map((c) => c.caseNumber));
  return [...new Set(b.recording.caseNumbers.filter((n) => !known.has(n)))].sort();
}

function minFuture(now: Date, ...isos: (string | null | undefined)[]): Date | null {
  let best: number | null = null;
  for (const s of isos) {
    if (!s) continue;
    const t = parseLegalMoment(s).toMillis();
    if (Number.isFinite(t) && t > now.getTime() && (best === null || t < best)) best = t;
  }
  return best === null ? null : new Date(best);
}

/** The stored review state: the engine's needs plus the questions asking for the missing facts. */
export function reviewState(rules: Rules, needs: ReviewNeeds): ReviewState {
  const questionIds = [...new Set(needs.missingFacts.map((f) => questionOf(rules, f).questionId))].sort();
  return { inReview: needs.kinds.length > 0, kinds: needs.kinds, missingFacts: needs.missingFacts, questionIds };
}
/** Counsel's determinations for the engine, answering `requestNumber` (null: no request). */
export const counselOf = (b: RecordingFactBundle, requestNumber: string | null): CounselInput => ({
  determinations: b.determinations ?? [],
  requestNumber,
});

/** The facts other than the recording's own content, as a comparable string. */
export const factKey = (b: RecordingFactBundle): string =>
  JSON.stringify([b.cases, b.orders, b.holds, b.requests, b.reviews, b.determinations ?? []]);

/** For one recording at `now` (also used by the impact preview with other rules). */
export function computeDerived(rules: Rules, b: RecordingFactBundle, now: Date, opts: { review?: boolean } = {}): DerivedState {
  const asOf = legalDateTime(now);
  const decision = rules.release.decide(b.recording, b.cases, b.orders, 'public', asOf, undefined, undefined, counselOf(b, null));
  const needs =
    opts.review === false ? null : reviewNeeds(rules.release, b.recording, b.cases, b.orders, asOf, decision, counselOf(b, null));
  const linked = b.cases.map((facts) => ({ facts, status: rules.release.caseStatusForRetention(facts, asOf) }));
  const retention = retentionStatus(rules.retention, rules, b.recording, linked, b.holds, b.requests, b.orders, asOf, b.reviews);
  const unclassifiedFlagAt =
    b.recording.category === 'unclassified' ? parseLegalMoment(b.recording.recordedAt).plus({ days: 30 }).toISO() : null;
  const reviewAt = minFuture(
    now,
    decision.reviewAt,
    decision.availableFrom,
    retention.retainUntil,
    unclassifiedFlagAt,
    ...linked.map((l) => l.status.reviewAt),
    ...(needs?.changes ?? []),
    // A determination that expires changes the answer on its own that day (release or withhold).
    ...(b.determinations ?? []).map((d) => (d.expiresOn === null ? null : parseLegalMoment(d.expiresOn).toISO())),
  );
  const conflictFrom = conflictKey(retention, () => scheduleAlone(rules.retention, rules, b.recording, linked, asOf));
  const unknownCases = unknownCasesOf(b);
  return needs
    ? { decision, retention, reviewAt, review: reviewState(rules, needs), conflictFrom, unknownCases }
    : { decision, retention, reviewAt, conflictFrom, unknownCases };
}

/** The stored form of a derived state. */
export function toFields(state: DerivedState, now: Date): DerivedFields {
  const { decision, retention } = state;
  return {
    release: {
      outcome: decision.outcome,
      ruleIds: [...new Set(decision.reasons.map((r) => r.ruleId))],
      // A release after a court order's notice changes on its own when the notice ends: lists read
      // this date, which was null while only the recording's own reviewAt had it (usability test, problem 1).
      reviewAt: decision.reviewAt ? new Date(decision.reviewAt) : minFuture(now, decision.availableFrom),
      availableFrom: decision.availableFrom ? new Date(decision.availableFrom) : null,
      orders: decision.orders.map((o) => ({ orderNumber: o.orderNumber, conditions: o.conditions, applied: o.applied })),
      rulesVersion: decision.rulesVersion,
      engineVersion: decision.engineVersion,
      decidedAt: now,
      // Absent (not empty) when there is none: the partial index unknown_cases holds only the recordings that name one.
      ...(state.unknownCases.length ? { unknownCases: state.unknownCases } : {}),
    },
    retention: {
      status: retention.status,
      retainUntil: retention.retainUntil ? new Date(retention.retainUntil) : null,
      blockers: [...new Set(retention.blockers.map((r) => r.ruleId))],
      ruleIds: [...new Set(retention.reasons.map((r) => r.ruleId))],
      rulesVersion: retention.rulesVersion,
      engineVersion: retention.engineVersion,
      decidedAt: now,
      // Absent (not null) when there is none: the partial index conflict_candidates holds only the keyed.
      ...(state.conflictFrom ? { conflictFrom: new Date(state.conflictFrom) } : {}),
    },
    reviewAt: state.reviewAt,
    ...(state.review ? { review: state.review } : {}),
  };
}

/**
 * Whether the stored derived state is exactly `written` (a conditional write that landed, or
 * another writer's from the same facts): compared field by field, dates by time.
 */
export function sameDerived(stored: DerivedFields, written: DerivedFields): boolean {
  const norm = (d: DerivedFields) =>
    JSON.stringify([
      d.release && [
        d.release.outcome,
        d.release.ruleIds,
        d.release.reviewAt?.getTime() ?? null,
        d.release.availableFrom?.getTime() ?? null,
        (d.release.orders ?? []).map((o) => [o.orderNumber, o.conditions, o.applied]),
        d.release.rulesVersion,
        d.release.engineVersion ?? null,
        d.release.decidedAt.getTime(),
        d.release.unknownCases ?? [],
      ],
      d.retention && [
        d.retention.status,
        d.retention.retainUntil?.getTime() ?? null,
        d.retention.blockers,
        d.retention.ruleIds,
        d.retention.rulesVersion,
        d.retention.engineVersion ?? null,
        d.retention.decidedAt.getTime(),
        d.retention.conflictFrom?.getTime() ?? null,
      ],
      d.reviewAt?.getTime() ?? null,
      d.review ? [d.review.kinds, d.review.missingFacts, d.review.questionIds] : null,
    ]);
  return norm(stored) === norm(written);
}
