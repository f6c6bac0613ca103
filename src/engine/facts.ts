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
/**
 * ISO 8601 date-time with an explicit offset (or Z), from 1900 on. Before standard time (1883)
 * America/Chicago kept local mean time, whose offset (-05:50:36) has seconds that an ISO offset
 * cannot write, so an older instant could not be read back once stored (the fuzzer sent a court
 * order issued in 1124); no record this service holds is that old.
 */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .refine((s) => Date.parse(s) >= Date.UTC(1900, 0, 1, 6), { message: 'must be on or after 1900-01-01 (America/Chicago)' });
/** ISO 8601 calendar date (YYYY-MM-DD), read in America/Chicago. */
export const IsoDate = z.iso.date().refine((s) => s >= '1900-01-01', { message: 'must be on or after 1900-01-01' });

export const REQUESTER_KINDS = [
  'public',
  'depicted_person',
  'guardian',
  'family_first_degree',
  'attorney',
  'insurer',
  'defendant',
  'next_of_kin',
  /** 610.205.1: "an individual who has secured a written release from the next of kin". */
  'nok_release_holder',
  'agency',
] as const;
export const RequesterKind = z.enum(REQUESTER_KINDS);
export type RequesterKind = z.infer<typeof RequesterKind>;

/** 610.100.2(3) and 610.100.4: persons who may obtain closed/nonpublic recordings. */
export const INVOLVED_REQUESTERS: readonly RequesterKind[] = ['depicted_person', 'guardian', 'family_first_degree', 'attorney', 'insurer'];

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
/** The kinds of place with an expectation of privacy (610.100.1(8): a dwelling, school, medical facility…). */
export const PRIVATE_LOCATION_KINDS: ReadonlySet<string> = new Set<LocationKind>(['dwelling', 'school', 'medical', 'other_private']);

export const FLAG_NAMES = [
  'mutilatedDeceased',
  'juvenileSubject',
  'depictsMinor',
  'protectedVictim',
  'undercoverOfficer',
  'confidentialSource',
  'suspectNotInCustody',
  'dangerToPerson',
  'investigativeTechniques',
  'jeopardizesInvestigation',
  'audio911',
] as const;
export type FlagName = (typeof FLAG_NAMES)[number];
/**
 * Every content flag, the closures (mutilatedDeceased, juvenileSubject) as much as the redactions,
 * says what a person saw in the recording. None of them means anything until a person has reviewed
 * it (`redactionReview`, made no later than the decision's asOf and knownAt): before that the engine
 * reads them, and `crimeScene`, as unknown, and no release other than to an agency goes out
 * (counsel review 2026-12 finding 2: a recording never reviewed may show a mutilated body or a
 * juvenile suspect, which would close it).
 */
export const REVIEWED_FLAG_NAMES = FLAG_NAMES;
/** The flag's name before 2026-12 (it covers domestic-assault and stalking victims too); accepted from stored data only. */
export const LEGACY_FLAG_NAMES = { sexualOffenseVictim: 'protectedVictim' } as const satisfies Record<string, FlagName>;
export const RecordingFlags = z.object(
  Object.fromEntries(FLAG_NAMES.map((f) => [f, z.boolean().default(false)])) as Record<FlagName, z.ZodDefault<z.ZodBoolean>>,
);
export type RecordingFlags = z.infer<typeof RecordingFlags>;

/** Kinds of victim whose identity is protected (595.226.1 names these three). */
export const PROTECTED_VICTIM_KINDS = ['ch566', 'dv', 'stalking'] as const;
export const ProtectedVictimKind = z.enum(PROTECTED_VICTIM_KINDS);
export type ProtectedVictimKind = z.infer<typeof ProtectedVictimKind>;

/** Who reviewed the recording for redactions, and when; null = nobody yet, so its redaction flags are unknown. */
export const RedactionReview = z.object({
  reviewedBy: z.string().min(1).max(128),
  reviewedAt: IsoDateTime,
});
export type RedactionReview = z.infer<typeof RedactionReview>;

