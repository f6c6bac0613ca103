import type { DerivedFields, StoredCase, StoredHold, StoredOrder, StoredRecording, StoredRetentionReview } from '../catalog/records';
import type { RequestFactsRow } from '../requests/ports';

/**
 * The refresh journal: an intent is written before a change that affects recordings' derived
 * state (a fact change, or a batch of recording writes) and removed once their refresh is done.
 * An intent left behind names a change whose refresh may be half done (its process died): the
 * sweep re-decides its recordings and removes it. While one covers a recording, the recording
 * is not destroyed.
 */
export interface RefreshIntent {
  /** Unique per change. */
  _id: string;
  recordingIds: string[];
  caseNumber: string | null;
  at: Date;
}

/** One conditional write of derived state: applies only if the recording is still at `rev` (and increments it). */
export interface DerivedWrite {
  id: string;
  rev: number;
  derived: DerivedFields;
}

/** Derived-state writes for many recordings in one round trip (the refresh of a case's recordings). */
export interface DerivedWrites {
  /** Sends every write (unordered) at once; returns how many matched their `rev` (the rest lost a race). */
  writeDerivedMany(writes: readonly DerivedWrite[]): Promise<number>;
}

export interface RefreshJournal {
  open(intent: RefreshIntent): Promise<void>;
  close(id: string): Promise<void>;
  /** Intents covering the recording: naming it, or through one of its cases. */
  covering(recordingId: string, caseNumbers: readonly string[]): Promise<RefreshIntent[]>;
  /** Intents opened at or before `at` (left by a writer that died), oldest first. */
  openedBefore(at: Date, limit: number): Promise<RefreshIntent[]>;
}

/** Recordings with the documents their facts come from. */
export interface RecordingFactDocuments {
  recordings: StoredRecording[];
  /** The cases the recordings link to, the court orders and holds covering them (by id or through a case), their retention reviews; each once. */
  cases: StoredCase[];
  orders: StoredOrder[];
  holds: StoredHold[];
  reviews: StoredRetentionReview[];
  /** The Sunshine requests naming them (what the retention facts read of each). */
  requests: RequestFactsRow[];
}

/**
 * The recordings and their fact documents in one round trip (an eligibility answer waits for
 * this read; the separate reads it replaces are a recording read, then five more after it).
 */
export interface RecordingFactReader {
  withFacts(ids: readonly string[]): Promise<RecordingFactDocuments>;
}
