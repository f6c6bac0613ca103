/** What the review queue needs from storage (persistence/stores/review.store.ts). */
import type { RequesterKind } from '../../engine/facts';
import type { ReviewState } from '../catalog/records';
import type { RequestStatus } from '../requests/vocabulary';
import type { AnsweredBy, QuestionMatch } from './questions';

export const REVIEW_ITEM_KINDS = ['recording', 'case'] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

/** One comment on an item, kept in order (appended with one atomic $push, never edited). */
export interface ReviewComment {
  at: Date;
  by: string;
  role: string;
  text: string;
}

/** One step on an item (assignment, comment), kept in order beside the audit trail's entry. */
export interface ReviewStep {
  at: Date;
  by: string;
  role: string;
  action: 'assigned' | 'unassigned' | 'commented';
  assignee: string | null;
}

/**
 * A recording or case someone has worked on in the queue: who it is assigned to and what was
 * said. Whether it is in review is not stored here (see QueueEntry). It outlives the item's time
 * in the queue: an item that comes back keeps its assignee, comments and steps.
 * `_id` is `<kind>:<ref>` (recording id or case number).
 */
export interface StoredReviewItem {
  _id: string;
  kind: ReviewItemKind;
  ref: string;
  assignee: string | null;
  assignedAt: Date | null;
  comments: ReviewComment[];
  steps: ReviewStep[];
  createdAt: Date;
  updatedAt: Date;
}

/** A recording in review as the queue reads it (a projection). */
export interface InReviewRow {
  _id: string;
  unit: string;
  caseNumbers: string[];
  recordedAt: Date;
  review: ReviewState;
}

export interface InReviewFilter {
  unit?: string | undefined;
  caseNumber?: string | undefined;
  recordingIds?: readonly string[] | undefined;
}

/** An open request as the queue reads it (a projection). */
export interface OpenRequestRow {
  _id: string;
  number?: string;
  status: RequestStatus;
  dueBy: Date;
  requester: { kind: RequesterKind };
  recordingIds: string[];
  notResponsive?: { recordingId: string }[];
  responses?: { answeredRecordingIds: string[] }[];
}

/** An open request waiting for an item, as the item shows it. */
export interface QueueRequestRef {
  id: string;
  number: string | null;
  dueBy: Date;
}

/** An item's recordings in one unit (what the per-unit counts add up). */
export interface UnitCount {
  unit: string;
  n: number;
}

/**
 * One item under one question, as the queue lists it: maintained from the recordings' derived
 * state and the open requests by QueueMaintainer (queue-maintainer.ts), so that a page is one
 * indexed range read. `_id` is `<kind>:<ref>#<questionId>`. An item that leaves review stays as
 * a tombstone (`inQueue: false`) and keeps its `rev`, so a writer that read the item before it
 * left cannot put it back (every write is conditional on the rev read, see the maintainer).
 */
export interface QueueEntry {
  _id: string;
  itemId: string;
  kind: ReviewItemKind;
  ref: string;
  questionId: string;
  answeredBy: AnsweredBy;
  inQueue: boolean;
  questions: QuestionMatch[];
  requesterKinds: RequesterKind[];
  /** Every recording of the item in review, sorted. */
  recordingIds: string[];
  units: string[];
  unitCounts: UnitCount[];
  /** The cases its recordings are linked to (a case item: its own), for the ?case filter. */
  caseNumbers: string[];
  requests: QueueRequestRef[];
  dueBy: Date | null;
  /** dueBy in ms, or NO_DUE: the sort key (an index cannot sort nulls last). */
  dueSort: number;
  oldestRecordedAt: Date;
  /** oldestRecordedAt in ms: the second sort key. */
  oldest: number;
  assigned: boolean;
  assignee: string | null;
  rev: number;
}

/** What an entry holds apart from its identity and rev (what a recomputation produces). */
export type QueueEntryBody = Omit<QueueEntry, '_id' | 'rev'>;

/** One conditional write of an entry: insert (expectRev null) or replace the body at `expectRev`. */
export interface EntryWrite {
  id: string;
  expectRev: number | null;
  body: QueueEntryBody;
}

/** Items and recordings per question, over all units (unit '') or one unit: maintained with the entries. */
export interface QueueCount {
  questionId: string;
  unit: string;
  answeredBy: AnsweredBy;
  items: number;
  recordings: number;
  /**
   * At or before the `oldest` of every entry counted (ms): set exactly by the recount, lowered by
   * each entry added (never raised by one leaving, so it stays a lower bound between recounts).
   * Where the group's items are read from by age. Absent: not known (counts written before it). A
   * delta lost with a writer that died is made good by the next recount, as the items are.
   */
  oldest?: number | null;
}

