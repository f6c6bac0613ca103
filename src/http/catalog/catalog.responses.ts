/** Response schemas of the catalog (OpenAPI documents them; presenters are typed by them). */
import { z } from 'zod';
import { DecisionOrder, FLAG_NAMES, ProtectedVictimKind, STATUTORY_REDACTION_MODES } from '../../engine/facts';
import {
  AppealCourtEnum,
  AppealResultEnum,
  TollingBasisEnum,
  CameraAssignmentEnum,
  CameraStatusEnum,
  CaseEventTypeEnum,
  LimitationBasisEnum,
  CategoryEnum,
  CourtOrderKindEnum,
  HoldReasonEnum,
  LocationKindEnum,
  OffenseClassEnum,
  OutcomeEnum,
  RequesterKindEnum,
  RetentionStatusEnum,
} from '../vocabulary';

const When = z.string().nullable();
const Audit = { createdAt: When, createdBy: z.string(), updatedAt: When, updatedBy: z.string() };

export const CameraView = z
  .object({
    serial: z.string(),
    assignment: CameraAssignmentEnum,
    model: z.string(),
    unit: z.string(),
    officerId: z.string().nullable(),
    status: CameraStatusEnum,
    ...Audit,
  })
  .meta({ id: 'Camera' });

const ReviewConfirmation = z
  .object({ by: z.string(), at: When, basis: z.string() })
  .nullable()
  .describe("The prosecutor's confirmation, with its basis; null: not confirmed, so it opens nothing and starts no destruction clock");
const ReviewEntryFields = {
  by: z.string().describe('The clerk who entered it'),
  at: When,
  basis: z.string().nullable().describe('On what the clerk relied; null: not said'),
  confirmation: ReviewConfirmation,
};
/** What clerks entered on the review-facts route (counsel re-check session 5, F1/F4, F5). */
const ReviewFactsView = z
  .object({
    caseLinks: z.array(z.object({ caseNumber: z.string(), ...ReviewEntryFields })),
    category: z.object({ value: CategoryEnum, ...ReviewEntryFields }).nullable(),
    nonpublic: z.boolean().nullable(),
    kind: LocationKindEnum.nullable(),
    by: z.string().describe('The clerk who answered last'),
    at: When,
  })
  .nullable()
  .describe(
    "The answers records clerks gave on the review-facts route, merged into the feed's content on every write: who entered each case link and the category, on what basis, and whether the prosecutor confirmed it; null: none",
  );

export const RecordingView = z
  .object({
    recordingId: z.string(),
    cameraSerial: z.string(),
    officerId: z.string(),
    unit: z.string(),
    recordedAt: When,
    durationSeconds: z.number(),
    sha256: z.string(),
    sizeBytes: z.number().nullable(),
    title: z.string().nullable(),
    category: CategoryEnum,
    location: z.object({
      address: z.string().nullable(),
      lat: z.number().nullable(),
      lon: z.number().nullable(),
      nonpublic: z.boolean(),
      kind: LocationKindEnum.nullable(),
    }),
    caseNumbers: z.array(z.string()),
    flags: z.object(Object.fromEntries(FLAG_NAMES.map((f) => [f, z.boolean()])) as Record<(typeof FLAG_NAMES)[number], z.ZodBoolean>),
    redactionReview: z
      .object({ reviewedBy: z.string(), reviewedAt: When })
      .nullable()
      .describe(
        'Who reviewed the recording for redactions, and when; null: not yet, so its redaction flags are unknown and a public release waits for review',
      ),
    protectedVictimKind: ProtectedVictimKind.nullable(),
    crimeScene: z
      .boolean()
      .nullable()
      .describe('610.205: whether a mutilated-deceased recording is a crime-scene recording; null: not assessed'),
    tags: z.array(z.string()),
    release: z
      .object({
        outcome: OutcomeEnum,
        ruleIds: z.array(z.string()),
        reviewAt: When.describe(
          "When the answer can next change by itself: a withholding's review day, or the end of a court order's notice period",
        ),
        availableFrom: When.describe("A release not before this moment: a court order's notice period"),
        orders: z
          .array(DecisionOrder)
          .describe(
            'The court orders the answer rests on (applied), or that cover the recording without deciding it, with their conditions',
          ),
        rulesVersion: z.string(),
        decidedAt: When,
      })
      .nullable()
      .describe('The current decision for a public requester, recomputed on every change and by the sweep'),
    retention: z
      .object({
        status: RetentionStatusEnum,
        retainUntil: When,
        blockers: z.array(z.string()),
        ruleIds: z.array(z.string()),
        rulesVersion: z.string(),
        decidedAt: When,
      })
      .nullable(),
    reviewAt: When.describe('When the derived state can next change by itself'),
    destruction: z
      .object({ performedAt: When, recordedAt: When, by: z.string(), authority: z.string(), ruleIds: z.array(z.string()) })
      .nullable(),
    reviewFacts: ReviewFactsView,
    ...Audit,
  })
  .meta({ id: 'Recording' });

