/**
 * The request lifecycle and the derived outcome. PURE (no db, no clock).
 *
 *   received -> in_review -> responded (released | partially_released | denied)
 *   received | in_review -> delayed -> responded      (RSMo 610.023.3 explanation + earliest availability)
 *   in_review | delayed | partially_responded -> partially_responded
 *       (a partial or supplemental response: what is decided is answered, the rest is delayed with
 *        its cause and earliest availability; the 610.023.3 deadline still runs on the whole request)
 *   partially_responded -> responded                  (the final response answers what remained)
 *   delayed -> delayed, partially_responded -> partially_responded
 *       (a further delay: the stated availability cannot be kept, so a new cause and earliest
 *        date, time and place are given, RSMo 610.023.3; the status does not change)
 *   received | in_review | delayed | partially_responded -> withdrawn
 *
 * The outcome is never typed by a clerk: it follows from the engine's decisions for the
 * recordings in scope, re-decided at the moment of response.
 */
import type { Decision } from '../../engine/facts';
import type { RequestOutcome, RequestStatus } from './requests.schemas';

/**
 * scope: recordings added to the request or marked not responsive; claim: what the requester has
 * shown, corrected or completed after intake (neither changes the status).
 */
export type Action = 'review' | 'delay' | 'further_delay' | 'partial' | 'respond' | 'withdraw' | 'scope' | 'claim';

export const ALLOWED_FROM: Readonly<Record<Action, readonly RequestStatus[]>> = {
  review: ['received'],
  scope: ['received', 'in_review', 'delayed', 'partially_responded'],
  claim: ['received', 'in_review', 'delayed', 'partially_responded'],
  delay: ['received', 'in_review'],
  further_delay: ['delayed', 'partially_responded'],
  partial: ['in_review', 'delayed', 'partially_responded'],
  respond: ['in_review', 'delayed', 'partially_responded'],
  withdraw: ['received', 'in_review', 'delayed', 'partially_responded'],
};

/** The status an action leads to; `unchanged` keeps the status it was applied from (a further delay). */
const TARGET: Readonly<Record<Action, RequestStatus | 'unchanged'>> = {
  review: 'in_review',
  delay: 'delayed',
  further_delay: 'unchanged',
  partial: 'partially_responded',
  respond: 'responded',
  withdraw: 'withdrawn',
  scope: 'unchanged',
  claim: 'unchanged',
};

export function targetOf(action: Action, from: RequestStatus): RequestStatus {
  const to = TARGET[action];
  return to === 'unchanged' ? from : to;
}

/**
 * The open request's stated availability (its delay's earliest date and time) has passed without
 * a response or a further delay: the requester holds a date that was not kept (610.023.3).
 */
export function availabilityPassed(s: { status: RequestStatus; delay: { availableAt: Date } | null }, now: Date): boolean {
  return (
    (s.status === 'delayed' || s.status === 'partially_responded') && s.delay !== null && s.delay.availableAt.getTime() <= now.getTime()
  );
}

/** A partially answered request is still open: its deadline, queue place and retention protection run on. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'in_review', 'delayed', 'partially_responded'];
export const CLOSED_STATUSES: readonly RequestStatus[] = ['responded', 'withdrawn'];

export interface StateSummary {
  requestId: string;
  status: RequestStatus;
  outcome: string | null;
  finalResponseAt: string | null;
  withdrawnAt: string | null;
  delayedUntil: string | null;
  lastChange: { at: string; by: string } | null;
}

/** Why `action` makes no sense in the current state, in words a clerk can act on; null when it is allowed. */
export function refusalReason(action: Action, s: StateSummary): string | null {
  if (ALLOWED_FROM[action].includes(s.status)) return null;
  const id = `Request ${s.requestId}`;
  if ((action === 'scope' || action === 'claim') && (s.status === 'withdrawn' || s.status === 'responded')) {
    return `${id} is ${s.status === 'withdrawn' ? `withdrawn (${s.withdrawnAt ?? '?'})` : `answered (${s.outcome ?? '?'}, ${s.finalResponseAt ?? '?'})`}; ${action === 'claim' ? "the requester's claim" : 'its recordings'} can no longer change. Log a new request for anything else.`;
  }
  if (s.status === 'withdrawn')
    return `${id} was withdrawn on ${s.withdrawnAt ?? '?'}; nothing more can be done with it (cannot ${action}).`;
  if (s.status === 'responded') {
    const done = `${id} was already answered (${s.outcome ?? '?'}) on ${s.finalResponseAt ?? '?'}`;
    if (action === 'delay') return `${done}; a delay can only be given before the response.`;
    if (action === 'withdraw') return `${done}; a request that has had its final response cannot be withdrawn.`;
    return `${done}; the response is final (cannot ${action}).`;
  }
  if (s.status === 'received' && (action === 'respond' || action === 'partial')) {
    return `${id} has not been reviewed yet: start the review first, then respond.`;
  }
  if (s.status === 'partially_responded') {
    const until = s.delayedUntil ? `; the rest is delayed until ${s.delayedUntil}` : '';
    if (action === 'review')
      return `${id} was already answered in part${until}. Send a supplemental response or the final response for the rest.`;
    if (action === 'delay')
      return `${id} was already answered in part${until}. A new delay of the rest is given with a further delay or with a supplemental response.`;
  }
  if (action === 'further_delay')
    return `${id} is ${s.status}; a further delay renews the delay of a delayed or partially answered request. ${s.status === 'received' || s.status === 'in_review' ? `Give the first delay instead.` : ''}`.trim();
  if (s.status === 'in_review' && action === 'review') {
    const since = s.lastChange ? ` since ${s.lastChange.at} (by ${s.lastChange.by})` : '';
    return `${id} is already in review${since}.`;
  }
  if (s.status === 'delayed') {
    if (action === 'delay')
      return `${id} is already delayed until ${s.delayedUntil ?? '?'}; respond when the records are available, or give a further delay with its new cause and date.`;
    if (action === 'review') return `${id} is delayed until ${s.delayedUntil ?? '?'} after review; respond when the records are available.`;
  }
  return `${id} is ${s.status}; ${action} is allowed only from ${ALLOWED_FROM[action].join(' or ')}.`;
}

