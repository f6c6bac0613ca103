/**
 * Mongoose schemas of the catalog. `_id` is the natural key everywhere (camera serial,
 * recording id, case number, order number) so hot reads are `_id` lookups. Derived fields
 * (release decision, retention status, retain-until) live on the recording document.
 * The domain's plain types (domain/catalog/records.ts) describe the same documents; the stores
 * read with lean() into them and write through these schemas (strict: 'throw', casting).
 */
import { Schema, type InferSchemaType } from 'mongoose';
import { CAMERA_ASSIGNMENTS, CAMERA_STATUSES } from '../../domain/catalog/catalog.schemas';
import { REVISION_SOURCES } from '../../domain/catalog/records';
import {
  NO_INVESTIGATION_CONFIRMERS,
  CASE_EVENT_TYPES,
  CATEGORIES,
  COURT_ORDER_KINDS,
  FLAG_NAMES,
  HOLD_REASONS,
  LOCATION_KINDS,
  OUTCOMES,
  REQUESTER_KINDS,
  type FlagName,
  RETENTION_REVIEW_AUTHORITIES,
  RETENTION_STATUSES,
  STATUTORY_REDACTION_MODES,
} from '../../engine/facts';

const audit = {
  createdAt: { type: Date, required: true },
  createdBy: { type: String, required: true },
  updatedAt: { type: Date, required: true },
  updatedBy: { type: String, required: true },
} as const;

export const cameraSchema = new Schema(
  {
    _id: { type: String, required: true },
    assignment: { type: String, required: true, enum: [...CAMERA_ASSIGNMENTS] },
    model: { type: String, required: true },
    unit: { type: String, required: true },
    officerId: { type: String, default: null },
    status: { type: String, required: true, enum: [...CAMERA_STATUSES] },
    ...audit,
  },
  { versionKey: false, collection: 'cameras', strict: 'throw' },
);
cameraSchema.index({ assignment: 1, unit: 1, status: 1 });
export type CameraDoc = InferSchemaType<typeof cameraSchema>;

