/**
 * Input schemas of the catalog, shared by the HTTP routes and the bulk import (one schema
 * per resource, so an NDJSON line and a PUT body are validated identically).
 * Field names are an integration contract with the evidence system: keep them.
 */
import { z } from 'zod';
import {
  NO_INVESTIGATION_CONFIRMERS,
  AppealCourt,
  AppealResult,
  COURT_ORDER_KINDS,
  CaseEventType,
  Category,
  ChargedStatute,
  FLAG_NAMES,
  HOLD_REASONS,
  IsoDate,
  IsoDateTime,
  LimitationBasis,
  LocationKind,
  OffenseClass,
  ProtectedVictimKind,
  REQUESTER_KINDS,
  RequesterKind,
  STATUTORY_REDACTION_MODES,
  TollingBasis,
} from '../../engine/facts';

export const Id = z
  .string()
  .min(1)
  .max(128)
  // Never two dots in a row (no `..`), written without lookahead so generators can produce matching ids.
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_:-]*(?:\.[A-Za-z0-9_:-]+)*\.?$/,
    'letters, digits and . _ : - only, starting with a letter or digit, never ..',
  );

// Constraints are single patterns rather than refinements, so OpenAPI publishes exactly what is enforced
// (one pattern per field: a fuzzer or client generator can produce matching values).
/** Any character but a control character (tab, line feed and carriage return are text). */
const TEXT_CHAR = '[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]';
/** A text character that is not white space. */
const SOLID_CHAR = '[^\\s\\u0000-\\u001F]';
export const Text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(new RegExp(`^${TEXT_CHAR}*$`), 'must not contain control characters');
/** Text whose trimmed length is at least `minTrimmed` (1: not blank). */
export const NonBlank = (max: number, minTrimmed = 1, message = 'must not be blank, nor contain control characters') =>
  z
    .string()
    .max(max)
    .regex(
      new RegExp(
        minTrimmed <= 1
          ? `^${TEXT_CHAR}*${SOLID_CHAR}${TEXT_CHAR}*$`
          : `^${TEXT_CHAR}*${SOLID_CHAR}${TEXT_CHAR}{${minTrimmed - 2},}${SOLID_CHAR}${TEXT_CHAR}*$`,
      ),
      message,
    );

export const CAMERA_ASSIGNMENTS = ['patrol', 'detective'] as const;
export const CAMERA_STATUSES = ['active', 'retired'] as const;
// One schema instance per vocabulary (the engine's where it has one), so OpenAPI publishes each once.
export const CameraAssignment = z.enum(CAMERA_ASSIGNMENTS);
export const CameraStatus = z.enum(CAMERA_STATUSES);
export const CourtOrderKind = z.enum(COURT_ORDER_KINDS);
export const HoldReason = z.enum(HOLD_REASONS);

export const CameraInput = z.strictObject({
  assignment: CameraAssignment,
  model: Text(100).min(1),
  unit: Text(100).min(1),
  officerId: Id.optional(),
  status: CameraStatus.default('active'),
});
export type CameraInput = z.infer<typeof CameraInput>;

export const Flags = z
  .strictObject({
    ...(Object.fromEntries(FLAG_NAMES.map((f) => [f, z.boolean().default(false)])) as Record<
      (typeof FLAG_NAMES)[number],
      z.ZodDefault<z.ZodBoolean>
    >),
    /** The evidence feed's former name of protectedVictim (before 2026-12); stored as protectedVictim. */
    sexualOffenseVictim: z
      .boolean()
      .optional()
      .meta({ deprecated: true, description: 'Former name of protectedVictim; read as protectedVictim' }),
  })
  .default(Object.fromEntries(FLAG_NAMES.map((f) => [f, false])) as Record<(typeof FLAG_NAMES)[number], boolean>);

export const Location = z.strictObject({
  address: Text(300).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  nonpublic: z.boolean({ error: 'nonpublic (true/false) is required: whether the place has an expectation of privacy' }),
  kind: LocationKind.optional(),
});

