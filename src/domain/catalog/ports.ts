/**
 * What the catalog needs from storage, shaped by use (persistence/stores implements them).
 * Writes that depend on what was read are conditional on the recording's `rev` and return
 * false when someone else wrote in between: the caller re-reads, recomputes and retries.
 */
import type {
  CaseFields,
  DerivedFields,
  DestructionRecord,
  RecordingContent,
  RetentionState,
  ReviewFactsOverlay,
  RevisionRef,
  StoredCamera,
  StoredCase,
  StoredCaseEvent,
  JuvenileCourtAmendment,
  StoredHold,
  StoredOrder,
  StoredRecording,
  StoredRetentionReview,
  StoredRevision,
} from './records';

export interface CameraStore {
  /** Upsert; true when the camera was created. */
  put(serial: string, fields: Omit<StoredCamera, '_id' | 'createdAt' | 'createdBy'>): Promise<boolean>;
  get(serial: string): Promise<StoredCamera | null>;
  list(f: { assignment?: string; unit?: string; status?: string }, after: string | null, limit: number): Promise<StoredCamera[]>;
  /** serial -> unit for the registered ones among `serials`. */
  unitsOf(serials: readonly string[]): Promise<Map<string, string>>;
  /** Every unit a registered camera belongs to, sorted. */
  units(): Promise<string[]>;
}

export interface RecordingFilter {
  caseNumber?: string | undefined;
  cameraSerial?: string | undefined;
  officerId?: string | undefined;
  category?: string | undefined;
  recordedFrom?: Date | undefined;
  recordedTo?: Date | undefined;
  /** The stored (current) retention status: the destruction screen lists `eligible_for_destruction`. */
  retentionStatus?: string | undefined;
  unit?: string | undefined;
  /** Recording ids starting with this (upper-cased by the caller: ids are catalogued in upper case). */
  idPrefix?: string | undefined;
  /** The stored outcome of the public requester's release decision (`release.outcome`). */
  releaseStatus?: string | undefined;
  /** The stored retain-until in [retainUntilFrom, retainUntilTo). */
  retainUntilFrom?: Date | undefined;
  retainUntilTo?: Date | undefined;
  /** A retention rule id among the stored blockers (`retention.blockers`). */
  blockedBy?: string | undefined;
}

/** The orders the recordings list offers: by id, oldest first, newest first. */
export type RecordingOrder = 'id' | 'recordedAt' | '-recordedAt';
/** Where a page ends: the last recording's id, and its recorded time when the order is by date. */
export interface RecordingCursor {
  id: string;
  at?: Date | undefined;
}

/** Content write of an existing recording: metadata and the derived state computed for it. */
export type ContentUpdate = RecordingContent &
  DerivedFields & { reviewFacts: ReviewFactsOverlay | null; revision: RevisionRef; updatedAt: Date; updatedBy: string };

/** The append-only content revisions of recordings (see StoredRevision). */
export interface RecordingRevisionStore {
  /** One unordered insert; ids are fresh, so nothing is ever overwritten. */
  insertMany(revisions: readonly StoredRevision[]): Promise<void>;
  /** Every revision written for each recording (including unreachable ones), any order. */
  ofRecordings(recordingIds: readonly string[]): Promise<Map<string, StoredRevision[]>>;
}

