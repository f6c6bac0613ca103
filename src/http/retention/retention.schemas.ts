/** Query/body/response schemas of the retention reports and the destruction record. */
import { z } from 'zod';
import { Id, NonBlank } from '../../domain/catalog/catalog.schemas';
import { CONFLICT_KINDS } from '../../domain/retention/conflicts.service';
import { IsoDateTime, RETENTION_REVIEW_AUTHORITIES, RETENTION_STATUSES, Reason } from '../../engine/facts';
import { AsOf, AsOfDay, Cursor, Limit, Until } from '../common.schemas';
import { CategoryEnum, RetentionStatusEnum } from '../vocabulary';

const Unit = z.string().min(1).max(100);
const Format = z.enum(['json', 'csv']).default('json');

export const RetentionReportQuery = z.strictObject({
  asOf: AsOfDay.optional(),
  status: RetentionStatusEnum.optional(),
  category: CategoryEnum.optional(),
  unit: Unit.optional(),
  format: Format,
});

export const RetentionSummaryQuery = z.strictObject({
  asOf: AsOfDay.optional(),
  status: RetentionStatusEnum.optional(),
  category: CategoryEnum.optional(),
  unit: Unit.optional(),
  format: z.enum(['html', 'json']).default('html'),
});

export const ConflictsQuery = z.strictObject({ asOf: AsOfDay.optional(), unit: Unit.optional(), format: Format });
/** The dashboard's paged list of recordings blocked after their schedule ran (at now only). */
export const BlockedQuery = z.strictObject({ unit: Unit.optional(), cursor: Cursor, limit: Limit });
export const BacklogQuery = z.strictObject({ asOf: AsOfDay.optional(), unit: Unit.optional(), format: Format });
/** The dashboard's paged list of the classification backlog. */
export const UnclassifiedQuery = z.strictObject({ asOf: AsOfDay.optional(), unit: Unit.optional(), cursor: Cursor, limit: Limit });

/** `from` inclusive; `to` exclusive, or the whole day when it is a plain date. */
export const DestructionReportQuery = z.strictObject({
  from: AsOf.optional(),
  to: Until.optional(),
  unit: Unit.optional(),
  format: Format,
});

export const DestructionParams = z.object({ recordingId: Id });
export const DestructionBody = z.strictObject({
  /** Who or what authorized it: a records officer's approval, a disposition list number. */
  authority: NonBlank(500).trim(),
  /** When the evidence system deleted the media. */
  performedAt: IsoDateTime.describe(
    "When the evidence system deleted the media: not before the recording's recordedAt (400) and not in the future",
  ),
});

// Streamed JSON reports: `{...head, rows: [...], summary: {...}}` (report-format.ts); the CSV carries the rows only.
const Iso = z.string();
const Counts = z.record(z.string(), z.number().int());
const ByStatus = z.object(
  Object.fromEntries(RETENTION_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof RETENTION_STATUSES)[number], z.ZodNumber>,
);
const Filters = z.record(z.string(), z.string()).describe('The filters the report was asked for');
const RecordingRow = {
  recordingId: z.string(),
  unit: z.string(),
  officerId: z.string(),
  cameraSerial: z.string(),
  category: z.string(),
  recordedAt: Iso,
  caseNumbers: z.array(z.string()),
};

export const RetentionSummaryView = z
  .object({
    asOf: Iso,
    rulesVersion: z.string(),
    filters: Filters,
    total: z.number().int(),
    recomputed: z.number().int().describe('Rows whose status was computed for this report (asOf given, or stored state out of date)'),
    byStatus: ByStatus,
    byStatusCategory: z.object(
      Object.fromEntries(RETENTION_STATUSES.map((s) => [s, Counts])) as Record<(typeof RETENTION_STATUSES)[number], typeof Counts>,
    ),
    byUnit: z.record(z.string(), z.object({ total: z.number().int(), byStatus: ByStatus })),
    eligibleByMonth: z.array(z.object({ month: z.string(), count: z.number().int() })),
    keptWhileRequestOpen: z
      .number()
      .int()
      .describe('Of the recordings kept indefinitely, those an open Sunshine request protects (retention rule RET-REQUEST-2Y)'),
  })
  .meta({ id: 'RetentionSummary' });

export const RetentionReportView = z
  .object({
    asOf: Iso,
    rulesVersion: z.string(),
    filters: Filters,
    rows: z.array(
      z.object({
        ...RecordingRow,
        status: RetentionStatusEnum,
        retainUntil: Iso.nullable(),
        blockers: z.array(z.string()).describe('Rule ids of what blocks destruction now'),
        ruleIds: z.array(z.string()),
        rulesVersion: z.string(),
        decidedAt: Iso,
        source: z.enum(['stored', 'computed']),
        destroyedAt: Iso.nullable(),
      }),
    ),
    summary: RetentionSummaryView,
  })
  .meta({ id: 'RetentionReport', description: 'Streamed JSON; format=csv gives the rows as CSV' });