/**
 * Where a category or case link came from (counsel re-check session 5, F1/F4): the evidence
 * system's feed, a clerk's answer on the review-facts route not yet confirmed, or a clerk's answer
 * the prosecutor (or the investigating unit, through them) has confirmed. A clerk's unconfirmed
 * answer never opens a recording nor starts its destruction clock.
 */
export const FACT_SOURCES = ['feed', 'clerk', 'confirmed'] as const;
export const FactSource = z.enum(FACT_SOURCES);
export type FactSource = z.infer<typeof FactSource>;
/** Who entered a fact on the review-facts route, and when (for the reasons: "entered by clerk X on D"). */
export const EnteredFact = z.object({
  source: FactSource,
  by: z.string().min(1),
  at: IsoDateTime,
  /** Who confirmed it, and when (source confirmed); null: not confirmed, or confirmed before this was kept. */
  confirmedBy: z.string().min(1).nullable().default(null),
  confirmedAt: IsoDateTime.nullable().default(null),
});
export type EnteredFact = z.infer<typeof EnteredFact>;

/** Who may confirm that no investigation concerns a recording (counsel re-check session 5, F1 residual 2). */
export const NO_INVESTIGATION_CONFIRMERS = ['prosecutor', 'investigating_unit'] as const;
/** The confirmation that no investigation concerns a recording, as an administrator recorded it with a non-evidentiary classification. */
export const NoInvestigation = z.object({
  confirmedBy: z.string().min(1),
  role: z.enum(NO_INVESTIGATION_CONFIRMERS),
  confirmedOn: IsoDate,
  reference: z.string().min(1),
  /**
   * The day the confirmation was recorded in the catalog (counsel session 8, L1): a confirmation dated
   * earlier does not make the recording destroyable the day it is entered. null: recorded before it was kept.
   */
  recordedOn: IsoDate.nullable().default(null),
});
export type NoInvestigation = z.infer<typeof NoInvestigation>;

export const RecordingFacts = z.object({
  recordingId: z.string().min(1),
  category: Category,
  recordedAt: IsoDateTime,
  /** null = not known: the engine must ask for legal review rather than guess. */
  nonpublic: z.boolean().nullable(),
  locationKind: LocationKind.nullable().default(null),
  flags: RecordingFlags,
  /** null = not reviewed: the redaction flags are unknown (A12 of the 2026-12 review). */
  redactionReview: RedactionReview.nullable().default(null),
  /** Which protected victim `flags.protectedVictim` means; null = not said. */
  protectedVictimKind: ProtectedVictimKind.nullable().default(null),
  /** 610.205 covers crime-scene images only: whether a mutilated-deceased recording is one; null = not assessed. */
  crimeScene: z.boolean().nullable().default(null),
  caseNumbers: z.array(z.string().min(1)).default([]),
  /** Set once the evidence system has deleted the media (tombstone). */
  destroyedAt: IsoDateTime.nullable().default(null),
  /** The category's source when a clerk entered it on the review-facts route; null = the feed's. */
  categorySource: EnteredFact.nullable().default(null),
  /** The case links a clerk entered on the review-facts route that the feed does not send (the others are the feed's). */
  caseLinkSources: z.array(EnteredFact.extend({ caseNumber: z.string().min(1) })).default([]),
  /**
   * Who confirmed that no investigation concerns it, when and with what reference (counsel session 6,
   * G4); null: nobody recorded it (the evidence system's own non-evidentiary classification needs none).
   */
  noInvestigation: NoInvestigation.nullable().default(null),
});
export type RecordingFacts = z.infer<typeof RecordingFacts>;

/**
 * Offense classes as the limitation periods see them (RSMo 556.036). `no_limitation` covers the
 * offenses 556.036.1 lists that are not class A felonies and those of 556.037 (sexual offenses
 * involving a person 18 or under); `felony_5y` the offenses of 556.036.2(4) (arson, knowingly
 * burning). A plain `felony`, `misdemeanor` or `infraction` does not say which applies: the case's
 * `limitation` fact does.
 */
