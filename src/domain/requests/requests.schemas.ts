/** Input schemas of Sunshine requests (RSMo 610.023), shared by the routes and the service. */
import { z } from 'zod';
import { FamilyRelationship, IsoDateTime, NokRank, RequesterKind, VictimRole } from '../../engine/facts';
import { REQUEST_OUTCOMES, REQUEST_STATUSES, RESPONSE_KINDS } from './vocabulary';
import { RECORDING_ANSWERS } from './request-recordings';
import { Id, NonBlank, Text } from '../catalog/catalog.schemas';

export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;
export const RequestOutcome = z.enum(REQUEST_OUTCOMES);
export type RequestOutcome = z.infer<typeof RequestOutcome>;
export const ResponseKind = z.enum(RESPONSE_KINDS);
export const RecordingAnswer = z.enum(RECORDING_ANSWERS);
export type ResponseKind = z.infer<typeof ResponseKind>;

/**
 * What the requester has shown, recorded by the clerk: the conditions of the involved-person
 * (610.100.2(3)/.4), victim (610.105.2) and next-of-kin (610.205.1) routes. Omitted = not
 * recorded; a route that needs it then goes to legal review instead of assuming it.
 */
export const RequesterClaimInput = z
  .strictObject({
    onBehalfOf: NonBlank(200)
      .optional()
      .describe('The depicted or involved person a guardian, family member, attorney or insurer acts for'),
    subjectMinor: z.boolean().optional().describe('Guardian route: that person is a minor (checked against the recording)'),
    subjectDeceasedOrIncompetent: z.boolean().optional().describe('First-degree family route: that person is deceased or incompetent'),
    writtenRequest: z.boolean().optional().describe('610.100.4: the request was made in writing'),
    relationshipVerified: z.boolean().optional().describe('The relationship to, or representation of, that person was verified'),
    identityVerified: z
      .boolean()
      .optional()
      .describe('Depicted-person route: staff checked that the requester is the person shown or heard in the recording'),
    relationship: FamilyRelationship.optional().describe(
      'First-degree family route: which relative of that person the requester is (only parent or child is within the first degree of consanguinity)',
    ),
    protectedVictimIsSubject: z
      .boolean()
      .optional()
      .describe('610.100.4 routes: the protected victim the recording shows is the requester or the person they act for'),
    victimForOwnProceeding: z
      .boolean()
      .optional()
      .describe(
        'Deprecated (before 2026-12-02): read only as "asks as a victim"; record victimRole, identityVerified, victimMinor and purposeOwnProceeding instead',
      ),
    victimRole: VictimRole.optional().describe(
      '610.105.2: the requester asks as the victim (depicted_person) or as a parent or guardian of a minor victim (guardian)',
    ),
    victimMinor: z.boolean().optional().describe('610.105.2: the victim is a minor (parent-or-guardian route)'),
    purposeOwnProceeding: z.boolean().optional().describe("610.105.2: the records are for use in the victim's own judicial proceeding"),
    nokRank: NokRank.optional().describe('610.205: rank of the next of kin (the requester, or who signed the written release)'),
    noHigherRankLiving: z.boolean().optional().describe('610.205: nobody of a higher rank is living'),
    relationshipProven: z.boolean().optional().describe('610.205: proof of the familial relationship was shown'),
    writtenReleaseOnFile: z.boolean().optional().describe('610.205: the written release from the next of kin is on file'),
  })
  .meta({ id: 'RequesterClaim' });
export type RequesterClaimInput = z.infer<typeof RequesterClaimInput>;

