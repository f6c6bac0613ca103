/**
 * The request lifecycle and the derived outcome. PURE (no db, no clock).
 *
 *   received -> in_review -> responded (released | partially_released | denied)
 *   received | in_review -> delayed -> responded      (RSMo 610.023.3 explanation + earliest availability)
 *   received | in_review | delayed -> withdrawn
 *
 * The outcome is never typed by a clerk: it follows from the engine's decisions for the
 * recordings in scope, re-decided at the moment of response.
 */
import type { Decision } from '../../engine/facts';
import type { RequestOutcome, RequestStatus } from './requests.schemas';

export type Action = 'review' | 'delay' | 'respond' | 'withdraw';

export const ALLOWED_FROM: Readonly<Record<Action, readonly RequestStatus[]>> = {
  review: ['received'],
  delay: ['received', 'in_review'],
  respond: ['in_review', 'delayed'],
  withdraw: ['received', 'in_review', 'delayed'],
};

export const TARGET: Readonly<Record<Action, RequestStatus>> = {
  review: 'in_review',
  delay: 'delayed',
  respond: 'responded',
  withdraw: 'withdrawn',
};

export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'in_review', 'delayed'];
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
export function refusal(action: Action, s: StateSummary): string | null {
  if (ALLOWED_FROM[action].includes(s.status)) return null;
  const id = `Request ${s.requestId}`;
  if (s.status === 'withdrawn') return `${id} was withdrawn on ${s.withdrawnAt ?? '?'}; nothing more can be done with it (cannot ${action}).`;
  if (s.status === 'responded') {
    const done = `${id} was already answered (${s.outcome ?? '?'}) on ${s.finalResponseAt ?? '?'}`;
    if (action === 'delay') return `${done}; a delay can only be given before the response.`;
    if (action === 'withdraw') return `${done}; a request that has had its final response cannot be withdrawn.`;
    return `${done}; the response is final (cannot ${action}).`;
  }
  if (s.status === 'received' && action === 'respond') {
    return `${id} has not been reviewed yet: start the review first (POST /api/v1/requests/${s.requestId}/review), then respond.`;
  }
  if (s.status === 'in_review' && action === 'review') {
    const since = s.lastChange ? ` since ${s.lastChange.at} (by ${s.lastChange.by})` : '';
    return `${id} is already in review${since}.`;
  }
  if (s.status === 'delayed') {
    if (action === 'delay') return `${id} is already delayed until ${s.delayedUntil ?? '?'}; respond when the records are available.`;
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
export function deriveOutcome(decisions: readonly Decision[]): DerivedOutcome {
  if (decisions.length === 0) {
    return {
      ok: false,
      pending: [],
      reason: 'No recording is in scope, so there is nothing to decide: identify the responsive recordings at review (POST .../review with recordingIds).',
    };
  }
  const pending = decisions.filter((d) => d.outcome === 'needs_legal_review');
  if (pending.length > 0) {
    const list = pending.map((d) => `${d.recordingId}${d.missingFacts.length ? ` (missing: ${d.missingFacts.join(', ')})` : ''}`).join('; ');
    return {
      ok: false,
      pending: pending.map((d) => d.recordingId),
      reason: `The engine cannot decide ${pending.length} recording(s) yet: ${list}. Record the missing facts, or delay the request with the cause and the earliest availability.`,
    };
  }
  const released = decisions.filter((d) => d.outcome === 'release' && d.redactions.length === 0).map((d) => d.recordingId);
  const redacted = decisions.filter((d) => d.outcome === 'release' && d.redactions.length > 0).map((d) => d.recordingId);
  const withheld = decisions.filter((d) => d.outcome === 'withhold').map((d) => d.recordingId);
  const outcome: RequestOutcome = withheld.length === decisions.length ? 'denied' : released.length === decisions.length ? 'released' : 'partially_released';
  return { ok: true, outcome, released, redacted, withheld };
}
