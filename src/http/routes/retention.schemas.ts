/** Query/body/response schemas of the retention reports and the destruction record. */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { Id, IsoDateTime } from '../../domain/catalog/catalog.schemas';
import { CATEGORIES, LEGAL_ZONE, RETENTION_STATUSES } from '../../engine/facts';
import { AsOf } from '../common.schemas';

/** An instant; a plain date is the start of that day in America/Chicago. */
const startOf = (s: string): Date => DateTime.fromISO(s, { zone: LEGAL_ZONE }).toJSDate();
/** An exclusive upper bound; a plain date includes that whole day (Chicago). */
const endOf = (s: string): Date =>
  s.length === 10 ? DateTime.fromISO(s, { zone: LEGAL_ZONE }).plus({ days: 1 }).toJSDate() : DateTime.fromISO(s, { setZone: true }).toJSDate();

const When = AsOf.transform(startOf);
const Unit = z.string().min(1).max(100);
const Format = z.enum(['json', 'csv']).default('json');

export const RetentionReportQuery = z.strictObject({
  asOf: When.optional(),
  status: z.enum(RETENTION_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  unit: Unit.optional(),
  format: Format,
});

export const RetentionSummaryQuery = z.strictObject({
  asOf: When.optional(),
  status: z.enum(RETENTION_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  unit: Unit.optional(),
  format: z.enum(['html', 'json']).default('html'),
});

export const ConflictsQuery = z.strictObject({ asOf: When.optional(), unit: Unit.optional(), format: Format });
export const BacklogQuery = z.strictObject({ asOf: When.optional(), unit: Unit.optional(), format: Format });

/** `from` inclusive; `to` exclusive, or the whole day when it is a plain date. */
export const DestructionReportQuery = z.strictObject({
  from: When.optional(),
  to: AsOf.transform(endOf).optional(),
  unit: Unit.optional(),
  format: Format,
});

export const DestructionParams = z.object({ recordingId: Id });
export const DestructionBody = z.strictObject({
  /** Who or what authorized it: a records officer's approval, a disposition list number. */
  authority: z.string().trim().min(1).max(500).refine((s) => !/[\u0000-\u001F]/.test(s), 'must not contain control characters'),
  /** When the evidence system deleted the media. */
  performedAt: IsoDateTime,
});

const Json = z.record(z.string(), z.unknown());
export const RetentionReportView = Json.meta({ id: 'RetentionReport', description: 'Streamed: {asOf, rulesVersion, filters, rows[], summary}' });
export const RetentionSummaryView = Json.meta({ id: 'RetentionSummary' });
export const ConflictsView = Json.meta({ id: 'RetentionConflicts' });
export const BacklogView = Json.meta({ id: 'ClassificationBacklog' });
export const DestructionReportView = Json.meta({ id: 'DestructionReport' });