export const OFFENSE_CLASSES = ['murder', 'class_a_felony', 'no_limitation', 'felony_5y', 'felony', 'misdemeanor', 'infraction'] as const;
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
  /** The appellate court's mandate filed in the circuit court: the appeal decided is final (A2). */
  'mandate_issued',
  /** RSMo 211.071: the child is certified for trial as an adult; the juvenile closure ends for that child (A10). */
  'certified_adult',
  /**
   * Rule 84.17: a post-disposition motion (rehearing, or transfer application in the court of
   * appeals) after an opinion; the appeal is pending until it is overruled (counsel review 14).
   */
  'post_disposition_motion',
  /**
   * The court overruled the Rule 84.17 motion or denied transfer: the time to apply for transfer
   * runs to the later of the opinion + 30 days and this ruling + 15 days (Rule 83.04). A motion that
   * is sustained is entered as what follows it (a new appeal_decided, or appeal_filed on transfer).
   */
  'post_disposition_overruled',
  /**
   * The Supreme Court of Missouri denied an application for transfer: the last state decision, from
   * which the certiorari period runs (counsel review 15); it ends that application (appeal_filed).
   */
  'transfer_denied',
] as const;
export const CaseEventType = z.enum(CASE_EVENT_TYPES);
export type CaseEventType = z.infer<typeof CaseEventType>;

/** What an appeal decision did to the conviction (Rule 84.14 dispositions). */
export const APPEAL_RESULTS = ['affirmed', 'reversed', 'remanded', 'dismissed'] as const;
export const AppealResult = z.enum(APPEAL_RESULTS);
export type AppealResult = z.infer<typeof AppealResult>;

/** Which court decided an appeal: certiorari (U.S. Sup. Ct. R. 13) lies from the Supreme Court of Missouri's decisions. */
export const APPEAL_COURTS = ['court_of_appeals', 'supreme_court_mo'] as const;
export const AppealCourt = z.enum(APPEAL_COURTS);
export type AppealCourt = z.infer<typeof AppealCourt>;

/**
 * A statute charged in the case, as RSMo section ("566.083", "568.045") or whole chapter
 * ("566"): 610.105.2 opens SIS-closed records to victims of chapter 566 and some 568 offenses.
 */
export const ChargedStatute = z.string().regex(/^\d{1,3}(?:\.\d{3})?$/, 'an RSMo chapter (566) or section (568.045)');

export const CaseEvent = z.object({
  id: z.string().min(1),
  type: CaseEventType,
  /** appeal_decided only: the result; null on other events and on decisions stored before it was recorded (review). */
  result: AppealResult.nullable().default(null),
  /** appeal_decided only: the deciding court; null = not recorded (the certiorari period is then awaited, counsel review 15). */
  court: AppealCourt.nullable().default(null),
  /** The legal date of the event (America/Chicago calendar date). */
  date: IsoDate,
  defendantId: z.string().min(1).nullable().default(null),
  /** When the event was entered into this system (bitemporal "known at"). */
  recordedAt: IsoDateTime,
  /** Id of an earlier event this one corrects; the superseded event is ignored. */
  supersedes: z.string().min(1).nullable().default(null),
  /**
   * charged only: the statutes charged against this defendant (610.105.2 asks whether "the person
   * arrested is charged with" a listed offense and that person's sentence suspended: counsel review
   * finding 5); null = not recorded, when the case's chargedStatutes serves for a case of one defendant.
   */
  statutes: z.array(ChargedStatute).min(1).nullable().default(null),
});
export type CaseEvent = z.infer<typeof CaseEvent>;

/**
 * The statutory basis of the limitation period, as the prosecutor records it: the no-limit
 * lists (556.036.1, 556.037), a subdivision of 556.036.2, or `other` (another statute, named in
 * the explanation).
 */
export const LIMITATION_BASES = ['556.036.1', '556.037', '556.036.2(1)', '556.036.2(2)', '556.036.2(3)', '556.036.2(4)', 'other'] as const;
export const LimitationBasis = z.enum(LIMITATION_BASES);
export type LimitationBasis = z.infer<typeof LimitationBasis>;

