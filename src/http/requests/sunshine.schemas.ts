/** Query and response schemas of the Sunshine due-date calculator (RSMo 610.023.3). */
import { z } from 'zod';
import { IsoDate, IsoDateTime } from '../../engine/facts';

export const DueDateQuery = z.strictObject({
  /** When the request reached (or will reach) the agency: an ISO 8601 instant with its offset. Past or future. */
  receivedAt: IsoDateTime,
});

const Reason = z.object({ ruleId: z.string(), citation: z.string(), text: z.string() });

const SkippedDayView = z
  .object({
    date: IsoDate,
    kind: z.enum(['weekend', 'holiday', 'closure']),
    reason: z.string(),
    citation: z.string().nullable(),
    holidayIds: z.array(z.string()),
  })
  .meta({
    id: 'SunshineSkippedDay',
    description: 'A day after the day of receipt that was not counted, and why (weekend, RSMo 9.010 holiday or its observance, closure).',
  });

export const DueDateView = z
  .object({
    receivedAt: IsoDateTime,
    dueBy: IsoDateTime,
    closeOfBusiness: z.string(),
    zone: z.string(),
    businessDays: z.number().int(),
    receiptDate: IsoDate,
    effectiveReceiptDate: IsoDate,
    countedDays: z.array(IsoDate),
    skippedDays: z.array(SkippedDayView),
    lateReceiptApplied: z.boolean(),
    ruleIds: z.array(z.string()),
    rules: z.array(z.object({ ruleId: z.string(), citation: z.string() })),
    reasons: z.array(Reason),
    rulesVersion: z.string(),
    engineVersion: z.string(),
  })
  .meta({
    id: 'SunshineDueDate',
    description: 'The response deadline for a receipt instant, computed exactly as request intake computes it.',
  });
