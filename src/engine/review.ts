/**
 * Which requester kinds wait for legal review on a recording: the review queue's key, stored with
 * the recording's derived state. It lives in the engine so that a change of this reading changes
 * engineVersion, and the sweep re-derives every recording stored under the old one.
 */
import type { DateTime } from 'luxon';
import { LINK_CONFIRMED_MISSING } from './conditions';
import type { CounselInput } from './counsel';
import type { ReleaseEngine } from './decide';
import { type CaseFacts, type CourtOrderFacts, type Decision, REQUESTER_KINDS, type RecordingFacts, type RequesterKind } from './facts';

export interface ReviewNeeds {
  /**
   * The kinds whose answer is needs_legal_review now on something other than the requester, or a
   * withhold resting only on a clerk's unconfirmed case link (Decision.unconfirmedLinks).
   */
  kinds: RequesterKind[];
  /** The union of their missing facts, sorted, without the requester's own. */
  missingFacts: string[];
  /** Every other kind's next change by itself (reviewAt, availableFrom), for the sweep's date. */
  changes: (string | null)[];
}

/** A fact the requester shows on a request (identity, relationship, written request): answered on the request, not in the queue. */
export const aboutRequester = (fact: string): boolean => fact.startsWith('requester.');

/**
 * Decides every requester kind with no claim recorded (the public decision is passed in, already
 * made). A kind counts when its answer is needs_legal_review and some missing fact is not about the
 * requester, or none is named at all (a contradiction the rules leave to counsel), and when its
 * withhold waits for the confirmation of the case link it rests on (missing recording.caseLinkConfirmed). Costs one
 * decision per other kind: about 50 µs per recording for the ten kinds on the engine bench's mix.
 */
export function reviewNeeds(
  engine: Pick<ReleaseEngine, 'decide'>,
  recording: RecordingFacts,
  cases: readonly CaseFacts[],
  orders: readonly CourtOrderFacts[],
  asOf: DateTime,
  publicDecision: Decision,
  /** Counsel's determinations on file: a question counsel answered leaves the queue (MO-COUNSEL). */
  counsel?: CounselInput,
): ReviewNeeds {
  const kinds: RequesterKind[] = [];
  const missing = new Set<string>();
  const changes: (string | null)[] = [];
  for (const kind of REQUESTER_KINDS) {
    const d = kind === 'public' ? publicDecision : engine.decide(recording, cases, orders, kind, asOf, undefined, undefined, counsel);
    if (kind !== 'public') changes.push(d.reviewAt, d.availableFrom);
    if (d.outcome === 'withhold' && d.unconfirmedLinks.length > 0) {
      // Counsel session 8, M1: a denial waits for the prosecutor to confirm the link its closure rests on.
      kinds.push(kind);
      missing.add(LINK_CONFIRMED_MISSING);
      continue;
    }
    if (d.outcome !== 'needs_legal_review') continue;
    const facts = d.missingFacts.filter((f) => !aboutRequester(f));
    if (facts.length === 0 && d.missingFacts.length > 0) continue;
    kinds.push(kind);
    for (const f of facts) missing.add(f);
  }
  return { kinds, missingFacts: [...missing].sort(), changes };
}
