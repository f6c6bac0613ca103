/** Keeps the derived release/retention state stored on recordings equal to a fresh recomputation. */
import type { DerivedFields, RecordingContent, Scope } from '../catalog/records';

/** A recording about to be written: its id, content and (not yet) destruction. */
export type UnsavedRecording = RecordingContent & { _id: string; destruction: null };

export interface Derivation {
  derived: Map<string, DerivedFields>;
  /** Per recording, the facts (cases, orders, holds, requests) the state was computed from, as a comparable key. */
  factKeys: Map<string, string>;
}

export interface DerivedRefresher {
  /** Derived state for documents about to be written, so they go in with one write. */
  deriveFor(docs: readonly UnsavedRecording[], now: Date): Promise<Derivation>;
  /** Journals a batch of recording writes about to happen; returns the intent id for `settle`. */
  begin(ids: readonly string[], now: Date): Promise<string>;
  /**
   * After writing recordings with state from `before`: re-gathers their facts, refreshes those whose
   * facts changed meanwhile and closes the intent (see derived.service.ts).
   */
  settle(docs: readonly UnsavedRecording[], before: Derivation, intentId: string, now: Date): Promise<void>;
  /**
   * Journals the change, runs `write` (the fact change), refreshes the recordings in scope, closes
   * the intent. `follow`: recordings whose derived state the change leaves alone but whose review
   * queue items it moves (a request's status, scope or due date): journaled too, then synced.
   */
  change<T>(scope: Scope, now: Date, write: () => Promise<T>, follow?: readonly string[]): Promise<T>;
  /** Recompute for the recordings in scope. */
  refresh(scope: Scope, now: Date): Promise<void>;
}

/**
 * What else follows the derived state: the review queue's entries (review/queue-maintainer.ts),
 * recomputed for the recordings whose derived state was just written.
 */
export interface DerivedFollower {
  syncRecordings(ids: readonly string[]): Promise<void>;
}