/** 556.036.6: why the period does not run: the accused absent from the state, concealing himself, or a prosecution pending. */
export const TOLLING_BASES = ['absence', 'concealment', 'prosecution_pending'] as const;
export const TollingBasis = z.enum(TOLLING_BASES);
export type TollingBasis = z.infer<typeof TollingBasis>;

/** A period of years and months; at least one of them. */
export const LimitationPeriod = z
  .object({ years: z.number().int().min(0).max(100).default(0), months: z.number().int().min(0).max(11).default(0) })
  .refine((p) => p.years + p.months > 0, 'a limitation period is at least one month');
export type LimitationPeriod = z.infer<typeof LimitationPeriod>;

/**
 * The time to file charges (610.100.1(3)(b); RSMo 556.036, 556.037) as the prosecutor records it.
 * The engine checks the period against the basis and the offense class; anything that does not
 * fit is a question for legal review.
 */
export const CaseLimitation = z.object({
  basis: LimitationBasis,
  /** null = no limitation: only the ten-year branch of 610.100.1(3)(b) applies. */
  period: LimitationPeriod.nullable(),
  /** 556.036.3: years the period is extended (fraud, misconduct in office, child-support fraud; at most 3). */
  extensionYears: z.number().int().min(0).max(3).default(0),
  /** 556.036.6: days the period did not run (accused absent from the state, concealed, prosecution pending). */
  tolledDays: z.number().int().min(0).max(36500).default(0),
  /** Of tolledDays, the days the accused was absent from the state: 556.036.6 extends the period by no more than three years for absence. */
  absenceDays: z.number().int().min(0).max(36500).default(0),
  /** 556.036.6: the period is still not running (the accused is still absent or concealed, or a prosecution is pending): the limitation cannot run out (counsel review 16). */
  tollingOngoing: z.boolean().default(false),
  /** Why the period is (or was) tolled, as the prosecutor records it; named in the decision. */
  tollingBasis: TollingBasis.nullable().default(null),
  /** Why: required for basis `other` (the statute relied on). */
  explanation: z.string().min(1).nullable().default(null),
});
export type CaseLimitation = z.infer<typeof CaseLimitation>;

export const CaseFacts = z.object({
  caseNumber: z.string().min(1),
  /** null = unknown: limitation periods cannot be computed, so review is needed. */
  offenseClass: OffenseClass.nullable(),
  offenseDate: IsoDate.nullable(),
  /** null = not recorded: a class with a finite period cannot make the case inactive by limitation alone. */
  limitation: CaseLimitation.nullable().default(null),
  juvenile: z.boolean().default(false),
  defendants: z.array(z.object({ defendantId: z.string().min(1) })).default([]),
  events: z.array(CaseEvent).default([]),
  /**
   * The statutes charged, as entered by the prosecutor; null = not recorded. Kept for data recorded
   * before the statutes went on each defendant's charged event; read only for a case of one charged defendant.
   */
  chargedStatutes: z.array(ChargedStatute).nullable().default(null),
});
export type CaseFacts = z.infer<typeof CaseFacts>;

export const COURT_ORDER_KINDS = ['release', 'closure', 'expungement'] as const;
export const STATUTORY_REDACTION_MODES = ['apply', 'order_controls'] as const;
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
  /** apply: the statutory redactions still apply; order_controls: only the order's own redactions do (A6). */
  statutoryRedactions: z.enum(STATUTORY_REDACTION_MODES).default('apply'),
  conditions: z.string().nullable().default(null),
  /**
   * Whether the juvenile court (RSMo 211.021.1(3): the juvenile division, or a judge while hearing
   * juvenile cases) made the order: true, false (another court), null = not recorded. Only the
   * juvenile court's release order lifts the 211.321 closure; over a juvenile record, not recorded
   * is a question for staff and another court's order one for counsel (counsel review session 3).
   */
  juvenileCourt: z.boolean().nullable().default(null),
  /** Later entries of juvenileCourt (recorded after the order), each counted from its recordedAt. */
  juvenileCourtAmendments: z.array(z.object({ juvenileCourt: z.boolean(), recordedAt: IsoDateTime })).default([]),
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
  /** The number people say (SR-2026-00123): what the reasons name; the internal id only for a request not yet numbered. */
  number: z.string().min(1).nullable().optional(),
  receivedAt: IsoDateTime,
  /** null while the request is still open (received, in review, delayed). */
  finalResponseAt: IsoDateTime.nullable().default(null),
  withdrawnAt: IsoDateTime.nullable().default(null),
});
export type RequestFacts = z.infer<typeof RequestFacts>;