export const RequestInput = z
  .strictObject({
    /** When the request reached the agency, with its offset (the 610.023.3 clock starts from this day). */
    receivedAt: IsoDateTime.describe(
      'When the request reached the agency, with its offset; not after now (a later instant is refused with 400)',
    ),
    requester: z.strictObject({
      name: NonBlank(200),
      kind: RequesterKind,
      contact: Text(300).optional(),
      claim: RequesterClaimInput.optional(),
    }),
    recordingIds: z.array(Id).max(1000).optional(),
    caseNumber: Id.optional(),
    description: NonBlank(4000).optional(),
    /** Physical media wanted (USB drives, discs) for the fee estimate; 0 for electronic delivery. */
    mediaItems: z.number().int().min(0).max(100).default(0),
  })
  .refine((r) => (r.recordingIds?.length ?? 0) > 0 || r.caseNumber !== undefined || r.description !== undefined, {
    message: 'name what is requested: recordingIds, caseNumber and/or description',
    path: ['recordingIds'],
  })
  // The refinement above, as JSON Schema for OpenAPI.
  .meta({
    anyOf: [
      { required: ['recordingIds'], properties: { recordingIds: { minItems: 1 } } },
      { required: ['caseNumber'] },
      { required: ['description'] },
    ],
  });
export type RequestInput = z.infer<typeof RequestInput>;

export const ReviewInput = z
  .strictObject({
    /** Recordings identified as responsive while reviewing (e.g. for a description-only request). */
    recordingIds: z.array(Id).max(1000).optional(),
    note: Text(2000).optional(),
  })
  .default({});
export type ReviewInput = z.infer<typeof ReviewInput>;

/** No `outcome` field: the outcome is derived from the decisions, never typed by the clerk. */
export const RespondInput = z
  .strictObject({
    note: Text(2000).optional(),
    /** Staff minutes spent reviewing/redacting: shown on the fee estimate, never billed. */
    reviewMinutes: z.number().min(0).max(100_000).optional(),
    /**
     * The answer is "no responsive records": said on purpose, since with no recording in scope the
     * response is otherwise refused (a request whose recordings were not yet identified is not answered by accident).
     */
    noResponsiveRecords: z
      .boolean()
      .optional()
      .describe(
        'Answer "no responsive records"; only when no recording is in scope (every one found was marked not responsive, or none was found)',
      ),
  })
  .default({});
export type RespondInput = z.infer<typeof RespondInput>;

/** Recordings found responsive during review: by id and/or every recording linked to a case (its number in any letter case). */
/** Recordings a request names by what they show: a camera, an officer or a unit, and/or a place, over a range of recorded time. */
export const RecordingMatchInput = z
  .strictObject({
    recordedFrom: IsoDateTime.describe('Recorded at or after this instant'),
    recordedTo: IsoDateTime.describe('Recorded before this instant'),
    cameraSerial: Id.optional(),
    officerId: Id.optional(),
    unit: NonBlank(200).optional(),
    place: NonBlank(200).optional().describe("Part of the recording's address, in any letter case (e.g. '18th and Vine')"),
  })
  .refine((m) => m.cameraSerial !== undefined || m.officerId !== undefined || m.unit !== undefined || m.place !== undefined, {
    message: 'name a camera, an officer, a unit or a place as well as the dates',
    path: ['cameraSerial'],
  });
export type RecordingMatchInput = z.infer<typeof RecordingMatchInput>;

export const AddRecordingsInput = z
  .strictObject({
    match: RecordingMatchInput.optional().describe(
      'Every recording of a camera, officer, unit or place over a range of recorded time (at most 1000)',
    ),
    recordingIds: z.array(Id).min(1).max(1000).optional(),
    caseNumber: Id.optional().describe(
      'Every recording linked to this case is added; matched without regard to letter case; an unknown number is refused with the nearest known ones',
    ),
    note: Text(2000).optional(),
  })
  .refine((x) => (x.recordingIds?.length ?? 0) > 0 || x.caseNumber !== undefined || x.match !== undefined, {
    message: 'name the recordings to add, a case number, or a camera, officer, unit or place with dates',
    path: ['recordingIds'],
  })
  .meta({ anyOf: [{ required: ['recordingIds'] }, { required: ['caseNumber'] }, { required: ['match'] }] });
