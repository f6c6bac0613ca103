import type { DerivedFields, StoredCase, StoredHold, StoredOrder, StoredRecording, StoredRetentionReview } from '../catalog/records';
import type { StoredDetermination } from '../counsel/ports';
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

/** The documents a batch of recordings' facts come from (each once, in no particular order). */
export interface LinkedFactDocuments {
  /** The cases named. */
  cases: StoredCase[];
  /** The court orders and holds covering the recordings, by id or through one of the cases. */
  orders: StoredOrder[];
  holds: StoredHold[];
  /** The Sunshine requests naming the recordings (what the retention facts read of each). */
  requests: RequestFactsRow[];
  /** The recordings' manual retention reviews. */
  reviews: StoredRetentionReview[];
  /** Counsel's determinations naming the recordings or (for `linked`) one of the cases. */
  determinations: StoredDetermination[];
}

/** Recordings with the fact documents that name them by id (court orders, holds, requests, reviews). */
export interface ByIdFactDocuments extends Omit<LinkedFactDocuments, 'cases'> {
  recordings: StoredRecording[];
}

/**
 * Reads the fact documents of a batch of recordings in one round trip each: an eligibility answer,
 * a refresh and a case event wait for them (the separate reads are five queries, one per collection).
 */
export interface LinkedFactReader {
  /** Every fact document of the recordings `recordingIds` (and of the cases `caseNumbers`). */
  linked(recordingIds: readonly string[], caseNumbers: readonly string[]): Promise<LinkedFactDocuments>;
  /**
   * The recordings themselves with the documents naming them by id, in one read: what is left to
   * read after it are their cases and what covers those, which a recording linked to no case
   * does not need (an eligibility answer for it reads once).
   */
  withFactsById(recordingIds: readonly string[]): Promise<ByIdFactDocuments>;
}
