/** Query and response schemas of the report of recordings linked to case numbers not in the catalog. */
import { z } from 'zod';
import { Outcome, RetentionStatus } from '../../engine/facts';

export const UnknownCasesQuery = z.strictObject({
  unit: z.string().min(1).max(100).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const Iso = z.string();
const Counts = z.record(z.string(), z.number().int());

const UnknownCaseRowView = z.object({
  recordingId: z.string(),
  unit: z.string(),
  officerId: z.string(),
  cameraSerial: z.string(),
  category: z.string(),
  recordedAt: Iso,
  caseNumbers: z.array(z.string()),
  unknownCaseNumbers: z.array(z.string()).describe('The linked case numbers the catalog does not hold'),
  releaseOutcome: Outcome.nullable(),
  retentionStatus: RetentionStatus.nullable(),
});

export const UnknownCasesView = z
  .object({
    asOf: Iso,
    filters: z.record(z.string(), z.string()).describe('The filters the report was asked for'),
    rows: z.array(UnknownCaseRowView),
    summary: z.object({
      asOf: Iso,
      total: z.number().int().describe('Recordings listed'),
      unknownCases: z.number().int().describe('Distinct unknown case numbers among them'),
      byCase: Counts,
      byUnit: Counts,
    }),
  })
  .meta({ id: 'UnknownCasesReport', description: 'Streamed JSON; format=csv gives the rows as CSV' });
