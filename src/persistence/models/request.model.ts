/**
 * Sunshine Law requests (RSMo 610.023). `status` and `dueBy` live on the document so the
 * clerk's queue is one sorted read; every transition is a conditional update on `_id` +
 * the version it read (and the expected status), so two concurrent transitions cannot both win. `recordingIds` (every
 * recording in scope) is what the retention engine reads to protect recordings until two
 * years after the later of the final response and the withdrawal. Decisions are kept in full (plain JSON) so the letter
 * cites exactly what was decided; the decision log holds the replayable copy.
 */
import { Schema, type InferSchemaType } from 'mongoose';
import { REQUEST_OUTCOMES, REQUEST_STATUSES, RESPONSE_KINDS } from '../../domain/requests/vocabulary';
import { REQUESTER_KINDS } from '../../engine/facts';

const transitionSchema = new Schema(
  {
    from: { type: String, default: null },
    to: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    role: { type: String, required: true },
    note: { type: String, default: null },
    /** Decisions made for this step (ids in the decision log). */
    decisionIds: { type: [String], default: [] },
  },
  { _id: false },
);

/** A response to part or all of the request: what it answered, what it left pending and why (RSMo 610.023.3). */
const responseSchema = new Schema(
  {
    seq: { type: Number, required: true },
    kind: { type: String, required: true, enum: [...RESPONSE_KINDS] },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    answeredRecordingIds: { type: [String], default: [] },
    decisionIds: { type: [String], default: [] },
    pendingRecordingIds: { type: [String], default: [] },
    delay: {
      type: new Schema(
        { cause: { type: String, required: true }, availableAt: { type: Date, required: true }, place: { type: String, default: null } },
        { _id: false },
      ),
      default: null,
    },
    note: { type: String, default: null },
  },
  { _id: false },
);

export const requestSchema = new Schema(
  {
    _id: { type: String, required: true },
    /**
     * The number people say and quote, `SR-2026-00123`: per year of receipt (America/Chicago),
     * allocated from the `counters` collection. No default: a request stored before numbers
     * existed has none until the numbering step (start-up, sweep) gives it one, and the sparse
     * unique index skips it meanwhile.
     */
    number: { type: String },
    receivedAt: { type: Date, required: true },
    requester: {
      name: { type: String, required: true },
      kind: { type: String, required: true, enum: [...REQUESTER_KINDS] },
      contact: { type: String, default: null },
      /** What the requester has shown (RequesterClaimInput as entered); null = nothing recorded. */
      claim: { type: Schema.Types.Mixed, default: null },
    },
    /** What the requester asked for, as written. */
    scope: {
      recordingIds: { type: [String], default: [] },
      caseNumber: { type: String, default: null },
      description: { type: String, default: null },
    },
    /** Every recording in scope: named ones plus those linked to scope.caseNumber (or identified at review). */
    recordingIds: { type: [String], default: [] },
    /** Recordings in recordingIds marked not responsive, with the reason (not decided, answered, listed in the letter or billed). */
    notResponsive: {
      type: [
        new Schema(
          {
            recordingId: { type: String, required: true },
            reason: { type: String, required: true },
            at: { type: Date, required: true },
            by: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Bulk checks exported and attached: digest, size, rows, totals, the request version they show (the CSV is not stored). */
    attachments: {
      type: [
        new Schema(
          {
            kind: { type: String, required: true, enum: ['bulk_check_csv'] },
            name: { type: String, required: true },
            sha256: { type: String, required: true },
            bytes: { type: Number, required: true },
            rows: { type: Number, required: true },
            totals: { type: Schema.Types.Mixed, required: true },
            requestVersion: { type: Number, required: true },
            at: { type: Date, required: true },
            by: { type: String, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    mediaItems: { type: Number, default: 0 },
    status: { type: String, required: true, enum: REQUEST_STATUSES },
    outcome: { type: String, default: null, enum: [...REQUEST_OUTCOMES] },
    dueBy: { type: Date, required: true },
    due: {
      closeOfBusiness: { type: String, required: true },
      effectiveReceiptDate: { type: String, required: true },
      countedDays: { type: [String], default: [] },
      reasons: { type: Schema.Types.Mixed, required: true },
      receiptDate: { type: String, default: null },
      skippedDays: { type: Schema.Types.Mixed, default: [] },
      lateReceiptApplied: { type: Boolean, default: false },
      /** The rules that set the date ({ruleId, citation}[]). */
      rules: { type: Schema.Types.Mixed, default: [] },
      rulesVersion: { type: String, default: null },
      engineVersion: { type: String, default: null },
    },
    /** The latest decisions for the recordings in scope (LoggedDecision[], plain JSON). */
    decisions: { type: Schema.Types.Mixed, required: true },
    decidedAt: { type: Date, required: true },
    delay: {
      type: new Schema(
        {
          cause: { type: String, required: true },
          availableAt: { type: Date, required: true },
          at: { type: Date, required: true },
          by: { type: String, required: true },
          place: { type: String, default: null },
          replaces: { type: Date, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    reviewMinutes: { type: Number, default: 0 },
    responseNote: { type: String, default: null },
    finalResponseAt: { type: Date, default: null },
    withdrawnAt: { type: Date, default: null },
    /** A suit about the request served on the agency, and the litigation hold placed for it (A18). */
    suit: {
      type: new Schema(
        {
          reference: { type: String, required: true },
          court: { type: String, default: null },
          servedAt: { type: Date, required: true },
          holdId: { type: String, required: true },
          recordedAt: { type: Date, required: true },
          recordedBy: { type: String, required: true },
        },
        { _id: false },
      ),
      default: null,
    },
    /** Partial, supplemental and final responses in order (A15). */
    responses: { type: [responseSchema], default: [] },
    history: { type: [transitionSchema], default: [] },
    /** Incremented by every transition (optimistic concurrency). */
    version: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, collection: 'requests', strict: 'throw', minimize: false },
);
requestSchema.index({ dueBy: 1, _id: 1 });
requestSchema.index({ status: 1, dueBy: 1 });
requestSchema.index({ recordingIds: 1 });
requestSchema.index({ number: 1 }, { name: 'number_unique', unique: true, sparse: true });
export type RequestDoc = InferSchemaType<typeof requestSchema>;

/**
 * Per-key sequences allocated atomically by the database: `{_id: 'SR-2026', seq}` is bumped with
 * one findOneAndUpdate ($inc, upsert), so every process gets a different value without a lock.
 */
export const counterSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
  },
  { versionKey: false, collection: 'counters', strict: 'throw' },
);