export const RecordingInput = z.strictObject({
  cameraSerial: Id,
  officerId: Id,
  recordedAt: IsoDateTime,
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters')
    .transform((s) => s.toLowerCase()),
  sizeBytes: z.number().int().min(0).optional(),
  title: Text(300).optional(),
  category: Category.default('unclassified'),
  location: Location,
  caseNumbers: z
    .array(Id)
    .max(50)
    .default([])
    .transform((a) => [...new Set(a)].sort()),
  flags: Flags,
  /** Who reviewed the recording for redactions, and when: until then its redaction flags count as unknown and a public release waits (RSMo 610.100.3). */
  redactionReview: z.strictObject({ reviewedBy: Id, reviewedAt: IsoDateTime }).nullable().optional(),
  protectedVictimKind: ProtectedVictimKind.nullable().optional(),
  /** 610.205 covers crime-scene images only: whether a mutilated-deceased recording is one. */
  crimeScene: z.boolean().nullable().optional(),
  tags: z
    .array(Text(64).min(1))
    .max(50)
    .default([])
    .transform((a) => [...new Set(a)].sort()),
  /**
   * Who confirmed that no investigation concerns the recording (counsel re-check session 5, F1
   * residual 2): required when anyone but the evidence system's feed classifies it non-evidentiary,
   * which opens it to anyone and starts its 180-day destruction clock. Kept on the revision.
   */
  noInvestigation: z
    .strictObject({
      confirmedBy: NonBlank(200),
      role: z.enum(NO_INVESTIGATION_CONFIRMERS),
      confirmedOn: IsoDate,
      reference: NonBlank(500),
    })
    .optional(),
  /**
   * Why an administrator's write lowers a closure (counsel re-check session 5, F2): required when it
   * lifts a nonpublic mark, turns a private kind of place public or removes a case link. Kept on the
   * revision. (Moving recordedAt earlier is refused whatever the basis: counsel sessions 13-14, P3-a, 14b-1.)
   */
  basis: NonBlank(1000).optional(),
});
export type RecordingInput = z.infer<typeof RecordingInput>;

/**
 * A records clerk's answers to the review questions questions.yaml puts to the clerk about a
 * recording (issue 16): what kind of recording it is, which cases it belongs to, and whether it was
 * made in a nonpublic place and of what kind. Only those facts: the content review and its flags are
 * recorded in the evidence system (its feed writes them), and whether a place was a crime scene is
 * the prosecutor's. Each is optional; at least one is given. A category is given only to an
 * unclassified recording, and case numbers are added to the recording's links, never replace them.
 */
export const RecordingReviewFactsInput = z
  .strictObject({
    category: Category.optional(),
    caseNumbers: z
      .array(Id)
      .max(50)
      .transform((a) => [...new Set(a)].sort())
      .optional(),
    /**
     * Only towards closure (counsel review session 5, F2): nonpublic false → true, a kind where none is
     * recorded or another private kind; the service refuses the rest. Give either or both.
     */
    location: z
      .strictObject({
        nonpublic: z.boolean().optional(),
        kind: LocationKind.optional(),
      })
      .refine((l) => l.nonpublic !== undefined || l.kind !== undefined, {
        message: 'give nonpublic (true/false) or kind, or leave location out',
        path: ['nonpublic'],
      })
      .optional(),
    /** On what the clerk relied (a report or CAD number matched, who said so); kept with the answer and on its revision. */
    basis: NonBlank(1000).optional(),
  })
  .refine((f) => f.category !== undefined || f.caseNumbers !== undefined || f.location !== undefined, {
    message: 'give at least one answer: category, caseNumbers or location',
    path: ['category'],
  });
export type RecordingReviewFactsInput = z.infer<typeof RecordingReviewFactsInput>;

/** What a prosecutor confirms or removes: one of a clerk's case links, or a clerk's category. */
export const CONFIRMATION_FIELDS = ['caseNumbers', 'category'] as const;

/**
 * The prosecutor's answer about a case link or a category a clerk entered on the review-facts route
 * (counsel re-check session 5, F1/F4): confirmed, or wrong and removed; with the basis (on whose
 * knowledge: the investigating unit, a report or CAD number).
 */
export const ReviewFactsConfirmationInput = z
  .strictObject({
    field: z.enum(CONFIRMATION_FIELDS),
    /** The linked case (field caseNumbers only). */
    caseNumber: Id.optional(),
    /** true: the clerk's answer is right; false: it is wrong, and is removed. */
    confirmed: z.boolean(),
    basis: NonBlank(1000),
  })
  .refine((f) => f.field !== 'caseNumbers' || f.caseNumber !== undefined, {
    message: 'give the caseNumber of the link confirmed or removed',
    path: ['caseNumber'],
  })
  .refine((f) => f.field !== 'category' || f.caseNumber === undefined, {
    message: 'a caseNumber goes with field caseNumbers only',
    path: ['caseNumber'],
  });
export type ReviewFactsConfirmationInput = z.infer<typeof ReviewFactsConfirmationInput>;

/**
 * A prosecutor's own confirmation that no investigation concerns a recording (counsel session 6, G4;
 * session 8): recorded with the prosecutor as the audited actor and confirmer, instead of an
 * administrator typing the prosecutor's name. It classifies the recording non-evidentiary, whose
 * 180-day clock runs from the later of the confirmation and the day it is recorded here.
 */
