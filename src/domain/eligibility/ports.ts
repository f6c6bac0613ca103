/**
 * The decision log: every eligibility answer given to a user, with the facts it used (replayable).
 * An entry is stored before its answer is sent, beside the request's audit entry; should the audit
 * entry fail, the request is answered 503 and the entry stays, naming a decision made but not
 * shown. Who saw which answer is the audit trail's to say, never the log's.
 */
import type { Actor } from '../../auth/roles';
import type { Decision, RequesterClaim, RequesterKind } from '../../engine/facts';
import type { RecordingFactBundle } from '../derived/facts.gatherer';

export interface LoggedDecision extends Decision {
  decisionId: string;
  knownAt: string;
}

export interface DecisionLogEntry {
  _id: string;
  recordingId: string;
  /** Who asked: only authenticated callers get decisions. */
  actor: Actor;
  requester: RequesterKind;
  /** What the requester had shown; null (or absent on entries logged before 2026-12) = nothing recorded. */
  claim?: RequesterClaim | null;
  /** The request answered (its counsel determinations apply); null or absent = none. */
  requestNumber?: string | null;
  asOf: string;
  knownAt: string;
  outcome: Decision['outcome'];
  rulesVersion: string;
  /** Hash of the engine code that decided; null for entries logged before it was recorded. */
  engineVersion: string | null;
  /** The facts exactly as given to the engine. */
  facts: RecordingFactBundle;
  /** The full decision as answered. */
  decision: Decision;
  createdAt: Date;
}

export interface DecisionStore {
  insertMany(entries: readonly DecisionLogEntry[]): Promise<void>;
  get(id: string): Promise<DecisionLogEntry | null>;
}