const releaseState = new Schema(
  {
    outcome: { type: String, required: true, enum: [...OUTCOMES] },
    ruleIds: { type: [String], default: [] },
    reviewAt: { type: Date, default: null },
    availableFrom: { type: Date, default: null },
    orders: {
      type: [
        new Schema(
          {
            orderNumber: { type: String, required: true },
            conditions: { type: String, default: null },
            applied: { type: Boolean, required: true },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    rulesVersion: { type: String, required: true },
    engineVersion: { type: String, default: null },
    decidedAt: { type: Date, required: true },
    /** Linked case numbers the catalog did not hold (domain ReleaseState.unknownCases); no default: absent unless some. */
    unknownCases: { type: [String], default: undefined },
  },
  { _id: false },
);

const retentionState = new Schema(
  {
    status: { type: String, required: true, enum: [...RETENTION_STATUSES] },
    retainUntil: { type: Date, default: null },
    blockers: { type: [String], default: [] },
    ruleIds: { type: [String], default: [] },
    rulesVersion: { type: String, required: true },
    engineVersion: { type: String, default: null },
    decidedAt: { type: Date, required: true },
    /** The conflicts list's key (domain RetentionState.conflictFrom); no default: absent unless keyed. */
    conflictFrom: { type: Date },
  },
  { _id: false },
);

/** Whether the recording waits for legal review (domain ReviewState); the review queue's index key. */
const reviewState = new Schema(
  {
    inReview: { type: Boolean, required: true },
    kinds: { type: [String], default: [], enum: [...REQUESTER_KINDS] },
    missingFacts: { type: [String], default: [] },
    questionIds: { type: [String], default: [] },
  },
  { _id: false },
);

function reviewSourceSchema(withCase: boolean) {
  return new Schema(
    {
      ...(withCase ? { caseNumber: { type: String, required: true } } : {}),
      source: { type: String, required: true, enum: ['clerk', 'confirmed'] },
      by: { type: String, required: true },
      at: { type: Date, required: true },
      confirmedBy: { type: String, default: null },
      confirmedAt: { type: Date, default: null },
    },
    { _id: false },
  );
}

function reviewEntrySchema(withCase: boolean) {
  return new Schema(
    {
      ...(withCase ? { caseNumber: { type: String, required: true } } : {}),
      by: { type: String, required: true },
      at: { type: Date, required: true },
      basis: { type: String, default: null },
      confirmation: {
        type: new Schema(
          { by: { type: String, required: true }, at: { type: Date, required: true }, basis: { type: String, required: true } },
          { _id: false },
        ),
        default: null,
      },
    },
    { _id: false },
  );
}

/** A recording's own metadata: the current document's and each revision's content. */
const recordingContentFields = {
  cameraSerial: { type: String, required: true },
  officerId: { type: String, required: true },
  unit: { type: String, required: true },
  recordedAt: { type: Date, required: true },
  durationSeconds: { type: Number, required: true },
  sha256: { type: String, required: true },
  sizeBytes: { type: Number, default: null },
  title: { type: String, default: null },
  category: { type: String, required: true, enum: [...CATEGORIES] },
  location: {
    address: { type: String, default: null },
    lat: { type: Number, default: null },
    lon: { type: Number, default: null },
    nonpublic: { type: Boolean, required: true },
    kind: { type: String, default: null },
  },
  caseNumbers: { type: [String], default: [] },
  // One stored flag per FLAG_NAMES entry; stored before 2026-12 as sexualOffenseVictim, which mappers read as protectedVictim.
  flags: Object.fromEntries(FLAG_NAMES.map((f) => [f, { type: Boolean, default: false }])) as Record<
    FlagName,
    { type: BooleanConstructor; default: false }
  >,
  redactionReview: {
    type: new Schema({ reviewedBy: { type: String, required: true }, reviewedAt: { type: Date, required: true } }, { _id: false }),
    default: null,
  },
  protectedVictimKind: { type: String, default: null },
  crimeScene: { type: Boolean, default: null },
  tags: { type: [String], default: [] },
  /** sha256 of the normalized input: an identical re-send is "unchanged". */
  contentHash: { type: String, required: true },
  /** Which of the category and case links came from a clerk's review facts (domain/catalog/reviewfacts.ts); null: all the feed's. */
  reviewSources: {
    type: new Schema(
      {
        category: { type: reviewSourceSchema(false), default: null },
        caseLinks: { type: [reviewSourceSchema(true)], default: [] },
      },
      { _id: false },
    ),
    default: null,
  },
  /** Who confirmed that no investigation concerns it (domain/catalog/records.ts). */
  noInvestigation: {
    type: new Schema(
      {
        confirmedBy: { type: String, required: true },
        role: { type: String, required: true, enum: [...NO_INVESTIGATION_CONFIRMERS] },
        confirmedOn: { type: String, required: true },
        reference: { type: String, required: true },
        recordedOn: { type: String, default: null },
      },
      { _id: false },
    ),
    default: null,
  },
  /** The place as the evidence system gave it, before a clerk's review facts were merged in (domain/catalog/records.ts). */
  feedPlace: {
    type: new Schema({ nonpublic: { type: Boolean, required: true }, kind: { type: String, default: null } }, { _id: false }),
    default: null,
  },
} as const;

export const recordingSchema = new Schema(
  {
    _id: { type: String, required: true },
    ...recordingContentFields,
    /** Head of the content revision chain (recording_revisions); null for recordings stored before revisions were kept. */
    revision: {
      type: new Schema({ id: { type: String, required: true }, seq: { type: Number, required: true } }, { _id: false }),
      default: null,
    },
    release: { type: releaseState, default: null },
    /** Earliest future moment at which the derived state can change by itself (the sweep's key). */
    reviewAt: { type: Date, default: null },
    retention: { type: retentionState, default: null },
    review: { type: reviewState, default: null },
    /** The clerks' review facts, merged into the content on every write of it (domain/catalog/reviewfacts.ts). */
    reviewFacts: {
      type: new Schema(
        {
          caseNumbers: { type: [String], default: [] },
          nonpublic: { type: Boolean, default: null },
          kind: { type: String, default: null, enum: [...LOCATION_KINDS, null] },
          category: { type: String, default: null, enum: [...CATEGORIES, null] },
          by: { type: String, required: true },
          at: { type: Date, required: true },
          links: { type: [reviewEntrySchema(true)], default: undefined },
          categoryEntry: { type: reviewEntrySchema(false), default: undefined },
        },
        { _id: false },
      ),
      default: null,
    },
    destruction: {
      type: new Schema(
        {
          performedAt: { type: Date, required: true },
          recordedAt: { type: Date, required: true },
          by: { type: String, required: true },
          authority: { type: String, required: true },
          ruleIds: { type: [String], default: [] },
        },
        { _id: false },
      ),
      default: null,
    },
    /** Optimistic concurrency: incremented by every write of content, derived state or destruction. */
    rev: { type: Number, default: 0 },
    /**
     * What the retention summary's counts hold for this recording, and a move in progress
     * (stores/retention-tallies.store.ts); null: not counted yet. Written only by that store.
     */
    tally: { type: Schema.Types.Mixed, default: null },
    /** Set by every write of derived state or content: the counts may not reflect this recording yet. */
    tallyDirty: { type: Boolean, default: true },
    ...audit,
  },
  { versionKey: false, collection: 'recordings', strict: 'throw' },
);
// Hot queries and their indexes: recordings of a case (listed in _id order; refreshes after a
// case event), of a camera by time, of an officer by time (the recordings list), by retention
// status and retain-until, by review date (the sweep, with the rules version it was decided
// under), unclassified ones by date (the classification backlog), destroyed in a period
// (destruction report). Every secondary index is paid for on each insert and update (measured
// on DocumentDB: 10 secondary indexes insert about 10x slower than none), so there are no
// others: reports filtered by unit stream the catalog anyway. The partial ones (unclassified, in
// review, destroyed) are paid for only by the documents they serve. The recordedAt index serves the search screen: every
// list by date that no narrower index answers reads windows of recorded time through it
// (stores/recording-search.ts); it was dropped once when only reports used bare date ranges.
recordingSchema.index({ caseNumbers: 1, _id: 1 });
recordingSchema.index({ cameraSerial: 1, recordedAt: 1 });
recordingSchema.index({ officerId: 1, recordedAt: 1 });
recordingSchema.index({ reviewAt: 1 });
recordingSchema.index({ recordedAt: 1 });
recordingSchema.index({ 'release.rulesVersion': 1, 'release.engineVersion': 1 });
recordingSchema.index({ 'retention.status': 1, 'retention.retainUntil': 1 });
recordingSchema.index(
  { category: 1, recordedAt: 1 },
  { name: 'unclassified_recordedAt', partialFilterExpression: { category: 'unclassified' } },
);
// The review queue: only recordings in review pay for it (about a third of a seeded catalog).
recordingSchema.index({ 'review.inReview': 1, unit: 1 }, { name: 'in_review', partialFilterExpression: { 'review.inReview': true } });
// The conflicts list (blocked after the schedule ran), oldest first: only recordings something
// blocks while the schedule alone has an end carry the key, so only they pay for the index.
recordingSchema.index(
  { 'retention.conflictFrom': 1, _id: 1 },
  { name: 'conflict_candidates', partialFilterExpression: { 'retention.conflictFrom': { $exists: true } } },
);
// The unknown-cases report: only recordings linked to a case the catalog does not hold carry the key.
recordingSchema.index(
  { 'release.unknownCases': 1, _id: 1 },
  { name: 'unknown_cases', partialFilterExpression: { 'release.unknownCases': { $exists: true } } },
);
recordingSchema.index(
  { 'destruction.performedAt': 1 },
  { name: 'destroyed_performedAt', partialFilterExpression: { 'destruction.performedAt': { $exists: true } } },
);
// The retention counts' recordings to settle (few at a time: each write sets it, the tally job
// clears it within seconds) and their moves in progress; both partial, so settled recordings pay nothing.
recordingSchema.index({ tallyDirty: 1 }, { name: 'tally_dirty', partialFilterExpression: { tallyDirty: true } });
recordingSchema.index({ 'tally.op.id': 1 }, { name: 'tally_op', partialFilterExpression: { 'tally.op.id': { $exists: true } } });

/**
 * The retention summary's counts, one document per (unit, category) cell: `c.<field>` counters
 * (domain/retention/retention-tally.ts) and `ops`, the moves applied to it (each at most once).
 */
export const retentionTallySchema = new Schema(
  {
    _id: { type: String, required: true },
    unit: { type: String, required: true },
    category: { type: String, required: true },
    c: { type: Schema.Types.Mixed, default: {} },
    ops: { type: [String], default: [] },
  },
  { versionKey: false, collection: 'retention_tallies', strict: 'throw', minimize: false },
);

/**
 * Recordings inserted and counted in the same step (retention-tallies.store.ts countedInsert): one
 * document per insert batch, from before its insert until the cells have its counts. `_id` is the
 * batch's op id (its time first), `ids` the recordings it inserts. Few and short-lived.
 */
export const retentionTallyJournalSchema = new Schema(
  {
    _id: { type: String, required: true },
    ids: { type: [String], default: [] },
  },
  { versionKey: false, collection: 'retention_tally_journal', strict: 'throw' },
);

/** Indexes earlier versions created that nothing uses any more; dropped at start-up where present. */
// unclassified_by_recordedAt: keyed on recordedAt alone for DocumentDB's composite operator class,
// which was tried and withdrawn (its selectivity estimates sent a case's recordings, sorted by _id,
// through a scan of the whole catalog at 1M recordings).
export const RETIRED_RECORDING_INDEXES = [
  'unit_1',
  'category_1_recordedAt_1',
  'destruction.performedAt_1',
  'unclassified_by_recordedAt',
] as const;
export type RecordingDoc = InferSchemaType<typeof recordingSchema>;

/**
 * Append-only content revisions of recordings (domain/catalog/revisions.ts). A revision is
 * written before the recording write that makes it the head, and never changed; one that no
 * chain reaches (its writer crashed or lost a race) is inert.
 */
export const recordingRevisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    recordingId: { type: String, required: true },
    seq: { type: Number, required: true },
    prev: { type: String, default: null },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: String, required: true },
    backfilled: { type: Boolean, default: false },
    /** Which route wrote it; null on revisions written before it was kept. */
    source: { type: String, enum: [...REVISION_SOURCES, null], default: null },
    /** On what the writer relied (a confirmation's reason); null: not said. */
    basis: { type: String, default: null },
    content: { type: new Schema(recordingContentFields, { _id: false }), required: true },
  },
  { versionKey: false, collection: 'recording_revisions', strict: 'throw' },
);
// A recording's revisions (replay as known at a moment, history).
recordingRevisionSchema.index({ recordingId: 1, seq: 1 });

const caseEventSchema = new Schema(
  {
    id: { type: String, required: true },
    type: { type: String, required: true, enum: [...CASE_EVENT_TYPES] },
    date: { type: String, required: true },
    defendantId: { type: String, default: null },
    result: { type: String, default: null },
    court: { type: String, default: null },
    source: { type: String, default: null },
    note: { type: String, default: null },
    supersedes: { type: String, default: null },
    statutes: { type: [String], default: null },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: String, required: true },
  },
  { _id: false },
);