export const CaseEventView = z
  .object({
    id: z.string(),
    type: CaseEventTypeEnum,
    date: z.string(),
    defendantId: z.string().nullable(),
    result: AppealResultEnum.nullable().describe(
      'appeal_decided: what the decision did to the conviction; null on other events and on decisions stored before results were recorded',
    ),
    court: AppealCourtEnum.nullable().describe(
      'appeal_decided: the deciding court; null = not recorded, so the certiorari period (U.S. Sup. Ct. R. 13) is awaited',
    ),
    source: z.string().nullable(),
    note: z.string().nullable(),
    supersedes: z.string().nullable(),
    statutes: z
      .array(z.string())
      .nullable()
      .describe('charged: the RSMo chapters or sections charged against this defendant (610.105.2); null: not recorded'),
    recordedAt: When,
    recordedBy: z.string(),
  })
  .meta({ id: 'CaseEvent' });

export const CaseView = z
  .object({
    caseNumber: z.string(),
    offenseClass: OffenseClassEnum.nullable(),
    offenseDate: z.string().nullable(),
    limitation: z
      .object({
        basis: LimitationBasisEnum,
        period: z.object({ years: z.number().int(), months: z.number().int() }).nullable().describe('null = no limitation'),
        extensionYears: z.number().int(),
        tolledDays: z.number().int(),
        absenceDays: z.number().int().describe('Of tolledDays, days absent from the state (556.036.6: at most three years count)'),
        tollingOngoing: z.boolean().describe('556.036.6: the period is still not running; the limitation cannot run out'),
        tollingBasis: TollingBasisEnum.nullable(),
        explanation: z.string().nullable(),
      })
      .nullable()
      .describe("The prosecutor's record of the time to file charges (RSMo 556.036, 556.037); null = not recorded"),
    juvenile: z.boolean(),
    chargedStatutes: z.array(z.string()).nullable().describe('610.105.2: the RSMo chapters or sections charged; null: not recorded'),
    description: z.string().nullable(),
    defendants: z.array(z.object({ defendantId: z.string() })),
    events: z.array(CaseEventView),
    recordings: z.array(RecordingView).optional(),
    ...Audit,
  })
  .meta({ id: 'Case' });

export const OrderView = z
  .object({
    orderNumber: z.string(),
    court: z.string(),
    issuedAt: When,
    kind: CourtOrderKindEnum,
    recordingIds: z.array(z.string()),
    caseNumber: z.string().nullable(),
    releaseTo: z.array(RequesterKindEnum),
    releaseToEveryone: z
      .boolean()
      .nullable()
      .describe(
        'release orders: true = to everyone (releaseTo empty), false = to the kinds in releaseTo; null on other orders and on release orders stored before the choice was required (an empty releaseTo there reaches everyone, as it always did)',
      ),
    viewOnly: z.boolean(),
    noticeDays: z.number().nullable(),
    redactions: z.array(z.string()),
    statutoryRedactions: z
      .enum(STATUTORY_REDACTION_MODES)
      .describe("apply: the statutory redactions still apply; order_controls: only the order's own"),
    conditions: z.string().nullable(),
    juvenileCourt: z
      .boolean()
      .nullable()
      .describe(
        'made by the juvenile court (RSMo 211.021.1(3)): only such a release order lifts the 211.321 juvenile closure; null = not recorded',
      ),
    juvenileCourtAmendments: z
      .array(z.object({ juvenileCourt: z.boolean(), recordedAt: When, recordedBy: z.string() }))
      .describe('which court made the order, recorded after it was entered (the last one is in force)'),
    createdAt: When,
    createdBy: z.string(),
  })
  .meta({ id: 'CourtOrder' });

export const HoldView = z
  .object({
    id: z.string(),
    recordingIds: z.array(z.string()),
    caseNumber: z.string().nullable(),
    reason: HoldReasonEnum,
    authority: z.string(),
    active: z.boolean(),
    placedAt: When,
    placedBy: z.string(),
    releasedAt: When,
    releasedBy: z.string().nullable(),
    releaseReason: z.string().nullable(),
  })
  .meta({ id: 'Hold' });

export type CameraView = z.infer<typeof CameraView>;
export type RecordingView = z.infer<typeof RecordingView>;
export type CaseView = z.infer<typeof CaseView>;
export type CaseEventView = z.infer<typeof CaseEventView>;
export type OrderView = z.infer<typeof OrderView>;
export type HoldView = z.infer<typeof HoldView>;
