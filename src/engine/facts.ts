/**
 * The engine's input and output vocabulary, as zod schemas (types are inferred).
 *
 * This file is the contract between the pure engine and the rest of the service:
 * the domain layer gathers these plain facts from the database, the engine decides.
 * Every date is an ISO 8601 string so facts are plain JSON, can be stored in the
 * decision log and replayed byte for byte. Legal clocks run in America/Chicago.
 * Vocabulary follows shared/domain/missouri-law.md section 2.
 */
import { z } from 'zod';

export const LEGAL_ZONE = 'America/Chicago';

/** ISO 8601 date-time with an explicit offset (or Z). */
export const IsoDateTime = z.iso.datetime({ offset: true });
/** ISO 8601 calendar date (YYYY-MM-DD), read in America/Chicago. */
export const IsoDate = z.iso.date();

export const REQUESTER_KINDS = [
  'public',
  'depicted_person',
  'guardian',
  'family_first_degree',
  'attorney',
  'insurer',
  'defendant',
  'next_of_kin',
  'agency',
] as const;
export const RequesterKind = z.enum(REQUESTER_KINDS);
export type RequesterKind = z.infer<typeof RequesterKind>;

/** 610.100.2(3) and 610.100.4: persons who may obtain closed/nonpublic recordings. */
export const INVOLVED_REQUESTERS: readonly RequesterKind[] = [
  'depicted_person',
  'guardian',
  'family_first_degree',
  'attorney',
  'insurer',
];

