/**
 * The catalog's stored documents as the domain sees them: plain data, no database types.
 * `_id` is the natural key (camera serial, recording id, case number, order number).
 * persistence/models/catalog.model.ts declares the same shapes as mongoose schemas.
 */
import type {
  NoInvestigation,
  COURT_ORDER_KINDS,
  HOLD_REASONS,
  Outcome,
  RecordingFlags,
  RequesterKind,
  RetentionReviewAuthority,
  RetentionStatus,
  STATUTORY_REDACTION_MODES,
} from '../../engine/facts';
import type { CAMERA_ASSIGNMENTS, CAMERA_STATUSES } from './catalog.schemas';

interface Stamped {
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface StoredCamera extends Stamped {
  _id: string;
  assignment: (typeof CAMERA_ASSIGNMENTS)[number];
  model: string;
  unit: string;
  officerId: string | null;
  status: (typeof CAMERA_STATUSES)[number];
}

export interface ReleaseState {
  outcome: Outcome;
  ruleIds: string[];
  /** When the public answer can next change by itself: a withholding's review day, or the day a release order's notice ends. */
  reviewAt: Date | null;
  /** A release not before this moment (a court order's notice period); absent on states stored before it was kept (the sweep re-decides them). */
  availableFrom?: Date | null;
  /** The court orders the answer carries, with their conditions (see Decision.orders); absent as above. */
  orders?: { orderNumber: string; conditions: string | null; applied: boolean }[];
  rulesVersion: string;
  /** The engine code that decided (absent on states stored before it was recorded: the sweep re-decides them). */
  engineVersion?: string | null;
  decidedAt: Date;
  /**
   * The linked case numbers the catalog did not hold when this was decided, sorted; absent when
   * none. The unknown-cases report reads it through the partial index unknown_cases; entering the
   * case re-decides its recordings, which removes it.
   */
  unknownCases?: string[];
}

export interface RetentionState {
  status: RetentionStatus;
  retainUntil: Date | null;
  blockers: string[];
  ruleIds: string[];
  rulesVersion: string;
  engineVersion?: string | null;
  decidedAt: Date;
  /**
   * Present only while something blocks the recording and the schedule alone has a finite end:
   * that end, from which the recording is a conflict (blocked after its schedule ran) unless the
   * facts change. The conflicts list reads it through the partial index conflict_candidates.
   */
  conflictFrom?: Date;
}

export interface DestructionRecord {
  performedAt: Date;
  recordedAt: Date;
  by: string;
  authority: string;
  ruleIds: string[];
}

/**
 * Whether the recording waits for legal review, and on what (the review queue reads it through an
 * index): the requester kinds whose answer is needs_legal_review now on a fact about the
 * recording, its cases, orders or the law, the union of those missing facts, and the questions
 * that ask for them. Facts about the requester (`requester.*`: identity, relationship, written
 * request) are left out: they are answered on each request, not in the queue.
 */
export interface ReviewState {
  /** kinds is not empty: the partial index's key. */
  inReview: boolean;
  kinds: RequesterKind[];
  missingFacts: string[];
  questionIds: string[];
}

/** The derived state stored on a recording (computed by the engine, never typed by a user). */
export interface DerivedFields {
  release: ReleaseState | null;
  retention: RetentionState | null;
  /** Earliest future moment at which the derived state can change by itself (the sweep's key). */
  reviewAt: Date | null;
  /** Absent on recordings derived before the review queue existed (the sweep re-derives them). */
  review?: ReviewState | null;
}

/** The recording's own metadata (what PUT and import write). */
export interface RecordingContent {
  cameraSerial: string;
  officerId: string;
  unit: string;
  recordedAt: Date;
  durationSeconds: number;
  sha256: string;
  sizeBytes: number | null;
  title: string | null;
  category: string;
  location: { address: string | null; lat: number | null; lon: number | null; nonpublic: boolean; kind: string | null };
  caseNumbers: string[];
  flags: RecordingFlags;
  /** Who reviewed the recording for redactions, and when; null until someone has (its redaction flags are unknown until then). */
  redactionReview: { reviewedBy: string; reviewedAt: Date } | null;
  /** Which protected victim flags.protectedVictim means (ch566, dv, stalking); null = not said. */
  protectedVictimKind: string | null;
  /** 610.205: whether a mutilated-deceased recording is a crime-scene recording; null = not assessed. */
  crimeScene: boolean | null;
  tags: string[];
  /** sha256 of the normalized input: an identical re-send is "unchanged". */
  contentHash: string;
  /**
   * Which of the category and case links came from a clerk's review facts rather than the feed, who
   * entered them and whether the prosecutor confirmed them (reviewfacts.ts sets it when it merges
   * the overlay in). Kept with the content, so each revision says it and knownAt replays it. Absent
   * or null: everything is the feed's.
   */
  reviewSources?: ReviewSources | null;
  /**
   * The place as the evidence system (feed, import or an administrator's update) itself gave it,
   * before a clerk's review facts were merged in (counsel session 6, G3): a correction of a clerk's
   * answer can only take back what the clerk added, never lift this. Null: no review facts merged in,
   * so `location` is all the feed's; absent on content written before it was kept (then the stored
   * location counts as the feed's own, the reading that lifts nothing).
   */
  feedPlace?: FeedPlace | null;
  /**
   * Who confirmed that no investigation concerns the recording, when and with what reference, as an
   * administrator recorded it with the non-evidentiary classification (counsel session 6, G4): the
   * decisions show it, and the 180-day clock runs from the later of the recording and this date.
   * Kept while the recording stays non-evidentiary. Absent or null: nobody recorded one.
   */
  noInvestigation?: NoInvestigation | null;
}

/** The nonpublic mark and the kind of place as the evidence system gave them. */
export interface FeedPlace {
  nonpublic: boolean;
  kind: string | null;
}

/** Where a fact entered on the review-facts route stands: a clerk's answer, or one the prosecutor confirmed. */
export interface ReviewSource {
  source: 'clerk' | 'confirmed';
  /** The clerk who entered it, and when. */
  by: string;
  at: Date;
  /** Who confirmed it and when (counsel session 6, G8); absent or null: unconfirmed, or confirmed before this was kept. */
  confirmedBy?: string | null;
  confirmedAt?: Date | null;
}
export interface ReviewSources {
  category: ReviewSource | null;
  caseLinks: (ReviewSource & { caseNumber: string })[];
}

/** Which revision holds a recording's current content (null: written before revisions were kept). */
export interface RevisionRef {
  id: string;
  seq: number;
}

/**
 * One content of a recording, as it was recorded (append-only, `recording_revisions`). A chain:
 * each revision names the one it replaced (`prev`); the recording names the head. A revision
 * the recording's chain does not reach was written by a writer that crashed or lost a race
 * before its recording write landed: it never was the content, and nothing reads it.
 */
export interface StoredRevision {
  _id: string;
  recordingId: string;
  /** 0 for the first content, prev's seq + 1 after. */
  seq: number;
  prev: string | null;
  /** When the service recorded this content (what `knownAt` compares with), and who sent it. */
  recordedAt: Date;
  recordedBy: string;
  /** Written for a recording stored before revisions were kept, from its document, stamped with its updatedAt. */
  backfilled: boolean;
  /** Which route wrote it (counsel review session 5, F5); absent on revisions written before it was kept. */
  source?: RevisionSource | null;
  /** On what the writer relied (a confirmation's or a correction's reason); absent or null: not said. */
  basis?: string | null;
  content: RecordingContent;
}

/** The routes that write a recording's content: the evidence system's feed, a clerk's review facts, an administrator's PUT. */
export const REVISION_SOURCES = ['feed', 'review_facts', 'admin', 'confirmation', 'correction', 'import', 'migration'] as const;
export type RevisionSource = (typeof REVISION_SOURCES)[number];

/**
 * What clerks answered on the review-facts route (counsel review session 5, F3), kept beside the
 * feed's content so a later feed update cannot undo it: every write of the content merges it in
 * (reviewfacts.ts). Only what can close: case links, a nonpublic mark, a (private) kind of place, and
 * a category for a recording the feed leaves unclassified.
 */
export interface ReviewFactsOverlay {
  caseNumbers: string[];
  nonpublic: boolean | null;
  kind: string | null;
  category: string | null;
  /** The clerk who last answered, and when. */
  by: string;
  at: Date;
  /**
   * Who entered each case link and the category, on what basis, and the prosecutor's confirmation
   * (counsel re-check session 5, F1/F4). Absent on overlays stored before it was kept: entered by
   * `by` at `at`, unconfirmed.
   */
  links?: (ReviewEntry & { caseNumber: string })[];
  categoryEntry?: ReviewEntry | null;
}

/** One answer on the review-facts route: who entered it and on what basis, and who confirmed it. */
export interface ReviewEntry {
  by: string;
  at: Date;
  basis: string | null;
  confirmation: { by: string; at: Date; basis: string } | null;
}

export interface StoredRecording extends RecordingContent, DerivedFields, Stamped {
  _id: string;
  destruction: DestructionRecord | null;
  /** Head of the recording's revision chain (null for recordings stored before revisions were kept). */
  revision: RevisionRef | null;
  /** Incremented on every write of content, derived state or destruction (optimistic concurrency). */
  rev: number;
  /** The clerks' review facts merged into the content (absent or null: none given). */
  reviewFacts?: ReviewFactsOverlay | null;
}

export interface StoredCaseEvent {
  id: string;
  type: string;
  date: string;
  defendantId: string | null;
  /** appeal_decided: affirmed, reversed, remanded or dismissed (null on other events and on decisions stored before 2026-12). */
  result: string | null;
  /** appeal_decided: court_of_appeals or supreme_court_mo; null = not recorded (the certiorari period is awaited). */
  court?: string | null;
  source: string | null;
  note: string | null;
  supersedes: string | null;
  /** charged: the statutes charged against this defendant (610.105.2); null or absent = not recorded (events stored before 2026-12-02). */
  statutes?: string[] | null;
  recordedAt: Date;
  recordedBy: string;
}

/** The prosecutor's record of the limitation period (engine CaseLimitation). */
export interface StoredLimitation {
  basis: string;
  period: { years: number; months: number } | null;
  extensionYears: number;
  tolledDays: number;
  absenceDays?: number;
  tollingOngoing?: boolean;
  tollingBasis?: string | null;
  explanation: string | null;
}

export interface CaseFields {
  offenseClass: string | null;
  offenseDate: string | null;
  /** null or absent = not recorded (cases stored before 2026-12 have none); a put without it keeps the stored one. */
  limitation?: StoredLimitation | null;
  juvenile: boolean;
  /** 610.105.2: the RSMo chapters or sections charged; null = not recorded. */
  chargedStatutes: string[] | null;
  description: string | null;
  defendants: { defendantId: string }[];
}

export interface StoredCase extends CaseFields, Stamped {
  _id: string;
  /** Append-only: corrected by superseding events. */
  events: StoredCaseEvent[];
}

export interface StoredOrder extends Stamped {
  _id: string;
  court: string;
  issuedAt: Date;
  kind: (typeof COURT_ORDER_KINDS)[number];
  recordingIds: string[];
  caseNumber: string | null;
  releaseTo: string[];
  /**
   * Release orders: whether the order releases to everyone (then releaseTo is empty). Null or absent
   * on other orders and on release orders stored before 2026-12, when the choice was not required:
   * such a release order with an empty releaseTo reaches everyone, as it always did.
   */
  releaseToEveryone?: boolean | null;
  viewOnly: boolean;
  noticeDays: number | null;
  redactions: string[];
  /** apply | order_controls (A6); absent on orders stored before it existed = apply. */
  statutoryRedactions: (typeof STATUTORY_REDACTION_MODES)[number];
  conditions: string | null;
  /** The juvenile court made it (RSMo 211.321): true, false, or null / absent = not recorded. */
  juvenileCourt?: boolean | null;
  /** Later entries of juvenileCourt, appended (never edited); the latest known one counts. */
  juvenileCourtAmendments?: JuvenileCourtAmendment[];
}

export interface JuvenileCourtAmendment {
  juvenileCourt: boolean;
  recordedAt: Date;
  recordedBy: string;
}

export interface StoredHold {
  _id: string;
  recordingIds: string[];
  caseNumber: string | null;
  reason: (typeof HOLD_REASONS)[number];
  authority: string;
  placedAt: Date;
  placedBy: string;
  releasedAt: Date | null;
  releasedBy: string | null;
  /** Why it was released (required since 2026-12; null on holds released before, and on active ones). */
  releaseReason?: string | null;
  active: boolean;
}

/**
 * A recorded manual review releasing a closed record (610.105/610.120 or a closure order) to its
 * normal retention (A17). Append-only: a review is never edited; a later one may be recorded.
 */
export interface StoredRetentionReview {
  _id: string;
  recordingId: string;
  authority: RetentionReviewAuthority;
  /** The authority cited: the Local Records Board schedule item or approval, or the 610.124 procedure followed. */
  citation: string;
  reason: string;
  reviewedAt: Date;
  reviewedBy: string;
  recordedAt: Date;
}

/** Which recordings a fact covers: named ones and/or every recording linked to a case. */
export interface Scope {
  recordingIds?: readonly string[] | null | undefined;
  caseNumber?: string | null | undefined;
}
