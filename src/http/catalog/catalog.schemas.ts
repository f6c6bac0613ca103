/** Query/params/response schemas of the catalog routes (bodies come from the domain schemas). */
import { z } from 'zod';
import { Id } from '../../domain/catalog/catalog.schemas';
import { IsoDateTime } from '../../engine/facts';
import { CHANGE_KINDS } from '../../domain/catalog/upcoming';
import { AsOf, Cursor, Limit, Until } from '../common.schemas';
import { CameraAssignmentEnum, CameraStatusEnum, CategoryEnum, OutcomeEnum, RetentionStatusEnum } from '../vocabulary';

export { PageOf } from '../common.schemas';

export const SerialParams = z.object({ serial: Id });
export const RecordingParams = z.object({ recordingId: Id });
export const IdParams = z.object({ id: Id });
export const CaseParams = z.object({ caseNumber: Id });
export const OrderParams = z.object({ orderNumber: Id });

export const CameraQuery = z.object({
  assignment: CameraAssignmentEnum.optional(),
  unit: z.string().max(100).optional(),
  status: CameraStatusEnum.optional(),
  cursor: Cursor,
  limit: Limit,
});

export const RecordingQuery = z
  .object({
    caseNumber: Id.optional(),
    cameraSerial: Id.optional(),
    officerId: Id.optional(),
    category: CategoryEnum.optional(),
    recordedFrom: IsoDateTime.optional(),
    recordedTo: IsoDateTime.optional(),
    /** The current (stored) retention status, e.g. eligible_for_destruction: the recordings that may be destroyed now. */
    retentionStatus: RetentionStatusEnum.optional(),
    unit: z.string().min(1).max(100).optional(),
    /** Recording ids starting with this, whatever its letter case (bwc-00000007 finds BWC-000000075). Listed in id order. */
    idPrefix: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only, starting with a letter or digit')
      .optional(),
    /** The stored answer for a member of the public (the decision kept on each recording, re-decided when facts or dates change). */
    releaseStatus: OutcomeEnum.optional(),
    /** Retention ends (the stored retain-until) at or after this: with retainUntilTo, the month a dashboard bar counts. */
    retainUntilFrom: IsoDateTime.optional(),
    /** Retention ends before this (exclusive). */
    retainUntilTo: IsoDateTime.optional(),
    /**
     * A retention rule among what blocks the recording's destruction now, e.g. RET-REQUEST-2Y (a
     * Sunshine request: with retentionStatus=indefinite, kept while the request is open) or RET-HOLD.
     */
    blockedBy: z
      .string()
      .regex(/^RET-[A-Z0-9-]{1,60}$/, 'a retention rule id, e.g. RET-REQUEST-2Y')
      .optional(),
    /** id (default), recordedAt (oldest first) or -recordedAt (newest first). A cursor belongs to the order it was issued for. */
    sort: z.enum(['id', 'recordedAt', '-recordedAt']).default('id'),
    cursor: Cursor,
    limit: Limit,
  })
  .refine((q) => !q.recordedFrom || !q.recordedTo || q.recordedFrom <= q.recordedTo, {
    message: 'recordedFrom must not be after recordedTo',
    path: ['recordedFrom'],
  })
  .refine((q) => !q.retainUntilFrom || !q.retainUntilTo || q.retainUntilFrom < q.retainUntilTo, {
    message: 'retainUntilFrom must be before retainUntilTo',
    path: ['retainUntilFrom'],
  })
  .refine((q) => !q.idPrefix || q.sort === 'id', { message: 'an id prefix search is listed in id order (sort=id)', path: ['sort'] });

export const HoldQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  cursor: Cursor,
  limit: Limit,
});

export { CameraView, CaseEventView, CaseView, HoldView, OrderView, RecordingView } from './catalog.responses';

export const UnitList = z.object({ items: z.array(z.string()) }).meta({ id: 'UnitList' });

import { RecordingView } from './catalog.responses';

export const UpcomingChangesQuery = z.object({
  /** Start of the window (default now): an ISO date-time, or a date from the start of that day (Central time). */
  from: AsOf.optional(),
  /** End of the window, exclusive (default 30 days after from): a date takes in that whole day. */
  to: Until.optional(),
  unit: z.string().min(1).max(100).optional(),
  cursor: Cursor,
  limit: Limit,
});

/** The export of a whole window (no paging: the CSV streams every row). */
export const UpcomingChangesCsvQuery = UpcomingChangesQuery.omit({ cursor: true, limit: true });

export const ChangeKindEnum = z.enum(CHANGE_KINDS).meta({ id: 'ChangeKind' });
export const UpcomingChangesView = z
  .object({
    from: IsoDateTime,
    to: IsoDateTime,
    items: z.array(
      z.object({
        reviewAt: IsoDateTime.describe('When the stored answer or retention changes by itself'),
        reasons: z.array(z.object({ kind: ChangeKindEnum, text: z.string() })),
        recording: RecordingView,
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'UpcomingChanges' });