export const caseSchema = new Schema(
  {
    _id: { type: String, required: true },
    offenseClass: { type: String, default: null },
    offenseDate: { type: String, default: null },
    limitation: {
      type: new Schema(
        {
          basis: { type: String, required: true },
          period: {
            type: new Schema({ years: { type: Number, required: true }, months: { type: Number, required: true } }, { _id: false }),
            default: null,
          },
          extensionYears: { type: Number, default: 0 },
          tolledDays: { type: Number, default: 0 },
          absenceDays: { type: Number, default: 0 },
          tollingOngoing: { type: Boolean, default: false },
          tollingBasis: { type: String, default: null },
          explanation: { type: String, default: null },
        },
        { _id: false },
      ),
      default: null,
    },
    juvenile: { type: Boolean, default: false },
    chargedStatutes: { type: [String], default: null },
    description: { type: String, default: null },
    defendants: { type: [new Schema({ defendantId: { type: String, required: true } }, { _id: false })], default: [] },
    /** Append-only: events are pushed atomically ($push), corrected by superseding events. */
    events: { type: [caseEventSchema], default: [] },
    ...audit,
  },
  { versionKey: false, collection: 'cases', strict: 'throw' },
);
export type CaseDoc = InferSchemaType<typeof caseSchema>;

export const courtOrderSchema = new Schema(
  {
    _id: { type: String, required: true },
    court: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    kind: { type: String, required: true, enum: [...COURT_ORDER_KINDS] },
    recordingIds: { type: [String], default: [] },
    caseNumber: { type: String, default: null },
    releaseTo: { type: [String], default: [] },
    releaseToEveryone: { type: Boolean, default: null },
    viewOnly: { type: Boolean, default: false },
    noticeDays: { type: Number, default: null },
    redactions: { type: [String], default: [] },
    statutoryRedactions: { type: String, default: 'apply', enum: [...STATUTORY_REDACTION_MODES] },
    conditions: { type: String, default: null },
    juvenileCourt: { type: Boolean, default: null },
    juvenileCourtAmendments: {
      type: [
        {
          _id: false,
          juvenileCourt: { type: Boolean, required: true },
          recordedAt: { type: Date, required: true },
          recordedBy: { type: String, required: true },
        },
      ],
      default: [],
    },
    ...audit,
  },
  { versionKey: false, collection: 'court_orders', strict: 'throw' },
);
courtOrderSchema.index({ recordingIds: 1 });
courtOrderSchema.index({ caseNumber: 1 });
export type CourtOrderDoc = InferSchemaType<typeof courtOrderSchema>;

