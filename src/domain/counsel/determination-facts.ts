/** Stored determinations -> the engine's plain facts, and the scope a determination's refresh covers. */
import type { CounselDeterminationFacts, DeterminationScope, FactsDigest } from '../../engine/counsel';
import { legalIso } from '../../engine/legal-time';
import type { Scope } from '../catalog/records';

/** Where a determination stands now (for lists; decisions work it out as known at their knownAt). */
export const DETERMINATION_STATUSES = ['in_force', 'superseded', 'withdrawn', 'expired'] as const;
export type DeterminationStatus = (typeof DETERMINATION_STATUSES)[number];

/** Its status on `today` (YYYY-MM-DD, America/Chicago). */
export function statusOf(d: Pick<StoredDetermination, 'withdrawal' | 'supersededBy' | 'expiresOn'>, today: string): DeterminationStatus {
  if (d.withdrawal) return 'withdrawn';
  if (d.supersededBy) return 'superseded';
  if (d.expiresOn !== null && today >= d.expiresOn) return 'expired';
  return 'in_force';
}
import type { StoredDetermination, StoredFactsDigest } from './ports';

const PART_MAP = { recording: 'recordings', case: 'cases', orders: 'orders' } as const;

/** The engine's digest as stored (see StoredFactsDigest). */
export function storedDigest(d: FactsDigest): StoredFactsDigest {
  const parts: StoredFactsDigest['parts'] = [];
  for (const part of ['recording', 'case', 'orders'] as const)
    for (const [key, digest] of Object.entries(d[PART_MAP[part]])) parts.push({ part, key, digest });
  return { parts, law: d.law, claim: d.claim };
}

/** The stored digest as the engine reads it. */
export function engineDigest(s: StoredFactsDigest): FactsDigest {
  const out: FactsDigest = { recordings: {}, cases: {}, orders: {}, law: s.law, claim: s.claim };
  for (const p of s.parts) out[PART_MAP[p.part]][p.key] = p.digest;
  return out;
}

export function scopeOf(d: Pick<StoredDetermination, 'scopeKind' | 'recordingId' | 'caseNumber' | 'requestNumber'>): DeterminationScope {
  if (d.scopeKind === 'case') return { kind: 'case', caseNumber: d.caseNumber ?? '' };
  if (d.scopeKind === 'recording_request')
    return { kind: 'recording_request', recordingId: d.recordingId ?? '', requestNumber: d.requestNumber ?? '' };
  return { kind: 'recording', recordingId: d.recordingId ?? '' };
}

/** The recordings whose derived state a determination can change: its recording, or every recording of its case. */
export function refreshScope(s: DeterminationScope): Scope {
  return s.kind === 'case' ? { caseNumber: s.caseNumber } : { recordingIds: [s.recordingId] };
}

export function determinationFacts(d: StoredDetermination): CounselDeterminationFacts {
  return {
    number: d._id,
    scope: scopeOf(d),
    requesterKinds: [...d.requesterKinds],
    outcome: d.outcome,
    redactions: d.redactions.map((r) => ({ publicDescription: r.publicDescription, instruction: r.instruction })),
    citation: d.citation,
    publicStatement: d.publicStatement,
    reasoning: d.reasoning,
    expiresOn: d.expiresOn,
    answers: [...d.answers],
    factsDigest: engineDigest(d.factsDigest),
    enteredAt: legalIso(d.enteredAt),
    enteredBy: d.enteredBy,
    supersedes: d.supersedes,
    withdrawnAt: d.withdrawal ? legalIso(d.withdrawal.at) : null,
  };
}

/** Whether a determination concerns this recording (linked to these cases). */
export function concerns(
  d: Pick<StoredDetermination, 'recordingId' | 'caseNumber'>,
  recordingId: string,
  caseNumbers: readonly string[],
): boolean {
  return d.recordingId === recordingId || (d.caseNumber !== null && caseNumbers.includes(d.caseNumber));
}