/**
 * A delta to the counts (items and recordings added by $inc, so concurrent writers both count;
 * `oldest`, when given, lowers the count's by $min).
 */
export type CountDelta = QueueCount;

/** Narrows a read of entries: all given ones must hold. */
export interface EntryFilter {
  questionIds?: readonly string[] | undefined;
  answeredBy?: AnsweredBy | undefined;
  unit?: string | undefined;
  caseNumber?: string | undefined;
  recordingIds?: readonly string[] | undefined;
}

/** A position inside one question's items: (dueSort, oldest, _id). */
export interface EntryPosition {
  dueSort: number;
  oldest: number;
  id: string;
}

export interface ReviewStore {
  /** The recordings (by id) with what the queue reads of them; missing ones are left out. */
  reviewRows(ids: readonly string[]): Promise<InReviewRow[]>;
  /** The recordings in review linked to any of the cases. */
  inReviewByCases(caseNumbers: readonly string[]): Promise<InReviewRow[]>;
  /** Ids of every recording in review, in batches (one streamed pass: the full rebuild). */
  inReviewIds(): AsyncIterable<string[]>;
  /** How many recordings are in review (the partial in_review index). */
  countInReview(): Promise<number>;
  /** The open requests naming any of the recordings. */
  openRequestsFor(recordingIds: readonly string[]): Promise<OpenRequestRow[]>;
  /** Item ids of the entries in the queue holding any of the recordings. */
  itemIdsHolding(recordingIds: readonly string[]): Promise<string[]>;
  /** Item ids of every entry in the queue, in batches (one streamed pass: the full rebuild). */
  queuedItemIds(): AsyncIterable<string[]>;
  /** Every entry (tombstones too) of the items. */
  entriesOf(itemIds: readonly string[]): Promise<QueueEntry[]>;
  /** Runs the conditional writes; returns the ids of those that lost (rev moved, or inserted meanwhile). */
  writeEntries(writes: readonly EntryWrite[]): Promise<string[]>;
  addCounts(deltas: readonly CountDelta[]): Promise<void>;
  /** The counts of one unit ('' = all units). */
  counts(unit: string): Promise<QueueCount[]>;
  /** Sets every count to the entries' own sums (the sweep's repair of a count a crash left off). */
  recount(): Promise<void>;
  /** Whether the entries were built once over the whole catalog (a catalog older than them gets a full rebuild). */
  built(): Promise<boolean>;
  markBuilt(at: Date): Promise<void>;
  /**
   * Drops the entries' secondary indexes when there are no entries at all (an empty queue, for
   * QueueMaintainer.buildEmpty); false, with nothing dropped, otherwise. The reads that need them
   * fail until `buildIndexes` (or the next start-up) builds them again.
   */
  deferIndexes(): Promise<boolean>;
  buildIndexes(): Promise<void>;
  /**
   * One question's first entry in queue order and its oldest recording's time, under the filter
   * (null: none); `from`, if known, is at or before every entry's `oldest` (QueueCount.oldest).
   */
  groupHeads(questionId: string, f: EntryFilter, from?: number | null): Promise<{ first: QueueEntry; age: number } | null>;
  /** Entries of one question in queue order after `after` (inclusive of nothing before), up to `limit`; `from` as in groupHeads. */
  entriesAfter(questionId: string, after: EntryPosition | null, f: EntryFilter, limit: number, from?: number | null): Promise<QueueEntry[]>;
  /** Every entry in the queue matching a narrow filter (a case's, a request's), up to `cap`. */
  entriesWhere(f: EntryFilter, cap: number): Promise<QueueEntry[]>;
  /** Entries in the queue whose due date is in [from, to). */
  countDue(from: number, to: number): Promise<number>;
  countAssigned(): Promise<number>;
  items(ids: readonly string[]): Promise<StoredReviewItem[]>;
  /** Creates the item when missing (a duplicate key from a concurrent creation is fine). */
  ensure(item: StoredReviewItem): Promise<void>;
  /** Sets the assignee and appends the step, in one atomic update; null when the item is gone. */
  assign(id: string, assignee: string | null, step: ReviewStep): Promise<StoredReviewItem | null>;
  /** Appends the comment and its step, in one atomic update ($push); null when the item is gone. */
  comment(id: string, comment: ReviewComment, step: ReviewStep): Promise<StoredReviewItem | null>;
}
