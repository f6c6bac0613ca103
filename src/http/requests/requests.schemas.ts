/** Params/query/response schemas of the Sunshine request routes (bodies come from the domain schemas). */
import { z } from 'zod';
import { FLAG_NAMES } from '../../engine/facts';
import { AsOf, Cursor, Id, Limit } from '../common.schemas';
import { RecordingAnswerEnum, RequestOutcomeEnum, RequestStatusEnum, RequesterKindEnum, ResponseKindEnum, RoleEnum } from '../vocabulary';
import { LoggedDecision } from '../eligibility/eligibility.schemas';
import { RequesterClaimInput } from '../../domain/requests/requests.schemas';
import { DueDateView } from './sunshine.schemas';

export const RequestParams = z.object({ id: Id });

export const RequestQuery = z.object({
  status: RequestStatusEnum.optional(),
  /** Due strictly before this moment (a plain date means the start of that day, America/Chicago). */
  dueBefore: AsOf.optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  cursor: Cursor,
  limit: Limit,
});

export const LetterQuery = z.object({ format: z.enum(['text', 'pdf']).default('text') });

const When = z.string().nullable();

/** How dueBy was set: the calculator's fields (sunshine.schemas.ts); those after countedDays are absent on requests logged before they were recorded. */
const DueRecordView = z
  .object({
    ...DueDateView.pick({ closeOfBusiness: true, effectiveReceiptDate: true, countedDays: true, reasons: true }).shape,
    ...DueDateView.pick({ receiptDate: true, skippedDays: true, lateReceiptApplied: true, rules: true }).partial().shape,
    receiptDate: DueDateView.shape.receiptDate.nullable().optional(),
    rulesVersion: z.string().nullable().optional(),
    engineVersion: z.string().nullable().optional(),
  })
  .describe('How dueBy was computed (RSMo 610.023.3)');

export const RequestView = z
  .object({
    requestId: z.string().describe('Internal id; the API also accepts the number wherever it takes the id'),
    number: z
      .string()
      .nullable()
      .describe(
        'The number people say and quote, SR-<year of receipt>-<5 digits> (e.g. SR-2026-00123), per year of receipt in America/Chicago; null only for a request stored before numbers existed and not yet numbered by the start-up or sweep step',
      ),
    status: RequestStatusEnum,
    outcome: RequestOutcomeEnum.nullable(),
    receivedAt: When,
    requester: z.object({
      name: z.string(),
      kind: RequesterKindEnum,
      contact: z.string().nullable(),
      claim: RequesterClaimInput.nullable(),
    }),
    scope: z
      .object({ recordingIds: z.array(z.string()), caseNumber: z.string().nullable(), description: z.string().nullable() })
      .describe('What the requester asked for, as written'),
    recordingIds: z
      .array(z.string())
      .describe('Every recording in scope, including those marked not responsive (the request protects them all from destruction)'),
    notResponsive: z
      .array(z.object({ recordingId: z.string(), reason: z.string(), at: When, by: z.string() }))
      .describe('Recordings marked not responsive, with the reason: not decided, answered, listed in the letter or billed'),
    attachments: z
      .array(
        z.object({
          kind: z.enum(['bulk_check_csv']),
          name: z.string(),
          sha256: z.string(),
          bytes: z.number().int(),
          rows: z.number().int(),
          totals: z.record(z.string(), z.number().int()),
          requestVersion: z.number().int().describe('The request version the export showed'),
          at: When,
          by: z.string(),
        }),
      )
      .describe(
        'Bulk checks exported and attached to the request (the digest of each CSV; the file itself is filed with the correspondence)',
      ),
    mediaItems: z.number().int(),
    dueBy: When,
    due: DueRecordView,
    overdue: z.boolean(),
    reviewWait: z
      .object({
        recordingIds: z
          .array(z.string())
          .describe('Recordings still to be answered whose decision for this requester is needs_legal_review'),
        dueSoon: z
          .boolean()
          .describe(
            'Recordings wait for review and the request is due within REVIEW_DUE_SOON_BUSINESS_DAYS business days (default 1), or overdue',
          ),
      })
      .describe('What the request waits for in the review queue (see GET /api/v1/review-queue?request=)'),
    decidedAt: When,
    decisions: z.array(LoggedDecision),
    delay: z
      .object({
        cause: z.string(),
        availableAt: When,
        at: When,
        by: z.string(),
        place: z
          .string()
          .nullable()
          .describe(
            "Where the records will be available, as staff gave it; null: the custodian of records' address, which the letter states",
          ),
        replaces: When.describe('The availability a further delay replaced; null for a first delay'),
      })
      .nullable(),
    availabilityPassed: z
      .boolean()
      .describe(
        "The open request's stated availability (delay.availableAt) has passed without a response or a further delay (RSMo 610.023.3)",
      ),
    finalResponseAt: When,
    respondedLate: z.boolean().nullable(),
    responseNote: z.string().nullable(),
    reviewMinutes: z.number(),
    withdrawnAt: When,
    responses: z
      .array(
        z.object({
          seq: z.number().int(),
          kind: ResponseKindEnum,
          at: When,
          by: z.string(),
          answeredRecordingIds: z.array(z.string()),
          decisionIds: z.array(z.string()),
          pendingRecordingIds: z.array(z.string()),
          delay: z
            .object({
              cause: z.string(),
              availableAt: When,
              place: z.string().nullable().describe("The place staff gave; null: the custodian of records' address"),
            })
            .nullable(),
          note: z.string().nullable(),
        }),
      )
      .describe('Partial, supplemental and final responses in order (empty when the request was answered in one response)'),
    suit: z
      .object({
        reference: z.string(),
        court: z.string().nullable(),
        servedAt: When,
        holdId: z.string(),
        recordedAt: When,
        recordedBy: z.string(),
      })
      .nullable()
      .describe('A suit about the request served on the agency (RSMo 610.027) and the litigation hold placed for it'),
    history: z.array(
      z.object({
        from: RequestStatusEnum.nullable(),
        to: RequestStatusEnum,
        at: When,
        by: z.string(),
        role: RoleEnum,
        note: z.string().nullable(),
        decisionIds: z.array(z.string()),
      }),
    ),
    createdAt: When,
    createdBy: z.string(),
    updatedAt: When,
    updatedBy: z.string(),
  })
  .meta({ id: 'SunshineRequest' });
