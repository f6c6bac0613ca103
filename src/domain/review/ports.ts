/** What the review queue needs from storage (persistence/stores/review.store.ts). */
import type { RequesterKind } from '../../engine/facts';
import type { ReviewState } from '../catalog/records';
import type { RequestStatus } from '../requests/vocabulary';

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
 * said. Whether it is in review is not stored here: that is the recordings' derived state.
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

export interface ReviewStore {
  /** Every recording in review matching the filter (through the partial in_review index). */
  inReview(f: InReviewFilter): Promise<InReviewRow[]>;
  /** Every open request, with the recordings it covers. */
  openRequests(): Promise<OpenRequestRow[]>;
  items(ids: readonly string[]): Promise<StoredReviewItem[]>;
  /** Creates the item when missing (a duplicate key from a concurrent creation is fine). */
  ensure(item: StoredReviewItem): Promise<void>;
  /** Sets the assignee and appends the step, in one atomic update; null when the item is gone. */
  assign(id: string, assignee: string | null, step: ReviewStep): Promise<StoredReviewItem | null>;
  /** Appends the comment and its step, in one atomic update ($push); null when the item is gone. */
  comment(id: string, comment: ReviewComment, step: ReviewStep): Promise<StoredReviewItem | null>;
}