const ConflictRowView = z.object({
  kind: z.enum(CONFLICT_KINDS),
  recordingId: z.string(),
  unit: z.string(),
  officerId: z.string(),
  category: z.string(),
  recordedAt: Iso,
  caseNumbers: z.array(z.string()),
  status: RetentionStatusEnum,
  storedStatus: RetentionStatusEnum.nullable(),
  scheduleRetainUntil: Iso.nullable(),
  retainUntil: Iso.nullable(),
  blockers: z.array(Reason),
});

export const ConflictsView = z
  .object({
    asOf: Iso,
    integrityCheckedAt: Iso,
    rulesVersion: z.string(),
    filters: Filters,
    rows: z.array(ConflictRowView),
    summary: z.object({
      asOf: Iso,
      integrityCheckedAt: Iso,
      scanned: z.number().int(),
      total: z.number().int(),
      byKind: z.record(z.enum(CONFLICT_KINDS), z.number().int()),
      byBlocker: Counts,
    }),
  })
  .meta({ id: 'RetentionConflicts', description: 'Streamed JSON; format=csv gives the rows as CSV' });

export const BlockedPageView = z
  .object({
    asOf: Iso,
    rulesVersion: z.string(),
    total: z
      .number()
      .int()
      .describe(
        'Recordings whose stored state says the schedule alone has let them go while something blocks them; each row of a page is checked against the facts now, and one no longer blocked after its schedule is left out (so a page can be shorter than the limit)',
      ),
    totalExact: z
      .boolean()
      .describe('False when there are more than `total`: the list is counted up to 10,000 (the conflicts report counts them all)'),
    items: z.array(ConflictRowView),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'RetentionBlockedPage' });

const BacklogRowView = z.object({
  recordingId: z.string(),
  unit: z.string(),
  officerId: z.string(),
  cameraSerial: z.string(),
  recordedAt: Iso,
  ageDays: z.number().int(),
  status: RetentionStatusEnum.nullable(),
});

export const BacklogView = z
  .object({
    asOf: Iso,
    olderThanDays: z.number().int(),
    filters: Filters,
    rows: z.array(BacklogRowView),
    summary: z.object({
      asOf: Iso,
      olderThanDays: z.number().int(),
      total: z.number().int(),
      byUnit: Counts,
      byOfficer: Counts,
      oldestRecordedAt: Iso.nullable(),
    }),
  })
  .meta({ id: 'ClassificationBacklog', description: 'Streamed JSON; format=csv gives the rows as CSV' });

export const UnclassifiedPageView = z
  .object({
    asOf: Iso,
    olderThanDays: z.number().int(),
    total: z.number().int().describe('Recordings in the backlog (unit filter applied)'),
    items: z.array(BacklogRowView),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ClassificationBacklogPage' });

export const DestructionReportView = z
  .object({
    from: Iso.nullable(),
    to: Iso.nullable(),
    rulesVersion: z.string(),
    filters: Filters,
    rows: z.array(
      z.object({
        ...RecordingRow,
        performedAt: Iso,
        destructionRecordedAt: Iso,
        by: z.string(),
        authority: z.string(),
        governingRuleId: z.string().nullable(),
        ruleIds: z.array(z.string()),
        retainUntil: Iso.nullable(),
        eligibleWhenPerformed: z.boolean(),
        blockersWhenPerformed: z.array(z.string()),
      }),
    ),
    summary: z.object({
      from: Iso.nullable(),
      to: Iso.nullable(),
      total: z.number().int(),
      byUnit: Counts,
      byGoverningRule: Counts,
      early: z.number().int(),
    }),
  })
  .meta({ id: 'DestructionReport', description: 'Streamed JSON; format=csv gives the rows as CSV' });

/** A recorded manual review releasing a closed record to its normal retention (A17, RSMo 610.120.1). */
export const RetentionReviewView = z
  .object({
    reviewId: z.string(),
    recordingId: z.string(),
    authority: z.enum(RETENTION_REVIEW_AUTHORITIES),
    citation: z.string(),
    reason: z.string(),
    reviewedAt: Iso,
    reviewedBy: z.string(),
    recordedAt: Iso,
  })
  .meta({ id: 'RetentionReview' });
export type RetentionReviewView = z.infer<typeof RetentionReviewView>;
export const RetentionReviewList = z.object({ items: z.array(RetentionReviewView) });