export const CATEGORIES = [
  'unclassified',
  'non_evidentiary',
  'traffic',
  'arrest',
  'investigation',
  'homicide',
  'use_of_force',
  'officer_involved_shooting',
  'complaint',
  'other',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const LOCATION_KINDS = ['public', 'dwelling', 'school', 'medical', 'other_private'] as const;
export const LocationKind = z.enum(LOCATION_KINDS);
export type LocationKind = z.infer<typeof LocationKind>;

export const FLAG_NAMES = [
  'mutilatedDeceased',
  'juvenileSubject',
  'depictsMinor',
  'sexualOffenseVictim',
  'undercoverOfficer',
  'confidentialSource',
  'suspectNotInCustody',
  'dangerToPerson',
  'audio911',
] as const;
export const RecordingFlags = z.object({
  mutilatedDeceased: z.boolean().default(false),
  juvenileSubject: z.boolean().default(false),
  depictsMinor: z.boolean().default(false),
  sexualOffenseVictim: z.boolean().default(false),
  undercoverOfficer: z.boolean().default(false),
  confidentialSource: z.boolean().default(false),
  suspectNotInCustody: z.boolean().default(false),
  dangerToPerson: z.boolean().default(false),
  audio911: z.boolean().default(false),
});
export type RecordingFlags = z.infer<typeof RecordingFlags>;

export const RecordingFacts = z.object({
  recordingId: z.string().min(1),
  category: Category,
  recordedAt: IsoDateTime,
  /** null = not known: the engine must ask for legal review rather than guess. */
  nonpublic: z.boolean().nullable(),
  locationKind: LocationKind.nullable().default(null),
  flags: RecordingFlags,
  caseNumbers: z.array(z.string().min(1)).default([]),
  /** Set once the evidence system has deleted the media (tombstone). */
  destroyedAt: IsoDateTime.nullable().default(null),
});
export type RecordingFacts = z.infer<typeof RecordingFacts>;

export const OFFENSE_CLASSES = ['murder', 'class_a_felony', 'felony', 'misdemeanor', 'infraction'] as const;
export const OffenseClass = z.enum(OFFENSE_CLASSES);
export type OffenseClass = z.infer<typeof OffenseClass>;

export const CASE_EVENT_TYPES = [
  'charged',
  'declined',
  'nolle_prosequi',
  'dismissed',
  'acquitted',
  'convicted',
  'sentenced',
  'sis',
  'probation_completed',
  'appeal_filed',
  'appeal_decided',
  'conviction_final',
  'reopened',
  'juvenile_petition',
] as const;
export const CaseEventType = z.enum(CASE_EVENT_TYPES);
export type CaseEventType = z.infer<typeof CaseEventType>;

export const CaseEvent = z.object({
  id: z.string().min(1),
  type: CaseEventType,
  /** The legal date of the event (America/Chicago calendar date). */
  date: IsoDate,
  defendantId: z.string().min(1).nullable().default(null),
  /** When the event was entered into this system (bitemporal "known at"). */
  recordedAt: IsoDateTime,
  /** Id of an earlier event this one corrects; the superseded event is ignored. */
  supersedes: z.string().min(1).nullable().default(null),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

export const CaseFacts = z.object({
  caseNumber: z.string().min(1),
  /** null = unknown: limitation periods cannot be computed, so review is needed. */
  offenseClass: OffenseClass.nullable(),
  offenseDate: IsoDate.nullable(),
  juvenile: z.boolean().default(false),
  defendants: z.array(z.object({ defendantId: z.string().min(1) })).default([]),
  events: z.array(CaseEvent).default([]),
});
export type CaseFacts = z.infer<typeof CaseFacts>;

export const COURT_ORDER_KINDS = ['release', 'closure', 'expungement'] as const;
export const CourtOrderFacts = z.object({
  orderNumber: z.string().min(1),
  kind: z.enum(COURT_ORDER_KINDS),
  issuedAt: IsoDateTime,
  /** Scope: explicit recordings, or every recording of a case. */
  recordingIds: z.array(z.string().min(1)).default([]),
  caseNumber: z.string().min(1).nullable().default(null),
  /** Requester kinds the order names; empty = the default (public for release orders, everyone for closures). */
  releaseTo: z.array(RequesterKind).default([]),
  viewOnly: z.boolean().default(false),
  noticeDays: z.number().int().min(0).nullable().default(null),
  redactions: z.array(z.string()).default([]),
  conditions: z.string().nullable().default(null),
  /** When the order was entered into this system (bitemporal "known at"). */
  recordedAt: IsoDateTime,
});
export type CourtOrderFacts = z.infer<typeof CourtOrderFacts>;

export const HOLD_REASONS = ['litigation', 'preservation_request', 'internal_investigation', 'other'] as const;
export const HoldFacts = z.object({
  id: z.string().min(1),
  reason: z.enum(HOLD_REASONS),
  authority: z.string().min(1),
  placedAt: IsoDateTime,
  releasedAt: IsoDateTime.nullable().default(null),
  recordingIds: z.array(z.string().min(1)).default([]),
  caseNumber: z.string().min(1).nullable().default(null),
});
export type HoldFacts = z.infer<typeof HoldFacts>;

/** A Sunshine request naming the recording: it protects it until the later of its final response and withdrawal + 2 years (610.027.5). */
export const RequestFacts = z.object({
  requestId: z.string().min(1),
  receivedAt: IsoDateTime,
  /** null while the request is still open (received, in review, delayed). */
  finalResponseAt: IsoDateTime.nullable().default(null),
  withdrawnAt: IsoDateTime.nullable().default(null),
});
export type RequestFacts = z.infer<typeof RequestFacts>;

/**
 * A recorded manual review that releases a closed record (610.105/610.120, or a closure order)
 * to its normal retention schedule. RSMo 610.120.1: records required to be closed "shall not be
 * destroyed" except as 610.124 provides, so only a person, citing a Local Records Board
 * authority that covers closed records or 610.124, may do this.
 */
export const RETENTION_REVIEW_AUTHORITIES = ['local_records_board', 'rsmo_610_124'] as const;
export const RetentionReviewAuthority = z.enum(RETENTION_REVIEW_AUTHORITIES);
export type RetentionReviewAuthority = z.infer<typeof RetentionReviewAuthority>;
export const RetentionReviewFacts = z.object({
  id: z.string().min(1),
  recordingId: z.string().min(1),
  authority: RetentionReviewAuthority,
  /** The authority cited: the Local Records Board schedule item or approval, or the 610.124 procedure followed. */
  citation: z.string().min(1),
  /** Who reviewed the recording (the records officer). */
  reviewedBy: z.string().min(1),
  /** When the review was made: a review before the record was closed does not release it. */
  reviewedAt: IsoDateTime,
  /** When it was entered into this system (bitemporal "known at"). */
  recordedAt: IsoDateTime,
  reason: z.string().min(1),
});
export type RetentionReviewFacts = z.infer<typeof RetentionReviewFacts>;

// ---------------------------------------------------------------- outputs

export const Reason = z.object({
  ruleId: z.string(),
  citation: z.string(),
  text: z.string(),
});
export type Reason = z.infer<typeof Reason>;

export const REDACTION_KINDS = [
  'undercover_officer',
  'confidential_source',
  'suspect_not_in_custody',
  'danger_to_person',
  'victim_identity',
  'minor_identity',
  'audio_911',
  'court_ordered',
] as const;
export const Redaction = z.object({
  kind: z.enum(REDACTION_KINDS),
  ruleId: z.string(),
  citation: z.string(),
  text: z.string(),
});
export type Redaction = z.infer<typeof Redaction>;

export const ROUTES = ['court_order', 'involved_person_request', 'next_of_kin_request', 'defendant_request'] as const;
export const Route = z.enum(ROUTES);
export type Route = z.infer<typeof Route>;

export const OUTCOMES = ['release', 'withhold', 'needs_legal_review'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const Decision = z.object({
  recordingId: z.string(),
  requester: RequesterKind,
  asOf: IsoDateTime,
  outcome: Outcome,
  redactions: z.array(Redaction),
  viewOnly: z.boolean(),
  availableFrom: IsoDateTime.nullable(),
  respondWithinDays: z.number().int().nullable(),
  routes: z.array(Route),
  reviewAt: IsoDateTime.nullable(),
  missingFacts: z.array(z.string()),
  reasons: z.array(Reason),
  rulesVersion: z.string(),
  /** Content hash of the engine code that decided (src/engine), beside the rule files' hash. */
  engineVersion: z.string(),
});
export type Decision = z.infer<typeof Decision>;

export const INACTIVE_GROUNDS = ['declined', 'limitation_period', 'ten_years', 'convictions_final'] as const;
export const CaseStatus = z.object({
  caseNumber: z.string(),
  /** true/false, or 'unknown' when facts are missing or contradictory. */
  inactive: z.union([z.boolean(), z.literal('unknown')]),
  inactiveSince: IsoDate.nullable(),
  inactiveGround: z.enum(INACTIVE_GROUNDS).nullable(),
  /** 610.105: charged and finally terminated (nolle, dismissal, acquittal, SIS + probation completed) for every charged defendant. */
  terminated: z.boolean(),
  terminatedSince: IsoDate.nullable(),
  /** Earliest future date on which this status can change by itself (e.g. limitation period runs). */
  reviewAt: IsoDate.nullable(),
  missingFacts: z.array(z.string()),
  reasons: z.array(Reason),
});
export type CaseStatus = z.infer<typeof CaseStatus>;

export const RETENTION_STATUSES = [
  'retain',
  'eligible_for_destruction',
  'held',
  'indefinite',
  'classification_needed',
  'destroyed',
] as const;
export const RetentionStatus = z.enum(RETENTION_STATUSES);
export type RetentionStatus = z.infer<typeof RetentionStatus>;

export const RetentionResult = z.object({
  recordingId: z.string(),
  asOf: IsoDateTime,
  status: RetentionStatus,
  /** The date the longest applicable period ends (null when indefinite, held open-ended or unclassified). */
  retainUntil: IsoDateTime.nullable(),
  /** What stops destruction right now, even if the schedule alone would allow it. */
  blockers: z.array(Reason),
  reasons: z.array(Reason),
  rulesVersion: z.string(),
  engineVersion: z.string(),
});
export type RetentionResult = z.infer<typeof RetentionResult>;