export interface RecordingStore {
  get(id: string): Promise<StoredRecording | null>;
  getMany(ids: readonly string[]): Promise<StoredRecording[]>;
  /**
   * At most `limit` recordings matching `f`, in `order`, after the cursor. Every combination of
   * filters is answered through an index; `now` bounds the first window of a by-date list.
   */
  list(f: RecordingFilter, order: RecordingOrder, after: RecordingCursor | null, limit: number, now: Date): Promise<StoredRecording[]>;
  /** Recordings whose derived state changes by itself in [from, to) (reviewAt), soonest first, after the cursor. */
  upcoming(
    f: { from: Date; to: Date; unit?: string | undefined },
    after: RecordingCursor | null,
    limit: number,
  ): Promise<StoredRecording[]>;
  /** The ids among `ids` that exist. */
  existing(ids: readonly string[]): Promise<Set<string>>;
  /** Recordings linked to the case, in `_id` order. */
  byCase(caseNumber: string): Promise<StoredRecording[]>;
  idsByCase(caseNumber: string): Promise<string[]>;
  /** The case numbers among `caseNumbers` that at least one recording links to. */
  linkedCaseNumbers(caseNumbers: readonly string[]): Promise<Set<string>>;
  /** Inserts the recordings whose id is new; returns the ids that already existed (left untouched). */
  insertNew(docs: readonly StoredRecording[]): Promise<Set<string>>;
  /** Content + derived state, if the recording is still at `rev` and not destroyed. */
  updateContent(id: string, rev: number, update: ContentUpdate): Promise<boolean>;
  /** Derived state, if the recording is still at `rev`. */
  writeDerived(id: string, rev: number, derived: DerivedFields): Promise<boolean>;
  /** Up to `limit` ids of recordings (not destroyed) whose review-facts overlay was stored before its entries were kept (counsel session 6, G2). */
  needingReviewSources(limit: number): Promise<string[]>;
  /** The destruction, if the recording is still at `rev` and not destroyed. */
  recordDestruction(id: string, rev: number, d: DestructionRecord, retention: RetentionState, updatedBy: string): Promise<boolean>;
  /** Ids whose derived state may be out of date by itself: reviewAt passed, decided under other rules, or never. */
  /** Recordings whose review date has passed, or whose stored state was decided under other rules or engine code. */
  dueForRefresh(now: Date, versions: { rulesVersion: string; engineVersion: string }, limit: number): Promise<string[]>;
}

export interface CaseStore {
  get(caseNumber: string): Promise<StoredCase | null>;
  getMany(caseNumbers: readonly string[]): Promise<StoredCase[]>;
  /** Upsert of the case's own fields (events untouched); true when created. */
  put(
    caseNumber: string,
    fields: CaseFields & { updatedAt: Date; updatedBy: string },
    onCreate: { createdAt: Date; createdBy: string },
  ): Promise<boolean>;
  /** The case numbers among `caseNumbers` the catalog holds (an `_id` lookup, no documents read). */
  known(caseNumbers: readonly string[]): Promise<Set<string>>;
  /** Case numbers equal to `text` or starting with `prefix`, without regard to letter case, sorted, at most `limit` (ids only). */
  numbersLike(text: string, prefix: string, limit: number): Promise<string[]>;
  /** Atomic append; false when the case does not exist. */
  appendEvent(caseNumber: string, event: StoredCaseEvent, updatedBy: string): Promise<boolean>;
  /** Inserts new cases whole (unordered); returns the ids that already existed, which are left untouched. */
  insertNew(cases: readonly StoredCase[]): Promise<Set<string>>;
}

export interface CourtOrderStore {
  /** CONFLICT (AppError) when the order number exists. */
  insert(order: StoredOrder): Promise<void>;
  get(orderNumber: string): Promise<StoredOrder | null>;
  /** Appends a juvenileCourt entry (atomic $push); never edits the ones before. */
  amendJuvenileCourt(orderNumber: string, entry: JuvenileCourtAmendment, now: Date): Promise<void>;
  covering(recordingIds: readonly string[], caseNumbers: readonly string[]): Promise<StoredOrder[]>;
}

export interface HoldStore {
  insert(hold: StoredHold): Promise<void>;
  get(id: string): Promise<StoredHold | null>;
  /** Conditional on the hold being active; false when it was not. */
  release(id: string, releasedAt: Date, releasedBy: string, releaseReason: string): Promise<boolean>;
  list(f: { active?: boolean | undefined }, after: string | null, limit: number): Promise<StoredHold[]>;
  covering(recordingIds: readonly string[], caseNumbers: readonly string[]): Promise<StoredHold[]>;
}

/** Manual reviews releasing closed records (A17); append-only. */
export interface RetentionReviewStore {
  insert(review: StoredRetentionReview): Promise<void>;
  forRecordings(recordingIds: readonly string[]): Promise<StoredRetentionReview[]>;
}