export type RequestView = z.infer<typeof RequestView>;
export const RequestPage = z.object({ items: z.array(RequestView), nextCursor: z.string().nullable() }).meta({ id: 'SunshineRequestPage' });

export const RequestRecordingsQuery = z.object({
  answer: RecordingAnswerEnum.optional().describe('Only the recordings with this answer'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: every recording (not paged), as the bulk check export'),
  cursor: Cursor,
  limit: Limit,
});

const Totals = z.object(
  Object.fromEntries(RecordingAnswerEnum.options.map((a) => [a, z.number().int()])) as Record<
    z.infer<typeof RecordingAnswerEnum>,
    z.ZodNumber
  >,
);

export const RequestRecordingsPage = z
  .object({
    requestId: z.string(),
    number: z.string().nullable(),
    requester: RequesterKindEnum,
    totals: Totals.describe('Recordings in scope by answer for this requester (the whole request, whatever the filter)'),
    total: z.number().int().describe('Recordings matching the filter'),
    items: z.array(
      z.object({
        recordingId: z.string(),
        answer: RecordingAnswerEnum,
        decision: LoggedDecision.nullable(),
        notResponsive: z.object({ reason: z.string(), at: When, by: z.string() }).nullable(),
        recording: z
          .object({
            category: z.string().describe("The recording's category (Category)"),
            recordedAt: When,
            officerId: z.string(),
            unit: z.string(),
            cameraSerial: z.string(),
            title: z.string().nullable(),
            place: z.string().nullable(),
            durationSeconds: z.number(),
            flags: z
              .array(z.enum(FLAG_NAMES))
              .describe('The content flags set (minor, danger to a person, undercover officer, 911 audio…)'),
            reviewed: z.boolean().describe('Whether a person has reviewed the content; before that no flag is known'),
          })
          .nullable()
          .describe('Null when the recording is no longer in the catalog'),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RequestRecordingsPage' });
export type RequestRecordingsPage = z.infer<typeof RequestRecordingsPage>;