export const NoInvestigationConfirmationInput = z.strictObject({
  /** The memo, email or file reference the confirmation rests on. */
  reference: NonBlank(500),
  /** The day the prosecutor confirmed it; absent: today. Not after today (422). */
  confirmedOn: IsoDate.optional(),
});
export type NoInvestigationConfirmationInput = z.infer<typeof NoInvestigationConfirmationInput>;

/**
 * A prosecutor's or an administrator's correction of a wrong answer a clerk gave on the review-facts
 * route (counsel re-check session 5, F2): the clerk's nonpublic mark lifted (the place is public), or
 * the clerk's kind of place replaced; with the basis. What the evidence system sends is corrected
 * there (counsel session 6, G3), and a clerk's case link is removed by the prosecutor's confirmation
 * route (G4): removing a link can lift an active case's closure.
 */
export const ReviewFactsCorrectionInput = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('location.nonpublic'), value: z.literal(false), basis: NonBlank(1000) }),
  z.strictObject({ field: z.literal('location.kind'), value: LocationKind, basis: NonBlank(1000) }),
]);
export type ReviewFactsCorrectionInput = z.infer<typeof ReviewFactsCorrectionInput>;

/** One line of an import: the same fields plus the id. */
export const RecordingImportLine = RecordingInput.extend({ recordingId: Id });

/**
 * The prosecutor's record of the time to file charges (RSMo 556.036, 556.037). The engine checks
 * the period against the basis and the offense class; what does not fit goes to legal review.
 */
export const LimitationInput = z
  .strictObject({
    basis: LimitationBasis,
    /** null = no limitation (556.036.1, 556.037). */
    period: z
      .strictObject({
        years: z.number().int().min(0).max(100).default(0),
        months: z.number().int().min(0).max(11).default(0),
      })
      .nullable(),
    /** 556.036.3: years the period is extended (at most 3). */
    extensionYears: z.number().int().min(0).max(3).default(0),
    /** 556.036.6: days the period did not run (absence from the state, concealment, prosecution pending). */
    tolledDays: z.number().int().min(0).max(36500).default(0),
    /** Of tolledDays, the days the accused was absent from the state (556.036.6 caps absence at three years). */
    absenceDays: z.number().int().min(0).max(36500).default(0),
    /** 556.036.6: the period is still not running; the limitation cannot run out (only the ten-year branch). */
    tollingOngoing: z.boolean().default(false),
    /** Why the period is or was tolled (absence, concealment, prosecution_pending). */
    tollingBasis: TollingBasis.nullable().default(null),
    /** Required for basis "other": the statute relied on. */
    explanation: NonBlank(500).optional(),
  })
  .refine((l) => l.period === null || l.period.years + l.period.months > 0, {
    message: 'a limitation period is at least one month (null = no limitation)',
    path: ['period'],
  })
  .refine((l) => l.basis !== 'other' || l.explanation !== undefined, {
    message: 'basis "other" needs an explanation naming the statute',
    path: ['explanation'],
  })
  .refine((l) => l.absenceDays <= l.tolledDays, {
    message: 'absenceDays are part of tolledDays: at most tolledDays',
    path: ['absenceDays'],
  })
  .refine((l) => !l.tollingOngoing || l.tollingBasis !== null, {
    message: 'ongoing tolling needs its basis (absence, concealment, prosecution_pending)',
    path: ['tollingBasis'],
  });
export type LimitationInput = z.infer<typeof LimitationInput>;

export const CaseInput = z.strictObject({
  offenseClass: OffenseClass,
  offenseDate: IsoDate,
  /**
   * The prosecutor's limitation record. Without it a class with a limitation period cannot make the
   * case inactive by limitation alone (legal review). Omitted: the stored one is kept; null clears it.
   */
  limitation: LimitationInput.nullable().optional(),
  juvenile: z.boolean().default(false),
  /** 610.105.2: the RSMo chapters ("566") or sections ("568.045") charged, as the prosecutor enters them. */
  chargedStatutes: z.array(ChargedStatute).max(50).optional(),
  description: Text(2000).optional(),
  defendants: z
    .array(z.strictObject({ defendantId: Id }))
    .max(100)
    .default([]),
});
export type CaseInput = z.infer<typeof CaseInput>;

/** Events that concern one defendant and must name them. */
const ONE_DEFENDANT_EVENTS: ReadonlySet<string> = new Set([
  'certified_adult',
  'mandate_issued',
  'post_disposition_motion',
  'post_disposition_overruled',
  'transfer_denied',
]);