/** The fields reports and the fact mappers read (everything but media hash, tags, audit stamps). */
export type ReportDoc = Pick<
  StoredRecording,
  | '_id'
  | 'unit'
  | 'officerId'
  | 'cameraSerial'
  | 'category'
  | 'recordedAt'
  | 'caseNumbers'
  | 'location'
  | 'flags'
  | 'retention'
  | 'reviewAt'
  | 'destruction'
> &
  // Retention reads the content review and crime-scene status (counsel review finding 8, addendum 2).
  Partial<Pick<StoredRecording, 'redactionReview' | 'crimeScene' | 'reviewSources' | 'reviewFacts' | 'noInvestigation'>>;
/** A report row's fields plus the stored release decision. */
export type LinkedDoc = ReportDoc & Pick<StoredRecording, 'release'>;
export type BacklogDoc = Pick<StoredRecording, '_id' | 'unit' | 'officerId' | 'cameraSerial' | 'recordedAt' | 'retention'>;

/** Streamed passes over the recordings, in batches (reports never hold the catalog in memory). */
export interface RecordingScans {
  countForReport(f: { category?: string | undefined; unit?: string | undefined }): Promise<number>;
  forReport(f: { category?: string | undefined; unit?: string | undefined }): AsyncIterable<ReportDoc[]>;
  /** Recordings not destroyed. */
  live(f: { unit?: string | undefined }): AsyncIterable<ReportDoc[]>;
  /** Unclassified, not destroyed, recorded before `cutoff`. */
  unclassifiedBefore(cutoff: Date, unit: string | undefined): AsyncIterable<BacklogDoc[]>;
  /** Destroyed, performed in [from, to). */
  destroyed(f: { from?: Date | undefined; to?: Date | undefined; unit?: string | undefined }): AsyncIterable<StoredRecording[]>;
  /** Every recording, in `_id` order. */
  all(): AsyncIterable<StoredRecording[]>;
  /** Every case number some recording links to, sorted (read from the `{caseNumbers, _id}` index). */
  linkedCaseNumbers(): Promise<string[]>;
  /** Recordings linked to any of `caseNumbers` (the `{caseNumbers, _id}` index). */
  linkedTo(caseNumbers: readonly string[]): AsyncIterable<LinkedDoc[]>;
  /** Recordings whose stored release state names linked cases the catalog did not hold (ReleaseState.unknownCases), in `_id` order. */
  withUnknownCases(): AsyncIterable<LinkedDoc[]>;
  /** Whether any recording's stored release state was decided under other rules or engine code, or never (the sweep has not reached it). */
  anyDecidedUnderOther(versions: { rulesVersion: string; engineVersion: string }): Promise<boolean>;
  /**
   * Up to `limit` recordings whose stored conflicts key (RetentionState.conflictFrom) is at or
   * before `now`, in (key, _id) order after `after`, through the partial index conflict_candidates.
   */
  conflictCandidates(q: ConflictCandidateQuery, limit: number): Promise<ReportDoc[]>;
  /**
   * Up to `limit` unclassified recordings not destroyed, recorded before the cutoff, in
   * (recordedAt, _id) order after `after`, through the partial index unclassified_recordedAt.
   */
  backlogPage(q: BacklogPageQuery, limit: number): Promise<BacklogDoc[]>;
  /** How many recordings the backlog holds (the same index). */
  countBacklog(q: Omit<BacklogPageQuery, 'after'>): Promise<number>;
  /**
   * How many unclassified recordings not destroyed were recorded at or after the cutoff (the same
   * index): the flag period's intake, whatever the catalog's depth.
   */
  countUnclassifiedSince(q: Omit<BacklogPageQuery, 'after'>): Promise<number>;
  /** How many recordings carry a key at or before `now`, counting no further than `cap` (the same index). */
  countConflictCandidates(q: Omit<ConflictCandidateQuery, 'after'>, cap: number): Promise<number>;
}

export interface BacklogPageQuery {
  /** Recorded before this (the flag period before asOf). */
  cutoff: Date;
  unit?: string | undefined;
  /** The position of the last row of the previous page. */
  after?: { at: Date; id: string } | null;
}

export interface ConflictCandidateQuery {
  now: Date;
  unit?: string | undefined;
  /** The position of the last candidate of the previous page. */
  after?: { at: Date; id: string } | null;
}