export const holdSchema = new Schema(
  {
    _id: { type: String, required: true },
    recordingIds: { type: [String], default: [] },
    caseNumber: { type: String, default: null },
    reason: { type: String, required: true, enum: [...HOLD_REASONS] },
    authority: { type: String, required: true },
    placedAt: { type: Date, required: true },
    placedBy: { type: String, required: true },
    releasedAt: { type: Date, default: null },
    releasedBy: { type: String, default: null },
    releaseReason: { type: String, default: null },
    active: { type: Boolean, required: true },
  },
  { versionKey: false, collection: 'holds', strict: 'throw' },
);
holdSchema.index({ active: 1 });
holdSchema.index({ recordingIds: 1 });
holdSchema.index({ caseNumber: 1 });
export type HoldDoc = InferSchemaType<typeof holdSchema>;

/** Manual reviews releasing closed records for destruction (A17, RSMo 610.120.1); append-only. */
export const retentionReviewSchema = new Schema(
  {
    _id: { type: String, required: true },
    recordingId: { type: String, required: true },
    authority: { type: String, required: true, enum: [...RETENTION_REVIEW_AUTHORITIES] },
    citation: { type: String, required: true },
    reason: { type: String, required: true },
    reviewedAt: { type: Date, required: true },
    reviewedBy: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'retention_reviews', strict: 'throw' },
);
retentionReviewSchema.index({ recordingId: 1 });
