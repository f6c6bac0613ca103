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
  /**
   * After writing recordings with state from `before`: re-reads their facts, refreshes those whose
   * facts changed meanwhile and clears the writer's pending marker `token` (see derived.service.ts).
   */
  settle(docs: readonly UnsavedRecording[], before: Derivation, token: string, now: Date): Promise<void>;
  /** Marks the recordings in scope, runs `write` (the fact change), then refreshes them. */
  change<T>(scope: Scope, now: Date, write: () => Promise<T>): Promise<T>;
  /** Recompute for the recordings in scope. */
  refresh(scope: Scope, now: Date): Promise<void>;
}
