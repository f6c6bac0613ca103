/** What the requests module needs from storage (persistence/stores/requests.store.ts). */
import type { Role } from '../../auth/roles';
import type { SkippedDay } from '../../engine/business-days';
import type { Reason, RequesterKind } from '../../engine/facts';
import type { DueRule } from './due-date';
import type { LoggedDecision } from '../eligibility/ports';
import type { RequestOutcome, RequestStatus, ResponseKind } from './vocabulary';
import type { RequesterClaimInput } from './requests.schemas';

export interface TransitionEntry {
  from: RequestStatus | null;
  to: RequestStatus;
  at: Date;
  by: string;
  role: Role;
  note: string | null;
  decisionIds: string[];
}

/**
 * A recording the clerk found not responsive to what the requester asked for (e.g. the
 * investigation recordings of a case when the arrest was asked for), with the reason. It stays in
 * `recordingIds`, so the request still protects it from destruction, but it is not decided,
 * answered, listed in the letter or billed.
 */
export interface NotResponsiveEntry {
  recordingId: string;
  reason: string;
  at: Date;
  by: string;
}

/**
 * A bulk check exported and attached to the request: the CSV's SHA-256 and size, its row count
 * and totals by answer, and the request version it was built from. The CSV itself is not stored:
 * the digest shows which export was attached (the file is kept with the correspondence).
 */
export interface AttachmentEntry {
  kind: 'bulk_check_csv';
  name: string;
  sha256: string;
  bytes: number;
  rows: number;
  totals: Record<string, number>;
  requestVersion: number;
  at: Date;
  by: string;
}

/** One response to part or all of the request (A15), kept in order on the request. */
export interface ResponseEntry {
  /** 1, 2, ... in the order given. */
  seq: number;
  kind: ResponseKind;
  at: Date;
  by: string;
  /** Recordings answered (released or withheld) by this response. */
  answeredRecordingIds: string[];
  /** The decisions it answered with (ids in the decision log). */
  decisionIds: string[];
  /** Recordings still to be answered after it (empty for the final response). */
  pendingRecordingIds: string[];
  /**
   * RSMo 610.023.3 for the pending part: the cause, the earliest date and time of availability and the
   * place as staff gave it (null or absent: the custodian's address; absent on entries stored before it was kept).
   */
  delay: { cause: string; availableAt: Date; place?: string | null } | null;
  note: string | null;
}

export interface StoredRequest {
  /** Internal id (`SR-<uuid>`): never shown to requesters; links, actions and storage use it. */
  _id: string;
  /**
   * The number people say and quote (`SR-2026-00123`, request-number.ts). Absent on a request
   * stored before numbers existed, until the numbering step (start-up and sweep) gives it one.
   */
  number?: string;
  receivedAt: Date;
  requester: { name: string; kind: RequesterKind; contact: string | null; claim?: RequesterClaimInput | null };
  /** What the requester asked for, as written. */
  scope: { recordingIds: string[]; caseNumber: string | null; description: string | null };
  /**
   * Every recording in scope: named ones plus those linked to scope.caseNumber (or added during
   * review), including those marked not responsive (the request protects them all from destruction).
   */
  recordingIds: string[];
  /** Recordings marked not responsive, with the reason; absent on requests stored before it existed (= none). */
  notResponsive?: NotResponsiveEntry[];
  /** Bulk checks attached, oldest first; absent = none. */
  attachments?: AttachmentEntry[];
  mediaItems: number;
  status: RequestStatus;
  outcome: RequestOutcome | null;
  dueBy: Date;
  /** How dueBy was set. Fields after countedDays are absent on requests logged before they were recorded. */
  due: {
    closeOfBusiness: string;
    effectiveReceiptDate: string;
    countedDays: string[];
    reasons: Reason[];
    receiptDate?: string | null;
    skippedDays?: SkippedDay[];
    lateReceiptApplied?: boolean;
    /** The rules that set the date, with citations. */
    rules?: DueRule[];
    rulesVersion?: string | null;
    engineVersion?: string | null;
  };
  /** The latest decisions for the recordings in scope. */
  decisions: LoggedDecision[];
  decidedAt: Date;
  /**
   * The delay in force (RSMo 610.023.3). place: where the records will be available, as staff gave it
   * (null or absent: the custodian of records' address, which the letter states); replaces: the
   * availability a further delay replaced.
   */
  delay: { cause: string; availableAt: Date; at: Date; by: string; place?: string | null; replaces?: Date | null } | null;
  reviewMinutes: number;
  responseNote: string | null;
  /** Set by the final response only: a partially answered request is still open (and protects its recordings). */
  finalResponseAt: Date | null;
  withdrawnAt: Date | null;
  /**
   * A suit about the request served on the agency (RSMo 610.027): the litigation hold placed on
   * its recordings at once (A18). Absent or null when none was recorded.
   */
  suit?: { reference: string; court: string | null; servedAt: Date; holdId: string; recordedAt: Date; recordedBy: string } | null;
  /** Partial, supplemental and final responses in order; absent on requests stored before they existed (= none). */
  responses?: ResponseEntry[];
  history: TransitionEntry[];
  /** Incremented by every transition; a transition is conditional on the version it read. */
  version: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface QueueFilter {
  status?: RequestStatus | undefined;
  dueBefore?: Date | undefined;
  overdue?: boolean | undefined;
  cursor?: { dueBy: Date; id: string } | null;
  limit: number;
}

/** The part of a request the retention engine reads. */
export type RequestFactsRow = Pick<StoredRequest, '_id' | 'number' | 'recordingIds' | 'receivedAt' | 'finalResponseAt' | 'withdrawnAt'>;

export interface RequestStore {
  insert(r: StoredRequest): Promise<void>;
  get(id: string): Promise<StoredRequest | null>;
  /** Soonest due first (ties by id), limit + 1 rows. `now` decides what is overdue. */
  list(f: QueueFilter, now: Date): Promise<StoredRequest[]>;
  /** Open requests due by `until`, soonest first. */
  openDueBy(until: Date): Promise<StoredRequest[]>;
  naming(recordingIds: readonly string[]): Promise<RequestFactsRow[]>;
  /** The request with this number (canonical form), or null. */
  getByNumber(number: string): Promise<StoredRequest | null>;
  /**
   * The next value of the sequence `key`, allocated atomically by the database (one
   * findOneAndUpdate with $inc and upsert; the duplicate key of two first upserts is retried).
   */
  nextSeq(key: string): Promise<number>;
  /** Requests stored without a number, oldest receipt first (ties by id), at most `limit`. */
  unnumbered(limit: number): Promise<Pick<StoredRequest, '_id' | 'receivedAt'>[]>;
  /** Gives a request its number, conditional on it having none yet; false when it already had one. */
  setNumber(id: string, number: string): Promise<boolean>;
  /**
   * One conditional update: applied only if the request is still at `expected.version` and in one
   * of `expected.statuses`; bumps the version and appends the history entry. False when it lost.
   */
  /** Appends an attachment record (one atomic $push; the lifecycle version is left alone); false when the request is gone. */
  attach(id: string, entry: AttachmentEntry): Promise<boolean>;
  /** Records the suit once: conditional on no suit recorded yet; false when one already was. */
  recordSuit(id: string, suit: NonNullable<StoredRequest['suit']>): Promise<boolean>;
  transition(
    id: string,
    expected: { version: number; statuses: readonly RequestStatus[] },
    set: Partial<Omit<StoredRequest, '_id' | 'history' | 'version'>>,
    entry: TransitionEntry,
  ): Promise<boolean>;
}