/**
 * A recorded manual review that releases a closed record (610.105/610.120, or a closure order)
 * to its normal retention schedule. RSMo 610.120.1: records required to be closed "shall not be
 * destroyed" except as 610.124 provides, so only a person following the 610.124 procedure may do
 * this. A review citing a Local Records Board authority is recorded but releases nothing unless
 * the schedule's opt-in localRecordsBoard parameter is on (counsel review finding 8).
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

/** 610.205.1 ranks of next of kin; `other` is not next of kin. */
export const NOK_RANKS = ['spouse', 'adult_child', 'parent', 'other'] as const;
export const NokRank = z.enum(NOK_RANKS);
export type NokRank = z.infer<typeof NokRank>;

/** 610.105.2: "to the victim ..., or if the victim is a minor to the victim's parents or guardian". */
export const VICTIM_ROLES = ['victim', 'parent_or_guardian_of_minor_victim'] as const;
export const VictimRole = z.enum(VICTIM_ROLES);
export type VictimRole = z.infer<typeof VictimRole>;

/**
 * The requester's relationship to the deceased or incompetent person shown (610.100.2(3)/.4 family
 * route). Only a parent or child is "within the first degree of consanguinity"; a spouse is not a
 * blood relative and a sibling or grandparent is of the second degree (counsel review finding 3).
 */
