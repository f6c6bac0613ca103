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

export interface RefreshJournal {
  open(intent: RefreshIntent): Promise<void>;
  close(id: string): Promise<void>;
  /** Intents covering the recording: naming it, or through one of its cases. */
  covering(recordingId: string, caseNumbers: readonly string[]): Promise<RefreshIntent[]>;
  /** Intents opened at or before `at` (left by a writer that died), oldest first. */
  openedBefore(at: Date, limit: number): Promise<RefreshIntent[]>;
}