export type AddRecordingsInput = z.infer<typeof AddRecordingsInput>;

/** Recordings in scope that the request does not ask for, with the reason (shown in the history and on the request). */
export const NotResponsiveInput = z.strictObject({
  recordingIds: z.array(Id).min(1).max(1000),
  reason: NonBlank(1000, 5, 'say why these recordings are not responsive (at least 5 characters), without control characters'),
});
export type NotResponsiveInput = z.infer<typeof NotResponsiveInput>;

/** RSMo 610.023.3: a delay needs a detailed explanation of its cause and the earliest date and time of availability. */
export const DelayInput = z.strictObject({
  cause: NonBlank(4000, 10, 'explain the cause of the delay in detail (RSMo 610.023.3), without control characters'),
  availableAt: IsoDateTime,
  place: NonBlank(500)
    .optional()
    .describe(
      "Where the records will be available (RSMo 610.023.3), e.g. the records unit's address or the portal; absent: the custodian of records' address (sunshine.yaml), which the letter then states",
    ),
});
export type DelayInput = z.infer<typeof DelayInput>;

/**
 * A further delay (counsel review finding 7): the stated availability of a delayed or partially
 * answered request cannot be kept, so the custodian gives "a detailed explanation of the cause for
 * further delay and the place and earliest time and date that the record will be available"
 * (RSMo 610.023.3).
 */
export const FurtherDelayInput = z.strictObject({
  cause: NonBlank(4000, 10, 'explain the cause of the further delay in detail (RSMo 610.023.3), without control characters'),
  availableAt: IsoDateTime.describe('The new earliest date and time the records will be available; after now'),
  place: NonBlank(500).describe("Where the records will be available (RSMo 610.023.3), e.g. the records unit's address or the portal"),
});
export type FurtherDelayInput = z.infer<typeof FurtherDelayInput>;

/**
 * A partial or supplemental response (A15): every recording not yet answered is decided now;
 * the decided ones are answered, the rest is delayed with the cause and the earliest date and
 * time it will be available (RSMo 610.023.3).
 */
export const PartialResponseInput = z.strictObject({
  cause: NonBlank(4000, 10, 'explain in detail why the rest cannot be answered yet (RSMo 610.023.3), without control characters'),
  availableAt: IsoDateTime.describe('The earliest date and time the recordings not answered now will be available; after now'),
  place: NonBlank(500)
    .optional()
    .describe(
      "Where the records will be available (RSMo 610.023.3), e.g. the records unit's address or the portal; absent: the custodian of records' address (sunshine.yaml), which the letter then states",
    ),
  note: Text(2000).optional(),
  /** Staff minutes spent reviewing/redacting for this response: shown on the fee estimate, never billed. */
  reviewMinutes: z.number().min(0).max(100_000).optional(),
});
export type PartialResponseInput = z.infer<typeof PartialResponseInput>;

/** A suit about the request served on the agency (RSMo 610.027): its records are put under a litigation hold at once. */
export const SuitInput = z.strictObject({
  /** The suit's case number or other reference. */
  reference: NonBlank(200),
  court: Text(300).optional(),
  servedAt: IsoDateTime.describe('When the suit was served on the agency; not in the future (400)'),
});
export type SuitInput = z.infer<typeof SuitInput>;

/**
 * What the requester has shown, as it stands now (it replaces the claim recorded at intake): the
 * answer to a requester question asked after intake, or a correction. A note says where it came from.
 */
export const ClaimUpdateInput = z.strictObject({
  claim: RequesterClaimInput,
  note: Text(2000).optional(),
});
export type ClaimUpdateInput = z.infer<typeof ClaimUpdateInput>;

export const WithdrawInput = z.strictObject({ note: Text(2000).optional() }).default({});
export type WithdrawInput = z.infer<typeof WithdrawInput>;
