/**
 * Counsel determinations as stored (collection counselDeterminations), and what the domain needs
 * from storage. Append-only: a determination is never edited; a later one supersedes it (naming it),
 * and a withdrawal is set once on it with its own time (a conditional single-document write).
 */
import type { DeterminationOutcome, DeterminationRedaction, DeterminationScope } from '../../engine/counsel';
import type { RequesterKind } from '../../engine/facts';

export type DeterminationScopeKind = DeterminationScope['kind'];

export const DIGEST_PARTS = ['recording', 'case', 'orders'] as const;
/** One part of the facts digest: which part, whose (recording id or case number), and its SHA-256. */
export interface StoredDigestPart {
  part: (typeof DIGEST_PARTS)[number];
  key: string;
  digest: string;
}

/**
 * The engine's digest (src/engine/counsel.ts FactsDigest) as stored: its per-recording and per-case
 * maps as a list (recording ids and case numbers may hold dots, which document keys should not),
 * the law (rulesVersion) it was read under and, for a request scope, the claim's digest.
 */
export interface StoredFactsDigest {
  parts: StoredDigestPart[];
  law: string;
  claim: string | null;
}

export interface StoredWithdrawal {
  at: Date;
  by: string;
  reason: string;
}

export interface StoredDetermination {
  /** CD-YYYY-NNNNN. */
  _id: string;
  scopeKind: DeterminationScopeKind;
  /** recording and recording_request scopes. */
  recordingId: string | null;
  /** case scope. */
  caseNumber: string | null;
  /** recording_request scope. */
  requestNumber: string | null;
  requesterKinds: RequesterKind[];
  outcome: DeterminationOutcome;
  /** Each: what the public is told, and the staff's instruction (internal). */
  redactions: DeterminationRedaction[];
  /** Public: the provision of law relied on. */
  citation: string;
  /** Public: the ground a decision and its letter give, in counsel's approved words. */
  publicStatement: string;
  /** Internal: counsel's reasoning (privileged), never in a decision or a letter. */
  reasoning: string;
  /** YYYY-MM-DD (America/Chicago): the first day it no longer applies; null = none. */
  expiresOn: string | null;
  answers: string[];
  factsDigest: StoredFactsDigest;
  enteredAt: Date;
  enteredBy: string;
  supersedes: string | null;
  /** Set after the superseding determination is stored (informational: the engine reads `supersedes`). */
  supersededBy: string | null;
  withdrawal: StoredWithdrawal | null;
}

export interface DeterminationFilter {
  recordingId?: string | undefined;
  caseNumber?: string | undefined;
  requestNumber?: string | undefined;
}

export interface DeterminationStore {
  /** CONFLICT (AppError) when the number exists. */
  insert(d: StoredDetermination): Promise<void>;
  get(number: string): Promise<StoredDetermination | null>;
  /** Newest first (by number), at most `limit`. */
  list(f: DeterminationFilter, limit: number): Promise<StoredDetermination[]>;
  /** Every determination that may concern these recordings: by recording id, or through one of these cases. */
  covering(recordingIds: readonly string[], caseNumbers: readonly string[]): Promise<StoredDetermination[]>;
  /** Sets the withdrawal once; false when it was already withdrawn (or does not exist). */
  withdraw(number: string, w: StoredWithdrawal): Promise<boolean>;
  /** Marks it superseded by `by` unless already marked; false when it was. */
  markSuperseded(number: string, by: string): Promise<boolean>;
  /** The next sequence number of a counter (atomic, never reused). */
  nextSeq(key: string): Promise<number>;
}