export const FAMILY_RELATIONSHIPS = ['parent', 'child', 'spouse', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
export const FamilyRelationship = z.enum(FAMILY_RELATIONSHIPS);
export type FamilyRelationship = z.infer<typeof FamilyRelationship>;
export const FIRST_DEGREE_RELATIONSHIPS: readonly FamilyRelationship[] = ['parent', 'child'];

/**
 * What the requester has shown, recorded on the request. The law ties the involved-person,
 * next-of-kin and victim routes to these conditions; null = not recorded (the engine then asks
 * for review rather than assume them).
 */
export const RequesterClaim = z.object({
  /** 610.100.2(3)/.4: the depicted or involved person the guardian, family, attorney or insurer acts for. */
  onBehalfOf: z.string().min(1).max(200).nullable().default(null),
  /** Guardian route: that person is a minor (checked against the recording's depictsMinor). */
  subjectMinor: z.boolean().nullable().default(null),
  /** First-degree family route: that person is deceased or incompetent. */
  subjectDeceasedOrIncompetent: z.boolean().nullable().default(null),
  /** 610.100.4: the request was made in writing. */
  writtenRequest: z.boolean().nullable().default(null),
  /** The relationship to (or representation of) that person was verified. */
  relationshipVerified: z.boolean().nullable().default(null),
  /** Depicted-person route: staff checked that the requester is the person shown or heard in the recording (finding 3). */
  identityVerified: z.boolean().nullable().default(null),
  /** First-degree family route: which relative of that person the requester is; only parent or child qualifies. */
  relationship: FamilyRelationship.nullable().default(null),
  /**
   * 610.100.4 routes: the protected victim the recording shows is the requester or the person they act for
   * (then the victim's own identity is no reason for the agency to move the court, nor redacted from their copy).
   */
  protectedVictimIsSubject: z.boolean().nullable().default(null),
  /** Before 2026-12-02: a bare attestation of the 610.105.2 route; read only as "asks as a victim" (its conditions are the fields below). */
  victimForOwnProceeding: z.boolean().default(false),
  /** 610.105.2: the requester asks as the victim, or as a parent or guardian of a minor victim (finding 5). */
  victimRole: VictimRole.nullable().default(null),
  /** 610.105.2: the victim is a minor (the parent-or-guardian route). */
  victimMinor: z.boolean().nullable().default(null),
  /** 610.105.2: the records are for use in the victim's own judicial proceeding. */
  purposeOwnProceeding: z.boolean().nullable().default(null),
  /** 610.205: rank of the next of kin (the requester, or who signed the written release). */
  nokRank: NokRank.nullable().default(null),
  /** 610.205: nobody of a higher rank is living (no spouse; for a parent, no adult child either). */
  noHigherRankLiving: z.boolean().nullable().default(null),
  /** 610.205: the next of kin showed proof of the familial relationship. */
  relationshipProven: z.boolean().nullable().default(null),
  /** 610.205: the written release from the next of kin is on file (nok_release_holder). */
  writtenReleaseOnFile: z.boolean().nullable().default(null),
});
export type RequesterClaim = z.infer<typeof RequesterClaim>;
export const NO_CLAIM: RequesterClaim = Object.freeze(RequesterClaim.parse({}));

// ---------------------------------------------------------------- outputs

export const Reason = z.object({
  ruleId: z.string(),
  citation: z.string(),
  /** What the rule decided and why, in words the requester may read: the letter prints it. */
  text: z.string(),
  /**
   * For staff only, never in a letter: whose word a fact the reason rests on comes from (the clerk
   * who linked a case, the prosecutor who confirmed it) and what staff must do before relying on it.
   */
  staffNote: z.string().optional(),
});
export type Reason = z.infer<typeof Reason>;

export const REDACTION_KINDS = [
  'undercover_officer',
  'confidential_source',
  'suspect_not_in_custody',
  'danger_to_person',
  'victim_identity',
  'minor_identity',
  'investigative_techniques',
  'jeopardizes_investigation',
  'audio_911',
  'court_ordered',
  /** Redactions a counsel determination names (MO-COUNSEL). */
  'counsel_determined',
] as const;
export const Redaction = z.object({
  kind: z.enum(REDACTION_KINDS),
  ruleId: z.string(),
  citation: z.string(),
  text: z.string(),
});
export type Redaction = z.infer<typeof Redaction>;

export const ROUTES = [
  'court_order',
  'juvenile_court_order',
  'involved_person_request',
  'next_of_kin_request',
  'defendant_request',
] as const;
export const Route = z.enum(ROUTES);
export type Route = z.infer<typeof Route>;

export const OUTCOMES = ['release', 'withhold', 'needs_legal_review'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** A court order as an answer carries it: its number and its free-text conditions. */
export const DecisionOrder = z.object({
  orderNumber: z.string(),
  conditions: z.string().nullable(),
  /** The answer rests on the order; false: it covers the recording for this requester, but another rule decided (e.g. an open record released sooner than the order's notice). */
  applied: z.boolean(),
});
export type DecisionOrder = z.infer<typeof DecisionOrder>;

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
  /**
   * The release orders the answer rests on, then the one covering the recording for this requester
   * when the answer does not: their conditions go wherever the answer goes (usability test, problem 1).
   * Absent on decisions logged before orders were carried.
   */
  orders: z.array(DecisionOrder).default([]),
  /**
   * A withhold whose every closure rests on a case linked to the recording only by a clerk's
   * unconfirmed answer (counsel session 6 G5, session 8 M1): those cases. A denial may not cite such a
   * closure (610.023.4 asks for the provision that applies to the record) until the prosecutor confirms
   * the link or has it removed; the request is delayed for it meanwhile. Empty otherwise, and on
   * decisions logged before it was carried.
   */
  unconfirmedLinks: z.array(z.string()).default([]),
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
  /**
   * 610.100.1(3)(b): the first day on which the time to file charges has run (limitation or ten
   * years, rolled forward); the ten-year day when the limitation is not settled; null without an
   * offense date or class. A declined case keeps its recordings at least until then (B2).
   */
  timeToFileEnds: IsoDate.nullable(),
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