export type DerivedOutcome =
  | { ok: true; outcome: RequestOutcome; released: string[]; redacted: string[]; withheld: string[] }
  | { ok: false; reason: string; pending: string[] };

/**
 * released: every recording in scope is released whole (no redactions);
 * denied: every recording is withheld;
 * partially_released: anything in between, including a release with redactions, because the
 * redacted part is closed material withheld under a cited provision (RSMo 610.024, 610.023.4).
 * A recording still needing legal review blocks the response: the law has not been applied
 * to it yet, so the clerk must resolve the facts or give a delay instead.
 */
export function deriveOutcome(
  decisions: readonly Pick<Decision, 'recordingId' | 'outcome' | 'redactions' | 'missingFacts' | 'unconfirmedLinks'>[],
): DerivedOutcome {
  if (decisions.length === 0) {
    return {
      ok: false,
      pending: [],
      reason: 'No recording is in scope, so there is nothing to decide: name the responsive recordings when starting the review.',
    };
  }
  const pending = decisions.filter((d) => d.outcome === 'needs_legal_review');
  if (pending.length > 0) {
    const list = pending
      .map((d) => `${d.recordingId}${d.missingFacts.length ? ` (missing: ${d.missingFacts.join(', ')})` : ''}`)
      .join('; ');
    return {
      ok: false,
      pending: pending.map((d) => d.recordingId),
      reason: `The engine cannot decide ${pending.length} recording(s) yet: ${list}. Record the missing facts, or delay the request with the cause and the earliest availability.`,
    };
  }
  const unconfirmed = decisions.filter(awaitsLinkConfirmation);
  if (unconfirmed.length > 0) return { ok: false, pending: unconfirmed.map((d) => d.recordingId), reason: unconfirmedReason(unconfirmed) };
  const released = decisions.filter((d) => d.outcome === 'release' && d.redactions.length === 0).map((d) => d.recordingId);
  const redacted = decisions.filter((d) => d.outcome === 'release' && d.redactions.length > 0).map((d) => d.recordingId);
  const withheld = decisions.filter((d) => d.outcome === 'withhold').map((d) => d.recordingId);
  const outcome: RequestOutcome =
    withheld.length === decisions.length ? 'denied' : released.length === decisions.length ? 'released' : 'partially_released';
  return { ok: true, outcome, released, redacted, withheld };
}

/**
 * A withhold resting only on case links a clerk entered and nobody confirmed (Decision.unconfirmedLinks,
 * counsel session 8, M1): its denial would cite a provision that applies only if the link is right
 * (610.023.4), so it is answered like a recording still in review: delayed until the prosecutor
 * confirms the link or has it removed.
 */
export const awaitsLinkConfirmation = (d: Pick<Decision, 'outcome' | 'unconfirmedLinks'>): boolean =>
  // Decisions stored before it was carried have no list (the key absent).
  d.outcome === 'withhold' && Array.isArray(d.unconfirmedLinks) && d.unconfirmedLinks.length > 0;

function unconfirmedReason(ds: readonly Pick<Decision, 'recordingId' | 'unconfirmedLinks'>[]): string {
  const list = ds.map((d) => `${d.recordingId} (case ${d.unconfirmedLinks.join(', ')})`).join('; ');
  return `${ds.length} recording(s) would be withheld only on a case link a clerk entered and nobody has confirmed: ${list}. A denial must cite the provision that applies to the record (RSMo 610.023.4): have the prosecutor confirm each link or have it removed (question recording-case-link-confirmed), or delay the request with the cause and the earliest availability.`;
}

export type PartialSplit = { ok: true; answered: string[]; pending: string[] } | { ok: false; reason: string; pending: string[] };

/**
 * A partial (or supplemental) response to the recordings not yet answered (A15): those the
 * engine decided (release or withhold) are answered now, those still needing legal review are
 * delayed. It needs at least one of each: with nothing pending it is the final response, with
 * nothing decided there is nothing to answer (a delay, or waiting, is what fits). Repeating a
 * partial response that succeeded therefore answers nothing new and is refused, not duplicated.
 */
export function splitPartial(decisions: readonly Pick<Decision, 'recordingId' | 'outcome' | 'unconfirmedLinks'>[]): PartialSplit {
  const waits = (d: Pick<Decision, 'outcome' | 'unconfirmedLinks'>) => d.outcome === 'needs_legal_review' || awaitsLinkConfirmation(d);
  const pending = decisions.filter(waits).map((d) => d.recordingId);
  const answered = decisions.filter((d) => !waits(d)).map((d) => d.recordingId);
  if (decisions.length === 0) {
    return { ok: false, pending, reason: 'Every recording in scope has already been answered: nothing is left for a partial response.' };
  }
  if (pending.length === 0) {
    return {
      ok: false,
      pending,
      reason: `All ${answered.length} remaining recording(s) are decided: send the final response instead of a partial one.`,
    };
  }
  if (answered.length === 0) {
    return {
      ok: false,
      pending,
      reason: `None of the ${pending.length} remaining recording(s) is decided yet (${pending.join(', ')}): there is nothing to answer now. Record the missing facts, or delay the request with the cause and the earliest availability.`,
    };
  }
  return { ok: true, answered, pending };
}