export const CaseEventInput = z
  .strictObject({
    type: CaseEventType,
    date: IsoDate,
    defendantId: Id.optional(),
    /** appeal_decided only, and required there: what the decision did to the conviction. */
    result: AppealResult.optional(),
    /** appeal_decided only: the deciding court; omitted = not recorded (the certiorari period is then awaited). */
    court: AppealCourt.optional(),
    source: Text(200).optional(),
    note: Text(2000).optional(),
    /** Corrections are new events that supersede an earlier one by id. */
    supersedes: Id.optional(),
    /** charged only: the RSMo chapters or sections charged against this defendant (610.105.2). */
    statutes: z.array(ChargedStatute).min(1).max(50).optional(),
  })
  .refine((e) => e.type === 'charged' || e.statutes === undefined, {
    message: 'statutes are recorded on charged events only',
    path: ['statutes'],
  })
  .refine((e) => e.type !== 'appeal_decided' || e.result !== undefined, {
    message: 'an appeal decision needs its result (affirmed, reversed, remanded, dismissed)',
    path: ['result'],
  })
  .refine((e) => e.type === 'appeal_decided' || e.result === undefined, {
    message: 'result is recorded on appeal_decided events only',
    path: ['result'],
  })
  .refine((e) => e.type === 'appeal_decided' || e.court === undefined, {
    message: 'court is recorded on appeal_decided events only',
    path: ['court'],
  })
  .refine((e) => !ONE_DEFENDANT_EVENTS.has(e.type) || e.defendantId !== undefined, {
    message: 'certification, mandates, post-disposition motions and transfer denials concern one defendant: name defendantId',
    path: ['defendantId'],
  });
export type CaseEventInput = z.infer<typeof CaseEventInput>;

export const CourtOrderInput = z
  .strictObject({
    orderNumber: Id,
    court: Text(200).min(1),
    issuedAt: IsoDateTime,
    kind: CourtOrderKind,
    recordingIds: z.array(Id).max(1000).optional(),
    caseNumber: Id.optional(),
    /**
     * Release order: the requester kinds it releases to (naming the public reaches everyone: what the
     * public may have, anyone may); closure and expungement: the kinds still allowed to see the record.
     */
    releaseTo: z.array(RequesterKind).max(REQUESTER_KINDS.length).optional(),
    /**
     * Release order: it releases to everyone. A release order says to whom it releases, this or a
     * non-empty releaseTo, never both: an order with neither was silently read as "everyone" (usability test, problem 2).
     */
    releaseToEveryone: z.boolean().optional(),
    viewOnly: z.boolean().optional(),
    noticeDays: z.number().int().min(0).max(365).optional(),
    redactions: z.array(Text(200)).max(50).optional(),
    /** apply (default): the statutory redactions still apply; order_controls: only the order's own redactions. */
    statutoryRedactions: z.enum(STATUTORY_REDACTION_MODES).optional(),
    conditions: Text(2000).optional(),
    /** The juvenile court made the order (RSMo 211.021.1(3)); only such a release order lifts the 211.321 closure. Omitted = not recorded. */
    juvenileCourt: z.boolean().optional(),
  })
  .refine((o) => (o.recordingIds?.length ?? 0) > 0 || o.caseNumber, {
    message: 'an order needs a scope: recordingIds or caseNumber',
    path: ['recordingIds'],
  })
  .refine((o) => o.kind !== 'release' || o.releaseToEveryone === true || (o.releaseTo?.length ?? 0) > 0, {
    message: 'a release order must say to whom it releases: everyone (releaseToEveryone), or the requester kinds it names',
    path: ['releaseTo'],
  })
  .refine((o) => !(o.releaseToEveryone === true && (o.releaseTo?.length ?? 0) > 0), {
    message: 'choose everyone or the requester kinds named, not both',
    path: ['releaseToEveryone'],
  })
  .refine((o) => o.kind === 'release' || o.releaseToEveryone === undefined, {
    message: 'only a release order releases to everyone',
    path: ['releaseToEveryone'],
  });
export type CourtOrderInput = z.infer<typeof CourtOrderInput>;

/** Which court made an order, recorded after it was entered. */
export const JuvenileCourtInput = z.strictObject({
  /** true: the juvenile court (the juvenile division, or a judge hearing juvenile cases, RSMo 211.021.1(3)); false: another court. */
  juvenileCourt: z.boolean(),
});

export const HoldInput = z
  .strictObject({
    recordingIds: z.array(Id).max(10000).optional(),
    caseNumber: Id.optional(),
    reason: HoldReason,
    authority: Text(500).min(1),
  })
  .refine((h) => (h.recordingIds?.length ?? 0) > 0 || h.caseNumber, {
    message: 'a hold needs a scope: recordingIds or caseNumber',
    path: ['recordingIds'],
  });
export type HoldInput = z.infer<typeof HoldInput>;

/** Why a hold ends (the litigation settled, the preservation request lapsed…): kept on the hold for the record. */
export const HoldReleaseInput = z.strictObject({ reason: NonBlank(500) });
export type HoldReleaseInput = z.infer<typeof HoldReleaseInput>;
